// What the worker started ahead (`src/worker_job.rs`: `prepare`, when the pointer or the focus
// comes to the toolbar) costs in memory while it waits: opens the app (its own data unless GRAPH
// is given) in headless Chromium, waits for the layout and a moment more, reads the resident
// memory of the renderer processes, points at the toolbar, waits 2 s (the worker has loaded and
// idles), and reads it again. The renderer processes are found with `ps` (every Chromium
// renderer on the machine: run nothing else meanwhile). Not part of `cargo xtask test`
// (measurements belong to benchmarks, not tests).
//
//   node tests/perf/workerahead.mjs dist 3
import { execFileSync } from 'node:child_process';
import { launch } from '../e2e/browser.mjs';
import { serveApp } from './builds.mjs';

const [dist, runs = '3', graph] = process.argv.slice(2);
if (!dist) {
  console.error('usage: node tests/perf/workerahead.mjs DIST [RUNS] [GRAPH.json]');
  process.exit(2);
}
const { server, url } = await serveApp(dist, graph);
/** The resident memory of every Chromium renderer process, in KB. */
const rendererKB = () => execFileSync('ps', ['-eo', 'rss=,args='])
  .toString()
  .split('\n')
  .filter((line) => line.includes('--type=renderer'))
  .reduce((sum, line) => sum + Number(line.trim().split(/\s+/)[0]), 0);
for (let i = 0; i < Number(runs); i++) {
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  await page.waitForSelector('#graph-canvas[data-layout="done"]', { timeout: 180000 });
  await page.waitForTimeout(1500);
  const before = rendererKB();
  await page.hover('#size-by');
  await page.waitForTimeout(2000);
  const after = rendererKB();
  console.log(JSON.stringify({ beforeKB: before, afterKB: after, workerAheadKB: after - before }));
  await browser.close();
}
await server.close();
