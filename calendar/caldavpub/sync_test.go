package caldavpub_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twoway-app/twoway/calendar/caldavpub"
	"github.com/twoway-app/twoway/internal/testservers"
)

const (
	carolPassword = "carol-s3cret-42"
	pairPath      = "/alice/pair/"
)

// counter counts the requests an account sends, per method.
type counter struct {
	base http.RoundTripper
	mu   sync.Mutex
	n    map[string]int
}

func (c *counter) RoundTrip(req *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.n[req.Method]++
	c.mu.Unlock()
	return c.base.RoundTrip(req)
}

// take returns the counts since the last call and starts again from zero.
func (c *counter) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.n
	c.n = map[string]int{}
	return n
}

func countingAccount(url, user, password string) (caldavpub.Account, *counter) {
	c := &counter{base: http.DefaultTransport, n: map[string]int{}}
	return caldavpub.Account{URL: url, Username: user, Password: password,
		HTTPClient: &http.Client{Timeout: 10 * time.Second, Transport: c}}, c
}

type pairUsers struct {
	r                  *testservers.Radicale
	alice, bob, carol  caldavpub.Account
	aliceN, bobN, carN *counter
}

// sharedServer starts Radicale where alice and bob may both read and write
// alice's collection /alice/pair/ and carol, a user of the same server, may
// not. The collection is not created.
func sharedServer(t *testing.T) pairUsers {
	t.Helper()
	r := testservers.StartRadicaleShared(t,
		map[string]string{"alice": alicePassword, "bob": bobPassword, "carol": carolPassword},
		map[string][]string{pairPath: {"alice", "bob"}})
	var p pairUsers
	p.r = r
	p.alice, p.aliceN = countingAccount(r.URL, "alice", alicePassword)
	p.bob, p.bobN = countingAccount(r.URL, "bob", bobPassword)
	p.carol, p.carN = countingAccount(r.URL, "carol", carolPassword)
	return p
}

// todo is a VTODO calendar object resource as the app shares it: no
// ORGANIZER, ATTENDEE or VALARM.
func todo(uid, summary string) []byte {
	return crlf(`BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Twoway//Twoway test//EN
BEGIN:VTODO
UID:` + uid + `
DTSTAMP:20260112T090000Z
SUMMARY:` + summary + `
STATUS:NEEDS-ACTION
END:VTODO
END:VCALENDAR
`)
}

func journal(uid, summary string) []byte {
	return crlf(`BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Twoway//Twoway test//EN
BEGIN:VJOURNAL
UID:` + uid + `
DTSTAMP:20260112T090000Z
DTSTART;VALUE=DATE:20260112
SUMMARY:` + summary + `
DESCRIPTION:Wir haben über die Ziele gesprochen\, Ayşe ↔ Jürgen.
END:VJOURNAL
END:VCALENDAR
`)
}

func crlf(s string) []byte { return []byte(strings.ReplaceAll(s, "\n", "\r\n")) }

// key is a path as the server stores it: servers differ in what they escape.
func key(p string) string {
	u, err := url.PathUnescape(p)
	if err != nil {
		panic(err)
	}
	return u
}

func keys[T any](items []T, path func(T) string) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, key(path(it)))
	}
	sort.Strings(out)
	return out
}

func changePath(c caldavpub.Change) string { return c.Path }

func etags(cs []caldavpub.Change) map[string]string {
	m := map[string]string{}
	for _, c := range cs {
		m[key(c.Path)] = c.ETag
	}
	return m
}

func TestMakeCalendar(t *testing.T) {
	p := sharedServer(t)
	c := ctx(t)
	if err := caldavpub.MakeCalendar(c, p.alice, pairPath, "Ayşe ↔ Jürgen & Co", "VTODO", "VJOURNAL"); err != nil {
		t.Fatalf("MakeCalendar: %v", err)
	}
	cals, err := caldavpub.Discover(c, p.alice)
	if err != nil {
		t.Fatalf("Discover: %v", err)
	}
	var found *caldavpub.Calendar
	for i := range cals {
		if cals[i].Path == pairPath {
			found = &cals[i]
		}
	}
	if found == nil {
		t.Fatalf("Discover = %+v, want %s", cals, pairPath)
	}
	if found.Name != "Ayşe ↔ Jürgen & Co" || !slices.Equal(found.Components, []string{"VTODO", "VJOURNAL"}) || found.SupportsEvents {
		t.Errorf("shared collection = %+v, want name %q, components VTODO VJOURNAL, no events", *found, "Ayşe ↔ Jürgen & Co")
	}

	tests := []struct {
		name string
		acct caldavpub.Account
		path string
		want error
	}{
		{"again by the owner", p.alice, pairPath, caldavpub.ErrExists},
		{"again by the partner", p.bob, "/alice/pair", caldavpub.ErrExists},
		{"below a missing parent", p.alice, "/alice/missing/pair/", caldavpub.ErrNotFound},
		{"in another user's home", p.carol, "/alice/carols/", caldavpub.ErrForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := caldavpub.MakeCalendar(ctx(t), tt.acct, tt.path, "x", "VTODO")
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			t.Logf("error: %v", err)
			checkErrorText(t, err, carolPassword)
		})
	}
	// The refused attempts changed nothing.
	after, err := caldavpub.Discover(c, p.alice)
	if err != nil {
		t.Fatal(err)
	}
	for _, cal := range after {
		if cal.Path == pairPath && cal.Name != found.Name {
			t.Errorf("name changed to %q by a refused MKCALENDAR", cal.Name)
		}
		if cal.Path == "/alice/carols/" {
			t.Errorf("carol created %s", cal.Path)
		}
	}
}

// TestSharedCollection walks through two partners sharing one collection:
// bob writes into alice's collection, alice syncs, both edit, one edit loses
// a race, an object is deleted, and carol, who is not in the rights file,
// is kept out.
func TestSharedCollection(t *testing.T) {
	p := sharedServer(t)
	c := ctx(t)
	if err := caldavpub.MakeCalendar(c, p.alice, pairPath, "Pair", "VTODO", "VJOURNAL"); err != nil {
		t.Fatalf("MakeCalendar: %v", err)
	}
	const todoUID = "twoway-todo-1@twoway.app"
	const journalUID = "twoway-journal-1@twoway.app"
	todoPath := caldavpub.ObjectPath(pairPath, todoUID)
	journalPath := caldavpub.ObjectPath(pairPath, journalUID)

	// Bob adds a task to alice's collection; alice reads it.
	todoETag, err := caldavpub.PutObject(c, p.bob, todoPath, todo(todoUID, "Lebenslauf schicken"), "")
	if err != nil {
		t.Fatalf("bob PutObject: %v", err)
	}
	if todoETag == "" {
		t.Fatal("PutObject returned no ETag")
	}
	got, err := caldavpub.Get(c, p.alice, todoPath)
	if err != nil {
		t.Fatalf("alice Get: %v", err)
	}
	if got.ETag != todoETag || !bytes.Contains(got.Data, []byte("UID:"+todoUID)) || !bytes.Contains(got.Data, []byte("SUMMARY:Lebenslauf schicken")) {
		t.Errorf("alice reads ETag %q (bob got %q):\n%s", got.ETag, todoETag, got.Data)
	}
	// It is a file in alice's part of the server's storage.
	if _, err := os.Stat(filepath.Join(p.r.Folder, "collection-root", "alice", "pair", todoUID+".ics")); err != nil {
		t.Errorf("stored file: %v", err)
	}

	// Initial sync: one request, the one object.
	p.aliceN.take()
	changed, deleted, token1, err := caldavpub.SyncCollection(c, p.alice, pairPath, "")
	if err != nil {
		t.Fatalf("initial SyncCollection: %v", err)
	}
	if n := p.aliceN.take(); n["REPORT"] != 1 || len(n) != 1 {
		t.Errorf("initial sync sent %v, want one REPORT", n)
	}
	if len(changed) != 1 || key(changed[0].Path) != key(todoPath) || changed[0].ETag != todoETag || len(deleted) != 0 || token1 == "" {
		t.Fatalf("initial sync = %+v, deleted %v, token %q; want %s with ETag %q", changed, deleted, token1, todoPath, todoETag)
	}
	if !strings.HasPrefix(changed[0].Path, pairPath) {
		t.Errorf("path %q is not an absolute path in %s", changed[0].Path, pairPath)
	}

	// Nothing changed: nothing listed.
	changed, deleted, token, err := caldavpub.SyncCollection(c, p.alice, pairPath, token1)
	if err != nil || len(changed) != 0 || len(deleted) != 0 || token == "" {
		t.Fatalf("sync without changes = %+v, %v, %q, %v", changed, deleted, token, err)
	}

	// Alice adds a journal entry: the next sync lists exactly it.
	journalETag, err := caldavpub.PutObject(c, p.alice, journalPath, journal(journalUID, "Zweites Treffen"), "")
	if err != nil {
		t.Fatalf("alice PutObject journal: %v", err)
	}
	changed, deleted, token2, err := caldavpub.SyncCollection(c, p.bob, pairPath, token1)
	if err != nil {
		t.Fatalf("bob incremental sync: %v", err)
	}
	if len(changed) != 1 || key(changed[0].Path) != key(journalPath) || changed[0].ETag != journalETag || len(deleted) != 0 {
		t.Fatalf("incremental sync = %+v, deleted %v; want only %s", changed, deleted, journalPath)
	}
	if token2 == token1 {
		t.Errorf("token did not change: %q", token2)
	}

	// Bob edits the task with its current ETag; alice's sync lists only it.
	todoETag2, err := caldavpub.PutObject(c, p.bob, todoPath, todo(todoUID, "Lebenslauf geschickt"), todoETag)
	if err != nil {
		t.Fatalf("bob update: %v", err)
	}
	if todoETag2 == todoETag || todoETag2 == "" {
		t.Fatalf("update ETag %q, before %q", todoETag2, todoETag)
	}
	changed, deleted, token3, err := caldavpub.SyncCollection(c, p.alice, pairPath, token2)
	if err != nil {
		t.Fatal(err)
	}
	if len(changed) != 1 || key(changed[0].Path) != key(todoPath) || changed[0].ETag != todoETag2 || len(deleted) != 0 {
		t.Fatalf("sync after bob's edit = %+v, deleted %v; want only %s with ETag %q", changed, deleted, todoPath, todoETag2)
	}

	// Alice, still holding the first ETag, loses the race: nothing is
	// overwritten. Creating over an existing object is refused likewise.
	races := []struct {
		name, etag string
		data       []byte
	}{
		{"stale If-Match", todoETag, todo(todoUID, "Alices alte Fassung")},
		{"If-None-Match on an existing path", "", todo(todoUID, "Alices neue Aufgabe")},
	}
	for _, rc := range races {
		t.Run(rc.name, func(t *testing.T) {
			_, err := caldavpub.PutObject(ctx(t), p.alice, todoPath, rc.data, rc.etag)
			if !errors.Is(err, caldavpub.ErrConflict) {
				t.Fatalf("err = %v, want ErrConflict", err)
			}
			var e *caldavpub.Error
			if !errors.As(err, &e) || e.Status != http.StatusPreconditionFailed {
				t.Errorf("err = %#v, want HTTP 412", err)
			}
			checkErrorText(t, err)
			now, err := caldavpub.Get(ctx(t), p.alice, todoPath)
			if err != nil {
				t.Fatal(err)
			}
			if now.ETag != todoETag2 || !bytes.Contains(now.Data, []byte("SUMMARY:Lebenslauf geschickt")) {
				t.Errorf("server copy changed: ETag %q\n%s", now.ETag, now.Data)
			}
		})
	}

	// List (the fallback without sync-collection) sees what an initial sync
	// sees, with the same ETags, and not the collection itself.
	full, _, _, err := caldavpub.SyncCollection(c, p.alice, pairPath, "")
	if err != nil {
		t.Fatal(err)
	}
	list, err := caldavpub.List(c, p.alice, pairPath)
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	want := []string{key(journalPath), key(todoPath)}
	if !slices.Equal(keys(full, changePath), want) || !slices.Equal(keys(list, changePath), want) {
		t.Errorf("full sync %+v, List %+v; want %v", full, list, want)
	}
	if fe, le := etags(full), etags(list); fmt.Sprint(fe) != fmt.Sprint(le) || le[key(todoPath)] != todoETag2 || le[key(journalPath)] != journalETag {
		t.Errorf("ETags: sync %v, List %v", fe, le)
	}

	// Multiget returns the objects byte for byte as Get does and leaves out
	// a path that does not exist.
	objs, err := caldavpub.Multiget(c, p.bob, pairPath, []string{todoPath, pairPath + "nothing-here.ics", journalPath})
	if err != nil {
		t.Fatalf("Multiget: %v", err)
	}
	if len(objs) != 2 {
		t.Fatalf("Multiget returned %d objects, want 2: %+v", len(objs), objs)
	}
	for _, o := range objs {
		g, err := caldavpub.Get(c, p.bob, o.Path)
		if err != nil {
			t.Fatalf("Get %s: %v", o.Path, err)
		}
		if o.ETag != g.ETag || !bytes.Equal(o.Data, g.Data) {
			t.Errorf("Multiget %s = ETag %q\n%q\nGet = ETag %q\n%q", o.Path, o.ETag, o.Data, g.ETag, g.Data)
		}
		wantUID := map[string]string{key(todoPath): todoUID, key(journalPath): journalUID}[key(o.Path)]
		if wantUID == "" || !bytes.Contains(o.Data, []byte("\r\nUID:"+wantUID+"\r\n")) {
			t.Errorf("Multiget %s: want UID %q in\n%s", o.Path, wantUID, o.Data)
		}
	}
	if j := objs[slices.IndexFunc(objs, func(o caldavpub.Object) bool { return key(o.Path) == key(journalPath) })]; !bytes.Contains(j.Data, []byte("Ayşe ↔ Jürgen")) {
		t.Errorf("journal text garbled:\n%s", j.Data)
	}

	// Bob deletes the task: alice's next sync reports it deleted, nothing
	// changed.
	if err := caldavpub.Delete(c, p.bob, todoPath, todoETag2); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	changed, deleted, _, err = caldavpub.SyncCollection(c, p.alice, pairPath, token3)
	if err != nil {
		t.Fatal(err)
	}
	if len(changed) != 0 || len(deleted) != 1 || key(deleted[0]) != key(todoPath) {
		t.Fatalf("sync after delete = changed %+v, deleted %v; want deleted %s", changed, deleted, todoPath)
	}
	if objs, err := caldavpub.Multiget(c, p.alice, pairPath, []string{todoPath}); err != nil || len(objs) != 0 {
		t.Errorf("Multiget of the deleted object = %+v, %v", objs, err)
	}
}

// TestMultigetBatches: Multiget asks for 100 objects per request, however
// many it is given, and returns every object that exists.
func TestMultigetBatches(t *testing.T) {
	p := sharedServer(t)
	c := ctx(t)
	if err := caldavpub.MakeCalendar(c, p.alice, pairPath, "Pair", "VTODO"); err != nil {
		t.Fatal(err)
	}
	var stored []string
	for i := range 3 {
		uid := fmt.Sprintf("batch-%d", i)
		if _, err := caldavpub.PutObject(c, p.alice, caldavpub.ObjectPath(pairPath, uid), todo(uid, "Aufgabe"), ""); err != nil {
			t.Fatal(err)
		}
		stored = append(stored, caldavpub.ObjectPath(pairPath, uid))
	}
	tests := []struct {
		name     string
		missing  int // paths that do not exist, asked for besides the 3
		requests int
	}{
		{"one batch", 10, 1},
		{"exactly 100", 97, 1},
		{"101", 98, 2},
		{"250", 247, 3},
		{"100 after removing repeated paths", 97, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			paths := slices.Clone(stored)
			if strings.HasPrefix(tt.name, "100 after") {
				paths = append(paths, stored...)
				paths = append(paths, strings.Replace(stored[0], "-", "%2D", 1), "/alice/../alice/pair/batch-1.ics")
			}
			for i := range tt.missing {
				paths = append(paths, caldavpub.ObjectPath(pairPath, fmt.Sprintf("missing-%d", i)))
			}
			// The stored ones at the end, so the last batch holds them.
			slices.Reverse(paths)
			p.aliceN.take()
			objs, err := caldavpub.Multiget(ctx(t), p.alice, pairPath, paths)
			if err != nil {
				t.Fatalf("Multiget: %v", err)
			}
			if n := p.aliceN.take(); n["REPORT"] != tt.requests || len(n) != 1 {
				t.Errorf("sent %v for %d paths, want %d REPORT", n, len(paths), tt.requests)
			}
			if got := keys(objs, func(o caldavpub.Object) string { return o.Path }); !slices.Equal(got, keys(stored, func(s string) string { return s })) {
				t.Errorf("Multiget returned %v, want %v", got, stored)
			}
		})
	}
	p.aliceN.take()
	if objs, err := caldavpub.Multiget(c, p.alice, pairPath, nil); err != nil || len(objs) != 0 {
		t.Errorf("Multiget(nil) = %v, %v", objs, err)
	}
	if n := p.aliceN.take(); len(n) != 0 {
		t.Errorf("Multiget(nil) sent %v", n)
	}
}

func TestSyncErrors(t *testing.T) {
	p := sharedServer(t)
	c := ctx(t)
	if err := caldavpub.MakeCalendar(c, p.alice, pairPath, "Pair", "VTODO", "VJOURNAL"); err != nil {
		t.Fatal(err)
	}
	const uid = "twoway-todo-secret@twoway.app"
	objPath := caldavpub.ObjectPath(pairPath, uid)
	if _, err := caldavpub.PutObject(c, p.alice, objPath, todo(uid, "Vertraulich"), ""); err != nil {
		t.Fatal(err)
	}
	_, _, token, err := caldavpub.SyncCollection(c, p.alice, pairPath, "")
	if err != nil {
		t.Fatal(err)
	}
	unknown := token[:strings.LastIndex(token, "/")+1] + strings.Repeat("0", 64)
	wrong := p.alice
	wrong.Password = "wrong-" + alicePassword

	tests := []struct {
		name string
		call func() error
		want error
	}{
		{"sync with an unknown token", func() error {
			_, _, _, err := caldavpub.SyncCollection(ctx(t), p.alice, pairPath, unknown)
			return err
		}, caldavpub.ErrSyncToken},
		{"sync with a malformed token", func() error {
			_, _, _, err := caldavpub.SyncCollection(ctx(t), p.alice, pairPath, "bogus")
			return err
		}, caldavpub.ErrSyncToken},
		{"sync on a collection that is no calendar", func() error {
			_, _, _, err := caldavpub.SyncCollection(ctx(t), p.alice, "/alice/", "")
			return err
		}, caldavpub.ErrNoSync},
		{"sync of a missing collection", func() error {
			_, _, _, err := caldavpub.SyncCollection(ctx(t), p.alice, "/alice/missing/", "")
			return err
		}, caldavpub.ErrNotFound},
		{"sync with a wrong password", func() error {
			_, _, _, err := caldavpub.SyncCollection(ctx(t), wrong, pairPath, "")
			return err
		}, caldavpub.ErrAuth},
		{"carol syncs", func() error {
			_, _, _, err := caldavpub.SyncCollection(ctx(t), p.carol, pairPath, "")
			return err
		}, caldavpub.ErrForbidden},
		{"carol lists", func() error { _, err := caldavpub.List(ctx(t), p.carol, pairPath); return err }, caldavpub.ErrForbidden},
		{"carol multigets", func() error {
			_, err := caldavpub.Multiget(ctx(t), p.carol, pairPath, []string{objPath})
			return err
		}, caldavpub.ErrForbidden},
		{"carol reads", func() error { _, err := caldavpub.Get(ctx(t), p.carol, objPath); return err }, caldavpub.ErrForbidden},
		{"carol writes", func() error {
			_, err := caldavpub.PutObject(ctx(t), p.carol, caldavpub.ObjectPath(pairPath, "carol"), todo("carol", "x"), "")
			return err
		}, caldavpub.ErrForbidden},
		{"carol deletes", func() error { return caldavpub.Delete(ctx(t), p.carol, objPath, "") }, caldavpub.ErrForbidden},
		{"put on the collection itself", func() error {
			_, err := caldavpub.PutObject(ctx(t), p.alice, pairPath, todo("x", "x"), "")
			return err
		}, caldavpub.ErrInvalidObject},
		{"put an object with METHOD", func() error {
			_, err := caldavpub.PutObject(ctx(t), p.alice, objPath, fixture(t, "withmethod.ics"), "")
			return err
		}, caldavpub.ErrInvalidObject},
		{"put an object without UID", func() error {
			_, err := caldavpub.PutObject(ctx(t), p.alice, objPath, bytes.ReplaceAll(todo("x", "x"), []byte("UID:x\r\n"), nil), "")
			return err
		}, caldavpub.ErrInvalidObject},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			t.Logf("error: %v", err)
			checkErrorText(t, err, carolPassword, wrong.Password)
		})
	}
	// Nothing carol tried reached the collection, and the object is intact.
	list, err := caldavpub.List(c, p.alice, pairPath)
	if err != nil || len(list) != 1 || key(list[0].Path) != key(objPath) {
		t.Errorf("after the refused calls List = %+v, %v; want only %s", list, err, objPath)
	}
}

// TestOtherServersAnswers feeds SyncCollection, Multiget, List and
// MakeCalendar answers that Radicale does not give but other servers do.
func TestOtherServersAnswers(t *testing.T) {
	type answer struct {
		status int
		body   string
	}
	var mu sync.Mutex
	var answers []answer
	var tokens []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		if i := bytes.Index(b, []byte("<D:sync-token>")); i >= 0 {
			rest := b[i+len("<D:sync-token>"):]
			tokens = append(tokens, string(rest[:bytes.Index(rest, []byte("<"))]))
		}
		if len(answers) == 0 {
			http.Error(w, "no more answers", http.StatusTeapot)
			return
		}
		a := answers[0]
		answers = answers[1:]
		w.Header().Set("Content-Type", "application/xml; charset=utf-8")
		w.WriteHeader(a.status)
		io.WriteString(w, a.body)
	}))
	t.Cleanup(srv.Close)
	acct := caldavpub.Account{URL: srv.URL + "/dav/", Username: "alice", Password: alicePassword,
		HTTPClient: &http.Client{Timeout: 5 * time.Second}}
	ms := func(inner string) string {
		return `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:cal="urn:ietf:params:xml:ns:caldav">` + inner + `</d:multistatus>`
	}
	etagResp := func(href, etag string) string {
		return `<d:response><d:href>` + href + `</d:href><d:propstat><d:prop><d:getetag>"` + etag +
			`"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`
	}
	gone := func(href string) string {
		return `<d:response><d:href>` + href + `</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response>`
	}
	davErr := func(cond string) string {
		return `<?xml version="1.0"?><d:error xmlns:d="DAV:"><d:` + cond + `/></d:error>`
	}
	const cal = "/dav/pair/"

	type result struct {
		changed string // "path=etag ..." sorted
		deleted string
		token   string
	}
	tests := []struct {
		name    string
		answers []answer
		want    result
		wantErr error
		tokens  []string // sync-tokens the client sent; the first is given to SyncCollection
	}{
		{"not implemented", []answer{{501, "Not Implemented"}}, result{}, caldavpub.ErrNoSync, []string{""}},
		{"bad request", []answer{{400, "unknown REPORT"}}, result{}, caldavpub.ErrNoSync, []string{""}},
		{"unsupported report", []answer{{403, davErr("supported-report")}}, result{}, caldavpub.ErrNoSync, []string{""}},
		{"token expired (409)", []answer{{409, davErr("valid-sync-token")}}, result{}, caldavpub.ErrSyncToken, []string{""}},
		{"plain 403", []answer{{403, "Forbidden"}}, result{}, caldavpub.ErrForbidden, []string{""}},
		{"multistatus without a token", []answer{{207, ms(etagResp(cal+"a.ics", "1"))}}, result{}, caldavpub.ErrNoSync, []string{""}},
		{"not XML", []answer{{207, "hello"}}, result{}, caldavpub.ErrServer, []string{""}},
		{"full URLs and relative hrefs", []answer{{207, ms(
			etagResp(srv.URL+cal+"a%40b.ics", "1") +
				etagResp("c.ics", "2") +
				gone("http://other.example"+cal+"d%20e.ics") +
				`<d:response><d:href>` + cal + `</d:href><d:propstat><d:prop><d:getetag>"c"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>` +
				`<d:sync-token>t1</d:sync-token>`)}},
			result{cal + "a%40b.ics=1 " + cal + "c.ics=2", cal + "d%20e.ics", "t1"}, nil, []string{""}},
		{"truncated answer is followed", []answer{
			{207, ms(etagResp(cal+"a.ics", "1") + etagResp(cal+"b.ics", "1") +
				`<d:response><d:href>` + cal + `</d:href><d:status>HTTP/1.1 507 Insufficient Storage</d:status></d:response>` +
				`<d:sync-token>t1</d:sync-token>`)},
			{207, ms(gone(cal+"a.ics") + etagResp(cal+"b.ics", "2") + etagResp(cal+"c.ics", "1") + `<d:sync-token>t2</d:sync-token>`)},
		}, result{cal + "b.ics=2 " + cal + "c.ics=1", cal + "a.ics", "t2"}, nil, []string{"t0", "t1"}},
		{"truncated without progress", []answer{
			{207, ms(`<d:response><d:href>` + cal + `</d:href><d:status>HTTP/1.1 507 Insufficient Storage</d:status></d:response><d:sync-token>t0</d:sync-token>`)},
		}, result{}, caldavpub.ErrServer, []string{"t0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mu.Lock()
			answers, tokens = tt.answers, nil
			mu.Unlock()
			changed, deleted, token, err := caldavpub.SyncCollection(ctx(t), acct, cal, tt.tokens[0])
			mu.Lock()
			left, sent := len(answers), tokens
			mu.Unlock()
			if !slices.Equal(sent, tt.tokens) || left != 0 {
				t.Errorf("client sent tokens %q (want %q), %d answers unused", sent, tt.tokens, left)
			}
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				checkErrorText(t, err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var cs []string
			for _, c := range changed {
				cs = append(cs, c.Path+"="+c.ETag)
			}
			sort.Strings(cs)
			sort.Strings(deleted)
			got := result{strings.Join(cs, " "), strings.Join(deleted, " "), token}
			if got != tt.want {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}

	t.Run("MKCALENDAR on an existing collection (405)", func(t *testing.T) {
		mu.Lock()
		answers = []answer{{405, "exists"}}
		mu.Unlock()
		err := caldavpub.MakeCalendar(ctx(t), acct, cal, "Pair", "VTODO")
		if !errors.Is(err, caldavpub.ErrExists) {
			t.Fatalf("err = %v, want ErrExists", err)
		}
		checkErrorText(t, err)
	})
	t.Run("List and Multiget skip failed members", func(t *testing.T) {
		data := "BEGIN:VCALENDAR\r\nUID:keep&amp;\r\nEND:VCALENDAR\r\n"
		mu.Lock()
		answers = []answer{
			// The collection without its resourcetype, a sub-collection with it.
			{207, ms(etagResp(srv.URL+cal[:len(cal)-1], "c") +
				`<d:response><d:href>` + cal + `sub/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>` +
				etagResp(cal+"a.ics", "1") + gone(cal+"b.ics"))},
			{207, ms(`<d:response><d:href>` + cal + `a.ics</d:href><d:propstat><d:prop><d:getetag>"1"</d:getetag><cal:calendar-data>` + data + `</cal:calendar-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>` +
				`<d:response><d:href>` + cal + `b.ics</d:href><d:propstat><d:prop><d:getetag/><cal:calendar-data/></d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat></d:response>`)},
		}
		mu.Unlock()
		list, err := caldavpub.List(ctx(t), acct, cal)
		if err != nil || len(list) != 1 || list[0] != (caldavpub.Change{Path: cal + "a.ics", ETag: "1"}) {
			t.Errorf("List = %+v, %v; want only a.ics", list, err)
		}
		objs, err := caldavpub.Multiget(ctx(t), acct, cal, []string{cal + "a.ics", cal + "b.ics", cal + "a.ics"})
		if err != nil || len(objs) != 1 || objs[0].Path != cal+"a.ics" || objs[0].ETag != "1" ||
			string(objs[0].Data) != "BEGIN:VCALENDAR\r\nUID:keep&\r\nEND:VCALENDAR\r\n" {
			t.Errorf("Multiget = %+v, %v; want a.ics with the unescaped data", objs, err)
		}
	})
}
