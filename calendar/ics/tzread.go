package ics

import (
	"encoding/binary"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"
)

// Reading a VTIMEZONE into a *time.Location is written by hand: go-ical
// resolves a TZID only through time.LoadLocation, which knows neither
// Outlook's Windows names nor the custom TZIDs some clients write, and it
// ignores the VTIMEZONE the sender included. Here the observances are
// expanded into a list of transitions, encoded as TZif data (RFC 8536) and
// loaded with time.LoadLocationFromTZData, so the result is an ordinary
// *time.Location that rrule-go and the time package use as is.

const (
	// tzHorizonYear bounds the expansion of observance rules. After the
	// last transition the last offset stays in force.
	tzHorizonYear = 2200
	// maxTZTransitions bounds the work a hostile VTIMEZONE can cause.
	maxTZTransitions = 20000
	maxTZObservances = 2000
)

// locationFromVTimezone builds a *time.Location from a VTIMEZONE component.
func locationFromVTimezone(tz *ical.Component) (*time.Location, error) {
	tzid := propText(tz, ical.PropTimezoneID)
	if tzid == "" {
		return nil, fmt.Errorf("ics: VTIMEZONE without TZID")
	}
	if len(tz.Children) == 0 {
		return nil, fmt.Errorf("ics: VTIMEZONE %q has no STANDARD or DAYLIGHT observance", tzid)
	}
	if len(tz.Children) > maxTZObservances {
		return nil, fmt.Errorf("ics: VTIMEZONE %q has %d observances, more than %d", tzid, len(tz.Children), maxTZObservances)
	}
	var trs []transition
	for _, obs := range tz.Children {
		if obs.Name != ical.CompTimezoneStandard && obs.Name != ical.CompTimezoneDaylight {
			continue // unknown sub-components are ignored, per RFC 5545
		}
		got, err := observanceTransitions(obs, maxTZTransitions-len(trs))
		if err != nil {
			return nil, fmt.Errorf("ics: VTIMEZONE %q: %w", tzid, err)
		}
		trs = append(trs, got...)
	}
	if len(trs) == 0 {
		return nil, fmt.Errorf("ics: VTIMEZONE %q has no STANDARD or DAYLIGHT observance", tzid)
	}
	sort.SliceStable(trs, func(i, j int) bool { return trs[i].at.Before(trs[j].at) })
	// The offset before the first onset is that onset's TZOFFSETFROM; name
	// it after an observance that switches to that offset, if any.
	initial := zoneState{offset: trs[0].from, name: formatOffset(trs[0].from)}
	for _, tr := range trs {
		if tr.offset == initial.offset {
			initial.name, initial.dst = tr.name, tr.dst
			break
		}
	}
	data, err := tzif(initial, trs)
	if err != nil {
		return nil, fmt.Errorf("ics: VTIMEZONE %q: %w", tzid, err)
	}
	loc, err := time.LoadLocationFromTZData(tzid, data)
	if err != nil {
		return nil, fmt.Errorf("ics: VTIMEZONE %q: %w", tzid, err)
	}
	return loc, nil
}

// observanceTransitions expands one STANDARD or DAYLIGHT observance: its
// DTSTART, RRULE occurrences up to tzHorizonYear and RDATEs.
func observanceTransitions(obs *ical.Component, budget int) ([]transition, error) {
	get := func(name string) (string, error) {
		p := obs.Props.Get(name)
		if p == nil {
			return "", fmt.Errorf("%s without %s", obs.Name, name)
		}
		return strings.TrimSpace(p.Value), nil
	}
	v, err := get(ical.PropTimezoneOffsetFrom)
	if err != nil {
		return nil, err
	}
	from, err := parseOffset(v)
	if err != nil {
		return nil, err
	}
	if v, err = get(ical.PropTimezoneOffsetTo); err != nil {
		return nil, err
	}
	to, err := parseOffset(v)
	if err != nil {
		return nil, err
	}
	if v, err = get(ical.PropDateTimeStart); err != nil {
		return nil, err
	}
	// Observance times are local times in the offset before the onset
	// (RFC 5545 3.8.3.3). A fixed zone with that offset makes the wall
	// clock and the instant both right, including against a UTC UNTIL.
	before := time.FixedZone("", from)
	start, err := parseLocal(v, before)
	if err != nil {
		return nil, fmt.Errorf("%s DTSTART: %w", obs.Name, err)
	}
	name := propText(obs, ical.PropTimezoneName)
	state := zoneState{offset: to, name: name, dst: obs.Name == ical.CompTimezoneDaylight}
	if state.name == "" {
		state.name = formatOffset(to)
	}

	onsets := []time.Time{start}
	for _, p := range obs.Props.Values(ical.PropRecurrenceRule) {
		opt, err := rrule.StrToROptionInLocation(strings.ToUpper(strings.TrimSpace(p.Value)), before)
		if err != nil {
			return nil, fmt.Errorf("%s RRULE %q: %v", obs.Name, p.Value, err)
		}
		if opt.Freq != rrule.YEARLY && opt.Freq != rrule.MONTHLY {
			return nil, fmt.Errorf("%s RRULE %q: only YEARLY or MONTHLY rules are accepted in a VTIMEZONE", obs.Name, p.Value)
		}
		opt.Dtstart = start
		if opt.Until.IsZero() && opt.Count == 0 {
			// rrule-go's implicit end is DTSTART plus 292 years, which
			// for Outlook's DTSTART:16010101 stops in 1893.
			opt.Until = time.Date(tzHorizonYear, time.December, 31, 0, 0, 0, 0, time.UTC)
		}
		r, err := rrule.NewRRule(*opt)
		if err != nil {
			return nil, fmt.Errorf("%s RRULE %q: %v", obs.Name, p.Value, err)
		}
		next := r.Iterator()
		for {
			t, ok := next()
			if !ok || t.Year() > tzHorizonYear {
				break
			}
			if len(onsets) > budget {
				return nil, fmt.Errorf("more than %d transitions", maxTZTransitions)
			}
			onsets = append(onsets, t)
		}
	}
	for _, p := range obs.Props.Values(ical.PropRecurrenceDates) {
		if strings.EqualFold(p.Params.Get(ical.ParamValue), "PERIOD") {
			continue
		}
		for _, v := range strings.Split(p.Value, ",") {
			t, err := parseLocal(strings.TrimSpace(v), before)
			if err != nil {
				return nil, fmt.Errorf("%s RDATE: %w", obs.Name, err)
			}
			if len(onsets) > budget {
				return nil, fmt.Errorf("more than %d transitions", maxTZTransitions)
			}
			onsets = append(onsets, t)
		}
	}
	out := make([]transition, 0, len(onsets))
	for _, t := range onsets {
		out = append(out, transition{at: t.UTC(), from: from, zoneState: state})
	}
	return out, nil
}

// parseLocal reads a DATE-TIME (or DATE) as a wall clock in loc. A trailing
// Z, wrong in an observance but written by some tools, is ignored.
func parseLocal(v string, loc *time.Location) (time.Time, error) {
	v = strings.TrimSuffix(v, "Z")
	layout := "20060102T150405"
	if len(v) == 8 {
		layout = "20060102"
	}
	t, err := time.ParseInLocation(layout, v, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("bad date-time %q", v)
	}
	return t, nil
}

// tzif encodes the transitions as version 2 TZif data (RFC 8536) with an
// empty footer: after the last transition its offset stays in force.
func tzif(initial zoneState, trs []transition) ([]byte, error) {
	// Type 0 is the state before the first transition and is used by no
	// transition, so Go's lookup picks it for earlier times (RFC 8536 3.2).
	types := []zoneState{initial}
	index := map[zoneState]int{}
	var chars []byte
	abbr := map[string]int{}
	addName := func(n string) int {
		n = sanitizeAbbr(n)
		if i, ok := abbr[n]; ok {
			return i
		}
		i := len(chars)
		abbr[n] = i
		chars = append(append(chars, n...), 0)
		return i
	}
	addName(initial.name)
	var times []int64
	var idx []byte
	var last int64
	for i, tr := range trs {
		when := tr.at.Unix()
		if i > 0 && when == last {
			// Two observances at one instant: the later one wins.
			times, idx = times[:len(times)-1], idx[:len(idx)-1]
		}
		k, ok := index[tr.zoneState]
		if !ok {
			if len(types) >= 255 {
				return nil, fmt.Errorf("too many distinct offsets")
			}
			k = len(types)
			index[tr.zoneState] = k
			types = append(types, tr.zoneState)
			addName(tr.name)
		}
		times = append(times, when)
		idx = append(idx, byte(k))
		last = when
	}
	if len(chars) > 255 {
		return nil, fmt.Errorf("too many zone abbreviations")
	}

	var b []byte
	u32 := func(v uint32) { b = binary.BigEndian.AppendUint32(b, v) }
	header := func(timecnt, typecnt, charcnt int) {
		b = append(b, "TZif2"...)
		b = append(b, make([]byte, 15)...)
		u32(0) // isutcnt
		u32(0) // isstdcnt
		u32(0) // leapcnt
		u32(uint32(timecnt))
		u32(uint32(typecnt))
		u32(uint32(charcnt))
	}
	// Version 1 block: only the initial type, for readers that stop there.
	header(0, 1, 1)
	u32(uint32(int32(initial.offset)))
	b = append(b, 0, 0, 0)
	// Version 2 block: 64-bit transition times.
	header(len(times), len(types), len(chars))
	for _, t := range times {
		b = binary.BigEndian.AppendUint64(b, uint64(t))
	}
	b = append(b, idx...)
	for _, z := range types {
		u32(uint32(int32(z.offset)))
		dst := byte(0)
		if z.dst {
			dst = 1
		}
		b = append(b, dst, byte(abbr[sanitizeAbbr(z.name)]))
	}
	b = append(b, chars...)
	b = append(b, '\n', '\n')
	return b, nil
}

func sanitizeAbbr(n string) string {
	n = strings.Map(func(r rune) rune {
		if r < 0x20 || r >= 0x7F {
			return -1
		}
		return r
	}, n)
	if len(n) > 32 {
		n = n[:32]
	}
	return n
}
