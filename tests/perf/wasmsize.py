"""Where the app's .wasm bytes go: the size of every function body, summed by what its name
starts with (a crate, or kgviz:: / kg_core:: and a module), read from the module's name section.
Not part of `cargo xtask test`.

The release build has no names; a build with them (as `cargo xtask build` builds it: the
environment of xtask's `size_build`, Trunk's wasm-opt parameters from index.html, and -g):

    export RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort \\
        CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size \\
        CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C link-arg=-zstack-size=262144 -Zunstable-options -Cpanic=immediate-abort"
    cargo build --release --target wasm32-unknown-unknown --bin kgviz
    wasm-bindgen --target web --keep-debug --out-dir /tmp/wb target/wasm32-unknown-unknown/release/kgviz.wasm
    node_modules/.bin/wasm-opt -Oz -g -ocimfs 200 --enable-bulk-memory --enable-bulk-memory-opt \\
        --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \\
        --enable-reference-types --enable-multivalue /tmp/wb/kgviz_bg.wasm -o /tmp/named.wasm
    python3 tests/perf/wasmsize.py /tmp/named.wasm 40 20   # 40 groups, then the 20 largest functions

A copy of the app that runs with those names (for `lazycompile.mjs`, `tierup.mjs` and
`profile.mjs`), after `cargo xtask build` of the same tree:

    cp -r dist /tmp/named-dist && cp /tmp/named.wasm /tmp/named-dist/kgviz_bg.wasm && cp /tmp/wb/kgviz.js /tmp/named-dist/
"""

import collections
import re
import sys


def leb(data, i):
    """An unsigned LEB128 number at `i`, and the position after it."""
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def read(data):
    """The number of imported functions, the size of each function body, and the names."""
    i, imported, bodies, names = 8, 0, [], {}
    while i < len(data):
        section = data[i]
        size, i = leb(data, i + 1)
        end = i + size
        if section == 2:  # imports: only functions take function indices
            count, j = leb(data, i)
            for _ in range(count):
                for _ in range(2):  # module and field names
                    length, j = leb(data, j)
                    j += length
                kind = data[j]
                j += 1
                if kind == 0:
                    imported += 1
                    _, j = leb(data, j)
                elif kind in (1, 2):  # table (element type first) or memory: limits
                    j += kind == 1
                    flags, j = leb(data, j)
                    _, j = leb(data, j)
                    if flags & 1:
                        _, j = leb(data, j)
                elif kind == 3:  # global
                    j += 2
                else:  # tag
                    j += 1
                    _, j = leb(data, j)
        elif section == 10:  # code
            count, j = leb(data, i)
            for _ in range(count):
                length, k = leb(data, j)
                bodies.append(length + (k - j))
                j = k + length
        elif section == 0:  # custom: the name section's function names
            length, j = leb(data, i)
            if data[j:j + length] == b"name":
                j += length
                while j < end:
                    sub = data[j]
                    sub_size, j = leb(data, j + 1)
                    if sub == 1:
                        count, k = leb(data, j)
                        for _ in range(count):
                            index, k = leb(data, k)
                            length, k = leb(data, k)
                            names[index] = data[k:k + length].decode("utf8", "replace")
                            k += length
                    j += sub_size
        i = end
    return imported, bodies, names


def group(name):
    """`kgviz::app` / `kg_core::load` for our code, else the crate the name starts with."""
    m = re.match(r"[<_]*(?:impl )?<?([a-zA-Z0-9_]+)(?:\[[0-9a-f]+\])?::([a-zA-Z0-9_]+)", name)
    if not m:
        return name[:30]
    return f"{m.group(1)}::{m.group(2)}" if m.group(1) in ("kgviz", "kg_core") else m.group(1)


def main():
    data = open(sys.argv[1], "rb").read()
    groups = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    largest = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    imported, bodies, names = read(data)
    sums = collections.Counter()
    rows = []
    for k, size in enumerate(bodies):
        name = names.get(k + imported, "?")
        sums[group(name)] += size
        rows.append((size, name))
    print("function bodies, bytes:", sum(bodies))
    for name, size in sums.most_common(groups):
        print(size, name)
    for size, name in sorted(rows, reverse=True)[:largest]:
        print(size, name[:120])


if __name__ == "__main__":
    main()
