//! Criterion benchmarks of the relationship engine on deterministic synthetic graphs (10,000 and
//! 100,000 nodes, three edges per node): parse and load (the whole-text loader and the page's
//! sliced one), graph build, a 2-hop neighbourhood, a shortest path, PageRank to 1e-6, sampled
//! betweenness, Louvain, one force-layout iteration and one rasterized frame. Before the timings
//! it prints the memory the graph takes per node and per edge, counted by a wrapping allocator.
//!
//! Run: `cargo bench -p kg-core --bench engine` (add `-- 100000` for one size only).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// The only unsafe code in the workspace: a global allocator that counts bytes for the memory report.
#![allow(unsafe_code)]

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use kg_core::algo::centrality::{betweenness, pagerank};
use kg_core::algo::community::louvain;
use kg_core::algo::paths::{neighbourhood, shortest_path};
use kg_core::algo::{Adjacency, Direction, View};
use kg_core::generate::generate;
use kg_core::layout::{initial_positions, ForceLayout};
use kg_core::sliced::{SlicedLoad, Step};
use kg_core::{load_str, KnowledgeGraph};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts the bytes currently allocated, to report memory per node and edge.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const SIZES: [usize; 2] = [10_000, 100_000];

/// Records per `SlicedLoad::step`, as the app reads (`RECORDS_PER_STEP` in src/app.rs).
const RECORDS_PER_STEP: usize = 256;

fn bench(c: &mut Criterion) {
    for n in SIZES {
        let doc = generate(n, 3, 42);
        let text = serde_json::to_string(&doc).unwrap();
        drop(doc);

        let before = LIVE.load(Ordering::Relaxed);
        let graph = KnowledgeGraph::from_document(load_str(&text).unwrap().document);
        let graph_bytes = LIVE.load(Ordering::Relaxed) - before;
        let view = View::all(&graph);
        let before = LIVE.load(Ordering::Relaxed);
        let adj = Adjacency::of(&graph, &view, Direction::Undirected);
        let adj_bytes = LIVE.load(Ordering::Relaxed) - before;
        let (nodes, edges) = (graph.node_count(), graph.edge_count());
        println!(
            "memory at {n} nodes / {edges} edges: graph with records {graph_bytes} B ({:.0} B per node+edge), \
             adjacency {adj_bytes} B ({:.1} B per node+edge); JSON {} B",
            graph_bytes as f64 / (nodes + edges) as f64,
            adj_bytes as f64 / (nodes + edges) as f64,
            text.len()
        );

        let mut group = c.benchmark_group(format!("{n}"));
        group.sample_size(10);
        group.bench_function(BenchmarkId::new("load_json", n), |b| b.iter(|| load_str(black_box(&text)).unwrap()));
        // The loader the page runs (`SlicedLoad`, in slices of the app's size), from the text to
        // the checked records: what `load_json` does, the way the browser does it.
        group.bench_function(BenchmarkId::new("load_sliced", n), |b| {
            b.iter_batched(
                || SlicedLoad::new(text.clone(), usize::MAX),
                |mut load| loop {
                    match load.step(RECORDS_PER_STEP) {
                        Step::Done(report) => break report.unwrap(),
                        Step::Elsewhere(_) => panic!("a generated file reads in slices"),
                        _ => {}
                    }
                },
                criterion::BatchSize::LargeInput,
            )
        });
        let doc = load_str(&text).unwrap().document;
        group.bench_function(BenchmarkId::new("build_graph", n), |b| {
            b.iter_batched(|| doc.clone(), KnowledgeGraph::from_document, criterion::BatchSize::LargeInput)
        });
        group.bench_function(BenchmarkId::new("adjacency", n), |b| b.iter(|| Adjacency::of(&graph, &view, Direction::Undirected)));
        // Node 0 is the oldest, best-connected hub: its 2-hop neighbourhood is the largest.
        group.bench_function(BenchmarkId::new("neighbourhood_2_hops_of_hub", n), |b| b.iter(|| neighbourhood(&adj, black_box(0), 2)));
        group.bench_function(BenchmarkId::new("shortest_path", n), |b| b.iter(|| shortest_path(&adj, black_box(n - 1), black_box(n / 2))));
        group.bench_function(BenchmarkId::new("pagerank_1e-6", n), |b| b.iter(|| pagerank(&adj, 0.85, 1e-6, 1000)));
        group.bench_function(BenchmarkId::new("betweenness_256_samples", n), |b| b.iter(|| betweenness(&adj, true, 0, 256, 42)));
        group.bench_function(BenchmarkId::new("louvain", n), |b| b.iter(|| louvain(&adj, 42)));
        // Every entity's folded names (Traditional to Simplified, tone marks, case): what the
        // page builds for search after a load.
        group.bench_function(BenchmarkId::new("search_index", n), |b| b.iter(|| kg_core::explore::SearchIndex::new(&graph)));
        // A one-character query that matches most entities (every label with a 1 in it), for
        // the ten suggestions the search box shows: what the first keystroke costs.
        let index = kg_core::explore::SearchIndex::new(&graph);
        group.bench_function(BenchmarkId::new("search_one_character", n), |b| b.iter(|| index.search(&graph, black_box("1"), 10)));
        // A name typed on: two characters of the organizations' names (委員會, typed in
        // Simplified), which about a fifth of the entities hold.
        group.bench_function(BenchmarkId::new("search_two_characters", n), |b| b.iter(|| index.search(&graph, black_box("委员"), 10)));
        // The radial arrangement around the hub (what the worker computes for a large graph).
        group.bench_function(BenchmarkId::new("radial", n), |b| b.iter(|| kg_core::arrange::radial_on(&adj, kg_core::NodeId(0))));
        // One Barnes–Hut force-layout iteration from the standard initial positions.
        let pairs: Vec<(u32, u32)> = graph.edges().map(|(_, s, t)| (s.0, t.0)).collect();
        let layout = ForceLayout::new(initial_positions(n), pairs, 42);
        group.bench_function(BenchmarkId::new("layout_iteration", n), |b| {
            b.iter_batched(|| layout.clone(), |mut l| l.step(), criterion::BatchSize::LargeInput)
        });
        // The same after 50 iterations: nodes have moved away from where their index put them,
        // which is what a step's memory access pattern must cope with.
        let mut settled = layout.clone();
        for _ in 0..50 {
            settled.step();
        }
        group.bench_function(BenchmarkId::new("layout_iteration_after_50", n), |b| {
            b.iter_batched(|| settled.clone(), |mut l| l.step(), criterion::BatchSize::LargeInput)
        });
        // One rasterized frame (the Canvas 2-D path for large graphs) at 1280 × 800, the whole
        // graph in view, with the app's pixel budget (2 edge pixels per canvas pixel).
        let scene = kg_core::Scene::build(load_str(&text).unwrap());
        // What is shown: the edges and the lanes of parallel ones (the page's scene step).
        group.bench_function(BenchmarkId::new("presentation", n), |b| b.iter(|| kg_core::present::Presentation::new(&scene.graph, false)));
        let presentation = kg_core::present::Presentation::new(&scene.graph, false);
        // The shown edges of each node, which hovering and selecting read (built ahead by the page).
        group.bench_function(BenchmarkId::new("edges_of_lists", n), |b| {
            b.iter_batched(|| presentation.clone(), |p| p.prepare_edges_of(), criterion::BatchSize::LargeInput)
        });
        let camera = kg_core::camera::Camera::fit(scene.bounds(), [1280.0, 800.0], 40.0);
        let lit = presentation.highlighted(None);
        let style = kg_core::raster::RasterStyle::light(1280 * 800 * 2);
        let frame = kg_core::raster::RasterFrame {
            graph: &scene.graph,
            presentation: &presentation,
            positions: &scene.positions,
            camera: &camera,
            focus: None,
            lit: &lit,
            ratio: 1.0,
        };
        let mut raster = kg_core::raster::Raster::new(1280, 800, [255, 255, 255]);
        group.bench_function(BenchmarkId::new("raster_frame_1280x800", n), |b| b.iter(|| kg_core::raster::draw(&mut raster, &frame, &style)));
        // The same frame as the page draws it: in bands of 64 rows (`RASTER_BAND_ROWS` in
        // src/render2d.rs), each band listing the edges and nodes that reach it.
        let mut band = kg_core::raster::Raster::new(1280, 64, [255, 255, 255]);
        group.bench_function(BenchmarkId::new("raster_bands_1280x800", n), |b| {
            b.iter(|| kg_core::raster::draw_in_bands(&mut band, 800, &frame, &style, &mut |_, _| {}))
        });
        group.finish();
        let (_, q) = louvain(&adj, 42);
        println!("louvain modularity at {n} nodes: {q:.4}");
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
