#!/usr/bin/python3
"""Write networkx.json: random graphs with networkx's maximum-weight matchings.

Run by hand, NOT by CI (CI only reads the JSON this writes):

    /usr/bin/python3 internal/matching/testdata/gen_networkx.py

It needs Debian's python3-networkx (apt-get install -y python3-networkx); use
/usr/bin/python3 explicitly, as another python3 earlier on PATH may lack it.
The output is deterministic for a given networkx version, so rerunning it
should change nothing.

TestAgainstNetworkx in ../matching_test.go replays every graph and requires
the Go result to be a valid matching with networkx's total weight, and, in
maxCardinality mode, networkx's number of pairs. (In max-weight mode the
number of pairs of an optimal matching is not unique, so it is recorded but
not compared.)

Format (compact JSON):
    {"networkx": VERSION, "generator": ..., "graphs": [
        {"n": N, "edges": [u0, v0, w0, u1, v1, w1, ...],
         "maxweight": {"weight": W, "pairs": P},
         "maxcard":   {"weight": W, "pairs": P}}, ...]}
"""

import json
import os
import random
import sys

import networkx as nx

SEED = 20260501
GRAPHS = 500
DENSITIES = [0.03, 0.06, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0]
# Narrow ranges force ties; zero and negative weights exercise both modes.
WEIGHT_RANGES = [(1, 1), (1, 2), (1, 3), (1, 3), (1, 5), (1, 20), (1, 1000),
                 (0, 3), (-3, 3), (-10, 10), (-5, -1), (50, 55)]


def solve(g, maxcard):
    m = nx.max_weight_matching(g, maxcardinality=maxcard)
    return {"weight": sum(g[u][v]["weight"] for u, v in m), "pairs": len(m)}


def main():
    rnd = random.Random(SEED)
    graphs = []
    for _ in range(GRAPHS):
        n = rnd.randint(2, 60)
        p = rnd.choice(DENSITIES)
        lo, hi = rnd.choice(WEIGHT_RANGES)
        g = nx.Graph()
        g.add_nodes_from(range(n))
        flat = []
        for u in range(n):
            for v in range(u + 1, n):
                if rnd.random() < p:
                    w = rnd.randint(lo, hi)
                    a, b = (u, v) if rnd.random() < 0.5 else (v, u)
                    g.add_edge(a, b, weight=w)
                    flat += [a, b, w]
        if rnd.random() < 0.1:  # a self-loop, which both sides must ignore
            u = rnd.randrange(n)
            w = rnd.randint(1, 1000)
            g.add_edge(u, u, weight=w)
            flat += [u, u, w]
        graphs.append({
            "n": n,
            "edges": flat,
            "maxweight": solve(g, False),
            "maxcard": solve(g, True),
        })
    out = {
        "networkx": nx.__version__,
        "generator": "gen_networkx.py seed %d" % SEED,
        "graphs": graphs,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "networkx.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print("wrote %s: %d graphs, %d bytes" % (path, len(graphs), os.path.getsize(path)), file=sys.stderr)


if __name__ == "__main__":
    main()
