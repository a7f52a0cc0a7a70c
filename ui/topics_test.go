package ui

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/storage"
)

func storedTopics(t *testing.T, s *storage.Store, id int64) []string {
	t.Helper()
	ts, err := s.Topics(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, tp := range ts {
		out = append(out, tp.Title+"|"+string(tp.Teacher)+"|"+string(tp.Status))
	}
	return out
}

func shownTopics(s *topicsScreen) []string {
	var out []string
	for _, t := range s.shown {
		out = append(out, t.Title)
	}
	return out
}

func TestTopicsTabSeedAddFilterEditDelete(t *testing.T) {
	u, store, w := newTestUI(t)
	ctx := context.Background()
	p := berlinNewYork()
	p.Me.Wants = []string{"TikTok"}
	p.Partner.Wants = []string{"Negotiation"}
	store.CreatePartnership(ctx, &p)
	u.Start()
	u.showTab(tabTopics)
	s := u.detail.topics
	if !strings.Contains(s.empty.Text, "No topics yet") || !s.empty.Visible() {
		t.Errorf("empty state = %q", s.empty.Text)
	}

	// Suggest from the wants: each wish becomes a proposed topic taught by the other.
	test.Tap(s.seed)
	if !strings.Contains(topDialogText(w), "Added 2 proposed topics") {
		t.Errorf("seed dialog: %q", topDialogText(w))
	}
	dismissAll(t, w)
	if got, want := storedTopics(t, store, p.ID), []string{"TikTok|partner|proposed", "Negotiation|me|proposed"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("stored = %q, want %q", got, want)
	}

	// Ctrl+T's action: a new topic with the title focused.
	u.addTopic()
	if u.detail.tabs.SelectedIndex() != tabTopics || w.Canvas().Focused() != s.title {
		t.Errorf("Add Topic: tab %d, focus %v", u.detail.tabs.SelectedIndex(), w.Canvas().Focused())
	}
	test.Type(s.title, "Board presentations")
	s.teacher.SetSelected("Ana and Ben teach each other")
	s.status.SetSelected("In progress")
	test.Type(s.resources, "https://example.com/deck\nThe Pyramid Principle")
	if len(s.links.Objects) != 1 {
		t.Errorf("links shown = %d, want the one web link", len(s.links.Objects))
	}
	test.Tap(s.save)
	if got := storedTopics(t, store, p.ID); len(got) != 3 || got[2] != "Board presentations|both|in_progress" {
		t.Fatalf("after save: %q", got)
	}

	// Filters: status and direction, and the search box.
	s.statusFilter.SetSelected("Proposed")
	if got := shownTopics(s); !reflect.DeepEqual(got, []string{"TikTok", "Negotiation"}) {
		t.Errorf("proposed = %q", got)
	}
	s.whoFilter.SetSelected("Ben teaches Ana")
	if got := shownTopics(s); !reflect.DeepEqual(got, []string{"TikTok"}) {
		t.Errorf("proposed, Ben teaching = %q", got)
	}
	s.statusFilter.SetSelected(allStatuses)
	s.whoFilter.SetSelected(anyone)
	test.Type(s.search, "pyramid")
	if got := shownTopics(s); !reflect.DeepEqual(got, []string{"Board presentations"}) {
		t.Errorf("search by resource = %q", got)
	}
	s.search.SetText("")

	// An empty title is refused next to the editor and nothing is stored.
	s.list.Select(0)
	s.title.SetText("  ")
	test.Tap(s.save)
	if !s.errs.Visible() || !strings.Contains(s.errs.Text, "Title is required") {
		t.Errorf("error = %q", s.errs.Text)
	}
	if got := storedTopics(t, store, p.ID); got[0] != "TikTok|partner|proposed" {
		t.Errorf("a refused edit was stored: %q", got)
	}

	// Move the first topic down, then delete it after confirming.
	s.list.Select(0)
	test.Tap(s.down)
	if got := storedTopics(t, store, p.ID); !strings.HasPrefix(got[1], "TikTok") {
		t.Errorf("after moving down: %q", got)
	}
	test.Tap(s.del)
	test.Tap(topDialogButtons(w)["Delete"])
	if got := storedTopics(t, store, p.ID); len(got) != 2 || strings.HasPrefix(got[0], "TikTok") || strings.HasPrefix(got[1], "TikTok") {
		t.Errorf("after delete: %q", got)
	}
}

func TestSidebarSearchFindsTopics(t *testing.T) {
	u, store, _ := newTestUI(t)
	ctx := context.Background()
	a, b := berlinNewYork(), berlinNewYork()
	b.Title = "Chen & Dara"
	store.CreatePartnership(ctx, &a)
	store.CreatePartnership(ctx, &b)
	store.AddTopic(ctx, &mentoring.Topic{PartnershipID: b.ID, Title: "Podcast editing", Teacher: mentoring.SideMe, Status: mentoring.TopicAgreed})
	u.Start()
	test.Type(u.sidebar.search, "podcast")
	if len(u.sidebar.shown) != 1 || u.sidebar.shown[0].ID != b.ID {
		t.Fatalf("search by topic shows %+v", u.sidebar.shown)
	}
	if got := u.sidebar.because[b.ID]; got != "Podcast editing" {
		t.Errorf("match reason = %q", got)
	}
	u.sidebar.search.SetText("chen")
	if len(u.sidebar.shown) != 1 || u.sidebar.because[b.ID] != "" {
		t.Errorf("search by title: %+v, reason %q", u.sidebar.shown, u.sidebar.because[b.ID])
	}
}
