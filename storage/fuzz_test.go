package storage

import (
	"bytes"
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/twoway-app/twoway/internal/fixture"
	"github.com/twoway-app/twoway/internal/mentoring"
)

// The two ways outside data reaches the database: a partner's answer read
// from a file or mail, and what a user types into a partnership. Both are
// fuzzed against a real SQLite file.

// fuzzStore opens a database in f's temporary folder with the Berlin/New
// York pair, its schedule and a sent invite, and returns the invite's UID.
func fuzzStore(f *testing.F) (*Store, int64, string) {
	f.Helper()
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	id := fixture.Scheduled(f, s)
	out, err := prepareInvite(ctx, s, id, mentoring.MethodRequest, nil, now)
	if err != nil {
		f.Fatal(err)
	}
	if err := s.RecordSent(ctx, out, now); err != nil {
		f.Fatal(err)
	}
	st, err := s.Invite(ctx, id)
	if err != nil || !st.Sent {
		f.Fatalf("invite %+v, %v", st, err)
	}
	return s, id, st.UID
}

// FuzzImportResponse feeds arbitrary files to the answer importer. Inputs
// say {UID} where the invite's UID goes (it is random per database), so a
// saved failing input replays the same way. Whatever the input: no panic,
// and either exactly one answer is recorded, holding the input, or an
// error is returned and nothing at all changed.
func FuzzImportResponse(f *testing.F) {
	s, id, uid := fuzzStore(f)
	f.Add([]byte(fixture.ReplyICS))
	f.Add([]byte(strings.Replace(fixture.ReplyICS, "ACCEPTED", "DECLINED", 1)))
	f.Add(fixture.FillICS(fixture.CounterICS, "{RID}", "RECURRENCE-ID;TZID=Europe/Berlin:20270111T170000\r\n",
		"{START}", "20270111T100000", "{END}", "20270111T110000"))
	f.Add(fixture.FillICS(fixture.CounterICS, "{RID}", "", "{START}", "20270111T100000", "{END}", "20270111T090000"))
	f.Add([]byte(strings.Replace(fixture.ReplyICS, "METHOD:REPLY", "METHOD:REQUEST", 1)))
	f.Add([]byte("BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID;X=\"a:{UID}\r\n"))
	f.Add([]byte("not a calendar"))
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, data []byte) {
		data = bytes.ReplaceAll(data, []byte("{UID}"), []byte(uid))
		data = bytes.ReplaceAll(data, []byte("{FROM}"), []byte("ben@example.com"))
		before, err := s.Responses(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		invBefore, err := s.Invite(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		r, err := s.ImportResponse(ctx, data, now)
		after, err2 := s.Responses(ctx, id)
		if err2 != nil {
			t.Fatal(err2)
		}
		if err != nil {
			invAfter, _ := s.Invite(ctx, id)
			if len(after) != len(before) || !reflect.DeepEqual(invAfter, invBefore) {
				t.Fatalf("refused (%v) but changed the database: %d answers before, %d after", err, len(before), len(after))
			}
			return
		}
		if len(after) != len(before)+1 || after[0].ID != r.ID || after[0].Raw != string(data) {
			t.Fatalf("imported %+v: %d answers before, %d after", r, len(before), len(after))
		}
		if r.Method != "REPLY" && r.Method != "COUNTER" {
			t.Fatalf("recorded a %q as an answer", r.Method)
		}
	})
}

// FuzzPartnershipText stores whatever text validates and reads it back
// unchanged: names, title, lists and agenda are kept exactly (emoji, quotes,
// SQL), and text that does not validate is refused before anything is
// written.
func FuzzPartnershipText(f *testing.F) {
	s, _, _ := fuzzStore(f)
	for _, seed := range [][4]string{
		{"Ana 🚀 & Ben 👩🏽‍💻", "Ben \"The Boss\" O'Okafor", "Leadership\nSocial media", "1. Reels\n2. Budgets"},
		{"'); DROP TABLE partnership;--", "Robert'); DELETE FROM person;--", "a\x00b", "\x1b[2J"},
		{"Ana\r\nBen", "B\xffn", "\t\n\n ", strings.Repeat("x", 4001)},
		{"", " ", "Ü\u2028ber", "tab\there"},
	} {
		f.Add(seed[0], seed[1], seed[2], seed[3])
	}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, title, name, offers, agenda string) {
		p := validPair()
		p.Title, p.Partner.Name, p.Agenda = title, name, agenda
		p.Me.Offers = strings.Split(offers, "\n")
		before, err := s.ListPartnerships(ctx)
		if err != nil {
			t.Fatal(err)
		}
		id, err := s.CreatePartnership(ctx, &p)
		if err != nil {
			if !mentoring.IsValidation(err) {
				t.Fatalf("CreatePartnership: %v", err)
			}
			if after, _ := s.ListPartnerships(ctx); len(after) != len(before) {
				t.Fatalf("refused (%v) but stored it", err)
			}
			return
		}
		got, err := s.GetPartnership(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		// CreatePartnership normalized p: what it validated is what must come back.
		if got.Title != p.Title || got.Partner.Name != p.Partner.Name || got.Agenda != p.Agenda ||
			!reflect.DeepEqual(nonNilList(got.Me.Offers), nonNilList(p.Me.Offers)) {
			t.Fatalf("stored %q / %q / %q / %q, read back %q / %q / %q / %q",
				p.Title, p.Partner.Name, p.Me.Offers, p.Agenda, got.Title, got.Partner.Name, got.Me.Offers, got.Agenda)
		}
		if err := s.DeletePartnership(ctx, id); err != nil {
			t.Fatal(err)
		}
	})
}

func nonNilList(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}
