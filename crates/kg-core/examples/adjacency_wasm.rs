//! Building the adjacency ([`kg_core::algo::Adjacency::from_pairs`]) as a bare WebAssembly
//! module, for `tests/perf/wasmadjacency.mjs`: times it in V8 outside the browser, where the page
//! builds it once per view (natively the build is bound by memory and two versions may differ
//! little; in WebAssembly, allocation and bounds checks weigh more).

use kg_core::algo::{Adjacency, Direction};
use std::cell::RefCell;

thread_local! {
    static PAIRS: RefCell<Vec<(u32, u32)>> = const { RefCell::new(Vec::new()) };
}

/// Generates the `kg generate` graph of `n` nodes (three edges a node, seed 3) and keeps its
/// edges as pairs of node indices.
#[allow(unsafe_code)] // `no_mangle` only: the export keeps the name the script calls.
#[no_mangle]
pub extern "C" fn prepare(n: u32) {
    let document = kg_core::generate::generate(n as usize, 3, 3);
    let index = |id: &str| id[1..].parse::<u32>().unwrap_or(0);
    let pairs: Vec<(u32, u32)> = document.edges.iter().map(|e| (index(&e.source), index(&e.target))).collect();
    PAIRS.with(|p| *p.borrow_mut() = pairs);
}

/// Builds the undirected adjacency of the prepared pairs over `n` nodes; gives its number of
/// edges plus the first node's degree, so two versions can be checked to agree.
#[allow(unsafe_code)] // As above.
#[no_mangle]
pub extern "C" fn build(n: u32) -> usize {
    PAIRS.with(|p| {
        let adjacency = Adjacency::from_pairs(n as usize, p.borrow().iter().copied(), Direction::Undirected);
        adjacency.edge_count() + adjacency.degree(0)
    })
}
