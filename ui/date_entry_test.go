package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// TestDateEntryTakesISOAndTheLocale: every date entry reads 2027-03-01 as
// well as the locale's own format, says both in its placeholder, and
// refuses what is neither.
func TestDateEntryTakesISOAndTheLocale(t *testing.T) {
	for _, tt := range []struct {
		locale, local, placeholder string
	}{
		{"en_US.UTF-8", "03/01/2027", "12/31/2027"},
		{"de_DE.UTF-8", "01.03.2027", "31.12.2027"},
	} {
		t.Run(tt.locale, func(t *testing.T) {
			useLocale(t, tt.locale)
			test.NewTempApp(t)
			e := newDateEntry()
			test.NewTempWindow(t, e)
			if e.PlaceHolder != tt.placeholder {
				t.Errorf("placeholder %q", e.PlaceHolder)
			}
			want := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
			for _, typed := range []string{"2027-03-01", tt.local} {
				var got *time.Time
				e.OnChanged = func(d *time.Time) { got = d }
				e.SetText("")
				e.SetText(typed)
				if e.Date == nil || !e.Date.Equal(want) || got == nil || !got.Equal(want) {
					t.Errorf("%q read as %v (reported %v)", typed, e.Date, got)
				}
				if d, msg := readDate(e); msg != "" || d.String() != "2027-03-01" {
					t.Errorf("readDate(%q) = %v %q", typed, d, msg)
				}
			}
			e.SetText("1 March")
			if _, msg := readDate(e); !strings.Contains(msg, tt.placeholder+" ") || !strings.Contains(msg, "2027-12-31") {
				t.Errorf("1 March: %q, want both formats named", msg)
			}
		})
	}
}
