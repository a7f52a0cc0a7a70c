package pool

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sort"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/matching"
)

// Mode says what a proposal maximises.
type Mode string

// Modes. ModeBest takes the pairs of largest total score, leaving people
// unpaired when pairing them would cost better pairs; ModeMaxPairs pairs
// as many people as possible and, among those pairings, takes the best.
const (
	ModeBest     Mode = "best"
	ModeMaxPairs Mode = "max_pairs"
)

// Status is how a pair of a proposal came to be.
type Status string

// Statuses of a proposal's pairs.
const (
	StatusAccepted Status = "accepted" // a running partnership of the pool
	StatusLocked   Status = "locked"   // kept together by the user
	StatusProposed Status = "proposed" // chosen by the matching
)

// Reason says why a person is left unpaired.
type Reason string

// Reasons, the first that applies.
const (
	ReasonNoMutual  Reason = "no_mutual"  // no one both gains with them
	ReasonNoOverlap Reason = "no_overlap" // those who would both gain share too few hours in some stretch
	ReasonForbidden Reason = "forbidden"  // every candidate is forbidden or a past partner
	ReasonOutscored Reason = "outscored"  // their candidates are better paired with others
)

// Proposed is one pair of a proposal.
type Proposed struct {
	Score
	Status        Status
	PartnershipID int64 // StatusAccepted only
}

// Unmatched is a person the proposal leaves unpaired, and why.
type Unmatched struct {
	Email  string
	Reason Reason
	// Candidates is how many people they could have been proposed with.
	Candidates int
}

// Options are a proposal's choices.
type Options struct {
	Mode Mode
	// From is the first day of the horizon the overlap is computed over
	// (usually today).
	From calendar.Date
	// Weights; DefaultWeights when Rank is empty.
	Weights Weights
}

// NextBestCount is how many other options are listed per person.
const NextBestCount = 3

// Proposal pairs a pool.
type Proposal struct {
	Mode Mode
	// Pairs are the accepted, then the locked, then the proposed pairs,
	// each group by score, best first.
	Pairs []Proposed
	// Unmatched are the people of the pool in no pair, by email.
	Unmatched []Unmatched
	// NextBest lists for each person (by email) their best candidates
	// other than their own pair, at most NextBestCount, best first.
	NextBest map[string][]Score
	// Edges are every candidate pair the matching chose from (people in
	// accepted or locked pairs, and forbidden pairs and past partners,
	// are not among them), by A then B: anyone can check Total with
	// another matching program.
	Edges []Score
	// Total is the summed score of the proposed pairs: the weight of the
	// matching over Edges.
	Total int
}

// ErrLockConflict is returned when a person is in two locked pairs.
var ErrLockConflict = errors.New("pool: a person is locked into two pairs")

// Propose pairs the pool. The same pool and options give the same
// proposal: people are numbered by email and every list is sorted.
func Propose(p Pool, opt Options) (Proposal, error) {
	if opt.Mode == "" {
		opt.Mode = ModeBest
	}
	if opt.Mode != ModeBest && opt.Mode != ModeMaxPairs {
		return Proposal{}, fmt.Errorf("pool: unknown mode %q", opt.Mode)
	}
	w := opt.Weights
	if len(w.Rank) == 0 {
		w = DefaultWeights
	}
	sc := NewScorer(p.Synonyms, w, opt.From)
	people := append([]Person(nil), p.People...)
	sort.SliceStable(people, func(i, j int) bool { return Key(people[i].Email) < Key(people[j].Email) })
	n := len(people)
	index := make(map[string]int, n)
	members := make([]member, n)
	for i, m := range people {
		members[i] = sc.prepare(m)
		index[members[i].key] = i
	}
	prop := Proposal{Mode: opt.Mode, NextBest: map[string][]Score{}}

	// Accepted and locked pairs take their people out of the matching.
	taken := make([]bool, n)
	pairOf := func(pr Pair) (int, int, bool) {
		i, ok1 := index[Key(pr.A)]
		j, ok2 := index[Key(pr.B)]
		return i, j, ok1 && ok2 && i != j
	}
	for _, acc := range sortedAccepted(p.Paired) {
		i, j, ok := pairOf(acc.Pair)
		if !ok || taken[i] || taken[j] {
			continue
		}
		s, err := sc.score(members[i], members[j])
		if err != nil {
			return Proposal{}, err
		}
		taken[i], taken[j] = true, true
		prop.Pairs = append(prop.Pairs, Proposed{Score: s, Status: StatusAccepted, PartnershipID: acc.PartnershipID})
	}
	var locked []Proposed
	for _, pr := range sortedPairs(p.Locked) {
		i, j, ok := pairOf(pr)
		if !ok {
			continue
		}
		if taken[i] && taken[j] && isPaired(prop.Pairs, MakePair(pr.A, pr.B)) {
			continue
		}
		if taken[i] || taken[j] {
			return Proposal{}, fmt.Errorf("%w: %s and %s", ErrLockConflict, pr.A, pr.B)
		}
		s, err := sc.score(members[i], members[j])
		if err != nil {
			return Proposal{}, err
		}
		taken[i], taken[j] = true, true
		locked = append(locked, Proposed{Score: s, Status: StatusLocked})
	}
	sortByScore(locked)
	prop.Pairs = append(prop.Pairs, locked...)

	blocked := map[Pair]bool{}
	for _, pr := range append(append([]Pair(nil), p.Forbidden...), p.Past...) {
		blocked[MakePair(pr.A, pr.B)] = true
	}

	// Score every pair once.
	type facts struct{ mutual, candidates, allowed int }
	per := make([]facts, n)
	var allowed []Score // candidates not blocked, for next-best options
	var edges []matching.Edge
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if !sc.mayGain(&members[i], &members[j]) {
				continue // Mutual would be 0
			}
			s, err := sc.score(members[i], members[j])
			if err != nil {
				return Proposal{}, err
			}
			if s.Mutual == 0 {
				continue
			}
			per[i].mutual++
			per[j].mutual++
			if !s.Candidate() {
				continue
			}
			per[i].candidates++
			per[j].candidates++
			if blocked[s.Pair()] {
				continue
			}
			per[i].allowed++
			per[j].allowed++
			allowed = append(allowed, s)
			if !taken[i] && !taken[j] {
				edges = append(edges, matching.Edge{U: i, V: j, Weight: int64(s.Total)})
			}
		}
	}
	// Edges are the allowed candidates between people not taken: with no
	// one taken (the usual first proposal of a pool) the same list, so a
	// large pool keeps one copy of its Scores, not two.
	if len(edges) == len(allowed) {
		prop.Edges = slices.Clip(allowed)
	} else {
		for _, s := range allowed {
			if !taken[index[s.A]] && !taken[index[s.B]] {
				prop.Edges = append(prop.Edges, s)
			}
		}
	}

	mate := matching.MaxWeight(n, edges, opt.Mode == ModeMaxPairs)
	var proposed []Proposed
	for _, s := range prop.Edges {
		i, j := index[s.A], index[s.B]
		if mate[i] == j {
			proposed = append(proposed, Proposed{Score: s, Status: StatusProposed})
			prop.Total += s.Total
		}
	}
	sortByScore(proposed)
	prop.Pairs = append(prop.Pairs, proposed...)

	inPair := map[string]string{}
	for _, pr := range prop.Pairs {
		inPair[pr.A], inPair[pr.B] = pr.B, pr.A
	}
	for i, m := range members {
		if _, ok := inPair[m.key]; ok {
			continue
		}
		u := Unmatched{Email: m.key, Candidates: per[i].allowed}
		switch {
		case per[i].mutual == 0:
			u.Reason = ReasonNoMutual
		case per[i].candidates == 0:
			u.Reason = ReasonNoOverlap
		case per[i].allowed == 0:
			u.Reason = ReasonForbidden
		default:
			u.Reason = ReasonOutscored
		}
		prop.Unmatched = append(prop.Unmatched, u)
	}

	// Next-best options: each person's best allowed candidates other than
	// their own partner. A pool of thousands has hundreds of thousands of
	// candidates: sort their positions, not the Scores themselves.
	for s := range sortedByTotal(allowed) {
		for _, who := range []string{s.A, s.B} {
			if inPair[who] == s.Pair().Other(who) || len(prop.NextBest[who]) >= NextBestCount {
				continue
			}
			prop.NextBest[who] = append(prop.NextBest[who], s)
		}
	}
	return prop, nil
}

func isPaired(ps []Proposed, pr Pair) bool {
	for _, p := range ps {
		if p.Pair() == pr {
			return true
		}
	}
	return false
}

func sortedPairs(in []Pair) []Pair {
	out := make([]Pair, len(in))
	for i, p := range in {
		out[i] = MakePair(p.A, p.B)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].A != out[j].A {
			return out[i].A < out[j].A
		}
		return out[i].B < out[j].B
	})
	return out
}

func sortedAccepted(in []Accepted) []Accepted {
	out := make([]Accepted, len(in))
	for i, a := range in {
		out[i] = Accepted{Pair: MakePair(a.A, a.B), PartnershipID: a.PartnershipID}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].PartnershipID < out[j].PartnershipID })
	return out
}

// sortedByTotal returns the scores best first, then by A and B (pairs are
// distinct, so the order is total), as an iterator over ss in that order.
func sortedByTotal(ss []Score) func(yield func(Score) bool) {
	order := make([]int32, len(ss))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(i, j int32) int {
		a, b := &ss[i], &ss[j]
		return cmp.Or(cmp.Compare(b.Total, a.Total), cmp.Compare(a.A, b.A), cmp.Compare(a.B, b.B))
	})
	return func(yield func(Score) bool) {
		for _, i := range order {
			if !yield(ss[i]) {
				return
			}
		}
	}
}

func sortByScore(ps []Proposed) {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Total != ps[j].Total {
			return ps[i].Total > ps[j].Total
		}
		if ps[i].A != ps[j].A {
			return ps[i].A < ps[j].A
		}
		return ps[i].B < ps[j].B
	})
}
