//! The Canvas 2-D renderer: draws a [`Scene`] through a [`Camera`], edges first, then nodes,
//! then the labels chosen by the core's label placement.

use kg_core::camera::Camera;
use kg_core::scene::{node_screen_radius, Scene};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// Local fonts only: the system's CJK fonts in order of preference, then the generic family.
pub const LABEL_FONT: &str = "12px \"Noto Sans CJK SC\", \"Noto Sans CJK TC\", \"Source Han Sans SC\", \
\"PingFang SC\", \"PingFang TC\", \"Microsoft YaHei\", \"Microsoft JhengHei\", \"WenQuanYi Micro Hei\", sans-serif";

/// The colours of one theme.
pub struct Palette {
    pub background: &'static str,
    pub edge: &'static str,
    pub label: &'static str,
    pub label_halo: &'static str,
}

/// The light theme.
pub const LIGHT: Palette = Palette { background: "#ffffff", edge: "#b8b8b8", label: "#222222", label_halo: "#ffffff" };

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
        let ratio = gloo::utils::window().device_pixel_ratio().max(1.0);
        let width = canvas.client_width().max(1) as f64;
        let height = canvas.client_height().max(1) as f64;
        canvas.set_width((width * ratio).round() as u32);
        canvas.set_height((height * ratio).round() as u32);
        let context = canvas.get_context("2d").ok()??.dyn_into::<CanvasRenderingContext2d>().ok()?;
        context.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0).ok()?;
        Some(Surface { canvas, context, size: [width as f32, height as f32] })
    }
}

/// Draws the whole scene.
pub fn draw(surface: &Surface, scene: &Scene, camera: &Camera, palette: &Palette) {
    let ctx = &surface.context;
    let [w, h] = surface.size;
    ctx.set_fill_style_str(palette.background);
    ctx.fill_rect(0.0, 0.0, w as f64, h as f64);

    ctx.set_stroke_style_str(palette.edge);
    ctx.set_line_width(1.0);
    ctx.begin_path();
    for (_, s, t) in scene.graph.edges() {
        let a = camera.screen_from_world(scene.positions[s.index()]);
        let b = camera.screen_from_world(scene.positions[t.index()]);
        ctx.move_to(a[0] as f64, a[1] as f64);
        ctx.line_to(b[0] as f64, b[1] as f64);
    }
    ctx.stroke();

    let radius = node_screen_radius(camera) as f64;
    for kind in kg_core::NodeKind::ALL {
        ctx.set_fill_style_str(kind.colour());
        ctx.begin_path();
        for id in scene.graph.node_ids().filter(|&id| scene.graph.kind(id) == kind) {
            let p = camera.screen_from_world(scene.positions[id.index()]);
            let (x, y) = (p[0] as f64, p[1] as f64);
            if x < -radius || y < -radius || x > w as f64 + radius || y > h as f64 + radius {
                continue;
            }
            ctx.move_to(x + radius, y);
            let _ = ctx.arc(x, y, radius, 0.0, std::f64::consts::TAU);
        }
        ctx.fill();
    }

    ctx.set_font(LABEL_FONT);
    ctx.set_text_align("center");
    ctx.set_text_baseline("top");
    let labels = scene.visible_labels(camera, |text| {
        let width = ctx.measure_text(text).map(|m| m.width() as f32).unwrap_or(text.chars().count() as f32 * 12.0);
        [width + 4.0, 15.0]
    });
    ctx.set_line_width(3.0);
    ctx.set_stroke_style_str(palette.label_halo);
    ctx.set_fill_style_str(palette.label);
    let offset = radius + 2.0;
    for id in labels {
        let p = camera.screen_from_world(scene.positions[id.index()]);
        let text = scene.graph.node(id).display_label();
        let _ = ctx.stroke_text(text, p[0] as f64, p[1] as f64 + offset);
        let _ = ctx.fill_text(text, p[0] as f64, p[1] as f64 + offset);
    }
}
