package report

import (
	"strings"
	"testing"

	"github.com/twoway-app/twoway/internal/fixture"
	"github.com/twoway-app/twoway/internal/mentoring"
)

// TestEveryCodeIsWorded fails when a code of the domain has no English
// words here (FieldText would show the bare code).
func TestEveryCodeIsWorded(t *testing.T) {
	args := mentoring.Args{"Value": "x", "Max": 3, "Min": 1, "Year": 1, "Char": "U+0007", "ID": 7, "Kind": "topic", "Start": "2027-01-04", "End": "2026-12-01", "Date": "2027-07-05", "From": "2027-01-04", "Until": "2027-06-30"}
	for _, c := range fixture.Codes(t) {
		text := FieldText(mentoring.FieldError{Field: "f", Code: c, Args: args})
		if text == string(c) || strings.Contains(text, "%!") || strings.Contains(text, "<nil>") {
			t.Errorf("%s is worded %q", c, text)
		}
	}
	if got := FieldText(mentoring.FieldError{Code: mentoring.CodeLineBreak, Args: mentoring.Args{"Entry": "a\nb"}}); got != `entry "a\nb" must be a single line` {
		t.Errorf("entry problem = %q", got)
	}
}
