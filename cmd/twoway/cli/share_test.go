package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/twoway-app/twoway/internal/testservers"
	"github.com/twoway-app/twoway/storage/secrets"
)

// TestShareAndSyncHeadless is the CLI contract of issue 15 end to end for
// two people on one machine: Ana shares her partnership in a collection on
// a real Radicale, Ben joins from her invite and shares the same
// collection, a topic each reaches the other with `twoway sync`.
func TestShareAndSyncHeadless(t *testing.T) {
	rad := testservers.StartRadicaleShared(t, map[string]string{"ana": "ana-pw-1", "ben": "ben-pw-2"},
		map[string][]string{"/ana/pair/": {"ana", "ben"}})
	dir := t.TempDir()
	anaDB, benDB := filepath.Join(dir, "ana.db"), filepath.Join(dir, "ben.db")
	anaKeys, benKeys := secrets.NewMemory(), secrets.NewMemory()
	must := func(db string, keys secrets.Store, stdin string, args ...string) string {
		t.Helper()
		out, errOut, code := runWith(t, db, keys, stdin, args...)
		if code != 0 {
			t.Fatalf("twoway %s: exit %d: %s", strings.Join(args, " "), code, errOut)
		}
		return out
	}
	calURL := strings.TrimSuffix(rad.URL, "/") + "/ana/pair/"

	must(anaDB, anaKeys, "", addArgs...)
	must(anaDB, anaKeys, "", "schedule", "set", "1", "--days", "MO", "--at", "17:00", "--from", "2027-01-04", "--count", "4")
	must(anaDB, anaKeys, "", "topic", "add", "1", "--title", "Negotiation", "--teacher", "me")
	invite := filepath.Join(dir, "invite.ics")
	must(anaDB, anaKeys, "", "invite", "export", "1", "-o", invite)

	// Not shared yet: the state says so and sync refuses with a hint
	if _, errOut, code := runWith(t, anaDB, anaKeys, "", "share", "1"); code != 2 || !strings.Contains(errOut, "--calendar") {
		t.Errorf("share without a calendar: exit %d, %q", code, errOut)
	}
	if _, errOut, code := runWith(t, anaDB, anaKeys, "", "sync"); code != 2 || !strings.Contains(errOut, "twoway share") {
		t.Errorf("sync with nothing shared: exit %d, %q", code, errOut)
	}
	// A wrong password is a clear error and nothing is shared
	if _, errOut, code := runWith(t, anaDB, anaKeys, "wrong\n", "share", "1", "--calendar", calURL, "--user", "ana", "--password-stdin"); code == 0 ||
		!strings.Contains(errOut, "password") {
		t.Errorf("wrong password: exit %d, %q", code, errOut)
	}

	out := must(anaDB, anaKeys, "ana-pw-1\n", "share", "1", "--calendar", calURL, "--user", "ana", "--password-stdin")
	if !strings.Contains(out, "sharing partnership 1") || !strings.Contains(out, "2 sent") {
		t.Errorf("Ana shares: %q", out)
	}
	if id := strings.TrimSpace(must(benDB, benKeys, "", "join", invite)); id != "1" {
		t.Fatalf("Ben joins: %q", id)
	}
	out = must(benDB, benKeys, "ben-pw-2\n", "share", "1", "--calendar", calURL, "--user", "ben", "--password-stdin")
	if !strings.Contains(out, "taken from your partner") {
		t.Errorf("Ben shares: %q", out)
	}
	if list := must(benDB, benKeys, "", "topic", "list", "1"); !strings.Contains(list, "Negotiation") {
		t.Errorf("Ben's topics after sharing: %q", list)
	}
	must(benDB, benKeys, "", "topic", "add", "1", "--title", "Reels", "--teacher", "me")
	must(benDB, benKeys, "", "sync")
	out = must(anaDB, anaKeys, "", "sync", "1")
	if !strings.Contains(out, "1 taken from your partner") {
		t.Errorf("Ana's sync: %q", out)
	}
	if list := must(anaDB, anaKeys, "", "topic", "list", "1"); !strings.Contains(list, "Reels") {
		t.Errorf("Ana's topics after syncing: %q", list)
	}
	status := must(anaDB, anaKeys, "", "share", "1")
	if !strings.Contains(status, "/ana/pair/ as ana") || !strings.Contains(status, "0 local changes waiting") {
		t.Errorf("share status: %q", status)
	}
	// A dropped server: a non-zero exit naming the connection, the record intact
	rad.Stop()
	if _, errOut, code := runWith(t, anaDB, anaKeys, "", "sync", "1"); code != 1 || !strings.Contains(errOut, "cannot reach") {
		t.Errorf("sync with the server down: exit %d, %q", code, errOut)
	}
	if list := must(anaDB, anaKeys, "", "topic", "list", "1"); !strings.Contains(list, "Reels") || !strings.Contains(list, "Negotiation") {
		t.Errorf("Ana's topics after a failed sync: %q", list)
	}
}
