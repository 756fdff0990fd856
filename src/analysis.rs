//! Computes what the toolbar sizes and colours nodes by (a centrality measure, the communities)
//! and the arranged layouts (hierarchy, radial) in a worker of its own, for every graph, so
//! that the page never stops for them: betweenness at 100,000 nodes took 7 s of the main
//! thread, the communities 0.8 s. The worker runs the layout worker's binary
//! (`src/layout_worker.rs`, message `analyse`) and the core's code for them
//! (`kg_core::query::centrality_values`, `communities_of`, `kg_core::arrange::radial_on`,
//! `hierarchy_on`), which the app's own module then need not hold.
//!
//! A worker takes ~200 ms to start (its module compiled and instantiated), most of the wait for
//! a result on a small graph. [`prepare`] starts one ahead, when the person shows an intent
//! (the pointer or the focus comes to the toolbar), and the next [`start`] takes it: the choice
//! that follows a moment later then waits only for the computation.

use js_sys::{Float32Array, Object, Reflect, Uint32Array};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker};

/// What a worker found.
pub enum Outcome {
    /// One value per node (a centrality measure), or two (x, y: an arrangement).
    Values(Vec<f32>),
    /// One community number per node, largest community first.
    Groups(Vec<u32>),
}

/// A computation under way; dropping it stops the worker.
pub struct Analysis {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

impl Drop for Analysis {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// A worker started ahead of a computation, kept until [`start`] takes it.
struct Spare {
    url: String,
    worker: Worker,
    /// Its module has loaded (it said `ready`).
    ready: Rc<Cell<bool>>,
    /// It could not start (its script or module failed to load).
    failed: Rc<Cell<bool>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

thread_local! {
    static SPARE: RefCell<Option<Spare>> = const { RefCell::new(None) };
}

/// Starts a worker from `worker_url` for the next computation, unless one is already waiting:
/// cheap to call on every sign of intent. A worker that cannot start is not reported here; the
/// computation asked for next reports it.
pub fn prepare(worker_url: &str) {
    SPARE.with(|spare| {
        let mut spare = spare.borrow_mut();
        if spare.as_ref().is_some_and(|s| s.url == worker_url && !s.failed.get()) {
            return;
        }
        if let Some(old) = spare.take() {
            old.worker.terminate();
        }
        let Ok(worker) = Worker::new(worker_url) else { return };
        let (ready, failed) = (Rc::new(Cell::new(false)), Rc::new(Cell::new(false)));
        let said = ready.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            if Reflect::get(&event.data(), &"type".into()).ok().and_then(|t| t.as_string()).as_deref() == Some("ready") {
                said.set(true);
            }
        });
        let broke = failed.clone();
        let on_error = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| broke.set(true));
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        *spare = Some(Spare { url: worker_url.to_string(), worker, ready, failed, _on_message: on_message, _on_error: on_error });
    });
}

/// The worker [`prepare`] started from `worker_url`, and whether it is ready; `None` when there
/// is none (or it failed, and is stopped).
fn take_spare(worker_url: &str) -> Option<(Worker, bool)> {
    let spare = SPARE.with(|s| s.borrow_mut().take())?;
    if spare.url != worker_url || spare.failed.get() {
        spare.worker.terminate();
        return None;
    }
    Some((spare.worker.clone(), spare.ready.get()))
}

/// Starts computing `what` (`degree`, `betweenness`, `pagerank`, `communities`, or `radial`
/// around `centre`) of the undirected graph of `nodes` nodes and `edges` (flattened pairs), or
/// the `hierarchy` of `nodes` nodes from (node, parent) pairs in `edges` and the events in time
/// order in `events`, in a worker from `worker_url` (the one [`prepare`] started, or a new one);
/// `on_done` gets the result, or an error message.
pub fn start(
    worker_url: &str,
    what: &'static str,
    centre: Option<u32>,
    nodes: usize,
    edges: &[u32],
    events: &[u32],
    on_done: impl FnOnce(Result<Outcome, String>) + 'static,
) -> Result<Analysis, String> {
    let (worker, ready) = match take_spare(worker_url) {
        Some(taken) => taken,
        None => (Worker::new(worker_url).map_err(|e| format!("{e:?}"))?, false),
    };
    let request = Object::new();
    let set = |k: &str, v: &JsValue| {
        let _ = Reflect::set(&request, &k.into(), v);
    };
    set("type", &"analyse".into());
    set("what", &what.into());
    set("nodes", &(nodes as f64).into());
    if let Some(c) = centre {
        set("centre", &(c as f64).into());
    }
    set("edges", &Uint32Array::from(edges));
    if !events.is_empty() {
        set("events", &Uint32Array::from(events));
    }
    let (sender, waiting) = (worker.clone(), request.clone());
    type Done = Box<dyn FnOnce(Result<Outcome, String>)>;
    let on_done: Rc<Cell<Option<Done>>> = Rc::new(Cell::new(Some(Box::new(on_done))));
    let failed = on_done.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        let get = |k: &str| Reflect::get(&data, &k.into()).unwrap_or(JsValue::UNDEFINED);
        match get("type").as_string().as_deref() {
            // The worker's module has loaded: it can take the request now.
            Some("ready") => {
                if let Err(e) = sender.post_message(&request) {
                    if let Some(done) = on_done.take() {
                        done(Err(format!("Could not send the graph to the worker: {e:?}")));
                    }
                }
            }
            Some("analysis") => {
                let outcome = match get("values").dyn_into::<Float32Array>() {
                    Ok(values) => Outcome::Values(values.to_vec()),
                    Err(_) => Outcome::Groups(get("groups").dyn_into::<Uint32Array>().map(|a| a.to_vec()).unwrap_or_default()),
                };
                if let Some(done) = on_done.take() {
                    done(Ok(outcome));
                }
            }
            _ => {}
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    let on_error = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
        if let Some(done) = failed.take() {
            done(Err(format!("the worker ({what}) could not start, or stopped with an error")));
        }
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // A worker started ahead that has already said `ready` takes the request now (one that has
    // not yet will say it to the handler above).
    let job = Analysis { worker, _on_message: on_message, _on_error: on_error };
    if ready {
        job.worker.post_message(&waiting).map_err(|e| format!("Could not send the graph to the worker: {e:?}"))?;
    }
    Ok(job)
}
