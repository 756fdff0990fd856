// When a person opening the app on its default data first sees the graph, and when the app's own
// first frame comes, for two or more builds interleaved (each round opens every build once, in a
// random order, each in a fresh headless Chromium, at 1280 × 800): the page as a person opens
// it (`/`, no benchmark mode), left alone until the canvas has drawn. Prints per build the
// medians and quartiles, in ms since navigation, of
//   * `picture`: the first contentful paint when the page shows the picture of the graph's first
//     frame that `cargo xtask first-paint` puts into it (none in a build without one);
//   * `graph`: when the graph was first on screen: the picture's paint, else the app's frame;
//   * `early`: the second animation frame after the app drew the graph before building its
//     interface (`.kg-early-frame[data-drawn]`, `src/early.rs`), as the benchmark's contract
//     counts a first frame;
//   * `app`: the same after the interface's canvas said it had drawn (`data-drawn`).
// Not part of `cargo xtask test` (timings belong to benchmarks, not tests).
//
//   cp -r dist /tmp/before && cargo xtask build
//   node tests/perf/firstpaint.mjs 12 /tmp/before dist
import path from 'node:path';
import { launch } from '../e2e/browser.mjs';
import { serve } from '../e2e/serve.mjs';

const [runs, ...dists] = process.argv.slice(2);
if (!Number(runs) || dists.length < 1) {
  console.error('usage: node tests/perf/firstpaint.mjs RUNS DIST [DIST …]');
  process.exit(2);
}
const mounts = {};
dists.forEach((d, i) => { mounts[`/d${i}/`] = path.resolve(d); });
const server = await serve({ mounts });
const rows = dists.map(() => []);
for (let round = 0; round < Number(runs); round++) {
  for (const i of dists.map((_, k) => k).sort(() => Math.random() - 0.5)) {
    const browser = await launch();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    await page.addInitScript(() => {
      window.__firstPaint = { app: null, early: null, shown: false };
      // Whether the page shows the picture, as soon as it has been read (the app takes it down
      // when it draws).
      document.addEventListener('DOMContentLoaded', () => {
        const holder = document.querySelector('.kg-first-paint');
        window.__firstPaint.shown = Boolean(holder && holder.querySelector('svg circle') && getComputedStyle(holder).display !== 'none');
      });
      const early = () => {
        if (window.__firstPaint.early === null && document.querySelector('.kg-early-frame[data-drawn]')) {
          window.__firstPaint.early = 0;
          requestAnimationFrame(() => requestAnimationFrame(() => { window.__firstPaint.early = performance.now(); }));
        }
      };
      const watch = () => {
        early();
        const canvas = document.getElementById('graph-canvas');
        if (canvas && canvas.hasAttribute('data-drawn')) {
          requestAnimationFrame(() => requestAnimationFrame(() => { window.__firstPaint.app = performance.now(); }));
          return true;
        }
        return false;
      };
      new MutationObserver((_, observer) => { if (watch()) observer.disconnect(); })
        .observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-drawn'] });
    });
    await page.goto(`${server.url}/d${i}/`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__firstPaint?.app != null, null, { polling: 200, timeout: 60000 });
    const row = await page.evaluate(() => {
      const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
      const picture = window.__firstPaint.shown ? fcp : null;
      return { picture, early: window.__firstPaint.early || null, app: window.__firstPaint.app };
    });
    rows[i].push({ ...row, graph: row.picture ?? row.early ?? row.app });
    await browser.close();
  }
}
await server.close();
const at = (sorted, q) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
const summary = (values) => {
  const v = values.filter((x) => x != null).sort((a, b) => a - b);
  return v.length ? `${at(v, 0.5)} (${at(v, 0.25)}–${at(v, 0.75)})` : '–';
};
dists.forEach((d, i) => {
  const r = rows[i];
  console.log(`${d}: picture ${summary(r.map((x) => x.picture))} · graph ${summary(r.map((x) => x.graph))} · early ${summary(r.map((x) => x.early))} · app ${summary(r.map((x) => x.app))} ms (median (quartiles) of ${r.length})`);
});
