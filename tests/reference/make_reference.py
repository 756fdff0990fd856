#!/usr/bin/env python3
"""Makes the networkx reference answers that tests/networkx_reference.rs checks our engine against.

For Zachary's karate club, the Florentine families and Les Misérables (as networkx ships them,
unweighted: every call passes weight=None), writes tests/reference/<name>.graph.json (the graph in
our node-link format) and tests/reference/<name>.answers.json: connected components, all-pairs
shortest-path lengths, the set of all shortest paths for every pair (where there are at most
MAX_PATHS of them; otherwise their count), PageRank (alpha 0.85, tol 1e-13), betweenness (raw and
normalized), closeness, degree centrality, and the modularity of networkx's Louvain partition
(seed 42).

    pip install networkx==3.6.1 numpy scipy && python3 tests/reference/make_reference.py
"""
import json
import pathlib

import networkx as nx

HERE = pathlib.Path(__file__).resolve().parent
MAX_PATHS = 64


def graphs():
    yield "karate", nx.karate_club_graph()
    yield "florentine", nx.florentine_families_graph()
    yield "lesmis", nx.les_miserables_graph()


def main():
    for name, g in graphs():
        ids = {v: str(v) for v in g.nodes}
        doc = {
            "directed": False,
            "multigraph": False,
            "graph": {"name": f"networkx {name} (networkx {nx.__version__})"},
            "nodes": [{"id": ids[v], "type": "person", "label": ids[v]} for v in g.nodes],
            "edges": [{"source": ids[a], "target": ids[b], "type": "related_to"} for a, b in g.edges],
        }
        (HERE / f"{name}.graph.json").write_text(json.dumps(doc, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")

        lengths = dict(nx.all_pairs_shortest_path_length(g))
        pairs = []
        nodes = list(g.nodes)
        for i, a in enumerate(nodes):
            for b in nodes[i + 1:]:
                if b not in lengths[a]:
                    continue
                entry = {"a": ids[a], "b": ids[b], "length": lengths[a][b]}
                paths = []
                for p in nx.all_shortest_paths(g, a, b):
                    paths.append([ids[v] for v in p])
                    if len(paths) > MAX_PATHS:
                        break
                if len(paths) <= MAX_PATHS:
                    entry["paths"] = sorted(paths)
                pairs.append(entry)
        communities = nx.community.louvain_communities(g, weight=None, seed=42)
        answers = {
            "networkx": nx.__version__,
            "nodes": len(g),
            "edges": g.number_of_edges(),
            "components": sorted(sorted(ids[v] for v in c) for c in nx.connected_components(g)),
            "pairs": pairs,
            "pagerank": {ids[v]: x for v, x in nx.pagerank(g, alpha=0.85, weight=None, tol=1e-13, max_iter=10000).items()},
            "betweenness_normalized": {ids[v]: x for v, x in nx.betweenness_centrality(g, normalized=True, weight=None).items()},
            "betweenness_raw": {ids[v]: x for v, x in nx.betweenness_centrality(g, normalized=False, weight=None).items()},
            "closeness": {ids[v]: x for v, x in nx.closeness_centrality(g).items()},
            "degree": {ids[v]: x for v, x in nx.degree_centrality(g).items()},
            "louvain_modularity": nx.community.modularity(g, communities, weight=None),
            "louvain_communities": len(communities),
        }
        (HERE / f"{name}.answers.json").write_text(json.dumps(answers, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        print(f"{name}: {len(g)} nodes, {g.number_of_edges()} edges, {len(pairs)} pairs, Louvain Q = {answers['louvain_modularity']:.4f}")


if __name__ == "__main__":
    main()
