package ui

import (
	"context"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/fixture"
	"github.com/twoway-app/twoway/internal/mailtext"
	"github.com/twoway-app/twoway/internal/mentoring"
)

// langCall is one lang.L, lang.N or lang.X call in the ui sources.
type langCall struct {
	pos      string
	fn       string // "L", "N" or "X"
	key      string
	fallback string   // lang.X's English text; the key itself otherwise
	data     []string // the keys of the template data map, nil when none
}

// uiSources parses the package's non-test files.
func uiSources(t *testing.T) (*token.FileSet, []*ast.File) {
	t.Helper()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return fset, files
}

// stringConsts maps each string constant of the package to its value, so
// that lang.L(endOnDate) counts as the key "On a date".
func stringConsts(files []*ast.File) map[string]string {
	consts := map[string]string{}
	for range 3 { // constants defined from other constants
		for _, f := range files {
			for _, d := range f.Decls {
				g, ok := d.(*ast.GenDecl)
				if !ok || g.Tok != token.CONST {
					continue
				}
				for _, spec := range g.Specs {
					vs := spec.(*ast.ValueSpec)
					for i, name := range vs.Names {
						if i < len(vs.Values) {
							if s, ok := constString(vs.Values[i], consts); ok {
								consts[name.Name] = s
							}
						}
					}
				}
			}
		}
	}
	return consts
}

// constString evaluates a string literal, a constant, or a sum of them.
func constString(e ast.Expr, consts map[string]string) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			s, err := strconv.Unquote(e.Value)
			return s, err == nil
		}
	case *ast.Ident:
		s, ok := consts[e.Name]
		return s, ok
	case *ast.ParenExpr:
		return constString(e.X, consts)
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			a, ok1 := constString(e.X, consts)
			b, ok2 := constString(e.Y, consts)
			return a + b, ok1 && ok2
		}
	}
	return "", false
}

// langCalls finds every call to Fyne's lang package in the ui sources. A
// key that is not a constant string fails the test: its translation could
// not be checked.
func langCalls(t *testing.T) []langCall {
	t.Helper()
	fset, files := uiSources(t)
	consts := stringConsts(files)
	var calls []langCall
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := c.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "lang" {
				return true
			}
			pos := fset.Position(c.Pos()).String()
			var dataArg int
			lc := langCall{pos: pos, fn: sel.Sel.Name}
			switch sel.Sel.Name {
			case "L":
				dataArg = 1
			case "N":
				dataArg = 2
			case "X":
				dataArg = 2
			default:
				return true // AddTranslationsFS and friends
			}
			key, ok := constString(c.Args[0], consts)
			if !ok {
				t.Errorf("%s: lang.%s with a key that is not a constant string", pos, lc.fn)
				return true
			}
			lc.key, lc.fallback = key, key
			if lc.fn == "X" {
				if lc.fallback, ok = constString(c.Args[1], consts); !ok {
					t.Errorf("%s: lang.X(%q) with a fallback that is not a constant string", pos, key)
				}
			}
			if len(c.Args) > dataArg {
				m, ok := mapLiteral(c.Args[dataArg])
				if !ok {
					t.Errorf("%s: lang.%s(%q) data is not a map literal", pos, lc.fn, key)
					return true
				}
				for _, el := range m.Elts {
					kv := el.(*ast.KeyValueExpr)
					name, ok := constString(kv.Key, consts)
					if !ok {
						t.Errorf("%s: lang.%s(%q) data key is not a string", pos, lc.fn, key)
					}
					lc.data = append(lc.data, name)
				}
			}
			calls = append(calls, lc)
			return true
		})
	}
	if len(calls) < 100 {
		t.Fatalf("found only %d lang calls: is the parser looking at the right files?", len(calls))
	}
	return calls
}

// mapLiteral finds the map literal e is, or the one the variable e was
// declared with (v := map[string]any{...}).
func mapLiteral(e ast.Expr) (*ast.CompositeLit, bool) {
	if id, ok := e.(*ast.Ident); ok && id.Obj != nil {
		if as, ok := id.Obj.Decl.(*ast.AssignStmt); ok {
			for i, lhs := range as.Lhs {
				if l, ok := lhs.(*ast.Ident); ok && l.Name == id.Name && i < len(as.Rhs) {
					e = as.Rhs[i]
				}
			}
		}
	}
	m, ok := e.(*ast.CompositeLit)
	return m, ok
}

// readTranslations reads translations/<language>.json as it is embedded.
func readTranslations(t *testing.T, language string) map[string]any {
	t.Helper()
	b, err := translations.ReadFile("translations/" + language + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s.json: %v", language, err)
	}
	return m
}

var placeholder = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

// placeholders lists the template fields s uses, sorted and unique.
func placeholders(s string) []string {
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// forms returns a translation's texts by plural form ("" for a plain one).
func forms(v any) map[string]string {
	switch v := v.(type) {
	case string:
		return map[string]string{"": v}
	case map[string]any:
		out := map[string]string{}
		for k, s := range v {
			if str, ok := s.(string); ok {
				out[k] = str
			} else {
				out[k] = "" // reported as empty
			}
		}
		return out
	}
	return nil
}

// sameInGerman are the keys whose German text is rightly the English one.
var sameInGerman = map[string]bool{
	"Name": true, "Status": true, "Port": true, "Server": true, "Format": true, "Partner": true, "HH:MM": true,
	"April": true, "August": true, "September": true, "November": true,
	"month.Jan": true, "month.Feb": true, "month.Apr": true, "month.Jun": true, "month.Jul": true,
	"month.Aug": true, "month.Sep": true, "month.Nov": true,
}

// TestTranslationsAreComplete checks every text the code asks lang for
// against translations/en.json and de.json: present in both, English
// exactly as the code's fallback (so English users see what the code says),
// German filled in and actually translated, the same template fields
// everywhere, and no key left over that the code no longer uses.
func TestTranslationsAreComplete(t *testing.T) {
	if err := lang.AddTranslationsFS(translations, "translations"); err != nil {
		t.Fatalf("the embedded translations do not load: %v", err)
	}
	calls := langCalls(t)
	en, de := readTranslations(t, "en"), readTranslations(t, "de")
	used := map[string]bool{}
	for _, c := range calls {
		used[c.key] = true
		want := placeholders(c.fallback)
		for _, p := range want {
			if !slices.Contains(c.data, p) {
				t.Errorf("%s: %q uses {{.%s}}, which the code does not pass (it passes %v)", c.pos, c.key, p, c.data)
			}
		}
		for _, tr := range []struct {
			name string
			file map[string]any
		}{{"en", en}, {"de", de}} {
			v, ok := tr.file[c.key]
			if !ok {
				t.Errorf("%s: %q is missing from %s.json", c.pos, c.key, tr.name)
				continue
			}
			fs := forms(v)
			if c.fn == "N" {
				if fs["one"] == "" || fs["other"] == "" || len(fs) != 2 {
					t.Errorf("%s.json: %q needs exactly the plural forms one and other, has %v", tr.name, c.key, v)
				}
			} else if _, plain := fs[""]; !plain || fs[""] == "" {
				t.Errorf("%s.json: %q must be a non-empty string, is %v", tr.name, c.key, v)
			}
			for form, text := range fs {
				for _, p := range placeholders(text) {
					if !slices.Contains(c.data, p) {
						t.Errorf("%s.json: %q (%s) uses {{.%s}}, which the code does not pass", tr.name, c.key, form, p)
					}
				}
				// Every form but "one" (which may say "one" instead of
				// the count) shows what the English text shows.
				if form != "one" && !reflect.DeepEqual(placeholders(text), want) {
					t.Errorf("%s.json: %q (%s) uses %v, the code passes %v", tr.name, c.key, form, placeholders(text), want)
				}
			}
		}
		enForms := forms(en[c.key])
		if c.fn == "N" {
			if enForms["other"] != c.key {
				t.Errorf("en.json: %q other = %q, want the key itself", c.key, enForms["other"])
			}
		} else if enForms[""] != c.fallback {
			t.Errorf("en.json: %q = %q, want the code's English %q", c.key, enForms[""], c.fallback)
		}
		deForms := forms(de[c.key])
		for form, text := range deForms {
			if text == enForms[form] && !sameInGerman[c.key] {
				t.Errorf("de.json: %q (%s) is still the English %q", c.key, form, text)
			}
		}
	}
	for _, tr := range []struct {
		name string
		file map[string]any
	}{{"en", en}, {"de", de}} {
		for k := range tr.file {
			if !used[k] {
				t.Errorf("%s.json: %q is not used by the code any more", tr.name, k)
			}
		}
	}
	for k := range sameInGerman {
		if !used[k] {
			t.Errorf("sameInGerman lists %q, which the code does not use", k)
		}
	}
}

// TestDateLayoutsKeepTheirParts checks that each translated date layout
// still shows what the English one shows (a German layout that dropped the
// year or the time would go unnoticed otherwise).
func TestDateLayoutsKeepTheirParts(t *testing.T) {
	en, de := readTranslations(t, "en"), readTranslations(t, "de")
	ref := time.Date(2027, time.March, 8, 17, 5, 0, 0, time.UTC)
	parts := []string{"2027", "8", "17", "05", "Mar", "March", "Mon", "Monday", "UTC"}
	n := 0
	for key, v := range en {
		if !strings.HasPrefix(key, "layout.") {
			continue
		}
		n++
		enOut, deOut := ref.Format(v.(string)), ref.Format(de[key].(string))
		for _, p := range parts {
			if strings.Contains(enOut, p) != strings.Contains(deOut, p) {
				t.Errorf("%s: English %q and German %q differ in showing %q", key, enOut, deOut, p)
			}
		}
	}
	if n < 5 {
		t.Errorf("only %d date layouts found", n)
	}
}

// displayCalls are the functions and methods whose string arguments the
// user reads, by the argument positions that are text.
var displayCalls = map[string][]int{
	"NewLabel": {0}, "NewLabelWithStyle": {0}, "NewButton": {0}, "NewButtonWithIcon": {0}, "NewCheck": {0},
	"NewCard": {0, 1}, "NewFormItem": {0}, "NewMenuItem": {0}, "NewMenu": {0}, "NewTabItemWithIcon": {0},
	"SetText": {0}, "SetPlaceHolder": {0}, "SetTitleText": {0}, "SetConfirmText": {0}, "SetDismissText": {0},
	"SetSubTitle": {0}, "ShowConfirm": {0, 1}, "ShowInformation": {0, 1}, "ShowForm": {0, 1, 2},
	"NewConfirm": {0, 1}, "NewForm": {0, 1, 2}, "NewCustomWithoutButtons": {0}, "New": {0}, "Errorf": {0},
	"showError": {0}, "wrapLabel": {0}, "lowLabel": {0}, "multiLine": {0}, "offerSettings": {0, 1},
	"NewRadioGroup": {0}, "NewSelect": {0}, "item": {0},
}

// notForTranslation are literals in display calls that are no words of
// the interface: list rows' sizing templates (replaced before they show)
// and example addresses.
var notForTranslation = map[string]bool{
	"Partnership title": true, "with partner": true, "Topic title": true, "who teaches whom · status": true,
	"Mon 29 Mar 2027": true, "17:00-18:00 Ana\n11:00-12:00 Ben": true, "Mon 30 Sep 2026 17:00": true,
	"Held · Ana led · 2 topics": true,
	"smtp.example.org":          true, "imap.example.org": true, "INBOX": true, "you@example.org": true, "name@example.org": true, "https://dav.example.org/": true,
}

var formatVerb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z]`)

// isWords reports whether a literal holds words to translate: letters
// outside format verbs.
func isWords(s string) bool {
	return strings.IndexFunc(formatVerb.ReplaceAllString(s, ""), unicode.IsLetter) >= 0
}

// TestNoTextBypassesTranslation looks for string literals with words that
// reach the screen without lang: as an argument of a call that shows text,
// in a slice of choices, or assigned to a PlaceHolder or Text.
func TestNoTextBypassesTranslation(t *testing.T) {
	fset, files := uiSources(t)
	report := func(e ast.Expr, where string) {
		var walk func(ast.Expr)
		walk = func(e ast.Expr) {
			switch e := e.(type) {
			case *ast.BasicLit:
				s, err := strconv.Unquote(e.Value)
				if e.Kind == token.STRING && err == nil && isWords(s) && !notForTranslation[s] {
					t.Errorf("%s: %q goes to %s without lang", fset.Position(e.Pos()), s, where)
				}
			case *ast.BinaryExpr:
				walk(e.X)
				walk(e.Y)
			case *ast.ParenExpr:
				walk(e.X)
			case *ast.CompositeLit:
				for _, el := range e.Elts {
					walk(el)
				}
			}
		}
		walk(e)
	}
	checked := 0
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				var name string
				switch fn := n.Fun.(type) {
				case *ast.SelectorExpr:
					name = fn.Sel.Name
					if x, ok := fn.X.(*ast.Ident); ok && (x.Name == "lang" || x.Name == "fyne" && name == "LogError") {
						return true
					}
				case *ast.Ident:
					name = fn.Name
				}
				for _, i := range displayCalls[name] {
					if i < len(n.Args) {
						checked++
						report(n.Args[i], name)
					}
				}
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					if sel, ok := lhs.(*ast.SelectorExpr); ok && (sel.Sel.Name == "PlaceHolder" || sel.Sel.Name == "Text") && i < len(n.Rhs) {
						checked++
						report(n.Rhs[i], sel.Sel.Name)
					}
				}
			}
			return true
		})
	}
	if checked < 200 {
		t.Errorf("only %d display arguments checked: is the list of calls right?", checked)
	}
}

// TestEnglishLabelsMatchStorage pins the ui's translated names of storage
// values to storage's own English ones, so English users see no change and
// labels still map back to values.
func TestEnglishLabelsMatchStorage(t *testing.T) {
	p := berlinNewYork()
	for _, st := range append(slices.Clone(mentoring.TopicStatuses), "") {
		if got, want := statusLabel(st), mailtext.StatusLabel(st); got != want {
			t.Errorf("statusLabel(%q) = %q, want %q", st, got, want)
		}
		if st != "" && statusOfLabel(statusLabel(st)) != st {
			t.Errorf("status %q does not map back from its label", st)
		}
	}
	for _, side := range []mentoring.Side{mentoring.SideMe, mentoring.SidePartner, mentoring.SideBoth} {
		if got, want := direction(p, side), mailtext.Direction(p, side); got != want {
			t.Errorf("direction(%q) = %q, want %q", side, got, want)
		}
		if sideOfDirection(p, direction(p, side)) != side {
			t.Errorf("side %q does not map back from its direction", side)
		}
		if got, want := sideName(p, side), mailtext.SideName(p, side); got != want {
			t.Errorf("sideName(%q) = %q, want %q", side, got, want)
		}
	}
	for _, r := range []mentoring.UsualRule{mentoring.RuleConfidentiality, mentoring.RulePositiveTone, mentoring.RuleNoTimeWasting} {
		if got, want := ruleLabel(r), mailtext.RuleText(r); got != want {
			t.Errorf("ruleLabel(%q) = %q, want %q", r, got, want)
		}
	}
}

// TestFormatTimeInEnglishIsFormat checks that formatTime changes nothing
// for English, over every day and month.
func TestFormatTimeInEnglishIsFormat(t *testing.T) {
	layouts := []string{"Mon 2 Jan 2006", "Monday 2 January 2006", "Mon 2 Jan 2006, 15:04 MST", "2 Jan"}
	for d := range 366 {
		tm := time.Date(2027, 1, 1, 17, 5, 0, 0, time.UTC).AddDate(0, 0, d)
		for _, l := range layouts {
			if got, want := formatTime(tm, l), tm.Format(l); got != want {
				t.Fatalf("formatTime(%s, %q) = %q, want %q", tm, l, got, want)
			}
		}
	}
}

// useLocale makes the app run under locale (such as "de_DE.UTF-8") for
// the rest of the test, as if the user had started it with LC_ALL and
// LANGUAGE set to it: lang answers in its language, DateEntry writes its
// date format. The test's own locale comes back after it.
func useLocale(t *testing.T, locale string) {
	t.Helper()
	// Registered before t.Setenv's own clean-ups, so it runs after the
	// environment is back and reloads the test's language.
	t.Cleanup(func() { lang.AddTranslationsFS(translations, "translations") })
	t.Setenv("LANGUAGE", locale)
	t.Setenv("LC_ALL", locale)
	if err := lang.AddTranslationsFS(translations, "translations"); err != nil {
		t.Fatal(err)
	}
	want := readTranslations(t, locale[:2])["Overview"]
	if got := lang.L("Overview"); got != want {
		t.Fatalf("under %s lang says %q for Overview, want %q", locale, got, want)
	}
}

func TestFormatTimeInGerman(t *testing.T) {
	useLocale(t, "de_DE.UTF-8")
	tests := []struct {
		at     time.Time
		layout string
		want   string
	}{
		{time.Date(2027, 3, 20, 8, 0, 0, 0, time.UTC), "layout.weekdayClock", "Sa, 08:00"},
		{time.Date(2027, 3, 15, 17, 0, 0, 0, time.UTC), "layout.weekdayDate", "Mo, 15. Mär 2027"},
		{time.Date(2027, 5, 2, 17, 0, 0, 0, time.UTC), "layout.longDate", "Sonntag, 2. Mai 2027"},
		{time.Date(2027, 3, 1, 17, 0, 0, 0, time.UTC), "layout.longDate", "Montag, 1. März 2027"},
		{time.Date(2027, 12, 9, 9, 30, 0, 0, time.UTC), "layout.weekdayDateClockZone", "Do, 9. Dez 2027, 09:30 UTC"},
	}
	de := readTranslations(t, "de")
	for _, tt := range tests {
		if got := formatTime(tt.at, de[tt.layout].(string)); got != tt.want {
			t.Errorf("%s %s = %q, want %q", tt.layout, tt.at, got, tt.want)
		}
	}
}

// menuLabels lists a main menu's labels, menu by menu.
func menuLabels(m *fyne.MainMenu) []string {
	var out []string
	for _, menu := range m.Items {
		out = append(out, menu.Label)
		for _, it := range menu.Items {
			if !it.IsSeparator {
				out = append(out, "  "+it.Label)
			}
		}
	}
	return out
}

// TestGermanWindow builds the main window under a German locale over a
// logged partnership: the menus, tabs and screens speak German, and the
// translated choices still read back to the same values (the schedule's
// radio groups and selects, the topic editor's who-teaches select, the
// session log's outcome).
func TestGermanWindow(t *testing.T) {
	useLocale(t, "de_DE.UTF-8")
	u, store, w := newTestUI(t)
	ctx := context.Background()
	p, _, _ := loggedPair(t, store)
	u.Start()

	menus := strings.Join(menuLabels(w.MainMenu()), "\n")
	for _, want := range []string{"Datei", "  Neue Partnerschaft…", "  Sichern…", "Bearbeiten", "  Partnerschaft suchen",
		"Partnerschaft", "  Thema hinzufügen", "  Treffen festhalten", "Ansicht", "  Übersicht", "  Einladungen"} {
		if !slices.Contains(menuLabels(w.MainMenu()), want) {
			t.Errorf("menus lack %q:\n%s", want, menus)
		}
	}
	var tabs []string
	for _, it := range u.detail.tabs.Items {
		tabs = append(tabs, it.Text)
	}
	if want := []string{"Übersicht", "Zeitplan", "Themen", "Treffen", "Einladungen"}; !reflect.DeepEqual(tabs, want) {
		t.Errorf("tabs = %v, want %v", tabs, want)
	}
	over := labelsIn(u.detail.overview)
	for _, want := range []string{"Grundregeln", "Was wir teilen, bleibt unter uns", "Rhythmus", "Geben und Nehmen",
		"Berlin · jetzt Sa, 13:00 (UTC+01)", "Gut für Gespräche: 08:00-18:00 (03:00-13:00 für Ben)",
		"4. Jan 2027 – 30. Jun 2027 (26 Wochen)"} {
		if !strings.Contains(over, want) {
			t.Errorf("overview lacks %q:\n%s", want, over)
		}
	}
	if txt := labelsIn(u.sidebar.object); !strings.Contains(txt, "[Neue Partnerschaft]") {
		t.Errorf("sidebar = %q", txt)
	}

	// The schedule shows the stored cadence in German and reads it back unchanged.
	s := u.detail.schedule
	if s.unit.Selected != "Wöchentlich" || s.minutes.Selected != "60 Min." || !s.days[0].Checked || s.days[0].Text != "Mo" {
		t.Errorf("schedule shows %q, %q, Monday %v %q", s.unit.Selected, s.minutes.Selected, s.days[0].Checked, s.days[0].Text)
	}
	stored, err := store.GetSchedule(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	read, msg := s.read()
	if msg != "" || read.Unit != stored.Unit || read.Minutes != stored.Minutes || read.At != stored.At ||
		!slices.Equal(read.Days, stored.Days) || read.Until != stored.Until || read.Anchor != stored.Anchor {
		t.Errorf("German schedule reads back %+v (%q), stored %+v", read, msg, stored)
	}
	s.unit.SetSelected("Monatlich")
	s.nth.SetSelected("letzten")
	s.monthDay.SetSelected("Freitag")
	s.minutes.SetSelected("90 Min.")
	s.endMode.SetSelected("Nach einer Anzahl von Treffen")
	s.count.SetText("6")
	read, msg = s.read()
	if msg != "" || read.Unit != calendar.Monthly || read.Nth != calendar.LastOfMonth || !slices.Equal(read.Days, []time.Weekday{time.Friday}) ||
		read.Minutes != 90 || read.Count != 6 {
		t.Errorf("German monthly cadence reads %+v (%q)", read, msg)
	}
	if s.everyUnit.Text != "Monat" {
		t.Errorf("every 1 = %q, want Monat", s.everyUnit.Text)
	}

	// The topic editor offers the teachers in German and maps them back.
	u.showTab(tabTopics)
	tp := u.detail.topics
	if !slices.Contains(tp.teacher.Options, "Ben vermittelt an Ana") || tp.statusFilter.Selected != "Alle Status" {
		t.Errorf("topics: teachers %v, status filter %q", tp.teacher.Options, tp.statusFilter.Selected)
	}
	tp.newTopic()
	tp.title.SetText("Verhandeln")
	tp.teacher.SetSelected("Ben vermittelt an Ana")
	tp.status.SetSelected("In Arbeit")
	if got := tp.fromEditor(); got.Teacher != mentoring.SidePartner || got.Status != mentoring.TopicInProgress {
		t.Errorf("German topic editor reads teacher %q, status %q", got.Teacher, got.Status)
	}

	// The session log records a German "Stattgefunden" as held.
	u.logSession()
	ss := u.detail.sessions
	if ss.outcome.Selected != "Stattgefunden" || !strings.Contains(ss.heading.Text, "Mo, 15. Mär 2027, 17:00 CET für Ana") {
		t.Errorf("session editor: outcome %q, heading %q", ss.outcome.Selected, ss.heading.Text)
	}
	ss.coverChecks[0].SetChecked(true)
	covered := ss.coverIDs[0]
	ss.onSave()
	h, err := store.History(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	var held *mentoring.Session
	for i := range h.Sessions {
		if h.Sessions[i].Logged {
			held = &h.Sessions[i]
		}
	}
	if held == nil || held.Outcome != mentoring.OutcomeHeld || len(held.Covered) != 1 || held.Covered[0].TopicID != covered {
		t.Fatalf("German log stored %+v", held)
	}
	if row := ss.summary(*held); !strings.HasPrefix(row, "Stattgefunden · ") || !strings.Contains(row, "1 Thema") {
		t.Errorf("session row = %q", row)
	}

	// A dialog of the app's own and one of Fyne's both speak German.
	u.deleteSelected()
	buttons := topDialogButtons(w)
	if buttons["Löschen"] == nil || buttons["Abbrechen"] == nil || !strings.Contains(topDialogText(w), "mit allen Details löschen") {
		t.Errorf("delete dialog: buttons %v, text %q", buttons, topDialogText(w))
	}
}

// TestEveryFieldCodeIsWordedInGerman words every code of the domain under
// a German locale: none may fall back to the bare code, and none may stay
// in English (the English and German words must differ).
func TestEveryFieldCodeIsWordedInGerman(t *testing.T) {
	args := mentoring.Args{"Value": "x", "Max": 3, "Min": 1, "Year": 1, "Char": "U+0007", "ID": 7, "Kind": "topic",
		"Start": calendar.Date{Year: 2027, Month: 1, Day: 4}, "End": calendar.Date{Year: 2026, Month: 12, Day: 1},
		"Date": calendar.Date{Year: 2027, Month: 7, Day: 5}, "From": calendar.Date{Year: 2027, Month: 1, Day: 4}, "Until": calendar.Date{Year: 2027, Month: 6, Day: 30}}
	codes := fixture.Codes(t)
	english := map[mentoring.Code]string{}
	for _, c := range codes {
		english[c] = fieldText(mentoring.FieldError{Code: c, Args: args})
	}
	useLocale(t, "de_DE.UTF-8")
	for _, c := range codes {
		de := fieldText(mentoring.FieldError{Code: c, Args: args})
		if de == string(c) || strings.Contains(de, "<no value>") || de == english[c] {
			t.Errorf("%s: German %q, English %q", c, de, english[c])
		}
	}
}
