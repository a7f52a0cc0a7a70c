package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestPoolEndToEnd takes testdata/pool/signup.csv, twelve people in a
// Google Forms export (byte order mark, Timestamp, question titles, a want
// list over two lines in quotes, "9:00 - 17:00"), through import, match,
// accept and the partnership.
//
// The best pairing, by hand. Everyone but Ivan speaks English with everyone,
// and all but Ivan and Jo keep 09:00-17:00 in London, so every candidate
// pair has 60 points of common time (120 min and more, capped) and 30 of
// language; what differs is the mutual gain, 4·ab/(ab+ba) of the points of
// the wants each meets (first want 100, second 70):
//
//   - Ana–Ben: Ana teaches Ben leadership (his first, 100), Ben teaches Ana
//     social media (her second, 70): 164 + 90 = 254.
//   - Ana–Cleo: negotiation for Cleo (first), budgeting for Ana (first):
//     200 + 90 = 290, the heaviest edge, a trap: taking it leaves Ben and
//     Dan with no one.
//   - Cleo–Dan: design for Dan (first), Python for Cleo (second): 254.
//   - Eva–Finn: public speaking meets "Presentations" and Excel meets
//     "Spreadsheets" through the default synonyms and plurals, both first
//     wants: 290.
//   - Gus–Hana: photography and marketing, case aside: 290.
//   - Ivan (New York 08:00-09:00) and Jo (London 13:00-14:00) both gain, but
//     between the US and UK clock changes their hours do not meet: no edge.
//   - Kai would learn from Lena, Lena from no one: no edge.
//
// So five edges; the best matching is Ana–Ben, Cleo–Dan, Eva–Finn, Gus–Hana,
// 254+254+290+290 = 1088 (Ana–Cleo instead would give 290+290+290 = 870),
// with Ivan and Jo unmatched for their hours and Kai and Lena for want of
// anyone to gain with.
func TestPoolEndToEnd(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	csv := filepath.Join("testdata", "pool", "signup.csv")

	out, errOut, code := run(t, db, "pool", "import", csv, "--pool", "Spring", "--dry-run")
	if code != ExitOK || !strings.Contains(out, "12 rows read, 0 with problems") {
		t.Fatalf("dry run: %d %q %q", code, out, errOut)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("a dry run created the database: %v", err)
	}
	out, errOut, code = run(t, db, "pool", "import", csv, "--pool", "Spring")
	if code != ExitOK || out != "Pool Spring: 12 added, 0 updated.\n" {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}

	out, errOut, code = run(t, db, "match", "Spring", "--json")
	if code != ExitOK {
		t.Fatalf("match: %d %q", code, errOut)
	}
	var m matchJSON
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	var pairs []string
	total := 0
	for _, p := range m.Pairs {
		pairs = append(pairs, p.A+"+"+p.B)
		total += p.Score
		if len(p.Reasons) < 3 {
			t.Errorf("%s+%s: reasons %q", p.A, p.B, p.Reasons)
		}
	}
	sort.Strings(pairs)
	want := []string{"ana@example.org+ben@example.org", "cleo@example.org+dan@example.org", "eva@example.org+finn@example.org", "gus@example.org+hana@example.org"}
	if strings.Join(pairs, " ") != strings.Join(want, " ") || total != 1088 {
		t.Errorf("pairs %v total %d, want %v 1088", pairs, total, want)
	}
	weights := map[string]int{}
	for _, e := range m.Edges {
		weights[e.A+"+"+e.B] = e.Weight
	}
	wantEdges := map[string]int{"ana@example.org+ben@example.org": 254, "ana@example.org+cleo@example.org": 290,
		"cleo@example.org+dan@example.org": 254, "eva@example.org+finn@example.org": 290, "gus@example.org+hana@example.org": 290}
	if len(weights) != len(wantEdges) {
		t.Errorf("edges %v", weights)
	}
	for k, w := range wantEdges {
		if weights[k] != w {
			t.Errorf("edge %s: %d, want %d", k, weights[k], w)
		}
	}
	// The total is the best over the edges: check every matching of them.
	if best := bestOver(m.Edges); best != total {
		t.Errorf("total %d, best over the edges %d", total, best)
	}
	unmatched := map[string]string{}
	for _, u := range m.Unmatched {
		unmatched[u.Email] = u.Reason
	}
	if len(unmatched) != 4 || !strings.Contains(unmatched["ivan@example.org"], "comfortable hours") ||
		!strings.Contains(unmatched["kai@example.org"], "no one") {
		t.Errorf("unmatched: %v", unmatched)
	}

	out, errOut, code = run(t, db, "match", "accept", "Spring", "ana@example.org", "ben@example.org")
	if code != ExitOK || strings.TrimSpace(out) != "1" {
		t.Fatalf("accept: %d %q %q", code, out, errOut)
	}
	out, _, code = run(t, db, "pair", "show", "1", "--json")
	var p pairJSON
	if code != ExitOK || json.Unmarshal([]byte(out), &p) != nil || p.Me.Email != "ana@example.org" || p.Partner.Email != "ben@example.org" {
		t.Fatalf("pair show: %d %q", code, out)
	}
	out, _, code = run(t, db, "topic", "list", "1")
	if code != ExitOK || !strings.Contains(out, "Leadership") || !strings.Contains(out, "Social media") {
		t.Errorf("topics: %q", out)
	}
	if _, _, code := run(t, db, "schedule", "show", "1"); code != ExitOK {
		t.Errorf("schedule show: %d", code)
	}
	// Taken people and bad input: a message, a non-zero status, nothing new.
	for _, args := range [][]string{
		{"match", "accept", "Spring", "ana@example.org", "cleo@example.org"},
		{"match", "accept", "Spring", "kai@example.org", "lena@example.org"},
		{"match", "accept", "Autumn", "kai@example.org", "lena@example.org"},
		{"match", "accept", "Spring", "kai@example.org"},
	} {
		_, errOut, code := run(t, db, args...)
		if code == ExitOK || errOut == "" {
			t.Errorf("%v: %d %q", args, code, errOut)
		}
	}
	out, _, _ = run(t, db, "pair", "list", "--json")
	var list []summaryJSON
	if json.Unmarshal([]byte(out), &list) != nil || len(list) != 1 {
		t.Errorf("partnerships after refusals: %q", out)
	}
}

// bestOver is the heaviest matching over edges, by trying them all.
func bestOver(edges []matchEdgeJSON) int {
	used := map[string]bool{}
	best := 0
	var rec func(i, tot int)
	rec = func(i, tot int) {
		best = max(best, tot)
		for k := i; k < len(edges); k++ {
			e := edges[k]
			if used[e.A] || used[e.B] {
				continue
			}
			used[e.A], used[e.B] = true, true
			rec(k+1, tot+e.Weight)
			used[e.A], used[e.B] = false, false
		}
	}
	rec(0, 0)
	return best
}

func TestPoolBadInput(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("name,email,zone,hours,offers,wants\nAna,ana@,Europe/Berlim,8-9,x,y\n"), 0o600)
	noZone := filepath.Join(dir, "nozone.csv")
	os.WriteFile(noZone, []byte("name,email,hours,offers,wants\nAna,ana@example.org,08:00-09:00,x,y\n"), 0o600)
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"pool", "import", bad}, `line 2: email: "ana@" is not an email address`},
		{[]string{"pool", "import", bad}, `did you mean Europe/Berlin`},
		{[]string{"pool", "import", noZone}, "no column holds the zone: map one with --map COLUMN=zone"},
		{[]string{"pool", "import", noZone, "--map", "hours=zone", "--map", "x"}, "--map \"x\": want COLUMN=FIELD"},
		{[]string{"pool", "import", noZone, "--map", "Zone=zone"}, `the file has no column "Zone"`},
		{[]string{"pool", "import", noZone, "--separator", "|"}, "--separator must be ';' or ','"},
		{[]string{"pool", "import", filepath.Join(dir, "missing.csv")}, "no such file"},
		{[]string{"match", "Nope"}, `no pool called "Nope"`},
		{[]string{"pool", "show"}, "want a pool's NAME"},
	} {
		_, errOut, code := run(t, db, tc.args...)
		if code != ExitUsage || !strings.Contains(errOut, tc.msg) {
			t.Errorf("%v: %d %q, want %q", tc.args, code, errOut, tc.msg)
		}
	}
	// A dry run lists the problems and fails, writing nothing.
	out, _, code := run(t, db, "pool", "import", bad, "--dry-run")
	if code != ExitError || !strings.Contains(out, "line 2 (ana@): email:") {
		t.Errorf("dry run: %d %q", code, out)
	}
	out, _, _ = run(t, db, "pool", "list")
	if strings.TrimSpace(out) != "NAME  PEOPLE  PAIRED" {
		t.Errorf("pools after refusals: %q", out)
	}
}
