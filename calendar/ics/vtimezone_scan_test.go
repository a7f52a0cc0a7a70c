package ics

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"time"
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
		for _, span := range [][2]int{{2025, 2035}, {2005, 2010}, {2026, 2026}} {
			tz, err := vtimezone(loc, time.Date(span[0], 3, 1, 0, 0, 0, 0, loc), time.Date(span[1], 6, 1, 0, 0, 0, 0, loc))
			if err != nil {
				t.Errorf("%s %v: %v", name, span, err)
				continue
			}
			kind := "explicit"
			if len(tz.Children) == 1 {
				kind = "fixed"
			} else if tz.Children[0].Props.Get("RRULE") != nil {
				kind = "rules"
			}
			counts[kind]++
			if span[0] == 2025 && kind == "explicit" {
				t.Logf("%s explicit (%d obs)", name, len(tz.Children))
			}
		}
	}
	t.Log(counts)
}
