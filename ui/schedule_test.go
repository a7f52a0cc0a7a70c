package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/fixture"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/storage"
)

// berlinNewYork is the shared fixture's plain partnership.
func berlinNewYork() mentoring.Partnership { return fixture.Plain() }

func TestScheduleSuggestEditSave(t *testing.T) {
	u, store, _ := newTestUI(t)
	ctx := context.Background()
	p := berlinNewYork()
	store.CreatePartnership(ctx, &p)
	u.Start()
	s := u.detail.schedule

	// Given a partnership without a schedule, a weekly suggestion at a slot
	// that suits both is offered for the whole programme, not yet saved
	if _, err := store.GetSchedule(ctx, p.ID); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("schedule stored before saving: %v", err)
	}
	if !strings.Contains(s.saved.Text, "suggestion") || len(s.checks) == 0 {
		t.Fatalf("no suggestion: %q, %d sessions", s.saved.Text, len(s.checks))
	}
	for _, ch := range s.checks {
		if !ch.SuitsBoth() {
			t.Fatalf("suggested session %s does not suit both", ch.Start)
		}
	}
	if !strings.Contains(s.summary.Text, "suit both") || len(s.slots) == 0 {
		t.Errorf("summary %q, %d slots", s.summary.Text, len(s.slots))
	}

	// When the user picks Monday 17:00 Berlin
	for i := range s.days {
		s.days[i].SetChecked(i == 0)
	}
	s.at.SetText("17:00")
	// Then 26 sessions are listed, and Ben's two US-only summer-time weeks flagged
	if len(s.checks) != 26 {
		t.Fatalf("%d sessions, want 26", len(s.checks))
	}
	if !strings.Contains(s.drift.Text, "15 Mar, 22 Mar") || !strings.Contains(s.drift.Text, "Ben") {
		t.Errorf("drift = %q", s.drift.Text)
	}
	row := newSessionRow()
	s.updateSessionRow(10, row) // Mar 15
	if txt := labelsIn(row); !strings.Contains(txt, "12:00-13:00 Ben") || !strings.Contains(txt, "Ben's time changes to 12:00 (+1h) from this session") {
		t.Errorf("Mar 15 row = %q", txt)
	}
	// The note marks where Ben's time changes: not again on Mar 22, back on Mar 29
	for i, want := range map[int]string{11: "", 12: "Ben's time changes to 11:00 (-1h)"} {
		s.updateSessionRow(i, row)
		txt := labelsIn(row)
		if want == "" && strings.Contains(txt, "changes") || want != "" && !strings.Contains(txt, want) {
			t.Errorf("row %d = %q, want %q", i, txt, want)
		}
	}

	// When an impossible time is typed, it says so and cannot be saved
	s.at.SetText("25:00")
	// the message sits under At, cleared once the time is fixed
	if !strings.Contains(s.problems.text("at"), "hours run 00-23") || s.problem.Visible() || !s.save.Disabled() {
		t.Errorf("bad time: under At %q, general %q, save disabled %v", s.problems.text("at"), s.problem.Text, s.save.Disabled())
	}
	s.at.SetText("17:00")
	if s.problems.shown() != "" {
		t.Errorf("after fixing the time: %q", s.problems.shown())
	}

	// When anchored in Ben's zone, the consequence is spelled out
	s.anchor.SetSelected(s.anchor.Options[1])
	if !strings.Contains(s.anchorNote.Text, "same time on Ben's clock; Ana's time moves") {
		t.Errorf("anchor note %q", s.anchorNote.Text)
	}
	// And saving stores exactly what is shown
	test.Tap(s.save)
	got, err := store.GetSchedule(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Anchor != calendar.AnchorPartner || got.At != 17*60 || len(got.Days) != 1 || got.Days[0] != time.Monday || got.Until != p.Until {
		t.Errorf("stored %+v", got)
	}
	if s.saved.Text != "Saved." {
		t.Errorf("saved label %q", s.saved.Text)
	}
}

func TestScheduleUseSlotAndMonthly(t *testing.T) {
	u, store, _ := newTestUI(t)
	ctx := context.Background()
	p := berlinNewYork()
	store.CreatePartnership(ctx, &p)
	c := calendar.Cadence{Unit: calendar.Monthly, Interval: 1, Nth: calendar.LastOfMonth, Days: []time.Weekday{time.Friday},
		At: 16 * 60, Minutes: 45, From: p.From, Count: 5, Anchor: calendar.AnchorMe}
	if err := store.SetSchedule(ctx, p.ID, c); err != nil {
		t.Fatal(err)
	}
	u.Start()
	s := u.detail.schedule
	// A stored monthly cadence is shown as it was saved
	if s.unit.Selected != "Monthly" || s.nth.Selected != "last" || s.monthDay.Selected != "Friday" ||
		s.count.Text != "5" || s.minutes.Selected != "45 min" || len(s.checks) != 5 || s.weekly.Visible() {
		t.Fatalf("loaded: unit %q nth %q day %q count %q minutes %q, %d sessions",
			s.unit.Selected, s.nth.Selected, s.monthDay.Selected, s.count.Text, s.minutes.Selected, len(s.checks))
	}
	for _, ch := range s.checks {
		if ch.Me.Start.Weekday() != time.Friday || ch.Me.Start.AddDate(0, 0, 7).Month() == ch.Me.Start.Month() {
			t.Errorf("%s is not the last Friday of its month", ch.Me.Start)
		}
	}
	// Using a suggested slot moves the series there
	if len(s.slots) == 0 {
		t.Fatal("no slots suggested")
	}
	best := s.slots[0]
	s.useSlot(best)
	if s.monthDay.Selected != best.Day.String() || s.at.Text != best.At.String() {
		t.Errorf("after using %v: day %q at %q", best, s.monthDay.Selected, s.at.Text)
	}
	for _, ch := range s.checks {
		if calendar.ClockOf(ch.Me.Start) != best.At && ch.Note == "" {
			t.Errorf("session %s not at %s", ch.Me.Start, best.At)
		}
	}
}

// TestDateInErrorShowsNoTick: a first session before the programme is
// refused under its field, and the date entry is marked in error (no ✓
// beside a date the note refuses); fixing it clears both.
func TestDateInErrorShowsNoTick(t *testing.T) {
	u, store, _ := newTestUI(t)
	id := fixture.Scheduled(t, store)
	u.reload(id)
	u.showTab(tabSchedule)
	s := u.detail.schedule
	var state []error
	s.from.SetOnValidationChanged(func(err error) { state = append(state, err) })
	s.from.SetText("2026-11-02") // the programme starts on 4 Jan 2027
	if got := s.problems.text("from"); got == "" {
		t.Fatalf("no note under First session; shown %q", s.problems.shown())
	}
	if len(state) == 0 || state[len(state)-1] == nil {
		t.Errorf("the date entry is not marked in error: %v", state)
	}
	s.from.SetText("2027-01-04")
	if s.problems.text("from") != "" || len(state) == 0 || state[len(state)-1] != nil {
		t.Errorf("after fixing: note %q, state %v", s.problems.text("from"), state)
	}
}
