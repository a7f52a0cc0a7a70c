package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/fixture"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/pool"
)

func TestScoreReasonsWordTheFacts(t *testing.T) {
	p := pool.Pool{People: []pool.Person{
		{Name: "Ana Ruiz", Email: "ana@example.org", Zone: "America/New_York", Hours: calendar.Window{Start: 8 * 60, End: 10 * 60},
			Offers: []string{"Leadership"}, Wants: []string{"Python", "social media"}, Languages: []string{"English"}},
		{Name: "Raj Patel", Email: "raj@example.org", Zone: "Europe/London", Hours: calendar.Window{Start: 13 * 60, End: 15 * 60},
			Offers: []string{"Social media"}, Wants: []string{"Leadership"}, Languages: []string{"english"}},
	}}
	sc, err := pool.NewScorer(nil, pool.DefaultWeights, calendar.Date{Year: 2026, Month: 1, Day: 1}).Score(p.People[0], p.People[1])
	if err != nil {
		t.Fatal(err)
	}
	got := ScoreReasons(sc, PoolNamer(p))
	want := []string{
		"Ana teaches Raj Leadership (Raj's first request)",
		"Raj teaches Ana social media (Ana's second request)",
		"120 min a day suit both, 60 from 8 to 28 March, 60 from 25 to 31 October",
		"both speak English",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("reasons\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestPoolWords(t *testing.T) {
	for _, tc := range []struct {
		got, want string
	}{
		{UnmatchedText(pool.Unmatched{Reason: pool.ReasonOutscored, Candidates: 2}), "outscored: their 2 candidates are better paired with others"},
		{UnmatchedText(pool.Unmatched{Reason: pool.ReasonNoMutual}), "no one in the pool both gains with them"},
		{PoolFieldText(mentoring.FieldError{Code: pool.CodeUnknownZone, Args: mentoring.Args{"Value": "New York", "Suggestions": []string{"America/New_York"}}}),
			`"New York" is no time zone (did you mean America/New_York?)`},
		{PoolFieldText(mentoring.FieldError{Code: pool.CodeDuplicate, Args: mentoring.Args{"Value": "a@x.org", "Row": 3}}), `"a@x.org" is already used on line 3`},
		{PoolFieldText(mentoring.FieldError{Code: mentoring.CodeRequired}), "is required"},
		{ColumnErrorText(&pool.ColumnError{Code: pool.ColCodeUnmapped, Field: pool.ColZone}), "no column holds the zone: map one with --map COLUMN=zone"},
		{Ordinal(2) + " " + Ordinal(12), "second 12th"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	// Every reason and exclusion is worded (none falls back to its code).
	for _, r := range []pool.Reason{pool.ReasonNoMutual, pool.ReasonNoOverlap, pool.ReasonForbidden, pool.ReasonOutscored} {
		if UnmatchedText(pool.Unmatched{Reason: r}) == string(r) {
			t.Errorf("reason %s not worded", r)
		}
	}
	for _, e := range []pool.Exclusion{pool.ExcludedNoGain, pool.ExcludedOneWay, pool.ExcludedNoOverlap, pool.ExcludedShortOverlap} {
		if ExclusionText(e) == string(e) {
			t.Errorf("exclusion %s not worded", e)
		}
	}
}

func TestCohortCSV(t *testing.T) {
	p := fixture.Pair()
	p.ID, p.Title = 4, "=Ana & Ben"
	var b bytes.Buffer
	if err := CohortCSV(&b, []pool.CohortRow{{Link: pool.Link{Ended: true}, Partnership: p, Reciprocity: mentoring.Reciprocity{MeShare: 0.5}}}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[1], "4,'=Ana & Ben,ana@example.org,ben@example.com,not a fit,No schedule yet.,0,0,0,0,0,0,0.5,") {
		t.Errorf("csv:\n%s", b.String())
	}
}
