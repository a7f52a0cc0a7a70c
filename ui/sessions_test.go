package ui

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/twoway-app/twoway/internal/fixture"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/storage"
)

// loggedPair stores Ana & Ben meeting Mondays 17:00 Berlin from Jan 4 2027
// with two topics, and returns the topic ids.
func loggedPair(t *testing.T, store *storage.Store) (mentoring.Partnership, int64, int64) {
	t.Helper()
	ctx := context.Background()
	p := berlinNewYork()
	p.RotateLead = true
	if _, err := store.CreatePartnership(ctx, &p); err != nil {
		t.Fatal(err)
	}
	c := fixture.Weekly(p)
	if err := store.SetSchedule(ctx, p.ID, c); err != nil {
		t.Fatal(err)
	}
	social := mentoring.Topic{PartnershipID: p.ID, Title: "Social media", Teacher: mentoring.SidePartner, Status: mentoring.TopicAgreed}
	lead := mentoring.Topic{PartnershipID: p.ID, Title: "Leadership", Teacher: mentoring.SideMe, Status: mentoring.TopicAgreed}
	store.AddTopic(ctx, &social)
	store.AddTopic(ctx, &lead)
	return p, social.ID, lead.ID
}

func TestLogSessionFromTheSessionsTab(t *testing.T) {
	u, store, _ := newTestUI(t)
	ctx := context.Background()
	p, social, _ := loggedPair(t, store)
	u.Start()
	u.showTab(tabSessions)
	s := u.detail.sessions
	// The test clock is Sat 20 Mar 2027: 11 Mondays have passed, none logged.
	if want := "Not logged yet: 11 sessions since 4 Jan (0 of 11 held, 11 not logged)."; !strings.HasPrefix(s.health.Text, want) {
		t.Errorf("health = %q, want it to start %q", s.health.Text, want)
	}
	if !strings.Contains(labelsIn(u.detail.overview), "Not logged yet: 11 sessions since 4 Jan") {
		t.Error("the Overview does not show the cadence health")
	}
	// The list starts at the latest session that has started (the 11th),
	// with the planned ones below it.
	if n := s.list.Length(); n <= 11 {
		t.Fatalf("%d sessions listed", n)
	}
	row := s.list.CreateItem().MinSize().Height + theme.Padding()
	if got, want := s.list.GetScrollOffset(), 10*row; math.Abs(float64(got-want)) > 0.5 {
		t.Errorf("scrolled to %.1f, want the 11th session on top at %.1f", got, want)
	}

	// Ctrl+L's action opens the latest session, Mon 15 Mar.
	u.logSession()
	mar15 := time.Date(2027, 3, 15, 16, 0, 0, 0, time.UTC)
	if u.detail.tabs.SelectedIndex() != tabSessions || !s.current.Original.Equal(mar15) {
		t.Fatalf("Log Session opened tab %d, session %s", u.detail.tabs.SelectedIndex(), s.current.Original)
	}
	if !strings.Contains(s.heading.Text, "Mon 15 Mar 2027, 17:00 CET for Ana, Mon 15 Mar 12:00 EDT for Ben") {
		t.Errorf("heading = %q", s.heading.Text)
	}
	// The rotation (Ana first; this is the 11th session) proposes Ana.
	if s.leader.Selected != "Ana" {
		t.Errorf("proposed leader = %q, want Ana", s.leader.Selected)
	}
	s.leader.SetSelected("Ben")
	// Record: held, 45 minutes, social media led by Ben, a shared note,
	// a new action item for Ana.
	s.outcome.SetSelected(choiceHeld)
	test.Type(s.minutes, "45")
	if len(s.coverChecks) != 2 {
		t.Fatalf("topics offered = %d", len(s.coverChecks))
	}
	s.coverChecks[0].SetChecked(true)
	test.Type(s.notes, "We tried Reels")
	s.shared.SetChecked(true)
	test.Type(s.myRefl, "Less scary than I thought")
	test.Type(s.newText, "Post one Reel")
	s.newOwner.SetSelected("Ana")
	test.Tap(s.save) // typed but not added: the item is not stored yet
	h, _ := store.History(ctx, p.ID)
	got := h.Sessions[10]
	if got.Outcome != mentoring.OutcomeHeld || got.Minutes != 45 || got.Leader != mentoring.SidePartner || !got.NotesShared ||
		got.MyReflection != "Less scary than I thought" ||
		!reflect.DeepEqual(got.Covered, []mentoring.Coverage{{TopicID: social, LedBy: mentoring.SidePartner}}) {
		t.Errorf("stored session = %+v", got)
	}
	if tp, _ := h.Topic(social); tp.Status != mentoring.TopicInProgress {
		t.Errorf("covered topic status = %q", tp.Status)
	}
	if h, _ := store.History(ctx, p.ID); len(h.Actions) != 0 {
		t.Errorf("an item typed but not added was stored: %+v", h.Actions)
	}
	if !strings.HasPrefix(s.health.Text, "Back on track: the last session was held (1 of 11 held, 10 not logged).") {
		t.Errorf("health after logging = %q", s.health.Text)
	}

	// Adding the action item, then saving again, stores it raised in this session.
	s.onAddAction()
	if !strings.Contains(labelsIn(s.pending), "New: Ana: Post one Reel") {
		t.Errorf("pending = %q", labelsIn(s.pending))
	}
	test.Tap(s.save)
	h, _ = store.History(ctx, p.ID)
	if len(h.Actions) != 1 || h.Actions[0].Text != "Post one Reel" || !h.Actions[0].RaisedIn.Equal(mar15) {
		t.Fatalf("actions = %+v", h.Actions)
	}

	// Skipping a future session with a bad "minutes" value is refused and stores nothing.
	s.list.Select(11)
	before, _ := store.History(ctx, p.ID)
	s.outcome.SetSelected(choiceSkipped)
	s.minutes.SetText("lots")
	test.Tap(s.save)
	// the message sits under Minutes, not at the foot of the form
	if !strings.Contains(s.problems.text("minutes"), "Minutes") || s.errs.Visible() {
		t.Errorf("minutes note %q, general %q", s.problems.text("minutes"), s.errs.Text)
	}
	if after, _ := store.History(ctx, p.ID); !reflect.DeepEqual(after, before) {
		t.Error("a refused log changed the history")
	}
	s.minutes.SetText("")
	test.Tap(s.save)
	if exc, _ := store.Exceptions(ctx, p.ID); len(exc) != 1 || !exc[0].Skipped {
		t.Errorf("exceptions after skipping = %+v", exc)
	}

	// The agenda draft in the Invites tab carries the open item and the
	// topic in progress; saving it plans that topic.
	inv := u.detail.invites
	test.Tap(inv.draftAgenda)
	for _, want := range []string{"In progress:\n- Social media (Ben teaches Ana)", "Open action items:\n- Ana: Post one Reel"} {
		if !strings.Contains(inv.agenda.Text, want) {
			t.Errorf("draft lacks %q:\n%s", want, inv.agenda.Text)
		}
	}
	test.Tap(inv.saveAgenda)
	if ids, _ := store.AgendaTopics(ctx, p.ID); !reflect.DeepEqual(ids, []int64{social}) {
		t.Errorf("agenda topics = %v", ids)
	}
}

func TestExportBytes(t *testing.T) {
	u, store, _ := newTestUI(t)
	ctx := context.Background()
	p, social, _ := loggedPair(t, store)
	jan4 := time.Date(2027, 1, 4, 16, 0, 0, 0, time.UTC)
	store.LogSession(ctx, p.ID, mentoring.SessionLog{Original: jan4, Outcome: mentoring.OutcomeHeld, Notes: "private", Leader: mentoring.SideMe,
		Covered: []mentoring.Coverage{{TopicID: social, LedBy: mentoring.SidePartner}}})
	now := time.Date(2027, 1, 12, 0, 0, 0, 0, time.UTC)
	md, err := u.exportBytes(p.ID, ".md", false, now)
	if err != nil || !strings.Contains(string(md), "### Mon 4 Jan 2027, 17:00 CET: held") || strings.Contains(string(md), "private") {
		t.Errorf("markdown (%v):\n%s", err, md)
	}
	data, err := u.exportBytes(p.ID, ".csv", true, now)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil || len(recs) != 3 || recs[1][4] != "held" || recs[2][4] != "not logged" || !strings.Contains(strings.Join(recs[1], ","), "private") {
		t.Errorf("csv (%v): %q", err, recs)
	}
	if safeFileName(` a/b:c*? `) != "a-b-c--" {
		t.Errorf("safeFileName = %q", safeFileName(` a/b:c*? `))
	}
}

// TestFutureSessionCannotBeLoggedAsHeld: the log refuses "held" for a
// session still to come and says why (issue 14, bug 7).
func TestFutureSessionCannotBeLoggedAsHeld(t *testing.T) {
	u, store, _ := newTestUI(t)
	id := fixture.Scheduled(t, store)
	u.reload(id)
	u.showTab(tabSessions)
	s := u.detail.sessions
	last := len(s.h.Sessions) - 1 // 28 Jun 2027; the test clock is 20 Mar
	s.list.Select(last)
	s.outcome.SetSelected(lang.L(choiceHeld))
	s.onSave()
	if got := s.problems.text("outcome"); !strings.Contains(got, "has not taken place yet") {
		t.Fatalf("under What happened: %q (general %q)", got, s.errs.Text)
	}
	if h, _ := store.History(context.Background(), id); h.Sessions[last].Logged {
		t.Error("the future session was logged")
	}
}
