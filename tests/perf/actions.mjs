// Measures main-thread stalls of what a person does with the toolbar and the panels on a large
// graph: every long task (over 50 ms) after each action (filters, time bar, list view, role
// collapsing, sizing by each centrality, colouring by community, each layout, a path, a
// double-click, the keyboard, an SVG export), in headless
// Chromium. Not part of `cargo xtask test` (timings belong to benchmarks, not tests).
//
//   cargo xtask build
//   cargo run --release --bin kg -- generate --nodes 100000 --seed 1 --out /tmp/g100k.json
//   node tests/perf/actions.mjs dist /tmp/g100k.json
import path from 'node:path';
import { launch } from '../e2e/browser.mjs';
import { serve } from '../e2e/serve.mjs';
const [dist = 'dist', graph] = process.argv.slice(2);
if (!graph) {
  console.error('usage: node tests/perf/actions.mjs DIST GRAPH.json');
  process.exit(2);
}
const server = await serve({ mounts: { '/': path.resolve(dist), '/graph/': path.dirname(path.resolve(graph)) } });
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.addInitScript(() => { window.__long = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask', buffered: true }); });
await page.goto(`${server.url}/?lang=en&data=graph/${path.basename(graph)}`);
await page.waitForSelector('#graph-canvas[data-drawn]', { timeout: 300000 });
await page.waitForTimeout(3000);
const t = () => page.evaluate(() => performance.now());
const steps = [];
const act = async (name, f) => { const a = await t(); await f(); await page.waitForTimeout(2500); steps.push([name, Math.round(a)]); };
await act('pause', () => page.click('#pause-layout'));
await act('open filters', () => page.click('#filter-section summary'));
await act('hide events', () => page.uncheck('#filter-section input[data-kind="event"]'));
await act('show events', () => page.check('#filter-section input[data-kind="event"]'));
await act('open timeline', () => page.click('#timeline-section summary'));
await act('open list', () => page.click('#entity-list summary'));
await act('close list', () => page.click('#entity-list summary'));
await act('open export', () => page.click('#export-section summary').catch(() => {}));
await act('path', async () => {
  await page.$eval('#path-section', (d) => { d.open = true; });
  await page.fill('#path-from', 'n1');
  await page.keyboard.press('Enter');
  await page.fill('#path-to', 'n99999');
  await page.keyboard.press('Enter');
});
await act('double-click', async () => {
  const [x, y] = await page.evaluate(() => window.__kg.screenPosition('n0'));
  const box = await page.locator('#graph-canvas').boundingBox();
  await page.mouse.dblclick(box.x + x, box.y + y);
});
await act('keyboard', async () => {
  await page.focus('#graph-canvas');
  for (const key of ['Tab', 'Tab', 'Enter', 'ArrowLeft', '+', '-', 'Escape']) await page.keyboard.press(key);
});
await act('export svg', () => page.$eval('#export-section', (d) => { d.open = true; }).then(() => page.click('#export-svg')));
await act('roles', () => page.click('#toggle-roles'));
await act('roles back', () => page.click('#toggle-roles'));
await act('degree', () => page.selectOption('#size-by', 'degree'));
await act('pagerank', () => page.selectOption('#size-by', 'pagerank'));
await act('betweenness', () => page.selectOption('#size-by', 'betweenness'));
await act('uniform', () => page.selectOption('#size-by', 'uniform'));
await act('community', () => page.click('#colour-by'));
await act('hierarchy', () => page.selectOption('#arrangement', 'hierarchy'));
await act('radial', () => page.selectOption('#arrangement', 'radial'));
await act('force', () => page.selectOption('#arrangement', 'force'));
const long = await page.evaluate(() => window.__long);
for (let i = 0; i < steps.length; i++) {
  const [name, from] = steps[i];
  const to = steps[i + 1]?.[1] ?? Infinity;
  const ls = long.filter(([s]) => s >= from && s < to).map(([, d]) => d);
  console.log(name.padEnd(12), 'long tasks', ls.length, 'max', Math.max(0, ...ls), 'over100', ls.filter((d) => d > 100).length);
}
await browser.close(); await server.close();
