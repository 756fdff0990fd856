//! The knowledge graph: a petgraph `StableGraph` over the loaded document, with an index from our
//! string ids to nodes. petgraph's index types stay private to this module; callers use
//! [`NodeId`] and [`EdgeId`].

use crate::model::{EdgeRecord, GraphDocument, NodeKind, NodeRecord};
use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use petgraph::Direction;
use crate::idhash::IdIndex;

/// A node of a [`KnowledgeGraph`]: its position in the document's node list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

/// An edge of a [`KnowledgeGraph`]: its position in the document's edge list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EdgeId(pub u32);

impl NodeId {
    /// The position in the document's node list (and in every per-node array, such as positions).
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl EdgeId {
    /// The position in the document's edge list.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A loaded graph, ready for queries and drawing. Built once per load and shared by reference
/// (`Rc` in the app); nothing clones it per render.
#[derive(Debug)]
pub struct KnowledgeGraph {
    document: GraphDocument,
    /// Node i is the document's i-th record (its weight `NodeId(i)`); nodes are never removed.
    graph: StableDiGraph<NodeId, EdgeId>,
    by_id: IdIndex,
    /// Each node's interpreted type, read once (renderers ask for it every frame).
    kinds: Vec<NodeKind>,
    /// Each node's degree (in and out, a self-loop twice), counted once: filters, search and
    /// label priorities ask for it per node.
    degrees: Vec<u32>,
    /// How many nodes of each kind, counted once (the legend asks on every render).
    kind_counts: Vec<(NodeKind, usize)>,
}

/// The node at a petgraph index: the graph's node i is the document's i-th record, and no node
/// is ever removed, so the index is the id (see [`KnowledgeGraph`]'s `assemble`).
fn node_id(index: NodeIndex) -> NodeId {
    NodeId(index.index() as u32)
}

impl KnowledgeGraph {
    /// Builds the graph from a document the loader has checked (ids unique, edge ends present).
    /// Edges whose ends are missing are skipped, so an unchecked document cannot panic here.
    ///
    /// # Complexity
    /// O(n + m).
    pub fn from_document(document: GraphDocument) -> KnowledgeGraph {
        let mut by_id = IdIndex::with_capacity(document.nodes.len());
        for (i, node) in document.nodes.iter().enumerate() {
            // The first node with an id keeps it.
            by_id.insert(&node.id, NodeId(i as u32));
        }
        let ends: Vec<Option<(NodeId, NodeId)>> = document
            .edges
            .iter()
            .map(|edge| Some((by_id.get(&edge.source)?, by_id.get(&edge.target)?)))
            .collect();
        Self::assemble(document, by_id, ends.into_iter())
    }

    /// Builds the graph from what the loader checked, without looking any id up again; falls
    /// back to [`KnowledgeGraph::from_document`] when the index does not fit the document.
    ///
    /// # Complexity
    /// O(n + m).
    pub fn from_report(report: crate::load::LoadReport) -> KnowledgeGraph {
        match report.checked {
            Some(c) if c.by_id.len() == report.document.nodes.len() && c.ends.len() == report.document.edges.len() => {
                Self::assemble(report.document, c.by_id, c.ends.into_iter().map(Some))
            }
            _ => Self::from_document(report.document),
        }
    }

    /// The petgraph graph over `document`: node i is the i-th record, edge j joins `ends[j]`
    /// (skipped where `None`).
    fn assemble(document: GraphDocument, by_id: IdIndex, ends: impl Iterator<Item = Option<(NodeId, NodeId)>>) -> KnowledgeGraph {
        let mut graph = StableDiGraph::with_capacity(document.nodes.len(), document.edges.len());
        for i in 0..document.nodes.len() {
            let index = graph.add_node(NodeId(i as u32));
            debug_assert_eq!(index.index(), i);
        }
        let mut degrees = vec![0u32; document.nodes.len()];
        for (i, e) in ends.enumerate() {
            if let Some((s, t)) = e {
                graph.add_edge(NodeIndex::new(s.index()), NodeIndex::new(t.index()), EdgeId(i as u32));
                degrees[s.index()] += 1;
                degrees[t.index()] += 1;
            }
        }
        let kinds: Vec<NodeKind> = document.nodes.iter().map(|n| n.node_kind()).collect();
        let mut counts = [0usize; NodeKind::ALL.len()];
        for k in &kinds {
            if let Some(i) = NodeKind::ALL.iter().position(|x| x == k) {
                counts[i] += 1;
            }
        }
        let kind_counts = NodeKind::ALL.iter().zip(counts).filter(|(_, c)| *c > 0).map(|(&k, c)| (k, c)).collect();
        KnowledgeGraph { document, graph, by_id, kinds, degrees, kind_counts }
    }

    /// The document the graph was built from.
    pub fn document(&self) -> &GraphDocument {
        &self.document
    }

    /// How many entities.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// How many relations.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Every node, in document order.
    pub fn node_ids(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.graph.node_indices().map(node_id)
    }

    /// The node with this string id.
    pub fn find(&self, id: &str) -> Option<NodeId> {
        self.by_id.get(id)
    }

    /// The stored record of a node.
    pub fn node(&self, id: NodeId) -> &NodeRecord {
        &self.document.nodes[id.index()]
    }

    /// The interpreted type of a node.
    pub fn kind(&self, id: NodeId) -> NodeKind {
        self.kinds[id.index()]
    }

    /// The stored record of an edge.
    pub fn edge(&self, id: EdgeId) -> &EdgeRecord {
        &self.document.edges[id.index()]
    }

    /// Every edge as (edge, source, target), in insertion order.
    ///
    /// The ends are the petgraph indices themselves (node i is `NodeId(i)`, and no node is ever
    /// removed): looking up each end's weight read the node list at random, two cache misses an
    /// edge on a large graph.
    pub fn edges(&self) -> impl Iterator<Item = (EdgeId, NodeId, NodeId)> + '_ {
        (&self.graph).edge_references().map(|e| (*e.weight(), node_id(e.source()), node_id(e.target())))
    }

    /// The edges numbered `range` in insertion order (of `0..edge_bound()`), as
    /// [`KnowledgeGraph::edges`] gives them: for work done a slice at a time.
    ///
    /// # Complexity
    /// O(range's length).
    pub fn edges_in(&self, range: std::ops::Range<usize>) -> impl Iterator<Item = (EdgeId, NodeId, NodeId)> + '_ {
        range.filter_map(|i| {
            let e = petgraph::stable_graph::EdgeIndex::new(i);
            let (s, t) = self.graph.edge_endpoints(e)?;
            Some((*self.graph.edge_weight(e)?, node_id(s), node_id(t)))
        })
    }

    /// One past the largest edge number [`KnowledgeGraph::edges_in`] takes.
    pub fn edge_bound(&self) -> usize {
        petgraph::visit::EdgeIndexable::edge_bound(&self.graph)
    }

    /// Every edge's id, in insertion order (as [`KnowledgeGraph::edges`], without looking up
    /// the ends).
    pub fn edge_ids(&self) -> impl Iterator<Item = EdgeId> + '_ {
        self.graph.edge_weights().copied()
    }

    /// The number of edges touching a node, in both directions (a self-loop counts twice).
    ///
    /// # Complexity
    /// O(degree).
    pub fn degree(&self, id: NodeId) -> usize {
        self.degrees[id.index()] as usize
    }

    /// The neighbours of a node in both directions, with the edge that joins them.
    pub fn neighbours(&self, id: NodeId) -> impl Iterator<Item = (EdgeId, NodeId)> + '_ {
        let n = NodeIndex::new(id.index());
        let out = self.graph.edges_directed(n, Direction::Outgoing).map(|e| (*e.weight(), node_id(e.target())));
        let inc = self.graph.edges_directed(n, Direction::Incoming).map(|e| (*e.weight(), node_id(e.source())));
        out.chain(inc)
    }

    /// Counts of nodes by kind, in legend order, leaving out kinds with none.
    pub fn kind_counts(&self) -> Vec<(NodeKind, usize)> {
        self.kind_counts.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load_str;

    fn graph(json: &str) -> KnowledgeGraph {
        KnowledgeGraph::from_document(load_str(json).map(|r| r.document).unwrap_or_default())
    }

    #[test]
    fn counts_degrees_and_lookup() {
        let g = graph(
            r#"{"nodes":[{"id":"p","type":"person","label":"P"},{"id":"r","type":"role"},{"id":"o","type":"organization"}],
                "edges":[{"source":"p","target":"r","type":"holds"},{"source":"r","target":"o","type":"of"},{"source":"p","target":"p"}]}"#,
        );
        assert_eq!((g.node_count(), g.edge_count()), (3, 3));
        let p = g.find("p").unwrap_or(NodeId(99));
        assert_eq!(g.node(p).display_label(), "P");
        assert_eq!(g.degree(p), 3, "one edge out and a self-loop counted twice");
        let r = g.find("r").unwrap_or(NodeId(99));
        let mut around: Vec<&str> = g.neighbours(r).map(|(_, n)| g.node(n).id.as_str()).collect();
        around.sort_unstable();
        assert_eq!(around, ["o", "p"]);
        assert_eq!(g.kind_counts(), vec![(NodeKind::Person, 1), (NodeKind::Organization, 1), (NodeKind::Role, 1)]);
        assert_eq!(g.find("nobody"), None);
    }
}
