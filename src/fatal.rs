//! Failure reporting: every failure ends in a readable message on the page and in the console,
//! never a blank page. The panic hook covers the failures we did not foresee.

use wasm_bindgen::JsCast;

/// Installs a panic hook that logs the panic and shows it in `#kg-fatal`. It goes through Yew's
/// `set_custom_panic_hook`, or Yew would replace it with its console-only hook on mount.
pub fn install_panic_hook() {
    // A build that stops at a panic at once (the release build: `size_build` in xtask) never runs
    // a hook: it traps, and `boot.js` shows the trap. Its hook is empty, and only keeps Yew's.
    #[cfg(panic = "immediate-abort")]
    yew::set_custom_panic_hook(Box::new(|_| {}));
    #[cfg(not(panic = "immediate-abort"))]
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = format!("The viewer stopped because of an internal error: {info}");
        show_fatal(&message);
    }));
}

/// Logs `message` as a console error and shows it in the page's `#kg-fatal` box, which is outside
/// the Yew tree so that it works even when the app cannot render.
pub fn show_fatal(message: &str) {
    gloo::console::error!(message.to_string());
    let document = gloo::utils::document();
    if let Some(el) = document.get_element_by_id("kg-fatal") {
        el.set_text_content(Some(message));
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            el.set_hidden(false);
        }
    }
}
