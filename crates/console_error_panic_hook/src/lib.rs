//! The app's stand-in for the `console_error_panic_hook` crate, which Yew installs as the panic
//! hook when a renderer starts and no hook was set through `yew::set_custom_panic_hook`. The app
//! always sets its own first (`kgviz::fatal::install_panic_hook`, before it mounts anything), so
//! Yew's never runs in it; and in the release build (`panic=immediate-abort`, see `size_build` in
//! xtask) a panic stops the module at once without running any hook. There the hook is empty:
//! the crate's code (its message, the JavaScript stack trace it added) took 342 bytes of the
//! release module gzipped for nothing. Elsewhere (a browser test that starts a renderer of its own) it
//! logs the panic to the console, as the crate does, without the stack trace.

/// Logs a panic as a console error (no-op in a build whose panics run no hook).
#[cfg(panic = "immediate-abort")]
pub fn hook(_info: &std::panic::PanicHookInfo<'_>) {}

/// Logs a panic as a console error (no-op in a build whose panics run no hook).
#[cfg(not(panic = "immediate-abort"))]
pub fn hook(info: &std::panic::PanicHookInfo<'_>) {
    web_sys::console::error_1(&info.to_string().into());
}
