package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/twoway-app/twoway/calendar"
)

// zoneFlagHelp is the usage line of a time-zone flag: it takes what people
// type, not only IANA names.
const zoneFlagHelp = `a city ("Tokyo"), a country, a zone name ("Pacific Time") or an IANA name`

// resolveZoneFlag turns what the user gave flagName ("Tokyo", "Pacific
// Time", "Japan", "Asia/Tokyo") into an IANA zone, saying on stderr which
// zone a name stood for, so a wrong guess shows before anything is saved.
// An ambiguous name ("Springfield", "CST") is a usage error listing the
// candidates as IANA names to type instead. An empty or unknown entry is
// returned as typed, for the partnership's validation to refuse in its
// usual words.
func resolveZoneFlag(env *Env, flagName, typed string) (string, error) {
	if strings.TrimSpace(typed) == "" {
		return typed, nil
	}
	zone, cands, err := calendar.ResolveZone(typed)
	switch {
	case err == nil:
		if zone != typed {
			fmt.Fprintf(env.Stderr, "time zone %q: %s\n", typed, zone)
		}
		return zone, nil
	case errors.Is(err, calendar.ErrAmbiguousZone):
		list := make([]string, len(cands))
		for i, c := range cands {
			list[i] = c.Zone
			if t := c.Title("en"); !strings.EqualFold(t, strings.TrimSpace(typed)) {
				list[i] += " (" + t + ")"
			}
		}
		return "", usagef("%s: %q names more than one time zone; give one of: %s", flagName, typed, strings.Join(list, ", "))
	}
	return typed, nil
}
