//! Computes what the toolbar sizes and colours nodes by (a centrality measure, the communities)
//! and the arranged layouts (hierarchy, radial) in a worker of its own, for every graph, so
//! that the page never stops for them: betweenness at 100,000 nodes took 7 s of the main
//! thread, the communities 0.8 s. The worker runs the layout worker's binary
//! (`src/layout_worker.rs`, message `analyse`) and the core's code for them
//! (`kg_core::query::centrality_values`, `communities_of`, `kg_core::arrange::radial_on`,
//! `hierarchy_on`), which the app's own module then need not hold. A worker started ahead
//! (`crate::worker_job::prepare`, when the pointer or the focus comes to the toolbar) is taken
//! by the next computation.

use crate::worker_job::{message_type, Job};
use js_sys::{Float32Array, Object, Reflect, Uint32Array};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

/// What a worker found.
pub enum Outcome {
    /// One value per node (a centrality measure), or two (x, y: an arrangement).
    Values(Vec<f32>),
    /// One community number per node, largest community first.
    Groups(Vec<u32>),
}

/// A computation under way; dropping it stops the worker.
pub type Analysis = Job;

/// Starts computing `what` (`degree`, `betweenness`, `pagerank`, `communities`, or `radial`
/// around `centre`) of the undirected graph of `nodes` nodes and `edges` (flattened pairs), or
/// the `hierarchy` of `nodes` nodes from (node, parent) pairs in `edges` and the events in time
/// order in `events`, in a worker from `worker_url` (the one started ahead, or a new one);
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
    type Done = Box<dyn FnOnce(Result<Outcome, String>)>;
    let on_done: Rc<Cell<Option<Done>>> = Rc::new(Cell::new(Some(Box::new(on_done))));
    let failed = on_done.clone();
    let on_message = move |data: JsValue| {
        if message_type(&data).as_deref() != Some("analysis") {
            return;
        }
        let get = |k: &str| Reflect::get(&data, &k.into()).unwrap_or(JsValue::UNDEFINED);
        let outcome = match get("values").dyn_into::<Float32Array>() {
            Ok(values) => Outcome::Values(values.to_vec()),
            Err(_) => Outcome::Groups(get("groups").dyn_into::<Uint32Array>().map(|a| a.to_vec()).unwrap_or_default()),
        };
        if let Some(done) = on_done.take() {
            done(Ok(outcome));
        }
    };
    let on_error = move |why: String| {
        if let Some(done) = failed.take() {
            done(Err(format!("the worker ({what}) {why}")));
        }
    };
    Job::start(worker_url, request.into(), on_message, on_error)
}
