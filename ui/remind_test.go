package ui

import (
	"context"
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
