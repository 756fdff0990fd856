//! The pure core of the knowledge-graph visualizer: the JSON model and its loader, the graph,
//! layout, label placement and camera math.
//!
//! Architecture invariant: nothing in this crate imports `yew`, `web-sys`, `js-sys` or
//! `wasm-bindgen`; it is plain Rust, tested natively with `cargo test`, and shared by the browser
//! app and the `kg` command-line tool.
#![cfg_attr(kg_nightly, feature(optimize_attribute))]

pub mod algo;
pub mod arrange;
pub mod camera;
pub mod clean;
pub mod decimal;
pub mod edge_shape;
pub mod explore;
pub mod export;
pub mod first_paint;
pub mod formats;
pub mod generate;
pub mod handoff;
pub mod graph;
pub mod idhash;
pub mod labels;
pub mod layout;
pub mod load;
mod lower_table;
pub mod model;
pub mod present;
pub mod protocol;
pub mod raster;
pub mod query;
pub mod resolve;
pub mod scene;
pub mod sorting;
pub mod sliced;
pub mod turns;
pub mod svg;
mod t2s_table;
pub mod validate;
pub mod viewspec;
pub mod xml;

pub use graph::{KnowledgeGraph, NodeId};
/// The JSON library of the model, for callers that build or read messages.
pub use serde_json;
pub use load::{load_str, LoadError, LoadReport, Problem, Severity};
pub use model::{EdgeRecord, GraphDocument, NodeKind, NodeRecord};
pub use scene::Scene;
