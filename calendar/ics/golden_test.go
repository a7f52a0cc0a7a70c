package ics

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// goldenSeries is the reference invite: a Berlin organizer and a New York
// attendee meeting every second Monday, one session skipped, one moved to a
// Tuesday evening chosen in New York time, with a name that needs quoting
// and a description that needs escaping and folding.
func goldenSeries(t testing.TB) Series {
	berlin, ny := mustZone(t, "Europe/Berlin"), mustZone(t, "America/New_York")
	return Series{
		UID:           "20250901T080000Z-golden@twoway.example",
		Sequence:      2,
		Summary:       "Twoway: Jürgen ⇄ Maya (reciprocal mentoring)",
		Description:   "Agenda: goals; blockers, next steps.\r\nBring the reading list\\notes.",
		ConferenceURL: "https://meet.example.org/twoway/juergen-maya?pwd=a1b2c3",
		Organizer:     Person{Name: "Müller, Jürgen", Email: "juergen@example.de"},
		Attendee:      Person{Name: `Maya "May" O'Neil: mentor`, Email: "maya@example.com"},
		Start:         time.Date(2025, 9, 8, 18, 30, 0, 0, berlin),
		Duration:      time.Hour,
		RRule:         "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;UNTIL=20270628T215959Z",
		ExDates:       []time.Time{time.Date(2025, 12, 29, 18, 30, 0, 0, berlin)},
		Overrides: []Override{{
			RecurrenceID: time.Date(2026, 3, 23, 18, 30, 0, 0, berlin),
			Start:        time.Date(2026, 3, 24, 13, 0, 0, 0, ny),
		}},
		AlarmBefore: 15 * time.Minute,
		Stamp:       time.Date(2025, 9, 1, 8, 0, 0, 0, time.UTC),
	}
}

func TestGolden(t *testing.T) {
	s := goldenSeries(t)
	one := time.Date(2026, 1, 12, 18, 30, 0, 0, s.Start.Location())
	cancelled := s
	cancelled.Sequence = 3
	cases := []struct {
		file string
		make func() ([]byte, error)
	}{
		{"request.ics", func() ([]byte, error) { return Request(s) }},
		{"cancel-instance.ics", func() ([]byte, error) { return Cancel(cancelled, &one) }},
		{"cancel-series.ics", func() ([]byte, error) { return Cancel(cancelled, nil) }},
		{"publish.ics", func() ([]byte, error) { return Publish(s) }},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			got, err := c.make()
			if err != nil {
				t.Fatal(err)
			}
			checkWellFormed(t, got)
			path := filepath.Join("testdata", c.file)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file; if the change is intended, run go test ./calendar/ics/ -update\n got:\n%s", c.file, got)
			}
			// The golden files must also read back.
			if _, err := Parse(got); err != nil {
				t.Errorf("Parse(%s): %v", c.file, err)
			}
		})
	}
}

// checkWellFormed checks the RFC 5545 line rules every output must keep:
// CRLF only, no line over 75 octets, valid UTF-8 on every physical line.
func checkWellFormed(t *testing.T, data []byte) {
	t.Helper()
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Errorf("output does not end with CRLF")
	}
	lines := bytes.Split(bytes.TrimSuffix(data, []byte("\r\n")), []byte("\r\n"))
	for i, l := range lines {
		if bytes.ContainsAny(l, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, l)
		}
		if len(l) > maxLineOctets {
			t.Errorf("line %d has %d octets: %q", i+1, len(l), l)
		}
		if !bytes.Equal(bytes.ToValidUTF8(l, nil), l) {
			t.Errorf("line %d is not valid UTF-8 (a fold split a character): %q", i+1, l)
		}
		if bytes.Contains(l, []byte("TZID=Local")) {
			t.Errorf("line %d names TZID=Local", i+1)
		}
	}
}
