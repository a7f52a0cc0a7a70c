package mentoring_test

import (
	"testing"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/calendar/ics"
	"github.com/twoway-app/twoway/internal/fixture"
	"github.com/twoway-app/twoway/internal/mentoring"
)

// history is the fixture's pair with cadence c, exceptions exc and the
// sessions whose original starts are in logged marked logged.
func history(t *testing.T, c calendar.Cadence, exc []mentoring.Exception, logged ...time.Time) mentoring.History {
	t.Helper()
	p := fixture.Pair()
	p.ID = 1
	me, partner, err := p.People()
	if err != nil {
		t.Fatal(err)
	}
	occs, err := c.Expand(c.AnchorZone(me.Zone, partner.Zone))
	if err != nil {
		t.Fatal(err)
	}
	logs := map[string]mentoring.Session{}
	for _, l := range logged {
		logs[mentoring.SessionKey(l)] = mentoring.Session{Original: l, Logged: true, Outcome: mentoring.OutcomeHeld}
	}
	return mentoring.History{Partnership: p, Cadence: &c, Sessions: mentoring.MergeSessions(p, occs, exc, logs)}
}

func TestRemindersFollowTheScheduleAcrossClockChanges(t *testing.T) {
	// Mondays 17:00 Berlin. Europe moves its clocks on 28 Mar 2027, the
	// US on 14 Mar: between the two the session is 12:00 in New York, not 11:00.
	c := fixture.Weekly(fixture.Pair())
	c.From, c.Until = calendar.Date{Year: 2027, Month: 3, Day: 8}, calendar.Date{Year: 2027, Month: 4, Day: 5}
	berlin := func(m time.Month, d, h, min int) time.Time {
		return time.Date(2027, m, d, h, min, 0, 0, fixture.In(t, "Europe/Berlin", 2027, 1, 1, 0).Location())
	}
	moved := berlin(3, 22, 17, 0)
	exc := []mentoring.Exception{
		{Original: berlin(3, 29, 17, 0), Skipped: true},
		{Original: moved, Start: berlin(3, 23, 9, 30), End: berlin(3, 23, 10, 30)},
	}
	h := history(t, c, exc, berlin(3, 8, 17, 0))
	tests := []struct {
		name string
		now  time.Time
		want []mentoring.ReminderKind
		at   []time.Time
	}{
		{"ten minutes before, in the US summer-time gap", berlin(3, 15, 16, 50), []mentoring.ReminderKind{mentoring.RemindStart}, []time.Time{berlin(3, 15, 16, 50)}},
		{"nine minutes before the moved session, on its new day", berlin(3, 23, 9, 21), []mentoring.ReminderKind{mentoring.RemindLog, mentoring.RemindStart}, []time.Time{berlin(3, 15, 18, 0), berlin(3, 23, 9, 20)}},
		{"not on the moved session's old day", berlin(3, 22, 16, 55), []mentoring.ReminderKind{mentoring.RemindLog}, []time.Time{berlin(3, 15, 18, 0)}},
		{"never for the skipped session", berlin(3, 29, 16, 55), []mentoring.ReminderKind{mentoring.RemindLog, mentoring.RemindLog}, []time.Time{berlin(3, 15, 18, 0), berlin(3, 23, 10, 30)}},
		{"after European summer time, still 17:00 in Berlin; a log prompt over two weeks old is dropped", berlin(4, 5, 16, 52),
			[]mentoring.ReminderKind{mentoring.RemindLog, mentoring.RemindStart}, []time.Time{berlin(3, 23, 10, 30), berlin(4, 5, 16, 50)}},
		{"a missed start reminder is not shown for a session already over", berlin(3, 15, 18, 30), []mentoring.ReminderKind{mentoring.RemindLog}, []time.Time{berlin(3, 15, 18, 0)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mentoring.Reminders(h, 10*time.Minute, tt.now, nil)
			if len(got) != len(tt.want) {
				t.Fatalf("reminders %+v, want kinds %v", got, tt.want)
			}
			for i := range got {
				if got[i].Kind != tt.want[i] || !got[i].At.Equal(tt.at[i]) {
					t.Errorf("reminder %d: %s at %v, want %s at %v", i, got[i].Kind, got[i].At, tt.want[i], tt.at[i])
				}
			}
		})
	}
	// Shown once: a reminder already shown (even before a restart) is not due again
	now := berlin(3, 15, 16, 55)
	first := mentoring.Reminders(h, 10*time.Minute, now, nil)
	if again := mentoring.Reminders(h, 10*time.Minute, now, map[string]bool{first[0].Key(): true}); len(again) != 0 {
		t.Errorf("a shown reminder came back: %+v", again)
	}
	// Off: no start reminders, the log prompt stays
	if off := mentoring.Reminders(h, 0, berlin(3, 15, 16, 55), nil); len(off) != 0 {
		t.Errorf("reminders off, before any session ended: %+v", off)
	}
	// The next wake-up is the next reminder, in the New York summer-time gap
	if next := mentoring.NextReminder(h, 10*time.Minute, berlin(3, 10, 12, 0)); !next.Equal(berlin(3, 15, 16, 50)) {
		t.Errorf("next reminder %v", next)
	}
	if ny := berlin(3, 15, 17, 0).In(fixture.In(t, "America/New_York", 2027, 1, 1, 0).Location()); ny.Hour() != 12 {
		t.Errorf("the US gap: the session is at %v in New York", ny)
	}
}

func TestThisWeek(t *testing.T) {
	c := fixture.Weekly(fixture.Pair())
	h := history(t, c, nil, fixture.In(t, "Europe/Berlin", 2027, 1, 4, 17))
	h.Partnership.Agenda = "1. Reels"
	h.Actions = []mentoring.ActionItem{
		{ID: 7, Text: "Post once", Owner: mentoring.SideMe, Due: calendar.Date{Year: 2027, Month: 1, Day: 28}},
		{ID: 8, Text: "Ben's task", Owner: mentoring.SidePartner, Due: calendar.Date{Year: 2027, Month: 1, Day: 27}},
		{ID: 9, Text: "Done already", Owner: mentoring.SideMe, Done: true, Due: calendar.Date{Year: 2027, Month: 1, Day: 27}},
		{ID: 10, Text: "Later", Owner: mentoring.SideMe, Due: calendar.Date{Year: 2027, Month: 3, Day: 1}},
	}
	now := fixture.In(t, "Europe/Berlin", 2027, 1, 26, 9)
	in := mentoring.WeekInput{History: h,
		Invite:    mentoring.InviteState{Sent: true, SentAt: now.AddDate(0, 0, -30)},
		Responses: []mentoring.Response{{ID: 3, Method: ics.MethodCounter, State: mentoring.ResponseOpen, Received: now.AddDate(0, 0, -40)}}} // about an earlier invite
	w := mentoring.ThisWeek([]mentoring.WeekInput{in}, now, 7)
	if len(w.Sessions) != 1 || !w.Sessions[0].Start.Equal(fixture.In(t, "Europe/Berlin", 2027, 2, 1, 17)) || !w.Sessions[0].AgendaSet {
		t.Fatalf("sessions %+v", w.Sessions)
	}
	kinds := map[mentoring.TodoKind]int{}
	for _, td := range w.Todos {
		kinds[td.Kind]++
	}
	// To log: 18 and 25 Jan (11 Jan is over two weeks ago); the counter; action 7; no answer for 30 days; a run of 3 unlogged
	want := map[mentoring.TodoKind]int{mentoring.TodoLog: 2, mentoring.TodoCounter: 1, mentoring.TodoAction: 1,
		mentoring.TodoNoAnswer: 1, mentoring.TodoUnlogged: 1}
	for k, n := range want {
		if kinds[k] != n {
			t.Errorf("%s: %d, want %d (todos %+v)", k, kinds[k], n, w.Todos)
		}
	}
	// An answered invite is no nudge: a counter-proposal since is an answer, so is a reply
	in.Responses[0].Received = in.Invite.SentAt.Add(time.Hour)
	for _, td := range mentoring.ThisWeek([]mentoring.WeekInput{in}, now, 7).Todos {
		if td.Kind == mentoring.TodoNoAnswer {
			t.Errorf("nudged about an invite answered by a counter-proposal")
		}
	}
	in.Responses = nil
	in.Invite.PartStat = ics.PartStatAccepted
	for _, td := range mentoring.ThisWeek([]mentoring.WeekInput{in}, now, 7).Todos {
		if td.Kind == mentoring.TodoNoAnswer {
			t.Errorf("nudged about an answered invite")
		}
	}
}
