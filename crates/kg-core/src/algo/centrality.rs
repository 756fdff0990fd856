//! Centrality measures on an [`Adjacency`], with networkx's normalizations so the numbers can be
//! compared with it directly (see `docs/algorithms.md`).

use super::paths::{bfs_distances, UNREACHABLE};
use super::{Adjacency, Direction, SplitMix64};

/// Degree centrality: a node's degree divided by `n − 1` (networkx `degree_centrality`). In the
/// directed form the degree is the out-degree plus the in-degree.
///
/// # Complexity
/// O(n + m).
pub fn degree(adj: &Adjacency) -> Vec<f64> {
    let n = adj.len();
    if n <= 1 {
        return vec![1.0; n];
    }
    let mut deg: Vec<f64> = (0..n).map(|i| adj.degree(i) as f64).collect();
    if adj.direction == Direction::Directed {
        let reversed = adj.reversed();
        for (i, d) in deg.iter_mut().enumerate() {
            *d += reversed.degree(i) as f64;
        }
    }
    deg.iter().map(|d| d / (n - 1) as f64).collect()
}

/// How betweenness was computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Betweenness {
    /// One value per node.
    pub values: Vec<f64>,
    /// `None` when exact; `Some(k)` when estimated from `k` sampled sources.
    pub sampled_sources: Option<usize>,
}

/// Betweenness centrality by Brandes' algorithm, exact when `n <= exact_up_to`, otherwise
/// estimated from `samples` source nodes drawn with `seed` and scaled by `n / samples` (as
/// networkx does with `k`).
///
/// # Arguments
/// * `normalized`: divide by `(n − 1)(n − 2)` (networkx `normalized=True`); otherwise raw
///   values, halved for undirected graphs as networkx does.
///
/// # Complexity
/// O(n·m) exact; O(samples·m) sampled.
pub fn betweenness(adj: &Adjacency, normalized: bool, exact_up_to: usize, samples: usize, seed: u64) -> Betweenness {
    let n = adj.len();
    let mut sources: Vec<usize> = (0..n).collect();
    let sampled = n > exact_up_to && samples < n;
    if sampled {
        SplitMix64::new(seed).shuffle(&mut sources);
        sources.truncate(samples.max(1));
    }
    // Predecessors are not stored: in the accumulation, v precedes w exactly when v is a
    // neighbour of w (an in-neighbour, for directed graphs) one step closer to the source.
    let back = adj.incoming();
    let mut values = vec![0.0f64; n];
    let mut sigma = vec![0.0f64; n];
    let mut dist = vec![u32::MAX; n];
    let mut delta = vec![0.0f64; n];
    let mut order: Vec<u32> = Vec::with_capacity(n);
    for &s in &sources {
        for &v in &order {
            let v = v as usize;
            sigma[v] = 0.0;
            dist[v] = u32::MAX;
            delta[v] = 0.0;
        }
        order.clear();
        sigma[s] = 1.0;
        dist[s] = 0;
        order.push(s as u32);
        let mut head = 0;
        while head < order.len() {
            let v = order[head] as usize;
            head += 1;
            let next = dist[v] + 1;
            for &w in adj.neighbours(v) {
                let w = w as usize;
                if dist[w] == u32::MAX {
                    dist[w] = next;
                    order.push(w as u32);
                }
                if dist[w] == next {
                    sigma[w] += sigma[v];
                }
            }
        }
        for &w in order.iter().rev() {
            let w = w as usize;
            let dw = dist[w];
            if dw == 0 {
                continue;
            }
            let coefficient = (1.0 + delta[w]) / sigma[w];
            for &v in back.neighbours(w) {
                let v = v as usize;
                if dist[v] == dw - 1 {
                    delta[v] += sigma[v] * coefficient;
                }
            }
            values[w] += delta[w];
        }
    }
    let mut scale = if normalized {
        if n > 2 {
            Some(1.0 / ((n - 1) * (n - 2)) as f64)
        } else {
            None
        }
    } else if adj.direction == Direction::Undirected {
        Some(0.5)
    } else {
        None
    };
    if sampled {
        let k = sources.len() as f64;
        scale = Some(scale.unwrap_or(1.0) * n as f64 / k);
    }
    if let Some(scale) = scale {
        for v in &mut values {
            *v *= scale;
        }
    }
    Betweenness { values, sampled_sources: sampled.then_some(sources.len()) }
}

/// Closeness centrality with the Wasserman–Faust correction for disconnected graphs (networkx
/// `closeness_centrality`, `wf_improved=True`): `(r − 1) / Σd · (r − 1) / (n − 1)`, where `r`
/// counts the nodes that can reach the node (itself included) and `Σd` sums their distances.
/// In the directed form distances are measured *to* the node, as networkx does.
///
/// # Complexity
/// O(n·(n + m)).
pub fn closeness(adj: &Adjacency) -> Vec<f64> {
    let n = adj.len();
    let search = adj.incoming();
    (0..n)
        .map(|u| {
            let dist = bfs_distances(&search, u, UNREACHABLE);
            let (mut total, mut reach) = (0u64, 0usize);
            for &d in &dist {
                if d != UNREACHABLE {
                    total += d as u64;
                    reach += 1;
                }
            }
            if total == 0 || n <= 1 {
                0.0
            } else {
                let r = (reach - 1) as f64;
                r / total as f64 * (r / (n - 1) as f64)
            }
        })
        .collect()
}

/// PageRank by power iteration (networkx `pagerank` without weights): damping `alpha`, uniform
/// teleport, dangling nodes' rank spread uniformly; an undirected edge counts in both
/// directions. Stops when the L1 change is below `n · tolerance` or after `max_iterations`.
///
/// # Returns
/// The ranks (summing to 1) and the number of iterations run.
///
/// # Complexity
/// O((n + m) · iterations).
pub fn pagerank(adj: &Adjacency, alpha: f64, tolerance: f64, max_iterations: usize) -> (Vec<f64>, usize) {
    let n = adj.len();
    if n == 0 {
        return (Vec::new(), 0);
    }
    let nf = n as f64;
    let mut x = vec![1.0 / nf; n];
    let mut next = vec![0.0; n];
    for iteration in 1..=max_iterations {
        let dangling: f64 = (0..n).filter(|&i| adj.degree(i) == 0).map(|i| x[i]).sum();
        let base = (alpha * dangling + (1.0 - alpha)) / nf;
        next.iter_mut().for_each(|v| *v = base);
        for (i, &xi) in x.iter().enumerate() {
            let out = adj.neighbours(i);
            if !out.is_empty() {
                let share = alpha * xi / out.len() as f64;
                for &j in out {
                    next[j as usize] += share;
                }
            }
        }
        let err: f64 = x.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut x, &mut next);
        if err < nf * tolerance {
            return (x, iteration);
        }
    }
    (x, max_iterations)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn star() -> Adjacency {
        Adjacency::from_pairs(4, [(0, 1), (0, 2), (0, 3)], Direction::Undirected)
    }

    #[test]
    fn a_star_has_its_centre_first() {
        let g = star();
        assert_eq!(degree(&g), vec![1.0, 1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0]);
        let b = betweenness(&g, true, 100, 0, 0);
        assert_eq!(b.sampled_sources, None);
        assert!((b.values[0] - 1.0).abs() < 1e-12 && b.values[1] == 0.0);
        assert!((betweenness(&g, false, 100, 0, 0).values[0] - 3.0).abs() < 1e-12);
        let c = closeness(&g);
        assert!((c[0] - 1.0).abs() < 1e-12 && (c[1] - 0.6).abs() < 1e-12);
        let (pr, _) = pagerank(&g, 0.85, 1e-12, 1000);
        assert!((pr.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(pr[0] > pr[1]);
    }

    #[test]
    fn sampled_betweenness_reports_its_sample_and_is_deterministic() {
        let pairs: Vec<(u32, u32)> = (0..50).map(|i| (i, (i + 1) % 50)).collect();
        let g = Adjacency::from_pairs(50, pairs, Direction::Undirected);
        let a = betweenness(&g, true, 10, 20, 7);
        assert_eq!(a.sampled_sources, Some(20));
        assert_eq!(a, betweenness(&g, true, 10, 20, 7));
        let exact = betweenness(&g, true, 100, 0, 0);
        // On a ring every node has the same betweenness; the estimate is close to it.
        for v in &a.values {
            assert!((v - exact.values[0]).abs() < exact.values[0] * 0.5);
        }
    }
}
