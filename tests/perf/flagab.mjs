// Compares one build's load to first frame under different Chromium flag sets and file servers,
// interleaved, each load in a fresh headless Chromium opened and polled as peerbench's run.mjs
// does (its own `Network.enable`, `load`, then `waitForFunction` every 100 ms). Sets (`SETS`,
// comma-separated, default `ours,harness`): `ours` (tests/e2e/browser.mjs's flags), `harness`
// (peerbench's `CHROMIUM_FLAGS` in run.mjs), `headless` and `swiftshader` (one of its extra
// switches each), `hs-ours` (our flags, the page and graph served by peerbench's own
// `serve.mjs` from the copy in /tmp/peerbench, as run.mjs serves them). Prints each set's median
// and every load. Not part of `cargo xtask test` (timings belong to benchmarks, not tests).
//
//   SETS=ours,harness,headless,swiftshader node tests/perf/flagab.mjs /tmp/peerbench/graphs/ba-10000.json 10 dist
//   SETS=ours,hs-ours node tests/perf/flagab.mjs /tmp/peerbench/graphs/ba-10000.json 12 dist
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serveBuilds } from './builds.mjs';

const [graph, runs, dist] = process.argv.slice(2);
if (!graph || !Number(runs) || !dist) {
  console.error('usage: SETS=a,b node tests/perf/flagab.mjs GRAPH.json RUNS DIST');
  process.exit(2);
}
const ours = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const sets = {
  ours,
  harness: ['--headless', ...ours, '--enable-unsafe-swiftshader', '--disable-renderer-backgrounding', '--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows'],
  headless: ['--headless', ...ours],
  swiftshader: [...ours, '--enable-unsafe-swiftshader'],
  'hs-ours': ours,
};
const names = (process.env.SETS || 'ours,harness').split(',');
const unknown = names.filter((n) => !sets[n]);
if (unknown.length) {
  console.error(`unknown sets: ${unknown.join(', ')} (known: ${Object.keys(sets).join(', ')})`);
  process.exit(2);
}
const { server, open } = await serveBuilds(graph, [dist]);
// peerbench's server, only when a set asks for it.
const harness = names.some((n) => n.startsWith('hs-'))
  ? await (await import('/tmp/peerbench/serve.mjs')).startServer({ mounts: { kgviz: path.resolve(dist) } })
  : null;
const harnessUrl = harness && `${harness.url}/ext/kgviz/?graph=${encodeURIComponent(`${harness.url}/graphs/${path.basename(graph)}`)}`;
const results = Object.fromEntries(names.map((n) => [n, []]));
for (let round = 0; round < Number(runs); round++) {
  for (const name of [...names].sort(() => Math.random() - 0.5)) {
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: sets[name] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await page.goto(name.startsWith('hs-') ? harnessUrl : open(0), { waitUntil: 'load' });
    await page.waitForFunction(() => window.__bench && window.__bench.status !== 'loading', null, { polling: 100, timeout: 300000 });
    results[name].push(await page.evaluate(() => window.__bench.load?.firstFrameMs ?? NaN));
    await browser.close();
  }
}
for (const name of names) {
  const sorted = [...results[name]].sort((a, b) => a - b);
  console.log(`${name}: median ${Math.round(sorted[sorted.length >> 1])} ms; loads ${sorted.map(Math.round).join(' ')}`);
}
await server.close();
await harness?.close();
process.exit(0);
