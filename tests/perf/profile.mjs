// Where the page's main thread spends a load, as a tree: opens the graph in a fresh headless
// Chromium (as peerbench does), records a CPU profile (50 µs sampling) from navigation until
// `window.__bench` is ready, and prints the call tree under every function whose name contains
// ROOT, each line its inclusive milliseconds, down to MIN_MS. Wasm functions are named when the
// build keeps its names (`tests/perf/wasmsize.py` says how to make such a build). The profiler
// slows the page (figures are for shares, not absolute times), and a function's first call
// includes V8 compiling it. `JS_FLAGS` passes V8 flags to Chromium, e.g. `--no-liftoff` to see
// the load with every wasm function compiled by the optimising compiler on its first call.
// Not part of `cargo xtask test` (timings belong to benchmarks, not tests).
//
//   node tests/perf/profile.mjs /tmp/named-dist /tmp/peerbench/graphs/ba-100000.json '(root)' 20
//   node tests/perf/profile.mjs /tmp/named-dist /tmp/peerbench/graphs/ba-100000.json draw_now 3
//   JS_FLAGS=--no-liftoff node tests/perf/profile.mjs /tmp/named-dist GRAPH '(root)' 20
//   QUERY=max-mb=300 node tests/perf/profile.mjs /tmp/named-dist /tmp/g1m.json '(root)' 150   (extra query parameters)
//   AFTER_MS=6000 QUERY=max-mb=300 node tests/perf/profile.mjs /tmp/named-dist /tmp/g1m.json '(root)' 150   (and 6 s after)
import path from 'node:path';
import { launch } from '../e2e/browser.mjs';
import { serve } from '../e2e/serve.mjs';

const [dist, graph, root = '(root)', minMs = '5'] = process.argv.slice(2);
if (!dist || !graph) {
  console.error('usage: node tests/perf/profile.mjs DIST GRAPH.json [ROOT] [MIN_MS]');
  process.exit(2);
}
const server = await serve({ mounts: { '/': path.resolve(dist), '/graph/': path.dirname(path.resolve(graph)) } });
const browser = await launch(process.env.JS_FLAGS ? [`--js-flags=${process.env.JS_FLAGS}`] : []);
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
await cdp.send('Profiler.start');
await page.goto(`${server.url}/?graph=${server.url}/graph/${encodeURIComponent(path.basename(graph))}${process.env.QUERY ? `&${process.env.QUERY}` : ''}`);
await page.waitForFunction(() => window.__bench && window.__bench.status === 'ready', null, { timeout: 180000 });
const firstFrame = await page.evaluate(() => window.__bench.load.firstFrameMs);
// `AFTER_MS` keeps the profiler running that long after the first frame (for the work a large
// graph does once it is on screen).
if (process.env.AFTER_MS) await page.waitForTimeout(Number(process.env.AFTER_MS));
const { profile } = await cdp.send('Profiler.stop');
await browser.close();
await server.close();

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n);
const self = new Map();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000));
const inclusive = new Map();
const total = (n) => {
  if (!inclusive.has(n.id)) inclusive.set(n.id, (self.get(n.id) ?? 0) + (n.children ?? []).reduce((sum, c) => sum + total(byId.get(c)), 0));
  return inclusive.get(n.id);
};
// Rust's hashes dropped and angle brackets shown as ‹›, so that lines stay readable.
const short = (name) => name.replace(/::h[0-9a-f]{16}/g, '').replace(/<([^<>]*)>/g, '‹$1›').slice(0, 120);
const named = (n) => n.callFrame.functionName || '(anonymous)';
function show(n, depth) {
  const ms = total(n);
  if (ms < Number(minMs)) return;
  console.log(`${' '.repeat(depth * 2)}${ms.toFixed(1)} ${short(named(n))}`);
  if (depth >= 16) return;
  for (const c of (n.children ?? []).map((id) => byId.get(id)).sort((a, b) => total(b) - total(a))) show(c, depth + 1);
}
console.log(`first frame ${Math.round(firstFrame)} ms (under the profiler)`);
// Each outermost call of a matching function, not again the calls nested in one.
for (const n of profile.nodes) {
  if (named(n).includes(root) && !named(parentOf.get(n.id) ?? { callFrame: {} }).includes(root)) show(n, 0);
}
process.exit(0);
