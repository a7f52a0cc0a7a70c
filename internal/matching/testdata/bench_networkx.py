#!/usr/bin/python3
"""Time networkx.max_weight_matching on the graphs of the Go benchmarks.

Run by hand, NOT by CI. Needs Debian's python3-networkx and python3-numpy;
use /usr/bin/python3 explicitly (another python3 earlier on PATH may lack
them):

    /usr/bin/python3 internal/matching/testdata/bench_networkx.py dense1000
    /usr/bin/python3 internal/matching/testdata/bench_networkx.py sparse5000
    /usr/bin/python3 internal/matching/testdata/bench_networkx.py dense 300
    /usr/bin/python3 internal/matching/testdata/bench_networkx.py --fingerprint

How the graphs are shared: nothing is written to disk (the dense graph alone
has 499,500 edges). Both this script and ../bench_test.go derive each edge
weight from the same stateless hash of the vertex pair,

    w(i, j) = 1 + splitmix64(seed + i*n + j) mod 1000      (i < j, uint64)

where splitmix64 is the output function of Vigna's SplitMix64. "dense N" is
the complete graph (seed 1); "sparse N K" keeps, for every vertex, its K
heaviest edges, ties broken towards the smaller neighbour (seed 2), and takes
the union. Both sides print a fingerprint of the (u, v)-sorted edge list,
h = h*31 + (u*n + v)*1001 + w mod 2^64; TestBenchGraphFingerprint pins the
values that --fingerprint prints, and the Go benchmark logs the fingerprint
and the matching's weight, which must equal the weight printed here.

While networkx runs, a progress line (elapsed time, pairs matched so far) is
printed to stderr every --every seconds, so a run that is too slow to finish
still shows how far it got. networkx recurses once per level of blossom
nesting, which on the sparse graph exceeds Python's default recursion limit,
so the script raises the limit and runs networkx in a thread with a 1 GiB
stack.
"""

import argparse
import sys
import threading
import time

import networkx as nx
import numpy as np

M64 = (1 << 64) - 1


def splitmix64(x):
    """SplitMix64's output function on a numpy uint64 array (wrapping)."""
    with np.errstate(over="ignore"):
        x = x + np.uint64(0x9E3779B97F4A7C15)
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def pair_weights(seed, n, u, v):
    """Weights of pairs u < v (numpy int arrays) in an n-vertex graph."""
    with np.errstate(over="ignore"):
        idx = np.uint64(seed) + u.astype(np.uint64) * np.uint64(n) + v.astype(np.uint64)
    return (splitmix64(idx) % np.uint64(1000)).astype(np.int64) + 1


def dense_graph(seed, n):
    edges = []
    for i in range(n):
        j = np.arange(i + 1, n)
        w = pair_weights(seed, n, np.full(len(j), i), j)
        edges.extend(zip([i] * len(j), j.tolist(), w.tolist()))
    return edges


def sparse_graph(seed, n, k):
    keep = {}
    for i in range(n):
        j = np.array([x for x in range(n) if x != i])
        u, v = np.minimum(i, j), np.maximum(i, j)
        w = pair_weights(seed, n, u, v)
        key = (1000 - w) * n + j  # unique: heaviest first, ties by smaller j
        take = np.argsort(key, kind="stable")[:k]
        for a, b, c in zip(u[take].tolist(), v[take].tolist(), w[take].tolist()):
            keep[(a, b)] = c
    return sorted((a, b, c) for (a, b), c in keep.items())


def fingerprint(n, edges):
    h = 0
    for u, v, w in edges:
        h = (h * 31 + (u * n + v) * 1001 + w) & M64
    return h


def build(spec):
    kind = spec[0]
    if kind == "dense1000":
        spec = ["dense", "1000"]
    elif kind == "sparse5000":
        spec = ["sparse", "5000", "50"]
    if spec[0] == "dense":
        n = int(spec[1])
        return "dense %d" % n, n, dense_graph(1, n)
    if spec[0] == "sparse":
        n, k = int(spec[1]), int(spec[2])
        return "sparse %d k=%d" % (n, k), n, sparse_graph(2, n, k)
    sys.exit("unknown graph %r" % (spec,))


def pairs_so_far(thread):
    """How many pairs the max_weight_matching running in thread has matched."""
    f = sys._current_frames().get(thread.ident)
    while f is not None:
        if f.f_code.co_name == "max_weight_matching" and "mate" in f.f_locals:
            return len(f.f_locals["mate"]) // 2
        f = f.f_back
    return "?"


def run_matching(g, maxcard, every):
    """Run networkx in a worker thread with a large stack and report progress.

    networkx walks nested blossoms recursively; the sparse 5,000-vertex graph
    nests them more than 1,000 deep, past Python's default recursion limit
    (RecursionError), so the limit is raised and the thread given room.
    """
    sys.setrecursionlimit(1_000_000)
    threading.stack_size(1 << 30)
    result = {}

    def work():
        t = time.perf_counter()
        result["matching"] = nx.max_weight_matching(g, maxcardinality=maxcard)
        result["seconds"] = time.perf_counter() - t

    start = time.perf_counter()
    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    while True:
        worker.join(every)
        if not worker.is_alive():
            break
        print("  ... %.0f s, %s pairs matched so far" % (time.perf_counter() - start, pairs_so_far(worker)),
              file=sys.stderr, flush=True)
    if "matching" not in result:
        sys.exit("networkx failed (see the traceback above)")
    return result["matching"], result["seconds"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("graph", nargs="*", help="dense1000 | sparse5000 | dense N | sparse N K")
    ap.add_argument("--fingerprint", action="store_true",
                    help="print the fingerprints that TestBenchGraphFingerprint expects")
    ap.add_argument("--maxcard", action="store_true", help="maxcardinality=True")
    ap.add_argument("--every", type=float, default=60, help="progress interval, seconds")
    args = ap.parse_args()

    if args.fingerprint:
        for name, n, edges in [("dense 50, seed 1", 50, dense_graph(1, 50)),
                               ("sparse 300 k=10, seed 2", 300, sparse_graph(2, 300, 10))]:
            print("%s: %d edges, fingerprint %d" % (name, len(edges), fingerprint(n, edges)))
        return
    if not args.graph:
        ap.error("name a graph or pass --fingerprint")

    t0 = time.time()
    name, n, edges = build(args.graph)
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_weighted_edges_from(edges)
    print("%s: n=%d edges=%d fingerprint=%d (built in %.1f s)"
          % (name, n, len(edges), fingerprint(n, edges), time.time() - t0), flush=True)

    m, elapsed = run_matching(g, args.maxcard, args.every)
    weight = sum(g[u][v]["weight"] for u, v in m)
    print("networkx %s max_weight_matching(maxcardinality=%s): weight %d, %d pairs, %.2f s"
          % (nx.__version__, args.maxcard, weight, len(m), elapsed), flush=True)


if __name__ == "__main__":
    main()
