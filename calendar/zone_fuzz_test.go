package calendar

import (
	"strings"
	"testing"
)

// FuzzLoadZone reads zone names as users type them (and as partnerships
// store them): no input panics, "" and "Local" are refused, and a zone that
// loads is the one named, so it loads again from its own name.
func FuzzLoadZone(f *testing.F) {
	for _, s := range []string{"Europe/Berlin", " America/New_York ", "UTC", "Local", "", "Mars/Olympus",
		"../../etc/passwd", "/etc/localtime", "Europe/../Europe/Berlin", "europe/berlin", "Etc/GMT+5",
		"EST5EDT", "Europe/Berlin\x00", "Asia/Kolkata\n", "🌍/Earth"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		loc, err := LoadZone(name)
		trimmed := strings.TrimSpace(name)
		if err != nil {
			if !strings.Contains(err.Error(), "unknown time zone") {
				t.Errorf("LoadZone(%q): %v, want an unknown time zone error", name, err)
			}
			return
		}
		if trimmed == "" || trimmed == "Local" {
			t.Fatalf("LoadZone(%q) = %v, want a refusal", name, loc)
		}
		if loc.String() != trimmed {
			t.Errorf("LoadZone(%q) = %q, not the zone named", name, loc)
		}
		if again, err := LoadZone(loc.String()); err != nil || again.String() != loc.String() {
			t.Errorf("LoadZone(%q) = %v, %v", loc.String(), again, err)
		}
	})
}
