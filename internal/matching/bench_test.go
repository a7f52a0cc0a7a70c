package matching

import (
	"cmp"
	"slices"
	"sync"
	"testing"
)

// The benchmark graphs are generated, not stored: a dense 1,000-vertex graph
// has half a million edges. So that testdata/bench_networkx.py can time
// networkx on exactly the same graphs, both sides derive every weight from the
// same stateless hash (SplitMix64's finaliser) of the vertex pair, and both
// print a fingerprint of the edge list to show that they agree; see
// TestBenchGraphFingerprint.

// splitmix64 is the output function of Vigna's SplitMix64 generator.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// benchWeight is the weight, 1..1000, of the pair i < j in an n-vertex graph.
func benchWeight(seed uint64, n, i, j int) int64 {
	return 1 + int64(splitmix64(seed+uint64(i)*uint64(n)+uint64(j))%1000)
}

// denseGraph is the complete graph on n vertices with benchWeight weights,
// edges ordered by (u, v).
func denseGraph(seed uint64, n int) []Edge {
	edges := make([]Edge, 0, n*(n-1)/2)
	for i := range n {
		for j := i + 1; j < n; j++ {
			edges = append(edges, Edge{i, j, benchWeight(seed, n, i, j)})
		}
	}
	return edges
}

// sparseGraph keeps, from the complete graph with benchWeight weights, the
// union of each vertex's k heaviest edges (ties broken towards the smaller
// neighbour index), edges ordered by (u, v).
func sparseGraph(seed uint64, n, k int) []Edge {
	type cand struct {
		key int64 // (1000-w)*n + j: smallest keys are the heaviest edges, ties by j
		j   int
	}
	keep := make(map[[2]int]int64)
	cands := make([]cand, 0, n)
	for i := range n {
		cands = cands[:0]
		for j := range n {
			if j == i {
				continue
			}
			w := benchWeight(seed, n, min(i, j), max(i, j))
			cands = append(cands, cand{(1000-w)*int64(n) + int64(j), j})
		}
		slices.SortFunc(cands, func(a, b cand) int { return cmp.Compare(a.key, b.key) })
		for _, c := range cands[:min(k, len(cands))] {
			u, v := min(i, c.j), max(i, c.j)
			keep[[2]int{u, v}] = benchWeight(seed, n, u, v)
		}
	}
	edges := make([]Edge, 0, len(keep))
	for p, w := range keep {
		edges = append(edges, Edge{p[0], p[1], w})
	}
	slices.SortFunc(edges, func(a, b Edge) int {
		return cmp.Or(cmp.Compare(a.U, b.U), cmp.Compare(a.V, b.V))
	})
	return edges
}

// fingerprint folds the edge list into one number, the same way
// bench_networkx.py does: h = h*31 + (u*n + v)*1001 + w, modulo 2^64.
func fingerprint(n int, edges []Edge) uint64 {
	var h uint64
	for _, e := range edges {
		h = h*31 + (uint64(e.U)*uint64(n)+uint64(e.V))*1001 + uint64(e.Weight)
	}
	return h
}

// TestBenchGraphFingerprint pins the generator to the values printed by
// `python3 testdata/bench_networkx.py --fingerprint`, so a change on either
// side that would make the benchmarks time different graphs is caught.
func TestBenchGraphFingerprint(t *testing.T) {
	tests := []struct {
		name  string
		n     int
		edges []Edge
		count int
		want  uint64
	}{
		{"dense 50, seed 1", 50, denseGraph(1, 50), 1225, 7567438699677133699},
		{"sparse 300 k=10, seed 2", 300, sparseGraph(2, 300, 10), 1773, 7979369540571543370},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := len(tc.edges); got != tc.count {
				t.Errorf("%d edges, want %d", got, tc.count)
			}
			if got := fingerprint(tc.n, tc.edges); got != tc.want {
				t.Errorf("fingerprint %d, want %d", got, tc.want)
			}
		})
	}
}

// TestBenchGraphsAgainstNetworkx solves smaller graphs of the benchmark
// families and compares the total weight with what
// `python3 testdata/bench_networkx.py dense 200` and `... sparse 600 20`
// print for networkx 2.8.8. The sparse family nests blossoms deeply (over a
// hundred levels here; around a thousand at 5,000 vertices, enough to exceed
// Python's default recursion limit inside networkx), which is why
// it is worth checking beyond the small random graphs.
func TestBenchGraphsAgainstNetworkx(t *testing.T) {
	tests := []struct {
		name  string
		n     int
		edges []Edge
		want  int64
	}{
		{"dense 200", 200, denseGraph(1, 200), 99265},
		{"sparse 600 k=20", 600, sparseGraph(2, 600, 20), 299333},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := solve(tc.n, tc.edges, false)
			got := checkMatching(t, tc.n, tc.edges, false, s.mates())
			if got.weight != tc.want {
				t.Fatalf("weight %d, networkx %d", got.weight, tc.want)
			}
			checkCertificate(t, s, tc.edges)
		})
	}
}

var benchGraphs = map[string]func() []Edge{
	"dense1000":  sync.OnceValue(func() []Edge { return denseGraph(1, 1000) }),
	"sparse5000": sync.OnceValue(func() []Edge { return sparseGraph(2, 5000, 50) }),
}

func benchmarkMaxWeight(b *testing.B, name string, n int, maxCard bool) {
	edges := benchGraphs[name]()
	b.ReportAllocs()
	b.ResetTimer()
	var mate []int
	for b.Loop() {
		mate = MaxWeight(n, edges, maxCard)
	}
	b.StopTimer()
	total, pairs := Weight(edges, mate)
	b.Logf("%s: n=%d edges=%d fingerprint=%d maxCardinality=%v: weight %d, %d pairs",
		name, n, len(edges), fingerprint(n, edges), maxCard, total, pairs)
}

// BenchmarkMaxWeightDense1000 is the complete graph on 1,000 vertices with
// weights 1..1000 (499,500 edges).
func BenchmarkMaxWeightDense1000(b *testing.B) { benchmarkMaxWeight(b, "dense1000", 1000, false) }

// BenchmarkMaxWeightSparse5000 is 5,000 vertices, each keeping its 50
// heaviest edges of the complete graph (weights 1..1000).
func BenchmarkMaxWeightSparse5000(b *testing.B) { benchmarkMaxWeight(b, "sparse5000", 5000, false) }
