package ics

import (
	"fmt"
	"strconv"
	"time"

	"github.com/emersion/go-ical"
)

// No Go library generates a VTIMEZONE from a *time.Location (go-ical only
// writes a TZID parameter, and "TZID=Local" for time.Local), so this file
// does it by hand: it walks the zone's transitions with Time.ZoneBounds over
// a fixed span of years (see stableFromYear) and describes them in one of
// three forms.
//
// The span is fixed, not the years of the series, because a reader may
// cache a zone by its TZID: Python's icalendar builds a zone from the first
// VTIMEZONE it meets with a TZID and uses it for every later file in the
// process (INTEROP.md, "Pitfalls"). A VTIMEZONE listing only one series'
// transitions then misreads the next series in an irregular zone. So every
// file with one TZID carries the same VTIMEZONE, byte for byte, for a given
// tzdata, whatever the dates of its series.
//
//  1. A zone with no transition in those years: one STANDARD observance.
//  2. A zone whose transitions are two yearly rules ("last Sunday of March
//     at 02:00", "first Sunday of November at 02:00"): one STANDARD and one
//     DAYLIGHT observance, each with DTSTART in 1970 and an
//     RRULE:FREQ=YEARLY;BYMONTH=m;BYDAY=nDD. This is the only shape Outlook
//     keeps intact (MS-OXCICAL 2.1.3.1.1.19.2.2 reduces any VTIMEZONE to one
//     STANDARD and one DAYLIGHT rule), and every other client reads it too.
//  3. Anything else (Morocco's and Gaza's Ramadan switches, Chile's "Sunday
//     on or after the 2nd", Greenland's spring change at 23:00 on the
//     Saturday before the last Sunday of March, Egypt's autumn one at the
//     midnight that ends the last Thursday of October, a rule that changed
//     within the covered years): one observance per actual transition,
//     each with its own DTSTART. No RDATE lists: Outlook shifts events by an hour when given
//     long RDATE lists (iCalcreator #86/#106, nextcloud/calendar #4429).
//
// Whatever the form, the generated component is parsed back with the same
// code that reads incoming VTIMEZONEs and compared, transition by
// transition, with Go's own zone over the covered years; a mismatch in the
// rule form falls back to form 3, and a mismatch there is an error.

// ruleBaseYear is the year the yearly rules start in: the conventional
// DTSTART year of generated VTIMEZONEs, which Outlook and Google write too.
const ruleBaseYear = 1970

// stableFromYear and stableToYear (exclusive) are the years every
// generated VTIMEZONE describes, whatever its series: 2025 through 2049.
//
// The start is before any series Twoway has written (its history begins
// in 2026), and late enough that rule changes already made (Mexico dropped
// DST in 2022, Kazakhstan unified its zones in 2024) do not push a zone
// that is fixed or regular today into the explicit form, which Outlook
// cannot keep (it reduces a VTIMEZONE to one STANDARD and one DAYLIGHT
// rule).
//
// The end covers an open-ended series (taken to reach openEndedYears)
// started before 2040, and stops well short of tzdata's own horizon for
// the irregular zones (Morocco's and Palestine's predicted Ramadan
// switches run to 2087): listing those would take Casablanca's VTIMEZONE
// from 5.6 KB to 13.8 KB and Gaza's from 7.5 KB to 19.8 KB, for years no
// series reaches. For the yearly-rule and fixed forms the span changes
// nothing in the text; for the explicit form it is the list of
// observances.
//
// A series that starts before stableFromYear or reaches stableToYear gets a
// VTIMEZONE widened to whole years covering it as well: correct for it,
// but not the same text as the others with its TZID (for a regular zone it
// still is, unless the rules changed within the widened years). Moving the
// span changes every explicit VTIMEZONE at once, as a tzdata update does:
// do it in a release, never per file.
const (
	stableFromYear = 2025
	stableToYear   = 2050
)

// zoneState is the offset, abbreviation and DST flag in force at a moment.
type zoneState struct {
	offset int // seconds east of UTC
	name   string
	dst    bool
}

// transition is one change of zoneState at an instant.
type transition struct {
	at   time.Time // the instant, in UTC
	from int       // offset before, seconds east of UTC
	zoneState
}

func stateAt(t time.Time) zoneState {
	name, off := t.Zone()
	return zoneState{offset: off, name: name, dst: t.IsDST()}
}

// zoneTransitions returns the state of loc at from and every change of
// offset or abbreviation in [from, to).
func zoneTransitions(loc *time.Location, from, to time.Time) (zoneState, []transition) {
	t := from.In(loc)
	initial := stateAt(t)
	cur := initial
	var out []transition
	for {
		end := nextBound(t)
		if end.IsZero() || !end.Before(to) {
			break
		}
		t = end.In(loc)
		next := stateAt(t)
		if next.offset != cur.offset || next.name != cur.name {
			out = append(out, transition{at: end.UTC(), from: cur.offset, zoneState: next})
		}
		cur = next
	}
	return initial, out
}

// nextBound is the end of the zone period t is in, as Time.ZoneBounds
// reports it, or the zero time when the period never ends.
//
// Go's ZoneBounds (1.26 included) reports, for the last day of a leap year
// past the end of a zone's transition table (where the zone's POSIX TZ rule
// applies: 2040-12-31 for Europe/Berlin), an end that is not after t, so a
// walk from period to period would stop there for ever. Then the real end
// is searched for: the first instant within two days whose offset or
// abbreviation differs from t's, or two days on if none does (a period
// bound need not change anything; the caller skips such bounds). Zones
// change at most once in two days, so the search is exact.
func nextBound(t time.Time) time.Time {
	_, end := t.ZoneBounds()
	if end.IsZero() || end.After(t) {
		return end
	}
	cur := stateAt(t)
	lo, hi := t, t.Add(48*time.Hour)
	if s := stateAt(hi); s.offset == cur.offset && s.name == cur.name {
		return hi
	}
	for hi.Sub(lo) > time.Second {
		mid := lo.Add(hi.Sub(lo) / 2).Truncate(time.Second)
		if s := stateAt(mid); s.offset == cur.offset && s.name == cur.name {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi
}

// stableSpan is [1 Jan stableFromYear, 1 Jan stableToYear) in loc, widened
// to whole years covering [first, last] when the series reaches outside it.
func stableSpan(loc *time.Location, first, last time.Time) (time.Time, time.Time) {
	from := time.Date(stableFromYear, time.January, 1, 0, 0, 0, 0, loc)
	to := time.Date(stableToYear, time.January, 1, 0, 0, 0, 0, loc)
	f, l := coverYears(loc, first, last)
	if f.Before(from) {
		from = f
	}
	if l.After(to) {
		to = l
	}
	return from, to
}

// coverYears widens [first, last] to whole years in loc: [1 Jan of first's
// year, 1 Jan of the year after last).
func coverYears(loc *time.Location, first, last time.Time) (time.Time, time.Time) {
	from := time.Date(first.In(loc).Year(), time.January, 1, 0, 0, 0, 0, loc)
	to := time.Date(last.In(loc).Year()+1, time.January, 1, 0, 0, 0, 0, loc)
	return from, to
}

// vtimezone returns a VTIMEZONE for loc that is correct for every instant in
// [first, last] and, for a series within the stable span, the same
// component for every series (see stableFromYear). loc must be a named zone
// (its String is used as TZID).
func vtimezone(loc *time.Location, first, last time.Time) (*ical.Component, error) {
	if err := checkNamedZone(loc); err != nil {
		return nil, err
	}
	from, to := stableSpan(loc, first, last)
	initial, trs := zoneTransitions(loc, from, to)

	if len(trs) == 0 {
		tz := ical.NewComponent(ical.CompTimezone)
		tz.Props.SetText(ical.PropTimezoneID, loc.String())
		base := time.Date(min(ruleBaseYear, from.Year()-1), time.January, 1, 0, 0, 0, 0, time.UTC)
		tz.Children = append(tz.Children, observance(ical.CompTimezoneStandard, base, initial.offset, initial))
		return tz, verifyVTimezone(tz, loc, from, to)
	}

	if tz, ok := yearlyRuleVTimezone(loc, trs, from); ok {
		if verifyVTimezone(tz, loc, from, to) == nil {
			return tz, nil
		}
	}

	tz := explicitVTimezone(loc, initial, trs, from)
	if err := verifyVTimezone(tz, loc, from, to); err != nil {
		return nil, err
	}
	return tz, nil
}

// checkNamedZone refuses locations that cannot be named in a TZID: "Local"
// means a different zone on each partner's machine, and a FixedZone or a
// zone loaded from foreign data has no name other clients know.
func checkNamedZone(loc *time.Location) error {
	if loc == nil {
		return fmt.Errorf("ics: nil time zone")
	}
	name := loc.String()
	if name == "" || name == "Local" {
		return fmt.Errorf("ics: time zone %q is not a named IANA zone: load one with time.LoadLocation (e.g. \"Europe/Berlin\")", name)
	}
	if name == "UTC" {
		return nil
	}
	if _, err := time.LoadLocation(name); err != nil {
		return fmt.Errorf("ics: time zone %q is not a named IANA zone: %w", name, err)
	}
	return nil
}

// observance builds one STANDARD or DAYLIGHT sub-component starting at the
// local wall-clock time onset (its clock fields are used, its zone ignored).
func observance(kind string, onset time.Time, from int, to zoneState) *ical.Component {
	c := ical.NewComponent(kind)
	dt := ical.NewProp(ical.PropDateTimeStart)
	dt.Value = onset.Format("20060102T150405")
	c.Props.Set(dt)
	setRaw(c.Props, ical.PropTimezoneOffsetFrom, formatOffset(from))
	setRaw(c.Props, ical.PropTimezoneOffsetTo, formatOffset(to.offset))
	if to.name != "" {
		c.Props.SetText(ical.PropTimezoneName, cleanText(to.name))
	}
	return c
}

func setRaw(props ical.Props, name, value string) {
	p := ical.NewProp(name)
	p.Value = value
	props.Set(p)
}

func kindOf(s zoneState) string {
	if s.dst {
		return ical.CompTimezoneDaylight
	}
	return ical.CompTimezoneStandard
}

// formatOffset writes a UTC-OFFSET value (RFC 5545 3.3.14): +HHMM, or
// +HHMMSS when the offset has seconds.
func formatOffset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign = '-'
		sec = -sec
	}
	h, m, s := sec/3600, sec/60%60, sec%60
	if s != 0 {
		return fmt.Sprintf("%c%02d%02d%02d", sign, h, m, s)
	}
	return fmt.Sprintf("%c%02d%02d", sign, h, m)
}

// parseOffset reads a UTC-OFFSET value: +HHMM or +HHMMSS.
func parseOffset(v string) (int, error) {
	if (len(v) != 5 && len(v) != 7) || (v[0] != '+' && v[0] != '-') {
		return 0, fmt.Errorf("ics: bad UTC offset %q", v)
	}
	n := func(s string, max int) (int, error) {
		x, err := strconv.Atoi(s)
		if err != nil || x < 0 || x > max || s[0] == '+' || s[0] == '-' {
			return 0, fmt.Errorf("ics: bad UTC offset %q", v)
		}
		return x, nil
	}
	h, err := n(v[1:3], 23)
	if err != nil {
		return 0, err
	}
	m, err := n(v[3:5], 59)
	if err != nil {
		return 0, err
	}
	s := 0
	if len(v) == 7 {
		if s, err = n(v[5:7], 59); err != nil {
			return 0, err
		}
	}
	sec := h*3600 + m*60 + s
	if v[0] == '-' {
		sec = -sec
	}
	return sec, nil
}

// yearlyRule is "the nth (or last, n=-1) weekday of month at clock".
type yearlyRule struct {
	month   time.Month
	weekday time.Weekday
	n       int
	clock   time.Duration // since local midnight, in the offset before
	from    int
	to      zoneState
}

var icalWeekdays = [...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

func (r yearlyRule) rrule() string {
	return fmt.Sprintf("FREQ=YEARLY;BYMONTH=%d;BYDAY=%d%s", int(r.month), r.n, icalWeekdays[r.weekday])
}

// onset is the local wall-clock date-time of the rule in year y (as a UTC
// time.Time whose fields are the wall clock).
func (r yearlyRule) onset(y int) time.Time {
	var day int
	if r.n > 0 {
		first := time.Date(y, r.month, 1, 0, 0, 0, 0, time.UTC)
		day = 1 + (int(r.weekday)-int(first.Weekday())+7)%7 + 7*(r.n-1)
	} else {
		last := time.Date(y, r.month+1, 0, 0, 0, 0, 0, time.UTC)
		day = last.Day() - (int(last.Weekday())-int(r.weekday)+7)%7
	}
	return time.Date(y, r.month, day, 0, 0, 0, 0, time.UTC).Add(r.clock)
}

// localOnset is the wall clock at which a transition happens, read in the
// offset in force before it, as RFC 5545 3.8.3.3 defines DTSTART of an
// observance. The result is a UTC time.Time carrying those clock fields.
func localOnset(tr transition) time.Time {
	return tr.at.Add(time.Duration(tr.from) * time.Second).UTC()
}

// yearlyRuleVTimezone tries to describe trs as exactly two yearly rules.
func yearlyRuleVTimezone(loc *time.Location, trs []transition, from time.Time) (*ical.Component, bool) {
	if from.Year() <= ruleBaseYear {
		return nil, false
	}
	type key struct {
		from int
		to   zoneState
	}
	groups := map[key][]transition{}
	var order []key
	for _, tr := range trs {
		k := key{tr.from, tr.zoneState}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], tr)
	}
	if len(groups) != 2 {
		return nil, false
	}
	var rules []yearlyRule
	for _, k := range order {
		r, ok := fitYearlyRule(groups[k])
		if !ok {
			return nil, false
		}
		r.from, r.to = k.from, k.to
		rules = append(rules, r)
	}
	if rules[0].to.dst == rules[1].to.dst {
		return nil, false
	}
	tz := ical.NewComponent(ical.CompTimezone)
	tz.Props.SetText(ical.PropTimezoneID, loc.String())
	// STANDARD first, as Outlook and Google write it.
	if rules[0].to.dst {
		rules[0], rules[1] = rules[1], rules[0]
	}
	for _, r := range rules {
		c := observance(kindOf(r.to), r.onset(ruleBaseYear), r.from, r.to)
		p := ical.NewProp(ical.PropRecurrenceRule)
		p.Value = r.rrule()
		c.Props.Set(p)
		tz.Children = append(tz.Children, c)
	}
	return tz, true
}

// fitYearlyRule finds the one yearly rule that yields every transition in
// trs, at most one per year. "Last weekday" is preferred over "nth weekday"
// when both fit, because that is what the zone rules say for Europe.
func fitYearlyRule(trs []transition) (yearlyRule, bool) {
	var r yearlyRule
	allLast, nth := true, 0
	years := map[int]bool{}
	for i, tr := range trs {
		on := localOnset(tr)
		clock := on.Sub(time.Date(on.Year(), on.Month(), on.Day(), 0, 0, 0, 0, time.UTC))
		if years[on.Year()] {
			return r, false
		}
		years[on.Year()] = true
		n := (on.Day()-1)/7 + 1
		last := on.Day()+7 > time.Date(on.Year(), on.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
		if i == 0 {
			r.month, r.weekday, r.clock, nth = on.Month(), on.Weekday(), clock, n
		} else if on.Month() != r.month || on.Weekday() != r.weekday || clock != r.clock {
			return r, false
		}
		if n != nth {
			nth = 0
		}
		allLast = allLast && last
	}
	switch {
	case allLast:
		r.n = -1
	case nth > 0:
		r.n = nth
	default:
		return r, false
	}
	return r, true
}

// explicitVTimezone lists every transition in the covered years as its own
// observance, after one that states the offset in force at the start.
func explicitVTimezone(loc *time.Location, initial zoneState, trs []transition, from time.Time) *ical.Component {
	tz := ical.NewComponent(ical.CompTimezone)
	tz.Props.SetText(ical.PropTimezoneID, loc.String())
	base := time.Date(min(ruleBaseYear, from.Year()-1), time.January, 1, 0, 0, 0, 0, time.UTC)
	tz.Children = append(tz.Children, observance(kindOf(initial), base, initial.offset, initial))
	for _, tr := range trs {
		tz.Children = append(tz.Children, observance(kindOf(tr.zoneState), localOnset(tr), tr.from, tr.zoneState))
	}
	return tz
}

// verifyVTimezone reads tz back as a reader would and checks that it gives
// the same offset as loc at from and the same transitions in [from, to).
func verifyVTimezone(tz *ical.Component, loc *time.Location, from, to time.Time) error {
	got, err := locationFromVTimezone(tz)
	if err != nil {
		return fmt.Errorf("ics: generated VTIMEZONE for %s does not parse: %w", loc, err)
	}
	wantInit, want := zoneTransitions(loc, from, to)
	gotInit, have := zoneTransitions(got, from, to)
	if wantInit.offset != gotInit.offset {
		return fmt.Errorf("ics: generated VTIMEZONE for %s: offset %s at %s, want %s",
			loc, formatOffset(gotInit.offset), from.Format(time.DateOnly), formatOffset(wantInit.offset))
	}
	// Compare offset changes only: abbreviation-only changes do not move
	// any event.
	strip := func(trs []transition) []transition {
		var out []transition
		for _, tr := range trs {
			if tr.from != tr.offset {
				out = append(out, tr)
			}
		}
		return out
	}
	want, have = strip(want), strip(have)
	if len(want) != len(have) {
		return fmt.Errorf("ics: generated VTIMEZONE for %s has %d offset changes in %d-%d, want %d",
			loc, len(have), from.Year(), to.Year()-1, len(want))
	}
	for i := range want {
		if !want[i].at.Equal(have[i].at) || want[i].offset != have[i].offset {
			return fmt.Errorf("ics: generated VTIMEZONE for %s: change to %s at %s, want to %s at %s",
				loc, formatOffset(have[i].offset), have[i].at.Format(time.RFC3339),
				formatOffset(want[i].offset), want[i].at.Format(time.RFC3339))
		}
	}
	return nil
}
