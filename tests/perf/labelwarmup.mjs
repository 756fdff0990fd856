// Measures what `label-warmup.js` saves: a page draws a graph's labels (stroked halo, then fill,
// in the labels' font and light colours, on whole pixels, as src/render2d.rs does) on a fresh
// 1280×800 canvas and times the calls and the browser's rasterizing (one pixel read), either
// cold or after handing the graph file to the repository's `label-warmup.js` worker as `boot.js`
// does. Each run is a fresh headless Chromium; modes alternate. Prints the medians.
// Not part of `cargo xtask test` (timings belong to benchmarks, not tests).
//
//   node tests/perf/labelwarmup.mjs data/jiaxing-2023-03-17.json 8
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../e2e/browser.mjs';
import { serve } from '../e2e/serve.mjs';

const [graph, runs = '6'] = process.argv.slice(2);
if (!graph) {
  console.error('usage: node tests/perf/labelwarmup.mjs GRAPH.json [RUNS]');
  process.exit(2);
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const boot = fs.readFileSync(path.join(root, 'boot.js'), 'utf8');
const font = boot.match(/const LABEL_FONT = '([^']*)';/)[1];
const colours = Function(`return ${boot.match(/const LABEL_COLOURS = (\{.*\});/)[1]}`)().light;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kgviz-labelwarmup-'));
fs.copyFileSync(path.join(root, 'label-warmup.js'), path.join(dir, 'label-warmup.js'));
fs.copyFileSync(path.resolve(graph), path.join(dir, 'graph.json'));
fs.writeFileSync(path.join(dir, 'index.html'), `<!doctype html><meta charset="utf-8"><body><canvas id="c" width="1280" height="800"></canvas>
<script>
const FONT = ${JSON.stringify(font)};
const COLOURS = ${JSON.stringify(colours)};
window.measure = async (warm) => {
  const bytes = await (await fetch('graph.json')).arrayBuffer();
  const nodes = JSON.parse(new TextDecoder().decode(bytes)).nodes;
  const labels = nodes.map((n) => (typeof n.label === 'string' && n.label.trim() !== '' ? n.label : String(n.id)));
  if (warm) {
    // The worker answers nothing (it closes itself when done): it is given 400 ms, many times
    // what its drawing takes here (20-60 ms).
    new Worker('label-warmup.js').postMessage({ bytes, font: FONT, ...COLOURS, ratio: 1 }, [bytes]);
    await new Promise((r) => setTimeout(r, 400));
  }
  const ctx = document.getElementById('c').getContext('2d');
  const t0 = performance.now();
  ctx.font = FONT; ctx.textAlign = 'center'; ctx.textBaseline = 'top'; ctx.lineWidth = 3;
  ctx.strokeStyle = COLOURS.halo; ctx.fillStyle = COLOURS.fill;
  labels.forEach((s, i) => { const x = 100 + (i % 6) * 200, y = 30 + Math.floor(i / 6) * 40; ctx.strokeText(s, x, y); ctx.fillText(s, x, y); });
  const t1 = performance.now();
  ctx.getImageData(0, 0, 1, 1);
  return { callsMs: t1 - t0, rasterMs: performance.now() - t1, labels: labels.length };
};
</script>`);
const server = await serve({ mounts: { '/': dir } });
const results = { cold: [], warmed: [] };
for (let r = 0; r < Number(runs); r++) {
  for (const mode of ['cold', 'warmed']) {
    const browser = await launch();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/`);
    results[mode].push(await page.evaluate((warm) => window.measure(warm), mode === 'warmed'));
    await browser.close();
  }
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return Math.round(s[Math.floor(s.length / 2)] * 10) / 10; };
for (const [mode, rs] of Object.entries(results)) {
  console.log(JSON.stringify({ mode, runs: rs.length, labels: rs[0].labels, callsMs: median(rs.map((x) => x.callsMs)), rasterMs: median(rs.map((x) => x.rasterMs)) }));
}
await server.close();
fs.rmSync(dir, { recursive: true, force: true });
process.exit(0);
