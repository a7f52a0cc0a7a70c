package ics

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// benchFile is the invite that Go's BenchmarkExpandICS and ical.js's
// testdata/icaljs/bench.mjs both parse and expand, so that `make bench` can
// compare the two on exactly the same input.
var benchFile = filepath.Join("testdata", "icaljs", "bench-5y-weekly.ics")

// benchSeries is five years of a twice-weekly call between Berlin and New
// York (both zones change offset on different dates), with a skipped and a
// moved session: 520 sessions to expand.
func benchSeries(t testing.TB) Series {
	berlin, ny := mustZone(t, "Europe/Berlin"), mustZone(t, "America/New_York")
	return Series{
		UID:           "20260901T080000Z-bench@twoway.example",
		Sequence:      1,
		Summary:       "Twoway: Katharina ⇄ Jamal (reciprocal mentoring)",
		Description:   "Agenda: a board-style update; a first Reel.",
		ConferenceURL: "https://meet.jit.si/Twoway-k7q2mzx4rt5vbw3d",
		Organizer:     Person{Name: "Katharina Vogel", Email: "katharina.vogel@northwind.example"},
		Attendee:      Person{Name: "Jamal Washington", Email: "jamal.washington@northwind.example"},
		Start:         time.Date(2027, 1, 4, 16, 0, 0, 0, berlin),
		Duration:      45 * time.Minute,
		RRule:         "FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20311231T225959Z",
		ExDates:       []time.Time{time.Date(2027, 12, 27, 16, 0, 0, 0, berlin)},
		Overrides: []Override{{
			RecurrenceID: time.Date(2028, 3, 20, 16, 0, 0, 0, berlin),
			Start:        time.Date(2028, 3, 21, 10, 0, 0, 0, ny),
		}},
		AlarmBefore: 15 * time.Minute,
		Stamp:       time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC),
	}
}

// TestBenchFile keeps the shared benchmark input what our encoder writes
// today (go test -run TestBenchFile -update rewrites it), and checks that
// reading it back gives every session of the series.
func TestBenchFile(t *testing.T) {
	s := benchSeries(t)
	want, err := Request(s)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(benchFile, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(benchFile)
	if err != nil {
		t.Fatalf("%v (run go test -run TestBenchFile -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is stale: run go test ./calendar/ics -run TestBenchFile -update", benchFile)
	}
	inst, err := ourExpansion(got)
	if err != nil {
		t.Fatal(err)
	}
	if want := truth(s); !slices.Equal(inst, want) {
		t.Errorf("expanding %s:\n%s", benchFile, diffInstants(inst, want))
	}
	if len(inst) != 520 {
		t.Errorf("%d sessions, want 520 (two a week for five years, one skipped)", len(inst))
	}
}

// BenchmarkExpandICS parses the shared file and lists every session's UTC
// start and end: the work bench.mjs times for ical.js.
func BenchmarkExpandICS(b *testing.B) {
	data, err := os.ReadFile(benchFile)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	var n int
	for b.Loop() {
		inst, err := ourExpansion(data)
		if err != nil {
			b.Fatal(err)
		}
		n = len(inst)
	}
	b.ReportMetric(float64(n), "sessions")
}

// BenchmarkRequest5YearWeekly exports the five-year series: the largest
// invite a partnership writes in practice.
func BenchmarkRequest5YearWeekly(b *testing.B) {
	s := benchSeries(b)
	for b.Loop() {
		if _, err := Request(s); err != nil {
			b.Fatal(err)
		}
	}
}
