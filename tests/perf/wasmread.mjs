// Times the graph reader (`kg_core::sliced`) compiled to WebAssembly in V8, outside the browser:
// each round instantiates every given module afresh (so its code starts cold, as on a page load)
// and reads the graph once with it, in a random order; prints each module's first, median and
// best time. With `node --liftoff-only` every round runs in V8's baseline tier, where the page
// runs most of a large file's reading (it reads each file once): the steadiest comparison of
// two versions of the reader this machine gives. Not part of `cargo xtask test`.
//
//   RUSTC_BOOTSTRAP=1 cargo build --release -p kg-core --example read_wasm --target wasm32-unknown-unknown
//   (RUSTC_BOOTSTRAP=1 as in the app's build: kg-core's build.rs then compiles its hottest
//   reading functions for speed, as the app has them)
//   cp target/wasm32-unknown-unknown/release/examples/read_wasm.wasm /tmp/after.wasm
//   (the same at the commit to compare with, into /tmp/before.wasm)
//   node --liftoff-only tests/perf/wasmread.mjs /tmp/peerbench/graphs/ba-100000.json 5 /tmp/before.wasm /tmp/after.wasm
//   node tests/perf/wasmread.mjs /tmp/peerbench/graphs/ba-100000.json 8 /tmp/before.wasm /tmp/after.wasm

import fs from 'node:fs';

const [graph, rounds, ...modules] = process.argv.slice(2);
if (!graph || !Number(rounds) || modules.length < 1) {
  console.error('usage: node [--liftoff-only] tests/perf/wasmread.mjs GRAPH.json ROUNDS A.wasm [B.wasm …]');
  process.exit(2);
}
const bytes = fs.readFileSync(graph);
const code = modules.map((m) => fs.readFileSync(m));
const times = modules.map(() => []);
let records = null;
for (let round = 0; round < Number(rounds); round++) {
  const order = modules.map((_, i) => i).sort(() => Math.random() - 0.5);
  for (const i of order) {
    const { instance } = await WebAssembly.instantiate(code[i], {});
    const { input, read, memory } = instance.exports;
    const at = input(bytes.length);
    new Uint8Array(memory.buffer, at, bytes.length).set(bytes);
    const started = performance.now();
    const n = read();
    times[i].push(performance.now() - started);
    if (n === 0 || (records !== null && n !== records)) throw new Error(`${modules[i]} read ${n} records (expected ${records ?? 'more than 0'})`);
    records = n;
  }
}
const ms = (v) => Math.round(v);
modules.forEach((m, i) => {
  const sorted = [...times[i]].sort((a, b) => a - b);
  console.log(JSON.stringify({ module: m, records, rounds: sorted.length, firstMs: ms(times[i][0]), medianMs: ms(sorted[sorted.length >> 1]), bestMs: ms(sorted[0]) }));
});
