// Starts the viewer's own page. A file rather than an inline script, so that the page runs under
// a strict Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval'); Trunk's own inline
// loader is turned off in Trunk.toml (inject_scripts = false).
import init from './kgviz.js';

await init({ module_or_path: new URL('./kgviz_bg.wasm', import.meta.url) });
