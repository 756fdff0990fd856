//! Tells the crate whether the compiler takes unstable attributes: with `RUSTC_BOOTSTRAP=1`,
//! which `cargo xtask build` sets for the app's size build (`size_build` in xtask), `kg_nightly`
//! is set, and the reader's hottest functions are compiled for speed inside that size build
//! (`#[optimize(speed)]`). Any other build (the native tests, stable toolchains) is unchanged.
fn main() {
    println!("cargo::rustc-check-cfg=cfg(kg_nightly)");
    println!("cargo::rerun-if-env-changed=RUSTC_BOOTSTRAP");
    if std::env::var_os("RUSTC_BOOTSTRAP").is_some_and(|v| v == "1") {
        println!("cargo::rustc-cfg=kg_nightly");
    }
}
