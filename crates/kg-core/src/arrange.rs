//! Arranged layouts, computed in one go (no simulation): a hierarchy (organizations top-down,
//! their roles and people below, events in time order underneath) and a radial layout (rings of
//! increasing distance around one entity). Positions are in world units, like the force layout.

use crate::algo::{paths, Adjacency, Direction, View};
use crate::camera::Vec2;
use crate::graph::{KnowledgeGraph, NodeId};
use crate::model::NodeKind;

/// Horizontal and vertical spacing of the hierarchy, in world units.
const X_GAP: f32 = 60.0;
const Y_GAP: f32 = 90.0;
/// The distance between rings of the radial layout.
const RING: f32 = 90.0;

/// What the hierarchy needs of a graph, small enough to hand to a worker: who sits directly
/// above whom, and the events in time order.
#[derive(Clone, Debug, PartialEq)]
pub struct HierarchyInput {
    /// (node, a node directly above it) pairs, in edge order: the organization a part or a role
    /// belongs to, the role a person holds, the organization a person is a member of.
    pub parents: Vec<(u32, u32)>,
    /// Every event, in time order (undated ones last, in file order).
    pub events: Vec<u32>,
}

/// The part of a graph [`hierarchy_on`] arranges.
///
/// # Complexity
/// O(n + m + E log E) for E events.
pub fn hierarchy_input(graph: &KnowledgeGraph) -> HierarchyInput {
    let mut parents = Vec::new();
    for (e, s, t) in graph.edges() {
        let parent_is_target = matches!(graph.edge(e).kind.as_str(), "part_of" | "of" | "role_at" | "holds" | "holds_role" | "member_of");
        if parent_is_target && s != t && graph.kind(s) != NodeKind::Event {
            parents.push((s.0, t.0));
        }
    }
    let mut events: Vec<u32> = graph.node_ids().filter(|&id| graph.kind(id) == NodeKind::Event).map(|id| id.0).collect();
    crate::sorting::sort_by(&mut events, |&a, &c| {
        let date = |v: u32| graph.node(NodeId(v)).date.as_deref().unwrap_or("9999");
        date(a).cmp(date(c)).then(a.cmp(&c))
    });
    HierarchyInput { parents, events }
}

/// A hierarchy: each node sits one layer below the lowest of its parents (roots at the top);
/// events form a band under the tree ordered by date; nodes outside the tree (concepts, events'
/// unrelated neighbours) form the last band. Within a layer nodes are ordered by the mean
/// position of their parents, so that lines cross less. The same as [`hierarchy_on`] of
/// [`hierarchy_input`].
///
/// # Complexity
/// O(L · (n + m)) for L layers (L ≤ n; cycles stop at n layers), plus sorting each layer.
pub fn hierarchy(graph: &KnowledgeGraph) -> Vec<Vec2> {
    hierarchy_on(graph.document().nodes.len(), &hierarchy_input(graph))
}

/// [`hierarchy`] of a graph of `n` nodes from what [`hierarchy_input`] took of it (for a worker,
/// which has no graph). Pairs and events naming a node past `n` are ignored.
///
/// # Complexity
/// O(L · (n + m)) for L layers, plus sorting each layer.
pub fn hierarchy_on(n: usize, input: &HierarchyInput) -> Vec<Vec2> {
    let mut up = vec![Vec::new(); n];
    for &(child, parent) in &input.parents {
        if (child as usize) < n && (parent as usize) < n {
            up[child as usize].push(parent);
        }
    }
    let mut has_child = vec![false; n];
    for list in &up {
        for &p in list {
            has_child[p as usize] = true;
        }
    }
    // Longest-path layering by relaxation; at most n rounds, so a cycle cannot loop for ever.
    let mut layer = vec![0usize; n];
    for _ in 0..n.max(1) {
        let mut changed = false;
        for v in 0..n {
            if let Some(l) = up[v].iter().map(|&p| layer[p as usize] + 1).max() {
                if l > layer[v] && l < n {
                    layer[v] = l;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let in_tree: Vec<bool> = (0..n).map(|v| !up[v].is_empty() || has_child[v]).collect();
    let tree_depth = (0..n).filter(|&v| in_tree[v]).map(|v| layer[v]).max().unwrap_or(0);
    let event_band = tree_depth + 2;
    let other_band = event_band + 1;
    let mut is_event = vec![false; n];
    for &v in &input.events {
        if let Some(e) = is_event.get_mut(v as usize) {
            *e = true;
        }
    }
    let band: Vec<usize> = (0..n)
        .map(|v| {
            if is_event[v] {
                event_band
            } else if in_tree[v] {
                layer[v]
            } else {
                other_band
            }
        })
        .collect();

    let mut positions = vec![[0.0f32, 0.0f32]; n];
    let mut x_of = vec![0.0f32; n];
    // Each band's members, in node order, gathered in one pass; the events' band in time order.
    let mut bands: Vec<Vec<usize>> = vec![Vec::new(); other_band + 1];
    for (v, &b) in band.iter().enumerate() {
        if b != event_band {
            bands[b].push(v);
        }
    }
    let mut seen = vec![false; n];
    for &v in &input.events {
        if (v as usize) < n && !std::mem::replace(&mut seen[v as usize], true) {
            bands[event_band].push(v as usize);
        }
    }
    for (b, mut members) in bands.into_iter().enumerate() {
        if members.is_empty() {
            continue;
        }
        if b != event_band {
            // Each member's key once (the mean position of its parents), not once per comparison.
            let key = |v: usize| -> f32 {
                let ps = &up[v];
                if ps.is_empty() { f32::MAX } else { ps.iter().map(|&p| x_of[p as usize]).sum::<f32>() / ps.len() as f32 }
            };
            let mut keyed: Vec<(f32, usize)> = members.iter().map(|&v| (key(v), v)).collect();
            crate::sorting::sort_by(&mut keyed, |a, c| a.0.total_cmp(&c.0).then(a.1.cmp(&c.1)));
            members = keyed.into_iter().map(|(_, v)| v).collect();
        }
        let width = (members.len() - 1) as f32 * X_GAP;
        for (i, &v) in members.iter().enumerate() {
            let x = i as f32 * X_GAP - width / 2.0;
            x_of[v] = x;
            positions[v] = [x, b as f32 * Y_GAP];
        }
    }
    positions
}

/// The point at distance `r` from the origin in the direction `angle` (radians), with the
/// sine and cosine the standard initial positions use ([`crate::turns::cos_sin_turns`]).
fn polar(r: f32, angle: f32) -> Vec2 {
    let [c, s] = crate::turns::cos_sin_turns(f64::from(angle) / std::f64::consts::TAU);
    [(f64::from(r) * c) as f32, (f64::from(r) * s) as f32]
}

/// Rings around `centre`: distance d (in hops, edges followed both ways) on the circle of radius
/// d · RING. Each node's angle lies within its BFS parent's sector, sectors sized by subtree, so
/// branches stay together. Unreachable nodes form one more ring outside.
///
/// # Complexity
/// O(n + m log m).
pub fn radial(graph: &KnowledgeGraph, centre: NodeId) -> Vec<Vec2> {
    let view = View::all(graph);
    radial_on(&Adjacency::of(graph, &view, Direction::Undirected), centre)
}

/// [`radial`] on an undirected adjacency of the whole graph (for a worker that has only the edge
/// list: `Adjacency::from_pairs` of the graph's edges gives the same positions).
pub fn radial_on(adj: &Adjacency, centre: NodeId) -> Vec<Vec2> {
    let n = adj.len();
    let mut positions = vec![[0.0f32, 0.0f32]; n];
    let Some(root) = adj.local(centre) else { return positions };
    let dist = paths::bfs_distances(adj, root, paths::UNREACHABLE);
    // BFS tree: each node's parent is its smallest-index neighbour one step closer.
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut order: Vec<usize> = (0..n).filter(|&v| dist[v] != paths::UNREACHABLE).collect();
    crate::sorting::sort_by_key(&mut order, |&v| (dist[v], v));
    for &v in &order {
        if v == root {
            continue;
        }
        if let Some(&p) = adj.neighbours(v).iter().find(|&&p| dist[p as usize] + 1 == dist[v]) {
            children[p as usize].push(v);
        }
    }
    let mut size = vec![1usize; n];
    for &v in order.iter().rev() {
        let s: usize = children[v].iter().map(|&c| size[c]).sum();
        size[v] += s;
    }
    // Sectors: (start angle, width) per node, handed down the tree.
    let mut sector = vec![(0.0f32, std::f32::consts::TAU); n];
    for &v in &order {
        let (start, width) = sector[v];
        let total: usize = children[v].iter().map(|&c| size[c]).sum();
        let mut at = start;
        for &c in &children[v] {
            let w = width * size[c] as f32 / total.max(1) as f32;
            sector[c] = (at, w);
            at += w;
        }
        let angle = start + width / 2.0;
        let r = dist[v] as f32 * RING;
        positions[v] = polar(r, angle);
    }
    let outer = order.iter().map(|&v| dist[v]).max().unwrap_or(0) + 1;
    let unreached: Vec<usize> = (0..n).filter(|&v| dist[v] == paths::UNREACHABLE).collect();
    for (i, &v) in unreached.iter().enumerate() {
        let angle = std::f32::consts::TAU * i as f32 / unreached.len() as f32;
        let r = outer as f32 * RING;
        positions[v] = polar(r, angle);
    }
    // Local indices equal node indices here (the view holds every node).
    positions
}

/// Moves `from` towards `to` by `t` in 0..=1, with an ease-in-out curve (for animated
/// transitions between layouts).
pub fn interpolate(from: &[Vec2], to: &[Vec2], t: f32) -> Vec<Vec2> {
    let t = crate::camera::within(t, 0.0, 1.0);
    let e = t * t * (3.0 - 2.0 * t);
    from.iter().zip(to).map(|(a, b)| [a[0] + (b[0] - a[0]) * e, a[1] + (b[1] - a[1]) * e]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load_str;

    fn seed() -> KnowledgeGraph {
        let text = include_str!("../../../data/jiaxing-2023-03-17.json");
        KnowledgeGraph::from_document(load_str(text).map(|r| r.document).unwrap_or_default())
    }

    fn at(g: &KnowledgeGraph, p: &[Vec2], id: &str) -> Vec2 {
        p[g.find(id).map_or(0, |n| n.index())]
    }

    #[test]
    fn the_hierarchy_puts_organizations_above_roles_above_people_and_events_in_date_order() {
        let g = seed();
        let p = hierarchy(&g);
        assert!(p.iter().all(|q| q[0].is_finite() && q[1].is_finite()));
        let y = |id: &str| at(&g, &p, id)[1];
        assert!(y("o-jiaxing-mpc") < y("o-jiaxing-ufwd"), "the committee above its department");
        assert!(y("o-jiaxing-ufwd") < y("r-ufwd-deputy-head"), "the department above its post");
        assert!(y("r-ufwd-deputy-head") < y("p-zhang-jiansheng"), "the post above its holder");
        assert!(y("p-zhang-jiansheng") < y("e-meeting"), "events below the tree");
        assert_eq!(y("e-meeting"), y("e-contest"), "events share one band");
        // Dated events come before undated ones along the band.
        assert!(at(&g, &p, "e-meeting")[0] < at(&g, &p, "e-cppcc-session")[0]);
        // No two nodes on the same spot.
        for i in 0..p.len() {
            for j in i + 1..p.len() {
                assert!(p[i] != p[j], "{i} and {j} coincide");
            }
        }
    }

    #[test]
    fn the_hierarchy_from_its_input_alone_is_the_graphs() {
        // A worker gets the input as flat numbers and the node count, nothing else.
        let g = seed();
        let input = hierarchy_input(&g);
        let flat: Vec<u32> = input.parents.iter().flat_map(|&(c, p)| [c, p]).collect();
        let again = HierarchyInput { parents: flat.chunks_exact(2).map(|c| (c[0], c[1])).collect(), events: input.events.clone() };
        assert_eq!(hierarchy_on(g.node_count(), &again), hierarchy(&g));
        assert_eq!(input.events.len(), g.node_ids().filter(|&id| g.kind(id) == NodeKind::Event).count());
        // Numbers past the graph's end (a message that does not fit it) are ignored.
        let mut odd = again.clone();
        odd.parents.push((0, 10_000));
        odd.parents.push((10_000, 0));
        odd.events.push(10_000);
        odd.events.push(input.events[0]);
        assert_eq!(hierarchy_on(g.node_count(), &odd), hierarchy(&g));
    }

    #[test]
    fn radial_rings_follow_hop_distance() {
        let g = seed();
        let centre = g.find("p-zhang-jiansheng").unwrap_or(NodeId(0));
        let p = radial(&g, centre);
        let r = |id: &str| {
            let q = at(&g, &p, id);
            (q[0] * q[0] + q[1] * q[1]).sqrt()
        };
        assert!(r("p-zhang-jiansheng") < 1e-3, "the centre is at the origin");
        assert!((r("e-meeting") - RING).abs() < 1e-2, "a neighbour on the first ring");
        assert!((r("p-zhang-yi") - 2.0 * RING).abs() < 1e-2, "two hops on the second ring");
        assert!(p.iter().all(|q| q[0].is_finite() && q[1].is_finite()));
    }

    #[test]
    fn radial_from_the_edge_list_matches_the_graph() {
        let g = KnowledgeGraph::from_document(crate::generate::generate(2000, 3, 9));
        let pairs: Vec<(u32, u32)> = g.edges().map(|(_, s, t)| (s.0, t.0)).collect();
        let adj = Adjacency::from_pairs(g.node_count(), pairs, Direction::Undirected);
        for centre in [NodeId(0), NodeId(1234)] {
            assert_eq!(radial_on(&adj, centre), radial(&g, centre));
        }
    }

    #[test]
    fn interpolation_eases_from_one_layout_to_the_other() {
        let a = vec![[0.0, 0.0]];
        let b = vec![[10.0, -10.0]];
        assert_eq!(interpolate(&a, &b, 0.0), a);
        assert_eq!(interpolate(&a, &b, 1.0), b);
        assert_eq!(interpolate(&a, &b, 0.5), vec![[5.0, -5.0]]);
        assert_eq!(interpolate(&a, &b, 7.0), b);
    }
}
