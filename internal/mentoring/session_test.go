package mentoring_test

import (
	"slices"
	"testing"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/fixture"
	"github.com/twoway-app/twoway/internal/mentoring"
)

func TestReopenedActions(t *testing.T) {
	actions := []mentoring.ActionItem{{ID: 1, Done: true}, {ID: 2, Done: true}, {ID: 3}, {ID: 4, Done: true}}
	for _, tc := range []struct {
		name          string
		shown, closed []int64
		want          []int64
	}{
		{"nothing unticked", []int64{1, 2, 3}, []int64{1, 2}, nil},
		{"one done item unticked", []int64{1, 2, 3}, []int64{2}, []int64{1}},
		{"an open item never reopens", []int64{3}, nil, nil},
		{"a done item the log did not show stays done", []int64{1}, []int64{1}, nil},
		{"all unticked", []int64{1, 2, 4}, nil, []int64{1, 2, 4}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := mentoring.ReopenedActions(actions, tc.shown, tc.closed); !slices.Equal(got, tc.want) {
				t.Errorf("ReopenedActions = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestDefaultCadence(t *testing.T) {
	today := calendar.Date{Year: 2026, Month: 12, Day: 1}
	p := fixture.Plain()
	c := mentoring.DefaultCadence(p, today)
	if err := c.Validate(); err != nil {
		t.Fatalf("the default cadence does not validate: %v", err)
	}
	me, partner, _ := p.People()
	checks, err := calendar.Plan(c, me, partner)
	if err != nil || len(checks) != 26 {
		t.Fatalf("%d sessions (%v), want the programme's 26 weeks", len(checks), err)
	}
	for _, ch := range checks {
		if !ch.Me.Fits || !ch.Partner.Fits {
			t.Errorf("suggested session %s does not suit both", ch.Start)
		}
	}
	// Without a programme: twelve weeks from today
	p.From, p.Until = calendar.Date{}, calendar.Date{}
	if c := mentoring.DefaultCadence(p, today); c.From != today || c.Count != 12 {
		t.Errorf("open programme: from %s count %d", c.From, c.Count)
	}
	// Without a known zone it offers the first day's weekday at 17:00
	p.Partner.Zone = "Mars/Olympus"
	if c := mentoring.DefaultCadence(p, today); c.At != 17*60 || c.Days[0] != today.Weekday() {
		t.Errorf("unknown zone: %+v", c)
	}
}
