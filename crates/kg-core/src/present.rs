//! What is on screen: which nodes and edges are shown (roles as nodes, or collapsed into
//! labelled person→organization edges), which are highlighted around a focus, which labels fit,
//! and which node is under the pointer. Pure: positions and the camera are passed in.

use crate::camera::{Bounds, Camera, Vec2};
use crate::graph::{EdgeId, KnowledgeGraph, NodeId};
use crate::labels::{place_labels, LabelCandidate};
use crate::model::NodeKind;
use crate::scene::node_screen_radius;

/// A step through `0..m` that visits every index once and spreads any run of consecutive
/// steps evenly over the range: the integer nearest to `m` / φ (the golden ratio) that shares
/// no factor with `m`.
pub(crate) fn spread_stride(m: usize) -> usize {
    if m < 3 {
        return 1;
    }
    fn gcd(mut a: usize, mut b: usize) -> usize {
        while b != 0 {
            (a, b) = (b, a % b);
        }
        a
    }
    let mut s = ((m as f64) * 0.618_033_988_75).round() as usize;
    while gcd(s, m) != 1 {
        s += 1;
    }
    s
}

/// One edge as drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownEdge {
    pub source: NodeId,
    pub target: NodeId,
    /// The stored edge, or `None` for a derived person→organization edge.
    pub edge: Option<EdgeId>,
    /// Text to show on the edge (a collapsed role's title, or the edge's label).
    pub label: Option<String>,
    /// Where this edge sits among the edges joining the same two nodes: 0 for a lone edge,
    /// then 1, -1, 2, -2, … so parallel edges can be drawn as curves apart.
    pub lane: i32,
}

/// A presentation whose parallel edges have no lanes yet (see [`Presentation::in_steps`]).
#[derive(Debug)]
pub struct PresentationSteps(Presentation);

impl PresentationSteps {
    /// The presentation as far as it is made: all of it but the lanes (every edge's is 0), which
    /// a frame that draws every edge straight (the raster of a large graph) does not need.
    pub fn so_far(&self) -> &Presentation {
        &self.0
    }

    /// Gives each edge its lane among the edges joining the same two nodes.
    pub fn finish(mut self) -> Presentation {
        let nodes = self.0.node_visible.len();
        assign_lanes(&mut self.0.edges, nodes);
        self.0
    }
}

/// The shown part of a graph.
#[derive(Debug, Clone, PartialEq)]
pub struct Presentation {
    /// One flag per node.
    pub node_visible: Vec<bool>,
    pub edges: Vec<ShownEdge>,
    /// Whether roles are collapsed into person→organization edges.
    pub roles_collapsed: bool,
    /// Each node's radius as a multiple of the standard one.
    pub scale: Vec<f32>,
    /// Each node's colour group (a community), or `None` to colour by type.
    pub groups: Option<Vec<u32>>,
    /// A path to show lit when nothing is hovered (from the path finder), node by node.
    pub path: Vec<NodeId>,
    /// Lists drawn from `edges` on first use (every frame of a large graph needs them).
    derived: Derived,
}

/// What a frame needs from a presentation's edges, built on first use: each node's shown edges
/// (so that a focus's edges are found in the time of its degree), the self-loops, and the other
/// edges' ends in the order a sampled frame visits them (read in sequence: a large graph's
/// frame would otherwise jump around the edge list), as far as a frame has read them.
#[derive(Clone, Default)]
struct Derived {
    incidence: std::cell::OnceCell<Incidence>,
    /// The incidence lists as far as [`Presentation::prepare_edges_of_step`] has built them.
    building: std::cell::RefCell<Option<Box<crate::algo::AdjacencyBuild>>>,
    loops: std::cell::OnceCell<Vec<u32>>,
    spread: std::cell::RefCell<Spread>,
}

#[derive(Clone)]
struct Incidence {
    /// Node i's edges are `edges[offsets[i]..offsets[i + 1]]`, as indices into the shown edges.
    offsets: Vec<u32>,
    edges: Vec<u32>,
}

/// The spread order's first part, made as far as a frame has asked (a frame of a large graph
/// stops at its pixel budget, at a million nodes after a few thousand edges of millions).
#[derive(Clone, Default)]
struct Spread {
    /// The ends of the edges but the self-loops, in spread order.
    ends: Vec<[NodeId; 2]>,
    /// How many edges of the order have been looked at (`ends` holds those not loops).
    visited: usize,
    /// The order's step, worked out on the first look, and the next edge it visits.
    stride: usize,
    next: usize,
}

impl PartialEq for Derived {
    /// Caches of equal presentations are equal, whether built yet or not.
    fn eq(&self, _: &Derived) -> bool {
        true
    }
}

impl std::fmt::Debug for Derived {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("Derived")
    }
}

/// Numbers the edges that join the same two nodes (in either direction): 0 when alone, else
/// 1, -1, 2, -2, … in order. A lane is relative to the pair taken smaller index first, so two
/// opposite edges curve to opposite sides. `nodes` bounds the node indices.
///
/// # Complexity
/// O(n + m log d) for largest degree d: a counting sort by the smaller end puts the edges that
/// share it together, in edge order; each such group with more than one edge is sorted by the
/// larger end (and edge order), which puts each pair's edges together. The sort moves each
/// edge's key (its larger end and its index) itself, not the edge's index, so the groups are
/// then read in order: at a million nodes every pass of scattered reads or writes costs a
/// couple of hundred milliseconds in the page.
fn assign_lanes(edges: &mut [ShownEdge], nodes: usize) {
    let ends = |e: &ShownEdge| {
        let (s, t) = (e.source.index().min(nodes) as u32, e.target.index().min(nodes) as u32);
        (s.min(t) as usize, s.max(t))
    };
    // `end[lo]` ends up as the end of the group of edges whose smaller end is `lo`.
    let mut end = vec![0u32; nodes + 1];
    for e in edges.iter() {
        end[ends(e).0] += 1;
    }
    let mut at = 0;
    for slot in end.iter_mut() {
        (*slot, at) = (at, at + *slot);
    }
    // Each edge's larger end and index, in one word, grouped by the smaller end in edge order.
    let mut keys = vec![0u64; edges.len()];
    for (i, e) in edges.iter().enumerate() {
        let (lo, hi) = ends(e);
        keys[end[lo] as usize] = u64::from(hi) << 32 | i as u64;
        end[lo] += 1;
    }
    let mut first = 0;
    for &group_end in &end {
        let group = &mut keys[first..group_end as usize];
        first = group_end as usize;
        // Most groups are a few edges to as many nodes: they are passed over without a sort
        // (the page runs this once, in V8's baseline code, where a sort per group costs most).
        let parallel = group.len() > 1 && (group.len() > 8 || (1..group.len()).any(|a| (0..a).any(|b| group[a] >> 32 == group[b] >> 32)));
        if !parallel {
            continue;
        }
        group.sort_unstable();
        for pair in group.chunk_by(|a, b| a >> 32 == b >> 32).filter(|pair| pair.len() > 1) {
            for (rank, &key) in pair.iter().enumerate() {
                let i = key as u32 as usize;
                let lane = (rank as i32 + 2) / 2 * if rank % 2 == 0 { 1 } else { -1 };
                // Lanes are stated for the pair's canonical direction.
                edges[i].lane = if edges[i].source <= edges[i].target { lane } else { -lane };
            }
        }
    }
}

/// Colours for communities, in order of community size (the tenth and later share the last).
pub const GROUP_COLOURS: [&str; 10] =
    ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

impl Presentation {
    /// Everything as stored (`roles_collapsed == false`), or role nodes hidden and each
    /// `person —holds→ role —of→ organization` drawn as one `person —title→ organization` edge.
    ///
    /// # Complexity
    /// O(n + m).
    pub fn new(graph: &KnowledgeGraph, roles_collapsed: bool) -> Presentation {
        Presentation::in_steps(graph, roles_collapsed).finish()
    }

    /// [`Presentation::new`] in two steps, for a page that gives the browser the thread in
    /// between: the shown edges now, the lanes of parallel edges in [`PresentationSteps::finish`].
    pub fn in_steps(graph: &KnowledgeGraph, roles_collapsed: bool) -> PresentationSteps {
        let mut node_visible: Vec<bool> = vec![true; graph.document().nodes.len()];
        let mut edges = Vec::with_capacity(graph.edge_count());
        if roles_collapsed {
            for id in graph.node_ids() {
                if graph.kind(id) == NodeKind::Role {
                    node_visible[id.index()] = false;
                }
            }
            let all = crate::algo::View::all(graph);
            for tie in crate::query::collapsed_roles(graph, &all) {
                edges.push(ShownEdge { source: tie.person, target: tie.organization, edge: None, label: Some(tie.title), lane: 0 });
            }
        }
        for (e, s, t) in graph.edges() {
            if node_visible[s.index()] && node_visible[t.index()] {
                edges.push(ShownEdge { source: s, target: t, edge: Some(e), label: graph.edge(e).label.clone(), lane: 0 });
            }
        }
        let scale = vec![1.0; node_visible.len()];
        PresentationSteps(Presentation { node_visible, edges, roles_collapsed, scale, groups: None, path: Vec::new(), derived: Derived::default() })
    }

    /// Collapses each node in `around`: hides its shown neighbours that have no shown relation
    /// to anything else (the leaves hanging off it), with their edges. Double-clicking a node
    /// collapses or expands it this way.
    ///
    /// # Complexity
    /// O(n + m) per call.
    pub fn collapse(mut self, around: &[NodeId]) -> Presentation {
        for &centre in around {
            let n = self.node_visible.len();
            let mut other_links = vec![false; n];
            let mut is_neighbour = vec![false; n];
            for e in &self.edges {
                for (a, b) in [(e.source, e.target), (e.target, e.source)] {
                    if a == centre {
                        is_neighbour[b.index()] = true;
                    } else if b != centre {
                        other_links[a.index()] = true;
                    }
                }
            }
            let hide: Vec<usize> = (0..n).filter(|&v| is_neighbour[v] && !other_links[v] && v != centre.index()).collect();
            for &v in &hide {
                self.node_visible[v] = false;
            }
            let visible = &self.node_visible;
            self.edges.retain(|e| visible[e.source.index()] && visible[e.target.index()]);
        }
        self.derived = Derived::default();
        self
    }

    /// Hides what `view` hides: its hidden nodes, and the stored edges it hides (a collapsed
    /// role's edge stays while both its ends are shown).
    ///
    /// # Complexity
    /// O(n + m).
    pub fn within(mut self, view: &crate::algo::View) -> Presentation {
        for (shown, keep) in self.node_visible.iter_mut().zip(&view.nodes) {
            *shown &= *keep;
        }
        let visible = &self.node_visible;
        self.edges.retain(|e| visible[e.source.index()] && visible[e.target.index()] && e.edge.is_none_or(|id| view.edges.get(id.index()).copied().unwrap_or(true)));
        self.derived = Derived::default();
        self
    }

    /// Shows `path` lit (its nodes and the edges between consecutive ones) while nothing is
    /// hovered.
    pub fn with_path(mut self, path: Vec<NodeId>) -> Presentation {
        self.path = path;
        self
    }

    /// True when an edge is drawn lit: it touches the focus, or, without a focus, it joins two
    /// consecutive nodes of the path.
    pub fn edge_lit(&self, e: &ShownEdge, focus: Option<NodeId>) -> bool {
        self.ends_lit(e.source, e.target, focus)
    }

    /// [`Presentation::edge_lit`] for an edge from `source` to `target`.
    #[inline]
    pub fn ends_lit(&self, source: NodeId, target: NodeId, focus: Option<NodeId>) -> bool {
        match focus {
            Some(f) => source == f || target == f,
            None => self.path.windows(2).any(|w| (w[0] == source && w[1] == target) || (w[1] == source && w[0] == target)),
        }
    }

    /// True when something is lit, so the rest is dimmed.
    pub fn emphasis(&self, focus: Option<NodeId>) -> bool {
        focus.is_some() || !self.path.is_empty()
    }

    /// Sizes nodes by a measure (one value per node, for example a centrality): the largest
    /// value gets 2.5 times the standard radius, zero gets 0.6 times, by the square root so that
    /// areas follow the values.
    pub fn size_by(mut self, values: &[f32]) -> Presentation {
        let max = values.iter().copied().filter(|v| v.is_finite()).fold(0.0f32, f32::max);
        self.scale = (0..self.node_visible.len())
            .map(|i| {
                let v = values.get(i).copied().filter(|v| v.is_finite() && *v > 0.0).unwrap_or(0.0);
                if max > 0.0 { 0.6 + 1.9 * (v / max).sqrt() } else { 1.0 }
            })
            .collect();
        self
    }

    /// Colours nodes by group (for example Louvain communities); `groups[i]` is node i's group.
    pub fn colour_by(mut self, groups: Vec<u32>) -> Presentation {
        self.groups = Some(groups);
        self
    }

    /// The fill colour of a node: its community's, or its type's.
    pub fn colour(&self, graph: &KnowledgeGraph, id: NodeId) -> &'static str {
        match &self.groups {
            Some(g) => GROUP_COLOURS[(g.get(id.index()).copied().unwrap_or(0) as usize).min(GROUP_COLOURS.len() - 1)],
            None => graph.kind(id).colour(),
        }
    }

    /// A node's radius on screen, in pixels.
    pub fn screen_radius(&self, camera: &Camera, id: NodeId) -> f32 {
        node_screen_radius(camera) * self.scale.get(id.index()).copied().unwrap_or(1.0)
    }

    /// How many nodes are shown.
    pub fn node_count(&self) -> usize {
        self.node_visible.iter().filter(|&&v| v).count()
    }

    /// The focus and its shown neighbours, as one flag per node; without a focus, the path's
    /// nodes, or all shown nodes when there is no path.
    ///
    /// # Complexity
    /// O(n + m).
    pub fn highlighted(&self, focus: Option<NodeId>) -> Vec<bool> {
        let Some(f) = focus else {
            if self.path.is_empty() {
                return self.node_visible.clone();
            }
            let mut lit = vec![false; self.node_visible.len()];
            for id in &self.path {
                lit[id.index()] = true;
            }
            return lit;
        };
        let mut lit = vec![false; self.node_visible.len()];
        if let Some(l) = lit.get_mut(f.index()) {
            *l = true;
        }
        for k in self.edges_of(f) {
            let e = &self.edges[k];
            lit[e.source.index()] = true;
            lit[e.target.index()] = true;
        }
        lit
    }

    fn incidence(&self) -> &Incidence {
        self.derived.incidence.get_or_init(|| self.finish_incidence())
    }

    /// The incidence lists, finished from where slices of them left off, if any did.
    #[inline(never)]
    fn finish_incidence(&self) -> Incidence {
        let build = self.derived.building.take().unwrap_or_else(|| self.incidence_build());
        let (offsets, edges) = build.into_lists();
        Incidence { offsets, edges }
    }

    /// The incidence lists to be built: a counting sort of the shown edges' ends by node.
    fn incidence_build(&self) -> Box<crate::algo::AdjacencyBuild> {
        let ends = self.edges.iter().map(|e| (e.source.0, e.target.0)).collect();
        Box::new(crate::algo::AdjacencyBuild::incidence(self.node_visible.len(), ends))
    }

    /// The shown edges that touch `node` (indices into `edges`, ascending; a self-loop once).
    ///
    /// # Complexity
    /// O(degree), after O(n + m) once per presentation.
    pub fn edges_of(&self, node: NodeId) -> impl Iterator<Item = usize> + '_ {
        let inc = self.incidence();
        let i = node.index();
        let range = match (inc.offsets.get(i), inc.offsets.get(i + 1)) {
            (Some(&a), Some(&b)) => a as usize..b as usize,
            _ => 0..0,
        };
        inc.edges[range].iter().map(|&k| k as usize)
    }

    /// Builds now what [`Presentation::edges_of`] reads, so that its first call is O(degree)
    /// too: a page can do this in a task of its own, ahead of the first hover or selection.
    ///
    /// # Complexity
    /// O(n + m) the first time, O(1) after.
    pub fn prepare_edges_of(&self) {
        let _ = self.incidence();
    }

    /// [`Presentation::prepare_edges_of`] a slice at a time, for a page that keeps each of its
    /// tasks short: does about `budget` edges' or nodes' worth of the work (call it again, in
    /// later tasks, until it returns true). A call of [`Presentation::edges_of`] in between
    /// finishes the rest at once.
    ///
    /// # Returns
    /// True once the lists are built.
    ///
    /// # Complexity
    /// O(budget) per call, O(n + m) in all.
    pub fn prepare_edges_of_step(&self, budget: usize) -> bool {
        if self.derived.incidence.get().is_some() {
            return true;
        }
        let mut slot = self.derived.building.borrow_mut();
        let build = slot.get_or_insert_with(|| self.incidence_build());
        if build.step(budget) {
            drop(slot);
            let _ = self.incidence();
            return true;
        }
        false
    }

    /// The shown self-loops (indices into `edges`, ascending).
    pub fn self_loops(&self) -> impl Iterator<Item = usize> + '_ {
        self.loops().iter().map(|&k| k as usize)
    }

    /// The lit edges (see [`Presentation::edge_lit`]) as indices into `edges`, ascending.
    ///
    /// # Complexity
    /// O(the degrees of the focus or the path's nodes), after O(n + m) once per presentation.
    pub fn lit_edges(&self, focus: Option<NodeId>) -> Vec<usize> {
        let mut lit: Vec<usize> = match focus {
            Some(f) => self.edges_of(f).collect(),
            None => self.path.iter().flat_map(|&id| self.edges_of(id)).filter(|&k| self.edge_lit(&self.edges[k], None)).collect(),
        };
        crate::sorting::sort_by(&mut lit, |a, b| a.cmp(b));
        lit.dedup();
        lit
    }

    /// The ends of shown edges but the self-loops, in an order whose every prefix is an even
    /// sample of the edge list: edge `j · stride mod m` comes j-th, where `stride` is the integer
    /// nearest `m / φ` that shares no factor with `m` (a Weyl sequence). Gives the order's
    /// `from..from + len` (fewer where it ends), made as far as that the first time it is asked.
    ///
    /// The slice borrows the presentation's cache: drop it before asking for more.
    ///
    /// # Complexity
    /// O(the edges of the order made to reach `from + len`), once per presentation; O(1) after.
    pub fn spread_ends(&self, from: usize, len: usize) -> std::cell::Ref<'_, [[NodeId; 2]]> {
        let want = from.saturating_add(len);
        let m = self.edges.len();
        if let Ok(mut spread) = self.derived.spread.try_borrow_mut() {
            if spread.visited == 0 {
                spread.stride = spread_stride(m);
            }
            while spread.ends.len() < want && spread.visited < m {
                let e = &self.edges[spread.next];
                if e.source != e.target {
                    spread.ends.push([e.source, e.target]);
                }
                spread.visited += 1;
                spread.next += spread.stride;
                if spread.next >= m {
                    spread.next -= m;
                }
            }
        }
        std::cell::Ref::map(self.derived.spread.borrow(), |s| {
            let end = want.min(s.ends.len());
            &s.ends[from.min(end)..end]
        })
    }

    /// How many edges the spread order holds: the shown edges but the self-loops.
    pub fn spread_len(&self) -> usize {
        self.edges.len() - self.loops().len()
    }

    fn loops(&self) -> &[u32] {
        self.derived.loops.get_or_init(|| self.edges.iter().enumerate().filter(|(_, e)| e.source == e.target).map(|(k, _)| k as u32).collect())
    }

    /// The world rectangle around every shown node, with room for the discs.
    pub fn bounds(&self, positions: &[Vec2]) -> Option<Bounds> {
        Bounds::of(positions.iter().zip(&self.node_visible).filter(|(_, &v)| v).map(|(p, _)| *p)).map(|b| Bounds {
            min: [b.min[0] - crate::scene::NODE_RADIUS, b.min[1] - crate::scene::NODE_RADIUS],
            max: [b.max[0] + crate::scene::NODE_RADIUS, b.max[1] + crate::scene::NODE_RADIUS],
        })
    }

    /// The shown node drawn at a screen point, if any: the nearest whose disc (at least `min_px`
    /// across, so small discs stay easy to hit) contains it.
    ///
    /// # Complexity
    /// O(n).
    pub fn node_at(&self, positions: &[Vec2], camera: &Camera, screen: Vec2, min_px: f32) -> Option<NodeId> {
        positions
            .iter()
            .enumerate()
            .filter(|(i, _)| self.node_visible[*i])
            .filter_map(|(i, p)| {
                let s = camera.screen_from_world(*p);
                let d2 = (s[0] - screen[0]).powi(2) + (s[1] - screen[1]).powi(2);
                let radius = self.screen_radius(camera, NodeId(i as u32)).max(min_px / 2.0);
                (d2 <= radius * radius).then_some((i, d2))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| NodeId(i as u32))
    }

    /// The shown nodes whose labels fit without overlapping, the focus and its neighbours (`lit`,
    /// from [`Presentation::highlighted`]) first, then in `order` (most important first). Only the first [`MAX_LABEL_CANDIDATES`] on-screen
    /// nodes in that order are considered, so a frame of a huge graph measures no more labels
    /// than a screen can hold. `measure` gives a label's size in screen pixels.
    ///
    /// # Complexity
    /// O(n) to walk the order, plus O(k log k) for the k candidates.
    pub fn visible_labels(
        &self,
        positions: &[Vec2],
        order: &[NodeId],
        camera: &Camera,
        focus: Option<NodeId>,
        lit: &[bool],
        mut measure: impl FnMut(NodeId) -> Vec2,
    ) -> Vec<NodeId> {
        let on_screen = |p: Vec2| p[0] >= -200.0 && p[1] >= -50.0 && p[0] <= camera.viewport[0] + 200.0 && p[1] <= camera.viewport[1] + 50.0;
        let mut ids = Vec::new();
        let mut candidates = Vec::new();
        let mut add = |id: NodeId, priority: f32, ids: &mut Vec<NodeId>, candidates: &mut Vec<LabelCandidate>| {
            let p = camera.screen_from_world(positions[id.index()]);
            if on_screen(p) {
                ids.push(id);
                candidates.push(LabelCandidate { anchor: [p[0], p[1] + self.screen_radius(camera, id) + 2.0], size: measure(id), priority });
            }
        };
        // The focus and its neighbours first, whatever their rank.
        if self.emphasis(focus) {
            for i in (0..self.node_visible.len()).filter(|&i| lit[i] && self.node_visible[i]) {
                let id = NodeId(i as u32);
                add(id, if Some(id) == focus { 2.0 } else { 1.0 }, &mut ids, &mut candidates);
            }
        }
        for (rank, &id) in order.iter().enumerate() {
            if candidates.len() >= MAX_LABEL_CANDIDATES {
                break;
            }
            if self.node_visible[id.index()] && !(self.emphasis(focus) && lit[id.index()]) {
                add(id, -(rank as f32), &mut ids, &mut candidates);
            }
        }
        place_labels(&candidates, camera.viewport).into_iter().map(|k| ids[k]).collect()
    }
}

/// At most this many labels are measured and placed per frame.
pub const MAX_LABEL_CANDIDATES: usize = 2_000;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load_str;

    fn graph() -> KnowledgeGraph {
        let doc = load_str(
            r#"{"nodes":[{"id":"p","type":"person","label":"張建生"},{"id":"r","type":"role","label":"市工商聯黨委書記","title":"黨委書記"},
                         {"id":"o","type":"organization","label":"市工商聯黨委"},{"id":"e","type":"event","label":"會議"}],
                "edges":[{"source":"p","target":"r","type":"holds"},{"source":"r","target":"o","type":"of"},{"source":"p","target":"e","type":"attended"}]}"#,
        )
        .map(|r| r.document)
        .unwrap_or_default();
        KnowledgeGraph::from_document(doc)
    }

    #[test]
    fn the_lists_drawn_from_the_edges_match_a_scan_of_them() {
        // Parallel edges, opposite edges and a self-loop, before and after hiding a node.
        let doc = load_str(
            r#"{"nodes":[{"id":"a"},{"id":"b"},{"id":"c"},{"id":"d"}],
                "edges":[{"source":"a","target":"b"},{"source":"a","target":"b"},{"source":"b","target":"a"},
                         {"source":"c","target":"c"},{"source":"c","target":"d"},{"source":"a","target":"d"},{"source":"d","target":"b"}]}"#,
        )
        .map(|r| r.document)
        .unwrap_or_default();
        let g = KnowledgeGraph::from_document(doc);
        let check = |p: &Presentation| {
            for id in g.node_ids() {
                let scan: Vec<usize> = (0..p.edges.len()).filter(|&k| p.edges[k].source == id || p.edges[k].target == id).collect();
                assert_eq!(p.edges_of(id).collect::<Vec<_>>(), scan, "{id:?}");
                let lit: Vec<usize> = (0..p.edges.len()).filter(|&k| p.edge_lit(&p.edges[k], Some(id))).collect();
                assert_eq!(p.lit_edges(Some(id)), lit);
                let mut neighbours = vec![false; g.node_count()];
                neighbours[id.index()] = true;
                for &k in &lit {
                    neighbours[p.edges[k].source.index()] = true;
                    neighbours[p.edges[k].target.index()] = true;
                }
                assert_eq!(p.highlighted(Some(id)), neighbours);
            }
            let loops: Vec<usize> = (0..p.edges.len()).filter(|&k| p.edges[k].source == p.edges[k].target).collect();
            assert_eq!(p.self_loops().collect::<Vec<_>>(), loops);
            let mut spread = p.spread_ends(0, usize::MAX).to_vec();
            assert_eq!(spread.len(), p.spread_len());
            let mut plain: Vec<[NodeId; 2]> = p.edges.iter().filter(|e| e.source != e.target).map(|e| [e.source, e.target]).collect();
            spread.sort();
            plain.sort();
            assert_eq!(spread, plain, "every edge but the loops, once");
            // Made in pieces, in any order, the order is the same.
            let whole = p.spread_ends(0, usize::MAX).to_vec();
            let pieces = p.clone().within(&crate::algo::View::all(&g));
            let mut joined = pieces.spread_ends(2, 1).to_vec();
            joined.splice(0..0, pieces.spread_ends(0, 2).iter().copied());
            for from in 3..whole.len() + 2 {
                joined.extend(pieces.spread_ends(from, 1).iter().copied());
            }
            assert_eq!(joined, whole);
            assert!(pieces.spread_ends(whole.len() + 5, 3).is_empty());
        };
        let p = Presentation::new(&g, false);
        check(&p);
        let prepared = Presentation::new(&g, false);
        prepared.prepare_edges_of(); // As a page does ahead of the first hover: the same lists.
        check(&prepared);
        // Built a slice at a time, with any budget, the lists are the same; and a look at them
        // part-way through finishes them.
        for budget in [1, 2, 3, 5, 100] {
            let sliced = Presentation::new(&g, false);
            let mut calls = 1;
            while !sliced.prepare_edges_of_step(budget) {
                calls += 1;
            }
            assert!(calls >= 2 * sliced.edges.len() / budget, "{calls} calls of {budget}: two passes over the edges");
            assert!(sliced.prepare_edges_of_step(budget), "done stays done");
            check(&sliced);
            let interrupted = Presentation::new(&g, false);
            for _ in 0..calls / 2 {
                assert!(!interrupted.prepare_edges_of_step(budget) || budget == 100);
            }
            check(&interrupted);
            assert!(interrupted.prepare_edges_of_step(budget));
        }
        let mut view = crate::algo::View::all(&g);
        view.nodes[3] = false;
        let p = p.within(&view);
        assert_eq!(p.edges.len(), 4);
        check(&p);
        let path = Presentation::new(&g, false).with_path(vec![NodeId(0), NodeId(1)]);
        assert_eq!(path.lit_edges(None), vec![0, 1, 2], "the path's edges, whichever way they go");
    }

    #[test]
    fn collapsing_roles_hides_them_and_keeps_the_title_on_a_person_organization_edge() {
        let g = graph();
        let full = Presentation::new(&g, false);
        assert_eq!((full.node_count(), full.edges.len()), (4, 3));
        let collapsed = Presentation::new(&g, true);
        assert_eq!((collapsed.node_count(), collapsed.edges.len()), (3, 2));
        let derived = collapsed.edges.iter().find(|e| e.edge.is_none()).map(|e| (e.source, e.target, e.label.clone()));
        assert_eq!(derived, Some((NodeId(0), NodeId(2), Some("黨委書記".to_string()))));
    }

    #[test]
    fn focus_lights_its_neighbours_and_hit_testing_finds_nodes() {
        let g = graph();
        let p = Presentation::new(&g, false);
        assert_eq!(p.highlighted(Some(NodeId(1))), vec![true, true, true, false]);
        assert_eq!(p.highlighted(None), vec![true; 4]);
        let positions = vec![[0.0, 0.0], [100.0, 0.0], [200.0, 0.0], [0.0, 100.0]];
        let cam = Camera::fit(p.bounds(&positions), [400.0, 300.0], 20.0);
        let at = cam.screen_from_world(positions[2]);
        assert_eq!(p.node_at(&positions, &cam, at, 10.0), Some(NodeId(2)));
        assert_eq!(p.node_at(&positions, &cam, [at[0] + 60.0, at[1]], 10.0), None);
        let collapsed = Presentation::new(&g, true);
        let role = cam.screen_from_world(positions[1]);
        assert_eq!(collapsed.node_at(&positions, &cam, role, 10.0), None, "a hidden role cannot be clicked");
        let order = [NodeId(0), NodeId(1), NodeId(2), NodeId(3)];
        let lit = p.highlighted(Some(NodeId(3)));
        let labels = p.visible_labels(&positions, &order, &cam, Some(NodeId(3)), &lit, |id| [g.node(id).display_label().chars().count() as f32 * 12.0, 14.0]);
        assert_eq!(labels[0], NodeId(3), "the focus is labelled first");
        let labels = p.visible_labels(&positions, &order, &cam, None, &p.highlighted(None), |_| [10.0, 14.0]);
        assert_eq!(labels, order.to_vec(), "then by rank");
    }

    #[test]
    fn parallel_edges_get_lanes_apart() {
        let doc = load_str(
            r#"{"nodes":[{"id":"a","type":"person"},{"id":"b","type":"event"},{"id":"c","type":"event"}],
                "edges":[{"source":"a","target":"b","type":"attended"},{"source":"a","target":"b","type":"spoke_at"},
                         {"source":"b","target":"a","type":"related_to"},{"source":"a","target":"c","type":"attended"},
                         {"source":"a","target":"a","type":"related_to"}]}"#,
        )
        .map(|r| r.document)
        .unwrap_or_default();
        let g = KnowledgeGraph::from_document(doc);
        let lanes: Vec<i32> = Presentation::new(&g, false).edges.iter().map(|e| e.lane).collect();
        // a→b twice and b→a once: three distinct curves; a→c alone is straight; the self-loop is alone.
        assert_eq!(lanes, vec![1, -1, -2, 0, 0]);
    }

    #[test]
    fn lanes_match_the_pairs_edge_order() {
        // Many nodes and interleaved parallel edges in both directions, against a reference
        // that numbers each pair's edges by scanning the list in order.
        // Few nodes (large groups of edges sharing an end) and many (groups of one or two).
        let edges = check_lanes(13, |k| ((k * 7 + k / 5) % 13, (k * 3 + 1) % 5));
        assert!(edges.iter().any(|e| e.lane < -2), "the case has pairs with many edges");
        // Many nodes: most groups of edges sharing an end hold one pair or two.
        let edges = check_lanes(700, |k| {
            let b = k % 260;
            let (s, t) = (b * 2 % 700, (b * 5 + 1) % 700);
            if k % 3 == 0 { (t, s) } else { (s, t) }
        });
        assert!(edges.iter().any(|e| e.lane == 0) && edges.iter().any(|e| e.lane == -1), "lone and parallel edges");
    }

    /// Numbers 400 edges (the k-th joins `pair(k)`) as [`assign_lanes`] does, and checks them
    /// against a scan of the list.
    fn check_lanes(nodes: u32, pair: impl Fn(u32) -> (u32, u32)) -> Vec<ShownEdge> {
        let mut edges: Vec<ShownEdge> = (0..400u32)
            .map(|k| {
                let (s, t) = pair(k);
                ShownEdge { source: NodeId(s), target: NodeId(t), edge: None, label: None, lane: 0 }
            })
            .collect();
        assign_lanes(&mut edges, nodes as usize);
        let mut seen: std::collections::HashMap<(NodeId, NodeId), i32> = Default::default();
        let counts = edges.iter().fold(std::collections::HashMap::<(NodeId, NodeId), i32>::new(), |mut m, e| {
            *m.entry((e.source.min(e.target), e.source.max(e.target))).or_default() += 1;
            m
        });
        for e in &edges {
            let key = (e.source.min(e.target), e.source.max(e.target));
            let rank = seen.entry(key).or_default();
            let lane = if counts[&key] == 1 { 0 } else { (*rank + 2) / 2 * if *rank % 2 == 0 { 1 } else { -1 } };
            *rank += 1;
            let expected = if e.source <= e.target { lane } else { -lane };
            assert_eq!(e.lane, expected, "{e:?}");
        }
        edges
    }

    #[test]
    fn collapsing_a_node_hides_only_the_leaves_hanging_off_it() {
        let g = graph();
        // p —holds→ r —of→ o, p —attended→ e: around p, only e is a leaf (r also links to o).
        let p = Presentation::new(&g, false).collapse(&[NodeId(0)]);
        assert_eq!(p.node_visible, vec![true, true, true, false]);
        assert_eq!(p.edges.len(), 2);
        let none = Presentation::new(&g, false).collapse(&[]);
        assert_eq!(none.node_count(), 4);
    }

    #[test]
    fn sizes_and_community_colours() {
        let g = graph();
        let p = Presentation::new(&g, false).size_by(&[4.0, 1.0, 0.0, f32::NAN]).colour_by(vec![0, 1, 1, 12]);
        assert_eq!(p.scale, vec![2.5, 0.6 + 1.9 * 0.5, 0.6, 0.6]);
        assert_eq!(p.colour(&g, NodeId(0)), GROUP_COLOURS[0]);
        assert_eq!(p.colour(&g, NodeId(3)), GROUP_COLOURS[9]);
        assert_eq!(Presentation::new(&g, false).colour(&g, NodeId(0)), NodeKind::Person.colour());
        // A bigger disc is easier to hit.
        let positions = vec![[0.0, 0.0], [100.0, 0.0], [200.0, 0.0], [0.0, 100.0]];
        let cam = Camera { centre: [0.0, 0.0], zoom: 1.0, viewport: [400.0, 400.0] };
        let at = cam.screen_from_world([10.0, 0.0]);
        assert_eq!(Presentation::new(&g, false).node_at(&positions, &cam, at, 0.0), None);
        assert_eq!(p.node_at(&positions, &cam, at, 0.0), Some(NodeId(0)));
    }
}
