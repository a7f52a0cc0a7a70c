package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twoway-app/twoway/calendar/ics"
	"github.com/twoway-app/twoway/storage"
)

// The bad-input table of issue #8 for the headless commands and the
// importers: each row is refused with the exit status and a message naming
// the flag or problem, and the database is exactly as it was. The GUI forms'
// rows are in ui/badinput_test.go.

// badInputDB builds the database every row starts from: partnership 1 with
// a weekly schedule, an agenda, and an invite exported (so it counts as
// sent and a reply to it can be imported). It returns the file and the
// invite's UID.
func badInputDB(t *testing.T) (string, string) {
	t.Helper()
	db := newPair(t)
	for _, args := range [][]string{
		{"schedule", "set", "1", "--days", "MO", "--at", "17:00", "--from", "2027-01-04"},
		{"agenda", "set", "1", "--text", "1. Reels\n2. Budgets"},
		{"invite", "export", "1", "-o", filepath.Join(t.TempDir(), "invite.ics")},
	} {
		if _, e, code := run(t, db, args...); code != ExitOK {
			t.Fatalf("%v: %d %s", args, code, e)
		}
	}
	s, err := storage.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.Invite(context.Background(), 1)
	if err != nil || !st.Sent {
		t.Fatalf("fixture invite %+v, %v", st, err)
	}
	return db, st.UID
}

// copyDB gives a row its own copy of the fixture.
func copyDB(t *testing.T, src string) string {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "t.db")
	if err := os.WriteFile(dst, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return dst
}

// fingerprint is everything a user can see of the database through the
// commands, plus what they keep no command for (answers, skipped sessions,
// the sent invite), read through storage rather than SQL.
func fingerprint(t *testing.T, db string) string {
	t.Helper()
	var b strings.Builder
	for _, args := range [][]string{
		{"pair", "list", "--json"},
		{"pair", "show", "1", "--json"},
		{"schedule", "show", "1", "--json"},
		{"agenda", "show", "1"},
		{"settings", "show", "--json"},
	} {
		out, e, code := run(t, db, args...)
		if code != ExitOK {
			t.Fatalf("fingerprint %v: %d %s", args, code, e)
		}
		b.WriteString(out)
	}
	ctx := context.Background()
	s, err := storage.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	inv, err1 := s.Invite(ctx, 1)
	resp, err2 := s.Responses(ctx, 1)
	exc, err3 := s.Exceptions(ctx, 1)
	if err1 != nil || err2 != nil || err3 != nil {
		t.Fatalf("fingerprint: %v %v %v", err1, err2, err3)
	}
	j, _ := json.Marshal([]any{inv, resp, exc})
	b.Write(j)
	return b.String()
}

// firstDiff shows where two fingerprints part, with some context.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(i-80, 0)
	return fmt.Sprintf("at byte %d: before %q, after %q", i, a[from:min(i+80, len(a))], b[from:min(i+80, len(b))])
}

// icsFile writes content to a new file and returns its path.
func icsFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// answer is an iTIP message about the fixture's series, as a calendar app
// sends it back.
func answer(method, uid, attendee, extra string) string {
	return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nMETHOD:" + method + "\r\n" +
		"BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTAMP:20261202T100000Z\r\nSEQUENCE:0\r\n" +
		"DTSTART;TZID=Europe/Berlin:20270104T170000\r\n" + extra +
		"ORGANIZER:mailto:ana@example.org\r\nATTENDEE;CN=Ben;PARTSTAT=ACCEPTED:mailto:" + attendee + "\r\n" +
		"END:VEVENT\r\nEND:VCALENDAR\r\n"
}

func TestBadInputHeadless(t *testing.T) {
	fixture, uid := badInputDB(t)
	mib := strings.Repeat("x", 1<<20)
	junk := icsFile(t, "junk.db", strings.Repeat("SQLite format 2\x00 not really\n", 100))
	tests := []struct {
		name string
		args []string
		code int
		msgs []string // what the one line on stderr must say: the flag and the problem
	}{
		// pair add: names, zones, hours, dates, links and free text
		{"unknown zone", with("--partner-tz", "Mars/Olympus"), ExitUsage, []string{"--partner-tz", "unknown time zone"}},
		{"Local is not a zone", with("--me-tz", "Local"), ExitUsage, []string{"--me-tz", "unknown time zone"}},
		{"bad email", with("--partner", "Ben <ben@@example.com>"), ExitUsage, []string{"--partner", "Name <email>"}},
		{"CRLF header injection in a name", with("--partner", "Ben\r\nBcc: eve@example.net <ben@example.com>"), ExitUsage, []string{"--partner", "Name <email>"}},
		{"CRLF in the title", with("--title", "Ana\r\nBen"), ExitUsage, []string{"--title", "single line"}},
		{"NUL byte in the title", with("--title", "Ana\x00Ben"), ExitUsage, []string{"--title", "NUL"}},
		{"tab in an offer", with("--me-offers", "Leading\tteams"), ExitUsage, []string{"--me-offers", "tab"}},
		{"invalid UTF-8 in the title", with("--title", "Ana \xff\xfe Ben"), ExitUsage, []string{"--title", "invalid characters"}},
		{"invalid UTF-8 in a name", with("--me", "An\xe1 Ruiz <ana@example.org>"), ExitUsage, []string{"--me", "invalid characters"}},
		{"1 MB title", with("--title", mib), ExitUsage, []string{"--title", "longer than 200"}},
		{"1 MB offer", with("--partner-offers", mib), ExitUsage, []string{"--partner-offers", "longer than 1000"}},
		{"wrong hours 08:00-24:30", with("--me-hours", "08:00-24:30"), ExitUsage, []string{"--me-hours", "hours run 00-23"}},
		{"hours in words", with("--partner-hours", "9am-5pm"), ExitUsage, []string{"--partner-hours", "want HH:MM"}},
		{"programme ends before it starts", append(with("--from", "2027-06-30"), "--until", "2027-01-04"), ExitUsage, []string{"--until", "before it starts"}},
		{"29 February of a common year", with("--from", "2027-02-29"), ExitUsage, []string{"--from", "YYYY-MM-DD"}},
		{"a programme in 1969", with("--from", "1969-12-31"), ExitUsage, []string{"--from", "the year 1969 is out of range"}},
		{"script link", with("--link", "javascript:alert(1)"), ExitUsage, []string{"--link", "not a web link"}},

		// schedule set: impossible cadences, wrong hours, bad dates
		{"every 0 weeks", []string{"schedule", "set", "1", "--days", "MO", "--at", "17:00", "--every", "0"}, ExitUsage, []string{"--every", "not possible"}},
		{"the 6th Friday of a month", []string{"schedule", "set", "1", "--unit", "month", "--nth", "6", "--days", "FR", "--at", "17:00"}, ExitUsage, []string{"--nth", "not 6"}},
		{"a monthly series on two days", []string{"schedule", "set", "1", "--unit", "month", "--nth", "1", "--days", "MO,FR", "--at", "17:00"}, ExitUsage, []string{"--days", "one weekday"}},
		{"at 24:00", []string{"schedule", "set", "1", "--days", "MO", "--at", "24:00"}, ExitUsage, []string{"--at", "not a time of day"}},
		{"at 7pm", []string{"schedule", "set", "1", "--days", "MO", "--at", "7pm"}, ExitUsage, []string{"--at", "HH:MM"}},
		{"a session of 0 minutes", []string{"schedule", "set", "1", "--days", "MO", "--at", "17:00", "--minutes", "0"}, ExitUsage, []string{"--minutes", "not possible"}},
		{"5000 sessions", []string{"schedule", "set", "1", "--days", "MO", "--at", "17:00", "--count", "5000"}, ExitUsage, []string{"--count", "choose 1 to"}},
		{"series ends before it starts", []string{"schedule", "set", "1", "--days", "MO", "--at", "17:00", "--from", "2027-06-01", "--until", "2027-01-01"}, ExitUsage, []string{"--until", "before the first date"}},
		{"month 13", []string{"schedule", "set", "1", "--days", "MO", "--at", "17:00", "--from", "2027-13-01"}, ExitUsage, []string{"--from", "YYYY-MM-DD"}},
		{"year 1", []string{"schedule", "set", "1", "--days", "MO", "--at", "17:00", "--from", "0001-01-01", "--count", "3"}, ExitUsage, []string{"--from", "year"}},
		{"year 9999", []string{"schedule", "set", "1", "--days", "MO", "--at", "17:00", "--from", "9999-12-20", "--count", "3"}, ExitUsage, []string{"--from", "year"}},

		// one session: the DST gap, days without a session
		{"move into the DST gap", []string{"session", "move", "1", "--date", "2027-03-22", "--to", "2027-03-28 02:30"}, ExitUsage, []string{"--to", "does not exist", "clocks skip it"}},
		{"move to words", []string{"session", "move", "1", "--date", "2027-03-22", "--to", "next monday"}, ExitUsage, []string{"--to", "YYYY-MM-DD HH:MM"}},
		{"skip a day without a session", []string{"session", "skip", "1", "--date", "2027-01-05"}, ExitUsage, []string{"--date", "no session on 2027-01-05"}},

		// agenda: 1 MB notes, invalid UTF-8, control characters
		{"1 MB agenda", []string{"agenda", "set", "1", "--text", mib}, ExitUsage, []string{"--text", "longer than 4000"}},
		{"invalid UTF-8 agenda", []string{"agenda", "set", "1", "--text", "Budgets \xc3\x28"}, ExitUsage, []string{"--text", "invalid characters"}},
		{"NUL byte in the agenda", []string{"agenda", "set", "1", "--text", "1. Reels\x002. Budgets"}, ExitUsage, []string{"--text", "NUL"}},
		{"terminal escape in the agenda", []string{"agenda", "set", "1", "--text", "\x1b[2J1. Reels"}, ExitUsage, []string{"--text", "control character"}},

		// IDs: SQL metacharacters never reach the database
		{"SQL in an ID", []string{"pair", "delete", "1; DROP TABLE partnership"}, ExitUsage, []string{"pair delete", "not a partnership ID"}},
		{"an ID beyond int64", []string{"pair", "show", "99999999999999999999"}, ExitUsage, []string{"pair show", "not a partnership ID"}},

		// settings: header injection into mail and calendar accounts
		{"CRLF in the SMTP host", []string{"settings", "smtp", "--host", "smtp.example.org\r\nQUIT", "--port", "587", "--security", "starttls", "--from", "ana@example.org"}, ExitUsage, []string{"--host", "single line"}},
		{"CRLF in the From address", []string{"settings", "smtp", "--host", "smtp.example.org", "--port", "587", "--security", "starttls", "--from", "ana@example.org\r\nBcc: eve@example.net"}, ExitUsage, []string{"--from", "not an email address"}},
		{"port 70000", []string{"settings", "smtp", "--host", "smtp.example.org", "--port", "70000", "--security", "starttls", "--from", "ana@example.org"}, ExitUsage, []string{"--port", "not a port"}},

		// importers: malformed, huge, binary and foreign .ics; junk backups
		{"malformed .ics", []string{"invite", "import", icsFile(t, "bad.ics", "BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID;X=\"unclosed:x\r\n")}, ExitError, []string{"ics:", "malformed iCalendar data"}},
		{".ics over 1 MiB", []string{"invite", "import", icsFile(t, "huge.ics", answer("REPLY", uid, "ben@example.com", "COMMENT:"+mib+"\r\n"))}, ExitError, []string{"larger than 1 MiB"}},
		{"binary file named .ics", []string{"invite", "import", icsFile(t, "photo.ics", "BEGIN:VCALENDAR\r\n\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")}, ExitError, []string{"binary data"}},
		{"not iCalendar", []string{"invite", "import", icsFile(t, "notes.ics", "Dear Ana, yes to Mondays!\n")}, ExitError, []string{"not iCalendar"}},
		{"REPLY for an unknown UID", []string{"invite", "import", icsFile(t, "foreign.ics", answer("REPLY", "someone-else@example.net", "ben@example.com", ""))}, ExitError, []string{"someone-else@example.net", "did not send"}},
		{"REPLY from a stranger", []string{"invite", "import", icsFile(t, "stranger.ics", answer("REPLY", uid, "eve@example.net", ""))}, ExitError, []string{"eve@example.net", "not from the partner"}},
		{"a REQUEST is no answer", []string{"invite", "import", icsFile(t, "request.ics", answer("REQUEST", uid, "ben@example.com", ""))}, ExitError, []string{"REQUEST", "not an answer"}},
		{"an answer without METHOD", []string{"invite", "import", icsFile(t, "nomethod.ics", strings.Replace(answer("REPLY", uid, "ben@example.com", ""), "METHOD:REPLY\r\n", "", 1))}, ExitError, []string{"no METHOD"}},
		{"a COUNTER without a new time", []string{"invite", "import", icsFile(t, "counter.ics", answer("COUNTER", uid, "ben@example.com", "DTEND;TZID=Europe/Berlin:20270104T160000\r\n"))}, ExitError, []string{"counter-proposal", "no usable new time"}},
		{"restore a junk file", []string{"restore", junk}, ExitUsage, []string{"restore", "not a Twoway database"}},
		{"restore an empty file", []string{"restore", icsFile(t, "empty.db", "")}, ExitUsage, []string{"not a Twoway database"}},
	}
	if len(tests) < 30 {
		t.Fatalf("only %d rows", len(tests))
	}
	want := fingerprint(t, fixture)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := copyDB(t, fixture)
			out, errOut, code := run(t, db, tt.args...)
			if code != tt.code {
				t.Errorf("code = %d, want %d (stderr %q)", code, tt.code, errOut)
			}
			if out != "" {
				t.Errorf("stdout = %q, want nothing", out)
			}
			if strings.Count(errOut, "\n") != 1 || len(errOut) > 500 {
				t.Errorf("stderr is not one short line: %q", errOut)
			}
			for _, m := range tt.msgs {
				if !strings.Contains(errOut, m) {
					t.Errorf("stderr %q does not say %q", errOut, m)
				}
			}
			if got := fingerprint(t, db); got != want {
				t.Errorf("the database changed: %s", firstDiff(want, got))
			}
		})
	}
}

// Unusual but legitimate text is stored exactly, and SQL in it is data.
func TestUnusualInputIsKeptExactly(t *testing.T) {
	fixture, _ := badInputDB(t)
	const (
		emojiTitle = "Ana 🚀 & Ben 👩🏽‍💻"
		emojiName  = "Ben 🦁 Okafor"
		sqlTitle   = "'); DROP TABLE partnership;--"
		quoted     = `Ben "The Boss" O'Okafor`
	)
	tests := []struct {
		name  string
		args  []string
		title string // what pair show 2 must return
		name2 string // the partner's name
	}{
		{"emoji", append(with("--title", emojiTitle), "--partner", emojiName+" <ben@example.com>"), emojiTitle, emojiName},
		{"SQL metacharacters", append(with("--title", sqlTitle), "--partner", `"Robert'); DROP TABLE partnership;--" <bobby@example.com>`), sqlTitle, "Robert'); DROP TABLE partnership;--"},
		{"quotes in a name", append(with("--title", `"Quotes" & 'apostrophes'`), "--partner", `"Ben \"The Boss\" O'Okafor" <ben@example.com>`), `"Quotes" & 'apostrophes'`, quoted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := copyDB(t, fixture)
			before, _, _ := run(t, db, "pair", "show", "1", "--json")
			if out, e, code := run(t, db, tt.args...); code != ExitOK || strings.TrimSpace(out) != "2" {
				t.Fatalf("pair add: %d %q %q", code, out, e)
			}
			out, _, _ := run(t, db, "pair", "show", "2", "--json")
			var p pairJSON
			if err := json.Unmarshal([]byte(out), &p); err != nil {
				t.Fatal(err)
			}
			if p.Title != tt.title || p.Partner.Name != tt.name2 {
				t.Errorf("stored title %q, partner %q; want %q, %q", p.Title, p.Partner.Name, tt.title, tt.name2)
			}
			// The partnership table survived and the first row is untouched
			out, _, _ = run(t, db, "pair", "list", "--json")
			var list []summaryJSON
			if json.Unmarshal([]byte(out), &list) != nil || len(list) != 2 {
				t.Errorf("pair list after the add: %s", out)
			}
			if after, _, _ := run(t, db, "pair", "show", "1", "--json"); after != before {
				t.Errorf("partnership 1 changed:\n%s\n%s", before, after)
			}
		})
	}

	t.Run("emoji agenda in the invite", func(t *testing.T) {
		db := copyDB(t, fixture)
		agenda := "1. 🎥 Reels\n2. Budgets 💶 — “quotes”\n3. Über 👩🏽‍💻"
		if _, e, code := run(t, db, "agenda", "set", "1", "--text", agenda); code != ExitOK {
			t.Fatalf("agenda set: %d %s", code, e)
		}
		if out, _, _ := run(t, db, "agenda", "show", "1"); out != agenda+"\n" {
			t.Errorf("agenda show = %q, want %q", out, agenda)
		}
		out, _, _ := run(t, db, "invite", "export", "1")
		m, err := ics.ParseITIP([]byte(out))
		if err != nil || !strings.Contains(m.Description, agenda) {
			t.Errorf("invite description %q (%v)", m.Description, err)
		}
	})
}
