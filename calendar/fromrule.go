package calendar

import (
	"strconv"
	"strings"
	"time"
)

// CadenceFromRule reads back a series written by Cadence.RRule: the RECUR
// value rule, the first start (in the anchor zone, which becomes the
// Cadence's zone) and each session's length. It is how a partner who joins
// from an invite gets the same cadence as the organizer. A rule Twoway
// would not have written (daily, by month day, several nth weekdays) is
// refused with a *CadenceError, because the cadence could not be edited or
// re-sent without changing the series.
func CadenceFromRule(rule string, start time.Time, length time.Duration) (Cadence, error) {
	c := Cadence{Interval: 1, At: ClockOf(start), Minutes: int(length / time.Minute), From: DateOf(start)}
	if length%time.Minute != 0 || length <= 0 {
		return c, cadenceErr("minutes", "a session of %v is not a whole number of minutes", length)
	}
	var until time.Time
	var byday string
	for _, part := range strings.Split(strings.ToUpper(strings.TrimSpace(rule)), ";") {
		name, value, ok := strings.Cut(part, "=")
		if !ok {
			return c, cadenceErr("series", "%q is not NAME=VALUE", part)
		}
		var err error
		switch name {
		case "FREQ":
			switch value {
			case "WEEKLY":
				c.Unit = Weekly
			case "MONTHLY":
				c.Unit = Monthly
			default:
				return c, cadenceErr("unit", "a series repeating %s is not supported; use weekly or monthly", strings.ToLower(value))
			}
		case "INTERVAL":
			if c.Interval, err = strconv.Atoi(value); err != nil {
				return c, cadenceErr("interval", "%q is not a number", value)
			}
		case "COUNT":
			if c.Count, err = strconv.Atoi(value); err != nil {
				return c, cadenceErr("count", "%q is not a number", value)
			}
		case "UNTIL":
			if until, err = time.Parse("20060102T150405Z", value); err != nil {
				return c, cadenceErr("until", "%q is not a UTC date-time", value)
			}
		case "BYDAY":
			byday = value
		case "WKST":
		default:
			return c, cadenceErr("series", "the rule part %s is not supported", name)
		}
	}
	if c.Unit == "" {
		return c, cadenceErr("unit", "the rule has no FREQ")
	}
	if byday != "" {
		if err := c.readByDay(byday); err != nil {
			return c, err
		}
	}
	if len(c.Days) == 0 {
		c.Days = []time.Weekday{start.Weekday()}
		if c.Unit == Monthly {
			c.Nth = (start.Day()-1)/7 + 1
		}
	}
	if !until.IsZero() {
		// RRule writes UNTIL as the end of the last session's day.
		c.Until = DateOf(until.In(start.Location()).Add(-length))
	}
	if err := c.Validate(); err != nil {
		return c, err
	}
	if first, err := c.FirstDate(); err != nil || first != c.From {
		return c, cadenceErr("from", "the first start %s is not a session of the rule", start.Format("2006-01-02 15:04"))
	}
	return c, nil
}

func (c *Cadence) readByDay(value string) error {
	for _, code := range strings.Split(value, ",") {
		n := strings.TrimRight(code, "ADEFHMORSTUW")
		day, ok := parseWeekday(code[len(n):])
		if !ok || len(code)-len(n) != 2 {
			return cadenceErr("days", "%q is not a weekday", code)
		}
		if n != "" {
			nth, err := strconv.Atoi(n)
			if err != nil || c.Unit != Monthly || len(c.Days) > 0 {
				return cadenceErr("nth", "%q: one nth weekday of a monthly series is supported", code)
			}
			c.Nth = nth
		} else if c.Unit == Monthly {
			return cadenceErr("nth", "a monthly series needs its week of the month, e.g. 2TU")
		}
		c.Days = append(c.Days, day)
	}
	c.Days = c.days()
	return nil
}
