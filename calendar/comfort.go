package calendar

import (
	"fmt"
	"strings"
	"time"
)

// Person is one partner as the scheduler sees them: a name for messages, a
// zone, and the hours of their own day they are happy to be on a call.
type Person struct {
	Name  string
	Zone  *time.Location
	Hours Window
}

// Side is one session as one partner sees it.
type Side struct {
	Start, End time.Time // in the partner's zone
	// Fits reports whether the session lies inside the partner's hours.
	Fits bool
	// Shift is the local start minus the partner's usual local start in
	// the series: non-zero for the weeks when only one zone has changed to
	// or from daylight-saving time (or when a DST gap moved the session).
	Shift time.Duration
}

// Check is one session seen from both sides.
type Check struct {
	Occurrence
	Me, Partner Side
}

// SuitsBoth reports whether the session is inside both partners' hours.
func (c Check) SuitsBoth() bool { return c.Me.Fits && c.Partner.Fits }

// Drifted reports whether the session is at an unusual local time for
// either partner.
func (c Check) Drifted() bool { return c.Me.Shift != 0 || c.Partner.Shift != 0 }

// CheckSeries places every occurrence in both partners' zones, judges it
// against their hours and measures how far it strays from each side's usual
// time. The usual time is the most common local start in the series (ties go
// to the earliest session's), because a series anchored in one zone keeps its
// clock there while the other side moves when only one zone changes DST.
func CheckSeries(occs []Occurrence, me, partner Person) []Check {
	out := make([]Check, len(occs))
	meUsual := usualClock(occs, me.Zone)
	pUsual := usualClock(occs, partner.Zone)
	for i, o := range occs {
		out[i] = Check{
			Occurrence: o,
			Me:         side(o, me, meUsual),
			Partner:    side(o, partner, pUsual),
		}
	}
	return out
}

func side(o Occurrence, p Person, usual Clock) Side {
	start := o.Start.In(p.Zone)
	return Side{
		Start: start,
		End:   o.End.In(p.Zone),
		Fits:  p.Hours.Fits(start, o.End.Sub(o.Start)),
		Shift: time.Duration(clockDiff(ClockOf(start), usual)) * time.Minute,
	}
}

// usualClock returns the most common local start clock of occs in loc.
func usualClock(occs []Occurrence, loc *time.Location) Clock {
	counts := map[Clock]int{}
	clocks := make([]Clock, len(occs))
	for i, o := range occs {
		clocks[i] = ClockOf(o.Start.In(loc))
		counts[clocks[i]]++
	}
	if len(clocks) == 0 {
		return 0
	}
	best := clocks[0]
	for _, c := range clocks {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// clockDiff returns a-b in minutes, wrapped to (-720, 720] so that 00:30
// after a usual 23:30 is +60, not -1380.
func clockDiff(a, b Clock) int {
	d := (int(a) - int(b)) % 1440
	if d > 720 {
		d -= 1440
	} else if d <= -720 {
		d += 1440
	}
	return d
}

// Summary sums up a series for the confirmation screen: "12 sessions, 2
// outside Ben's hours (Mar 15, Mar 22: 12:00-13:00 for Ben)", or "all 12
// sessions suit both". Dates and times are each person's own.
func Summary(checks []Check, me, partner Person) string {
	n := len(checks)
	switch n {
	case 0:
		return "no sessions"
	}
	sessions := plural(n, "session")
	var parts []string
	for _, who := range []struct {
		p    Person
		side func(Check) Side
	}{{me, func(c Check) Side { return c.Me }}, {partner, func(c Check) Side { return c.Partner }}} {
		var bad []Side
		for _, c := range checks {
			if s := who.side(c); !s.Fits {
				bad = append(bad, s)
			}
		}
		if len(bad) > 0 {
			parts = append(parts, fmt.Sprintf("%d outside %s's hours (%s)", len(bad), who.p.Name,
				groupSides(bad, who.p.Name, spansYears(checks), func(s Side) string {
					return ClockOf(s.Start).String() + "-" + ClockOf(s.End).String()
				})))
		}
	}
	if len(parts) == 0 {
		if n == 1 {
			return "1 session, it suits both"
		}
		return fmt.Sprintf("all %s suit both", sessions)
	}
	return sessions + ", " + strings.Join(parts, ", ")
}

// DriftSummary lists, per partner, the sessions at an unusual local time,
// e.g. "Ben's time moves +1h on Mar 15, Mar 22 (13:00 instead of 12:00)";
// "" when every session keeps both partners' usual times.
func DriftSummary(checks []Check, me, partner Person) string {
	var parts []string
	for _, who := range []struct {
		p    Person
		side func(Check) Side
	}{{me, func(c Check) Side { return c.Me }}, {partner, func(c Check) Side { return c.Partner }}} {
		var moved []Side
		for _, c := range checks {
			if s := who.side(c); s.Shift != 0 {
				moved = append(moved, s)
			}
		}
		if len(moved) > 0 {
			parts = append(parts, fmt.Sprintf("%s's time moves on %d %s (%s)", who.p.Name, len(moved),
				map[bool]string{true: "session", false: "sessions"}[len(moved) == 1],
				groupSides(moved, who.p.Name, spansYears(checks), func(s Side) string {
					return fmt.Sprintf("%s, %s instead of %s", formatShift(s.Shift), ClockOf(s.Start),
						Clock((int(ClockOf(s.Start))-int(s.Shift/time.Minute)+1440)%1440))
				})))
		}
	}
	return strings.Join(parts, "; ")
}

// maxListedDates keeps a summary readable when many sessions are affected.
const maxListedDates = 8

// groupSides lists sides grouped by label, in order of first appearance:
// "Mar 15, Mar 22: 12:00-13:00 for Ben; Apr 5: 13:00-14:00 for Ben".
func groupSides(sides []Side, name string, withYear bool, label func(Side) string) string {
	var order []string
	dates := map[string][]string{}
	for _, s := range sides {
		l := label(s)
		if _, ok := dates[l]; !ok {
			order = append(order, l)
		}
		layout := "Jan 2"
		if withYear {
			layout = "Jan 2 2006"
		}
		dates[l] = append(dates[l], s.Start.Format(layout))
	}
	groups := make([]string, len(order))
	for i, l := range order {
		ds := dates[l]
		if len(ds) > maxListedDates {
			ds = append(ds[:maxListedDates:maxListedDates], fmt.Sprintf("and %d more", len(dates[l])-maxListedDates))
		}
		groups[i] = strings.Join(ds, ", ") + ": " + l + " for " + name
	}
	return strings.Join(groups, "; ")
}

func spansYears(checks []Check) bool {
	return checks[0].Start.Year() != checks[len(checks)-1].Start.Year()
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// formatShift writes a shift as "+1h", "-30min", "+1h30".
func formatShift(d time.Duration) string {
	sign := "+"
	if d < 0 {
		sign, d = "-", -d
	}
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h == 0:
		return fmt.Sprintf("%s%dmin", sign, m)
	case m == 0:
		return fmt.Sprintf("%s%dh", sign, h)
	}
	return fmt.Sprintf("%s%dh%02d", sign, h, m)
}
