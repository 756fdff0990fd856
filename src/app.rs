//! The root Yew component: loads the graph named by the URL (or the default one), then shows the
//! counts, the legend, the network on a canvas, the loader's warnings and an accessible list of
//! entities; or, when loading fails, a readable error panel.

use crate::view::GraphView;
use kg_core::load::Severity;
use kg_core::Scene;
use std::rc::Rc;
use yew::prelude::*;

/// How many of a file's problems are logged to the console and listed on the page.
pub const MAX_LOGGED_PROBLEMS: usize = 50;

/// Where loading stands.
#[derive(Clone)]
enum LoadState {
    Loading { url: String },
    Failed { url: String, message: String },
    Ready { url: String, scene: Rc<Scene> },
}

impl PartialEq for LoadState {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (LoadState::Loading { url: a }, LoadState::Loading { url: b }) => a == b,
            (LoadState::Failed { url: a, message: m }, LoadState::Failed { url: b, message: n }) => a == b && m == n,
            (LoadState::Ready { scene: a, .. }, LoadState::Ready { scene: b, .. }) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// The graph URL: the peer benchmark's `graph` parameter, the page's `data` parameter, or the
/// default.
fn data_url() -> String {
    let search = gloo::utils::window().location().search().unwrap_or_default();
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok();
    let param = |name: &str| params.as_ref().and_then(|p| p.get(name)).filter(|s| !s.trim().is_empty());
    param("graph").or_else(|| param("data")).unwrap_or_else(|| crate::DEFAULT_DATA_URL.to_string())
}

/// The size cap in bytes: the page's `max-mb` query parameter, or the loader's default (200 MB).
fn max_bytes() -> usize {
    let search = gloo::utils::window().location().search().unwrap_or_default();
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()
        .and_then(|p| p.get("max-mb"))
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|mb| *mb > 0.0)
        .map_or(kg_core::load::DEFAULT_MAX_BYTES, |mb| (mb * 1e6) as usize)
}

/// Fetches and loads the graph; every failure becomes a sentence for the error panel.
async fn fetch_scene(url: &str) -> Result<Scene, String> {
    let max_bytes = max_bytes();
    let response = gloo::net::http::Request::get(url)
        .send()
        .await
        .map_err(|e| format!("Could not fetch the graph file “{url}”: {e}"))?;
    if !response.ok() {
        return Err(format!(
            "Could not fetch the graph file “{url}”: the server answered {} {}",
            response.status(),
            response.status_text()
        ));
    }
    // Refuse an oversized file before downloading it when the server says its size.
    let declared = response.headers().get("content-length").and_then(|v| v.parse::<usize>().ok());
    if let Some(bytes) = declared.filter(|&b| b > max_bytes) {
        let e = kg_core::LoadError::TooLarge { bytes, max_bytes };
        return Err(format!("The graph file “{url}” could not be loaded: {e} (raise the limit with ?max-mb=N)"));
    }
    let text = response.text().await.map_err(|e| format!("Could not read the graph file “{url}”: {e}"))?;
    let report = kg_core::load::load_str_with_cap(&text, max_bytes)
        .map_err(|e| format!("The graph file “{url}” could not be loaded: {e}"))?;
    Ok(Scene::build(report))
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_state(|| LoadState::Loading { url: data_url() });

    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let url = data_url();
            wasm_bindgen_futures::spawn_local(async move {
                match fetch_scene(&url).await {
                    Ok(scene) => {
                        // The first problems one by one, then a count: a file with thousands of
                        // warnings must not flood (and slow) the console.
                        for p in scene.problems.iter().take(MAX_LOGGED_PROBLEMS) {
                            match p.severity {
                                Severity::Error => gloo::console::warn!(format!("{url}: {p}")),
                                Severity::Warning => gloo::console::info!(format!("{url}: {p}")),
                            }
                        }
                        if scene.problems.len() > MAX_LOGGED_PROBLEMS {
                            gloo::console::info!(format!("{url}: {} more problem(s) not logged", scene.problems.len() - MAX_LOGGED_PROBLEMS));
                        }
                        state.set(LoadState::Ready { url, scene: Rc::new(scene) });
                    }
                    Err(message) => {
                        gloo::console::error!(message.clone());
                        crate::bench::failed(&message);
                        state.set(LoadState::Failed { url, message });
                    }
                }
            });
        });
    }

    let body = match &*state {
        LoadState::Loading { url } => html! {
            <p class="status" role="status">{ format!("Loading {url} …") }</p>
        },
        LoadState::Failed { url, message } => html! {
            <section class="error-panel" role="alert" id="load-error">
                <h2>{ "The graph could not be shown" }</h2>
                <p class="reason">{ message.clone() }</p>
                <p class="hint">{ format!("Check the file at “{url}”, or open another with ?data=URL.") }</p>
            </section>
        },
        LoadState::Ready { url, scene } => html! {
            <GraphView url={url.clone()} scene={scene.clone()} bench={crate::bench::active()} />
        },
    };

    html! {
        <main class="kg-app">
            <header class="toolbar">
                <h1>{ "知識圖譜 · Knowledge graph" }</h1>
            </header>
            { body }
        </main>
    }
}

