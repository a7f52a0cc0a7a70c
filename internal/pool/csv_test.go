package pool

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/twoway-app/twoway/internal/mentoring"
)

// googleForms is shaped like a Google Forms export: a byte order mark, a
// Timestamp column, the questions as titles, checkbox answers joined by
// ", " and a paragraph answer over two lines in quotes.
const googleForms = "\ufeffTimestamp,Email address,Full name,Time zone (e.g. Europe/Berlin),Comfortable hours,I can teach,I want to learn,Languages\r\n" +
	"2026/11/02 9:14:03 AM GMT+1,ana@example.org,Ana Ruiz,Europe/Berlin,08:00-18:00,\"Leadership, Negotiation\",\"Social media\nBlogging\",\"English, Spanish\"\r\n" +
	"2026/11/02 9:20:11 AM GMT+1,raj@example.org,Raj Patel,Asia/Kolkata,9:00 – 17:00,Social media,\"Leadership, Public speaking\",English\r\n"

// microsoftForms is shaped like Microsoft Forms' export saved as CSV: its
// own ID, Start time, Completion time, Email (of an anonymous respondent)
// and Name columns before the questions.
const microsoftForms = "ID,Start time,Completion time,Email,Name,Your name,Your email address,Time zone,Hours,Offers,Wants\n" +
	"1,11/2/26 9:10:00,11/2/26 9:14:03,anonymous,,Ana Ruiz,ana@example.org,Europe/Berlin,08:00-18:00,Leadership;Negotiation,Social media\n"

func TestParseCSVFormExports(t *testing.T) {
	im, err := ParseCSV(strings.NewReader(googleForms), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !im.OK() || len(im.Rows) != 2 {
		t.Fatalf("rows: %+v", im.Rows)
	}
	ana := im.Rows[0].Person
	if ana.Name != "Ana Ruiz" || ana.Email != "ana@example.org" || ana.Zone != "Europe/Berlin" || ana.Hours.String() != "08:00-18:00" ||
		!reflect.DeepEqual(ana.Offers, []string{"Leadership", "Negotiation"}) || !reflect.DeepEqual(ana.Wants, []string{"Social media", "Blogging"}) ||
		!reflect.DeepEqual(ana.Languages, []string{"English", "Spanish"}) {
		t.Errorf("Ana: %+v", ana)
	}
	if raj := im.Rows[1]; raj.Line != 4 || raj.Person.Hours.String() != "09:00-17:00" {
		t.Errorf("Raj (after a two-line cell) on line %d, hours %s", raj.Line, raj.Person.Hours)
	}
	if !im.Columns[0].Meta || im.Columns[2].Field != ColName || im.Columns[3].Field != ColZone {
		t.Errorf("columns: %+v", im.Columns)
	}

	// Microsoft Forms: the respondent's own Email and Name columns map themselves and
	// clash with the questions; mapping it away resolves it.
	_, err = ParseCSV(strings.NewReader(microsoftForms), CSVOptions{})
	var ce *ColumnError
	if !errors.As(err, &ce) || ce.Code != ColCodeTwice || ce.Field != ColName || !reflect.DeepEqual(ce.Columns, []string{"Name", "Your name"}) {
		t.Fatalf("two email columns: %v", err)
	}
	im, err = ParseCSV(strings.NewReader(microsoftForms), CSVOptions{Map: map[string]Field{"email": ColIgnore, "NAME": ColIgnore}})
	if err != nil {
		t.Fatal(err)
	}
	if !im.OK() || im.Rows[0].Person.Email != "ana@example.org" || !reflect.DeepEqual(im.Rows[0].Person.Offers, []string{"Leadership", "Negotiation"}) {
		t.Errorf("Microsoft Forms row: %+v", im.Rows[0])
	}
	for _, i := range []int{0, 1, 2} {
		if !im.Columns[i].Meta {
			t.Errorf("column %q not taken as the form's own", im.Columns[i].Header)
		}
	}
}

func TestParseCSVMappingAndSeparator(t *testing.T) {
	const file = "Who,Mail,Where,When,Teach,Learn 1,Learn 2\n" +
		"Ana Ruiz,ana@example.org,Europe/Berlin,08:00-18:00,\"Leadership, people skills\",Social media,Blogging\n"
	m := map[string]Field{"who": ColName, "Mail": ColEmail, "where": ColZone, "when": ColHours, "teach": ColOffers, "learn 1": ColWants, "learn 2": ColWants}
	for _, tc := range []struct {
		sep    rune
		offers []string
	}{
		{0, []string{"Leadership", "people skills"}},
		{',', []string{"Leadership", "people skills"}},
		{';', []string{"Leadership, people skills"}},
	} {
		im, err := ParseCSV(strings.NewReader(file), CSVOptions{Map: m, Separator: tc.sep})
		if err != nil {
			t.Fatal(err)
		}
		p := im.Rows[0].Person
		if !reflect.DeepEqual(p.Offers, tc.offers) || !reflect.DeepEqual(p.Wants, []string{"Social media", "Blogging"}) {
			t.Errorf("separator %q: offers %q wants %q", tc.sep, p.Offers, p.Wants)
		}
	}
	for _, tc := range []struct {
		name string
		opt  CSVOptions
		code string
	}{
		{"no mapping", CSVOptions{}, ColCodeUnmapped},
		{"unknown column", CSVOptions{Map: map[string]Field{"Whom": ColName}}, ColCodeUnknown},
		{"unknown field", CSVOptions{Map: map[string]Field{"Who": "surname"}}, ColCodeBadField},
		{"bad separator", CSVOptions{Separator: '|'}, ColCodeBadSeparator},
	} {
		_, err := ParseCSV(strings.NewReader(file), tc.opt)
		var ce *ColumnError
		if !errors.As(err, &ce) || ce.Code != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
	}
	if _, err := ParseCSV(strings.NewReader(""), CSVOptions{}); err == nil {
		t.Error("empty file: no error")
	}
}

func TestParseCSVRowProblems(t *testing.T) {
	const file = "name,email,zone,hours,offers,wants\n" +
		"Ana Ruiz,ana@example.org,Europe/Berlin,08:00-18:00,Leadership,Social media\n" +
		"Raj,raj@,New York,9-17,Social media,\n" +
		"\n" +
		"Ana again,ANA@example.org,Europe/Berln,25:00-26:00,x,y\n" +
		",lee@example.org,UTC,10:00-10:00,x,y\n"
	im, err := ParseCSV(strings.NewReader(file), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	type problem struct {
		field string
		code  mentoring.Code
	}
	want := [][]problem{
		nil,
		// "New York" is a city: it names one zone, which the row takes
		{{FieldEmail, mentoring.CodeEmail}, {FieldHours, mentoring.CodeClockFormat}, {FieldWants, mentoring.CodeRequired}},
		{{FieldEmail, CodeDuplicate}, {FieldZone, CodeUnknownZone}, {FieldHours, mentoring.CodeClockRange}},
		{{FieldName, mentoring.CodeRequired}, {FieldHours, mentoring.CodeEmptyHours}},
	}
	if len(im.Rows) != len(want) || im.OK() {
		t.Fatalf("%d rows, ok %v", len(im.Rows), im.OK())
	}
	for i, r := range im.Rows {
		var got []problem
		for _, p := range r.Problems {
			got = append(got, problem{p.Field, p.Code})
		}
		if !reflect.DeepEqual(got, want[i]) {
			t.Errorf("line %d: %v, want %v", r.Line, got, want[i])
		}
	}
	if z := im.Rows[1].Person.Zone; z != "America/New_York" {
		t.Errorf("New York read as zone %q", z)
	}
	dup := im.Rows[2].Problems[0]
	if dup.Args["Row"] != 2 || im.Rows[2].Line != 5 {
		t.Errorf("duplicate: %v on line %d", dup.Args, im.Rows[2].Line)
	}
	if s := im.Rows[2].Problems[1].Args["Suggestions"].([]string); len(s) == 0 || s[0] != "Europe/Berlin" {
		t.Errorf("suggestions for Europe/Berln: %v", s)
	}
	if got := im.People(); len(got) != 1 || got[0].Email != "ana@example.org" {
		t.Errorf("people without problems: %v", got)
	}
}

func TestSuggestZones(t *testing.T) {
	for typed, want := range map[string]string{
		"new york":            "America/New_York",
		"Europe/Berln":        "Europe/Berlin",
		"(GMT+01:00) Berlin":  "Europe/Berlin",
		"(UTC+05:30) Kolkata": "Asia/Kolkata",
		"sidney":              "Australia/Sydney",
		"America/Sao Paulo":   "America/Sao_Paulo",
		"london":              "Europe/London",
		"Asia/Tokio":          "Asia/Tokyo",
	} {
		got := SuggestZones(typed, 3)
		if len(got) == 0 || got[0] != want {
			t.Errorf("SuggestZones(%q) = %v, want %s first", typed, got, want)
		}
	}
	if got := SuggestZones("qqqqqqqq", 3); len(got) != 0 {
		t.Errorf("nonsense: %v", got)
	}
}

func TestPersonProblems(t *testing.T) {
	ok := Person{Name: "Ana", Email: "ana@example.org", Zone: "Europe/Berlin", Hours: window(t, "08:00-18:00"), Offers: []string{"x"}, Wants: []string{"y"}}
	for _, tc := range []struct {
		name  string
		edit  func(*Person)
		field string
		code  mentoring.Code
	}{
		{"valid", func(*Person) {}, "", ""},
		{"no zone", func(p *Person) { p.Zone = "" }, FieldZone, mentoring.CodeZoneRequired},
		{"Local", func(p *Person) { p.Zone = "Local" }, FieldZone, CodeUnknownZone},
		{"bad email", func(p *Person) { p.Email = "Ana <ana@example.org>" }, FieldEmail, mentoring.CodeEmail},
		{"no offers", func(p *Person) { p.Offers = nil }, FieldOffers, mentoring.CodeRequired},
		{"long want", func(p *Person) { p.Wants = []string{strings.Repeat("é", 201)} }, FieldWants, mentoring.CodeTooLong},
		{"empty hours", func(p *Person) { p.Hours.End = p.Hours.Start }, FieldHours, mentoring.CodeEmptyHours},
	} {
		p := ok
		tc.edit(&p)
		ps := p.Problems()
		if tc.field == "" {
			if len(ps) != 0 {
				t.Errorf("%s: %v", tc.name, ps)
			}
			continue
		}
		if len(ps) != 1 || ps[0].Field != tc.field || ps[0].Code != tc.code {
			t.Errorf("%s: %v, want %s %s", tc.name, ps, tc.field, tc.code)
		}
	}
	checked, err := Pool{People: []Person{ok, ok}}.Check()
	if err != nil || len(checked) != 1 || checked[1][0].Code != CodeDuplicate || checked[1][0].Args["Row"] != 0 {
		t.Errorf("pool check: %v %v", checked, err)
	}
}

// TestZonesAsPeopleWriteThem: a sign-up answer naming one zone (a city, a
// zone's name) becomes that zone; an ambiguous one stays, with the zones
// it may mean as suggestions.
func TestZonesAsPeopleWriteThem(t *testing.T) {
	for _, tt := range []struct {
		typed, zone string
		suggest     []string // some of the suggestions, when it stays unknown
	}{
		{"Mumbai", "Asia/Kolkata", nil},
		{"Pacific Time", "America/Los_Angeles", nil},
		{"Europe/Berlin", "Europe/Berlin", nil},
		{"Springfield", "Springfield", []string{"America/Chicago", "America/New_York"}},
		{"Europe/Berlim", "Europe/Berlim", []string{"Europe/Berlin"}},
	} {
		p := Person{Zone: tt.typed}
		p.Normalize()
		if p.Zone != tt.zone {
			t.Errorf("%q became %q, want %q", tt.typed, p.Zone, tt.zone)
		}
		prob := CheckZone(p.Zone)
		if (prob != nil) != (tt.suggest != nil) {
			t.Errorf("%q: problem %v", tt.typed, prob)
			continue
		}
		if prob == nil {
			continue
		}
		got := strings.Join(prob.Args["Suggestions"].([]string), " ")
		for _, z := range tt.suggest {
			if !strings.Contains(got, z) {
				t.Errorf("%q: suggestions %q lack %s", tt.typed, got, z)
			}
		}
	}
}
