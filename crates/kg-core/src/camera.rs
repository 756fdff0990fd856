//! Camera math: the mapping between world coordinates (where the layout puts nodes) and screen
//! coordinates (CSS pixels in the canvas, origin top-left). Names say their space:
//! `screen_from_world` takes a world point and gives a screen point.

/// A 2-D point or vector.
pub type Vec2 = [f32; 2];

/// An axis-aligned rectangle in world coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub min: Vec2,
    pub max: Vec2,
}

impl Bounds {
    /// The smallest rectangle around the points, or `None` when there are none (or none finite).
    pub fn of_points(points: &[Vec2]) -> Option<Bounds> {
        Bounds::of(points.iter().copied())
    }

    /// The smallest rectangle around the points given one by one, or `None` when there are none
    /// (or none finite).
    ///
    /// # Complexity
    /// O(n), one pass, nothing allocated.
    pub fn of(points: impl IntoIterator<Item = Vec2>) -> Option<Bounds> {
        let mut it = points.into_iter().filter(|p| p[0].is_finite() && p[1].is_finite());
        let first = it.next()?;
        let mut b = Bounds { min: first, max: first };
        // Comparisons, not `f32::min` and `max`: on wasm32 those are calls into the maths
        // library (their rules for NaN are not the instructions'), and every point here is finite.
        for [x, y] in it {
            if x < b.min[0] {
                b.min[0] = x;
            }
            if x > b.max[0] {
                b.max[0] = x;
            }
            if y < b.min[1] {
                b.min[1] = y;
            }
            if y > b.max[1] {
                b.max[1] = y;
            }
        }
        Some(b)
    }

    /// The centre.
    pub fn centre(&self) -> Vec2 {
        [(self.min[0] + self.max[0]) / 2.0, (self.min[1] + self.max[1]) / 2.0]
    }

    /// Width and height.
    pub fn size(&self) -> Vec2 {
        [self.max[0] - self.min[0], self.max[1] - self.min[1]]
    }
}

/// Where the view looks and how close.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Camera {
    /// The world point at the centre of the viewport.
    pub centre: Vec2,
    /// Screen pixels per world unit.
    pub zoom: f32,
    /// The viewport's size in screen pixels.
    pub viewport: Vec2,
}

/// `x` within `lo..=hi` (`lo` for NaN). `f32::clamp` checks its bounds with a panic message
/// that prints them, which brought the standard library's float printer (14 KB) into the app's
/// module; every caller's bounds are constants or ordered.
///
/// ```
/// assert_eq!(kg_core::camera::within(5.0, 0.0, 1.0), 1.0);
/// assert_eq!(kg_core::camera::within(f32::NAN, 2.0, 40.0), 2.0);
/// ```
#[allow(clippy::manual_clamp)]
pub fn within(x: f32, lo: f32, hi: f32) -> f32 {
    x.max(lo).min(hi)
}

/// The closest and farthest the camera may get, in screen pixels per world unit.
pub const MIN_ZOOM: f32 = 1e-4;
pub const MAX_ZOOM: f32 = 1e4;

impl Camera {
    /// A camera that shows `bounds` whole in `viewport`, leaving `margin` screen pixels free on
    /// each side. A single point or an empty graph gets zoom 1 around it.
    pub fn fit(bounds: Option<Bounds>, viewport: Vec2, margin: f32) -> Camera {
        let Some(b) = bounds else {
            return Camera { centre: [0.0, 0.0], zoom: 1.0, viewport };
        };
        let size = b.size();
        let room = [(viewport[0] - 2.0 * margin).max(1.0), (viewport[1] - 2.0 * margin).max(1.0)];
        let zoom = if size[0] <= f32::EPSILON && size[1] <= f32::EPSILON {
            1.0
        } else {
            let zx = if size[0] > f32::EPSILON { room[0] / size[0] } else { f32::INFINITY };
            let zy = if size[1] > f32::EPSILON { room[1] / size[1] } else { f32::INFINITY };
            within(zx.min(zy), MIN_ZOOM, MAX_ZOOM)
        };
        Camera { centre: b.centre(), zoom, viewport }
    }

    /// The same picture on a viewport of another size, centred in it: the camera that maps
    /// every world point where this one does, moved by a whole number of screen pixels, and that
    /// move. A frame drawn with this camera, copied onto the other viewport at the move, then
    /// shows exactly what the returned camera would draw (where the two viewports overlap).
    ///
    /// # Arguments
    /// * `viewport` - the other viewport's size in screen pixels.
    /// * `slack` - the largest move allowed on either axis, in screen pixels.
    ///
    /// # Returns
    /// The move (`screen_in_other = screen_in_self + move`) and the camera, or `None` when the
    /// move would exceed `slack`.
    ///
    /// # Complexity
    /// O(1).
    ///
    /// ```
    /// use kg_core::camera::Camera;
    /// let drawn = Camera { centre: [10.0, 20.0], zoom: 2.0, viewport: [1024.0, 645.0] };
    /// let (shift, other) = drawn.recentred([1024.0, 650.0], 8.0).unwrap();
    /// assert_eq!(shift, [0.0, 3.0]);
    /// let p = [7.0, -4.0];
    /// let (a, b) = (drawn.screen_from_world(p), other.screen_from_world(p));
    /// assert_eq!([b[0] - a[0], b[1] - a[1]], shift);
    /// ```
    pub fn recentred(&self, viewport: Vec2, slack: f32) -> Option<(Vec2, Camera)> {
        let half = [(viewport[0] - self.viewport[0]) / 2.0, (viewport[1] - self.viewport[1]) / 2.0];
        // Rounded half up (`floor`, unlike `round`, is one WebAssembly instruction).
        let shift = [(half[0] + 0.5).floor(), (half[1] + 0.5).floor()];
        if shift[0].abs() > slack || shift[1].abs() > slack {
            return None;
        }
        // (w - c') z + v'/2 = (w - c) z + v/2 + shift  ⇔  c' = c + (v'/2 - v/2 - shift) / z.
        let centre = [self.centre[0] + (half[0] - shift[0]) / self.zoom, self.centre[1] + (half[1] - shift[1]) / self.zoom];
        Some((shift, Camera { centre, zoom: self.zoom, viewport }))
    }

    /// Maps a world point to the screen.
    pub fn screen_from_world(&self, world: Vec2) -> Vec2 {
        [
            (world[0] - self.centre[0]) * self.zoom + self.viewport[0] / 2.0,
            (world[1] - self.centre[1]) * self.zoom + self.viewport[1] / 2.0,
        ]
    }

    /// Maps a screen point to the world.
    pub fn world_from_screen(&self, screen: Vec2) -> Vec2 {
        [
            (screen[0] - self.viewport[0] / 2.0) / self.zoom + self.centre[0],
            (screen[1] - self.viewport[1] / 2.0) / self.zoom + self.centre[1],
        ]
    }

    /// Zooms by `factor` keeping the world point under `screen_anchor` where it is (wheel zoom
    /// around the pointer).
    pub fn zoom_about(&mut self, screen_anchor: Vec2, factor: f32) {
        let before = self.world_from_screen(screen_anchor);
        self.zoom = within(self.zoom * factor, MIN_ZOOM, MAX_ZOOM);
        let after = self.world_from_screen(screen_anchor);
        self.centre = [self.centre[0] + before[0] - after[0], self.centre[1] + before[1] - after[1]];
    }

    /// Moves the view by a screen-space drag of `delta` pixels (the content follows the pointer).
    pub fn pan_by_screen(&mut self, delta: Vec2) {
        self.centre = [self.centre[0] - delta[0] / self.zoom, self.centre[1] - delta[1] / self.zoom];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Vec2, b: Vec2) -> bool {
        (a[0] - b[0]).abs() < 1e-3 && (a[1] - b[1]).abs() < 1e-3
    }

    #[test]
    fn recentred_keeps_every_point_a_whole_pixel_move_away() {
        let drawn = Camera { centre: [3.5, -8.25], zoom: 0.37, viewport: [1023.0, 645.0] };
        for (viewport, shift) in [([1023.0, 645.0], [0.0, 0.0]), ([1024.0, 650.0], [1.0, 3.0]), ([1000.0, 640.0], [-11.0, -2.0]), ([1040.0, 629.0], [9.0, -8.0])] {
            let (moved, other) = drawn.recentred(viewport, 16.0).unwrap();
            assert_eq!(moved, shift, "{viewport:?}");
            assert_eq!(other.viewport, viewport);
            assert_eq!(other.zoom, drawn.zoom);
            for p in [[0.0, 0.0], [-400.0, 250.0], [1234.5, -987.0]] {
                let (a, b) = (drawn.screen_from_world(p), other.screen_from_world(p));
                assert!(close([b[0] - a[0], b[1] - a[1]], shift), "{viewport:?} {p:?}: {a:?} → {b:?}");
            }
        }
        assert_eq!(drawn.recentred([1023.0, 700.0], 16.0), None, "27 px down is too far");
        assert_eq!(drawn.recentred([980.0, 645.0], 16.0), None, "21 px left is too far");
    }

    #[test]
    fn fit_puts_the_bounds_inside_the_margins() {
        let b = Bounds::of_points(&[[-10.0, 0.0], [30.0, 10.0]]);
        let cam = Camera::fit(b, [800.0, 600.0], 20.0);
        assert!(close(cam.screen_from_world([-10.0, 5.0]), [20.0, 300.0]));
        assert!(close(cam.screen_from_world([30.0, 5.0]), [780.0, 300.0]));
    }

    #[test]
    fn world_and_screen_round_trip_and_zoom_keeps_the_anchor() {
        let mut cam = Camera { centre: [3.0, -2.0], zoom: 2.5, viewport: [640.0, 480.0] };
        let p = [12.0, 7.0];
        assert!(close(cam.world_from_screen(cam.screen_from_world(p)), p));
        let anchor = [100.0, 50.0];
        let under = cam.world_from_screen(anchor);
        cam.zoom_about(anchor, 3.0);
        assert!(close(cam.world_from_screen(anchor), under));
        cam.pan_by_screen([10.0, 0.0]);
        assert!(close(cam.screen_from_world(under), [110.0, 50.0]));
    }

    #[test]
    fn bounds_hold_every_finite_point_and_skip_the_rest() {
        let points = [[3.0, -1.0], [f32::NAN, 50.0], [-7.5, 4.0], [f32::INFINITY, 0.0], [2.0, 9.0], [0.0, f32::NEG_INFINITY], [-0.5, -6.0]];
        let b = Bounds::of_points(&points).unwrap();
        assert_eq!((b.min, b.max), ([-7.5, -6.0], [3.0, 9.0]));
        // The first point need not be finite, nor a corner.
        let b = Bounds::of([[f32::NAN, 0.0], [1.0, 1.0], [0.0, 2.0]]).unwrap();
        assert_eq!((b.min, b.max), ([0.0, 1.0], [1.0, 2.0]));
        assert!(Bounds::of([[f32::NAN, 0.0]]).is_none() && Bounds::of_points(&[]).is_none());
    }

    #[test]
    fn degenerate_inputs_do_not_make_nan() {
        let one = Camera::fit(Bounds::of_points(&[[5.0, 5.0]]), [100.0, 100.0], 10.0);
        assert_eq!(one.zoom, 1.0);
        let none = Camera::fit(Bounds::of_points(&[[f32::NAN, 1.0]]), [100.0, 100.0], 10.0);
        assert!(none.zoom.is_finite());
        let tiny = Camera::fit(Bounds::of_points(&[[0.0, 0.0], [1.0, 1.0]]), [0.0, 0.0], 50.0);
        assert!(tiny.zoom.is_finite() && tiny.zoom > 0.0);
    }
}
