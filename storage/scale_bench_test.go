package storage

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/mentoring"
)

// The scale issue #8 asks about: 1,000 partnerships, 50,000 logged
// sessions and 10,000 topics in one file.
const (
	scalePairs    = 1000
	scaleSessions = 50 // per partnership
	scaleTopics   = 10 // per partnership
)

var (
	scaleOnce sync.Once
	scalePath string
	scaleErr  error
)

// scaleDB builds the scale database once per test binary. It writes rows
// in one transaction with SQL rather than through LogSession, which checks
// and syncs every session and would take minutes for 50,000; the rows are
// what LogSession writes (the same keys, from the same expansion).
func scaleDB(b *testing.B) string {
	b.Helper()
	scaleOnce.Do(func() {
		dir, err := os.MkdirTemp("", "twoway-scale-")
		if err != nil {
			scaleErr = err
			return
		}
		scalePath = filepath.Join(dir, "scale.db")
		scaleErr = fillScale(scalePath)
	})
	if scaleErr != nil {
		b.Fatal(scaleErr)
	}
	return scalePath
}

func fillScale(path string) error {
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		return err
	}
	defer s.Close()
	zones := []string{"Europe/Berlin", "America/New_York", "Asia/Kolkata", "America/Los_Angeles", "Asia/Tokyo",
		"America/Sao_Paulo", "Africa/Nairobi", "America/Toronto", "Europe/London", "Australia/Sydney"}
	now := time.Now().UTC().Format(timeFormat)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for i := 0; i < scalePairs; i++ {
			me, partner := zones[i%len(zones)], zones[(i+3)%len(zones)]
			res, err := tx.ExecContext(ctx, `INSERT INTO partnership (title, me_name, me_email, me_zone, me_hours_start, me_hours_end,
				partner_name, partner_email, partner_zone, partner_hours_start, partner_hours_end,
				rule_confidentiality, rule_positive_tone, rule_no_time_wasting, starts_on, ends_on, video_link, agenda,
				rotate_lead, created_at, updated_at) VALUES (?,?,?,?,480,1200,?,?,?,480,1200,1,1,1,'2026-01-05','2026-12-31','','',1,?,?)`,
				fmt.Sprintf("Pair %04d: leadership ⇄ social media", i), fmt.Sprintf("Mentor %d", i), fmt.Sprintf("m%d@example.org", i), me,
				fmt.Sprintf("Partner %d", i), fmt.Sprintf("p%d@example.org", i), partner, now, now)
			if err != nil {
				return err
			}
			id, _ := res.LastInsertId()
			c := calendar.Cadence{Unit: calendar.Weekly, Interval: 1, Days: []time.Weekday{time.Monday + time.Weekday(i%5)},
				At: 15 * 60, Minutes: 60, From: calendar.Date{Year: 2026, Month: 1, Day: 5}, Count: scaleSessions, Anchor: calendar.AnchorMe}
			if _, err := tx.ExecContext(ctx, `INSERT INTO schedule (partnership_id, unit, interval, days, nth, at_minute, minutes,
				first_date, count, until, anchor, updated_at) VALUES (?,?,?,?,0,?,?,?,?,'',?,?)`,
				id, string(c.Unit), c.Interval, calendar.FormatWeekdays(c.Days), c.At, c.Minutes, c.From.String(), c.Count, string(c.Anchor), now); err != nil {
				return err
			}
			loc, _ := calendar.LoadZone(me)
			occs, err := c.Expand(loc)
			if err != nil {
				return err
			}
			var topics []int64
			for k := 0; k < scaleTopics; k++ {
				teacher := []string{"me", "partner", "both"}[k%3]
				status := []string{"agreed", "in_progress", "done", "proposed"}[k%4]
				res, err := tx.ExecContext(ctx, `INSERT INTO topic (partnership_id, position, title, teacher, status, notes, resources, created_at, updated_at)
					VALUES (?,?,?,?,?,'','https://example.com/a',?,?)`, id, k, fmt.Sprintf("Topic %d of pair %d: podcasts and pitching", k, i), teacher, status, now, now)
				if err != nil {
					return err
				}
				tid, _ := res.LastInsertId()
				topics = append(topics, tid)
			}
			for k, o := range occs {
				key := mentoring.SessionKey(o.Start)
				leader := []string{"me", "partner"}[k%2]
				if _, err := tx.ExecContext(ctx, `INSERT INTO session_log (partnership_id, original_start, held, leader, minutes, notes,
					notes_shared, my_reflection, partner_reflection, planned_topics, updated_at) VALUES (?,?,?,?,0,?,0,'','',?,?)`,
					id, key, k%7 != 3, leader, "We covered the plan and agreed next steps.", formatIDs(topics[:2]), now); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO session_topic (partnership_id, original_start, topic_id, led_by) VALUES (?,?,?,?)`,
					id, key, topics[k%len(topics)], leader); err != nil {
					return err
				}
				if k%10 == 0 {
					if _, err := tx.ExecContext(ctx, `INSERT INTO action_item (partnership_id, raised_in, text, owner, due, done, created_at)
						VALUES (?,?,?,?,'',?,?)`, id, key, "Read the article", leader, k < 40, now); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
}

// BenchmarkScaleListPartnerships is the sidebar's load: every partnership
// with its topic titles for search.
func BenchmarkScaleListPartnerships(b *testing.B) {
	s, err := Open(context.Background(), scaleDB(b))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ResetTimer()
	for b.Loop() {
		list, err := s.ListPartnerships(context.Background())
		if err != nil || len(list) != scalePairs || len(list[0].Topics) != scaleTopics {
			b.Fatalf("%d partnerships, %v", len(list), err)
		}
	}
}

// BenchmarkScaleOpenPartnership is the work done off the UI goroutine
// when a partnership is opened: the partnership and its whole history
// (50 sessions, 10 topics, action items) from a file holding 1,000.
func BenchmarkScaleOpenPartnership(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, scaleDB(b))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	i := 0
	for b.Loop() {
		id := int64(i%scalePairs + 1)
		i += 37
		if _, err := s.GetPartnership(ctx, id); err != nil {
			b.Fatal(err)
		}
		h, err := s.History(ctx, id)
		if err != nil || len(h.Sessions) != scaleSessions || len(h.Topics) != scaleTopics {
			b.Fatalf("history of %d: %d sessions, %d topics, %v", id, len(h.Sessions), len(h.Topics), err)
		}
	}
}

// BenchmarkScaleHistoryViews is what the Overview, Sessions and agenda
// compute from a loaded history: health, balance and the agenda draft.
func BenchmarkScaleHistoryViews(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, scaleDB(b))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	h, err := s.History(ctx, 500)
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)
	for b.Loop() {
		if hl := h.Health(now); hl.Past == 0 {
			b.Fatal("no past sessions")
		}
		_ = h.Reciprocity()
		if d := h.DraftAgenda(now); d.Empty() {
			b.Fatal("empty draft")
		}
	}
}

// TestScaleDatabaseShape checks the generator makes what the benchmarks
// claim, so their figures are about the right data.
func TestScaleDatabaseShape(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 1,000-partnership database")
	}
	path := filepath.Join(t.TempDir(), "scale.db")
	if err := fillScale(path); err != nil {
		t.Fatal(err)
	}
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for table, want := range map[string]int{"partnership": scalePairs, "session_log": scalePairs * scaleSessions, "topic": scalePairs * scaleTopics} {
		var n int
		if err := s.pool.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil || n != want {
			t.Errorf("%s: %d rows (%v), want %d", table, n, err, want)
		}
	}
	// Every logged session is a session of its cadence, as LogSession
	// would have checked.
	h, err := s.History(context.Background(), 7)
	if err != nil {
		t.Fatal(err)
	}
	for _, ss := range h.Sessions {
		if ss.Orphan || !ss.Logged {
			t.Fatalf("session %s: orphan %v logged %v", ss.Original, ss.Orphan, ss.Logged)
		}
	}
}
