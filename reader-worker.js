// Starts the reader worker (files of other formats and broken files, read for the page): loads
// wasm-bindgen's no-modules glue, then the worker's WebAssembly, both beside this file (relative
// URLs, so a sub-path deployment works), as `layout-worker.js` does for the layout worker.
importScripts('./reader_worker.js');
wasm_bindgen({ module_or_path: './reader_worker_bg.wasm' });
