//! Graph algorithms on a compact adjacency view of a [`KnowledgeGraph`](crate::KnowledgeGraph):
//! paths and neighbourhoods, components, centrality and communities.
//!
//! Every algorithm here runs on [`Adjacency`], a compressed-sparse-row copy of the *structure*
//! only (node indices and neighbour lists, never labels or records), built once per query set
//! from a graph and an optional [`View`] mask. The graph itself is only borrowed.

pub mod centrality;
pub mod community;
pub mod paths;

use crate::graph::{EdgeId, KnowledgeGraph, NodeId};

/// Which nodes and edges a query sees: a mask over the graph, so filters and as-of dates never
/// copy the graph.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    /// One flag per node, by [`NodeId::index`].
    pub nodes: Vec<bool>,
    /// One flag per edge, by [`EdgeId::index`].
    pub edges: Vec<bool>,
}

impl View {
    /// Everything visible.
    pub fn all(graph: &KnowledgeGraph) -> View {
        View { nodes: vec![true; graph.document().nodes.len()], edges: vec![true; graph.document().edges.len()] }
    }

    /// True when the node is in the view.
    pub fn has_node(&self, id: NodeId) -> bool {
        self.nodes.get(id.index()).copied().unwrap_or(false)
    }

    /// True when the edge and both its ends are in the view.
    pub fn has_edge(&self, id: EdgeId, source: NodeId, target: NodeId) -> bool {
        self.edges.get(id.index()).copied().unwrap_or(false) && self.has_node(source) && self.has_node(target)
    }

    /// How many nodes are visible.
    pub fn node_count(&self) -> usize {
        self.nodes.iter().filter(|&&v| v).count()
    }
}

/// Whether edge direction counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Edges are followed both ways (the default for "how are A and B connected").
    Undirected,
    /// Edges are followed from source to target only.
    Directed,
}

/// An [`Adjacency`] part-built, for a page that keeps its tasks short (at a million nodes the
/// whole is over a second in the page): the view's edges gathered as pairs of local indices
/// ([`AdjacencyBuild::gather`], for a build of a view), a counting sort of the pairs by node (a
/// pass to count, a pass to place), then each node's list sorted and its repeats dropped, each
/// resumable where a slice ended. The same sort makes a presentation's incidence lists
/// ([`AdjacencyBuild::incidence`]).
#[derive(Clone)]
pub struct AdjacencyBuild {
    n: usize,
    direction: Direction,
    /// Whether the lists hold each pair's index (the incidence lists: a self-loop once, in
    /// ascending order as placed) rather than its other end.
    indices: bool,
    /// The pairs, out-of-range ones and self-loops included (they are skipped as they are read).
    list: Vec<(u32, u32)>,
    /// While a view's edges are gathered: each graph node's local index (`u32::MAX` for a
    /// hidden one), or nothing when every node is visible; and the next edge to look at.
    local: Vec<u32>,
    gathered: usize,
    offsets: Vec<u32>,
    targets: Vec<u32>,
    /// Where each node's next neighbour goes (phase 1).
    slots: Vec<u32>,
    nodes: Vec<u32>,
    /// 0: counting each node's neighbours; 1: placing them; 2: sorting and deduplicating each
    /// list; 3: done; 4: gathering a view's edges (then 0).
    phase: u8,
    /// The next pair (phases 0 and 1) or node (phase 2).
    next: usize,
    /// How many neighbours the lists sorted so far kept (phase 2).
    kept: usize,
}

impl AdjacencyBuild {
    fn new(n: usize, list: Vec<(u32, u32)>, nodes: Vec<u32>, direction: Direction) -> AdjacencyBuild {
        AdjacencyBuild { n, direction, indices: false, list, local: Vec::new(), gathered: 0, offsets: vec![0u32; n + 1], targets: Vec::new(), slots: Vec::new(), nodes, phase: 0, next: 0, kept: 0 }
    }

    /// Gathers the next `budget` of the graph's edges that the view shows, for a build made by
    /// [`Adjacency::building_of`] of the same graph and view; call it until it returns true
    /// before [`AdjacencyBuild::step`] (it returns true at once for a build of pairs).
    ///
    /// # Complexity
    /// O(budget).
    pub fn gather(&mut self, graph: &KnowledgeGraph, view: &View, budget: usize) -> bool {
        if self.phase != 4 {
            return true;
        }
        let end = graph.edge_bound().min(self.gathered.saturating_add(budget.max(1)));
        let local = |id: NodeId| self.local.get(id.index()).copied().unwrap_or(id.0);
        let start = std::mem::replace(&mut self.gathered, end);
        self.list.extend(graph.edges_in(start..end).filter(|&(e, s, t)| view.has_edge(e, s, t)).map(|(_, s, t)| (local(s), local(t))));
        if end == graph.edge_bound() {
            (self.phase, self.local) = (0, Vec::new());
        }
        self.phase == 0
    }

    /// The incidence lists of `n` nodes and the edges `list` (source, target): node i's list
    /// holds the indices of the edges that touch it, ascending, a self-loop once. Finished, its
    /// offsets and lists are [`AdjacencyBuild::into_lists`].
    pub(crate) fn incidence(n: usize, list: Vec<(u32, u32)>) -> AdjacencyBuild {
        AdjacencyBuild { indices: true, ..AdjacencyBuild::new(n, list, Vec::new(), Direction::Undirected) }
    }

    /// The offsets and the lists, after doing whatever work is left.
    pub(crate) fn into_lists(mut self) -> (Vec<u32>, Vec<u32>) {
        while !self.step(usize::MAX) {}
        (self.offsets, self.targets)
    }

    /// Does the next `budget` pairs or nodes of the current pass (and the O(n) sum between the
    /// counting and the placing).
    ///
    /// # Returns
    /// True once the adjacency is complete ([`AdjacencyBuild::finish`] then only hands it over).
    ///
    /// # Complexity
    /// O(budget), and the sort of the lists reached (O(d log d) for a node of d neighbours).
    pub fn step(&mut self, budget: usize) -> bool {
        if self.phase == 4 {
            // The view's edges are still to be gathered.
            return false;
        }
        let (n, both) = (self.n, self.direction == Direction::Undirected);
        let len = if self.phase == 2 { n } else { self.list.len() };
        let end = len.min(self.next.saturating_add(budget.max(1)));
        let first = std::mem::replace(&mut self.next, end);
        for k in first.min(end)..end {
            if self.phase == 2 {
                // Node k's list sorted and its repeats dropped, moving it left over the room
                // they took.
                let (lo, hi) = (self.offsets[k] as usize, self.offsets[k + 1] as usize);
                self.offsets[k] = self.kept as u32;
                self.targets[lo..hi].sort_unstable();
                for j in lo..hi {
                    if j == lo || self.targets[j] != self.targets[j - 1] {
                        self.targets[self.kept] = self.targets[j];
                        self.kept += 1;
                    }
                }
                continue;
            }
            let (s, t) = self.list[k];
            if (s == t && !self.indices) || s as usize >= n || t as usize >= n {
                continue;
            }
            for (a, b) in [(s, t), (t, s)].into_iter().take(1 + usize::from(both && s != t)) {
                if self.phase == 0 {
                    self.offsets[a as usize + 1] += 1;
                } else {
                    self.targets[self.slots[a as usize] as usize] = if self.indices { k as u32 } else { b };
                    self.slots[a as usize] += 1;
                }
            }
        }
        if end == len && self.phase < 3 {
            match self.phase {
                0 => {
                    for i in 0..n {
                        self.offsets[i + 1] += self.offsets[i];
                    }
                    // Every neighbour is then written into its node's list in one pass (at
                    // 100,000 nodes a third of the memory traffic of sorting the pairs).
                    self.targets = vec![0u32; self.offsets[n] as usize];
                    self.slots = self.offsets.clone();
                }
                1 => {
                    (self.slots, self.list) = (Vec::new(), Vec::new());
                    // Incidence lists are in order, each edge once, as placed.
                    self.phase += u8::from(self.indices);
                }
                _ => {
                    self.offsets[n] = self.kept as u32;
                    self.targets.truncate(self.kept);
                    self.targets.shrink_to_fit();
                }
            }
            (self.phase, self.next) = (self.phase + 1, 0);
        }
        self.phase == 3
    }

    /// The adjacency, after doing whatever work is left (a view's edges must have been
    /// gathered, [`AdjacencyBuild::gather`]).
    pub fn finish(mut self) -> Adjacency {
        debug_assert!(self.phase != 4, "the view's edges are not all gathered");
        if self.phase == 4 {
            self.phase = 0;
        }
        while !self.step(usize::MAX) {}
        Adjacency { offsets: self.offsets, targets: self.targets, nodes: self.nodes, direction: self.direction }
    }
}

/// A simple graph in compressed-sparse-row form over *local* indices `0..len()`: node `i`'s
/// neighbours are `targets[offsets[i]..offsets[i + 1]]`, sorted, without duplicates or
/// self-loops. Parallel edges of the multigraph become one neighbour. When built from a view,
/// only the visible nodes get a local index; [`Adjacency::node_id`] and [`Adjacency::local`] map
/// between local indices and graph nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Adjacency {
    offsets: Vec<u32>,
    targets: Vec<u32>,
    /// Local index → graph node index; empty when they are the same.
    nodes: Vec<u32>,
    /// Whether this is the directed (out-neighbour) form.
    pub direction: Direction,
}

impl Adjacency {
    /// Builds the adjacency of the nodes and edges of `graph` visible in `view`.
    ///
    /// # Complexity
    /// O(n + m + Σ d log d) over each node's number d of neighbours.
    pub fn of(graph: &KnowledgeGraph, view: &View, direction: Direction) -> Adjacency {
        let mut build = Adjacency::building_of(graph, view, direction);
        build.gather(graph, view, usize::MAX);
        build.finish()
    }

    /// [`Adjacency::of`] to be built a slice at a time, for a page that keeps its tasks short:
    /// [`AdjacencyBuild::gather`] the view's edges, then [`AdjacencyBuild::step`].
    ///
    /// # Complexity
    /// O(n): the visible nodes' local indices.
    pub fn building_of(graph: &KnowledgeGraph, view: &View, direction: Direction) -> AdjacencyBuild {
        let total = graph.document().nodes.len();
        let (mut local, mut nodes) = (Vec::new(), Vec::new());
        if (0..total).any(|i| !view.nodes.get(i).copied().unwrap_or(false)) {
            local = vec![u32::MAX; total];
            for (i, slot) in local.iter_mut().enumerate() {
                if view.nodes.get(i).copied().unwrap_or(false) {
                    *slot = nodes.len() as u32;
                    nodes.push(i as u32);
                }
            }
        }
        let n = if local.is_empty() { total } else { nodes.len() };
        AdjacencyBuild { local, phase: 4, ..AdjacencyBuild::new(n, Vec::with_capacity(graph.edge_count()), nodes, direction) }
    }

    /// The graph node at local index `i`.
    pub fn node_id(&self, i: usize) -> NodeId {
        NodeId(if self.nodes.is_empty() { i as u32 } else { self.nodes[i] })
    }

    /// The local index of a graph node, if it is in this adjacency.
    ///
    /// # Complexity
    /// O(log n).
    pub fn local(&self, id: NodeId) -> Option<usize> {
        if self.nodes.is_empty() {
            return (id.index() < self.len()).then_some(id.index());
        }
        self.nodes.binary_search(&id.0).ok()
    }

    /// Builds an adjacency over `n` nodes from (source, target) pairs; pairs naming a node out of
    /// range, and self-loops, are skipped.
    ///
    /// # Complexity
    /// O(n + m + Σ d log d) over each node's number d of neighbours.
    pub fn from_pairs(n: usize, pairs: impl IntoIterator<Item = (u32, u32)>, direction: Direction) -> Adjacency {
        AdjacencyBuild::new(n, pairs.into_iter().collect(), Vec::new(), direction).finish()
    }

    /// The number of nodes (visible or not).
    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    /// True when there are no nodes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The neighbours of node `i` (out-neighbours in the directed form).
    pub fn neighbours(&self, i: usize) -> &[u32] {
        &self.targets[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }

    /// The number of neighbours of node `i`.
    pub fn degree(&self, i: usize) -> usize {
        (self.offsets[i + 1] - self.offsets[i]) as usize
    }

    /// The number of edges: each undirected edge once.
    pub fn edge_count(&self) -> usize {
        match self.direction {
            Direction::Undirected => self.targets.len() / 2,
            Direction::Directed => self.targets.len(),
        }
    }

    /// The graph whose neighbours are this one's in-neighbours: itself when undirected (borrowed,
    /// no copy), the reversed graph when directed.
    pub fn incoming(&self) -> std::borrow::Cow<'_, Adjacency> {
        match self.direction {
            Direction::Undirected => std::borrow::Cow::Borrowed(self),
            Direction::Directed => std::borrow::Cow::Owned(self.reversed()),
        }
    }

    /// The reverse graph (in-neighbours), for directed algorithms; the same graph if undirected.
    pub fn reversed(&self) -> Adjacency {
        if self.direction == Direction::Undirected {
            return self.clone();
        }
        let n = self.len();
        let pairs = (0..n).flat_map(|s| self.neighbours(s).iter().map(move |&t| (t, s as u32)));
        let mut reversed = Adjacency::from_pairs(n, pairs.collect::<Vec<_>>(), Direction::Directed);
        reversed.nodes = self.nodes.clone();
        reversed
    }
}

/// A small, fast, seedable pseudo-random generator (SplitMix64), so that sampled and randomized
/// algorithms are deterministic for a seed on every platform.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform integer in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Shuffles a slice in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// The indices `order` gives, sorted by `key` (at most `max_key`), equal keys in the order
/// given: a stable counting sort, O(len + max_key).
pub(crate) fn counting_order(max_key: usize, key: impl Fn(u32) -> usize, order: impl Iterator<Item = u32> + Clone) -> Vec<u32> {
    let mut start = vec![0u32; max_key + 2];
    for i in order.clone() {
        start[key(i) + 1] += 1;
    }
    for k in 1..start.len() {
        start[k] += start[k - 1];
    }
    let mut sorted = vec![0u32; start[max_key + 1] as usize];
    for i in order {
        let k = key(i);
        sorted[start[k] as usize] = i;
        start[k] += 1;
    }
    sorted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_built_a_slice_at_a_time_is_the_view_built_at_once() {
        // a-b twice (one edge hidden), b-c, c-d, d-a, a self-loop on c; then d hidden.
        let doc = crate::load_str(
            r#"{"nodes":[{"id":"a"},{"id":"b"},{"id":"c"},{"id":"d"}],
                "edges":[{"source":"a","target":"b"},{"source":"b","target":"a"},{"source":"b","target":"c"},
                         {"source":"c","target":"d"},{"source":"d","target":"a"},{"source":"c","target":"c"}]}"#,
        )
        .map(|r| r.document)
        .unwrap_or_default();
        let g = KnowledgeGraph::from_document(doc);
        let mut view = View::all(&g);
        let whole = Adjacency::of(&g, &view, Direction::Undirected);
        assert_eq!((0..4).map(|i| whole.neighbours(i).to_vec()).collect::<Vec<_>>(), [vec![1, 3], vec![0, 2], vec![1, 3], vec![0, 2]]);
        view.nodes[3] = false;
        view.edges[0] = false;
        let shown = Adjacency::of(&g, &view, Direction::Directed);
        assert_eq!(shown.len(), 3, "the hidden node has no local index");
        assert_eq!((0..3).map(|i| shown.neighbours(i).to_vec()).collect::<Vec<_>>(), [vec![], vec![0, 2], vec![]]);
        assert_eq!((shown.node_id(2), shown.local(NodeId(3))), (NodeId(2), None));
        for (view, expected, direction) in [(View::all(&g), &whole, Direction::Undirected), (view, &shown, Direction::Directed)] {
            for budget in [1, 2, 3, 100] {
                let mut build = Adjacency::building_of(&g, &view, direction);
                assert!(!build.step(budget), "nothing is sorted before the edges are gathered");
                let mut calls = 0;
                while !(build.gather(&g, &view, budget) && build.step(budget)) {
                    calls += 1;
                }
                assert!(calls >= 6 / budget, "{calls} calls of {budget}");
                assert_eq!(&build.finish(), expected, "budget {budget}");
            }
        }
    }

    #[test]
    fn csr_dedups_and_drops_self_loops() {
        let a = Adjacency::from_pairs(4, [(0, 1), (1, 0), (0, 1), (2, 2), (2, 3), (9, 1)], Direction::Undirected);
        assert_eq!(a.neighbours(0), [1]);
        assert_eq!(a.neighbours(1), [0]);
        assert_eq!(a.neighbours(2), [3]);
        assert_eq!(a.edge_count(), 2);
        let d = Adjacency::from_pairs(3, [(0, 1), (1, 2)], Direction::Directed);
        assert_eq!(d.neighbours(0), [1]);
        assert_eq!(d.neighbours(2), [] as [u32; 0]);
        assert_eq!(d.reversed().neighbours(2), [1]);
    }

    #[test]
    fn from_pairs_sorts_and_dedups_as_a_plain_sort_would() {
        let mut x = 12345u64;
        let mut next = |m: u64| {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((x >> 33) % m) as u32
        };
        let pairs: Vec<(u32, u32)> = (0..5000).map(|_| (next(300), next(300))).collect();
        for direction in [Direction::Directed, Direction::Undirected] {
            let a = Adjacency::from_pairs(300, pairs.iter().copied(), direction);
            let mut list: Vec<(u32, u32)> = pairs.iter().filter(|(s, t)| s != t).flat_map(|&(s, t)| if direction == Direction::Undirected { vec![(s, t), (t, s)] } else { vec![(s, t)] }).collect();
            list.sort_unstable();
            list.dedup();
            for v in 0..300u32 {
                let expected: Vec<u32> = list.iter().filter(|(s, _)| *s == v).map(|&(_, t)| t).collect();
                assert_eq!(a.neighbours(v as usize), expected.as_slice());
            }
            // Built a slice at a time, with any budget, and with pairs naming nodes out of
            // range among them, the adjacency is the same.
            let mut odd = pairs.clone();
            odd.extend([(300, 1), (2, 301), (u32::MAX, 0)]);
            for budget in [1, 7, 64, 5000] {
                let mut build = AdjacencyBuild::new(300, odd.clone(), Vec::new(), direction);
                let mut calls = 1;
                while !build.step(budget) {
                    calls += 1;
                }
                assert!(calls >= (odd.len() + 300) / budget, "{calls} calls of {budget}");
                assert_eq!(build.finish(), a, "budget {budget}");
                let mut half = AdjacencyBuild::new(300, odd.clone(), Vec::new(), direction);
                for _ in 0..calls / 2 {
                    half.step(budget);
                }
                assert_eq!(half.finish(), a, "finished from half-way, budget {budget}");
            }
        }
    }
}

