//! Project automation, in plain Rust with no dependencies so it builds in seconds on a fresh
//! machine: `cargo xtask serve` serves the app on the default data at http://127.0.0.1:8080 and
//! `cargo xtask test` runs every test. Both install whatever they need that is missing, from the
//! package registries only (crates.io, npm, Debian), at pinned versions.

#![allow(clippy::disallowed_methods)] // Native-only automation: timing with Instant is fine here.

use std::env;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

mod names;

const TRUNK_VERSION_REQ: &str = "^0.21";
const TRUNK_VERSION_PREFIX: &str = "trunk 0.21.";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
const WASM_OPT_VERSION: &str = "version_132";

type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("serve") => serve(&args[1..]),
        Some("test") => test(&args[1..]),
        Some("build") => setup_build_tools().and_then(|_| build_release()).map(|_| ()),
        Some("setup") => setup_build_tools().and_then(|_| setup_browser()),
        Some("first-paint") => first_paint(&args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask <command>\n\n  serve   serve the app on the default data at http://127.0.0.1:8080\n  test    run every test (native, clippy, browser, end-to-end)\n  build   build the release bundle into dist/\n  setup   only install the missing tools\n  first-paint [DIR]\n          put the picture of the default graph's first frame into DIR/index.html\n          (Trunk runs it after every build, on its staging folder)"
            );
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nxtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root (the parent of this crate's folder).
fn root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(Path::to_path_buf).unwrap_or(here)
}

fn cargo_home() -> PathBuf {
    env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
}

/// PATH with the project's npm tools and cargo's bin folder first, so the pinned tools win.
fn tool_path() -> OsString {
    let mut dirs = vec![root().join("node_modules").join(".bin"), cargo_home().join("bin")];
    if let Some(p) = env::var_os("PATH") {
        dirs.extend(env::split_paths(&p));
    }
    env::join_paths(dirs).unwrap_or_default()
}

fn command(program: &str) -> Command {
    let mut c = Command::new(program);
    c.env("PATH", tool_path()).current_dir(root());
    c
}

/// Runs a command, echoing it, and fails with its name if it fails.
fn run(what: &str, mut c: Command) -> Result {
    eprintln!("\n==> {what}");
    let status = c.status().map_err(|e| format!("{what}: could not start: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

/// The first line a command prints on stdout, or None if it cannot run.
fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let out = command(program).args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The version of `package` recorded in Cargo.lock.
fn locked_version(package: &str) -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = lock.find(&needle).ok_or_else(|| format!("{package} is not in Cargo.lock"))? + needle.len();
    let end = lock[start..].find('"').ok_or("Cargo.lock is malformed")? + start;
    Ok(lock[start..end].to_string())
}

/// The value of `key = "…"` in Trunk.toml.
fn trunk_toml_value(key: &str) -> Option<String> {
    let text = std::fs::read_to_string(root().join("Trunk.toml")).ok()?;
    text.lines().find_map(|line| {
        let (k, v) = line.split_once('=')?;
        (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
    })
}

fn ensure_wasm_target() -> Result {
    let installed = output_of("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !installed.lines().any(|l| l.trim() == WASM_TARGET) {
        let mut c = command("rustup");
        c.args(["target", "add", WASM_TARGET]);
        run("installing the wasm32 target", c)?;
    }
    let components = output_of("rustup", &["component", "list", "--installed"]).unwrap_or_default();
    if !components.lines().any(|l| l.starts_with("clippy")) {
        let mut c = command("rustup");
        c.args(["component", "add", "clippy"]);
        run("installing clippy", c)?;
    }
    Ok(())
}

/// wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock, and Trunk.toml must pin the same.
fn ensure_wasm_bindgen() -> Result {
    let locked = locked_version("wasm-bindgen")?;
    match trunk_toml_value("wasm_bindgen") {
        Some(pinned) if pinned == locked => {}
        other => {
            return Err(format!(
                "version mismatch: Cargo.lock has wasm-bindgen {locked} but Trunk.toml pins wasm_bindgen = {other:?}.\n\
                 Set `wasm_bindgen = \"{locked}\"` under [tools] in Trunk.toml (and `wasm-bindgen = \"={locked}\"` in Cargo.toml),\n\
                 or put Cargo.lock back to the pinned version with `cargo update -p wasm-bindgen --precise <version>`."
            ))
        }
    }
    let want = format!("wasm-bindgen {locked}");
    let have = output_of("wasm-bindgen", &["--version"]);
    if have.as_deref() == Some(want.as_str()) {
        return Ok(());
    }
    if let Some(other) = have {
        eprintln!("xtask: found {other}, need {want}: reinstalling wasm-bindgen-cli");
    }
    // Without --locked: the registry lacks one of its locked dependencies.
    let mut c = command("cargo");
    c.args(["install", "wasm-bindgen-cli", "--force", "--version", &locked]);
    run(&format!("installing wasm-bindgen-cli {locked} (several minutes, once)"), c)
}

fn ensure_trunk() -> Result {
    if output_of("trunk", &["--version"]).is_some_and(|v| v.starts_with(TRUNK_VERSION_PREFIX)) {
        return Ok(());
    }
    let mut c = command("cargo");
    c.args(["install", "trunk", "--locked", "--force", "--version", TRUNK_VERSION_REQ]);
    run("installing trunk 0.21 (about fifteen minutes, once)", c)
}

fn ensure_npm() -> Result {
    if output_of("npm", &["--version"]).is_some() {
        return Ok(());
    }
    apt_install(&["nodejs", "npm"])
}

/// wasm-opt (binaryen) and playwright-core, exactly as package-lock.json pins them.
fn ensure_npm_tools() -> Result {
    ensure_npm()?;
    let bin = root().join("node_modules").join(".bin");
    let wasm_opt_ok = output_of("wasm-opt", &["--version"]).is_some_and(|v| v.contains(WASM_OPT_VERSION));
    let playwright_ok = root().join("node_modules/playwright-core/package.json").exists();
    if wasm_opt_ok && playwright_ok && bin.join("wasm-opt").exists() {
        return Ok(());
    }
    let mut c = command("npm");
    c.args(["ci", "--no-audit", "--no-fund"]);
    run("installing wasm-opt and playwright-core from npm", c)
}

/// networkx, to check that it reads the GraphML and GEXF we write.
fn ensure_networkx() -> Result {
    if command("python3").args(["-c", "import networkx"]).output().is_ok_and(|o| o.status.success()) {
        return Ok(());
    }
    let mut c = command("python3");
    c.args(["-m", "pip", "install", "--quiet", "networkx==3.6.1"]);
    run("installing networkx from PyPI", c)
}

fn apt_install(packages: &[&str]) -> Result {
    let sudo = output_of("id", &["-u"]).is_some_and(|u| u != "0");
    let mut update = command(if sudo { "sudo" } else { "apt-get" });
    if sudo {
        update.arg("apt-get");
    }
    update.arg("update");
    run("apt-get update", update)?;
    let mut install = command(if sudo { "sudo" } else { "apt-get" });
    if sudo {
        install.arg("apt-get");
    }
    install.env("DEBIAN_FRONTEND", "noninteractive").args(["install", "-y", "--no-install-recommends"]).args(packages);
    run(&format!("installing {}", packages.join(" ")), install)
}

fn setup_build_tools() -> Result {
    let started = Instant::now();
    ensure_wasm_target()?;
    ensure_wasm_bindgen()?;
    ensure_trunk()?;
    ensure_npm_tools()?;
    eprintln!("xtask: build tools ready ({:.0} s)", started.elapsed().as_secs_f64());
    Ok(())
}

/// Chromium, its driver and a local CJK font for the browser tests.
fn setup_browser() -> Result {
    let mut missing = Vec::new();
    if !Path::new("/usr/bin/chromium").exists() {
        missing.push("chromium");
    }
    if !Path::new("/usr/bin/chromedriver").exists() {
        missing.push("chromium-driver");
    }
    let cjk = output_of("fc-list", &[":lang=zh", "family"]).unwrap_or_default();
    if cjk.is_empty() {
        missing.push("fonts-noto-cjk");
    }
    if missing.is_empty() {
        Ok(())
    } else {
        apt_install(&missing)
    }
}

fn serve(args: &[String]) -> Result {
    setup_build_tools()?;
    let mut c = command("trunk");
    c.arg("serve").args(args);
    run("trunk serve: the app on the default data at http://127.0.0.1:8080/", c)
}

/// The release build's wasm flags: `.cargo/config.toml`'s for wasm32 (the environment variable
/// below replaces them, so they are repeated here), then panics that stop the module without
/// formatting a message (see [`size_build`]), and no source locations kept for them: a panic
/// that formats nothing never reads its location, and the locations' file names and line
/// numbers were 523 bytes of the app's module gzipped (docs/performance.md, session 38).
const SIZE_BUILD_RUSTFLAGS: &str = "-C link-arg=-zstack-size=262144 -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none";

/// Makes `c` (a release build) compile the standard library with the app, for size, instead of
/// linking the prebuilt one (built for speed, with every panic's message and location): the
/// app's module 297.5 → 266.5 KB gzipped, the layout worker's 36.5 → 25.8, the reader's 87.8 →
/// 78.9 (docs/performance.md, session 15). It takes cargo's `build-std` and rustc's
/// `-Cpanic=immediate-abort`, both unstable on the stable toolchain, hence `RUSTC_BOOTSTRAP=1`;
/// the standard library's source comes from rustup (`rust-src`). A panic then traps without a
/// message, and `boot.js` puts up the page's fatal message for it (the panic hook, which names
/// the panic, runs in debug builds: `trunk serve`, `cargo xtask serve`).
///
/// Without `rust-src` (rustup cannot fetch it) or with `KG_PLAIN_STD=1` in the environment, the
/// build links the prebuilt library as before: the same app, a larger module, panics with
/// their messages. Returns whether the size build is on.
fn size_build(c: &mut Command) -> bool {
    if env::var_os("KG_PLAIN_STD").is_some_and(|v| v == "1") {
        eprintln!("xtask: KG_PLAIN_STD=1: building with the prebuilt standard library");
        return false;
    }
    let has_source = || {
        output_of("rustc", &["--print", "sysroot"])
            .is_some_and(|sysroot| Path::new(&sysroot).join("lib/rustlib/src/rust/library/Cargo.lock").exists())
    };
    if !has_source() {
        let mut add = command("rustup");
        add.args(["component", "add", "rust-src"]);
        if run("installing rust-src (the standard library's source, once)", add).is_err() || !has_source() {
            eprintln!("xtask: no rust-src: building with the prebuilt standard library (a larger module)");
            return false;
        }
    }
    // Trunk runs cargo `--offline` (Trunk.toml), so the library's own dependencies (from
    // crates.io, through `library/Cargo.lock`) are fetched first.
    let mut fetch = command("cargo");
    fetch.args(["fetch", "--locked", "-Zbuild-std=std,panic_abort", "--target", WASM_TARGET]).env("RUSTC_BOOTSTRAP", "1");
    if run("fetching the standard library's dependencies", fetch).is_err() {
        eprintln!("xtask: could not fetch them: building with the prebuilt standard library (a larger module)");
        return false;
    }
    c.env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
        // Smaller forms of the library's sorts and number printing (its hot sorts here are
        // bounded: the labels' candidates, per-node lists).
        .env("CARGO_UNSTABLE_BUILD_STD_FEATURES", "optimize_for_size")
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS", SIZE_BUILD_RUSTFLAGS);
    true
}

/// What names the graph of the page's first-paint placeholder, an element with no content:
/// `<div class="kg-first-paint" data-first-paint="data/GRAPH.json"></div>` (index.html).
const FIRST_PAINT_ATTRIBUTE: &str = "data-first-paint=\"";

/// The graph the page's first-paint placeholder names and where its content goes (just after
/// its opening tag), or `None` when the page has no empty placeholder (none, or one filled
/// already).
fn first_paint_placeholder(html: &str) -> Option<(&str, usize)> {
    let start = html.find(FIRST_PAINT_ATTRIBUTE)? + FIRST_PAINT_ATTRIBUTE.len();
    let end = start + html[start..].find('"')?;
    let content = end + html[end..].find('>')? + 1;
    html[content..].starts_with("</").then(|| (&html[start..end], content))
}

/// `cargo xtask first-paint [DIR]`: puts the picture of the default graph's first frame (`kg
/// picture --no-labels`, the app's first frame drawn natively as SVG, its labels left out) into DIR/index.html's placeholder, so
/// that the browser paints the graph as soon as it reads the page, before the app has started.
/// DIR is Trunk's staging folder when Trunk runs this (a post-build hook in Trunk.toml), else
/// `dist/`. A page without an empty placeholder is left as it is.
fn first_paint(args: &[String]) -> Result {
    let dir = args
        .first()
        .map(PathBuf::from)
        .or_else(|| env::var_os("TRUNK_STAGING_DIR").map(PathBuf::from))
        .unwrap_or_else(|| root().join("dist"));
    let page = dir.join("index.html");
    let html = std::fs::read_to_string(&page).map_err(|e| format!("cannot read {}: {e}", page.display()))?;
    let Some((graph, at)) = first_paint_placeholder(&html) else {
        eprintln!("xtask: {} has no empty first-paint placeholder: left as it is", page.display());
        return Ok(());
    };
    // The graph as the page serves it (Trunk has copied data/ by now), else from the sources.
    let file = [dir.join(graph), root().join(graph)].into_iter().find(|f| f.is_file()).ok_or_else(|| format!("the first paint's graph {graph} is in neither {} nor the sources", dir.display()))?;
    let mut c = command("cargo");
    // Discs and edges only: the labels' CJK glyphs would hold the first paint back and slow the
    // app's start (docs/performance.md, session 21); the app's first frame brings them.
    // (Trunk runs this without the size build's variables: Trunk.toml's hook unsets them.)
    c.args(["run", "--quiet", "--locked", "-p", "kg-core", "--bin", "kg", "--", "picture", "--no-labels"]).arg(&file);
    let out = c.output().map_err(|e| format!("kg picture: could not start: {e}"))?;
    if !out.status.success() {
        return Err(format!("kg picture {} failed ({}): {}", file.display(), out.status, String::from_utf8_lossy(&out.stderr)));
    }
    let svg = String::from_utf8(out.stdout).map_err(|e| format!("kg picture wrote no text: {e}"))?;
    let filled = format!("{}{}{}", &html[..at], svg.trim_end(), &html[at..]);
    std::fs::write(&page, filled).map_err(|e| format!("cannot write {}: {e}", page.display()))?;
    eprintln!("xtask: the first paint of {graph} ({} bytes) is in {}", svg.len(), page.display());
    Ok(())
}

/// Builds the release bundle and returns the gzipped size of the app's .wasm in bytes (the
/// layout worker's is a second, small one).
fn build_release() -> Result<u64> {
    let mut c = command("trunk");
    c.args(["build", "--release"]);
    let what = if size_build(&mut c) { "trunk build --release (the standard library built for size)" } else { "trunk build --release" };
    run(what, c)?;
    let dist = root().join("dist");
    shorten_names(&dist);
    let wasm = std::fs::read_dir(&dist)
        .map_err(|e| format!("no dist/ after the build: {e}"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.file_name().is_some_and(|n| n == "kgviz_bg.wasm"))
        .ok_or("the build left no kgviz_bg.wasm in dist/")?;
    let raw = std::fs::metadata(&wasm).map(|m| m.len()).unwrap_or(0);
    let gz = output_of("sh", &["-c", &format!("gzip -9 -c '{}' | wc -c", wasm.display())])
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or(0);
    eprintln!("xtask: {} is {raw} bytes, {gz} bytes gzipped (-9)", wasm.display());
    Ok(gz)
}

/// Gives the imports and exports of each module in `dist` short names, in the module and its
/// glue together (see [`names`]): the app's module 5 KB smaller gzipped. A module or glue of
/// another shape is left as it is, with a warning: the bundle works either way.
fn shorten_names(dist: &Path) {
    for stem in ["kgviz", "layout_worker", "reader_worker"] {
        let (wasm_path, glue_path) = (dist.join(format!("{stem}_bg.wasm")), dist.join(format!("{stem}.js")));
        let (Ok(wasm), Ok(glue)) = (std::fs::read(&wasm_path), std::fs::read_to_string(&glue_path)) else {
            eprintln!("xtask: no {stem}_bg.wasm or {stem}.js in dist/: its names are left as they are");
            continue;
        };
        match names::shorten(&wasm, &glue, &format!("./{stem}_bg.js")) {
            Ok((wasm, glue, imports, exports)) => {
                if let Err(e) = std::fs::write(&wasm_path, wasm).and_then(|_| std::fs::write(&glue_path, glue)) {
                    eprintln!("xtask: could not write {stem}'s files: {e}");
                } else {
                    eprintln!("xtask: {stem}: {imports} imports and {exports} exports renamed");
                }
            }
            Err(e) => eprintln!("xtask: {stem}'s names are left as they are: {e}"),
        }
    }
}

fn test(args: &[String]) -> Result {
    let started = Instant::now();
    setup_build_tools()?;
    setup_browser()?;
    let quick = args.iter().any(|a| a == "--no-e2e");

    let mut c = command("cargo");
    c.args(["test", "--workspace", "--locked"]);
    run("native tests (cargo test)", c)?;

    let mut c = command("cargo");
    c.args(["clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings"]);
    run("clippy, native", c)?;

    ensure_networkx()?;
    let mut c = command("python3");
    // `cargo test` built the kg binary in the debug profile.
    let target = env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("target"));
    c.args(["tests/reference/xml_roundtrip.py", &target.join("debug/kg").to_string_lossy()]);
    run("GraphML and GEXF read back by networkx", c)?;

    // The app with its browser tests, and the core as the app compiles it (the core's own tests,
    // benchmarks and fuzzer are native-only).
    let mut c = command("cargo");
    c.args(["clippy", "-p", "kgviz", "--lib", "--bins", "--tests", "--target", WASM_TARGET, "--locked", "--", "-D", "warnings"]);
    run("clippy, wasm32 (app)", c)?;
    let mut c = command("cargo");
    c.args(["clippy", "-p", "kg-core", "--lib", "--target", WASM_TARGET, "--locked", "--", "-D", "warnings"]);
    run("clippy, wasm32 (core)", c)?;

    let mut c = command("cargo");
    c.args(["test", "-p", "kgviz", "--target", WASM_TARGET, "--locked"])
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
    run("browser unit tests (wasm-bindgen-test in headless Chromium)", c)?;

    if !quick {
        build_release()?;
        let mut c = command("node");
        c.args(["--test", "--test-concurrency=1", "tests/e2e/"]).env("KG_DIST", root().join("dist"));
        run("end-to-end tests (release bundle in headless Chromium)", c)?;
    }
    eprintln!("\nxtask: every test passed ({:.0} s)", started.elapsed().as_secs_f64());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Trunk's post-build hook runs `cargo xtask first-paint`, a build for this machine, inside
    /// the release build's environment: it must unset every variable the size build sets.
    #[test]
    fn the_first_paint_hook_unsets_the_size_builds_variables() {
        let trunk = std::fs::read_to_string(root().join("Trunk.toml")).unwrap_or_default();
        let hook = trunk.lines().find(|l| l.starts_with("command_arguments") && l.contains("cargo xtask first-paint")).unwrap_or_default();
        let source = std::fs::read_to_string(root().join("xtask/src/main.rs")).unwrap_or_default();
        let start = source.find("fn size_build(").unwrap_or(0);
        let body = &source[start..start + source[start..].find("\n}\n").unwrap_or(0)];
        let set: Vec<&str> = body.split(".env(\"").skip(1).filter_map(|r| r.split('"').next()).collect();
        assert!(set.len() >= 4, "{set:?}");
        for name in set {
            assert!(hook.contains(&format!("-u {name} ")), "the hook does not unset {name}: {hook}");
        }
    }

    /// The page names its first paint's graph, and a filled placeholder is not filled again.
    #[test]
    fn the_first_paint_goes_into_the_pages_empty_placeholder_once() {
        let page = std::fs::read_to_string(root().join("index.html")).unwrap_or_default();
        let (graph, at) = first_paint_placeholder(&page).unwrap_or(("", 0));
        assert!(root().join(graph).is_file(), "index.html's first paint names {graph:?}");
        assert!(page[..at].ends_with('>') && page[at..].starts_with("</div>"));
        let filled = format!("{}<svg></svg>{}", &page[..at], &page[at..]);
        assert_eq!(first_paint_placeholder(&filled), None);
        assert_eq!(first_paint_placeholder("<div id=\"app\"></div>"), None);
    }

    /// The size build replaces `.cargo/config.toml`'s wasm32 flags, so it must start with them.
    #[test]
    fn the_size_build_keeps_the_configured_wasm_flags() {
        let config = std::fs::read_to_string(root().join(".cargo/config.toml")).unwrap_or_default();
        let line = config.lines().find(|l| l.starts_with("rustflags")).unwrap_or_default();
        let flags: Vec<&str> = line.split('"').skip(1).step_by(2).collect();
        assert!(!flags.is_empty(), "no rustflags in .cargo/config.toml");
        assert!(SIZE_BUILD_RUSTFLAGS.starts_with(&flags.join(" ")), "{SIZE_BUILD_RUSTFLAGS:?} does not start with {flags:?}");
    }
}
