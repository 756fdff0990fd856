// Reads the page's wasm memory (`window.__bench.memory()`, what peerbench's "page-reported MB"
// is) for two or more builds, interleaved, twice each: at `ready` (the first frame) and 1.5 s
// later, when the page has built what it builds in the background (the search index and
// more). Wasm memory never shrinks, so the second read is the page's settled size.
// Not part of `cargo xtask test` (measurements belong to benchmarks, not tests).
//
//   node tests/perf/memory.mjs /tmp/peerbench/graphs/ba-10000.json /tmp/before dist
import { launch } from '../e2e/browser.mjs';
import { serveBuilds } from './builds.mjs';

const [graph, ...dists] = process.argv.slice(2);
if (!graph || dists.length < 1) {
  console.error('usage: node tests/perf/memory.mjs GRAPH.json DIST [DIST …]');
  process.exit(2);
}
const { server, open } = await serveBuilds(graph, dists);
const mb = () => window.__bench.memory().bytes / 1e6;
for (let round = 0; round < 2; round++) {
  for (let i = 0; i < dists.length; i++) {
    const browser = await launch();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(open(i));
    await page.waitForFunction(() => window.__bench && window.__bench.status === 'ready', null, { timeout: 120000 });
    const atReady = await page.evaluate(mb);
    await page.waitForTimeout(1500);
    const settled = await page.evaluate(mb);
    console.log(JSON.stringify({ build: dists[i], readyMB: atReady, settledMB: settled }));
    await browser.close();
  }
}
await server.close();
process.exit(0);
