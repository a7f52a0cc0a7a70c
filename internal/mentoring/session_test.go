package mentoring_test

import (
	"slices"
	"testing"
	"time"

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

// TestPlanSessionsAppliesSkipsAndMoves: the plan shows a skipped session as
// skipped and a moved one at its new time, judged at that time.
func TestPlanSessionsAppliesSkipsAndMoves(t *testing.T) {
	p := fixture.Plain()
	c := fixture.Weekly(p)
	jan11 := fixture.In(t, "Europe/Berlin", 2027, 1, 11, 17)
	jan18 := fixture.In(t, "Europe/Berlin", 2027, 1, 18, 17)
	moved := fixture.In(t, "Europe/Berlin", 2027, 1, 19, 23) // 23:00 for Ana: outside her hours
	plan, err := mentoring.PlanSessions(p, c, []mentoring.Exception{
		{Original: jan11, Skipped: true},
		{Original: jan18, Start: moved, End: moved.Add(time.Hour)},
	})
	if err != nil || len(plan) != 26 {
		t.Fatalf("%d sessions (%v)", len(plan), err)
	}
	if !plan[1].Skipped || plan[1].Moved || !plan[1].Original.Equal(jan11) {
		t.Errorf("session 2: %+v", plan[1])
	}
	if !plan[2].Moved || !plan[2].Start.Equal(moved) || !plan[2].Original.Equal(jan18) || plan[2].Me.Fits {
		t.Errorf("session 3: moved %v to %s, fits Ana %v", plan[2].Moved, plan[2].Start, plan[2].Me.Fits)
	}
	if plan[0].Skipped || plan[0].Moved || !plan[0].SuitsBoth() {
		t.Errorf("session 1 changed: %+v", plan[0])
	}
}

// TestBalanceFollowsTheLeader: a session led by Ana counts wholly for Ana,
// whoever led its topics, so the balance agrees with "Led by" (issue 14,
// bug 4); a session logged without a leader splits by its topics' leads.
func TestBalanceFollowsTheLeader(t *testing.T) {
	start := fixture.In(t, "Europe/Berlin", 2027, 1, 4, 17)
	held := func(leader mentoring.Side, cov ...mentoring.Coverage) mentoring.Session {
		return mentoring.Session{Original: start, Start: start, End: start.Add(time.Hour), Outcome: mentoring.OutcomeHeld,
			Logged: true, Leader: leader, Covered: cov}
	}
	for _, tc := range []struct {
		name          string
		s             mentoring.Session
		me, partner   float64
		meN, partnerN int
	}{
		{"led by Ana, a part by Ben", held(mentoring.SideMe, mentoring.Coverage{TopicID: 1, LedBy: mentoring.SidePartner}), 60, 0, 1, 0},
		{"led by Ben", held(mentoring.SidePartner), 0, 60, 0, 1},
		{"no leader, parts split", held("", mentoring.Coverage{TopicID: 1, LedBy: mentoring.SideMe}, mentoring.Coverage{TopicID: 2, LedBy: mentoring.SideBoth}), 45, 15, 0, 0},
		{"no leader, no parts", held(""), 0, 0, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := mentoring.History{Partnership: fixture.Pair(), Sessions: []mentoring.Session{tc.s}}.Reciprocity()
			if r.MeMinutes != tc.me || r.PartnerMinutes != tc.partner || r.MeSessions != tc.meN || r.PartnerSessions != tc.partnerN {
				t.Errorf("minutes %v/%v, sessions %d/%d; want %v/%v, %d/%d", r.MeMinutes, r.PartnerMinutes, r.MeSessions, r.PartnerSessions,
					tc.me, tc.partner, tc.meN, tc.partnerN)
			}
		})
	}
}

// TestHealthCounts: a session not logged is not counted as missed, and
// held, skipped and unlogged always add up to the past sessions, moved
// ones included (issue 14, bug 8).
func TestHealthCounts(t *testing.T) {
	p := fixture.Plain()
	c := fixture.Weekly(p)
	at := func(d int) time.Time { return fixture.In(t, "Europe/Berlin", 2027, 1, d, 17) }
	sess := func(d int, o mentoring.Outcome) mentoring.Session {
		return mentoring.Session{Original: at(d), Start: at(d), End: at(d).Add(time.Hour), Outcome: o, Logged: o == mentoring.OutcomeHeld}
	}
	moved := sess(18, mentoring.OutcomeMoved)
	moved.Start, moved.End = at(19), at(19).Add(time.Hour)
	for _, tc := range []struct {
		name     string
		sessions []mentoring.Session
		status   mentoring.HealthStatus
		held     int
		skipped  int
		unlogged int
		warning  bool
	}{
		{"two not logged", []mentoring.Session{sess(4, mentoring.OutcomeHeld), sess(11, ""), moved}, mentoring.HealthUnlogged, 1, 0, 2, true},
		{"two skipped in a row", []mentoring.Session{sess(4, mentoring.OutcomeHeld), sess(11, mentoring.OutcomeSkipped), sess(18, mentoring.OutcomeSkipped)}, mentoring.HealthMissed, 1, 2, 0, true},
		{"one skipped", []mentoring.Session{sess(4, mentoring.OutcomeHeld), sess(11, mentoring.OutcomeSkipped)}, mentoring.HealthMissed, 1, 1, 0, false},
		{"back on track", []mentoring.Session{sess(4, ""), sess(11, mentoring.OutcomeHeld)}, mentoring.HealthBackOnTrack, 1, 0, 1, false},
		{"all held", []mentoring.Session{sess(4, mentoring.OutcomeHeld), sess(11, mentoring.OutcomeHeld)}, mentoring.HealthOnTrack, 2, 0, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := mentoring.History{Partnership: p, Cadence: &c, Sessions: tc.sessions}.Health(at(25))
			if h.Status != tc.status || h.Held != tc.held || h.Skipped != tc.skipped || h.Unlogged != tc.unlogged || h.Warning != tc.warning {
				t.Errorf("got status %d held %d skipped %d unlogged %d warning %v", h.Status, h.Held, h.Skipped, h.Unlogged, h.Warning)
			}
			if h.Held+h.Skipped+h.Unlogged != h.Past {
				t.Errorf("%d + %d + %d != %d past", h.Held, h.Skipped, h.Unlogged, h.Past)
			}
		})
	}
}

// TestDatesOutsideTheProgramme: a series running past the programme, a
// move months past its end and a future session logged as held are
// refused, each naming the date (issue 14, bug 7).
func TestDatesOutsideTheProgramme(t *testing.T) {
	p := fixture.Plain() // 4 Jan to 30 Jun 2027
	c := fixture.Weekly(p)
	if fe := mentoring.CheckInProgramme(p, c); fe != nil {
		t.Fatalf("the programme's own series: %v", fe)
	}
	c.Until = calendar.Date{Year: 2027, Month: 9, Day: 30}
	if fe := mentoring.CheckInProgramme(p, c); fe == nil || fe.Code != mentoring.CodeAfterProgramme || fe.Field != "until" ||
		fe.Args["Date"] != (calendar.Date{Year: 2027, Month: 9, Day: 27}) {
		t.Errorf("series to September: %v", fe)
	}
	c = fixture.Weekly(p)
	c.From = calendar.Date{Year: 2026, Month: 12, Day: 1}
	if fe := mentoring.CheckInProgramme(p, c); fe == nil || fe.Code != mentoring.CodeBeforeProgramme {
		t.Errorf("series from December: %v", fe)
	}
	late := fixture.In(t, "Europe/Berlin", 2027, 11, 2, 17)
	if fe := mentoring.CheckSessionTime(p, "moved_to", late); fe == nil || fe.Code != mentoring.CodeAfterProgramme {
		t.Errorf("move to November: %v", fe)
	}
	jan4 := fixture.In(t, "Europe/Berlin", 2027, 1, 4, 17)
	held := mentoring.SessionLog{Original: jan4, Outcome: mentoring.OutcomeHeld}
	if fe := mentoring.CheckLog(p, held, jan4, jan4.Add(-time.Hour)); fe == nil || fe.Code != mentoring.CodeNotYet {
		t.Errorf("held an hour before it starts: %v", fe)
	}
	if fe := mentoring.CheckLog(p, held, jan4, jan4.Add(time.Minute)); fe != nil {
		t.Errorf("held once started: %v", fe)
	}
	skip := mentoring.SessionLog{Original: jan4, Outcome: mentoring.OutcomeSkipped}
	if fe := mentoring.CheckLog(p, skip, jan4, jan4.Add(-48*time.Hour)); fe != nil {
		t.Errorf("a skip planned ahead is fine: %v", fe)
	}
	moved := mentoring.SessionLog{Original: jan4, Outcome: mentoring.OutcomeMoved, MovedTo: late}
	if fe := mentoring.CheckLog(p, moved, jan4, jan4); fe == nil || fe.Field != "moved_to" {
		t.Errorf("moved past the end: %v", fe)
	}
}
