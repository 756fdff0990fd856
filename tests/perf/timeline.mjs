// When each of the page's own files and the graph arrive, against the first frame. Opens the
// graph in fresh headless Chromiums (as peerbench does) and prints, per run, each resource's
// request start → first byte → last byte in ms since navigation (Resource Timing), then the
// first frame. Last, in one more browser, the same graph downloaded on its own (`fetch` and
// `arrayBuffer`, nothing reading it as it arrives), three times: the difference between that
// and the graph's last byte in the app is how long the page's reading held the download back.
// Not part of `cargo xtask test` (timings belong to benchmarks, not tests).
//
//   node tests/perf/timeline.mjs dist /tmp/peerbench/graphs/ba-100000.json 3
//   node tests/perf/timeline.mjs dist data/jiaxing-2023-03-17.json 5
import path from 'node:path';
import { launch } from '../e2e/browser.mjs';
import { serve } from '../e2e/serve.mjs';

const [dist, graph, runs = '3'] = process.argv.slice(2);
if (!dist || !graph) {
  console.error('usage: node tests/perf/timeline.mjs DIST GRAPH.json [RUNS]');
  process.exit(2);
}
const server = await serve({ mounts: { '/': path.resolve(dist), '/graph/': path.dirname(path.resolve(graph)) } });
const graphUrl = `${server.url}/graph/${encodeURIComponent(path.basename(graph))}`;

for (let run = 0; run < Number(runs); run++) {
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${server.url}/?graph=${graphUrl}`);
  await page.waitForFunction(() => window.__bench && window.__bench.status === 'ready', null, { timeout: 180000, polling: 100 });
  const line = await page.evaluate(() => {
    const ms = (t) => Math.round(t);
    const files = performance.getEntriesByType('resource')
      .filter((e) => e.startTime <= window.__bench.load.firstFrameMs)
      .map((e) => `${decodeURIComponent(e.name.split('/').pop()).slice(0, 24)} ${ms(e.startTime)}→${ms(e.responseStart)}→${ms(e.responseEnd)}`);
    const nav = performance.getEntriesByType('navigation')[0];
    return `page ${ms(nav.responseEnd)} | ${files.join(' | ')} | first frame ${ms(window.__bench.load.firstFrameMs)}`;
  });
  console.log(`run ${run + 1}: ${line}`);
  await browser.close();
}

const browser = await launch();
const page = await browser.newPage();
await page.goto(`${server.url}/favicon.svg`);
const alone = [];
for (let i = 0; i < 3; i++) {
  alone.push(await page.evaluate(async (url) => {
    const started = performance.now();
    const bytes = await (await fetch(url, { cache: 'no-store' })).arrayBuffer();
    return `${Math.round(performance.now() - started)} ms (${bytes.byteLength} bytes)`;
  }, graphUrl));
}
console.log(`the graph downloaded alone: ${alone.join(', ')}`);
await browser.close();
await server.close();
process.exit(0);
