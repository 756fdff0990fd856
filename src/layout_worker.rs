//! The worker side of the layout: owns a [`ForceLayout`], steps it in time slices so messages
//! (pin, pause) get through between slices, and posts positions after each slice. A worker of
//! its own also computes what the toolbar sizes and colours by (centrality, communities) for a
//! large graph, off the main thread (`analyse`, see `src/analysis.rs`).

use js_sys::{Float32Array, Object, Reflect, Uint32Array};
use kg_core::layout::ForceLayout;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// How long one slice of layout work may take, in milliseconds.
const SLICE_MS: f64 = 12.0;

struct Job {
    layout: ForceLayout,
    target: usize,
    paused: bool,
    running: bool,
}

fn scope() -> Option<DedicatedWorkerGlobalScope> {
    js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>().ok()
}

fn now() -> f64 {
    scope().and_then(|s| s.performance()).map_or(0.0, |p| p.now())
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// Posts the current positions.
fn post(job: &Job, energy: f32, done: bool) {
    let Some(scope) = scope() else { return };
    let flat: Vec<f32> = job.layout.positions().iter().flat_map(|p| [p[0], p[1]]).collect();
    let array = Float32Array::from(flat.as_slice());
    let message = Object::new();
    let _ = Reflect::set(&message, &"type".into(), &"positions".into());
    let _ = Reflect::set(&message, &"iteration".into(), &(job.layout.iterations() as f64).into());
    let _ = Reflect::set(&message, &"energy".into(), &(energy as f64).into());
    let _ = Reflect::set(&message, &"done".into(), &done.into());
    let _ = Reflect::set(&message, &"positions".into(), &array);
    let transfer = js_sys::Array::of1(&array.buffer());
    let _ = scope.post_message_with_transfer(&message, &transfer);
}

/// Runs one slice and schedules the next while there is work.
fn slice(job: Rc<RefCell<Option<Job>>>) {
    let mut guard = job.borrow_mut();
    let Some(j) = guard.as_mut() else { return };
    if j.paused || j.layout.iterations() >= j.target {
        j.running = false;
        return;
    }
    let started = now();
    let mut energy = 0.0;
    while j.layout.iterations() < j.target && now() - started < SLICE_MS {
        energy = j.layout.step();
    }
    let done = j.layout.iterations() >= j.target;
    post(j, energy, done);
    if done {
        j.running = false;
        return;
    }
    drop(guard);
    let next = job.clone();
    gloo::timers::callback::Timeout::new(0, move || slice(next)).forget();
}

fn ensure_running(job: &Rc<RefCell<Option<Job>>>) {
    let start = match job.borrow_mut().as_mut() {
        Some(j) if !j.running && !j.paused && j.layout.iterations() < j.target => {
            j.running = true;
            true
        }
        _ => false,
    };
    if start {
        let next = job.clone();
        gloo::timers::callback::Timeout::new(0, move || slice(next)).forget();
    }
}

/// Computes a centrality measure (`what`: `degree`, `betweenness`, `closeness`, `pagerank`),
/// posted as one `values` number per node, the radial arrangement around `centre` (`radial`),
/// posted as `values` x, y per node, or the communities (`what`: `communities`), posted as one
/// `groups` number per node, of the undirected graph of `nodes` nodes and `edges` pairs; or the
/// hierarchy (`hierarchy`), posted as `values` x, y per node, of `nodes` nodes, the (node,
/// parent) pairs in `edges` and the events in time order in `events`
/// (`kg_core::arrange::hierarchy_input`).
fn analyse(data: &JsValue) {
    use kg_core::algo::{Adjacency, Direction};
    use kg_core::query::Measure;
    let Some(scope) = scope() else { return };
    let what = get(data, "what").as_string().unwrap_or_default();
    let n = get(data, "nodes").as_f64().unwrap_or(0.0) as usize;
    let pairs = get(data, "edges").dyn_into::<Uint32Array>().map(|a| a.to_vec()).unwrap_or_default();
    let pairs = || pairs.chunks_exact(2).map(|c| (c[0], c[1]));
    if what == "hierarchy" {
        let events = get(data, "events").dyn_into::<Uint32Array>().map(|a| a.to_vec()).unwrap_or_default();
        let input = kg_core::arrange::HierarchyInput { parents: pairs().collect(), events };
        let flat: Vec<f32> = kg_core::arrange::hierarchy_on(n, &input).into_iter().flatten().collect();
        post_values(&scope, &what, &flat);
        return;
    }
    let adj = Adjacency::from_pairs(n, pairs(), Direction::Undirected);
    let measure = match what.as_str() {
        "degree" => Some(Measure::Degree),
        "betweenness" => Some(Measure::Betweenness),
        "closeness" => Some(Measure::Closeness),
        "pagerank" => Some(Measure::PageRank),
        _ => None,
    };
    match measure {
        // The radial arrangement around `centre`: two numbers (x, y) per node.
        None if what == "radial" => {
            let centre = kg_core::NodeId(get(data, "centre").as_f64().unwrap_or(0.0) as u32);
            let flat: Vec<f32> = kg_core::arrange::radial_on(&adj, centre).into_iter().flatten().collect();
            post_values(&scope, &what, &flat);
        }
        Some(m) => {
            let values: Vec<f32> = kg_core::query::centrality_values(&adj, m).0.into_iter().map(|v| v as f32).collect();
            post_values(&scope, &what, &values);
        }
        None => {
            let groups = kg_core::query::communities_of(&adj, 42).group_of_each(n);
            post_result(&scope, &what, "groups", Uint32Array::from(groups.as_slice()).into());
        }
    }
}

/// Posts an analysis's result: `values`, a `Float32Array`.
fn post_values(scope: &DedicatedWorkerGlobalScope, what: &str, values: &[f32]) {
    post_result(scope, what, "values", Float32Array::from(values).into());
}

/// Posts an analysis's result as `{ type: "analysis", what, [key]: array }`, handing the
/// array's buffer over rather than copying it.
fn post_result(scope: &DedicatedWorkerGlobalScope, what: &str, key: &str, array: JsValue) {
    let message = Object::new();
    let _ = Reflect::set(&message, &"type".into(), &"analysis".into());
    let _ = Reflect::set(&message, &"what".into(), &what.into());
    let _ = Reflect::set(&message, &key.into(), &array);
    let buffer = Reflect::get(&array, &"buffer".into()).unwrap_or(JsValue::UNDEFINED);
    let _ = scope.post_message_with_transfer(&message, &js_sys::Array::of1(&buffer));
}

/// Installs the message handler; the worker then lives until the page terminates it.
pub fn run() {
    let Some(scope) = scope() else { return };
    let job: Rc<RefCell<Option<Job>>> = Rc::new(RefCell::new(None));
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        match get(&data, "type").as_string().as_deref() {
            Some("start") => {
                let flat = get(&data, "positions").dyn_into::<Float32Array>().map(|a| a.to_vec()).unwrap_or_default();
                let pairs = get(&data, "edges").dyn_into::<Uint32Array>().map(|a| a.to_vec()).unwrap_or_default();
                let positions: Vec<[f32; 2]> = flat.chunks_exact(2).map(|c| [c[0], c[1]]).collect();
                let edges: Vec<(u32, u32)> = pairs.chunks_exact(2).map(|c| (c[0], c[1])).collect();
                let seed = get(&data, "seed").as_f64().unwrap_or(42.0) as u64;
                let target = get(&data, "iterations").as_f64().unwrap_or(300.0) as usize;
                *job.borrow_mut() = Some(Job { layout: ForceLayout::new(positions, edges, seed), target, paused: false, running: false });
                ensure_running(&job);
            }
            Some("pin") => {
                let i = get(&data, "index").as_f64().unwrap_or(-1.0);
                let (x, y) = (get(&data, "x").as_f64().unwrap_or(f64::NAN), get(&data, "y").as_f64().unwrap_or(f64::NAN));
                if let Some(j) = job.borrow_mut().as_mut() {
                    if i >= 0.0 {
                        j.layout.pin(i as usize, Some([x as f32, y as f32]));
                        j.layout.reheat(10.0);
                        j.target = j.target.max(j.layout.iterations() + 60);
                    }
                }
                ensure_running(&job);
            }
            Some("unpin") => {
                let i = get(&data, "index").as_f64().unwrap_or(-1.0);
                if let Some(j) = job.borrow_mut().as_mut() {
                    if i >= 0.0 {
                        j.layout.pin(i as usize, None);
                    }
                }
            }
            Some("pause") => {
                if let Some(j) = job.borrow_mut().as_mut() {
                    j.paused = true;
                }
            }
            Some("analyse") => analyse(&data),
            Some("resume") => {
                if let Some(j) = job.borrow_mut().as_mut() {
                    j.paused = false;
                }
                ensure_running(&job);
            }
            _ => {}
        }
    });
    scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    handler.forget();
    // Messages sent before this point were lost (the module was still loading), so the page
    // waits for this before it sends the graph.
    let ready = Object::new();
    let _ = Reflect::set(&ready, &"type".into(), &"ready".into());
    let _ = scope.post_message(&ready);
}
