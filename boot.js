// Starts the viewer's own page. A file rather than an inline script, so that the page runs under
// a strict Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval'); Trunk's own inline
// loader is turned off in Trunk.toml (inject_scripts = false).
//
// The WebAssembly module and the graph are requested first, before the JavaScript glue is read,
// so that both download while the browser reads the glue and compiles the module. The app takes
// the graph's response from `window.__kgPrefetch` when it asks for the same URL
// (`app::prefetched`); otherwise it fetches as usual.
const params = new URLSearchParams(location.search);
const named = [params.get('graph'), params.get('data')].find((v) => v !== null && v.trim() !== '');
// The same default as `DEFAULT_DATA_URL` in src/lib.rs (a browser test checks that the graph
// is requested once).
const data = new URL(named ?? 'data/jiaxing-2023-03-17.json', location.href).href;
const graph = fetch(data);
// The app reports a failed fetch itself; this handler only keeps an unused one from being
// logged as an unhandled rejection.
graph.catch(() => {});
window.__kgPrefetch = { url: data, response: graph };
const wasm = fetch(new URL('./kgviz_bg.wasm', import.meta.url));
// The first CJK text drawn on a canvas makes the browser look up and open the system's CJK font
// (~25 ms here); doing it now, while the module downloads, takes that off the first frame. The
// font is the labels' (`LABEL_FONT` in src/render2d.rs).
try {
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = '12px "Noto Sans CJK SC", "Noto Sans CJK TC", "Source Han Sans SC", "PingFang SC", "PingFang TC", "Microsoft YaHei", "Microsoft JhengHei", "WenQuanYi Micro Hei", sans-serif';
  ctx.measureText('知識圖譜人物組織事件');
} catch (e) {
  // Only a warm-up.
}
const { default: init } = await import('./kgviz.js');
await init({ module_or_path: wasm });
