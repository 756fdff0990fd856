// Where the page's main thread compiles WebAssembly before the first frame. V8 compiles each
// wasm function the first time it is called (`wasm.CompileLazy` in Chromium's trace), on the
// thread that calls it; this opens a graph in fresh headless Chromiums (as peerbench does),
// traces the load, and prints, per run, the first frame, how many functions were compiled that
// way before it and the milliseconds that took, then the functions that took longest (averaged
// over the runs), named when the build keeps its function names (`tests/perf/wasmsize.py`
// says how to make such a build; names cost nothing at run time, but the module is larger).
// Not part of `cargo xtask test` (timings belong to benchmarks, not tests).
//
//   node tests/perf/lazycompile.mjs dist data/jiaxing-2023-03-17.json 5
//   node tests/perf/lazycompile.mjs /tmp/named-dist /tmp/peerbench/graphs/ba-10000.json 3 15
import fs from 'node:fs';
import path from 'node:path';
import { launch } from '../e2e/browser.mjs';
import { serve } from '../e2e/serve.mjs';
import { functionNames } from './wasmnames.mjs';

const [dist, graph, runs = '3', top = '10'] = process.argv.slice(2);
if (!dist || !graph) {
  console.error('usage: node tests/perf/lazycompile.mjs DIST GRAPH.json [RUNS] [TOP]');
  process.exit(2);
}

const names = functionNames(fs.readFileSync(path.join(dist, 'kgviz_bg.wasm')));
const server = await serve({ mounts: { '/': path.resolve(dist), '/graph/': path.dirname(path.resolve(graph)) } });
const byFunction = new Map();
for (let run = 0; run < Number(runs); run++) {
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((resolve) => cdp.on('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: 'blink.user_timing,v8.wasm', transferMode: 'ReportEvents' });
  await page.goto(`${server.url}/?graph=${server.url}/graph/${encodeURIComponent(path.basename(graph))}`);
  await page.waitForFunction(() => window.__bench && window.__bench.status !== 'loading', null, { timeout: 120000, polling: 100 });
  const firstFrameMs = await page.evaluate(() => window.__bench.load?.firstFrameMs);
  await cdp.send('Tracing.end');
  await complete;
  await browser.close();
  const start = events.find((e) => e.name === 'navigationStart')?.ts;
  if (firstFrameMs == null || start == null) {
    console.error('no first frame or no navigation start in the trace');
    process.exit(1);
  }
  const lazy = events.filter((e) => e.name === 'wasm.CompileLazy' && (e.ts - start) / 1000 < firstFrameMs);
  const ms = lazy.reduce((sum, e) => sum + e.dur / 1000, 0);
  console.log(JSON.stringify({ run, firstFrameMs: Math.round(firstFrameMs), compiledLazily: lazy.length, compileMs: Number(ms.toFixed(1)) }));
  for (const e of lazy) {
    const index = e.args?.func_index;
    byFunction.set(index, (byFunction.get(index) ?? 0) + e.dur / 1000 / Number(runs));
  }
}
for (const [index, ms] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
  console.log(`${ms.toFixed(2).padStart(7)} ms  #${index} ${(names.get(index) ?? '').replace(/::h[0-9a-f]{16}$/, '').slice(0, 110)}`);
}
process.exit(0);
