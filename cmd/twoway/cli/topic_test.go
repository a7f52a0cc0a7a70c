package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// runOK runs twoway and fails the test unless it exits 0.
func runOK(t *testing.T, db string, args ...string) string {
	t.Helper()
	out, e, code := run(t, db, args...)
	if code != ExitOK {
		t.Fatalf("%v: exit %d, stderr %q", args, code, e)
	}
	return out
}

// decode parses a command's --json output into v.
func decode[T any](t *testing.T, db string, args ...string) T {
	t.Helper()
	var v T
	out := runOK(t, db, args...)
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("%v: %v in %q", args, err, out)
	}
	return v
}

// atClock pins the clock commands read "now" from.
func atClock(t *testing.T, at time.Time) {
	t.Helper()
	now = func() time.Time { return at }
	t.Cleanup(func() { now = time.Now })
}

func topicTitles(ts []topicJSON) []string {
	out := make([]string, len(ts))
	for i, tp := range ts {
		out[i] = tp.Title
	}
	return out
}

func TestTopicAddListSetMoveDelete(t *testing.T) {
	db := newPair(t)
	// Given three topics added headless (the default status is agreed)
	first := decode[topicJSON](t, db, "topic", "add", "1", "--title", "Social media", "--teacher", "partner",
		"--resource", "https://example.org/reels", "--resource", "Book: Contagious", "--json")
	if first.ID != 1 || first.Position != 1 || first.Status != "agreed" || first.Direction != "Ben teaches Ana" ||
		len(first.Resources) != 2 {
		t.Errorf("topic add --json = %+v", first)
	}
	if out := runOK(t, db, "topic", "add", "1", "--title", "Leadership", "--teacher", "me", "--status", "in progress"); strings.TrimSpace(out) != "2" {
		t.Errorf("topic add printed %q, want the id 2", out)
	}
	runOK(t, db, "topic", "add", "1", "--title", "Public speaking", "--teacher", "both", "--status", "proposed", "--notes", "Later")

	// Then the list has them in order, and filters by status and teacher
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "Social media|Leadership|Public speaking"},
		{[]string{"--status", "in_progress"}, "Leadership"},
		{[]string{"--status", "Proposed"}, "Public speaking"},
		{[]string{"--teacher", "partner"}, "Social media"},
		{[]string{"--teacher", "both", "--status", "agreed"}, ""},
	} {
		got := decode[[]topicJSON](t, db, append([]string{"topic", "list", "1", "--json"}, tt.args...)...)
		if g := strings.Join(topicTitles(got), "|"); g != tt.want {
			t.Errorf("topic list %v = %q, want %q", tt.args, g, tt.want)
		}
	}
	// When a topic is changed, only the flags given change
	runOK(t, db, "topic", "set", "1", "--status", "done", "--resource", "https://example.org/new")
	got := decode[[]topicJSON](t, db, "topic", "list", "1", "--json")
	if tp := got[0]; tp.Status != "done" || tp.Title != "Social media" || tp.Teacher != "partner" ||
		strings.Join(tp.Resources, ",") != "https://example.org/new" {
		t.Errorf("after topic set: %+v", tp)
	}
	// An empty --resource clears the list
	runOK(t, db, "topic", "set", "1", "--resource", "")
	if got := decode[[]topicJSON](t, db, "topic", "list", "1", "--json"); len(got[0].Resources) != 0 {
		t.Errorf("resources after clearing: %q", got[0].Resources)
	}
	// Moving the last topic up twice makes it first; moving the first up does nothing
	runOK(t, db, "topic", "move", "3", "up")
	runOK(t, db, "topic", "move", "3", "up")
	runOK(t, db, "topic", "move", "3", "up")
	runOK(t, db, "topic", "move", "1", "down")
	got = decode[[]topicJSON](t, db, "topic", "list", "1", "--json")
	if g := strings.Join(topicTitles(got), "|"); g != "Public speaking|Leadership|Social media" {
		t.Errorf("after moves: %s", g)
	}
	// The text list reads who teaches whom
	out := runOK(t, db, "topic", "list", "1")
	if !strings.Contains(out, "Ana and Ben teach each other") || !strings.Contains(out, "In progress") || !strings.Contains(out, "WHO TEACHES WHOM") {
		t.Errorf("topic list = %q", out)
	}
	// Deleting removes it
	runOK(t, db, "topic", "delete", "2")
	got = decode[[]topicJSON](t, db, "topic", "list", "1", "--json")
	if g := strings.Join(topicTitles(got), "|"); g != "Public speaking|Social media" {
		t.Errorf("after delete: %s", g)
	}
}

func TestTopicSeed(t *testing.T) {
	db := newPair(t)
	// Ana wants Social media, Ben wants Leadership; a topic "social MEDIA" exists
	runOK(t, db, "topic", "add", "1", "--title", "social MEDIA", "--teacher", "partner")
	if out := runOK(t, db, "topic", "seed", "1"); !strings.Contains(out, "Proposed 1 new topic ") {
		t.Errorf("first seed: %q", out)
	}
	got := decode[[]topicJSON](t, db, "topic", "list", "1", "--json")
	if len(got) != 2 || got[1].Title != "Leadership" || got[1].Teacher != "me" || got[1].Status != "proposed" {
		t.Errorf("after seed: %+v", got)
	}
	if out := runOK(t, db, "topic", "seed", "1"); !strings.Contains(out, "Proposed 0 new topics") {
		t.Errorf("second seed: %q", out)
	}
	if got := decode[[]topicJSON](t, db, "topic", "list", "1", "--json"); len(got) != 2 {
		t.Errorf("seeding twice added topics: %+v", got)
	}
}

func TestTopicBadInput(t *testing.T) {
	db := newPair(t)
	runOK(t, db, "topic", "add", "1", "--title", "Social media", "--teacher", "partner")
	other := with("--title", "Someone else")
	runOK(t, db, other...)
	runOK(t, db, "topic", "add", "2", "--title", "Not ours", "--teacher", "me")
	tests := []struct {
		name string
		args []string
		code int
		msgs []string // each must be in the one stderr line
	}{
		{"no teacher", []string{"topic", "add", "1", "--title", "X"}, ExitUsage, []string{"--teacher: required"}},
		{"bad teacher", []string{"topic", "add", "1", "--title", "X", "--teacher", "everyone"}, ExitUsage, []string{"--teacher", `"everyone" is not me, partner or both`}},
		{"bad status", []string{"topic", "add", "1", "--title", "X", "--teacher", "me", "--status", "finished"}, ExitUsage, []string{"--status", `"finished" is not a topic status`}},
		{"empty title", []string{"topic", "add", "1", "--title", " ", "--teacher", "me"}, ExitUsage, []string{"--title: is required"}},
		{"invalid UTF-8 title", []string{"topic", "add", "1", "--title", "So\xffcial", "--teacher", "me"}, ExitUsage, []string{"--title: contains invalid characters"}},
		{"every bad field at once", []string{"topic", "add", "1", "--title", "", "--teacher", "me", "--notes", "a\x00b"}, ExitUsage, []string{"--title: is required", "--notes: contains a NUL"}},
		{"bad resource", []string{"topic", "add", "1", "--title", "X", "--teacher", "me", "--resource", "a\nb"}, ExitUsage, []string{"--resource", "single line"}},
		{"unknown partnership", []string{"topic", "add", "9", "--title", "X", "--teacher", "me"}, ExitError, []string{"partnership 9", "not found"}},
		{"no partnership", []string{"topic", "add", "--title", "X", "--teacher", "me"}, ExitUsage, []string{"want one partnership ID"}},
		{"set unknown topic", []string{"topic", "set", "999", "--status", "done"}, ExitError, []string{"topic 999", "not found"}},
		{"set bad status", []string{"topic", "set", "1", "--status", "finished"}, ExitUsage, []string{"--status"}},
		{"set nothing", []string{"topic", "set", "1"}, ExitUsage, []string{"nothing to change"}},
		{"set title with newline", []string{"topic", "set", "1", "--title", "a\nb"}, ExitUsage, []string{"--title: must be a single line"}},
		{"set invalid UTF-8 notes", []string{"topic", "set", "1", "--notes", "\xc3\x28"}, ExitUsage, []string{"--notes: contains invalid characters"}},
		{"move sideways", []string{"topic", "move", "1", "left"}, ExitUsage, []string{"neither up nor down"}},
		{"move unknown", []string{"topic", "move", "999", "up"}, ExitError, []string{"not found"}},
		{"delete bad id", []string{"topic", "delete", "x1"}, ExitUsage, []string{"not a topic ID"}},
		{"delete unknown", []string{"topic", "delete", "999"}, ExitError, []string{"not found"}},
		{"list bad status", []string{"topic", "list", "1", "--status", "someday"}, ExitUsage, []string{"--status"}},
		{"list bad teacher", []string{"topic", "list", "1", "--teacher", "nobody"}, ExitUsage, []string{"--teacher"}},
		{"seed unknown", []string{"topic", "seed", "9"}, ExitError, []string{"not found"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := runOK(t, db, "topic", "list", "1", "--json") + runOK(t, db, "topic", "list", "2", "--json")
			out, errOut, code := run(t, db, tt.args...)
			if code != tt.code || out != "" || strings.Count(errOut, "\n") != 1 {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d, one stderr line", code, out, errOut, tt.code)
			}
			for _, m := range tt.msgs {
				if !strings.Contains(errOut, m) {
					t.Errorf("stderr %q does not say %q", errOut, m)
				}
			}
			if after := runOK(t, db, "topic", "list", "1", "--json") + runOK(t, db, "topic", "list", "2", "--json"); after != before {
				t.Errorf("refused command changed the topics:\n%s\nwas\n%s", after, before)
			}
		})
	}
}
