package pool

import (
	"fmt"
	"sort"
	"time"

	"github.com/twoway-app/twoway/calendar"
)

// Stretch is a run of days, From to To inclusive, in which both zones keep
// their UTC offsets, so the two people's comfortable hours overlap by the
// same Minutes every day. Adjacent stretches with the same Minutes are
// merged.
type Stretch struct {
	From, To calendar.Date
	Minutes  int
}

// Overlap is how much of their comfortable hours two people share over a
// horizon (HorizonMonths from the first stretch's From), stretch by
// stretch between the two zones' daylight-saving changes. Comfortable
// hours apply every day, so Min is the longest weekly call that suits both
// in every week of the horizon: what a weekly cadence can rely on.
//
// The Scores of one Scorer (and so of one Proposal) share the Stretches of
// the pairs with the same zones and hours: treat them as read-only.
type Overlap struct {
	Min       int // the fewest minutes of any stretch
	Max       int // the most, so Max-Min is the swing over the year
	Stretches []Stretch
}

// HorizonMonths is how far ahead the overlap is computed: a year, so every
// daylight-saving change of both zones is in it.
const HorizonMonths = 12

// Never reports whether some stretch of the horizon has no common minute.
func (o Overlap) Never() bool { return o.Min == 0 }

// zones caches each zone's offset changes over one horizon, and each pair
// of zones' stretches between them, since a pool of n people asks for the
// same few zones n² times.
type zones struct {
	start, end time.Time
	cache      map[string]zoneChanges
	pairs      map[[2]string][]segment
}

type zoneChanges struct {
	loc     *time.Location
	changes []time.Time // the instants the offset changes, in (start, end)
}

// segment is a run of days in which two zones keep their offsets (minutes
// east of UTC); unlike a Stretch it is not merged with its neighbours.
type segment struct {
	from, to   calendar.Date
	offA, offB int
}

func newZones(from calendar.Date) *zones {
	start := time.Date(from.Year, from.Month, from.Day, 0, 0, 0, 0, time.UTC)
	return &zones{start: start, end: start.AddDate(0, HorizonMonths, 0), cache: map[string]zoneChanges{}, pairs: map[[2]string][]segment{}}
}

func (z *zones) get(name string) (zoneChanges, error) {
	if c, ok := z.cache[name]; ok {
		return c, nil
	}
	loc, err := calendar.LoadZone(name)
	if err != nil {
		return zoneChanges{}, err
	}
	c := zoneChanges{loc: loc}
	for t := z.start; ; {
		_, end := t.In(loc).ZoneBounds()
		if end.IsZero() || !end.Before(z.end) {
			break
		}
		c.changes = append(c.changes, end)
		t = end
	}
	z.cache[name] = c
	return c, nil
}

// OverlapBetween is the overlap of a's and b's comfortable hours over the
// HorizonMonths from the day from (UTC midnight).
func OverlapBetween(a, b Person, from calendar.Date) (Overlap, error) {
	return newZones(from).overlap(a, b)
}

type boundary struct {
	at   time.Time
	date calendar.Date // the day it happens, in the zone that changes
}

func (z *zones) overlap(a, b Person) (Overlap, error) {
	segs, err := z.segments(a, b)
	if err != nil {
		return Overlap{}, err
	}
	var o Overlap
	for _, sg := range segs {
		m := dailyOverlap(a.Hours, sg.offA, b.Hours, sg.offB)
		if n := len(o.Stretches); n > 0 && o.Stretches[n-1].Minutes == m {
			o.Stretches[n-1].To = sg.to
			continue
		}
		o.Stretches = append(o.Stretches, Stretch{From: sg.from, To: sg.to, Minutes: m})
	}
	o.Min, o.Max = o.Stretches[0].Minutes, o.Stretches[0].Minutes
	for _, s := range o.Stretches {
		o.Min, o.Max = min(o.Min, s.Minutes), max(o.Max, s.Minutes)
	}
	return o, nil
}

// segments cuts the horizon at both zones' offset changes, once per
// ordered pair of zones (the order decides whose day names a change both
// make at once).
func (z *zones) segments(a, b Person) ([]segment, error) {
	key := [2]string{a.Zone, b.Zone}
	if segs, ok := z.pairs[key]; ok {
		return segs, nil
	}
	za, err := z.get(a.Zone)
	if err != nil {
		return nil, fmt.Errorf("overlap of %s: %w", a.Email, err)
	}
	zb, err := z.get(b.Zone)
	if err != nil {
		return nil, fmt.Errorf("overlap of %s: %w", b.Email, err)
	}
	bounds := make([]boundary, 0, len(za.changes)+len(zb.changes)+2)
	bounds = append(bounds, boundary{z.start, calendar.DateOf(z.start)})
	for _, t := range za.changes {
		bounds = append(bounds, boundary{t, calendar.DateOf(t.In(za.loc))})
	}
	for _, t := range zb.changes {
		bounds = append(bounds, boundary{t, calendar.DateOf(t.In(zb.loc))})
	}
	sort.SliceStable(bounds, func(i, j int) bool { return bounds[i].at.Before(bounds[j].at) })
	endDate := calendar.DateOf(z.end.AddDate(0, 0, -1))
	var segs []segment
	for i, bd := range bounds {
		if i+1 < len(bounds) && bounds[i+1].at.Equal(bd.at) {
			continue // both zones change at once (the EU's zones do)
		}
		_, offA := bd.at.In(za.loc).Zone()
		_, offB := bd.at.In(zb.loc).Zone()
		to := endDate
		if i+1 < len(bounds) {
			to = bounds[i+1].date.AddDays(-1)
		}
		segs = append(segs, segment{from: bd.date, to: to, offA: offA / 60, offB: offB / 60})
	}
	z.pairs[key] = segs
	return segs, nil
}

// dailyOverlap is how many minutes of a day two windows share, each in a
// zone offMinutes east of UTC. Both windows repeat daily, so on the circle
// of 1440 UTC minutes each is one arc; the arcs meet in at most two pieces,
// found by trying the second one a day earlier, the same day and a day
// later.
func dailyOverlap(a calendar.Window, offA int, b calendar.Window, offB int) int {
	la, lb := int(a.Length()/time.Minute), int(b.Length()/time.Minute)
	sa := mod(int(a.Start)-offA, 1440)
	sb := mod(int(b.Start)-offB, 1440)
	total := 0
	for k := -1; k <= 1; k++ {
		lo := max(sa, sb+1440*k)
		hi := min(sa+la, sb+lb+1440*k)
		if hi > lo {
			total += hi - lo
		}
	}
	return min(total, la, lb)
}

func mod(a, m int) int { return ((a % m) + m) % m }
