package shared

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// The two partners, as both machines name them.
const (
	ana = "ana@example.org"
	ben = "ben@example.org"
)

// t0 is the last sync; later edits are stamped after it.
var t0 = time.Date(2025, 9, 18, 17, 0, 0, 0, time.UTC)

func at(minutes int) time.Time { return t0.Add(time.Duration(minutes) * time.Minute) }

// The samples are in the form Decode returns (emails lower case, times
// UTC to the second, empty lists nil), so a round trip must give them back
// exactly.

func sampleTopic() Topic {
	return Topic{UID: "topic-1@twoway", Title: "Public speaking", Teacher: ana, Status: StatusInProgress,
		Notes:     "Start with the 3-minute talk.\nThen: feedback, slides; rehearsal.",
		Resources: []string{"https://example.org/talks?a=1,b=2", "Chapter 3 of \"Talk Like TED\"", "ftp://example.org/x"},
		AddedBy:   ben, Modified: t0, EditedBy: ana}
}

func sampleAction() Action {
	return Action{UID: "action-1@twoway", Text: "Send Ben the slide deck", Owner: ana, Due: "2025-09-25",
		RaisedIn: SessionUID("series-1@twoway", t0), AddedBy: ben, Modified: t0, EditedBy: ben}
}

func sampleSession() Session {
	return Session{UID: SessionUID("series-1@twoway", t0), SeriesUID: "series-1@twoway", Original: t0,
		Title: "Mentoring session", Outcome: OutcomeMoved, MovedTo: at(24 * 60), Leader: ben, Minutes: 75,
		Agenda:      "1. Check-in\n2. Public speaking, part 2",
		SharedNotes: "We agreed on a 5-minute talk next time.",
		Reflections: map[string]string{ana: "I rushed the ending.", ben: "Good energy; slow down."},
		Covered:     []Coverage{{TopicUID: "topic-1@twoway", LedBy: ana}, {TopicUID: "topic-2@twoway", LedBy: Both}},
		Modified:    t0, EditedBy: ben}
}

func sampleProfile() Profile {
	return Profile{UID: "profile-1@twoway", Title: "Ana & Ben",
		People: [2]Person{
			{Name: "Ana Ruiz", Email: ana, Zone: "Europe/Berlin", Hours: "09:00-17:00",
				Offers: []string{"Go", "SQL, advanced"}, Wants: []string{"Public speaking"}},
			{Name: "Ben Okafor", Email: ben, Zone: "America/New_York", Hours: "08:30-16:00",
				Offers: []string{"Public speaking"}, Wants: []string{"Go; concurrency"}},
		},
		Rules: []string{"confidentiality", "positive_tone", "Phones away, laptops closed"},
		Start: "2025-09-01", End: "2026-06-30", Link: "https://meet.example.org/ana-ben?pwd=a;b", Modified: t0, EditedBy: ana}
}

func samples() []Object {
	return []Object{sampleTopic(), sampleAction(), sampleSession(), sampleProfile()}
}

// checkWire checks what RFC 5545 section 3.1 and RFC 4791 section 4.1 ask
// of a file: CRLF only, lines of at most 75 octets each valid UTF-8,
// continuation lines starting with a space.
func checkWire(t *testing.T, data []byte) {
	t.Helper()
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Errorf("does not end with CRLF")
	}
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n") {
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, line)
		}
		if len(line) > 75 { // RFC 5545 section 3.1, not the constant under test
			t.Errorf("line %d has %d octets: %q", i+1, len(line), line)
		}
		if !utf8.ValidString(line) {
			t.Errorf("line %d is not valid UTF-8 on its own (a fold split a character): %q", i+1, line)
		}
		if line == "" {
			t.Errorf("line %d is empty", i+1)
		}
	}
}

// unfold joins folded lines, as any reader does.
func unfold(data []byte) []string {
	return strings.Split(strings.TrimSuffix(strings.ReplaceAll(string(data), "\r\n ", ""), "\r\n"), "\r\n")
}

// lines returns the unfolded lines that start with prefix.
func lines(data []byte, prefix string) []string {
	var out []string
	for _, l := range unfold(data) {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return out
}

func mustEncode(t testing.TB, o Object) []byte {
	t.Helper()
	b, err := Encode(o)
	if err != nil {
		t.Fatalf("Encode(%T): %v", o, err)
	}
	return b
}

func mustDecode(t testing.TB, data []byte) Object {
	t.Helper()
	o, err := Decode(data)
	if err != nil {
		t.Fatalf("Decode: %v\n%s", err, data)
	}
	return o
}

// ics builds a calendar object from content lines, CRLF-terminated.
func ics(ls ...string) []byte {
	return []byte(strings.Join(ls, "\r\n") + "\r\n")
}

// edit replaces, in an encoded object, each unfolded line starting with a
// key of repl by its value ("" deletes it), and inserts add before the
// component's END line.
func edit(t *testing.T, data []byte, repl map[string]string, add ...string) []byte {
	t.Helper()
	var out []string
	for _, l := range unfold(data) {
		replaced := false
		for prefix, with := range repl {
			if strings.HasPrefix(l, prefix) {
				if with != "" {
					out = append(out, with)
				}
				replaced = true
				break
			}
		}
		if l == "END:VTODO" || l == "END:VJOURNAL" {
			out = append(out, add...)
		}
		if !replaced {
			out = append(out, l)
		}
	}
	return ics(out...)
}
