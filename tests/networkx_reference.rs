//! The relationship engine against networkx on classic graphs (Zachary's karate club, the
//! Florentine families, Les Misérables). The answers were made by
//! `tests/reference/make_reference.py` and are committed beside it.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::panic)] // A panic in a test helper is a failed test with its reason.

use kg_core::algo::centrality::{betweenness, closeness, degree, pagerank};
use kg_core::algo::community::louvain;
use kg_core::algo::paths::{all_shortest_paths, bfs_distances, connected_components, UNREACHABLE};
use kg_core::algo::{Adjacency, Direction, View};
use kg_core::{load_str, KnowledgeGraph};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

struct Case {
    graph: KnowledgeGraph,
    adj: Adjacency,
    answers: Value,
}

fn case(name: &str) -> Case {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference");
    let read = |file: String| std::fs::read_to_string(dir.join(&file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let report = load_str(&read(format!("{name}.graph.json"))).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let graph = KnowledgeGraph::from_document(report.document);
    let adj = Adjacency::of(&graph, &View::all(&graph), Direction::Undirected);
    let answers = serde_json::from_str(&read(format!("{name}.answers.json"))).unwrap_or_else(|e| panic!("{e}"));
    Case { graph, adj, answers }
}

impl Case {
    fn id(&self, local: usize) -> String {
        self.graph.node(self.adj.node_id(local)).id.to_string()
    }

    fn local(&self, id: &str) -> usize {
        self.graph.find(id).and_then(|n| self.adj.local(n)).unwrap_or_else(|| panic!("no node {id}"))
    }

    /// Compares per-node values with the reference map `key` within `tolerance`.
    fn check_values(&self, key: &str, ours: &[f64], tolerance: f64) {
        let expected = self.answers[key].as_object().unwrap_or_else(|| panic!("no {key}"));
        assert_eq!(expected.len(), ours.len(), "{key}");
        for (id, want) in expected {
            let want = want.as_f64().unwrap_or(f64::NAN);
            let got = ours[self.local(id)];
            assert!((got - want).abs() <= tolerance, "{key} of {id}: ours {got}, networkx {want}");
        }
    }
}

const NAMES: [&str; 3] = ["karate", "florentine", "lesmis"];

#[test]
fn components_equal() {
    for name in NAMES {
        let c = case(name);
        let ours: Vec<Vec<String>> = connected_components(&c.adj)
            .into_iter()
            .map(|comp| {
                let mut ids: Vec<String> = comp.into_iter().map(|i| c.id(i)).collect();
                ids.sort();
                ids
            })
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let theirs: BTreeSet<Vec<String>> = serde_json::from_value(c.answers["components"].clone()).unwrap_or_default();
        assert_eq!(ours, theirs.into_iter().collect::<Vec<_>>(), "{name}");
    }
}

#[test]
fn shortest_path_lengths_and_all_shortest_paths_equal() {
    for name in NAMES {
        let c = case(name);
        let pairs = c.answers["pairs"].as_array().unwrap_or_else(|| panic!("no pairs"));
        let mut checked_sets = 0;
        for pair in pairs {
            let (a, b) = (c.local(pair["a"].as_str().unwrap_or("")), c.local(pair["b"].as_str().unwrap_or("")));
            let length = pair["length"].as_u64().unwrap_or(u64::MAX);
            assert_eq!(bfs_distances(&c.adj, a, UNREACHABLE)[b] as u64, length, "{name}: {pair}");
            if let Some(paths) = pair.get("paths") {
                let theirs: BTreeSet<Vec<String>> = serde_json::from_value(paths.clone()).unwrap_or_default();
                let ours: BTreeSet<Vec<String>> = all_shortest_paths(&c.adj, a, b, 10_000)
                    .into_iter()
                    .map(|p| p.into_iter().map(|i| c.id(i)).collect())
                    .collect();
                assert_eq!(ours, theirs, "{name}: all shortest paths {} – {}", pair["a"], pair["b"]);
                checked_sets += 1;
            }
        }
        assert!(checked_sets * 10 >= pairs.len() * 9, "{name}: most pairs have their full path set checked");
    }
}

#[test]
fn pagerank_within_1e_6() {
    for name in NAMES {
        let c = case(name);
        let (ranks, _) = pagerank(&c.adj, 0.85, 1e-13, 10_000);
        c.check_values("pagerank", &ranks, 1e-6);
    }
}

#[test]
fn betweenness_normalized_and_raw_within_1e_6() {
    for name in NAMES {
        let c = case(name);
        let normalized = betweenness(&c.adj, true, usize::MAX, 0, 0);
        assert_eq!(normalized.sampled_sources, None);
        c.check_values("betweenness_normalized", &normalized.values, 1e-6);
        c.check_values("betweenness_raw", &betweenness(&c.adj, false, usize::MAX, 0, 0).values, 1e-6);
    }
}

#[test]
fn closeness_within_1e_9_and_degree_exact() {
    for name in NAMES {
        let c = case(name);
        c.check_values("closeness", &closeness(&c.adj), 1e-9);
        c.check_values("degree", &degree(&c.adj), 1e-12);
    }
}

#[test]
fn louvain_modularity_within_0_02_of_networkx() {
    for name in NAMES {
        let c = case(name);
        let theirs = c.answers["louvain_modularity"].as_f64().unwrap_or(f64::NAN);
        let mut seen = BTreeMap::new();
        for seed in [1, 2, 42] {
            let (labels, q) = louvain(&c.adj, seed);
            assert!(q >= theirs - 0.02, "{name} seed {seed}: ours {q:.4}, networkx {theirs:.4}");
            assert_eq!(louvain(&c.adj, seed), (labels.clone(), q), "{name}: deterministic for seed {seed}");
            seen.insert(seed, q);
        }
        println!("{name}: networkx Q = {theirs:.4}, ours {seen:?}");
    }
}
