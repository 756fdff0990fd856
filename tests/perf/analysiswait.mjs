// How long the toolbar's worker computations take to arrive on a graph, as a user sees them:
// opens the app (its own data unless GRAPH is given) in headless Chromium, waits for the layout,
// then times, through Playwright, a size-by-degree choice until the canvas says the measure
// has come (`data-analysed~="degree"`) and a hierarchy choice until its transition starts
// (`data-transition="running"`). Both are computed in a worker started for each (`src/analysis.rs`),
// so this is mostly the worker's start. Not part of `cargo xtask test` (timings belong to
// benchmarks, not tests).
//
//   node tests/perf/analysiswait.mjs dist 5
//   node tests/perf/analysiswait.mjs dist 3 /tmp/peerbench/graphs/ba-10000.json
import path from 'node:path';
import { launch } from '../e2e/browser.mjs';
import { serve } from '../e2e/serve.mjs';

const [dist, runs = '5', graph] = process.argv.slice(2);
if (!dist) {
  console.error('usage: node tests/perf/analysiswait.mjs DIST [RUNS] [GRAPH.json]');
  process.exit(2);
}
const mounts = { '/': path.resolve(dist) };
if (graph) mounts['/graph/'] = path.dirname(path.resolve(graph));
const server = await serve({ mounts });
const query = graph ? `?lang=en&data=graph/${path.basename(graph)}` : '?lang=en';
const browser = await launch();
const rows = [];
for (let i = 0; i < Number(runs); i++) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${server.url}/${query}`);
  await page.waitForSelector('#graph-canvas[data-layout="done"]', { timeout: 180000 });
  const t0 = Date.now();
  await page.selectOption('#size-by', 'degree');
  await page.waitForSelector('#graph-canvas[data-analysed~="degree"]', { timeout: 60000 });
  const t1 = Date.now();
  await page.selectOption('#arrangement', 'hierarchy');
  await page.waitForSelector('#graph-canvas[data-transition="running"]', { timeout: 60000 });
  rows.push({ degreeMs: t1 - t0, hierarchyMs: Date.now() - t1 });
  await page.close();
}
await browser.close();
await server.close();
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(JSON.stringify({ runs: rows, degreeMedianMs: median(rows.map((r) => r.degreeMs)), hierarchyMedianMs: median(rows.map((r) => r.hierarchyMs)) }));
