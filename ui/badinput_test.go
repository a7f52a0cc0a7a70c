package ui

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/fixture"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/storage"
)

// The bad-input table of issue #8 for the GUI: the partnership editor, the
// schedule editor, the agenda, moving a session and importing answers. Each
// row is refused with a message that names the field or problem, and the
// database is exactly as it was. The headless commands' rows are in
// cmd/twoway/cli/badinput_test.go.

// badInputUI is a window over a partnership with a weekly schedule, an
// agenda and an invite already sent, so every screen has something to lose.
func badInputUI(t *testing.T) (*UI, *storage.Store, fyne.Window, string) {
	t.Helper()
	u, store, w := newTestUI(t)
	ctx := context.Background()
	p := berlinNewYork()
	p.Me.Offers, p.Partner.Offers = []string{"Leadership"}, []string{"Social media"}
	if _, err := store.CreatePartnership(ctx, &p); err != nil {
		t.Fatal(err)
	}
	c := fixture.Weekly(p)
	if err := store.SetSchedule(ctx, p.ID, c); err != nil {
		t.Fatal(err)
	}
	if err := store.SetAgenda(ctx, p.ID, "1. Reels\n2. Budgets"); err != nil {
		t.Fatal(err)
	}
	sent := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	out, err := u.core.PrepareInvite(ctx, p.ID, mentoring.MethodRequest, nil, sent)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.RecordSent(ctx, out, sent); err != nil {
		t.Fatal(err)
	}
	u.detail.invites.now = func() time.Time { return sent.Add(time.Hour) }
	u.Start()
	st, _ := store.Invite(ctx, p.ID)
	return u, store, w, st.UID
}

// dataFingerprint is every stored record the screens show, read through
// storage's API (ui/ has no SQL).
func dataFingerprint(t *testing.T, s *storage.Store) string {
	t.Helper()
	ctx := context.Background()
	list, err := s.ListPartnerships(ctx)
	if err != nil {
		t.Fatal(err)
	}
	all := []any{list}
	for _, sum := range list {
		p, err := s.GetPartnership(ctx, sum.ID)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := s.GetSchedule(ctx, sum.ID)
		inv, err1 := s.Invite(ctx, sum.ID)
		resp, err2 := s.Responses(ctx, sum.ID)
		exc, err3 := s.Exceptions(ctx, sum.ID)
		if err1 != nil || err2 != nil || err3 != nil {
			t.Fatalf("fingerprint: %v %v %v", err1, err2, err3)
		}
		all = append(all, p, c, inv, resp, exc)
	}
	b, err := json.Marshal(all)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// inEditor fills the partnership editor validly, applies bad, saves, and
// returns the error line under field (empty when it is hidden).
func inEditor(field string, bad func(f *pairForm)) func(*UI, fyne.Window) string {
	return func(u *UI, _ fyne.Window) string {
		u.newPartnership()
		fillValid(u.form)
		bad(u.form)
		test.Tap(u.form.saveBtn)
		if l := u.form.errs[field]; l != nil && l.Visible() {
			return l.Text
		}
		return ""
	}
}

// inEdit changes the stored partnership in the editor, saves, and returns
// the error line under field.
func inEdit(field string, bad func(f *pairForm)) func(*UI, fyne.Window) string {
	return func(u *UI, _ fyne.Window) string {
		u.editSelected()
		bad(u.form)
		test.Tap(u.form.saveBtn)
		if l := u.form.errs[field]; l != nil && l.Visible() {
			return l.Text
		}
		return ""
	}
}

// inSchedule changes the schedule editor, tries to save (with the button
// and with File › Save), and returns the problem it shows.
func inSchedule(bad func(s *scheduleScreen)) func(*UI, fyne.Window) string {
	return func(u *UI, _ fyne.Window) string {
		s := u.detail.schedule
		bad(s)
		if !s.save.Disabled() {
			return "save enabled"
		}
		s.onSave()
		return s.problems.shown()
	}
}

// inDialog does something that must end in an error dialog and returns
// the dialog's text.
func inDialog(act func(u *UI)) func(*UI, fyne.Window) string {
	return func(u *UI, w fyne.Window) string {
		act(u)
		return overlayText(w)
	}
}

// paste pastes text into e as Ctrl+V does.
func paste(u *UI, e *widget.Entry, text string) {
	u.app.Clipboard().SetContent(text)
	u.win.Canvas().Focus(e)
	e.TypedShortcut(&fyne.ShortcutPaste{Clipboard: u.app.Clipboard()})
}

// moveTo drives the Move… dialog of the first session to date at clock.
func moveTo(date calendar.Date, clock string) func(u *UI) {
	return func(u *UI) {
		s := u.detail.invites
		s.session.SetSelectedIndex(0)
		s.onMove()
		top := u.win.Canvas().Overlays().Top()
		var move *widget.Button
		for _, o := range test.LaidOutObjects(top) {
			switch x := o.(type) {
			case *dateEntry:
				x.SetDate(dateTime(date))
			case *widget.Entry:
				x.SetText(clock)
			case *widget.Button:
				if x.Text == "Move" {
					move = x
				}
			}
		}
		if move != nil {
			test.Tap(move)
		}
	}
}

func TestBadInputGUI(t *testing.T) {
	mib := strings.Repeat("x", 1<<20)
	reply := func(uid, attendee, extra string) []byte {
		return []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nMETHOD:REPLY\r\n" +
			"BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTAMP:20261202T100000Z\r\n" +
			"DTSTART;TZID=Europe/Berlin:20270104T170000\r\n" + extra +
			"ORGANIZER:mailto:ana@example.org\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:" + attendee + "\r\n" +
			"END:VEVENT\r\nEND:VCALENDAR\r\n")
	}
	jan := func(y, d int) calendar.Date { return calendar.Date{Year: y, Month: time.January, Day: d} }
	tests := []struct {
		name string
		do   func(u *UI, w fyne.Window) string // the input, returning the message shown
		want []string
	}{
		// the partnership editor: each message under its own field
		{"unknown zone", inEditor("partner.zone", func(f *pairForm) { f.partner.zone.SetText("Mars/Olympus") }), []string{"Unknown time zone", "Mars/Olympus"}},
		{"Local is not a zone", inEditor("me.zone", func(f *pairForm) { f.me.zone.SetText("Local") }), []string{"Unknown time zone"}},
		{"bad email", inEditor("partner.email", func(f *pairForm) { f.partner.email.SetText("ben@@example.com") }), []string{"not an email address"}},
		{"CRLF in a name", inEditor("me.name", func(f *pairForm) { f.me.name.SetText("Ana\r\nBcc: eve@example.net") }), []string{"single line"}},
		{"NUL byte in the title", inEditor("title", func(f *pairForm) { f.title.SetText("Ana\x00Ben") }), []string{"NUL byte"}},
		{"invalid UTF-8 in the title", inEditor("title", func(f *pairForm) { f.title.SetText("Ana \xff Ben") }), []string{"invalid characters"}},
		{"250-character title", inEditor("title", func(f *pairForm) { f.title.SetText(strings.Repeat("t", 250)) }), []string{"longer than 200"}},
		// a single-line field refuses what no title needs: select-all in
		// 5,000 characters froze the window for seconds (issue 14, bug 9)
		{"5,000 characters pasted into the title", inDialog(func(u *UI) {
			u.editSelected()
			paste(u, u.form.title, strings.Repeat("t", 5000))
			if u.form.title.Text != "Ana & Ben" {
				u.form.title.SetText("the paste went in")
			}
		}), []string{"more than one field can keep (300)", "nothing was added"}},
		{"1 MB pasted into the video link", inDialog(func(u *UI) {
			u.editSelected()
			paste(u, u.form.link, mib)
		}), []string{"more than one field can keep (2100)"}},
		{"1 MB pasted into an offer", inDialog(func(u *UI) {
			u.editSelected()
			paste(u, u.form.me.offers, mib)
			if u.form.me.offers.Text != "Leadership" {
				u.form.me.offers.SetText("the paste went in")
			}
		}), []string{"more than one field can keep", "nothing was added"}},
		{"tab in a wish", inEditor("partner.wants", func(f *pairForm) { f.partner.wants.SetText("Leading\tteams") }), []string{"tab"}},
		{"escape in a rule", inEditor("rules", func(f *pairForm) { f.customRules.SetText("Cameras on\n\x1b[31mred") }), []string{"control character"}},
		{"wrong hours 08:00-25:00", inEditor("me.hours", func(f *pairForm) { f.me.hours.SetText("08:00-25:00") }), []string{"hours run 00-23"}},
		{"hours in words", inEditor("partner.hours", func(f *pairForm) { f.partner.hours.SetText("9am-5pm") }), []string{"want HH:MM"}},
		{"programme ends before it starts", inEditor("until", func(f *pairForm) {
			f.from.SetDate(dateTime(jan(2027, 31)))
			f.until.SetDate(dateTime(jan(2027, 4)))
		}), []string{"before it starts"}},
		{"a typed date that does not exist", inEditor("from", func(f *pairForm) { f.from.SetText("31/02/2027") }), []string{"is not a date"}},
		{"year 1969", inEditor("from", func(f *pairForm) { f.from.SetDate(dateTime(jan(1969, 6))) }), []string{"year 1969", "out of range"}},
		{"script link", inEditor("link", func(f *pairForm) { f.link.SetText("javascript:alert(1)") }), []string{"not a web link"}},
		{"editing: unknown zone", inEdit("me.zone", func(f *pairForm) { f.me.zone.SetText("Europe/Atlantis") }), []string{"Unknown time zone"}},
		{"editing: empty email", inEdit("partner.email", func(f *pairForm) { f.partner.email.SetText("") }), []string{"Is required"}},

		// the schedule editor: impossible cadences, wrong hours, bad dates
		{"at 25:00", inSchedule(func(s *scheduleScreen) { s.at.SetText("25:00") }), []string{"hours run 00-23"}},
		{"at 7pm", inSchedule(func(s *scheduleScreen) { s.at.SetText("7pm") }), []string{"want HH:MM"}},
		{"no weekday", inSchedule(func(s *scheduleScreen) {
			for _, d := range s.days {
				d.SetChecked(false)
			}
		}), []string{"at least one weekday"}},
		{"-3 sessions", inSchedule(func(s *scheduleScreen) {
			s.endMode.SetSelected(endAfterCount)
			s.count.SetText("-3")
		}), []string{"Number of sessions", "not a positive number"}},
		{"5000 sessions", inSchedule(func(s *scheduleScreen) {
			s.endMode.SetSelected(endAfterCount)
			s.count.SetText("5000")
		}), []string{"5000 sessions is not possible"}},
		{"series ends before it starts", inSchedule(func(s *scheduleScreen) {
			s.endMode.SetSelected(endOnDate)
			s.until.SetDate(dateTime(calendar.Date{Year: 2026, Month: time.December, Day: 1}))
		}), []string{"before the first date"}},
		{"first session in 1969", inSchedule(func(s *scheduleScreen) { s.from.SetDate(dateTime(jan(1969, 6))) }), []string{"year 1969", "out of range"}},

		// the agenda: 1 MB notes, invalid UTF-8, NUL
		{"1 MB pasted into the agenda", inDialog(func(u *UI) {
			paste(u, u.detail.invites.agenda, mib)
			if u.detail.invites.agenda.Text != "1. Reels\n2. Budgets" {
				test.Tap(u.detail.invites.saveAgenda) // the paste went in: let the fingerprint tell
			}
		}), []string{"more than one field can keep", "nothing was added"}},
		{"agenda over 4000 characters", inDialog(func(u *UI) {
			paste(u, u.detail.invites.agenda, strings.Repeat("Budgets ", 600))
			test.Tap(u.detail.invites.saveAgenda)
		}), []string{"Could not save the agenda", "longer than 4000"}},
		{"invalid UTF-8 agenda", inDialog(func(u *UI) {
			u.detail.invites.agenda.SetText("Budgets \xc3\x28")
			test.Tap(u.detail.invites.saveAgenda)
		}), []string{"agenda", "invalid characters"}},
		{"NUL in the agenda", inDialog(func(u *UI) {
			u.detail.invites.agenda.SetText("1. Reels\x00")
			test.Tap(u.detail.invites.saveAgenda)
		}), []string{"agenda", "NUL byte"}},

		// moving one session: the DST gap, a wrong time
		{"move into the DST gap", inDialog(moveTo(calendar.Date{Year: 2027, Month: time.March, Day: 28}, "02:30")), []string{"02:30 does not exist", "clocks skip it"}},
		{"move to 24:61", inDialog(moveTo(jan(2027, 5), "24:61")), []string{"hours run 00-23"}},

		// importing answers: huge, malformed, foreign
		{".ics over 1 MiB", inDialog(func(u *UI) {
			u.detail.invites.importData(reply("x", "ben@example.com", "COMMENT:"+mib+"\r\n"))
		}), []string{"cannot be imported", "larger than 1 MiB"}},
		{"malformed .ics", inDialog(func(u *UI) {
			u.detail.invites.importData([]byte("BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID;X=\"open:x\r\n"))
		}), []string{"cannot be imported", "malformed"}},
		{"REPLY for an unknown UID", inDialog(func(u *UI) {
			u.detail.invites.importData(reply("someone-else@example.net", "ben@example.com", ""))
		}), []string{"cannot be imported", "did not send"}},
	}
	if len(tests) < 30 {
		t.Fatalf("only %d rows", len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, store, w, _ := badInputUI(t)
			before := dataFingerprint(t, store)
			msg := tt.do(u, w)
			for _, want := range tt.want {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q does not say %q", msg, want)
				}
			}
			if after := dataFingerprint(t, store); after != before {
				i := 0
				for i < len(before) && i < len(after) && before[i] == after[i] {
					i++
				}
				from := max(i-100, 0)
				t.Errorf("the data changed at byte %d:\nbefore %q\nafter  %q", i, before[from:min(i+100, len(before))], after[from:min(i+100, len(after))])
			}
		})
	}
}

// Unusual but legitimate text typed into the editor and the agenda is
// stored and shown exactly, and SQL in it is only text.
func TestUnusualTextRoundTripsInTheGUI(t *testing.T) {
	tests := []struct {
		name, title, partner, agenda string
	}{
		{"emoji", "Ana 🚀 & Ben 👩🏽‍💻", "Ben 🦁 Okafor", "1. 🎥 Reels\n2. Budgets 💶"},
		{"SQL metacharacters", "'); DROP TABLE partnership;--", "Robert'); DELETE FROM partnership;--", "'; UPDATE partnership SET title='x"},
		{"quotes", `"Quotes" & 'apostrophes'`, `Ben "The Boss" O'Okafor`, "„Anführung“ and «guillemets»"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, store, _, _ := badInputUI(t)
			ctx := context.Background()
			first, _ := store.GetPartnership(ctx, 1)
			u.newPartnership()
			fillValid(u.form)
			u.form.title.SetText(tt.title)
			u.form.partner.name.SetText(tt.partner)
			test.Tap(u.form.saveBtn)
			if u.form.summary.Visible() {
				t.Fatalf("refused: %s", u.form.summary.Text)
			}
			id := u.detail.p.ID
			u.detail.invites.agenda.SetText(tt.agenda)
			test.Tap(u.detail.invites.saveAgenda)
			got, err := store.GetPartnership(ctx, id)
			if err != nil || got.Title != tt.title || got.Partner.Name != tt.partner || got.Agenda != tt.agenda {
				t.Errorf("stored %q / %q / %q (%v)", got.Title, got.Partner.Name, got.Agenda, err)
			}
			if u.detail.title.Text != tt.title {
				t.Errorf("shown title %q", u.detail.title.Text)
			}
			list, err := store.ListPartnerships(ctx)
			if err != nil || len(list) != 2 {
				t.Errorf("after saving: %d partnerships, %v", len(list), err)
			}
			if again, _ := store.GetPartnership(ctx, 1); again.Title != first.Title || again.Agenda != first.Agenda {
				t.Errorf("the first partnership changed: %q %q", again.Title, again.Agenda)
			}
		})
	}
}
