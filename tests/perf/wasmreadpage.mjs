// The bare reader (`crates/kg-core/examples/read_wasm.rs`, as `wasmread.mjs` times it in Node)
// timed in a page of headless Chromium instead: each round opens a fresh browser (the module's
// code cold, as on a page load) and reads the graph once, modules in a random order; prints each
// module's median and every time. `JS_FLAGS` passes V8 flags to Chromium, e.g.
// `--liftoff-only` (no optimising compiles beside the reading) or `--wasm-tiering-budget=N`.
// Not part of `cargo xtask test` (timings belong to benchmarks, not tests).
//
//   RUSTC_BOOTSTRAP=1 cargo build --release -p kg-core --example read_wasm --target wasm32-unknown-unknown
//   cp target/wasm32-unknown-unknown/release/examples/read_wasm.wasm /tmp/before.wasm
//   node tests/perf/wasmreadpage.mjs /tmp/peerbench/graphs/ba-10000.json 9 /tmp/before.wasm
//   JS_FLAGS=--liftoff-only node tests/perf/wasmreadpage.mjs /tmp/peerbench/graphs/ba-10000.json 9 /tmp/before.wasm

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../e2e/browser.mjs';
import { serve } from '../e2e/serve.mjs';

const [graph, rounds, ...modules] = process.argv.slice(2);
if (!graph || !Number(rounds) || modules.length < 1) {
  console.error('usage: node tests/perf/wasmreadpage.mjs GRAPH.json ROUNDS A.wasm [B.wasm …]');
  process.exit(2);
}
// The page at `/`, the graph's folder at `/graph/`, module `i`'s folder at `/m{i}/`.
const mounts = { '/': path.join(path.dirname(fileURLToPath(import.meta.url)), 'wasmreadpage'), '/graph/': path.dirname(path.resolve(graph)) };
modules.forEach((m, i) => { mounts[`/m${i}/`] = path.dirname(path.resolve(m)); });
const server = await serve({ mounts });
const at = (prefix, file) => `${prefix}${encodeURIComponent(path.basename(file))}`;
const flags = process.env.JS_FLAGS ? [`--js-flags=${process.env.JS_FLAGS}`] : [];
const times = modules.map(() => []);
let records = null;
for (let round = 0; round < Number(rounds); round++) {
  for (const i of modules.map((_, k) => k).sort(() => Math.random() - 0.5)) {
    const browser = await launch(flags);
    try {
      const page = await browser.newPage();
      await page.goto(`${server.url}/?wasm=${at(`/m${i}/`, modules[i])}&graph=${at('/graph/', graph)}`);
      const result = await (await page.waitForFunction(() => window.__result)).jsonValue();
      if (result.records === 0 || (records !== null && result.records !== records)) throw new Error(`${modules[i]} read ${result.records} records`);
      records = result.records;
      times[i].push(result.ms);
    } finally {
      await browser.close();
    }
  }
}
modules.forEach((m, i) => {
  const sorted = [...times[i]].sort((a, b) => a - b);
  console.log(JSON.stringify({ module: m, flags: process.env.JS_FLAGS ?? '', records, rounds: sorted.length, medianMs: Math.round(sorted[sorted.length >> 1] * 10) / 10, ms: times[i].map((t) => Math.round(t * 10) / 10) }));
});
await server.close();
