//! The page's side of the reader worker (`src/reader_worker.rs`): hands it a file the page's
//! own reader gave back (another format, XML, a broken file) and waits for its
//! `kg_core::handoff::Message`. A worker is started for each such file and stopped once it has
//! answered; a page that reads only our node-link files never loads it.

use crate::worker_job::{message_type, Job};
use js_sys::{Object, Reflect};
use kg_core::handoff::{from_meta, Handed};
use kg_core::LoadError;
use wasm_bindgen::JsValue;

/// The worker's script, beside the page: `reader-worker.js` loads the worker's glue and
/// WebAssembly, which Trunk writes with `filehash = false`.
pub const WORKER_FILE: &str = "reader-worker.js";

/// Reads `text` whole (refusing it over `max_bytes`) in a reader worker from `worker_url`.
///
/// # Returns
/// The usable document as node-link JSON, for the page's own reader, with the problems and
/// format to put back ([`Handed::into_report`]); or the loader's error; or
/// [`LoadError::Unread`] when no worker could read it (it could not start, or failed).
pub async fn read(worker_url: &str, text: String, max_bytes: usize) -> Result<(String, Handed), LoadError> {
    let unread = |reason: String| LoadError::Unread { reason };
    let request = Object::new();
    let set = |k: &str, v: &JsValue| {
        let _ = Reflect::set(&request, &k.into(), v);
    };
    set("type", &"read".into());
    set("text", &JsValue::from_str(&text));
    set("maxBytes", &(max_bytes as f64).into());
    drop(text);
    // The worker, stopped however the wait ends.
    let mut job: Result<Job, String> = Err(String::new());
    let answer = js_sys::Promise::new(&mut |resolve, reject| {
        let on_message = move |data: JsValue| {
            if message_type(&data).as_deref() == Some("read") {
                let _ = resolve.call1(&JsValue::NULL, &data);
            }
        };
        let on_error = move |why: String| {
            let _ = reject.call1(&JsValue::NULL, &format!("the worker {why}").into());
        };
        job = Job::start(worker_url, request.clone().into(), on_message, on_error);
    });
    let job = job.map_err(|e| unread(format!("the worker could not be started ({e})")))?;
    let data = wasm_bindgen_futures::JsFuture::from(answer)
        .await
        .map_err(|reason| unread(reason.as_string().unwrap_or_else(|| format!("{reason:?}"))))?;
    drop(job);
    let field = |k: &str| Reflect::get(&data, &k.into()).ok().and_then(|v| v.as_string());
    let handed = from_meta(&field("meta").unwrap_or_default())?;
    let document = field("document").ok_or_else(|| unread("the worker sent no document".into()))?;
    Ok((document, handed))
}
