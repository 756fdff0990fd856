//! A deterministic generator of synthetic knowledge graphs in our format, for benchmarks and
//! scale tests: preferential attachment (Barabási–Albert) gives power-law degrees, and node and
//! edge types follow the knowledge-graph mix (55 % people, 15 % each organizations, roles,
//! events).

use crate::algo::SplitMix64;
use crate::model::{EdgeRecord, GraphDocument, GraphMeta, NodeRecord};

const SURNAMES: &[char] = &['張', '王', '李', '趙', '劉', '陳', '楊', '黃', '周', '吳', '徐', '孫', '胡', '朱', '高', '林', '何', '郭', '馬', '羅'];
const GIVEN: &[char] = &['建', '生', '翼', '靜', '峰', '慧', '勝', '明', '華', '國', '強', '平', '芳', '偉', '麗', '軍', '敏', '傑', '婷', '磊'];
const PLACES: &[&str] = &["嘉興", "杭州", "寧波", "溫州", "湖州", "紹興", "金華", "衢州", "舟山", "台州"];
const ORGS: &[&str] = &["工商聯", "商會", "協會", "委員會", "研究院", "集團", "基金會", "聯合會"];
const TITLES: &[&str] = &["主席", "副主席", "秘書長", "書記", "副書記", "委員", "會長", "理事"];
const EVENTS: &[&str] = &["推進會", "座談會", "擂臺賽", "簽約儀式", "年會", "論壇", "培訓班", "調研"];

/// The type of node `i`, drawn from the knowledge-graph mix.
fn kind(rng: &mut SplitMix64) -> &'static str {
    match rng.below(100) {
        0..=54 => "person",
        55..=69 => "organization",
        70..=84 => "role",
        _ => "event",
    }
}

/// The relation type for an edge from a node of type `a` to one of type `b`.
fn relation(a: &str, b: &str) -> &'static str {
    match (a, b) {
        ("person", "role") => "holds",
        ("role", "organization") => "of",
        ("person", "organization") => "member_of",
        ("person", "event") => "attended",
        ("organization", "event") => "organized",
        ("organization", "organization") | ("event", "event") => "part_of",
        _ => "related_to",
    }
}

/// Generates a graph of `nodes` nodes where each new node attaches to `per_node` earlier ones
/// chosen in proportion to their degree, so there are about `nodes × per_node` edges. The same
/// arguments give the same graph on every machine.
///
/// # Complexity
/// O(nodes × per_node) time and memory.
pub fn generate(nodes: usize, per_node: usize, seed: u64) -> GraphDocument {
    let mut rng = SplitMix64::new(seed);
    let per_node = per_node.max(1);
    let kinds: Vec<&'static str> = (0..nodes).map(|_| kind(&mut rng)).collect();
    let records: Vec<NodeRecord> = kinds
        .iter()
        .enumerate()
        .map(|(i, &k)| {
            let label = match k {
                "person" => {
                    let mut s = String::new();
                    s.push(SURNAMES[rng.below(SURNAMES.len())]);
                    s.push(GIVEN[rng.below(GIVEN.len())]);
                    s.push(GIVEN[rng.below(GIVEN.len())]);
                    s
                }
                "organization" => format!("{}{}{}", PLACES[rng.below(PLACES.len())], ORGS[rng.below(ORGS.len())], i),
                "role" => format!("{}{}", TITLES[rng.below(TITLES.len())], i),
                _ => format!("{}{}{}", PLACES[rng.below(PLACES.len())], EVENTS[rng.below(EVENTS.len())], i),
            };
            let date = (k == "event").then(|| format!("{}-{:02}-{:02}", 2015 + rng.below(10), 1 + rng.below(12), 1 + rng.below(28)));
            let mut node = NodeRecord::new(format!("n{i}"), k, label);
            if date.is_some() {
                node.date = date;
            }
            node
        })
        .collect();

    // Preferential attachment: `ends` lists every edge end, so a uniform pick from it picks a
    // node in proportion to its degree.
    let mut edges = Vec::with_capacity(nodes * per_node);
    let mut ends: Vec<u32> = Vec::with_capacity(2 * nodes * per_node);
    let start = (per_node + 1).min(nodes);
    for a in 0..start {
        for b in 0..a {
            edges.push((a as u32, b as u32));
            ends.extend([a as u32, b as u32]);
        }
    }
    let mut chosen: Vec<u32> = Vec::with_capacity(per_node);
    for v in start..nodes {
        chosen.clear();
        while chosen.len() < per_node.min(v) {
            let t = ends[rng.below(ends.len())];
            if !chosen.contains(&t) {
                chosen.push(t);
            }
        }
        for &t in &chosen {
            edges.push((v as u32, t));
            ends.extend([v as u32, t]);
        }
    }
    let edge_records = edges
        .into_iter()
        .map(|(a, b)| EdgeRecord::new(format!("n{a}"), format!("n{b}"), relation(kinds[a as usize], kinds[b as usize])))
        .collect();
    GraphDocument {
        directed: true,
        multigraph: true,
        graph: GraphMeta { name: Some(format!("synthetic: {nodes} nodes, {per_node} edges per node, seed {seed}")), ..GraphMeta::default() },
        nodes: records,
        edges: edge_records,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_sized_and_loadable() {
        let a = generate(2_000, 3, 7);
        assert_eq!(a, generate(2_000, 3, 7));
        assert_ne!(a, generate(2_000, 3, 8));
        assert_eq!(a.nodes.len(), 2_000);
        assert_eq!(a.edges.len(), 6 + (2_000 - 4) * 3);
        let text = serde_json::to_string(&a).unwrap_or_default();
        let report = crate::load_str(&text).unwrap_or_default();
        assert!(report.problems.is_empty(), "{:?}", &report.problems[..report.problems.len().min(3)]);
        let people = a.nodes.iter().filter(|n| n.kind == "person").count();
        assert!((1_000..1_200).contains(&people), "about 55 % people: {people}");
    }

    #[test]
    fn degrees_follow_a_power_law() {
        let doc = generate(20_000, 3, 1);
        let mut degree = vec![0usize; doc.nodes.len()];
        for e in &doc.edges {
            for id in [&e.source, &e.target] {
                degree[id[1..].parse::<usize>().unwrap_or(0)] += 1;
            }
        }
        degree.sort_unstable();
        let median = degree[degree.len() / 2];
        let max = degree[degree.len() - 1];
        assert!(median <= 5 && max > 40 * median, "hubs far above the median: median {median}, max {max}");
    }
}
