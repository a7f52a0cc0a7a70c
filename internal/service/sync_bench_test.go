package service_test

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/fixture"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/service"
	"github.com/twoway-app/twoway/internal/testservers"
	"github.com/twoway-app/twoway/storage"
	"github.com/twoway-app/twoway/storage/secrets"
)

// The size of the partnership the sync benchmarks share (issue 15): with
// its profile, 3,501 objects on the server.
const (
	benchTopics   = 1000
	benchActions  = 2000
	benchSessions = 500
	benchObjects  = benchTopics + benchActions + benchSessions + 1
)

// countingTransport counts a sync's HTTP requests, by method, and the time
// spent waiting for the server's answers (until the response headers; the
// bodies of the few REPORT answers are read by the caller afterwards). It
// keeps no bodies, unlike recorder, so thousands of PUTs cost the
// benchmark nothing.
type countingTransport struct {
	mu       sync.Mutex
	requests int
	byMethod map[string]int
	wait     time.Duration
	puts     []time.Duration // each PUT's wait, in order
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := http.DefaultTransport.RoundTrip(r)
	d := time.Since(start)
	c.mu.Lock()
	c.requests++
	if c.byMethod == nil {
		c.byMethod = map[string]int{}
	}
	c.byMethod[r.Method]++
	c.wait += d
	if r.Method == http.MethodPut {
		c.puts = append(c.puts, d)
	}
	c.mu.Unlock()
	return resp, err
}

// putWaits returns the mean wait of the first and of the last n of the
// PUTs since the first'th PUT.
func (c *countingTransport) putWaits(first, n int) (head, tail time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ps := c.puts[first:]
	if len(ps) < n {
		return 0, 0
	}
	mean := func(ds []time.Duration) time.Duration {
		var sum time.Duration
		for _, d := range ds {
			sum += d
		}
		return sum / time.Duration(len(ds))
	}
	return mean(ps[:n]), mean(ps[len(ps)-n:])
}

// countSnapshot is what a countingTransport had counted at one moment.
type countSnapshot struct {
	requests, puts int
	wait           time.Duration
}

func (c *countingTransport) snapshot() countSnapshot {
	c.mu.Lock()
	defer c.mu.Unlock()
	return countSnapshot{requests: c.requests, puts: c.byMethod[http.MethodPut], wait: c.wait}
}

func (a countSnapshot) sub(b countSnapshot) countSnapshot {
	return countSnapshot{requests: a.requests - b.requests, puts: a.puts - b.puts, wait: a.wait - b.wait}
}

func (a countSnapshot) add(b countSnapshot) countSnapshot {
	return countSnapshot{requests: a.requests + b.requests, puts: a.puts + b.puts, wait: a.wait + b.wait}
}

// benchSide is Ana's Twoway with the large partnership, and a Radicale
// where she may create collections below /ana/.
type benchSide struct {
	rad  *testservers.Radicale
	db   *storage.Store
	core *service.Core
	id   int64
	http *countingTransport
}

// newBenchSide starts Radicale (skipped without it unless CI is set, as
// every Radicale test) and fills a new database on disk with one
// partnership of benchTopics topics, benchActions action items and
// benchSessions logged sessions, its invite saved so it can be shared.
func newBenchSide(b *testing.B) *benchSide {
	b.Helper()
	ctx := context.Background()
	rad := testservers.StartRadicaleShared(b, map[string]string{"ana": anaPassword}, map[string][]string{})
	db, err := storage.Open(ctx, filepath.Join(b.TempDir(), "twoway.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })

	// Two years of weekday sessions: 500 of them, so 500 can be logged.
	p := fixture.Pair()
	p.Until = calendar.Date{Year: 2028, Month: 12, Day: 31}
	id, err := db.CreatePartnership(ctx, &p)
	if err != nil {
		b.Fatal(err)
	}
	c := calendar.Cadence{Unit: calendar.Weekly, Interval: 1,
		Days: []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
		At:   17 * 60, Minutes: 60, From: p.From, Count: benchSessions, Anchor: calendar.AnchorMe}
	if err := db.SetSchedule(ctx, id, c); err != nil {
		b.Fatal(err)
	}
	tr := &countingTransport{}
	core := newCore(db, secrets.NewMemory())
	core.HTTPClient = &http.Client{Transport: tr, Timeout: 30 * time.Second}
	out, err := core.PrepareInvite(ctx, id, mentoring.MethodRequest, nil, clock)
	if err != nil {
		b.Fatal(err)
	}
	if err := core.SaveInvite(ctx, out, func([]byte) error { return nil }); err != nil {
		b.Fatal(err)
	}

	start := time.Now()
	// AddTopic stops at mentoring.MaxTopics (500) per partnership; a record
	// gets past that only through a sync, when both partners added topics
	// before they met on the server. Ana adds hers; Ben's arrive as a sync
	// applies them (ApplyRecord, by UID, in one transaction).
	topicIDs := make([]int64, 0, mentoring.MaxTopics)
	var fromBen mentoring.RecordChange
	for i := 0; i < benchTopics; i++ {
		tp := mentoring.Topic{PartnershipID: id, Title: fmt.Sprintf("Topic %04d", i), Teacher: mentoring.SideMe,
			Status: mentoring.TopicProposed, Notes: fmt.Sprintf("Notes on topic %d.\nA second line.", i),
			Resources: []string{fmt.Sprintf("https://example.org/topic/%d", i)}}
		if len(topicIDs) < mentoring.MaxTopics {
			tid, err := db.AddTopic(ctx, &tp)
			if err != nil {
				b.Fatal(err)
			}
			topicIDs = append(topicIDs, tid)
			continue
		}
		tp.Teacher, tp.AddedBy = mentoring.SidePartner, p.Partner.Email
		tp.UID, tp.Updated = fmt.Sprintf("bench-topic-%04d@twoway.app", i), clock
		fromBen.PutTopics = append(fromBen.PutTopics, tp)
	}
	if err := db.ApplyRecord(ctx, id, fromBen); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < benchActions; i++ {
		owner := mentoring.SideMe
		if i%3 == 0 {
			owner = mentoring.SidePartner
		}
		a := mentoring.ActionItem{PartnershipID: id, Text: fmt.Sprintf("Action item %04d: read chapter %d", i, i%20+1),
			Owner: owner}
		if i%4 == 0 {
			a.Due = calendar.Date{Year: 2027, Month: time.Month(i%12 + 1), Day: i%28 + 1}
		}
		if _, err := db.AddActionItem(ctx, &a); err != nil {
			b.Fatal(err)
		}
	}
	zone, err := time.LoadLocation(p.Me.Zone)
	if err != nil {
		b.Fatal(err)
	}
	occs, err := c.Expand(zone)
	if err != nil {
		b.Fatal(err)
	}
	if len(occs) != benchSessions {
		b.Fatalf("the cadence has %d sessions, want %d", len(occs), benchSessions)
	}
	for i, o := range occs {
		l := mentoring.SessionLog{Original: o.Start, Outcome: mentoring.OutcomeHeld, Leader: mentoring.SideMe,
			Notes: fmt.Sprintf("Private notes of session %d.", i), MyReflection: fmt.Sprintf("Session %d went well.", i),
			Covered: []mentoring.Coverage{{TopicID: topicIDs[i%len(topicIDs)], LedBy: mentoring.SideMe}}}
		if err := db.LogSession(ctx, id, l); err != nil {
			b.Fatal(err)
		}
	}
	// The UIDs topics and action items get before their first sync, so
	// that one-off step is not part of what is measured.
	r, err := db.Record(ctx, id)
	if err != nil {
		b.Fatal(err)
	}
	if len(r.Topics) != benchTopics || len(r.Actions) != benchActions || len(r.Logs) != benchSessions {
		b.Fatalf("the record holds %d topics, %d action items, %d sessions", len(r.Topics), len(r.Actions), len(r.Logs))
	}
	b.Logf("filled the database (%d topics, %d action items, %d logged sessions) in %v",
		benchTopics, benchActions, benchSessions, time.Since(start).Round(time.Millisecond))
	return &benchSide{rad: rad, db: db, core: core, id: id, http: tr}
}

func (s *benchSide) share(calendarPath string) mentoring.Share {
	return mentoring.Share{PartnershipID: s.id, ServerURL: s.rad.URL, Username: "ana", Calendar: calendarPath}
}

// objects is how many objects the local store knows as synced.
func (s *benchSide) objects(b *testing.B) int {
	b.Helper()
	objs, err := s.db.SyncObjects(context.Background(), s.id)
	if err != nil {
		b.Fatal(err)
	}
	return len(objs)
}

// report adds the custom metrics: requests and PUTs per sync, the share
// of the time spent waiting for the server, and the objects synced.
func (s *benchSide) report(b *testing.B, total countSnapshot, elapsed time.Duration, objects int) {
	b.ReportMetric(float64(total.requests)/float64(b.N), "requests/op")
	b.ReportMetric(float64(total.puts)/float64(b.N), "PUTs/op")
	if elapsed > 0 {
		b.ReportMetric(100*total.wait.Seconds()/elapsed.Seconds(), "%http")
	}
	b.ReportMetric(float64(objects), "objects")
}

// sized names the one sub-benchmark of each sync benchmark. The set-up
// (filling the database, and for two of them sharing it, which takes
// Radicale minutes) runs in the parent, which Go runs once; only the
// sub-benchmark is run again with a larger b.N.
var sized = fmt.Sprintf("%d_objects", benchObjects)

// shareAll shares the partnership in a new collection at path: the
// set-up of the benchmarks of later syncs.
func (s *benchSide) shareAll(b *testing.B, path string) {
	b.Helper()
	start := time.Now()
	rep, err := s.core.StartSharing(context.Background(), s.share(path), anaPassword)
	if err != nil {
		b.Fatal(err)
	}
	if rep.Pushed != benchObjects {
		b.Fatalf("the first sync pushed %d objects, want %d: %+v", rep.Pushed, benchObjects, rep)
	}
	b.Logf("set-up: the first sync took %v", time.Since(start).Round(time.Millisecond))
}

// BenchmarkSyncFirstFull: StartSharing (MKCALENDAR, then the first sync)
// of the whole partnership to an empty collection: every object is sent.
// Each iteration uses a new collection; choosing another collection makes
// the store forget what it synced before.
func BenchmarkSyncFirstFull(b *testing.B) {
	ctx := context.Background()
	s := newBenchSide(b)
	collections := 0
	b.Run(sized, func(b *testing.B) {
		var total countSnapshot
		var elapsed time.Duration
		for i := 0; i < b.N; i++ {
			collections++
			path := fmt.Sprintf("/ana/first-%d/", collections)
			before := s.http.snapshot()
			start := time.Now()
			rep, err := s.core.StartSharing(ctx, s.share(path), anaPassword)
			took := time.Since(start)
			elapsed += took
			if err != nil {
				b.Fatal(err)
			}
			total = s.http.snapshot().sub(before).add(total)
			if rep.Pushed != benchObjects {
				b.Fatalf("the first sync pushed %d objects, want %d: %+v", rep.Pushed, benchObjects, rep)
			}
			// Radicale checks a new object's UID against every object of
			// the collection (BaseCollection.has_uid), so its PUTs slow
			// down as the collection fills.
			head, tail := s.http.putWaits(before.puts, 100)
			b.Logf("first sync: %v; PUT answered in %v on average for the first 100, %v for the last 100",
				took.Round(time.Millisecond), head.Round(10*time.Microsecond), tail.Round(10*time.Microsecond))
		}
		b.StopTimer()
		s.report(b, total, elapsed, s.objects(b))
	})
}

// BenchmarkSyncLater: the syncs after the first, on one partnership
// shared once (the set-up, about ten minutes of Radicale's PUTs, so they
// share it): NoChange, NoChangeMerging (the same sync through a Store
// that keeps no change count, so it merges every object as every sync
// did before storage v12), then IncrementalOneChange. Run them with
// -bench SyncLater.
func BenchmarkSyncLater(b *testing.B) {
	s := newBenchSide(b)
	s.shareAll(b, "/ana/pair/")
	merging := *s.core
	merging.Store = struct{ service.Store }{s.db}
	b.Run("NoChange", func(b *testing.B) { benchSyncNoChange(b, s, s.core) })
	b.Run("NoChangeMerging", func(b *testing.B) { benchSyncNoChange(b, s, &merging) })
	b.Run("IncrementalOneChange", func(b *testing.B) { benchSyncIncrementalOneChange(b, s) })
}

// benchSyncIncrementalOneChange: one topic edited, then a sync of the
// shared partnership: one object is sent.
func benchSyncIncrementalOneChange(b *testing.B, s *benchSide) {
	ctx := context.Background()
	topics, err := s.db.Topics(ctx, s.id)
	if err != nil {
		b.Fatal(err)
	}
	tp := topics[len(topics)/2]
	edits := 0
	b.Run(sized, func(b *testing.B) {
		var total countSnapshot
		var elapsed time.Duration
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			edits++
			tp.Notes = fmt.Sprintf("Edited %d times.", edits)
			if err := s.db.UpdateTopic(ctx, &tp); err != nil {
				b.Fatal(err)
			}
			before := s.http.snapshot()
			b.StartTimer()
			start := time.Now()
			rep, err := s.core.Sync(ctx, s.id, "")
			elapsed += time.Since(start)
			if err != nil {
				b.Fatal(err)
			}
			total = s.http.snapshot().sub(before).add(total)
			if rep.Pushed != 1 || rep.Pulled != 0 || rep.Deleted != 0 {
				b.Fatalf("after one edit: %+v, want one object pushed", rep)
			}
		}
		b.StopTimer()
		s.report(b, total, elapsed, s.objects(b))
	})
}

// benchSyncNoChange: a sync through core when nothing changed on either
// side. It must be one request (the sync-collection REPORT that says so).
func benchSyncNoChange(b *testing.B, s *benchSide, core *service.Core) {
	ctx := context.Background()
	b.Run(sized, func(b *testing.B) {
		var total countSnapshot
		var elapsed time.Duration
		for i := 0; i < b.N; i++ {
			before := s.http.snapshot()
			start := time.Now()
			rep, err := core.Sync(ctx, s.id, "")
			elapsed += time.Since(start)
			if err != nil {
				b.Fatal(err)
			}
			got := s.http.snapshot().sub(before)
			if got.requests != 1 || rep.Pushed != 0 || rep.Pulled != 0 || rep.Deleted != 0 || len(rep.Conflicts) != 0 {
				b.Fatalf("a sync with nothing changed made %d requests: %+v, want exactly 1 and no change", got.requests, rep)
			}
			total = got.add(total)
		}
		b.StopTimer()
		s.report(b, total, elapsed, s.objects(b))
	})
}
