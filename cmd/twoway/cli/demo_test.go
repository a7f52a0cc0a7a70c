package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/demo"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/storage"
)

// demoRecord is everything the demo stored about one partnership, read
// back through storage's public API.
type demoRecord struct {
	P          mentoring.Partnership
	Cadence    calendar.Cadence
	Scheduled  bool
	Exceptions []mentoring.Exception
	Checks     []calendar.Check
	Topics     []mentoring.Topic
	Sessions   []mentoring.Session
	Actions    []mentoring.ActionItem
	Planned    []int64 // the agenda's topics
}

// readDemo reads every partnership of the database at path, in id order,
// without the creation times (the only part that is not deterministic).
func readDemo(t *testing.T, path string) []demoRecord {
	t.Helper()
	ctx := context.Background()
	s, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	list, err := s.ListPartnerships(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
	var out []demoRecord
	for _, sum := range list {
		var r demoRecord
		if r.P, err = s.GetPartnership(ctx, sum.ID); err != nil {
			t.Fatal(err)
		}
		r.P.Created, r.P.Updated = time.Time{}, time.Time{}
		r.Cadence, err = s.GetSchedule(ctx, sum.ID)
		switch {
		case errors.Is(err, storage.ErrNotFound):
		case err != nil:
			t.Fatal(err)
		default:
			r.Scheduled = true
			me, partner, err := r.P.People()
			if err != nil {
				t.Fatal(err)
			}
			if r.Checks, err = calendar.Plan(r.Cadence, me, partner); err != nil {
				t.Fatalf("%s: plan: %v", r.P.Title, err)
			}
		}
		if r.Exceptions, err = s.Exceptions(ctx, sum.ID); err != nil {
			t.Fatal(err)
		}
		if r.Topics, err = s.Topics(ctx, sum.ID); err != nil {
			t.Fatal(err)
		}
		if r.Sessions, err = s.Sessions(ctx, sum.ID); err != nil {
			t.Fatal(err)
		}
		if r.Actions, err = s.ActionItems(ctx, sum.ID); err != nil {
			t.Fatal(err)
		}
		if r.Planned, err = s.AgendaTopics(ctx, sum.ID); err != nil {
			t.Fatal(err)
		}
		for i := range r.Topics {
			r.Topics[i].Created, r.Topics[i].Updated, r.Topics[i].UID = time.Time{}, time.Time{}, "" // the UID is random, for the shared record
		}
		for i := range r.Actions {
			r.Actions[i].Created = time.Time{}
		}
		out = append(out, r)
	}
	return out
}

// region is a zone's continent as the demo means it: the IANA prefix,
// with the Pacific counted with Australia.
func region(zone string) string {
	r, _, _ := strings.Cut(zone, "/")
	if r == "Pacific" {
		return "Australia"
	}
	return r
}

var statsLine = regexp.MustCompile(`Created (\d+) partnerships in .*: (\d+) scheduled with (\d+) sessions \((\d+) skipped, (\d+) moved\), (\d+) agendas, (\d+) topics, (\d+) sessions logged, (\d+) action items`)

func TestDemoFillsRealisticPairs(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"default eight, --db after the command", []string{"demo"}, demo.DefaultPartnerships},
		{"three handcrafted", []string{"demo", "--partnerships", "3"}, 3},
		{"generated beyond the eight", []string{"demo", "--partnerships", "300", "--seed", "42"}, 300},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Given a path where no database exists yet
			db := filepath.Join(t.TempDir(), "sub", "demo.db")
			// When demo fills it
			out, errOut, code := run(t, "", append(tc.args, "--db", db)...)
			if code != ExitOK {
				t.Fatalf("demo: code %d, %s", code, errOut)
			}
			recs := readDemo(t, db)
			// Then it holds the partnerships asked for
			if len(recs) != tc.want {
				t.Fatalf("%d partnerships, want %d", len(recs), tc.want)
			}
			// And what it printed matches what it stored
			m := statsLine.FindStringSubmatch(out)
			if m == nil {
				t.Fatalf("output lacks the counts: %q", out)
			}
			var scheduled, sessions, skipped, moved, agendas, fits, topics, logged, actions, done int
			titles := map[string]bool{}
			zones := map[string]bool{}
			for _, r := range recs {
				p := r.P
				titles[p.Title] = true
				zones[p.Me.Zone], zones[p.Partner.Zone] = true, true
				// Each pair lives on two continents
				if region(p.Me.Zone) == region(p.Partner.Zone) {
					t.Errorf("%s: %s and %s are on one continent", p.Title, p.Me.Zone, p.Partner.Zone)
				}
				// And each side teaches and learns (reciprocal mentoring)
				for _, side := range []mentoring.Person{p.Me, p.Partner} {
					if len(side.Offers) < 2 || len(side.Wants) < 2 {
						t.Errorf("%s: %s offers %v, wants %v", p.Title, side.Name, side.Offers, side.Wants)
					}
				}
				// And what one wants is what the other offers
				for _, w := range p.Me.Wants {
					if !contains(p.Partner.Offers, w) {
						t.Errorf("%s: %s wants %q, which %s does not offer", p.Title, p.Me.Name, w, p.Partner.Name)
					}
				}
				if !strings.HasPrefix(p.Link, "https://meet.jit.si/Twoway-") || p.From.Year < 2026 || p.Until.Year > 2027 ||
					!p.Rules.Confidentiality || !strings.Contains(p.Title, "⇄") {
					t.Errorf("%s: link %q, %s to %s, rules %+v", p.Title, p.Link, p.From, p.Until, p.Rules)
				}
				if p.Agenda != "" {
					agendas++
					if strings.Contains(p.Agenda, "{") {
						t.Errorf("%s: agenda has an unfilled placeholder: %q", p.Title, p.Agenda)
					}
				}
				if r.Scheduled {
					scheduled++
					sessions += len(r.Checks)
					for _, c := range r.Checks {
						if c.SuitsBoth() {
							fits++
						}
					}
				}
				// And the history is the pair's own and in the demo's past
				topics += len(r.Topics)
				actions += len(r.Actions)
				own := map[int64]bool{}
				for _, tp := range r.Topics {
					own[tp.ID] = true
					if tp.Status == mentoring.TopicDone {
						done++
					}
				}
				if r.Scheduled && len(r.Topics) < len(p.Me.Wants)+len(p.Partner.Wants) {
					t.Errorf("%s: %d topics for %d wants", p.Title, len(r.Topics), len(p.Me.Wants)+len(p.Partner.Wants))
				}
				for _, ss := range r.Sessions {
					if !ss.Logged {
						continue
					}
					logged++
					if !ss.Start.Before(demo.Today) || len(ss.Covered) == 0 || !own[ss.Covered[0].TopicID] || ss.Notes == "" {
						t.Errorf("%s: logged session %s covers %+v, notes %q", p.Title, ss.Start, ss.Covered, ss.Notes)
					}
					if p.RotateLead && ss.Leader != ss.Planned {
						t.Errorf("%s: session %s led by %s, the rotation says %s", p.Title, ss.Start, ss.Leader, ss.Planned)
					}
				}
				for _, id := range r.Planned {
					if !own[id] {
						t.Errorf("%s: the agenda plans topic %d of another pair", p.Title, id)
					}
				}
				for _, e := range r.Exceptions {
					if e.Skipped {
						skipped++
					} else {
						moved++
					}
				}
			}
			got := fmt.Sprint(len(recs), scheduled, sessions, skipped, moved, agendas, topics, logged, actions)
			if want := strings.Join(m[1:], " "); got != want {
				t.Errorf("stored %s (partnerships scheduled sessions skipped moved agendas topics logged actions), printed %s", got, want)
			}
			if logged == 0 || actions == 0 || done == 0 {
				t.Errorf("logged %d sessions, %d action items, %d topics done", logged, actions, done)
			}
			if len(titles) != len(recs) {
				t.Errorf("%d distinct titles for %d partnerships", len(titles), len(recs))
			}
			// And there is something to see on every screen: schedules,
			// skipped and moved sessions, agendas, and one pair not yet scheduled
			if scheduled == 0 || skipped == 0 || moved == 0 || agendas == 0 {
				t.Errorf("scheduled %d, skipped %d, moved %d, agendas %d", scheduled, skipped, moved, agendas)
			}
			if len(recs) >= demo.DefaultPartnerships && scheduled == len(recs) {
				t.Error("every pair is scheduled; the demo should show an unscheduled one too")
			}
			// And the series are comfortable, as a user picking slots would make them
			if fits < sessions*95/100 {
				t.Errorf("%d of %d sessions suit both partners", fits, sessions)
			}
			if len(recs) >= 300 && len(zones) < 25 {
				t.Errorf("only %d zones in %d partnerships", len(zones), len(recs))
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestDemoIsDeterministic(t *testing.T) {
	dir := t.TempDir()
	fill := func(name, seed string) []demoRecord {
		db := filepath.Join(dir, name)
		// The global --db (env.DBPath) works as well as demo's own
		if _, e, code := run(t, db, "demo", "--partnerships", "40", "--seed", seed); code != ExitOK {
			t.Fatalf("demo --seed %s: %d %s", seed, code, e)
		}
		return readDemo(t, db)
	}
	a, b, c := fill("a.db", "5"), fill("b.db", "5"), fill("c.db", "6")
	// The same seed gives the same partnerships, schedules and exceptions
	if !reflect.DeepEqual(a, b) {
		for i := range a {
			if !reflect.DeepEqual(a[i], b[i]) {
				t.Fatalf("seed 5 twice differs at %d:\n%+v\n%+v", i, a[i].P, b[i].P)
			}
		}
	}
	// Another seed keeps the handcrafted eight and changes the rest
	if !reflect.DeepEqual(a[:demo.Handcrafted()], c[:demo.Handcrafted()]) {
		t.Error("the handcrafted partnerships depend on the seed")
	}
	same := 0
	for i := demo.Handcrafted(); i < len(a); i++ {
		if a[i].P.Title == c[i].P.Title {
			same++
		}
	}
	if same > 3 {
		t.Errorf("seeds 5 and 6 gave %d of %d identical generated titles", same, len(a)-demo.Handcrafted())
	}
}

func TestDemoRefusals(t *testing.T) {
	notDB := []byte(strings.Repeat("my notes\n", 20))
	tests := []struct {
		name    string
		prepare func(t *testing.T, db string) // nil: no file
		args    []string
		code    int
		errHas  string
	}{
		{"no --db", nil, []string{"demo"}, ExitUsage, "--db FILE is required"},
		{"zero partnerships", nil, []string{"demo", "--partnerships", "0"}, ExitUsage, "--partnerships"},
		{"too many partnerships", nil, []string{"demo", "--partnerships", "100001"}, ExitUsage, "--partnerships"},
		{"not a number", nil, []string{"demo", "--partnerships", "many"}, ExitUsage, "partnerships"},
		{"stray argument", nil, []string{"demo", "extra"}, ExitUsage, "unexpected argument"},
		{"database with a partnership", func(t *testing.T, db string) {
			if _, e, code := run(t, db, addArgs...); code != ExitOK {
				t.Fatalf("pair add: %s", e)
			}
		}, []string{"demo"}, ExitError, "already holds partnerships"},
		{"not a database", func(t *testing.T, db string) {
			if err := os.WriteFile(db, notDB, 0o600); err != nil {
				t.Fatal(err)
			}
		}, []string{"demo"}, ExitError, "not a Twoway database"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "t.db")
			var before []byte
			if tc.prepare != nil {
				tc.prepare(t, db)
				before = readAll(t, db)
			}
			args := tc.args
			if tc.name != "no --db" {
				args = append(args, "--db", db)
			}
			_, errOut, code := run(t, "", args...)
			if code != tc.code || !strings.Contains(errOut, tc.errHas) {
				t.Errorf("code %d, stderr %q; want %d and %q", code, errOut, tc.code, tc.errHas)
			}
			// Nothing was changed or left behind
			switch after, err := os.ReadFile(db); {
			case tc.prepare == nil && err == nil:
				t.Errorf("a refused demo left %s behind", db)
			case tc.prepare != nil && string(after) != string(before):
				t.Errorf("a refused demo changed %s", db)
			}
		})
	}
}

func TestDemoIntoEmptyDatabase(t *testing.T) {
	// Given a Twoway database that exists but holds nothing (the app was
	// started once on it)
	db := filepath.Join(t.TempDir(), "t.db")
	s, err := storage.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	// When demo fills it, then it accepts
	if _, e, code := run(t, "", "demo", "--partnerships", "2", "--db", db); code != ExitOK {
		t.Fatalf("demo into an empty database: %d %s", code, e)
	}
	if n := len(readDemo(t, db)); n != 2 {
		t.Errorf("%d partnerships, want 2", n)
	}
}

func readAll(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
