//! The main-thread side of the layout: starts the layout worker with the graph's structure and
//! hands each batch of streamed positions to a callback. Where no worker can be started (a page
//! opened from disk, a CSP without `worker-src`), the same layout runs on the main thread in
//! slices of a few milliseconds per animation frame instead, so the page never freezes.

use crate::worker_job::Job;
use js_sys::{Float32Array, Object, Reflect, Uint32Array};
use kg_core::camera::Vec2;
use kg_core::layout::ForceLayout;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

/// The worker's script, beside the page: `layout-worker.js` loads the worker's glue and
/// WebAssembly, which Trunk writes with `filehash = false`.
pub const WORKER_FILE: &str = "layout-worker.js";

/// How many iterations the app's layout runs.
pub const ITERATIONS: usize = 300;

/// What a batch of positions says.
pub struct Progress {
    pub positions: Vec<Vec2>,
    pub iteration: usize,
    pub done: bool,
    /// True when the layout runs in the worker, false on the main thread.
    pub in_worker: bool,
}

enum Engine {
    /// The worker, stopped when the job is dropped.
    Worker(Job),
    Main { state: Rc<RefCell<MainLoop>> },
}

struct MainLoop {
    layout: ForceLayout,
    target: usize,
    paused: bool,
    frame: Option<gloo::render::AnimationFrame>,
    on_progress: Rc<dyn Fn(Progress)>,
}

/// A running layout. Dropping it stops the layout (the worker is terminated).
pub struct LayoutClient {
    engine: Engine,
    /// True while paused: a batch the worker sent before it heard of the pause may still come.
    paused: std::cell::Cell<bool>,
}

fn set(o: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(o, &key.into(), value);
}

impl LayoutClient {
    /// Starts laying out `positions` with `edges` (pairs of node indices), deterministic for
    /// `seed`; `on_progress` receives every batch. The worker's script is at `worker_url`.
    pub fn start(worker_url: &str, positions: &[Vec2], edges: &[(u32, u32)], seed: u64, iterations: usize, on_progress: Rc<dyn Fn(Progress)>) -> LayoutClient {
        match Self::start_worker(worker_url, positions, edges, seed, iterations, on_progress.clone()) {
            Ok(engine) => LayoutClient { engine, paused: Default::default() },
            Err(reason) => {
                gloo::console::warn!(format!("The layout runs on the main thread: no worker ({reason})."));
                let layout = ForceLayout::new(positions.to_vec(), edges.iter().copied(), seed);
                let state = Rc::new(RefCell::new(MainLoop { layout, target: iterations, paused: false, frame: None, on_progress }));
                main_loop_schedule(&state);
                LayoutClient { engine: Engine::Main { state }, paused: Default::default() }
            }
        }
    }

    fn start_worker(worker_url: &str, positions: &[Vec2], edges: &[(u32, u32)], seed: u64, iterations: usize, on_progress: Rc<dyn Fn(Progress)>) -> Result<Engine, String> {
        let flat: Vec<f32> = positions.iter().flat_map(|p| [p[0], p[1]]).collect();
        let pairs: Vec<u32> = edges.iter().flat_map(|&(a, b)| [a, b]).collect();
        let start = Object::new();
        set(&start, "type", &"start".into());
        set(&start, "positions", &Float32Array::from(flat.as_slice()));
        set(&start, "edges", &Uint32Array::from(pairs.as_slice()));
        set(&start, "seed", &(seed as f64).into());
        set(&start, "iterations", &(iterations as f64).into());
        let on_message = move |data: JsValue| {
            let get = |k: &str| Reflect::get(&data, &k.into()).unwrap_or(JsValue::UNDEFINED);
            let flat = get("positions").dyn_into::<Float32Array>().map(|a| a.to_vec()).unwrap_or_default();
            on_progress(Progress {
                positions: flat.chunks_exact(2).map(|c| [c[0], c[1]]).collect(),
                iteration: get("iteration").as_f64().unwrap_or(0.0) as usize,
                done: get("done").as_bool().unwrap_or(false),
                in_worker: true,
            });
        };
        let on_error = |why: String| gloo::console::error!(format!("The layout worker {why}."));
        Ok(Engine::Worker(Job::start(worker_url, start.into(), on_message, on_error)?))
    }

    /// Pins a node where it is dragged to (`Some`), or releases it (`None`).
    pub fn pin(&self, index: usize, at: Option<Vec2>) {
        match &self.engine {
            Engine::Worker(job) => {
                let message = Object::new();
                match at {
                    Some(p) => {
                        set(&message, "type", &"pin".into());
                        set(&message, "x", &(p[0] as f64).into());
                        set(&message, "y", &(p[1] as f64).into());
                    }
                    None => set(&message, "type", &"unpin".into()),
                }
                set(&message, "index", &(index as f64).into());
                job.post(&message);
            }
            Engine::Main { state } => {
                let mut st = state.borrow_mut();
                st.layout.pin(index, at);
                if at.is_some() {
                    st.layout.reheat(10.0);
                    st.target = st.target.max(st.layout.iterations() + 60);
                }
                drop(st);
                main_loop_schedule(state);
            }
        }
    }

    /// True while the layout is paused.
    pub fn is_paused(&self) -> bool {
        self.paused.get()
    }

    /// Pauses or resumes the layout.
    pub fn set_paused(&self, paused: bool) {
        self.paused.set(paused);
        match &self.engine {
            Engine::Worker(job) => {
                let message = Object::new();
                set(&message, "type", &(if paused { "pause" } else { "resume" }).into());
                job.post(&message);
            }
            Engine::Main { state } => {
                state.borrow_mut().paused = paused;
                if !paused {
                    main_loop_schedule(state);
                }
            }
        }
    }
}

/// Runs a few milliseconds of layout per animation frame on the main thread.
fn main_loop_schedule(state: &Rc<RefCell<MainLoop>>) {
    let s = state.clone();
    let frame = gloo::render::request_animation_frame(move |_| {
        let started = js_sys::Date::now();
        let mut st = s.borrow_mut();
        st.frame = None;
        if st.paused {
            return;
        }
        while st.layout.iterations() < st.target && js_sys::Date::now() - started < 8.0 {
            st.layout.step();
        }
        let done = st.layout.iterations() >= st.target;
        let progress = Progress { positions: st.layout.positions().to_vec(), iteration: st.layout.iterations(), done, in_worker: false };
        let callback = st.on_progress.clone();
        drop(st);
        callback(progress);
        if !done {
            main_loop_schedule(&s);
        }
    });
    state.borrow_mut().frame = Some(frame);
}
