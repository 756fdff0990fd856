//! The layout web worker: runs the core's force layout off the main thread and streams
//! positions back. Built by Trunk as a second binary (`data-type="worker"`).
//!
//! Protocol (all messages are plain objects):
//! * in `{type: "start", positions: Float32Array [x0, y0, x1, y1, …], edges: Uint32Array
//!   [s0, t0, s1, t1, …], seed, iterations}`: lays out from these positions;
//! * in `{type: "pin", index, x, y}` / `{type: "unpin", index}`: a dragged node;
//! * in `{type: "pause"}` / `{type: "resume"}`;
//! * out `{type: "ready"}` once it listens; the page sends `start` only then;
//! * out `{type: "positions", iteration, energy, done, positions: Float32Array}` after every
//!   slice of about 12 ms of work, and once more when done.

#[cfg(target_arch = "wasm32")]
fn main() {
    kgviz::layout_worker::run();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("layout_worker is a WebAssembly web worker; it is built by Trunk with the app.");
}
