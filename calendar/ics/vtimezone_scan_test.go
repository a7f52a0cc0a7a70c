package ics

import (
	"bufio"
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"
)

func TestVTimezoneAllZones(t *testing.T) {
	f, err := os.Open("/usr/share/zoneinfo/zone1970.tab")
	if err != nil {
		// The list of zones comes from the system's tzdata; the zones
		// themselves come from Go's embedded copy.
		missingValidator(t, "the zone list /usr/share/zoneinfo/zone1970.tab is missing: install tzdata (`make test` does)")
	}
	defer f.Close()
	counts := map[string]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(l, "#") {
			continue
		}
		name := strings.Split(l, "\t")[2]
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		// Every series within the stable span gets the same text; one
		// reaching back to 2005 gets a wider one that is still correct
		// (vtimezone checks each against Go's zone).
		var stable string
		for _, span := range [][2]int{{2025, 2035}, {2026, 2026}, {2039, 2049}, {2005, 2010}} {
			tz, err := vtimezone(loc, time.Date(span[0], 3, 1, 0, 0, 0, 0, loc), time.Date(span[1], 6, 1, 0, 0, 0, 0, loc))
			if err != nil {
				t.Errorf("%s %v: %v", name, span, err)
				continue
			}
			if span[0] == 2005 {
				continue
			}
			text := encodeComponent(t, tz)
			if stable == "" {
				stable = text
				kind := "explicit"
				if len(tz.Children) == 1 {
					kind = "fixed"
				} else if tz.Children[0].Props.Get("RRULE") != nil {
					kind = "rules"
				}
				counts[kind]++
				if kind == "explicit" {
					t.Logf("%s explicit (%d obs, %d octets)", name, len(tz.Children), len(text))
				}
			} else if text != stable {
				t.Errorf("%s: the VTIMEZONE for a series in %v differs from the one for 2025-2035", name, span)
			}
		}
	}
	t.Log(counts)
}

// encodeComponent writes one component as it appears in a file, inside a
// minimal VCALENDAR (go-ical insists on PRODID and VERSION).
func encodeComponent(t *testing.T, c *ical.Component) string {
	t.Helper()
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropProductID, "-//test//EN")
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Children = []*ical.Component{c}
	var buf bytes.Buffer
	if err := ical.NewEncoder(newFoldWriter(&buf)).Encode(cal); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}
