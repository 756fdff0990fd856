//! Label placement: chooses which labels to draw so that none overlap, the most important first.

use crate::camera::Vec2;

/// A label that could be drawn: a box of `size` screen pixels centred horizontally on `anchor`
/// and placed just below it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelCandidate {
    pub anchor: Vec2,
    pub size: Vec2,
    /// Higher is drawn first.
    pub priority: f32,
}

impl LabelCandidate {
    fn rect(&self) -> [f32; 4] {
        let x0 = self.anchor[0] - self.size[0] / 2.0;
        let y0 = self.anchor[1];
        [x0, y0, x0 + self.size[0], y0 + self.size[1]]
    }
}

/// Picks labels greedily by priority, skipping any that would overlap one already picked or fall
/// wholly outside the `viewport`.
///
/// # Returns
/// The indices into `candidates` to draw, highest priority first.
///
/// # Complexity
/// O(n log n) for the sort plus, with labels spread over a grid of cells as large as the typical
/// label, O(n) expected for the overlap checks.
pub fn place_labels(candidates: &[LabelCandidate], viewport: Vec2) -> Vec<usize> {
    let mut order: Vec<usize> = (0..candidates.len())
        .filter(|&i| {
            let r = candidates[i].rect();
            r.iter().all(|v| v.is_finite()) && r[2] >= 0.0 && r[3] >= 0.0 && r[0] <= viewport[0] && r[1] <= viewport[1]
        })
        .collect();
    order.sort_unstable_by(|&a, &b| candidates[b].priority.total_cmp(&candidates[a].priority).then(a.cmp(&b)));

    let cell = 64.0_f32;
    let cols = (viewport[0] / cell).ceil().max(1.0) as usize + 1;
    let rows = (viewport[1] / cell).ceil().max(1.0) as usize + 1;
    let mut grid: Vec<Vec<[f32; 4]>> = vec![Vec::new(); cols * rows];
    let cell_range = |lo: f32, hi: f32, n: usize| -> (usize, usize) {
        let a = crate::camera::within((lo / cell).floor(), 0.0, (n - 1) as f32) as usize;
        let b = crate::camera::within((hi / cell).floor(), 0.0, (n - 1) as f32) as usize;
        (a, b)
    };

    let mut chosen = Vec::new();
    for i in order {
        let r = candidates[i].rect();
        let (cx0, cx1) = cell_range(r[0], r[2], cols);
        let (cy0, cy1) = cell_range(r[1], r[3], rows);
        let overlaps = (cy0..=cy1).any(|cy| {
            (cx0..=cx1).any(|cx| {
                grid[cy * cols + cx].iter().any(|o| r[0] < o[2] && o[0] < r[2] && r[1] < o[3] && o[1] < r[3])
            })
        });
        if overlaps {
            continue;
        }
        for cy in cy0..=cy1 {
            for cx in cx0..=cx1 {
                grid[cy * cols + cx].push(r);
            }
        }
        chosen.push(i);
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(x: f32, y: f32, w: f32, p: f32) -> LabelCandidate {
        LabelCandidate { anchor: [x, y], size: [w, 14.0], priority: p }
    }

    #[test]
    fn the_more_important_of_two_overlapping_labels_wins() {
        let cands = [c(100.0, 100.0, 80.0, 1.0), c(120.0, 105.0, 80.0, 5.0), c(400.0, 100.0, 80.0, 0.0)];
        assert_eq!(place_labels(&cands, [800.0, 600.0]), vec![1, 2]);
    }

    #[test]
    fn no_two_chosen_labels_overlap() {
        let mut cands = Vec::new();
        let mut s = 7u32;
        for i in 0..2000 {
            s = s.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            let x = (s >> 8) as f32 % 1000.0;
            s = s.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            let y = (s >> 8) as f32 % 700.0;
            cands.push(c(x, y, 30.0 + (i % 7) as f32 * 15.0, (i % 13) as f32));
        }
        let chosen = place_labels(&cands, [1000.0, 700.0]);
        assert!(chosen.len() > 50, "a crowded screen still shows many labels: {}", chosen.len());
        for (k, &a) in chosen.iter().enumerate() {
            for &b in &chosen[k + 1..] {
                let (ra, rb) = (cands[a].rect(), cands[b].rect());
                assert!(!(ra[0] < rb[2] && rb[0] < ra[2] && ra[1] < rb[3] && rb[1] < ra[3]), "{a} and {b} overlap");
            }
        }
    }

    #[test]
    fn labels_off_screen_or_not_finite_are_skipped() {
        let cands = [c(-500.0, 10.0, 50.0, 9.0), c(f32::NAN, 10.0, 50.0, 9.0), c(50.0, 10.0, 50.0, 1.0)];
        assert_eq!(place_labels(&cands, [200.0, 200.0]), vec![2]);
    }
}
