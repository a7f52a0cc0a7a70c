package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/storage"
)

// benchUI is newTestUI for benchmarks.
func benchUI(b *testing.B) (*UI, *storage.Store) {
	b.Helper()
	a := test.NewTempApp(b)
	store, err := storage.Open(context.Background(), filepath.Join(b.TempDir(), "twoway.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	w := test.NewTempWindow(b, nil)
	w.Resize(fyne.NewSize(1100, 800))
	u := New(a, w, Options{Store: store})
	u.run = func(work, done func()) { work(); done() }
	u.detail.now = func() time.Time { return time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC) }
	return u, store
}

// BenchmarkScaleSidebarSearch is one keystroke in the search box over
// 1,000 partnerships with 10 topics each: the work done on the UI
// goroutine, which must stay well under a 16 ms frame.
func BenchmarkScaleSidebarSearch(b *testing.B) {
	u, _ := benchUI(b)
	list := make([]mentoring.Summary, 1000)
	for i := range list {
		list[i] = mentoring.Summary{ID: int64(i + 1), Title: fmt.Sprintf("Pair %04d: leadership ⇄ social media", i),
			MeName: fmt.Sprintf("Mentor %d", i), PartnerName: fmt.Sprintf("Partner %d", i), PartnerZone: "Asia/Tokyo"}
		for k := 0; k < 10; k++ {
			list[i].Topics = append(list[i].Topics, fmt.Sprintf("Topic %d of pair %d: podcasts and pitching", k, i))
		}
	}
	u.sidebar.setItems(list)
	queries := []string{"p", "po", "pod", "podc", "pair 09", "mentor 5", ""}
	i := 0
	for b.Loop() {
		u.sidebar.search.SetText(queries[i%len(queries)])
		i++
	}
	if len(u.sidebar.shown) != 1000 {
		b.Fatalf("empty search shows %d", len(u.sidebar.shown))
	}
}

// BenchmarkScaleShowHistory is the UI goroutine's share of opening a
// partnership or switching to its Topics and Sessions tabs: filling the
// Overview cards, the topic list and the session list from a loaded
// history of 50 sessions and 10 topics.
func BenchmarkScaleShowHistory(b *testing.B) {
	u, store := benchUI(b)
	ctx := context.Background()
	p := berlinNewYork()
	p.From = calendar.Date{Year: 2026, Month: 1, Day: 5}
	p.Until = calendar.Date{Year: 2026, Month: 12, Day: 31}
	if _, err := store.CreatePartnership(ctx, &p); err != nil {
		b.Fatal(err)
	}
	c := calendar.Cadence{Unit: calendar.Weekly, Interval: 1, Days: []time.Weekday{time.Monday}, At: 17 * 60,
		Minutes: 60, From: p.From, Count: 50, Anchor: calendar.AnchorMe}
	if err := store.SetSchedule(ctx, p.ID, c); err != nil {
		b.Fatal(err)
	}
	for k := 0; k < 10; k++ {
		t := mentoring.Topic{PartnershipID: p.ID, Title: fmt.Sprintf("Topic %d", k), Teacher: mentoring.SideMe, Status: mentoring.TopicInProgress}
		if _, err := store.AddTopic(ctx, &t); err != nil {
			b.Fatal(err)
		}
	}
	h, err := store.History(ctx, p.ID)
	if err != nil || len(h.Sessions) != 50 {
		b.Fatalf("%d sessions, %v", len(h.Sessions), err)
	}
	u.Start()
	d := u.detail
	// Opening a partnership fills the Overview; Topics and Sessions wait
	// until shown.
	b.Run("fill", func(b *testing.B) {
		for b.Loop() {
			d.fillHistory(h)
		}
	})
	// Filling the Sessions tab while it is shown: a session logged.
	b.Run("fill-shown-sessions", func(b *testing.B) {
		u.showTab(tabSessions)
		for b.Loop() {
			d.fillHistory(h)
		}
		if len(d.sessions.h.Sessions) != 50 {
			b.Fatalf("the Sessions tab shows %d sessions", len(d.sessions.h.Sessions))
		}
		u.showTab(tabOverview)
	})
	b.Run("switch-tab", func(b *testing.B) {
		tabs := []int{tabOverview, tabSchedule, tabTopics, tabSessions, tabInvites}
		i := 0
		for b.Loop() {
			u.showTab(tabs[i%len(tabs)])
			i++
		}
		if d.tabs.SelectedIndex() != tabs[(i-1)%len(tabs)] {
			b.Fatalf("tab %d shown", d.tabs.SelectedIndex())
		}
	})
}
