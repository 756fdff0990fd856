// Compares load to first frame between two or more builds of the app, interleaved: each round
// opens the graph once with every build, in a random order, each in a fresh headless Chromium,
// opened and polled as peerbench's run.mjs does (`window.__bench.load.firstFrameMs`). This
// machine's timings drift by ±30 % within minutes, so builds are compared in the same spell,
// never across runs. Prints the median, mean and quartiles of each build.
// Not part of `cargo xtask test` (timings belong to benchmarks, not tests).
//
//   cp -r dist /tmp/before          # the build to compare against
//   cargo xtask build               # the build under test, in dist/
//   node tests/perf/ab.mjs data/jiaxing-2023-03-17.json 25 /tmp/before dist
//   node tests/perf/ab.mjs /tmp/peerbench/graphs/ba-10000.json 15 /tmp/before dist
//
// AB_MBPS=100 limits every download to 100 Mbit/s (Chromium's network emulation), as over a
// local network rather than from this machine itself:
//
//   AB_MBPS=100 node tests/perf/ab.mjs /tmp/peerbench/graphs/ba-100000.json 6 /tmp/before dist
//
// AB_QUIET_MS=4000 opens the page without waiting for its `load` event and leaves it alone for
// that long before the first poll. peerbench waits for `load`, then polls with
// `waitForFunction`, whose first call evaluates Playwright's own injected script (~50–100 ms of
// the page's main thread); where that lands in the load is part of the harness's figure. The
// quiet mode gives the load as a user has it, without the harness's script:
//
//   AB_QUIET_MS=4000 node tests/perf/ab.mjs data/jiaxing-2023-03-17.json 12 tests/perf/floor dist
import { launch } from '../e2e/browser.mjs';
import { serveBuilds } from './builds.mjs';

const [graph, runs, ...dists] = process.argv.slice(2);
const mbps = Number(process.env.AB_MBPS || 0);
const quietMs = Number(process.env.AB_QUIET_MS || 0);
if (!graph || !Number(runs) || dists.length < 2) {
  console.error('usage: node tests/perf/ab.mjs GRAPH.json RUNS DIST_A DIST_B [DIST_C …]');
  process.exit(2);
}
const { server, open } = await serveBuilds(graph, dists);
const results = dists.map(() => []);
for (let round = 0; round < Number(runs); round++) {
  const order = dists.map((_, i) => i).sort(() => Math.random() - 0.5);
  for (const i of order) {
    const browser = await launch();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    if (mbps > 0) {
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: (mbps * 1e6) / 8, uploadThroughput: -1 });
    }
    if (quietMs > 0) {
      // Nothing of Playwright's runs in the page until the load has had `quietMs`.
      await page.goto(open(i), { waitUntil: 'commit' });
      await new Promise((resolve) => setTimeout(resolve, quietMs));
    } else {
      await page.goto(open(i), { waitUntil: 'load' });
    }
    await page.waitForFunction(() => window.__bench && window.__bench.status !== 'loading', null, { polling: 100, timeout: 300000 });
    results[i].push(await page.evaluate(() => window.__bench.load?.firstFrameMs ?? NaN));
    await browser.close();
  }
}
const at = (sorted, q) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
dists.forEach((d, i) => {
  const sorted = [...results[i]].sort((a, b) => a - b);
  const mean = Math.round(sorted.reduce((a, b) => a + b, 0) / sorted.length);
  console.log(JSON.stringify({ build: d, runs: sorted.length, medianMs: at(sorted, 0.5), meanMs: mean, q1Ms: at(sorted, 0.25), q3Ms: at(sorted, 0.75) }));
});
await server.close();
process.exit(0);
