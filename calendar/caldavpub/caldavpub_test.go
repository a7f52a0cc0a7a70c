package caldavpub_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twoway-app/twoway/calendar/caldavpub"
	"github.com/twoway-app/twoway/internal/testservers"
)

const (
	uid           = "twoway-3f1c9a7e-2b1d-4c5e-9a0b-7d6e5f4c3b2a@twoway.app"
	alicePassword = "alice-s3cret-42"
	bobPassword   = "bob-s3cret-42"
)

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// server starts Radicale with users alice and bob; alice owns a "Mentoring"
// calendar (events) and a "Tasks" list (VTODO only).
func server(t *testing.T) (*testservers.Radicale, caldavpub.Account) {
	t.Helper()
	r := testservers.StartRadicale(t, map[string]string{"alice": alicePassword, "bob": bobPassword})
	r.MakeCalendar(t, "alice", alicePassword, "/alice/mentoring/", "Mentoring ↔ Zeit", "VEVENT")
	r.MakeCalendar(t, "alice", alicePassword, "/alice/tasks/", "Tasks", "VTODO")
	return r, caldavpub.Account{URL: r.URL, Username: "alice", Password: alicePassword,
		HTTPClient: &http.Client{Timeout: 10 * time.Second}}
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

func checkErrorText(t *testing.T, err error, passwords ...string) {
	t.Helper()
	for _, p := range append(passwords, alicePassword, bobPassword) {
		if strings.Contains(err.Error(), p) {
			t.Errorf("error contains a password: %v", err)
		}
	}
	if !strings.HasPrefix(err.Error(), "caldavpub: ") {
		t.Errorf("error %q lacks the caldavpub: prefix", err)
	}
}

func TestDiscover(t *testing.T) {
	_, acct := server(t)
	cals, err := caldavpub.Discover(ctx(t), acct)
	if err != nil {
		t.Fatalf("Discover: %v", err)
	}
	got := map[string]caldavpub.Calendar{}
	for _, c := range cals {
		got[c.Path] = c
	}
	if len(got) != 2 {
		t.Fatalf("Discover found %+v, want the 2 calendars of alice", cals)
	}
	want := []struct {
		path, name     string
		supportsEvents bool
	}{
		{"/alice/mentoring/", "Mentoring ↔ Zeit", true},
		{"/alice/tasks/", "Tasks", false},
	}
	for _, w := range want {
		c, ok := got[w.path]
		if !ok {
			t.Errorf("calendar %s not found in %+v", w.path, cals)
			continue
		}
		if c.Name != w.name || c.SupportsEvents != w.supportsEvents {
			t.Errorf("%s = %+v, want name %q, SupportsEvents %v", w.path, c, w.name, w.supportsEvents)
		}
	}
}

// TestPublishLifecycle walks through what the app does with one series:
// create, read back, find by time range, update with the right ETag, lose a
// race against another client, delete.
func TestPublishLifecycle(t *testing.T) {
	r, acct := server(t)
	c := ctx(t)
	const cal = "/alice/mentoring/"
	event, updated := fixture(t, "event.ics"), fixture(t, "updated.ics")

	// Given a new series, when it is published, then it is stored under its UID.
	path, etag, err := caldavpub.Put(c, acct, cal, uid, event, "")
	if err != nil {
		t.Fatalf("Put (create): %v", err)
	}
	if path != caldavpub.ObjectPath(cal, uid) || !strings.HasSuffix(path, ".ics") || etag == "" {
		t.Fatalf("Put = %q, %q", path, etag)
	}
	obj, err := caldavpub.Get(c, acct, path)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if obj.ETag != etag {
		t.Errorf("Get ETag = %q, Put returned %q", obj.ETag, etag)
	}
	for _, want := range []string{"UID:" + uid, "RRULE:FREQ=WEEKLY", "Jürgen ↔ Ayşe"} {
		if !bytes.Contains(unfold(obj.Data), []byte(want)) {
			t.Errorf("stored object lacks %q:\n%s", want, obj.Data)
		}
	}

	// Creating it again must not overwrite: it exists already.
	if _, _, err := caldavpub.Put(c, acct, cal, uid, updated, ""); !errors.Is(err, caldavpub.ErrConflict) {
		t.Errorf("second create: err = %v, want ErrConflict", err)
	}

	// The server expands the weekly rule for time-range queries.
	queries := []struct {
		name       string
		start, end time.Time
		want       int
	}{
		{"first occurrence", day(2026, 1, 12), day(2026, 1, 13), 1},
		{"an occurrence in summer", day(2026, 7, 6), day(2026, 7, 7), 1},
		{"a Tuesday, no occurrence", day(2026, 7, 7), day(2026, 7, 8), 0},
		{"before the series", day(2025, 12, 1), day(2026, 1, 1), 0},
		{"after UNTIL", day(2027, 1, 1), day(2027, 2, 1), 0},
	}
	for _, q := range queries {
		t.Run("query "+q.name, func(t *testing.T) {
			objs, err := caldavpub.Query(c, acct, cal, q.start, q.end)
			if err != nil {
				t.Fatalf("Query: %v", err)
			}
			if len(objs) != q.want {
				t.Fatalf("Query found %d objects, want %d", len(objs), q.want)
			}
			if q.want == 1 && (objs[0].ETag != etag || !bytes.Contains(unfold(objs[0].Data), []byte("UID:"+uid))) {
				t.Errorf("Query object = %s %q", objs[0].Path, objs[0].ETag)
			}
		})
	}

	// Given the current ETag, an update succeeds and yields a new ETag.
	path2, etag2, err := caldavpub.Put(c, acct, cal, uid, updated, etag)
	if err != nil {
		t.Fatalf("Put (update): %v", err)
	}
	if path2 != path || etag2 == "" || etag2 == etag {
		t.Fatalf("update = %q %q, want same path and a new ETag (old %q)", path2, etag2, etag)
	}

	// With the stale ETag (someone else saved in between), the update is
	// refused and the server copy stays as it was.
	_, _, err = caldavpub.Put(c, acct, cal, uid, event, etag)
	if !errors.Is(err, caldavpub.ErrConflict) {
		t.Fatalf("stale update: err = %v, want ErrConflict", err)
	}
	t.Logf("conflict shown to the user: %v", err)
	checkErrorText(t, err)
	after, err := caldavpub.Get(c, acct, path)
	if err != nil {
		t.Fatal(err)
	}
	if after.ETag != etag2 || !bytes.Contains(after.Data, []byte("SEQUENCE:1")) {
		t.Errorf("server copy changed by a refused update: ETag %q, data:\n%s", after.ETag, after.Data)
	}

	// Delete with a stale ETag is refused too; with the current one it works.
	if err := caldavpub.Delete(c, acct, path, etag); !errors.Is(err, caldavpub.ErrConflict) {
		t.Errorf("stale delete: err = %v, want ErrConflict", err)
	}
	if err := caldavpub.Delete(c, acct, path, etag2); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := caldavpub.Get(c, acct, path); !errors.Is(err, caldavpub.ErrNotFound) {
		t.Errorf("Get after Delete: err = %v, want ErrNotFound", err)
	}
	if objs, err := caldavpub.Query(c, acct, cal, day(2026, 1, 1), day(2027, 1, 1)); err != nil || len(objs) != 0 {
		t.Errorf("Query after Delete = %d objects, %v", len(objs), err)
	}
	_ = r
}

// TestDuplicateUID: another program stored the same series under another
// name; Radicale answers 409 and Put reports ErrDuplicateUID.
func TestDuplicateUID(t *testing.T) {
	r, acct := server(t)
	c := ctx(t)
	req, err := http.NewRequest(http.MethodPut, strings.TrimSuffix(r.URL, "/")+"/alice/mentoring/imported-by-thunderbird.ics",
		bytes.NewReader(fixture(t, "event.ics")))
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth("alice", alicePassword)
	req.Header.Set("Content-Type", "text/calendar; charset=utf-8")
	resp, err := http.DefaultClient.Do(req.WithContext(c))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("setup PUT: %s", resp.Status)
	}

	_, _, err = caldavpub.Put(c, acct, "/alice/mentoring/", uid, fixture(t, "event.ics"), "")
	if !errors.Is(err, caldavpub.ErrDuplicateUID) {
		t.Fatalf("Put: err = %v, want ErrDuplicateUID", err)
	}
	t.Logf("duplicate shown to the user: %v", err)
	checkErrorText(t, err)
}

func TestPutRefusesInvalidObjects(t *testing.T) {
	tests := []struct {
		name, file, uid, want string
	}{
		{"iTIP METHOD inside", "withmethod.ics", uid, "METHOD"},
		{"two UIDs in one object", "twouids.ics", uid, "conflicting UID"},
		{"UID differs from the name", "event.ics", "another-uid", "differs"},
		{"empty UID", "event.ics", "", "empty UID"},
		{"not iCalendar", "", uid, "parse iCalendar"},
	}
	// No server: the check happens before any request (the port is closed).
	acct := caldavpub.Account{URL: "http://127.0.0.1:1/", Username: "alice", Password: alicePassword}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte("hello")
			if tt.file != "" {
				data = fixture(t, tt.file)
			}
			_, _, err := caldavpub.Put(context.Background(), acct, "/alice/mentoring/", tt.uid, data, "")
			if !errors.Is(err, caldavpub.ErrInvalidObject) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want ErrInvalidObject mentioning %q", err, tt.want)
			}
			checkErrorText(t, err)
		})
	}
}

func TestAccessErrors(t *testing.T) {
	r, alice := server(t)
	wrong := alice
	wrong.Password = "wrong-" + alicePassword
	bob := alice
	bob.Username, bob.Password = "bob", bobPassword
	event := fixture(t, "event.ics")

	tests := []struct {
		name string
		call func(context.Context) error
		want error
	}{
		{"discover with a wrong password", func(c context.Context) error { _, err := caldavpub.Discover(c, wrong); return err }, caldavpub.ErrAuth},
		{"put with a wrong password", func(c context.Context) error {
			_, _, err := caldavpub.Put(c, wrong, "/alice/mentoring/", uid, event, "")
			return err
		}, caldavpub.ErrAuth},
		{"query with a wrong password", func(c context.Context) error {
			_, err := caldavpub.Query(c, wrong, "/alice/mentoring/", day(2026, 1, 1), day(2026, 2, 1))
			return err
		}, caldavpub.ErrAuth},
		{"put into someone else's calendar", func(c context.Context) error {
			_, _, err := caldavpub.Put(c, bob, "/alice/mentoring/", uid, event, "")
			return err
		}, caldavpub.ErrForbidden},
		{"delete a missing event", func(c context.Context) error {
			return caldavpub.Delete(c, alice, caldavpub.ObjectPath("/alice/mentoring/", "nope"), "")
		}, caldavpub.ErrNotFound},
		{"path on another server", func(c context.Context) error {
			_, err := caldavpub.Get(c, alice, "http://evil.example/x.ics")
			return err
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call(ctx(t))
			if err == nil {
				t.Fatal("no error")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			t.Logf("error shown to the user: %v", err)
			checkErrorText(t, err, wrong.Password)
		})
	}
	_ = r
}

// TestServerGone: Radicale was running, then stopped; every call fails
// quickly with ErrConnection.
func TestServerGone(t *testing.T) {
	r, acct := server(t)
	if _, err := caldavpub.Discover(ctx(t), acct); err != nil {
		t.Fatalf("Discover while running: %v", err)
	}
	r.Stop()
	calls := map[string]func(context.Context) error{
		"discover": func(c context.Context) error { _, err := caldavpub.Discover(c, acct); return err },
		"put": func(c context.Context) error {
			_, _, err := caldavpub.Put(c, acct, "/alice/mentoring/", uid, fixture(t, "event.ics"), "")
			return err
		},
		"query": func(c context.Context) error {
			_, err := caldavpub.Query(c, acct, "/alice/mentoring/", day(2026, 1, 1), day(2026, 2, 1))
			return err
		},
		"delete": func(c context.Context) error { return caldavpub.Delete(c, acct, "/alice/mentoring/x.ics", "") },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			err := call(ctx(t))
			if !errors.Is(err, caldavpub.ErrConnection) {
				t.Fatalf("err = %v, want ErrConnection", err)
			}
			checkErrorText(t, err)
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

// TestSilentServerTimesOut: a server that accepts and never answers is
// bounded by the HTTP client's timeout and by the context.
func TestSilentServerTimesOut(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	url := "http://" + l.Addr().String() + "/"

	tests := []struct {
		name    string
		client  *http.Client
		ctxWait time.Duration
	}{
		{"client timeout", &http.Client{Timeout: 500 * time.Millisecond}, time.Minute},
		{"context deadline", &http.Client{}, 500 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acct := caldavpub.Account{URL: url, Username: "alice", Password: alicePassword, HTTPClient: tt.client}
			c, cancel := context.WithTimeout(context.Background(), tt.ctxWait)
			defer cancel()
			start := time.Now()
			_, _, err := caldavpub.Put(c, acct, "/alice/mentoring/", uid, fixture(t, "event.ics"), "")
			if !errors.Is(err, caldavpub.ErrTimeout) {
				t.Fatalf("err = %v, want ErrTimeout", err)
			}
			checkErrorText(t, err)
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("took %v", d)
			}
			_, err = caldavpub.Discover(c, acct)
			if !errors.Is(err, caldavpub.ErrTimeout) {
				t.Errorf("Discover err = %v, want ErrTimeout", err)
			}
		})
	}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// unfold undoes RFC 5545 line folding so content checks do not depend on
// where a server folds.
func unfold(b []byte) []byte {
	b = bytes.ReplaceAll(b, []byte("\r\n "), nil)
	return bytes.ReplaceAll(b, []byte("\n "), nil)
}
