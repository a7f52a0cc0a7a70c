package twoway_test

// This test enforces the dependency rule ARCHITECTURE.md states, from the
// imports the Go tool reports, so a shortcut across layers fails `make test`
// instead of waiting for a review to notice it.

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/twoway-app/twoway"

type listedPackage struct {
	ImportPath string
	Imports    []string // direct imports of the package's non-test files
	Deps       []string // everything it links, transitively
}

// listPackages asks `go list` for every package of the module.
func listPackages(t *testing.T) []listedPackage {
	t.Helper()
	cmd := exec.Command("go", "list", "-tags", "migrated_fynedo", "-json=ImportPath,Imports,Deps", "./...")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []listedPackage
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p listedPackage
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("go list output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found only %d packages", len(pkgs))
	}
	return pkgs
}

// rule says which imports a layer must not have. Direct rules look at the
// package's own imports; transitive ones at everything it links.
type rule struct {
	layer      string // import path prefix, relative to the module
	forbidden  []string
	transitive bool
	why        string
}

var rules = []rule{
	{layer: "calendar", forbidden: []string{module + "/internal", module + "/storage", module + "/ui", module + "/cmd", "fyne.io/"},
		transitive: true, why: "calendar is pure time and iCalendar code, usable by any program"},
	{layer: "internal/mentoring", forbidden: []string{module + "/storage", module + "/ui", module + "/internal/service", module + "/cmd", "fyne.io/", "database/sql"},
		transitive: true, why: "the domain is pure rules over its own types: no database, no screens"},
	{layer: "internal/mailtext", forbidden: []string{module + "/storage", module + "/ui", module + "/internal/service", "fyne.io/", "database/sql"},
		transitive: true, why: "the partner's words are rendered from domain facts alone"},
	{layer: "storage", forbidden: []string{module + "/ui", module + "/internal/service", module + "/cmd", "fyne.io/"},
		transitive: true, why: "storage holds repositories: it knows no use case and no screen"},
	{layer: "internal/service", forbidden: []string{module + "/ui", module + "/cmd", "fyne.io/"},
		transitive: true, why: "use cases serve both front ends, so they import neither"},
	{layer: "ui", forbidden: []string{"database/sql", "fyne.io/fyne/v2/app", "github.com/mattn/go-sqlite3", module + "/cmd"},
		why: "screens run headless in tests: no SQL, no app driver"},
}

// forbids reports whether a rule naming bad catches imp: the package
// itself or any below it ("fyne.io/" catches every Fyne module).
func forbids(bad, imp string) bool {
	if strings.HasSuffix(bad, "/") {
		return strings.HasPrefix(imp, bad)
	}
	return imp == bad || strings.HasPrefix(imp, bad+"/")
}

// TestDependencyRule checks every package of the module against the rules.
func TestDependencyRule(t *testing.T) {
	pkgs := listPackages(t)
	checked := map[string]int{}
	for _, p := range pkgs {
		rel := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")
		for _, r := range rules {
			if rel != r.layer && !strings.HasPrefix(rel, r.layer+"/") {
				continue
			}
			checked[r.layer]++
			imports := p.Imports
			if r.transitive {
				imports = p.Deps
			}
			for _, imp := range imports {
				for _, bad := range r.forbidden {
					if forbids(bad, imp) {
						t.Errorf("%s imports %s: %s", p.ImportPath, imp, r.why)
					}
				}
			}
		}
	}
	// A rule that matches no package guards nothing: a renamed layer must
	// take its rule along.
	for _, r := range rules {
		if checked[r.layer] == 0 {
			t.Errorf("no package under %s: update the rule with the layout", r.layer)
		}
	}
}

// TestRuleCatchesViolations makes sure the matcher really flags an import
// (a rule that can never fail proves nothing).
func TestRuleCatchesViolations(t *testing.T) {
	for _, tc := range []struct {
		imp, bad string
		want     bool
	}{
		{"fyne.io/fyne/v2/widget", "fyne.io/", true},
		{module + "/storage", module + "/storage", true},
		{module + "/storage/secrets", module + "/storage", true},
		{module + "/storagex", module + "/storage", false},
		{"database/sql", "database/sql", true},
		{"database/sql/driver", "database/sql", true},
		{"fyne.io/fyne/v2/app", "fyne.io/fyne/v2/app", true},
		{"fyne.io/fyne/v2/apptabs", "fyne.io/fyne/v2/app", false},
	} {
		got := forbids(tc.bad, tc.imp)
		if got != tc.want {
			t.Errorf("%s against %s: got %v, want %v", tc.imp, tc.bad, got, tc.want)
		}
	}
}
