package ui

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/twoway-app/twoway/internal/fixture"
)

func TestRemindersAsDesktopNotifications(t *testing.T) {
	ctx := context.Background()
	u, store, _ := newTestUI(t)
	id := fixture.Scheduled(t, store)
	if err := store.SetAgenda(ctx, id, "1. Reels\n2. Budgets"); err != nil {
		t.Fatal(err)
	}
	var trays []*fyne.Menu
	u.tray = func(m *fyne.Menu) { trays = append(trays, m) }
	u.Start()
	at := func(d, h, m int) time.Time {
		return time.Date(2027, 1, d, h, m, 0, 0, fixture.In(t, "Europe/Berlin", 2027, 1, 1, 0).Location())
	}

	// Ten minutes before the first session: the partner, the time, the agenda's first line, the link
	test.AssertNotificationSent(t, fyne.NewNotification("Ana & Ben: with Ben in 10 minutes",
		"17:00 · 1. Reels · Join: https://meet.jit.si/Twoway-ana-ben"), func() { u.CheckReminders(at(4, 16, 50)) })
	// Once: a minute later nothing new, even after a restart (the preference keeps what was shown)
	test.AssertNotificationSent(t, nil, func() { u.CheckReminders(at(4, 16, 51)) })
	// After the session, one prompt to log it
	test.AssertNotificationSent(t, fyne.NewNotification("How did it go with Ben?",
		"Log the session of 17:00 in Twoway: what you covered, who led, your reflection."), func() { u.CheckReminders(at(4, 18, 1)) })
	// Off for this partnership: no start reminder for the next session
	u.SetReminderMinutes(id, 0)
	test.AssertNotificationSent(t, nil, func() { u.CheckReminders(at(11, 16, 55)) })
	if u.ReminderMinutes(id) != 0 {
		t.Errorf("reminder minutes %d after turning them off", u.ReminderMinutes(id))
	}

	// The tray menu names the next session and offers to join and to log
	if len(trays) == 0 {
		t.Fatal("no tray menu was set")
	}
	m := trays[len(trays)-1]
	var labels []string
	for _, it := range m.Items {
		labels = append(labels, it.Label)
	}
	got := strings.Join(labels, " | ")
	if !strings.Contains(got, "Next: Mon 11 Jan 17:00 with Ben") || !strings.Contains(got, "Join call") || !strings.Contains(got, "Log last session") {
		t.Errorf("tray menu: %s", got)
	}
	for _, it := range m.Items {
		if it.Label == "Log last session" {
			if it.Disabled {
				t.Errorf("Log last session disabled with the 4 Jan session unlogged")
			}
			it.Action()
		}
	}
	if u.selected != id || u.detail.shownTab() != tabSessions {
		t.Errorf("Log last session opened %d on tab %d", u.selected, u.detail.shownTab())
	}
}

func TestAutostartEntryIsValid(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	if StartsAtLogin() {
		t.Fatal("starts at login before it was asked to")
	}
	if err := SetStartAtLogin(true); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "autostart", "twoway.desktop")
	data, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(data), "--background") || !StartsAtLogin() {
		t.Fatalf("entry %q %v", data, err)
	}
	validate, err := exec.LookPath("desktop-file-validate")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("desktop-file-validate missing (apt-get install desktop-file-utils)")
		}
		t.Skip("desktop-file-validate missing")
	}
	if out, err := exec.Command(validate, path).CombinedOutput(); err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Errorf("desktop-file-validate: %v\n%s", err, out)
	}
	if err := SetStartAtLogin(false); err != nil || StartsAtLogin() {
		t.Errorf("after turning it off: %v, still on %v", err, StartsAtLogin())
	}
}

// TestNoticesCarryTheirActions: where the desktop shows buttons, the
// reminder offers Join call (opening the link), the prompt to log opens the
// session log, and a nudge comes once with the action This week offers.
func TestNoticesCarryTheirActions(t *testing.T) {
	u, store, _ := newTestUI(t)
	id := fixture.Scheduled(t, store)
	var got []Notice
	var opened []string
	u.notifier = func(n Notice) { got = append(got, n) }
	u.openURL = func(l *url.URL) error { opened = append(opened, l.String()); return nil }
	u.Start()
	at := func(d, h, m int) time.Time {
		return time.Date(2027, 1, d, h, m, 0, 0, fixture.In(t, "Europe/Berlin", 2027, 1, 1, 0).Location())
	}
	// only returns the notices one check sent
	only := func(now time.Time) []Notice {
		got = nil
		u.CheckReminders(now)
		return got
	}

	tests := []struct {
		name     string
		now      time.Time
		title    string // of the one notice sent
		action   string // its first button
		wantURL  string // the link the button opens, if any
		wantTab  int    // else the tab it shows
		bodyPart string
	}{
		{"reminder", at(4, 16, 50), "Ana & Ben: with Ben in 10 minutes", "Join call", "https://meet.jit.si/Twoway-ana-ben", 0, "17:00"},
		{"log prompt", at(4, 18, 1), "How did it go with Ben?", "Log session", "", tabSessions, "17:00"},
		{"unlogged run", at(19, 10, 0), "Ana & Ben", "Log it", "", tabSessions, "sessions with Ben in a row are not logged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n *Notice
			for _, x := range only(tt.now) {
				if x.Title == tt.title {
					n = &x
				}
			}
			if n == nil {
				t.Fatalf("no notice %q among %+v", tt.title, got)
			}
			if len(got) != 1 {
				t.Errorf("%d notices in one check, want one: %+v", len(got), got)
			}
			if !strings.Contains(n.Body, tt.bodyPart) || len(n.Actions) == 0 || n.Actions[0].Label != tt.action {
				t.Fatalf("notice %+v", *n)
			}
			opened = nil
			u.reload(0)
			n.Actions[0].Run()
			if tt.wantURL != "" {
				if len(opened) != 1 || opened[0] != tt.wantURL {
					t.Errorf("opened %v, want %s", opened, tt.wantURL)
				}
				return
			}
			if u.selected != id || u.detail.shownTab() != tt.wantTab {
				t.Errorf("shows %d on tab %d, want %d on %d", u.selected, u.detail.shownTab(), id, tt.wantTab)
			}
		})
	}
	// The nudge comes once
	for _, n := range only(at(19, 10, 1)) {
		if n.Title == "Ana & Ben" {
			t.Errorf("the nudge came again: %+v", n)
		}
	}
}

// TestManyPromptsComeAsOneSummary: after days away, three partnerships
// each with a session to log give one notice naming them, whose button
// opens This week; a session about to start keeps its own notice.
func TestManyPromptsComeAsOneSummary(t *testing.T) {
	ctx := context.Background()
	u, store, _ := newTestUI(t)
	for _, title := range []string{"Ana & Ben", "Ana & Cleo", "Ana & Dan"} {
		p := fixture.Pair()
		p.Title = title
		id, err := store.CreatePartnership(ctx, &p)
		if err != nil {
			t.Fatal(err)
		}
		if err := store.SetSchedule(ctx, id, fixture.Weekly(p)); err != nil {
			t.Fatal(err)
		}
	}
	var got []Notice
	u.notifier = func(n Notice) { got = append(got, n) }
	u.Start()
	at := fixture.In(t, "Europe/Berlin", 2027, 1, 4, 18).Add(time.Minute)
	u.CheckReminders(at)
	if len(got) != 1 || got[0].Title != "3 partnerships need you" || !strings.Contains(got[0].Body, "Ana & Cleo") {
		t.Fatalf("notices: %+v", got)
	}
	got[0].Actions[0].Run()
	if u.content.Objects[0] != u.week.object {
		t.Error("the summary's button does not open This week")
	}
	// A session about to start is not folded into a summary
	got = nil
	u.CheckReminders(fixture.In(t, "Europe/Berlin", 2027, 1, 11, 16).Add(50 * time.Minute))
	starts := 0
	for _, n := range got {
		if strings.Contains(n.Title, "in 10 minutes") {
			starts++
		}
	}
	if starts != 3 {
		t.Errorf("%d start reminders, want 3: %+v", starts, got)
	}
}
