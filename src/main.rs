//! The browser app's entry point: installs the panic hook and mounts the Yew app. On native
//! targets this binary only explains where the app lives; the native tools are in `kg-core`.

#[cfg(target_arch = "wasm32")]
fn main() {
    kgviz::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("kgviz is a WebAssembly app: serve it with `cargo xtask serve`; the native CLI is `cargo run --bin kg`.");
}
