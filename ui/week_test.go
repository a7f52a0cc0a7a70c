package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/twoway-app/twoway/internal/fixture"
)

func TestThisWeekAcrossPartnerships(t *testing.T) {
	ctx := context.Background()
	u, store, _ := newTestUI(t)
	id := fixture.Scheduled(t, store)
	if err := store.SetAgenda(ctx, id, "1. Reels"); err != nil {
		t.Fatal(err)
	}
	u.core.Now = func() time.Time { return fixture.In(t, "Europe/Berlin", 2027, 1, 19, 10) }
	u.Start()

	// When the user opens This week from the sidebar
	test.Tap(u.sidebar.weekBtn)
	if u.content.Objects[0] != u.week.object {
		t.Fatal("This week is not shown")
	}
	sessions, todos := labelsIn(u.week.sessions), labelsIn(u.week.todos)
	// Then the next session is listed in both local times with its agenda, and the unlogged ones need her
	if !strings.Contains(sessions, "Mon 25 Jan 2027 17:00 · 11:00 for Ben") || !strings.Contains(sessions, "agenda set") {
		t.Errorf("sessions: %q", sessions)
	}
	if !strings.Contains(todos, "How did the session of Mon 11 Jan with Ben go?") || !strings.Contains(todos, "sessions with Ben in a row are not logged") {
		t.Errorf("needs you: %q", todos)
	}
	// And its button opens the partnership on the Sessions tab
	for _, o := range test.LaidOutObjects(u.week.todos) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Log it…" {
			test.Tap(b)
			break
		}
	}
	if u.selected != id || u.detail.shownTab() != tabSessions {
		t.Errorf("after Log it…: shown %d, tab %d", u.selected, u.detail.shownTab())
	}
	// With nothing scheduled ahead, it says so
	u.core.Now = func() time.Time { return fixture.In(t, "Europe/Berlin", 2028, 1, 1, 10) }
	u.showWeek()
	if s := labelsIn(u.week.sessions); !strings.Contains(s, "No sessions in the next seven days") {
		t.Errorf("an empty week: %q", s)
	}
}
