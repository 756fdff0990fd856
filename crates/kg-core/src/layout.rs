//! Layout: where each node sits in world coordinates.
//!
//! [`initial_positions`] gives the standard start (the peer benchmark's golden-angle spiral, so
//! every app starts from the same picture); [`ForceLayout`] is a deterministic spring-electrical
//! layout (Fruchterman–Reingold forces with a cooling step) that improves it one iteration at a
//! time, so a caller can stream positions while it settles.

use crate::camera::Vec2;

/// Node `i` at `r = 10·√(i + 0.5)`, `θ = i·π(3 − √5)`: the standard initial positions.
///
/// The angle is taken in turns and reduced to one turn before its sine and cosine
/// ([`crate::turns::cos_sin_turns`]): past about 690,000 nodes `i·π(3 − √5)` leaves the range
/// where the standard sine's own reduction is quick, and at a million nodes the slow one took
/// ~300 ms of the page's load. The positions are those of the formula to within a unit in the
/// last place of an `f32`.
pub fn initial_positions(n: usize) -> Vec<Vec2> {
    let golden_turn = (3.0 - 5f64.sqrt()) / 2.0;
    (0..n)
        .map(|i| {
            let r = 10.0 * (i as f64 + 0.5).sqrt();
            let [c, s] = crate::turns::cos_sin_turns(i as f64 * golden_turn);
            [(r * c) as f32, (r * s) as f32]
        })
        .collect()
}

/// A force-directed layout in progress: Fruchterman–Reingold forces with Barnes–Hut
/// approximation of the repulsion, stepped one iteration at a time so a caller can stream
/// positions while the graph settles.
///
/// Each [`step`](ForceLayout::step) sorts the nodes along a Z-order curve, builds a quadtree over
/// that order, sums the repulsion of far cells by their centre of mass (opening angle
/// [`THETA`]) and of near leaves node by node, adds the pull of every edge, and moves every free
/// node by at most the current temperature, which cools geometrically. Pinned nodes (a node being
/// dragged) stay where they are put.
///
/// The Z-order is what keeps a step fast once the layout has moved nodes away from where their
/// index put them: each cell's nodes are one run of the sorted order, the tree's cells are laid
/// out depth first, and nodes are visited in that order, so consecutive nodes walk nearly the same
/// cells (at 100,000 nodes, visiting in index order made the 100th step three times slower than
/// the first).
///
/// # Complexity
/// O(n log n + m) per step.
#[derive(Debug, Clone)]
pub struct ForceLayout {
    positions: Vec<Vec2>,
    pinned: Vec<bool>,
    edges: Vec<(u32, u32)>,
    /// The ideal edge length, in world units.
    k: f32,
    temperature: f32,
    cooling: f32,
    seed: u64,
    iterations: usize,
    /// Scratch kept between steps, so that a step allocates only its small traversal stack: the
    /// quadtree, the nodes with a finite position as (Z-order key, node index) sorted by key,
    /// their positions in that order, and each node's displacement.
    tree: Vec<Cell>,
    order: Vec<(u64, u32)>,
    spare: Vec<(u64, u32)>,
    sorted: Vec<Vec2>,
    disp: Vec<Vec2>,
}

/// The Barnes–Hut opening angle: a cell of width w at distance d counts as one body when
/// w / d < THETA. 1.2 is ForceAtlas2's default in Gephi; against 0.8 it makes an iteration
/// 1.7× faster (`cargo bench -p kg-core --bench engine -- layout`) and moves each node within
/// 18° of the exact repulsion's direction (tested below).
pub const THETA: f32 = 1.2;

/// A quadtree cell: its nodes (a run of the Z-order), their centre of mass, how far away the
/// cell counts as one body, and its children.
#[derive(Debug, Clone, Copy)]
struct Cell {
    com: Vec2,
    /// (cell width / THETA)²: from a squared distance above this the cell counts as one body.
    open2: f32,
    /// Index of the first child in the tree (a cell's children are contiguous), or 0 for a leaf.
    children: u32,
    /// How many children (2 to 4), or 0 for a leaf.
    child_count: u32,
    /// The cell's nodes: positions `lo..hi` of the Z-order.
    lo: u32,
    hi: u32,
}

/// Bits per axis of a node's Z-order key, which is also how deep the tree may go: nodes closer
/// than the root's width / 2²⁴ share a leaf.
const KEY_BITS: u32 = 24;

/// A cell with at most this many nodes is a leaf, whose nodes repel a near node one by one.
const LEAF_SIZE: u32 = 8;

/// A leaf of points too close to split (see [`KEY_BITS`]) with more nodes than this acts as one
/// heavier body even when near, so a crowd of coincident nodes costs no more than a cell.
const CROWD: u32 = 64;

impl ForceLayout {
    /// Starts from `positions` (usually [`initial_positions`]) with edges as pairs of node
    /// indices. Edges that name a node out of range, and self-loops, are ignored. The `seed`
    /// decides how nodes that sit on the same point are pushed apart.
    pub fn new(positions: Vec<Vec2>, edges: impl IntoIterator<Item = (u32, u32)>, seed: u64) -> ForceLayout {
        let n = positions.len() as u32;
        let edges: Vec<(u32, u32)> = edges.into_iter().filter(|&(a, b)| a < n && b < n && a != b).collect();
        let k = 30.0;
        let pinned = vec![false; positions.len()];
        ForceLayout {
            positions,
            pinned,
            edges,
            k,
            temperature: k * 3.0,
            cooling: 0.95,
            seed,
            iterations: 0,
            tree: Vec::new(),
            order: Vec::new(),
            spare: Vec::new(),
            sorted: Vec::new(),
            disp: Vec::new(),
        }
    }

    /// The current positions, one per node.
    pub fn positions(&self) -> &[Vec2] {
        &self.positions
    }

    /// How many steps have run.
    pub fn iterations(&self) -> usize {
        self.iterations
    }

    /// Pins node `i` at `at` (it no longer moves), or frees it with `None`.
    pub fn pin(&mut self, i: usize, at: Option<Vec2>) {
        if i < self.positions.len() {
            self.pinned[i] = at.is_some();
            if let Some(p) = at.filter(|p| p[0].is_finite() && p[1].is_finite()) {
                self.positions[i] = p;
            }
        }
    }

    /// Warms the layout up again (after a drag, say) so it can settle anew.
    pub fn reheat(&mut self, temperature: f32) {
        self.temperature = self.temperature.max(temperature);
    }

    /// Runs one iteration and returns the energy of the move: the sum of squared displacements.
    pub fn step(&mut self) -> f32 {
        let n = self.positions.len();
        if n == 0 {
            return 0.0;
        }
        let k = self.k;
        self.build_tree();
        self.disp.clear();
        self.disp.resize(n, [0.0, 0.0]);
        self.repel(k * k);
        let disp = &mut self.disp;
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
        for ((p, d), &pinned) in self.positions.iter_mut().zip(disp.iter()).zip(&self.pinned) {
            let len = (d[0] * d[0] + d[1] * d[1]).sqrt();
            if pinned || len == 0.0 || !len.is_finite() {
                continue;
            }
            let moved = len.min(self.temperature);
            p[0] += d[0] / len * moved;
            p[1] += d[1] / len * moved;
            energy += moved * moved;
        }
        self.temperature = (self.temperature * self.cooling).max(k * 0.01);
        self.iterations += 1;
        energy
    }

    /// Adds every node's repulsion (scaled by `k2`) to `self.disp`, visiting nodes in Z-order.
    fn repel(&mut self, k2: f32) {
        let mut stack: Vec<u32> = Vec::with_capacity(128);
        for s in 0..self.sorted.len() {
            let p = self.sorted[s];
            let i = self.order[s].1;
            let mut f = [0.0f32; 2];
            stack.clear();
            if !self.tree.is_empty() {
                stack.push(0);
            }
            while let Some(c) = stack.pop() {
                let cell = &self.tree[c as usize];
                let dx = p[0] - cell.com[0];
                let dy = p[1] - cell.com[1];
                let dist2 = dx * dx + dy * dy;
                let inside = cell.lo as usize <= s && s < cell.hi as usize;
                if !inside && dist2 > cell.open2 {
                    // Far: the whole cell pushes as one body at its centre of mass.
                    let scale = (cell.hi - cell.lo) as f32 * k2 / dist2;
                    f[0] += dx * scale;
                    f[1] += dy * scale;
                } else if cell.children != 0 {
                    stack.extend(cell.children..cell.children + cell.child_count);
                } else if cell.hi - cell.lo > CROWD {
                    // A crowd of coincident nodes: one heavier body, pushing in a seeded direction
                    // when this node is one of them.
                    let mass = (cell.hi - cell.lo - inside as u32) as f32;
                    let d = if dist2 < 1e-6 { self.jitter(i as usize, c as usize) } else { [dx, dy] };
                    let scale = mass * k2 / (d[0] * d[0] + d[1] * d[1]);
                    f[0] += d[0] * scale;
                    f[1] += d[1] * scale;
                } else {
                    // A near leaf: each of its nodes pushes on its own.
                    for t in cell.lo as usize..cell.hi as usize {
                        if t == s {
                            continue;
                        }
                        let q = self.sorted[t];
                        let mut d = [p[0] - q[0], p[1] - q[1]];
                        let mut d2 = d[0] * d[0] + d[1] * d[1];
                        if d2 < 1e-6 {
                            d = self.jitter(i as usize, self.order[t].1 as usize);
                            d2 = d[0] * d[0] + d[1] * d[1];
                        }
                        let scale = k2 / d2;
                        f[0] += d[0] * scale;
                        f[1] += d[1] * scale;
                    }
                }
            }
            self.disp[i as usize] = f;
        }
    }

    /// Sorts the nodes with a finite position along a Z-order curve over their bounds and builds
    /// the quadtree over that order (nodes with a non-finite position are left out).
    fn build_tree(&mut self) {
        self.tree.clear();
        self.order.clear();
        self.sorted.clear();
        let Some(b) = crate::camera::Bounds::of_points(&self.positions) else {
            return;
        };
        let width = b.size()[0].max(b.size()[1]).max(2.0) * 1.01;
        let centre = b.centre();
        let origin = [centre[0] - width / 2.0, centre[1] - width / 2.0];
        let cells = (1u32 << KEY_BITS) as f32;
        let max = (1u32 << KEY_BITS) - 1;
        for (i, p) in self.positions.iter().enumerate() {
            if p[0].is_finite() && p[1].is_finite() {
                // `as u32` saturates, so rounding at the edges cannot leave the grid.
                let x = (((p[0] - origin[0]) / width * cells) as u32).min(max);
                let y = (((p[1] - origin[1]) / width * cells) as u32).min(max);
                self.order.push((interleave(x) | interleave(y) << 1, i as u32));
            }
        }
        radix_sort(&mut self.order, &mut self.spare);
        let positions = &self.positions;
        self.sorted.extend(self.order.iter().map(|&(_, i)| positions[i as usize]));
        let root = Cell { com: [0.0, 0.0], open2: 0.0, children: 0, child_count: 0, lo: 0, hi: self.order.len() as u32 };
        self.tree.push(root);
        self.fill(0, width / THETA);
    }

    /// Fills in cell `c`, whose nodes are already set, and makes its subtree; `scale` is the
    /// root's width over THETA.
    fn fill(&mut self, c: usize, scale: f32) {
        let (lo, hi) = (self.tree[c].lo as usize, self.tree[c].hi as usize);
        // The smallest square of the grid that holds the cell's nodes is set by the highest bit
        // where its first and last keys differ.
        let differ = self.order[lo].0 ^ self.order[hi - 1].0;
        let level = if differ == 0 { KEY_BITS } else { KEY_BITS - 1 - (63 - differ.leading_zeros()) / 2 };
        let w = scale / (1u64 << level) as f32;
        self.tree[c].open2 = w * w;
        if differ == 0 || (hi - lo) as u32 <= LEAF_SIZE {
            let mut sum = [0.0f32; 2];
            for p in &self.sorted[lo..hi] {
                sum[0] += p[0];
                sum[1] += p[1];
            }
            let count = (hi - lo) as f32;
            self.tree[c].com = [sum[0] / count, sum[1] / count];
            return;
        }
        // Split into the square's non-empty quadrants: runs of the order, found by bisection.
        let shift = 2 * (KEY_BITS - 1 - level);
        let keys = &self.order[lo..hi];
        let mut bounds = [lo; 5];
        for q in 1..4u64 {
            bounds[q as usize] = lo + keys.partition_point(|&(key, _)| (key >> shift) & 3 < q);
        }
        bounds[4] = hi;
        let first = self.tree.len();
        for q in 0..4 {
            if bounds[q] < bounds[q + 1] {
                self.tree.push(Cell { com: [0.0, 0.0], open2: 0.0, children: 0, child_count: 0, lo: bounds[q] as u32, hi: bounds[q + 1] as u32 });
            }
        }
        let count = self.tree.len() - first;
        self.tree[c].children = first as u32;
        self.tree[c].child_count = count as u32;
        let mut sum = [0.0f32; 2];
        for child in first..first + count {
            self.fill(child, scale);
            let cell = &self.tree[child];
            let mass = (cell.hi - cell.lo) as f32;
            sum[0] += cell.com[0] * mass;
            sum[1] += cell.com[1] * mass;
        }
        let mass = (hi - lo) as f32;
        self.tree[c].com = [sum[0] / mass, sum[1] / mass];
    }

    /// A small direction, fixed by the seed and the pair, to separate two coincident nodes.
    fn jitter(&self, i: usize, j: usize) -> Vec2 {
        let mut x = self.seed ^ ((i as u64) << 32 | j as u64);
        x = x.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        x ^= x >> 29;
        let [c, s] = crate::turns::cos_sin_turns((x % 6283) as f64 / 6283.0);
        [(c * 0.01) as f32, (s * 0.01) as f32]
    }
}

/// Sorts `items` by key, keeping the order of equal keys, a byte of the key at a time (least
/// significant first); `spare` is scratch. Keys use their low `2 · KEY_BITS` bits.
///
/// Smaller in WebAssembly than the standard library's sorts and, at 100,000 nodes, faster.
fn radix_sort(items: &mut Vec<(u64, u32)>, spare: &mut Vec<(u64, u32)>) {
    for shift in (0..2 * KEY_BITS).step_by(8) {
        let mut counts = [0usize; 256];
        for &(key, _) in items.iter() {
            counts[(key >> shift) as usize & 255] += 1;
        }
        if counts.contains(&items.len()) {
            continue; // Every key has the same byte here: this pass would change nothing.
        }
        let mut next = 0;
        for c in counts.iter_mut() {
            let here = *c;
            *c = next;
            next += here;
        }
        spare.clear();
        spare.resize(items.len(), (0, 0));
        for &item in items.iter() {
            let slot = &mut counts[(item.0 >> shift) as usize & 255];
            spare[*slot] = item;
            *slot += 1;
        }
        std::mem::swap(items, spare);
    }
}

/// Spreads the low 24 bits of `v` to the even bits of a `u64` (bit b goes to bit 2b), for
/// Z-order keys.
fn interleave(v: u32) -> u64 {
    let mut x = v as u64 & 0xFF_FFFF;
    x = (x | x << 16) & 0x0000_FFFF_0000_FFFF;
    x = (x | x << 8) & 0x00FF_00FF_00FF_00FF;
    x = (x | x << 4) & 0x0F0F_0F0F_0F0F_0F0F;
    x = (x | x << 2) & 0x3333_3333_3333_3333;
    x = (x | x << 1) & 0x5555_5555_5555_5555;
    x
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
        // The formula as peerbench's pages compute it, far along a spiral of two million nodes.
        let p = initial_positions(2_000_000);
        let golden = std::f64::consts::PI * (3.0 - 5f64.sqrt());
        for i in [0, 1, 7, 1000, 99_999, 686_000, 700_001, 1_000_000, 1_999_999] {
            let (r, t) = (10.0 * (i as f64 + 0.5).sqrt(), i as f64 * golden);
            let expected = [r * t.cos(), r * t.sin()];
            for axis in 0..2 {
                assert!((p[i][axis] as f64 - expected[axis]).abs() <= 2e-3, "node {i}: {:?} vs {expected:?}", p[i]);
            }
        }
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
    fn a_ten_thousand_node_graph_settles_without_nan() {
        let doc = crate::generate::generate(10_000, 3, 3);
        let index = |id: &str| id[1..].parse::<u32>().unwrap_or(0);
        let edges: Vec<(u32, u32)> = doc.edges.iter().map(|e| (index(&e.source), index(&e.target))).collect();
        let mut l = ForceLayout::new(initial_positions(10_000), edges, 42);
        let energies: Vec<f32> = (0..40).map(|_| l.step()).collect();
        assert!(l.positions().iter().all(|p| p[0].is_finite() && p[1].is_finite()));
        let first: f32 = energies[..5].iter().sum();
        let last: f32 = energies[35..].iter().sum();
        assert!(last < first * 0.5, "energy falls: {first} then {last}");
    }

    #[test]
    fn barnes_hut_is_close_to_the_exact_repulsion_on_a_small_graph() {
        // With no edges and one step from the spiral, every node is pushed outwards; the
        // approximation moves each node in nearly the same direction as exact summation would.
        let start = initial_positions(200);
        let mut l = ForceLayout::new(start.clone(), [], 1);
        l.temperature = 1e-3; // a tiny step, so the move shows the force's direction
        l.step();
        let exact = |i: usize| {
            let mut f = [0.0f32; 2];
            for j in 0..start.len() {
                if j != i {
                    let d = [start[i][0] - start[j][0], start[i][1] - start[j][1]];
                    let d2 = d[0] * d[0] + d[1] * d[1];
                    f[0] += d[0] / d2;
                    f[1] += d[1] / d2;
                }
            }
            f
        };
        for i in (0..200).step_by(17) {
            let moved = [l.positions()[i][0] - start[i][0], l.positions()[i][1] - start[i][1]];
            let f = exact(i);
            let cos = (moved[0] * f[0] + moved[1] * f[1]) / ((moved[0].hypot(moved[1])) * f[0].hypot(f[1]));
            assert!(cos > 0.95, "node {i}: direction off by acos({cos})");
        }
    }

    /// Scattered points with a dense clump, in no spatial order (a seeded generator).
    fn scattered(n: usize) -> Vec<Vec2> {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % 2_000_001) as f32 / 1000.0 - 1000.0
        };
        (0..n).map(|i| if i % 5 == 0 { [next() / 50.0 + 300.0, next() / 50.0] } else { [next(), next()] }).collect()
    }

    #[test]
    fn the_tree_sums_close_to_the_exact_repulsion_on_scattered_points() {
        let start = scattered(3000);
        let mut l = ForceLayout::new(start.clone(), [], 1);
        l.build_tree();
        l.disp.resize(start.len(), [0.0, 0.0]);
        l.repel(1.0);
        let mut errors: Vec<f32> = (0..start.len())
            .map(|i| {
                let mut f = [0.0f32; 2];
                for (j, q) in start.iter().enumerate() {
                    if j != i {
                        let d = [start[i][0] - q[0], start[i][1] - q[1]];
                        let d2 = d[0] * d[0] + d[1] * d[1];
                        f[0] += d[0] / d2;
                        f[1] += d[1] / d2;
                    }
                }
                let g = l.disp[i];
                (g[0] - f[0]).hypot(g[1] - f[1]) / f[0].hypot(f[1])
            })
            .collect();
        errors.sort_by(f32::total_cmp);
        let (median, worst) = (errors[errors.len() / 2], errors[errors.len() - 1]);
        assert!(median < 0.05 && worst < 0.35, "relative errors: median {median}, worst {worst}");
    }

    #[test]
    fn z_order_keys_interleave_the_bits_of_x_and_y() {
        assert_eq!(interleave(0b1011), 0b100_0101);
        assert_eq!(interleave(0xFF_FFFF), 0x5555_5555_5555);
        assert_eq!(interleave(0xFFFF_FFFF), 0x5555_5555_5555, "bits above the 24th are dropped");
        assert_eq!(interleave(3) | interleave(1) << 1, 0b111);
    }

    #[test]
    fn the_radix_sort_sorts_by_key_and_keeps_ties_in_order() {
        let mut items: Vec<(u64, u32)> = scattered(500).iter().enumerate().map(|(i, p)| ((p[0].abs() as u64) << 30 | (p[1].abs() as u64 % 7), i as u32)).collect();
        items.push((0, 1000));
        items.push((0xFFFF_FFFF_FFFF, 1001));
        let mut expected = items.clone();
        expected.sort_by_key(|&(key, _)| key); // A stable sort: equal keys keep their order.
        radix_sort(&mut items, &mut Vec::new());
        assert_eq!(items, expected);
    }

    #[test]
    fn a_crowd_of_coincident_nodes_spreads_out() {
        let mut start = vec![[5.0, 5.0]; 500];
        start.extend(initial_positions(20));
        let mut l = ForceLayout::new(start, [], 3);
        for _ in 0..30 {
            l.step();
        }
        let p = l.positions();
        assert!(p.iter().all(|q| q[0].is_finite() && q[1].is_finite()));
        let mut crowd: Vec<(u32, u32)> = p[..500].iter().map(|q| (q[0].to_bits(), q[1].to_bits())).collect();
        crowd.sort_unstable();
        crowd.dedup();
        assert!(crowd.len() > 400, "only {} distinct places for 500 nodes", crowd.len());
    }

    #[test]
    fn non_finite_and_extreme_positions_neither_panic_nor_spread_nan() {
        // Untrusted positions: NaN and infinite ones are left out of the tree, and the finite
        // ones at the ends of f32's range (their bounds' width overflows) still make a tree.
        let mut start = initial_positions(100);
        start[3] = [f32::NAN, 0.0];
        start[4] = [f32::INFINITY, 1.0];
        start[5] = [3.0e38, -3.0e38];
        start[6] = [-3.0e38, 3.0e38];
        let mut l = ForceLayout::new(start, ring(100), 9);
        for _ in 0..5 {
            l.step();
        }
        let p = l.positions();
        assert!(p.iter().enumerate().filter(|&(i, _)| i != 3 && i != 4).all(|(_, q)| !q[0].is_nan() && !q[1].is_nan()));
    }

    #[test]
    fn pinned_nodes_stay_put() {
        let mut l = ForceLayout::new(initial_positions(30), ring(30), 5);
        l.pin(3, Some([500.0, 500.0]));
        for _ in 0..10 {
            l.step();
        }
        assert_eq!(l.positions()[3], [500.0, 500.0]);
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
