// How long the toolbar's worker computations take to arrive on a graph, as a user sees them:
// opens the app (its own data unless GRAPH is given) in headless Chromium, waits for the layout,
// then times, through Playwright, a size-by-degree choice until the canvas says the measure
// has come (`data-analysed~="degree"`) and a hierarchy choice until its transition starts
// (`data-transition="running"`). Both are computed in a worker (`src/analysis.rs`). As a person
// does, the pointer first comes to each control, HOVER_MS (300) before the choice, which starts
// a worker ahead (`worker_job::prepare`); the times are from the choice. HOVER_MS=0 chooses
// without the pointer (a worker then starts at the choice, ~200 ms on the seed). Not part of
// `cargo xtask test` (timings belong to benchmarks, not tests).
//
//   node tests/perf/analysiswait.mjs dist 5
//   HOVER_MS=0 node tests/perf/analysiswait.mjs dist 5
//   node tests/perf/analysiswait.mjs dist 3 /tmp/peerbench/graphs/ba-10000.json
import { launch } from '../e2e/browser.mjs';
import { serveApp } from './builds.mjs';

const [dist, runs = '5', graph] = process.argv.slice(2);
const hoverMs = Number(process.env.HOVER_MS ?? 300);
if (!dist) {
  console.error('usage: node tests/perf/analysiswait.mjs DIST [RUNS] [GRAPH.json]');
  process.exit(2);
}
const { server, url } = await serveApp(dist, graph);
const browser = await launch();
const rows = [];
for (let i = 0; i < Number(runs); i++) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  await page.waitForSelector('#graph-canvas[data-layout="done"]', { timeout: 180000 });
  const pointTo = async (selector) => {
    if (hoverMs > 0) {
      await page.hover(selector);
      await page.waitForTimeout(hoverMs);
    }
  };
  await pointTo('#size-by');
  const t0 = Date.now();
  await page.selectOption('#size-by', 'degree');
  await page.waitForSelector('#graph-canvas[data-analysed~="degree"]', { timeout: 60000 });
  const degreeMs = Date.now() - t0;
  await pointTo('#arrangement');
  const t1 = Date.now();
  await page.selectOption('#arrangement', 'hierarchy');
  await page.waitForSelector('#graph-canvas[data-transition="running"]', { timeout: 60000 });
  rows.push({ degreeMs, hierarchyMs: Date.now() - t1 });
  await page.close();
}
await browser.close();
await server.close();
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(JSON.stringify({ runs: rows, degreeMedianMs: median(rows.map((r) => r.degreeMs)), hierarchyMedianMs: median(rows.map((r) => r.hierarchyMs)) }));
