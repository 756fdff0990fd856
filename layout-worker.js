// Starts the layout worker: loads wasm-bindgen's no-modules glue, then the worker's WebAssembly,
// both beside this file (relative URLs, so a sub-path deployment works). Trunk's own loader shim
// calls the glue with the old, deprecated argument form, which logs a warning in every page.
importScripts('./layout_worker.js');
wasm_bindgen({ module_or_path: './layout_worker_bg.wasm' });
