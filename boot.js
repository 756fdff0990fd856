// Starts the viewer's own page. A file rather than an inline script, so that the page runs under
// a strict Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval'); Trunk's own inline
// loader is turned off in Trunk.toml (inject_scripts = false). A classic script in the head, not
// a module: it runs as soon as it arrives, where a module waits for the whole page to be parsed
// (30-45 ms later here), and the requests below start that much sooner.
//
// The WebAssembly module and the graph are requested first, before the JavaScript glue is read,
// so that both download while the browser reads the glue and compiles the module. The app takes
// the graph's response from `window.__kgPrefetch` when it asks for the same URL
// (`app::prefetched`); otherwise it fetches as usual.
(async () => {
  // A release build stops at a Rust panic without formatting a message (`panic=immediate-abort`,
  // see `size_build` in xtask): the module traps, and the trap reaches the page as an uncaught
  // `WebAssembly.RuntimeError`, from an event handler, an animation frame or a task. It is shown
  // the way the panic hook (src/fatal.rs) shows a panic in a build that keeps messages, unless a
  // message is already up (that hook's, which runs before its own build's trap).
  const showFatal = (message) => {
    const box = document.getElementById('kg-fatal');
    if (box && !box.hidden) return;
    console.error(message);
    if (box) {
      box.textContent = message;
      box.hidden = false;
    }
  };
  const showTrap = (error) => {
    if (error instanceof WebAssembly.RuntimeError) showFatal(`The viewer stopped because of an internal error: ${error}`);
  };
  addEventListener('error', (e) => showTrap(e.error));
  addEventListener('unhandledrejection', (e) => showTrap(e.reason));

  // The folder this script was served from (the app may live under any sub-path).
  const here = document.currentScript.src;
  const params = new URLSearchParams(location.search);
  const named = [params.get('graph'), params.get('data')].find((v) => v !== null && v.trim() !== '');
  // The same default as `DEFAULT_DATA_URL` in src/lib.rs (a browser test checks that the graph
  // is requested once).
  const fallback = new URL('data/jiaxing-2023-03-17.json', location.href).href;
  const data = new URL(named ?? fallback, location.href).href;
  // The theme as the app picks it: `?theme=light|dark`, else the system's; set now, so that the
  // page and the picture below have the app's colours before the app has started.
  const asked = params.get('theme');
  const theme = asked === 'light' || asked === 'dark' ? asked : matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  document.documentElement.dataset.theme = theme;
  // The page holds a picture of the default graph's first frame (`cargo xtask first-paint`),
  // shown until the app has drawn. It is hidden at once when the app will draw something else:
  // an entity in focus, another arrangement or interface, or a view from the URL's fragment.
  // For another graph, its box stays empty until the app draws that graph's first frame there
  // (`src/early.rs`).
  const otherView = ['focus', 'layout'].some((k) => (params.get(k) ?? '').trim() !== '')
    || !['', 'full'].includes((params.get('chrome') ?? '').trim()) || location.hash.length > 1;
  if (otherView) document.documentElement.classList.add('kg-no-first-paint');
  else if (data !== fallback) document.documentElement.classList.add('kg-other-graph');
  // The interface's language as the app picks it (`initial_lang` in src/i18n.rs): `?lang=`, else
  // the browser's first Chinese or English language, else Traditional Chinese. Set now because
  // the toolbars' words decide how narrow a window can be before they wrap onto more lines and
  // push the canvas down, and the style sheet hides the picture below that width.
  const langOf = (tag) => {
    const t = String(tag).toLowerCase();
    if (t.startsWith('zh-hant') || ['zh-tw', 'zh-hk', 'zh-mo'].includes(t)) return 'zh-Hant';
    if (t.startsWith('zh')) return 'zh-Hans';
    return t.startsWith('en') ? 'en' : null;
  };
  document.documentElement.lang = langOf(params.get('lang') ?? '')
    ?? [...(navigator.languages ?? [])].map(langOf).find((l) => l !== null) ?? 'zh-Hant';
  const graph = fetch(data);
  // The app reports a failed fetch itself; this handler only keeps an unused one from being
  // logged as an unhandled rejection.
  graph.catch(() => {});
  // All of a graph file of up to 4 MB, when it came within a quarter of a second of its headers
  // (else false): the app then reads and draws it before it builds its interface (src/early.rs),
  // from these bytes; a larger or slower one is read as it downloads, with its progress shown.
  // They are a copy of the body, read to its end, made only where the app may draw so: another
  // graph than the default, on a page of its own (not in a frame, where the app never does), in
  // a window where the page shows the box that frame is drawn in. The style sheet hides that box
  // in a window too narrow for the toolbars to keep to one line (in English sooner than in
  // Chinese); it is asked with a probe shaped as the box will be once it holds the frame.
  const boxShown = () => {
    const probe = document.createElement('div');
    probe.className = 'kg-first-paint';
    probe.append(document.createElement('canvas'));
    document.documentElement.append(probe);
    const shown = getComputedStyle(probe).display !== 'none';
    probe.remove();
    return shown;
  };
  const mayDrawEarly = !otherView && data !== fallback && window.parent === window && boxShown();
  let answered = !mayDrawEarly;
  // The bytes read, until the app takes them (this page keeps no copy of the file after that).
  let body = null;
  const complete = !mayDrawEarly ? Promise.resolve(false) : graph.then((response) => new Promise((resolve) => {
    answered = true;
    const size = Number(response.headers.get('content-length'));
    if (!response.ok || !(size > 0 && size <= 4 << 20)) return resolve(false);
    // Past the quarter of a second the download is left to the app, which shows its progress.
    let late = false;
    setTimeout(() => {
      late = true;
      resolve(false);
    }, 250);
    response.clone().arrayBuffer().then((bytes) => {
      if (late) return;
      body = bytes;
      resolve(true);
    }, () => resolve(false));
  }), () => false);
  window.__kgPrefetch = { url: data, response: graph };
  // Read by the app once its module has started (`app::early_scene`): a getter, so that the
  // headers are waited for 100 ms from then at most; a slower server's graph is loaded by the
  // interface, which says what it is waiting for.
  Object.defineProperty(window.__kgPrefetch, 'whole', {
    get: () => new Promise((resolve) => {
      setTimeout(() => { if (!answered) resolve(false); }, 100);
      complete.then((whole) => {
        const bytes = whole ? body : false;
        body = null;
        resolve(bytes);
      });
    }),
  });
  const wasm = fetch(new URL('./kgviz_bg.wasm', here));
  // The labels' font (`LABEL_FONT` in src/render2d.rs) and colours (`LIGHT` and `DARK` there).
  const LABEL_FONT = '12px "Noto Sans CJK SC", "Noto Sans CJK TC", "Source Han Sans SC", "PingFang SC", "PingFang TC", "Microsoft YaHei", "Microsoft JhengHei", "WenQuanYi Micro Hei", sans-serif';
  const LABEL_COLOURS = { light: { fill: '#222222', halo: '#ffffff' }, dark: { fill: '#e8e8e8', halo: '#15171a' } };
  // The first CJK text drawn on a canvas makes the browser look up and open the system's CJK font
  // (~25 ms here); doing it now, while the module downloads, takes that off the first frame.
  try {
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = LABEL_FONT;
    ctx.measureText('知識圖譜人物組織事件');
  } catch (e) {
    // Only a warm-up.
  }
  // A small graph's labels are rasterized ahead in a worker (`label-warmup.js`).
  graph.then(async (response) => {
    const size = Number(response.headers.get('content-length'));
    if (!response.ok || !(size > 0 && size < 256 * 1024) || typeof OffscreenCanvas === 'undefined') return;
    const bytes = await response.clone().arrayBuffer();
    const colours = LABEL_COLOURS[theme];
    const worker = new Worker(new URL('./label-warmup.js', here));
    worker.postMessage({ bytes, font: LABEL_FONT, ...colours, ratio: Math.max(devicePixelRatio, 1) }, [bytes]);
  }).catch(() => {});
  // The app mounts on the page's body, which the browser reads after this script.
  const parsed = document.readyState === 'loading'
    ? new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }))
    : Promise.resolve();
  try {
    const { default: init } = await import(new URL('./kgviz.js', here).href);
    await parsed;
    await init({ module_or_path: wasm });
  } catch (error) {
    // A module or glue that did not come or does not compile (a broken deployment, a proxy's
    // error page): said on the page rather than left at "Loading the viewer…". A trap in the
    // app's own start is an internal error, as anywhere else.
    if (error instanceof WebAssembly.RuntimeError) showTrap(error);
    else showFatal(`The viewer could not start: ${error}`);
  }
})();
