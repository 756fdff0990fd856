// Which WebAssembly functions V8 optimises while a graph loads, and how long each compile took.
// V8 runs a wasm function in its baseline code (Liftoff) first; once the function has run a
// while, it compiles it again with its optimising compiler (TurboFan) on a background thread,
// and uses that code from the function's next call on, never within a call that is running.
// On two cores those compiles compete with the page's own thread, and a large function that
// runs once (or a hot loop inside one) is optimised for nothing during the first frame. This
// opens the graph in fresh headless Chromiums (peerbench's mode, `?graph=URL`) with V8's
// `--trace-wasm-compilation-times`, reads what the browser prints (Playwright passes it on
// with `DEBUG=pw:browser`, so each run is a child process of this script), and prints per run
// the first frame and the time the optimising compiles took in all, then the functions
// compiled (largest mean compile first), with each body's size, named when the build keeps its
// names (`tests/perf/wasmsize.py` says how to make such a build). The compile times are the
// background threads' wall times: on a busy machine they vary by ±50 %. Not part of `cargo
// xtask test` (timings belong to benchmarks, not tests).
//
//   node tests/perf/tierup.mjs /tmp/named-dist /tmp/peerbench/graphs/ba-10000.json 3 15
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../e2e/browser.mjs';
import { serveBuilds } from './builds.mjs';
import { functionNames } from './wasmnames.mjs';

const [dist, graph, runs = '3', top = '15'] = process.argv.slice(2);
if (!dist || !graph) {
  console.error('usage: node tests/perf/tierup.mjs DIST GRAPH.json [RUNS] [TOP]');
  process.exit(2);
}

if (process.env.KG_TIERUP_RUN) {
  // One load, in the child: the first frame on stdout, the browser's output on stderr.
  const { server, open } = await serveBuilds(graph, [dist]);
  const browser = await launch(['--js-flags=--trace-wasm-compilation-times']);
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(open(0));
  await page.waitForFunction(() => window.__bench && window.__bench.status === 'ready', null, { timeout: 180000 });
  console.log(JSON.stringify({ firstFrame: await page.evaluate(() => window.__bench.load.firstFrameMs) }));
  await browser.close();
  await server.close();
  process.exit(0);
}

const names = functionNames(fs.readFileSync(path.join(dist, 'kgviz_bg.wasm')));
const compiled = new Map();
for (let run = 0; run < Number(runs); run++) {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), dist, graph], {
    env: { ...process.env, KG_TIERUP_RUN: '1', DEBUG: 'pw:browser' },
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  if (child.status !== 0) {
    console.error(child.stderr.slice(-2000));
    process.exit(1);
  }
  const { firstFrame } = JSON.parse(child.stdout.trim().split('\n').pop());
  // "Compiled function 0x…#305 using TurboFan, took 109400 μs and … bodysize 18211 …"
  let total = 0;
  for (const m of child.stderr.matchAll(/Compiled function \S*#(\d+) using TurboFan, took (\d+) μs.*bodysize (\d+)/g)) {
    const [index, ms, body] = [Number(m[1]), Number(m[2]) / 1000, Number(m[3])];
    total += ms;
    const seen = compiled.get(index) ?? { ms: 0, runs: 0, body };
    compiled.set(index, { ms: seen.ms + ms, runs: seen.runs + 1, body });
  }
  console.log(`run ${run + 1}: first frame ${Math.round(firstFrame)} ms; optimising compiles ${Math.round(total)} ms in all (over the whole load)`);
}
console.log('functions optimised (mean ms of a compile, in how many runs, body bytes):');
for (const [index, { ms, runs: n, body }] of [...compiled].sort((a, b) => b[1].ms / b[1].runs - a[1].ms / a[1].runs).slice(0, Number(top))) {
  console.log(`${(ms / n).toFixed(1).padStart(7)} ms ${n}/${runs} ${String(body).padStart(6)} B  ${(names.get(index) ?? `#${index}`).slice(0, 150)}`);
}
process.exit(0);
