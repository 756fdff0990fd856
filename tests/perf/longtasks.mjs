// Measures main-thread stalls while the app loads a graph and lays it out: every long task
// (over 50 ms, from the browser's PerformanceObserver) in the first N seconds, in headless
// Chromium. Not part of `cargo xtask test` (timings belong to benchmarks, not tests).
//
//   cargo xtask build
//   cargo run --release --bin kg -- generate --nodes 100000 --seed 1 --out /tmp/g100k.json
//   node tests/perf/longtasks.mjs dist /tmp/g100k.json 15
//   node tests/perf/longtasks.mjs dist /tmp/g1m.json 60 'max-mb=300'   (extra query parameters)
import path from 'node:path';
import { launch } from '../e2e/browser.mjs';
import { serve } from '../e2e/serve.mjs';

const [dist = 'dist', graph, seconds = '15', extra = ''] = process.argv.slice(2);
if (!graph) {
  console.error('usage: node tests/perf/longtasks.mjs DIST GRAPH.json [SECONDS]');
  process.exit(2);
}
const server = await serve({ mounts: { '/': path.resolve(dist), '/graph/': path.dirname(path.resolve(graph)) } });
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.addInitScript(() => {
  window.__long = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__long.push([Math.round(e.startTime), Math.round(e.duration)]);
  }).observe({ type: 'longtask', buffered: true });
});
const started = Date.now();
await page.goto(`${server.url}/?lang=en&data=graph/${encodeURIComponent(path.basename(graph))}${extra ? `&${extra}` : ''}`);
const crashed = new Promise((resolve) => page.on('crash', () => resolve('crashed')));
const drawn = page.waitForSelector('#graph-canvas[data-drawn]', { timeout: 300000 }).then(() => 'drawn');
if ((await Promise.race([drawn, crashed])) === 'crashed') {
  console.log(JSON.stringify({ graph: path.basename(graph), crashed: true, afterMs: Date.now() - started }));
  process.exit(1);
}
const firstFrame = Date.now() - started;
await page.waitForTimeout(Number(seconds) * 1000);
const long = await page.evaluate(() => window.__long);
const canvas = await page.$eval('#graph-canvas', (c) => ({ ...c.dataset }));
const sorted = long.map(([, d]) => d).sort((a, b) => a - b);
const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
console.log(JSON.stringify({
  graph: path.basename(graph),
  firstFrameMs: firstFrame,
  layoutIterations: Number(canvas.layoutIteration ?? 0),
  renderer: canvas.renderer,
  lod: canvas.lod,
  longTasks: long.length,
  longestMs: sorted.at(-1) ?? 0,
  medianLongMs: q(0.5),
  p90LongMs: q(0.9),
  over100ms: sorted.filter((d) => d > 100).length,
  tasks: long,
}, null, 1));
await browser.close();
await server.close();
