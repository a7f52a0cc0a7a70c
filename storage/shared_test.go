package storage

import (
	"context"
	"errors"
	"testing"

	"github.com/twoway-app/twoway/internal/mentoring"
)

// TestEveryWriterCountsAsARecordChange: a sync stops after its one
// request when the change count has not moved since the last completed
// sync, so every way the shared record can change here must move it: the
// screens' and the command line's writers, a sync's own merges and an
// imported record (both ApplyRecord), the UIDs Record hands out, and a
// change of calendar that forgets the synced bases.
func TestEveryWriterCountsAsARecordChange(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	id := pairWithSchedule(t, s)
	if _, _, err := s.SyncVersions(ctx, id); !errors.Is(err, ErrNotFound) {
		t.Fatalf("versions of a partnership never shared: %v, want ErrNotFound", err)
	}
	sh := mentoring.Share{PartnershipID: id, ServerURL: "https://dav.example.org/", Username: "ana", Calendar: "/ana/pair/"}
	if err := s.SetShare(ctx, sh); err != nil {
		t.Fatal(err)
	}
	rv, synced, err := s.SyncVersions(ctx, id)
	if err != nil || synced != -1 {
		t.Fatalf("a new share: record %d, synced %d, %v; want synced -1 (never)", rv, synced, err)
	}
	sessions, err := s.Sessions(ctx, id)
	if err != nil || len(sessions) < 2 {
		t.Fatalf("sessions %d, %v", len(sessions), err)
	}
	first := sessions[0].Original

	var topicID, secondID, actionID int64
	steps := []struct {
		name string
		do   func() error
	}{
		{"AddTopic", func() (err error) {
			topicID, err = s.AddTopic(ctx, &mentoring.Topic{PartnershipID: id, Title: "Negotiation",
				Teacher: mentoring.SideMe, Status: mentoring.TopicProposed})
			return err
		}},
		{"UpdateTopic", func() error {
			tp, err := s.GetTopic(ctx, topicID)
			if err != nil {
				return err
			}
			tp.Notes = "Start with BATNA"
			return s.UpdateTopic(ctx, &tp)
		}},
		{"SetTopicStatus", func() error { return s.SetTopicStatus(ctx, topicID, mentoring.TopicAgreed) }},
		{"another AddTopic", func() (err error) {
			secondID, err = s.AddTopic(ctx, &mentoring.Topic{PartnershipID: id, Title: "Reels",
				Teacher: mentoring.SidePartner, Status: mentoring.TopicProposed})
			return err
		}},
		{"ReorderTopics", func() error { return s.ReorderTopics(ctx, id, []int64{secondID, topicID}) }},
		{"MoveTopic", func() error { return s.MoveTopic(ctx, topicID, -1) }},
		{"LogSession", func() error {
			return s.LogSession(ctx, id, mentoring.SessionLog{Original: first, Outcome: mentoring.OutcomeHeld,
				Leader: mentoring.SideMe, MyReflection: "Went well.",
				Covered: []mentoring.Coverage{{TopicID: topicID, LedBy: mentoring.SideMe}}})
		}},
		{"ClearSessionLog", func() error { return s.ClearSessionLog(ctx, id, first) }},
		{"AddActionItem", func() (err error) {
			actionID, err = s.AddActionItem(ctx, &mentoring.ActionItem{PartnershipID: id, Text: "Read chapter 1",
				Owner: mentoring.SideMe})
			return err
		}},
		{"SetActionDone", func() error { return s.SetActionDone(ctx, actionID, true) }},
		{"DeleteActionItem", func() error { return s.DeleteActionItem(ctx, actionID) }},
		{"DeleteTopic", func() error { return s.DeleteTopic(ctx, secondID) }},
		{"UpdatePartnership", func() error {
			p, err := s.GetPartnership(ctx, id)
			if err != nil {
				return err
			}
			p.Me.Offers = append(p.Me.Offers, "Spreadsheets")
			return s.UpdatePartnership(ctx, &p)
		}},
		{"ApplyRecord: a topic from the partner", func() error {
			return s.ApplyRecord(ctx, id, mentoring.RecordChange{PutTopics: []mentoring.Topic{{UID: "ben-topic@twoway.app",
				Title: "Budgets", Teacher: mentoring.SidePartner, Status: mentoring.TopicProposed, Updated: now}}})
		}},
		{"ApplyRecord: a synced base only", func() error {
			return s.ApplyRecord(ctx, id, mentoring.RecordChange{PutObjects: []mentoring.SyncObject{{UID: "ben-topic@twoway.app",
				Kind: "topic", Path: "/ana/pair/ben-topic.ics", ETag: `"1"`, Base: []byte("BEGIN:VCALENDAR")}}})
		}},
		{"ApplyRecord: the profile", func() error {
			p, err := s.GetPartnership(ctx, id)
			if err != nil {
				return err
			}
			p.Title = "Ana and Ben"
			return s.ApplyRecord(ctx, id, mentoring.RecordChange{Profile: &p})
		}},
		{"Record gives a topic without UID one", func() error {
			// A topic as storage v8 kept it: no UID yet. The raw insert
			// itself counts; what is checked is that Record's UID does too.
			if _, err := s.pool.ExecContext(ctx, `INSERT INTO topic (partnership_id, position, title, teacher, status,
				created_at, updated_at) VALUES (?, 9, 'Old topic', 'me', 'proposed', '', '')`, id); err != nil {
				return err
			}
			before, _, err := s.SyncVersions(ctx, id)
			if err != nil {
				return err
			}
			if _, err := s.Record(ctx, id); err != nil {
				return err
			}
			after, _, err := s.SyncVersions(ctx, id)
			if err == nil && after == before {
				return errors.New("Record gave a UID without counting it")
			}
			return err
		}},
		{"SetShare with another calendar", func() error {
			other := sh
			other.Calendar = "/ana/other/"
			return s.SetShare(ctx, other)
		}},
	}
	for _, st := range steps {
		before, _, err := s.SyncVersions(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		after, _, err := s.SyncVersions(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if after <= before {
			t.Errorf("%s left the change count at %d", st.name, after)
		}
	}

	// What a sync records about itself is no change of the record.
	before, _, _ := s.SyncVersions(ctx, id)
	token := "token-2"
	if err := s.SyncState(ctx, id, &token, now, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSyncedVersion(ctx, id, before); err != nil {
		t.Fatal(err)
	}
	if after, synced, _ := s.SyncVersions(ctx, id); after != before || synced != before {
		t.Errorf("after SyncState and SetSyncedVersion(%d): record %d, synced %d", before, after, synced)
	}

	// Deleting the partnership takes its share and the triggers' rows along.
	if err := s.DeletePartnership(ctx, id); err != nil {
		t.Fatalf("delete a shared partnership: %v", err)
	}
}

// TestApplySyncedRecord: the count a sync may record as synced covers its
// own writes, but never an edit made here while it ran.
func TestApplySyncedRecord(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	id := pairWithSchedule(t, s)
	if err := s.SetShare(ctx, mentoring.Share{PartnershipID: id, ServerURL: "https://dav.example.org/", Username: "ana",
		Calendar: "/ana/pair/"}); err != nil {
		t.Fatal(err)
	}
	topic := func(uid string) mentoring.RecordChange {
		return mentoring.RecordChange{PutTopics: []mentoring.Topic{{UID: uid, Title: uid, Teacher: mentoring.SidePartner,
			Status: mentoring.TopicProposed, Updated: now}}}
	}
	from, _, err := s.SyncVersions(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.ApplySyncedRecord(ctx, id, topic("a@twoway.app"), from)
	if err != nil {
		t.Fatal(err)
	}
	if cur, _, _ := s.SyncVersions(ctx, id); got != cur || got <= from {
		t.Errorf("nothing else wrote: got %d, want the new count %d (> %d)", got, cur, from)
	}
	if again, err := s.ApplySyncedRecord(ctx, id, mentoring.RecordChange{}, got); err != nil || again != got {
		t.Errorf("an empty change: %d, %v; want %d", again, err, got)
	}

	// The user edits while the sync runs: the sync's count stays behind.
	from = got
	if _, err := s.AddTopic(ctx, &mentoring.Topic{PartnershipID: id, Title: "Typed meanwhile",
		Teacher: mentoring.SideMe, Status: mentoring.TopicProposed}); err != nil {
		t.Fatal(err)
	}
	got, err = s.ApplySyncedRecord(ctx, id, topic("b@twoway.app"), from)
	if err != nil {
		t.Fatal(err)
	}
	if cur, _, _ := s.SyncVersions(ctx, id); got != from || cur <= from {
		t.Errorf("an edit meanwhile: got %d, want %d (the count is now %d)", got, from, cur)
	}
	if _, err := s.ApplySyncedRecord(ctx, id+1, topic("c@twoway.app"), 0); !errors.Is(err, ErrNotFound) {
		t.Errorf("a partnership without a share: %v, want ErrNotFound", err)
	}
}
