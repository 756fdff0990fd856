//! The shape of an edge on the screen: the bend of one of several edges between the same two
//! nodes, and the arrow head at its target. The 2-D renderer, the WebGL overlay and the SVG
//! writer (the export and the page's first picture) all draw edges from these, so every picture
//! of a view shows the same edges.

use crate::camera::Vec2;

/// How far each lane moves a parallel edge's control point off the straight line, in screen
/// pixels (the curve's middle moves half as far). The WebGL renderer's edge shader bends by the
/// same amount.
pub const LANE_BEND: f32 = 32.0;

/// An arrow head's length along its edge, in screen pixels (its width is half that each side).
pub const ARROW_SIZE: f32 = 6.0;

/// The standard node radius on the screen, in pixels, from which every edge shows its arrow
/// head; below it (a view zoomed out far enough for arrows to be clutter), only the edges lit
/// by the focus or a path do.
pub const ARROWS_FROM_RADIUS: f32 = 6.0;

/// Whether an edge is drawn with its arrow head.
///
/// # Arguments
/// * `lit` - whether the edge is lit (it touches the focus, or joins two steps of a path).
/// * `standard_radius` - the standard node radius on the screen (`scene::node_screen_radius`).
pub fn shows_arrow(lit: bool, standard_radius: f32) -> bool {
    lit || standard_radius >= ARROWS_FROM_RADIUS
}

/// The control point of a quadratic curve from `from` to `to` for an edge in `lane` (0 is the
/// straight line, 1, -1, 2, … bend to alternate sides), or `None` for a straight edge.
///
/// # Arguments
/// * `canonical` - whether the edge runs from the pair's smaller node index to the larger; the
///   bend is measured on the pair taken that way, so two opposite edges bend to opposite sides.
///
/// # Complexity
/// O(1).
///
/// ```
/// use kg_core::edge_shape::curve_control;
/// assert_eq!(curve_control([0.0, 0.0], [100.0, 0.0], 0, true), None);
/// assert_eq!(curve_control([0.0, 0.0], [100.0, 0.0], 1, true), Some([50.0, 32.0]));
/// // The same lane taken from the other end bends to the same side on the screen.
/// assert_eq!(curve_control([100.0, 0.0], [0.0, 0.0], 1, false), Some([50.0, 32.0]));
/// ```
pub fn curve_control(from: Vec2, to: Vec2, lane: i32, canonical: bool) -> Option<Vec2> {
    if lane == 0 {
        return None;
    }
    let [dx, dy] = if canonical { [to[0] - from[0], to[1] - from[1]] } else { [from[0] - to[0], from[1] - to[1]] };
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1e-6 {
        return None;
    }
    let offset = LANE_BEND * lane as f32;
    Some([(from[0] + to[0]) / 2.0 - dy / len * offset, (from[1] + to[1]) / 2.0 + dx / len * offset])
}

/// The arrow head of an edge that arrives at `to` along the line from `from` (the source, or a
/// curve's control point), with its tip on the rim of the target's disc of `radius`: an open
/// chevron, as three points (one wing's end, the tip, the other wing's end).
///
/// # Returns
/// `None` when the edge is too short for a head to show outside both discs.
///
/// # Complexity
/// O(1).
///
/// ```
/// use kg_core::edge_shape::arrow_head;
/// let [_, tip, _] = arrow_head([0.0, 0.0], [100.0, 0.0], 5.0).unwrap();
/// assert_eq!(tip, [95.0, 0.0]);
/// assert_eq!(arrow_head([0.0, 0.0], [12.0, 0.0], 5.0), None);
/// ```
pub fn arrow_head(from: Vec2, to: Vec2, radius: f32) -> Option<[Vec2; 3]> {
    let [dx, dy] = [to[0] - from[0], to[1] - from[1]];
    let len = (dx * dx + dy * dy).sqrt();
    if len < radius * 2.0 + ARROW_SIZE {
        return None;
    }
    let [ux, uy] = [dx / len, dy / len];
    let tip = [to[0] - ux * radius, to[1] - uy * radius];
    let (back, side) = (ARROW_SIZE, ARROW_SIZE * 0.5);
    Some([
        [tip[0] - ux * back - uy * side, tip[1] - uy * back + ux * side],
        tip,
        [tip[0] - ux * back + uy * side, tip[1] - uy * back - ux * side],
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opposite_edges_bend_to_opposite_sides_and_lanes_alternate() {
        let (a, b) = ([0.0, 0.0], [0.0, 200.0]);
        // A to B in lane 1, B to A in lane 1: taken from the pair's smaller end both times, the
        // second is not canonical, and it bends the same way on the screen as the first does
        // (the lanes of one pair already alternate sides).
        let ab = curve_control(a, b, 1, true).unwrap();
        let ba = curve_control(b, a, 1, false).unwrap();
        assert_eq!(ab, ba);
        let minus = curve_control(a, b, -1, true).unwrap();
        assert_eq!([ab[0] + minus[0], ab[1] + minus[1]], [0.0, 200.0], "lanes 1 and -1 mirror across the line");
        assert_eq!(curve_control(a, a, 1, true), None, "no bend for a pair on one spot");
    }

    #[test]
    fn the_head_points_at_the_target_and_its_wings_are_symmetric() {
        let [w1, tip, w2] = arrow_head([0.0, 0.0], [0.0, 50.0], 4.0).unwrap();
        assert_eq!(tip, [0.0, 46.0]);
        assert_eq!(w1[1], 40.0);
        assert_eq!(w2[1], 40.0);
        assert_eq!(w1[0], -w2[0]);
        assert_eq!(w1[0].abs(), 3.0);
        assert!(shows_arrow(true, 1.0) && shows_arrow(false, 6.0) && !shows_arrow(false, 5.9));
    }
}
