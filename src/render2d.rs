//! The Canvas 2-D renderer: draws one frame (edges, then nodes, then labels) from the scene, what
//! is shown, the live positions and the camera. Nodes outside the focus's neighbourhood are
//! dimmed; the selection gets a ring; edges around the focus are labelled.

use kg_core::camera::{Camera, Vec2};
use kg_core::edge_shape::shows_arrow;
use kg_core::idhash::IdMap;
use kg_core::present::Presentation;
use kg_core::scene::{node_screen_radius, Scene};
use kg_core::NodeId;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// Local fonts only: the system's CJK fonts in order of preference, then the generic family.
/// `boot.js` repeats it and the palettes' label colours (an end-to-end test keeps them equal).
pub const LABEL_FONT: &str = "12px \"Noto Sans CJK SC\", \"Noto Sans CJK TC\", \"Source Han Sans SC\", \
\"PingFang SC\", \"PingFang TC\", \"Microsoft YaHei\", \"Microsoft JhengHei\", \"WenQuanYi Micro Hei\", sans-serif";

/// The colours of one theme.
pub struct Palette {
    pub background: &'static str,
    pub edge: &'static str,
    pub edge_lit: &'static str,
    pub label: &'static str,
    pub label_halo: &'static str,
    pub selection: &'static str,
}

/// The light theme.
pub static LIGHT: Palette = Palette {
    background: "#ffffff",
    edge: "#b8b8b8",
    edge_lit: "#555555",
    label: "#222222",
    label_halo: "#ffffff",
    selection: "#111111",
};

/// The dark theme.
pub static DARK: Palette = Palette {
    background: "#15171a",
    edge: "#4a4f57",
    edge_lit: "#c8ccd2",
    label: "#e8e8e8",
    label_halo: "#15171a",
    selection: "#f5f5f5",
};

/// A canvas sized to its CSS box at the device's pixel ratio, with its 2-D context.
pub struct Surface {
    pub canvas: HtmlCanvasElement,
    pub context: CanvasRenderingContext2d,
    /// Size in CSS pixels.
    pub size: [f32; 2],
}

impl Surface {
    /// Prepares `canvas` for drawing: matches its backing store to its CSS size times the
    /// device pixel ratio. Returns `None` when the browser gives no 2-D context.
    pub fn new(canvas: HtmlCanvasElement) -> Option<Surface> {
        let (size, _) = fit_backing(&canvas);
        let ratio = gloo::utils::window().device_pixel_ratio().max(1.0);
        let context = context_2d(&canvas)?;
        context.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0).ok()?;
        Some(Surface { canvas, context, size })
    }
}

impl Surface {
    /// A canvas outside the page of `size` CSS pixels at `ratio` device pixels each (for
    /// exports at twice the screen's resolution).
    pub fn offscreen(size: [f32; 2], ratio: f64) -> Option<Surface> {
        let canvas: HtmlCanvasElement = gloo::utils::document().create_element("canvas").ok()?.dyn_into().ok()?;
        canvas.set_width((size[0] as f64 * ratio).round() as u32);
        canvas.set_height((size[1] as f64 * ratio).round() as u32);
        let context = context_2d(&canvas)?;
        context.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0).ok()?;
        Some(Surface { canvas, context, size })
    }
}

/// A canvas's 2-D context, kept in main memory (`willReadFrequently`). The Canvas 2-D renderer
/// runs where the GPU is missing or software: there a GPU-backed canvas (on SwiftShader, once the
/// page has probed WebGL) makes every frame's hand-over to the compositor cost ~90 ms.
pub fn context_2d(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"willReadFrequently".into(), &wasm_bindgen::JsValue::TRUE);
    canvas.get_context_with_context_options("2d", &options).ok()??.dyn_into::<CanvasRenderingContext2d>().ok()
}

/// Matches a canvas's backing store to its CSS size times the device pixel ratio. Returns the
/// size in CSS pixels and in device pixels.
pub fn fit_backing(canvas: &HtmlCanvasElement) -> ([f32; 2], [u32; 2]) {
    let (size, [w, h]) = box_of(canvas);
    if canvas.width() != w || canvas.height() != h {
        canvas.set_width(w);
        canvas.set_height(h);
    }
    (size, [w, h])
}

/// The canvas's box in CSS pixels, and the backing size in device pixels that fits it.
pub fn box_of(canvas: &HtmlCanvasElement) -> ([f32; 2], [u32; 2]) {
    let ratio = gloo::utils::window().device_pixel_ratio().max(1.0);
    let width = canvas.client_width().max(1) as f64;
    let height = canvas.client_height().max(1) as f64;
    ([width as f32, height as f32], [(width * ratio).round() as u32, (height * ratio).round() as u32])
}

/// Everything one frame shows.
pub struct Frame<'a> {
    pub scene: &'a Scene,
    pub presentation: &'a Presentation,
    pub positions: &'a [Vec2],
    pub camera: &'a Camera,
    /// The hovered node, or else the selected one: its neighbourhood stays lit.
    pub focus: Option<NodeId>,
    pub selected: Option<NodeId>,
    /// Label widths measured so far (NaN where not yet), kept between frames: measuring text is
    /// the costly part of a frame.
    pub label_widths: &'a std::cell::RefCell<Vec<f32>>,
    /// True while the layout moves the nodes: a rasterized frame then draws a quarter of the edge
    /// pixels (the picture changes several times a second; the full sample comes at rest).
    pub moving: bool,
    /// Set by the drawing when some labels were placed by an estimate of their width (a frame
    /// measures at most [`MEASURES_PER_FRAME`] new labels): another frame should follow.
    pub labels_pending: std::cell::Cell<bool>,
}

/// How many characters a frame measures that no frame has measured yet, at most. Measuring
/// text is a call into the browser each (the first frame of a large graph measured 2,000
/// labels, 23 ms); a label is as wide as its characters, each measured once (a whole graph of
/// Latin names has fewer than a hundred distinct ones). A label with a character left
/// unmeasured is placed by a width of one em a character (a CJK character's width; more than
/// most Latin ones, so no label overlaps another) until a later frame measures it.
pub const MEASURES_PER_FRAME: usize = 200;

thread_local! {
    /// The width of each character met so far in [`LABEL_FONT`] (the only font labels use),
    /// looked up for every character of every label a frame places: hashed with the ids' fast
    /// hasher, not SipHash.
    static GLYPH_WIDTHS: std::cell::RefCell<IdMap<char, f32>> = Default::default();
}

/// The width of `text` as the sum of its characters' widths, measuring (with `measure`) the
/// characters not in `glyphs` yet; `None` when `measure` declines one. Kerning is left out,
/// which is a fraction of a pixel a pair: label placement keeps a margin of 4 pixels.
fn label_width(text: &str, glyphs: &mut IdMap<char, f32>, measure: &mut dyn FnMut(char) -> Option<f32>) -> Option<f32> {
    let mut width = 0.0;
    for c in text.chars() {
        width += match glyphs.get(&c) {
            Some(&w) => w,
            None => {
                let w = measure(c)?;
                glyphs.insert(c, w);
                w
            }
        };
    }
    Some(width)
}

/// One character's width in the canvas's current font.
fn glyph_width(ctx: &CanvasRenderingContext2d, c: char) -> Option<f32> {
    let mut buffer = [0u8; 4];
    ctx.measure_text(c.encode_utf8(&mut buffer)).ok().map(|m| m.width() as f32)
}

/// The width of `text` in the canvas's current font, as labels are measured (test hook).
pub fn measured_label_width(ctx: &CanvasRenderingContext2d, text: &str) -> Option<f32> {
    let mut glyphs = IdMap::default();
    label_width(text, &mut glyphs, &mut |c| glyph_width(ctx, c))
}

/// From this many shown edges on, a Canvas 2-D frame rasterizes edges and nodes in Rust
/// (`kg_core::raster`) and puts the pixels on the canvas band by band, instead of stroking a
/// path of every segment: at 20,000 edges the browser took 55–95 ms to record such a frame and
/// 100–120 ms more to rasterize it (2026-11-28), the raster path ~50–80 ms in all.
pub const RASTER_EDGES: usize = 10_000;

/// Rows of the canvas a raster band holds: a 1280-pixel-wide canvas needs 320 KB for a band,
/// where a whole frame would keep 4 MB in the module's memory for good.
const RASTER_BAND_ROWS: u32 = 64;

/// Edge pixels a rasterized frame may draw, per device pixel of the canvas: about 30 ms of
/// blending on one core of this machine at 1280 × 800 (`cargo bench -p kg-core -- raster`);
/// a quarter of that while the layout moves the nodes.
pub const RASTER_PIXELS_PER_PIXEL: u64 = 2;

/// Draws a whole frame on one 2-D canvas: background, edges, nodes, then the marks on top.
/// Returns what the rasterizer drew when the edges and nodes were rasterized (a large graph).
pub fn draw(surface: &Surface, frame: &Frame, palette: &Palette) -> Option<kg_core::raster::RasterStats> {
    let lit = frame.presentation.highlighted(frame.focus);
    let ctx = &surface.context;
    let [w, h] = surface.size;
    let raster = if frame.presentation.edges.len() >= RASTER_EDGES { draw_raster(surface, frame, palette, &lit) } else { None };
    if raster.is_some() {
        // Arrows where the 2-D renderer draws them (around the focus), and self-loops: found
        // from the presentation's lists, not by a pass over every edge.
        let p = frame.presentation;
        let radius = node_screen_radius(frame.camera) as f64;
        let lit: Vec<usize> = if p.emphasis(frame.focus) { p.lit_edges(frame.focus) } else { Vec::new() };
        ctx.set_line_width(1.0);
        let loops: Vec<usize> = p.self_loops().filter(|k| lit.binary_search(k).is_err()).collect();
        for (edges, colour, touches) in [(loops, palette.edge, false), (lit, palette.edge_lit, true)] {
            ctx.set_stroke_style_str(colour);
            ctx.begin_path();
            for k in edges {
                edge_extras(ctx, frame, &p.edges[k], shows_arrow(touches, radius as f32));
            }
            ctx.stroke();
        }
    } else {
        ctx.set_fill_style_str(palette.background);
        ctx.fill_rect(0.0, 0.0, w as f64, h as f64);
        draw_edges(ctx, frame, palette);
        draw_nodes(ctx, frame, &lit, surface.size);
    }
    draw_marks(ctx, frame, palette, &lit);
    raster
}

/// Rasterizes the frame's edges and nodes at the canvas's device resolution and puts them on
/// the canvas. `None` when the browser refuses the pixels (the caller then draws vectors).
fn draw_raster(surface: &Surface, frame: &Frame, palette: &Palette, lit: &[bool]) -> Option<kg_core::raster::RasterStats> {
    use kg_core::raster::{rgb, Raster, RasterFrame, RasterStyle};
    let (w, h) = (surface.canvas.width(), surface.canvas.height());
    let ratio = w as f32 / surface.size[0].max(1.0);
    let style = RasterStyle {
        background: rgb(palette.background),
        edge: rgb(palette.edge),
        edge_lit: rgb(palette.edge_lit),
        edge_alpha: 110,
        pixel_budget: w as u64 * h as u64 * RASTER_PIXELS_PER_PIXEL / if frame.moving { 4 } else { 1 },
    };
    // One band is kept from frame to frame: allocating it again each frame cost the first frames
    // of a large graph most.
    thread_local! {
        static KEPT: std::cell::RefCell<Option<Raster>> = const { std::cell::RefCell::new(None) };
    }
    let rows = RASTER_BAND_ROWS.min(h.max(1));
    let mut band = match KEPT.take() {
        Some(r) if r.width == w && r.height == rows => r,
        _ => Raster::new(w, rows, style.background),
    };
    let raster_frame = RasterFrame {
        graph: &frame.scene.graph,
        presentation: frame.presentation,
        positions: frame.positions,
        camera: frame.camera,
        focus: frame.focus,
        lit,
        ratio,
    };
    let mut shown = true;
    let stats = kg_core::raster::draw_in_bands(&mut band, h, &raster_frame, &style, &mut |band, top| {
        // wasm32 is little-endian, so the packed pixels' bytes are RGBA already: the image is a
        // view of them in the module's memory (nothing allocates between making the view and
        // using it, so the memory cannot grow under it), copied once by `putImageData`.
        let pixels = band.pixels();
        let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
        let bytes = js_sys::Uint8ClampedArray::new_with_byte_offset_and_length(&memory.buffer(), pixels.as_ptr() as u32, (pixels.len() * 4) as u32);
        shown &= web_sys::ImageData::new_with_js_u8_clamped_array_and_sh(&bytes, w, band.height)
            .ok()
            .and_then(|image| surface.context.put_image_data(&image, 0.0, top as f64).ok())
            .is_some();
    });
    KEPT.set(Some(band));
    shown.then_some(stats)
}

/// Draws what the WebGL renderer leaves to a transparent 2-D canvas on top of it: arrow heads,
/// self-loops, the selection ring and the labels. `lit` is the focus's neighbourhood.
pub fn draw_overlay(surface: &Surface, frame: &Frame, palette: &Palette, lit: &[bool]) {
    let ctx = &surface.context;
    let [w, h] = surface.size;
    ctx.clear_rect(0.0, 0.0, w as f64, h as f64);
    // WebGL draws the lines; arrows go where the 2-D renderer draws them, and self-loops.
    let radius = node_screen_radius(frame.camera) as f64;
    stroke_edges(ctx, frame, palette, |e, touches| {
        if shows_arrow(touches, radius as f32) || e.source == e.target {
            edge_extras(ctx, frame, e, shows_arrow(touches, radius as f32));
        }
    });
    draw_marks(ctx, frame, palette, lit);
}

/// A node's position on the screen, in CSS pixels.
fn screen_of(frame: &Frame, id: NodeId) -> (f64, f64) {
    let p = frame.camera.screen_from_world(frame.positions[id.index()]);
    (p[0] as f64, p[1] as f64)
}

/// Adds an edge's self-loop and, when `arrow`, its arrow head to the current path.
fn edge_extras(ctx: &CanvasRenderingContext2d, frame: &Frame, e: &kg_core::present::ShownEdge, arrow: bool) {
    let ((x1, y1), (x2, y2)) = (screen_of(frame, e.source), screen_of(frame, e.target));
    let target_radius = frame.presentation.screen_radius(frame.camera, e.target) as f64;
    if e.source == e.target {
        // A self-loop: a small circle touching the node from above.
        let loop_r = target_radius.max(4.0);
        ctx.move_to(x1 + loop_r, y1 - target_radius - loop_r);
        let _ = ctx.arc(x1, y1 - target_radius - loop_r, loop_r, 0.0, std::f64::consts::TAU);
    } else if arrow {
        let control = curve_control((x1, y1), (x2, y2), e.lane, e.source <= e.target);
        arrow_head(ctx, control.unwrap_or((x1, y1)), (x2, y2), target_radius);
    }
}

/// Strokes the edges in two paths, dim ones first, then those around the focus on top and
/// darker; `add(edge, touches_focus)` adds each edge's shape to the current path.
fn stroke_edges(ctx: &CanvasRenderingContext2d, frame: &Frame, palette: &Palette, add: impl Fn(&kg_core::present::ShownEdge, bool)) {
    ctx.set_line_width(1.0);
    for pass_lit in [false, true] {
        ctx.set_stroke_style_str(if pass_lit && frame.presentation.emphasis(frame.focus) { palette.edge_lit } else { palette.edge });
        ctx.begin_path();
        for e in &frame.presentation.edges {
            let touches = frame.presentation.edge_lit(e, frame.focus);
            if touches == pass_lit {
                add(e, touches);
            }
        }
        ctx.stroke();
    }
}

/// Draws the edges with their arrows (around the focus, or all once zoomed in).
fn draw_edges(ctx: &CanvasRenderingContext2d, frame: &Frame, palette: &Palette) {
    let radius = node_screen_radius(frame.camera) as f64;
    stroke_edges(ctx, frame, palette, |e, touches| {
        if e.source != e.target {
            let ((x1, y1), (x2, y2)) = (screen_of(frame, e.source), screen_of(frame, e.target));
            ctx.move_to(x1, y1);
            match curve_control((x1, y1), (x2, y2), e.lane, e.source <= e.target) {
                Some((cx, cy)) => ctx.quadratic_curve_to(cx, cy, x2, y2),
                None => ctx.line_to(x2, y2),
            }
        }
        edge_extras(ctx, frame, e, shows_arrow(touches, radius as f32));
    });
}

/// Draws the nodes, one path per colour and brightness.
fn draw_nodes(ctx: &CanvasRenderingContext2d, frame: &Frame, lit: &[bool], size: [f32; 2]) {
    let [w, h] = size;
    let (presentation, camera, graph) = (frame.presentation, frame.camera, &frame.scene.graph);
    let mut by_colour: Vec<(&'static str, Vec<NodeId>)> = Vec::new();
    for id in graph.node_ids() {
        if !presentation.node_visible[id.index()] {
            continue;
        }
        let colour = presentation.colour(graph, id);
        match by_colour.iter_mut().find(|(c, _)| *c == colour) {
            Some((_, ids)) => ids.push(id),
            None => by_colour.push((colour, vec![id])),
        }
    }
    for dim in [true, false] {
        ctx.set_global_alpha(if dim { 0.2 } else { 1.0 });
        for (colour, ids) in &by_colour {
            ctx.set_fill_style_str(colour);
            ctx.begin_path();
            for &id in ids {
                if lit[id.index()] == dim {
                    continue;
                }
                let (x, y) = screen_of(frame, id);
                let r = presentation.screen_radius(camera, id) as f64;
                if x < -r || y < -r || x > w as f64 + r || y > h as f64 + r {
                    continue;
                }
                ctx.move_to(x + r, y);
                let _ = ctx.arc(x, y, r, 0.0, std::f64::consts::TAU);
            }
            ctx.fill();
        }
    }
    ctx.set_global_alpha(1.0);
}

/// Draws the selection ring, the edge labels around the focus and the node labels the core
/// chooses (most important first, never overlapping).
fn draw_marks(ctx: &CanvasRenderingContext2d, frame: &Frame, palette: &Palette, lit: &[bool]) {
    let (presentation, camera, graph, positions) = (frame.presentation, frame.camera, &frame.scene.graph, frame.positions);
    let screen = |id: NodeId| screen_of(frame, id);
    if let Some(sel) = frame.selected {
        let (x, y) = screen(sel);
        ctx.set_stroke_style_str(palette.selection);
        ctx.set_line_width(2.0);
        ctx.begin_path();
        let _ = ctx.arc(x, y, presentation.screen_radius(camera, sel) as f64 + 3.0, 0.0, std::f64::consts::TAU);
        ctx.stroke();
    }

    // Labels: edge labels around the focus, then node labels chosen by the core.
    ctx.set_font(LABEL_FONT);
    ctx.set_text_align("center");
    ctx.set_line_width(3.0);
    ctx.set_stroke_style_str(palette.label_halo);
    ctx.set_fill_style_str(palette.label);
    if presentation.emphasis(frame.focus) {
        ctx.set_text_baseline("middle");
        // The focus's edges, found in one pass over the shown edges.
        let lit_edges: Vec<&kg_core::present::ShownEdge> = presentation.lit_edges(frame.focus).into_iter().map(|k| &presentation.edges[k]).collect();
        for e in &lit_edges {
            let text = e.label.clone().or_else(|| e.edge.map(|id| graph.edge(id).kind.to_string())).unwrap_or_default();
            let ((x1, y1), (x2, y2)) = (screen(e.source), screen(e.target));
            // On a curve the label sits at the curve's middle, halfway to the control point.
            let (mx, my) = match curve_control((x1, y1), (x2, y2), e.lane, e.source <= e.target) {
                Some((cx, cy)) => ((x1 + x2) / 4.0 + cx / 2.0, (y1 + y2) / 4.0 + cy / 2.0),
                None => ((x1 + x2) / 2.0, (y1 + y2) / 2.0),
            };
            let (mx, my) = (mx.round(), my.round());
            let _ = ctx.stroke_text(&text, mx, my);
            let _ = ctx.fill_text(&text, mx, my);
        }
        // The entities those edges join stay visible above the edges' labels.
        let mut ends: Vec<NodeId> = lit_edges.iter().flat_map(|e| [e.source, e.target]).collect();
        kg_core::sorting::sort_by(&mut ends, |a, b| a.cmp(b));
        ends.dedup();
        for id in ends {
            let (x, y) = screen(id);
            ctx.set_fill_style_str(presentation.colour(graph, id));
            ctx.begin_path();
            let _ = ctx.arc(x, y, presentation.screen_radius(camera, id) as f64, 0.0, std::f64::consts::TAU);
            ctx.fill();
        }
        ctx.set_fill_style_str(palette.label);
    }
    ctx.set_text_baseline("top");
    let mut widths = frame.label_widths.borrow_mut();
    if widths.len() != graph.node_count() {
        *widths = vec![f32::NAN; graph.node_count()];
    }
    let mut measured = 0;
    let labels = GLYPH_WIDTHS.with_borrow_mut(|glyphs| {
        presentation.visible_labels(positions, &frame.scene.by_importance, camera, frame.focus, lit, |id| {
            let w = &mut widths[id.index()];
            let text = graph.node(id).display_label();
            if w.is_nan() {
                match label_width(text, glyphs, &mut |c| {
                    if measured == MEASURES_PER_FRAME {
                        return None;
                    }
                    measured += 1;
                    glyph_width(ctx, c)
                }) {
                    Some(width) => *w = width,
                    None => {
                        frame.labels_pending.set(true);
                        return [text.chars().count() as f32 * 12.0 + 4.0, 15.0];
                    }
                }
            }
            [*w + 4.0, 15.0]
        })
    });
    drop(widths);
    for id in labels {
        ctx.set_global_alpha(if lit[id.index()] { 1.0 } else { 0.35 });
        let (x, y) = screen(id);
        let offset = presentation.screen_radius(camera, id) as f64 + 2.0;
        let text = graph.node(id).display_label();
        // On whole pixels: sharper, and the browser reuses the glyphs it rasterized at the same
        // sub-pixel offset and colours (`boot.js` draws the labels of a small graph ahead, so
        // the first frame's labels cost a fraction of their first rasterizing).
        let (x, y) = (x.round(), (y + offset).round());
        let _ = ctx.stroke_text(text, x, y);
        let _ = ctx.fill_text(text, x, y);
    }
    ctx.set_global_alpha(1.0);
}

/// The control point that bends a parallel edge away from the straight line
/// (`kg_core::edge_shape::curve_control`, in the canvas's pixels); `None` for a straight edge.
fn curve_control(from: (f64, f64), to: (f64, f64), lane: i32, canonical: bool) -> Option<(f64, f64)> {
    kg_core::edge_shape::curve_control([from.0 as f32, from.1 as f32], [to.0 as f32, to.1 as f32], lane, canonical).map(|c| (c[0] as f64, c[1] as f64))
}

/// Adds an arrow head (`kg_core::edge_shape::arrow_head`) at the target end of an edge, just
/// outside the target's disc, pointing along the line from `from` (the source, or a curve's
/// control point).
fn arrow_head(ctx: &CanvasRenderingContext2d, from: (f64, f64), to: (f64, f64), radius: f64) {
    if let Some([a, tip, b]) = kg_core::edge_shape::arrow_head([from.0 as f32, from.1 as f32], [to.0 as f32, to.1 as f32], radius as f32) {
        ctx.move_to(a[0] as f64, a[1] as f64);
        ctx.line_to(tip[0] as f64, tip[1] as f64);
        ctx.line_to(b[0] as f64, b[1] as f64);
        ctx.move_to(to.0, to.1);
    }
}

/// The labels the last frame showed, as far as the measured widths tell (unmeasured labels are
/// estimated at 12 pixels a character), for exports of the same view.
pub fn label_ids(frame: &Frame) -> Vec<NodeId> {
    let lit = frame.presentation.highlighted(frame.focus);
    let widths = frame.label_widths.borrow();
    let graph = &frame.scene.graph;
    frame.presentation.visible_labels(frame.positions, &frame.scene.by_importance, frame.camera, frame.focus, &lit, |id| {
        let w = widths.get(id.index()).copied().filter(|w| !w.is_nan()).unwrap_or(graph.node(id).display_label().chars().count() as f32 * 12.0);
        [w + 4.0, 15.0]
    })
}

