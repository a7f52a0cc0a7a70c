package storage

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/mailtext"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/report"
)

// sessionFixture is the Berlin/New York pair meeting Mondays at 17:00
// Berlin (Jan 4 to Jun 28 2027) with three topics.
type sessionFixture struct {
	s                         *Store
	id                        int64
	social, leadership, reels int64
}

func newSessionFixture(t *testing.T) sessionFixture {
	t.Helper()
	ctx := context.Background()
	f := sessionFixture{s: openTemp(t)}
	f.id = pairWithSchedule(t, f.s)
	add := func(title string, teacher mentoring.Side, st mentoring.TopicStatus) int64 {
		tp := mentoring.Topic{PartnershipID: f.id, Title: title, Teacher: teacher, Status: st}
		id, err := f.s.AddTopic(ctx, &tp)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	f.social = add("Social media", mentoring.SidePartner, mentoring.TopicAgreed)
	f.leadership = add("Leadership", mentoring.SideMe, mentoring.TopicAgreed)
	f.reels = add("Reels", mentoring.SidePartner, mentoring.TopicProposed)
	return f
}

func (f sessionFixture) history(t *testing.T) mentoring.History {
	t.Helper()
	h, err := f.s.History(context.Background(), f.id)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func sessionAt(t *testing.T, h mentoring.History, original time.Time) mentoring.Session {
	t.Helper()
	for _, s := range h.Sessions {
		if s.Original.Equal(original) {
			return s
		}
	}
	t.Fatalf("no session %s", original)
	return mentoring.Session{}
}

func TestLogSessionHeldSkippedMoved(t *testing.T) {
	ctx := context.Background()
	f := newSessionFixture(t)
	jan4, jan11, jan18 := berlin(t, 2027, 1, 4, 17), berlin(t, 2027, 1, 11, 17), berlin(t, 2027, 1, 18, 17)

	// Given an agenda planning two topics and an open action item
	if err := f.s.SetAgendaPlan(ctx, f.id, "Social media, leadership", []int64{f.social, f.leadership}); err != nil {
		t.Fatal(err)
	}
	old := mentoring.ActionItem{PartnershipID: f.id, Text: "Read the handbook", Owner: mentoring.SidePartner}
	if _, err := f.s.AddActionItem(ctx, &old); err != nil {
		t.Fatal(err)
	}
	// When Jan 4 is logged as held, covering one topic, closing the item
	// and raising a new one
	err := f.s.LogSession(ctx, f.id, mentoring.SessionLog{Original: jan4, Outcome: mentoring.OutcomeHeld, Leader: mentoring.SidePartner, Minutes: 50,
		Notes: "Private thoughts", MyReflection: "Learned a lot",
		Covered:    []mentoring.Coverage{{TopicID: f.social, LedBy: mentoring.SidePartner}},
		NewActions: []mentoring.ActionItem{{Text: "Post once a week", Owner: mentoring.SideMe, Due: calendar.Date{Year: 2027, Month: 1, Day: 10}}},
		Closed:     []int64{old.ID}})
	if err != nil {
		t.Fatal(err)
	}
	h := f.history(t)
	s4 := sessionAt(t, h, jan4)
	if s4.Outcome != mentoring.OutcomeHeld || s4.Leader != mentoring.SidePartner || s4.Minutes != 50 || s4.Notes != "Private thoughts" || s4.NotesShared {
		t.Errorf("Jan 4 = %+v", s4)
	}
	if !reflect.DeepEqual(s4.Covered, []mentoring.Coverage{{TopicID: f.social, LedBy: mentoring.SidePartner}}) {
		t.Errorf("covered = %+v", s4.Covered)
	}
	if !reflect.DeepEqual(s4.PlannedTopics, []int64{f.social, f.leadership}) {
		t.Errorf("planned = %v, want the agenda's topics", s4.PlannedTopics)
	}
	if tp, _ := h.Topic(f.social); tp.Status != mentoring.TopicInProgress {
		t.Errorf("covered agreed topic is %q, want in progress", tp.Status)
	}
	if tp, _ := h.Topic(f.leadership); tp.Status != mentoring.TopicAgreed {
		t.Errorf("uncovered topic is %q, want unchanged", tp.Status)
	}
	if len(h.Actions) != 2 || h.Actions[0].Text != "Post once a week" || !h.Actions[0].RaisedIn.Equal(jan4) || h.Actions[0].Done {
		t.Fatalf("actions = %+v", h.Actions)
	}
	if a := h.Actions[1]; !a.Done || !a.DoneIn.Equal(jan4) {
		t.Errorf("closed item = %+v", a)
	}

	// Skipping Jan 11 puts an EXDATE in the series; moving Jan 18 an override.
	if err := f.s.LogSession(ctx, f.id, mentoring.SessionLog{Original: jan11, Outcome: mentoring.OutcomeSkipped, Notes: "Ben ill"}); err != nil {
		t.Fatal(err)
	}
	moved := berlin(t, 2027, 1, 19, 18)
	if err := f.s.LogSession(ctx, f.id, mentoring.SessionLog{Original: jan18, Outcome: mentoring.OutcomeMoved, MovedTo: moved}); err != nil {
		t.Fatal(err)
	}
	exc, _ := f.s.Exceptions(ctx, f.id)
	if len(exc) != 2 || !exc[0].Skipped || !exc[0].Original.Equal(jan11) || exc[1].Skipped || !exc[1].Start.Equal(moved) ||
		exc[1].End.Sub(exc[1].Start) != time.Hour {
		t.Fatalf("exceptions = %+v", exc)
	}
	h = f.history(t)
	if s := sessionAt(t, h, jan11); s.Outcome != mentoring.OutcomeSkipped || s.Notes != "Ben ill" {
		t.Errorf("Jan 11 = %+v", s)
	}
	if s := sessionAt(t, h, jan18); s.Outcome != mentoring.OutcomeMoved || !s.Start.Equal(moved) {
		t.Errorf("Jan 18 = %+v", s)
	}
	// The moved session held later keeps its new time.
	if err := f.s.LogSession(ctx, f.id, mentoring.SessionLog{Original: jan18, Outcome: mentoring.OutcomeHeld, Leader: mentoring.SideMe}); err != nil {
		t.Fatal(err)
	}
	h = f.history(t)
	if s := sessionAt(t, h, jan18); s.Outcome != mentoring.OutcomeHeld || !s.Start.Equal(moved) {
		t.Errorf("Jan 18 held after the move = %+v", s)
	}
	// A skipped session held after all is no longer skipped.
	if err := f.s.LogSession(ctx, f.id, mentoring.SessionLog{Original: jan11, Outcome: mentoring.OutcomeHeld}); err != nil {
		t.Fatal(err)
	}
	if exc, _ := f.s.Exceptions(ctx, f.id); len(exc) != 1 {
		t.Errorf("exceptions after holding the skipped one = %+v", exc)
	}
}

func TestLogSessionIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	f := newSessionFixture(t)
	other := validPair()
	other.Title = "Someone else"
	oid, _ := f.s.CreatePartnership(ctx, &other)
	foreign := mentoring.Topic{PartnershipID: oid, Title: "Not ours", Teacher: mentoring.SideMe, Status: mentoring.TopicAgreed}
	if _, err := f.s.AddTopic(ctx, &foreign); err != nil {
		t.Fatal(err)
	}
	jan4 := berlin(t, 2027, 1, 4, 17)
	before := f.history(t)
	for _, c := range []struct {
		name  string
		log   mentoring.SessionLog
		field string
	}{
		{"another pair's topic", mentoring.SessionLog{Original: jan4, Outcome: mentoring.OutcomeSkipped,
			Covered: []mentoring.Coverage{{TopicID: f.social, LedBy: mentoring.SideMe}, {TopicID: foreign.ID, LedBy: mentoring.SideMe}}}, "covered"},
		{"unknown action to close", mentoring.SessionLog{Original: jan4, Outcome: mentoring.OutcomeSkipped, Closed: []int64{12345}}, "closed"},
		{"unknown action to reopen", mentoring.SessionLog{Original: jan4, Outcome: mentoring.OutcomeSkipped, Reopened: []int64{12345}}, "reopened"},
		{"moved without a time", mentoring.SessionLog{Original: jan4, Outcome: mentoring.OutcomeMoved}, "moved_to"},
		{"unknown outcome", mentoring.SessionLog{Original: jan4, Outcome: "cancelled"}, "outcome"},
		{"bad leader", mentoring.SessionLog{Original: jan4, Outcome: mentoring.OutcomeHeld, Leader: mentoring.SideBoth}, "leader"},
		{"negative minutes", mentoring.SessionLog{Original: jan4, Outcome: mentoring.OutcomeHeld, Minutes: -5}, "minutes"},
		{"invalid UTF-8 notes", mentoring.SessionLog{Original: jan4, Outcome: mentoring.OutcomeHeld, Notes: "\xc3\x28"}, "notes"},
		{"1 MB notes", mentoring.SessionLog{Original: jan4, Outcome: mentoring.OutcomeHeld, Notes: strings.Repeat("é", 1<<19)}, "notes"},
		{"empty action", mentoring.SessionLog{Original: jan4, Outcome: mentoring.OutcomeHeld, NewActions: []mentoring.ActionItem{{Text: " ", Owner: mentoring.SideMe}}}, "action"},
	} {
		err := f.s.LogSession(ctx, f.id, c.log)
		var ve *mentoring.ValidationError
		if !errors.As(err, &ve) || msgFor(ve, c.field) == "" {
			t.Errorf("%s: err = %v, want a validation error on %s", c.name, err, c.field)
		}
		if after := f.history(t); !reflect.DeepEqual(after, before) {
			t.Errorf("%s: a refused log changed the history", c.name)
		}
	}
	if err := f.s.LogSession(ctx, f.id, mentoring.SessionLog{Original: jan4.Add(time.Hour), Outcome: mentoring.OutcomeHeld}); !errors.Is(err, mentoring.ErrNotASession) {
		t.Errorf("a time that is no session: %v, want mentoring.ErrNotASession", err)
	}
}

func TestLoggedSessionSurvivesACadenceChange(t *testing.T) {
	ctx := context.Background()
	f := newSessionFixture(t)
	jan4 := berlin(t, 2027, 1, 4, 17)
	if err := f.s.LogSession(ctx, f.id, mentoring.SessionLog{Original: jan4, Outcome: mentoring.OutcomeHeld, Leader: mentoring.SideMe}); err != nil {
		t.Fatal(err)
	}
	c, _ := f.s.GetSchedule(ctx, f.id)
	c.Days = []time.Weekday{time.Tuesday}
	if err := f.s.SetSchedule(ctx, f.id, c); err != nil {
		t.Fatal(err)
	}
	h := f.history(t)
	s := sessionAt(t, h, jan4)
	if !s.Orphan || s.Outcome != mentoring.OutcomeHeld || s.Length() != time.Hour {
		t.Errorf("Jan 4 after moving the cadence to Tuesdays = %+v, want a held orphan of an hour", s)
	}
	// It can still be edited.
	if err := f.s.LogSession(ctx, f.id, mentoring.SessionLog{Original: jan4, Outcome: mentoring.OutcomeHeld, Leader: mentoring.SidePartner}); err != nil {
		t.Errorf("editing an orphaned log: %v", err)
	}
}

func TestRotationSkipsSkippedSessions(t *testing.T) {
	ctx := context.Background()
	f := newSessionFixture(t)
	p, _ := f.s.GetPartnership(ctx, f.id)
	p.RotateLead, p.FirstLead = true, mentoring.SidePartner
	if err := f.s.UpdatePartnership(ctx, &p); err != nil {
		t.Fatal(err)
	}
	if err := f.s.SkipSession(ctx, f.id, berlin(t, 2027, 1, 11, 17)); err != nil {
		t.Fatal(err)
	}
	h := f.history(t)
	var got []mentoring.Side
	for _, s := range h.Sessions[:4] {
		got = append(got, s.Planned)
	}
	if want := []mentoring.Side{mentoring.SidePartner, "", mentoring.SideMe, mentoring.SidePartner}; !reflect.DeepEqual(got, want) {
		t.Errorf("planned leaders = %q, want %q", got, want)
	}
	p.RotateLead = false
	f.s.UpdatePartnership(ctx, &p)
	if h := f.history(t); h.Sessions[0].Planned != "" {
		t.Errorf("without rotation the planned leader is %q", h.Sessions[0].Planned)
	}
}

func TestHealth(t *testing.T) {
	ctx := context.Background()
	f := newSessionFixture(t)
	at := func(m time.Month, d, h int) time.Time { return berlin(t, 2027, m, d, h) }
	held := func(m time.Month, d int) {
		if err := f.s.LogSession(ctx, f.id, mentoring.SessionLog{Original: at(m, d, 17), Outcome: mentoring.OutcomeHeld}); err != nil {
			t.Fatal(err)
		}
	}
	// Before the first session
	if h := f.history(t).Health(at(1, 1, 9)); h.Past != 0 || !h.Next.Equal(at(1, 4, 17)) ||
		!strings.HasPrefix(report.HealthText(h, berlinZone), "First session Mon 4 Jan 17:00.") {
		t.Errorf("before the start: %+v", h)
	}
	held(1, 4)
	held(1, 11)
	if h := f.history(t).Health(at(1, 12, 9)); h.Missed != 0 || h.Warning || !strings.HasPrefix(report.HealthText(h, berlinZone), "On track: 2 of 2 sessions held.") {
		t.Errorf("after two held: %+v", h)
	}
	// Jan 18 not logged, Jan 25 skipped.
	if err := f.s.SkipSession(ctx, f.id, at(1, 25, 17)); err != nil {
		t.Fatal(err)
	}
	h := f.history(t).Health(at(1, 26, 9))
	if h.Missed != 2 || h.Skipped != 1 || h.Unlogged != 1 || !h.Warning || !h.MissedSince.Equal(at(1, 18, 17)) {
		t.Errorf("after two missed: %+v", h)
	}
	if want := "Not logged yet: 1 session since Jan 18 (2 of 4 held, 1 skipped, 1 not logged). The programme ends on 30 Jun 2027 (in 23 weeks, 22 sessions to go)."; report.HealthText(h, berlinZone) != want {
		t.Errorf("text = %q\nwant   %q", report.HealthText(h, berlinZone), want)
	}
	// Holding the next one resets the run of misses.
	held(2, 1)
	if h := f.history(t).Health(at(2, 2, 9)); h.Missed != 0 || h.Held != 3 || h.Past != 5 ||
		!strings.HasPrefix(report.HealthText(h, berlinZone), "Back on track: the last session was held (3 of 5 held, 1 skipped, 1 not logged).") {
		t.Errorf("after holding again: %+v", h)
	}
	if h := f.history(t).Health(at(7, 2, 9)); !h.Ended || !strings.Contains(report.HealthText(h, berlinZone), "The programme ended on 30 Jun 2027.") {
		t.Errorf("after the end: %+v", h)
	}
}

func TestReciprocityAndHint(t *testing.T) {
	ctx := context.Background()
	f := newSessionFixture(t)
	jan4, jan11 := berlin(t, 2027, 1, 4, 17), berlin(t, 2027, 1, 11, 17)
	if r := f.history(t).Reciprocity(); !math.IsNaN(r.MeShare) || r.OneWay {
		t.Errorf("nothing held: %+v", r)
	}
	// 60 min of a session Ana led; then 60 min logged without a leader,
	// split by who led each part: a shared topic (30: 15 each) and Ben's
	// social media (30). (A session with a leader counts wholly for them,
	// so the balance never contradicts "Led by".)
	f.s.LogSession(ctx, f.id, mentoring.SessionLog{Original: jan4, Outcome: mentoring.OutcomeHeld, Leader: mentoring.SideMe,
		Covered: []mentoring.Coverage{{TopicID: f.leadership, LedBy: mentoring.SideMe}}})
	r := f.history(t).Reciprocity()
	if !strings.HasPrefix(report.HintText(validPair(), r), "Early days") {
		t.Errorf("hint after 60 minutes = %q, want it to wait", report.HintText(validPair(), r))
	}
	f.s.LogSession(ctx, f.id, mentoring.SessionLog{Original: jan11, Outcome: mentoring.OutcomeHeld,
		Covered: []mentoring.Coverage{{TopicID: f.leadership, LedBy: mentoring.SideBoth}, {TopicID: f.social, LedBy: mentoring.SidePartner}}})
	r = f.history(t).Reciprocity()
	if r.MeMinutes != 75 || r.PartnerMinutes != 45 || r.MeSessions != 1 || r.PartnerSessions != 0 {
		t.Errorf("minutes %v/%v, sessions %d/%d", r.MeMinutes, r.PartnerMinutes, r.MeSessions, r.PartnerSessions)
	}
	if r.MeTopics != 1 || r.PartnerTopics != 2 || r.OneWay {
		t.Errorf("topics %d/%d one-way %v: %s", r.MeTopics, r.PartnerTopics, r.OneWay, report.HintText(validPair(), r))
	}
	// A third session of Ana alone makes it one-way: 135 of 180 minutes.
	f.s.LogSession(ctx, f.id, mentoring.SessionLog{Original: berlin(t, 2027, 1, 18, 17), Outcome: mentoring.OutcomeHeld, Leader: mentoring.SideMe})
	r = f.history(t).Reciprocity()
	if !r.OneWay || r.MeShare != 135.0/180 {
		t.Fatalf("after three: %+v", r)
	}
	if want := `Ana has led 75% of the time so far. Perhaps Ben leads the next session, on "Social media".`; report.HintText(validPair(), r) != want {
		t.Errorf("hint = %q\nwant   %q", report.HintText(validPair(), r), want)
	}
}

func TestDraftAgenda(t *testing.T) {
	ctx := context.Background()
	f := newSessionFixture(t)
	p, _ := f.s.GetPartnership(ctx, f.id)
	p.RotateLead = true
	f.s.UpdatePartnership(ctx, &p)
	jan4 := berlin(t, 2027, 1, 4, 17)
	// Nothing started yet: the next agreed topics.
	d := f.history(t).DraftAgenda(berlin(t, 2027, 1, 1, 9))
	if want := "Ana leads this session.\n\nNext up:\n- Social media (Ben teaches Ana)\n- Leadership (Ana teaches Ben)"; mailtext.Agenda(validPair(), d) != want {
		t.Errorf("first draft = %q\nwant %q", mailtext.Agenda(validPair(), d), want)
	}
	if err := f.s.SetAgendaPlan(ctx, f.id, mailtext.Agenda(validPair(), d), d.Topics); err != nil {
		t.Fatal(err)
	}
	// Jan 4 covers only social media and raises an action item.
	err := f.s.LogSession(ctx, f.id, mentoring.SessionLog{Original: jan4, Outcome: mentoring.OutcomeHeld,
		Covered:    []mentoring.Coverage{{TopicID: f.social, LedBy: mentoring.SidePartner}},
		NewActions: []mentoring.ActionItem{{Text: "Draft a post", Owner: mentoring.SideMe, Due: calendar.Date{Year: 2027, Month: 1, Day: 9}}}})
	if err != nil {
		t.Fatal(err)
	}
	d = f.history(t).DraftAgenda(berlin(t, 2027, 1, 5, 9))
	want := "Ben leads this session.\n\nCarried over from last time:\n- Leadership (Ana teaches Ben)\n\n" +
		"In progress:\n- Social media (Ben teaches Ana)\n\nOpen action items:\n- Ana: Draft a post (due 9 Jan)"
	if mailtext.Agenda(validPair(), d) != want {
		t.Errorf("draft = %q\nwant    %q", mailtext.Agenda(validPair(), d), want)
	}
	if !reflect.DeepEqual(d.Topics, []int64{f.leadership, f.social}) || d.Leader != mentoring.SidePartner || !d.Next.Equal(berlin(t, 2027, 1, 11, 17)) {
		t.Errorf("draft plan = %+v", d)
	}
	if msg := mentoring.CheckAgenda(mailtext.Agenda(validPair(), d)); msg != nil {
		t.Errorf("the draft is not a valid agenda: %s", msg)
	}
	// Notes from the last session join the draft only when shared.
	log := mentoring.SessionLog{Original: jan4, Outcome: mentoring.OutcomeHeld, Notes: "Ana's team liked the reel",
		Covered: []mentoring.Coverage{{TopicID: f.social, LedBy: mentoring.SidePartner}}}
	f.s.LogSession(ctx, f.id, log)
	if d := f.history(t).DraftAgenda(berlin(t, 2027, 1, 5, 9)); strings.Contains(mailtext.Agenda(validPair(), d), "liked the reel") {
		t.Errorf("a private note went into the draft:\n%s", mailtext.Agenda(validPair(), d))
	}
	log.NotesShared = true
	f.s.LogSession(ctx, f.id, log)
	if d := f.history(t).DraftAgenda(berlin(t, 2027, 1, 5, 9)); !strings.Contains(mailtext.Agenda(validPair(), d), "Ben leads this session.\n\nFrom last time (4 Jan):\nAna's team liked the reel\n\nCarried over") {
		t.Errorf("shared notes missing from the draft:\n%s", mailtext.Agenda(validPair(), d))
	}
}

func TestExportMarkdownAndCSV(t *testing.T) {
	ctx := context.Background()
	f := newSessionFixture(t)
	jan4, jan11 := berlin(t, 2027, 1, 4, 17), berlin(t, 2027, 1, 11, 17)
	tp, _ := f.s.GetTopic(ctx, f.social)
	tp.Title, tp.Resources = "Social *media* | reels", []string{"https://example.com/a"}
	if err := f.s.UpdateTopic(ctx, &tp); err != nil {
		t.Fatal(err)
	}
	f.s.LogSession(ctx, f.id, mentoring.SessionLog{Original: jan4, Outcome: mentoring.OutcomeHeld, Leader: mentoring.SidePartner,
		Notes: "Shared summary\n# not a heading", NotesShared: true, PartnerReflection: "Fun", MyReflection: "+1, great",
		Covered: []mentoring.Coverage{{TopicID: f.social, LedBy: mentoring.SidePartner}}, NewActions: []mentoring.ActionItem{{Text: "=HYPERLINK(\"x\")", Owner: mentoring.SideMe}}})
	f.s.LogSession(ctx, f.id, mentoring.SessionLog{Original: jan11, Outcome: mentoring.OutcomeSkipped, Notes: "secret reason"})
	h := f.history(t)
	now := berlin(t, 2027, 1, 12, 9)

	md := report.Markdown(h, report.ExportOptions{Now: now})
	for _, want := range []string{"# Ana & Ben\n", "| Social \\*media\\* \\| reels | Ben teaches Ana | In progress | https://example.com/a |",
		"### Mon 4 Jan 2027, 17:00 CET: held", "Led by Ben.", "- Social \\*media\\* | reels (led by Ben)",
		"> Shared summary\n> # not a heading", "Ben reflects:\n\n> Fun", "### Mon 11 Jan 2027, 17:00 CET: skipped",
		"- [ ] Ana: =HYPERLINK(\"x\")", "| Minutes led | 0 | 60 |", "- What we share stays between us"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	if strings.Contains(md, "secret reason") {
		t.Error("markdown shares a private note")
	}
	if md := report.Markdown(h, report.ExportOptions{Now: now, Private: true}); !strings.Contains(md, "Private notes:\n\n> secret reason") {
		t.Error("markdown with private notes lacks them")
	}

	var buf bytes.Buffer
	if err := report.WriteCSV(&buf, h, report.ExportOptions{Now: now}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || !reflect.DeepEqual(recs[0], report.CSVHeader) {
		t.Fatalf("csv has %d records: %q", len(recs), recs)
	}
	col := func(rec []string, name string) string {
		for i, h := range report.CSVHeader {
			if h == name {
				return rec[i]
			}
		}
		t.Fatalf("no column %s", name)
		return ""
	}
	if col(recs[1], "start_utc") != "2027-01-04T16:00:00Z" || col(recs[1], "partner_local") != "2027-01-04 11:00" ||
		col(recs[1], "outcome") != "held" || col(recs[1], "minutes") != "60" || col(recs[1], "notes") != "Shared summary\n# not a heading" {
		t.Errorf("row 1 = %q", recs[1])
	}
	if got := col(recs[1], "action_items"); got != `[ ] Ana: =HYPERLINK("x")` {
		t.Errorf("action items cell = %q", got)
	}
	if got := col(recs[1], "my_reflection"); got != "'+1, great" {
		t.Errorf("a cell starting with + = %q, want it quoted against formula injection", got)
	}
	if col(recs[2], "outcome") != "skipped" || col(recs[2], "notes") != "" {
		t.Errorf("row 2 = %q: want skipped with the private note left out", recs[2])
	}
}

// berlinZone is the fixture's "me" zone, in which the words give dates.
var berlinZone = mentoring.ZoneOrUTC("Europe/Berlin")

// TestLogSessionReopensUntickedItems: an item a session closed and the
// user unticks is open again, in the log's own transaction.
func TestLogSessionReopensUntickedItems(t *testing.T) {
	ctx := context.Background()
	f := newSessionFixture(t)
	jan4 := berlin(t, 2027, 1, 4, 17)
	item := mentoring.ActionItem{PartnershipID: f.id, Text: "Read the handbook", Owner: mentoring.SidePartner}
	aid, err := f.s.AddActionItem(ctx, &item)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.s.LogSession(ctx, f.id, mentoring.SessionLog{Original: jan4, Outcome: mentoring.OutcomeHeld, Closed: []int64{aid}}); err != nil {
		t.Fatal(err)
	}
	if h := f.history(t); len(h.OpenActions()) != 0 {
		t.Fatalf("closed item still open: %+v", h.Actions)
	}
	if err := f.s.LogSession(ctx, f.id, mentoring.SessionLog{Original: jan4, Outcome: mentoring.OutcomeHeld, Reopened: []int64{aid}}); err != nil {
		t.Fatal(err)
	}
	if open := f.history(t).OpenActions(); len(open) != 1 || open[0].ID != aid || !open[0].DoneIn.IsZero() {
		t.Errorf("after unticking: open %+v", open)
	}
}
