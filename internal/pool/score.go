package pool

import (
	"fmt"

	"github.com/twoway-app/twoway/calendar"
)

// Weights turn a pair's facts into its integer score. The defaults
// (DefaultWeights) make meeting both people's first wants worth the most,
// and an hour or two of common time and a shared language a tie-breaker
// between pairs who gain equally.
type Weights struct {
	// Rank[i] is worth meeting the want at rank i+1; wants ranked beyond
	// the table are worth its last entry.
	Rank []int
	// MinOverlap is the fewest common minutes a day, in every stretch of
	// the year, for a pair to be a candidate: less cannot hold a call.
	MinOverlap int
	// OverlapCap is the most common minutes that count, OverlapDiv how
	// many minutes make a point.
	OverlapCap, OverlapDiv int
	// Language is worth sharing at least one language.
	Language int
}

// DefaultWeights are the weights the front ends use.
var DefaultWeights = Weights{Rank: []int{100, 70, 50, 35, 25}, MinOverlap: 30, OverlapCap: 120, OverlapDiv: 2, Language: 30}

// Exclusion says why a pair is no candidate; "" for a candidate.
type Exclusion string

// Exclusions, the first that applies.
const (
	ExcludedNoGain       Exclusion = "no_gain"       // neither offers what the other wants
	ExcludedOneWay       Exclusion = "one_way"       // only one of the two would learn
	ExcludedNoOverlap    Exclusion = "no_overlap"    // no common hour in some stretch of the year
	ExcludedShortOverlap Exclusion = "short_overlap" // fewer than MinOverlap minutes in some stretch
)

// Met is one want met: Teacher's Offer meets Learner's Want, ranked Rank
// (1 for the learner's first want), worth Points.
type Met struct {
	Offer, Want string
	Rank        int
	Points      int
}

// Gain is what one person of a pair learns from the other.
type Gain struct {
	Teacher, Learner string // emails
	Met              []Met
	Points           int
}

// Score is everything that went into a pair's weight, so a front end can
// say: "Ana teaches Raj social media (Raj's first request); Raj teaches
// Ana leadership (Ana's second). 120 min a day suit both, 60 from 8 to 28
// March".
type Score struct {
	A, B string // emails (Key), A < B
	// AB is what A teaches B; BA what B teaches A.
	AB, BA Gain
	// Mutual combines the two directions as twice their harmonic mean,
	// 4·ab/(ab+ba): equal to ab+ba when both gain alike and near twice
	// the smaller gain when they do not, so a lopsided pair scores low.
	Mutual int
	// Overlap is the common comfortable time over the year (zero when the
	// pair is excluded for want of gain, so it was not computed).
	Overlap       Overlap
	OverlapPoints int
	// Languages are the languages both speak, as A wrote them.
	Languages      []string
	LanguagePoints int
	// Total is the weight of the pair in the matching.
	Total    int
	Excluded Exclusion
}

// Candidate reports whether the pair may be proposed.
func (s Score) Candidate() bool { return s.Excluded == "" }

// Pair is the two people of the score.
func (s Score) Pair() Pair { return Pair{s.A, s.B} }

// Gain returns what learner learns from the other person of the pair.
func (s Score) Gain(learner string) Gain {
	if Key(learner) == s.A {
		return s.BA
	}
	return s.AB
}

// Scorer scores pairs of one pool: its synonyms, weights and horizon.
//
// A proposal scores every pair of the pool, n²/2 of them (12.5 million at
// MaxPeople), so the Scorer keeps what pairs have in common: each term is
// numbered once (ids), and the overlap of two people depends only on their
// zones and hours, which most people share with many others, so it is
// computed once per (zone, hours, zone, hours) and kept (overlaps).
type Scorer struct {
	terms    Terms
	weights  Weights
	zones    *zones
	ids      map[string]int32 // term → its number, from 0
	zoneIDs  map[string]int32 // zone name → its number
	overlaps map[overlapKey]Overlap
}

// overlapKey is what an overlap depends on, in the order it was asked for
// (the order decides which zone's day names a stretch both zones start at
// once).
type overlapKey struct {
	zoneA, zoneB   int32
	hoursA, hoursB calendar.Window
}

// NewScorer scores with a pool's synonym groups and weights over the
// HorizonMonths from the day from.
func NewScorer(synonyms [][]string, w Weights, from calendar.Date) *Scorer {
	if len(w.Rank) == 0 {
		w.Rank = DefaultWeights.Rank
	}
	if w.OverlapDiv <= 0 {
		w.OverlapDiv = 1
	}
	return &Scorer{terms: NewTerms(synonyms), weights: w, zones: newZones(from),
		ids: map[string]int32{}, zoneIDs: map[string]int32{}, overlaps: map[overlapKey]Overlap{}}
}

// Score scores the pair a, b. It fails only for a zone that does not load
// (Validate catches that first).
func (sc *Scorer) Score(a, b Person) (Score, error) {
	return sc.score(sc.prepare(a), sc.prepare(b))
}

// member is a person with their words reduced to terms once.
type member struct {
	Person
	key                  string
	offers, wants, langs []string
	// offerIDs and wantIDs are the terms' numbers (-1 for an empty want,
	// which meets nothing); offerBits and wantBits have bit id%64 set for
	// each, so two people with no bit in common (most pairs of a pool)
	// are known to gain nothing without comparing lists.
	offerIDs, wantIDs   []int32
	offerBits, wantBits uint64
	zone                int32
}

func (sc *Scorer) prepare(p Person) member {
	m := member{Person: p, key: Key(p.Email)}
	for _, o := range p.Offers {
		t := sc.terms.Term(o)
		id := sc.id(t)
		m.offers, m.offerIDs = append(m.offers, t), append(m.offerIDs, id)
		m.offerBits |= 1 << (id % 64)
	}
	for _, w := range p.Wants {
		t := sc.terms.Term(w)
		id := int32(-1)
		if t != "" {
			id = sc.id(t)
			m.wantBits |= 1 << (id % 64)
		}
		m.wants, m.wantIDs = append(m.wants, t), append(m.wantIDs, id)
	}
	for _, l := range p.Languages {
		m.langs = append(m.langs, Normalize(l))
	}
	z, ok := sc.zoneIDs[p.Zone]
	if !ok {
		z = int32(len(sc.zoneIDs))
		sc.zoneIDs[p.Zone] = z
	}
	m.zone = z
	return m
}

func (sc *Scorer) id(term string) int32 {
	id, ok := sc.ids[term]
	if !ok {
		id = int32(len(sc.ids))
		sc.ids[term] = id
	}
	return id
}

// points is gain(teacher, learner).Points without building the list of
// wants met: the quick first look at a pair, which most pairs fail.
func (sc *Scorer) points(teacher, learner *member) int {
	if teacher.offerBits&learner.wantBits == 0 {
		return 0
	}
	pts := 0
	for i, w := range learner.wantIDs {
		if w < 0 {
			continue
		}
		for _, o := range teacher.offerIDs {
			if o == w {
				pts += sc.weights.Rank[min(i, len(sc.weights.Rank)-1)]
				break
			}
		}
	}
	return pts
}

// mayGain reports whether the pair a, b can have a non-zero Mutual, that
// is whether each gains some points from the other; when it is false,
// score would return Mutual 0.
func (sc *Scorer) mayGain(a, b *member) bool {
	return sc.points(a, b) != 0 && sc.points(b, a) != 0
}

// overlap is zones.overlap for a and b, computed once per zones and hours.
// The Overlap returned shares its Stretches with every other pair of the
// same zones and hours: read it, do not change it.
func (sc *Scorer) overlap(a, b member) (Overlap, error) {
	key := overlapKey{a.zone, b.zone, a.Hours, b.Hours}
	if o, ok := sc.overlaps[key]; ok {
		return o, nil
	}
	o, err := sc.zones.overlap(a.Person, b.Person)
	if err != nil {
		return o, err
	}
	sc.overlaps[key] = o
	return o, nil
}

func (sc *Scorer) gain(teacher, learner member) Gain {
	g := Gain{Teacher: teacher.key, Learner: learner.key}
	for i, w := range learner.wants {
		if w == "" {
			continue
		}
		for j, o := range teacher.offers {
			if o == w {
				pts := sc.weights.Rank[min(i, len(sc.weights.Rank)-1)]
				g.Met = append(g.Met, Met{Offer: teacher.Offers[j], Want: learner.Wants[i], Rank: i + 1, Points: pts})
				g.Points += pts
				break
			}
		}
	}
	return g
}

func (sc *Scorer) score(a, b member) (Score, error) {
	if b.key < a.key {
		a, b = b, a
	}
	s := Score{A: a.key, B: b.key, AB: sc.gain(a, b), BA: sc.gain(b, a)}
	switch ab, ba := s.AB.Points, s.BA.Points; {
	case ab == 0 && ba == 0:
		s.Excluded = ExcludedNoGain
		return s, nil
	case ab == 0 || ba == 0:
		s.Excluded = ExcludedOneWay
		return s, nil
	default:
		s.Mutual = 4 * ab * ba / (ab + ba)
	}
	o, err := sc.overlap(a, b)
	if err != nil {
		return s, fmt.Errorf("score %s and %s: %w", a.key, b.key, err)
	}
	s.Overlap = o
	switch {
	case o.Never():
		s.Excluded = ExcludedNoOverlap
	case o.Min < sc.weights.MinOverlap:
		s.Excluded = ExcludedShortOverlap
	}
	s.OverlapPoints = min(o.Min, sc.weights.OverlapCap) / sc.weights.OverlapDiv
	for i, l := range a.langs {
		for _, m := range b.langs {
			if l != "" && l == m {
				s.Languages = append(s.Languages, a.Languages[i])
				break
			}
		}
	}
	if len(s.Languages) > 0 {
		s.LanguagePoints = sc.weights.Language
	}
	s.Total = s.Mutual + s.OverlapPoints + s.LanguagePoints
	return s, nil
}
