package twoway_test

// This test enforces the dependency rule ARCHITECTURE.md states, from the
// imports the Go tool reports, so a shortcut across layers fails `make test`
// instead of waiting for a review to notice it.

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
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
	{layer: "internal/pool", forbidden: []string{module + "/storage", module + "/ui", module + "/internal/service", module + "/internal/report", module + "/internal/mailtext", module + "/cmd", "fyne.io/", "database/sql"},
		transitive: true, why: "matching is pure rules over a pool: no database, no screens, no words"},
	{layer: "internal/mailtext", forbidden: []string{module + "/storage", module + "/ui", module + "/internal/service", "fyne.io/", "database/sql"},
		transitive: true, why: "the partner's words are rendered from domain facts alone"},
	{layer: "internal/report", forbidden: []string{module + "/storage", module + "/ui", module + "/internal/service", "fyne.io/", "database/sql"},
		transitive: true, why: "the CLI's and the export's words are rendered from domain facts alone"},
	{layer: "internal/shared", forbidden: []string{module + "/internal/mentoring", module + "/internal/service", module + "/storage", module + "/ui", module + "/cmd", "fyne.io/", "database/sql"},
		transitive: true, why: "the shared record's codec knows only its own types, which have no private field: privacy is structural"},
	{layer: "internal/demo", forbidden: []string{module + "/ui", module + "/cmd", "fyne.io/"},
		transitive: true, why: "the demo generator fills a store for either front end"},
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

// sentenceRE matches text of four words or more: a sentence for people.
var sentenceRE = regexp.MustCompile(`[\pL\d]+[,;:]?\s+[\pL\d]+[,;:]?\s+[\pL\d]+[,;:]?\s+[\pL\d]+`)

// sqlRE matches the SQL a repository writes, which is no prose: its
// keywords, or a list of column names.
var sqlRE = regexp.MustCompile(`\b(SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA|ALTER|DROP|FROM|WHERE|VALUES|ORDER BY)\b|^[a-z_]+(, [a-z_]+)+$`)

// sentences lists the string literals of src that read as sentences for
// people, except the text of errors (errors.New, fmt.Errorf: context for
// logs and developers, which each front end replaces by its own words for
// the errors a user can meet).
func sentences(t *testing.T, name string, src any) []string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, 0)
	if err != nil {
		t.Fatal(err)
	}
	inError := map[*ast.BasicLit]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
			if pkg, ok := sel.X.(*ast.Ident); ok && (pkg.Name == "errors" && sel.Sel.Name == "New" || pkg.Name == "fmt" && sel.Sel.Name == "Errorf") {
				for _, a := range call.Args {
					if lit, ok := a.(*ast.BasicLit); ok {
						inError[lit] = true
					}
				}
			}
		}
		return true
	})
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING || inError[lit] {
			return true
		}
		s, err := strconv.Unquote(lit.Value)
		if err != nil || sqlRE.MatchString(s) || !sentenceRE.MatchString(s) {
			return true
		}
		out = append(out, fmt.Sprintf("%s: %q", fset.Position(lit.Pos()), s))
		return true
	})
	return out
}

// TestNoSentencesInDomainOrStorage fails when the domain or storage builds
// a sentence for people: they return facts and codes, and the screens
// (through lang, in the user's language), the CLI and exports (report) and
// the partner's email (mailtext) word them.
func TestNoSentencesInDomainOrStorage(t *testing.T) {
	var files []string
	for _, dir := range []string{"internal/mentoring", "internal/pool", "storage", "storage/secrets"} {
		names, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			if !strings.HasSuffix(n, "_test.go") {
				files = append(files, n)
			}
		}
	}
	if len(files) < 10 {
		t.Fatalf("found only %d source files", len(files))
	}
	for _, f := range files {
		for _, s := range sentences(t, f, nil) {
			t.Errorf("%s: a sentence for people belongs in a front end", s)
		}
	}
}

// TestSentenceFinder checks the finder on a made-up file: a returned
// sentence is caught, an error's text and SQL are not.
func TestSentenceFinder(t *testing.T) {
	src := `package x
import ("errors"; "fmt")
func a() string { return "On track: 2 of 2 sessions held." }
func b() error { return errors.New("no session of the series starts then") }
func c() error { return fmt.Errorf("record sent invite: sequence %d is older", 1) }
const q = ` + "`SELECT id, title FROM partnership WHERE id = ?`" + `
const code = "too_long"
const cols = "id, partnership_id, title, teacher"
`
	got := sentences(t, "x.go", src)
	if len(got) != 1 || !strings.Contains(got[0], "On track") {
		t.Errorf("found %q, want only the returned sentence", got)
	}
}
