package calendar

import (
	"errors"
	"testing"
)

func TestEveryListedZoneLoads(t *testing.T) {
	names := ZoneNames()
	if len(names) < 300 {
		t.Fatalf("only %d zones listed", len(names))
	}
	for i, n := range names {
		if _, err := LoadZone(n); err != nil {
			t.Errorf("listed zone %q does not load from the embedded tzdata: %v", n, err)
		}
		if i > 0 && names[i-1] >= n {
			t.Errorf("zone list not sorted or has duplicates at %q", n)
		}
	}
}

func TestLoadZoneRefusesNonZones(t *testing.T) {
	for _, bad := range []string{"", "Local", "Mars/Olympus", "Europe/Berlin/", "../etc/passwd", "  "} {
		if _, err := LoadZone(bad); !errors.Is(err, ErrUnknownZone) {
			t.Errorf("LoadZone(%q) = %v, want ErrUnknownZone", bad, err)
		}
	}
	if loc, err := LoadZone(" Asia/Kolkata "); err != nil || loc.String() != "Asia/Kolkata" {
		t.Errorf("LoadZone with spaces: %v %v", loc, err)
	}
}

func TestSearchZones(t *testing.T) {
	tests := []struct {
		query string
		want  string
	}{
		{"new york", "America/New_York"},
		{"NEW_YORK", "America/New_York"},
		{"kolkata", "Asia/Kolkata"},
		{"america sao", "America/Sao_Paulo"},
	}
	for _, tt := range tests {
		got := SearchZones(tt.query)
		if len(got) == 0 || got[0] != tt.want {
			t.Errorf("SearchZones(%q) = %v, want %s first", tt.query, got, tt.want)
		}
	}
	if got := SearchZones("atlantis"); len(got) != 0 {
		t.Errorf("SearchZones(atlantis) = %v", got)
	}
	if len(SearchZones("")) != len(ZoneNames()) {
		t.Error("empty query should list every zone")
	}
}

func TestSystemZone(t *testing.T) {
	t.Setenv("TZ", "Australia/Adelaide")
	if z := SystemZone(); z != "Australia/Adelaide" {
		t.Errorf("SystemZone with TZ set = %q", z)
	}
	t.Setenv("TZ", ":Europe/Lisbon")
	if z := SystemZone(); z != "Europe/Lisbon" {
		t.Errorf("SystemZone with TZ=:zone = %q", z)
	}
	t.Setenv("TZ", "Not/AZone")
	if _, err := LoadZone(SystemZone()); err != nil {
		t.Errorf("SystemZone with a bad TZ returned an unusable %q", SystemZone())
	}
}
