//! The peer benchmark's `window.__bench` contract (version 1, see
//! `../shared/peerbench/README.md`): when the page is opened with `?graph=URL`, it announces
//! itself, loads that graph at the standard initial positions without laying it out, reports its
//! first frame, and offers `setView`, `layout(n)` and `memory()` to the driver.

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

fn window() -> JsValue {
    gloo::utils::window().into()
}

fn bench_object() -> Option<JsValue> {
    Reflect::get(&window(), &"__bench".into()).ok().filter(|v| v.is_object())
}

/// Sets a field of `window.__bench`.
pub fn set(key: &str, value: &JsValue) {
    if let Some(b) = bench_object() {
        let _ = Reflect::set(&b, &key.into(), value);
    }
}

/// True when the page runs under the benchmark (a `graph` query parameter).
pub fn active() -> bool {
    let search = gloo::utils::window().location().search().unwrap_or_default();
    web_sys::UrlSearchParams::new_with_str(&search).ok().and_then(|p| p.get("graph")).is_some()
}

/// Creates `window.__bench` in the loading state, first thing, when the benchmark is running.
pub fn announce() {
    if !active() {
        return;
    }
    let b = Object::new();
    for (k, v) in [
        ("contract", JsValue::from_f64(1.0)),
        ("peer", "kgviz".into()),
        ("version", env!("CARGO_PKG_VERSION").into()),
        ("renderer", "canvas2d".into()),
        ("status", "loading".into()),
        ("error", JsValue::NULL),
        ("renderCount", JsValue::from_f64(0.0)),
    ] {
        let _ = Reflect::set(&b, &k.into(), &v);
    }
    let _ = Reflect::set(&window(), &"__bench".into(), &b);
}

/// Reports a failure to load.
pub fn failed(message: &str) {
    set("error", &message.into());
    set("status", &"error".into());
}

/// Counts one drawn frame.
pub fn count_render() {
    if let Some(b) = bench_object() {
        let n = Reflect::get(&b, &"renderCount".into()).ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
        let _ = Reflect::set(&b, &"renderCount".into(), &JsValue::from_f64(n + 1.0));
    }
}

/// The bytes of this module's WebAssembly memory (the layout worker has its own, not counted).
pub fn wasm_memory_bytes() -> f64 {
    let memory = wasm_bindgen::memory();
    Reflect::get(&memory, &"buffer".into())
        .and_then(|b| Reflect::get(&b, &"byteLength".into()))
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0)
}
