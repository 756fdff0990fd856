//! What both floor pages share: parsing the graph named by `?graph=URL` into records, drawing
//! what `tests/perf/floor` draws, and reporting the first frame as peerbench asks.

use serde::Deserialize;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A node as the graph file gives it.
#[derive(Deserialize)]
pub struct Node {
    pub id: String,
    #[serde(default)]
    pub label: Option<String>,
}

/// An edge as the graph file gives it.
#[derive(Deserialize)]
pub struct Edge {
    pub source: String,
    pub target: String,
}

/// A graph file of the node-link format.
#[derive(Deserialize)]
pub struct Graph {
    pub nodes: Vec<Node>,
    #[serde(alias = "links", default)]
    pub edges: Vec<Edge>,
}

/// Parses the graph named by `?graph=`, whose request the page's first script started
/// (`window.__graph`, as the app's `boot.js` does), or fetches it.
pub async fn fetch_graph() -> Result<Graph, String> {
    let window = web_sys::window().ok_or("no window")?;
    let started = js_sys::Reflect::get(&window, &"__graph".into()).ok().and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    let started = match started {
        Some(promise) => promise,
        None => {
            let search = window.location().search().map_err(|_| "no search")?;
            let url = js_sys::decode_uri_component(search.split("graph=").nth(1).unwrap_or("")).map_err(|_| "bad url")?;
            window.fetch_with_str(&String::from(url))
        }
    };
    let response: web_sys::Response = JsFuture::from(started).await.map_err(|_| "fetch failed")?.unchecked_into();
    let text = JsFuture::from(response.text().map_err(|_| "no body")?).await.map_err(|_| "no text")?;
    serde_json::from_str(&text.as_string().unwrap_or_default()).map_err(|e| e.to_string())
}

/// Draws what `tests/perf/floor` draws: one line of text with the node count (so that the
/// three floors differ only in what runs the page, not in what they draw).
pub fn draw(canvas: &web_sys::HtmlCanvasElement, graph: &Graph) {
    let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok().flatten().expect("2-D context").unchecked_into();
    ctx.set_font("12px sans-serif");
    let _ = ctx.fill_text(&format!("節點 {}", graph.nodes.len()), 10.0, 20.0);
}

/// Two animation frames after the draw, sets `window.__bench.load` and `status = "ready"`.
pub fn report_after_two_frames(nodes: usize, edges: usize) {
    let window = web_sys::window().expect("window");
    let second = Closure::once_into_js(move || {
        let window = web_sys::window().expect("window");
        let now = window.performance().map_or(0.0, |p| p.now());
        let bench = js_sys::Reflect::get(&window, &"__bench".into()).unwrap_or(JsValue::UNDEFINED);
        let load = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&load, &"firstFrameMs".into(), &now.into());
        let _ = js_sys::Reflect::set(&load, &"nodes".into(), &(nodes as f64).into());
        let _ = js_sys::Reflect::set(&load, &"edges".into(), &(edges as f64).into());
        let _ = js_sys::Reflect::set(&bench, &"load".into(), &load);
        let _ = js_sys::Reflect::set(&bench, &"status".into(), &"ready".into());
    });
    let first = Closure::once_into_js(move || {
        let _ = web_sys::window().expect("window").request_animation_frame(second.unchecked_ref());
    });
    let _ = window.request_animation_frame(first.unchecked_ref());
}
