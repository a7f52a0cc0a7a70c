package cli

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/twoway-app/twoway/internal/report"
)

// loggedHistory logs Jan 4 (held, Ben leads Social media, shared notes),
// Jan 11 (held, Ana leads Leadership, private notes) and skips Jan 18;
// Jan 25 is past and not logged.
func loggedHistory(t *testing.T) string {
	t.Helper()
	db := historyPair(t)
	runOK(t, db, "session", "log", "1", "2027-01-04", "--held", "--leader", "partner", "--covered", "1",
		"--notes", "Shared: a walk through | Ben's *reels*", "--shared", "--reflection-partner", "Good start",
		"--action", "me:Post once a week:2027-01-10")
	runOK(t, db, "session", "log", "1", "2027-01-11", "--held", "--leader", "me", "--covered", "2",
		"--notes", "Private: Ben seemed tired")
	runOK(t, db, "session", "log", "1", "2027-01-18", "--skipped")
	return db
}

func TestExportMarkdownSharesOnlySharedNotes(t *testing.T) {
	db := loggedHistory(t)
	tests := []struct {
		name      string
		args      []string
		want, not []string
	}{
		{"shared", []string{"export", "1"},
			[]string{"# Ana & Ben", "Shared: a walk through | Ben's *reels*", "Social media", "Ben reflects", "Post once a week", "## Reciprocity"},
			[]string{"Private: Ben seemed tired", "Private notes"}},
		{"explicit format", []string{"export", "1", "--format", "Markdown"},
			[]string{"Shared: a walk through"}, []string{"Private: Ben seemed tired"}},
		{"private", []string{"export", "1", "--private"},
			[]string{"Shared: a walk through", "Private notes:", "Private: Ben seemed tired"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := runOK(t, db, tt.args...)
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("export lacks %q:\n%s", w, out)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(out, n) {
					t.Errorf("export has %q:\n%s", n, out)
				}
			}
		})
	}
}

func readCSV(t *testing.T, data string) [][]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("export is not CSV: %v\n%s", err, data)
	}
	if len(recs) == 0 || !reflect.DeepEqual(recs[0], report.CSVHeader) {
		t.Fatalf("CSV header = %q", recs)
	}
	return recs[1:]
}

func TestExportCSVMatchesTheSessions(t *testing.T) {
	db := loggedHistory(t)
	col := map[string]int{}
	for i, h := range report.CSVHeader {
		col[h] = i
	}
	for _, tt := range []struct {
		name    string
		private bool
	}{{"shared", false}, {"private", true}} {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"export", "1", "--format", "csv"}
			if tt.private {
				args = append(args, "--private")
			}
			rows := readCSV(t, runOK(t, db, args...))
			// One row per session up to the clock (Feb 1 12:00 UTC): Jan 4, 11, 18 and 25
			var want []sessionRowJSON
			for _, r := range decode[[]sessionRowJSON](t, db, "session", "list", "1", "--json") {
				if r.Outcome != "planned" || r.Logged {
					want = append(want, r)
				}
			}
			if len(rows) != 4 || len(want) != 4 {
				t.Fatalf("%d CSV rows and %d past sessions, want 4", len(rows), len(want))
			}
			outcome := map[string]string{"held": "held", "skipped": "skipped", "unlogged": "not logged"}
			for i, rec := range rows {
				w := want[i]
				if rec[col["original_start_utc"]] != w.OriginalUTC || rec[col["start_utc"]] != w.StartUTC ||
					rec[col["outcome"]] != outcome[w.Outcome] || rec[col["leader"]] != w.Leader ||
					rec[col["my_local"]] != w.MeLocal[:10]+" "+w.MeLocal[11:16] ||
					rec[col["partner_local"]] != w.PartnerLocal[:10]+" "+w.PartnerLocal[11:16] {
					t.Errorf("row %d = %q, session %+v", i, rec, w)
				}
				var titles []string
				for _, c := range w.Covered {
					titles = append(titles, c.Title+" ("+c.LedBy+")")
				}
				if got := rec[col["topics_covered"]]; got != strings.Join(titles, "; ") {
					t.Errorf("row %d topics %q, want %q", i, got, titles)
				}
				notes := ""
				if w.NotesShared || tt.private {
					notes = w.Notes
				}
				if rec[col["notes"]] != notes {
					t.Errorf("row %d notes %q, want %q", i, rec[col["notes"]], notes)
				}
			}
			if !strings.Contains(rows[0][col["action_items"]], "Post once a week") || rows[0][col["minutes"]] != "60" {
				t.Errorf("Jan 4 row %q", rows[0])
			}
		})
	}
}

func TestExportToFile(t *testing.T) {
	db := loggedHistory(t)
	dir := t.TempDir()
	stdoutCSV := runOK(t, db, "export", "1", "--format", "csv")
	stdoutMD := runOK(t, db, "export", "1")
	// An existing file readable by others is replaced by one only the user reads
	existing := filepath.Join(dir, "history.md")
	if err := os.WriteFile(existing, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, file string
		args       []string
		want       string
	}{
		{"csv from the extension", "history.csv", nil, stdoutCSV},
		{"markdown by default", "history.txt", nil, stdoutMD},
		{"replaces a file", "history.md", nil, stdoutMD},
		{"the flag wins over the extension", "other.md", []string{"--format", "csv"}, stdoutCSV},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.file)
			out := runOK(t, db, append([]string{"export", "1", "-o", path}, tt.args...)...)
			if !strings.HasPrefix(out, "wrote "+path) {
				t.Errorf("stdout %q", out)
			}
			b, err := os.ReadFile(path)
			if err != nil || string(b) != tt.want {
				t.Errorf("file holds %q (%v), want what stdout gets", b, err)
			}
			if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
				t.Errorf("mode %v (%v), want 0600", fi.Mode(), err)
			}
		})
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 4 {
		t.Errorf("folder holds %d files, want the 4 exports and no temporary ones: %v", len(entries), entries)
	}
}

func TestExportBadInput(t *testing.T) {
	db := loggedHistory(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "out.md")
	for _, tt := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"unknown format", []string{"export", "1", "--format", "pdf", "-o", out}, ExitUsage, `--format: "pdf" is neither markdown nor csv`},
		{"no id", []string{"export", "-o", out}, ExitUsage, "want one partnership ID"},
		{"unknown partnership", []string{"export", "9", "-o", out}, ExitError, "not found"},
		{"missing folder", []string{"export", "1", "-o", filepath.Join(dir, "no", "out.md")}, ExitError, "write " + filepath.Join(dir, "no", "out.md")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			stdout, errOut, code := run(t, db, tt.args...)
			if code != tt.code || stdout != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, tt.msg) {
				t.Errorf("exit %d stdout %q stderr %q; want %d with %q", code, stdout, errOut, tt.code, tt.msg)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("a refused export left files: %v", entries)
			}
		})
	}
}
