package calendar

import (
	"fmt"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// Occurrence is one session of a series, in the anchor zone. Note explains,
// in a sentence for the user, anything unusual: a start moved out of a
// daylight-saving gap, a repeated hour, months the series skips.
type Occurrence struct {
	Start, End time.Time
	Note       string
}

// Wall says how a wall-clock time maps to an instant in a zone.
type Wall int

// Kinds of wall-clock time.
const (
	WallExact    Wall = iota // exists once
	WallGap                  // skipped by a spring-forward change
	WallRepeated             // occurs twice on a fall-back change
)

// WallTime returns the instant at clock c on day d in loc following RFC 5545
// §3.3.5: a time inside a spring-forward gap is read with the offset before
// the gap (so 02:30 becomes 03:30 on a one-hour gap), and a repeated time
// means its first occurrence. Go's time.Date (and so rrule-go) does neither
// consistently: west of Greenwich it turns a gap's 02:30 into 01:30, east of
// it it picks the second of two repeated times.
func WallTime(d Date, c Clock, loc *time.Location) (time.Time, Wall) {
	g := d.At(c, loc)
	wall := time.Date(d.Year, d.Month, d.Day, 0, int(c), 0, 0, time.UTC).Unix()
	offsetAt := func(u int64) int64 {
		_, off := time.Unix(u, 0).In(loc).Zone()
		return int64(off)
	}
	start, end := g.ZoneBounds()
	offsets := []int64{offsetAt(g.Unix())}
	if !start.IsZero() {
		offsets = append(offsets, offsetAt(start.Unix()-1))
	}
	if !end.IsZero() {
		offsets = append(offsets, offsetAt(end.Unix()))
	}
	var first int64
	found := 0
	for i, off := range offsets {
		u := wall - off
		if offsetAt(u) != off || duplicate(offsets[:i], off) {
			continue
		}
		if found == 0 || u < first {
			first = u
		}
		found++
	}
	switch {
	case found == 1:
		return time.Unix(first, 0).In(loc), WallExact
	case found > 1:
		return time.Unix(first, 0).In(loc), WallRepeated
	}
	for _, tr := range []time.Time{start, end} {
		if tr.IsZero() {
			continue
		}
		before, after := offsetAt(tr.Unix()-1), offsetAt(tr.Unix())
		if after > before && tr.Unix()+before <= wall && wall < tr.Unix()+after {
			return time.Unix(wall-before, 0).In(loc), WallGap
		}
	}
	return g, WallGap // unreachable with real tzdata; keep Go's reading
}

// RepeatedWallTimes returns both instants of a clock time that a fall-back
// change repeats on day d in loc (first is WallTime's reading); ok is false
// when c occurs once or not at all. A user moving a session into that hour
// picks one of the two.
func RepeatedWallTimes(d Date, c Clock, loc *time.Location) (first, second time.Time, ok bool) {
	first, wall := WallTime(d, c, loc)
	if wall != WallRepeated {
		return first, time.Time{}, false
	}
	_, before := first.Zone()
	_, end := first.ZoneBounds()
	if end.IsZero() {
		return first, time.Time{}, false
	}
	_, after := end.Zone()
	second = first.Add(time.Duration(before-after) * time.Second)
	if ClockOf(second) != c || !second.After(first) {
		return first, time.Time{}, false
	}
	return first, second, true
}

func duplicate(list []int64, v int64) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// wallNote explains a gap or repeated time to the user; "" when exact.
func wallNote(d Date, c Clock, t time.Time, kind Wall) string {
	switch kind {
	case WallGap:
		return fmt.Sprintf("%s does not exist on %s in %s; this session is at %s.", c, d, t.Location(), ClockOf(t))
	case WallRepeated:
		name, _ := t.Zone()
		return fmt.Sprintf("%s happens twice on %s in %s; this session is at the first %s (%s).", c, d, t.Location(), c, name)
	}
	return ""
}

// dates expands c's days with rrule-go on a floating clock (DTSTART in UTC
// holding the wall time), so the rule engine never meets a DST change; each
// day is then placed in the anchor zone by WallTime. The result is the same
// day list for every zone, which is what RFC 5545 specifies.
func (c Cadence) dates() ([]Date, error) {
	if err := c.checkFields(); err != nil {
		return nil, err
	}
	opt := rrule.ROption{
		Interval: c.Interval,
		Wkst:     rrule.MO,
		Dtstart:  time.Date(c.From.Year, c.From.Month, c.From.Day, 0, int(c.At), 0, 0, time.UTC),
		Count:    c.Count,
	}
	rdays := []rrule.Weekday{rrule.SU, rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA}
	for _, d := range c.days() {
		wd := rdays[d]
		if c.Unit == Monthly {
			wd = wd.Nth(c.Nth)
		}
		opt.Byweekday = append(opt.Byweekday, wd)
	}
	if c.Unit == Monthly {
		opt.Freq = rrule.MONTHLY
	} else {
		opt.Freq = rrule.WEEKLY
	}
	if !c.Until.IsZero() {
		opt.Until = time.Date(c.Until.Year, c.Until.Month, c.Until.Day, 23, 59, 59, 0, time.UTC)
	}
	r, err := rrule.NewRRule(opt)
	if err != nil {
		return nil, fmt.Errorf("series: %w", err)
	}
	var out []Date
	next := r.Iterator()
	for t, ok := next(); ok; t, ok = next() {
		if len(out) == MaxCount {
			return nil, cadenceErr("until", "the series would have more than %d sessions; choose an earlier last date", MaxCount)
		}
		out = append(out, DateOf(t))
	}
	if len(out) == 0 {
		what := "weekday"
		if c.Unit == Monthly {
			what = ordinal(c.Nth) + " " + c.days()[0].String()
		}
		return nil, cadenceErr("series", "there is no %s between %s and %s, so the series has no session", what, c.From, c.Until)
	}
	return out, nil
}

// FirstDate is the day of the first session, the DTSTART day an invitation
// must use (RFC 5545 leaves a DTSTART that does not match its rule
// undefined). DTSTART's time is c.At as written, even if that day's c.At
// falls in a DST gap: clients then apply §3.3.5 as Expand does.
func (c Cadence) FirstDate() (Date, error) {
	ds, err := c.dates()
	if err != nil {
		return Date{}, err
	}
	return ds[0], nil
}

// Expand lists every session of c in loc, the anchor zone. Sessions whose
// wall time is in a DST gap or repeated carry a Note, and so does the first
// session after months that a 5th-weekday series skips.
func (c Cadence) Expand(loc *time.Location) ([]Occurrence, error) {
	if loc == nil {
		return nil, fmt.Errorf("series: no time zone given")
	}
	ds, err := c.dates()
	if err != nil {
		return nil, err
	}
	skipped := c.skippedMonths(ds)
	out := make([]Occurrence, len(ds))
	for i, d := range ds {
		start, kind := WallTime(d, c.At, loc)
		var notes []string
		if n := wallNote(d, c.At, start, kind); n != "" {
			notes = append(notes, n)
		}
		var before []Date
		for len(skipped) > 0 && (skipped[0].Before(d) || i == len(ds)-1) {
			before = append(before, skipped[0])
			skipped = skipped[1:]
		}
		if len(before) > 0 {
			notes = append(notes, c.skipNote(before))
		}
		out[i] = Occurrence{Start: start, End: start.Add(c.Duration()), Note: strings.Join(notes, " ")}
	}
	return out, nil
}

// SkippedMonths returns the months (Day 1) in which a monthly series on the
// 5th weekday has no session because the month has only four of that
// weekday. RFC 5545 skips them silently; the app shows them.
func (c Cadence) SkippedMonths() ([]Date, error) {
	ds, err := c.dates()
	if err != nil {
		return nil, err
	}
	return c.skippedMonths(ds), nil
}

// skippedMonths walks the months the rule visits (every Interval months
// from From) up to the last session, or up to Until when the series ends by
// date, and keeps those without an Nth weekday.
func (c Cadence) skippedMonths(ds []Date) []Date {
	if c.Unit != Monthly || c.Nth < 5 {
		return nil
	}
	last := ds[len(ds)-1]
	if !c.Until.IsZero() {
		last = c.Until
	}
	var out []Date
	for m := (Date{c.From.Year, c.From.Month, 1}); !last.Before(m); m = m.addMonths(c.Interval) {
		if _, ok := nthWeekday(m.Year, m.Month, c.days()[0], c.Nth); !ok {
			out = append(out, m)
		}
	}
	return out
}

func (c Cadence) skipNote(months []Date) string {
	names := make([]string, len(months))
	for i, m := range months {
		names[i] = fmt.Sprintf("%s %d", m.Month, m.Year)
	}
	verb := "has"
	if len(months) > 1 {
		verb = "have"
	}
	return fmt.Sprintf("%s %s no %s %s, so the series skips %s.", joinAnd(names), verb,
		ordinal(c.Nth), c.days()[0], map[bool]string{true: "it", false: "them"}[len(months) == 1])
}

// addMonths moves the first of a month by n months.
func (d Date) addMonths(n int) Date {
	return DateOf(time.Date(d.Year, d.Month+time.Month(n), 1, 12, 0, 0, 0, time.UTC))
}

// nthWeekday returns the nth (1..5, or -1 for last) weekday wd of a month,
// and false when the month has fewer.
func nthWeekday(year int, month time.Month, wd time.Weekday, n int) (Date, bool) {
	if n == LastOfMonth {
		last := DateOf(time.Date(year, month+1, 0, 12, 0, 0, 0, time.UTC))
		return last.AddDays(-((int(last.Weekday()) - int(wd) + 7) % 7)), true
	}
	first := Date{year, month, 1}
	d := first.AddDays((int(wd)-int(first.Weekday())+7)%7 + 7*(n-1))
	return d, d.Month == month
}
