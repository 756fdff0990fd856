//! Steps of the page's work on a large graph as a bare WebAssembly module, for
//! `tests/perf/wasmengine.mjs`: building the adjacency ([`Adjacency::from_pairs`], once per view),
//! the presentation ([`Presentation::new`], the shown edges and the lanes of parallel ones,
//! part of making the scene), the standard positions ([`kg_core::layout::initial_positions`])
//! and a rasterized frame ([`kg_core::raster::draw_in_bands`]). Natively these are bound by memory
//! and two versions may differ little; in WebAssembly, allocation, bounds checks and the baseline
//! compiler's code weigh more, so they are timed in V8.

use kg_core::algo::{Adjacency, Direction};
use kg_core::present::Presentation;
use kg_core::KnowledgeGraph;
use std::cell::RefCell;

/// A generated graph and its edges as pairs of node indices.
type Prepared = (KnowledgeGraph, Vec<(u32, u32)>);

thread_local! {
    static GRAPH: RefCell<Option<Prepared>> = const { RefCell::new(None) };
}

/// Generates the `kg generate` graph of `n` nodes (three edges a node, seed 3), and keeps it
/// with its edges as pairs of node indices.
#[allow(unsafe_code)] // `no_mangle` only: the export keeps the name the script calls.
#[no_mangle]
pub extern "C" fn prepare(n: u32) {
    let graph = KnowledgeGraph::from_document(kg_core::generate::generate(n as usize, 3, 3));
    let pairs: Vec<(u32, u32)> = graph.edges().map(|(_, s, t)| (s.0, t.0)).collect();
    GRAPH.with(|g| *g.borrow_mut() = Some((graph, pairs)));
}

/// `step` on the prepared graph and its pairs; 0 when none is prepared.
fn with_graph(step: impl FnOnce(&KnowledgeGraph, &[(u32, u32)]) -> usize) -> usize {
    GRAPH.with(|g| g.borrow().as_ref().map_or(0, |(graph, pairs)| step(graph, pairs)))
}

/// Builds the undirected adjacency of the prepared graph; gives its number of edges plus the
/// first node's degree, so two versions can be checked to agree.
#[allow(unsafe_code)] // As above.
#[no_mangle]
pub extern "C" fn adjacency() -> usize {
    with_graph(|graph, pairs| {
        let adjacency = Adjacency::from_pairs(graph.node_count(), pairs.iter().copied(), Direction::Undirected);
        adjacency.edge_count() + adjacency.degree(0)
    })
}

/// Builds the prepared graph's presentation; gives its number of shown edges plus the sum of
/// the lanes' magnitudes, so two versions can be checked to agree.
#[allow(unsafe_code)] // As above.
#[no_mangle]
pub extern "C" fn presentation() -> usize {
    with_graph(|graph, _| {
        let p = Presentation::new(graph, false);
        p.edges.len() + p.edges.iter().map(|e| e.lane.unsigned_abs() as usize).sum::<usize>()
    })
}

/// The standard initial positions of the prepared graph's nodes; gives the sum of their
/// coordinates' magnitudes in thousands, rounded, so two versions can be checked to agree.
#[allow(unsafe_code)] // As above.
#[no_mangle]
pub extern "C" fn positions() -> usize {
    with_graph(|graph, _| {
        let p = kg_core::layout::initial_positions(graph.node_count());
        (p.iter().map(|[x, y]| f64::from(x.abs() + y.abs())).sum::<f64>() / 1000.0) as usize
    })
}

/// Rasterizes the prepared graph's frame at 1280 × 800 as the page draws a large graph: at the
/// standard positions, fitted, in bands of 64 rows, with the page's pixel budget; gives the
/// number of edges drawn plus the number of bands, so two versions can be checked to agree.
#[allow(unsafe_code)] // As above.
#[no_mangle]
pub extern "C" fn raster() -> usize {
    with_graph(|graph, _| {
        let positions = kg_core::layout::initial_positions(graph.node_count());
        let presentation = Presentation::new(graph, false);
        let camera = kg_core::camera::Camera::fit(kg_core::camera::Bounds::of_points(&positions), [1280.0, 800.0], 40.0);
        let lit = presentation.highlighted(None);
        let style = kg_core::raster::RasterStyle::light(1280 * 800 * 2);
        let frame = kg_core::raster::RasterFrame { graph, presentation: &presentation, positions: &positions, camera: &camera, focus: None, lit: &lit, ratio: 1.0 };
        let mut band = kg_core::raster::Raster::new(1280, 64, style.background);
        let mut bands = 0;
        let stats = kg_core::raster::draw_in_bands(&mut band, 800, &frame, &style, &mut |_, _| bands += 1);
        stats.edges_drawn + bands
    })
}
