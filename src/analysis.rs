//! Computes what the toolbar sizes and colours nodes by (a centrality measure, the communities)
//! and the arranged layouts (hierarchy, radial) in a worker of its own, for every graph, so
//! that the page never stops for them: betweenness at 100,000 nodes took 7 s of the main
//! thread, the communities 0.8 s. The worker runs the layout worker's binary
//! (`src/layout_worker.rs`, message `analyse`) and the core's code for them
//! (`kg_core::query::centrality_values`, `communities_of`, `kg_core::arrange::radial_on`,
//! `hierarchy_on`), which the app's own module then need not hold.

use js_sys::{Float32Array, Object, Reflect, Uint32Array};
use std::cell::Cell;
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

/// Starts computing `what` (`degree`, `betweenness`, `pagerank`, `communities`, or `radial`
/// around `centre`) of the undirected graph of `nodes` nodes and `edges` (flattened pairs), or
/// the `hierarchy` of `nodes` nodes from (node, parent) pairs in `edges` and the events in time
/// order in `events`, in a new worker from `worker_url`; `on_done` gets the result, or an error
/// message.
pub fn start(
    worker_url: &str,
    what: &'static str,
    centre: Option<u32>,
    nodes: usize,
    edges: &[u32],
    events: &[u32],
    on_done: impl FnOnce(Result<Outcome, String>) + 'static,
) -> Result<Analysis, String> {
    let worker = Worker::new(worker_url).map_err(|e| format!("{e:?}"))?;
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
    let sender = worker.clone();
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
    Ok(Analysis { worker, _on_message: on_message, _on_error: on_error })
}
