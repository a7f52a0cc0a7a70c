package pool

import (
	"math/rand"
	"reflect"
	"testing"
	"time"

	"github.com/twoway-app/twoway/calendar"
)

var jan1 = calendar.Date{Year: 2026, Month: 1, Day: 1}

func window(t *testing.T, s string) calendar.Window {
	t.Helper()
	w, err := calendar.ParseWindow(s)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func person(t *testing.T, email, zone, hours string, offers, wants []string) Person {
	return Person{Name: email, Email: email, Zone: zone, Hours: window(t, hours), Offers: offers, Wants: wants}
}

func d(m, day int) calendar.Date { return calendar.Date{Year: 2026, Month: time.Month(m), Day: day} }

func TestNormalizeAndTerms(t *testing.T) {
	terms := NewTerms([][]string{{"Spreadsheets", "Excel"}, {"public speaking", "presenting"}})
	for _, tc := range []struct {
		offer, want string
		meets       bool
	}{
		{"Social Media", "social media", true},
		{"social media!", "Social  media", true},
		{"Stories", "story", true},
		{"coaching classes", "Coaching class", true},
		{"Skills", "skill", true},
		{"Excel", "spreadsheet", true},
		{"Presenting", "Public Speaking", true},
		{"marketing", "social media marketing", false},
		{"leadership", "negotiation", false},
		{"", "", false},
		{"C#", "c#", true},
		{"C#", "C++", false},
	} {
		if got := terms.Meets(tc.offer, tc.want); got != tc.meets {
			t.Errorf("Meets(%q, %q) = %v, want %v", tc.offer, tc.want, got, tc.meets)
		}
	}
	for w, want := range map[string]string{"stories": "story", "classes": "class", "coaches": "coach", "boxes": "box", "bus": "bus", "analysis": "analysis", "ai": "ai", "media": "media"} {
		if got := Singular(w); got != want {
			t.Errorf("Singular(%q) = %q, want %q", w, got, want)
		}
	}
}

func TestScoreNeedsBothToGain(t *testing.T) {
	sc := NewScorer(nil, DefaultWeights, jan1)
	ana := person(t, "ana@x.org", "Europe/London", "09:00-17:00", []string{"Leadership"}, []string{"Social media"})
	for _, tc := range []struct {
		name    string
		other   Person
		exclude Exclusion
	}{
		{"both gain", person(t, "raj@x.org", "Europe/London", "09:00-17:00", []string{"Social media"}, []string{"Leadership"}), ""},
		{"only Raj learns", person(t, "raj@x.org", "Europe/London", "09:00-17:00", []string{"Cooking"}, []string{"Leadership"}), ExcludedOneWay},
		{"only Ana learns", person(t, "raj@x.org", "Europe/London", "09:00-17:00", []string{"Social media"}, []string{"Cooking"}), ExcludedOneWay},
		{"neither", person(t, "raj@x.org", "Europe/London", "09:00-17:00", []string{"Cooking"}, []string{"Gardening"}), ExcludedNoGain},
		{"both gain, never awake together", person(t, "raj@x.org", "Europe/London", "20:00-22:00", []string{"Social media"}, []string{"Leadership"}), ExcludedNoOverlap},
		{"both gain, 15 minutes", person(t, "raj@x.org", "Europe/London", "16:45-22:00", []string{"Social media"}, []string{"Leadership"}), ExcludedShortOverlap},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := sc.Score(ana, tc.other)
			if err != nil {
				t.Fatal(err)
			}
			if s.Excluded != tc.exclude {
				t.Errorf("excluded %q, want %q", s.Excluded, tc.exclude)
			}
			if tc.exclude != "" {
				return
			}
			// The facts a front end words: who teaches whom what, at which rank.
			if len(s.AB.Met) != 1 || s.AB.Teacher != "ana@x.org" || s.AB.Met[0] != (Met{Offer: "Leadership", Want: "Leadership", Rank: 1, Points: 100}) {
				t.Errorf("Ana teaches Raj: %+v", s.AB)
			}
			if s.Mutual != 200 || s.OverlapPoints != 60 || s.Total != 260 {
				t.Errorf("mutual %d overlap %d total %d", s.Mutual, s.OverlapPoints, s.Total)
			}
		})
	}
}

func TestScoreRanksAndLopsided(t *testing.T) {
	sc := NewScorer(nil, DefaultWeights, jan1)
	a := person(t, "a@x.org", "UTC", "09:00-17:00", []string{"x", "y", "z"}, []string{"p", "q"})
	for _, tc := range []struct {
		name       string
		other      Person
		ab, ba     int
		mutual     int
		secondRank int
	}{
		// a's first want met, their first want met: 100 and 100.
		{"first and first", person(t, "b@x.org", "UTC", "09:00-17:00", []string{"p"}, []string{"x"}), 100, 100, 200, 0},
		// a's second want met (70), theirs first (100): 4·100·70/170.
		{"second and first", person(t, "b@x.org", "UTC", "09:00-17:00", []string{"q"}, []string{"x"}), 100, 70, 164, 2},
		// Lopsided: a teaches three wants (100+70+50), learns only the
		// fifth-ranked thing... (a has two wants: q, rank 2).
		{"lopsided", person(t, "b@x.org", "UTC", "09:00-17:00", []string{"q"}, []string{"x", "y", "z"}), 220, 70, 212, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := sc.Score(a, tc.other)
			if err != nil {
				t.Fatal(err)
			}
			if s.AB.Points != tc.ab || s.BA.Points != tc.ba || s.Mutual != tc.mutual {
				t.Errorf("ab %d ba %d mutual %d, want %d %d %d", s.AB.Points, s.BA.Points, s.Mutual, tc.ab, tc.ba, tc.mutual)
			}
			if tc.secondRank != 0 && s.BA.Met[0].Rank != tc.secondRank {
				t.Errorf("rank of a's want met: %d", s.BA.Met[0].Rank)
			}
		})
	}
	// A lopsided pair scores below a balanced one with the same sum.
	bal, _ := sc.Score(person(t, "a@x.org", "UTC", "09:00-17:00", []string{"x", "y"}, []string{"p", "q"}),
		person(t, "b@x.org", "UTC", "09:00-17:00", []string{"p", "q"}, []string{"x", "y"}))
	lop, _ := sc.Score(person(t, "a@x.org", "UTC", "09:00-17:00", []string{"x", "y", "z", "w"}, []string{"p"}),
		person(t, "b@x.org", "UTC", "09:00-17:00", []string{"p"}, []string{"x", "y", "z", "w"}))
	if bal.AB.Points+bal.BA.Points != 340 || lop.AB.Points+lop.BA.Points != 355 || lop.Mutual >= bal.Mutual {
		t.Errorf("balanced %d+%d→%d, lopsided %d+%d→%d", bal.AB.Points, bal.BA.Points, bal.Mutual, lop.AB.Points, lop.BA.Points, lop.Mutual)
	}
}

func TestScoreLanguage(t *testing.T) {
	sc := NewScorer(nil, DefaultWeights, jan1)
	a := person(t, "a@x.org", "UTC", "09:00-17:00", []string{"x"}, []string{"p"})
	b := person(t, "b@x.org", "UTC", "09:00-17:00", []string{"p"}, []string{"x"})
	a.Languages, b.Languages = []string{"English", "Spanish"}, []string{"spanish", "German"}
	s, _ := sc.Score(a, b)
	if !reflect.DeepEqual(s.Languages, []string{"Spanish"}) || s.LanguagePoints != 30 || s.Total != 200+60+30 {
		t.Errorf("languages %q, points %d, total %d", s.Languages, s.LanguagePoints, s.Total)
	}
	b.Languages = []string{"German"}
	s, _ = sc.Score(a, b)
	if len(s.Languages) != 0 || s.LanguagePoints != 0 || s.Total != 260 {
		t.Errorf("no shared language: %q, %d, %d", s.Languages, s.LanguagePoints, s.Total)
	}
}

func TestOverlapAcrossClockChanges(t *testing.T) {
	for _, tc := range []struct {
		name      string
		a, b      Person
		stretches []Stretch
	}{
		{
			// New York changes on 8 March and 1 November 2026, London on
			// 29 March and 25 October: in the three weeks of spring and
			// the week of autumn between, 08:00 in New York is 12:00 in
			// London, and the two hours no longer meet.
			name: "New York 08-09 and London 13-14",
			a:    person(t, "ny@x.org", "America/New_York", "08:00-09:00", nil, nil),
			b:    person(t, "ldn@x.org", "Europe/London", "13:00-14:00", nil, nil),
			stretches: []Stretch{
				{d(1, 1), d(3, 7), 60}, {d(3, 8), d(3, 28), 0}, {d(3, 29), d(10, 24), 60},
				{d(10, 25), d(10, 31), 0}, {d(11, 1), d(12, 31), 60},
			},
		},
		{
			// Sydney's summer is London's winter: 11 hours apart in
			// January, 10 between London's change (29 March) and Sydney's
			// (5 April), 9 until Sydney changes again (4 October), 10
			// until London does (25 October), then 11.
			name: "Sydney 07-10 and London 18-23",
			a:    person(t, "syd@x.org", "Australia/Sydney", "07:00-10:00", nil, nil),
			b:    person(t, "ldn@x.org", "Europe/London", "18:00-23:00", nil, nil),
			stretches: []Stretch{
				{d(1, 1), d(3, 28), 180}, {d(3, 29), d(4, 4), 120}, {d(4, 5), d(10, 3), 60},
				{d(10, 4), d(10, 24), 120}, {d(10, 25), d(12, 31), 180},
			},
		},
		{
			// Berlin and Paris change together: one stretch all year.
			name:      "Berlin and Paris",
			a:         person(t, "ber@x.org", "Europe/Berlin", "09:00-12:00", nil, nil),
			b:         person(t, "par@x.org", "Europe/Paris", "11:00-18:00", nil, nil),
			stretches: []Stretch{{d(1, 1), d(12, 31), 60}},
		},
		{
			// A night owl's window across midnight meets an early bird's.
			// (Tokyo 08-10 is 23:00-01:00 UTC; London 23:30-01:00 is the
			// same in UTC in winter, 22:30-00:00 in summer.)
			name:      "Tokyo 08-10 and London 23:30-01:00",
			a:         person(t, "tyo@x.org", "Asia/Tokyo", "08:00-10:00", nil, nil),
			b:         person(t, "ldn@x.org", "Europe/London", "23:30-01:00", nil, nil),
			stretches: []Stretch{{d(1, 1), d(3, 28), 90}, {d(3, 29), d(10, 24), 60}, {d(10, 25), d(12, 31), 90}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, err := OverlapBetween(tc.a, tc.b, jan1)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(o.Stretches, tc.stretches) {
				t.Errorf("stretches\n got %v\nwant %v", o.Stretches, tc.stretches)
			}
			// The same from the other side.
			r, _ := OverlapBetween(tc.b, tc.a, jan1)
			if !reflect.DeepEqual(r.Stretches, o.Stretches) {
				t.Errorf("not symmetric: %v", r.Stretches)
			}
		})
	}
	// The excluded pair of the first case: both gain, but no edge.
	ny := person(t, "ny@x.org", "America/New_York", "08:00-09:00", []string{"Leadership"}, []string{"Social media"})
	ldn := person(t, "ldn@x.org", "Europe/London", "13:00-14:00", []string{"Social media"}, []string{"Leadership"})
	s, err := NewScorer(nil, DefaultWeights, jan1).Score(ny, ldn)
	if err != nil {
		t.Fatal(err)
	}
	if s.Excluded != ExcludedNoOverlap || s.Overlap.Min != 0 || s.Overlap.Max != 60 {
		t.Errorf("New York and London: %q, overlap %d..%d", s.Excluded, s.Overlap.Min, s.Overlap.Max)
	}
	p, err := Propose(Pool{People: []Person{ny, ldn}}, Options{From: jan1})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Pairs) != 0 || len(p.Edges) != 0 || len(p.Unmatched) != 2 || p.Unmatched[0].Reason != ReasonNoOverlap {
		t.Errorf("proposal: %+v", p)
	}
}

func TestDailyOverlap(t *testing.T) {
	for _, tc := range []struct {
		a, b       string
		offA, offB int
		want       int
	}{
		{"09:00-17:00", "09:00-17:00", 0, 0, 480},
		{"09:00-17:00", "09:00-17:00", 60, 0, 420},
		{"22:00-02:00", "23:00-01:00", 0, 0, 120},
		{"22:00-02:00", "01:00-03:00", 0, 0, 60},
		{"00:00-24:00", "10:00-11:00", 0, 300, 60},
		{"00:00-24:00", "00:00-24:00", 0, 570, 1440},
		{"23:00-01:00", "00:30-23:30", 0, 0, 60},
	} {
		got := dailyOverlap(window(t, tc.a), tc.offA, window(t, tc.b), tc.offB)
		if got != tc.want {
			t.Errorf("%s (%+d) with %s (%+d): %d, want %d", tc.a, tc.offA, tc.b, tc.offB, got, tc.want)
		}
	}
}

// randomPool is a pool of n people drawn from a few skills and zones.
func randomPool(t *testing.T, rng *rand.Rand, n int) Pool {
	skills := []string{"leadership", "social media", "excel", "negotiation", "python", "design", "writing", "sales"}
	zones := []string{"Europe/London", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney"}
	hours := []string{"08:00-12:00", "09:00-17:00", "12:00-20:00", "17:00-22:00", "06:00-09:00"}
	pick := func(k int) []string {
		var out []string
		for _, i := range rng.Perm(len(skills))[:k] {
			out = append(out, skills[i])
		}
		return out
	}
	var p Pool
	for i := 0; i < n; i++ {
		m := person(t, string(rune('a'+i%26))+string(rune('a'+i/26))+"@x.org", zones[rng.Intn(len(zones))], hours[rng.Intn(len(hours))],
			pick(1+rng.Intn(3)), pick(1+rng.Intn(3)))
		m.Languages = []string{[]string{"English", "Spanish"}[rng.Intn(2)]}
		p.People = append(p.People, m)
	}
	return p
}

func TestProposeIsOptimalAndDeterministic(t *testing.T) {
	rng := rand.New(rand.NewSource(17))
	for round := 0; round < 40; round++ {
		n := 2 + rng.Intn(11)
		p := randomPool(t, rng, n)
		for _, mode := range []Mode{ModeBest, ModeMaxPairs} {
			got, err := Propose(p, Options{Mode: mode, From: jan1})
			if err != nil {
				t.Fatal(err)
			}
			// Same input in another order: same output.
			shuffled := p
			shuffled.People = append([]Person(nil), p.People...)
			rng.Shuffle(len(shuffled.People), func(i, j int) { shuffled.People[i], shuffled.People[j] = shuffled.People[j], shuffled.People[i] })
			again, err := Propose(shuffled, Options{Mode: mode, From: jan1})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, again) {
				t.Fatalf("round %d %s: proposal depends on the order of the people", round, mode)
			}
			bestPairs, bestTotal := bruteForce(got.Edges, mode)
			if got.Total != bestTotal || len(got.Pairs) != bestPairs {
				t.Errorf("round %d %s: %d pairs total %d, brute force %d pairs total %d", round, mode, len(got.Pairs), got.Total, bestPairs, bestTotal)
			}
			if len(got.Pairs)*2+len(got.Unmatched) != n {
				t.Errorf("round %d: %d pairs and %d unmatched of %d", round, len(got.Pairs), len(got.Unmatched), n)
			}
		}
	}
}

// bruteForce is the best matching over edges by trying every one.
func bruteForce(edges []Score, mode Mode) (pairs, total int) {
	used := map[string]bool{}
	var rec func(i, np, tot int)
	rec = func(i, np, tot int) {
		var better bool
		if mode == ModeMaxPairs {
			better = np > pairs || np == pairs && tot > total
		} else {
			better = tot > total || tot == total && np > pairs
		}
		if better {
			pairs, total = np, tot
		}
		for k := i; k < len(edges); k++ {
			e := edges[k]
			if used[e.A] || used[e.B] {
				continue
			}
			used[e.A], used[e.B] = true, true
			rec(k+1, np+1, tot+e.Total)
			used[e.A], used[e.B] = false, false
		}
	}
	rec(0, 0, 0)
	return pairs, total
}

func TestProposeRules(t *testing.T) {
	// Ana and Ben each meet the other's three wants (500); Cleo gains a
	// little with Ana (126), Eve a little with Ben (133); Dev with no one.
	ana := person(t, "ana@x.org", "UTC", "09:00-17:00", []string{"leadership", "excel", "negotiation"}, []string{"social media", "python", "design"})
	ben := person(t, "ben@x.org", "UTC", "09:00-17:00", []string{"social media", "python", "design"}, []string{"leadership", "excel", "negotiation"})
	cleo := person(t, "cleo@x.org", "UTC", "09:00-17:00", []string{"design"}, []string{"c1", "c2", "c3", "c4", "negotiation"})
	eve := person(t, "eve@x.org", "UTC", "09:00-17:00", []string{"excel"}, []string{"e1", "e2", "e3", "e4", "design"})
	dev := person(t, "dev@x.org", "UTC", "09:00-17:00", []string{"knitting"}, []string{"chess"})
	people := []Person{ana, ben, cleo, dev, eve}
	type want struct {
		pairs     []Pair
		statuses  []Status
		unmatched map[string]Reason
	}
	for _, tc := range []struct {
		name string
		pool Pool
		mode Mode
		want want
	}{
		{"best", Pool{People: people}, ModeBest, want{
			[]Pair{{"ana@x.org", "ben@x.org"}}, []Status{StatusProposed},
			map[string]Reason{"cleo@x.org": ReasonOutscored, "dev@x.org": ReasonNoMutual, "eve@x.org": ReasonOutscored}}},
		// As many pairs as possible: Ana with Cleo lets Ben pair with Eve.
		{"max pairs", Pool{People: people}, ModeMaxPairs, want{
			[]Pair{{"ben@x.org", "eve@x.org"}, {"ana@x.org", "cleo@x.org"}}, []Status{StatusProposed, StatusProposed},
			map[string]Reason{"dev@x.org": ReasonNoMutual}}},
		{"locked", Pool{People: people, Locked: []Pair{{"Cleo@x.org", "ana@x.org"}}}, ModeBest, want{
			[]Pair{{"ana@x.org", "cleo@x.org"}, {"ben@x.org", "eve@x.org"}}, []Status{StatusLocked, StatusProposed},
			map[string]Reason{"dev@x.org": ReasonNoMutual}}},
		{"forbidden", Pool{People: people, Forbidden: []Pair{{"ana@x.org", "ben@x.org"}, {"eve@x.org", "ben@x.org"}}}, ModeBest, want{
			[]Pair{{"ana@x.org", "cleo@x.org"}}, []Status{StatusProposed},
			map[string]Reason{"ben@x.org": ReasonForbidden, "dev@x.org": ReasonNoMutual, "eve@x.org": ReasonForbidden}}},
		{"past partners", Pool{People: people, Past: []Pair{{"ana@x.org", "ben@x.org"}, {"ana@x.org", "cleo@x.org"}}}, ModeBest, want{
			[]Pair{{"ben@x.org", "eve@x.org"}}, []Status{StatusProposed},
			map[string]Reason{"ana@x.org": ReasonForbidden, "cleo@x.org": ReasonForbidden, "dev@x.org": ReasonNoMutual}}},
		{"accepted", Pool{People: people, Paired: []Accepted{{Pair{"ben@x.org", "ana@x.org"}, 7}}}, ModeBest, want{
			[]Pair{{"ana@x.org", "ben@x.org"}}, []Status{StatusAccepted},
			map[string]Reason{"cleo@x.org": ReasonOutscored, "dev@x.org": ReasonNoMutual, "eve@x.org": ReasonOutscored}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Propose(tc.pool, Options{Mode: tc.mode, From: jan1})
			if err != nil {
				t.Fatal(err)
			}
			var pairs []Pair
			var st []Status
			for _, pr := range p.Pairs {
				pairs, st = append(pairs, pr.Pair()), append(st, pr.Status)
			}
			un := map[string]Reason{}
			for _, u := range p.Unmatched {
				un[u.Email] = u.Reason
			}
			if !reflect.DeepEqual(pairs, tc.want.pairs) || !reflect.DeepEqual(st, tc.want.statuses) || !reflect.DeepEqual(un, tc.want.unmatched) {
				t.Errorf("got %v %v %v\nwant %v %v %v", pairs, st, un, tc.want.pairs, tc.want.statuses, tc.want.unmatched)
			}
		})
	}
	p, _ := Propose(Pool{People: people}, Options{From: jan1})
	if p.Total != 500 || len(p.Edges) != 3 {
		t.Errorf("total %d over %d edges, want 500 over 3", p.Total, len(p.Edges))
	}
	// Next best: Ana's option besides Ben is Cleo; Cleo's is Ana.
	for who, want := range map[string][]string{"ana@x.org": {"cleo@x.org"}, "cleo@x.org": {"ana@x.org"}, "dev@x.org": nil} {
		var next []string
		for _, s := range p.NextBest[who] {
			next = append(next, s.Pair().Other(who))
		}
		if !reflect.DeepEqual(next, want) {
			t.Errorf("%s's next best: %v, want %v", who, next, want)
		}
	}
	if _, err := Propose(Pool{People: people, Locked: []Pair{{"ana@x.org", "ben@x.org"}, {"ana@x.org", "cleo@x.org"}}}, Options{From: jan1}); err == nil {
		t.Error("Ana locked with two people: no error")
	}
}
