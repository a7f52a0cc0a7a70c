package storage

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/fixture"
	"github.com/twoway-app/twoway/internal/mailtext"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/report"
)

func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "sub", "twoway.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// validPair is the shared fixture's partnership (fixture.Pair).
func validPair() mentoring.Partnership { return fixture.Pair() }

// pairWithSchedule stores the fixture's pair with its weekly cadence.
func pairWithSchedule(t *testing.T, s *Store) int64 { return fixture.Scheduled(t, s) }

var now = fixture.Now

func berlin(t *testing.T, y int, m time.Month, d, h int) time.Time {
	return fixture.In(t, "Europe/Berlin", y, m, d, h)
}

// prepareInvite builds the next REQUEST or CANCEL of partnership id from
// what the store holds, as the service does, so storage's tests can record
// and import against a real invite.
func prepareInvite(ctx context.Context, s *Store, id int64, method string, instance *time.Time, now time.Time) (mentoring.Outgoing, error) {
	p, err := s.GetPartnership(ctx, id)
	if err != nil {
		return mentoring.Outgoing{}, err
	}
	c, err := s.GetSchedule(ctx, id)
	if err != nil {
		return mentoring.Outgoing{}, err
	}
	exc, err := s.Exceptions(ctx, id)
	if err != nil {
		return mentoring.Outgoing{}, err
	}
	st, err := s.Invite(ctx, id)
	if err != nil {
		return mentoring.Outgoing{}, err
	}
	return mentoring.Prepare(p, c, exc, st, method, instance, mailtext.Description(p), now)
}

func TestCreateGetRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	// Given a valid partnership with lists and padded text
	p := validPair()
	p.Title = "  Ana & Ben  "
	p.Me.Offers = append(p.Me.Offers, "   ")
	// When it is created and read back
	id, err := s.CreatePartnership(ctx, &p)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	got, err := s.GetPartnership(ctx, id)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	// Then every field survives, trimmed, with blank list entries dropped
	want := validPair()
	want.ID = id
	got.Created, got.Updated = want.Created, want.Updated
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
	}
}

func TestListUpdateDelete(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	a, b := validPair(), validPair()
	b.Title = "Cleo & Dev"
	b.Partner.Name = "Dev Patel"
	b.Partner.Zone = "Asia/Kolkata"
	if _, err := s.CreatePartnership(ctx, &a); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreatePartnership(ctx, &b); err != nil {
		t.Fatal(err)
	}
	list, err := s.ListPartnerships(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Title != "Ana & Ben" || list[1].PartnerZone != "Asia/Kolkata" {
		t.Fatalf("list = %+v", list)
	}

	// When b is updated with shorter lists, the old entries are gone
	b.Partner.Offers = []string{"Cricket analytics"}
	b.Rules.Custom = nil
	if err := s.UpdatePartnership(ctx, &b); err != nil {
		t.Fatalf("Update: %v", err)
	}
	got, _ := s.GetPartnership(ctx, b.ID)
	if !reflect.DeepEqual(got.Partner.Offers, []string{"Cricket analytics"}) || got.Rules.Custom != nil {
		t.Errorf("after update: offers %q rules %q", got.Partner.Offers, got.Rules.Custom)
	}

	// Delete removes the partnership and its list rows
	if err := s.DeletePartnership(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetPartnership(ctx, a.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get deleted: %v, want ErrNotFound", err)
	}
	var n int
	s.pool.QueryRow(`SELECT count(*) FROM partnership_item WHERE partnership_id = ?`, a.ID).Scan(&n)
	if n != 0 {
		t.Errorf("%d list rows left after delete", n)
	}
	if err := s.DeletePartnership(ctx, a.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v, want ErrNotFound", err)
	}
	missing := validPair()
	missing.ID = 999
	if err := s.UpdatePartnership(ctx, &missing); !errors.Is(err, ErrNotFound) {
		t.Errorf("update missing: %v, want ErrNotFound", err)
	}
}

func TestValidateRefusesBadInput(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*mentoring.Partnership)
		field string
		msg   string
	}{
		{"empty title", func(p *mentoring.Partnership) { p.Title = " " }, "title", "required"},
		{"empty name", func(p *mentoring.Partnership) { p.Me.Name = "" }, "me.name", "required"},
		{"name with newline", func(p *mentoring.Partnership) { p.Partner.Name = "Ben\r\nBcc: x" }, "partner.name", "single line"},
		{"bad email", func(p *mentoring.Partnership) { p.Partner.Email = "ben at example" }, "partner.email", "not an email"},
		{"email with display name", func(p *mentoring.Partnership) { p.Me.Email = "Ana <ana@example.org>" }, "me.email", "not an email"},
		{"email without domain dot", func(p *mentoring.Partnership) { p.Me.Email = "ana@localhost" }, "me.email", "not an email"},
		{"unknown zone", func(p *mentoring.Partnership) { p.Partner.Zone = "Mars/Olympus" }, "partner.zone", "unknown time zone"},
		{"Local zone", func(p *mentoring.Partnership) { p.Me.Zone = "Local" }, "me.zone", "unknown time zone"},
		{"no zone", func(p *mentoring.Partnership) { p.Partner.Zone = "" }, "partner.zone", "is required: type a city"},
		{"empty hours", func(p *mentoring.Partnership) { p.Me.Hours = calendar.Window{Start: 600, End: 600} }, "me.hours", "empty"},
		{"hours past midnight", func(p *mentoring.Partnership) { p.Me.Hours = calendar.Window{Start: 25 * 60, End: 26 * 60} }, "me.hours", "out of range"},
		{"end before start", func(p *mentoring.Partnership) { p.Until = calendar.Date{Year: 2026, Month: 12, Day: 1} }, "until", "before it starts"},
		{"not a link", func(p *mentoring.Partnership) { p.Link = "meet.jit.si/room" }, "link", "not a web link"},
		{"javascript link", func(p *mentoring.Partnership) { p.Link = "javascript:alert(1)" }, "link", "not a web link"},
		{"invalid UTF-8", func(p *mentoring.Partnership) { p.Title = "Ana \xff Ben" }, "title", "invalid characters"},
		{"title too long", func(p *mentoring.Partnership) { p.Title = strings.Repeat("é", 201) }, "title", "longer than 200"},
		{"huge list", func(p *mentoring.Partnership) {
			p.Me.Wants = make([]string, 101)
			p.Me.Wants[0] = "x"
			fill(p.Me.Wants)
		}, "me.wants", "more than 100"},
		{"list entry too long", func(p *mentoring.Partnership) { p.Partner.Offers = []string{strings.Repeat("a", 1001)} }, "partner.offers", "longer than 1000"},
	}
	ctx := context.Background()
	s := openTemp(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validPair()
			tt.edit(&p)
			_, err := s.CreatePartnership(ctx, &p)
			var ve *mentoring.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Create = %v, want a ValidationError", err)
			}
			if msg := msgFor(ve, tt.field); !strings.Contains(msg, tt.msg) {
				t.Errorf("message for %s = %q, want it to contain %q (all: %v)", tt.field, msg, tt.msg, err)
			}
			if p.ID != 0 {
				t.Errorf("ID set to %d for a refused partnership", p.ID)
			}
		})
	}
	// Then nothing was stored half-way
	list, err := s.ListPartnerships(ctx)
	if err != nil || len(list) != 0 {
		t.Errorf("after refused creates: %d stored, err %v", len(list), err)
	}
	var n int
	s.pool.QueryRow(`SELECT count(*) FROM partnership_item`).Scan(&n)
	if n != 0 {
		t.Errorf("%d orphan list rows", n)
	}
}

func fill(s []string) {
	for i := range s {
		s[i] = "topic"
	}
}

func TestAwkwardTextIsStoredVerbatim(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	// SQL metacharacters, quotes, emoji and right-to-left text are data, not code.
	p := validPair()
	p.Title = `Robert'); DROP TABLE partnership;-- "quoted" 🙂 שלום`
	p.Me.Name = "Zoë O'Brien, PhD"
	id, err := s.CreatePartnership(ctx, &p)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.GetPartnership(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != p.Title || got.Me.Name != p.Me.Name {
		t.Errorf("got %q / %q", got.Title, got.Me.Name)
	}
}

func TestFileModeAndDefaultPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new", "twoway.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if mode := fi.Mode().Perm(); mode != 0o600 {
		t.Errorf("database mode = %o, want 600", mode)
	}

	t.Setenv("XDG_DATA_HOME", "/data/home")
	if got, _ := DefaultPath(); got != "/data/home/twoway/twoway.db" {
		t.Errorf("DefaultPath with XDG_DATA_HOME = %q", got)
	}
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("HOME", "/home/ana")
	if got, _ := DefaultPath(); got != "/home/ana/.local/share/twoway/twoway.db" {
		t.Errorf("DefaultPath fallback = %q", got)
	}
}

func TestOpenRefusesForeignAndNewerFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()

	// A text file is not a database, and stays untouched.
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte(strings.Repeat("not sqlite\n", 200)), 0o600)
	if _, err := Open(ctx, text); !errors.Is(err, ErrNotDatabase) {
		t.Errorf("text file: %v, want ErrNotDatabase", err)
	}
	if b, _ := os.ReadFile(text); !strings.HasPrefix(string(b), "not sqlite") {
		t.Error("text file was modified")
	}

	// Another application's SQLite file is refused, not migrated into.
	foreign := filepath.Join(dir, "other.db")
	db, _ := sql.Open("sqlite3", foreign)
	db.Exec(`CREATE TABLE songs (title TEXT)`)
	db.Close()
	if _, err := Open(ctx, foreign); !errors.Is(err, ErrNotDatabase) {
		t.Errorf("foreign db: %v, want ErrNotDatabase", err)
	}

	// A database from a newer Twoway is refused and left as it was.
	newer := filepath.Join(dir, "newer.db")
	s, err := Open(ctx, newer)
	if err != nil {
		t.Fatal(err)
	}
	s.pool.Exec(`PRAGMA user_version = 99`)
	s.Close()
	if _, err := Open(ctx, newer); !errors.Is(err, ErrTooNew) {
		t.Errorf("newer db: %v, want ErrTooNew", err)
	}
	db, _ = sql.Open("sqlite3", newer)
	var v int
	db.QueryRow(`PRAGMA user_version`).Scan(&v)
	db.Close()
	if v != 99 {
		t.Errorf("user_version changed to %d", v)
	}
}

func TestSchemaVersionAndPragmas(t *testing.T) {
	s := openTemp(t)
	var v int
	var fk int
	var mode string
	s.pool.QueryRow(`PRAGMA user_version`).Scan(&v)
	s.pool.QueryRow(`PRAGMA foreign_keys`).Scan(&fk)
	s.pool.QueryRow(`PRAGMA journal_mode`).Scan(&mode)
	if v != SchemaVersion() || fk != 1 || mode != "wal" {
		t.Errorf("user_version %d (want %d), foreign_keys %d, journal_mode %q", v, SchemaVersion(), fk, mode)
	}
}

func TestTwoStoresOnOneFile(t *testing.T) {
	// Two app instances on the same file: writes interleave safely.
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "twoway.db")
	a, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := 0; i < 20; i++ {
		for _, s := range []*Store{a, b} {
			wg.Add(1)
			go func(s *Store) {
				defer wg.Done()
				p := validPair()
				_, err := s.CreatePartnership(ctx, &p)
				errs <- err
			}(s)
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent create: %v", err)
		}
	}
	list, _ := a.ListPartnerships(ctx)
	if len(list) != 40 {
		t.Errorf("stored %d partnerships, want 40", len(list))
	}
}

// msgFor is what the CLI would say about field, or "" when it is fine.
func msgFor(ve *mentoring.ValidationError, field string) string {
	if f, ok := ve.For(field); ok {
		return report.FieldText(f)
	}
	return ""
}

// TestReadSeesOneSnapshot shows why History reads through read: a topic
// added while a history is being loaded does not appear half-way through
// it, and appears in the next one.
func TestReadSeesOneSnapshot(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	id := pairWithSchedule(t, s)
	var during []mentoring.Topic
	err := s.read(ctx, func(view *Store) error {
		if _, err := view.GetPartnership(ctx, id); err != nil { // the snapshot starts here
			return err
		}
		if _, err := s.AddTopic(ctx, &mentoring.Topic{PartnershipID: id, Title: "Added meanwhile",
			Teacher: mentoring.SideMe, Status: mentoring.TopicProposed}); err != nil {
			return err
		}
		var err error
		during, err = view.Topics(ctx, id)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(during) != 0 {
		t.Errorf("the snapshot saw %d topics written after it began", len(during))
	}
	if h, err := s.History(ctx, id); err != nil || len(h.Topics) != 1 {
		t.Errorf("the next history has %d topics (%v), want 1", len(h.Topics), err)
	}
}
