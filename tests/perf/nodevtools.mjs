// Load to first frame with no DevTools attached, for the app and the peers alike. Playwright, and
// so peerbench and the other perf scripts, enables DevTools' network domain on every page it
// drives, and Chromium then keeps a copy of each response's body for DevTools (a textual one
// decoded as well) on the page's thread: a cost a person's browser does not have, and one that
// grows with the graph file. This opens the graph (peerbench's mode, `?graph=URL`) in Debian's
// Chromium started directly, headless, with no driver, and reads the page's report from its
// console output (Chromium's `--enable-logging=stderr`): each page is served from a copy to which
// a script is added that prints `__bench.load.firstFrameMs` (and the early frame's marks, for a
// build with `tests/perf/marks.patch`), its `DOMContentLoaded` and when each of its files had
// arrived once the page says it is ready. A TARGET is a build of the
// app (a folder with `index.html`) or a peerbench page (`/tmp/peerbench/pages/force-graph.html`,
// served with the rest of its peerbench folder). Rounds are interleaved, each load in a fresh
// browser, which is first left to settle for a second and a half on a page of its own (as
// Playwright opens a blank page first). Prints each load, then per target the median first frame
// (and marks), and each target's per-round ratio to the first target's. Compare its spans (from
// the reading's end to the graph's, say) with those of `phases.mjs` on the same build, not its
// times since navigation with those of the harness: the browsers are launched differently.
// Not part of `cargo xtask test` (timings belong to benchmarks, not tests).
//
//   node tests/perf/nodevtools.mjs /tmp/peerbench/graphs/ba-100000.json 8 /tmp/dist-marks
//   node tests/perf/nodevtools.mjs /tmp/peerbench/graphs/ba-10000.json 10 dist /tmp/peerbench/pages/force-graph.html
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve } from '../e2e/serve.mjs';

const [graph, runs, ...targets] = process.argv.slice(2);
if (!graph || !runs || targets.length === 0) {
  console.error('usage: node tests/perf/nodevtools.mjs GRAPH.json RUNS TARGET...');
  process.exit(2);
}
const REPORT = `
(function report() {
  if (!(window.__bench && (window.__bench.status === 'ready' || window.__bench.status === 'error'))) return setTimeout(report, 50);
  const marks = Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('kg:')).map((m) => [m.name, Math.round(m.startTime)]));
  // When the page's own parse ended, and when each file had arrived ('@name': Resource Timing's
  // responseEnd), in ms since navigation.
  const dcl = Math.round(performance.getEntriesByType('navigation')[0].domContentLoadedEventStart);
  const files = Object.fromEntries(performance.getEntriesByType('resource').map((e) => ['@' + new URL(e.name).pathname.split('/').pop(), Math.round(e.responseEnd)]));
  console.log('KG-REPORT ' + JSON.stringify({ domContentLoaded: dcl, ...files, ...marks, status: window.__bench.status, firstFrame: Math.round(window.__bench.load && window.__bench.load.firstFrameMs) }));
})();
`;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-nodevtools-'));
const mounts = { '/graph/': path.dirname(path.resolve(graph)) };
const pages = targets.map((target, i) => {
  const copy = path.join(scratch, `t${i}`);
  if (target.endsWith('.html')) {
    // A peerbench page: its folder's root is served at `/` (the page asks for `/dist/…`), the
    // page's copy, with the report added, beside the original.
    const root = path.resolve(path.dirname(target), '..');
    mounts['/'] = root;
    fs.mkdirSync(copy);
    const html = fs.readFileSync(target, 'utf8');
    fs.writeFileSync(path.join(copy, 'index.html'), html.replace('</body>', `<script>${REPORT}</script>\n</body>`));
  } else {
    // A build of the app: the report goes in `boot.js` (the page allows no inline script).
    fs.cpSync(target, copy, { recursive: true });
    fs.appendFileSync(path.join(copy, 'boot.js'), REPORT);
  }
  mounts[`/t${i}/`] = copy;
  return `/t${i}/`;
});
const server = await serve({ mounts });
const graphUrl = `${server.url}/graph/${encodeURIComponent(path.basename(graph))}`;
// Each target's settling page: it opens the target once the browser has had its start.
pages.forEach((page, i) => {
  const to = `${page}?graph=${encodeURIComponent(graphUrl)}`;
  fs.writeFileSync(path.join(scratch, `t${i}`, 'wait.html'), `<script>setTimeout(() => location.replace(${JSON.stringify(to)}), 1500)</script>`);
});

/** One load of target `i` in a fresh browser: what the page reported. */
async function load(i) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-profile-'));
  const child = spawn(process.env.CHROMIUM ?? '/usr/bin/chromium', ['--headless=new', '--no-sandbox', '--disable-gpu',
    '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    // Those of Playwright's own switches that bear on timing, so that the two launches differ in
    // DevTools alone.
    '--disable-field-trial-config', '--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows',
    '--disable-renderer-backgrounding', '--disable-back-forward-cache', '--disable-breakpad', '--disable-extensions',
    '--disable-default-apps', '--no-default-browser-check', '--disable-dev-shm-usage', '--disable-hang-monitor',
    '--disable-ipc-flooding-protection', '--hide-scrollbars', '--mute-audio',
    `--user-data-dir=${profile}`, '--window-size=1280,800', '--enable-logging=stderr', '--v=0',
    `${server.url}${pages[i]}wait.html`], { detached: true });
  try {
    return await new Promise((resolve, reject) => {
      let said = '';
      const timer = setTimeout(() => reject(new Error(`${targets[i]}: no report within 120 s`)), 120000);
      child.stderr.on('data', (chunk) => {
        said += chunk;
        const m = said.match(/KG-REPORT (\{.*?\})/);
        if (m) {
          clearTimeout(timer);
          resolve(JSON.parse(m[1]));
        }
      });
    });
  } finally {
    // The browser and every process it started (its own process group).
    process.kill(-child.pid, 'SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
}

const rows = targets.map(() => []);
for (let round = 0; round < Number(runs); round++) {
  for (const i of targets.map((_, k) => k).sort(() => Math.random() - 0.5)) {
    const row = await load(i);
    rows[i][round] = row;
    console.log(`${targets[i]} ${JSON.stringify(row)}`);
  }
}
await server.close();
fs.rmSync(scratch, { recursive: true, force: true });
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
targets.forEach((target, i) => {
  const keys = [...new Set(rows[i].flatMap((r) => Object.keys(r)))].filter((k) => k !== 'status');
  console.log(`${target}: ${keys.map((k) => `${k} ${median(rows[i].map((r) => r[k]).filter((x) => x !== undefined))}`).join(', ')}`);
  if (i > 0) {
    const ratios = rows[i].map((r, k) => r.firstFrame / rows[0][k].firstFrame);
    console.log(`${target} / ${targets[0]}: first frame ${median(ratios).toFixed(2)}× (median of the rounds' ratios; ${ratios.map((x) => x.toFixed(2)).join(', ')})`);
  }
});
process.exit(0);
