package storage

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/twoway-app/twoway/calendar"
)

func biweekly() calendar.Cadence {
	return calendar.Cadence{Unit: calendar.Weekly, Interval: 2, Days: []time.Weekday{time.Monday, time.Thursday},
		At: 17 * 60, Minutes: 60, From: calendar.Date{Year: 2027, Month: 1, Day: 4},
		Until: calendar.Date{Year: 2027, Month: 6, Day: 30}, Anchor: calendar.AnchorPartner}
}

func TestScheduleRoundTripAndReplace(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	p := validPair()
	id, _ := s.CreatePartnership(ctx, &p)
	if _, err := s.GetSchedule(ctx, id); !errors.Is(err, ErrNotFound) {
		t.Fatalf("no schedule yet: %v, want ErrNotFound", err)
	}
	c := biweekly()
	if err := s.SetSchedule(ctx, id, c); err != nil {
		t.Fatal(err)
	}
	got, err := s.GetSchedule(ctx, id)
	if err != nil || !reflect.DeepEqual(got, c) {
		t.Fatalf("GetSchedule = %+v, %v; want %+v", got, err, c)
	}
	// Replacing it keeps one row, with the new values
	m := calendar.Cadence{Unit: calendar.Monthly, Interval: 1, Days: []time.Weekday{time.Tuesday}, Nth: calendar.LastOfMonth,
		At: 9 * 60, Minutes: 45, From: calendar.Date{Year: 2027, Month: 1, Day: 1}, Count: 6, Anchor: calendar.AnchorMe}
	if err := s.SetSchedule(ctx, id, m); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.GetSchedule(ctx, id); !reflect.DeepEqual(got, m) {
		t.Errorf("after replace: %+v", got)
	}
	// Deleting the partnership deletes its schedule
	s.DeletePartnership(ctx, id)
	var n int
	s.pool.QueryRow(`SELECT count(*) FROM schedule`).Scan(&n)
	if n != 0 {
		t.Errorf("%d schedules left after delete", n)
	}
}

func TestSetScheduleRefusesBadCadence(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	p := validPair()
	id, _ := s.CreatePartnership(ctx, &p)
	bad := biweekly()
	bad.Interval = 0
	var ce *calendar.CadenceError
	if err := s.SetSchedule(ctx, id, bad); !errors.As(err, &ce) {
		t.Errorf("zero interval: %v, want a CadenceError", err)
	}
	if err := s.SetSchedule(ctx, 999, biweekly()); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown partnership: %v, want ErrNotFound", err)
	}
	if _, err := s.GetSchedule(ctx, id); !errors.Is(err, ErrNotFound) {
		t.Errorf("a refused schedule was stored: %v", err)
	}
}

// TestUpgradeFromFrozenV1 opens a database as version 1 wrote it and checks
// it is upgraded in place with its data intact.
func TestUpgradeFromFrozenV1(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v1.db")
	ddl, err := os.ReadFile("testdata/schema-v1.sql")
	if err != nil {
		t.Fatal(err)
	}
	db, _ := sql.Open("sqlite3", path)
	if _, err := db.Exec(string(ddl)); err != nil {
		t.Fatalf("load fixture: %v", err)
	}
	db.Close()

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	defer s.Close()
	var v int
	s.pool.QueryRow(`PRAGMA user_version`).Scan(&v)
	if v != SchemaVersion() {
		t.Errorf("user_version %d after upgrade, want %d", v, SchemaVersion())
	}
	p, err := s.GetPartnership(ctx, 7)
	if err != nil || p.Title != "Ana & Ben" || p.Partner.Wants[0] != "Leadership" || p.Me.Hours.String() != "08:00-18:00" {
		t.Fatalf("data after upgrade: %+v, %v", p, err)
	}
	if err := s.SetSchedule(ctx, 7, biweekly()); err != nil {
		t.Errorf("new table unusable after upgrade: %v", err)
	}
}
