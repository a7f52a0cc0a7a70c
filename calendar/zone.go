// Package calendar holds Twoway's calendar logic: time zones and the hours
// each partner finds comfortable, recurring cadences and their expansion,
// comfort checks across daylight-saving changes, and slot finding.
//
// It is pure Go: no UI and no database, so it can be tested exhaustively and
// reused by the headless commands. iCalendar encoding lives in calendar/ics.
package calendar

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	// Embed the IANA database so every platform (Windows and macOS have no
	// /usr/share/zoneinfo that Go reads) computes the same local times.
	_ "time/tzdata"
)

// ErrUnknownZone is returned by LoadZone for names that are not IANA zones.
var ErrUnknownZone = errors.New("unknown time zone")

// LoadZone returns the IANA location called name. Unlike time.LoadLocation
// it refuses "" and "Local": a partnership must name a real zone, because
// "Local" means a different thing on each partner's machine.
func LoadZone(name string) (*time.Location, error) {
	name = strings.TrimSpace(name)
	if name == "" || name == "Local" {
		return nil, fmt.Errorf("%w %q: use an IANA name such as Europe/Berlin", ErrUnknownZone, name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("%w %q: use an IANA name such as Europe/Berlin", ErrUnknownZone, name)
	}
	return loc, nil
}

// ZoneNames returns the canonical IANA zone names, sorted, for pickers.
func ZoneNames() []string {
	out := make([]string, len(zoneNames))
	copy(out, zoneNames)
	return out
}

// SearchZones returns the zone names containing every word of query,
// ignoring case, with "_" matching a space ("new york" finds
// America/New_York). An empty query returns all names.
func SearchZones(query string) []string {
	words := strings.Fields(strings.ToLower(query))
	if len(words) == 0 {
		return ZoneNames()
	}
	var out []string
	for _, z := range zoneNames {
		hay := strings.ToLower(strings.ReplaceAll(z, "_", " "))
		ok := true
		for _, w := range words {
			if !strings.Contains(hay, strings.ReplaceAll(w, "_", " ")) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, z)
		}
	}
	return out
}

// SystemZone returns the IANA name of this machine's zone, or "UTC" when it
// cannot be told. Go reports time.Local as "Local", so the name is read from
// $TZ or from the /etc/localtime link that Linux and macOS keep.
func SystemZone() string {
	if tz := strings.TrimPrefix(os.Getenv("TZ"), ":"); tz != "" {
		if _, err := LoadZone(tz); err == nil {
			return tz
		}
	}
	if target, err := filepath.EvalSymlinks("/etc/localtime"); err == nil {
		if i := strings.Index(target, "zoneinfo/"); i >= 0 {
			name := target[i+len("zoneinfo/"):]
			if _, err := LoadZone(name); err == nil {
				return name
			}
		}
	}
	if b, err := os.ReadFile("/etc/timezone"); err == nil {
		name := strings.TrimSpace(string(b))
		if _, err := LoadZone(name); err == nil {
			return name
		}
	}
	return "UTC"
}

func init() {
	sort.Strings(zoneNames)
}
