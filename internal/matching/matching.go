// Package matching finds maximum-weight matchings in general (not
// necessarily bipartite) undirected graphs with integer edge weights.
//
// A matching is a set of edges no two of which share a vertex. MaxWeight
// returns one whose total weight is as large as possible, or, on request, one
// of largest total weight among those with the most edges.
//
// # Algorithm
//
// This is Edmonds' primal-dual blossom algorithm for weighted matching
// (Edmonds 1965a, 1965b), in the O(n³) formulation described by Galil (1986),
// which organises the work the way Gabow (1976) did for the cardinality
// problem: the algorithm runs in at most n/2+1 stages; each stage grows
// alternating trees from all unmatched vertices at once, shrinking odd cycles
// into blossoms and adjusting the dual variables until an augmenting path
// appears, and keeps for every vertex and blossom its least-slack edge so that
// one dual adjustment costs O(n) instead of O(m). A stage costs O(n²+m), the
// whole run O(n³) time and O(n+m) memory, plus the per-blossom least-slack
// lists (at most O(n) each, rarely many at once).
//
// Two practical measures keep the constant small without changing the
// bound. Before a stage grows its trees, unmatched vertices joined by an
// edge of zero slack are paired directly: each such edge is a one-edge
// augmenting path the stage would find, so taking them all at once keeps
// every invariant and saves a stage per pair; with many equal weights it
// pairs most of the graph in the first few stages. And the edges are kept
// in flat arrays (each vertex's incident edges together, with the
// neighbour and the weight inline), so the scans that dominate the running
// time read memory in order.
//
// The result is optimal, not a heuristic: the tests check it against an
// exhaustive oracle on thousands of small graphs, against networkx on a few
// hundred larger ones, and check the LP duality certificate (vertex and
// blossom duals with complementary slackness) that the algorithm leaves
// behind.
//
// # Semantics
//
// The behaviour matches networkx.max_weight_matching, whose implementation
// derives from Joris van Rantwijk's mwmatching.py:
//
//   - self-loops are ignored;
//   - if several edges join the same two vertices, only the heaviest counts;
//   - with maxCardinality false the total weight is maximised; an edge of
//     weight <= 0 can never raise the total, so such edges are left out
//     (networkx may return extra zero-weight pairs; the total is the same);
//   - with maxCardinality true the number of pairs is maximised first and the
//     total weight second, so edges of zero or negative weight are taken when
//     the cardinality needs them.
//
// When several optimal matchings exist, the one returned is fixed for a given
// input (same edges in the same order) but otherwise unspecified.
//
// # Integer arithmetic
//
// Everything is int64 and exact. The dual variables are kept doubled: a
// vertex stores 2·u(v) and a blossom stores z(B), so that an edge's slack
// u(i)+u(j)−w+Σz, doubled, is dual[i]+dual[j]−2w+2Σdual[B]. With integer
// weights the real duals are half-integers, so the doubled ones are integers;
// the one division the algorithm performs (halving the slack of an edge
// between two outer blossoms) is checked to be exact. Weights must lie in
// [-MaxAbsWeight, MaxAbsWeight]; MaxWeight panics otherwise, and also if a
// dual value ever leaves the range in which no sum can overflow (see
// MaxAbsWeight).
//
// # Why this is hand-written
//
// No maintained Go module provides weighted matching on general graphs.
// gonum's graph packages have none, bipartite assignment (Hungarian) solvers
// cannot handle the odd cycles a general graph has, and the ports that can be
// found are small single-author translations (one sits inside a chess-pairing
// module) with no importers and no promise of maintenance. The algorithm is a
// few hundred lines; owning it, with strong tests, costs less than depending
// on an unmaintained copy. It was written from the published descriptions,
// not translated from another implementation.
//
// # References
//
//   - J. Edmonds, "Paths, trees, and flowers", Canadian Journal of
//     Mathematics 17 (1965) 449–467. (Blossoms; the cardinality algorithm.)
//   - J. Edmonds, "Maximum matching and a polyhedron with 0,1-vertices",
//     Journal of Research of the National Bureau of Standards 69B (1965)
//     125–130. (The matching polytope and the primal-dual weighted algorithm.)
//   - H. N. Gabow, "An efficient implementation of Edmonds' algorithm for
//     maximum matching on graphs", Journal of the ACM 23(2) (1976) 221–234.
//     (The O(n³) implementation technique.)
//   - Z. Galil, "Efficient algorithms for finding maximum matching in
//     graphs", ACM Computing Surveys 18(1) (1986) 23–38. (The formulation
//     followed here: stages, dual adjustments δ1–δ4, least-slack edges.)
package matching

import (
	"fmt"
	"math"
	"slices"
)

// Edge is an undirected edge between vertices U and V with an integer weight.
type Edge struct {
	U, V   int
	Weight int64
}

// MaxAbsWeight bounds the magnitude of edge weights accepted by MaxWeight
// (2^40, about 1.1e12).
//
// The bound leaves a factor of 2^20 between the largest weight and 2^60, the
// magnitude no dual may reach. In max-weight mode the doubled duals stay
// within a small multiple of the largest weight. In maxCardinality mode with
// negative weights they can reach a multiple of the largest weight that grows
// with the graph (about 14 times on random graphs of 100 vertices), which the
// headroom covers by far; should a dual still reach 2^60, MaxWeight panics
// rather than return a wrong answer.
const MaxAbsWeight int64 = 1 << 40

// dualLimit is the magnitude a vertex dual must never reach; below it no
// slack computation (two duals, a doubled weight and doubled blossom duals)
// can overflow int64.
const dualLimit int64 = 1 << 60

// MaxWeight returns a maximum-weight matching of the graph with vertices
// 0..n-1 and the given edges, as mate[i] = the vertex matched to i, or -1 if
// i is unmatched.
//
// If maxCardinality is true, it returns a maximum-weight matching among the
// matchings with the largest number of edges; edges of zero or negative weight
// are then used when the cardinality requires them. Otherwise edges of weight
// <= 0 are never used. Self-loops are ignored and, of parallel edges, only the
// heaviest counts.
//
// MaxWeight panics if n is negative, if an edge has an endpoint outside
// 0..n-1, if a weight's magnitude exceeds MaxAbsWeight, or if the graph has
// more than 2^31-1 vertices or 2^30-1 distinct edges (indices are int32 in
// the hot loops). It runs in O(n³)
// time.
func MaxWeight(n int, edges []Edge, maxCardinality bool) []int {
	if n < 0 {
		panic(fmt.Sprintf("matching: negative vertex count %d", n))
	}
	s := newSolver(n, edges, maxCardinality)
	s.run()
	return s.mates()
}

// Weight returns the total weight and the number of pairs of a matching mate
// (as returned by MaxWeight) over the given edges. Each matched pair counts
// once, with the weight of the heaviest edge joining it; a pair that no edge
// joins adds nothing to total (MaxWeight never returns one). Vertex u counts
// as matched to v only if mate[u] == v and mate[v] == u.
func Weight(edges []Edge, mate []int) (total int64, pairs int) {
	n := len(mate)
	best := make([]int64, n) // best[u]: heaviest edge u–mate[u], for u < mate[u]
	found := make([]bool, n) // found[u]: some edge u–mate[u] exists
	partner := func(u int) int {
		if u < 0 || u >= n || mate[u] < 0 || mate[u] >= n || mate[mate[u]] != u {
			return -1
		}
		return mate[u]
	}
	for _, e := range edges {
		u, v := e.U, e.V
		if u > v {
			u, v = v, u
		}
		if u == v || partner(u) != v {
			continue
		}
		if !found[u] || e.Weight > best[u] {
			best[u], found[u] = e.Weight, true
		}
	}
	for u := range n {
		if v := partner(u); v > u {
			pairs++
			if found[u] {
				total += best[u]
			}
		}
	}
	return total, pairs
}

// Labels of top-level blossoms (and, for bookkeeping, of single vertices)
// during a stage: free (not yet in any alternating tree), outer (S, even
// distance from a tree root) and inner (T, odd distance).
const (
	free  int8 = 0
	outer int8 = 1
	inner int8 = 2
)

// solver holds the state of one run. Vertices are 0..n-1; blossom ids are
// 0..2n-1, where id v < n is the trivial blossom holding just vertex v and
// ids n..2n-1 are allocated to non-trivial blossoms as they are formed.
//
// Edges are addressed by their two "ends": end 2k is the U side of edge k and
// end 2k+1 the V side, so p^1 is the other end of end p and endpoint[p] the
// vertex at end p. Storing an end instead of a vertex also records which edge
// was used, which the algorithm needs when it walks back along paths.
type solver struct {
	n       int
	maxCard bool

	weight   []int64 // weight[k] of edge k
	endpoint []int   // endpoint[p]: vertex at end p

	// The edges as the hot loops read them, laid out so that a scan touches
	// memory in order: adj[adjStart[v]:adjStart[v+1]] are v's incident
	// edges, each with the neighbour and the doubled weight inline, and
	// edge[k] holds edge k's two vertices and doubled weight in one
	// 16-byte record, so the slack of a remembered edge costs one cache
	// miss instead of three. On the dense 1,000-vertex graph the scans
	// spent most of their time waiting for endpoint and weight.
	adjStart []int32
	adj      []adjEntry
	edge     []edgeRec

	// mateEnd[v] is the end whose vertex is v's mate, or -1 if v is unmatched.
	mateEnd []int

	// Per blossom id (0..2n-1).
	label    []int8 // for top-level blossoms; for vertices also "reachable" marks inside inner blossoms
	labelEnd []int  // end through which the label was given; its vertex is the labelling vertex outside; -1 for roots
	parent   []int  // enclosing blossom, -1 at top level
	childs   [][]int
	// ends[b][i] joins childs[b][i] and childs[b][i+1 mod len]: the vertex at
	// ends[b][i] lies in childs[b][i], the one at ends[b][i]^1 in the next one.
	// childs[b][0] holds the base; the edges ends[b][i] with odd i are matched.
	ends     [][]int
	base     []int   // base vertex; -1 for unallocated ids
	dual     []int64 // 2·u(v) for vertices, z(B) for blossoms
	bestEdge []int   // least-slack edge: for outer blossoms to another outer blossom, for free/inner vertices to an outer vertex; -1 if none
	// bestRec[i] is edge[bestEdge[i]] (when that is not -1), kept beside
	// it so that the dual adjustment's pass over every vertex and blossom,
	// and the scan's comparisons, read the remembered edges in order
	// instead of fetching each from the edge array (see setBest).
	bestRec   []edgeRec
	bestEdges [][]int // for outer non-trivial blossoms: least-slack edge to each other outer blossom; nil means "recompute from the leaves"

	inBlossom []int  // top-level blossom containing each vertex
	allowed   []bool // edge known to have zero slack this stage
	unused    []int  // free non-trivial blossom ids

	// tightWait is how many more stages start without matchTight, after
	// tightMiss passes in a row (counted as 1, 3, 7, ...) found nothing.
	tightWait, tightMiss int
	queue                []int // outer vertices whose edges are still to be scanned

	// Scratch space reused across calls.
	marked  []bool // scanBlossom: outer blossoms on the current path
	bestTo  []int  // addBlossom: least-slack edge to each outer blossom, -1 when unset
	path    []int
	touched []int
	leafBuf []int

	stats stats
}

// stats counts the algorithm's structural events. Only the tests read it, to
// show that the hand-made hard cases exercise what their names claim.
type stats struct {
	augmentations  int
	blossoms       int // non-trivial blossoms formed
	innerExpands   int // inner blossoms expanded mid-stage because their dual reached zero
	endStageExpand int // outer blossoms with zero dual expanded at the end of a stage
	nestedBlossoms int // blossoms formed with at least one non-trivial child
	relabelInner   int // non-trivial blossoms (from an earlier stage) labelled inner
	relabelOuter   int // non-trivial blossoms (from an earlier stage) labelled outer as the mate of an inner one
}

// adjEntry is one incident edge of a vertex v: end p (whose vertex w is
// the neighbour; p^1 is v's end) and twice the edge's weight.
type adjEntry struct {
	p, w int32
	w2   int64
}

// edgeRec is edge k's two vertices and twice its weight.
type edgeRec struct {
	u, v int32
	w2   int64
}

// newSolver validates and normalises the edges (dropping self-loops, keeping
// the heaviest of parallel edges and, unless maxCard, dropping edges of weight
// <= 0) and sets up the initial state: empty matching, every vertex dual equal
// to the largest weight, which makes every edge slack non-negative.
func newSolver(n int, edges []Edge, maxCard bool) *solver {
	s := &solver{n: n, maxCard: maxCard}
	keep := make([]int, 0, len(edges)) // the edges that count, in input order
	for i, e := range edges {
		if e.U < 0 || e.U >= n || e.V < 0 || e.V >= n {
			panic(fmt.Sprintf("matching: edge %d (%d–%d) has an endpoint outside 0..%d", i, e.U, e.V, n-1))
		}
		if e.Weight > MaxAbsWeight || e.Weight < -MaxAbsWeight {
			panic(fmt.Sprintf("matching: edge %d (%d–%d) has weight %d, beyond ±MaxAbsWeight", i, e.U, e.V, e.Weight))
		}
		if e.U == e.V || (!maxCard && e.Weight <= 0) {
			continue
		}
		keep = append(keep, i)
	}
	if len(keep) > math.MaxInt32 {
		panic(fmt.Sprintf("matching: %d edges; at most 2^30-1 distinct edges", len(keep)))
	}
	// Parallel edges: the first of each pair of vertices stands for all,
	// with the largest weight. Found by bucketing the edges by their
	// smaller vertex (a counting sort that keeps input order) and marking
	// each bucket's larger vertices, which on half a million edges is
	// several times faster than a map of pairs.
	start := make([]int, n+1)
	for _, i := range keep {
		start[min(edges[i].U, edges[i].V)+1]++
	}
	for v := range n {
		start[v+1] += start[v]
	}
	byLow := make([]int32, len(keep)) // positions in keep, by smaller vertex
	next := slices.Clone(start[:n])
	for pos, i := range keep {
		u := min(edges[i].U, edges[i].V)
		byLow[next[u]] = int32(pos)
		next[u]++
	}
	first := make([]bool, len(keep))     // first[pos]: the first edge of its pair
	heaviest := make([]int64, len(keep)) // for a first edge: the pair's largest weight
	seenIn := filled(n, -1)              // seenIn[v] == u: bucket u has had an edge to v ...
	seenAt := make([]int32, n)           // ... at this position
	for u := range n {
		for _, pos := range byLow[start[u]:start[u+1]] {
			e := edges[keep[pos]]
			v := max(e.U, e.V)
			if seenIn[v] != u {
				seenIn[v], seenAt[v] = u, pos
				first[pos], heaviest[pos] = true, e.Weight
			} else if f := seenAt[v]; e.Weight > heaviest[f] {
				heaviest[f] = e.Weight
			}
		}
	}
	for pos, i := range keep {
		if first[pos] {
			s.weight = append(s.weight, heaviest[pos])
			s.endpoint = append(s.endpoint, edges[i].U, edges[i].V)
		}
	}

	if n > math.MaxInt32 || len(s.endpoint) > math.MaxInt32 {
		panic(fmt.Sprintf("matching: %d vertices and %d edges; at most 2^31-1 vertices and 2^30-1 edges", n, len(s.weight)))
	}
	// Adjacency in edge order, as a counting sort of the ends by vertex.
	s.adjStart = make([]int32, n+1)
	for _, v := range s.endpoint {
		s.adjStart[v+1]++
	}
	for v := range n {
		s.adjStart[v+1] += s.adjStart[v]
	}
	s.adj = make([]adjEntry, len(s.endpoint))
	fill := slices.Clone(s.adjStart[:n])
	for p, v := range s.endpoint {
		q := p ^ 1
		s.adj[fill[v]] = adjEntry{p: int32(q), w: int32(s.endpoint[q]), w2: 2 * s.weight[p>>1]}
		fill[v]++
	}
	s.edge = make([]edgeRec, len(s.weight))
	for k, w := range s.weight {
		s.edge[k] = edgeRec{u: int32(s.endpoint[2*k]), v: int32(s.endpoint[2*k+1]), w2: 2 * w}
	}

	var maxW int64
	for _, w := range s.weight {
		maxW = max(maxW, w)
	}

	s.mateEnd = filled(n, -1)
	s.label = make([]int8, 2*n)
	s.labelEnd = filled(2*n, -1)
	s.parent = filled(2*n, -1)
	s.childs = make([][]int, 2*n)
	s.ends = make([][]int, 2*n)
	s.base = filled(2*n, -1)
	s.dual = make([]int64, 2*n)
	s.bestEdge = filled(2*n, -1)
	s.bestRec = make([]edgeRec, 2*n)
	s.bestEdges = make([][]int, 2*n)
	s.inBlossom = make([]int, n)
	for v := range n {
		s.base[v] = v
		s.inBlossom[v] = v
		s.dual[v] = maxW
	}
	s.unused = make([]int, 0, n)
	for b := 2*n - 1; b >= n; b-- {
		s.unused = append(s.unused, b)
	}
	s.allowed = make([]bool, len(s.weight))
	s.marked = make([]bool, 2*n)
	s.bestTo = filled(2*n, -1)
	return s
}

func filled(n, x int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = x
	}
	return s
}

// mates converts the internal matching to the public mate slice.
func (s *solver) mates() []int {
	mate := filled(s.n, -1)
	for v, p := range s.mateEnd {
		if p >= 0 {
			mate[v] = s.endpoint[p]
		}
	}
	return mate
}

// slack returns twice the slack of edge k, ignoring blossom duals. That is
// the true doubled slack for edges between different top-level blossoms, the
// only ones it is used on.
func (s *solver) slack(k int) int64 {
	e := &s.edge[k]
	return s.dual[e.u] + s.dual[e.v] - e.w2
}

// setBest makes edge k the least-slack edge of vertex or blossom i.
func (s *solver) setBest(i, k int) {
	s.bestEdge[i] = k
	s.bestRec[i] = s.edge[k]
}

// bestSlack is slack(bestEdge[i]), which must not be -1.
func (s *solver) bestSlack(i int) int64 {
	e := &s.bestRec[i]
	return s.dual[e.u] + s.dual[e.v] - e.w2
}

// incident returns v's incident edges.
func (s *solver) incident(v int) []adjEntry {
	return s.adj[s.adjStart[v]:s.adjStart[v+1]]
}

// leaves returns the vertices inside blossom b, in a scratch buffer that is
// only valid until the next call.
func (s *solver) leaves(b int) []int {
	s.leafBuf = s.appendLeaves(s.leafBuf[:0], b)
	return s.leafBuf
}

func (s *solver) appendLeaves(dst []int, b int) []int {
	if b < s.n {
		return append(dst, b)
	}
	for _, c := range s.childs[b] {
		dst = s.appendLeaves(dst, c)
	}
	return dst
}

// run executes stages until one ends without augmenting. Every stage but the
// last augments the matching by one edge, so there are at most n/2+1.
func (s *solver) run() {
	if s.n == 0 {
		return
	}
	for range s.n/2 + 1 {
		s.startStage()
		if !s.grow() {
			return
		}
		// Outer blossoms whose dual dropped to zero are no longer needed:
		// dissolving them keeps later stages free to relabel their parts.
		for b := s.n; b < 2*s.n; b++ {
			if s.base[b] >= 0 && s.parent[b] == -1 && s.label[b] == outer && s.dual[b] == 0 {
				s.expandBlossom(b, true)
			}
		}
	}
}

// startStage clears the per-stage state and makes every unmatched vertex
// (with the top-level blossom it is the base of) the outer root of a tree.
func (s *solver) startStage() {
	clear(s.label)
	for i := range s.bestEdge {
		s.bestEdge[i] = -1
	}
	for b := s.n; b < 2*s.n; b++ {
		s.bestEdges[b] = nil
	}
	clear(s.allowed)
	s.queue = s.queue[:0]
	if s.tightWait > 0 {
		s.tightWait--
	} else if s.matchTight() {
		s.tightMiss = 0
	} else {
		// Nothing found: try again after 1, 3, 7, ... stages, so that on
		// graphs without many ties the pass costs little.
		s.tightMiss = 2*s.tightMiss + 1
		s.tightWait = s.tightMiss
	}
	for v := range s.n {
		if s.mateEnd[v] == -1 && s.label[s.inBlossom[v]] == free {
			s.assignLabel(v, outer, -1)
		}
	}
}

// matchTight matches, before a stage grows its trees, pairs of unmatched
// vertices joined by an edge of zero slack, in vertex and edge order. Each
// such edge is an augmenting path the stage would find, of one edge, so
// taking it keeps the duals feasible, every matched edge tight and the
// unmatched vertices' duals equal; what it saves is a whole stage, with
// its scan of every edge of the trees, per pair. Graphs with many equal
// weights (scores of a pool, the benchmarks' weights 1..1000) have many
// such pairs at once: the first stage alone pairs the heaviest edges.
//
// It reports whether it paired any.
func (s *solver) matchTight() bool {
	found := false
	for v := range s.n {
		if s.mateEnd[v] != -1 {
			continue
		}
		for _, a := range s.incident(v) {
			w := int(a.w)
			if s.mateEnd[w] == -1 && s.inBlossom[w] != s.inBlossom[v] && s.dual[v]+s.dual[w] == a.w2 {
				p := int(a.p)
				s.mateEnd[v], s.mateEnd[w] = p, p^1
				s.stats.augmentations++
				found = true
				break
			}
		}
	}
	return found
}

// grow extends the alternating trees over tight edges, forming blossoms as
// odd cycles appear, and adjusts the duals when no tight edge is left to use.
// It returns true after augmenting the matching, or false when the duals
// prove the current matching optimal.
func (s *solver) grow() bool {
	for {
		for len(s.queue) > 0 {
			v := s.queue[len(s.queue)-1]
			s.queue = s.queue[:len(s.queue)-1]
			for _, a := range s.incident(v) {
				p, w := int(a.p), int(a.w)
				k := p >> 1
				bv, bw := s.inBlossom[v], s.inBlossom[w]
				if bv == bw {
					continue // an edge inside a blossom
				}
				var sl int64
				if !s.allowed[k] {
					// slack(k), with the endpoints already at hand.
					if sl = s.dual[v] + s.dual[w] - a.w2; sl <= 0 {
						s.allowed[k] = true
					}
				}
				switch {
				case s.allowed[k] && s.label[bw] == free:
					// w's blossom joins the tree as inner; its base's mate
					// becomes outer.
					s.assignLabel(w, inner, p^1)
				case s.allowed[k] && s.label[bw] == outer:
					// Two outer vertices: the same tree closes an odd cycle
					// (a blossom), different trees give an augmenting path.
					if b := s.scanBlossom(v, w); b >= 0 {
						s.addBlossom(b, k)
					} else {
						s.augment(k)
						return true
					}
				case s.allowed[k] && s.label[w] == free:
					// w sits inside an inner blossom and is reachable over a
					// tight edge; remember how, in case the blossom is expanded.
					s.label[w] = inner
					s.labelEnd[w] = p ^ 1
				case s.allowed[k]:
					// w inside an inner blossom, already marked reachable.
				case s.label[bw] == outer:
					// Not tight yet: remember the least-slack edge between
					// two outer blossoms (for δ3) ...
					if s.bestEdge[bv] == -1 || sl < s.bestSlack(bv) {
						s.setBest(bv, k)
					}
				case s.label[w] == free:
					// ... and from an outer vertex to a free one, or to one
					// not yet reachable inside an inner blossom (for δ2).
					if s.bestEdge[w] == -1 || sl < s.bestSlack(w) {
						s.setBest(w, k)
					}
				}
			}
		}

		// No tight edge is left to explore: change the duals by the largest
		// delta that keeps them feasible, which makes some new edge tight,
		// lets an inner blossom be expanded, or (delta1) shows that the
		// matching is optimal.
		const (
			none         = 0
			vertexZero   = 1 // δ1: a vertex dual reaches zero (max-weight mode)
			outerToFree  = 2 // δ2: an outer–free edge becomes tight
			outerToOuter = 3 // δ3: an edge between two outer blossoms becomes tight
			innerZero    = 4 // δ4: an inner blossom's dual reaches zero
		)
		kind, delta, target := none, int64(0), -1
		consider := func(k int, d int64, t int) {
			if kind == none || d < delta {
				kind, delta, target = k, d, t
			}
		}
		if !s.maxCard {
			consider(vertexZero, slices.Min(s.dual[:s.n]), -1)
		}
		for v := range s.n {
			if s.label[s.inBlossom[v]] == free && s.bestEdge[v] != -1 {
				consider(outerToFree, s.bestSlack(v), s.bestEdge[v])
			}
		}
		for b := range 2 * s.n {
			if s.parent[b] == -1 && s.base[b] >= 0 && s.label[b] == outer && s.bestEdge[b] != -1 {
				sl := s.bestSlack(b)
				if sl%2 != 0 {
					panic("matching: internal error: odd slack between outer blossoms")
				}
				consider(outerToOuter, sl/2, s.bestEdge[b])
			}
		}
		for b := s.n; b < 2*s.n; b++ {
			if s.base[b] >= 0 && s.parent[b] == -1 && s.label[b] == inner {
				consider(innerZero, s.dual[b], b)
			}
		}
		if kind == none {
			// Only in maxCardinality mode: no augmenting path exists at all.
			// One last adjustment (never negative) leaves duals that certify
			// the result.
			kind, delta = vertexZero, max(0, slices.Min(s.dual[:s.n]))
		}
		s.adjustDuals(delta)

		switch kind {
		case vertexZero:
			return false
		case outerToFree:
			s.allowed[target] = true
			v := s.endpoint[2*target]
			if s.label[s.inBlossom[v]] != outer {
				v = s.endpoint[2*target+1]
			}
			s.queue = append(s.queue, v)
		case outerToOuter:
			s.allowed[target] = true
			s.queue = append(s.queue, s.endpoint[2*target])
		case innerZero:
			s.expandBlossom(target, false)
		}
	}
}

// adjustDuals lowers outer vertex duals and raises inner ones by delta, and
// moves top-level blossom duals the other way (by 2·delta in real terms, which
// is delta in the doubled representation).
func (s *solver) adjustDuals(delta int64) {
	for v := range s.n {
		switch s.label[s.inBlossom[v]] {
		case outer:
			s.dual[v] -= delta
		case inner:
			s.dual[v] += delta
		}
		if s.dual[v] <= -dualLimit || s.dual[v] >= dualLimit {
			panic("matching: dual variable out of range; the weights are too large for int64 arithmetic")
		}
	}
	for b := s.n; b < 2*s.n; b++ {
		if s.base[b] >= 0 && s.parent[b] == -1 {
			switch s.label[b] {
			case outer:
				s.dual[b] += delta
			case inner:
				s.dual[b] -= delta
			}
		}
	}
}

// assignLabel labels the top-level blossom containing w, reached through end
// p (whose vertex is the labelling vertex; -1 for a root). An inner blossom's
// base is always matched, and its mate's blossom becomes outer in turn.
func (s *solver) assignLabel(w int, t int8, p int) {
	for {
		b := s.inBlossom[w]
		s.label[w], s.label[b] = t, t
		s.labelEnd[w], s.labelEnd[b] = p, p
		s.bestEdge[w], s.bestEdge[b] = -1, -1
		if b >= s.n {
			if t == inner {
				s.stats.relabelInner++
			} else if p != -1 {
				s.stats.relabelOuter++
			}
		}
		if t == outer {
			s.queue = s.appendLeaves(s.queue, b)
			return
		}
		me := s.mateEnd[s.base[b]]
		if me < 0 {
			panic("matching: internal error: inner blossom with unmatched base")
		}
		w, t, p = s.endpoint[me], outer, me^1
	}
}

// scanBlossom walks from outer vertices v and w towards their tree roots,
// alternately, one outer blossom at a time. It returns the base vertex of the
// first blossom on both paths (so v–w closes a new blossom there), or -1 if
// the paths end at different roots (so v–w completes an augmenting path).
func (s *solver) scanBlossom(v, w int) int {
	path := s.path[:0]
	base := -1
	for v != -1 {
		b := s.inBlossom[v]
		if s.marked[b] {
			base = s.base[b]
			break
		}
		s.marked[b] = true
		path = append(path, b)
		if s.labelEnd[b] == -1 {
			v = -1 // reached a root
		} else {
			// Step over the inner blossom above b to the outer vertex that labelled it.
			t := s.inBlossom[s.endpoint[s.labelEnd[b]]]
			v = s.endpoint[s.labelEnd[t]]
		}
		if w != -1 {
			v, w = w, v
		}
	}
	for _, b := range path {
		s.marked[b] = false
	}
	s.path = path
	return base
}

// addBlossom shrinks the odd cycle closed by edge k (between two outer
// vertices of one tree) into a new outer blossom with the given base vertex.
func (s *solver) addBlossom(base, k int) {
	v, w := s.endpoint[2*k], s.endpoint[2*k+1]
	bb, bv, bw := s.inBlossom[base], s.inBlossom[v], s.inBlossom[w]
	b := s.unused[len(s.unused)-1]
	s.unused = s.unused[:len(s.unused)-1]
	s.stats.blossoms++

	s.base[b], s.parent[b], s.parent[bb] = base, -1, b
	// The cycle runs base → (tree path down to v) → w → (tree path up to base).
	// Collect the v side bottom-up, then reverse it.
	childs, ends := s.childs[b][:0], s.ends[b][:0]
	for bv != bb {
		s.parent[bv] = b
		childs = append(childs, bv)
		ends = append(ends, s.labelEnd[bv])
		bv = s.inBlossom[s.endpoint[s.labelEnd[bv]]]
	}
	childs = append(childs, bb)
	slices.Reverse(childs)
	slices.Reverse(ends)
	ends = append(ends, 2*k) // the vertex at end 2k is v
	for bw != bb {
		s.parent[bw] = b
		childs = append(childs, bw)
		ends = append(ends, s.labelEnd[bw]^1)
		bw = s.inBlossom[s.endpoint[s.labelEnd[bw]]]
	}
	s.childs[b], s.ends[b] = childs, ends
	for _, c := range childs {
		if c >= s.n {
			s.stats.nestedBlossoms++
			break
		}
	}

	s.label[b] = outer
	s.labelEnd[b] = s.labelEnd[bb]
	s.dual[b] = 0
	for _, x := range s.leaves(b) {
		if s.label[s.inBlossom[x]] == inner {
			// Inner vertices become outer: their edges must now be scanned.
			s.queue = append(s.queue, x)
		}
		s.inBlossom[x] = b
	}

	// Merge the children's least-slack edges into one per neighbouring
	// outer blossom.
	touched := s.touched[:0]
	consider := func(k int) {
		j := s.endpoint[2*k]
		if s.inBlossom[j] == b {
			j = s.endpoint[2*k+1]
		}
		bj := s.inBlossom[j]
		if bj == b || s.label[bj] != outer {
			return
		}
		if cur := s.bestTo[bj]; cur == -1 {
			touched = append(touched, bj)
			s.bestTo[bj] = k
		} else if s.slack(k) < s.slack(cur) {
			s.bestTo[bj] = k
		}
	}
	for _, c := range childs {
		if list := s.bestEdges[c]; list != nil {
			for _, k := range list {
				consider(k)
			}
		} else {
			for _, x := range s.leaves(c) {
				for _, a := range s.incident(x) {
					consider(int(a.p >> 1))
				}
			}
		}
		s.bestEdges[c] = nil
		s.bestEdge[c] = -1
	}
	list := make([]int, 0, len(touched))
	best := -1
	for _, bj := range touched {
		k := s.bestTo[bj]
		s.bestTo[bj] = -1
		list = append(list, k)
		if best == -1 || s.slack(k) < s.slack(best) {
			best = k
		}
	}
	s.touched = touched
	s.bestEdges[b] = list
	s.bestEdge[b] = -1
	if best != -1 {
		s.setBest(b, best)
	}
}

// expandBlossom dissolves top-level blossom b into its children. At the end
// of a stage (endStage) children whose dual is zero are dissolved too.
// Mid-stage b is an inner blossom whose dual reached zero, and its children
// are relabelled so the tree stays valid.
func (s *solver) expandBlossom(b int, endStage bool) {
	if endStage {
		s.stats.endStageExpand++
	} else {
		s.stats.innerExpands++
	}
	for _, c := range s.childs[b] {
		s.parent[c] = -1
		switch {
		case c < s.n:
			s.inBlossom[c] = c
		case endStage && s.dual[c] == 0:
			s.expandBlossom(c, true)
		default:
			for _, x := range s.leaves(c) {
				s.inBlossom[x] = c
			}
		}
	}
	if !endStage && s.label[b] == inner {
		s.relabelExpanded(b)
	}
	s.label[b] = free
	s.labelEnd[b] = -1
	s.childs[b] = s.childs[b][:0]
	s.ends[b] = s.ends[b][:0]
	s.base[b] = -1
	s.bestEdges[b] = nil
	s.bestEdge[b] = -1
	s.unused = append(s.unused, b)
}

// relabelExpanded gives labels to the children of the just-dissolved inner
// blossom b. The children on the even-length path from the one b was entered
// through to the base one alternate inner, outer, ..., inner, which keeps the
// tree path through b alternating. The other children come in matched pairs
// and stay free unless one of them is reachable over a tight edge recorded
// while b was inner.
func (s *solver) relabelExpanded(b int) {
	childs, ends := s.childs[b], s.ends[b]
	count := len(childs)
	p := s.labelEnd[b]
	entry := slices.Index(childs, s.inBlossom[s.endpoint[p^1]])
	if entry < 0 {
		panic("matching: internal error: entry child not found")
	}
	// Walk backwards (entry even) or forwards (entry odd) to the base, so
	// that the path has an even number of edges.
	forward := entry%2 == 1
	q, j := p, entry
	for j != 0 && j != count {
		// Child j becomes inner via end q; assignLabel makes the next child
		// (its mate along the path) outer.
		s.assignLabel(s.endpoint[q^1], inner, q)
		if forward {
			s.allowed[ends[j]>>1] = true
			q = ends[j+1]
			j += 2
		} else {
			s.allowed[ends[j-1]>>1] = true
			q = ends[j-2] ^ 1
			j -= 2
		}
		s.allowed[q>>1] = true
	}
	// The base child becomes inner too, but its mate is outside b and already
	// outer, so no further labelling.
	c0, x := childs[0], s.endpoint[q^1]
	s.label[x], s.label[c0] = inner, inner
	s.labelEnd[x], s.labelEnd[c0] = q, q
	s.bestEdge[c0] = -1

	// The children off the path.
	from, to := entry+1, count // entry even: entry+1 .. count-1
	if forward {
		from, to = 1, entry // entry odd: 1 .. entry-1
	}
	for i := from; i < to; i++ {
		c := childs[i]
		if s.label[c] == outer {
			continue // labelled as the mate of an earlier child
		}
		reached := -1
		for _, x := range s.leaves(c) {
			if s.label[x] != free {
				reached = x
				break
			}
		}
		if reached >= 0 {
			s.assignLabel(reached, inner, s.labelEnd[reached])
		}
	}
}

// augment flips the augmenting path through edge k, which joins two outer
// vertices in different trees: from each end of k back to its tree root,
// matched and unmatched edges swap, including the paths inside blossoms.
func (s *solver) augment(k int) {
	s.stats.augmentations++
	for _, side := range [2][2]int{{s.endpoint[2*k], 2*k + 1}, {s.endpoint[2*k+1], 2 * k}} {
		v, p := side[0], side[1] // outer vertex v gets the vertex at end p as its mate
		for {
			bs := s.inBlossom[v]
			if bs >= s.n {
				s.augmentBlossom(bs, v)
			}
			s.mateEnd[v] = p
			if s.labelEnd[bs] == -1 {
				break // reached the root, which was unmatched
			}
			// bs was labelled through its base's matched edge by the base of
			// inner blossom bt, which was labelled from outer vertex v'.
			bt := s.inBlossom[s.endpoint[s.labelEnd[bs]]]
			le := s.labelEnd[bt]
			j := s.endpoint[le^1] // vertex of bt on the path
			if bt >= s.n {
				s.augmentBlossom(bt, j)
			}
			s.mateEnd[j] = le
			v, p = s.endpoint[le], le^1
		}
	}
}

// augmentBlossom rematches the inside of blossom b so that vertex v becomes
// its base: along the even-length path in the cycle from v's child to the
// base child, matched and unmatched edges swap; children on that path are
// rematched recursively; finally the cycle is rotated to start at v's child.
func (s *solver) augmentBlossom(b, v int) {
	t := v
	for s.parent[t] != b {
		t = s.parent[t]
	}
	if t >= s.n {
		s.augmentBlossom(t, v)
	}
	childs, ends := s.childs[b], s.ends[b]
	count := len(childs)
	i := slices.Index(childs, t)
	// Match the edges ends[j] for j of the other parity on the even path
	// from child i to child 0 (backwards if i is even, forwards if odd).
	from, to := 0, i
	if i%2 == 1 {
		from, to = i+1, count
	}
	for j := from; j < to; j += 2 {
		p := ends[j]
		x, y := s.endpoint[p], s.endpoint[p^1]
		if c := childs[j]; c >= s.n {
			s.augmentBlossom(c, x)
		}
		if c := childs[(j+1)%count]; c >= s.n {
			s.augmentBlossom(c, y)
		}
		s.mateEnd[x], s.mateEnd[y] = p^1, p
	}
	rotateLeft(childs, i)
	rotateLeft(ends, i)
	s.base[b] = v
}

func rotateLeft(a []int, i int) {
	slices.Reverse(a[:i])
	slices.Reverse(a[i:])
	slices.Reverse(a)
}
