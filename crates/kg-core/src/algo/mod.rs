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

/// A view's nodes and edge ends, half of an [`Adjacency`] (see [`Adjacency::pairs_of`]).
pub struct AdjacencyPairs {
    nodes: Vec<u32>,
    pairs: Vec<(u32, u32)>,
}

impl AdjacencyPairs {
    /// The adjacency: the pairs sorted into lists.
    ///
    /// # Complexity
    /// O(n + m) (two counting sorts).
    pub fn finish(self, direction: Direction) -> Adjacency {
        let mut adjacency = Adjacency::from_pairs(self.nodes.len(), self.pairs, direction);
        adjacency.nodes = self.nodes;
        adjacency
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
    /// O(n + m log m) for the sort and deduplication.
    pub fn of(graph: &KnowledgeGraph, view: &View, direction: Direction) -> Adjacency {
        Adjacency::pairs_of(graph, view).finish(direction)
    }

    /// [`Adjacency::of`]'s first half, for a page that builds a large graph's adjacency in two
    /// tasks: the view's nodes and the ends of its edges, in local indices.
    ///
    /// # Complexity
    /// O(n + m).
    pub fn pairs_of(graph: &KnowledgeGraph, view: &View) -> AdjacencyPairs {
        let total = graph.document().nodes.len();
        let mut local = vec![u32::MAX; total];
        let mut nodes = Vec::with_capacity(total);
        for (i, slot) in local.iter_mut().enumerate() {
            if view.nodes.get(i).copied().unwrap_or(false) {
                *slot = nodes.len() as u32;
                nodes.push(i as u32);
            }
        }
        let pairs: Vec<(u32, u32)> = graph
            .edges()
            .filter(|&(e, s, t)| view.has_edge(e, s, t))
            .map(|(_, s, t)| (local[s.index()], local[t.index()]))
            .collect();
        AdjacencyPairs { nodes, pairs }
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
        let undirected = direction == Direction::Undirected;
        let pairs = pairs.into_iter();
        let mut list: Vec<(u32, u32)> = Vec::with_capacity(pairs.size_hint().0);
        // Each node's number of neighbours (duplicates included), then where its list starts.
        let mut offsets = vec![0u32; n + 1];
        for (s, t) in pairs {
            if s == t || s as usize >= n || t as usize >= n {
                continue;
            }
            list.push((s, t));
            offsets[s as usize + 1] += 1;
            if undirected {
                offsets[t as usize + 1] += 1;
            }
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        // Every neighbour written into its node's list in one pass (a counting sort by node;
        // at 100,000 nodes this is a third of the memory traffic of sorting the pairs by
        // target and then by source, as before)...
        let mut targets = vec![0u32; offsets[n] as usize];
        let mut next = offsets.clone();
        for &(s, t) in &list {
            targets[next[s as usize] as usize] = t;
            next[s as usize] += 1;
            if undirected {
                targets[next[t as usize] as usize] = s;
                next[t as usize] += 1;
            }
        }
        drop(next);
        drop(list);
        // ...then each list sorted on its own and its repeats dropped, moving it left over the
        // room they took.
        let mut kept = 0usize;
        for i in 0..n {
            let (lo, hi) = (offsets[i] as usize, offsets[i + 1] as usize);
            offsets[i] = kept as u32;
            targets[lo..hi].sort_unstable();
            let mut last = None;
            for k in lo..hi {
                let t = targets[k];
                if last != Some(t) {
                    targets[kept] = t;
                    kept += 1;
                    last = Some(t);
                }
            }
        }
        offsets[n] = kept as u32;
        targets.truncate(kept);
        targets.shrink_to_fit();
        Adjacency { offsets, targets, nodes: Vec::new(), direction }
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
        }
    }
}

