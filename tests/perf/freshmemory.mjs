// What memory touched for the first time costs on this machine: in a fresh headless Chromium page,
// grows a new WebAssembly memory by MB megabytes and fills it twice, then fills a new ArrayBuffer
// of the same size once, ROUNDS times, and prints each fill's milliseconds. The first fill of
// fresh memory pays the operating system's page faults (0.7–1.4 ms per MB on the machine of
// session 33, a Firecracker virtual machine, against ~0.06 ms per MB for the second fill), which a large
// graph's load pays for every megabyte of the module's memory it uses. Not part of `cargo xtask
// test` (timings belong to benchmarks, not tests).
//
//   node tests/perf/freshmemory.mjs 17 4
import { launch } from '../e2e/browser.mjs';

const [mb = '17', rounds = '4'] = process.argv.slice(2);
const browser = await launch();
const page = await browser.newPage();
const fills = await page.evaluate(([size, n]) => {
  const out = [];
  for (let k = 0; k < n; k++) {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536 });
    memory.grow(Math.ceil((size << 20) / 65536));
    const wasm = new Uint8Array(memory.buffer);
    const t0 = performance.now();
    wasm.fill(1);
    const t1 = performance.now();
    wasm.fill(2);
    const t2 = performance.now();
    const buffer = new Uint8Array(new ArrayBuffer(size << 20));
    const t3 = performance.now();
    buffer.fill(1);
    const t4 = performance.now();
    out.push({ wasmFirstMs: +(t1 - t0).toFixed(1), wasmSecondMs: +(t2 - t1).toFixed(1), arrayBufferFirstMs: +(t4 - t3).toFixed(1) });
  }
  return out;
}, [Number(mb), Number(rounds)]);
console.log(JSON.stringify({ mb: Number(mb), fills }, null, 1));
await browser.close();
