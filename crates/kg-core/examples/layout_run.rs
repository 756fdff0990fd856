//! Times the force layout natively: `cargo run --profile release-worker -p kg-core --example
//! layout_run -- GRAPH.json [ITERATIONS]` loads a graph file, runs that many iterations (100 by
//! default) from the standard initial positions, and prints every tenth iteration's time, the
//! total, and a checksum of the final positions (equal checksums mean equal layouts).
//!
//! The `release-worker` profile is the layout worker's (opt-level 3).

#![allow(clippy::disallowed_methods)] // A native tool: timing with Instant is fine here.

use kg_core::layout::{initial_positions, ForceLayout};
use std::time::Instant;

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: layout_run GRAPH.json [ITERATIONS]")?;
    let iterations: usize = match args.next() {
        Some(text) => text.parse().map_err(|e| format!("iterations: {e}"))?,
        None => 100,
    };
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    let document = kg_core::load::load_str(&text).map_err(|e| format!("{path}: {e:?}"))?.document;
    let graph = kg_core::graph::KnowledgeGraph::from_document(document);
    let pairs: Vec<(u32, u32)> = graph.edges().map(|(_, s, t)| (s.0, t.0)).collect();
    let mut layout = ForceLayout::new(initial_positions(graph.node_count()), pairs, 42);
    let start = Instant::now();
    for i in 0..iterations {
        let step = Instant::now();
        layout.step();
        if i % 10 == 0 || i + 1 == iterations {
            println!("iteration {i}: {:.1} ms", step.elapsed().as_secs_f64() * 1000.0);
        }
    }
    let total = start.elapsed().as_secs_f64() * 1000.0;
    let checksum: f64 = layout.positions().iter().map(|p| p[0] as f64 * 3.0 + p[1] as f64).sum();
    println!("{iterations} iterations of {} nodes: {total:.0} ms; checksum {checksum:.3}", graph.node_count());
    Ok(())
}
