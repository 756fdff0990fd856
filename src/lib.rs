//! The thin browser shell around `kg-core`: Yew components, the Canvas 2-D and WebGL2 renderers and error
//! reporting. Everything here is wasm32-only; the logic it calls lives in `kg-core`.

#[cfg(target_arch = "wasm32")]
pub(crate) mod app;
#[cfg(target_arch = "wasm32")]
pub mod bench;
#[cfg(target_arch = "wasm32")]
mod explore_ui;
#[cfg(target_arch = "wasm32")]
pub mod fatal;
#[cfg(target_arch = "wasm32")]
pub mod i18n;
#[cfg(target_arch = "wasm32")]
pub mod layout_client;
#[cfg(target_arch = "wasm32")]
pub mod layout_worker;
#[cfg(target_arch = "wasm32")]
pub mod render2d;
#[cfg(target_arch = "wasm32")]
pub mod render_gl;
#[cfg(target_arch = "wasm32")]
mod view;

/// Where the app looks for its graph when the URL names none (relative to the page).
pub const DEFAULT_DATA_URL: &str = "data/jiaxing-2023-03-17.json";

/// Mounts the app into `#app` (or the body), after installing the panic hook.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    fatal::install_panic_hook();
    bench::announce();
    let document = gloo::utils::document();
    match document.get_element_by_id("app") {
        Some(root) => {
            root.set_inner_html("");
            yew::Renderer::<app::App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<app::App>::new().render();
        }
    }
    if query_flag("panic") {
        // A documented test hook (`?panic=1`): proves that a panic ends in a message, not a
        // blank page.
        #[allow(clippy::panic)]
        wasm_bindgen_futures::spawn_local(async { panic!("test panic requested by ?panic=1") });
    }
}

/// True when the page's query string sets `name` to `1` or `true`.
#[cfg(target_arch = "wasm32")]
fn query_flag(name: &str) -> bool {
    let search = gloo::utils::window().location().search().unwrap_or_default();
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()
        .and_then(|p| p.get(name))
        .is_some_and(|v| v == "1" || v == "true")
}
