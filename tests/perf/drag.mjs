// Drags the view the way peerbench's drag metric does: the left button pressed on the
// background at (100, 400), then mouse moves along a circle for 3 s, each awaited before the
// next is sent (CDP input), in fresh headless Chromiums, builds interleaved. Prints the moves the
// page took per second, the frames it drew per second, and whether the last frame was drawn in
// full or as the last full frame transformed. With `--layout`, the graph is first laid out
// (`__bench.layout(100)`) and the camera moved as peerbench does before its drag: the positions
// a person drags are the laid-out ones.
// Not part of `cargo xtask test` (rates belong to benchmarks, not tests).
//
//   node tests/perf/drag.mjs /tmp/peerbench/graphs/ba-1000.json 3 --layout /tmp/before dist
import { launch } from '../e2e/browser.mjs';
import { serveBuilds } from './builds.mjs';

const args = process.argv.slice(2);
const layout = args.includes('--layout');
const [graph, runs, ...dists] = args.filter((a) => a !== '--layout');
if (!graph || !Number(runs) || dists.length < 1) {
  console.error('usage: node tests/perf/drag.mjs GRAPH.json RUNS [--layout] DIST [DIST …]');
  process.exit(2);
}
const { open } = await serveBuilds(graph, dists);
for (let run = 0; run < Number(runs); run++) {
  for (let i = 0; i < dists.length; i++) {
    const browser = await launch();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(open(i));
    await page.waitForFunction(() => window.__bench && window.__bench.status === 'ready', null, { timeout: 120000 });
    if (layout) {
      await page.evaluate(() => window.__bench.layout(100));
      await page.evaluate(async () => {
        for (let k = 0; k < 120; k++) {
          await new Promise((resolve) => requestAnimationFrame(resolve));
          window.__bench.setView({ zoom: 1 + 0.5 * Math.sin(k / 10), panX: 0.1 * Math.cos(k / 10), panY: 0 });
        }
      });
    }
    await page.waitForTimeout(1000);
    const before = await page.evaluate(() => window.__bench.renderCount);
    await page.mouse.move(100, 400);
    await page.mouse.down();
    const started = Date.now();
    let moves = 0;
    while (Date.now() - started < 3000) {
      moves++;
      const a = moves * 0.12;
      await page.mouse.move(100 + 120 * Math.sin(a), 400 - 80 * (1 - Math.cos(a)));
    }
    const seconds = (Date.now() - started) / 1000;
    const frame = await page.getAttribute('#graph-canvas', 'data-frame');
    await page.mouse.up();
    const after = await page.evaluate(() => window.__bench.renderCount);
    console.log(JSON.stringify({ build: dists[i], run, movesPerSec: Number((moves / seconds).toFixed(1)), drawsPerSec: Number(((after - before) / seconds).toFixed(1)), lastFrame: frame }));
    await browser.close();
  }
}
process.exit(0);
