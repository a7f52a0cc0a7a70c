package ui

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/storage"
)

// update rewrites the goldens: go test ./ui -run MainScreensMarkup -update.
// Fyne's test package only writes a failed rendering to testdata/failed/.
var update = flag.Bool("update", false, "write testdata/*.xml from what the screens render now")

// goldenClock is the test clock (Sat 20 Mar 2027, 12:00 UTC) for the
// screens that read one, so nothing in a golden depends on today.
func goldenClock() time.Time { return time.Date(2027, 3, 20, 12, 0, 0, 0, time.UTC) }

// assertGolden compares what window w renders with testdata/name. The
// focus is dropped first: a focused entry's cursor blinks.
func assertGolden(t *testing.T, name string, w fyne.Window) {
	t.Helper()
	w.Canvas().Unfocus()
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("testdata", name), []byte(test.RenderToMarkup(w.Canvas())), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	test.AssertRendersToMarkup(t, name, w.Canvas())
}

// goldenPair stores loggedPair's Ana & Ben with a fixed call link, an
// agenda and a first session logged (held, led by Ana, one topic covered,
// one action item for Ben), so every screen has something in each part.
func goldenPair(t *testing.T, store *storage.Store) mentoring.Partnership {
	t.Helper()
	ctx := context.Background()
	p, _, lead := loggedPair(t, store)
	p.Link = "https://meet.jit.si/Twoway-golden"
	p.Me.Offers, p.Me.Wants = []string{"Leadership", "Negotiation"}, []string{"Social media"}
	p.Partner.Offers, p.Partner.Wants = []string{"Social media"}, []string{"Leadership"}
	p.Rules.Custom = []string{"Cameras on"}
	if err := store.UpdatePartnership(ctx, &p); err != nil {
		t.Fatal(err)
	}
	if err := store.SetAgenda(ctx, p.ID, "Reels: what worked\nPitching to a board"); err != nil {
		t.Fatal(err)
	}
	jan4 := time.Date(2027, 1, 4, 16, 0, 0, 0, time.UTC) // 17:00 in Berlin
	err := store.LogSession(ctx, p.ID, mentoring.SessionLog{Original: jan4, Outcome: mentoring.OutcomeHeld,
		Leader: mentoring.SideMe, Minutes: 50, Notes: "Started with the 30-60-90 plan",
		Covered:    []mentoring.Coverage{{TopicID: lead, LedBy: mentoring.SideMe}},
		NewActions: []mentoring.ActionItem{{Text: "Draft a first post", Owner: mentoring.SidePartner, Due: calendar.Date{Year: 2027, Month: 1, Day: 18}}}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := store.GetPartnership(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestMainScreensMarkup renders each main screen, at newTestUI's window
// size with Fyne's test theme, the pinned clocks and a locale of its own
// (so no golden depends on the LANG the tests run under), and compares it
// with its golden in testdata/: a change to any screen's layout or text
// shows up as a diff to review. Two screens are rendered in German too.
func TestMainScreensMarkup(t *testing.T) {
	tests := []struct {
		golden string
		locale string
		data   bool // goldenPair stored, else an empty database
		show   func(u *UI)
	}{
		{"welcome.xml", "en_US.UTF-8", false, func(u *UI) {}},
		{"editor.xml", "en_US.UTF-8", true, func(u *UI) { u.editSelected() }},
		{"overview.xml", "en_US.UTF-8", true, func(u *UI) { u.showTab(tabOverview) }},
		{"schedule.xml", "en_US.UTF-8", true, func(u *UI) { u.showTab(tabSchedule) }},
		{"topics.xml", "en_US.UTF-8", true, func(u *UI) { u.showTab(tabTopics) }},
		{"sessions.xml", "en_US.UTF-8", true, func(u *UI) { u.showTab(tabSessions); u.detail.sessions.list.Select(0) }},
		{"invites.xml", "en_US.UTF-8", true, func(u *UI) { u.showTab(tabInvites) }},
		{"settings.xml", "en_US.UTF-8", true, func(u *UI) { u.showSettings() }},
		{"overview_de.xml", "de_DE.UTF-8", true, func(u *UI) { u.showTab(tabOverview) }},
		{"sessions_de.xml", "de_DE.UTF-8", true, func(u *UI) { u.showTab(tabSessions); u.detail.sessions.list.Select(0) }},
		{"schedule_de.xml", "de_DE.UTF-8", true, func(u *UI) { u.showTab(tabSchedule) }},
		{"topics_de.xml", "de_DE.UTF-8", true, func(u *UI) { u.showTab(tabTopics) }},
		{"invites_de.xml", "de_DE.UTF-8", true, func(u *UI) { u.showTab(tabInvites) }},
		{"editor_de.xml", "de_DE.UTF-8", true, func(u *UI) { u.editSelected() }},
		{"settings_de.xml", "de_DE.UTF-8", true, func(u *UI) { u.showSettings() }},
		{"welcome_de.xml", "de_DE.UTF-8", false, func(u *UI) {}},
	}
	for _, tt := range tests {
		t.Run(strings.TrimSuffix(tt.golden, ".xml"), func(t *testing.T) {
			useLocale(t, tt.locale)
			u, store, w := newTestUI(t)
			u.detail.invites.now = goldenClock
			if tt.data {
				goldenPair(t, store)
			}
			u.Start()
			tt.show(u)
			assertGolden(t, tt.golden, w)
		})
	}
}
