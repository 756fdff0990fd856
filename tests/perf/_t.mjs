import path from 'node:path';
import { launch } from '../e2e/browser.mjs';
import { serve } from '../e2e/serve.mjs';
const [dist, graph, reps='3'] = process.argv.slice(2);
const server = await serve({ mounts: { '/': path.resolve(dist), '/graph/': path.dirname(path.resolve(graph)) } });
for (let r=0;r<Number(reps);r++){
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const logs=[];
page.on('console', m => { if (m.text().startsWith('TIMING')) logs.push(m.text().slice(7)); });
await page.goto(`${server.url}/?graph=${server.url}/graph/${encodeURIComponent(path.basename(graph))}`);
await page.waitForFunction(() => window.__bench && window.__bench.status === 'ready', null, {timeout: 120000});
const load = await page.evaluate(() => ({ff: window.__bench.load.firstFrameMs, mem: window.__bench.memory().bytes/1e6}));
const nav = await page.evaluate(() => { const e = performance.getEntriesByType('resource').map(r => [r.name.split('/').pop().slice(0,30), Math.round(r.startTime), Math.round(r.responseEnd)]); return e; });
console.log(JSON.stringify(load), logs.join(' | '));
console.log('  ', JSON.stringify(nav));
await browser.close();
}
await server.close?.();
process.exit(0);
