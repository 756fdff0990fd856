//! The reader web worker: reads, whole, a file the page's own reader gave back (another format,
//! XML, a broken file; see `kg_core::handoff`) with the core's whole-file loader, and sends the
//! result back. A binary of its own, so that the app's module carries none of those readers;
//! the page starts it only for such a file (`src/reader_client.rs`).

use js_sys::{Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn set(o: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(o, &key.into(), value);
}

/// Installs the message handler, then says `ready`.
pub fn run() {
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else { return };
    let replies = scope.clone();
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        let get = |k: &str| Reflect::get(&data, &k.into()).unwrap_or(JsValue::UNDEFINED);
        if get("type").as_string().as_deref() != Some("read") {
            return;
        }
        let text = get("text").as_string().unwrap_or_default();
        let max_bytes = get("maxBytes").as_f64().map_or(kg_core::load::DEFAULT_MAX_BYTES, |m| m as usize);
        let result = kg_core::load::load_str_with_cap(&text, max_bytes);
        drop(text);
        let message = kg_core::handoff::to_message(result);
        let reply = Object::new();
        set(&reply, "type", &"read".into());
        set(&reply, "meta", &message.meta.into());
        if let Some(document) = message.document {
            set(&reply, "document", &document.into());
        }
        let _ = replies.post_message(&reply);
    });
    scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    handler.forget();
    // Messages sent before this point were lost (the module was still loading), so the page
    // waits for this before it sends the file.
    let ready = Object::new();
    set(&ready, "type", &"ready".into());
    let _ = scope.post_message(&ready);
}
