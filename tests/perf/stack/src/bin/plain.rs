//! The floor without Yew: the page's canvas is in its HTML; the module fetches, parses and
//! draws the graph, then reports.

use wasm_bindgen::JsCast;

fn main() {
    wasm_bindgen_futures::spawn_local(async {
        let graph = stack_floor::fetch_graph().await.expect("graph");
        let document = web_sys::window().and_then(|w| w.document()).expect("document");
        let canvas: web_sys::HtmlCanvasElement = document.get_element_by_id("c").expect("canvas").unchecked_into();
        stack_floor::draw(&canvas, &graph);
        stack_floor::report_after_two_frames(graph.nodes.len(), graph.edges.len());
    });
}
