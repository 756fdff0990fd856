//! The graph's first frame before the interface: the page's own graph read and drawn, with the
//! app's renderer, where the canvas will stand, and the interface built around it afterwards.
//!
//! A page opened on its own (not in a frame or a host page) on another graph than the default
//! (whose picture the page shows, built ahead: `cargo xtask first-paint`) reads the graph file,
//! builds its scene and draws it on a canvas in the page's `.kg-first-paint`
//! box (the place the standard interface gives its canvas, see `style.css`), before Yew builds
//! the interface; the app then takes that scene instead of reading the file again, and the
//! view's first frame copies this canvas (`view::adopt_early`) before the page takes the box
//! down (`end_first_paint`). Yew's render of the interface and the browser's layout of it now
//! come after the graph's first frame, which came 120–210 ms sooner at 10,000 nodes
//! (`tests/perf/phases.mjs`). Nothing happens here when the box is not shown (the URL asks for
//! a focus, an arrangement, another interface or a view in its fragment, or the window is too
//! narrow for the toolbars to keep to one line). A file of a few megabytes that `boot.js` has
//! whole is read in one task; any other (large, of unknown size, still downloading a quarter of a
//! second after its headers came, or whose headers came over 100 ms after the module started:
//! `boot.js`'s `whole`) is read here as it downloads, a slice at a time, its progress shown in
//! the page's status line as the interface would show it (`app::early_scene`), so that the
//! panels' render and layout do not hold a large graph's first frame back either (nor take the
//! page's thread while it paces the download). Only when `boot.js` made no request for the
//! graph does the interface read it, with its progress, and its view draw the first frame.

use std::cell::RefCell;
use std::rc::Rc;

use kg_core::camera::Camera;
use kg_core::scene::Scene;
use wasm_bindgen::JsCast;

use crate::render2d::{Frame, Palette, Surface, DARK, LIGHT};

thread_local! {
    /// The graph read here, for the app to take: the scene, or why there is none.
    static READ: RefCell<Option<Result<Rc<Scene>, String>>> = const { RefCell::new(None) };
    /// When the early frame had been shown (two animation frames after its drawing), for the
    /// benchmark's report.
    static SHOWN_AT: std::cell::Cell<Option<f64>> = const { std::cell::Cell::new(None) };
    /// The early frame, until the view takes it as its own first frame.
    static DRAWN: RefCell<Option<Drawn>> = const { RefCell::new(None) };
}

/// An early frame as drawn: what the view needs to show it as its own first frame instead of
/// drawing that again.
pub(crate) struct Drawn {
    pub canvas: web_sys::HtmlCanvasElement,
    /// The camera it was drawn with (its viewport the canvas's size in CSS pixels).
    pub camera: Camera,
    /// What the rasterizer drew, when it drew.
    pub raster: Option<kg_core::raster::RasterStats>,
    /// True when some labels were placed by an estimate of their width (the characters it
    /// measured are kept for every frame, see `render2d::label_width`).
    pub labels_pending: bool,
    /// The scene it showed (its address: the frame is kept only until the page's first frame,
    /// while that scene is the app's, see [`forget`]).
    scene: *const Scene,
    /// The theme it was drawn in.
    palette: &'static Palette,
}

/// Reads the page's graph `url` and draws its first frame, when the page's box for it is shown
/// (see the module's comment); what was read is kept for [`take`]. A load that takes a while says
/// its progress in `lang`. Returns once it is drawn, or at once when nothing is to be done here.
pub(crate) async fn read_and_draw(url: &str, reader: &str, lang: crate::i18n::Lang) {
    let Some((holder, canvas)) = canvas_in_box() else { return };
    // A file still to come: the canvas is out of the page meanwhile (the box is shown only with
    // a canvas in it), and the page says what it is loading instead.
    let Some(result) = crate::app::early_scene(url, reader, lang, &canvas).await else {
        // No request of `boot.js` to take: the interface reads the graph, with its progress
        // shown, and its view draws it.
        canvas.remove();
        return;
    };
    let result = result.map(Rc::new);
    match &result {
        // Back in the box, unless the window has become too narrow for it meanwhile (the view
        // then draws the first frame).
        Ok(scene) if holder.append_child(&canvas).is_ok() && canvas.client_height() > 0 => {
            draw(canvas, scene);
            shown().await;
        }
        _ => canvas.remove(),
    }
    READ.set(Some(result));
}

/// A canvas put in the page's box for the graph's first frame, when the page has that box for
/// another graph than the default and shows it (see the module's comment).
fn canvas_in_box() -> Option<(web_sys::Element, web_sys::HtmlCanvasElement)> {
    let document = gloo::utils::document();
    // Only for another graph than the default (`boot.js` says which): the default's page shows
    // its picture, built ahead, sooner than any frame drawn here, which would only hold the
    // interface back (by ~75 ms here).
    let holder = document.query_selector(".kg-other-graph .kg-first-paint").ok().flatten()?;
    let canvas: web_sys::HtmlCanvasElement = document.create_element("canvas").ok()?.unchecked_into();
    canvas.set_class_name("kg-early-frame");
    holder.append_child(&canvas).ok()?;
    // The box is hidden by the style sheet where the interface would not put its canvas there.
    if canvas.client_height() == 0 {
        canvas.remove();
        return None;
    }
    Some((holder, canvas))
}

/// Waits until a frame just drawn has been shown, and notes when for the benchmark's report.
async fn shown() {
    // The frame is shown at the end of the next animation frame. The benchmark's contract counts
    // it as shown in the callbacks of the one following (as the peers' pages and the view's own
    // first frame, `view::complete_bench`, take it); the interface is built in a task after
    // that, when the frame is surely on the screen.
    crate::app::animation_frame().await;
    crate::app::animation_frame().await;
    SHOWN_AT.set(Some(crate::view::now_ms()));
    crate::app::next_task().await;
}

/// Draws `scene`'s first frame on `canvas` as the app's view would (the standard positions,
/// fitted with the same margin, the default presentation, the theme `boot.js` chose).
fn draw(canvas: web_sys::HtmlCanvasElement, scene: &Rc<Scene>) {
    let Some(surface) = Surface::new(canvas) else { return };
    // A large graph's frame is rastered, every edge straight: it is drawn before the lanes of
    // parallel edges are assigned (the view asks for them, after this frame has been shown).
    let so_far = scene.presentation_without_lanes().filter(|p| p.edges.len() >= crate::render2d::RASTER_EDGES);
    let whole;
    let presentation: &kg_core::present::Presentation = match &so_far {
        Some(p) => p,
        None => {
            whole = scene.default_presentation();
            &whole
        }
    };
    let camera = Camera::fit(presentation.bounds(&scene.positions), surface.size, crate::view::FIT_MARGIN);
    let dark = gloo::utils::document().document_element().and_then(|e| e.get_attribute("data-theme")).as_deref() == Some("dark");
    let widths = RefCell::new(Vec::new());
    let frame = Frame {
        scene: scene.as_ref(),
        presentation,
        positions: &scene.positions,
        camera: &camera,
        focus: None,
        selected: None,
        label_widths: &widths,
        moving: false,
        labels_pending: Default::default(),
    };
    let palette = if dark { &DARK } else { &LIGHT };
    let raster = crate::render2d::draw(&surface, &frame, palette);
    let labels_pending = frame.labels_pending.get();
    let _ = surface.canvas.set_attribute("data-drawn", "true");
    DRAWN.set(Some(Drawn { canvas: surface.canvas, camera, raster, labels_pending, scene: Rc::as_ptr(scene), palette }));
}

/// How far the view's canvas may stand from the early frame's box (in CSS pixels, on either
/// axis, each side) for the view to show that frame: within the fitted view's margin, so that
/// nothing of the graph is cut off or missing. The box in `style.css` is where the standard
/// interface puts its canvas, give or take the toolbars' fonts.
const SLACK: f32 = crate::view::FIT_MARGIN / 4.0;

/// The camera the view starts with on a canvas of `viewport` CSS pixels when the early frame
/// showed `scene`: that frame's picture, centred (see [`Camera::recentred`]).
pub(crate) fn camera_for(scene: &Rc<Scene>, viewport: kg_core::camera::Vec2) -> Option<Camera> {
    DRAWN.with_borrow(|d| d.as_ref().filter(|d| std::ptr::eq(d.scene, Rc::as_ptr(scene))).and_then(|d| d.camera.recentred(viewport, SLACK)).map(|(_, c)| c))
}

/// The early frame and where it goes on the view's canvas (CSS pixels), taken once, when it
/// showed `scene` in `palette` as `camera` shows it (the camera [`camera_for`] gave); otherwise
/// it is dropped.
pub(crate) fn take_drawn(scene: &Rc<Scene>, camera: &Camera, palette: &Palette) -> Option<(Drawn, kg_core::camera::Vec2)> {
    let drawn = DRAWN.take()?;
    let (shift, placed) = drawn.camera.recentred(camera.viewport, SLACK)?;
    (std::ptr::eq(drawn.scene, Rc::as_ptr(scene)) && placed == *camera && std::ptr::eq(drawn.palette, palette)).then_some((drawn, shift))
}

/// Drops the early frame, if the view did not take it: called with the page's first frame
/// (`end_first_paint`), drawn by whichever renderer, or when the graph cannot be shown.
pub(crate) fn forget() {
    DRAWN.set(None);
}

/// What [`read_and_draw`] read, taken once: the scene or why there is none. The page's first
/// load (`app::fetch_scene`) takes it, for the same URL: the page's own graph.
pub(crate) fn take() -> Option<Result<Rc<Scene>, String>> {
    READ.take()
}

/// When the early frame had been shown, if one was drawn.
pub(crate) fn shown_at() -> Option<f64> {
    SHOWN_AT.get()
}
