"""Compares two targets of the same peerbench runs, load by load: peerbench interleaves its
targets (`--target a=DIR --target b=DIR`), so the k-th load of each came one after the other.
Prints both targets' median first frames, the median of the per-load differences (b - a) and a
90 % bootstrap interval of that median (as `phases.mjs` gives for its own rounds). Not part of
`cargo xtask test`.

    cd /tmp/peerbench && node run.mjs --sizes 100000 --repeats 12 --peers , --no-layout \\
        --no-camera --no-drag --target kgviz=/work/main/dist --target wf=/tmp/dist-wf --out /tmp/ab.json
    python3 tests/perf/pairs.py kgviz wf /tmp/ab.json [MORE.json ...]
"""

import json
import random
import statistics
import sys


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    a_name, b_name, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    a, b = [], []
    for f in files:
        runs = json.load(open(f))["runs"]
        first = lambda name: [r["load"]["firstFrameMs"] for r in runs if r["name"] == name and r.get("load", {}).get("firstFrameMs") is not None]
        ours, theirs = first(a_name), first(b_name)
        n = min(len(ours), len(theirs))
        a += ours[:n]
        b += theirs[:n]
    diffs = [y - x for x, y in zip(a, b)]
    random.seed(1)
    boots = sorted(statistics.median(random.choices(diffs, k=len(diffs))) for _ in range(4000))
    print(
        f"{len(diffs)} loads each: {a_name} {statistics.median(a):.0f} ms, {b_name} {statistics.median(b):.0f} ms; "
        f"{b_name} - {a_name} {statistics.median(diffs):+.0f} ms (90 % interval {boots[200]:+.0f} to {boots[3800]:+.0f})"
    )


if __name__ == "__main__":
    main()
