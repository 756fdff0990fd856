//! Browser unit tests (wasm-bindgen-test in headless Chromium): the Canvas 2-D and WebGL2 renderers put each
//! node's colour where the camera says the node is, fatal errors reach the page, and a worker
//! started ahead goes to the next job for its script.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::panic)] // A panic in a test helper is a failed test with its reason.

use kg_core::camera::Camera;
use kg_core::present::Presentation;
use kg_core::{load_str, NodeId, Scene};
use kgviz::render2d::{draw, Frame, Surface, LIGHT};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn canvas(width: u32, height: u32) -> web_sys::HtmlCanvasElement {
    let document = gloo::utils::document();
    let canvas: web_sys::HtmlCanvasElement =
        document.create_element("canvas").ok().and_then(|e| e.dyn_into().ok()).unwrap_or_else(|| panic!("no canvas"));
    let _ = canvas.set_attribute("style", &format!("width:{width}px;height:{height}px;display:block"));
    let _ = gloo::utils::body().append_child(&canvas);
    canvas
}

fn pixel(surface: &Surface, x: f32, y: f32) -> [u8; 4] {
    let ratio = gloo::utils::window().device_pixel_ratio();
    let data = surface
        .context
        .get_image_data((x as f64 * ratio).round(), (y as f64 * ratio).round(), 1.0, 1.0)
        .map(|d| d.data().0)
        .unwrap_or_default();
    [data[0], data[1], data[2], data[3]]
}

/// A person linked to an organization, and a second person linked to nothing.
fn two_linked_and_one_apart() -> Scene {
    let report = load_str(
        r#"{"nodes":[{"id":"p","type":"person"},{"id":"o","type":"organization"},{"id":"x","type":"person"}],
            "edges":[{"source":"p","target":"o","type":"member_of"}]}"#,
    )
    .unwrap_or_default();
    Scene::build(report)
}

#[wasm_bindgen_test]
fn nodes_are_drawn_in_their_type_colour_where_the_camera_puts_them() {
    let report = load_str(
        r#"{"nodes":[{"id":"p","type":"person","label":"張建生"},{"id":"o","type":"organization","label":"嘉興市工商聯"}],
            "edges":[{"source":"p","target":"o","type":"member_of"}]}"#,
    )
    .unwrap_or_default();
    let scene = Scene::build(report);
    let presentation = Presentation::new(&scene.graph, false);
    let surface = Surface::new(canvas(400, 300)).unwrap_or_else(|| panic!("no 2-D context"));
    let widths = std::cell::RefCell::new(Vec::new());
    let camera = Camera::fit(scene.bounds(), surface.size, 40.0);
    let mut frame = Frame { scene: &scene, presentation: &presentation, positions: &scene.positions, camera: &camera, focus: None, selected: None, label_widths: &widths, moving: false, labels_pending: Default::default() };
    draw(&surface, &frame, &LIGHT);

    let person = camera.screen_from_world(scene.positions[0]);
    let org = camera.screen_from_world(scene.positions[1]);
    assert_eq!(pixel(&surface, person[0], person[1]), [0xe1, 0x57, 0x59, 255]);
    assert_eq!(pixel(&surface, org[0], org[1]), [0x4e, 0x79, 0xa7, 255]);
    assert_eq!(pixel(&surface, 2.0, 2.0), [255, 255, 255, 255], "the background stays clear");

    // A node outside the focus's neighbourhood is dimmed: its colour is mixed with the white.
    let scene = two_linked_and_one_apart();
    let presentation = Presentation::new(&scene.graph, false);
    let camera = Camera::fit(scene.bounds(), surface.size, 40.0);
    frame = Frame { scene: &scene, presentation: &presentation, positions: &scene.positions, camera: &camera, focus: Some(NodeId(0)), selected: None, label_widths: &widths, moving: false, labels_pending: Default::default() };
    draw(&surface, &frame, &LIGHT);
    let lit = camera.screen_from_world(scene.positions[1]);
    let dim = camera.screen_from_world(scene.positions[2]);
    assert_eq!(pixel(&surface, lit[0], lit[1]), [0x4e, 0x79, 0xa7, 255], "the focus's neighbour stays lit");
    let d = pixel(&surface, dim[0], dim[1]);
    assert!(d[0] > 0xe1 && d[1] > 0x57 + 100, "an unrelated node is dimmed: {d:?}");
}

#[wasm_bindgen_test]
fn a_fatal_message_is_shown_on_the_page() {
    let document = gloo::utils::document();
    let el = document.create_element("div").unwrap_or_else(|_| panic!("no div"));
    el.set_id("kg-fatal");
    let _ = el.set_attribute("hidden", "");
    let _ = gloo::utils::body().append_child(&el);
    kgviz::fatal::show_fatal("the graph file is broken");
    assert_eq!(el.text_content().as_deref(), Some("the graph file is broken"));
    assert!(!el.has_attribute("hidden"));
}

#[wasm_bindgen_test]
fn parallel_edges_are_drawn_apart_as_curves() {
    let report = load_str(
        r#"{"nodes":[{"id":"a","type":"person"},{"id":"b","type":"event"}],
            "edges":[{"source":"a","target":"b","type":"attended"},{"source":"a","target":"b","type":"spoke_at"}]}"#,
    )
    .unwrap_or_default();
    let scene = Scene::build(report);
    let presentation = Presentation::new(&scene.graph, false);
    let surface = Surface::new(canvas(400, 300)).unwrap_or_else(|| panic!("no 2-D context"));
    // Place the two nodes on a horizontal line, 200 pixels apart.
    let positions = vec![[0.0, 0.0], [200.0, 0.0]];
    let camera = Camera { centre: [100.0, 0.0], zoom: 1.0, viewport: surface.size };
    let widths = std::cell::RefCell::new(Vec::new());
    let frame = Frame { scene: &scene, presentation: &presentation, positions: &positions, camera: &camera, focus: None, selected: None, label_widths: &widths, moving: false, labels_pending: Default::default() };
    draw(&surface, &frame, &LIGHT);
    let darkest = |x: f32, y: f32| (-2..=2).map(|dy| pixel(&surface, x, y + dy as f32)[0]).min().unwrap_or(255);
    let mid = camera.screen_from_world([100.0, 0.0]);
    assert!(darkest(mid[0], mid[1] - 16.0) < 240, "one edge bends one way");
    assert!(darkest(mid[0], mid[1] + 16.0) < 240, "the other bends the other way");
    assert!(darkest(mid[0], mid[1]) > 250, "no straight edge is drawn over them");
}

#[wasm_bindgen_test]
fn the_webgl_renderer_puts_the_same_colours_where_the_camera_puts_the_nodes() {
    use kgviz::render_gl::GlRenderer;
    let scene = two_linked_and_one_apart();
    let presentation = Presentation::new(&scene.graph, false);
    let canvas = canvas(400, 300);
    let (size, pixels) = kgviz::render2d::fit_backing(&canvas);
    let mut gl = GlRenderer::new(&canvas).unwrap_or_else(|e| panic!("{e}"));
    let camera = Camera::fit(scene.bounds(), size, 40.0);
    let widths = std::cell::RefCell::new(Vec::new());
    let frame = Frame { scene: &scene, presentation: &presentation, positions: &scene.positions, camera: &camera, focus: Some(NodeId(0)), selected: None, label_widths: &widths, moving: false, labels_pending: Default::default() };
    let lit = presentation.highlighted(frame.focus);
    gl.draw(&frame, &LIGHT, &lit, pixels);
    let ratio = gloo::utils::window().device_pixel_ratio();
    let at = |id: usize| {
        let p = camera.screen_from_world(scene.positions[id]);
        gl.pixel((p[0] as f64 * ratio) as u32, (p[1] as f64 * ratio) as u32, pixels[1])
    };
    assert_eq!(at(0), [0xe1, 0x57, 0x59, 255], "the focus in the person colour");
    assert_eq!(at(1), [0x4e, 0x79, 0xa7, 255], "its neighbour in the organization colour");
    let d = at(2);
    assert!(d[0] > 0xe1 && d[1] > 0x57 + 100, "an unrelated node is dimmed: {d:?}");
    assert_eq!(gl.pixel(2, 2, pixels[1]), [255, 255, 255, 255], "the background stays clear");
    // The edge between the two lit nodes is drawn: its midpoint is darker than the background.
    let (a, b) = (camera.screen_from_world(scene.positions[0]), camera.screen_from_world(scene.positions[1]));
    let mid = [((a[0] + b[0]) / 2.0) as f64 * ratio, ((a[1] + b[1]) / 2.0) as f64 * ratio];
    let darkest = (-1..=1)
        .flat_map(|dx| (-1..=1).map(move |dy| (dx, dy)))
        .map(|(dx, dy)| gl.pixel((mid[0] as i32 + dx) as u32, (mid[1] as i32 + dy) as u32, pixels[1])[0])
        .min()
        .unwrap_or(255);
    assert!(darkest < 200, "the edge is drawn: {darkest}");
}

#[wasm_bindgen_test]
fn a_label_is_as_wide_as_the_browser_measures_it() {
    // Labels are measured a character at a time (each once); the sum must match the browser's
    // measure of the whole label closely enough to place labels without overlaps.
    let surface = Surface::new(canvas(200, 100)).unwrap_or_else(|| panic!("no 2-D context"));
    surface.context.set_font(kgviz::render2d::LABEL_FONT);
    for label in ["張建生", "嘉興市工商業聯合會", "Dunmar Partners", "Renul Quivo", "n12345", "工商聯 Jiaxing 2023"] {
        let whole = surface.context.measure_text(label).map(|m| m.width() as f32).unwrap_or_default();
        let summed = kgviz::render2d::measured_label_width(&surface.context, label).unwrap_or_default();
        assert!(whole > 0.0, "{label}: measured {whole}");
        assert!((summed - whole).abs() <= 2.0_f32.max(whole * 0.05), "{label}: {summed} summed, {whole} whole");
    }
}

#[wasm_bindgen_test]
fn the_deepest_json_the_parser_accepts_fits_the_stack() {
    // The module's stack is 256 KB (.cargo/config.toml): the parser's recursion is its deepest
    // (serde_json stops at 128 levels). A field nested 120 deep loads; 300 deep is refused with
    // a message, not a crash.
    let nested = |depth: usize| format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    let graph = |depth: usize| format!(r#"{{"nodes":[{{"id":"a","type":"person","x":{}}}],"edges":[]}}"#, nested(depth));
    let deep = load_str(&graph(120)).unwrap_or_else(|e| panic!("120 levels: {e}"));
    assert_eq!(deep.document.nodes.len(), 1);
    let mut load = kg_core::sliced::SlicedLoad::new(graph(120), 1 << 20);
    let sliced = loop {
        match load.step(64) {
            kg_core::sliced::Step::Done(r) => break r,
            kg_core::sliced::Step::Elsewhere(text) => break load_str(&text),
            _ => {}
        }
    };
    assert_eq!(sliced.map(|r| r.document.nodes.len()).unwrap_or_default(), 1);
    let refused = load_str(&graph(300)).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(refused.contains("recursion limit"), "{refused}");
}

/// A worker script that says `ready`, tells the page it started (on the `kg-test-workers`
/// broadcast channel) and answers each request with its `n`; as an object URL.
fn echo_worker_url() -> String {
    let make = js_sys::Function::new_no_args(
        "const code = \"new BroadcastChannel('kg-test-workers').postMessage('started'); \
         onmessage = (e) => postMessage({ type: 'echo', n: e.data.n }); postMessage({ type: 'ready' });\"; \
         return URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));",
    );
    make.call0(&wasm_bindgen::JsValue::NULL).ok().and_then(|u| u.as_string()).unwrap_or_else(|| panic!("no object URL"))
}

/// Counts the echo workers started from now on (in `globalThis.__kgStarts`).
fn count_worker_starts() {
    let install = js_sys::Function::new_no_args(
        "globalThis.__kgStarts = 0; const c = new BroadcastChannel('kg-test-workers'); \
         c.onmessage = () => { globalThis.__kgStarts += 1; }; globalThis.__kgChannel = c;",
    );
    let _ = install.call0(&wasm_bindgen::JsValue::NULL);
}

fn worker_starts() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &"__kgStarts".into()).ok().and_then(|v| v.as_f64()).unwrap_or(-1.0)
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = gloo::utils::window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Starts a job on `url` asking for `n`, and waits (up to 5 s) for its answer.
async fn echo(url: &str, n: f64) -> Option<f64> {
    let answer: std::rc::Rc<std::cell::Cell<Option<f64>>> = Default::default();
    let got = answer.clone();
    let request = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&request, &"n".into(), &n.into());
    let on_message = move |data: wasm_bindgen::JsValue| {
        if kgviz::worker_job::message_type(&data).as_deref() == Some("echo") {
            got.set(js_sys::Reflect::get(&data, &"n".into()).ok().and_then(|v| v.as_f64()));
        }
    };
    let job = kgviz::worker_job::Job::start(url, request.into(), on_message, |why| panic!("the echo worker {why}"))
        .unwrap_or_else(|e| panic!("no worker: {e}"));
    for _ in 0..100 {
        if answer.get().is_some() {
            break;
        }
        sleep(50).await;
    }
    drop(job);
    answer.get()
}

#[wasm_bindgen_test]
async fn a_worker_started_ahead_goes_to_the_next_job_for_its_script_only() {
    count_worker_starts();
    let (ahead, other) = (echo_worker_url(), echo_worker_url());
    // A job with nothing started ahead starts its own worker, which gets the request once ready.
    assert_eq!(echo(&other, 1.0).await, Some(1.0));
    kgviz::worker_job::prepare(&ahead);
    kgviz::worker_job::prepare(&ahead);
    sleep(500).await;
    assert_eq!(worker_starts(), 2.0, "one worker for the job, one started ahead however often asked");
    // A job for another script starts its own and leaves the one ahead alone ...
    assert_eq!(echo(&other, 2.0).await, Some(2.0));
    assert_eq!(worker_starts(), 3.0);
    // ... which the next job for its script takes, ready, without starting another.
    assert_eq!(echo(&ahead, 3.0).await, Some(3.0));
    sleep(200).await;
    assert_eq!(worker_starts(), 3.0, "the job took the worker started ahead");
}
