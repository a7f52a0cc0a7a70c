package storage

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/twoway-app/twoway/internal/mailtext"
	"github.com/twoway-app/twoway/internal/mentoring"
)

func topicTitles(ts []mentoring.Topic) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Title)
	}
	return out
}

func TestTopicsAddEditReorderDelete(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	p := validPair()
	id, err := s.CreatePartnership(ctx, &p)
	if err != nil {
		t.Fatal(err)
	}
	add := func(title string, teacher mentoring.Side, status mentoring.TopicStatus, res ...string) int64 {
		t.Helper()
		tp := mentoring.Topic{PartnershipID: id, Title: title, Teacher: teacher, Status: status, Resources: res}
		tid, err := s.AddTopic(ctx, &tp)
		if err != nil {
			t.Fatalf("add %q: %v", title, err)
		}
		return tid
	}
	a := add("  TikTok for executives ", mentoring.SidePartner, mentoring.TopicAgreed, "https://example.com/feed", " ")
	b := add("Board presentations", mentoring.SideMe, mentoring.TopicProposed)
	c := add("Mutual feedback 🙂", mentoring.SideBoth, mentoring.TopicInProgress)

	got, err := s.Topics(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"TikTok for executives", "Board presentations", "Mutual feedback 🙂"}; !reflect.DeepEqual(topicTitles(got), want) {
		t.Fatalf("topics = %q, want %q", topicTitles(got), want)
	}
	if !reflect.DeepEqual(got[0].Resources, []string{"https://example.com/feed"}) {
		t.Errorf("resources = %q: want the blank entry dropped", got[0].Resources)
	}
	if mailtext.Direction(p, got[0].Teacher) != "Ben teaches Ana" || mailtext.Direction(p, got[1].Teacher) != "Ana teaches Ben" || mailtext.Direction(p, got[2].Teacher) != "Ana and Ben teach each other" {
		t.Errorf("directions = %q, %q, %q", mailtext.Direction(p, got[0].Teacher), mailtext.Direction(p, got[1].Teacher), mailtext.Direction(p, got[2].Teacher))
	}

	// Reorder: move the last to the top, then one down.
	if err := s.MoveTopic(ctx, c, -5); err != nil {
		t.Fatal(err)
	}
	if err := s.MoveTopic(ctx, a, 1); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Topics(ctx, id)
	if want := []int64{c, b, a}; !reflect.DeepEqual([]int64{got[0].ID, got[1].ID, got[2].ID}, want) {
		t.Errorf("order after moves = %v, want %v", []int64{got[0].ID, got[1].ID, got[2].ID}, want)
	}
	if err := s.ReorderTopics(ctx, id, []int64{a, a, b}); err == nil {
		t.Error("a reorder listing a topic twice was accepted")
	}
	if err := s.ReorderTopics(ctx, id, []int64{a, b}); err == nil {
		t.Error("a reorder missing a topic was accepted")
	}
	after, _ := s.Topics(ctx, id)
	if !reflect.DeepEqual(after, got) {
		t.Error("a refused reorder changed the order")
	}

	// Edit, and refuse bad edits without storing them.
	tp, err := s.GetTopic(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	tp.Status, tp.Notes = mentoring.TopicDone, "Went\r\nwell"
	if err := s.UpdateTopic(ctx, &tp); err != nil {
		t.Fatal(err)
	}
	if back, _ := s.GetTopic(ctx, b); back.Status != mentoring.TopicDone || back.Notes != "Went\nwell" {
		t.Errorf("after update: %+v", back)
	}
	for _, bad := range []struct {
		name  string
		edit  func(*mentoring.Topic)
		field string
	}{
		{"empty title", func(t *mentoring.Topic) { t.Title = "  " }, "title"},
		{"two-line title", func(t *mentoring.Topic) { t.Title = "a\nb" }, "title"},
		{"invalid UTF-8", func(t *mentoring.Topic) { t.Title = "bad \xff" }, "title"},
		{"unknown teacher", func(t *mentoring.Topic) { t.Teacher = "boss" }, "teacher"},
		{"unknown status", func(t *mentoring.Topic) { t.Status = "finished" }, "status"},
		{"huge notes", func(t *mentoring.Topic) { t.Notes = strings.Repeat("x", mentoring.MaxNotes+1) }, "notes"},
		{"NUL in notes", func(t *mentoring.Topic) { t.Notes = "a\x00b" }, "notes"},
	} {
		tp, _ := s.GetTopic(ctx, b)
		bad.edit(&tp)
		err := s.UpdateTopic(ctx, &tp)
		var ve *mentoring.ValidationError
		if !errors.As(err, &ve) || msgFor(ve, bad.field) == "" {
			t.Errorf("%s: err = %v, want a validation error on %s", bad.name, err, bad.field)
		}
		if back, _ := s.GetTopic(ctx, b); back.Status != mentoring.TopicDone || back.Notes != "Went\nwell" || back.Title != "Board presentations" {
			t.Errorf("%s: a refused edit was stored: %+v", bad.name, back)
		}
	}
	if _, err := s.AddTopic(ctx, &mentoring.Topic{PartnershipID: 999, Title: "x", Teacher: mentoring.SideMe, Status: mentoring.TopicAgreed}); !errors.Is(err, ErrNotFound) {
		t.Errorf("topic for a missing partnership: %v, want ErrNotFound", err)
	}

	if err := s.DeleteTopic(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteTopic(ctx, a); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
	// Deleting the partnership deletes its topics.
	if err := s.DeletePartnership(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetTopic(ctx, c); !errors.Is(err, ErrNotFound) {
		t.Errorf("topic of a deleted partnership: %v", err)
	}
}

func TestSeedTopicsFromWants(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	p := validPair()
	p.Me.Wants = []string{"Social media", "TikTok"}
	p.Partner.Wants = []string{"Leadership"}
	id, _ := s.CreatePartnership(ctx, &p)
	// The pair already has a topic for one of the wants (in other case).
	if _, err := s.AddTopic(ctx, &mentoring.Topic{PartnershipID: id, Title: "tiktok", Teacher: mentoring.SidePartner, Status: mentoring.TopicAgreed}); err != nil {
		t.Fatal(err)
	}
	n, err := s.SeedTopics(ctx, id)
	if err != nil || n != 2 {
		t.Fatalf("seeded %d (%v), want 2", n, err)
	}
	got, _ := s.Topics(ctx, id)
	want := map[string]mentoring.Side{"tiktok": mentoring.SidePartner, "Social media": mentoring.SidePartner, "Leadership": mentoring.SideMe}
	if len(got) != len(want) {
		t.Fatalf("topics = %q", topicTitles(got))
	}
	for _, tp := range got {
		if want[tp.Title] != tp.Teacher {
			t.Errorf("%q taught by %q, want %q", tp.Title, tp.Teacher, want[tp.Title])
		}
		if tp.Title != "tiktok" && tp.Status != mentoring.TopicProposed {
			t.Errorf("seeded %q has status %q, want proposed", tp.Title, tp.Status)
		}
	}
	if n, err := s.SeedTopics(ctx, id); err != nil || n != 0 {
		t.Errorf("seeding again added %d (%v)", n, err)
	}
}

func TestListPartnershipsCarriesTopicsForSearch(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	p := validPair()
	id, _ := s.CreatePartnership(ctx, &p)
	q := validPair()
	q.Title = "Other pair"
	if _, err := s.CreatePartnership(ctx, &q); err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"Negotiating a raise", "Reels"} {
		if _, err := s.AddTopic(ctx, &mentoring.Topic{PartnershipID: id, Title: title, Teacher: mentoring.SideMe, Status: mentoring.TopicAgreed}); err != nil {
			t.Fatal(err)
		}
	}
	list, err := s.ListPartnerships(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, sum := range list {
		var want []string
		if sum.ID == id {
			want = []string{"Negotiating a raise", "Reels"}
		}
		if !reflect.DeepEqual(sum.Topics, want) {
			t.Errorf("%s: topics %q, want %q", sum.Title, sum.Topics, want)
		}
	}
}

func TestParseTopicStatusAndSide(t *testing.T) {
	for in, want := range map[string]mentoring.TopicStatus{"in progress": mentoring.TopicInProgress, "In-Progress": mentoring.TopicInProgress, "DONE": mentoring.TopicDone, "proposed": mentoring.TopicProposed} {
		if got, err := mentoring.ParseTopicStatus(in); err != nil || got != want {
			t.Errorf("ParseTopicStatus(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := mentoring.ParseTopicStatus("finished"); err == nil {
		t.Error("finished accepted")
	}
	for in, want := range map[string]mentoring.Side{"me": mentoring.SideMe, " Partner ": mentoring.SidePartner, "both": mentoring.SideBoth} {
		if got, err := mentoring.ParseSide(in); err != nil || got != want {
			t.Errorf("ParseSide(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := mentoring.ParseSide("boss"); err == nil {
		t.Error("boss accepted")
	}
}
