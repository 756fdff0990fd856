// Measures load to first frame, the way peerbench does (`window.__bench.load.firstFrameMs`: ms
// from navigation start to two animation frames after the first draw, the page opened and polled
// as peerbench's run.mjs does), for one graph, in a fresh headless Chromium each run; prints each run and the median, with the wasm memory after loading.
// Not part of `cargo xtask test` (timings belong to benchmarks, not tests).
//
//   cargo xtask build
//   node tests/perf/firstframe.mjs dist data/jiaxing-2023-03-17.json 9     # the seed graph
//   node tests/perf/firstframe.mjs dist /tmp/peerbench/graphs/ba-10000.json 5
import path from 'node:path';
import { launch } from '../e2e/browser.mjs';
import { serve } from '../e2e/serve.mjs';

const [dist = 'dist', graph, runs = '5'] = process.argv.slice(2);
if (!graph) {
  console.error('usage: node tests/perf/firstframe.mjs DIST GRAPH.json [RUNS]');
  process.exit(2);
}
const server = await serve({ mounts: { '/': path.resolve(dist), '/graph/': path.dirname(path.resolve(graph)) } });
const results = [];
for (let r = 0; r < Number(runs); r++) {
  const browser = await launch();
  // As peerbench's run.mjs opens a target: a fresh context, the network domain on, the page's
  // load event, then the status polled every 100 ms (polling on every animation frame would run
  // the driver's script in the page while it starts).
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await page.goto(`${server.url}/?graph=${server.url}/graph/${encodeURIComponent(path.basename(graph))}`, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__bench && window.__bench.status !== 'loading', null, { polling: 100, timeout: 300000 });
  const run = await page.evaluate(() => ({
    status: window.__bench.status,
    error: window.__bench.error,
    firstFrameMs: Math.round(window.__bench.load?.firstFrameMs ?? NaN),
    nodes: window.__bench.load?.nodes,
    edges: window.__bench.load?.edges,
    wasmMB: Math.round((window.__bench.memory?.().bytes ?? 0) / 1e5) / 10,
  }));
  console.log(JSON.stringify(run));
  results.push(run.firstFrameMs);
  await browser.close();
}
results.sort((a, b) => a - b);
console.log(JSON.stringify({ graph: path.basename(graph), runs: results.length, medianFirstFrameMs: results[Math.floor(results.length / 2)], minMs: results[0], maxMs: results.at(-1) }));
await server.close?.();
process.exit(0);
