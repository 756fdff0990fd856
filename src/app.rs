//! The root Yew component: loads the graph named by the URL (or the default one), then shows the
//! counts, the legend, the network on a canvas, the loader's warnings and an accessible list of
//! entities; or, when loading fails, a readable error panel.

use crate::embed::{resolve, Bus, Chrome, Host, Options};
use crate::i18n::{initial_lang, Lang};
use kg_core::protocol::{Command, Source};
use std::cell::RefCell;
use crate::view::GraphView;
use kg_core::load::Severity;
use kg_core::sliced::{SlicedLoad, Step};
use kg_core::{LoadError, LoadReport};
use kg_core::Scene;
use std::rc::Rc;
use yew::prelude::*;

/// How many of a file's problems are logged to the console and listed on the page.
pub const MAX_LOGGED_PROBLEMS: usize = 50;

/// Where loading stands.
#[derive(Clone)]
enum LoadState {
    /// Downloading (`received` bytes of `total`, when the server said), then reading (`done` of
    /// `total` units of the loader's work, see [`kg_core::sliced::Step`]).
    Loading { url: String, received: usize, total: Option<usize>, reading: Option<(usize, usize)> },
    Failed { url: String, message: String },
    Ready { url: String, scene: Rc<Scene> },
}

impl PartialEq for LoadState {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (LoadState::Loading { url: a, received: r, total: t, reading: g }, LoadState::Loading { url: b, received: r2, total: t2, reading: g2 }) => {
                a == b && r == r2 && t == t2 && g == g2
            }
            (LoadState::Failed { url: a, message: m }, LoadState::Failed { url: b, message: n }) => a == b && m == n,
            (LoadState::Ready { scene: a, .. }, LoadState::Ready { scene: b, .. }) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// The size cap in bytes: the page's `max-mb` query parameter, or the loader's default (200 MB).
fn max_bytes() -> usize {
    let search = gloo::utils::window().location().search().unwrap_or_default();
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()
        .and_then(|p| p.get("max-mb"))
        .and_then(|v| kg_core::decimal::parse(&v))
        .filter(|mb| *mb > 0.0)
        .map_or(kg_core::load::DEFAULT_MAX_BYTES, |mb| (mb * 1e6) as usize)
}

/// How often the progress of the download (and of reading the file) is shown, at most, in
/// milliseconds.
const DOWNLOAD_PROGRESS_MS: f64 = 100.0;

/// A load's progress is shown once it has taken this long (ms): a quicker one would only flash
/// a bar, and each showing costs a render (and "reading", a painted frame) before the graph.
const PROGRESS_AFTER_MS: f64 = 250.0;

/// A promise that settles after the next paint (an animation frame, then a task).
pub(crate) async fn after_paint() {
    animation_frame().await;
    next_task().await;
}

/// A promise that settles in the next animation frame's callbacks, before that frame is painted.
pub(crate) async fn animation_frame() {
    let window = gloo::utils::window();
    let frame = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window.request_animation_frame(&resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(frame).await;
}

/// The error panel's sentence for a file over the size cap.
fn too_large(url: &str, bytes: usize, max_bytes: usize) -> String {
    let e = kg_core::LoadError::TooLarge { bytes, max_bytes };
    format!("The graph file “{url}” could not be loaded: {e} (raise the limit with ?max-mb=N)")
}

/// The sentence for a file that is not UTF-8 text.
fn not_utf8(url: &str, offset: usize) -> String {
    format!("The graph file “{url}” is not UTF-8 text (invalid byte at offset {offset})")
}

/// The most bytes copied from a downloaded chunk into the module's memory at once.
const COPY_PIECE: usize = 64 * 1024;

/// A file as received: the loader it was given to, what that loader has already made of it
/// (while the file downloaded), and its size in bytes.
struct Received {
    load: SlicedLoad,
    done: Option<Result<LoadReport, LoadError>>,
    bytes: usize,
}

/// Reads a response's body chunk by chunk, reporting progress and refusing to go past the size
/// cap (a server need not say the size up front); each chunk is given to the loader and read
/// at once, so that a large file is mostly read by the time its last byte arrives. A body the
/// server says is small is read in one piece: each chunk costs a task, and its progress would
/// not be seen. So is a body that `boot.js` has read whole already (`whole`, its bytes): a
/// second reading of it, chunk by chunk, would only cost time (~25 chunks at 10,000 nodes).
///
/// For a body read whole, the module's memory is grown once, by [`ROOM_PER_BYTE`] times its
/// size, before it is copied in (a reservation, freed at once, that the copy and the reading's
/// allocations then take their room from).
async fn read_body(response: &web_sys::Response, whole: Option<&js_sys::ArrayBuffer>, url: &str, max_bytes: usize, total: Option<usize>, reader_url: &str, progress: &dyn Fn(usize)) -> Result<Received, String> {
    use wasm_bindgen::JsCast;
    let too_large = |bytes: usize| too_large(url, bytes, max_bytes);
    if whole.is_some() || total.is_some_and(|t| t < SMALL_FILE_BYTES) {
        let bytes = match whole {
            // All of the body, read by `boot.js` already: the response's own copy of it is let go.
            Some(buffer) => {
                if let Some(body) = response.body() {
                    let _ = body.cancel();
                }
                let mut room = Vec::<u8>::new();
                let _ = room.try_reserve_exact(buffer.byte_length() as usize * ROOM_PER_BYTE);
                // (`black_box`: an allocation freed unused is otherwise left out by the compiler.)
                drop(std::hint::black_box(room));
                js_sys::Uint8Array::new(buffer).to_vec()
            }
            None => bytes_of(response).await.map_err(|e| format!("Could not read the graph file “{url}”: {e}"))?,
        };
        // The declared size is the encoded one: a compressed body can be larger once decoded.
        if bytes.len() > max_bytes {
            return Err(too_large(bytes.len()));
        }
        let size = bytes.len();
        let text = String::from_utf8(bytes).map_err(|e| not_utf8(url, e.utf8_error().valid_up_to()))?;
        return Ok(Received { load: SlicedLoad::new(text, max_bytes), done: None, bytes: size });
    }
    let mut load = SlicedLoad::streaming(max_bytes, total);
    let Some(body) = response.body() else {
        load.end_of_input().map_err(|at| not_utf8(url, at))?;
        return Ok(Received { load, done: None, bytes: 0 });
    };
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut chunk: Vec<u8> = Vec::new();
    let mut received = 0;
    let mut done = None;
    let mut shown = f64::NEG_INFINITY;
    let mut slice_started = crate::view::now_ms();
    loop {
        let next = wasm_bindgen_futures::JsFuture::from(reader.read()).await.map_err(|e| format!("Could not read the graph file “{url}”: {e:?}"))?;
        if js_sys::Reflect::get(&next, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true) {
            break;
        }
        let Ok(value) = js_sys::Reflect::get(&next, &"value".into()) else { break };
        let value: js_sys::Uint8Array = value.unchecked_into();
        let length = value.length() as usize;
        if received + length > max_bytes {
            let _ = reader.cancel();
            return Err(too_large(received + length));
        }
        // Copied over in pieces of at most `COPY_PIECE` bytes: a chunk can be the whole file,
        // and a copy of it beside the loader's would be held (and the memory kept) until the end.
        let mut from = 0;
        while from < length {
            let to = (from + COPY_PIECE).min(length);
            let piece = value.subarray(from as u32, to as u32);
            chunk.resize(to - from, 0);
            piece.copy_to(&mut chunk);
            if let Err(at) = load.push(&chunk) {
                let _ = reader.cancel();
                return Err(not_utf8(url, at));
            }
            from = to;
        }
        received += length;
        let now = crate::view::now_ms();
        if now - shown >= DOWNLOAD_PROGRESS_MS {
            shown = now;
            progress(received);
        }
        // What has arrived is read while the rest is on its way (the download's progress is
        // what the page shows meanwhile).
        if done.is_none() {
            done = read_given(&mut load, reader_url, &|_, _| {}).await;
        }
        // Chunks that have already arrived are handed over at once (not in tasks of their
        // own): the page gets the thread back between slices of reading all the same.
        if crate::view::now_ms() - slice_started >= SLICE_MS.get() {
            next_task().await;
            slice_started = crate::view::now_ms();
        }
    }
    load.end_of_input().map_err(|at| not_utf8(url, at))?;
    Ok(Received { load, done, bytes: received })
}

/// Fetches and loads the graph, taking the request `boot.js` started when it is for this URL;
/// every failure becomes a sentence for the error panel. For a file of 1 MB or more (or of
/// unknown size) that takes longer than [`PROGRESS_AFTER_MS`], the download's progress goes to
/// `state`, then "reading" is shown (and painted) before the graph is parsed, and its progress.
async fn fetch_scene(url: &str, reader: &str, state: &UseStateHandle<LoadState>) -> Result<Rc<Scene>, String> {
    // Read already, before the interface was built (`crate::early`).
    if let Some(read) = crate::early::take() {
        return read;
    }
    let started = crate::view::now_ms();
    let response = match prefetched(url) {
        Some(started) => wasm_bindgen_futures::JsFuture::from(started)
            .await
            .map(wasm_bindgen::JsCast::unchecked_into::<web_sys::Response>)
            .map_err(|e| unfetched(url, &e))?,
        None => fetch(url).await.map_err(|e| format!("Could not fetch the graph file “{url}”: {e}"))?,
    };
    scene_of_response(response, None, url, reader, started, &|s| state.set(s)).await.map(Rc::new)
}

/// The page's own graph read before the interface is built, from the request `boot.js` started:
/// the scene, or why there is none (the message the app shows). When `boot.js` has all of the
/// body already (`whole`, its bytes: a file of at most 4 MB, in by a quarter of a second after
/// its headers, which came by 100 ms after this asked), it is read in one task. Any other file
/// (larger, of unknown size, slower to come, or a failed request) is read here too, as it
/// downloads, a slice at a time, with its progress shown in the page's status line in `lang`
/// (as the interface shows it, see [`show_in_page`]): the interface, its render and the
/// browser's layout of it (~50 ms of the page's thread at 100,000 nodes, while that thread also
/// paces the download) come after the graph's first frame; `canvas`, the early frame's, is
/// taken out of the page meanwhile. `None` leaves the request for [`fetch_scene`] (`boot.js`
/// made none for this URL).
pub(crate) async fn early_scene(url: &str, reader: &str, lang: Lang, canvas: &web_sys::Element) -> Option<Result<Scene, String>> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    // The body of `boot.js`'s request when it has all of it, else `false` (it asked for this
    // URL, which `prefetched` checks).
    let slot = js_sys::Reflect::get(&gloo::utils::window(), &"__kgPrefetch".into()).ok()?;
    let whole: js_sys::Promise = js_sys::Reflect::get(&slot, &"whole".into()).ok()?.dyn_into().ok()?;
    let whole: Option<js_sys::ArrayBuffer> = JsFuture::from(whole).await.ok().and_then(|w| w.dyn_into().ok());
    let started = crate::view::now_ms();
    let show = |state: LoadState| show_in_page(&state, lang);
    if whole.is_none() {
        canvas.remove();
        // Said at once, as the interface would: the headers may be slow to come.
        show(LoadState::Loading { url: url.to_string(), received: 0, total: None, reading: None });
    }
    let response = match JsFuture::from(prefetched(url)?).await {
        Ok(response) => response.unchecked_into(),
        Err(e) => return Some(Err(unfetched(url, &e))),
    };
    // A whole body in one task: nothing else is on the page yet, and each slice's handover lets
    // in the browser's own tasks (the favicon, a frame of the empty page, a test driver's
    // scripts), which held the graph back by 60-90 ms at 10,000 nodes (`tests/perf/phases.mjs`
    // with the marks of `tests/perf/marks.patch`).
    if whole.is_some() {
        SLICE_MS.set(f64::INFINITY);
    }
    let scene = scene_of_response(response, whole.as_ref(), url, reader, started, &show).await;
    SLICE_MS.set(READ_SLICE_MS);
    Some(scene)
}

/// Reads a graph file's response into a scene, saying its progress through `show` (a large
/// file's download and reading, once the load begun at `started` has taken
/// [`PROGRESS_AFTER_MS`]).
async fn scene_of_response(response: web_sys::Response, whole: Option<&js_sys::ArrayBuffer>, url: &str, reader: &str, started: f64, show: &dyn Fn(LoadState)) -> Result<Scene, String> {
    let max_bytes = max_bytes();
    let late = || crate::view::now_ms() - started >= PROGRESS_AFTER_MS;
    if !response.ok() {
        return Err(format!(
            "Could not fetch the graph file “{url}”: the server answered {} {}",
            response.status(),
            response.status_text()
        ));
    }
    // Refuse an oversized file before downloading it when the server says its size.
    let declared = response.headers().get("content-length").ok().flatten().and_then(|v| v.parse::<usize>().ok());
    if let Some(bytes) = declared.filter(|&b| b > max_bytes) {
        // The download may already be under way (`boot.js` starts it): stop it.
        if let Some(body) = response.body() {
            let _ = body.cancel();
        }
        return Err(too_large(url, bytes, max_bytes));
    }
    // A large file is read in slices, with tasks between them: the page's task channel is made
    // now, while the body is on its way (making the first `MessageChannel` takes the browser
    // ~10 ms). A small file needs none, nor a file read in one task (the early frame's, whose
    // body has all arrived: the channel would only hold its frame back, and is made on first
    // use after it).
    if SLICE_MS.get().is_finite() && declared.is_none_or(|b| b >= SMALL_FILE_BYTES) {
        TASKS.with(|_| ());
    }
    let loading = |received: usize, reading: Option<(usize, usize)>| LoadState::Loading { url: url.to_string(), received, total: declared, reading };
    // A small file is read in a moment: showing its progress would only cost renders.
    let shows_progress = declared.is_none_or(|b| b >= SMALL_FILE_BYTES);
    let Received { mut load, done, bytes: received } = read_body(&response, whole, url, max_bytes, declared, reader, &|received| {
        if shows_progress && late() {
            show(loading(received, None));
        }
    })
    .await?;
    let report = match done {
        Some(report) => report,
        None => {
            // "Reading" is shown (and painted) when much of the file is left to read: not when
            // it was read as it downloaded.
            let (done, total) = load.progress();
            if received >= SMALL_FILE_BYTES && late() && done < total / 10 * 8 {
                show(loading(received, Some((done, total))));
                after_paint().await;
            }
            read_to_end(&mut load, reader, &|done, total| {
                if late() {
                    show(loading(received, Some((done, total))));
                }
            })
            .await
        }
    };
    scene_from_report(report, url, received < SMALL_FILE_BYTES || SLICE_MS.get().is_infinite()).await
}

/// The request for `url` that `boot.js` started before the module ran (so that the graph
/// downloads while the module compiles), taken once; `None` when it asked for another URL or
/// there is none (a host page's viewer, a later graph).
fn prefetched(url: &str) -> Option<js_sys::Promise> {
    use wasm_bindgen::JsCast;
    let window = gloo::utils::window();
    let key = wasm_bindgen::JsValue::from_str("__kgPrefetch");
    let slot = js_sys::Reflect::get(&window, &key).ok().filter(|v| v.is_object())?;
    let _ = js_sys::Reflect::delete_property(&window, &key);
    let asked = resolve(url, &window.location().href().unwrap_or_default());
    let started = js_sys::Reflect::get(&slot, &"url".into()).ok()?.as_string()?;
    if started != asked {
        return None;
    }
    js_sys::Reflect::get(&slot, &"response".into()).ok()?.dyn_into::<js_sys::Promise>().ok()
}

/// Why a graph could not be fetched, from the request's error.
fn unfetched(url: &str, e: &wasm_bindgen::JsValue) -> String {
    format!("Could not fetch the graph file “{url}”: {}", js_error_text(e))
}

/// What the page says of a load in progress: a sentence, and a bar when the amount is known.
struct LoadStatus {
    said: String,
    bar: Option<Bar>,
}

/// A progress bar: its element id, how far, of how much, and what it measures.
struct Bar {
    id: &'static str,
    value: usize,
    max: usize,
    label: &'static str,
}

impl LoadStatus {
    /// The status of a load of `url` that has `received` bytes of `total` (when the server said),
    /// and when reading what is left, `done` of `of` units of the loader's work.
    fn of(t: &crate::i18n::Text, url: &str, received: usize, total: Option<usize>, reading: Option<(usize, usize)>) -> LoadStatus {
        let mb = |b: usize| kg_core::decimal::fixed(b as f64 / 1e6, 1).to_string();
        let said = match (reading, total) {
            (Some(_), _) => format!("{} {url} ({} MB) …", t.reading, mb(received)),
            (None, Some(total)) => format!("{} {url}: {} / {} MB", t.loading, mb(received), mb(total)),
            (None, None) => format!("{} {url}: {} MB", t.loading, mb(received)),
        };
        let bar = match (reading, total) {
            (Some((done, of)), _) => Some(Bar { id: "read-progress", value: done, max: of, label: t.reading }),
            (None, Some(total)) => Some(Bar { id: "load-progress", value: received, max: total, label: t.loading }),
            (None, None) => None,
        };
        LoadStatus { said, bar }
    }
}

/// Shows a load's progress in the page's own status line (`#load-status` in `index.html`, until
/// the interface is built in its place) as the interface shows it: the same words, element ids
/// and bar. The URL is set as text, never as markup.
fn show_in_page(state: &LoadState, lang: Lang) {
    let LoadState::Loading { url, received, total, reading } = state else { return };
    let document = gloo::utils::document();
    let (Ok(Some(line)), Ok(Some(progress))) = (document.query_selector("#load-status p"), document.query_selector("#load-status progress")) else {
        return;
    };
    let LoadStatus { said, bar } = LoadStatus::of(lang.text(), url, *received, *total, *reading);
    line.set_text_content(Some(&said));
    // A load whose size is unknown has no bar, from its start to its end: the bar stays hidden.
    if let Some(bar) = bar {
        progress.set_id(bar.id);
        let _ = progress.set_attribute("max", &bar.max.to_string());
        let _ = progress.set_attribute("value", &bar.value.to_string());
        let _ = progress.set_attribute("aria-label", bar.label);
        let _ = progress.remove_attribute("hidden");
    }
}

/// Fetches `url` with a plain GET: the response, whatever its status, or why there is none (as
/// `TypeError: Failed to fetch`).
pub(crate) async fn fetch(url: &str) -> Result<web_sys::Response, String> {
    let response = wasm_bindgen_futures::JsFuture::from(gloo::utils::window().fetch_with_str(url)).await.map_err(|e| js_error_text(&e))?;
    Ok(wasm_bindgen::JsCast::unchecked_into(response))
}

/// A response's body as text.
pub(crate) async fn text_of(response: &web_sys::Response) -> Result<String, String> {
    let promise = response.text().map_err(|e| js_error_text(&e))?;
    let text = wasm_bindgen_futures::JsFuture::from(promise).await.map_err(|e| js_error_text(&e))?;
    Ok(text.as_string().unwrap_or_default())
}

/// A response's body as bytes.
async fn bytes_of(response: &web_sys::Response) -> Result<Vec<u8>, String> {
    let promise = response.array_buffer().map_err(|e| js_error_text(&e))?;
    let buffer = wasm_bindgen_futures::JsFuture::from(promise).await.map_err(|e| js_error_text(&e))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// A rejection's text, as `TypeError: Failed to fetch`.
fn js_error_text(e: &wasm_bindgen::JsValue) -> String {
    use wasm_bindgen::JsCast;
    match e.dyn_ref::<js_sys::Error>() {
        Some(error) => format!("{}: {}", String::from(error.name()), String::from(error.message())),
        None => e.as_string().unwrap_or_else(|| format!("{e:?}")),
    }
}

/// The room a body read whole is given in the module's memory at once, in bytes per byte of
/// it: its copy and the reading's records and index (at 10,000 nodes ~2.5 times the file's
/// size by the time the interface is up). Grown allocation by allocation instead, the memory
/// grew five more times during that file's reading, and a growth then held the page's thread
/// for up to 18 ms, 3.7 ms a load on average (`wasm.GrowMemory` in `tests/perf/trace.mjs`'s
/// traces); with this room, once more, and never for over 0.1 ms in 27 traced loads (all the
/// growths of a load together). The cost: the memory grows by whole requests where it has some
/// room left, 0.4 MB more at 10,000 nodes (4.3 → 4.7 MB); three times the size avoided that
/// growth too but kept 1.2 MB more.
const ROOM_PER_BYTE: usize = 2;

/// Files smaller than this are read, built and shown without giving the browser the thread in
/// between: they take milliseconds, and each handover costs a task (and showing "reading", a
/// frame) before the graph appears.
const SMALL_FILE_BYTES: usize = 1 << 20;

/// How long one slice of reading may run before the page gets the thread back, in ms.
pub(crate) const READ_SLICE_MS: f64 = 30.0;

thread_local! {
    /// How long the page's reading runs before it gives the thread back: [`READ_SLICE_MS`], but
    /// for the early frame's file (`early_scene`), read and built in one task.
    static SLICE_MS: std::cell::Cell<f64> = const { std::cell::Cell::new(READ_SLICE_MS) };
}

/// Records read between two looks at the clock.
const RECORDS_PER_STEP: usize = 256;

/// The page's channel for posting itself tasks, and the promises waiting for them (in order).
struct TaskChannel {
    port: web_sys::MessagePort,
    waiting: Rc<RefCell<std::collections::VecDeque<js_sys::Function>>>,
    _on_message: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

thread_local! {
    static TASKS: Option<TaskChannel> = task_channel();
}

fn task_channel() -> Option<TaskChannel> {
    let channel = web_sys::MessageChannel::new().ok()?;
    let waiting: Rc<RefCell<std::collections::VecDeque<js_sys::Function>>> = Rc::default();
    let queue = waiting.clone();
    let on_message = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
        let next = queue.borrow_mut().pop_front();
        if let Some(resolve) = next {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    channel.port1().set_onmessage(Some(wasm_bindgen::JsCast::unchecked_ref(on_message.as_ref())));
    Some(TaskChannel { port: channel.port2(), waiting, _on_message: on_message })
}

/// A promise that settles in a new task, so that the browser can paint and handle input. The
/// task is a message the page posts itself: a `setTimeout(0)` would wait at least 4 ms once
/// timeouts nest five deep, which a load in 30 ms slices pays on every slice.
pub(crate) async fn next_task() {
    let task = js_sys::Promise::new(&mut |resolve, _| {
        let posted = TASKS.with(|tasks| match tasks {
            Some(t) => {
                t.waiting.borrow_mut().push_back(resolve.clone());
                let posted = t.port.post_message(&wasm_bindgen::JsValue::NULL).is_ok();
                if !posted {
                    t.waiting.borrow_mut().pop_back();
                }
                posted
            }
            None => false,
        });
        if !posted {
            let _ = gloo::utils::window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(task).await;
}

/// Work done ahead in the background, in slices: `delay_ms` from now, runs `step` again and
/// again in tasks of about `slice_ms`, with a new task between them (the page paints and takes
/// input there), until it says the work is done (`Some(true)`) or that there is nothing left to
/// do it for (`None`: what it works on has been dropped). For what a large graph builds ahead
/// (its search index, incidence lists and adjacency), which at a million nodes would otherwise
/// stop the page for over half a second at a time.
pub(crate) fn in_slices(delay_ms: i32, slice_ms: f64, step: Box<dyn FnMut() -> Option<bool>>) {
    wasm_bindgen_futures::spawn_local(run_in_slices(delay_ms, slice_ms, step));
}

async fn run_in_slices(delay_ms: i32, slice_ms: f64, mut step: Box<dyn FnMut() -> Option<bool>>) {
    let delay = js_sys::Promise::new(&mut |resolve, _| {
        let _ = gloo::utils::window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, delay_ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(delay).await;
    loop {
        let started = crate::view::now_ms();
        while crate::view::now_ms() - started < slice_ms {
            if step() != Some(false) {
                return;
            }
        }
        next_task().await;
    }
}

/// Reads what `load` has been given in slices of about [`SLICE_MS`] (the page stays
/// responsive while a large file is read), reporting progress: the result once the whole file
/// is read, `None` when the loader waits for more of the file. A file that is not a well-formed
/// file of our format is read by the reader worker from `reader` (`reader_client`), and the
/// document it sends back by `load`, anew.
async fn read_given(load: &mut SlicedLoad, reader: &str, progress: &dyn Fn(usize, usize)) -> Option<Result<LoadReport, LoadError>> {
    let performance = gloo::utils::window().performance();
    let now = || performance.as_ref().map_or(0.0, |p| p.now());
    // Progress is shown as often as the download's: each showing is a render of the page.
    let mut shown = f64::NEG_INFINITY;
    // What the reader worker found, once it has read the file.
    let mut handed: Option<kg_core::handoff::Handed> = None;
    loop {
        let started = now();
        loop {
            match load.step(RECORDS_PER_STEP) {
                Step::Done(result) => return Some(result.map(|report| match handed.take() {
                    Some(handed) => handed.into_report(report),
                    None => report,
                })),
                Step::Elsewhere(text) => {
                    if handed.is_some() {
                        // Never seen: the worker writes what this reader reads (`kg_core::handoff`'s tests).
                        return Some(Err(LoadError::Unread { reason: "the page could not read the document the worker sent back".into() }));
                    }
                    match crate::reader_client::read(reader, text, max_bytes()).await {
                        Ok((document, found)) => {
                            handed = Some(found);
                            *load = SlicedLoad::new(document, usize::MAX);
                            break;
                        }
                        Err(e) => return Some(Err(e)),
                    }
                }
                Step::NeedsInput => return None,
                Step::Working { done, total } => {
                    let at = now();
                    if at - started >= SLICE_MS.get() {
                        if at - shown >= DOWNLOAD_PROGRESS_MS {
                            shown = at;
                            progress(done, total);
                        }
                        break;
                    }
                }
            }
        }
        next_task().await;
    }
}

/// [`read_given`] for a loader that has been given the whole file.
async fn read_to_end(load: &mut SlicedLoad, reader: &str, progress: &dyn Fn(usize, usize)) -> Result<LoadReport, LoadError> {
    // A loader with the whole file never waits for more; were it to, the file ended early.
    read_given(load, reader, progress).await.unwrap_or_else(|| Err(LoadError::Shape { path: "$".into(), message: "the file ended early".into() }))
}

/// Loads a graph from its text (`name` says where it came from in messages).
async fn scene_from_text(text: String, name: &str, reader: &str) -> Result<Scene, String> {
    let small = text.len() < SMALL_FILE_BYTES;
    let mut load = SlicedLoad::new(text, max_bytes());
    let report = read_to_end(&mut load, reader, &|_, _| {}).await;
    scene_from_report(report, name, small).await
}

/// Builds the scene from a loader's result, a task at a time unless `at_once` (a small file, or
/// a file read in one task).
async fn scene_from_report(report: Result<LoadReport, LoadError>, name: &str, at_once: bool) -> Result<Scene, String> {
    let mut report = report.map_err(|e| format!("The graph file “{name}” could not be loaded: {e}"))?;
    // Building the graph, the rest of the scene, the shown edges and their lanes are tasks of
    // their own (unless all is done at once): each is tens of milliseconds at 100,000 nodes.
    if !at_once {
        next_task().await;
    }
    let (format, problems) = (report.format, std::mem::take(&mut report.problems));
    let graph = kg_core::KnowledgeGraph::from_report(report);
    if !at_once {
        next_task().await;
    }
    let scene = Scene::from_graph(graph, problems, format);
    if !at_once {
        next_task().await;
    }
    // The lanes of parallel edges are assigned when the default presentation is first asked
    // for: after a large graph's first frame, which draws every edge straight (`early::draw`).
    scene.adopt_presentation_steps(kg_core::present::Presentation::in_steps(&scene.graph, false));
    Ok(scene)
}

/// Where a graph comes from.
#[derive(Clone)]
enum GraphSource {
    Url(String),
    /// JSON text given by the host page (`kg:load` with `graph`).
    Inline(Rc<String>),
}

/// Loads a graph into `state`, logging its problems, or shows why it could not be loaded; a file
/// of another format goes to the reader worker at `reader`.
fn load(state: UseStateHandle<LoadState>, source: GraphSource, reader: String) {
    let url = match &source {
        GraphSource::Url(u) => u.clone(),
        GraphSource::Inline(_) => "(graph sent by the host page)".to_string(),
    };
    let announced = matches!(&*state, LoadState::Loading { url: shown, received: 0, total: None, reading: None } if *shown == url);
    if !announced {
        state.set(LoadState::Loading { url: url.clone(), received: 0, total: None, reading: None });
    }
    wasm_bindgen_futures::spawn_local(async move {
        let result = match source {
            GraphSource::Url(u) => fetch_scene(&u, &reader, &state).await,
            GraphSource::Inline(text) => scene_from_text(text.to_string(), &url, &reader).await.map(Rc::new),
        };
        match result {
            Ok(scene) => {
                // The first problems one by one, then a count: a file with thousands of
                // warnings must not flood (and slow) the console.
                for p in scene.problems.iter().take(MAX_LOGGED_PROBLEMS) {
                    match p.severity {
                        Severity::Error => gloo::console::warn!(format!("{url}: {p}")),
                        Severity::Warning => gloo::console::info!(format!("{url}: {p}")),
                    }
                }
                if scene.problems.len() > MAX_LOGGED_PROBLEMS {
                    gloo::console::info!(format!("{url}: {} more problem(s) not logged", scene.problems.len() - MAX_LOGGED_PROBLEMS));
                }
                state.set(LoadState::Ready { url, scene });
            }
            Err(message) => {
                gloo::console::error!(message.clone());
                crate::bench::failed(&message);
                crate::end_first_paint();
                state.set(LoadState::Failed { url, message });
            }
        }
    });
}

/// The same key in the URL fragment (language and theme travel with a shared view).
fn hash_param(options: &Options, name: &str) -> Option<String> {
    if !options.use_hash {
        return None;
    }
    let spec = kg_core::viewspec::ViewSpec::from_hash(&gloo::utils::window().location().hash().unwrap_or_default());
    match name {
        "lang" => spec.lang,
        "theme" => spec.theme,
        _ => None,
    }
}

/// True when the system asks for dark colours.
fn system_prefers_dark() -> bool {
    gloo::utils::window().match_media("(prefers-color-scheme: dark)").ok().flatten().is_some_and(|m| m.matches())
}

#[derive(Properties, Clone)]
pub struct AppProps {
    pub options: Rc<Options>,
}

impl PartialEq for AppProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.options, &other.options)
    }
}

/// Reads the deployment's `embed.json` (the origins allowed to command the viewer); without
/// one, only the viewer's own origin is.
async fn load_allowlist(bus: &Bus, options: &Options) {
    let own = gloo::utils::window().location().origin().unwrap_or_default();
    let url = options.asset("embed.json");
    let Ok(response) = fetch(&url).await else { return };
    if !response.ok() {
        return;
    }
    let text = text_of(&response).await.unwrap_or_default();
    let (list, problems) = kg_core::protocol::Allowlist::parse(&own, &text);
    for p in problems {
        gloo::console::warn!(p);
    }
    bus.set_allowlist(list);
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let options = props.options.clone();
    let state = use_state(|| LoadState::Loading { url: options.data.clone(), received: 0, total: None, reading: None });
    let lang = use_state(|| initial_lang(options.lang.clone().or_else(|| hash_param(&options, "lang")).as_deref()));
    // `None` follows the system.
    let theme = use_state(|| options.theme.clone().or_else(|| hash_param(&options, "theme")).filter(|t| t == "light" || t == "dark"));
    let bus = use_memo((), {
        let host = options.host.clone();
        move |_| Bus::new(host)
    });
    let bus: Rc<Bus> = (*bus).clone();
    let dark = match theme.as_deref() {
        Some("dark") => true,
        Some(_) => false,
        None => system_prefers_dark(),
    };
    {
        let tag = lang.tag();
        let own_page = !matches!(options.host, Host::Element(_));
        use_effect_with((tag, dark), move |(tag, dark)| {
            // A viewer inside a host page leaves the page's own attributes alone.
            if own_page {
                if let Some(root) = gloo::utils::document().document_element() {
                    let _ = root.set_attribute("lang", tag);
                    let _ = root.set_attribute("data-theme", if *dark { "dark" } else { "light" });
                }
            }
        });
    }
    let t = lang.text();
    let on_lang = {
        let lang = lang.clone();
        Callback::from(move |e: Event| {
            let value = e.target_dyn_into::<web_sys::HtmlSelectElement>().map(|s| s.value()).unwrap_or_default();
            if let Some(l) = Lang::parse(&value) {
                lang.set(l);
            }
        })
    };
    let on_theme = {
        let theme = theme.clone();
        Callback::from(move |e: Event| {
            let value = e.target_dyn_into::<web_sys::HtmlSelectElement>().map(|s| s.value()).unwrap_or_default();
            theme.set((value == "light" || value == "dark").then_some(value));
        })
    };

    // A page of its own starts loading its graph during the first render: an effect would run
    // only once Yew has finished rendering, and Yew gives the browser the thread (a task or
    // more) when a render takes over 16 ms.
    let started = use_mut_ref(|| false);
    if options.host == Host::Page && !std::mem::replace(&mut *started.borrow_mut(), true) {
        load(state.clone(), GraphSource::Url(options.data.clone()), options.asset(crate::reader_client::WORKER_FILE));
    }
    // Embedded, load the graph, then take the host's commands (from allowlisted origins only).
    {
        let (state, theme, bus, options) = (state.clone(), theme.clone(), bus.clone(), options.clone());
        use_effect_with((), move |_| {
            let held: Rc<RefCell<Option<gloo::events::EventListener>>> = Rc::new(RefCell::new(None));
            let slot = held.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if options.host == Host::Page {
                    return;
                }
                // Embedded: the allowlist first, so that `kg:ready` reaches the host.
                load_allowlist(&bus, &options).await;
                let reader = options.asset(crate::reader_client::WORKER_FILE);
                load(state.clone(), GraphSource::Url(options.data.clone()), reader.clone());
                let b = bus.clone();
                *slot.borrow_mut() = crate::embed::listen(&bus, move |command| match command {
                    Command::Load(Source::Url(url)) => load(
                        state.clone(),
                        GraphSource::Url(resolve(&url, &gloo::utils::window().location().href().unwrap_or_default())),
                        reader.clone(),
                    ),
                    Command::Load(Source::Inline(text)) => load(state.clone(), GraphSource::Inline(Rc::new(text)), reader.clone()),
                    Command::Theme(t) => theme.set((t != "system").then_some(t)),
                    other => {
                        if !b.dispatch(other) {
                            b.notify(kg_core::protocol::error("no graph is shown yet"));
                        }
                    }
                });
            });
            move || drop(held)
        });
    }

    let body = match &*state {
        LoadState::Loading { url, received, total, reading } => {
            let LoadStatus { said, bar } = LoadStatus::of(t, url, *received, *total, *reading);
            html! {
                <div class="status" role="status" id="load-status">
                    <p>{ said }</p>
                    if let Some(bar) = bar {
                        <progress id={bar.id} max={bar.max.to_string()} value={bar.value.to_string()} aria-label={bar.label}></progress>
                    }
                </div>
            }
        }
        LoadState::Failed { url, message } => html! {
            <section class="error-panel" role="alert" id="load-error">
                <h2>{ "The graph could not be shown" }</h2>
                <p class="reason">{ message.clone() }</p>
                <p class="hint">{ format!("Check the file at “{url}”, or open another with ?data=URL.") }</p>
            </section>
        },
        LoadState::Ready { url, scene } => html! {
            <GraphView url={url.clone()} scene={scene.clone()} bench={crate::bench::active()} lang={*lang} dark={dark} theme={(*theme).clone()}
                options={options.clone()} bus={bus.clone()} />
        },
    };

    html! {
        <main class={classes!("kg-app", format!("chrome-{}", match options.chrome { Chrome::Full => "full", Chrome::Minimal => "minimal", Chrome::None => "none" }))}
            data-theme={if dark { "dark" } else { "light" }} lang={lang.tag()}>
            if options.chrome == Chrome::Full {
            <header class="toolbar">
                <h1>{ t.title }</h1>
                <div class="prefs">
                    <select id="language" aria-label={t.language} onchange={on_lang}>
                        { for Lang::ALL.iter().map(|l| html! { <option value={l.tag()} selected={*l == *lang}>{ l.name() }</option> }) }
                    </select>
                    <select id="theme" aria-label={t.theme} onchange={on_theme}>
                        <option value="system" selected={theme.is_none()}>{ t.theme_system }</option>
                        <option value="light" selected={theme.as_deref() == Some("light")}>{ t.theme_light }</option>
                        <option value="dark" selected={theme.as_deref() == Some("dark")}>{ t.theme_dark }</option>
                    </select>
                </div>
            </header>
            }
            { body }
        </main>
    }
}

