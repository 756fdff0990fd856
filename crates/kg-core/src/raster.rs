//! A small software rasterizer for large graphs: edges as one-pixel lines and nodes as discs,
//! alpha-blended into an RGBA buffer that the shell puts on a canvas in one call. Canvas 2-D
//! spends most of a frame of a 100,000-node graph building and stroking a path of 300,000
//! segments; writing the pixels directly costs a fraction of that and needs no GPU. Pure and
//! tested natively; the shell draws labels and marks on top.

use crate::camera::{Camera, Vec2};
use crate::graph::KnowledgeGraph;
use crate::present::Presentation;

/// An RGBA image, row by row from the top left, in device pixels: one `u32` a pixel, red in
/// the low byte (so its little-endian bytes are RGBA, as `ImageData` wants them).
pub struct Raster {
    pub width: u32,
    pub height: u32,
    pixels: Vec<u32>,
}

/// "#rrggbb" as bytes (grey for anything else).
pub fn rgb(hex: &str) -> [u8; 3] {
    let channel = |i: usize| hex.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()).unwrap_or(153);
    if hex.len() == 7 && hex.starts_with('#') {
        [channel(1), channel(3), channel(5)]
    } else {
        [153, 153, 153]
    }
}

/// The colours of a raster frame.
pub struct RasterStyle {
    pub background: [u8; 3],
    pub edge: [u8; 3],
    pub edge_lit: [u8; 3],
    /// Opacity of an edge, 0–255: many overlapping edges should shade, not paint, the picture.
    pub edge_alpha: u8,
    /// About the most edge pixels a frame draws. When the visible edges would cover more, each
    /// is drawn with the probability that fits the budget, decided by a hash of its index — an
    /// even sample that stays the same from frame to frame (the focus's edges are always
    /// drawn). Zooming in leaves fewer pixels per edge, so more of them, then all, are drawn.
    pub pixel_budget: u64,
}

/// What a raster frame drew.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RasterStats {
    pub edges_drawn: usize,
    /// Edges with a visible part (drawn or left out for the budget).
    pub edges_visible: usize,
}

/// A colour as a packed pixel.
fn pack(c: [u8; 3]) -> u32 {
    c[0] as u32 | (c[1] as u32) << 8 | (c[2] as u32) << 16 | 0xff00_0000
}

/// One colour blended at a fixed opacity: the source terms are computed once per line.
#[derive(Clone, Copy)]
struct Paint {
    /// Red and blue of the source times alpha, in the 0x00ff00ff lanes (shifted up 8).
    rb: u32,
    /// Green of the source times alpha (shifted up 8).
    g: u32,
    /// 256 − alpha.
    keep: u32,
}

impl Paint {
    fn new(c: [u8; 3], alpha: u32) -> Paint {
        let alpha = alpha.min(256);
        let src = pack(c);
        Paint { rb: (src & 0x00ff_00ff) * alpha, g: (src & 0x0000_ff00) * alpha, keep: 256 - alpha }
    }

    #[inline]
    fn over(self, dst: u32) -> u32 {
        let rb = (((dst & 0x00ff_00ff) * self.keep + self.rb) >> 8) & 0x00ff_00ff;
        let g = (((dst & 0x0000_ff00) * self.keep + self.g) >> 8) & 0x0000_ff00;
        rb | g | 0xff00_0000
    }
}

impl Raster {
    /// A raster of `width` × `height` pixels filled with `background`.
    pub fn new(width: u32, height: u32, background: [u8; 3]) -> Raster {
        Raster { width, height, pixels: vec![pack(background); (width as usize) * (height as usize)] }
    }

    /// Fills the raster with one opaque colour.
    pub fn clear(&mut self, colour: [u8; 3]) {
        self.pixels.fill(pack(colour));
    }

    /// The colour at a pixel (for tests).
    pub fn at(&self, x: u32, y: u32) -> [u8; 4] {
        self.pixels[(y * self.width + x) as usize].to_le_bytes()
    }

    /// The packed pixels, row by row: on a little-endian machine (wasm32) their bytes in memory
    /// are already RGBA, so a page can hand them to `ImageData` without converting.
    pub fn pixels(&self) -> &[u32] {
        &self.pixels
    }

    /// The pixels as RGBA bytes, row by row (for `ImageData`).
    pub fn rgba(&self) -> Vec<u8> {
        self.pixels.iter().flat_map(|p| p.to_le_bytes()).collect()
    }

    #[inline]
    fn blend(&mut self, x: i32, y: i32, paint: Paint) {
        if x < 0 || y < 0 || x >= self.width as i32 || y >= self.height as i32 {
            return;
        }
        let i = (y as u32 * self.width + x as u32) as usize;
        self.pixels[i] = paint.over(self.pixels[i]);
    }

    /// A one-pixel line from `a` to `b` (pixel coordinates), clipped to the raster, blended at
    /// `alpha` (0–256).
    ///
    /// # Complexity
    /// O(length in pixels inside the raster).
    pub fn line(&mut self, a: Vec2, b: Vec2, c: [u8; 3], alpha: u32) {
        let Some((a, b)) = clip(a, b, self.width as f32, self.height as f32) else { return };
        self.clipped_line(a, b, Paint::new(c, alpha));
    }

    /// The pixels a line would cover once clipped (`None` when it misses the raster).
    pub fn line_cost(&self, a: Vec2, b: Vec2) -> Option<(Vec2, Vec2, u64)> {
        let (w, h) = (self.width as f32 - 0.001, self.height as f32 - 0.001);
        // Most edges of a fitted view lie wholly inside: no clipping to do (NaN fails these tests).
        let inside = |p: Vec2| p[0] >= 0.0 && p[0] <= w && p[1] >= 0.0 && p[1] <= h;
        let (a, b) = if inside(a) && inside(b) { (a, b) } else { clip(a, b, self.width as f32, self.height as f32)? };
        Some((a, b, larger((b[0] - a[0]).abs(), (b[1] - a[1]).abs()).ceil() as u64 + 1))
    }

    fn clipped_line(&mut self, a: Vec2, b: Vec2, paint: Paint) {
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        let steps = larger(larger(dx.abs(), dy.abs()).ceil(), 1.0);
        let (sx, sy) = (dx / steps, dy / steps);
        let (mut x, mut y) = (a[0], a[1]);
        for _ in 0..=steps as u32 {
            self.blend(x as i32, y as i32, paint);
            x += sx;
            y += sy;
        }
    }

    /// A filled disc at `centre` of radius `r` pixels, blended at `alpha` (0–256).
    pub fn disc(&mut self, centre: Vec2, r: f32, c: [u8; 3], alpha: u32) {
        self.disc_with(centre, r, Paint::new(c, alpha));
    }

    fn disc_with(&mut self, centre: Vec2, r: f32, paint: Paint) {
        if r <= 1.25 {
            // A node a few pixels across: a 2 × 2 stamp, no arithmetic per row.
            let (x, y) = ((centre[0] - 0.5).floor() as i32, (centre[1] - 0.5).floor() as i32);
            for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                self.blend(x + dx, y + dy, paint);
            }
            return;
        }
        let r = larger(r, 0.5);
        if !(centre[0] + r >= 0.0 && centre[1] + r >= 0.0 && centre[0] - r <= self.width as f32 && centre[1] - r <= self.height as f32) {
            return;
        }
        let (y0, y1) = ((centre[1] - r).floor() as i32, (centre[1] + r).ceil() as i32);
        for y in y0..=y1 {
            let dy = y as f32 + 0.5 - centre[1];
            let half = larger(r * r - dy * dy, 0.0).sqrt();
            if half <= 0.0 && r > 1.0 {
                continue;
            }
            let (x0, x1) = ((centre[0] - half + 0.5).floor() as i32, (centre[0] + half + 0.5).floor() as i32);
            for x in x0..x1.max(x0 + 1) {
                self.blend(x, y, paint);
            }
        }
    }
}

/// The larger of two numbers, as one comparison: `f32::max` (and `round`) become calls into the
/// maths library on wasm32, which cost more than the pixel work in these loops.
#[inline]
fn larger(a: f32, b: f32) -> f32 {
    if a > b {
        a
    } else {
        b
    }
}

/// Clips a segment to the rectangle [0, w) × [0, h) (Liang–Barsky); `None` when it misses.
fn clip(a: Vec2, b: Vec2, w: f32, h: f32) -> Option<(Vec2, Vec2)> {
    if !(a[0].is_finite() && a[1].is_finite() && b[0].is_finite() && b[1].is_finite()) {
        return None;
    }
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    let max_x = w - 0.001;
    let max_y = h - 0.001;
    for (p, q) in [(-dx, a[0]), (dx, max_x - a[0]), (-dy, a[1]), (dy, max_y - a[1])] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = larger(t0, t);
            } else {
                t1 = if t < t1 { t } else { t1 };
            }
            if t0 > t1 {
                return None;
            }
        }
    }
    Some(([a[0] + t0 * dx, a[1] + t0 * dy], [a[0] + t1 * dx, a[1] + t1 * dy]))
}

/// Everything a raster frame shows.
pub struct RasterFrame<'a> {
    pub graph: &'a KnowledgeGraph,
    pub presentation: &'a Presentation,
    pub positions: &'a [Vec2],
    pub camera: &'a Camera,
    pub focus: Option<crate::NodeId>,
    /// The focus's neighbourhood (from `Presentation::highlighted`).
    pub lit: &'a [bool],
    /// Device pixels per CSS pixel.
    pub ratio: f32,
}

/// A well-spread hash of an edge's index onto [0, 2³²): the same every frame.
fn edge_hash(i: usize) -> u32 {
    let mut x = (i as u64).wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    ((x ^ (x >> 31)) >> 32) as u32
}

/// Draws a frame's edges (straight: at this scale a bend is not visible; the focus's always,
/// the rest sampled to the pixel budget) and nodes (dimmed ones at one-fifth opacity) into
/// `raster`.
///
/// # Complexity
/// O(n + m) plus the pixels drawn, which the budget bounds.
pub fn draw(raster: &mut Raster, frame: &RasterFrame, style: &RasterStyle) -> RasterStats {
    raster.clear(style.background);
    let (p, camera, ratio) = (frame.presentation, frame.camera, frame.ratio);
    let screen: Vec<Vec2> = frame
        .positions
        .iter()
        .map(|&w| {
            let s = camera.screen_from_world(w);
            [s[0] * ratio, s[1] * ratio]
        })
        .collect();
    let emphasis = p.emphasis(frame.focus);
    let mut stats = RasterStats::default();
    // First the visible dim edges' pixel counts, to know what share of them the budget allows.
    let mut clipped: Vec<(u32, Vec2, Vec2)> = Vec::new();
    let mut lit_edges = Vec::new();
    let mut total = 0u64;
    for (k, e) in p.edges.iter().enumerate() {
        if e.source == e.target {
            continue;
        }
        let Some((a, b, cost)) = raster.line_cost(screen[e.source.index()], screen[e.target.index()]) else { continue };
        stats.edges_visible += 1;
        if p.edge_lit(e, frame.focus) {
            lit_edges.push((a, b));
        } else {
            total += cost;
            clipped.push((k as u32, a, b));
        }
    }
    let share = if total <= style.pixel_budget { u32::MAX } else { ((style.pixel_budget as f64 / total as f64) * u32::MAX as f64) as u32 };
    let dim = Paint::new(style.edge, style.edge_alpha as u32 + 1);
    for (k, a, b) in clipped {
        if share == u32::MAX || edge_hash(k as usize) < share {
            raster.clipped_line(a, b, dim);
            stats.edges_drawn += 1;
        }
    }
    let lit = if emphasis { Paint::new(style.edge_lit, 256) } else { dim };
    for (a, b) in lit_edges {
        raster.clipped_line(a, b, lit);
        stats.edges_drawn += 1;
    }
    let mut paints: Vec<(&'static str, Paint, Paint)> = Vec::new();
    // The standard radius once per frame (`screen_radius` per node, as the vector renderers
    // draw, clamps it for every node).
    let base_radius = crate::scene::node_screen_radius(camera) * ratio;
    for dim_pass in [true, false] {
        for id in frame.graph.node_ids() {
            let i = id.index();
            if !p.node_visible[i] || frame.lit[i] == dim_pass {
                continue;
            }
            let colour = p.colour(frame.graph, id);
            let (bright, faint) = match paints.iter().find(|(c, _, _)| std::ptr::eq(*c, colour)) {
                Some(&(_, b, f)) => (b, f),
                None => {
                    let c = rgb(colour);
                    let entry = (colour, Paint::new(c, 256), Paint::new(c, 51));
                    paints.push(entry);
                    (entry.1, entry.2)
                }
            };
            raster.disc_with(screen[i], base_radius * p.scale.get(i).copied().unwrap_or(1.0), if dim_pass { faint } else { bright });
        }
    }
    stats
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load_str;

    #[test]
    fn lines_are_clipped_and_blended() {
        let mut r = Raster::new(20, 10, [255, 255, 255]);
        r.line([-5.0, 5.0], [30.0, 5.0], [0, 0, 0], 256);
        assert_eq!(r.at(0, 5), [0, 0, 0, 255]);
        assert_eq!(r.at(19, 5), [0, 0, 0, 255]);
        assert_eq!(r.at(10, 4), [255, 255, 255, 255], "one pixel wide");
        r.line([2.0, 0.0], [2.0, 9.0], [0, 0, 0], 128);
        assert_eq!(r.at(2, 2)[0], 127, "half-blended");
        r.line([-10.0, -10.0], [-1.0, -1.0], [0, 0, 0], 256);
        r.line([f32::NAN, 0.0], [5.0, 5.0], [0, 0, 0], 256);
        assert_eq!(r.at(0, 0), [255, 255, 255, 255], "off-screen and NaN segments draw nothing");
    }

    #[test]
    fn discs_cover_their_radius() {
        let mut r = Raster::new(20, 20, [255, 255, 255]);
        r.disc([10.0, 10.0], 4.0, [225, 87, 89], 256);
        assert_eq!(r.at(10, 10), [225, 87, 89, 255]);
        assert_eq!(r.at(12, 10), [225, 87, 89, 255]);
        assert_eq!(r.at(15, 10), [255, 255, 255, 255]);
        r.disc([-100.0, 3.0], 2.0, [0, 0, 0], 256);
        let mut tiny = Raster::new(4, 4, [255, 255, 255]);
        tiny.disc([1.5, 1.5], 0.3, [0, 0, 0], 256);
        assert!(tiny.rgba().chunks(4).any(|p| p[0] == 0), "a sub-pixel node still shows");
    }

    #[test]
    fn a_frame_puts_node_colours_where_the_camera_says_and_dims_the_rest() {
        let doc = load_str(
            r#"{"nodes":[{"id":"p","type":"person"},{"id":"o","type":"organization"},{"id":"x","type":"person"}],
                "edges":[{"source":"p","target":"o","type":"member_of"}]}"#,
        )
        .map(|r| r.document)
        .unwrap_or_default();
        let g = KnowledgeGraph::from_document(doc);
        let p = Presentation::new(&g, false);
        let positions = [[0.0, 0.0], [100.0, 0.0], [50.0, 60.0]];
        let camera = Camera { centre: [50.0, 30.0], zoom: 1.0, viewport: [200.0, 120.0] };
        let focus = Some(crate::NodeId(0));
        let lit = p.highlighted(focus);
        let mut r = Raster::new(200, 120, [255, 255, 255]);
        let style = RasterStyle { background: [255, 255, 255], edge: [184, 184, 184], edge_lit: [85, 85, 85], edge_alpha: 128, pixel_budget: u64::MAX };
        draw(&mut r, &RasterFrame { graph: &g, presentation: &p, positions: &positions, camera: &camera, focus, lit: &lit, ratio: 1.0 }, &style);
        let at = |w: [f32; 2]| {
            let s = camera.screen_from_world(w);
            r.at(s[0] as u32, s[1] as u32)
        };
        assert_eq!(at(positions[0]), [0xe1, 0x57, 0x59, 255]);
        assert_eq!(at(positions[1]), [0x4e, 0x79, 0xa7, 255]);
        let dim = at(positions[2]);
        assert!(dim[1] > 0x57 + 100, "dimmed: {dim:?}");
        assert_eq!(at([50.0, 0.0]), [85, 85, 85, 255], "the lit edge between them");
        assert_eq!(r.at(1, 1), [255, 255, 255, 255]);
    }

    #[test]
    fn the_pixel_budget_samples_edges_evenly_and_keeps_the_focus() {
        // A star of 1,000 spokes around a hub, plus 1,000 edges between the leaves.
        let n = 1001;
        let mut nodes = String::new();
        let mut edges = String::new();
        for i in 0..n {
            nodes.push_str(&format!(r#"{{"id":"n{i}","type":"person"}},"#));
        }
        for i in 1..n {
            edges.push_str(&format!(r#"{{"source":"n0","target":"n{i}","type":"knows"}},{{"source":"n{i}","target":"n{}","type":"knows"}},"#, i % (n - 1) + 1));
        }
        let text = format!(r#"{{"nodes":[{}],"edges":[{}]}}"#, nodes.trim_end_matches(','), edges.trim_end_matches(','));
        let g = KnowledgeGraph::from_document(load_str(&text).map(|r| r.document).unwrap_or_default());
        let p = Presentation::new(&g, false);
        let positions: Vec<Vec2> = (0..n).map(|i| if i == 0 { [0.0, 0.0] } else { let a = i as f32 * 0.00628; [a.cos() * 100.0, a.sin() * 100.0] }).collect();
        let camera = Camera { centre: [0.0, 0.0], zoom: 1.0, viewport: [240.0, 240.0] };
        let focus = Some(crate::NodeId(0));
        let lit = p.highlighted(focus);
        let mut r = Raster::new(240, 240, [255, 255, 255]);
        let mut style = RasterStyle { background: [255, 255, 255], edge: [0, 0, 0], edge_lit: [0, 0, 0], edge_alpha: 255, pixel_budget: u64::MAX };
        let frame = RasterFrame { graph: &g, presentation: &p, positions: &positions, camera: &camera, focus, lit: &lit, ratio: 1.0 };
        let all = draw(&mut r, &frame, &style);
        assert_eq!((all.edges_drawn, all.edges_visible), (2000, 2000));
        style.pixel_budget = 500;
        let some = draw(&mut r, &frame, &style);
        assert_eq!(some.edges_visible, 2000);
        assert!(some.edges_drawn > 1000 && some.edges_drawn < 1500, "the 1,000 spokes (lit) and a sample of the rest: {some:?}");
        style.pixel_budget = 0;
        assert_eq!(draw(&mut r, &frame, &style).edges_drawn, 1000, "the focus's edges are always drawn");
        // The hash spreads evenly: about half of the indices fall below the middle.
        let below = (0..10_000).filter(|&i| edge_hash(i) < u32::MAX / 2).count();
        assert!((4_800..5_200).contains(&below), "{below}");
    }
}
