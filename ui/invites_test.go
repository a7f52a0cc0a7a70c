package ui

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/calendar/ics"
	"github.com/twoway-app/twoway/internal/fixture"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/storage"
)

func TestInvitesDeliverSkipAndImport(t *testing.T) {
	u, store, w := newTestUI(t)
	ctx := context.Background()
	p := berlinNewYork()
	store.CreatePartnership(ctx, &p)
	u.Start()
	s := u.detail.invites
	s.now = func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) }
	u.core.Now = s.now // what is recorded as sent carries the same clock

	// Given no schedule, the screen says what to do first and offers nothing to send
	s.refresh()
	if !s.problem.Visible() || !strings.Contains(s.problem.Text, "schedule") || !s.save.Disabled() {
		t.Fatalf("without schedule: problem %q, save disabled %v", s.problem.Text, s.save.Disabled())
	}

	// When a schedule is saved, the invite is previewed, not yet sent
	c := fixture.Weekly(p)
	store.SetSchedule(ctx, p.ID, c)
	s.refresh()
	if s.save.Disabled() || !strings.Contains(s.status.Text, "Not sent yet") ||
		!strings.Contains(s.preview.Text, "Every week on Monday at 17:00") || !strings.Contains(s.preview.Text, "11:00 EST for Ben") {
		t.Fatalf("preview: status %q\n%s", s.status.Text, s.preview.Text)
	}

	// A delivery that fails records nothing
	s.deliver(s.out, func([]byte) error { return errWrite }, "")
	if st, _ := store.Invite(ctx, p.ID); st.Sent {
		t.Fatal("a failed delivery was recorded as sent")
	}
	test.Tap(topDialogButtons(w)["OK"])
	// A delivery to a file that works is recorded, with exactly the bytes
	// delivered, and the screen does not claim Ben has it (issue 14, bug 2)
	var buf bytes.Buffer
	s.deliver(s.out, func(b []byte) error { buf.Write(b); return nil }, "")
	st, _ := store.Invite(ctx, p.ID)
	if !st.Sent || st.SentICS != buf.String() || st.Via != mentoring.ViaFile ||
		!strings.Contains(s.status.Text, "Saved to a file on 1 Dec 2026: send it to Ben yourself") ||
		strings.Contains(s.status.Text, "has this invite") {
		t.Fatalf("after delivery: sent %v via %q, status %q", st.Sent, st.Via, s.status.Text)
	}
	m, err := ics.ParseITIP(buf.Bytes())
	if err != nil || m.Method != "REQUEST" {
		t.Fatalf("delivered %v %v", m, err)
	}

	// Skipping the 9th session marks it and asks for an update
	s.session.SetSelectedIndex(8)
	test.Tap(s.skip)
	if !strings.Contains(s.session.Options[8], "skipped") || !strings.Contains(s.status.Text, "changed since you saved the invite") || s.restore.Disabled() {
		t.Errorf("after skip: option %q, status %q", s.session.Options[8], s.status.Text)
	}
	if s.out.Sequence != 1 {
		t.Errorf("update sequence %d, want 1", s.out.Sequence)
	}

	// A malformed file is explained and changes nothing
	s.importData([]byte("not a calendar"))
	if d := topDialogButtons(w); d["OK"] == nil {
		t.Error("no error dialog for a malformed file")
	} else {
		test.Tap(d["OK"])
	}
	if rs, _ := store.Responses(ctx, p.ID); len(rs) != 0 {
		t.Fatalf("stored %d responses from a malformed file", len(rs))
	}
	// A counter-proposal is shown in both local times and can be accepted
	counter := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\nMETHOD:COUNTER\r\nBEGIN:VEVENT\r\nUID:" + st.UID +
		"\r\nDTSTAMP:20261202T100000Z\r\nDTSTART:20270105T150000Z\r\nDTEND:20270105T160000Z\r\n" +
		"ORGANIZER:mailto:ana@example.org\r\nATTENDEE;PARTSTAT=TENTATIVE:mailto:ben@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	s.importData([]byte(counter))
	txt := labelsIn(s.responses)
	if !strings.Contains(txt, "Ben proposes a new time for the series: Tue 5 Jan 16:00 for Ana, Tue 5 Jan 10:00 for Ben") ||
		!strings.Contains(txt, "[Accept new time]") {
		t.Fatalf("responses: %q", txt)
	}
	s.onAcceptCounter(mustResponses(t, store, p.ID)[0].ID)
	got, _ := store.GetSchedule(ctx, p.ID)
	if got.Days[0] != time.Tuesday || got.At != 16*60 {
		t.Errorf("schedule after accepting %+v", got)
	}
	if !strings.Contains(u.detail.invites.status.Text, "changed since you saved the invite") {
		t.Errorf("status after accepting: %q", u.detail.invites.status.Text)
	}
}

var errWrite = &writeError{}

type writeError struct{}

func (*writeError) Error() string { return "disk full" }

func mustResponses(t *testing.T, s *storage.Store, id int64) []mentoring.Response {
	t.Helper()
	rs, err := s.Responses(context.Background(), id)
	if err != nil || len(rs) == 0 {
		t.Fatalf("responses: %v %v", rs, err)
	}
	return rs
}

func TestCancellationOffersEmailOrFile(t *testing.T) {
	u, store, w := newTestUI(t)
	ctx := context.Background()
	p := berlinNewYork()
	store.CreatePartnership(ctx, &p)
	store.SetSchedule(ctx, p.ID, calendar.Cadence{Unit: calendar.Weekly, Interval: 1, Days: []time.Weekday{time.Monday},
		At: 17 * 60, Minutes: 60, From: p.From, Until: p.Until})
	u.Start()
	s := u.detail.invites
	s.refresh()
	s.deliver(s.out, func([]byte) error { return nil }, "")
	// When the user cancels one session, they choose how it reaches Ben
	s.session.SetSelectedIndex(2)
	s.onCancelOne()
	test.Tap(topDialogButtons(w)["Cancel Session"])
	b := topDialogButtons(w)
	if b["Send by email"] == nil || b["Save .ics…"] == nil || b["Not now"] == nil {
		t.Fatalf("delivery choice buttons: %v", b)
	}
	// Not now sends nothing and consumes no sequence
	test.Tap(b["Not now"])
	if st, _ := store.Invite(ctx, p.ID); st.Sequence != 0 || st.Method != "REQUEST" {
		t.Errorf("after 'Not now': %+v", st)
	}
	// Email without a mail account offers Settings instead of failing silently
	s.onCancelOne()
	test.Tap(topDialogButtons(w)["Cancel Session"])
	test.Tap(topDialogButtons(w)["Send by email"])
	if st, _ := store.Invite(ctx, p.ID); st.Sequence != 0 {
		t.Errorf("unconfigured email recorded sequence %d", st.Sequence)
	}
	if top := w.Canvas().Overlays().Top(); top == nil || !strings.Contains(labelsInOverlay(top), "Set up email first") {
		t.Errorf("no offer to set up email")
	}
}

func labelsInOverlay(o fyne.CanvasObject) string {
	var b strings.Builder
	for _, x := range test.LaidOutObjects(o) {
		switch l := x.(type) {
		case *widget.Label:
			b.WriteString(l.Text + "\n")
		case *canvas.Text:
			b.WriteString(l.Text + "\n")
		}
	}
	return b.String()
}

func TestAgendaEditedInInvitesTab(t *testing.T) {
	u, store, _ := newTestUI(t)
	ctx := context.Background()
	p := berlinNewYork()
	store.CreatePartnership(ctx, &p)
	store.SetSchedule(ctx, p.ID, calendar.Cadence{Unit: calendar.Weekly, Interval: 1, Days: []time.Weekday{time.Monday},
		At: 17 * 60, Minutes: 60, From: p.From, Until: p.Until})
	u.Start()
	s := u.detail.invites
	s.refresh()
	s.deliver(s.out, func([]byte) error { return nil }, "")
	test.Type(s.agenda, "Review Ben's first blog post")
	test.Tap(s.saveAgenda)
	got, _ := store.GetPartnership(ctx, p.ID)
	if got.Agenda != "Review Ben's first blog post" {
		t.Fatalf("stored agenda %q", got.Agenda)
	}
	if !strings.Contains(s.preview.Text, "Agenda for the next session:\nReview Ben's first blog post") ||
		!strings.Contains(s.status.Text, "changed since you saved the invite") || s.out.Sequence != 1 {
		t.Errorf("after saving the agenda: status %q, sequence %d\n%s", s.status.Text, s.out.Sequence, s.preview.Text)
	}
	// Editing the partnership afterwards keeps the agenda
	u.editSelected()
	test.Tap(u.form.saveBtn)
	if got, _ := store.GetPartnership(ctx, p.ID); got.Agenda != "Review Ben's first blog post" {
		t.Errorf("agenda lost by editing the partnership: %q", got.Agenda)
	}
}

// TestSavedInviteNameIsSafeEverywhere: a title with characters Windows
// refuses in file names gives a saved invite name without them.
func TestSavedInviteNameIsSafeEverywhere(t *testing.T) {
	s := &invitesScreen{p: mentoring.Partnership{Title: `Ana "& Ben" <2027>: why?`}}
	if got := s.fileName(); strings.ContainsAny(got, `"<>:?*|\/`) || got != "Ana -& Ben- -2027-- why-.ics" {
		t.Errorf("fileName() = %q", got)
	}
}

// TestOpenInCalendarAppWithoutOneSaysSo: with no program for .ics files,
// "Open in calendar app" says so and offers Save; nothing is recorded as
// delivered and no temporary folder is left (issue 14, bug 6).
func TestOpenInCalendarAppWithoutOneSaysSo(t *testing.T) {
	u, store, w := newTestUI(t)
	id := fixture.Scheduled(t, store)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var opened string
	u.openFile = func(path string) error { opened = path; return errNoCalendarApp }
	u.reload(id)
	u.showTab(tabInvites)
	u.detail.invites.onOpen()
	buttons := topDialogButtons(w)
	if buttons["Save…"] == nil || buttons["Cancel"] == nil {
		t.Fatalf("no offer to save instead: %v", buttons)
	}
	if st, _ := store.Invite(context.Background(), id); st.Sent {
		t.Error("an invite no program opened was recorded as delivered")
	}
	if left, _ := os.ReadDir(tmp); opened == "" || len(left) != 0 {
		t.Errorf("opened %q; left in the temporary folder: %v", opened, left)
	}
	test.Tap(buttons["Cancel"])
	// On a desktop without xdg-open (this test machine), the real opener
	// reports it instead of failing unseen
	if _, err := exec.LookPath("xdg-open"); err != nil && runtime.GOOS == "linux" {
		if err := u.openWithDesktop(filepath.Join(tmp, "x.ics")); !errors.Is(err, errNoCalendarApp) {
			t.Errorf("openWithDesktop without xdg-open: %v", err)
		}
	}

	// With a calendar app, the file stays for it and the invite counts as delivered
	u.openFile = func(path string) error { opened = path; return nil }
	u.detail.invites.onOpen()
	if _, err := os.Stat(opened); err != nil {
		t.Errorf("the file given to the calendar app is gone: %v", err)
	}
	if st, _ := store.Invite(context.Background(), id); !st.Sent || st.Via != mentoring.ViaFile {
		t.Errorf("after opening: sent %v via %q", st.Sent, st.Via)
	}
}

// TestMoveDialogKeepsWhatWasTyped: a refused move explains why and asks
// again with the typed time still there (issue 14, bug 1).
func TestMoveDialogKeepsWhatWasTyped(t *testing.T) {
	u, store, w := newTestUI(t)
	id := fixture.Scheduled(t, store)
	u.reload(id)
	u.showTab(tabInvites)
	moveTo(calendar.Date{Year: 2027, Month: 1, Day: 5}, "25:61")(u)
	// The dialog stays, with the message under the time and the typed time kept
	if got := u.detail.invites.moveNotes.text("time"); !strings.Contains(got, "25:61") {
		t.Fatalf("under the time: %q; shown: %q", got, overlayText(w))
	}
	var typed string
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if e, ok := o.(*widget.Entry); ok && e.Text == "25:61" {
			typed = e.Text
		}
	}
	if typed != "25:61" {
		t.Errorf("the Move dialog lost the typed time; shown: %q", overlayText(w))
	}
	// And a date outside the programme is said under the date
	moveTo(calendar.Date{Year: 2028, Month: 1, Day: 5}, "17:00")(u)
	if got := u.detail.invites.moveNotes.text("date"); got == "" || u.detail.invites.moveNotes.text("time") != "" {
		t.Errorf("under the date %q, under the time %q", got, u.detail.invites.moveNotes.text("time"))
	}
	if exc, _ := store.Exceptions(context.Background(), id); len(exc) != 0 {
		t.Errorf("a refused move was stored: %+v", exc)
	}
}

// TestMoveIntoTheRepeatedHourAsksWhich: 02:30 on 31 Oct 2027 happens twice
// in Berlin; the Move dialog asks which one is meant and moves the session
// to the one picked.
func TestMoveIntoTheRepeatedHourAsksWhich(t *testing.T) {
	ctx := context.Background()
	u, store, w := newTestUI(t)
	p := fixture.Pair()
	p.Until = calendar.Date{Year: 2027, Month: 12, Day: 31}
	id, err := store.CreatePartnership(ctx, &p)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.SetSchedule(ctx, id, fixture.Weekly(p)); err != nil {
		t.Fatal(err)
	}
	u.Start()
	u.detail.tabs.SelectIndex(tabInvites)
	s := u.detail.invites
	moveTo(calendar.Date{Year: 2027, Month: 10, Day: 31}, "02:30")(u)
	if s.which == nil || !strings.Contains(overlayText(w), "happens twice") {
		t.Fatalf("no question about the repeated hour: %q", overlayText(w))
	}
	var second *widget.Button
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if b, ok := o.(*widget.Button); ok && strings.HasPrefix(b.Text, "Second: 02:30 CET (01:30 UTC)") {
			second = b
		}
	}
	if second == nil {
		t.Fatalf("no Second button: %q", overlayText(w))
	}
	test.Tap(second)
	exc, err := store.Exceptions(ctx, id)
	if err != nil || len(exc) != 1 {
		t.Fatalf("exceptions %+v %v", exc, err)
	}
	if want := time.Date(2027, 10, 31, 1, 30, 0, 0, time.UTC); !exc[0].Start.Equal(want) {
		t.Errorf("moved to %v, want %v (the second 02:30)", exc[0].Start.UTC(), want)
	}
}
