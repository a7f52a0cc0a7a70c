package calendar

import (
	"fmt"
	"sort"
	"time"
)

// SlotStep is the granularity of suggested start times.
const SlotStep = 15

// Local is a weekday and time of day on one partner's own clock.
type Local struct {
	Day time.Weekday
	At  Clock
}

func (l Local) String() string { return l.Day.String()[:3] + " " + l.At.String() }

// Slot is a candidate weekly time for a series: Day at At in the anchor
// zone. Fits of Total sessions lie inside both partners' hours; Me and
// Partner are each side's usual local start. Distance is how far, in
// minutes, the call's middle sits from the middle of each partner's window,
// summed: lower is more comfortable.
type Slot struct {
	Day         time.Weekday
	At          Clock
	Fits, Total int
	Me, Partner Local
	Distance    int
	// Worst is the larger of the two partners' distances: ranking by it
	// first prefers the slot that is fair to both over one that suits one
	// partner perfectly and the other barely.
	Worst int
}

// FindSlots ranks every weekday and 15-minute start in the anchor zone for
// the series described by tmpl (its Unit, Interval, Nth, From, Count or
// Until, Minutes and Anchor; Days and At are ignored): most sessions inside
// both partners' hours first, then the fairest (the partner furthest from
// the middle of their hours is as close as can be), then the most central
// overall, then the earliest in
// the week (Monday first). "Most" counts sessions missed first: with an
// Until end weekdays can have different totals, and 8 of 8 beats 8 of 9. Only slots where at least one session fits are
// returned, at most limit of them (limit <= 0: all).
//
// It is meant to rerun on every keystroke: the dates are expanded once per
// weekday, and each of the 96 times of day is placed arithmetically with the
// UTC offsets of that day, falling back to WallTime only on days when one of
// the three zones changes offset.
func FindSlots(me, partner Person, tmpl Cadence, limit int) ([]Slot, error) {
	if me.Zone == nil || partner.Zone == nil {
		return nil, fmt.Errorf("slots: both partners need a time zone")
	}
	anchor := tmpl.AnchorZone(me.Zone, partner.Zone)
	tmpl.At = 0
	tmpl.Days = []time.Weekday{time.Monday}
	if tmpl.Unit == Weekly {
		tmpl.Nth = 0
	}
	if err := tmpl.checkFields(); err != nil {
		return nil, err
	}
	var slots []Slot
	for i := 0; i < 7; i++ {
		wd := time.Weekday((i + 1) % 7)
		tmpl.Days = []time.Weekday{wd}
		ds, err := tmpl.dates()
		if err != nil {
			continue // e.g. no 5th Sunday before Until: other days may work
		}
		days := make([]dayZones, len(ds))
		for j, d := range ds {
			days[j] = newDayZones(d, anchor, me.Zone, partner.Zone)
		}
		for at := Clock(0); at < 24*60; at += SlotStep {
			if s, ok := evalSlot(days, wd, at, tmpl.Minutes, me, partner); ok {
				slots = append(slots, s)
			}
		}
	}
	sort.SliceStable(slots, func(i, j int) bool {
		a, b := slots[i], slots[j]
		if am, bm := a.Total-a.Fits, b.Total-b.Fits; am != bm {
			return am < bm
		}
		if a.Fits != b.Fits {
			return a.Fits > b.Fits
		}
		if a.Worst != b.Worst {
			return a.Worst < b.Worst
		}
		if a.Distance != b.Distance {
			return a.Distance < b.Distance
		}
		if a.Day != b.Day {
			return mondayIndex(a.Day) < mondayIndex(b.Day)
		}
		return a.At < b.At
	})
	if limit > 0 && len(slots) > limit {
		slots = slots[:limit]
	}
	return slots, nil
}

// zoneSpan is a UTC offset valid for instants in [from, to).
type zoneSpan struct {
	off, from, to int64
}

// dayZones caches, for one date, everything needed to place any time of day.
type dayZones struct {
	date     Date
	wall0    int64 // the date's midnight, read as if UTC
	anchorOK bool  // the anchor's offset is constant all day
	anchor   *time.Location
	a, m, p  zoneSpan
}

func newDayZones(d Date, anchor, me, partner *time.Location) dayZones {
	noon, _ := WallTime(d, 12*60, anchor)
	z := dayZones{
		date:   d,
		wall0:  time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Unix(),
		anchor: anchor,
		a:      spanAt(noon, anchor),
		m:      spanAt(noon, me),
		p:      spanAt(noon, partner),
	}
	z.anchorOK = z.wall0-z.a.off >= z.a.from && z.wall0+86400-z.a.off <= z.a.to
	return z
}

func spanAt(t time.Time, loc *time.Location) zoneSpan {
	t = t.In(loc)
	_, off := t.Zone()
	s, e := t.ZoneBounds()
	span := zoneSpan{off: int64(off), from: -1 << 62, to: 1 << 62}
	if !s.IsZero() {
		span.from = s.Unix()
	}
	if !e.IsZero() {
		span.to = e.Unix()
	}
	return span
}

// instant returns the UTC seconds of clock c on the day, per RFC 5545.
func (z *dayZones) instant(c Clock) int64 {
	if z.anchorOK {
		return z.wall0 + int64(c)*60 - z.a.off
	}
	t, _ := WallTime(z.date, c, z.anchor)
	return t.Unix()
}

// local returns the wall-clock seconds (read as UTC) of instant u in the
// zone whose span around the day is s.
func local(u int64, s zoneSpan, loc *time.Location) int64 {
	if u >= s.from && u < s.to {
		return u + s.off
	}
	_, off := time.Unix(u, 0).In(loc).Zone()
	return u + int64(off)
}

func clockAndDay(wall int64) (Clock, time.Weekday) {
	days := floorDiv(wall, 86400)
	return Clock((wall - days*86400) / 60), time.Weekday((days + 4) % 7) // 1970-01-01 was a Thursday
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// evalSlot scores one weekday and time over all the series' dates.
func evalSlot(days []dayZones, wd time.Weekday, at Clock, minutes int, me, partner Person) (Slot, bool) {
	s := Slot{Day: wd, At: at, Total: len(days)}
	var meSeen, pSeen tally
	for i := range days {
		u := days[i].instant(at)
		mc, md := clockAndDay(local(u, days[i].m, me.Zone))
		pc, pd := clockAndDay(local(u, days[i].p, partner.Zone))
		meSeen.add(Local{md, mc})
		pSeen.add(Local{pd, pc})
		if fitsClock(me.Hours, mc, minutes) && fitsClock(partner.Hours, pc, minutes) {
			s.Fits++
		}
	}
	if s.Fits == 0 {
		return s, false
	}
	s.Me, s.Partner = meSeen.usual(), pSeen.usual()
	dm, dp := centreDistance(me.Hours, s.Me.At, minutes), centreDistance(partner.Hours, s.Partner.At, minutes)
	s.Distance, s.Worst = dm+dp, max(dm, dp)
	return s, true
}

// tally counts local times; a series has only a handful of distinct ones.
type tally struct {
	seen   []Local
	counts []int
}

func (t *tally) add(l Local) {
	for i, s := range t.seen {
		if s == l {
			t.counts[i]++
			return
		}
	}
	t.seen = append(t.seen, l)
	t.counts = append(t.counts, 1)
}

// usual is the most common local time, the earliest seen on a tie.
func (t *tally) usual() Local {
	best := 0
	for i := range t.seen {
		if t.counts[i] > t.counts[best] {
			best = i
		}
	}
	return t.seen[best]
}

// fitsClock is Window.Fits on a bare clock, so the slot finder need not
// build a time.Time per candidate; a test holds the two equal.
func fitsClock(w Window, start Clock, minutes int) bool {
	s, e := int(start), int(start)+minutes
	ws, we := int(w.Start), int(w.End)
	if we <= ws {
		we += 1440
		if s < ws && s+1440 >= ws {
			s, e = s+1440, e+1440
		}
	}
	return s >= ws && e <= we
}

// centreDistance is the distance in minutes, around the clock, from the
// middle of a call starting at start to the middle of w.
func centreDistance(w Window, start Clock, minutes int) int {
	mid2 := 2*int(start) + minutes // doubled to stay in whole minutes
	wmid2 := 2*int(w.Start) + int(w.Length()/time.Minute)
	d := ((mid2-wmid2)%2880 + 2880) % 2880
	if d > 1440 {
		d = 2880 - d
	}
	return d / 2
}
