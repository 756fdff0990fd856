//! A small software rasterizer for large graphs: edges as one-pixel lines and nodes as discs,
//! alpha-blended into an RGBA buffer that the shell puts on a canvas band by band. Canvas 2-D
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
    /// About the most edge pixels a frame draws. When the visible edges would cover more, an
    /// even sample of them is drawn, the same from frame to frame (see [`draw`]; the focus's
    /// edges are always drawn). Zooming in leaves fewer pixels per edge, so more of them, then
    /// all, are drawn.
    pub pixel_budget: u64,
}

impl RasterStyle {
    /// The light theme's colours (the page's `render2d::LIGHT`) at the page's edge opacity,
    /// with `pixel_budget`: what the benchmarks draw with.
    pub fn light(pixel_budget: u64) -> RasterStyle {
        RasterStyle { background: [255, 255, 255], edge: [184, 184, 184], edge_lit: [85, 85, 85], edge_alpha: 110, pixel_budget }
    }
}

/// What a raster frame drew.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RasterStats {
    pub edges_drawn: usize,
    /// Edges with a visible part (drawn or left out for the budget).
    pub edges_visible: usize,
    /// True when the frame stopped looking at edges once its budget was spent, so that
    /// `edges_visible` is estimated from the share of visible edges among those it looked at.
    pub visible_estimated: bool,
    /// True when the frame drew its nodes of about the standard size as dots (see
    /// [`draw_in_bands`]).
    pub dots: bool,
}

/// Nodes are drawn as dots when, at the smallest radius, their discs would cover the frame this
/// many times over.
const DOTS_FROM_COVER: u64 = 4;

/// A node drawn as a dot is one smaller than this many times the standard radius (nodes sized
/// up by a measure stay discs).
const DOT_SCALE_BELOW: f32 = 1.5;

/// The radius a dot is drawn with: a 2 × 2 stamp (see `Raster::disc_in_band`).
const DOT_RADIUS: f32 = 1.0;

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

    #[inline(always)]
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

    // Always inlined: the app is built for size (`opt-level = "z"`), which otherwise leaves one
    // call per pixel.
    #[inline(always)]
    fn blend(&mut self, x: i32, y: i32, paint: Paint) {
        if x < 0 || y < 0 || x >= self.width as i32 || y >= self.height as i32 {
            return;
        }
        let i = (y as u32 * self.width + x as u32) as usize;
        if let Some(p) = self.pixels.get_mut(i) {
            *p = paint.over(*p);
        }
    }

    /// A one-pixel line from `a` to `b` (pixel coordinates), clipped to the raster, blended at
    /// `alpha` (0–256).
    ///
    /// # Complexity
    /// O(length in pixels inside the raster).
    pub fn line(&mut self, a: Vec2, b: Vec2, c: [u8; 3], alpha: u32) {
        let Some((a, b)) = clip(a, b, self.width as f32, self.height as f32) else { return };
        self.line_in_band(a, b, Paint::new(c, alpha), 0);
    }

    /// The pixels of the line from `a` to `b` (clipped to the frame, in frame pixels) that fall
    /// in this raster's rows when it holds the frame's rows from `top` on. Each step of the line
    /// is placed from its ends alone, so a line drawn band by band is the line drawn whole.
    fn line_in_band(&mut self, a: Vec2, b: Vec2, paint: Paint, top: u32) {
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        let steps = larger(larger(dx.abs(), dy.abs()).ceil(), 1.0);
        let (sx, sy) = (dx / steps, dy / steps);
        let last = steps as u32;
        let (w, h) = (self.width, self.height);
        // The steps whose row can be in the band (a step moves less than a row down or up).
        let (first, end) = if sy == 0.0 {
            let row = a[1] as u32;
            if row < top || row >= top + h {
                return;
            }
            (0, last)
        } else {
            let k1 = (top as f32 - a[1]) / sy;
            let k2 = ((top + h) as f32 - a[1]) / sy;
            let (lo, hi) = if k1 < k2 { (k1, k2) } else { (k2, k1) };
            (larger(lo - 1.0, 0.0) as u32, if hi + 1.0 < last as f32 { (hi + 1.0) as u32 } else { last })
        };
        // Stepped in fixed point (16 bits of fraction): step `k` is at `start + k * step`
        // exactly, wherever the stepping began, and a pixel costs two additions and two shifts
        // where floating point cost two multiplications and two conversions to integers, which
        // WebAssembly's baseline compiler makes long sequences of (the page draws a large graph's
        // first frames in that code).
        let fixed = |v: f32| (v * FIXED_ONE) as i64;
        let (step_x, step_y) = (fixed(sx), fixed(sy));
        let mut x = fixed(a[0]) + first as i64 * step_x;
        let mut y = fixed(a[1]) + first as i64 * step_y - ((top as i64) << 16);
        // An exclusive range: an inclusive one is a slower loop.
        for _ in first..end + 1 {
            // Both ends are inside the frame (clipped); the tests only guard the band's rows and
            // rounding at the last pixel (a row above the band is negative, so a huge `u32`),
            // and cost less than a call.
            let (px, py) = ((x >> 16) as u32, (y >> 16) as u32);
            if px < w && py < h {
                let i = (py * w + px) as usize;
                if let Some(p) = self.pixels.get_mut(i) {
                    *p = paint.over(*p);
                }
            }
            x += step_x;
            y += step_y;
        }
    }

    /// A filled disc at `centre` of radius `r` pixels, blended at `alpha` (0–256).
    pub fn disc(&mut self, centre: Vec2, r: f32, c: [u8; 3], alpha: u32) {
        self.disc_in_band(centre, r, Paint::new(c, alpha), 0);
    }

    /// The rows of a disc (in frame pixels) that fall in this raster when it holds the frame's
    /// rows from `top` on.
    fn disc_in_band(&mut self, centre: Vec2, r: f32, paint: Paint, top: i32) {
        if r <= 1.25 {
            // A node a few pixels across: a 2 × 2 stamp, no arithmetic per row.
            let (x, y) = (floor_i32(centre[0] - 0.5), floor_i32(centre[1] - 0.5));
            for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                self.blend(x + dx, y + dy - top, paint);
            }
            return;
        }
        let r = larger(r, 0.5);
        let (band_top, band_bottom) = (top as f32, (top + self.height as i32) as f32);
        if !(centre[0] + r >= 0.0 && centre[1] + r >= band_top && centre[0] - r <= self.width as f32 && centre[1] - r <= band_bottom) {
            return;
        }
        // Only the band's rows, and in each only the raster's columns: the row's pixels are then
        // one slice, blended without a test per pixel (a large graph's first frame draws
        // ~100,000 discs of a dozen pixels, in the browser's baseline code).
        let (w, h) = (self.width as i32, self.height as i32);
        let (y0, y1) = (floor_i32(centre[1] - r).max(top), (-floor_i32(-(centre[1] + r))).min(top + h - 1));
        for y in y0..y1 + 1 {
            let dy = y as f32 + 0.5 - centre[1];
            let half = larger(r * r - dy * dy, 0.0).sqrt();
            if half <= 0.0 && r > 1.0 {
                continue;
            }
            let (x0, x1) = (floor_i32(centre[0] - half + 0.5), floor_i32(centre[0] + half + 0.5));
            let (x0, x1) = (x0.max(0), x1.max(x0 + 1).min(w));
            let start = ((y - top) * w) as usize;
            if x0 < x1 {
                if let Some(row) = self.pixels.get_mut(start + x0 as usize..start + x1 as usize) {
                    for p in row {
                        *p = paint.over(*p);
                    }
                }
            }
        }
    }
}

/// One pixel in the fixed-point coordinates lines are stepped in.
const FIXED_ONE: f32 = 65536.0;

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

/// The largest integer not above `v` (saturating), without the maths library's `floorf`, which
/// is a call on wasm32 and in size-optimised builds.
#[inline(always)]
fn floor_i32(v: f32) -> i32 {
    let t = v as i32;
    if (t as f32) > v {
        t - 1
    } else {
        t
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

/// How many edges of the spread order a frame asks its presentation for at once.
const SPREAD_PIECE: usize = 4096;

/// Draws a frame's edges (straight: at this scale a bend is not visible; the focus's always,
/// the rest as an even sample within the pixel budget) and nodes (dimmed ones at one-fifth
/// opacity) into `raster`, which is the whole frame.
///
/// The dim edges are visited in the order of [`Presentation::spread_ends`] and drawn until the budget is
/// spent: the sample is the same from frame to frame, evenly spread over the edge list, and a
/// frame stops looking at edges once its budget is spent (at 100,000 nodes, a fitted view
/// looks at a third of the edges, a twelfth while the layout moves). The visible edges left
/// unexamined are then estimated from the share seen ([`RasterStats::visible_estimated`]).
///
/// # Complexity
/// O(n) plus the edges examined, which the budget bounds for a view full of edges (every edge
/// when they all fit), plus the pixels drawn.
pub fn draw(raster: &mut Raster, frame: &RasterFrame, style: &RasterStyle) -> RasterStats {
    let height = raster.height;
    draw_in_bands(raster, height, frame, style, &mut |_, _| {})
}

/// Draws a frame `height` pixels high (and as wide as `band`) one band of rows at a time, the
/// way [`draw`] draws it whole: `band` is filled with rows `top..top + band.height` and handed
/// to `put(band, top)`, from the top down. The frame's memory is one band, not the whole frame
/// (a 1280 × 800 frame is 4 MB; a band of 64 rows, 320 KB). The edges drawn are chosen once for
/// the frame, so every band shows the same sample; a line crossing from one band into the next
/// is drawn pixel for pixel as in the whole frame.
///
/// # Returns
/// What the frame drew (the same as [`draw`] would report).
///
/// # Complexity
/// As [`draw`], plus one pass over the chosen edges and the visible nodes per band.
pub fn draw_in_bands(band: &mut Raster, height: u32, frame: &RasterFrame, style: &RasterStyle, put: &mut dyn FnMut(&Raster, u32)) -> RasterStats {
    let (p, camera, ratio) = (frame.presentation, frame.camera, frame.ratio);
    let (width, rows) = (band.width, band.height.max(1));
    let screen = device_from_world(frame.positions, camera, ratio);
    let emphasis = p.emphasis(frame.focus);
    let mut stats = RasterStats::default();
    // The lit edges (the focus's, or the path's) are always drawn, above the others.
    let mut lit_edges = Vec::new();
    if emphasis {
        for k in p.lit_edges(frame.focus) {
            let e = &p.edges[k];
            if e.source != e.target {
                if let Some((a, b, _)) = line_cost(screen[e.source.index()], screen[e.target.index()], width, height) {
                    lit_edges.push([a, b]);
                }
            }
        }
    }
    // Then the dim edges in the spread order, until the budget is spent.
    let Sample { lines: dim_edges, examined, seen, stopped } = dim_sample(p, &screen, (emphasis, frame.focus), [width, height], style.pixel_budget);
    stats.edges_drawn = dim_edges.len() + lit_edges.len();
    stats.edges_visible = lit_edges.len()
        + if stopped {
            stats.visible_estimated = true;
            (seen as f64 * p.spread_len() as f64 / examined as f64).round() as usize
        } else {
            seen
        };
    let dim = Paint::new(style.edge, style.edge_alpha as u32 + 1);
    let lit = if emphasis { Paint::new(style.edge_lit, 256) } else { dim };
    // Each shown node's colour as an index into the frame's paints (bright, faint), found once
    // (a node not shown is never drawn: its entry is a placeholder).
    let (paints, paint_of) = node_paints(frame.graph, p);
    // The standard radius once per frame (`screen_radius` per node, as the vector renderers
    // draw, clamps it for every node).
    let base_radius = crate::scene::node_screen_radius(camera) * ratio;
    // Which bands each edge and node reaches, listed per band in drawing order: a band then
    // visits only its own, not every edge and node of the frame.
    let bands = height.div_ceil(rows).max(1) as usize;
    let band_of = |y: f32| ((larger(y, 0.0) as u32) / rows).min(bands as u32 - 1) as usize;
    let lit_from = dim_edges.len();
    let mut edges = dim_edges;
    edges.extend(lit_edges);
    let edges_by_band = by_band(bands, edges.len(), &|i| {
        let [a, b] = edges[i];
        let (lo, hi) = if a[1] < b[1] { (a[1], b[1]) } else { (b[1], a[1]) };
        Some((band_of(lo), band_of(hi)))
    });
    let radius = |i: usize| base_radius * p.scale.get(i).copied().unwrap_or(1.0);
    // A view zoomed out past its nodes' size draws them larger than they are (at the smallest
    // radius); when those discs would cover the frame several times over, the frame is one
    // mass of overlapping discs, and drawing them is most of its time (a million nodes: ~20
    // pixels each, 200 ms). Nodes at about the standard size are then drawn as dots (a 2 × 2
    // stamp), nearer their real size; larger ones (sized by a measure) stay discs.
    let dots = crate::scene::NODE_RADIUS * camera.zoom < crate::scene::MIN_SCREEN_RADIUS && {
        let (w, h) = (width as f32, height as f32);
        let cover = std::f32::consts::PI * base_radius * base_radius;
        let budget = (DOTS_FROM_COVER * width as u64 * height as u64) as f32;
        p.node_count() as f32 * cover > budget
            && screen
                .iter()
                .zip(&p.node_visible)
                .filter(|&(s, &v)| v && s[0] >= 0.0 && s[0] < w && s[1] >= 0.0 && s[1] < h)
                .count() as f32
                * cover
                > budget
    };
    let dot_below = DOT_SCALE_BELOW * base_radius;
    let nodes_by_band = by_band(bands, screen.len(), &|i| {
        let (visible, y, r) = (p.node_visible.get(i).copied().unwrap_or(false), screen[i][1], radius(i));
        // Two pixels of margin for the stamp of the smallest discs.
        (visible && y + r + 2.0 >= 0.0 && y - r - 2.0 < height as f32).then(|| (band_of(y - r - 2.0), band_of(y + r + 2.0)))
    });
    let work = BandWork {
        edges: &edges,
        edges_by_band: &edges_by_band,
        lit_from,
        paints: [dim, lit],
        nodes_by_band: &nodes_by_band,
        lit_nodes: frame.lit,
        node_paints: &paints,
        paint_of: &paint_of,
        screen: &screen,
        radii: (base_radius, &p.scale),
        dot_below: if dots { dot_below } else { 0.0 },
        emphasis,
        background: style.background,
    };
    for k in 0..bands {
        let top = k as u32 * rows;
        work.draw(band, k, top);
        put(band, top);
    }
    stats.dots = dots;
    stats
}

// The frame's passes over every node or edge are functions of their own, not inlined into
// [`draw_in_bands`]: V8 runs WebAssembly in its baseline code first and optimises a function on
// another thread once it has run a while, using that code from its next call on. A frame is one
// call of `draw_in_bands`, and the page's (`render2d::draw`) with it: with these loops inside
// it, V8 optimised that whole function (~7 KB, ~60 ms of a background thread) during a large
// graph's first frame, for frames that come later if ever, and on two cores the compile took
// its share of the processor from the frame. On their own, one (`by_band`) is a small compile
// and the others none; the first frame's drawing at 10,000 nodes took 93 → 79 ms
// (`tests/perf/phases.mjs` with `tests/perf/marks.patch`, 24 rounds, `tests/perf/tierup.mjs`
// lists the compiles).

/// The nodes' positions in device pixels.
#[inline(never)]
fn device_from_world(positions: &[Vec2], camera: &Camera, ratio: f32) -> Vec<Vec2> {
    positions
        .iter()
        .map(|&w| {
            let s = camera.screen_from_world(w);
            [s[0] * ratio, s[1] * ratio]
        })
        .collect()
}

/// The dim edges a frame draws: see [`dim_sample`].
struct Sample {
    /// The lines, clipped to the frame, in the spread order.
    lines: Vec<[Vec2; 2]>,
    /// How many edges of the spread order were looked at, and how many of those were visible.
    examined: usize,
    seen: usize,
    /// True when the pixel budget ran out before the order did.
    stopped: bool,
}

/// The edges in the order of [`Presentation::spread_ends`] that a frame of `size` pixels draws
/// with `screen` (device pixels) until `budget` pixels are spent, leaving out those lit around
/// `focus` when the frame lights some edges (`emphasis`).
#[inline(never)]
fn dim_sample(p: &Presentation, screen: &[Vec2], (emphasis, focus): (bool, Option<crate::NodeId>), size: [u32; 2], budget: u64) -> Sample {
    let [width, height] = size;
    let mut sample = Sample { lines: Vec::new(), examined: 0, seen: 0, stopped: false };
    let mut spent = 0u64;
    // A piece of the order at a time: the presentation makes it only as far as frames read.
    'spread: loop {
        let piece = p.spread_ends(sample.examined, SPREAD_PIECE);
        if piece.is_empty() {
            break;
        }
        for &[s, t] in piece.iter() {
            sample.examined += 1;
            if emphasis && p.ends_lit(s, t, focus) {
                continue;
            }
            let (Some(&a), Some(&b)) = (screen.get(s.index()), screen.get(t.index())) else { continue };
            let Some((a, b, cost)) = line_cost(a, b, width, height) else { continue };
            sample.seen += 1;
            if spent + cost > budget {
                sample.stopped = true;
                break 'spread;
            }
            spent += cost;
            sample.lines.push([a, b]);
        }
    }
    sample
}

/// Each colour of the shown nodes with its bright and faint paint, and each node's index among
/// them (a node not shown is never drawn: its entry is a placeholder).
#[inline(never)]
#[allow(clippy::type_complexity)] // Local to the frame: a struct would only rename the pair.
fn node_paints(graph: &KnowledgeGraph, p: &Presentation) -> (Vec<(&'static str, Paint, Paint)>, Vec<u8>) {
    let mut paints: Vec<(&'static str, Paint, Paint)> = Vec::new();
    let mut paint_index = |colour: &'static str| match paints.iter().position(|(c, _, _)| std::ptr::eq(*c, colour)) {
        Some(k) => k as u8,
        None if paints.len() < u8::MAX as usize => {
            let c = rgb(colour);
            paints.push((colour, Paint::new(c, 256), Paint::new(c, 51)));
            (paints.len() - 1) as u8
        }
        None => 0,
    };
    let paint_of = match p.groups {
        // Coloured by type: each type's paint is found once, and a node's is its type's (a frame
        // runs this once, in the browser's baseline code, over every node).
        None => {
            let mut by_kind = [u8::MAX; crate::NodeKind::ALL.len()];
            (0..p.node_visible.len())
                .map(|i| {
                    if !p.node_visible[i] {
                        return 0;
                    }
                    let kind = graph.kind(crate::NodeId(i as u32));
                    let slot = &mut by_kind[kind as usize];
                    if *slot == u8::MAX {
                        *slot = paint_index(kind.colour());
                    }
                    *slot
                })
                .collect()
        }
        Some(_) => (0..p.node_visible.len())
            .map(|i| if p.node_visible[i] { paint_index(p.colour(graph, crate::NodeId(i as u32))) } else { 0 })
            .collect(),
    };
    (paints, paint_of)
}

/// What every band of a frame draws, found once for the frame by [`draw_in_bands`].
struct BandWork<'a> {
    /// The lines to draw, clipped to the frame, in drawing order: the dim ones, then from
    /// `lit_from` the lit ones.
    edges: &'a [[Vec2; 2]],
    edges_by_band: &'a ByBand,
    lit_from: usize,
    /// The dim and the lit edges' paints.
    paints: [Paint; 2],
    nodes_by_band: &'a ByBand,
    lit_nodes: &'a [bool],
    /// Each colour's bright and faint paint, and each node's index among them.
    node_paints: &'a [(&'static str, Paint, Paint)],
    paint_of: &'a [u8],
    screen: &'a [Vec2],
    /// The standard radius in pixels and each node's scale of it.
    radii: (f32, &'a [f32]),
    /// Discs smaller than this are drawn as dots (0: none is).
    dot_below: f32,
    emphasis: bool,
    background: [u8; 3],
}

impl BandWork<'_> {
    /// Fills `band` with band `k` of the frame (its rows from `top`). A function of its own,
    /// called once per band: V8 runs a WebAssembly function in its baseline code until it has
    /// run a while, optimises it on another thread, and uses the optimised code from the call
    /// after it is ready (never within a call). Drawn in one call with the rest of the frame, a
    /// large graph's first frame ran wholly in baseline code, and the optimising compiler
    /// worked on the whole frame's code (~8 KB) beside it; per band, the later bands of that
    /// same frame run optimised (`tests/perf/tierup.mjs`).
    #[inline(never)]
    fn draw(&self, band: &mut Raster, k: usize, top: u32) {
        band.clear(self.background);
        for &i in self.edges_by_band.of(k) {
            let [a, b] = self.edges[i as usize];
            band.line_in_band(a, b, self.paints[(i as usize >= self.lit_from) as usize], top);
        }
        // Without a focus or a path every shown node is lit: there is no dim pass to make.
        for dim_pass in [true, false].into_iter().filter(|&d| self.emphasis || !d) {
            for &i in self.nodes_by_band.of(k) {
                let i = i as usize;
                if self.lit_nodes.get(i).copied().unwrap_or(false) == dim_pass {
                    continue;
                }
                let (_, bright, faint) = self.node_paints[self.paint_of[i] as usize];
                let r = self.radii.0 * self.radii.1.get(i).copied().unwrap_or(1.0);
                let r = if r < self.dot_below { DOT_RADIUS } else { r };
                band.disc_in_band(self.screen[i], r, if dim_pass { faint } else { bright }, top as i32);
            }
        }
    }
}

/// Items listed per band: band `k`'s items are `items[starts[k]..starts[k + 1]]`, in item order.
struct ByBand {
    starts: Vec<u32>,
    items: Vec<u32>,
}

impl ByBand {
    fn of(&self, k: usize) -> &[u32] {
        &self.items[self.starts[k] as usize..self.starts[k + 1] as usize]
    }
}

/// Lists `count` items per band (a counting sort), where `span(i)` gives the first and last band
/// item `i` reaches (`None`: none). Out of line, as the frame's other passes (see
/// [`device_from_world`]), and one function for both lists (`span` is called through a
/// pointer): V8 optimises one function, not two.
#[inline(never)]
fn by_band(bands: usize, count: usize, span: &dyn Fn(usize) -> Option<(usize, usize)>) -> ByBand {
    // Each item's bands, found once (the first and one past the last, in the high and low
    // halves; 0 for none): at a million nodes, looking twice cost tens of milliseconds.
    // Exclusive ranges: an inclusive one is a slow loop in a size-optimised build.
    let limit = bands.min(u16::MAX as usize - 1);
    let spans: Vec<u32> = (0..count)
        .map(|i| span(i).map_or(0, |(lo, hi)| (lo.min(limit) as u32) << 16 | (hi.min(limit) as u32 + 1)))
        .collect();
    let range = |s: u32| (s >> 16) as usize..(s & 0xffff) as usize;
    let mut starts = vec![0u32; bands + 1];
    for &s in &spans {
        for k in range(s) {
            starts[k + 1] += 1;
        }
    }
    for k in 0..bands {
        starts[k + 1] += starts[k];
    }
    let mut next = starts.clone();
    let mut items = vec![0u32; starts[bands] as usize];
    for (i, &s) in spans.iter().enumerate() {
        for k in range(s) {
            items[next[k] as usize] = i as u32;
            next[k] += 1;
        }
    }
    ByBand { starts, items }
}

/// The pixels a line would cover once clipped to a frame of `width` × `height` (`None` when it
/// misses the frame).
fn line_cost(a: Vec2, b: Vec2, width: u32, height: u32) -> Option<(Vec2, Vec2, u64)> {
    let (w, h) = (width as f32 - 0.001, height as f32 - 0.001);
    // Most edges of a fitted view lie wholly inside: no clipping to do (NaN fails these tests).
    let inside = |p: Vec2| p[0] >= 0.0 && p[0] <= w && p[1] >= 0.0 && p[1] <= h;
    let (a, b) = if inside(a) && inside(b) { (a, b) } else { clip(a, b, width as f32, height as f32)? };
    Some((a, b, larger((b[0] - a[0]).abs(), (b[1] - a[1]).abs()).ceil() as u64 + 1))
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
    fn discs_cut_by_the_edges_and_the_bands_keep_exactly_their_pixels_inside() {
        // Each pixel whose centre's row and column the disc's span covers, blended once: the
        // rule of `disc_in_band`, pixel by pixel, with no clipping but the raster's own bounds.
        let expected = |width: u32, height: u32, top: i32, centre: Vec2, r: f32| {
            let mut pixels = vec![0u32; (width * height) as usize];
            for y in (centre[1] - r).floor() as i32..(centre[1] + r).ceil() as i32 + 1 {
                let dy = y as f32 + 0.5 - centre[1];
                let half = (r * r - dy * dy).max(0.0).sqrt();
                if half <= 0.0 {
                    continue;
                }
                let (x0, x1) = ((centre[0] - half + 0.5).floor() as i32, (centre[0] + half + 0.5).floor() as i32);
                for x in x0..x1.max(x0 + 1) {
                    let row = y - top;
                    if x >= 0 && row >= 0 && x < width as i32 && row < height as i32 {
                        pixels[(row as u32 * width + x as u32) as usize] += 1;
                    }
                }
            }
            pixels
        };
        let paint = Paint::new([0, 0, 0], 256);
        for centre in [[0.3, 0.4], [-1.2, 5.5], [11.8, 3.0], [6.0, -1.7], [4.4, 9.9], [2.5, 14.2], [13.9, -2.0]] {
            for r in [1.5, 2.0, 2.7, 4.2] {
                for top in [0, 4, 8] {
                    let (width, height) = (12, 4);
                    let mut band = Raster::new(width, height, [255, 255, 255]);
                    band.disc_in_band(centre, r, paint, top);
                    let drawn: Vec<u32> = band.pixels().iter().map(|&p| u32::from(p & 0xff == 0)).collect();
                    assert_eq!(drawn, expected(width, height, top, centre, r), "disc at {centre:?}, r {r}, band from row {top}");
                }
            }
        }
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
        assert!(some.visible_estimated && (1900..=2100).contains(&some.edges_visible), "1,000 lit edges counted, the rest estimated: {some:?}");
        assert!(some.edges_drawn > 1000 && some.edges_drawn < 1500, "the 1,000 spokes (lit) and a sample of the rest: {some:?}");
        assert_eq!(draw(&mut r, &frame, &style), some, "the same sample every frame");
        style.pixel_budget = 0;
        assert_eq!(draw(&mut r, &frame, &style).edges_drawn, 1000, "the focus's edges are always drawn");
    }

    #[test]
    fn a_zoomed_out_crowd_is_drawn_as_dots_and_nodes_sized_up_stay_discs() {
        // 600 nodes: one alone at the centre of a 40 × 40 frame, the rest in a heap at `crowd`.
        let n = 600;
        let nodes: Vec<String> = (0..n).map(|i| format!(r#"{{"id":"n{i}","type":"person"}}"#)).collect();
        let text = format!(r#"{{"nodes":[{}],"edges":[]}}"#, nodes.join(","));
        let g = KnowledgeGraph::from_document(load_str(&text).map(|r| r.document).unwrap_or_default());
        let style = RasterStyle { background: [255, 255, 255], edge: [0, 0, 0], edge_lit: [0, 0, 0], edge_alpha: 255, pixel_budget: u64::MAX };
        // Whether the frame drew dots, and the pixels inked within 6 of the lone node.
        let draw_with = |p: &Presentation, crowd: Vec2, zoom: f32| {
            let positions: Vec<Vec2> = (0..n).map(|i| if i == 0 { [0.0, 0.0] } else { crowd }).collect();
            let camera = Camera { centre: [0.0, 0.0], zoom, viewport: [40.0, 40.0] };
            let lit = p.highlighted(None);
            let mut r = Raster::new(40, 40, [255, 255, 255]);
            let frame = RasterFrame { graph: &g, presentation: p, positions: &positions, camera: &camera, focus: None, lit: &lit, ratio: 1.0 };
            let stats = draw(&mut r, &frame, &style);
            let inked = (14..26).flat_map(|y| (14..26).map(move |x| (x, y))).filter(|&(x, y)| r.at(x, y) != [255, 255, 255, 255]).count();
            (stats.dots, inked)
        };
        let p = Presentation::new(&g, false);
        // Zoomed out (nodes drawn at the smallest radius, 2 px): 600 discs of 12.6 px would
        // cover the 1,600-pixel frame 4.7 times over, so each is a 2 × 2 dot.
        assert_eq!(draw_with(&p, [-40.0, -40.0], 0.3), (true, 4));
        // The same view with the heap outside the frame: one node in view, drawn as a disc.
        let (dots, inked) = draw_with(&p, [-1000.0, -1000.0], 0.3);
        assert!(!dots && (11..=16).contains(&inked), "a disc of radius 2: {inked} pixels");
        // Closer (nodes drawn at their own size, 2.5 px), the heap in view: discs, not dots.
        assert!(!draw_with(&p, [-10.0, -10.0], 0.5).0);
        // A node sized up by a measure (2.5 times the standard radius) stays a disc among dots.
        let values: Vec<f32> = (0..n).map(|i| if i == 0 { 1.0 } else { 0.0 }).collect();
        let (dots, inked) = draw_with(&p.clone().size_by(&values), [-40.0, -40.0], 0.3);
        assert!(dots && (70..=90).contains(&inked), "a disc of radius 5 among dots: {inked} pixels");
    }

    #[test]
    fn a_frame_drawn_in_bands_is_the_frame_drawn_whole() {
        // A ring of 300 nodes with chords, a focus and a budget that leaves edges out.
        let n = 300;
        let nodes: Vec<String> = (0..n).map(|i| format!(r#"{{"id":"n{i}","type":"{}"}}"#, if i % 3 == 0 { "organization" } else { "person" })).collect();
        let edges: Vec<String> = (0..n).flat_map(|i| [format!(r#"{{"source":"n{i}","target":"n{}","type":"knows"}}"#, (i + 1) % n), format!(r#"{{"source":"n{i}","target":"n{}","type":"knows"}}"#, (i * 7 + 3) % n)]).collect();
        let text = format!(r#"{{"nodes":[{}],"edges":[{}]}}"#, nodes.join(","), edges.join(","));
        let g = KnowledgeGraph::from_document(load_str(&text).map(|r| r.document).unwrap_or_default());
        let p = Presentation::new(&g, false);
        let positions: Vec<Vec2> = (0..n).map(|i| { let a = i as f32 * std::f32::consts::TAU / n as f32; [a.cos() * 140.0, a.sin() * 95.0] }).collect();
        let camera = Camera { centre: [0.0, 0.0], zoom: 1.0, viewport: [320.0, 210.0] };
        let focus = Some(crate::NodeId(5));
        let lit = p.highlighted(focus);
        let frame = RasterFrame { graph: &g, presentation: &p, positions: &positions, camera: &camera, focus, lit: &lit, ratio: 1.0 };
        for budget in [u64::MAX, 20_000] {
            let style = RasterStyle { background: [255, 255, 255], edge: [0, 0, 0], edge_lit: [200, 0, 0], edge_alpha: 110, pixel_budget: budget };
            let mut whole = Raster::new(320, 210, [0, 0, 0]);
            let expected = draw(&mut whole, &frame, &style);
            // Bands of 16 rows (the last one reaching past the frame), put together.
            let mut joined = Raster::new(320, 210, [0, 0, 0]);
            let mut band = Raster::new(320, 16, [0, 0, 0]);
            let mut tops = Vec::new();
            let stats = draw_in_bands(&mut band, 210, &frame, &style, &mut |band, top| {
                tops.push(top);
                for y in 0..band.height.min(210 - top) {
                    for x in 0..320 {
                        joined.pixels[((top + y) * 320 + x) as usize] = band.pixels[(y * 320 + x) as usize];
                    }
                }
            });
            assert_eq!(stats, expected, "the same edges drawn and counted");
            assert_eq!(tops, (0..14).map(|k| k * 16).collect::<Vec<u32>>());
            let differing = (0..320 * 210).filter(|&i| joined.pixels[i] != whole.pixels[i]).count();
            let inked = (0..320 * 210).filter(|&i| whole.pixels[i] != pack([255, 255, 255])).count();
            assert!(inked > 5_000, "the frame shows the graph: {inked} pixels");
            assert_eq!(differing, 0, "pixels differ from the whole frame");
        }
    }

    #[test]
    fn the_spread_order_visits_every_edge_once_and_any_prefix_evenly() {
        for m in [0usize, 1, 2, 3, 10, 997, 1000, 10_000, 65_536] {
            let s = crate::present::spread_stride(m);
            let mut seen = vec![false; m];
            let mut k = 0;
            for _ in 0..m {
                assert!(!seen[k], "m = {m}: {k} twice");
                seen[k] = true;
                k = (k + s) % m;
            }
            assert!(seen.iter().all(|&v| v));
        }
        // The first tenth of the walk puts about a tenth of its steps in each tenth of the list.
        let (m, s) = (10_000, crate::present::spread_stride(10_000));
        let mut per_block = [0; 10];
        let mut k = 0;
        for _ in 0..m / 10 {
            per_block[k * 10 / m] += 1;
            k = (k + s) % m;
        }
        assert!(per_block.iter().all(|&c| (95..=105).contains(&c)), "{per_block:?}");
    }
}
