package storage

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/twoway-app/twoway/internal/mentoring"
)

// loadFixture builds a database file from a frozen testdata/schema-vN.sql.
func loadFixture(t *testing.T, name string) string {
	t.Helper()
	ddl, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "fixture.db")
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(string(ddl)); err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return path
}

// TestOpenFrozenSchemas opens databases as schema 4 and the first release
// (schema 5) wrote them, with a schedule, a skipped session, a sent invite
// and mail settings, and checks everything reads back after the upgrade.
func TestOpenFrozenSchemas(t *testing.T) {
	for _, tc := range []struct{ file, agenda string }{
		{"schema-v4.sql", ""},
		{"schema-v5.sql", "Review Ben's first post"},
		{"schema-v6.sql", "Review Ben's first post"},
	} {
		t.Run(tc.file, func(t *testing.T) { checkFixture(t, tc.file, tc.agenda) })
	}
}

// TestOpenFrozenSchemaV6History checks the topics, session log and action
// items schema 6 wrote read back after any later upgrade.
func TestOpenFrozenSchemaV6History(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, loadFixture(t, "schema-v6.sql"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	h, err := s.History(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !h.Partnership.RotateLead || h.Partnership.FirstLead != mentoring.SidePartner {
		t.Errorf("rotation: %v %q", h.Partnership.RotateLead, h.Partnership.FirstLead)
	}
	if len(h.Topics) != 2 || h.Topics[0].Title != "Social media" || h.Topics[0].Status != mentoring.TopicInProgress ||
		h.Topics[0].Resources[0] != "https://example.com/reels" || h.Topics[1].Notes != "Start with 1:1s" {
		t.Errorf("topics: %+v", h.Topics)
	}
	held := h.Sessions[0]
	if held.Outcome != mentoring.OutcomeHeld || held.Leader != mentoring.SidePartner || held.Minutes != 55 || held.PartnerReflection != "Fun" ||
		len(held.Covered) != 1 || held.Covered[0].TopicID != h.Topics[0].ID || len(held.PlannedTopics) != 2 {
		t.Errorf("logged session: %+v", held)
	}
	if len(h.Actions) != 1 || h.Actions[0].Text != "Post one Reel" || h.Actions[0].Due.String() != "2027-01-10" {
		t.Errorf("actions: %+v", h.Actions)
	}
}

func checkFixture(t *testing.T, file, agenda string) {
	ctx := context.Background()
	s, err := Open(ctx, loadFixture(t, file))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer s.Close()
	var v int
	s.pool.QueryRow(`PRAGMA user_version`).Scan(&v)
	if v != SchemaVersion() {
		t.Errorf("user_version %d, want %d", v, SchemaVersion())
	}
	p, err := s.GetPartnership(ctx, 1)
	if err != nil || p.Title != "Ana & Ben" || p.Partner.Offers[0] != "Social media" || p.Rules.Custom[0] != "Cameras on" || p.Agenda != agenda {
		t.Fatalf("partnership: %+v %v", p, err)
	}
	c, err := s.GetSchedule(ctx, 1)
	if err != nil || c.At != 17*60 || c.Days[0] != time.Monday || c.Until != p.Until {
		t.Errorf("schedule: %+v %v", c, err)
	}
	exc, err := s.Exceptions(ctx, 1)
	if err != nil || len(exc) != 1 || !exc[0].Skipped {
		t.Errorf("exceptions: %+v %v", exc, err)
	}
	st, err := s.Invite(ctx, 1)
	if err != nil || !st.Sent || st.Sequence != 0 || st.UID == "" {
		t.Errorf("invite: %+v %v", st, err)
	}
	// What was sent is what the next message continues from
	out, err := prepareInvite(ctx, s, 1, mentoring.MethodRequest, nil, time.Now())
	if err != nil || out.Sequence != 0 || out.Changed {
		t.Errorf("resend after upgrade: sequence %d changed %v err %v", out.Sequence, out.Changed, err)
	}
}
