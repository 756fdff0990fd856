// What DevTools' copy of a response body costs the page's thread, on a page that reads a graph
// file and does nothing else (`tests/perf/bodycopy/`): for each mode (`fetch`, `preload`,
// `cancel`, see `bodycopy/probe.js`) and round, a fresh headless Chromium, with peerbench's
// second DevTools session (`Network.enable`) beside Playwright's when SESSIONS is 2, traced;
// prints per load when the body had come and ended (ms from the script's start), the task in
// which the browser finished the body (`ResponseBodyLoader::DidFinishLoadingBody`: DevTools'
// copies are made there) and the decodes of the body to text in it. Not part of
// `cargo xtask test`.
//
//   node tests/perf/bodycopy.mjs /tmp/peerbench/graphs/ba-100000.json 5 2 fetch,preload,cancel
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveBuilds } from './builds.mjs';
import { launch } from '../e2e/browser.mjs';

const [graph, rounds = '5', sessions = '2', modes = 'fetch,preload,cancel'] = process.argv.slice(2);
if (!graph) {
  console.error('usage: node tests/perf/bodycopy.mjs GRAPH.json [ROUNDS] [SESSIONS 1|2] [MODES]');
  process.exit(2);
}
const probe = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bodycopy');
const { server, open } = await serveBuilds(graph, [probe]);
const rows = new Map(modes.split(',').map((m) => [m, []]));
for (let round = 0; round < Number(rounds); round++) {
  for (const mode of rows.keys()) {
    const browser = await launch();
    const page = await browser.newPage();
    if (Number(sessions) >= 2) await (await page.context().newCDPSession(page)).send('Network.enable');
    await browser.startTracing(page, { categories: ['devtools.timeline', 'blink', 'loading', 'toplevel'] });
    await page.goto(`${open(0)}&mode=${mode}`);
    await page.waitForFunction(() => window.__probe, null, { timeout: 60000 });
    const seen = await page.evaluate(() => window.__probe);
    const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
    await browser.close();
    const threads = new Map();
    for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
    const main = events.filter((e) => e.ph === 'X' && threads.get(`${e.pid}:${e.tid}`) === 'CrRendererMain');
    const total = (name) => main.filter((e) => e.name === name).reduce((sum, e) => sum + e.dur / 1000, 0);
    const decodes = main.filter((e) => e.name === 'TextResourceDecoder::Decode' && e.dur > 1000).length;
    rows.get(mode).push({ ...seen, finishMs: +total('ResponseBodyLoader::DidFinishLoadingBody').toFixed(1), decodeMs: +total('TextResourceDecoder::Decode').toFixed(1), decodes });
  }
}
await server.close();
const round1 = (v) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v);
for (const [mode, list] of rows) {
  console.log(mode);
  for (const row of list) console.log('  ', JSON.stringify(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, round1(v)]))));
}
