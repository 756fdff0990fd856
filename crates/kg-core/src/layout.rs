//! Layout: where each node sits in world coordinates.
//!
//! [`initial_positions`] gives the standard start (the peer benchmark's golden-angle spiral, so
//! every app starts from the same picture); [`ForceLayout`] is a deterministic spring-electrical
//! layout (Fruchterman–Reingold forces with a cooling step) that improves it one iteration at a
//! time, so a caller can stream positions while it settles.

use crate::camera::Vec2;

/// Node `i` at `r = 10·√(i + 0.5)`, `θ = i·π(3 − √5)`: the standard initial positions.
pub fn initial_positions(n: usize) -> Vec<Vec2> {
    let golden = std::f64::consts::PI * (3.0 - 5f64.sqrt());
    (0..n)
        .map(|i| {
            let r = 10.0 * (i as f64 + 0.5).sqrt();
            let t = i as f64 * golden;
            [(r * t.cos()) as f32, (r * t.sin()) as f32]
        })
        .collect()
}

/// A force-directed layout in progress.
///
/// Each [`step`](ForceLayout::step) computes all-pairs repulsion and edge attraction, then moves
/// every node by at most the current temperature, which cools geometrically.
///
/// # Complexity
/// O(n² + m) per step; meant for graphs up to a few thousand nodes.
#[derive(Debug, Clone)]
pub struct ForceLayout {
    positions: Vec<Vec2>,
    edges: Vec<(u32, u32)>,
    /// The ideal edge length, in world units.
    k: f32,
    temperature: f32,
    cooling: f32,
    seed: u64,
    iterations: usize,
}

impl ForceLayout {
    /// Starts from `positions` (usually [`initial_positions`]) with edges as pairs of node
    /// indices. Edges that name a node out of range are ignored. The `seed` decides how nodes
    /// that sit on the same point are pushed apart.
    pub fn new(positions: Vec<Vec2>, edges: impl IntoIterator<Item = (u32, u32)>, seed: u64) -> ForceLayout {
        let n = positions.len() as u32;
        let edges: Vec<(u32, u32)> = edges.into_iter().filter(|&(a, b)| a < n && b < n && a != b).collect();
        let k = 30.0;
        ForceLayout { positions, edges, k, temperature: k * 3.0, cooling: 0.95, seed, iterations: 0 }
    }

    /// The current positions, one per node.
    pub fn positions(&self) -> &[Vec2] {
        &self.positions
    }

    /// How many steps have run.
    pub fn iterations(&self) -> usize {
        self.iterations
    }

    /// Runs one iteration and returns the energy of the move: the sum of squared displacements.
    pub fn step(&mut self) -> f32 {
        let n = self.positions.len();
        let k = self.k;
        let k2 = k * k;
        let mut disp = vec![[0.0f32; 2]; n];
        for i in 0..n {
            for j in (i + 1)..n {
                let mut d = [self.positions[i][0] - self.positions[j][0], self.positions[i][1] - self.positions[j][1]];
                let mut dist2 = d[0] * d[0] + d[1] * d[1];
                if dist2 < 1e-6 {
                    d = self.jitter(i, j);
                    dist2 = d[0] * d[0] + d[1] * d[1];
                }
                let f = k2 / dist2;
                disp[i][0] += d[0] * f;
                disp[i][1] += d[1] * f;
                disp[j][0] -= d[0] * f;
                disp[j][1] -= d[1] * f;
            }
        }
        for &(a, b) in &self.edges {
            let (a, b) = (a as usize, b as usize);
            let d = [self.positions[a][0] - self.positions[b][0], self.positions[a][1] - self.positions[b][1]];
            let dist = (d[0] * d[0] + d[1] * d[1]).sqrt();
            let f = dist / k;
            disp[a][0] -= d[0] * f;
            disp[a][1] -= d[1] * f;
            disp[b][0] += d[0] * f;
            disp[b][1] += d[1] * f;
        }
        let mut energy = 0.0;
        for (p, d) in self.positions.iter_mut().zip(&disp) {
            let len = (d[0] * d[0] + d[1] * d[1]).sqrt();
            if len > 0.0 && len.is_finite() {
                let moved = len.min(self.temperature);
                p[0] += d[0] / len * moved;
                p[1] += d[1] / len * moved;
                energy += moved * moved;
            }
        }
        self.temperature = (self.temperature * self.cooling).max(k * 0.01);
        self.iterations += 1;
        energy
    }

    /// A small direction, fixed by the seed and the pair, to separate two coincident nodes.
    fn jitter(&self, i: usize, j: usize) -> Vec2 {
        let mut x = self.seed ^ ((i as u64) << 32 | j as u64);
        x = x.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        x ^= x >> 29;
        let angle = (x % 6283) as f32 / 1000.0;
        [angle.cos() * 0.01, angle.sin() * 0.01]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(n: u32) -> Vec<(u32, u32)> {
        (0..n).map(|i| (i, (i + 1) % n)).collect()
    }

    #[test]
    fn initial_positions_follow_the_standard_spiral() {
        let p = initial_positions(3);
        assert!((p[0][0] - 7.071_068).abs() < 1e-4 && p[0][1].abs() < 1e-6);
        let r2 = (p[2][0] * p[2][0] + p[2][1] * p[2][1]).sqrt();
        assert!((r2 - 10.0 * 2.5f32.sqrt()).abs() < 1e-3);
    }

    #[test]
    fn deterministic_finite_and_settling() {
        let run = || {
            let mut l = ForceLayout::new(initial_positions(60), ring(60), 42);
            let energies: Vec<f32> = (0..80).map(|_| l.step()).collect();
            (l.positions().to_vec(), energies)
        };
        let (a, energies) = run();
        let (b, _) = run();
        assert_eq!(a, b, "same seed, same layout");
        assert!(a.iter().all(|p| p[0].is_finite() && p[1].is_finite()));
        let first: f32 = energies[..10].iter().sum();
        let last: f32 = energies[70..].iter().sum();
        assert!(last < first * 0.1, "energy falls as it settles: {first} then {last}");
    }

    #[test]
    fn coincident_nodes_are_pushed_apart() {
        let mut l = ForceLayout::new(vec![[1.0, 1.0]; 4], [(0, 1), (7, 0)], 1);
        for _ in 0..20 {
            l.step();
        }
        let p = l.positions();
        assert!(p.iter().all(|q| q[0].is_finite() && q[1].is_finite()));
        assert!(p[0] != p[1] && p[2] != p[3]);
    }
}
