package matching

import (
	"math/bits"
	"math/rand/v2"
	"testing"
)

// This file holds the test machinery shared by the tests: an exhaustive
// oracle, a checker that a result is a valid matching, a checker of the LP
// duality certificate the solver leaves behind, and random graph generators.

// optimum is the value of a matching: its number of pairs and total weight.
type optimum struct {
	pairs  int
	weight int64
}

// better reports whether a beats b: by weight alone, or in maxCard mode by
// number of pairs first and weight second.
func better(a, b optimum, maxCard bool) bool {
	if maxCard && a.pairs != b.pairs {
		return a.pairs > b.pairs
	}
	return a.weight > b.weight
}

// same reports whether a and b are equally good, which in max-weight mode
// says nothing about the number of pairs: different optimal matchings may
// have different sizes.
func same(a, b optimum, maxCard bool) bool {
	return a.weight == b.weight && (!maxCard || a.pairs == b.pairs)
}

// heaviest returns the weight matrix of the simple graph behind edges
// (self-loops dropped, heaviest of parallel edges kept) and which pairs are
// joined at all.
func heaviest(n int, edges []Edge) (w [][]int64, has [][]bool) {
	w = make([][]int64, n)
	has = make([][]bool, n)
	for i := range n {
		w[i] = make([]int64, n)
		has[i] = make([]bool, n)
	}
	for _, e := range edges {
		if e.U == e.V {
			continue
		}
		if !has[e.U][e.V] || e.Weight > w[e.U][e.V] {
			w[e.U][e.V], w[e.V][e.U] = e.Weight, e.Weight
			has[e.U][e.V], has[e.V][e.U] = true, true
		}
	}
	return w, has
}

// oracle returns the best value over all matchings, by exhaustive search
// over vertex subsets: best(S) is the better of leaving S's lowest vertex i
// unmatched, best(S−i), and of matching i to each neighbour j in S,
// w(i,j)+best(S−i−j). Every matching of the graph is covered by one of these
// choices, so this is exact. It takes O(2^n·n) time; n <= 20 or so.
func oracle(n int, edges []Edge, maxCard bool) optimum {
	w, has := heaviest(n, edges)
	best := make([]optimum, 1<<n)
	for mask := 1; mask < 1<<n; mask++ {
		i := bits.TrailingZeros(uint(mask))
		rest := mask &^ (1 << i)
		b := best[rest]
		for j := i + 1; j < n; j++ {
			if rest&(1<<j) == 0 || !has[i][j] {
				continue
			}
			c := best[rest&^(1<<j)]
			c.pairs++
			c.weight += w[i][j]
			if better(c, b, maxCard) {
				b = c
			}
		}
		best[mask] = b
	}
	return best[1<<n-1]
}

// naiveOptimum enumerates every subset of the (deduplicated) edge set that is
// a matching. It is exponential in the number of edges and exists only to
// check the oracle itself on tiny graphs.
func naiveOptimum(n int, edges []Edge, maxCard bool) optimum {
	w, has := heaviest(n, edges)
	type pair struct{ u, v int }
	var list []pair
	for u := range n {
		for v := u + 1; v < n; v++ {
			if has[u][v] {
				list = append(list, pair{u, v})
			}
		}
	}
	used := make([]bool, n)
	var best optimum
	var walk func(k int, cur optimum)
	walk = func(k int, cur optimum) {
		if k == len(list) {
			if better(cur, best, maxCard) {
				best = cur
			}
			return
		}
		walk(k+1, cur)
		if e := list[k]; !used[e.u] && !used[e.v] {
			used[e.u], used[e.v] = true, true
			walk(k+1, optimum{cur.pairs + 1, cur.weight + w[e.u][e.v]})
			used[e.u], used[e.v] = false, false
		}
	}
	walk(0, optimum{})
	return best
}

// checkMatching fails t unless mate is a valid matching of the graph: one
// entry per vertex, symmetric, every pair joined by an edge, and, in
// max-weight mode, by an edge of positive weight (MaxWeight never uses
// others there). It returns the matching's value.
func checkMatching(t testing.TB, n int, edges []Edge, maxCard bool, mate []int) optimum {
	t.Helper()
	if len(mate) != n {
		t.Fatalf("len(mate) = %d, want %d", len(mate), n)
	}
	w, has := heaviest(n, edges)
	var got optimum
	for v, m := range mate {
		if m == -1 {
			continue
		}
		switch {
		case m < 0 || m >= n:
			t.Fatalf("mate[%d] = %d, out of range", v, m)
		case m == v:
			t.Fatalf("mate[%d] = %d, a self-loop", v, m)
		case mate[m] != v:
			t.Fatalf("mate[%d] = %d but mate[%d] = %d", v, m, m, mate[m])
		case !has[v][m]:
			t.Fatalf("mate[%d] = %d but no edge joins them", v, m)
		case !maxCard && w[v][m] <= 0:
			t.Fatalf("max-weight mode matched %d–%d of weight %d", v, m, w[v][m])
		}
		if v < m {
			got.pairs++
			got.weight += w[v][m]
		}
	}
	return got
}

// checkCertificate fails t unless the duals the solver ended with prove its
// matching optimal (Edmonds' LP duality for the matching polytope): every
// edge slack u(i)+u(j)−w+Σz is non-negative, matched edges have zero slack,
// blossom duals are non-negative, unmatched vertices have zero dual, and
// every blossom with a positive dual is full (has (|B|−1)/2 matched edges
// inside). Edges are checked as given, including those MaxWeight dropped.
//
// In maxCard mode vertex duals may be negative; they are then shifted by a
// common offset c, which turns this into a proof that the matching has the
// largest weight for weights w+c. Together with it having the largest number
// of pairs (checked elsewhere), that makes it the heaviest among the largest.
func checkCertificate(t testing.TB, s *solver, edges []Edge) {
	t.Helper()
	n := s.n
	if n == 0 {
		return
	}
	var offset int64
	if s.maxCard {
		minDual := s.dual[0]
		for v := range n {
			minDual = min(minDual, s.dual[v])
		}
		offset = max(0, -minDual)
	}
	for v := range n {
		if s.dual[v]+offset < 0 {
			t.Fatalf("vertex %d: dual %d + offset %d < 0", v, s.dual[v], offset)
		}
		if s.mateEnd[v] == -1 && s.dual[v]+offset != 0 {
			t.Fatalf("unmatched vertex %d has dual %d + offset %d != 0", v, s.dual[v], offset)
		}
	}
	live := func(b int) bool { return b >= n && s.base[b] >= 0 }
	for b := n; b < 2*n; b++ {
		if live(b) && s.dual[b] < 0 {
			t.Fatalf("blossom %d has dual %d < 0", b, s.dual[b])
		}
	}
	mate := s.mates()
	onChain := make([]bool, 2*n)
	for _, e := range edges {
		i, j := e.U, e.V
		if i == j {
			continue
		}
		sl := s.dual[i] + s.dual[j] - 2*e.Weight
		for b := s.parent[i]; b != -1; b = s.parent[b] {
			onChain[b] = true
		}
		for b := s.parent[j]; b != -1; b = s.parent[b] {
			if onChain[b] {
				sl += 2 * s.dual[b]
			}
		}
		for b := s.parent[i]; b != -1; b = s.parent[b] {
			onChain[b] = false
		}
		if sl < 0 {
			t.Fatalf("edge %d–%d (w=%d) has negative slack %d", i, j, e.Weight, sl)
		}
		if mate[i] == j && sl != 0 {
			// Only the heaviest of parallel edges has to be tight.
			if w, _ := heaviest2(edges, i, j); w == e.Weight {
				t.Fatalf("matched edge %d–%d (w=%d) has slack %d", i, j, e.Weight, sl)
			}
		}
	}
	for b := n; b < 2*n; b++ {
		if !live(b) || s.dual[b] == 0 {
			continue
		}
		leaves := s.appendLeaves(nil, b)
		in := make(map[int]bool, len(leaves))
		for _, x := range leaves {
			in[x] = true
		}
		inside := 0
		for _, x := range leaves {
			if mate[x] >= 0 && in[mate[x]] {
				inside++
			}
		}
		if len(leaves)%2 != 1 || inside != len(leaves)-1 {
			t.Fatalf("blossom %d with dual %d has %d vertices, %d matched inside: not full", b, s.dual[b], len(leaves), inside)
		}
	}
}

// heaviest2 returns the heaviest weight among the edges joining i and j.
func heaviest2(edges []Edge, i, j int) (int64, bool) {
	var w int64
	found := false
	for _, e := range edges {
		if (e.U == i && e.V == j) || (e.U == j && e.V == i) {
			if !found || e.Weight > w {
				w, found = e.Weight, true
			}
		}
	}
	return w, found
}

// solve runs the solver and returns it, so tests can look at its duals and
// statistics as well as the matching.
func solve(n int, edges []Edge, maxCard bool) *solver {
	s := newSolver(n, edges, maxCard)
	s.run()
	return s
}

// randomGraph returns a G(n, p) graph with weights drawn uniformly from
// [lo, hi]; with extras it also adds a few parallel edges and self-loops.
func randomGraph(r *rand.Rand, n int, p float64, lo, hi int64, extras bool) []Edge {
	var edges []Edge
	weight := func() int64 { return lo + r.Int64N(hi-lo+1) }
	for u := range n {
		for v := u + 1; v < n; v++ {
			if r.Float64() < p {
				if r.IntN(2) == 0 {
					edges = append(edges, Edge{u, v, weight()})
				} else {
					edges = append(edges, Edge{v, u, weight()})
				}
			}
		}
	}
	if extras && n > 0 {
		for range r.IntN(4) {
			if len(edges) > 0 {
				e := edges[r.IntN(len(edges))]
				edges = append(edges, Edge{e.V, e.U, weight()})
			}
			u := r.IntN(n)
			edges = append(edges, Edge{u, u, weight()})
		}
	}
	r.Shuffle(len(edges), func(i, j int) { edges[i], edges[j] = edges[j], edges[i] })
	return edges
}

// weightRanges are the weight distributions the random tests draw from:
// narrow ranges force many ties, which is where blossom bookkeeping goes
// wrong; zero and negative weights exercise the mode semantics.
var weightRanges = [][2]int64{
	{1, 1}, {1, 2}, {1, 3}, {1, 3}, {1, 10}, {1, 1000},
	{0, 2}, {-3, 3}, {-10, 10}, {-5, -1}, {5, 7}, {90, 110},
}

// densities range from sparse (trees and paths are common) to complete.
var densities = []float64{0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1}
