package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run runs twoway with args against db and returns stdout, stderr and status.
func run(t *testing.T, db string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(&Env{Ctx: context.Background(), DBPath: db, Stdout: &out, Stderr: &errb}, args)
	return out.String(), errb.String(), code
}

var addArgs = []string{"pair", "add", "--title", "Ana & Ben",
	"--me", "Ana Ruiz <ana@example.org>", "--me-tz", "Europe/Berlin", "--me-hours", "08:00-18:00",
	"--partner", "Ben Okafor <ben@example.com>", "--partner-tz", "America/New_York", "--partner-hours", "09:00-17:00",
	"--link", "https://meet.jit.si/Twoway-ana-ben", "--from", "2027-01-04", "--until", "2027-06-30",
	"--me-wants", "Social media", "--partner-wants", "Leadership"}

func TestPairAddListShow(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	// Given a new partnership added headless
	out, errOut, code := run(t, db, addArgs...)
	if code != ExitOK || strings.TrimSpace(out) != "1" {
		t.Fatalf("pair add: code %d, out %q, err %q", code, out, errOut)
	}
	// Then pair list --json has it
	out, _, code = run(t, db, "pair", "list", "--json")
	var list []summaryJSON
	if code != 0 || json.Unmarshal([]byte(out), &list) != nil || len(list) != 1 || list[0].Partner != "Ben Okafor" {
		t.Fatalf("pair list --json: code %d, %q", code, out)
	}
	// And pair show ID --json (flag after the ID) has every field
	out, _, code = run(t, db, "pair", "show", "1", "--json")
	var p pairJSON
	if err := json.Unmarshal([]byte(out), &p); err != nil || code != 0 {
		t.Fatalf("pair show: code %d, %v, %q", code, err, out)
	}
	if p.Me.Zone != "Europe/Berlin" || p.Partner.Hours != "09:00-17:00" || p.Until != "2027-06-30" ||
		!p.Rules.Confidentiality || p.Me.Wants[0] != "Social media" || p.Link == "" {
		t.Errorf("pair show --json = %+v", p)
	}
	// And the text forms mention the people
	out, _, _ = run(t, db, "pair", "list")
	if !strings.Contains(out, "Ben Okafor") || !strings.Contains(out, "America/New_York") {
		t.Errorf("pair list = %q", out)
	}
	out, _, _ = run(t, db, "pair", "show", "1")
	if !strings.Contains(out, "Ana Ruiz <ana@example.org>") || !strings.Contains(out, "2027-01-04 to 2027-06-30") {
		t.Errorf("pair show = %q", out)
	}
	// And delete removes it
	if _, e, code := run(t, db, "pair", "delete", "1"); code != 0 {
		t.Fatalf("delete: %d %s", code, e)
	}
	if _, e, code := run(t, db, "pair", "show", "1"); code != ExitError || !strings.Contains(e, "not found") {
		t.Errorf("show deleted: code %d, %q", code, e)
	}
}

func with(flagName, value string) []string {
	args := append([]string(nil), addArgs...)
	for i, a := range args {
		if a == flagName {
			args[i+1] = value
			return args
		}
	}
	return append(args, flagName, value)
}

func TestPairAddBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // the flag the message must name
		msg  string
	}{
		{"unknown zone", with("--partner-tz", "Mars/Olympus"), "--partner-tz", "unknown time zone"},
		{"bad email", with("--me", "Ana <not-an-email>"), "--me", "Name <email>"},
		{"no name", with("--partner", "ben@example.com"), "--partner", "Name <email>"},
		{"hours 25:00", with("--me-hours", "08:00-25:00"), "--me-hours", "hours run 00-23"},
		{"hours backwards words", with("--partner-hours", "morning"), "--partner-hours", "HH:MM-HH:MM"},
		{"end before start", with("--until", "2026-12-01"), "--until", "before it starts"},
		{"impossible date", with("--from", "2027-02-30"), "--from", "YYYY-MM-DD"},
		{"empty title", with("--title", "  "), "--title", "required"},
		{"bad link", with("--link", "ftp://x"), "--link", "not a web link"},
		{"unknown flag", append(with("--title", "x"), "--colour", "red"), "--colour", "not defined"},
		{"stray argument", append(with("--title", "x"), "extra"), "pair add", "unexpected argument"},
		{"title with newline", with("--title", "a\nb"), "--title", "single line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "t.db")
			out, errOut, code := run(t, db, tt.args...)
			if code != ExitUsage {
				t.Errorf("code = %d, want %d", code, ExitUsage)
			}
			if out != "" {
				t.Errorf("stdout = %q, want nothing", out)
			}
			if strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, tt.want) || !strings.Contains(errOut, tt.msg) {
				t.Errorf("stderr = %q, want one line naming %s with %q", errOut, tt.want, tt.msg)
			}
			// Bad input never creates the database.
			if _, err := os.Stat(db); !os.IsNotExist(err) {
				t.Errorf("database created for bad input (stat err %v)", err)
			}
		})
	}
}

func TestCommandErrors(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.txt")
	os.WriteFile(notDB, []byte(strings.Repeat("hello\n", 100)), 0o600)
	tests := []struct {
		name string
		db   string
		args []string
		code int
		msg  string
	}{
		{"unknown command group", "", []string{"frobnicate"}, ExitUsage, "unknown command"},
		{"missing subcommand", "", []string{"pair"}, ExitUsage, "missing subcommand"},
		{"unknown subcommand", "", []string{"pair", "explode"}, ExitUsage, "unknown subcommand"},
		{"show without id", filepath.Join(dir, "a.db"), []string{"pair", "show"}, ExitUsage, "want one partnership ID"},
		{"show bad id", filepath.Join(dir, "a.db"), []string{"pair", "show", "x1"}, ExitUsage, "not a partnership ID"},
		{"show missing", filepath.Join(dir, "a.db"), []string{"pair", "show", "42"}, ExitError, "not found"},
		{"not a database", notDB, []string{"pair", "list"}, ExitError, "not a Twoway database"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := run(t, tt.db, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.msg) {
				t.Errorf("code %d stderr %q; want %d with %q", code, errOut, tt.code, tt.msg)
			}
		})
	}
}
