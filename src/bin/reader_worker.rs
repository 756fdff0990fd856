//! The reader web worker: reads files of other formats (GraphML, GEXF, Cytoscape.js, JGF,
//! graphology) and broken files for the page, whose own module reads only our node-link format.
//! Built by Trunk as a third binary (`data-type="worker"`).
//!
//! Protocol (plain objects):
//! * out `{type: "ready"}` once it listens; the page sends `read` only then;
//! * in `{type: "read", text, maxBytes}`: the file's text and the size cap;
//! * out `{type: "read", meta, document?}`: `kg_core::handoff::Message` (the usable document as
//!   node-link JSON, and the problems and format, or the error, as JSON).

#[cfg(target_arch = "wasm32")]
fn main() {
    kgviz::reader_worker::run();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("reader_worker is a WebAssembly web worker; it is built by Trunk with the app.");
}
