package ics

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/teambition/rrule-go"
)

// The cross-validation of INTEROP.md: an invite is right when three
// independent implementations list the same UTC instants for every
// occurrence: ours (go-ical + our VTIMEZONE reader + rrule-go), Python's
// icalendar + recurring-ical-events, and Mozilla's ical.js. Each is run once
// over the whole batch of generated invites.

// expandUntil is where every expansion stops: icalendar 4 expands
// VTIMEZONE rules only up to 2038.
var expandUntil = time.Date(2039, 1, 1, 0, 0, 0, 0, time.UTC)

type instant [2]int64 // start, end in Unix seconds

type validationCase struct {
	name   string
	series Series
}

// validationCases builds invites over many zone pairs and cadences, each
// spanning years that cross DST changes in both zones. The organizer's zone
// anchors the series; a moved session is chosen in the attendee's zone.
func validationCases(t testing.TB) []validationCase {
	pairs := [][2]string{
		{"Europe/Berlin", "America/New_York"},
		{"Australia/Sydney", "Europe/London"},
		{"Asia/Kolkata", "America/Los_Angeles"},
		{"Asia/Tokyo", "America/Santiago"},
		{"Asia/Kathmandu", "America/St_Johns"},
		{"Africa/Casablanca", "UTC"},
		{"Asia/Jerusalem", "Africa/Cairo"},
		{"America/Nuuk", "Asia/Gaza"},
	}
	cadences := []struct {
		name  string
		rule  string // without an end; the anchor is the first instance on or after base
		end   string // ";COUNT=n" or ";UNTIL=" placeholder
		clock [2]int
	}{
		{"weekly", "FREQ=WEEKLY;BYDAY=TH", "until", [2]int{18, 0}},
		{"biweekly-multiday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE", ";COUNT=120", [2]int{7, 30}},
		{"monthly-nth", "FREQ=MONTHLY;BYDAY=2TU", ";COUNT=40", [2]int{21, 15}},
		{"monthly-last", "FREQ=MONTHLY;BYDAY=-1FR", "until", [2]int{12, 45}},
		{"weekly-local-until", "FREQ=WEEKLY;BYDAY=SU;WKST=MO", "localuntil", [2]int{9, 0}},
	}
	base := time.Date(2025, 9, 15, 0, 0, 0, 0, time.UTC)
	stamp := time.Date(2025, 9, 1, 8, 0, 0, 0, time.UTC)
	var out []validationCase
	for _, pair := range pairs {
		for _, dir := range [][2]string{{pair[0], pair[1]}, {pair[1], pair[0]}} {
			org, att := mustZone(t, dir[0]), mustZone(t, dir[1])
			for i, c := range cadences {
				anchor := time.Date(base.Year(), base.Month(), base.Day()+i*17, c.clock[0], c.clock[1], 0, 0, org)
				opt, err := rrule.StrToROption(c.rule)
				if err != nil {
					t.Fatal(err)
				}
				r, _ := newWallRule(*opt, anchor)
				start := r.After(anchor, true)
				rule := c.rule
				switch c.end {
				case "until":
					rule += ";UNTIL=" + start.AddDate(3, 2, 0).UTC().Format("20060102T150405Z")
				case "localuntil":
					rule += ";UNTIL=" + start.AddDate(2, 7, 0).Format("20060102T150405")
				default:
					rule += c.end
				}
				s := Series{
					UID:           fmt.Sprintf("%s-%s-%s@twoway.test", strings.ReplaceAll(dir[0], "/", "-"), strings.ReplaceAll(dir[1], "/", "-"), c.name),
					Sequence:      1,
					Summary:       "Twoway session",
					ConferenceURL: "https://meet.example.org/x",
					Organizer:     Person{Name: "Org", Email: "org@example.org"},
					Attendee:      Person{Name: "Att", Email: "att@example.com"},
					Start:         start,
					Duration:      50 * time.Minute,
					RRule:         rule,
					Stamp:         stamp,
				}
				full, _ := rrule.StrToROptionInLocation(rule, org)
				fr, _ := newWallRule(*full, start)
				occ := fr.Between(start.Add(-time.Second), expandUntil, true)
				if len(occ) > 12 {
					s.ExDates = []time.Time{occ[3], occ[len(occ)-2]}
					moved := occ[5].In(att)
					moved = time.Date(moved.Year(), moved.Month(), moved.Day()+1, 10, 0, 0, 0, att)
					s.Overrides = []Override{
						{RecurrenceID: occ[5], Start: moved, End: moved.Add(45 * time.Minute)},
						{RecurrenceID: occ[9], Cancelled: true},
					}
				}
				out = append(out, validationCase{name: dir[0] + "+" + dir[1] + "/" + c.name, series: s})
			}
		}
	}
	return append(out, validationCase{name: "golden request", series: goldenSeries(t)})
}

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// truth expands a Series directly with rrule-go in Go's own zone: what
// every reader of the invite must find.
func truth(s Series) []instant {
	loc := s.Start.Location()
	opt, err := rrule.StrToROptionInLocation(s.RRule, loc)
	if err != nil {
		panic(err)
	}
	r, err := newWallRule(*opt, s.Start)
	if err != nil {
		panic(err)
	}
	skip := map[int64]bool{}
	for _, d := range s.ExDates {
		skip[d.Unix()] = true
	}
	moved := map[int64]Override{}
	for _, o := range s.Overrides {
		moved[o.RecurrenceID.Unix()] = o
	}
	var out []instant
	for _, t := range r.Between(s.Start.Add(-time.Second), expandUntil, true) {
		if skip[t.Unix()] {
			continue
		}
		if o, ok := moved[t.Unix()]; ok {
			if o.End.IsZero() {
				o.End = o.Start.Add(s.Duration)
			}
			if !o.Cancelled {
				out = append(out, instant{o.Start.Unix(), o.End.Unix()})
			}
			continue
		}
		out = append(out, instant{t.Unix(), t.Add(s.Duration).Unix()})
	}
	sortInstants(out)
	return out
}

// ourExpansion reads an invite back with Parse (so TZIDs resolve through
// the VTIMEZONE reader when they are renamed) and expands it with rrule-go.
func ourExpansion(data []byte) ([]instant, error) {
	m, err := Parse(data)
	if err != nil {
		return nil, err
	}
	loc := time.UTC
	if m.Zone != nil {
		loc = m.Zone
	}
	opt, err := rrule.StrToROptionInLocation(m.RRule, loc)
	if err != nil {
		return nil, err
	}
	r, err := newWallRule(*opt, m.Start)
	if err != nil {
		return nil, err
	}
	dur := m.End.Sub(m.Start)
	skip := map[int64]bool{}
	for _, d := range m.ExDates {
		skip[d.Unix()] = true
	}
	moved := map[int64]Override{}
	for _, o := range m.Overrides {
		moved[o.RecurrenceID.Unix()] = o
	}
	var out []instant
	for _, t := range r.Between(m.Start.Add(-time.Second), expandUntil, true) {
		if skip[t.Unix()] {
			continue
		}
		if o, ok := moved[t.Unix()]; ok {
			if !o.Cancelled {
				out = append(out, instant{o.Start.Unix(), o.End.Unix()})
			}
			continue
		}
		out = append(out, instant{t.Unix(), t.Add(dur).Unix()})
	}
	sortInstants(out)
	return out, nil
}

func sortInstants(l []instant) {
	sort.Slice(l, func(i, j int) bool { return l[i][0] < l[j][0] || (l[i][0] == l[j][0] && l[i][1] < l[j][1]) })
}

// renameTZIDs gives every TZID in data an unknown prefix, so that a reader
// must build the zone from the VTIMEZONE instead of its own database, and
// folds the result again.
func renameTZIDs(t testing.TB, data []byte, prefix string) []byte {
	unfolded := strings.ReplaceAll(string(data), "\r\n ", "")
	unfolded = strings.ReplaceAll(unfolded, "TZID=", "TZID="+prefix)
	unfolded = strings.ReplaceAll(unfolded, "\r\nTZID:", "\r\nTZID:"+prefix)
	var buf bytes.Buffer
	if _, err := newFoldWriter(&buf).Write([]byte(unfolded)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type validatorResult struct {
	File     string    `json:"file"`
	Instants []instant `json:"instants"`
	Error    string    `json:"error"`
}

// runValidator runs an external expander over files and returns its
// results by file.
func runValidator(t *testing.T, name string, cmd *exec.Cmd) map[string]validatorResult {
	t.Helper()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s failed: %v\n%s", name, err, stderr.String())
	}
	res := map[string]validatorResult{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var r validatorResult
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s printed %q: %v", name, sc.Text(), err)
		}
		res[r.File] = r
	}
	return res
}

// missingValidator fails under CI (where every validator must run) and
// skips elsewhere, saying how to install it.
func missingValidator(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("%s (CI is set, so the validator is required)", why)
	}
	t.Skip(why)
}

const debianPython = "/usr/bin/python3"

func pythonValidator(t *testing.T) string {
	t.Helper()
	if err := exec.Command(debianPython, "-c", "import icalendar, recurring_ical_events").Run(); err != nil {
		missingValidator(t, "Python validator missing: apt-get install python3-icalendar python3-recurring-ical-events (Debian's "+debianPython+"): "+err.Error())
	}
	return debianPython
}

func icaljsValidator(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		missingValidator(t, "ical.js missing: node is not installed (apt-get install nodejs npm)")
	}
	if _, err := os.Stat(filepath.Join("testdata", "icaljs", "node_modules", "ical.js", "package.json")); err != nil {
		missingValidator(t, "ical.js missing: run npm ci in calendar/ics/testdata/icaljs; `make test` does it")
	}
	return node
}

func TestValidatorsAgree(t *testing.T) {
	if testing.Short() {
		t.Skip("external validators are slow; not in -short")
	}
	python := pythonValidator(t)
	node := icaljsValidator(t)

	cases := validationCases(t)
	dir := t.TempDir()
	var pyFiles, jsFiles []string
	want := map[int][]instant{}
	for i, c := range cases {
		data, err := Request(c.series)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		want[i] = truth(c.series)
		renamed := renameTZIDs(t, data, fmt.Sprintf("X-TEST-%d/", i))
		ours, err := ourExpansion(renamed)
		if err != nil {
			t.Fatalf("%s: reading back: %v", c.name, err)
		}
		if !reflect.DeepEqual(ours, want[i]) {
			t.Errorf("%s: ours differs from the series:\n%s", c.name, diffInstants(ours, want[i]))
		}
		py := filepath.Join(dir, fmt.Sprintf("py-%03d.ics", i))
		js := filepath.Join(dir, fmt.Sprintf("js-%03d.ics", i))
		if err := os.WriteFile(py, renamed, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(js, data, 0o644); err != nil {
			t.Fatal(err)
		}
		pyFiles, jsFiles = append(pyFiles, py), append(jsFiles, js)
	}

	pyRes := runValidator(t, "python icalendar", exec.Command(python, append([]string{filepath.Join("testdata", "expand.py")}, pyFiles...)...))
	jsRes := runValidator(t, "ical.js", exec.Command(node, append([]string{filepath.Join("testdata", "icaljs", "expand.mjs")}, jsFiles...)...))

	total := 0
	for i, c := range cases {
		for _, v := range []struct {
			name string
			res  validatorResult
		}{{"python", pyRes[pyFiles[i]]}, {"ical.js", jsRes[jsFiles[i]]}} {
			switch {
			case v.res.File == "":
				t.Errorf("%s: %s printed nothing for it", c.name, v.name)
			case v.res.Error != "":
				t.Errorf("%s: %s: %s", c.name, v.name, v.res.Error)
			case !reflect.DeepEqual(v.res.Instants, want[i]):
				t.Errorf("%s: %s differs:\n%s", c.name, v.name, diffInstants(v.res.Instants, want[i]))
			}
		}
		total += len(want[i])
	}
	t.Logf("%d invites, %d occurrences: ours, python-icalendar and ical.js agree", len(cases), total)
}

func diffInstants(got, want []instant) string {
	var b strings.Builder
	fmt.Fprintf(&b, "  got %d occurrences, want %d\n", len(got), len(want))
	n := 0
	for i := 0; i < max(len(got), len(want)) && n < 6; i++ {
		var g, w string
		if i < len(got) {
			g = time.Unix(got[i][0], 0).UTC().Format(time.RFC3339)
		}
		if i < len(want) {
			w = time.Unix(want[i][0], 0).UTC().Format(time.RFC3339)
		}
		if i >= len(got) || i >= len(want) || got[i] != want[i] {
			fmt.Fprintf(&b, "  #%d got %s want %s\n", i, g, w)
			n++
		}
	}
	return b.String()
}
