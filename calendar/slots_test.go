package calendar

import (
	"fmt"
	"testing"
	"time"
)

func TestFitsClockMatchesWindowFits(t *testing.T) {
	// Given windows plain, across midnight and up to 24:00, When every start
	// clock and several lengths are judged, Then the slot finder's shortcut
	// agrees with Window.Fits.
	windows := []Window{{hm(9, 0), hm(17, 0)}, {hm(22, 0), hm(2, 0)}, {hm(20, 0), 1440}, {0, hm(6, 0)}, {hm(23, 0), 0}, {hm(6, 0), hm(5, 45)}}
	for _, w := range windows {
		for c := Clock(0); c < 1440; c++ {
			for _, m := range []int{5, 30, 60, 95, 480} {
				start := time.Date(2027, 1, 4, 0, int(c), 0, 0, time.UTC)
				if got, want := fitsClock(w, c, m), w.Fits(start, time.Duration(m)*time.Minute); got != want {
					t.Fatalf("fitsClock(%v, %s, %d) = %v, Window.Fits = %v", w, c, m, got, want)
				}
			}
		}
	}
}

func TestFindSlotsBerlinTokyo(t *testing.T) {
	// Given Ana in Berlin (07:00-12:00) and Kenji in Tokyo (14:00-20:00, no
	// DST), 52 weekly 60-minute sessions from 2027-01-04 anchored in Berlin.
	// Tokyo is Berlin+8 in winter, +7 in summer; both fit when the Berlin
	// start s is in 07:00..11:00 in either season, so exactly 7 days x 17
	// quarter hours fit every session and nothing else fits any.
	ana := Person{"Ana", mustZone(t, "Europe/Berlin"), Window{hm(7, 0), hm(12, 0)}}
	kenji := Person{"Kenji", mustZone(t, "Asia/Tokyo"), Window{hm(14, 0), hm(20, 0)}}
	tmpl := Cadence{Unit: Weekly, Interval: 1, Minutes: 60, From: Date{2027, 1, 4}, Count: 52}
	// When slots are ranked,
	slots, err := FindSlots(ana, kenji, tmpl, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Then all fit every session,
	if len(slots) != 7*17 {
		t.Fatalf("got %d slots, want %d", len(slots), 7*17)
	}
	for _, s := range slots {
		if s.Fits != 52 || s.Total != 52 || s.At < hm(7, 0) || s.At > hm(11, 0) {
			t.Fatalf("slot %+v outside the reasoned range", s)
		}
	}
	// and the fairest come first: the call's middle s+30 is |s-09:00| from
	// Ana's 09:30 and, at Tokyo's usual summer offset (31 of the 52 Mondays),
	// |s-09:30| from Kenji's 17:00. The sum is 30 for s in 09:00..09:30, but
	// only 09:15 leaves neither partner more than 15 minutes off centre;
	// 09:00 and 09:30 leave one of them 30 off.
	// So the seven 09:15s rank first, Monday first, then Monday's 09:00
	// and 09:30 (the sum ties at 30; the earlier time wins).
	type wantSlot struct {
		day     time.Weekday
		at      Clock
		partner Clock
		worst   int
	}
	var want []wantSlot
	for _, d := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday} {
		want = append(want, wantSlot{d, hm(9, 15), hm(16, 15), 15})
	}
	want = append(want, wantSlot{time.Monday, hm(9, 0), hm(16, 0), 30}, wantSlot{time.Monday, hm(9, 30), hm(16, 30), 30})
	for i, w := range want {
		s := slots[i]
		if s.Day != w.day || s.At != w.at || s.Distance != 30 || s.Worst != w.worst || s.Partner.At != w.partner || s.Partner.Day != w.day || s.Me != (Local{w.day, w.at}) {
			t.Errorf("slot %d = %+v, want %s %s (Tokyo %s), distance 30, worst %d", i, s, w.day, w.at, w.partner, w.worst)
		}
	}
}

func TestFindSlotsDSTDrift(t *testing.T) {
	// Given Ana in Berlin (17:00-20:00) and Ben in New York (09:00-13:00),
	// nine Mondays from 2027-03-01 to 04-26 anchored in Berlin. Berlin-New
	// York is 6h, but 5h from Mar 14 to Mar 28 when only the US is on summer
	// time. Berlin 17:00 (Ben 11:00/12:00) fits all; 17:15..18:00 push Ben past
	// 13:00 on the two US-only Mondays (Mar 15, 22).
	ana := Person{"Ana", mustZone(t, "Europe/Berlin"), Window{hm(17, 0), hm(20, 0)}}
	ben := Person{"Ben", mustZone(t, "America/New_York"), Window{hm(9, 0), hm(13, 0)}}
	tmpl := Cadence{Unit: Weekly, Interval: 1, Minutes: 60, From: Date{2027, 3, 1}, Until: Date{2027, 4, 30}}
	// When slots are ranked,
	slots, err := FindSlots(ana, ben, tmpl, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Then the seven 17:00 slots lead (weekdays have 9 sessions, the
	// weekend 8 in that span, and all fit), Monday first,
	for i, day := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday} {
		s := slots[i]
		wantTotal := 9
		if day == time.Saturday || day == time.Sunday {
			wantTotal = 8
		}
		if s.Day != day || s.At != hm(17, 0) || s.Fits != wantTotal || s.Total != wantTotal || s.Partner.At != hm(11, 0) {
			t.Errorf("slot %d = %+v, want %s 17:00 fitting %d/%d, Ben usually 11:00", i, s, day, wantTotal, wantTotal)
		}
	}
	// and Monday 18:00 fits all but the two drifted Mondays.
	for _, s := range slots {
		if s.Day == time.Monday && s.At == hm(18, 0) && s.Fits != 7 {
			t.Errorf("Monday 18:00 fits %d, want 7", s.Fits)
		}
	}
}

// TestFindSlotsAgreesWithExpand recomputes every ranked slot the slow way,
// Expand then CheckSeries, including zones whose changes happen at midnight
// or by 30 minutes, where the arithmetic falls back to WallTime.
func TestFindSlotsAgreesWithExpand(t *testing.T) {
	cases := []struct {
		me, partner string
		meH, pH     Window
		tmpl        Cadence
	}{
		{"Europe/Berlin", "America/New_York", Window{hm(7, 0), hm(21, 0)}, Window{hm(6, 0), hm(15, 0)},
			Cadence{Unit: Weekly, Interval: 2, Minutes: 60, From: Date{2026, 1, 1}, Until: Date{2027, 12, 31}}},
		{"Europe/London", "Australia/Sydney", Window{hm(6, 0), hm(10, 0)}, Window{hm(16, 0), hm(22, 0)},
			Cadence{Unit: Weekly, Interval: 1, Minutes: 45, From: Date{2026, 1, 1}, Count: 100, Anchor: AnchorPartner}},
		{"America/Santiago", "Australia/Lord_Howe", Window{hm(22, 0), hm(3, 0)}, Window{hm(12, 0), hm(20, 0)},
			Cadence{Unit: Monthly, Interval: 1, Nth: 1, Minutes: 90, From: Date{2026, 1, 1}, Until: Date{2029, 12, 31}}},
		{"Asia/Kathmandu", "Australia/Adelaide", Window{hm(6, 0), hm(22, 0)}, Window{hm(6, 0), hm(22, 0)},
			Cadence{Unit: Monthly, Interval: 2, Nth: 5, Minutes: 30, From: Date{2026, 1, 1}, Until: Date{2030, 12, 31}, Anchor: AnchorUTC}},
	}
	for _, tc := range cases {
		t.Run(tc.me+"+"+tc.partner, func(t *testing.T) {
			me := Person{"Me", mustZone(t, tc.me), tc.meH}
			partner := Person{"Partner", mustZone(t, tc.partner), tc.pH}
			slots, err := FindSlots(me, partner, tc.tmpl, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(slots) == 0 {
				t.Fatal("no slots: the case tests nothing")
			}
			for i, s := range slots {
				if i > 0 && better(s, slots[i-1]) {
					t.Errorf("slot %d %+v ranks above %+v", i, s, slots[i-1])
				}
				c := tc.tmpl
				c.Days, c.At = []time.Weekday{s.Day}, s.At
				occs, err := c.Expand(c.AnchorZone(me.Zone, partner.Zone))
				if err != nil {
					t.Fatal(err)
				}
				checks := CheckSeries(occs, me, partner)
				fits := 0
				var meT, pT tally
				for _, ch := range checks {
					if ch.SuitsBoth() {
						fits++
					}
					meT.add(Local{ch.Me.Start.Weekday(), ClockOf(ch.Me.Start)})
					pT.add(Local{ch.Partner.Start.Weekday(), ClockOf(ch.Partner.Start)})
				}
				if s.Fits != fits || s.Total != len(checks) || s.Me != meT.usual() || s.Partner != pT.usual() {
					t.Fatalf("slot %+v; Expand+CheckSeries: %d/%d, me %v, partner %v", s, fits, len(checks), meT.usual(), pT.usual())
				}
			}
		})
	}
}

// better reports whether a should rank strictly above b.
func better(a, b Slot) bool {
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
}

func TestFindSlotsErrors(t *testing.T) {
	p := Person{"P", time.UTC, Window{0, 1440}}
	// Given a bad template or a missing zone, When slots are asked for, Then an error.
	if _, err := FindSlots(p, p, Cadence{Unit: Weekly, Interval: 0, Minutes: 60, From: Date{2027, 1, 1}, Count: 3}, 5); err == nil {
		t.Error("interval 0 accepted")
	}
	if _, err := FindSlots(p, Person{Name: "Q"}, Cadence{Unit: Weekly, Interval: 1, Minutes: 60, From: Date{2027, 1, 1}, Count: 3}, 5); err == nil {
		t.Error("missing zone accepted")
	}
	// and limit caps the list.
	got, err := FindSlots(p, p, Cadence{Unit: Weekly, Interval: 1, Minutes: 60, From: Date{2027, 1, 1}, Count: 3}, 5)
	if err != nil || len(got) != 5 {
		t.Errorf("limit 5 gave %d slots, %v", len(got), err)
	}
}

func fiveYears(b *testing.B) (Person, Person, Cadence) {
	me := Person{"Ana", mustZone(b, "Europe/Berlin"), Window{hm(8, 0), hm(20, 0)}}
	ben := Person{"Ben", mustZone(b, "America/New_York"), Window{hm(7, 0), hm(17, 0)}}
	c := Cadence{Unit: Weekly, Interval: 1, Days: []time.Weekday{time.Monday, time.Thursday}, At: hm(16, 0), Minutes: 60,
		From: Date{2027, 1, 4}, Until: Date{2031, 12, 31}}
	return me, ben, c
}

func BenchmarkExpandCheck5YearWeekly(b *testing.B) {
	me, ben, c := fiveYears(b)
	for b.Loop() {
		occs, err := c.Expand(me.Zone)
		if err != nil {
			b.Fatal(err)
		}
		_ = Summary(CheckSeries(occs, me, ben), me, ben)
	}
}

func BenchmarkFindSlots5YearWeekly(b *testing.B) {
	me, ben, c := fiveYears(b)
	for b.Loop() {
		if _, err := FindSlots(me, ben, c, 10); err != nil {
			b.Fatal(err)
		}
	}
}

func ExampleFindSlots() {
	berlin, _ := LoadZone("Europe/Berlin")
	newYork, _ := LoadZone("America/New_York")
	ana := Person{"Ana", berlin, Window{Start: 17 * 60, End: 20 * 60}}
	ben := Person{"Ben", newYork, Window{Start: 9 * 60, End: 13 * 60}}
	tmpl := Cadence{Unit: Weekly, Interval: 1, Minutes: 60, From: Date{2027, 3, 1}, Until: Date{2027, 4, 30}}
	slots, _ := FindSlots(ana, ben, tmpl, 2)
	for _, s := range slots {
		fmt.Printf("%s %s Berlin, %d/%d fit, Ben %s\n", s.Day, s.At, s.Fits, s.Total, s.Partner)
	}
	// Output:
	// Monday 17:00 Berlin, 9/9 fit, Ben Mon 11:00
	// Tuesday 17:00 Berlin, 9/9 fit, Ben Tue 11:00
}
