package calendar

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// interopCase is what testdata/rrule_expand.py reads: the series exactly as
// an invitation carries it (DTSTART;TZID= wall time and the RRULE value).
type interopCase struct {
	ID      string `json:"id"`
	TZID    string `json:"tzid"`
	DTStart string `json:"dtstart"`
	RRule   string `json:"rrule"`
	cadence Cadence
}

// dstWalls gives, per zone, a Sunday wall time inside its spring-forward
// gap and one inside its repeated fall-back hour (Santiago falls back from
// Sunday 00:00 to Saturday 23:00). Zones without DST have none.
var dstWalls = map[string]struct {
	gap, repeated    Clock
	repeatedSaturday bool
}{
	"Europe/Berlin":       {gap: hm(2, 30), repeated: hm(2, 30)},
	"Europe/London":       {gap: hm(1, 30), repeated: hm(1, 30)},
	"America/New_York":    {gap: hm(2, 30), repeated: hm(1, 30)},
	"America/Los_Angeles": {gap: hm(2, 15), repeated: hm(1, 45)},
	"Australia/Sydney":    {gap: hm(2, 30), repeated: hm(2, 30)},
	"Australia/Adelaide":  {gap: hm(2, 0), repeated: hm(2, 45)},
	"Australia/Lord_Howe": {gap: hm(2, 15), repeated: hm(1, 45)},
	"America/Santiago":    {gap: hm(0, 30), repeated: hm(23, 30), repeatedSaturday: true},
}

// interopCases builds the cross-check set: every zone with weekly,
// biweekly, monthly nth, last and 5th-weekday series ending by count or
// date over 2026-2030 (some ending on a session day, to test UNTIL), plus
// Sundays at each zone's gap and repeated times.
func interopCases() []interopCase {
	zones := []string{"Europe/Berlin", "America/New_York", "Australia/Sydney", "Europe/London", "Asia/Kolkata",
		"America/Los_Angeles", "Asia/Tokyo", "Asia/Kathmandu", "Australia/Adelaide", "America/Santiago",
		"Australia/Lord_Howe", "UTC"}
	days := func(d ...time.Weekday) []time.Weekday { return d }
	patterns := []Cadence{
		{Unit: Weekly, Interval: 1, Days: days(time.Monday), At: hm(9, 0), Minutes: 60, From: Date{2026, 1, 5}, Count: 120},
		{Unit: Weekly, Interval: 2, Days: days(time.Tuesday, time.Thursday), At: hm(17, 30), Minutes: 45, From: Date{2026, 2, 1}, Until: Date{2028, 12, 28}},
		{Unit: Weekly, Interval: 3, Days: days(time.Saturday, time.Sunday), At: hm(23, 45), Minutes: 30, From: Date{2026, 1, 1}, Until: Date{2030, 12, 31}},
		{Unit: Monthly, Interval: 1, Days: days(time.Wednesday), Nth: 2, At: hm(8, 15), Minutes: 60, From: Date{2026, 1, 1}, Count: 36},
		{Unit: Monthly, Interval: 1, Days: days(time.Friday), Nth: -1, At: hm(19, 0), Minutes: 90, From: Date{2026, 1, 1}, Until: Date{2029, 6, 30}},
		{Unit: Monthly, Interval: 2, Days: days(time.Thursday), Nth: 5, At: hm(12, 0), Minutes: 60, From: Date{2026, 1, 1}, Until: Date{2030, 12, 31}},
	}
	var out []interopCase
	add := func(zone, what string, c Cadence) {
		out = append(out, interopCase{ID: fmt.Sprintf("%02d %s %s", len(out), zone, what), TZID: zone, cadence: c})
	}
	for _, z := range zones {
		for i, p := range patterns {
			add(z, fmt.Sprintf("pattern %d", i), p)
		}
		if w, ok := dstWalls[z]; ok {
			sunday := Cadence{Unit: Weekly, Interval: 1, Days: days(time.Sunday), Minutes: 60, From: Date{2026, 1, 1}, Until: Date{2030, 12, 29}}
			sunday.At = w.gap
			add(z, "gap", sunday)
			// A series whose last day is a gap day: UNTIL must still include it.
			loc, _ := LoadZone(z)
			for d := (Date{2027, 1, 3}); d.Year == 2027; d = d.AddDays(7) {
				if _, kind := WallTime(d, w.gap, loc); kind == WallGap {
					ends := sunday
					ends.Until = d
					add(z, "ends on gap day "+d.String(), ends)
					break
				}
			}
			rep := sunday
			rep.At = w.repeated
			if w.repeatedSaturday {
				rep.Days = days(time.Saturday)
			}
			add(z, "repeated", rep)
		}
	}
	return out
}

// TestInteropDateutil expands every case with python-dateutil and zoneinfo
// (a separate implementation of RFC 5545 and of the tz database) from the
// RRULE text we would send, and requires the same UTC instants as Expand.
func TestInteropDateutil(t *testing.T) {
	if testing.Short() {
		t.Skip("starts python3")
	}
	// Given Debian's python3 with dateutil,
	if out, err := exec.Command("sh", "-c", "command -p python3 -c 'import dateutil.rrule, zoneinfo'").CombinedOutput(); err != nil {
		msg := fmt.Sprintf("python3-dateutil missing; `make test` installs it (%v: %s)", err, strings.TrimSpace(string(out)))
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	// and the cases as an invitation would carry them,
	cases := interopCases()
	var special int
	want := map[string][]Occurrence{}
	for i := range cases {
		c := &cases[i]
		loc := mustZone(t, c.TZID)
		occs, err := c.cadence.Expand(loc)
		if err != nil {
			t.Fatalf("%s: %v", c.ID, err)
		}
		first, err := c.cadence.FirstDate()
		if err != nil {
			t.Fatal(err)
		}
		c.DTStart = fmt.Sprintf("%04d%02d%02dT%02d%02d00", first.Year, first.Month, first.Day, c.cadence.At/60, c.cadence.At%60)
		c.RRule = c.cadence.RRule(loc)
		want[c.ID] = occs
		for _, o := range occs {
			if strings.Contains(o.Note, "does not exist") || strings.Contains(o.Note, "happens twice") {
				special++
			}
		}
	}
	if len(cases) < 40 || special < 40 {
		t.Fatalf("%d cases with %d gap/repeated sessions: too few to mean anything", len(cases), special)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "cases.json")
	b, err := json.MarshalIndent(cases, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, b, 0o644); err != nil {
		t.Fatal(err)
	}
	// When dateutil expands them,
	script, err := filepath.Abs(filepath.Join("testdata", "rrule_expand.py"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sh", "-c", `command -p python3 "$0" "$1"`, script, in)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", script, err, stderr.String())
	}
	var got map[string][]string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("python output: %v", err)
	}
	// Then both list the same sessions at the same instants.
	for _, c := range cases {
		g, w := got[c.ID], want[c.ID]
		if len(g) != len(w) {
			t.Errorf("%s (%s, DTSTART %s): dateutil %d sessions, Go %d", c.ID, c.RRule, c.DTStart, len(g), len(w))
			continue
		}
		for i := range w {
			if ws := w[i].Start.UTC().Format("2006-01-02T15:04:05Z"); g[i] != ws {
				t.Errorf("%s session %d: dateutil %s, Go %s (%s)", c.ID, i, g[i], ws, w[i].Note)
			}
		}
	}
	t.Logf("%d cases, %d gap/repeated sessions agree", len(cases), special)
}
