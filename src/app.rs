//! The root Yew component: loads the graph named by the URL (or the default one), then shows the
//! counts, the legend, the network on a canvas, the loader's warnings and an accessible list of
//! entities; or, when loading fails, a readable error panel.

use crate::i18n::{initial_lang, Lang};
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

/// A query parameter of the page, or else the same key in the URL fragment.
fn page_param(name: &str) -> Option<String> {
    let location = gloo::utils::window().location();
    let search = location.search().unwrap_or_default();
    let from_query = web_sys::UrlSearchParams::new_with_str(&search).ok().and_then(|p| p.get(name));
    let spec = kg_core::viewspec::ViewSpec::from_hash(&location.hash().unwrap_or_default());
    from_query.or(match name {
        "lang" => spec.lang,
        "theme" => spec.theme,
        _ => None,
    })
}

/// True when the system asks for dark colours.
fn system_prefers_dark() -> bool {
    gloo::utils::window().match_media("(prefers-color-scheme: dark)").ok().flatten().is_some_and(|m| m.matches())
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_state(|| LoadState::Loading { url: data_url() });
    let lang = use_state(|| initial_lang(page_param("lang").as_deref()));
    // `None` follows the system.
    let theme = use_state(|| page_param("theme").filter(|t| t == "light" || t == "dark"));
    let dark = match theme.as_deref() {
        Some("dark") => true,
        Some(_) => false,
        None => system_prefers_dark(),
    };
    {
        let tag = lang.tag();
        use_effect_with((tag, dark), move |(tag, dark)| {
            if let Some(root) = gloo::utils::document().document_element() {
                let _ = root.set_attribute("lang", tag);
                let _ = root.set_attribute("data-theme", if *dark { "dark" } else { "light" });
            }
        });
    }
    let t = lang.text();
    let on_lang = {
        let lang = lang.clone();
        Callback::from(move |e: Event| {
            let value = e.target_dyn_into::<web_sys::HtmlSelectElement>().map(|s| s.value()).unwrap_or_default();
            if let Some(l) = Lang::parse(&value) {
                lang.set(l);
            }
        })
    };
    let on_theme = {
        let theme = theme.clone();
        Callback::from(move |e: Event| {
            let value = e.target_dyn_into::<web_sys::HtmlSelectElement>().map(|s| s.value()).unwrap_or_default();
            theme.set((value == "light" || value == "dark").then_some(value));
        })
    };

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
            <GraphView url={url.clone()} scene={scene.clone()} bench={crate::bench::active()} lang={*lang} dark={dark} theme={(*theme).clone()} />
        },
    };

    html! {
        <main class="kg-app">
            <header class="toolbar">
                <h1>{ t.title }</h1>
                <div class="prefs">
                    <select id="language" aria-label={t.language} onchange={on_lang}>
                        { for Lang::ALL.iter().map(|l| html! { <option value={l.tag()} selected={*l == *lang}>{ l.name() }</option> }) }
                    </select>
                    <select id="theme" aria-label={t.theme} onchange={on_theme}>
                        <option value="system" selected={theme.is_none()}>{ t.theme_system }</option>
                        <option value="light" selected={theme.as_deref() == Some("light")}>{ t.theme_light }</option>
                        <option value="dark" selected={theme.as_deref() == Some("dark")}>{ t.theme_dark }</option>
                    </select>
                </div>
            </header>
            { body }
        </main>
    }
}

