//! The browser app's entry point: installs the panic hook and mounts the Yew app. On native
//! targets this binary only explains where the app lives; the native tools are in `kg-core`.

#[cfg(target_arch = "wasm32")]
fn main() {
    kgviz::start();
}

/// `mount(element, options)`, exported to JavaScript for host pages (see `embed.js`).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn mount(element: web_sys::HtmlElement, options: wasm_bindgen::JsValue) {
    kgviz::mount(element, &options);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("kgviz is a WebAssembly app: serve it with `cargo xtask serve`; the native CLI is `cargo run --bin kg`.");
}
