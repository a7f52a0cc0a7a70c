package ics

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

const (
	// openEndedYears is how far ahead an RRULE without COUNT or UNTIL is
	// taken to reach when choosing and checking its VTIMEZONE.
	openEndedYears = 10
	// maxCount bounds COUNT so that expanding a series stays cheap.
	maxCount = 5000
)

// normalizeRRule checks an RRULE value and rewrites it the way every client
// reads it: upper case, FREQ first (RFC 5545 recommends it and some
// Outlook versions require it), and UNTIL as a UTC date-time, which RFC 5545
// 3.3.10 requires when DTSTART has a TZID. An UNTIL given as a local
// date-time is read in start's zone; one given as a date means the end of
// that local day. It returns the rule expanded from start.
func normalizeRRule(value string, start time.Time) (string, *wallRule, error) {
	value = strings.TrimSpace(value)
	value = strings.TrimPrefix(strings.ToUpper(value), "RRULE:")
	if value == "" {
		return "", nil, fmt.Errorf("ics: empty RRULE")
	}
	if strings.ContainsAny(value, "\r\n:\" ") {
		return "", nil, fmt.Errorf("ics: RRULE %q has characters no rule may contain", value)
	}
	var freq string
	var parts []string
	seen := map[string]bool{}
	for _, part := range strings.Split(value, ";") {
		k, v, ok := strings.Cut(part, "=")
		if !ok || k == "" || v == "" {
			return "", nil, fmt.Errorf("ics: RRULE %q: part %q is not NAME=VALUE", value, part)
		}
		if seen[k] {
			return "", nil, fmt.Errorf("ics: RRULE %q: %s given twice", value, k)
		}
		seen[k] = true
		switch k {
		case "FREQ":
			switch v {
			case "DAILY", "WEEKLY", "MONTHLY", "YEARLY":
			default:
				return "", nil, fmt.Errorf("ics: RRULE %q: FREQ=%s is not supported for a meeting series", value, v)
			}
			freq = part
			continue
		case "UNTIL":
			u, err := parseUntil(v, start.Location())
			if err != nil {
				return "", nil, fmt.Errorf("ics: RRULE %q: %w", value, err)
			}
			part = "UNTIL=" + u.UTC().Format("20060102T150405Z")
		case "COUNT":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > maxCount {
				return "", nil, fmt.Errorf("ics: RRULE %q: COUNT must be 1..%d", value, maxCount)
			}
		case "INTERVAL":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return "", nil, fmt.Errorf("ics: RRULE %q: INTERVAL must be a positive number", value)
			}
		}
		parts = append(parts, part)
	}
	if freq == "" {
		return "", nil, fmt.Errorf("ics: RRULE %q has no FREQ", value)
	}
	if seen["COUNT"] && seen["UNTIL"] {
		return "", nil, fmt.Errorf("ics: RRULE %q has both COUNT and UNTIL; RFC 5545 allows one", value)
	}
	norm := strings.Join(append([]string{freq}, parts...), ";")
	opt, err := rrule.StrToROption(norm)
	if err != nil {
		return "", nil, fmt.Errorf("ics: RRULE %q: %v", value, err)
	}
	r, err := newWallRule(*opt, start)
	if err != nil {
		return "", nil, fmt.Errorf("ics: RRULE %q: %v", value, err)
	}
	return norm, r, nil
}

// wallRule expands a rule on the wall clock of start's zone, as RFC 5545
// defines recurrence, and maps each local date-time back to an instant.
//
// It exists because rrule-go, expanding in a zone directly, derives each
// day from local midnight: in a zone whose DST change skips midnight
// (America/Santiago, Asia/Beirut, America/Havana...) midnight of the change
// day does not exist, Go normalises it to the previous evening, and the
// instance lands on the wrong day. Expanding in UTC, which has no gaps, and
// then reading the clock fields in the real zone avoids that.
type wallRule struct {
	r   *rrule.RRule
	loc *time.Location
}

func newWallRule(opt rrule.ROption, start time.Time) (*wallRule, error) {
	loc := start.Location()
	opt.Dtstart = wallClock(start)
	if !opt.Until.IsZero() {
		opt.Until = wallClock(opt.Until.In(loc))
	}
	r, err := rrule.NewRRule(opt)
	if err != nil {
		return nil, err
	}
	return &wallRule{r: r, loc: loc}, nil
}

// wallClock returns t's clock fields as a UTC time.
func wallClock(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
}

func (w *wallRule) local(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, w.loc)
}

func (w *wallRule) locals(ts []time.Time) []time.Time {
	for i, t := range ts {
		ts[i] = w.local(t)
	}
	return ts
}

// Between returns the instances in [after, before] (inc) or (after, before).
func (w *wallRule) Between(after, before time.Time, inc bool) []time.Time {
	return w.locals(w.r.Between(wallClock(after.In(w.loc)), wallClock(before.In(w.loc)), inc))
}

// After returns the first instance after t (or at t, with inc), or zero.
func (w *wallRule) After(t time.Time, inc bool) time.Time {
	a := w.r.After(wallClock(t.In(w.loc)), inc)
	if a.IsZero() {
		return a
	}
	return w.local(a)
}

// Before returns the last instance before t (or at t, with inc), or zero.
func (w *wallRule) Before(t time.Time, inc bool) time.Time {
	b := w.r.Before(wallClock(t.In(w.loc)), inc)
	if b.IsZero() {
		return b
	}
	return w.local(b)
}

// All returns every instance; only for rules with COUNT or UNTIL.
func (w *wallRule) All() []time.Time { return w.locals(w.r.All()) }

// parseUntil reads an UNTIL value in any of its three forms.
func parseUntil(v string, loc *time.Location) (time.Time, error) {
	switch len(v) {
	case 8:
		d, err := time.ParseInLocation("20060102", v, loc)
		if err != nil {
			return time.Time{}, fmt.Errorf("bad UNTIL %q", v)
		}
		return time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 59, 0, loc), nil
	case 15:
		t, err := time.ParseInLocation("20060102T150405", v, loc)
		if err != nil {
			return time.Time{}, fmt.Errorf("bad UNTIL %q", v)
		}
		return t, nil
	case 16:
		t, err := time.Parse("20060102T150405Z", v)
		if err != nil {
			return time.Time{}, fmt.Errorf("bad UNTIL %q", v)
		}
		return t, nil
	}
	return time.Time{}, fmt.Errorf("bad UNTIL %q", v)
}

// lastOccurrence returns the start of the last instance, or, for an
// open-ended rule, a point openEndedYears after the first.
func lastOccurrence(r *wallRule, start time.Time) time.Time {
	if u := r.r.OrigOptions.Until; !u.IsZero() {
		if t := r.Before(r.local(u), true); !t.IsZero() {
			return t
		}
		return start
	}
	if r.r.OrigOptions.Count > 0 {
		all := r.All()
		if len(all) > 0 {
			return all[len(all)-1]
		}
		return start
	}
	return start.AddDate(openEndedYears, 0, 0)
}

// isOccurrence reports whether t is the start of an instance of r.
func isOccurrence(r *wallRule, t time.Time) bool {
	for _, o := range r.Between(t.Add(-time.Second), t.Add(time.Second), true) {
		if o.Equal(t) {
			return true
		}
	}
	return false
}
