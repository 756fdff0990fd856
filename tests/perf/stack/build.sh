#!/bin/bash
# Builds the two floor pages into OUT/plain and OUT/yew (default /tmp/stack-floor), each an
# index.html, its module and its glue, as `cargo xtask build` makes the app's (release,
# wasm-bindgen --target web, wasm-opt -Oz). Needs what `cargo xtask setup` installs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out=${1:-/tmp/stack-floor}
export CARGO_TARGET_DIR="$root/target/stack"
(cd "$here" && cargo build -q --release --target wasm32-unknown-unknown --locked)
for bin in plain yew; do
  rm -rf "$out/$bin" && mkdir -p "$out/$bin"
  wasm-bindgen --target web --no-typescript --out-dir "$out/$bin" "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/$bin.wasm"
  "$root/node_modules/.bin/wasm-opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue "$out/$bin/${bin}_bg.wasm" -o "$out/$bin/${bin}_bg.wasm"
  canvas=''
  [ "$bin" = plain ] && canvas='<canvas id="c" width="1280" height="700"></canvas>'
  cat > "$out/$bin/index.html" <<HTML
<!doctype html>
<html><head><meta charset="utf-8"><title>floor: $bin</title>
<script>window.__bench = { contract: 1, peer: 'floor-$bin', status: 'loading', renderCount: 0 };
window.__graph = fetch(new URLSearchParams(location.search).get('graph'));</script>
<link rel="preload" href="./${bin}_bg.wasm" as="fetch" type="application/wasm" crossorigin>
<script type="module">import init from './$bin.js'; init({ module_or_path: './${bin}_bg.wasm' });</script>
</head><body><div id="app"></div>$canvas</body></html>
HTML
  echo "$bin: $(stat -c %s "$out/$bin/${bin}_bg.wasm") bytes, $(gzip -9c "$out/$bin/${bin}_bg.wasm" | wc -c) gzipped"
done
