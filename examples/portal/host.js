// The example portal's side of the protocol: points the iframe at the viewer (the `viewer`
// query parameter, by default the built app two folders up), sends commands, and shows the
// viewer's events. Only messages from the viewer's origin are read.
const params = new URLSearchParams(location.search);
const viewerBase = new URL(params.get('viewer') ?? '../../dist/', location.href);
const viewerOrigin = viewerBase.origin;
const frame = document.getElementById('viewer');
const query = new URLSearchParams({ chrome: params.get('chrome') ?? 'minimal', lang: params.get('lang') ?? 'zh-Hant' });
if (params.get('focus')) query.set('focus', params.get('focus'));
frame.src = `${viewerBase.href}?${query}`;

let ready = false;
const send = (message) => {
  if (ready) frame.contentWindow.postMessage({ version: 1, ...message }, viewerOrigin);
};

const log = document.getElementById('host-log');
window.addEventListener('message', (event) => {
  if (event.origin !== viewerOrigin || event.source !== frame.contentWindow) return;
  const data = event.data ?? {};
  const item = document.createElement('li');
  item.textContent = JSON.stringify(data);
  log.prepend(item);
  if (data.type === 'kg:ready') {
    ready = true;
    document.body.dataset.viewerReady = 'true';
  } else if (data.type === 'kg:select') {
    document.getElementById('host-selected').textContent = data.id ? `${data.label} (${data.entityType})` : '—';
  }
});

document.getElementById('host-select').addEventListener('change', (e) => send({ type: 'kg:select', id: e.target.value || null }));
document.getElementById('host-hide-roles').addEventListener('click', () => send({ type: 'kg:filter', hideTypes: ['role'] }));
document.getElementById('host-dark').addEventListener('click', () => send({ type: 'kg:theme', theme: 'dark' }));
