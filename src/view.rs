//! The interactive network: the canvas with its camera and pointer, wheel and keyboard handling,
//! the toolbar (roles as nodes or collapsed), the legend, counts, the selection and the list of
//! entities. Mutable view state (positions, camera, hover, drag) lives in one `RefCell` shared
//! by the event listeners; what the DOM shows (selection, role mode) is Yew state.

use crate::fatal::show_fatal;
use crate::layout_client::{LayoutClient, Progress};
use crate::embed::{Bus, Chrome, Options, Wheel};
use crate::explore_ui::{swatch, DetailsPanel, LazyIndex, FilterPanel, PathPanel, SearchBox, Timeline};
use crate::i18n::{kind_name, Lang, Text};
use crate::render2d::{draw, draw_overlay, fit_backing, Frame, Palette, Surface, DARK, LIGHT};
use crate::render_gl::{Choice, GlRenderer, Kind};
use gloo::events::{EventListener, EventListenerOptions};
use gloo::render::{request_animation_frame, AnimationFrame};
use kg_core::camera::{Camera, Vec2};
use kg_core::present::Presentation;
use kg_core::explore::Filters;
use kg_core::protocol::Command;
use kg_core::viewspec::ViewSpec;
use kg_core::{NodeId, Scene};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlCanvasElement, KeyboardEvent, PointerEvent, WheelEvent};
use yew::prelude::*;

/// How far a press may move and still count as a click, in CSS pixels.
const CLICK_SLOP: f32 = 4.0;
/// The smallest disc the pointer can hit, in CSS pixels.
const MIN_HIT: f32 = 12.0;
/// The most entities, and relations, the list shows (its search narrows it): 1,000 of each took
/// the page 180 ms to lay out on a large graph.
const LIST_LIMIT: usize = 250;

/// What a pointer press is doing.
enum Drag {
    None,
    /// Panning the view; `moved` tells a click from a drag.
    Pan { last: Vec2, start: Vec2, moved: bool },
    /// Moving a node, which stays where it is dropped.
    Node { id: NodeId, start: Vec2, moved: bool },
    /// Two fingers: zooming by their spread and panning by their midpoint.
    Pinch { spread: f32, mid: Vec2 },
}

/// The two touch points of a pinch: their spread and midpoint.
fn pinch_of(a: Vec2, b: Vec2) -> (f32, Vec2) {
    (((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt().max(1.0), [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0])
}

/// The mutable state the listeners share.
struct ViewState {
    scene: Rc<Scene>,
    presentation: Rc<Presentation>,
    positions: Vec<Vec2>,
    camera: Option<Camera>,
    hover: Option<NodeId>,
    selected: Option<NodeId>,
    drag: Drag,
    pending: Option<AnimationFrame>,
    canvas: Option<HtmlCanvasElement>,
    /// What draws the nodes and edges.
    backend: Backend,
    /// The 2-D canvas a Canvas 2-D frame is drawn on: the main canvas, or the overlay when WebGL
    /// took the main canvas and then failed.
    canvas_2d: Option<HtmlCanvasElement>,
    /// The transparent 2-D canvas over a WebGL canvas, for labels and marks.
    overlay: Option<HtmlCanvasElement>,
    /// The running layout, if any.
    layout: Option<LayoutClient>,
    /// True once the person has moved the camera: the view then stops following the layout.
    camera_moved: bool,
    /// The running transition between layouts, if any.
    transition: Option<AnimationFrame>,
    /// The entities collapsed by a double-click (mirrored into Yew state for the presentation).
    collapsed: Vec<NodeId>,
    /// Label widths measured so far, one per node.
    label_widths: RefCell<Vec<f32>>,
    /// True when something other than the camera changed since the last full frame.
    needs_full: bool,
    /// The last full frame and the camera it was drawn with, kept when full frames are slow, so
    /// that camera moves can show it transformed and redraw in full once the camera rests.
    snapshot: Option<(HtmlCanvasElement, Camera)>,
    /// How long the last full frame took, in milliseconds.
    full_ms: f64,
    /// Redraws in full when the camera has rested.
    rest: Option<gloo::timers::callback::Timeout>,
    /// Full frames at least this slow (ms) make camera moves use the snapshot; read once.
    slow_frame_ms: f64,
    /// The pointers currently down (id, position), for pinch zoom.
    pointers: Vec<(i32, Vec2)>,
    /// The colours of the current theme.
    palette: &'static Palette,
    /// The shareable view without its camera, for the URL fragment.
    spec: ViewSpec,
    /// Writes the camera into the URL fragment once it rests.
    hash_timer: Option<gloo::timers::callback::Timeout>,
    /// Whether the view's fragment has been asked for once (the opening view's is written by
    /// `hash_timer`, after the first frame).
    hash_written: bool,
    /// Whether the view lives in the URL fragment (not inside a host page).
    use_hash: bool,
    /// When the wheel zooms.
    wheel: Wheel,
    /// The line to the host page (hover events go out through it).
    bus: Rc<Bus>,
    /// The layout worker's script.
    worker_url: String,
    /// The interface's words (for notes the renderer writes).
    text: &'static Text,
    /// True while layout batches keep arriving (frames then draw a sparser edge sample).
    layout_moving: bool,
    /// True once a full frame has been drawn.
    drawn: bool,
    /// True when the first frame was drawn before the effects ran (see `graph_view`): their
    /// first run then need not draw it again.
    drawn_early: bool,
    /// True under the benchmark until the first full frame, two animation frames after which
    /// `window.__bench` is completed; what that keeps alive is held in `bench_keep`.
    bench_pending: bool,
    bench_keep: Vec<Box<dyn std::any::Any>>,
}

/// Full frames slower than this make camera moves show the last frame transformed instead. A
/// frame lasts 16.7 ms at 60 Hz, and the browser's own part of it (committing the frame,
/// compositing the canvas) took 3–5 ms here: with 24 ms, a 1,000-node graph after its layout
/// drew a full frame at every move and was dragged at 31 frames a second; with 12, at 58–60
/// (`tests/perf/drag.mjs`).
/// `?transform-ms=N` overrides it (0 forces transformed frames, for tests).
const SLOW_FRAME_MS: f64 = 12.0;
/// How long the camera must rest before a transformed view is redrawn in full.
const REST_MS: u32 = 150;

/// The margin around the whole graph when the camera fits it, in CSS pixels.
pub(crate) const FIT_MARGIN: f32 = 40.0;

fn slow_frame_ms() -> f64 {
    let search = gloo::utils::window().location().search().unwrap_or_default();
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()
        .and_then(|p| p.get("transform-ms"))
        .and_then(|v| kg_core::decimal::parse(&v))
        .unwrap_or(SLOW_FRAME_MS)
}

/// Milliseconds since the page started.
pub(crate) fn now_ms() -> f64 {
    gloo::utils::window().performance().map_or(0.0, |p| p.now())
}

type Shared = Rc<RefCell<ViewState>>;

/// What draws the nodes and edges.
enum Backend {
    Canvas,
    Gl(Box<GlRenderer>),
}

/// The `?renderer=` URL parameter, if any.
pub(crate) fn renderer_param() -> Option<String> {
    let search = gloo::utils::window().location().search().unwrap_or_default();
    web_sys::UrlSearchParams::new_with_str(&search).ok().and_then(|p| p.get("renderer"))
}

/// Takes the canvases into the shared state once they are in the page, making the WebGL
/// renderer when it was chosen; later calls give the canvas taken. `None` before the canvas is
/// in the page.
fn attach_canvas(state: &Shared, canvas_ref: &NodeRef, overlay_ref: &NodeRef, renderer: &UseStateHandle<Choice>) -> Option<HtmlCanvasElement> {
    if let Some(canvas) = state.borrow().canvas.clone() {
        return Some(canvas);
    }
    let canvas = canvas_ref.cast::<HtmlCanvasElement>()?;
    let overlay = overlay_ref.cast::<HtmlCanvasElement>();
    let mut st = state.borrow_mut();
    st.canvas = Some(canvas.clone());
    st.canvas_2d = Some(canvas.clone());
    st.overlay = overlay.clone();
    if renderer.kind == Kind::WebGl {
        match GlRenderer::new(&canvas) {
            Ok(gl) => {
                st.backend = Backend::Gl(Box::new(gl));
                // WebGL frames are fast: camera moves redraw in full.
                st.slow_frame_ms = f64::INFINITY;
            }
            Err(why) => {
                // The main canvas may now be bound to WebGL: draw on the overlay.
                gloo::console::warn!(format!("WebGL2 renderer unavailable, using Canvas 2-D: {why}"));
                if crate::render2d::context_2d(&canvas).is_none() {
                    st.canvas_2d = overlay;
                }
                renderer.set(Choice { kind: Kind::Canvas, reason: format!("Canvas 2-D: WebGL2 failed ({why})") });
            }
        }
    }
    Some(canvas)
}

/// Draws now (called from the animation frame): the last full frame transformed when only the
/// camera moved and full frames are slow, otherwise a full frame.
fn draw_now(state: &Shared) {
    let mut st = state.borrow_mut();
    st.pending = None;
    let Some(canvas) = st.canvas.clone() else { return };
    let (size, pixels) = fit_backing(&canvas);
    let camera = match st.camera {
        Some(mut c) => {
            c.viewport = size;
            c
        }
        // The first frame drawn before the interface, if there is one, else the whole graph.
        None => crate::early::camera_for(&st.scene, size).unwrap_or_else(|| Camera::fit(st.presentation.bounds(&st.positions), size, FIT_MARGIN)),
    };
    st.camera = Some(camera);
    let mut backend = std::mem::replace(&mut st.backend, Backend::Canvas);
    let started = now_ms();
    let frame = Frame {
        scene: &st.scene,
        presentation: &st.presentation,
        positions: &st.positions,
        camera: &camera,
        focus: st.hover.or(st.selected),
        selected: st.selected,
        label_widths: &st.label_widths,
        moving: st.layout_moving,
        labels_pending: Default::default(),
    };
    let mut labels_pending = false;
    let transformed = match &mut backend {
        Backend::Gl(gl) => {
            let lit = frame.presentation.highlighted(frame.focus);
            gl.draw(&frame, st.palette, &lit, pixels);
            if let Some(overlay) = st.overlay.clone().and_then(Surface::new) {
                draw_overlay(&overlay, &frame, st.palette, &lit);
            }
            labels_pending = frame.labels_pending.get();
            false
        }
        Backend::Canvas => {
            let Some(surface) = st.canvas_2d.clone().and_then(Surface::new) else {
                drop(st);
                show_fatal("This browser gave no 2-D canvas context, so the graph cannot be drawn.");
                return;
            };
            match (&st.snapshot, st.needs_full) {
                (Some((snap, at)), false) if st.full_ms >= st.slow_frame_ms && at.viewport == camera.viewport => {
                    draw_transformed(&surface, snap, at, &camera, st.palette);
                    true
                }
                _ if !st.drawn && adopt_early(&surface, &frame, &st.scene, st.palette, st.text, &mut labels_pending) => false,
                _ => {
                    let raster = draw(&surface, &frame, st.palette);
                    labels_pending = frame.labels_pending.get();
                    show_sampling(&surface.canvas, raster, st.text);
                    // Chromium records 2-D drawing and rasterizes it later, when the frame is
                    // handed to the compositor; reading one pixel makes it rasterize now, so
                    // that the time below is the frame's real cost (it decides whether camera
                    // moves show transformed frames).
                    let _ = surface.context.get_image_data(0.0, 0.0, 1.0, 1.0);
                    let full_ms = now_ms() - started;
                    let snapshot = if full_ms >= st.slow_frame_ms { keep_snapshot(&surface, st.snapshot.take().map(|s| s.0)).map(|c| (c, camera)) } else { None };
                    st.snapshot = snapshot;
                    false
                }
            }
        }
    };
    st.backend = backend;
    if transformed {
        // Redraw in full once the camera rests.
        let s = state.clone();
        st.rest = Some(gloo::timers::callback::Timeout::new(REST_MS, move || schedule(&s)));
    } else {
        st.full_ms = now_ms() - started;
        st.needs_full = false;
        st.rest = None;
        if !std::mem::replace(&mut st.drawn, true) {
            crate::end_first_paint();
        }
        if std::mem::take(&mut st.bench_pending) {
            // Two animation frames after the first draw, as the benchmark's contract asks.
            let s = state.clone();
            let second: Rc<RefCell<Option<AnimationFrame>>> = Rc::default();
            let slot = second.clone();
            let first = request_animation_frame(move |_| {
                let s = s.clone();
                *slot.borrow_mut() = Some(request_animation_frame(move |_| {
                    let keep = complete_bench(&s);
                    s.borrow_mut().bench_keep.extend(keep);
                }));
            });
            st.bench_keep.push(Box::new(first));
            st.bench_keep.push(Box::new(second));
        }
    }
    crate::bench::count_render();
    let _ = canvas.set_attribute("data-drawn", "true");
    let _ = canvas.set_attribute("data-frame", if transformed { "transformed" } else { "full" });
    let _ = canvas.set_attribute("data-zoom", &kg_core::decimal::fixed(camera.zoom, 4).to_string());
    if labels_pending && !transformed {
        // Some labels were placed by an estimate of their width: the next frame measures more.
        drop(st);
        schedule(state);
    }
}

/// Shows the graph's first frame, drawn before the interface was built (`crate::early`), on the
/// view's canvas, when it showed exactly this frame: a copy instead of drawing it again. Returns
/// false when there is no such frame.
fn adopt_early(surface: &Surface, frame: &Frame, scene: &Rc<Scene>, palette: &Palette, text: &Text, labels_pending: &mut bool) -> bool {
    let Some((early, [x, y])) = crate::early::take_drawn(scene, frame.camera, palette) else { return false };
    if frame.focus.is_some() || frame.selected.is_some() || !std::ptr::eq(frame.presentation, &*scene.default_presentation()) {
        return false;
    }
    // The background first, for the strips the early frame may leave uncovered.
    let [w, h] = surface.size;
    surface.context.set_fill_style_str(palette.background);
    surface.context.fill_rect(0.0, 0.0, w as f64, h as f64);
    let [ew, eh] = early.camera.viewport;
    if surface.context.draw_image_with_html_canvas_element_and_dw_and_dh(&early.canvas, x as f64, y as f64, ew as f64, eh as f64).is_err() {
        return false;
    }
    show_sampling(&surface.canvas, early.raster, text);
    *labels_pending = early.labels_pending;
    true
}

/// Says on the canvas (attributes) and under it (`#lod-note`) whether a large graph's frame
/// showed every edge or a sample within the pixel budget.
fn show_sampling(canvas: &HtmlCanvasElement, raster: Option<kg_core::raster::RasterStats>, t: &Text) {
    let _ = canvas.set_attribute("data-lod", if raster.is_some() { "raster" } else { "vector" });
    let note = canvas.parent_element().and_then(|p| p.query_selector(".lod-note").ok().flatten());
    match raster {
        Some(stats) => {
            let _ = canvas.set_attribute("data-edges-drawn", &stats.edges_drawn.to_string());
            let _ = canvas.set_attribute("data-edges-visible", &stats.edges_visible.to_string());
            let _ = canvas.set_attribute("data-edges-visible-estimated", if stats.visible_estimated { "true" } else { "false" });
            if let Some(note) = note {
                let sampled = stats.edges_drawn < stats.edges_visible;
                // The visible count is estimated when the frame stopped at its budget: "≈".
                let about = if stats.visible_estimated { "≈" } else { "" };
                note.set_text_content(sampled.then(|| format!("{} {} / {about}{} — {}", t.edges_sampled, stats.edges_drawn, stats.edges_visible, t.zoom_for_all)).as_deref());
            }
        }
        None => {
            if let Some(note) = note {
                note.set_text_content(None);
            }
        }
    }
}

/// Copies the canvas into an offscreen canvas (reused when it has the right size).
fn keep_snapshot(surface: &Surface, reuse: Option<HtmlCanvasElement>) -> Option<HtmlCanvasElement> {
    let (w, h) = (surface.canvas.width(), surface.canvas.height());
    let snap = match reuse {
        Some(c) if c.width() == w && c.height() == h => c,
        _ => {
            let c: HtmlCanvasElement = gloo::utils::document().create_element("canvas").ok()?.dyn_into().ok()?;
            c.set_width(w);
            c.set_height(h);
            c
        }
    };
    let ctx = crate::render2d::context_2d(&snap)?;
    ctx.clear_rect(0.0, 0.0, w as f64, h as f64);
    ctx.draw_image_with_html_canvas_element(&surface.canvas, 0.0, 0.0).ok()?;
    Some(snap)
}

/// Draws a snapshot taken with camera `at` as it would look from `camera`: a world point at
/// snapshot pixel q lands at q·s + offset, with s the zoom ratio.
fn draw_transformed(surface: &Surface, snapshot: &HtmlCanvasElement, at: &Camera, camera: &Camera, palette: &Palette) {
    let ctx = &surface.context;
    let [w, h] = surface.size;
    let s = camera.zoom / at.zoom;
    let dx = w / 2.0 * (1.0 - s) + (at.centre[0] - camera.centre[0]) * camera.zoom;
    let dy = h / 2.0 * (1.0 - s) + (at.centre[1] - camera.centre[1]) * camera.zoom;
    ctx.set_fill_style_str(palette.background);
    ctx.fill_rect(0.0, 0.0, w as f64, h as f64);
    let _ = ctx.draw_image_with_html_canvas_element_and_dw_and_dh(snapshot, dx as f64, dy as f64, (w * s) as f64, (h * s) as f64);
}

/// Whether the canvas's box (or the pixels per CSS pixel) differs from the last frame's.
fn box_changed(state: &Shared) -> bool {
    let st = state.borrow();
    let (Some(canvas), Some(camera), true) = (st.canvas.as_ref(), st.camera, st.drawn) else { return true };
    let (size, backing) = crate::render2d::box_of(canvas);
    camera.viewport != size || backing != [canvas.width(), canvas.height()]
}

/// Asks for a full frame unless one is already coming.
fn schedule(state: &Shared) {
    state.borrow_mut().needs_full = true;
    request_frame(state);
}

/// Asks for a frame after a camera move only: it may show the last frame transformed. The URL
/// fragment takes the camera once it has rested.
fn schedule_camera(state: &Shared) {
    request_frame(state);
    let s = state.clone();
    state.borrow_mut().hash_timer = Some(gloo::timers::callback::Timeout::new(HASH_REST_MS, move || write_hash(&s)));
}

/// How long the camera must rest before the URL fragment records it.
const HASH_REST_MS: u32 = 400;

/// Writes the view into the URL fragment (without adding a history entry).
fn write_hash(state: &Shared) {
    let st = state.borrow();
    if !st.use_hash {
        return;
    }
    let mut spec = st.spec.clone();
    spec.camera = st.camera.filter(|_| st.camera_moved).map(|c| [c.centre[0], c.centre[1], c.zoom]);
    let hash = spec.to_hash();
    let window = gloo::utils::window();
    let location = window.location();
    let url = format!("{}{}#{hash}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default());
    if location.hash().unwrap_or_default().trim_start_matches('#') != hash {
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
        }
    }
}

/// Redraws, and while an animation's time `t` is below 1 runs its `step` at the next animation
/// frame. Returns whether the animation goes on.
fn next_frame(state: &Shared, t: f32, step: impl FnOnce() + 'static) -> bool {
    schedule(state);
    let going = t < 1.0;
    let handle = going.then(|| request_animation_frame(move |_| step()));
    state.borrow_mut().transition = handle;
    going
}

/// Moves the camera to an entity over a few frames (zooming in if it is far out).
fn fly_to(state: &Shared, id: NodeId) {
    let (from, target) = {
        let st = state.borrow();
        let Some(cam) = st.camera else { return };
        let Some(&p) = st.positions.get(id.index()) else { return };
        (cam, Camera { centre: p, zoom: cam.zoom.max(1.0), viewport: cam.viewport })
    };
    state.borrow_mut().camera_moved = true;
    let started = js_sys::Date::now();
    fn step(state: Shared, from: Camera, target: Camera, started: f64) {
        let t = (((js_sys::Date::now() - started) / FLY_MS) as f32).min(1.0);
        let ease = t * t * (3.0 - 2.0 * t);
        let mix = |a: f32, b: f32| a + (b - a) * ease;
        {
            let mut st = state.borrow_mut();
            let viewport = st.camera.map_or(from.viewport, |c| c.viewport);
            st.camera = Some(Camera {
                centre: [mix(from.centre[0], target.centre[0]), mix(from.centre[1], target.centre[1])],
                // The browser's `Math.pow` rather than `f32::powf`, whose code (1.5 KB) was in the
                // module for this line alone.
                zoom: from.zoom * js_sys::Math::pow(f64::from(target.zoom / from.zoom), f64::from(ease)) as f32,
                viewport,
            });
        }
        let s = state.clone();
        if !next_frame(&state, t, move || step(s, from, target, started)) {
            write_hash(&state);
        }
    }
    step(state.clone(), from, target, started);
}

/// How long flying to an entity takes, in milliseconds.
const FLY_MS: f64 = 300.0;

/// What the export buttons write.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ExportKind {
    Png,
    Svg,
    Json,
}

/// Offers a file for download.
/// How long one slice of writing an SVG export may run, in milliseconds.
const SVG_SLICE_MS: f64 = 30.0;

/// SVG elements written between two looks at the clock.
const SVG_ELEMENTS_PER_STEP: usize = 2_000;

/// Offers `text` as a file download through a Blob URL (a data URL had to encode every byte
/// of a large SVG, which took longer than writing it).
fn download_text(name: &str, mime: &str, text: &str) {
    // The UTF-8 bytes as they are: making a JavaScript string of tens of megabytes first would
    // take longer than the copy.
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(text.as_bytes()));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    download(name, &url);
    // The download has taken the blob; the URL is let go once the click has been handled.
    gloo::timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
}

fn download(name: &str, href: &str) {
    let document = gloo::utils::document();
    let Ok(a) = document.create_element("a") else { return };
    let _ = a.set_attribute("href", href);
    let _ = a.set_attribute("download", name);
    if let Some(a) = a.dyn_ref::<web_sys::HtmlElement>() {
        a.click();
    }
}

/// Exports the current view: a PNG at twice the screen's size, an SVG of the same picture, or
/// the shown part of the graph as JSON in our format.
fn export_view(state: &Shared, kind: ExportKind, url: &str) {
    let st = state.borrow();
    let Some(camera) = st.camera else { return };
    let stem = url.rsplit('/').next().unwrap_or("graph").trim_end_matches(".json").to_string();
    let frame = Frame {
        scene: &st.scene,
        presentation: &st.presentation,
        positions: &st.positions,
        camera: &camera,
        focus: st.selected,
        selected: st.selected,
        label_widths: &st.label_widths,
        moving: false,
        labels_pending: Default::default(),
    };
    match kind {
        ExportKind::Png => {
            let Some(surface) = Surface::offscreen(camera.viewport, 2.0) else { return };
            draw(&surface, &frame, st.palette);
            if let Ok(href) = surface.canvas.to_data_url_with_type("image/png") {
                download(&format!("{stem}.png"), &href);
            }
        }
        ExportKind::Svg => {
            let labels = crate::render2d::label_ids(&frame);
            let p = st.palette;
            let style = kg_core::svg::SvgStyle { background: p.background, edge: p.edge, edge_lit: p.edge_lit, label: p.label, label_halo: p.label_halo };
            let (scene, presentation, positions, focus) = (st.scene.clone(), st.presentation.clone(), st.positions.clone(), st.selected);
            // Written in slices of about SVG_SLICE_MS between which the page paints and takes
            // input: the view of a large graph is hundreds of thousands of elements.
            wasm_bindgen_futures::spawn_local(async move {
                let view = kg_core::svg::SvgView { graph: &scene.graph, presentation: &presentation, positions: &positions, camera: &camera, focus, labels: &labels };
                let mut writer = kg_core::svg::SvgWriter::new(&view, &style);
                loop {
                    let started = now_ms();
                    let mut done = false;
                    while !done && now_ms() - started < SVG_SLICE_MS {
                        done = writer.step(SVG_ELEMENTS_PER_STEP);
                    }
                    if done {
                        break;
                    }
                    crate::app::next_task().await;
                }
                download_text(&format!("{stem}.svg"), "image/svg+xml;charset=utf-8", &writer.finish());
            });
        }
        ExportKind::Json => {
            let doc = kg_core::export::shown(&st.scene.graph, &st.presentation.node_visible, &st.presentation.edges);
            let json = serde_json_text(&doc);
            download_text(&format!("{stem}-view.json"), "application/json;charset=utf-8", &json);
        }
    }
}

fn serde_json_text(doc: &kg_core::GraphDocument) -> String {
    kg_core::export::write(doc, kg_core::formats::Format::NodeLink)
}

fn request_frame(state: &Shared) {
    if state.borrow().pending.is_some() {
        return;
    }
    let s = state.clone();
    let handle = request_animation_frame(move |_| draw_now(&s));
    state.borrow_mut().pending = Some(handle);
}

/// The pointer's position in the canvas, in CSS pixels.
fn local(canvas: &HtmlCanvasElement, x: i32, y: i32) -> Vec2 {
    let r = canvas.get_bounding_client_rect();
    [(x as f64 - r.left()) as f32, (y as f64 - r.top()) as f32]
}

/// Installs `window.__kg.screenPosition(id)`, which gives a node's position in the canvas in CSS
/// pixels (or `null`), so that end-to-end tests and host pages can point at an entity. The
/// returned closure must live as long as the hook.
fn install_test_hook(state: &Shared) -> Option<wasm_bindgen::closure::Closure<dyn Fn(String) -> JsValue>> {
    let s = state.clone();
    let position = wasm_bindgen::closure::Closure::<dyn Fn(String) -> JsValue>::new(move |id: String| {
        let st = s.borrow();
        let (Some(node), Some(cam)) = (st.scene.graph.find(&id), st.camera) else { return JsValue::NULL };
        if !st.presentation.node_visible[node.index()] {
            return JsValue::NULL;
        }
        let p = cam.screen_from_world(st.positions[node.index()]);
        js_sys::Array::of2(&JsValue::from_f64(p[0] as f64), &JsValue::from_f64(p[1] as f64)).into()
    });
    let hook = js_sys::Object::new();
    js_sys::Reflect::set(&hook, &"screenPosition".into(), position.as_ref()).ok()?;
    js_sys::Reflect::set(&gloo::utils::window(), &"__kg".into(), &hook).ok()?;
    Some(position)
}

/// What node sizes show.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SizeBy {
    Uniform,
    Degree,
    Betweenness,
    PageRank,
}

impl SizeBy {
    const ALL: [(SizeBy, &'static str); 4] =
        [(SizeBy::Uniform, "uniform"), (SizeBy::Degree, "degree"), (SizeBy::Betweenness, "betweenness"), (SizeBy::PageRank, "pagerank")];

    fn label(self, t: &Text) -> &'static str {
        match self {
            SizeBy::Uniform => t.same_size,
            SizeBy::Degree => t.by_degree,
            SizeBy::Betweenness => t.by_betweenness,
            SizeBy::PageRank => t.by_pagerank,
        }
    }

    /// The name of the measure for a worker (`None` for the standard size).
    fn key(self) -> Option<&'static str> {
        SizeBy::ALL.iter().find(|(m, _)| *m == self && self != SizeBy::Uniform).map(|(_, k)| *k)
    }
}

/// How nodes are placed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Arrangement {
    Force,
    Hierarchy,
    Radial,
}

impl Arrangement {
    const ALL: [(Arrangement, &'static str); 3] = [(Arrangement::Force, "force"), (Arrangement::Hierarchy, "hierarchy"), (Arrangement::Radial, "radial")];

    fn label(self, t: &Text) -> &'static str {
        match self {
            Arrangement::Force => t.force,
            Arrangement::Hierarchy => t.hierarchy,
            Arrangement::Radial => t.radial,
        }
    }
}

/// How long a transition between layouts takes, in milliseconds.
const TRANSITION_MS: f64 = 500.0;

/// Moves the nodes from where they are to `target` over [`TRANSITION_MS`], one animation frame
/// at a time; the camera refits at the end unless the person has moved it.
fn animate_to(state: &Shared, target: Vec<Vec2>) {
    let from = state.borrow().positions.clone();
    if from.len() != target.len() {
        return;
    }
    let started = js_sys::Date::now();
    let from = Rc::new(from);
    let target = Rc::new(target);
    fn step(state: Shared, from: Rc<Vec<Vec2>>, target: Rc<Vec<Vec2>>, started: f64) {
        let t = ((js_sys::Date::now() - started) / TRANSITION_MS) as f32;
        let mut st = state.borrow_mut();
        st.positions = kg_core::arrange::interpolate(&from, &target, t);
        if !st.camera_moved {
            st.camera = None;
        }
        if let Some(canvas) = &st.canvas {
            let _ = canvas.set_attribute("data-transition", if t >= 1.0 { "done" } else { "running" });
        }
        drop(st);
        let s = state.clone();
        next_frame(&state, t, move || step(s, from, target, started));
    }
    step(state.clone(), from, target, started);
}

/// What node colours show.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ColourBy {
    Type,
    Community,
}

#[derive(Properties)]
pub struct GraphViewProps {
    pub url: String,
    pub scene: Rc<Scene>,
    pub lang: Lang,
    /// The dark theme is on.
    #[prop_or_default]
    pub dark: bool,
    /// The theme chosen by the person (`light`/`dark`), or `None` to follow the system.
    #[prop_or_default]
    pub theme: Option<String>,
    pub options: Rc<Options>,
    pub bus: Rc<Bus>,
    /// Under the peer benchmark: no automatic layout; `window.__bench` is completed instead.
    #[prop_or_default]
    pub bench: bool,
}

impl PartialEq for GraphViewProps {
    fn eq(&self, other: &Self) -> bool {
        self.url == other.url && Rc::ptr_eq(&self.scene, &other.scene) && self.bench == other.bench && self.lang == other.lang && self.dark == other.dark && self.theme == other.theme && Rc::ptr_eq(&self.options, &other.options) && Rc::ptr_eq(&self.bus, &other.bus)
    }
}

/// Starts a layout of `iterations` whose batches move the nodes; `on_batch(iteration, done)`
/// runs after each batch.
fn start_layout(state: &Shared, iterations: usize, on_batch: Rc<dyn Fn(usize, bool)>) {
    let (positions, edges) = {
        let st = state.borrow();
        let edges: Vec<(u32, u32)> = st.scene.graph.edges().map(|(_, s, t)| (s.0, t.0)).collect();
        (st.positions.clone(), edges)
    };
    let s = state.clone();
    let on_progress: Rc<dyn Fn(Progress)> = Rc::new(move |p: Progress| {
        let mut st = s.borrow_mut();
        if p.positions.len() == st.positions.len() {
            // A node being dragged keeps the pointer's position.
            let dragged = match st.drag {
                Drag::Node { id, moved: true, .. } => Some((id.index(), st.positions[id.index()])),
                _ => None,
            };
            st.positions = p.positions;
            if let Some((i, at)) = dragged {
                st.positions[i] = at;
            }
        }
        if !st.camera_moved {
            st.camera = None;
        }
        // A batch that was on its way when the layout was paused does not make the rested
        // picture a moving one (its frames draw a quarter of the edge sample).
        st.layout_moving = !p.done && !st.layout.as_ref().is_some_and(|l| l.is_paused());
        if let Some(canvas) = &st.canvas {
            let _ = canvas.set_attribute("data-layout", if p.done { "done" } else { "running" });
            let _ = canvas.set_attribute("data-layout-engine", if p.in_worker { "worker" } else { "main-thread" });
            let _ = canvas.set_attribute("data-layout-iteration", &p.iteration.to_string());
        }
        drop(st);
        on_batch(p.iteration, p.done);
        schedule(&s);
    });
    let worker_url = state.borrow().worker_url.clone();
    let client = LayoutClient::start(&worker_url, &positions, &edges, 42, iterations, on_progress);
    state.borrow_mut().layout = Some(client);
}

/// Starts the app's force layout, reporting its progress and its end to the toolbar.
fn start_app_layout(state: &Shared, set_status: UseStateSetter<&'static str>, set_progress: UseStateSetter<usize>) {
    // The progress bar moves at most every PROGRESS_MS: each move re-renders the toolbar, which
    // a large graph's batches would otherwise do several times a second for nothing.
    let last = std::cell::Cell::new(f64::NEG_INFINITY);
    let on_batch: Rc<dyn Fn(usize, bool)> = Rc::new(move |iteration, done| {
        if done || now_ms() - last.get() >= PROGRESS_MS {
            last.set(now_ms());
            set_progress.set(iteration);
        }
        if done {
            set_status.set("done");
        }
    });
    start_layout(state, crate::layout_client::ITERATIONS, on_batch);
}

/// How long after the first render the search index starts to build in the background, in ms:
/// after the first frame and the layout's start.
const SEARCH_INDEX_DELAY_MS: i32 = 500;

/// Graphs with this many shown nodes and edges or more have their first frame drawn in a task
/// of its own, not in the task that rendered the page (see `graph_view`): the two together would
/// pass 100 ms. At 10,000 nodes and 20,000 edges they take ~60-90 ms here.
const EARLY_DRAW_ITEMS: usize = 20_000;

/// How long the worker's WebGL probe may take before the page probes on the main thread.
const PROBE_TIMEOUT_MS: i32 = 2_000;

/// How long after the first frame the GPU is probed (ms): the probe takes a processor for a
/// moment, which the browser needs to put that frame on the screen.
const PROBE_AFTER_MS: u32 = 300;

/// How often the layout progress bar moves, at most, in milliseconds.
const PROGRESS_MS: f64 = 250.0;

/// Completes `window.__bench` two frames after the first draw: the load report, then `setView`,
/// `layout(n)` and `memory()`, then `status = "ready"`.
fn complete_bench(state: &Shared) -> Vec<Box<dyn std::any::Any>> {
    use js_sys::{Object, Promise, Reflect};
    use wasm_bindgen::closure::Closure;
    let mut keep: Vec<Box<dyn std::any::Any>> = Vec::new();
    let (fitted, nodes, edges) = {
        let st = state.borrow();
        (st.camera, st.presentation.node_count(), st.presentation.edges.len())
    };
    let Some(fitted) = fitted else { return keep };

    let s = state.clone();
    let set_view = Closure::<dyn Fn(JsValue)>::new(move |v: JsValue| {
        let num = |k: &str, d: f64| Reflect::get(&v, &k.into()).ok().and_then(|x| x.as_f64()).unwrap_or(d) as f32;
        let (zoom, pan_x, pan_y) = (num("zoom", 1.0), num("panX", 0.0), num("panY", 0.0));
        let (w, h) = (fitted.viewport[0] / fitted.zoom, fitted.viewport[1] / fitted.zoom);
        let mut st = s.borrow_mut();
        let viewport = st.camera.map_or(fitted.viewport, |c| c.viewport);
        st.camera = Some(Camera {
            centre: [fitted.centre[0] + pan_x * w, fitted.centre[1] + pan_y * h],
            zoom: fitted.zoom * zoom.max(1e-6),
            viewport,
        });
        st.camera_moved = true;
        drop(st);
        schedule_camera(&s);
    });
    let s = state.clone();
    let layout = Closure::<dyn Fn(JsValue) -> Promise>::new(move |n: JsValue| {
        let n = n.as_f64().unwrap_or(100.0).max(0.0) as usize;
        let s = s.clone();
        let now = now_ms;
        let started = now();
        Promise::new(&mut move |resolve, _reject| {
            let on_done: Rc<dyn Fn(usize, bool)> = Rc::new(move |iterations, done| {
                if !done {
                    return;
                }
                let result = Object::new();
                let _ = Reflect::set(&result, &"ms".into(), &(now() - started).into());
                let _ = Reflect::set(&result, &"iterations".into(), &(iterations as f64).into());
                let _ = Reflect::set(&result, &"algorithm".into(), &"Fruchterman-Reingold, Barnes-Hut theta 0.8, web worker".into());
                let _ = resolve.call1(&JsValue::NULL, &result);
            });
            start_layout(&s, n, on_done);
        })
    });
    let memory = Closure::<dyn Fn() -> JsValue>::new(|| {
        let result = Object::new();
        let _ = Reflect::set(&result, &"bytes".into(), &crate::bench::wasm_memory_bytes().into());
        let _ = Reflect::set(&result, &"note".into(), &"main-thread wasm memory.buffer.byteLength (the layout worker's own memory is not counted)".into());
        result.into()
    });
    let load = Object::new();
    let now = now_ms();
    // The graph's first frame, drawn before the interface was built (`crate::early`), or this
    // view's; and when this view (the interface around it, which takes input) was shown.
    let _ = Reflect::set(&load, &"firstFrameMs".into(), &crate::early::shown_at().unwrap_or(now).into());
    let _ = Reflect::set(&load, &"interactiveMs".into(), &now.into());
    let _ = Reflect::set(&load, &"nodes".into(), &(nodes as f64).into());
    let _ = Reflect::set(&load, &"edges".into(), &(edges as f64).into());
    crate::bench::set("load", &load);
    crate::bench::set("setView", set_view.as_ref());
    crate::bench::set("layout", layout.as_ref());
    crate::bench::set("memory", memory.as_ref());
    crate::bench::set("status", &"ready".into());
    keep.push(Box::new(set_view));
    keep.push(Box::new(layout));
    keep.push(Box::new(memory));
    keep
}

/// What workers computed for a large graph (`crate::analysis`), by what was asked.
#[derive(Default)]
struct Analysed {
    /// The scene it was computed for (its `Rc` address).
    scene: usize,
    results: std::collections::BTreeMap<&'static str, Rc<crate::analysis::Outcome>>,
    /// Counts the results, so that memos see a new one come.
    version: u32,
    /// Why the last computation failed, shown in the toolbar.
    error: Option<String>,
}

impl Analysed {
    /// Records a failure: logged, and said in the toolbar until a result comes.
    fn fail(&mut self, message: String) {
        gloo::console::error!(message.clone());
        self.error = Some(message);
    }
}

/// A view's undirected adjacency, built on first use.
struct LazyAdjacency {
    scene: Rc<Scene>,
    view: Rc<kg_core::algo::View>,
    /// The adjacency as far as slices of it have been built.
    building: RefCell<Option<Box<kg_core::algo::AdjacencyBuild>>>,
    built: std::cell::OnceCell<kg_core::algo::Adjacency>,
}

impl LazyAdjacency {
    fn get(&self) -> &kg_core::algo::Adjacency {
        self.built.get_or_init(|| {
            let (graph, view) = (&self.scene.graph, &*self.view);
            // Finished from where slices of it left off, if any did.
            let mut build = self.building.borrow_mut().take().unwrap_or_else(|| Box::new(kg_core::algo::Adjacency::building_of(graph, view, kg_core::algo::Direction::Undirected)));
            build.gather(graph, view, usize::MAX);
            build.finish()
        })
    }

    /// Builds the adjacency ahead, [`ADJACENCY_DELAY_MS`] from now, in slices (a million
    /// nodes' is over a second in one task): the view's edges, then the lists, for as long as
    /// the view is current. A look at the adjacency in between finishes it at once.
    fn build_ahead(self: &Rc<Self>) {
        let later = Rc::downgrade(self);
        crate::app::in_slices(ADJACENCY_DELAY_MS, crate::app::READ_SLICE_MS, Box::new(move || {
            let adjacency = later.upgrade()?;
            if adjacency.built.get().is_some() {
                return Some(true);
            }
            let mut slot = adjacency.building.borrow_mut();
            let (graph, view) = (&adjacency.scene.graph, &*adjacency.view);
            let build = slot.get_or_insert_with(|| Box::new(kg_core::algo::Adjacency::building_of(graph, view, kg_core::algo::Direction::Undirected)));
            let done = build.gather(graph, view, SLICE_STEP) && build.step(SLICE_STEP);
            drop(slot);
            if done {
                // Hands the finished lists over.
                let _ = adjacency.get();
            }
            Some(done)
        }));
    }
}

/// The work of one step of a slice of work done ahead (`crate::app::in_slices`): edges or nodes
/// visited, a few milliseconds' worth, so that a slice ends close to its time.
const SLICE_STEP: usize = 32_768;

/// How long after a large graph's view changes its adjacency is built for the path finder, in
/// milliseconds (after the first frames and the search index's start).
const ADJACENCY_DELAY_MS: i32 = 1_500;

/// How long after a large graph's presentation changes its incidence lists are built, in
/// milliseconds: after the adjacency has started.
const INCIDENCE_DELAY_MS: i32 = 2_000;

/// Graphs with this many nodes or more have their adjacency built ahead (at 100,000 nodes it is
/// ~100 ms of work); a smaller graph's is built by the first path asked for (at 10,000 nodes
/// with no task over 50 ms, `tests/perf/actions.mjs`), and its memory (~1 MB there) is taken
/// only if the path finder is used.
const ADJACENCY_AHEAD_FROM: usize = 50_000;

/// What a worker is asked for the communities.
const COMMUNITIES: &str = "communities";

/// The job under which a worker computes an arrangement (hierarchy or radial).
const ARRANGING: &str = "arrangement";

/// The computations under way in workers, each under what it computes.
type Jobs = Rc<RefCell<Vec<(&'static str, crate::analysis::Analysis)>>>;

/// Starts computing `mode`'s positions (the hierarchy, or rings around `centre`) in a worker
/// from `worker_url` (`crate::analysis`), as the job [`ARRANGING`] in `jobs`; `place` gets
/// them. A worker that cannot start or fails is said in the toolbar and the console.
#[allow(clippy::too_many_arguments)]
fn arrange_in_worker(
    worker_url: &str,
    graph: &kg_core::KnowledgeGraph,
    mode: Arrangement,
    centre: Option<NodeId>,
    jobs: &Jobs,
    redraw: &UseForceUpdateHandle,
    analysed: &Rc<RefCell<Analysed>>,
    place: impl FnOnce(Vec<Vec2>) + 'static,
) {
    let (what, centre, edges, events) = match (mode, centre) {
        (Arrangement::Radial, Some(c)) => ("radial", Some(c.0), graph.edges().flat_map(|(_, s, t)| [s.0, t.0]).collect(), Vec::new()),
        _ => {
            let input = kg_core::arrange::hierarchy_input(graph);
            ("hierarchy", None, input.parents.iter().flat_map(|&(c, p)| [c, p]).collect::<Vec<u32>>(), input.events)
        }
    };
    let on_done = {
        let (jobs, redraw, analysed) = (jobs.clone(), redraw.clone(), analysed.clone());
        move |result: Result<crate::analysis::Outcome, String>| {
            match result {
                Ok(crate::analysis::Outcome::Values(flat)) => place(flat.chunks_exact(2).map(|p| [p[0], p[1]]).collect()),
                Ok(crate::analysis::Outcome::Groups(_)) => {}
                Err(e) => analysed.borrow_mut().fail(format!("Could not arrange the graph: {e}")),
            }
            finish_job(jobs, redraw, ARRANGING);
        }
    };
    match crate::analysis::start(worker_url, what, centre, graph.node_count(), &edges, &events, on_done) {
        Ok(job) => jobs.borrow_mut().push((ARRANGING, job)),
        Err(e) => analysed.borrow_mut().fail(format!("Could not start a worker to arrange the graph: {e}")),
    }
    redraw.force_update();
}

/// Forgets the job `what` once the worker's message handler has returned (which stops the
/// worker), and renders the toolbar's status again.
fn finish_job(jobs: Jobs, redraw: UseForceUpdateHandle, what: &'static str) {
    gloo::timers::callback::Timeout::new(0, move || {
        jobs.borrow_mut().retain(|(w, _)| *w != what);
        redraw.force_update();
    })
    .forget();
}

/// The loaded graph: toolbar, counts, legend, search, canvas, the panels that find and explain,
/// warnings and the list view.
#[function_component(GraphView)]
pub fn graph_view(props: &GraphViewProps) -> Html {
    let canvas_ref = use_node_ref();
    let overlay_ref = use_node_ref();
    let scene = props.scene.clone();
    let graph = &scene.graph;
    let options = props.options.clone();
    // The view the URL fragment describes, read once: a copied link reopens the same view. The
    // embedding's `layout` and `focus` apply when the fragment says nothing else.
    let initial = use_memo((), {
        let options = options.clone();
        move |_| {
            let mut spec = if options.use_hash { ViewSpec::from_hash(&gloo::utils::window().location().hash().unwrap_or_default()) } else { ViewSpec::default() };
            if spec.layout.is_none() {
                spec.layout = options.layout.clone();
            }
            spec
        }
    });
    let find = |id: &Option<String>| id.as_deref().and_then(|id| graph.find(id));
    let focus = options.focus.as_deref().and_then(|q| match kg_core::resolve::resolve(graph, q) {
        kg_core::resolve::Resolution::Found(id) => Some(id),
        _ => None,
    });
    let renderer = use_state(|| crate::render_gl::choose(renderer_param().as_deref(), props.scene.graph.node_count()));
    let roles_collapsed = use_state(|| initial.roles_collapsed);
    let size_by = use_state(|| SizeBy::Uniform);
    let colour_by = use_state(|| ColourBy::Type);
    let selected = use_state(|| find(&initial.selected).or(focus));
    let list_open = use_state(|| false);
    let list_query = use_state(String::new);
    let arrangement = use_state(|| Arrangement::ALL.iter().find(|(_, v)| Some(*v) == initial.layout.as_deref()).map_or(Arrangement::Force, |(m, _)| *m));
    let collapsed = use_state(Vec::<NodeId>::new);
    let filters = use_state(|| Filters {
        hidden_kinds: initial.hidden_kinds.iter().map(|k| kg_core::NodeKind::parse(k)).collect(),
        hidden_relations: initial.hidden_relations.clone(),
        min_degree: initial.min_degree,
        around: initial.around_hops.and_then(|h| find(&initial.selected).map(|s| (s, h))),
        from: initial.from.clone(),
        to: initial.to.clone(),
        hidden_communities: initial.hidden_communities.clone(),
    });
    let path_ends = use_state(|| initial.path.as_ref().map_or((None, None), |(a, b)| (graph.find(a), graph.find(b))));
    let sources = use_state(|| Rc::new(std::collections::BTreeMap::new()));
    let index = use_memo(Rc::as_ptr(&scene) as usize, {
        let scene = scene.clone();
        move |_| LazyIndex::new(scene)
    });
    // The search index is built in the background once the graph is on screen.
    use_effect_with(Rc::as_ptr(&scene) as usize, {
        let index = index.clone();
        move |_| index.build_in_background(SEARCH_INDEX_DELAY_MS)
    });
    // The measures and communities come from a worker (`crate::analysis`): what has come so
    // far, and the computations under way (started when the toolbar asks).
    let analysed = use_mut_ref(Analysed::default);
    let jobs: Jobs = use_mut_ref(Vec::new);
    let redraw = use_force_update();
    if analysed.borrow().scene != Rc::as_ptr(&scene) as usize {
        // Another graph: forget the last one's results and stop its workers.
        *analysed.borrow_mut() = Analysed { scene: Rc::as_ptr(&scene) as usize, ..Analysed::default() };
        jobs.borrow_mut().clear();
    }
    use_effect_with((Rc::as_ptr(&scene) as usize, *size_by, *colour_by), {
        let (scene, analysed, jobs, redraw) = (scene.clone(), analysed.clone(), jobs.clone(), redraw.clone());
        let worker_url = options.asset(crate::layout_client::WORKER_FILE);
        move |(_, size, colour)| {
            let wanted = [size.key(), (*colour == ColourBy::Community).then_some(COMMUNITIES)];
            for what in wanted.into_iter().flatten() {
                if analysed.borrow().results.contains_key(what) || jobs.borrow().iter().any(|(w, _)| *w == what) {
                    continue;
                }
                let graph = &scene.graph;
                let edges: Vec<u32> = graph.edges().flat_map(|(_, s, t)| [s.0, t.0]).collect();
                let on_done = {
                    let (analysed, jobs, redraw, asked_for) = (analysed.clone(), jobs.clone(), redraw.clone(), Rc::as_ptr(&scene) as usize);
                    move |result: Result<crate::analysis::Outcome, String>| {
                        match result {
                            // A result for a graph no longer shown is dropped.
                            _ if analysed.borrow().scene != asked_for => {}
                            Ok(outcome) => {
                                let mut a = analysed.borrow_mut();
                                a.results.insert(what, Rc::new(outcome));
                                a.version += 1;
                                a.error = None;
                            }
                            Err(e) => analysed.borrow_mut().fail(format!("Could not compute {what}: {e}")),
                        }
                        finish_job(jobs, redraw, what);
                    }
                };
                match crate::analysis::start(&worker_url, what, None, graph.node_count(), &edges, &[], on_done) {
                    Ok(job) => jobs.borrow_mut().push((what, job)),
                    Err(e) => analysed.borrow_mut().fail(format!("Could not start a worker for {what}: {e}")),
                }
                redraw.force_update();
            }
        }
    });
    let analysed_version = analysed.borrow().version;
    // Communities (Louvain) are computed only while colouring by them.
    let communities = use_memo((Rc::as_ptr(&scene) as usize, *colour_by == ColourBy::Community, analysed_version), {
        let analysed = analysed.clone();
        move |(_, on, _)| {
            if !on {
                return None;
            }
            match analysed.borrow().results.get(COMMUNITIES).map(|o| &**o) {
                Some(crate::analysis::Outcome::Groups(groups)) => Some(groups.clone()),
                _ => None,
            }
        }
    });
    // The filters' view and what it hides, once per change (counting is O(n + m)).
    let filtered = use_memo((Rc::as_ptr(&scene) as usize, (*filters).clone(), communities.is_some()), {
        let (scene, communities) = (scene.clone(), communities.clone());
        move |(_, f, _)| {
            let view = Rc::new(f.view_in(&scene.graph, communities.as_deref()));
            let hidden = Filters::hidden(&scene.graph, &view);
            (view, hidden)
        }
    });
    let (filter_view, hidden) = (filtered.0.clone(), filtered.1);
    // Memo keys are values, not `Rc` addresses: a freed `Rc`'s address can come back for the
    // next value and hide the change.
    // The filters' view as an adjacency for the path finder, built once per view: on first use,
    // or for a large graph a moment after it is shown (a task of its own; then a path is one
    // search, not a copy of 300,000 edges first).
    let view_adjacency = use_memo(((*filters).clone(), communities.is_some(), Rc::as_ptr(&scene) as usize), {
        let (scene, view) = (scene.clone(), filter_view.clone());
        move |_| Rc::new(LazyAdjacency { scene, view, building: RefCell::new(None), built: std::cell::OnceCell::new() })
    });
    use_effect_with(Rc::as_ptr(&*view_adjacency) as usize, {
        let adjacency = view_adjacency.clone();
        let ahead = graph.node_count() >= ADJACENCY_AHEAD_FROM;
        move |_| {
            if ahead {
                adjacency.build_ahead();
            }
        }
    });
    let paths = use_memo(((*filters).clone(), *path_ends, communities.is_some()), {
        let (scene, view, adjacency) = (scene.clone(), filter_view.clone(), view_adjacency.clone());
        move |(_, ends, _)| match *ends {
            (Some(a), Some(b)) => kg_core::query::shortest_paths_in(&scene.graph, &view, adjacency.get(), a, b, kg_core::algo::Direction::Undirected, 3),
            _ => Vec::new(),
        }
    });
    let presentation = {
        let scene = scene.clone();
        let (view, paths, communities) = (filter_view.clone(), paths.clone(), communities.clone());
        let analysed = analysed.clone();
        let memo = use_memo(
            (*roles_collapsed, *size_by, *colour_by, (*collapsed).clone(), (*filters).clone(), *path_ends, analysed_version),
            move |(roles, size, colour, around, filters, ends, _)| {
                let (size, colour) = (*size, *colour);
                let graph = &scene.graph;
                // Every setting at its default: the scene's own, made while the graph loaded.
                if !*roles && size == SizeBy::Uniform && colour == ColourBy::Type && around.is_empty() && filters.is_empty() && *ends == (None, None) {
                    return scene.default_presentation();
                }
                let path = paths.first().map(|p| p.nodes.clone()).unwrap_or_default();
                // Only a path, sizes or colours differ from the default: start from a copy of it
                // (with the lists already drawn from its edges) instead of building it again.
                let base = if !*roles && around.is_empty() && filters.is_empty() {
                    (*scene.default_presentation()).clone()
                } else {
                    Presentation::new(graph, *roles).within(&view).collapse(around)
                };
                let mut p = base.with_path(path);
                // The worker's values once they have come; the standard size until then.
                if let Some(crate::analysis::Outcome::Values(values)) = size.key().and_then(|k| analysed.borrow().results.get(k).cloned()).as_deref() {
                    p = p.size_by(values);
                }
                if let (ColourBy::Community, Some(groups)) = (colour, communities.as_ref()) {
                    p = p.colour_by(groups.clone());
                }
                Rc::new(p)
            },
        );
        Rc::clone(&*memo)
    };
    // A large graph's incidence lists (the edges that touch each node, which hovering or
    // selecting an entity lights up) are built ahead, in slices of ~30 ms between which the page
    // paints and takes input, instead of in the frame of the first hover or selection (at
    // 100,000 nodes ~40 ms of that frame; at a million, over half a second in one task).
    // Keyed by the presentation's address: should a new presentation reuse a freed one's, the
    // lists are only not built ahead, and the first hover builds them as it always could.
    use_effect_with(Rc::as_ptr(&presentation) as usize, {
        let presentation = Rc::downgrade(&presentation);
        let ahead = graph.node_count() >= ADJACENCY_AHEAD_FROM;
        move |_| {
            if ahead {
                crate::app::in_slices(INCIDENCE_DELAY_MS, crate::app::READ_SLICE_MS, Box::new(move || Some(presentation.upgrade()?.prepare_edges_of_step(SLICE_STEP))));
            }
        }
    });
    let palette = if props.dark { &DARK } else { &LIGHT };
    let state: Shared = {
        let scene = scene.clone();
        let presentation = presentation.clone();
        let camera = initial.camera.map(|[x, y, zoom]| Camera { centre: [x, y], zoom, viewport: [1.0, 1.0] });
        let options = options.clone();
        // The force layout starts right after the first frame, which therefore already counts
        // as moving (the sparser edge sample).
        let layout_moving = *arrangement == Arrangement::Force && !props.bench;
        use_mut_ref(move || ViewState {
            positions: scene.positions.clone(),
            scene,
            presentation,
            camera,
            hover: None,
            selected: None,
            drag: Drag::None,
            pending: None,
            canvas: None,
            backend: Backend::Canvas,
            canvas_2d: None,
            overlay: None,
            layout: None,
            camera_moved: camera.is_some(),
            transition: None,
            collapsed: Vec::new(),
            label_widths: RefCell::new(Vec::new()),
            needs_full: true,
            snapshot: None,
            full_ms: 0.0,
            rest: None,
            slow_frame_ms: slow_frame_ms(),
            pointers: Vec::new(),
            palette,
            spec: ViewSpec::default(),
            hash_timer: None,
            hash_written: false,
            use_hash: options.use_hash,
            wheel: options.wheel,
            bus: props.bus.clone(),
            worker_url: options.asset(crate::layout_client::WORKER_FILE),
            text: props.lang.text(),
            layout_moving,
            drawn: false,
            drawn_early: false,
            bench_pending: props.bench,
            bench_keep: Vec::new(),
        })
    };

    // Keep the shared state in step with the props and the Yew state, then redraw.
    {
        let state = state.clone();
        let scene = scene.clone();
        let presentation = presentation.clone();
        let sel = *selected;
        let lang = props.lang;
        use_effect_with((Rc::as_ptr(&scene) as usize, Rc::as_ptr(&presentation) as usize, sel, props.dark, props.lang), move |_| {
            let mut st = state.borrow_mut();
            // The first frame, drawn before this first run, showed exactly this.
            let drawn_already = std::mem::take(&mut st.drawn_early)
                && Rc::ptr_eq(&st.scene, &scene)
                && Rc::ptr_eq(&st.presentation, &presentation)
                && st.selected == sel
                && std::ptr::eq(st.palette, palette)
                && std::ptr::eq(st.text, lang.text());
            if drawn_already {
                return;
            }
            if !Rc::ptr_eq(&st.scene, &scene) {
                st.positions = scene.positions.clone();
                st.scene = scene;
                st.camera = None;
                st.label_widths.borrow_mut().clear();
            }
            st.presentation = presentation;
            st.selected = sel;
            st.palette = palette;
            st.text = lang.text();
            drop(st);
            schedule(&state);
        });
    }

    // The URL fragment follows the view (the camera's part once it rests, see `schedule_camera`).
    {
        let state = state.clone();
        let spec = ViewSpec {
            selected: selected.map(|id| graph.node(id).id.to_string()),
            path: match *path_ends {
                (Some(a), Some(b)) => Some((graph.node(a).id.to_string(), graph.node(b).id.to_string())),
                _ => None,
            },
            hidden_kinds: filters.hidden_kinds.iter().map(|k| k.as_str().to_string()).collect(),
            hidden_relations: filters.hidden_relations.clone(),
            hidden_communities: filters.hidden_communities.clone(),
            min_degree: filters.min_degree,
            around_hops: filters.around.map(|(_, h)| h),
            from: filters.from.clone(),
            to: filters.to.clone(),
            layout: Arrangement::ALL.iter().find(|(m, _)| *m == *arrangement).filter(|(m, _)| *m != Arrangement::Force).map(|(_, v)| v.to_string()),
            camera: None,
            roles_collapsed: *roles_collapsed,
            lang: Some(props.lang.tag().to_string()),
            theme: props.theme.clone(),
        };
        use_effect_with(spec, move |spec| {
            let first = {
                let mut st = state.borrow_mut();
                st.spec = spec.clone();
                !std::mem::replace(&mut st.hash_written, true)
            };
            if first {
                // The opening view goes into the URL a moment after the first frame, not in the
                // task between that frame's drawing and its showing (a history update is some
                // milliseconds of the page's thread).
                let s = state.clone();
                state.borrow_mut().hash_timer = Some(gloo::timers::callback::Timeout::new(HASH_REST_MS, move || write_hash(&s)));
            } else {
                write_hash(&state);
            }
        });
    }

    // The host page's commands (selection, focus, filters), and the events it is told of.
    {
        let (bus, scene, state) = (props.bus.clone(), scene.clone(), state.clone());
        let (set_selected, set_filters) = (selected.setter(), filters.setter());
        use_effect_with(Rc::as_ptr(&scene) as usize, move |_| {
            let graph_scene = scene.clone();
            let b = bus.clone();
            bus.set_handler(Some(Callback::from(move |command: Command| {
                let graph = &graph_scene.graph;
                match command {
                    Command::Select(None) => set_selected.set(None),
                    Command::Select(Some(id)) => match graph.find(&id) {
                        Some(n) => set_selected.set(Some(n)),
                        None => b.notify(kg_core::protocol::error(&format!("kg:select: no entity has the id “{id}”"))),
                    },
                    Command::Focus(q) => match graph.find(&q).map(kg_core::resolve::Resolution::Found).unwrap_or_else(|| kg_core::resolve::resolve(graph, &q)) {
                        kg_core::resolve::Resolution::Found(n) => {
                            set_selected.set(Some(n));
                            fly_to(&state, n);
                        }
                        kg_core::resolve::Resolution::Ambiguous(c) => b.notify(kg_core::protocol::error(&format!("kg:focus: “{q}” names {} entities", c.len()))),
                        kg_core::resolve::Resolution::NotFound => b.notify(kg_core::protocol::error(&format!("kg:focus: no entity is called “{q}”"))),
                    },
                    Command::Filter(f) => set_filters.set(Filters {
                        hidden_kinds: f.hide_types.iter().map(|k| kg_core::NodeKind::parse(k)).collect(),
                        hidden_relations: f.hide_relations,
                        min_degree: f.min_degree,
                        around: None,
                        from: f.from,
                        to: f.to,
                        hidden_communities: Vec::new(),
                    }),
                    // The app handles loading and the theme.
                    Command::Load(_) | Command::Theme(_) => {}
                }
            })));
            bus.notify(kg_core::protocol::ready(scene.graph.node_count(), scene.graph.edge_count()));
            move || bus.set_handler(None)
        });
    }
    {
        let (bus, scene) = (props.bus.clone(), scene.clone());
        let announced = use_mut_ref(|| None::<NodeId>);
        use_effect_with(*selected, move |sel| {
            if *announced.borrow() != *sel {
                let graph = &scene.graph;
                let entity = sel.map(|id| graph.node(id)).map(|n| (n.id.as_str(), n.display_label(), n.node_kind().as_str()));
                bus.notify(kg_core::protocol::entity_event("kg:select", entity));
                *announced.borrow_mut() = *sel;
            }
        });
    }

    // The source documents' texts, for the sentences behind each relation: inline in the graph
    // file, or a path relative to it, fetched once the first frame is on the screen (they are
    // read only when someone asks for a relation's evidence).
    {
        let scene = scene.clone();
        let sources = sources.clone();
        let url = props.url.clone();
        use_effect_with(Rc::as_ptr(&scene) as usize, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if scene.graph.document().graph.sources.iter().all(|doc| doc.text.is_none()) {
                    return;
                }
                crate::app::after_paint().await;
                let mut texts = std::collections::BTreeMap::new();
                for doc in &scene.graph.document().graph.sources {
                    let Some(text) = &doc.text else { continue };
                    if text.contains('\n') || !text.ends_with(".txt") {
                        texts.insert(doc.id.clone(), text.clone());
                        continue;
                    }
                    let base = gloo::utils::window().location().href().unwrap_or_default();
                    let Ok(data) = web_sys::Url::new_with_base(&url, &base) else { continue };
                    let Ok(at) = web_sys::Url::new_with_base(text, &data.href()) else { continue };
                    if at.origin() != data.origin() {
                        gloo::console::warn!(format!("Source “{}” is on another origin; not fetched.", at.href()));
                        continue;
                    }
                    match crate::app::fetch(&at.href()).await {
                        Ok(r) if r.ok() => {
                            if let Ok(body) = crate::app::text_of(&r).await {
                                texts.insert(doc.id.clone(), body);
                            }
                        }
                        Ok(r) => gloo::console::warn!(format!("Source “{}”: HTTP {}", at.href(), r.status())),
                        Err(e) => gloo::console::warn!(format!("Source “{}”: {e}", at.href())),
                    }
                }
                sources.set(Rc::new(texts));
            });
        });
    }

    // Listeners on the canvas and the window, attached once per mount and removed on unmount.
    {
        let state = state.clone();
        let canvas_ref = canvas_ref.clone();
        let overlay_ref = overlay_ref.clone();
        let set_selected = selected.setter();
        let set_collapsed = collapsed.setter();
        let renderer = renderer.clone();
        // Again when the renderer changes (the GPU probe found a real GPU after the first frame):
        // the canvas is then a new element (`key`), as a canvas keeps its first context's kind.
        let runs = use_mut_ref(|| 0u32);
        use_effect_with(renderer.kind, move |_| {
            let mut listeners = Vec::new();
            let mut resize = None;
            // After the first run, the renderer changed: the new canvas is drawn at once.
            let swapped = {
                let mut runs = runs.borrow_mut();
                *runs += 1;
                *runs > 1
            };
            if let Some(canvas) = attach_canvas(&state, &canvas_ref, &overlay_ref, &renderer) {
                let active = EventListenerOptions::enable_prevent_default();

                let (s, c) = (state.clone(), canvas.clone());
                listeners.push(EventListener::new_with_options(&canvas, "pointerdown", active, move |e| {
                    let Some(e) = e.dyn_ref::<PointerEvent>() else { return };
                    let p = local(&c, e.client_x(), e.client_y());
                    let _ = c.set_pointer_capture(e.pointer_id());
                    let _ = c.focus();
                    let mut st = s.borrow_mut();
                    st.pointers.retain(|(id, _)| *id != e.pointer_id());
                    st.pointers.push((e.pointer_id(), p));
                    if let [(_, a), (_, b)] = st.pointers[..] {
                        // A second finger: the press becomes a pinch.
                        let (spread, mid) = pinch_of(a, b);
                        st.drag = Drag::Pinch { spread, mid };
                    } else {
                        let hit = st.camera.and_then(|cam| st.presentation.node_at(&st.positions, &cam, p, MIN_HIT));
                        st.drag = match hit {
                            Some(id) => Drag::Node { id, start: p, moved: false },
                            None => Drag::Pan { last: p, start: p, moved: false },
                        };
                    }
                    e.prevent_default();
                }));

                let (s, c) = (state.clone(), canvas.clone());
                listeners.push(EventListener::new(&canvas, "pointermove", move |e| {
                    let Some(e) = e.dyn_ref::<PointerEvent>() else { return };
                    let p = local(&c, e.client_x(), e.client_y());
                    let mut st = s.borrow_mut();
                    let Some(mut cam) = st.camera else { return };
                    let mut redraw = false;
                    let mut camera_only = false;
                    if let Some(entry) = st.pointers.iter_mut().find(|(id, _)| *id == e.pointer_id()) {
                        entry.1 = p;
                    }
                    let fingers = match st.pointers[..] {
                        [(_, a), (_, b)] => Some(pinch_of(a, b)),
                        _ => None,
                    };
                    match &mut st.drag {
                        Drag::Pinch { spread, mid } => {
                            if let Some((new_spread, new_mid)) = fingers {
                                cam.pan_by_screen([new_mid[0] - mid[0], new_mid[1] - mid[1]]);
                                cam.zoom_about(new_mid, new_spread / *spread);
                                *spread = new_spread;
                                *mid = new_mid;
                                st.camera = Some(cam);
                                st.camera_moved = true;
                                redraw = true;
                                camera_only = true;
                            }
                        }
                        Drag::Pan { last, start, moved } => {
                            cam.pan_by_screen([p[0] - last[0], p[1] - last[1]]);
                            *last = p;
                            *moved |= (p[0] - start[0]).abs() + (p[1] - start[1]).abs() > CLICK_SLOP;
                            st.camera = Some(cam);
                            st.camera_moved = true;
                            redraw = true;
                            camera_only = true;
                        }
                        Drag::Node { id, start, moved } => {
                            let id = *id;
                            *moved |= (p[0] - start[0]).abs() + (p[1] - start[1]).abs() > CLICK_SLOP;
                            if *moved {
                                let world = cam.world_from_screen(p);
                                st.positions[id.index()] = world;
                                st.camera_moved = true;
                                if let Some(layout) = &st.layout {
                                    layout.pin(id.index(), Some(world));
                                }
                                redraw = true;
                            }
                        }
                        Drag::None => {
                            let hover = st.presentation.node_at(&st.positions, &cam, p, MIN_HIT);
                            if hover != st.hover {
                                st.hover = hover;
                                let graph = &st.scene.graph;
                                let entity = hover.map(|id| graph.node(id)).map(|n| (n.id.as_str(), n.display_label(), n.node_kind().as_str()));
                                st.bus.notify(kg_core::protocol::entity_event("kg:hover", entity));
                                c.style().set_property("cursor", if hover.is_some() { "pointer" } else { "grab" }).ok();
                                redraw = true;
                            }
                        }
                    }
                    drop(st);
                    if redraw && camera_only {
                        schedule_camera(&s);
                    } else if redraw {
                        schedule(&s);
                    }
                }));

                let (s, c, set) = (state.clone(), canvas.clone(), set_selected.clone());
                listeners.push(EventListener::new(&canvas, "pointerup", move |e| {
                    let Some(e) = e.dyn_ref::<PointerEvent>() else { return };
                    let _ = c.release_pointer_capture(e.pointer_id());
                    s.borrow_mut().pointers.retain(|(id, _)| *id != e.pointer_id());
                    let drag = std::mem::replace(&mut s.borrow_mut().drag, Drag::None);
                    if let Drag::Node { id, moved: true, .. } = drag {
                        // Released: the node is free again and the layout settles around it.
                        if let Some(layout) = &s.borrow().layout {
                            layout.pin(id.index(), None);
                        }
                    }
                    match drag {
                        Drag::Node { id, moved: false, .. } => set.set(Some(id)),
                        Drag::Pan { moved: false, .. } => set.set(None),
                        _ => {}
                    }
                }));

                let s = state.clone();
                listeners.push(EventListener::new(&canvas, "pointercancel", move |e| {
                    let Some(e) = e.dyn_ref::<PointerEvent>() else { return };
                    let mut st = s.borrow_mut();
                    st.pointers.retain(|(id, _)| *id != e.pointer_id());
                    st.drag = Drag::None;
                }));

                // Double-click collapses the leaves hanging off an entity, or expands them again.
                let (s, c, set_collapsed) = (state.clone(), canvas.clone(), set_collapsed.clone());
                listeners.push(EventListener::new(&canvas, "dblclick", move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::MouseEvent>() else { return };
                    let p = local(&c, e.client_x(), e.client_y());
                    let mut st = s.borrow_mut();
                    let hit = st.camera.and_then(|cam| st.presentation.node_at(&st.positions, &cam, p, MIN_HIT));
                    if let Some(id) = hit {
                        match st.collapsed.iter().position(|&x| x == id) {
                            Some(i) => {
                                st.collapsed.remove(i);
                            }
                            None => st.collapsed.push(id),
                        }
                        set_collapsed.set(st.collapsed.clone());
                    }
                }));

                let s = state.clone();
                listeners.push(EventListener::new(&canvas, "pointerleave", move |_| {
                    let mut st = s.borrow_mut();
                    if st.hover.take().is_some() {
                        drop(st);
                        schedule(&s);
                    }
                }));

                let (s, c) = (state.clone(), canvas.clone());
                listeners.push(EventListener::new_with_options(&canvas, "wheel", active, move |e| {
                    let Some(e) = e.dyn_ref::<WheelEvent>() else { return };
                    // Embedded, the wheel zooms only while the viewer has the focus (or with
                    // Ctrl): otherwise it scrolls the host page as usual.
                    let focused = gloo::utils::document().active_element().is_some_and(|a| js_sys::Object::is(&a, &c));
                    if s.borrow().wheel == Wheel::Focus && !focused && !e.ctrl_key() {
                        return;
                    }
                    e.prevent_default();
                    let p = local(&c, e.client_x(), e.client_y());
                    // deltaMode 1 is lines; about 16 pixels a line.
                    let pixels = e.delta_y() * if e.delta_mode() == 1 { 16.0 } else { 1.0 };
                    let factor = js_sys::Math::exp(-pixels / 500.0) as f32;
                    let mut st = s.borrow_mut();
                    if let Some(mut cam) = st.camera {
                        cam.zoom_about(p, factor);
                        st.camera = Some(cam);
                        st.camera_moved = true;
                    }
                    drop(st);
                    schedule_camera(&s);
                }));

                let (s, set) = (state.clone(), set_selected.clone());
                listeners.push(EventListener::new_with_options(&canvas, "keydown", active, move |e| {
                    let Some(e) = e.dyn_ref::<KeyboardEvent>() else { return };
                    let mut st = s.borrow_mut();
                    let Some(mut cam) = st.camera else { return };
                    let centre = [cam.viewport[0] / 2.0, cam.viewport[1] / 2.0];
                    match e.key().as_str() {
                        "ArrowLeft" => cam.pan_by_screen([50.0, 0.0]),
                        "ArrowRight" => cam.pan_by_screen([-50.0, 0.0]),
                        "ArrowUp" => cam.pan_by_screen([0.0, 50.0]),
                        "ArrowDown" => cam.pan_by_screen([0.0, -50.0]),
                        "+" | "=" => cam.zoom_about(centre, 1.25),
                        "-" | "_" => cam.zoom_about(centre, 0.8),
                        "0" => {
                            cam = Camera::fit(st.presentation.bounds(&st.positions), cam.viewport, FIT_MARGIN);
                            st.camera_moved = false;
                        }
                        "Escape" => {
                            st.hover = None;
                            set.set(None);
                        }
                        "Tab" => {
                            // Tab and Shift+Tab step through the shown entities, most connected
                            // first; past the last one focus leaves the canvas as usual.
                            let order: Vec<NodeId> = st.scene.by_importance.iter().copied().filter(|id| st.presentation.node_visible[id.index()]).collect();
                            let at = st.hover.and_then(|h| order.iter().position(|&x| x == h));
                            let next = match (at, e.shift_key()) {
                                (None, false) => order.first().copied(),
                                (None, true) => order.last().copied(),
                                (Some(i), false) => order.get(i + 1).copied(),
                                (Some(i), true) => i.checked_sub(1).and_then(|j| order.get(j).copied()),
                            };
                            let Some(next) = next else {
                                st.hover = None;
                                drop(st);
                                schedule(&s);
                                return;
                            };
                            st.hover = Some(next);
                            // Keep the entity in view.
                            let p = cam.screen_from_world(st.positions[next.index()]);
                            if p[0] < 0.0 || p[1] < 0.0 || p[0] > cam.viewport[0] || p[1] > cam.viewport[1] {
                                cam.centre = st.positions[next.index()];
                            }
                            if let Some(canvas) = &st.canvas {
                                let _ = canvas.set_attribute("data-keyboard-focus", &st.scene.graph.node(next).id);
                            }
                        }
                        "Enter" => {
                            if let Some(h) = st.hover {
                                set.set(Some(h));
                            }
                        }
                        _ => return,
                    }
                    e.prevent_default();
                    let camera_only = !matches!(e.key().as_str(), "0" | "Escape" | "Tab" | "Enter");
                    if camera_only {
                        st.camera_moved = true;
                    }
                    st.camera = Some(cam);
                    drop(st);
                    if camera_only {
                        schedule_camera(&s);
                    } else {
                        schedule(&s);
                    }
                }));

                let s = state.clone();
                listeners.push(EventListener::new(&gloo::utils::window(), "resize", move |_| schedule(&s)));
                // The container may change size without the window doing so (a host page's
                // layout): redraw whenever the canvas's box changes.
                let s = state.clone();
                // The observer also reports the box once when it starts observing: that box is
                // the one the first frame was drawn for, and drawing it again (60 ms at 100,000
                // nodes) would only delay the first interaction.
                let on_resize = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
                    if box_changed(&s) {
                        schedule(&s);
                    }
                });
                if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
                    observer.observe(&canvas);
                    resize = Some((observer, on_resize));
                }
            }
            // The first frame is drawn now, not at the next animation frame: the canvas is in
            // the page and an earlier effect has set what it shows, so the browser's next paint
            // shows the graph (one frame sooner).
            if swapped || state.borrow().pending.is_some() {
                draw_now(&state);
            }
            let hook = install_test_hook(&state);
            move || {
                drop(listeners);
                drop(hook);
                if let Some((observer, closure)) = resize {
                    observer.disconnect();
                    drop(closure);
                }
                // The canvases are let go: the next renderer takes them afresh.
                let mut st = state.borrow_mut();
                st.canvas = None;
                st.canvas_2d = None;
                st.overlay = None;
                st.backend = Backend::Canvas;
                st.snapshot = None;
                st.needs_full = true;
            }
        });
    }

    // The first frame, drawn as soon as the canvas is in the page. When the first render takes
    // longer than a frame, Yew gives the browser the thread before it runs the effects (which
    // would draw it), and the browser paints the page without the graph first: a task queued
    // now runs right after Yew has put the canvas in the page and before that paint. When Yew
    // ran the effects first, they drew it and this does nothing.
    // A large graph's frame is drawn in a task of its own instead: with the render, it would make
    // one long task (~190 ms at 100,000 nodes).
    {
        let queued = use_mut_ref(|| false);
        if !std::mem::replace(&mut *queued.borrow_mut(), true) {
            let (state, canvas_ref, overlay_ref, renderer) = (state.clone(), canvas_ref.clone(), overlay_ref.clone(), renderer.clone());
            let large = presentation.node_count() + presentation.edges.len() >= EARLY_DRAW_ITEMS;
            wasm_bindgen_futures::spawn_local(async move {
                if large {
                    crate::app::next_task().await;
                }
                if !state.borrow().drawn && attach_canvas(&state, &canvas_ref, &overlay_ref, &renderer).is_some() {
                    draw_now(&state);
                    state.borrow_mut().drawn_early = true;
                }
            });
        }
    }

    // Without a verdict on the GPU, a large graph was first drawn with Canvas 2-D; the GPU is
    // probed once that frame is in (the probe takes a processor for a moment), and a real GPU
    // then takes over the drawing.
    {
        let renderer = renderer.clone();
        let nodes = scene.graph.node_count();
        let probe_url = options.asset("gpu-probe.js");
        use_effect_with(Rc::as_ptr(&scene) as usize, move |_| {
            let probe = crate::render_gl::probe_wanted(renderer_param().as_deref(), nodes).then(|| {
                gloo::timers::callback::Timeout::new(PROBE_AFTER_MS, move || {
                    wasm_bindgen_futures::spawn_local(async move {
                        renderer.set(crate::render_gl::probe_gpu(&probe_url, PROBE_TIMEOUT_MS).await);
                    });
                })
            });
            move || drop(probe)
        });
    }

    // The force layout, restarted for each new graph; its batches move the nodes as it settles.
    // A link may ask for the hierarchy or the radial layout instead. Under the benchmark the
    // graph stays at its standard positions until `__bench.layout(n)`.
    let layout_status = use_state(|| "running");
    let layout_progress = use_state(|| 0usize);
    {
        let state = state.clone();
        let scene = scene.clone();
        let set_status = layout_status.setter();
        let set_progress = layout_progress.setter();
        let bench = props.bench;
        let (start_mode, centre) = (*arrangement, (*selected).or_else(|| scene.by_importance.first().copied()));
        let (jobs, redraw, analysed) = (jobs.clone(), redraw.clone(), analysed.clone());
        let worker_url = options.asset(crate::layout_client::WORKER_FILE);
        use_effect_with(Rc::as_ptr(&scene) as usize, move |_| {
            let mut keep: Vec<Box<dyn std::any::Any>> = Vec::new();
            if bench {
                // The graph stays at its standard positions until `__bench.layout(n)` (`draw_now`
                // completes `window.__bench` after the first frame).
            } else if start_mode == Arrangement::Force {
                // The layout starts in a task of its own: handing a large graph to the worker
                // is work the first render and frame need not wait for.
                let (s, status, progress) = (state.clone(), set_status.clone(), set_progress.clone());
                keep.push(Box::new(gloo::timers::callback::Timeout::new(0, move || start_app_layout(&s, status, progress))));
            } else {
                // Arranged in a worker; the nodes take their places when it answers.
                let state = state.clone();
                arrange_in_worker(&worker_url, &scene.graph, start_mode, centre, &jobs, &redraw, &analysed, move |positions| {
                    let mut st = state.borrow_mut();
                    st.positions = positions;
                    if let Some(canvas) = &st.canvas {
                        let _ = canvas.set_attribute("data-layout", "done");
                    }
                    drop(st);
                    set_status.set("done");
                    schedule(&state);
                });
            }
            let state = state.clone();
            move || {
                state.borrow_mut().layout = None;
                drop(keep);
            }
        });
    }
    let paused = use_state(|| false);
    let toggle_pause = {
        let paused = paused.clone();
        let state = state.clone();
        Callback::from(move |_| {
            if let Some(layout) = &state.borrow().layout {
                layout.set_paused(!*paused);
            }
            if !*paused {
                // Paused, the picture rests: redraw it with the full edge sample.
                let mut st = state.borrow_mut();
                st.layout_moving = false;
                st.needs_full = true;
                drop(st);
                schedule(&state);
            }
            paused.set(!*paused);
        })
    };

    let t = props.lang.text();
    let lang = props.lang;
    let full = options.chrome == Chrome::Full;
    // The panels a link's view uses start open; afterwards the person opens and closes them
    // (the value never changes, so rendering never overrides their choice).
    let open_at_start = *use_memo((), {
        let (ends, f) = (*path_ends, (*filters).clone());
        move |_| (ends.0.is_some() || ends.1.is_some(), !f.is_empty(), f.from.is_some() || f.to.is_some())
    });
    // The path finder, the filters and the time bar are built only while their panel is open: a
    // closed panel costs the page nothing (on a large graph, building them is a good part of the
    // first render; the path finder's two search boxes are a part of every first render).
    let path_open = use_state(|| open_at_start.0);
    let filters_open = use_state(|| open_at_start.1);
    let timeline_open = use_state(|| open_at_start.2);
    let on_toggle = |open_state: &UseStateHandle<bool>| {
        let open_state = open_state.clone();
        Callback::from(move |e: Event| {
            let open = e.target_dyn_into::<web_sys::HtmlDetailsElement>().is_some_and(|d| d.open());
            open_state.set(open);
        })
    };
    let (on_path_toggle, on_filters_toggle, on_timeline_toggle) = (on_toggle(&path_open), on_toggle(&filters_open), on_toggle(&timeline_open));
    let toggle_roles = {
        let roles_collapsed = roles_collapsed.clone();
        Callback::from(move |_| roles_collapsed.set(!*roles_collapsed))
    };
    let fit = {
        let state = state.clone();
        Callback::from(move |_| {
            let mut st = state.borrow_mut();
            st.camera = None;
            st.camera_moved = false;
            drop(st);
            schedule(&state);
            write_hash(&state);
        })
    };
    // Selecting from a panel or the search box also brings the entity into view.
    let select_and_fly = {
        let (set, state) = (selected.setter(), state.clone());
        Callback::from(move |id: NodeId| {
            set.set(Some(id));
            fly_to(&state, id);
        })
    };
    let legend: Html = match &presentation.groups {
        None => graph
            .kind_counts()
            .into_iter()
            .map(|(kind, count)| {
                html! {
                    <li data-kind={kind.as_str()}>
                        { swatch(kind.colour()) }
                        { format!("{} {count}", kind_name(lang, kind)) }
                    </li>
                }
            })
            .collect(),
        Some(groups) => {
            let last = kg_core::present::GROUP_COLOURS.len() - 1;
            let mut sizes = vec![0usize; last + 1];
            for (&g, &shown) in groups.iter().zip(&presentation.node_visible) {
                if shown {
                    sizes[(g as usize).min(last)] += 1;
                }
            }
            sizes
                .iter()
                .enumerate()
                .filter(|(_, &n)| n > 0)
                .map(|(k, n)| {
                    let name = if k + 1 == kg_core::present::GROUP_COLOURS.len() { format!("{} {}+", t.community, k + 1) } else { format!("{} {}", t.community, k + 1) };
                    html! {
                        <li class="community">
                            { swatch(kg_core::present::GROUP_COLOURS[k]) }
                            { format!("{name} {n}") }
                        </li>
                    }
                })
                .collect()
        }
    };
    // Counts the layout choices, so that an arrangement computed late is dropped when another
    // was chosen meanwhile.
    let arrange_count = use_mut_ref(|| 0u32);
    let on_arrange = {
        let arrangement = arrangement.clone();
        let state = state.clone();
        let scene = scene.clone();
        let selected = selected.clone();
        let set_status = layout_status.setter();
        let set_progress = layout_progress.setter();
        let arrange_count = arrange_count.clone();
        let (jobs, redraw, analysed) = (jobs.clone(), redraw.clone(), analysed.clone());
        let worker_url = options.asset(crate::layout_client::WORKER_FILE);
        Callback::from(move |e: Event| {
            let value = e.target_dyn_into::<web_sys::HtmlSelectElement>().map(|s| s.value()).unwrap_or_default();
            let Some(&(mode, _)) = Arrangement::ALL.iter().find(|(_, v)| *v == value) else { return };
            arrangement.set(mode);
            state.borrow_mut().layout = None;
            state.borrow_mut().camera_moved = false;
            *arrange_count.borrow_mut() += 1;
            // An arrangement still being computed (asked for earlier, or by a link) is dropped.
            jobs.borrow_mut().retain(|(w, _)| *w != ARRANGING);
            if mode == Arrangement::Force {
                set_status.set("running");
                start_app_layout(&state, set_status.clone(), set_progress.clone());
                return;
            }
            // The arrangement is computed in a worker (`crate::analysis`), around the selection
            // or else the best-connected entity; it is dropped if another was chosen meanwhile.
            if let Some(canvas) = &state.borrow().canvas {
                // Until the worker answers and the nodes move ("running", then "done").
                let _ = canvas.set_attribute("data-transition", "computing");
            }
            let (state, count, arrange_count) = (state.clone(), *arrange_count.borrow(), arrange_count.clone());
            let centre = (*selected).or_else(|| scene.by_importance.first().copied());
            arrange_in_worker(&worker_url, &scene.graph, mode, centre, &jobs, &redraw, &analysed, move |positions| {
                if *arrange_count.borrow() == count {
                    animate_to(&state, positions);
                }
            });
        })
    };
    let on_size = {
        let size_by = size_by.clone();
        Callback::from(move |e: Event| {
            let value = e.target_dyn_into::<web_sys::HtmlSelectElement>().map(|s| s.value()).unwrap_or_default();
            if let Some(&(mode, _)) = SizeBy::ALL.iter().find(|(_, v)| *v == value) {
                size_by.set(mode);
            }
        })
    };
    // A worker is started ahead when the pointer or the focus comes to the toolbar
    // (`crate::worker_job::prepare`): the measure, the communities or the arrangement chosen a
    // moment later then need not wait for one to start.
    let (warm_on_pointer, warm_on_focus) = {
        let url: Rc<str> = options.asset(crate::layout_client::WORKER_FILE).into();
        let again = url.clone();
        (Callback::from(move |_: PointerEvent| crate::worker_job::prepare(&url)), Callback::from(move |_: FocusEvent| crate::worker_job::prepare(&again)))
    };
    let toggle_colour = {
        let colour_by = colour_by.clone();
        Callback::from(move |_| colour_by.set(if *colour_by == ColourBy::Type { ColourBy::Community } else { ColourBy::Type }))
    };
    let problems = if scene.problems.is_empty() {
        html! {}
    } else {
        html! {
            <details class="problems" id="load-problems">
                <summary>{ format!("{} problem(s) in the file", scene.problems.len()) }</summary>
                <ul>
                    { for scene.problems.iter().take(crate::app::MAX_LOGGED_PROBLEMS).map(|p| html! { <li>{ p.to_string() }</li> }) }
                    if scene.problems.len() > crate::app::MAX_LOGGED_PROBLEMS {
                        <li class="more">{ format!("… and {} more (run `kg validate` for the full list)", scene.problems.len() - crate::app::MAX_LOGGED_PROBLEMS) }</li>
                    }
                </ul>
            </details>
        }
    };
    let selection = match *selected {
        Some(id) => {
            let node = graph.node(id);
            html! {
                <section class="selection" id="selection" aria-live="polite">
                    <strong class="selection-label">{ node.display_label() }</strong>
                    <span class="kind">{ kind_name(lang, node.node_kind()) }</span>
                    <span class="selection-id">{ node.id.to_string() }</span>
                </section>
            }
        }
        None => html! { <section class="selection empty" id="selection" aria-live="polite">{ t.click_to_select }</section> },
    };
    // The communities' sizes, largest first, for the filter (while colouring by community).
    let community_sizes: Rc<Vec<usize>> = Rc::new(match communities.as_ref() {
        Some(groups) => {
            let mut sizes = vec![0usize; groups.iter().max().map_or(0, |m| *m as usize + 1)];
            for &g in groups {
                sizes[g as usize] += 1;
            }
            sizes
        }
        None => Vec::new(),
    });
    let on_filters = {
        let filters = filters.clone();
        Callback::from(move |f: Filters| filters.set(f))
    };
    let on_time = {
        let filters = filters.clone();
        Callback::from(move |(from, to): (Option<String>, Option<String>)| filters.set(Filters { from, to, ..(*filters).clone() }))
    };
    let on_path_from = {
        let path_ends = path_ends.clone();
        Callback::from(move |id: NodeId| path_ends.set((Some(id), path_ends.1)))
    };
    let on_path_to = {
        let path_ends = path_ends.clone();
        Callback::from(move |id: NodeId| path_ends.set((path_ends.0, Some(id))))
    };
    let export = |kind: ExportKind| {
        let (state, url) = (state.clone(), props.url.clone());
        Callback::from(move |_| export_view(&state, kind, &url))
    };
    // The list view is built only while it is open, and at most LIST_LIMIT rows of each kind: a
    // large graph must not pay for thousands of DOM nodes nobody looks at. It shows what the
    // canvas shows (the same filters), narrowed by its own search.
    let (entities, relations, more) = if *list_open {
        let shown = |id: &NodeId| presentation.node_visible[id.index()];
        let ids: Vec<NodeId> = if list_query.trim().is_empty() {
            graph.node_ids().filter(shown).collect()
        } else {
            index.search(&list_query, usize::MAX).into_iter().map(|h| h.id).filter(shown).collect()
        };
        let more = ids.len().saturating_sub(LIST_LIMIT);
        let entities: Html = ids
            .iter()
            .take(LIST_LIMIT)
            .map(|&id| {
                let node = graph.node(id);
                let pick = select_and_fly.clone();
                html! {
                    <li data-id={node.id.to_string()}><button class="entity-link" onclick={Callback::from(move |_| pick.emit(id))}>{ node.display_label() }</button>
                        <span class="kind">{ kind_name(lang, node.node_kind()) }</span></li>
                }
            })
            .collect();
        let keep: Option<std::collections::HashSet<NodeId>> = (!list_query.trim().is_empty()).then(|| ids.iter().copied().collect());
        let relations: Html = presentation
            .edges
            .iter()
            .filter(|e| keep.as_ref().is_none_or(|k| k.contains(&e.source) || k.contains(&e.target)))
            .take(LIST_LIMIT)
            .map(|e| {
                let kind = e.label.clone().or_else(|| e.edge.map(|id| graph.edge(id).kind.to_string())).unwrap_or_default();
                html! { <tr><td>{ graph.node(e.source).display_label() }</td><td>{ kind }</td><td>{ graph.node(e.target).display_label() }</td></tr> }
            })
            .collect();
        (entities, relations, more)
    } else {
        (html! {}, html! {}, 0)
    };
    let on_list_toggle = {
        let list_open = list_open.clone();
        Callback::from(move |e: Event| {
            let open = e.target_dyn_into::<web_sys::HtmlDetailsElement>().is_some_and(|d| d.open());
            list_open.set(open);
        })
    };
    let on_list_query = {
        let list_query = list_query.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                list_query.set(input.value());
            }
        })
    };

    html! {
        <>
            if full {
            <section class="summary" aria-label="Graph summary">
                <p class="counts">
                    <span id="node-count">{ presentation.node_count() }</span>{ format!(" {} · ", t.entities) }
                    <span id="edge-count">{ presentation.edges.len() }</span>{ format!(" {}", t.relations) }
                    if hidden.nodes + hidden.edges > 0 {
                        <span class="hidden-summary" id="hidden-summary">{ format!(" ({} {} / {})", t.hidden, hidden.nodes, hidden.edges) }</span>
                    }
                    <span class="source">{ format!(" — {} ({})", props.url, scene.format.name()) }</span>
                </p>
                <ul class="legend" aria-label="Legend">{ legend }</ul>
                <div class="tools" role="toolbar" aria-label={t.layout} onpointerover={warm_on_pointer} onfocusin={warm_on_focus}>
                    <button id="toggle-roles" aria-pressed={(*roles_collapsed).to_string()} onclick={toggle_roles}>
                        { if *roles_collapsed { t.show_roles } else { t.collapse_roles } }
                    </button>
                    <select id="arrangement" aria-label={t.layout} onchange={on_arrange}>
                        { for Arrangement::ALL.iter().map(|(mode, value)| html! {
                            <option value={*value} selected={*arrangement == *mode}>{ mode.label(t) }</option>
                        }) }
                    </select>
                    <select id="size-by" aria-label={t.node_size} onchange={on_size}>
                        { for SizeBy::ALL.iter().map(|(mode, value)| html! {
                            <option value={*value} selected={*size_by == *mode}>{ mode.label(t) }</option>
                        }) }
                    </select>
                    <button id="colour-by" aria-pressed={(*colour_by == ColourBy::Community).to_string()} onclick={toggle_colour}>
                        { if *colour_by == ColourBy::Community { t.colour_by_type } else { t.colour_by_community } }
                    </button>
                    <button id="fit-view" onclick={fit}>{ t.fit }</button>
                    <span id="renderer" class="renderer" title={renderer.reason.clone()}>
                        { if renderer.kind == Kind::WebGl { "WebGL2" } else { "Canvas 2-D" } }
                    </span>
                    <button id="pause-layout" aria-pressed={(*paused).to_string()} onclick={toggle_pause}
                        disabled={*layout_status == "done" || *arrangement != Arrangement::Force}>
                        { if *layout_status == "done" { t.layout_done } else if *paused { t.resume } else { t.pause } }
                    </button>
                    if *arrangement == Arrangement::Force && *layout_status != "done" && !props.bench {
                        <progress id="layout-progress" max={crate::layout_client::ITERATIONS.to_string()}
                            value={layout_progress.to_string()} aria-label={t.layout_progress}></progress>
                    }
                    // Last, so that nothing before it moves when it comes and goes.
                    if !jobs.borrow().is_empty() {
                        <span id="analysis-status" class="analysis-status" role="status">{ t.computing }</span>
                    } else if let Some(error) = analysed.borrow().error.clone() {
                        <span id="analysis-error" class="analysis-status" role="alert">{ error }</span>
                    }
                </div>
            </section>
            }
            if options.chrome != Chrome::None {
            <div class="searchbar">
                <SearchBox scene={scene.clone()} index={index.clone()} lang={lang} id="search" label={t.search} on_pick={select_and_fly.clone()} />
                { selection }
            </div>
            }
            if full { { problems } }
            <div class="workspace">
                <div class="canvas-wrap">
                    <canvas key={renderer.kind.as_str()} ref={canvas_ref} id="graph-canvas" class="graph-canvas" role="img" tabindex="0" data-renderer={renderer.kind.as_str()}
                        data-analysed={analysed.borrow().results.keys().copied().collect::<Vec<_>>().join(" ")}
                        aria-label={format!("{} {} · {} {}. {}", presentation.node_count(), t.entities, presentation.edges.len(), t.relations, t.canvas_help)}></canvas>
                    <canvas ref={overlay_ref} id="graph-labels" class="graph-overlay" aria-hidden="true"></canvas>
                    <p class="lod-note" id="lod-note" aria-live="polite"></p>
                </div>
                if full {
                <aside class="side" aria-label={t.details}>
                    if let Some(id) = *selected {
                        <DetailsPanel scene={scene.clone()} id={id} lang={lang} sources={(*sources).clone()} on_select={select_and_fly.clone()} />
                    }
                    <details class="panel" id="path-section" open={open_at_start.0} ontoggle={on_path_toggle}>
                        <summary>{ t.path_finder }</summary>
                        if *path_open {
                            <PathPanel scene={scene.clone()} index={index.clone()} lang={lang} from={path_ends.0} to={path_ends.1}
                                paths={paths.clone()} view={filter_view.clone()} sources={(*sources).clone()} on_from={on_path_from} on_to={on_path_to} />
                        }
                    </details>
                    <details class="panel" id="filter-section" open={open_at_start.1} ontoggle={on_filters_toggle}>
                        <summary>{ t.filters }</summary>
                        if *filters_open {
                            <FilterPanel scene={scene.clone()} lang={lang} filters={(*filters).clone()} hidden={hidden} selected={*selected} on_change={on_filters}
                                community_sizes={community_sizes} />
                        }
                    </details>
                    <details class="panel" id="timeline-section" open={open_at_start.2} ontoggle={on_timeline_toggle}>
                        <summary>{ t.timeline }</summary>
                        if *timeline_open {
                            <Timeline scene={scene.clone()} lang={lang} from={filters.from.clone()} to={filters.to.clone()} on_change={on_time} />
                        }
                    </details>
                    <details class="panel" id="export-section">
                        <summary>{ t.export }</summary>
                        <div class="export">
                            <button id="export-png" onclick={export(ExportKind::Png)}>{ t.export_png }</button>
                            <button id="export-svg" onclick={export(ExportKind::Svg)}>{ t.export_svg }</button>
                            <button id="export-json" onclick={export(ExportKind::Json)}>{ t.export_json }</button>
                        </div>
                    </details>
                </aside>
                }
            </div>
            if full {
            <details class="entity-list" id="entity-list" ontoggle={on_list_toggle}>
                <summary>{ format!("{} ({} · {})", t.list_view, presentation.node_count(), presentation.edges.len()) }</summary>
                <input id="list-filter" type="search" aria-label={t.filter_list} placeholder={t.filter_list} value={(*list_query).clone()} oninput={on_list_query} />
                <ul aria-label={t.entities}>
                    { entities }
                    if *list_open && more > 0 {
                        <li class="more">{ format!("… {more} {}", t.more) }</li>
                    }
                </ul>
                <table class="relations" aria-label={t.relations}><tbody>{ relations }</tbody></table>
            </details>
            }
        </>
    }
}
