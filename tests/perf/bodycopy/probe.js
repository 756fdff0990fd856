// Reads `?graph=URL` as a stream and does nothing with it, the way `MODE` says
// (tests/perf/bodycopy.mjs): `fetch` to the end of the stream; `preload` the same after a
// `<link rel=preload as=fetch>` for it; `cancel` stops at the length the headers declared and
// cancels the stream. Leaves what it saw in `window.__probe`.
(async () => {
  const q = new URLSearchParams(location.search);
  const url = q.get('graph');
  const mode = q.get('mode') || 'fetch';
  const start = performance.now();
  if (mode === 'preload') {
    const link = document.createElement('link');
    link.rel = 'preload';
    link.as = 'fetch';
    link.href = url;
    link.crossOrigin = 'anonymous';
    document.head.appendChild(link);
  }
  const response = await fetch(url);
  const headers = performance.now();
  const declared = Number(response.headers.get('content-length'));
  const reader = response.body.getReader();
  let bytes = 0;
  let chunks = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
    chunks += 1;
    if (mode === 'cancel' && bytes === declared) {
      reader.cancel();
      break;
    }
  }
  const end = performance.now();
  // The next task: whatever the browser does once the body has ended runs before it.
  await new Promise((resolve) => setTimeout(resolve, 0));
  window.__probe = { bytes, chunks, headers: headers - start, end: end - start, next: performance.now() - start };
})();
