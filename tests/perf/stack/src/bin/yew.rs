//! The floor with Yew: a function component renders a summary line, a toolbar of four buttons
//! and the canvas; the graph is fetched in an effect, and drawn in an effect once it is in.

use std::rc::Rc;
use yew::prelude::*;

#[function_component(App)]
fn app() -> Html {
    let graph = use_state(|| None::<Rc<stack_floor::Graph>>);
    let canvas = use_node_ref();
    {
        let graph = graph.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let g = stack_floor::fetch_graph().await.expect("graph");
                graph.set(Some(Rc::new(g)));
            });
        });
    }
    {
        let canvas = canvas.clone();
        use_effect_with(graph.as_ref().map(|g| Rc::as_ptr(g) as usize), {
            let graph = (*graph).clone();
            move |_| {
                if let (Some(g), Some(c)) = (graph, canvas.cast::<web_sys::HtmlCanvasElement>()) {
                    stack_floor::draw(&c, &g);
                    stack_floor::report_after_two_frames(g.nodes.len(), g.edges.len());
                }
            }
        });
    }
    let counts = graph.as_ref().map(|g| format!("{} entities · {} relations", g.nodes.len(), g.edges.len())).unwrap_or_else(|| "Loading…".into());
    html! {
        <main>
            <p class="counts">{ counts }</p>
            <div class="tools">
                <button>{ "Fit" }</button><button>{ "Pause" }</button><button>{ "Colour" }</button><button>{ "Export" }</button>
            </div>
            if graph.is_some() {
                <canvas ref={canvas} width="1280" height="700"></canvas>
            }
        </main>
    }
}

fn main() {
    yew::Renderer::<App>::with_root(root()).render();
}

/// The page's `#app` element.
fn root() -> web_sys::Element {
    web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app")).expect("#app")
}
