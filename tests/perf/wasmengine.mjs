// Times a step of the page's work on a large graph compiled to WebAssembly in V8, outside the
// browser: `adjacency` (`Adjacency::from_pairs`, once per view), `presentation`
// (`Presentation::new`, part of making the scene), `positions` (the standard initial positions)
// or `raster` (a frame rasterized at 1280 × 800 in bands, as the page draws a large graph). Each round instantiates every given module
// afresh (its code starts cold, as on a page load), generates the graph of N nodes in it, and
// times the step alone, modules in a random order; prints each module's first, median and best
// time. Not part of `cargo xtask test`.
//
//   RUSTC_BOOTSTRAP=1 cargo build --release -p kg-core --example engine_wasm --target wasm32-unknown-unknown
//   (RUSTC_BOOTSTRAP=1 as in the app's build: kg-core's build.rs then compiles its hottest
//   reading functions for speed, as the app has them)
//   cp target/wasm32-unknown-unknown/release/examples/engine_wasm.wasm /tmp/after.wasm
//   (the same at the commit to compare with, into /tmp/before.wasm)
//   node tests/perf/wasmengine.mjs adjacency 100000 7 /tmp/before.wasm /tmp/after.wasm
//   node --liftoff-only tests/perf/wasmengine.mjs presentation 100000 5 /tmp/before.wasm /tmp/after.wasm
//   node --liftoff-only tests/perf/wasmengine.mjs raster 10000 9 /tmp/before.wasm /tmp/after.wasm
import fs from 'node:fs';

const [step, nodes, rounds, ...modules] = process.argv.slice(2);
if (!['adjacency', 'presentation', 'positions', 'raster'].includes(step) || !Number(nodes) || !Number(rounds) || modules.length < 1) {
  console.error('usage: node [--liftoff-only] tests/perf/wasmengine.mjs adjacency|presentation|positions|raster NODES ROUNDS A.wasm [B.wasm …]');
  process.exit(2);
}
const code = modules.map((m) => fs.readFileSync(m));
const times = modules.map(() => []);
let answer = null;
for (let round = 0; round < Number(rounds); round++) {
  const order = modules.map((_, i) => i).sort(() => Math.random() - 0.5);
  for (const i of order) {
    const { instance } = await WebAssembly.instantiate(code[i], {});
    instance.exports.prepare(Number(nodes));
    const started = performance.now();
    const got = instance.exports[step]();
    times[i].push(performance.now() - started);
    if (!got || (answer !== null && got !== answer)) throw new Error(`${modules[i]} gave ${got} (expected ${answer ?? 'more than 0'})`);
    answer = got;
  }
}
const ms = (v) => Math.round(v * 10) / 10;
modules.forEach((m, i) => {
  const sorted = [...times[i]].sort((a, b) => a - b);
  console.log(JSON.stringify({ module: m, step, check: answer, rounds: sorted.length, firstMs: ms(times[i][0]), medianMs: ms(sorted[sorted.length >> 1]), bestMs: ms(sorted[0]) }));
});
