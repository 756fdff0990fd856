#!/usr/bin/env python3
"""Checks that networkx reads the GraphML and GEXF that `kg convert` writes for the seed graph:
the same 41 entities and 58 relations, with their labels, types and Chinese text intact.

Run by `cargo xtask test`, which builds `kg` and installs networkx with pip when it is missing:
    python3 tests/reference/xml_roundtrip.py target/debug/kg
"""
import json
import pathlib
import subprocess
import sys
import tempfile

import networkx as nx

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "jiaxing-2023-03-17.json"


def main():
    kg = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target" / "debug" / "kg")
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    labels = {n["id"]: n["label"] for n in seed["nodes"]}
    types = {n["id"]: n["type"] for n in seed["nodes"]}
    passed = failed = 0

    def check(what, ok, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
            print(f"ok - {what}")
        else:
            failed += 1
            print(f"not ok - {what} {detail}")

    with tempfile.TemporaryDirectory() as tmp:
        for fmt, reader in [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)]:
            out = pathlib.Path(tmp) / f"seed.{fmt}"
            subprocess.run([kg, "convert", str(SEED), "--to", fmt, "--out", str(out)], check=True)
            g = reader(out)
            check(f"{fmt}: networkx reads {len(labels)} nodes", g.number_of_nodes() == len(labels), g.number_of_nodes())
            check(f"{fmt}: networkx reads {len(seed['edges'])} edges", g.number_of_edges() == len(seed["edges"]), g.number_of_edges())
            check(f"{fmt}: directed", g.is_directed())
            got_labels = {v: d.get("label") for v, d in g.nodes(data=True)}
            check(f"{fmt}: every label intact", got_labels == labels, [v for v in labels if got_labels.get(v) != labels[v]][:3])
            got_types = {v: d.get("type") for v, d in g.nodes(data=True)}
            check(f"{fmt}: every type intact", got_types == types)
            holds = sum(1 for _, _, d in g.edges(data=True) if d.get("type") == "holds")
            check(f"{fmt}: relation types intact (10 holds)", holds == 10, holds)
            zjs = g.nodes["p-zhang-jiansheng"]
            check(f"{fmt}: names intact", zjs.get("zh-Hans") == "张建生" and zjs.get("pinyin") == "Zhāng Jiànshēng", zjs)
    print(f"xml round trip: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
