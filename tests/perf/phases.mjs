// Where a first frame's time goes, without a profiler or a trace (which slow the page): opens the
// graph with each build in fresh headless Chromiums, rounds interleaved as `ab.mjs` does
// (peerbench's mode, `?graph=URL`), and prints per build the medians of when the page's
// `DOMContentLoaded` came, when its WebAssembly module was instantiated, when the canvas said it
// was drawn (`data-drawn`, the app only), the first frame (`__bench.load.firstFrameMs`) and, for
// the app, when its interface around the graph was shown (`interactiveMs`; the first frame comes
// before it when the app drew the graph before building its interface, `src/early.rs`), with
// when each of the page's files had arrived (Resource Timing's `responseEnd`), all in ms since
// navigation. Any page that implements the benchmark's contract can be given: the floor pages
// (`tests/perf/floor`, `tests/perf/stack`) beside the app say what the app's own work costs.
// Then the medians of each round's own spans: from the instantiation to the drawing (the app's
// own work, without the noise of what came before it) and from the drawing to the first frame;
// and for each build after the first, the median of its per-round differences from the first
// (first frame; instantiation to drawing) with a 90 % bootstrap interval, which says whether a
// difference is more than this machine's noise.
// `PHASES_EACH=1` prints every load's steps (and marks) too; `PHASES_QUIET_MS=4000` opens each page without
// waiting for its `load` event and leaves it alone that long before the first poll (as `ab.mjs`'s
// `AB_QUIET_MS`: the load without the harness's script). When each file was asked for and sent
// is printed too. A build given as `DIST@FLAGS` runs with V8's
// FLAGS (`dist@--liftoff-only`, say: the same build in V8's baseline tier only); one given as
// `DIR?QUERY` is opened with QUERY's parameters added (`tests/perf/floor-stream?work=9`). A build made with `tests/perf/marks.patch` applied marks the
// early frame's steps (`kg:whole` when boot.js said all of the file had come, `kg:read`,
// `kg:graph`, `kg:scene`, `kg:presentation`, `kg:draw`, `kg:rastered` when the
// edges and nodes are on the canvas and the labels are next, `kg:drawn`): their medians are printed
// too, and the medians of each step's span in its round. Not part of `cargo xtask test`
// (timings belong to benchmarks, not tests).
//
//   git apply tests/perf/marks.patch && cargo xtask build && cp -r dist /tmp/dist-marks && git checkout src
//   node tests/perf/phases.mjs /tmp/peerbench/graphs/ba-10000.json 12 /tmp/dist-marks
//
//   node tests/perf/phases.mjs data/jiaxing-2023-03-17.json 8 /tmp/stack-floor/yew dist
//   node tests/perf/phases.mjs /tmp/peerbench/graphs/ba-10000.json 24 /tmp/before dist dist@--liftoff-only
import { launch } from '../e2e/browser.mjs';
import { serveBuilds } from './builds.mjs';

const [graph, runs, ...dists] = process.argv.slice(2);
if (!graph || !runs || dists.length === 0) {
  console.error('usage: node tests/perf/phases.mjs GRAPH.json RUNS DIST[@V8FLAGS]...');
  process.exit(2);
}
const { server, open } = await serveBuilds(graph, dists.map((d) => d.split('@')[0]));
const quietMs = Number(process.env.PHASES_QUIET_MS || 0);
const rows = dists.map(() => []);
for (let round = 0; round < Number(runs); round++) {
  for (const i of dists.map((_, k) => k).sort(() => Math.random() - 0.5)) {
    const flags = dists[i].split('@')[1];
    const browser = await launch(flags ? [`--js-flags=${flags}`] : []);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(() => {
      const at = (window.__phases = {});
      const mark = (name) => { if (at[name] === undefined) at[name] = performance.now(); };
      for (const name of ['instantiateStreaming', 'instantiate']) {
        const original = WebAssembly[name];
        WebAssembly[name] = function (...args) {
          return original.apply(this, args).then((result) => { mark('instantiated'); return result; });
        };
      }
      document.addEventListener('DOMContentLoaded', () => mark('domContentLoaded'));
      new MutationObserver(() => mark('drawn')).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-drawn'] });
    });
    if (quietMs > 0) {
      // Nothing of Playwright's runs in the page until the load has had `quietMs` (as `ab.mjs`).
      await page.goto(open(i), { waitUntil: 'commit' });
      await new Promise((resolve) => setTimeout(resolve, quietMs));
    } else {
      await page.goto(open(i));
    }
    await page.waitForFunction(() => window.__bench && window.__bench.status === 'ready', null, { timeout: 120000 });
    rows[i].push(await page.evaluate(() => ({
      ...window.__phases,
      firstFrame: window.__bench.load.firstFrameMs,
      interactive: window.__bench.load.interactiveMs,
      marks: Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('kg:')).map((m) => [m.name, m.startTime])),
      files: Object.fromEntries(performance.getEntriesByType('resource').map((e) => [new URL(e.name).pathname.split('/').pop(), e.responseEnd])),
      asked: Object.fromEntries(performance.getEntriesByType('resource').map((e) => [new URL(e.name).pathname.split('/').pop(), [e.startTime, e.requestStart]])),
    })));
    await browser.close();
  }
}
await server.close();
const median = (values) => {
  const v = values.filter((x) => x !== undefined).sort((a, b) => a - b);
  return v.length ? Math.round(v[Math.floor(v.length / 2)]) : '–';
};
dists.forEach((dist, i) => {
  const phases = ['domContentLoaded', 'instantiated', 'drawn', 'firstFrame', 'interactive'].map((k) => `${k} ${median(rows[i].map((r) => r[k]))}`);
  const files = [...new Set(rows[i].flatMap((r) => Object.keys(r.files)))].map((f) => `${f} ${median(rows[i].map((r) => r.files[f]))}`);
  const span = (from, to) => median(rows[i].map((r) => (r[from] !== undefined && r[to] !== undefined ? r[to] - r[from] : undefined)));
  console.log(`${dist}: ${phases.join(', ')} | files arrived: ${files.join(', ')}`);
  // When each file was asked for, and when its request left the browser (Resource Timing's
  // `startTime` and `requestStart`): a page's first requests can wait there.
  const asked = [...new Set(rows[i].flatMap((r) => Object.keys(r.asked)))].map((f) => `${f} ${median(rows[i].map((r) => r.asked[f]?.[0]))}/${median(rows[i].map((r) => r.asked[f]?.[1]))}`);
  console.log(`${dist}: files asked for / sent: ${asked.join(', ')}`);
  // The early frame is the first frame when it came before the interface (`src/early.rs`).
  const early = rows[i].filter((r) => r.interactive !== undefined && r.firstFrame < r.interactive).length;
  console.log(`${dist}: instantiated → drawn ${span('instantiated', 'drawn')}, drawn → first frame ${span('drawn', 'firstFrame')}; the graph drawn before the interface in ${early} of ${rows[i].length} loads`);
  if (process.env.PHASES_EACH) {
    for (const r of rows[i]) console.log(`  ${['instantiated', 'drawn', 'firstFrame', 'interactive'].map((k) => `${k} ${r[k] === undefined ? '–' : Math.round(r[k])}`).join(', ')}`);
  }
  // The early frame's steps, in the order they came, each with its span from the one before
  // (from the instantiation for the first).
  const names = [...new Set(rows[i].flatMap((r) => Object.keys(r.marks)))];
  if (names.length) {
    for (const r of rows[i]) Object.assign(r, r.marks);
    names.sort((a, b) => median(rows[i].map((r) => r[a])) - median(rows[i].map((r) => r[b])));
    console.log(`${dist}: marks ${names.map((n, k) => `${n} ${median(rows[i].map((r) => r[n]))} (+${span(k ? names[k - 1] : 'instantiated', n)})`).join(', ')}`);
    if (process.env.PHASES_EACH) {
      for (const r of rows[i]) console.log(`  ${names.map((n) => `${n.replace('kg:', '')} ${r[n] === undefined ? '–' : Math.round(r[n])}`).join(', ')}, graph in ${Math.round(r.files[graph.split('/').pop()])}`);
    }
  }
});
// Each build against the first, round by round (the builds of a round ran in the same minute,
// so the machine's drift cancels out): the median of the per-round differences, with a 90 %
// bootstrap interval of that median (the rounds resampled 2,000 times). An interval that spans
// zero is noise at this number of rounds.
const differences = (i, of) => rows[0].map((r, k) => (rows[i][k] ? of(rows[i][k]) - of(r) : NaN)).filter((d) => Number.isFinite(d));
const middle = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const interval = (d) => {
  const medians = Array.from({ length: 2000 }, () => middle(d.map(() => d[Math.floor(Math.random() * d.length)]))).sort((a, b) => a - b);
  return [medians[100], medians[1899]];
};
const spans = { 'first frame': (r) => r.firstFrame, 'instantiated → drawn': (r) => r.drawn - r.instantiated };
for (let i = 1; i < dists.length; i++) {
  const said = Object.entries(spans).map(([name, of]) => {
    const d = differences(i, of);
    if (d.length < 3) return `${name} –`;
    const [low, high] = interval(d);
    const sign = (x) => `${x > 0 ? '+' : ''}${Math.round(x)}`;
    return `${name} ${sign(middle(d))} ms (90 % interval ${sign(low)} to ${sign(high)}, ${d.length} rounds)`;
  });
  console.log(`${dists[i]} − ${dists[0]}: ${said.join('; ')}`);
}
process.exit(0);
