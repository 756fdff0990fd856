// A Chromium trace of one load (peerbench's mode, `?graph=URL`), in ms from the navigation: when
// each of the page's files was asked for, answered and finished, the page's main-thread tasks
// (top-level trace events) over MIN_MS, each with its larger parts, then the time spent compiling
// wasm functions on their first call on that thread, what the background threads did, and when
// each optimising compile of a wasm function began and how long it took (with the early frame's
// marks when the build has `tests/perf/marks.patch`). Where
// `profile.mjs` says which of our functions run, this says what the browser does around them
// (layout, rasterizing, compiling, growing the module's memory, the harness's own scripts), after the page's
// `DOMContentLoaded` and `load`. Not part of `cargo xtask test`.
//
// `TRACE_NETWORK=1` also enables DevTools' network domain on a session of its own, as peerbench
// does beside Playwright's: each session then keeps its own copy of every response's body.
//
//   node tests/perf/trace.mjs dist /tmp/peerbench/graphs/ba-10000.json 8
//   TRACE_NETWORK=1 node tests/perf/trace.mjs dist /tmp/peerbench/graphs/ba-100000.json 8
import { serveBuilds } from './builds.mjs';
import { launch } from '../e2e/browser.mjs';

const [dist, graph, minMs = '8'] = process.argv.slice(2);
if (!dist || !graph) {
  console.error('usage: node tests/perf/trace.mjs DIST GRAPH.json [MIN_MS]');
  process.exit(2);
}
const { server, open } = await serveBuilds(graph, [dist]);
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
if (process.env.TRACE_NETWORK) await (await page.context().newCDPSession(page)).send('Network.enable');
await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.wasm', 'blink', 'blink.user_timing', 'loading', 'toplevel'] });
await page.goto(open(0));
await page.waitForFunction(() => window.__bench && window.__bench.status !== 'loading', null, { timeout: 180000 });
const firstFrame = await page.evaluate(() => window.__bench.load?.firstFrameMs);
const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
await browser.close();
await server.close();

const threads = new Map();
for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
const on = (prefix) => events.filter((e) => e.ph === 'X' && (threads.get(`${e.pid}:${e.tid}`) ?? '').startsWith(prefix)).sort((a, b) => a.ts - b.ts);
const ms = (us) => (us / 1000).toFixed(1);
const main = on('CrRendererMain');
// Times are from the navigation's start when the trace has it (as the benchmark's are), else from
// the first main-thread event.
// (The frame's empty document before it has a navigation of its own, without a URL.)
const navigation = events.find((e) => e.name === 'navigationStart' && e.args?.data?.isLoadingMainFrame && e.args.data.documentLoaderURL);
const start = navigation ? navigation.ts : main.length ? main[0].ts : 0;
console.log(`first frame ${firstFrame} ms (the trace's times are from ${navigation ? 'the navigation' : "its first main-thread event"})`);
// Each request by its id; a file is named by its path's last part (the page's own URL ends in
// its query's graph URL, so the query is left out: the page shows as `/`).
const sent = new Map(events.filter((x) => x.name === 'ResourceSendRequest').map((x) => [x.args?.data?.requestId, x]));
const fileOf = (url) => { try { return new URL(url).pathname.split('/').pop() || '/'; } catch { return url; } };
for (const e of events.filter((x) => x.name === 'ResourceFinish' || x.name === 'ResourceReceiveResponse').sort((a, b) => a.ts - b.ts)) {
  const id = e.args?.data?.requestId;
  const send = sent.get(id);
  const url = send?.args?.data?.url ? fileOf(send.args.data.url) : id;
  console.log(`  ${e.name === 'ResourceFinish' ? 'finished' : 'response'} ${url} @${ms(e.ts - start)}${send ? ` (requested @${ms(send.ts - start)})` : ''}`);
}
// The page's own milestones: when the parser finished (`DOMContentLoaded`) and when the `load`
// event fired, after which peerbench's driver (and this script) first polls the page, running
// Playwright's injected script on its main thread. The frame's last of each is the page's (the
// empty document before it has its own).
const frame = navigation?.args?.frame;
for (const [name, said] of [['domContentLoadedEventStart', 'DOMContentLoaded'], ['loadEventStart', 'load']]) {
  const last = events.filter((x) => x.name === name && x.args?.frame === frame).sort((a, b) => a.ts - b.ts).pop();
  if (last) console.log(`  ${said} @${ms(last.ts - start)}`);
}
let end = 0;
for (const task of main) {
  if (task.ts < end) continue;
  end = task.ts + (task.dur ?? 0);
  if ((task.dur ?? 0) / 1000 < Number(minMs)) continue;
  const parts = main.filter((c) => c !== task && c.ts >= task.ts && c.ts + (c.dur ?? 0) <= end && (c.dur ?? 0) >= 3000);
  const named = (e) => e.args?.data?.url?.split('/').pop() ?? e.args?.data?.type ?? '';
  console.log(`@${ms(task.ts - start)} ${ms(task.dur)} ms: ${parts.slice(0, 10).map((c) => `${c.name}${named(c) ? `(${named(c)})` : ''} ${ms(c.dur)}`).join(', ')}`);
}
// The end of each response's body on the page's thread, where DevTools' network agents (one per
// session that enabled the domain) copy and decode what they kept of it.
const ends = main.filter((e) => e.name === 'ResponseBodyLoader::DidFinishLoadingBody' && (e.dur ?? 0) >= 5000);
const decodes = (e) => main.filter((c) => c.name === 'TextResourceDecoder::Decode' && c.ts >= e.ts && c.ts + (c.dur ?? 0) <= e.ts + e.dur && (c.dur ?? 0) >= 1000);
console.log(`bodies ended (5 ms or more): ${ends.map((e) => `@${ms(e.ts - start)} ${ms(e.dur)} ms, ${decodes(e).length} decode(s) ${decodes(e).map((c) => ms(c.dur)).join(' + ')} ms`).join('; ') || 'none'}`);
const lazy = events.filter((e) => e.name === 'wasm.CompileLazy');
const early = lazy.filter((e) => (e.ts - start) / 1000 < firstFrame);
console.log(`wasm functions compiled on first call: ${lazy.length}, ${ms(lazy.reduce((s, e) => s + (e.dur ?? 0), 0))} ms (before the first frame: ${early.length}, ${ms(early.reduce((s, e) => s + (e.dur ?? 0), 0))} ms)`);
// Each growth of the module's memory on the page's thread (`memory.grow`, as the allocator asks
// for more): how many, and how long they held the thread in all (most take no time; some, during
// a large file's reading, held it for milliseconds: `ROOM_PER_BYTE` in src/app.rs).
const grows = main.filter((e) => e.name === 'wasm.GrowMemory');
console.log(`memory grown ${grows.length} times, ${ms(grows.reduce((s, e) => s + (e.dur ?? 0), 0))} ms (${grows.map((e) => `@${ms(e.ts - start)} ${ms(e.dur ?? 0)}`).join(', ')})`);
const background = new Map();
for (const e of on('ThreadPool')) if (e.name !== 'ThreadPool_RunTask') background.set(e.name, (background.get(e.name) ?? 0) + (e.dur ?? 0));
console.log(`background threads: ${[...background].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([n, d]) => `${n} ${ms(d)} ms`).join(', ')}`);
// Each optimising compile of a wasm function (V8's tier-up, on the renderer's pool threads):
// when it began and how long it took, beside the page's marks (`tests/perf/marks.patch`).
const optimising = events.filter((e) => e.ph === 'X' && e.name === 'wasm.TopTierCompilation').sort((a, b) => a.ts - b.ts);
console.log(`optimising compiles: ${optimising.map((e) => `@${ms(e.ts - start)} ${ms(e.dur ?? 0)} ms`).join(', ')}`);
const marks = events.filter((e) => e.cat?.includes('blink.user_timing') && e.name.startsWith('kg:') && e.ph !== 'M').sort((a, b) => a.ts - b.ts);
if (marks.length) console.log(`marks: ${[...new Map(marks.map((e) => [e.name, e])).values()].map((e) => `${e.name} @${ms(e.ts - start)}`).join(', ')}`);
