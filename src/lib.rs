//! The thin browser shell around `kg-core`: Yew components, the Canvas 2-D and WebGL2 renderers and error
//! reporting. Everything here is wasm32-only; the logic it calls lives in `kg-core`.

#[cfg(target_arch = "wasm32")]
pub(crate) mod analysis;
#[cfg(target_arch = "wasm32")]
pub(crate) mod app;
#[cfg(target_arch = "wasm32")]
pub mod bench;
#[cfg(target_arch = "wasm32")]
mod early;
#[cfg(target_arch = "wasm32")]
pub mod embed;
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
pub(crate) mod reader_client;
#[cfg(target_arch = "wasm32")]
pub mod reader_worker;
#[cfg(target_arch = "wasm32")]
pub mod render2d;
#[cfg(target_arch = "wasm32")]
pub mod render_gl;
#[cfg(target_arch = "wasm32")]
mod view;
#[cfg(target_arch = "wasm32")]
pub mod worker_job;

/// Where the app looks for its graph when the URL names none (relative to the page).
pub const DEFAULT_DATA_URL: &str = "data/jiaxing-2023-03-17.json";

/// Takes down the page's picture of the default graph's first frame (`cargo xtask first-paint`,
/// shown until the app has drawn): once the canvas has drawn, or when the graph cannot be shown.
#[cfg(target_arch = "wasm32")]
pub(crate) fn end_first_paint() {
    early::forget();
    if let Ok(Some(picture)) = gloo::utils::document().query_selector(".kg-first-paint") {
        picture.remove();
    }
}

/// Starts the viewer's own page: mounts the app into the page's `#app[data-kg-root]` element,
/// with its options from the URL. A host page that loads the viewer as a module (`embed.js`)
/// has no such element; it calls [`mount`] instead.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    fatal::install_panic_hook();
    bench::announce();
    let document = gloo::utils::document();
    if let Some(root) = document.get_element_by_id("app").filter(|r| r.has_attribute("data-kg-root")) {
        let options = std::rc::Rc::new(embed::Options::from_url());
        wasm_bindgen_futures::spawn_local(async move {
            // A page of its own draws its graph first, and builds the interface around it after.
            if options.host == embed::Host::Page {
                let lang = i18n::initial_lang(options.lang.as_deref());
                early::read_and_draw(&options.data, &options.asset(reader_client::WORKER_FILE), lang).await;
            }
            root.set_inner_html("");
            yew::Renderer::<app::App>::with_root_and_props(root, app::AppProps { options }).render();
        });
    }
    if query_flag("panic") {
        // A documented test hook (`?panic=1`): proves that a panic ends in a message, not a
        // blank page.
        #[allow(clippy::panic)]
        wasm_bindgen_futures::spawn_local(async { panic!("test panic requested by ?panic=1") });
    }
}

/// Mounts a viewer into `element` of a host page, sized to it; `options` is a plain object with
/// the iframe's parameters (`data`, `focus`, `lang`, `theme`, `layout`, `chrome`, `wheel`) and
/// `base`, the folder of the viewer's files. Several viewers on one page are independent.
#[cfg(target_arch = "wasm32")]
pub fn mount(element: web_sys::HtmlElement, options: &wasm_bindgen::JsValue) {
    let options = std::rc::Rc::new(embed::Options::from_js(element.clone(), options));
    element.set_inner_html("");
    let _ = element.class_list().add_1("kg-mounted");
    yew::Renderer::<app::App>::with_root_and_props(element.into(), app::AppProps { options }).render();
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
