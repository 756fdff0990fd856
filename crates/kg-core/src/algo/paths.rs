//! Breadth-first queries: distances, neighbourhoods, shortest paths and connected components,
//! all on local indices of an [`Adjacency`].

use super::{Adjacency, Direction};
use std::collections::VecDeque;

/// Marks an unreachable node in a distance vector.
pub const UNREACHABLE: u32 = u32::MAX;

/// Hop distances from `source` to every node, up to `max_hops` (inclusive; `u32::MAX` for no
/// limit); [`UNREACHABLE`] where not reached.
///
/// # Complexity
/// O(n + m) in the part of the graph reached.
pub fn bfs_distances(adj: &Adjacency, source: usize, max_hops: u32) -> Vec<u32> {
    let mut dist = vec![UNREACHABLE; adj.len()];
    if source >= adj.len() {
        return dist;
    }
    dist[source] = 0;
    let mut queue = VecDeque::from([source]);
    while let Some(v) = queue.pop_front() {
        let d = dist[v];
        if d >= max_hops {
            continue;
        }
        for &w in adj.neighbours(v) {
            let w = w as usize;
            if dist[w] == UNREACHABLE {
                dist[w] = d + 1;
                queue.push_back(w);
            }
        }
    }
    dist
}

/// The nodes within `hops` of `source`, with their distance, nearest first (ties by index).
///
/// # Complexity
/// O(n + m) in the part of the graph reached.
pub fn neighbourhood(adj: &Adjacency, source: usize, hops: u32) -> Vec<(usize, u32)> {
    let dist = bfs_distances(adj, source, hops);
    let mut out: Vec<(usize, u32)> = dist.iter().enumerate().filter(|(_, &d)| d != UNREACHABLE).map(|(i, &d)| (i, d)).collect();
    crate::sorting::sort_by_key(&mut out, |&(i, d)| (d, i));
    out
}

/// One shortest path from `a` to `b` (both included), or `None` when `b` cannot be reached.
/// Among several shortest paths it returns the one that is smallest by node index, step by step.
///
/// # Complexity
/// O(n + m).
pub fn shortest_path(adj: &Adjacency, a: usize, b: usize) -> Option<Vec<usize>> {
    all_shortest_paths(adj, a, b, 1).into_iter().next()
}

/// Up to `limit` shortest paths from `a` to `b`, in lexicographic order of their node indices.
///
/// # Complexity
/// O(n + m) for the search plus O(limit × length) to list the paths.
pub fn all_shortest_paths(adj: &Adjacency, a: usize, b: usize, limit: usize) -> Vec<Vec<usize>> {
    if a >= adj.len() || b >= adj.len() || limit == 0 {
        return Vec::new();
    }
    if a == b {
        return vec![vec![a]];
    }
    // Distances from b over reversed edges tell, for every node, how far it is from b; the
    // paths are then walked forwards from a, always to a neighbour one step closer to b.
    let to_b = bfs_distances(&adj.incoming(), b, UNREACHABLE);
    if to_b[a] == UNREACHABLE {
        return Vec::new();
    }
    let mut paths = Vec::new();
    let mut path = vec![a];
    extend_paths(adj, &to_b, b, limit, &mut path, &mut paths);
    paths
}

fn extend_paths(adj: &Adjacency, to_b: &[u32], b: usize, limit: usize, path: &mut Vec<usize>, paths: &mut Vec<Vec<usize>>) {
    // A depth-first walk with its own stack (a path may be as long as the graph is large):
    // `next[k]` is where the scan of `path[k]`'s neighbours resumes.
    let mut next: Vec<usize> = vec![0; path.len()];
    while let Some(&v) = path.last() {
        if v == b {
            paths.push(path.clone());
            if paths.len() >= limit {
                return;
            }
            path.pop();
            next.pop();
            continue;
        }
        let k = path.len() - 1;
        let neighbours = adj.neighbours(v);
        let step = neighbours[next[k]..].iter().position(|&w| {
            let w = w as usize;
            to_b[w] != UNREACHABLE && to_b[w] + 1 == to_b[v]
        });
        match step {
            Some(i) => {
                let w = neighbours[next[k] + i] as usize;
                next[k] += i + 1;
                path.push(w);
                next.push(0);
            }
            None => {
                path.pop();
                next.pop();
            }
        }
    }
}

/// Connected components (weakly connected for a directed adjacency), each sorted, largest first
/// (ties by smallest member).
///
/// # Complexity
/// O(n + m).
pub fn connected_components(adj: &Adjacency) -> Vec<Vec<usize>> {
    let reversed = (adj.direction == Direction::Directed).then(|| adj.reversed());
    let n = adj.len();
    let mut seen = vec![false; n];
    let mut components = Vec::new();
    for start in 0..n {
        if seen[start] {
            continue;
        }
        seen[start] = true;
        let mut component = vec![start];
        let mut stack = vec![start];
        while let Some(v) = stack.pop() {
            let back = reversed.as_ref().map(|r| r.neighbours(v)).unwrap_or(&[]);
            for &w in adj.neighbours(v).iter().chain(back) {
                let w = w as usize;
                if !seen[w] {
                    seen[w] = true;
                    component.push(w);
                    stack.push(w);
                }
            }
        }
        crate::sorting::sort_by(&mut component, |a, b| a.cmp(b));
        components.push(component);
    }
    crate::sorting::sort_by(&mut components, |a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    components
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diamond() -> Adjacency {
        // 0 - 1 - 3, 0 - 2 - 3, 3 - 4; 5 alone.
        Adjacency::from_pairs(6, [(0, 1), (0, 2), (1, 3), (2, 3), (3, 4)], Direction::Undirected)
    }

    #[test]
    fn a_path_as_long_as_the_graph_is_found_without_deep_recursion() {
        // A chain of 300,000 nodes: a walk that recursed once a step would overflow a test
        // thread's stack (and the browser's far sooner).
        let n = 300_000;
        let chain = Adjacency::from_pairs(n, (0..n as u32 - 1).map(|i| (i, i + 1)), Direction::Undirected);
        let path = shortest_path(&chain, 0, n - 1).unwrap_or_default();
        assert_eq!(path.len(), n);
        assert!(path.iter().enumerate().all(|(i, &v)| i == v));
        // Two rungs of a ladder give two paths, in order.
        let ladder = Adjacency::from_pairs(4, [(0, 1), (0, 2), (1, 3), (2, 3)], Direction::Undirected);
        assert_eq!(all_shortest_paths(&ladder, 0, 3, 5), vec![vec![0, 1, 3], vec![0, 2, 3]]);
        assert_eq!(all_shortest_paths(&ladder, 0, 3, 1), vec![vec![0, 1, 3]]);
    }

    #[test]
    fn paths_in_a_diamond() {
        let g = diamond();
        assert_eq!(shortest_path(&g, 0, 4), Some(vec![0, 1, 3, 4]));
        assert_eq!(all_shortest_paths(&g, 0, 4, 10), vec![vec![0, 1, 3, 4], vec![0, 2, 3, 4]]);
        assert_eq!(all_shortest_paths(&g, 0, 4, 1).len(), 1);
        assert_eq!(shortest_path(&g, 0, 5), None);
        assert_eq!(shortest_path(&g, 2, 2), Some(vec![2]));
        assert_eq!(neighbourhood(&g, 0, 1), vec![(0, 0), (1, 1), (2, 1)]);
        assert_eq!(connected_components(&g), vec![vec![0, 1, 2, 3, 4], vec![5]]);
    }

    #[test]
    fn direction_is_respected_on_request() {
        let g = Adjacency::from_pairs(3, [(0, 1), (2, 1)], Direction::Directed);
        assert_eq!(shortest_path(&g, 0, 1), Some(vec![0, 1]));
        assert_eq!(shortest_path(&g, 0, 2), None);
        assert_eq!(connected_components(&g), vec![vec![0, 1, 2]]);
    }
}
