package calendar

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Unit is the period a Cadence repeats in.
type Unit string

// The units a mentoring series can repeat in. Daily and yearly series are
// deliberately absent: a partnership meets at most a few times a week.
const (
	Weekly  Unit = "week"
	Monthly Unit = "month"
)

// Anchor names whose zone a series' wall-clock time is kept in. The series
// follows that zone's daylight-saving changes; the other partner sees the
// call move when their zone switches on a different date.
type Anchor string

// Anchors. The zero value "" means AnchorMe, the organizer, because an
// invitation's DTSTART carries the organizer's TZID (see INTEROP.md).
const (
	AnchorMe      Anchor = "me"
	AnchorPartner Anchor = "partner"
	AnchorUTC     Anchor = "utc"
)

// Limits that keep a series something a person would plan. They are checked
// by Validate so that a typo (interval 100, count 10000) is caught before
// anything is sent.
const (
	MaxWeeks      = 52
	MaxMonths     = 12
	MaxCount      = 1000
	MinMinutes    = 5
	MaxMinutes    = 480
	LastOfMonth   = -1 // Cadence.Nth for "the last weekday of the month"
	maxNthOfMonth = 5
)

// MinYear and MaxYear bound the dates of a series or programme: before 1970
// the zone database knows only local mean time (a Berlin session at 17:00
// in year 1 was 16:06:32 UTC), and a series starting by 2999 ends, even at
// MaxCount sessions MaxMonths apart, long before year 10000, which
// iCalendar cannot write.
const (
	MinYear = 1970
	MaxYear = 2999
)

// CheckYear returns why d cannot be used as a series' or programme's date,
// or "" when its year is within MinYear and MaxYear.
func CheckYear(d Date) string {
	if d.Year < MinYear || d.Year > MaxYear {
		return fmt.Sprintf("the year %d is out of range; choose a date between %d and %d", d.Year, MinYear, MaxYear)
	}
	return ""
}

// Cadence is a recurring call: every Interval weeks on Days, or every
// Interval months on the Nth (1..5, or -1 for last) of Days[0]; at At on the
// anchor zone's wall clock for Minutes; from From until Count sessions or the
// Until day (inclusive) have passed. Exactly one of Count and Until is set:
// when the user gives only a programme end, the caller sets Until to the
// programme's last day, so a series never runs past the programme.
type Cadence struct {
	Unit     Unit
	Interval int
	Days     []time.Weekday
	Nth      int
	At       Clock
	Minutes  int
	From     Date
	Count    int
	Until    Date
	Anchor   Anchor
}

// Duration is how long each session lasts.
func (c Cadence) Duration() time.Duration { return time.Duration(c.Minutes) * time.Minute }

// AnchorZone returns the zone c's wall clock is kept in, given the two
// partners' zones.
func (c Cadence) AnchorZone(me, partner *time.Location) *time.Location {
	switch c.Anchor {
	case AnchorPartner:
		return partner
	case AnchorUTC:
		return time.UTC
	default:
		return me
	}
}

// CadenceError is a problem with one field of a Cadence. Field is the
// lower-case field name so a form can highlight the culprit.
type CadenceError struct {
	Field string
	Msg   string
}

// Error names the field as the form labels it, like the other parse errors
// of this package ("time \"25:00\": ...").
func (e *CadenceError) Error() string {
	label, ok := fieldLabels[e.Field]
	if !ok {
		label = e.Field
	}
	return label + ": " + e.Msg
}

var fieldLabels = map[string]string{
	"unit": "repeat unit", "interval": "interval", "days": "weekdays",
	"nth": "week of the month", "time": "time", "minutes": "duration",
	"from": "first date", "end": "end of series", "count": "number of sessions",
	"until": "last date", "anchor": "time zone", "series": "series",
}

func cadenceErr(field, format string, args ...any) error {
	return &CadenceError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// Validate reports the first problem with c, in the order a form shows its
// fields, including a series that would have no session at all.
func (c Cadence) Validate() error {
	if err := c.checkFields(); err != nil {
		return err
	}
	_, err := c.dates()
	return err
}

// checkFields validates everything that does not need the expansion.
func (c Cadence) checkFields() error {
	var maxInterval int
	switch c.Unit {
	case Weekly:
		maxInterval = MaxWeeks
	case Monthly:
		maxInterval = MaxMonths
	default:
		return cadenceErr("unit", "%q is not a unit; choose %q or %q", c.Unit, Weekly, Monthly)
	}
	if c.Interval < 1 || c.Interval > maxInterval {
		return cadenceErr("interval", "every %d %ss is not possible; choose 1 to %d", c.Interval, c.Unit, maxInterval)
	}
	days := c.days()
	if len(days) == 0 {
		return cadenceErr("days", "choose at least one weekday")
	}
	for _, d := range c.Days {
		if d < time.Sunday || d > time.Saturday {
			return cadenceErr("days", "%d is not a weekday", int(d))
		}
	}
	switch c.Unit {
	case Weekly:
		if c.Nth != 0 {
			return cadenceErr("nth", "a weekly series cannot be on the %s weekday of the month; use a monthly series", ordinal(c.Nth))
		}
	case Monthly:
		if len(days) != 1 {
			return cadenceErr("days", "a monthly series meets on one weekday, not %d", len(days))
		}
		if c.Nth == 0 || c.Nth < LastOfMonth || c.Nth > maxNthOfMonth {
			return cadenceErr("nth", "choose the 1st to 5th or the last weekday of the month, not %d", c.Nth)
		}
	}
	if c.At < 0 || c.At >= 24*60 {
		return cadenceErr("time", "%s is not a time of day; use 00:00 to 23:59", c.At)
	}
	if c.Minutes < MinMinutes || c.Minutes > MaxMinutes {
		return cadenceErr("minutes", "a session of %d minutes is not possible; choose %d to %d", c.Minutes, MinMinutes, MaxMinutes)
	}
	if c.From.IsZero() {
		return cadenceErr("from", "choose the date of the first session")
	}
	if !c.From.valid() {
		return cadenceErr("from", "%s is not a real date", c.From)
	}
	if msg := CheckYear(c.From); msg != "" {
		return cadenceErr("from", "%s", msg)
	}
	switch {
	case c.Count != 0 && !c.Until.IsZero():
		return cadenceErr("end", "give either a number of sessions or a last date, not both")
	case c.Count == 0 && c.Until.IsZero():
		return cadenceErr("end", "give a number of sessions or a last date (the programme end)")
	case c.Count < 0 || c.Count > MaxCount:
		return cadenceErr("count", "%d sessions is not possible; choose 1 to %d", c.Count, MaxCount)
	case !c.Until.IsZero() && !c.Until.valid():
		return cadenceErr("until", "%s is not a real date", c.Until)
	case !c.Until.IsZero() && c.Until.Before(c.From):
		return cadenceErr("until", "the last date %s is before the first date %s", c.Until, c.From)
	case !c.Until.IsZero() && CheckYear(c.Until) != "":
		return cadenceErr("until", "%s", CheckYear(c.Until))
	}
	switch c.Anchor {
	case "", AnchorMe, AnchorPartner, AnchorUTC:
	default:
		return cadenceErr("anchor", "%q is not a zone choice; use %q, %q or %q", c.Anchor, AnchorMe, AnchorPartner, AnchorUTC)
	}
	return nil
}

// valid reports whether d names a day that exists (not 2027-02-30).
func (d Date) valid() bool {
	return d.Month >= time.January && d.Month <= time.December && d.Day >= 1 && d.AddDays(0) == d
}

// days returns c.Days without repeats, Monday first, the order WKST=MO and
// people read a week in.
func (c Cadence) days() []time.Weekday {
	seen := map[time.Weekday]bool{}
	var out []time.Weekday
	for _, d := range c.Days {
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	sort.Slice(out, func(i, j int) bool { return mondayIndex(out[i]) < mondayIndex(out[j]) })
	return out
}

// mondayIndex numbers weekdays Monday=0 .. Sunday=6.
func mondayIndex(d time.Weekday) int { return (int(d) + 6) % 7 }

// RRule returns the RFC 5545 RRULE value for c (without "RRULE:"), for an
// invitation whose DTSTART is FirstDate at c.At with TZID loc. UNTIL is UTC as
// RFC 5545 requires with a TZID'd DTSTART, set to the END of the session that
// would fall on the Until day: every client still counts that day's session
// even if it resolves a DST-gap start an hour differently, and the next
// possible session is at least a day later. c must be valid.
func (c Cadence) RRule(loc *time.Location) string {
	parts := []string{"FREQ=WEEKLY"}
	if c.Unit == Monthly {
		parts[0] = "FREQ=MONTHLY"
	}
	if c.Interval > 1 {
		parts = append(parts, fmt.Sprintf("INTERVAL=%d", c.Interval))
	}
	byday := FormatWeekdays(c.days())
	if c.Unit == Monthly {
		byday = fmt.Sprintf("%d%s", c.Nth, byday)
	}
	parts = append(parts, "BYDAY="+byday)
	if c.Count > 0 {
		parts = append(parts, fmt.Sprintf("COUNT=%d", c.Count))
	} else if !c.Until.IsZero() {
		start, _ := WallTime(c.Until, c.At, loc)
		parts = append(parts, "UNTIL="+start.Add(c.Duration()).UTC().Format("20060102T150405Z"))
	}
	parts = append(parts, "WKST=MO")
	return strings.Join(parts, ";")
}

var weekdayCodes = [7]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// ParseWeekdays reads a list such as "MO,TH" (RFC 5545 codes), "mon, thu"
// or "Monday Thursday", returning the days Monday first without repeats.
func ParseWeekdays(s string) ([]time.Weekday, error) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' })
	if len(fields) == 0 {
		return nil, cadenceErr("days", "choose at least one weekday, e.g. MO,TH")
	}
	var days []time.Weekday
	for _, f := range fields {
		d, ok := parseWeekday(f)
		if !ok {
			return nil, cadenceErr("days", "%q is not a weekday; use MO TU WE TH FR SA SU", f)
		}
		days = append(days, d)
	}
	return Cadence{Days: days}.days(), nil
}

func parseWeekday(s string) (time.Weekday, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) < 2 {
		return 0, false
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		name := strings.ToLower(d.String())
		if strings.HasPrefix(name, s) {
			return d, true
		}
	}
	return 0, false
}

// FormatWeekdays writes days as RFC 5545 codes, "MO,TH".
func FormatWeekdays(days []time.Weekday) string {
	codes := make([]string, len(days))
	for i, d := range days {
		codes[i] = weekdayCodes[int(d)%7]
	}
	return strings.Join(codes, ",")
}

// Describe writes c in plain English for the confirmation screen, e.g.
// "Every 2 weeks on Monday and Thursday at 17:00 (Europe/Berlin), 60 min,
// from 2027-01-04 until 2027-06-30".
func (c Cadence) Describe(loc *time.Location) string {
	var b strings.Builder
	if c.Interval > 1 {
		fmt.Fprintf(&b, "Every %d %ss", c.Interval, c.Unit)
	} else {
		fmt.Fprintf(&b, "Every %s", c.Unit)
	}
	days := c.days()
	names := make([]string, len(days))
	for i, d := range days {
		names[i] = d.String()
	}
	if c.Unit == Monthly {
		fmt.Fprintf(&b, " on the %s %s", ordinal(c.Nth), joinAnd(names))
	} else {
		fmt.Fprintf(&b, " on %s", joinAnd(names))
	}
	fmt.Fprintf(&b, " at %s (%s), %d min, from %s", c.At, loc, c.Minutes, c.From)
	switch {
	case c.Count == 1:
		b.WriteString(", 1 session")
	case c.Count > 1:
		fmt.Fprintf(&b, ", %d sessions", c.Count)
	case !c.Until.IsZero():
		fmt.Fprintf(&b, " until %s", c.Until)
	}
	return b.String()
}

// ordinal writes 1 as "1st", -1 as "last".
func ordinal(n int) string {
	switch {
	case n == LastOfMonth:
		return "last"
	case n%100 >= 11 && n%100 <= 13:
		return fmt.Sprintf("%dth", n)
	case n%10 == 1:
		return fmt.Sprintf("%dst", n)
	case n%10 == 2:
		return fmt.Sprintf("%dnd", n)
	case n%10 == 3:
		return fmt.Sprintf("%drd", n)
	}
	return fmt.Sprintf("%dth", n)
}

// joinAnd joins "a", "b", "c" as "a, b and c".
func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
