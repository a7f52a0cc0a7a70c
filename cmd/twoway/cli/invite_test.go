package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twoway-app/twoway/calendar/ics"
)

func TestInviteExportSkipCancelImport(t *testing.T) {
	db := newPair(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "invite.ics")
	// Without a schedule there is nothing to invite to
	if _, e, code := run(t, db, "invite", "export", "1", "-o", file); code != ExitError || !strings.Contains(e, "set a schedule") {
		t.Errorf("export without schedule: %d %q", code, e)
	}
	run(t, db, "schedule", "set", "1", "--days", "MO", "--at", "17:00", "--from", "2027-01-04")

	parse := func(path string) *ics.Message {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		m, err := ics.ParseITIP(b)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return m
	}
	// Export writes a REQUEST, sequence 0
	if out, e, code := run(t, db, "invite", "export", "1", "-o", file); code != 0 || !strings.Contains(out, "sequence 0") {
		t.Fatalf("export: %d %q %q", code, out, e)
	}
	first := parse(file)
	if first.Method != "REQUEST" || first.Sequence != 0 || first.Attendee.Email != "ben@example.com" {
		t.Fatalf("first invite %+v", first)
	}
	// Skipping a session and exporting again: same UID, sequence 1, an EXDATE
	if _, e, code := run(t, db, "session", "skip", "1", "--date", "2027-03-01"); code != 0 {
		t.Fatalf("skip: %s", e)
	}
	run(t, db, "invite", "export", "1", "-o", file)
	upd := parse(file)
	if upd.UID != first.UID || upd.Sequence != 1 || len(upd.ExDates) != 1 {
		t.Errorf("update: UID %s seq %d exdates %v", upd.UID, upd.Sequence, upd.ExDates)
	}
	// Cancelling one session: CANCEL with RECURRENCE-ID, sequence 2
	run(t, db, "invite", "export", "1", "--method", "cancel", "--session", "2027-03-15", "-o", file)
	c := parse(file)
	if c.Method != "CANCEL" || c.Sequence != 2 || c.RecurrenceID.IsZero() || c.UID != first.UID {
		t.Errorf("instance cancel %+v", c)
	}
	// Bad inputs
	for _, tt := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"invite", "export", "1", "--method", "publish"}, ExitUsage, "--method"},
		{[]string{"invite", "export", "1", "--method", "cancel", "--session", "2027-03-16"}, ExitUsage, "no session on 2027-03-16"},
		{[]string{"session", "skip", "1", "--date", "2027-02-30"}, ExitUsage, "--date"},
		{[]string{"session", "move", "1", "--date", "2027-03-22", "--to", "2027-03-28 02:30"}, ExitUsage, "does not exist"},
		{[]string{"session", "move", "1", "--date", "2027-03-22", "--to", "tomorrow"}, ExitUsage, "--to"},
		{[]string{"invite", "import", filepath.Join(dir, "missing.ics")}, ExitError, "no such file"},
	} {
		if _, e, code := run(t, db, tt.args...); code != tt.code || !strings.Contains(e, tt.msg) {
			t.Errorf("%v: %d %q, want %d with %q", tt.args, code, e, tt.code, tt.msg)
		}
	}
	// A malformed file is refused and changes nothing
	junk := filepath.Join(dir, "junk.ics")
	os.WriteFile(junk, []byte("BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:x\r\n"), 0o600)
	if _, e, code := run(t, db, "invite", "import", junk); code != ExitError || !strings.Contains(e, "ics:") {
		t.Errorf("junk import: %d %q", code, e)
	}
	// A real reply is imported and described
	reply := strings.NewReplacer("{UID}", first.UID).Replace("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Apple Inc.//macOS 15//EN\r\nMETHOD:REPLY\r\n" +
		"BEGIN:VEVENT\r\nUID:{UID}\r\nDTSTAMP:20261202T100000Z\r\nSEQUENCE:2\r\nDTSTART;TZID=Europe/Berlin:20270104T170000\r\n" +
		"ORGANIZER:mailto:ana@example.org\r\nATTENDEE;CN=\"Okafor, Ben\";PARTSTAT=DECLINED:mailto:ben@example.com\r\n" +
		"COMMENT:Sorry\\, Mondays are hard\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
	rf := filepath.Join(dir, "reply.ics")
	os.WriteFile(rf, []byte(reply), 0o600)
	out, e, code := run(t, db, "invite", "import", rf)
	if code != 0 || !strings.Contains(out, "Ben declined the series") || !strings.Contains(out, "Sorry, Mondays are hard") {
		t.Errorf("import reply: %d %q %q", code, out, e)
	}
}

func TestAgendaCommands(t *testing.T) {
	db := newPair(t)
	if out, e, code := run(t, db, "agenda", "set", "1", "--text", "1. Blogging\n2. Budgets"); code != 0 || !strings.Contains(out, "Saved") {
		t.Fatalf("agenda set: %d %q %q", code, out, e)
	}
	if out, _, _ := run(t, db, "agenda", "show", "1"); out != "1. Blogging\n2. Budgets\n" {
		t.Errorf("agenda show = %q", out)
	}
	if _, e, code := run(t, db, "agenda", "set", "1", "--text", strings.Repeat("x", 5000)); code != ExitUsage || !strings.Contains(e, "--text") {
		t.Errorf("long agenda: %d %q", code, e)
	}
	run(t, db, "schedule", "set", "1", "--days", "MO", "--at", "17:00")
	out, _, _ := run(t, db, "invite", "export", "1")
	m, err := ics.ParseITIP([]byte(out))
	if err != nil || !strings.Contains(m.Description, "Agenda for the next session:\n1. Blogging\n2. Budgets") {
		t.Errorf("invite description %q (%v)", m.Description, err)
	}
}
