package ics

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// FuzzParseITIP checks the mail-side parser against Parse: it accepts
// exactly what Parse accepts with a METHOD, returns the same message, and
// never panics or answers without the "ics: " prefix.
func FuzzParseITIP(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "seeds", "*.ics"))
	goldens, _ := filepath.Glob(filepath.Join("testdata", "*.ics"))
	for _, name := range append(seeds, goldens...) {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20260101T000000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"))
	f.Add([]byte("BEGIN:VCALENDAR\r\nMETHOD: \r\nBEGIN:VEVENT\r\nUID:a\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseITIP(data)
		whole, perr := Parse(data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "ics: ") {
				t.Errorf("error without the ics: prefix: %v", err)
			}
			if perr == nil && whole.Method != "" {
				t.Errorf("ParseITIP refused (%v) a message Parse reads with METHOD %q", err, whole.Method)
			}
			return
		}
		if m.Method == "" || m.Method != strings.ToUpper(strings.TrimSpace(m.Method)) {
			t.Errorf("METHOD %q: want a non-empty upper-case name", m.Method)
		}
		if perr != nil || !reflect.DeepEqual(m, whole) {
			t.Errorf("ParseITIP and Parse disagree: %+v / %+v (%v)", m, whole, perr)
		}
	})
}
