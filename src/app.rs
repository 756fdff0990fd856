//! The root Yew component: loads the graph named by the URL (or the default one), then shows the
//! counts, the legend, the network on a canvas, the loader's warnings and an accessible list of
//! entities; or, when loading fails, a readable error panel.

use crate::embed::{resolve, Bus, Chrome, Host, Options};
use crate::i18n::{initial_lang, Lang};
use kg_core::protocol::{Command, Source};
use std::cell::RefCell;
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
    scene_from_text(&text, url)
}

/// Loads a graph from its text; `name` says where it came from in messages.
fn scene_from_text(text: &str, name: &str) -> Result<Scene, String> {
    let report = kg_core::load::load_str_with_cap(text, max_bytes()).map_err(|e| format!("The graph file “{name}” could not be loaded: {e}"))?;
    Ok(Scene::build(report))
}

/// Where a graph comes from.
#[derive(Clone)]
enum GraphSource {
    Url(String),
    /// JSON text given by the host page (`kg:load` with `graph`).
    Inline(Rc<String>),
}

/// Loads a graph into `state`, logging its problems, or shows why it could not be loaded.
fn load(state: UseStateHandle<LoadState>, source: GraphSource) {
    let url = match &source {
        GraphSource::Url(u) => u.clone(),
        GraphSource::Inline(_) => "(graph sent by the host page)".to_string(),
    };
    state.set(LoadState::Loading { url: url.clone() });
    wasm_bindgen_futures::spawn_local(async move {
        let result = match source {
            GraphSource::Url(u) => fetch_scene(&u).await,
            GraphSource::Inline(text) => scene_from_text(&text, &url),
        };
        match result {
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
}

/// The same key in the URL fragment (language and theme travel with a shared view).
fn hash_param(options: &Options, name: &str) -> Option<String> {
    if !options.use_hash {
        return None;
    }
    let spec = kg_core::viewspec::ViewSpec::from_hash(&gloo::utils::window().location().hash().unwrap_or_default());
    match name {
        "lang" => spec.lang,
        "theme" => spec.theme,
        _ => None,
    }
}

/// True when the system asks for dark colours.
fn system_prefers_dark() -> bool {
    gloo::utils::window().match_media("(prefers-color-scheme: dark)").ok().flatten().is_some_and(|m| m.matches())
}

#[derive(Properties, Clone)]
pub struct AppProps {
    pub options: Rc<Options>,
}

impl PartialEq for AppProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.options, &other.options)
    }
}

/// Reads the deployment's `embed.json` (the origins allowed to command the viewer); without
/// one, only the viewer's own origin is.
async fn load_allowlist(bus: &Bus, options: &Options) {
    let own = gloo::utils::window().location().origin().unwrap_or_default();
    let url = options.asset("embed.json");
    let Ok(response) = gloo::net::http::Request::get(&url).send().await else { return };
    if !response.ok() {
        return;
    }
    let text = response.text().await.unwrap_or_default();
    let (list, problems) = kg_core::protocol::Allowlist::parse(&own, &text);
    for p in problems {
        gloo::console::warn!(p);
    }
    bus.set_allowlist(list);
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let options = props.options.clone();
    let state = use_state(|| LoadState::Loading { url: options.data.clone() });
    let lang = use_state(|| initial_lang(options.lang.clone().or_else(|| hash_param(&options, "lang")).as_deref()));
    // `None` follows the system.
    let theme = use_state(|| options.theme.clone().or_else(|| hash_param(&options, "theme")).filter(|t| t == "light" || t == "dark"));
    let bus = use_memo((), {
        let host = options.host.clone();
        move |_| Bus::new(host)
    });
    let bus: Rc<Bus> = (*bus).clone();
    let dark = match theme.as_deref() {
        Some("dark") => true,
        Some(_) => false,
        None => system_prefers_dark(),
    };
    {
        let tag = lang.tag();
        let own_page = !matches!(options.host, Host::Element(_));
        use_effect_with((tag, dark), move |(tag, dark)| {
            // A viewer inside a host page leaves the page's own attributes alone.
            if own_page {
                if let Some(root) = gloo::utils::document().document_element() {
                    let _ = root.set_attribute("lang", tag);
                    let _ = root.set_attribute("data-theme", if *dark { "dark" } else { "light" });
                }
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

    // Load the graph, then take the host's commands (from allowlisted origins only).
    {
        let (state, theme, bus, options) = (state.clone(), theme.clone(), bus.clone(), options.clone());
        use_effect_with((), move |_| {
            let held: Rc<RefCell<Option<gloo::events::EventListener>>> = Rc::new(RefCell::new(None));
            let slot = held.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if options.host == Host::Page {
                    load(state.clone(), GraphSource::Url(options.data.clone()));
                    return;
                }
                // Embedded: the allowlist first, so that `kg:ready` reaches the host.
                load_allowlist(&bus, &options).await;
                load(state.clone(), GraphSource::Url(options.data.clone()));
                let b = bus.clone();
                *slot.borrow_mut() = crate::embed::listen(&bus, move |command| match command {
                    Command::Load(Source::Url(url)) => load(state.clone(), GraphSource::Url(resolve(&url, &gloo::utils::window().location().href().unwrap_or_default()))),
                    Command::Load(Source::Inline(text)) => load(state.clone(), GraphSource::Inline(Rc::new(text))),
                    Command::Theme(t) => theme.set((t != "system").then_some(t)),
                    other => {
                        if !b.dispatch(other) {
                            b.notify(kg_core::protocol::error("no graph is shown yet"));
                        }
                    }
                });
            });
            move || drop(held)
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
            <GraphView url={url.clone()} scene={scene.clone()} bench={crate::bench::active()} lang={*lang} dark={dark} theme={(*theme).clone()}
                options={options.clone()} bus={bus.clone()} />
        },
    };

    html! {
        <main class={classes!("kg-app", format!("chrome-{}", match options.chrome { Chrome::Full => "full", Chrome::Minimal => "minimal", Chrome::None => "none" }))}
            data-theme={if dark { "dark" } else { "light" }} lang={lang.tag()}>
            if options.chrome == Chrome::Full {
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
            }
            { body }
        </main>
    }
}

