//! The relationship engine's questions, asked of a [`KnowledgeGraph`] through a [`View`]: who is
//! around X, how A and B are connected (with the sentence that says so), who matters most, which
//! groups form, and the ties the graph implies (shared events, shared organizations, roles
//! collapsed into person→organization edges). Shared by the app and the `kg` CLI.

use crate::algo::{centrality, community, paths, Adjacency, Direction, View};
use crate::graph::{EdgeId, KnowledgeGraph, NodeId};
use crate::model::{Evidence, NodeKind};
use std::collections::BTreeMap;

/// Views that restrict a graph.
impl View {
    /// Only nodes of the given kinds (all when `None`) and edges of the given types (all when
    /// `None`).
    ///
    /// # Complexity
    /// O(n + m).
    pub fn of_types(graph: &KnowledgeGraph, node_kinds: Option<&[NodeKind]>, edge_types: Option<&[&str]>) -> View {
        let doc = graph.document();
        View {
            nodes: doc.nodes.iter().map(|n| node_kinds.is_none_or(|k| k.contains(&n.node_kind()))).collect(),
            edges: doc.edges.iter().map(|e| edge_types.is_none_or(|t| t.contains(&e.kind.as_str()))).collect(),
        }
    }

    /// The graph as it stood on `date` (ISO 8601, partial allowed): events dated after it are
    /// hidden, and so are relations whose `start`/`end` do not cover it. Undated things stay.
    ///
    /// # Complexity
    /// O(n + m).
    pub fn as_of(graph: &KnowledgeGraph, date: &str) -> View {
        let doc = graph.document();
        let Some((day_lo, day_hi)) = date_range(date) else { return View::all(graph) };
        View {
            nodes: doc
                .nodes
                .iter()
                .map(|n| n.node_kind() != NodeKind::Event || n.date.as_deref().and_then(date_range).is_none_or(|(lo, _)| lo <= day_hi))
                .collect(),
            edges: doc
                .edges
                .iter()
                .map(|e| {
                    let started = e.start.as_deref().and_then(date_range).is_none_or(|(lo, _)| lo <= day_hi);
                    let not_ended = e.end.as_deref().and_then(date_range).is_none_or(|(_, hi)| hi >= day_lo);
                    started && not_ended
                })
                .collect(),
        }
    }

    /// This view intersected with another.
    pub fn and(mut self, other: &View) -> View {
        for (a, b) in self.nodes.iter_mut().zip(&other.nodes) {
            *a &= *b;
        }
        for (a, b) in self.edges.iter_mut().zip(&other.edges) {
            *a &= *b;
        }
        self
    }
}

/// A calendar day as (year, month, day), ordered as dates are.
type Day = (u32, u32, u32);

/// The first and last day a partial ISO date can mean.
fn date_range(s: &str) -> Option<(Day, Day)> {
    if !crate::load::is_iso_date(s) {
        return None;
    }
    let p: Vec<u32> = s.split('-').filter_map(|x| x.parse().ok()).collect();
    match p.as_slice() {
        [y] => Some(((*y, 1, 1), (*y, 12, 31))),
        [y, m] => Some(((*y, *m, 1), (*y, *m, 31))),
        [y, m, d] => Some(((*y, *m, *d), (*y, *m, *d))),
        _ => None,
    }
}

/// One step of a path: the edge walked and whether it was walked along its direction.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub edge: EdgeId,
    pub from: NodeId,
    pub to: NodeId,
    /// True when `from` is the edge's source.
    pub forward: bool,
}

/// A path between two entities, node by node and edge by edge.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    pub nodes: Vec<NodeId>,
    pub steps: Vec<Step>,
}

/// The languages explanations are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Chinese, in the script of the data.
    Zh,
    English,
}

/// The nodes within `hops` of `id` in the view, nearest first, with their distance.
///
/// # Complexity
/// O(n + m log m) to build the adjacency, then O(n + m).
pub fn neighbourhood(graph: &KnowledgeGraph, view: &View, id: NodeId, hops: u32) -> Vec<(NodeId, u32)> {
    let adj = Adjacency::of(graph, view, Direction::Undirected);
    let Some(source) = adj.local(id) else { return Vec::new() };
    paths::neighbourhood(&adj, source, hops).into_iter().map(|(i, d)| (adj.node_id(i), d)).collect()
}

/// Up to `limit` shortest paths from `a` to `b` in the view, following edges both ways unless
/// `direction` is [`Direction::Directed`]. Each step names the edge it walks (the first such edge
/// in file order where several join the same two nodes).
///
/// # Complexity
/// O(n + m log m) to build the adjacency, O(n + m) to search, O(limit × length × degree) to
/// name the edges.
pub fn shortest_paths(graph: &KnowledgeGraph, view: &View, a: NodeId, b: NodeId, direction: Direction, limit: usize) -> Vec<Path> {
    shortest_paths_in(graph, view, &Adjacency::of(graph, view, direction), a, b, direction, limit)
}

/// [`shortest_paths`] with the view's adjacency already built (`Adjacency::of(graph, view,
/// direction)`), for a page that asks several questions of one view.
pub fn shortest_paths_in(graph: &KnowledgeGraph, view: &View, adj: &Adjacency, a: NodeId, b: NodeId, direction: Direction, limit: usize) -> Vec<Path> {
    let (Some(la), Some(lb)) = (adj.local(a), adj.local(b)) else { return Vec::new() };
    paths::all_shortest_paths(adj, la, lb, limit)
        .into_iter()
        .map(|local| {
            let nodes: Vec<NodeId> = local.iter().map(|&i| adj.node_id(i)).collect();
            let steps = nodes
                .windows(2)
                .filter_map(|w| step_between(graph, view, w[0], w[1], direction))
                .collect();
            Path { nodes, steps }
        })
        .collect()
}

fn step_between(graph: &KnowledgeGraph, view: &View, from: NodeId, to: NodeId, direction: Direction) -> Option<Step> {
    graph
        .neighbours(from)
        .filter(|&(_, other)| other == to)
        .filter_map(|(edge, _)| {
            let record = graph.edge(edge);
            let forward = graph.find(&record.source) == Some(from);
            let (s, t) = if forward { (from, to) } else { (to, from) };
            (view.has_edge(edge, s, t) && (forward || direction == Direction::Undirected)).then_some(Step { edge, from, to, forward })
        })
        .min_by_key(|s| s.edge)
}

/// The name to use for a node in a language.
pub fn name(graph: &KnowledgeGraph, id: NodeId, lang: Lang) -> &str {
    let node = graph.node(id);
    match lang {
        Lang::English => node.names.as_ref().and_then(|n| n.en.as_deref()).unwrap_or(node.display_label()),
        Lang::Zh => node.display_label(),
    }
}

/// A clause saying what one edge means, source first.
pub fn relation_clause(kind: &str, source: &str, target: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => match kind {
            "holds" => format!("{source}擔任{target}"),
            "of" => format!("{source}是{target}的職位"),
            "part_of" => format!("{source}隸屬於{target}"),
            "member_of" => format!("{source}是{target}的成員"),
            "attended" => format!("{source}出席了{target}"),
            "chaired" => format!("{source}主持了{target}"),
            "spoke_at" => format!("{source}在{target}上講話"),
            "organized" => format!("{source}舉辦了{target}"),
            "commented_on" => format!("{source}點評了{target}"),
            "proposed" => format!("{source}提出了{target}"),
            "participated_in" => format!("{source}參加了{target}"),
            "signed" => format!("{source}簽訂了{target}"),
            "refers_to" => format!("{source}提到了{target}"),
            _ => format!("{source}與{target}相關"),
        },
        Lang::English => match kind {
            "holds" => format!("{source} holds the post of {target}"),
            "of" => format!("{source} is a post in {target}"),
            "part_of" => format!("{source} is part of {target}"),
            "member_of" => format!("{source} is a member of {target}"),
            "attended" => format!("{source} attended {target}"),
            "chaired" => format!("{source} chaired {target}"),
            "spoke_at" => format!("{source} spoke at {target}"),
            "organized" => format!("{source} organized {target}"),
            "commented_on" => format!("{source} commented on {target}"),
            "proposed" => format!("{source} put forward {target}"),
            "participated_in" => format!("{source} took part in {target}"),
            "signed" => format!("{source} signed {target}"),
            "refers_to" => format!("{source} referred to {target}"),
            _ => format!("{source} is related to {target}"),
        },
    }
}

/// One explained step: the clause and the evidence behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExplainedStep {
    pub clause: String,
    pub evidence: Vec<Evidence>,
    pub inferred: bool,
}

/// Explains a path as a chain of relations: one clause per step, each with its evidence, and the
/// whole as one sentence.
///
/// ```
/// use kg_core::query::{explain, shortest_paths, Lang};
/// use kg_core::algo::{Direction, View};
/// let doc = kg_core::load_str(r#"{"nodes":[{"id":"p","type":"person","label":"張建生"},{"id":"r","type":"role","label":"黨委書記"}],
///   "edges":[{"source":"p","target":"r","type":"holds"}]}"#).unwrap().document;
/// let g = kg_core::KnowledgeGraph::from_document(doc);
/// let (p, r) = (g.find("p").unwrap(), g.find("r").unwrap());
/// let path = &shortest_paths(&g, &View::all(&g), r, p, Direction::Undirected, 1)[0];
/// assert_eq!(explain(&g, path, Lang::Zh).0, "張建生擔任黨委書記。");
/// ```
pub fn explain(graph: &KnowledgeGraph, path: &Path, lang: Lang) -> (String, Vec<ExplainedStep>) {
    let steps: Vec<ExplainedStep> = path
        .steps
        .iter()
        .map(|step| {
            let record = graph.edge(step.edge);
            let (s, t) = if step.forward { (step.from, step.to) } else { (step.to, step.from) };
            ExplainedStep {
                clause: relation_clause(&record.kind, name(graph, s, lang), name(graph, t, lang), lang),
                evidence: record.evidence.clone(),
                inferred: record.inferred,
            }
        })
        .collect();
    let clauses: Vec<&str> = steps.iter().map(|s| s.clause.as_str()).collect();
    let sentence = match lang {
        Lang::Zh => format!("{}。", clauses.join("；")),
        Lang::English => format!("{}.", clauses.join("; ")),
    };
    (sentence, steps)
}

/// Which centrality to compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Degree,
    Betweenness,
    Closeness,
    PageRank,
}

/// Betweenness is exact up to this many nodes, and sampled from [`BETWEENNESS_SAMPLES`] sources
/// above it.
pub const BETWEENNESS_EXACT_UP_TO: usize = 5_000;
/// How many sources sampled betweenness uses.
pub const BETWEENNESS_SAMPLES: usize = 256;

/// A centrality ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    /// (node, value), highest first (ties by node).
    pub values: Vec<(NodeId, f64)>,
    /// For sampled betweenness, the sample size.
    pub sampled_sources: Option<usize>,
}

/// Ranks the view's nodes by a centrality measure on the undirected graph (normalized as
/// networkx normalizes by default; see `docs/algorithms.md`).
///
/// # Complexity
/// Degree O(n + m); PageRank O((n + m) · iterations); closeness O(n·m); betweenness O(n·m)
/// exact or O(k·m) sampled.
pub fn centrality(graph: &KnowledgeGraph, view: &View, measure: Measure) -> Ranking {
    let adj = Adjacency::of(graph, view, Direction::Undirected);
    let (values, sampled_sources) = centrality_values(&adj, measure);
    let mut values: Vec<(NodeId, f64)> = values.into_iter().enumerate().map(|(i, v)| (adj.node_id(i), v)).collect();
    crate::sorting::sort_by(&mut values, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    Ranking { values, sampled_sources }
}

/// A centrality measure of every node of an undirected adjacency, by local index, with the
/// sample size of a sampled betweenness: what [`centrality`] ranks. A worker that has only the
/// edge list computes the same values from `Adjacency::from_pairs`.
pub fn centrality_values(adj: &Adjacency, measure: Measure) -> (Vec<f64>, Option<usize>) {
    match measure {
        Measure::Degree => (centrality::degree(adj), None),
        Measure::Closeness => (centrality::closeness(adj), None),
        Measure::PageRank => (centrality::pagerank(adj, 0.85, 1e-10, 1000).0, None),
        Measure::Betweenness => {
            let b = centrality::betweenness(adj, true, BETWEENNESS_EXACT_UP_TO, BETWEENNESS_SAMPLES, 42);
            (b.values, b.sampled_sources)
        }
    }
}

/// Communities of the view's nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Communities {
    /// The communities, largest first, each a sorted list of nodes.
    pub groups: Vec<Vec<NodeId>>,
    pub modularity: f64,
}

/// Louvain communities of the undirected view, deterministic for `seed`.
///
/// # Complexity
/// Near-linear: O(m) per pass.
pub fn communities(graph: &KnowledgeGraph, view: &View, seed: u64) -> Communities {
    communities_of(&Adjacency::of(graph, view, Direction::Undirected), seed)
}

/// [`communities`] of an undirected adjacency (for a worker that has only the edge list).
pub fn communities_of(adj: &Adjacency, seed: u64) -> Communities {
    let (labels, modularity) = community::louvain(adj, seed);
    let mut groups: BTreeMap<usize, Vec<NodeId>> = BTreeMap::new();
    for (i, c) in labels.into_iter().enumerate() {
        groups.entry(c).or_default().push(adj.node_id(i));
    }
    let mut groups: Vec<Vec<NodeId>> = groups.into_values().collect();
    crate::sorting::sort_by(&mut groups, |a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    Communities { groups, modularity }
}

impl Communities {
    /// Each of `n` nodes' community as its position in `groups` (largest first; 0 for a node in
    /// none).
    pub fn group_of_each(&self, n: usize) -> Vec<u32> {
        let mut of = vec![0u32; n];
        for (k, members) in self.groups.iter().enumerate() {
            for id in members {
                if let Some(slot) = of.get_mut(id.index()) {
                    *slot = k as u32;
                }
            }
        }
        of
    }
}

/// Edge types through which a person takes part in an event.
pub const PARTICIPATION: &[&str] = &["attended", "chaired", "spoke_at", "organized", "participated_in", "commented_on", "signed"];

/// A derived tie between two people, with what explains it.
#[derive(Debug, Clone, PartialEq)]
pub struct Tie {
    pub other: NodeId,
    /// Events both took part in.
    pub shared_events: Vec<NodeId>,
    /// Organizations both hold a role in or belong to.
    pub shared_organizations: Vec<NodeId>,
}

/// A role collapsed into a person→organization relation that keeps the title.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleTie {
    pub person: NodeId,
    pub organization: NodeId,
    pub role: NodeId,
    pub title: String,
}

/// Every person —title→ organization relation: `person —holds→ role —of→ organization` (or
/// `holds_role` and `role_at`, as other tools name them), so a view can hide role nodes without
/// losing the title (the role's `title`, or its label).
///
/// # Complexity
/// O(m).
pub fn collapsed_roles(graph: &KnowledgeGraph, view: &View) -> Vec<RoleTie> {
    // Each role's organizations (and title), found once per role: a role held by many people
    // would otherwise have its relations walked once per holder.
    let mut of_role: crate::idhash::IdMap<NodeId, (Vec<NodeId>, String)> = Default::default();
    let mut out = Vec::new();
    for (e, person, role) in graph.edges() {
        if !matches!(graph.edge(e).kind.as_str(), "holds" | "holds_role") || !view.has_edge(e, person, role) {
            continue;
        }
        let (organizations, title) = of_role.entry(role).or_insert_with(|| {
            let organizations = graph
                .neighbours(role)
                .filter(|&(e2, organization)| {
                    let r = graph.edge(e2);
                    matches!(r.kind.as_str(), "of" | "role_at") && graph.find(&r.source) == Some(role) && view.has_edge(e2, role, organization)
                })
                .map(|(_, organization)| organization)
                .collect();
            let node = graph.node(role);
            (organizations, node.title.clone().unwrap_or_else(|| node.display_label().to_string()))
        });
        for &organization in organizations.iter() {
            out.push(RoleTie { person, organization, role, title: title.clone() });
        }
    }
    out
}

/// The events a node takes part in and the organizations it belongs to (directly, or through a
/// role it holds).
fn affiliations(graph: &KnowledgeGraph, view: &View, id: NodeId) -> (Vec<NodeId>, Vec<NodeId>) {
    let mut events = Vec::new();
    let mut orgs = Vec::new();
    for (e, other) in graph.neighbours(id) {
        let r = graph.edge(e);
        if graph.find(&r.source) != Some(id) || !view.has_edge(e, id, other) {
            continue;
        }
        match (r.kind.as_str(), graph.kind(other)) {
            (k, NodeKind::Event) if PARTICIPATION.contains(&k) => events.push(other),
            ("member_of", NodeKind::Organization) => orgs.push(other),
            _ => {}
        }
    }
    for tie in collapsed_roles(graph, view).into_iter().filter(|t| t.person == id) {
        orgs.push(tie.organization);
    }
    crate::sorting::sort_by(&mut events, |a, b| a.cmp(b));
    events.dedup();
    crate::sorting::sort_by(&mut orgs, |a, b| a.cmp(b));
    orgs.dedup();
    (events, orgs)
}

/// The people tied to `person` by shared events or shared organizations, most shared first.
///
/// # Complexity
/// O(p · m) for p people: each person's affiliations are gathered once.
pub fn ties(graph: &KnowledgeGraph, view: &View, person: NodeId) -> Vec<Tie> {
    let (events, orgs) = affiliations(graph, view, person);
    let mut out = Vec::new();
    for other in graph.node_ids() {
        if other == person || graph.kind(other) != NodeKind::Person || !view.has_node(other) {
            continue;
        }
        let (their_events, their_orgs) = affiliations(graph, view, other);
        let shared_events: Vec<NodeId> = events.iter().copied().filter(|e| their_events.binary_search(e).is_ok()).collect();
        let shared_organizations: Vec<NodeId> = orgs.iter().copied().filter(|o| their_orgs.binary_search(o).is_ok()).collect();
        if !shared_events.is_empty() || !shared_organizations.is_empty() {
            out.push(Tie { other, shared_events, shared_organizations });
        }
    }
    crate::sorting::sort_by(&mut out, |a, b| {
        (b.shared_events.len() + b.shared_organizations.len())
            .cmp(&(a.shared_events.len() + a.shared_organizations.len()))
            .then(a.other.cmp(&b.other))
    });
    out
}

/// The degree of every node in the view, counting each relation (parallel edges included).
pub fn degrees(graph: &KnowledgeGraph, view: &View) -> Vec<usize> {
    let mut degree = vec![0usize; graph.document().nodes.len()];
    for (e, s, t) in graph.edges() {
        if view.has_edge(e, s, t) {
            degree[s.index()] += 1;
            degree[t.index()] += 1;
        }
    }
    degree
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a worker computes from the edge list alone equals what the graph's own queries give.
    #[test]
    fn centrality_and_communities_from_the_edge_list_match_the_graph() {
        let graph = KnowledgeGraph::from_document(crate::generate::generate(3000, 3, 5));
        let all = View::all(&graph);
        let pairs: Vec<(u32, u32)> = graph.edges().map(|(_, s, t)| (s.0, t.0)).collect();
        let adj = Adjacency::from_pairs(graph.node_count(), pairs, Direction::Undirected);
        for measure in [Measure::Degree, Measure::PageRank, Measure::Betweenness, Measure::Closeness] {
            let (values, sampled) = centrality_values(&adj, measure);
            let ranking = centrality(&graph, &all, measure);
            assert_eq!(sampled, ranking.sampled_sources);
            for (id, v) in ranking.values {
                assert_eq!(values[id.index()], v, "{measure:?} of {id:?}");
            }
        }
        let c = communities_of(&adj, 42);
        assert_eq!(c, communities(&graph, &all, 42));
        let of = c.group_of_each(graph.node_count());
        assert!(c.groups.iter().enumerate().all(|(k, members)| members.iter().all(|id| of[id.index()] == k as u32)));
    }
}
