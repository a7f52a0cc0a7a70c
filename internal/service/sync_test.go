package service_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twoway-app/twoway/calendar/caldavpub"
	"github.com/twoway-app/twoway/internal/fixture"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/service"
	"github.com/twoway-app/twoway/internal/testservers"
	"github.com/twoway-app/twoway/storage"
	"github.com/twoway-app/twoway/storage/secrets"
)

const (
	pairPath    = "/ana/pair/"
	anaPassword = "ana-Kennwort-1"
	benPassword = "ben-Passwort-2"
)

// recorder is the HTTP transport of one side: it counts requests, keeps
// every request body (for the privacy check) and can run a hook before a
// request leaves (to force a real conflict on the server).
type recorder struct {
	mu       sync.Mutex
	requests int
	bodies   [][]byte
	before   func(r *http.Request)
}

func (rc *recorder) RoundTrip(r *http.Request) (*http.Response, error) {
	rc.mu.Lock()
	rc.requests++
	hook := rc.before
	if r.Body != nil {
		b, _ := io.ReadAll(r.Body)
		r.Body.Close()
		rc.bodies = append(rc.bodies, b)
		r.Body = io.NopCloser(bytes.NewReader(b))
	}
	rc.mu.Unlock()
	if hook != nil {
		hook(r)
	}
	return http.DefaultTransport.RoundTrip(r)
}

func (rc *recorder) count() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.requests
}

// side is one partner's Twoway: its own database and core.
type side struct {
	db   *storage.Store
	core *service.Core
	id   int64
	rec  *recorder
	user string
}

// sharedPair is Ana and Ben, each over their own SQLite file, sharing one
// collection on a real Radicale where both may write.
type sharedPair struct {
	rad      *testservers.Radicale
	ana, ben *side
}

func newSharedPair(t *testing.T) *sharedPair {
	t.Helper()
	ctx := context.Background()
	rad := testservers.StartRadicaleShared(t, map[string]string{"ana": anaPassword, "ben": benPassword},
		map[string][]string{pairPath: {"ana", "ben"}})
	mk := func(db *storage.Store, user string) *side {
		rc := &recorder{}
		c := newCore(db, secrets.NewMemory())
		c.HTTPClient = &http.Client{Transport: rc, Timeout: 10 * time.Second}
		return &side{db: db, core: c, rec: rc, user: user}
	}
	anaDB, id := setup(t)
	ana := mk(anaDB, "ana")
	ana.id = id
	out, err := ana.core.PrepareInvite(ctx, id, mentoring.MethodRequest, nil, clock)
	if err != nil {
		t.Fatal(err)
	}
	if err := ana.core.SaveInvite(ctx, out, func([]byte) error { return nil }); err != nil {
		t.Fatal(err)
	}
	ben := mk(openTemp(t), "ben")
	j, err := ben.core.Join(ctx, out.ICS)
	if err != nil {
		t.Fatal(err)
	}
	ben.id = j.ID
	pair := &sharedPair{rad: rad, ana: ana, ben: ben}
	for _, s := range []*side{ana, ben} {
		pw := anaPassword
		if s == ben {
			pw = benPassword
		}
		if _, err := s.core.StartSharing(ctx, mentoring.Share{PartnershipID: s.id, ServerURL: rad.URL, Username: s.user,
			Calendar: pairPath}, pw); err != nil {
			t.Fatalf("%s starts sharing: %v", s.user, err)
		}
	}
	pair.converge(t)
	return pair
}

// sync syncs one side, failing the test on error.
func (s *side) sync(t *testing.T) service.SyncReport {
	t.Helper()
	rep, err := s.core.Sync(context.Background(), s.id, "")
	if err != nil {
		t.Fatalf("%s syncs: %v", s.user, err)
	}
	return rep
}

// converge syncs both sides until neither changes, then checks the two
// records are equal and that one more sync is a single request sending
// nothing.
func (p *sharedPair) converge(t *testing.T) []service.SyncConflict {
	t.Helper()
	var conflicts []service.SyncConflict
	for i := 0; i < 3; i++ {
		conflicts = append(conflicts, p.ana.sync(t).Conflicts...)
		conflicts = append(conflicts, p.ben.sync(t).Conflicts...)
	}
	a, b := canon(t, p.ana), canon(t, p.ben)
	if a != b {
		t.Fatalf("the two records differ after syncing:\n--- Ana\n%s\n--- Ben\n%s", a, b)
	}
	for _, s := range []*side{p.ana, p.ben} {
		before := s.rec.count()
		rep := s.sync(t)
		if n := s.rec.count() - before; n != 1 || rep.Pushed != 0 || rep.Pulled != 0 || rep.Deleted != 0 {
			t.Errorf("%s's sync with nothing changed: %d requests, %+v", s.user, n, rep)
		}
		// That sync stopped after its request, on the change count; the
		// merge of every object it skipped must find nothing either.
		before = s.rec.count()
		rep, err := s.mergingCore().Sync(context.Background(), s.id, "")
		if n := s.rec.count() - before; err != nil || n != 1 || rep.Pushed != 0 || rep.Pulled != 0 || rep.Deleted != 0 {
			t.Errorf("%s's sync with nothing changed, merging every object: %d requests, %+v, %v", s.user, n, rep, err)
		}
	}
	return conflicts
}

// mergingCore is the side's core over a Store that keeps no change count,
// so its syncs never stop early: they merge every object.
func (s *side) mergingCore() *service.Core {
	c := *s.core
	c.Store = struct{ service.Store }{s.db}
	return &c
}

// spyStore is a side's store that counts the syncs that read the whole
// record and keeps the changes they apply.
type spyStore struct {
	*storage.Store
	records int
	applied []mentoring.RecordChange
}

func (s *spyStore) Record(ctx context.Context, id int64) (mentoring.Record, error) {
	s.records++
	return s.Store.Record(ctx, id)
}

func (s *spyStore) ApplySyncedRecord(ctx context.Context, id int64, ch mentoring.RecordChange, from int64) (int64, error) {
	s.applied = append(s.applied, ch)
	return s.Store.ApplySyncedRecord(ctx, id, ch, from)
}

// spy puts a spyStore under the side's core until the test ends.
func (s *side) spy(t *testing.T) *spyStore {
	sp := &spyStore{Store: s.db}
	s.core.Store = sp
	t.Cleanup(func() { s.core.Store = s.db })
	return sp
}

// TestNoChangeSyncIsOneRequest: a sync that finds nothing new on the
// server and nothing changed here since the last sync stops after its
// request, without reading the record; a change made here by any path (a
// screen or the command line, a sync's merge, an imported record) makes
// the next sync merge again.
func TestNoChangeSyncIsOneRequest(t *testing.T) {
	ctx := context.Background()
	pair := newSharedPair(t)
	ana, ben := pair.ana, pair.ben
	sp := ana.spy(t)
	quiet := func(when string) {
		t.Helper()
		sp.records = 0
		before := ana.rec.count()
		rep := ana.sync(t)
		if n := ana.rec.count() - before; n != 1 || sp.records != 0 || rep.Pushed+rep.Pulled+rep.Deleted != 0 {
			t.Errorf("%s: %d requests, the record read %d times, %+v; want one request and no read", when, n, sp.records, rep)
		}
	}
	merges := func(when string) service.SyncReport {
		t.Helper()
		sp.records = 0
		rep := ana.sync(t)
		if sp.records == 0 {
			t.Errorf("%s: the sync did not read the record: a local change was taken for none", when)
		}
		return rep
	}
	quiet("after convergence")

	ana.addTopic(t, "Negotiation", mentoring.SideMe) // the screens' and the command line's path
	if rep := merges("after a topic was added here"); rep.Pushed != 1 {
		t.Errorf("the new topic was not sent: %+v", rep)
	}
	quiet("right after sending it")

	ben.sync(t)
	ben.edit(t, "Negotiation", func(tp *mentoring.Topic) { tp.Notes = "Ben's notes" })
	ben.sync(t)
	if rep := merges("after Ben's edit"); rep.Pulled != 1 {
		t.Errorf("Ben's edit was not merged: %+v", rep)
	}
	quiet("right after a sync that merged Ben's edit (the sync's own writes count as synced)")

	ana.edit(t, "Negotiation", func(tp *mentoring.Topic) { tp.Status = mentoring.TopicAgreed })
	if rep := merges("after an edit here"); rep.Pushed != 1 {
		t.Errorf("the edit was not sent: %+v", rep)
	}
	quiet("right after sending the edit")

	// An emailed record is a change here too.
	ben.edit(t, "Negotiation", func(tp *mentoring.Topic) { tp.Resources = []string{"https://example.org/yes"} })
	data, err := ben.core.ExportRecord(ctx, ben.id)
	if err != nil {
		t.Fatal(err)
	}
	if _, rep, err := ana.core.ImportRecord(ctx, data); err != nil || rep.Pulled != 1 {
		t.Fatalf("import: %+v, %v", rep, err)
	}
	merges("after an imported record")
	pair.converge(t)
	if got := ana.topic(t, "Negotiation"); got.Status != mentoring.TopicAgreed || len(got.Resources) != 1 {
		t.Errorf("after the import and convergence: %+v", got)
	}
}

// TestUnchangedObjectsKeepTheirRows: a sync that merges every object
// writes no synced base for an object unchanged on both sides; it keeps
// what was there.
func TestUnchangedObjectsKeepTheirRows(t *testing.T) {
	ctx := context.Background()
	pair := newSharedPair(t)
	ana := pair.ana
	for _, title := range []string{"Negotiation", "Reels", "Budgets"} {
		ana.addTopic(t, title, mentoring.SideMe)
	}
	pair.converge(t)
	rowsBefore, err := ana.db.SyncObjects(ctx, ana.id)
	if err != nil {
		t.Fatal(err)
	}
	sp := ana.spy(t)
	ana.edit(t, "Reels", func(tp *mentoring.Topic) { tp.Notes = "Shorts too" })
	if rep := ana.sync(t); rep.Pushed != 1 {
		t.Fatalf("after one edit: %+v", rep)
	}
	var rows []mentoring.SyncObject
	for _, ch := range sp.applied {
		rows = append(rows, ch.PutObjects...)
	}
	if len(rows) != 1 || !bytes.Contains(rows[0].Base, []byte("Shorts too")) {
		var kinds []string
		for _, o := range rows {
			kinds = append(kinds, o.Kind+" "+o.UID)
		}
		t.Errorf("the sync wrote %d synced bases (%v), want only the edited topic's", len(rows), kinds)
	}
	rowsAfter, err := ana.db.SyncObjects(ctx, ana.id)
	if err != nil || len(rowsAfter) != len(rowsBefore) {
		t.Fatalf("%d rows before, %d after (%v)", len(rowsBefore), len(rowsAfter), err)
	}
	changed := 0
	for i := range rowsBefore {
		if rowsBefore[i].ETag != rowsAfter[i].ETag || !bytes.Equal(rowsBefore[i].Base, rowsAfter[i].Base) {
			changed++
		}
	}
	if changed != 1 {
		t.Errorf("%d rows changed, want 1", changed)
	}
}

// canon writes a side's record with people named by email, so the two
// sides' records compare equal when they agree.
func canon(t *testing.T, s *side) string {
	t.Helper()
	r, err := s.db.Record(context.Background(), s.id)
	if err != nil {
		t.Fatal(err)
	}
	p := r.Partnership
	who := func(sd mentoring.Side) string {
		switch sd {
		case mentoring.SideMe:
			return p.Me.Email
		case mentoring.SidePartner:
			return p.Partner.Email
		}
		return string(sd)
	}
	var lines []string
	people := []mentoring.Person{p.Me, p.Partner}
	sort.Slice(people, func(i, j int) bool { return people[i].Email < people[j].Email })
	lines = append(lines, fmt.Sprintf("profile %q %+v %+v %+v %s %s %s", p.Title, people, p.Rules, p.Link, p.From, p.Until, ""))
	for _, tp := range r.Topics {
		lines = append(lines, fmt.Sprintf("topic %s %q %s %s %q %q", tp.UID, tp.Title, who(tp.Teacher), tp.Status, tp.Notes, tp.Resources))
	}
	for _, a := range r.Actions {
		lines = append(lines, fmt.Sprintf("action %s %q %s %s %v", a.UID, a.Text, who(a.Owner), a.Due, a.Done))
	}
	for _, l := range r.Logs {
		shared := l.SharedNotes
		if l.NotesShared {
			shared = l.Notes
		}
		refl := map[string]string{p.Me.Email: l.MyReflection, p.Partner.Email: l.PartnerReflection}
		var cov []string
		for _, c := range l.Covered {
			cov = append(cov, c.TopicUID+":"+who(c.LedBy))
		}
		sort.Strings(cov)
		lines = append(lines, fmt.Sprintf("log %s held=%v %s %d %q %q %v", l.Original.UTC().Format(time.RFC3339), l.Held,
			who(l.Leader), l.Minutes, shared, fmt.Sprint(refl), cov))
	}
	sort.Strings(lines[1:])
	return strings.Join(lines, "\n")
}

func (s *side) topic(t *testing.T, title string) mentoring.Topic {
	t.Helper()
	r, err := s.db.Record(context.Background(), s.id)
	if err != nil {
		t.Fatal(err)
	}
	ts := r.Topics
	for _, tp := range ts {
		if tp.Title == title {
			return tp
		}
	}
	t.Fatalf("%s has no topic %q among %+v", s.user, title, ts)
	return mentoring.Topic{}
}

func (s *side) addTopic(t *testing.T, title string, teacher mentoring.Side) {
	t.Helper()
	tp := mentoring.Topic{PartnershipID: s.id, Title: title, Teacher: teacher, Status: mentoring.TopicProposed}
	if _, err := s.db.AddTopic(context.Background(), &tp); err != nil {
		t.Fatal(err)
	}
}

// edit changes a topic one second later than anything before it, so "the
// later edit" is well defined at LAST-MODIFIED's one-second resolution.
func (s *side) edit(t *testing.T, title string, change func(*mentoring.Topic)) {
	t.Helper()
	time.Sleep(1100 * time.Millisecond)
	tp := s.topic(t, title)
	change(&tp)
	if err := s.db.UpdateTopic(context.Background(), &tp); err != nil {
		t.Fatal(err)
	}
}

func TestSharedRecordScenarios(t *testing.T) {
	ctx := context.Background()
	pair := newSharedPair(t)
	ana, ben := pair.ana, pair.ben

	t.Run("a topic added on one side reaches the other, the direction mirrored", func(t *testing.T) {
		ana.addTopic(t, "Negotiation", mentoring.SideMe)
		pair.converge(t)
		if got := ben.topic(t, "Negotiation"); got.Teacher != mentoring.SidePartner || !strings.EqualFold(got.AddedBy, "ana@example.org") {
			t.Errorf("Ben's copy: %+v", got)
		}
	})
	t.Run("different fields changed on both sides: both changes stay", func(t *testing.T) {
		ana.edit(t, "Negotiation", func(tp *mentoring.Topic) { tp.Status = mentoring.TopicAgreed })
		ben.edit(t, "Negotiation", func(tp *mentoring.Topic) { tp.Resources = []string{"https://example.org/getting-to-yes"} })
		pair.converge(t)
		got := ana.topic(t, "Negotiation")
		if got.Status != mentoring.TopicAgreed || len(got.Resources) != 1 {
			t.Errorf("merged: %+v", got)
		}
	})
	t.Run("the same short field on both: the later edit wins", func(t *testing.T) {
		ana.edit(t, "Negotiation", func(tp *mentoring.Topic) { tp.Status = mentoring.TopicInProgress })
		ben.edit(t, "Negotiation", func(tp *mentoring.Topic) { tp.Status = mentoring.TopicDone })
		pair.converge(t)
		if got := ana.topic(t, "Negotiation"); got.Status != mentoring.TopicDone {
			t.Errorf("status %s, want Ben's later done", got.Status)
		}
	})
	t.Run("the same text on both: one kept, the other shown as a conflict", func(t *testing.T) {
		ana.edit(t, "Negotiation", func(tp *mentoring.Topic) { tp.Notes = "Ana: start with BATNA" })
		ben.edit(t, "Negotiation", func(tp *mentoring.Topic) { tp.Notes = "Ben: start with interests" })
		conflicts := pair.converge(t)
		if got := ana.topic(t, "Negotiation"); got.Notes != "Ben: start with interests" {
			t.Errorf("notes %q, want the later text", got.Notes)
		}
		if len(conflicts) == 0 || conflicts[0].Other != "Ana: start with BATNA" {
			t.Errorf("conflicts %+v, want Ana's text handed back", conflicts)
		}
	})
	t.Run("an edit beats a deletion", func(t *testing.T) {
		tp := ana.topic(t, "Negotiation")
		if err := ana.db.DeleteTopic(ctx, tp.ID); err != nil {
			t.Fatal(err)
		}
		ben.edit(t, "Negotiation", func(tp *mentoring.Topic) { tp.Title = "Negotiation basics" })
		pair.converge(t)
		ana.topic(t, "Negotiation basics")
	})
	t.Run("a deletion without an edit reaches the other side", func(t *testing.T) {
		tp := ben.topic(t, "Negotiation basics")
		if err := ben.db.DeleteTopic(ctx, tp.ID); err != nil {
			t.Fatal(err)
		}
		pair.converge(t)
		if ts, _ := ana.db.Topics(ctx, ana.id); len(ts) != 0 {
			t.Errorf("Ana still has %+v", ts)
		}
	})
	t.Run("both log the same session at once: one object, both reflections", func(t *testing.T) {
		first := fixture.In(t, "Europe/Berlin", 2027, 1, 4, 17)
		logAs := func(s *side, reflection string) {
			err := s.db.LogSession(ctx, s.id, mentoring.SessionLog{Original: first, Outcome: mentoring.OutcomeHeld,
				Leader: mentoring.SideMe, MyReflection: reflection})
			if err != nil {
				t.Fatal(err)
			}
		}
		logAs(ana, "I explained negotiation with stories.")
		logAs(ben, "Ana's stories helped; I showed her Reels.")
		pair.converge(t)
		r, _ := ana.db.Record(ctx, ana.id)
		if len(r.Logs) != 1 || r.Logs[0].MyReflection != "I explained negotiation with stories." ||
			r.Logs[0].PartnerReflection != "Ana's stories helped; I showed her Reels." {
			t.Errorf("Ana's log: %+v", r.Logs)
		}
		objs, _ := ana.db.SyncObjects(ctx, ana.id)
		sessions := 0
		for _, o := range objs {
			if o.Kind == "session" {
				sessions++
			}
		}
		if sessions != 1 {
			t.Errorf("%d session objects, want one", sessions)
		}
	})
	t.Run("a forced 412: another client writes between the pull and the push", func(t *testing.T) {
		ben.addTopic(t, "Reels", mentoring.SideMe)
		pair.converge(t)
		ana.edit(t, "Reels", func(tp *mentoring.Topic) { tp.Status = mentoring.TopicAgreed })
		var once sync.Once
		ana.rec.before = func(r *http.Request) {
			if r.Method != http.MethodPut {
				return
			}
			once.Do(func() {
				// Ben's Twoway writes its own edit right then, over the network, to the same object.
				ben.edit(t, "Reels", func(tp *mentoring.Topic) { tp.Resources = []string{"https://example.org/reels"} })
				ben.sync(t)
			})
		}
		before := ana.rec.count()
		ana.sync(t)
		ana.rec.before = nil
		if n := ana.rec.count() - before; n < 4 {
			t.Errorf("Ana's sync made %d requests; a 412 and its retry need more", n)
		}
		pair.converge(t)
		if got := ana.topic(t, "Reels"); got.Status != mentoring.TopicAgreed || len(got.Resources) != 1 {
			t.Errorf("after the conflict: %+v", got)
		}
	})
	t.Run("another client edits a task unconditionally and adds a property of its own", func(t *testing.T) {
		objs, _ := ana.db.SyncObjects(ctx, ana.id)
		var reels mentoring.SyncObject
		for _, o := range objs {
			if bytes.Contains(o.Base, []byte("SUMMARY:Reels")) {
				reels = o
			}
		}
		acct := caldavpub.Account{URL: pair.rad.URL, Username: "ben", Password: benPassword}
		obj, err := caldavpub.Get(ctx, acct, reels.Path)
		if err != nil {
			t.Fatal(err)
		}
		edited := bytes.Replace(obj.Data, []byte("SUMMARY:Reels"), []byte("SUMMARY:Reels and Shorts\r\nX-APPLE-SORT-ORDER:42"), 1)
		req, _ := http.NewRequest(http.MethodPut, strings.TrimSuffix(pair.rad.URL, "/")+reels.Path, bytes.NewReader(edited))
		req.SetBasicAuth("ben", benPassword)
		req.Header.Set("Content-Type", "text/calendar")
		if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode/100 != 2 {
			t.Fatalf("tasks app's PUT: %v %v", resp, err)
		}
		ana.sync(t)
		ana.edit(t, "Reels and Shorts", func(tp *mentoring.Topic) { tp.Status = mentoring.TopicInProgress })
		pair.converge(t)
		after, err := caldavpub.Get(ctx, acct, reels.Path)
		if err != nil || !bytes.Contains(after.Data, []byte("X-APPLE-SORT-ORDER:42")) || !bytes.Contains(after.Data, []byte("in_progress")) {
			t.Errorf("the other app's property or Ana's edit was lost:\n%s", after.Data)
		}
	})
	t.Run("a sync token the server rejects: a full resync, no duplicates", func(t *testing.T) {
		sh, _ := ana.db.Share(ctx, ana.id)
		sh.SyncToken = "http://radicale.org/ns/sync/not-a-token"
		if err := ana.db.SetShare(ctx, sh); err != nil {
			t.Fatal(err)
		}
		ben.addTopic(t, "Budgets", mentoring.SidePartner)
		pair.converge(t)
		if ts, _ := ana.db.Topics(ctx, ana.id); len(ts) != 2 {
			t.Errorf("Ana has %d topics after a full resync, want 2", len(ts))
		}
	})
	t.Run("the server unreachable, then back: nothing lost, then convergence", func(t *testing.T) {
		ana.addTopic(t, "Offline topic", mentoring.SideMe)
		ana.core.HTTPClient.Transport = brokenTransport{}
		_, err := ana.core.Sync(ctx, ana.id, "")
		if !errors.Is(err, caldavpub.ErrConnection) {
			t.Fatalf("sync without a server: %v", err)
		}
		if sh, _ := ana.db.Share(ctx, ana.id); sh.LastError == "" {
			t.Errorf("the failed sync left no trace in the state")
		}
		ana.topic(t, "Offline topic")
		ana.core.HTTPClient.Transport = ana.rec
		pair.converge(t)
		ben.topic(t, "Offline topic")
		if sh, _ := ana.db.Share(ctx, ana.id); sh.LastError != "" {
			t.Errorf("error kept after a good sync: %q", sh.LastError)
		}
	})
}

// brokenTransport is a network that drops every connection.
type brokenTransport struct{}

func (brokenTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("dial tcp 127.0.0.1:1: connect: connection refused")
}

func TestPrivateNotesNeverLeave(t *testing.T) {
	ctx := context.Background()
	pair := newSharedPair(t)
	b := make([]byte, 12)
	rand.Read(b)
	marker := "PRIVATE-" + hex.EncodeToString(b)
	first := fixture.In(t, "Europe/Berlin", 2027, 1, 4, 17)
	for _, s := range []*side{pair.ana, pair.ben} {
		if err := s.db.LogSession(ctx, s.id, mentoring.SessionLog{Original: first, Outcome: mentoring.OutcomeHeld,
			Notes: marker + " of " + s.user, MyReflection: "shared reflection of " + s.user}); err != nil {
			t.Fatal(err)
		}
	}
	pair.converge(t)
	// The reflections arrived, so the sessions did sync...
	r, _ := pair.ana.db.Record(ctx, pair.ana.id)
	if len(r.Logs) != 1 || r.Logs[0].PartnerReflection != "shared reflection of ben" {
		t.Fatalf("Ana's log: %+v", r.Logs)
	}
	// ...and each side's private notes stayed its own.
	if !strings.Contains(r.Logs[0].Notes, "of ana") || strings.Contains(r.Logs[0].SharedNotes, marker) {
		t.Errorf("Ana's notes after sync: %+v", r.Logs[0])
	}
	for _, s := range []*side{pair.ana, pair.ben} {
		for i, body := range s.rec.bodies {
			if bytes.Contains(body, []byte(marker)) {
				t.Errorf("%s's request %d carries the private marker:\n%s", s.user, i, body)
			}
		}
	}
	filepath.Walk(pair.rad.Folder, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return nil
		}
		data, _ := os.ReadFile(path)
		if bytes.Contains(data, []byte(marker)) {
			t.Errorf("the server stored the private marker in %s", path)
		}
		return nil
	})
}
