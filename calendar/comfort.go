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
	// Change is the local start minus the previous session's local start
	// in this partner's zone (0 for the first): non-zero exactly at the
	// sessions where the partner's time changes, which is where a note
	// belongs. Shift, measured from the usual time, would mark every
	// winter session of a mostly-summer series instead.
	Change time.Duration
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
		if i > 0 {
			out[i].Me.Change = time.Duration(clockDiff(ClockOf(out[i].Me.Start), ClockOf(out[i-1].Me.Start))) * time.Minute
			out[i].Partner.Change = time.Duration(clockDiff(ClockOf(out[i].Partner.Start), ClockOf(out[i-1].Partner.Start))) * time.Minute
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

// Group is the sessions at which one partner's time is unusual in the same
// way: the same local span outside their hours (OutsideHours), or the same
// shift from their usual time (Shifted). Starts are in that partner's zone,
// in order.
type Group struct {
	Start, End Clock
	// Shift is how far the sessions moved from the partner's usual time
	// (Shifted only); Usual is that time.
	Shift  time.Duration
	Usual  Clock
	Starts []time.Time
}

// OutsideHours groups the sessions outside the partner's comfortable hours
// (the user's when partner is false) by their local span.
func OutsideHours(checks []Check, partner bool) []Group {
	return groups(checks, partner, func(s Side) bool { return !s.Fits }, func(g Group) [3]int64 {
		return [3]int64{int64(g.Start), int64(g.End), 0}
	})
}

// Shifted groups the sessions at an unusual local time for the partner (the
// user when partner is false), by shift, so the user sees whose time moves
// when only one zone changes its clocks.
func Shifted(checks []Check, partner bool) []Group {
	return groups(checks, partner, func(s Side) bool { return s.Shift != 0 }, func(g Group) [3]int64 {
		return [3]int64{int64(g.Start), 0, int64(g.Shift)}
	})
}

// groups collects the sessions keep picks into groups of the same key, in
// order of first appearance.
func groups(checks []Check, partner bool, keep func(Side) bool, key func(Group) [3]int64) []Group {
	var out []Group
	at := map[[3]int64]int{}
	for _, c := range checks {
		s := c.Me
		if partner {
			s = c.Partner
		}
		if !keep(s) {
			continue
		}
		g := Group{Start: ClockOf(s.Start), End: ClockOf(s.End), Shift: s.Shift}
		if s.Shift != 0 {
			g.Usual = Clock((int(g.Start) - int(s.Shift/time.Minute) + 1440) % 1440)
		}
		k := key(g)
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, g)
		}
		out[i].Starts = append(out[i].Starts, s.Start)
	}
	return out
}

// Count is how many sessions the groups hold.
func Count(gs []Group) int {
	n := 0
	for _, g := range gs {
		n += len(g.Starts)
	}
	return n
}

// SpansYears reports whether the sessions fall in more than one year, so
// dates need their year to be told apart.
func SpansYears(checks []Check) bool {
	return len(checks) > 0 && checks[0].Start.Year() != checks[len(checks)-1].Start.Year()
}

// Summary says in English whether the sessions suit both partners, e.g.
// "26 sessions, 3 outside Ben's hours (Mar 15, Mar 22: 12:00-13:00 for
// Ben)" or "all 26 sessions suit both". The screens word OutsideHours
// themselves.
func Summary(checks []Check, me, partner Person) string {
	n := len(checks)
	if n == 0 {
		return "no sessions"
	}
	var parts []string
	for _, who := range []struct {
		p       Person
		partner bool
	}{{me, false}, {partner, true}} {
		if gs := OutsideHours(checks, who.partner); len(gs) > 0 {
			parts = append(parts, fmt.Sprintf("%d outside %s's hours (%s)", Count(gs), who.p.Name,
				listGroups(gs, who.p.Name, SpansYears(checks), func(g Group) string { return g.Start.String() + "-" + g.End.String() })))
		}
	}
	if len(parts) == 0 {
		if n == 1 {
			return "1 session, it suits both"
		}
		return fmt.Sprintf("all %s suit both", plural(n, "session"))
	}
	return plural(n, "session") + ", " + strings.Join(parts, ", ")
}

// DriftSummary lists in English, per partner, the sessions at an unusual
// local time, e.g. "Ben's time moves on 2 sessions (Mar 15, Mar 22: +1h,
// 13:00 instead of 12:00 for Ben)"; "" when every session keeps both
// partners' usual times. The screens word Shifted themselves.
func DriftSummary(checks []Check, me, partner Person) string {
	var parts []string
	for _, who := range []struct {
		p       Person
		partner bool
	}{{me, false}, {partner, true}} {
		if gs := Shifted(checks, who.partner); len(gs) > 0 {
			n := Count(gs)
			parts = append(parts, fmt.Sprintf("%s's time moves on %d %s (%s)", who.p.Name, n,
				map[bool]string{true: "session", false: "sessions"}[n == 1],
				listGroups(gs, who.p.Name, SpansYears(checks), func(g Group) string {
					return fmt.Sprintf("%s, %s instead of %s", formatShift(g.Shift), g.Start, g.Usual)
				})))
		}
	}
	return strings.Join(parts, "; ")
}

// MaxListedDates keeps a summary readable when many sessions are affected.
const MaxListedDates = 8

// listGroups lists groups in English: "Mar 15, Mar 22: 12:00-13:00 for
// Ben; Apr 5: 13:00-14:00 for Ben".
func listGroups(gs []Group, name string, withYear bool, label func(Group) string) string {
	layout := "Jan 2"
	if withYear {
		layout = "Jan 2 2006"
	}
	out := make([]string, len(gs))
	for i, g := range gs {
		var ds []string
		for j, t := range g.Starts {
			if j == MaxListedDates {
				ds = append(ds, fmt.Sprintf("and %d more", len(g.Starts)-MaxListedDates))
				break
			}
			ds = append(ds, t.Format(layout))
		}
		out[i] = strings.Join(ds, ", ") + ": " + label(g) + " for " + name
	}
	return strings.Join(out, "; ")
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
