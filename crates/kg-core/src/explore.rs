//! What the "find and explain" tools ask of a graph: ranked search-as-you-type over every name
//! an entity answers to, the filters (types, relations, degree, neighbourhood, a date range) as
//! one [`View`] with counts of what they hide, an entity's details (names, roles, relations
//! grouped by type, each with its evidence), and the sentence of a source text around a quote.

use crate::algo::View;
use crate::graph::{EdgeId, KnowledgeGraph, NodeId};
use crate::model::{Evidence, NodeKind};
use crate::resolve::{fold, keys};

/// One search result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub id: NodeId,
    /// How well it matched: 0 exact, 1 prefix, 2 inside a name; lower is better.
    pub rank: u8,
}

/// Up to this many search results are kept as they are found rather than sorted at the end.
pub const FEW: usize = 64;

/// Every entity's folded names, built once per graph so that each keystroke costs one pass.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    /// Every indexed entity's folded names, each followed by a NUL, entity after entity in
    /// graph order: one string instead of a vector of strings per entity (at 100,000 entities,
    /// about a third of the memory).
    text: String,
    /// Where each indexed entity's names end in `text` (they begin where the previous end).
    ends: Vec<u32>,
}

impl SearchIndex {
    /// Folds every name of every entity (see [`crate::resolve::keys`]).
    ///
    /// # Complexity
    /// O(n · k) for n entities with k names each.
    pub fn new(graph: &KnowledgeGraph) -> SearchIndex {
        let mut index = SearchIndex::default();
        index.extend(graph, usize::MAX);
        index
    }

    /// Adds the names of up to `budget` more entities, in graph order, so that a page can build
    /// the index of a large graph in slices while nothing else happens.
    ///
    /// # Returns
    /// True once every entity is in the index (searching before that finds only those added).
    ///
    /// # Complexity
    /// O(budget · k).
    pub fn extend(&mut self, graph: &KnowledgeGraph, budget: usize) -> bool {
        let (start, n) = (self.ends.len(), graph.node_count());
        let end = start.saturating_add(budget).min(n);
        for i in start..end {
            for key in keys(graph, NodeId(i as u32)) {
                self.text.extend(key.chars().filter(|&c| c != '\0'));
                self.text.push('\0');
            }
            self.ends.push(self.text.len() as u32);
        }
        end == n
    }

    /// The entities a typed text names, best first, at most `limit`: exact names (in either
    /// script, pinyin with or without tones and spaces, pinyin initials, aliases), then names
    /// that begin with the text, then names that contain it. Ties go to the better-connected.
    ///
    /// # Arguments
    /// * `graph` - the graph the index was built from (for degrees).
    /// * `query` - what the person typed.
    /// * `limit` - the most results wanted.
    ///
    /// # Complexity
    /// O(n · k) string comparisons, then O(r log limit) to keep the best `limit` of r matches
    /// when `limit` is a few (at most [`FEW`]), else O(r log r) to sort them all.
    ///
    /// ```
    /// use kg_core::explore::SearchIndex;
    /// let doc = kg_core::load_str(r#"{"nodes":[{"id":"p","type":"person","label":"張建生",
    ///   "names":{"pinyin":"Zhāng Jiànshēng"}}],"edges":[]}"#).unwrap().document;
    /// let g = kg_core::KnowledgeGraph::from_document(doc);
    /// let index = SearchIndex::new(&g);
    /// for q in ["张建生", "zhangjiansheng", "zjs", "建生"] {
    ///     assert_eq!(index.search(&g, q, 5).len(), 1, "{q}");
    /// }
    /// ```
    pub fn search(&self, graph: &KnowledgeGraph, query: &str, limit: usize) -> Vec<Hit> {
        let q = fold(query);
        // No name holds a NUL (the index strips them): a query with one names nothing, and a
        // match must never run from one name into the next.
        if q.is_empty() || q.contains('\0') {
            return Vec::new();
        }
        let mut hits: Vec<(u8, std::cmp::Reverse<usize>, NodeId)> = Vec::new();
        let text = self.text.as_bytes();
        // One pass of one searcher over every name (a searcher made for each name cost more
        // than the search itself). Matches come in order and never span a NUL, so the entity of
        // each is found by walking `ends`, and the start of its name by looking back no further
        // than the previous match.
        let mut entity = 0;
        let mut rank = u8::MAX;
        let (mut name_start, mut looked) = (0, 0);
        // A single character is found by the standard library's byte search (`memchr` on its
        // last byte), a longer text by its two-way search.
        let mut chars = q.chars();
        let (mut by_char, mut by_text);
        let matches: &mut dyn Iterator<Item = usize> = match (chars.next(), chars.next()) {
            (Some(c), None) => {
                by_char = self.text.match_indices(c).map(|(at, _)| at);
                &mut by_char
            }
            _ => {
                by_text = self.text.match_indices(q.as_str()).map(|(at, _)| at);
                &mut by_text
            }
        };
        for at in matches {
            if self.ends[entity] as usize <= at {
                if rank != u8::MAX {
                    hits.push((rank, std::cmp::Reverse(graph.degree(NodeId(entity as u32))), NodeId(entity as u32)));
                }
                rank = u8::MAX;
                // The match's entity: the first whose names end after it.
                entity += self.ends[entity..].partition_point(|&end| end as usize <= at);
            }
            if let Some(nul) = text[looked..at].iter().rposition(|&b| b == 0) {
                name_start = looked + nul + 1;
            }
            looked = at;
            let found = if at != name_start {
                2
            } else if text.get(at + q.len()) == Some(&0) {
                0
            } else {
                1
            };
            rank = rank.min(found);
        }
        if rank != u8::MAX {
            hits.push((rank, std::cmp::Reverse(graph.degree(NodeId(entity as u32))), NodeId(entity as u32)));
        }
        // A few suggestions out of many matches (a short query can match most of a large graph)
        // are kept in order as the matches are walked, O(r log limit), rather than by sorting
        // every match at each keystroke (the release build's library sorts by heapsort).
        if limit < hits.len() && limit <= FEW {
            let mut best = Vec::with_capacity(limit);
            for hit in hits {
                if best.len() == limit {
                    if best.last().is_none_or(|worst| hit >= *worst) {
                        continue;
                    }
                    best.pop();
                }
                let at = best.partition_point(|b| *b < hit);
                best.insert(at, hit);
            }
            hits = best;
        } else {
            hits.sort_unstable();
            hits.truncate(limit);
        }
        hits.into_iter().map(|(rank, _, id)| Hit { id, rank }).collect()
    }
}

/// What the filters let through. The default hides nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    /// Entity types hidden.
    pub hidden_kinds: Vec<NodeKind>,
    /// Relation types hidden.
    pub hidden_relations: Vec<String>,
    /// Entities with fewer relations than this (in the graph as stored) are hidden.
    pub min_degree: usize,
    /// Only this entity and what lies within `hops` of it.
    pub around: Option<(NodeId, u32)>,
    /// Only what is dated within this range (ISO dates, partial allowed): events by their date,
    /// relations by their `start`/`end`. Undated things stay.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Communities hidden, by their number in a community assignment (see [`Filters::view_in`]).
    pub hidden_communities: Vec<u32>,
}

/// How much the filters hide.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hidden {
    pub nodes: usize,
    pub edges: usize,
}

/// The first and last day a partial ISO date (`2023`, `2023-03`, `2023-03-17`) can mean, as
/// comparable strings.
fn day_span(date: &str) -> Option<(String, String)> {
    if !crate::load::is_iso_date(date) {
        return None;
    }
    Some(match date.len() {
        4 => (format!("{date}-01-01"), format!("{date}-12-31")),
        7 => (format!("{date}-01"), format!("{date}-31")),
        _ => (date.to_string(), date.to_string()),
    })
}

impl Filters {
    /// True when nothing is filtered.
    pub fn is_empty(&self) -> bool {
        *self == Filters::default()
    }

    /// The view these filters leave (the community filter needs an assignment: see
    /// [`Filters::view_in`]).
    ///
    /// # Complexity
    /// O(n + m), plus a breadth-first search for `around`.
    pub fn view(&self, graph: &KnowledgeGraph) -> View {
        self.view_in(graph, None)
    }

    /// The view these filters leave, with `communities[i]` the community of node i (for
    /// example from [`crate::query::communities`]); without it the community filter is ignored.
    pub fn view_in(&self, graph: &KnowledgeGraph, communities: Option<&[u32]>) -> View {
        if self.is_empty() {
            return View::all(graph);
        }
        let doc = graph.document();
        let lo = self.from.as_deref().and_then(day_span).map(|s| s.0);
        let hi = self.to.as_deref().and_then(day_span).map(|s| s.1);
        // A thing dated [start, end] is shown when it overlaps [lo, hi].
        let overlaps = |start: Option<&str>, end: Option<&str>| {
            let start = start.and_then(day_span).map(|s| s.0);
            let end = end.and_then(day_span).map(|s| s.1).or_else(|| start.clone());
            let after_lo = match (&lo, &end) {
                (Some(lo), Some(end)) => end >= lo,
                _ => true,
            };
            let before_hi = match (&hi, &start) {
                (Some(hi), Some(start)) => start <= hi,
                _ => true,
            };
            after_lo && before_hi
        };
        let mut nodes: Vec<bool> = doc
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let kind = graph.kind(NodeId(i as u32));
                !self.hidden_kinds.contains(&kind)
                    && communities.is_none_or(|c| c.get(i).is_none_or(|g| !self.hidden_communities.contains(g)))
                    && graph.degree(NodeId(i as u32)) >= self.min_degree
                    && (kind != NodeKind::Event || overlaps(n.date.as_deref(), n.end_date.as_deref()))
            })
            .collect();
        let edges: Vec<bool> = doc
            .edges
            .iter()
            .map(|e| !self.hidden_relations.iter().any(|h| *h == e.kind) && (e.start.is_none() && e.end.is_none() || overlaps(e.start.as_deref(), e.end.as_deref())))
            .collect();
        let mut view = View { nodes: nodes.clone(), edges };
        if let Some((centre, hops)) = self.around {
            let near = crate::query::neighbourhood(graph, &view, centre, hops);
            nodes.iter_mut().for_each(|v| *v = false);
            for (id, _) in near {
                nodes[id.index()] = true;
            }
            view.nodes = nodes;
        }
        view
    }

    /// How many entities and relations `view` (from [`Filters::view`]) hides.
    ///
    /// # Complexity
    /// O(n + m). When every node is shown (no filter, or only relations filtered), an edge is
    /// hidden by its own flag alone and its ends are not looked up: the page counts this in its
    /// first render, where at 1,000,000 nodes looking up 3,000,000 edges' ends took ~0.5 s.
    pub fn hidden(graph: &KnowledgeGraph, view: &View) -> Hidden {
        let nodes = view.nodes.iter().filter(|v| !**v).count();
        let edges = if nodes == 0 && view.nodes.len() >= graph.document().nodes.len() {
            graph.edge_ids().filter(|e| !view.edges.get(e.index()).copied().unwrap_or(false)).count()
        } else {
            graph.edges().filter(|&(e, s, t)| !view.has_edge(e, s, t)).count()
        };
        Hidden { nodes, edges }
    }
}

/// One relation of an entity, seen from it.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    pub edge: EdgeId,
    pub other: NodeId,
    /// True when the entity is the relation's source.
    pub outgoing: bool,
}

/// One post an entity holds: the role, its title, the organization and its dates.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    pub role: NodeId,
    pub title: String,
    pub organization: Option<NodeId>,
    pub start: Option<String>,
    pub end: Option<String>,
    /// The evidence for holding the role, then for the role being in the organization.
    pub evidence: Vec<Evidence>,
}

/// Everything the details panel shows about one entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Details {
    /// Every name once: label, names in each script, aliases.
    pub names: Vec<String>,
    pub posts: Vec<Post>,
    /// Relations grouped by relation type, in order of first appearance.
    pub groups: Vec<(String, Vec<Relation>)>,
}

/// Gathers an entity's details.
///
/// # Complexity
/// O(d²) for an entity of degree d (roles look at their own neighbours).
pub fn details(graph: &KnowledgeGraph, id: NodeId) -> Details {
    let node = graph.node(id);
    let mut names = vec![node.display_label().to_string()];
    if let Some(n) = &node.names {
        names.extend([&n.zh_hant, &n.zh_hans, &n.pinyin, &n.en].into_iter().flatten().cloned());
    }
    names.extend(node.aliases.iter().cloned());
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| !n.is_empty() && seen.insert(n.clone()));

    let mut posts = Vec::new();
    let mut groups: Vec<(String, Vec<Relation>)> = Vec::new();
    for (edge, other) in graph.neighbours(id) {
        let record = graph.edge(edge);
        let outgoing = graph.find(&record.source) == Some(id) && (other != id || graph.find(&record.target) == Some(id));
        if outgoing && matches!(record.kind.as_str(), "holds" | "holds_role") && graph.kind(other) == NodeKind::Role {
            let role = graph.node(other);
            let mut evidence = record.evidence.clone();
            let organization = graph.neighbours(other).find_map(|(e2, org)| {
                let r = graph.edge(e2);
                (matches!(r.kind.as_str(), "of" | "role_at") && graph.find(&r.source) == Some(other)).then(|| {
                    evidence.extend(r.evidence.iter().cloned());
                    org
                })
            });
            posts.push(Post {
                role: other,
                title: role.title.clone().unwrap_or_else(|| role.display_label().to_string()),
                organization,
                start: record.start.clone(),
                end: record.end.clone(),
                evidence,
            });
        }
        let relation = Relation { edge, other, outgoing };
        match groups.iter_mut().find(|(k, _)| *k == record.kind) {
            Some((_, list)) => list.push(relation),
            None => groups.push((record.kind.to_string(), vec![relation])),
        }
    }
    Details { names, posts, groups }
}

/// The sentence of `text` that holds the characters `start..end` (offsets in characters), split
/// into the part before the span, the span, and the part after. A sentence ends after `。！？`
/// or a line break. `None` when the span is not inside the text.
///
/// ```
/// use kg_core::explore::sentence_around;
/// let text = "第一句。張建生出席會議並講話。第三句。";
/// assert_eq!(sentence_around(text, 4, 7), Some(("".into(), "張建生".into(), "出席會議並講話。".into())));
/// ```
pub fn sentence_around(text: &str, start: usize, end: usize) -> Option<(String, String, String)> {
    let chars: Vec<char> = text.chars().collect();
    if start > end || end > chars.len() {
        return None;
    }
    let stop = |c: char| matches!(c, '。' | '！' | '？' | '\n');
    let mut s = start;
    while s > 0 && !stop(chars[s - 1]) {
        s -= 1;
    }
    let mut e = end;
    while e < chars.len() && !(e > start && stop(chars[e - 1])) {
        e += 1;
    }
    let collect = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
    Some((collect(s, start).trim_start().to_string(), collect(start, end), collect(end, e).trim_end().to_string()))
}

/// A bar of the time bar: the dated events that fall on a run of consecutive date stops.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeBin {
    /// The first and last date stop (indices into the sorted dates) the bar covers.
    pub stops: (usize, usize),
    /// How many events fall in it.
    pub count: usize,
    /// One of them (the first in graph order), to name a bar that holds a single event.
    pub sample: NodeId,
}

/// The time bar's bars: each dated event placed on its date stop (by binary search in the
/// sorted, distinct `stops`), then runs of stops merged so that there are at most `max_bins`
/// bars, whatever the number of events. A graph with thousands of events thus costs the page a
/// few hundred elements, not one per event.
///
/// # Arguments
/// * `graph` - the graph whose `Event` nodes with a `date` are counted.
/// * `stops` - the distinct dates, sorted (as the time bar's handles step through them).
/// * `max_bins` - the most bars wanted (at least 1).
///
/// # Returns
/// The non-empty bars in date order.
///
/// # Complexity
/// O(n log s) for n nodes and s stops.
///
/// ```
/// use kg_core::explore::time_bins;
/// let text = r#"{"nodes":[{"id":"a","type":"event","date":"2023-01-01"},{"id":"b","type":"event","date":"2023-02-01"},
///                          {"id":"c","type":"event","date":"2023-02-01"},{"id":"p","type":"person"}],"edges":[]}"#;
/// let graph = kg_core::KnowledgeGraph::from_document(kg_core::load_str(text).unwrap().document);
/// let stops = vec!["2023-01-01".to_string(), "2023-02-01".to_string()];
/// let bins = time_bins(&graph, &stops, 10);
/// assert_eq!(bins.iter().map(|b| (b.stops, b.count)).collect::<Vec<_>>(), vec![((0, 0), 1), ((1, 1), 2)]);
/// ```
pub fn time_bins(graph: &KnowledgeGraph, stops: &[String], max_bins: usize) -> Vec<TimeBin> {
    if stops.is_empty() {
        return Vec::new();
    }
    let bins = max_bins.clamp(1, stops.len());
    // Stop k goes to bin k * bins / len: consecutive stops, evenly shared.
    let bin_of = |k: usize| k * bins / stops.len();
    let mut out: Vec<Option<TimeBin>> = vec![None; bins];
    for id in graph.node_ids().filter(|&id| graph.kind(id) == NodeKind::Event) {
        let Some(date) = graph.node(id).date.as_deref() else { continue };
        let Ok(k) = stops.binary_search_by(|s| s.as_str().cmp(date)) else { continue };
        let b = bin_of(k);
        match &mut out[b] {
            Some(bin) => {
                bin.count += 1;
                bin.stops = (bin.stops.0.min(k), bin.stops.1.max(k));
            }
            slot @ None => *slot = Some(TimeBin { stops: (k, k), count: 1, sample: id }),
        }
    }
    out.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load_str;

    fn seed() -> KnowledgeGraph {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/jiaxing-2023-03-17.json")).unwrap_or_default();
        KnowledgeGraph::from_document(load_str(&text).map(|r| r.document).unwrap_or_default())
    }

    fn labels(g: &KnowledgeGraph, hits: &[Hit]) -> Vec<String> {
        hits.iter().map(|h| g.node(h.id).label.to_string()).collect()
    }

    #[test]
    fn an_index_built_in_slices_finds_what_the_whole_one_finds() {
        let g = seed();
        let whole = SearchIndex::new(&g);
        let mut sliced = SearchIndex::default();
        let mut steps = 0;
        while !sliced.extend(&g, 7) {
            steps += 1;
        }
        assert_eq!(steps, g.node_count().div_ceil(7) - 1);
        assert!(sliced.extend(&g, 7), "a complete index stays complete");
        for q in ["zjs", "工商联", "jiaxing", "王"] {
            assert_eq!(sliced.search(&g, q, 20), whole.search(&g, q, 20), "{q}");
        }
    }

    #[test]
    fn search_finds_people_the_way_readers_type_them() {
        let g = seed();
        let index = SearchIndex::new(&g);
        for q in ["張建生", "张建生", "zhangjiansheng", "Zhāng Jiànshēng", "zhang jian sheng", "zjs", "ZJS"] {
            let hits = index.search(&g, q, 10);
            assert_eq!(labels(&g, &hits).first().map(String::as_str), Some("張建生"), "{q}: {:?}", labels(&g, &hits));
            assert_eq!(hits[0].rank, 0, "{q} is an exact name");
        }
        // An alias, typed in Simplified characters.
        let hits = index.search(&g, "市工商联", 10);
        assert_eq!(g.node(hits[0].id).id, "o-jiaxing-fic", "{:?}", labels(&g, &hits));
        // A partial name: every entity whose name holds 工商聯, exact and prefix matches first.
        let hits = index.search(&g, "工商联", 50);
        assert!(hits.len() >= 3, "{:?}", labels(&g, &hits));
        assert!(hits.windows(2).all(|w| w[0].rank <= w[1].rank));
        assert!(index.search(&g, "李四", 10).is_empty());
        assert!(index.search(&g, "  ", 10).is_empty());
        assert_eq!(index.search(&g, "工商联", 2).len(), 2, "the limit holds");
    }

    /// Every entity whose names hold `query`, ranked name by name: what [`SearchIndex::search`]
    /// finds in one pass over the index, found the plain way.
    fn search_name_by_name(g: &KnowledgeGraph, query: &str) -> Vec<Hit> {
        let q = fold(query);
        let mut hits: Vec<(u8, std::cmp::Reverse<usize>, NodeId)> = g
            .node_ids()
            .filter_map(|id| {
                let keys = keys(g, id);
                let rank = keys.iter().map(|k| if *k == q { 0 } else if k.starts_with(&q) { 1 } else if k.contains(&q) { 2 } else { u8::MAX }).min()?;
                (rank != u8::MAX && !q.is_empty()).then_some((rank, std::cmp::Reverse(g.degree(id)), id))
            })
            .collect();
        hits.sort_unstable();
        hits.into_iter().map(|(rank, _, id)| Hit { id, rank }).collect()
    }

    #[test]
    fn one_pass_over_the_index_finds_and_ranks_what_each_name_would() {
        let g = KnowledgeGraph::from_document(crate::generate::generate(3000, 2, 5));
        let index = SearchIndex::new(&g);
        let queries = ["1", "11", "111", "12", "n1", "n", "张", "張軍", "军平", "委员会", "州委", "会2", "會4", "zz", "0", "2999", "n2999", "\0", "1\0"];
        for q in queries {
            assert_eq!(index.search(&g, q, usize::MAX), search_name_by_name(&g, q), "{q}");
        }
        // Names that hold a query more than once, overlapping, at their start and end, and
        // names that hold nothing.
        let doc = crate::load_str(
            r#"{"nodes":[{"id":"aa","label":"aaa","aliases":["baa","aab",""]},{"id":"b","label":"abab"},
            {"id":"c","label":"-"},{"id":"d","label":"aba","aliases":["ab"]},{"id":"aaaa","label":"x"}],"edges":[]}"#,
        )
        .unwrap()
        .document;
        let g = KnowledgeGraph::from_document(doc);
        let index = SearchIndex::new(&g);
        for q in ["a", "aa", "aaa", "aaaa", "ab", "aba", "abab", "ba", "b", "x", "xa", "-", "c"] {
            assert_eq!(index.search(&g, q, usize::MAX), search_name_by_name(&g, q), "{q}");
        }
        let g = seed();
        let index = SearchIndex::new(&g);
        for q in ["zjs", "工商联", "工商", "jiaxing", "jia", "王", "嘉兴市", "市", "z", "a", "an", "o-", "p-"] {
            assert_eq!(index.search(&g, q, usize::MAX), search_name_by_name(&g, q), "{q}");
        }
    }

    #[test]
    fn a_limit_keeps_the_best_matches_in_the_order_of_all_of_them() {
        let g = KnowledgeGraph::from_document(crate::generate::generate(3000, 2, 5));
        let index = SearchIndex::new(&g);
        for q in ["1", "2", "12", "王", "zz"] {
            let all = index.search(&g, q, usize::MAX);
            for limit in [0, 1, 7, 100, all.len(), all.len() + 1] {
                let best = index.search(&g, q, limit);
                assert_eq!(best, all[..limit.min(all.len())], "{q} limited to {limit}");
            }
        }
        assert!(index.search(&g, "1", usize::MAX).len() > 1000, "a query that matches much of the graph");
    }

    #[test]
    fn filters_hide_types_relations_low_degrees_and_count_what_they_hide() {
        let g = seed();
        let roles = g.node_ids().filter(|&id| g.kind(id) == NodeKind::Role).count();
        let f = Filters { hidden_kinds: vec![NodeKind::Role], ..Filters::default() };
        let view = f.view(&g);
        let hidden = Filters::hidden(&g, &view);
        assert_eq!(hidden.nodes, roles);
        let role_edges = g.edges().filter(|&(_, s, t)| g.kind(s) == NodeKind::Role || g.kind(t) == NodeKind::Role).count();
        assert_eq!(hidden.edges, role_edges, "a hidden entity's relations are hidden with it");

        let f = Filters { hidden_relations: vec!["attended".into()], ..Filters::default() };
        let attended = g.edges().filter(|&(e, _, _)| g.edge(e).kind == "attended").count();
        assert!(attended > 0);
        assert_eq!(Filters::hidden(&g, &f.view(&g)), Hidden { nodes: 0, edges: attended });

        // The count with every node shown (ends not looked up) against the general one.
        let mut view = View::all(&g);
        view.edges.iter_mut().step_by(3).for_each(|v| *v = false);
        let general = g.edges().filter(|&(e, s, t)| !view.has_edge(e, s, t)).count();
        assert!(general > 0);
        assert_eq!(Filters::hidden(&g, &view), Hidden { nodes: 0, edges: general });
        view.nodes.pop();
        let general = g.edges().filter(|&(e, s, t)| !view.has_edge(e, s, t)).count();
        assert_eq!(Filters::hidden(&g, &view).edges, general, "a node missing from the view hides its edges");

        let f = Filters { min_degree: 3, ..Filters::default() };
        let view = f.view(&g);
        assert!(g.node_ids().all(|id| view.has_node(id) == (g.degree(id) >= 3)));
        assert_eq!(Filters::hidden(&g, &Filters::default().view(&g)), Hidden::default());
        assert!(Filters::default().is_empty());
    }

    #[test]
    fn communities_can_be_hidden() {
        let g = seed();
        let c = crate::query::communities(&g, &View::all(&g), 42);
        let mut groups = vec![0u32; g.node_count()];
        for (k, members) in c.groups.iter().enumerate() {
            for id in members {
                groups[id.index()] = k as u32;
            }
        }
        let f = Filters { hidden_communities: vec![0], ..Filters::default() };
        let hidden = Filters::hidden(&g, &f.view_in(&g, Some(&groups)));
        assert_eq!(hidden.nodes, c.groups[0].len(), "the largest community is hidden");
        assert_eq!(Filters::hidden(&g, &f.view(&g)).nodes, 0, "without an assignment the filter does nothing");
    }

    #[test]
    fn the_neighbourhood_filter_keeps_what_is_near_the_selection() {
        let g = seed();
        let Some(zjs) = g.find("p-zhang-jiansheng") else { panic!("no 張建生") };
        let view = Filters { around: Some((zjs, 1)), ..Filters::default() }.view(&g);
        let shown: Vec<NodeId> = g.node_ids().filter(|&id| view.has_node(id)).collect();
        assert!(shown.contains(&zjs));
        assert_eq!(shown.len(), 1 + g.neighbours(zjs).map(|(_, o)| o).collect::<std::collections::BTreeSet<_>>().len());
    }

    #[test]
    fn a_date_range_hides_events_outside_it_and_keeps_undated_things() {
        let doc = load_str(
            r#"{"nodes":[{"id":"a","type":"event","date":"2022-05-01"},{"id":"b","type":"event","date":"2023-03-17"},
                {"id":"c","type":"event"},{"id":"p","type":"person"},{"id":"r","type":"role"}],
               "edges":[{"source":"p","target":"r","type":"holds","start":"2020","end":"2022-12"},
                        {"source":"p","target":"b","type":"attended"}]}"#,
        )
        .map(|r| r.document)
        .unwrap_or_default();
        let g = KnowledgeGraph::from_document(doc);
        let shown = |f: &Filters| {
            let v = f.view(&g);
            (g.node_ids().filter(|&id| v.has_node(id)).map(|id| g.node(id).id.clone()).collect::<Vec<_>>(), v.edges)
        };
        let (nodes, edges) = shown(&Filters { from: Some("2023".into()), to: Some("2023-12".into()), ..Filters::default() });
        assert_eq!(nodes, ["b", "c", "p", "r"]);
        assert_eq!(edges, [false, true], "the post ended in 2022");
        let (nodes, edges) = shown(&Filters { from: None, to: Some("2022-12-31".into()), ..Filters::default() });
        assert_eq!(nodes, ["a", "c", "p", "r"]);
        assert_eq!(edges, [true, true]);
    }

    #[test]
    fn details_list_both_posts_of_zhang_jiansheng_with_their_organizations_and_quotes() {
        let g = seed();
        let Some(zjs) = g.find("p-zhang-jiansheng") else { panic!("no 張建生") };
        let d = details(&g, zjs);
        assert!(d.names.contains(&"张建生".to_string()), "{:?}", d.names);
        let posts: Vec<(String, String)> = d
            .posts
            .iter()
            .map(|p| (p.title.clone(), p.organization.map(|o| g.node(o).label.to_string()).unwrap_or_default()))
            .collect();
        assert_eq!(posts.len(), 2, "{posts:?}");
        assert!(posts.iter().any(|(t, o)| t.contains("副部長") && o.contains("統戰部")), "{posts:?}");
        assert!(posts.iter().any(|(t, o)| t.contains("書記") && o.contains("工商聯")), "{posts:?}");
        assert!(d.posts.iter().all(|p| !p.evidence.is_empty()));
        assert!(d.groups.iter().any(|(k, _)| k == "holds"));
    }

    #[test]
    fn the_sentence_around_a_quote() {
        let text = "一。甲說：乙出席會議！丙\n丁";
        assert_eq!(sentence_around(text, 5, 7), Some(("甲說：".into(), "乙出".into(), "席會議！".into())));
        assert_eq!(sentence_around(text, 13, 14), Some(("".into(), "丁".into(), "".into())), "a line break ends a sentence");
        assert_eq!(sentence_around(text, 0, 1), Some(("".into(), "一".into(), "。".into())));
        assert_eq!(sentence_around(text, 3, 99), None);
    }

    #[test]
    fn thousands_of_events_make_at_most_the_bars_asked_for() {
        let nodes: Vec<String> = (0..5000).map(|i| format!(r#"{{"id":"e{i}","type":"event","date":"20{:02}-{:02}-01"}}"#, 10 + i % 13, 1 + i % 12)).collect();
        let text = format!(r#"{{"nodes":[{}],"edges":[]}}"#, nodes.join(","));
        let graph = KnowledgeGraph::from_document(load_str(&text).map(|r| r.document).unwrap_or_default());
        let mut stops: Vec<String> = graph.node_ids().filter_map(|id| graph.node(id).date.clone()).collect();
        stops.sort_unstable();
        stops.dedup();
        let bins = time_bins(&graph, &stops, 40);
        assert!(bins.len() <= 40 && bins.len() >= 20, "{} bars", bins.len());
        assert_eq!(bins.iter().map(|b| b.count).sum::<usize>(), 5000, "every event is in a bar");
        assert!(bins.windows(2).all(|w| w[0].stops.1 < w[1].stops.0), "bars are in date order and do not overlap");
        let one = time_bins(&graph, &stops, 1000);
        assert_eq!(one.len(), stops.len(), "with room, one bar per date");
    }
}
