// How long the reader worker (files in other formats, `src/reader_worker.rs`) takes to start and
// to answer: from `new Worker('reader-worker.js')` to its `ready`, and to its answer for a file,
// in fresh headless Chromiums (as peerbench opens pages). Not part of `cargo xtask test` (timings
// belong to benchmarks, not tests).
//
//   cargo xtask build
//   node tests/perf/readerworker.mjs dist tests/e2e/fixtures/seed.graphml 5
//   cargo run --release --bin kg -- convert /tmp/peerbench/graphs/ba-10000.json --to graphml --out /tmp/g10k.graphml
//   node tests/perf/readerworker.mjs dist /tmp/g10k.graphml 5
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch } from '../e2e/browser.mjs';
import { serve } from '../e2e/serve.mjs';

const [dist, file, runs = '5'] = process.argv.slice(2);
if (!dist || !file) {
  console.error('usage: node tests/perf/readerworker.mjs DIST FILE [RUNS]');
  process.exit(2);
}
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kgviz-reader-'));
fs.copyFileSync(file, path.join(folder, 'graph'));
const server = await serve({ mounts: { '/': path.resolve(dist), '/file/': folder } });
for (let i = 0; i < Number(runs); i++) {
  const browser = await launch();
  const page = await browser.newPage();
  await page.goto(`${server.url}/favicon.svg`);
  const times = await page.evaluate(async () => {
    const text = await (await fetch('/file/graph')).text();
    const started = performance.now();
    const worker = new Worker('/reader-worker.js');
    const times = {};
    await new Promise((resolve) => {
      worker.onmessage = (e) => {
        if (e.data.type === 'ready') {
          times.readyMs = Math.round(performance.now() - started);
          worker.postMessage({ type: 'read', text, maxBytes: 2e8 });
        } else {
          times.answerMs = Math.round(performance.now() - started);
          times.documentBytes = e.data.document?.length ?? 0;
          resolve();
        }
      };
    });
    worker.terminate();
    return times;
  });
  console.log(JSON.stringify({ file: path.basename(file), ...times }));
  await browser.close();
}
await server.close();
fs.rmSync(folder, { recursive: true, force: true });
