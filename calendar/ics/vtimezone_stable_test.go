package ics

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"
)

// A reader may cache a zone built from a VTIMEZONE by its TZID (Python's
// icalendar does, for the whole process; see INTEROP.md "Pitfalls"), so
// every file written with one TZID must carry the same VTIMEZONE, whatever
// the dates of its series. These tests hold that for the zones whose rules
// no yearly RRULE fits and for a few regular ones.

// irregularZones are the zones INTEROP.md names whose transitions need the
// explicit form; regularZones keep the two-rule form Outlook understands.
var (
	irregularZones = []string{"Africa/Casablanca", "America/Nuuk", "America/Santiago", "Africa/Cairo", "Asia/Gaza"}
	regularZones   = []string{"Europe/Berlin", "America/New_York", "Australia/Sydney"}
)

// vtimezoneBlock returns the one VTIMEZONE of a written object, as written
// (folded, CRLF).
func vtimezoneBlock(t *testing.T, data []byte) string {
	t.Helper()
	s := string(data)
	if n := strings.Count(s, "BEGIN:VTIMEZONE\r\n"); n != 1 {
		t.Fatalf("%d VTIMEZONEs, want 1:\n%s", n, s)
	}
	i := strings.Index(s, "BEGIN:VTIMEZONE\r\n")
	end := "END:VTIMEZONE\r\n"
	j := strings.Index(s, end)
	return s[i : j+len(end)]
}

// parseVTimezone reads a VTIMEZONE block back with go-ical and our reader.
func parseVTimezone(t *testing.T, block string) *time.Location {
	t.Helper()
	cal, err := ical.NewDecoder(strings.NewReader("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + block + "END:VCALENDAR\r\n")).Decode()
	if err != nil {
		t.Fatal(err)
	}
	loc, err := locationFromVTimezone(cal.Children[0])
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// stableSeries is a series in zone starting at start; rule without an end
// means open-ended.
func stableSeries(t testing.TB, zone string, start time.Time, rule string) Series {
	return Series{
		UID:       fmt.Sprintf("%s-%s@twoway.test", strings.ReplaceAll(zone, "/", "-"), start.Format("20060102")),
		Sequence:  1,
		Summary:   "Twoway session",
		Organizer: Person{Name: "Org", Email: "org@example.org"},
		Attendee:  Person{Name: "Att", Email: "att@example.com"},
		Start:     start,
		Duration:  50 * time.Minute,
		RRule:     rule,
		Stamp:     time.Date(2026, 1, 2, 8, 0, 0, 0, time.UTC),
	}
}

func TestVTimezoneSameInEveryFile(t *testing.T) {
	for _, zone := range append(append([]string{}, irregularZones...), regularZones...) {
		t.Run(zone, func(t *testing.T) {
			loc := mustZone(t, zone)
			// Given two series far apart: ten weeks in early 2026, and a
			// monthly series from mid-2033 that runs for ten years.
			short := stableSeries(t, zone, time.Date(2026, 1, 15, 18, 0, 0, 0, loc), "FREQ=WEEKLY;COUNT=10")
			long := stableSeries(t, zone, time.Date(2033, 7, 2, 9, 30, 0, 0, loc), "FREQ=MONTHLY;BYDAY=1SA;UNTIL=20430701T000000Z")
			var blocks []string
			for _, s := range []Series{short, long} {
				// When each is written.
				data, err := Request(s)
				if err != nil {
					t.Fatal(err)
				}
				block := vtimezoneBlock(t, data)
				blocks = append(blocks, block)

				// Then every occurrence's instant, read through the
				// VTIMEZONE, is Go's.
				vloc := parseVTimezone(t, block)
				want := truth(s)
				for _, in := range want {
					at := time.Unix(in[0], 0).In(loc)
					fromVTZ := time.Date(at.Year(), at.Month(), at.Day(), at.Hour(), at.Minute(), at.Second(), 0, vloc)
					if !fromVTZ.Equal(at) {
						t.Errorf("%s: %s reads as %s through the VTIMEZONE", s.UID, at.Format(time.RFC3339), fromVTZ.UTC().Format(time.RFC3339))
					}
				}
				got, err := ourExpansion(data)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s: read back differs:\n%s", s.UID, diffInstants(got, want))
				}
				if len(want) < 10 {
					t.Fatalf("%s: %d occurrences, want at least 10", s.UID, len(want))
				}
			}
			// And both files carry the same VTIMEZONE, byte for byte, as do
			// the other messages about them: a cancelled session, a reply
			// and a counter-proposal.
			if blocks[0] != blocks[1] {
				t.Errorf("VTIMEZONE differs between a 2026 and a 2033 series:\n--- 2026\n%s--- 2033\n%s", blocks[0], blocks[1])
			}
			one := short.Start.AddDate(0, 0, 14)
			others := map[string]func() ([]byte, error){
				"cancel": func() ([]byte, error) { return Cancel(long, nil) },
				"reply":  func() ([]byte, error) { return Reply(short, PartStatAccepted, &one, "") },
				"counter": func() ([]byte, error) {
					return Counter(long, nil, long.Start.AddDate(0, 0, 1), long.Start.AddDate(0, 0, 1).Add(time.Hour), "")
				},
			}
			for name, write := range others {
				data, err := write()
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if b := vtimezoneBlock(t, data); b != blocks[0] {
					t.Errorf("%s: VTIMEZONE differs from the invite's:\n%s", name, b)
				}
			}
		})
	}
}

// The forms stay what Outlook reads best: two yearly rules for a regular
// zone, one STANDARD for a fixed one, and no RDATE lists anywhere.
func TestVTimezoneStableForms(t *testing.T) {
	tests := []struct {
		zone string
		form string
	}{
		{"Europe/Berlin", "rules"},
		{"America/New_York", "rules"},
		{"Australia/Sydney", "rules"},
		{"Asia/Kolkata", "fixed"},
		// Mexico dropped DST in 2022, Kazakhstan unified its zones in
		// 2024: before the span starts, so one STANDARD is enough.
		{"America/Mexico_City", "fixed"},
		{"Asia/Almaty", "fixed"},
		{"Africa/Casablanca", "explicit"},
		{"America/Nuuk", "explicit"},
		{"America/Santiago", "explicit"},
		{"Africa/Cairo", "explicit"},
		{"Asia/Gaza", "explicit"},
	}
	for _, tt := range tests {
		t.Run(tt.zone, func(t *testing.T) {
			loc := mustZone(t, tt.zone)
			tz, err := vtimezone(loc, time.Date(2026, 5, 1, 0, 0, 0, 0, loc), time.Date(2026, 6, 1, 0, 0, 0, 0, loc))
			if err != nil {
				t.Fatal(err)
			}
			form := "explicit"
			switch {
			case len(tz.Children) == 1:
				form = "fixed"
			case len(tz.Children) == 2 && tz.Children[0].Props.Get(ical.PropRecurrenceRule) != nil:
				form = "rules"
			}
			if form != tt.form {
				t.Errorf("form %s (%d observances), want %s", form, len(tz.Children), tt.form)
			}
			for _, c := range tz.Children {
				if c.Props.Get(ical.PropRecurrenceDates) != nil {
					t.Errorf("RDATE in %s: Outlook mishandles RDATE lists", c.Name)
				}
			}
		})
	}
}

// stableCases are 37 short series: 35, one a year from 2026 to 2030 in each
// zone, each starting in another month so that their windows differ. The
// order interleaves the zones, so that each zone's first file is its 2026
// series and the later ones meet the zone icalendar cached from it; and
// two more in Santiago.
func stableCases(t testing.TB) []Series {
	zones := append(append([]string{}, irregularZones...), "Europe/Berlin", "America/New_York")
	var out []Series
	for k := range 5 {
		for z, zone := range zones {
			loc := mustZone(t, zone)
			month := time.Month(1 + (3*k+5*z)%12)
			start := time.Date(2026+k, month, 3+k+z, 10+z, 15, 0, 0, loc)
			out = append(out, stableSeries(t, zone, start, "FREQ=WEEKLY;COUNT=30"))
		}
	}
	// Chile's "Sunday on or after the 2nd" is the first Sunday in most
	// years: these two cross the years it is the second (2029-04-08,
	// 2030-09-08), where a rule read off another year is a week off.
	santiago := mustZone(t, "America/Santiago")
	for _, start := range []time.Time{time.Date(2029, 3, 11, 19, 0, 0, 0, santiago), time.Date(2030, 8, 18, 19, 0, 0, 0, santiago)} {
		out = append(out, stableSeries(t, "America/Santiago", start, "FREQ=WEEKLY;COUNT=30"))
	}
	return out
}

// TestPythonCachedZones reads many invites in ONE Python process without
// clearing icalendar's zone cache, TZIDs renamed (same name for one zone)
// so icalendar builds each zone from the file rather than from pytz: every
// occurrence must still be the instant Go computes.
func TestPythonCachedZones(t *testing.T) {
	if testing.Short() {
		t.Skip("external validators are slow; not in -short")
	}
	python := pythonValidator(t)
	dir := t.TempDir()
	cases := stableCases(t)
	var files []string
	for i, s := range cases {
		data, err := Request(s)
		if err != nil {
			t.Fatalf("%s: %v", s.UID, err)
		}
		f := filepath.Join(dir, fmt.Sprintf("%02d-%s.ics", i, strings.TrimSuffix(s.UID, "@twoway.test")))
		if err := os.WriteFile(f, renameTZIDs(t, data, "X-TEST/"), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	res := runValidator(t, "python icalendar", exec.Command(python, append([]string{filepath.Join("testdata", "expand.py"), "--keep-cache"}, files...)...))
	// ical.js reads each file's own VTIMEZONE: the long explicit lists
	// must read right there too.
	var jsRes map[string]validatorResult
	if node, err := exec.LookPath("node"); err == nil {
		if _, err := os.Stat(filepath.Join("testdata", "icaljs", "node_modules", "ical.js", "package.json")); err == nil {
			jsRes = runValidator(t, "ical.js", exec.Command(node, append([]string{filepath.Join("testdata", "icaljs", "expand.mjs")}, files...)...))
		}
	}
	total := 0
	for i, s := range cases {
		want := truth(s)
		r := res[files[i]]
		switch {
		case r.File == "":
			t.Errorf("%s: python printed nothing for it", s.UID)
		case r.Error != "":
			t.Errorf("%s: python: %s", s.UID, r.Error)
		case !reflect.DeepEqual(r.Instants, want):
			t.Errorf("%s: python, with the zone cached from an earlier file, differs:\n%s", s.UID, diffInstants(r.Instants, want))
		}
		if jsRes != nil {
			if js := jsRes[files[i]]; js.Error != "" || !reflect.DeepEqual(js.Instants, want) {
				t.Errorf("%s: ical.js differs (%s):\n%s", s.UID, js.Error, diffInstants(js.Instants, want))
			}
		}
		total += len(want)
	}
	t.Logf("%d invites, %d occurrences read in one Python process (ical.js too: %v)", len(cases), total, jsRes != nil)
}

// vtimezoneSize is the octets of the VTIMEZONE a series in zone carries.
func vtimezoneSize(t *testing.T, zone string) int {
	loc := mustZone(t, zone)
	data, err := Request(stableSeries(t, zone, time.Date(2026, 9, 7, 18, 0, 0, 0, loc), "FREQ=WEEKLY;COUNT=40"))
	if err != nil {
		t.Fatal(err)
	}
	return len(vtimezoneBlock(t, data))
}

// The explicit form is the price of stability; keep it bounded.
func TestVTimezoneSize(t *testing.T) {
	limits := map[string]int{
		"Europe/Berlin":     600,
		"America/New_York":  600,
		"Africa/Casablanca": 8 << 10,
		"America/Nuuk":      8 << 10,
		"America/Santiago":  8 << 10,
		"Africa/Cairo":      8 << 10,
		"Asia/Gaza":         12 << 10,
	}
	var b bytes.Buffer
	for _, zone := range append(append([]string{}, irregularZones...), "Europe/Berlin", "America/New_York") {
		n := vtimezoneSize(t, zone)
		fmt.Fprintf(&b, " %s=%d", zone, n)
		if n > limits[zone] {
			t.Errorf("%s: VTIMEZONE of %d octets, more than %d", zone, n, limits[zone])
		}
	}
	t.Log("VTIMEZONE octets:" + b.String())
}

// Go's ZoneBounds reports an end that is not after t on 31 December of a
// leap year past the zone's table (2040 and on): the walk must go on past
// it and still find every change, exactly, and no other than an hourly
// scan finds.
func TestZoneTransitionsPastLeapYearEnd(t *testing.T) {
	tests := []struct {
		zone string
		want int // offset changes in 2039-2045
	}{
		{"Europe/Berlin", 14},
		{"America/Nuuk", 14},
		{"America/Santiago", 14},
		{"Australia/Sydney", 14},
		{"Asia/Kolkata", 0},
	}
	for _, tt := range tests {
		t.Run(tt.zone, func(t *testing.T) {
			loc := mustZone(t, tt.zone)
			from, to := time.Date(2039, 1, 1, 0, 0, 0, 0, loc), time.Date(2046, 1, 1, 0, 0, 0, 0, loc)
			done := make(chan []transition, 1)
			go func() { _, trs := zoneTransitions(loc, from, to); done <- trs }()
			var trs []transition
			select {
			case trs = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("zoneTransitions did not return: stuck at a period end that is not after its start")
			}
			if len(trs) != tt.want {
				t.Errorf("%d changes in 2039-2045, want %d", len(trs), tt.want)
			}
			// Each change is exact: the offset before it is the old one,
			// at it the new one; and hour by hour no other change exists.
			for _, tr := range trs {
				if _, off := tr.at.Add(-time.Second).In(loc).Zone(); off != tr.from {
					t.Errorf("%s: offset before is %d, want %d", tr.at, off, tr.from)
				}
				if _, off := tr.at.In(loc).Zone(); off != tr.offset {
					t.Errorf("%s: offset at is %d, want %d", tr.at, off, tr.offset)
				}
			}
			n := 0
			for at := from; at.Before(to); at = at.Add(time.Hour) {
				_, a := at.In(loc).Zone()
				_, b := at.Add(time.Hour).In(loc).Zone()
				if a != b {
					n++
				}
			}
			if n != len(trs) {
				t.Errorf("an hourly scan finds %d changes, the walk %d", n, len(trs))
			}
		})
	}
}

// BenchmarkRequestIrregularZone writes a year-long weekly invite in
// Casablanca, whose VTIMEZONE is the explicit list over the stable span.
func BenchmarkRequestIrregularZone(b *testing.B) {
	loc := mustZone(b, "Africa/Casablanca")
	s := stableSeries(b, "Africa/Casablanca", time.Date(2026, 9, 7, 18, 0, 0, 0, loc), "FREQ=WEEKLY;COUNT=52")
	for b.Loop() {
		if _, err := Request(s); err != nil {
			b.Fatal(err)
		}
	}
}
