//! The page's side of the reader worker (`src/reader_worker.rs`): hands it a file the page's
//! own reader gave back (another format, XML, a broken file) and waits for its
//! `kg_core::handoff::Message`. A worker is started for each such file and stopped once it has
//! answered; a page that reads only our node-link files never loads it.

use js_sys::{Object, Reflect};
use kg_core::handoff::{from_meta, Handed};
use kg_core::LoadError;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker};

/// The worker's script, beside the page: `reader-worker.js` loads the worker's glue and
/// WebAssembly, which Trunk writes with `filehash = false`.
pub const WORKER_FILE: &str = "reader-worker.js";

/// The worker's message and error handlers, kept alive until it has answered.
type Handlers = (Closure<dyn FnMut(MessageEvent)>, Closure<dyn FnMut(JsValue)>);

/// Stops the worker however the wait ends.
struct Running(Worker);

impl Drop for Running {
    fn drop(&mut self) {
        self.0.terminate();
    }
}

/// Reads `text` whole (refusing it over `max_bytes`) in a new reader worker from `worker_url`.
///
/// # Returns
/// The usable document as node-link JSON, for the page's own reader, with the problems and
/// format to put back ([`Handed::into_report`]); or the loader's error; or
/// [`LoadError::Unread`] when no worker could read it (it could not start, or failed).
pub async fn read(worker_url: &str, text: String, max_bytes: usize) -> Result<(String, Handed), LoadError> {
    let unread = |reason: String| LoadError::Unread { reason };
    let worker = Running(Worker::new(worker_url).map_err(|e| unread(format!("the worker could not be started ({e:?})")))?);
    let request = Object::new();
    let set = |k: &str, v: &JsValue| {
        let _ = Reflect::set(&request, &k.into(), v);
    };
    set("type", &"read".into());
    set("text", &JsValue::from_str(&text));
    set("maxBytes", &(max_bytes as f64).into());
    drop(text);
    let mut handlers: Option<Handlers> = None;
    let answer = js_sys::Promise::new(&mut |resolve, reject| {
        let sender = worker.0.clone();
        let request = request.clone();
        let failed = reject.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let data = event.data();
            match Reflect::get(&data, &"type".into()).ok().and_then(|t| t.as_string()).as_deref() {
                // The worker's module has loaded: it can take the file now.
                Some("ready") => {
                    if let Err(e) = sender.post_message(&request) {
                        let _ = failed.call1(&JsValue::NULL, &format!("the file could not be sent to the worker ({e:?})").into());
                    }
                }
                Some("read") => {
                    let _ = resolve.call1(&JsValue::NULL, &data);
                }
                _ => {}
            }
        });
        let on_error = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
            let _ = reject.call1(&JsValue::NULL, &"the worker could not start, or stopped with an error".into());
        });
        worker.0.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.0.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        handlers = Some((on_message, on_error));
    });
    let data = wasm_bindgen_futures::JsFuture::from(answer)
        .await
        .map_err(|reason| unread(reason.as_string().unwrap_or_else(|| format!("{reason:?}"))))?;
    drop(worker);
    drop(handlers);
    let field = |k: &str| Reflect::get(&data, &k.into()).ok().and_then(|v| v.as_string());
    let handed = from_meta(&field("meta").unwrap_or_default())?;
    let document = field("document").ok_or_else(|| unread("the worker sent no document".into()))?;
    Ok((document, handed))
}
