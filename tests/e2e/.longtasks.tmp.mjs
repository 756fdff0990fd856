import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';
const server = await serve({ mounts: { '/': '/work/main/dist', '/big/': '/tmp/big' } });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.addInitScript(() => {
  window.__long = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask', buffered: true });
});
page.on('console', (m) => { if (m.type() !== 'warning') console.log('console', m.type(), m.text().slice(0, 200)); });
const t0 = Date.now();
await page.goto(`${server.url}/?data=big/g100k.json${process.argv[2] ?? ''}`);
await page.waitForSelector('#graph-canvas[data-drawn]', { timeout: 120000 });
console.log('first frame', Date.now() - t0);
await page.waitForTimeout(Number(process.argv[3] ?? 15000));
const long = await page.evaluate(() => window.__long);
console.log('long tasks', long.length, 'max', Math.max(...long.map((l) => l[1])), JSON.stringify(long.slice(0, 40)));
console.log('layout', await page.getAttribute('#graph-canvas', 'data-layout-iteration'));
await browser.close(); await server.close();
