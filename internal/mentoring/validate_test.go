package mentoring_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/fixture"
	"github.com/twoway-app/twoway/internal/mentoring"
)

// TestValidateReturnsCodes checks that each bad field is named with a code
// and the values its words need, never with a sentence.
func TestValidateReturnsCodes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(p *mentoring.Partnership)
		field string
		code  mentoring.Code
		args  mentoring.Args
	}{
		{"empty title", func(p *mentoring.Partnership) { p.Title = "" }, "title", mentoring.CodeRequired, nil},
		{"long title", func(p *mentoring.Partnership) { p.Title = strings.Repeat("x", 201) }, "title", mentoring.CodeTooLong, mentoring.Args{"Max": 200}},
		{"two-line name", func(p *mentoring.Partnership) { p.Me.Name = "Ana\nRuiz" }, "me.name", mentoring.CodeLineBreak, nil},
		{"tab in name", func(p *mentoring.Partnership) { p.Partner.Name = "Ben\tO" }, "partner.name", mentoring.CodeTab, nil},
		{"escape in name", func(p *mentoring.Partnership) { p.Partner.Name = "Ben\x1b[31m" }, "partner.name", mentoring.CodeControl, mentoring.Args{"Char": "U+001B"}},
		{"not UTF-8", func(p *mentoring.Partnership) { p.Title = "bad \xff" }, "title", mentoring.CodeInvalidText, nil},
		{"display-name email", func(p *mentoring.Partnership) { p.Partner.Email = "Ben <ben@example.com>" }, "partner.email", mentoring.CodeEmail, mentoring.Args{"Value": "Ben <ben@example.com>"}},
		{"no zone", func(p *mentoring.Partnership) { p.Me.Zone = "" }, "me.zone", mentoring.CodeZoneRequired, nil},
		{"unknown zone", func(p *mentoring.Partnership) { p.Me.Zone = "Mars/Olympus" }, "me.zone", mentoring.CodeZone, mentoring.Args{"Value": "Mars/Olympus"}},
		{"empty hours", func(p *mentoring.Partnership) { p.Me.Hours = calendar.Window{Start: 600, End: 600} }, "me.hours", mentoring.CodeEmptyHours, nil},
		{"bad entry", func(p *mentoring.Partnership) { p.Me.Offers = []string{"ok", "two\nlines"} }, "me.offers", mentoring.CodeLineBreak, mentoring.Args{"Entry": "two\nlines"}},
		{"too many rules", func(p *mentoring.Partnership) { p.Rules.Custom = make([]string, 101) }, "rules", mentoring.CodeTooMany, mentoring.Args{"Max": 100}},
		{"year 1", func(p *mentoring.Partnership) { p.From = calendar.Date{Year: 1, Month: 1, Day: 1} }, "from", mentoring.CodeYear, mentoring.Args{"Year": 1, "Min": calendar.MinYear, "Max": calendar.MaxYear}},
		{"ends before it starts", func(p *mentoring.Partnership) { p.Until = calendar.Date{Year: 2026, Month: 12, Day: 1} }, "until", mentoring.CodeEndsBeforeStart,
			mentoring.Args{"Start": calendar.Date{Year: 2027, Month: 1, Day: 4}, "End": calendar.Date{Year: 2026, Month: 12, Day: 1}}},
		{"not a link", func(p *mentoring.Partnership) { p.Link = "meet.jit.si/x" }, "link", mentoring.CodeLink, mentoring.Args{"Value": "meet.jit.si/x"}},
		{"NUL in agenda", func(p *mentoring.Partnership) { p.Agenda = "a\x00b" }, "agenda", mentoring.CodeNUL, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := fixture.Pair()
			tc.edit(&p)
			var ve *mentoring.ValidationError
			if err := p.Validate(); !errors.As(err, &ve) {
				t.Fatalf("Validate() = %v, want a *ValidationError", err)
			}
			got, ok := ve.For(tc.field)
			if !ok {
				t.Fatalf("no error for %s in %v", tc.field, ve)
			}
			if got.Code != tc.code || !reflect.DeepEqual(got.Args, tc.args) && !(len(got.Args) == 0 && len(tc.args) == 0) {
				t.Errorf("%s: got %s %v, want %s %v", tc.field, got.Code, got.Args, tc.code, tc.args)
			}
		})
	}
	p := fixture.Pair()
	if err := p.Validate(); err != nil {
		t.Errorf("the fixture does not validate: %v", err)
	}
}

func TestCodesAreDistinct(t *testing.T) {
	seen := map[mentoring.Code]bool{}
	codes := fixture.Codes(t)
	if len(codes) < 30 {
		t.Fatalf("found only %d codes in errors.go", len(codes))
	}
	for _, c := range codes {
		if seen[c] {
			t.Errorf("code %q declared twice", c)
		}
		seen[c] = true
	}
}
