// End-to-end tests of embedding (issue 6): the built app deployed under a sub-path behind a
// strict Content-Security-Policy, the example portal page on another origin talking to it by
// postMessage, a third origin that is not allowlisted, and two viewers mounted without an iframe.
// Everything is served on 127.0.0.1 by tests/e2e/serve.mjs; run by `cargo xtask test`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './browser.mjs';
import { serve } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const dist = path.resolve(root, process.env.KG_DIST ?? 'dist');
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const SUB = '/portal/kg/';

let viewer; // the viewer's origin: the app under /portal/kg/, with the CSP header
let portal; // the allowlisted portal origin: examples/portal
let stranger; // an origin that is not allowlisted, also serving examples/portal
let browser;
const deployed = fs.mkdtempSync(path.join(os.tmpdir(), 'kgviz-embed-'));

before(async () => {
  assert.ok(fs.existsSync(path.join(dist, 'index.html')), `no built app in ${dist}`);
  // Ports are chosen first so that the deployment's embed.json can name the portal's origin.
  portal = await serve({ mounts: { '/': path.join(root, 'examples', 'portal') } });
  stranger = await serve({ mounts: { '/': path.join(root, 'examples', 'portal') } });
  fs.cpSync(dist, deployed, { recursive: true });
  fs.writeFileSync(path.join(deployed, 'embed.json'), JSON.stringify({ allowedOrigins: [portal.url] }));
  // A file of another format, which the reader worker reads.
  fs.copyFileSync(path.join(here, 'fixtures', 'seed.graphml'), path.join(deployed, 'data', 'seed.graphml'));
  viewer = await serve({
    mounts: { [SUB]: deployed, '/examples/portal/': path.join(root, 'examples', 'portal') },
    headers: { 'content-security-policy': CSP },
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const s of [viewer, portal, stranger]) await s?.close();
  fs.rmSync(deployed, { recursive: true, force: true });
});

/** A page that records console errors, CSP violations (in every frame) and outside requests. */
async function open(url) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const errors = [];
  const warnings = [];
  const outside = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
    if (m.type() === 'warning') warnings.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()} for ${r.url()}`); });
  page.on('request', (r) => { if (!r.url().startsWith('http://127.0.0.1:') && !r.url().startsWith('data:')) outside.push(r.url()); });
  await page.goto(url);
  return { page, errors, warnings, outside };
}

/** An entity's position in a frame's canvas once it has stopped moving (the last layout frame). */
async function stablePosition(frame, id) {
  let last = null;
  for (let i = 0; i < 50; i++) {
    const p = await frame.evaluate((id) => window.__kg.screenPosition(id), id);
    if (p && last && Math.abs(p[0] - last[0]) < 0.5 && Math.abs(p[1] - last[1]) < 0.5) return p;
    last = p;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${id} keeps moving`);
}

test('under a sub-path and the strict CSP the app loads its data, worker and fonts with no violation', async () => {
  const { page, errors, outside } = await open(`${viewer.url}${SUB}?lang=en`);
  const csp = await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
  assert.equal(csp, CSP, 'the page is served with the CSP');
  await page.waitForSelector('#graph-canvas[data-layout="done"]', { timeout: 60000 });
  assert.equal(await page.getAttribute('#graph-canvas', 'data-layout-engine'), 'worker');
  assert.equal(await page.textContent('#node-count'), '41');
  // The legend's swatches and the details panel render without inline styles.
  await page.fill('#search', 'zjs');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#details .post');
  // A GraphML file, read by the reader worker under the same policy.
  await page.goto(`${viewer.url}${SUB}?lang=en&data=data/seed.graphml`);
  await page.waitForSelector('#graph-canvas[data-drawn="true"]', { timeout: 30000 });
  assert.equal(await page.textContent('#node-count'), '41');
  assert.match(await page.textContent('.counts .source'), /graphml/);
  assert.deepEqual(errors, [], 'no console error and no CSP violation');
  assert.deepEqual(outside, []);
  await page.close();
});

test('the portal selects an entity in the viewer and hears the viewer’s selections', async () => {
  const { page, errors } = await open(`${portal.url}/index.html?viewer=${encodeURIComponent(viewer.url + SUB)}`);
  await page.waitForSelector('body[data-viewer-ready="true"]', { timeout: 60000 });
  const frame = page.frameLocator('#viewer');
  // Host → viewer.
  await page.selectOption('#host-select', 'p-zhang-jiansheng');
  await frame.locator('#selection .selection-id').filter({ hasText: 'p-zhang-jiansheng' }).waitFor({ timeout: 10000 });
  // The viewer echoes the selection back.
  await page.waitForFunction(() => document.querySelector('#host-selected').textContent.startsWith('張建生'));
  // Viewer → host: a click on an entity in the viewer reaches the portal as kg:select.
  const inner = page.frames().find((f) => f.url().startsWith(viewer.url));
  await inner.waitForSelector('#graph-canvas[data-layout="done"]', { timeout: 60000 });
  // (The portal's message log has a fixed height: were it to grow with the viewer's kg:hover
  // messages, the iframe would move between the pointer's arrival and the click.)
  const [x, y] = await stablePosition(inner, 'p-xi-jinping');
  const box = await frame.locator('#graph-canvas').boundingBox();
  await page.mouse.click(box.x + x, box.y + y);
  await page.waitForFunction(() => document.querySelector('#host-selected').textContent === '習近平 (person)', null, { timeout: 10000 }).catch(() => {});
  assert.equal(await page.textContent('#host-selected'), '習近平 (person)', `clicked at ${x},${y} in the viewer`);
  const log = await page.$$eval('#host-log li', (lis) => lis.map((li) => JSON.parse(li.textContent)));
  assert.ok(log.some((m) => m.type === 'kg:ready' && m.version === 1 && m.nodes === 41), JSON.stringify(log));
  assert.ok(log.some((m) => m.type === 'kg:select' && m.id === 'p-xi-jinping' && m.label === '習近平' && m.entityType === 'person'));
  // Filters and theme by command.
  await page.click('#host-hide-roles');
  await frame.locator('#graph-canvas').waitFor();
  await page.waitForFunction(() => true);
  await inner.waitForFunction(() => document.querySelectorAll('#graph-canvas').length === 1 && window.__kg.screenPosition('r-fic-party-secretary') === null);
  await page.click('#host-dark');
  await inner.waitForSelector('.kg-app[data-theme="dark"]');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a page on an origin that is not allowlisted cannot command the viewer, and hears nothing', async () => {
  const { page, errors, warnings } = await open(`${stranger.url}/index.html?viewer=${encodeURIComponent(viewer.url + SUB)}`);
  const inner = await (async () => {
    for (let i = 0; i < 600; i++) {
      const f = page.frames().find((fr) => fr.url().startsWith(viewer.url));
      if (f) return f;
      await page.waitForTimeout(100);
    }
    throw new Error('no viewer frame');
  })();
  await inner.waitForSelector('#graph-canvas[data-layout="done"]', { timeout: 60000 });
  // The viewer does not know this origin, so it sends it nothing (not even kg:ready).
  assert.equal(await page.getAttribute('body', 'data-viewer-ready'), null);
  await page.evaluate((origin) => {
    document.getElementById('viewer').contentWindow.postMessage({ type: 'kg:select', version: 1, id: 'p-zhang-jiansheng' }, origin);
  }, viewer.url);
  await page.waitForTimeout(500);
  assert.equal(await inner.$('#selection .selection-id'), null, 'nothing was selected');
  assert.ok(warnings.some((w) => w.includes(`Ignored a message (kg:select) from ${stranger.url}`)), warnings.join('\n'));
  assert.deepEqual(errors, []);
  await page.close();
});

test('scrolling the portal over the viewer scrolls the page; the wheel zooms once the viewer has the focus', async () => {
  const { page, errors } = await open(`${portal.url}/index.html?viewer=${encodeURIComponent(viewer.url + SUB)}`);
  await page.waitForSelector('body[data-viewer-ready="true"]', { timeout: 60000 });
  const inner = page.frames().find((f) => f.url().startsWith(viewer.url));
  await inner.waitForSelector('#graph-canvas[data-layout="done"]', { timeout: 60000 });
  const box = await page.locator('#viewer').boundingBox();
  const zoom0 = await inner.getAttribute('#graph-canvas', 'data-zoom');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, 300);
  await page.waitForFunction(() => window.scrollY > 100);
  assert.equal(await inner.getAttribute('#graph-canvas', 'data-zoom'), zoom0, 'the viewer did not zoom');
  // With the focus in the viewer, the wheel zooms it instead.
  await inner.focus('#graph-canvas');
  const scrolled = await page.evaluate(() => window.scrollY);
  const canvas = await page.frameLocator('#viewer').locator('#graph-canvas').boundingBox();
  await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
  await page.mouse.wheel(0, -300);
  await inner.waitForFunction((z) => document.querySelector('#graph-canvas').dataset.zoom !== z, zoom0);
  assert.equal(await page.evaluate(() => window.scrollY), scrolled, 'the page stayed put');
  assert.deepEqual(errors, []);
  await page.close();
});

test('two viewers mounted without an iframe work independently, under the CSP', async () => {
  const { page, errors } = await open(`${viewer.url}/examples/portal/mount.html?viewer=${encodeURIComponent(SUB)}`);
  await page.waitForSelector('#left[data-ready="true"]', { timeout: 60000 });
  await page.waitForSelector('#right[data-ready="true"]', { timeout: 60000 });
  // The right one was asked to focus 鞠峰 by name; the left one has no selection.
  await page.waitForFunction(() => document.querySelector('#right-selected').textContent === 'p-ju-feng');
  assert.equal(await page.$eval('#left', (el) => el.querySelector('.selection-id')), null);
  assert.equal(await page.$eval('#right', (el) => el.querySelector('.side')), null, 'chrome "none" shows the network alone');
  // Commanding the left one leaves the right one alone.
  await page.evaluate(() => window.viewers.left.send({ type: 'kg:select', id: 'p-wang-jing' }));
  await page.waitForFunction(() => document.querySelector('#left-selected').textContent === 'p-wang-jing');
  assert.equal(await page.textContent('#right-selected'), 'p-ju-feng');
  // Each canvas fills its box, and follows it when the box changes size.
  const size = () => page.$$eval('canvas.graph-canvas', (cs) => cs.map((c) => [c.clientWidth, c.clientHeight]));
  const [l, r] = await size();
  assert.ok(l[0] > 500 && r[0] > 500 && l[1] > 300, JSON.stringify([l, r]));
  await page.$eval('#left', (el) => { el.style.height = '300px'; });
  await page.waitForFunction(() => document.querySelector('#left canvas.graph-canvas').height < 300);
  assert.equal(await page.title(), 'Portal example · two viewers mounted without an iframe', 'the host page keeps its title');
  assert.deepEqual(errors, []);
  await page.close();
});
