// Mounts two independent viewers into this page (the `viewer` query parameter says where the
// built app is; it must be the same origin, or serve embed.js with CORS).
const params = new URLSearchParams(location.search);
const viewerBase = new URL(params.get('viewer') ?? '../../dist/', location.href);
const css = document.createElement('link');
css.rel = 'stylesheet';
css.href = new URL('style.css', viewerBase).href;
document.head.append(css);

const { mount } = await import(new URL('embed.js', viewerBase).href);
const left = await mount(document.getElementById('left'), { chrome: 'minimal', lang: 'zh-Hant' });
const right = await mount(document.getElementById('right'), { chrome: 'none', lang: 'en', focus: '鞠峰' });
for (const [viewer, out] of [[left, 'left-selected'], [right, 'right-selected']]) {
  viewer.on('kg:select', (e) => { document.getElementById(out).textContent = e.id ?? '—'; });
  viewer.on('kg:ready', () => { viewer.element.dataset.ready = 'true'; });
}
window.viewers = { left, right };
