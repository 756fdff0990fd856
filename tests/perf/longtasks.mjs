// Measures main-thread stalls while the app loads a graph and lays it out: every long task
// (over 50 ms, from the browser's PerformanceObserver) in the first N seconds, then while a
// person searches, hovers, zooms, pans and clicks, in headless Chromium. Not part of `cargo xtask test` (timings belong to benchmarks, not tests).
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
// Then what a person does: search, hover, zoom, pan, click (long tasks counted apart).
const interactFrom = await page.evaluate(() => performance.now());
// When each step began (page time), to tell which step a long task belongs to.
const steps = [];
const step = async (name) => steps.push([name, Math.round(await page.evaluate(() => performance.now()))]);
await step('type');
await page.click('#search');
await page.keyboard.type('李明', { delay: 120 });
await page.waitForTimeout(300);
await step('enter');
await page.keyboard.press('Enter');
await page.waitForTimeout(500);
const box = await page.locator('#graph-canvas').boundingBox();
await step('hover');
for (let i = 0; i < 10; i++) await page.mouse.move(box.x + 200 + i * 40, box.y + 200 + i * 20, { steps: 2 });
await step('wheel');
await page.mouse.wheel(0, -400);
await page.waitForTimeout(300);
await step('drag');
await page.mouse.move(box.x + 400, box.y + 300);
await page.mouse.down();
await page.mouse.move(box.x + 300, box.y + 250, { steps: 10 });
await page.mouse.up();
await step('click');
await page.mouse.click(box.x + 500, box.y + 350);
await page.waitForTimeout(1000);
await step('end');
const all = await page.evaluate(() => window.__long);
const long = all.filter(([start]) => start < interactFrom);
const interaction = all.filter(([start]) => start >= interactFrom);
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
  interactionLongTasks: interaction.length,
  interactionLongestMs: Math.max(0, ...interaction.map(([, d]) => d)),
  interactionOver100ms: interaction.filter(([, d]) => d > 100).length,
  tasks: long,
  interactionTasks: interaction,
  interactionSteps: steps,
}, null, 1));
await browser.close();
await server.close();
