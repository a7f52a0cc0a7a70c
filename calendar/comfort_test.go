package calendar

import (
	"testing"
	"time"
)

// The oracles below restate the published DST rules (2007 US law, EU
// directive 2000/84, NSW/SA rules since 2008) by walking calendar days, so
// the tests do not trust the code under test, nor only Go's zone data, for
// which week an hour moves. Sessions in these tests are on weekdays, and the
// changes happen on Sundays, so comparing dates is exact.

func nthSunday(year int, m time.Month, n int) Date {
	s := weekdaysIn(year, m, time.Sunday)
	if n < 0 {
		return Date{year, m, s[len(s)-1]}
	}
	return Date{year, m, s[n-1]}
}

// usSummer: second Sunday of March to first Sunday of November.
func usSummer(d Date) bool {
	return nthSunday(d.Year, time.March, 2).Before(d) && d.Before(nthSunday(d.Year, time.November, 1))
}

// euSummer: last Sunday of March to last Sunday of October.
func euSummer(d Date) bool {
	return nthSunday(d.Year, time.March, -1).Before(d) && d.Before(nthSunday(d.Year, time.October, -1))
}

// auSummer (NSW, SA): until the first Sunday of April, from the first Sunday of October.
func auSummer(d Date) bool {
	return d.Before(nthSunday(d.Year, time.April, 1)) || nthSunday(d.Year, time.October, 1).Before(d)
}

func hm(h, m int) Clock { return Clock(h*60 + m) }

func TestCheckSeriesAcrossYears(t *testing.T) {
	type expect func(anchorDay Date) (me, partner Clock)
	b := func(v bool) int {
		if v {
			return 1
		}
		return 0
	}
	tests := []struct {
		name                    string
		me, partner             string
		anchor                  Anchor
		day                     time.Weekday
		at                      Clock
		want                    expect
		wantMeUsual, wantPUsual Clock
	}{
		{
			// Berlin 18:00 is 17:00Z in winter, 16:00Z in summer; New York is
			// UTC-5/-4. Ben sees 12:00, except 13:00 in the weeks only the US
			// is on summer time.
			name: "Berlin anchor, New York partner", me: "Europe/Berlin", partner: "America/New_York",
			anchor: AnchorMe, day: time.Monday, at: hm(18, 0),
			want: func(d Date) (Clock, Clock) {
				return hm(18, 0), hm(12+b(usSummer(d))-b(euSummer(d)), 0)
			},
			wantMeUsual: hm(18, 0), wantPUsual: hm(12, 0),
		},
		{
			// London 08:00 is 08:00Z or 07:00Z; Sydney is UTC+10/+11. The
			// southern summer runs the other way, so Sydney sees 17:00 (its
			// winter, the most weeks), 18:00 or 19:00.
			name: "London anchor, Sydney partner", me: "Europe/London", partner: "Australia/Sydney",
			anchor: AnchorMe, day: time.Monday, at: hm(8, 0),
			want: func(d Date) (Clock, Clock) {
				return hm(8, 0), hm(8-b(euSummer(d))+10+b(auSummer(d)), 0)
			},
			wantMeUsual: hm(8, 0), wantPUsual: hm(17, 0),
		},
		{
			// Los Angeles Tuesday 19:00 is 03:00Z/02:00Z Wednesday; Kolkata
			// (UTC+5:30, no DST) sees 08:30 in US winter, 07:30 in US summer
			// (the most weeks).
			name: "Los Angeles anchor, Kolkata me", me: "Asia/Kolkata", partner: "America/Los_Angeles",
			anchor: AnchorPartner, day: time.Tuesday, at: hm(19, 0),
			want: func(d Date) (Clock, Clock) {
				return hm(8-b(usSummer(d)), 30), hm(19, 0)
			},
			wantMeUsual: hm(7, 30), wantPUsual: hm(19, 0),
		},
		{
			// Tokyo (UTC+9, no DST) 17:00 is 08:00Z: Berlin 09:00 CET, 10:00 CEST.
			name: "Tokyo anchor, Berlin me", me: "Europe/Berlin", partner: "Asia/Tokyo",
			anchor: AnchorPartner, day: time.Thursday, at: hm(17, 0),
			want: func(d Date) (Clock, Clock) {
				return hm(9+b(euSummer(d)), 0), hm(17, 0)
			},
			wantMeUsual: hm(10, 0), wantPUsual: hm(17, 0),
		},
		{
			// 03:00Z: Kathmandu (UTC+5:45) 08:45 always; Adelaide (UTC+9:30,
			// +10:30 in its summer) 12:30 or 13:30; its winter has the most weeks.
			name: "UTC anchor, Kathmandu and Adelaide", me: "Asia/Kathmandu", partner: "Australia/Adelaide",
			anchor: AnchorUTC, day: time.Wednesday, at: hm(3, 0),
			want: func(d Date) (Clock, Clock) {
				return hm(8, 45), hm(12+b(auSummer(d)), 30)
			},
			wantMeUsual: hm(8, 45), wantPUsual: hm(12, 30),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Given a weekly series over 2026-2030 anchored in one zone,
			me := Person{Name: "Me", Zone: mustZone(t, tt.me), Hours: Window{0, 1440}}
			partner := Person{Name: "Partner", Zone: mustZone(t, tt.partner), Hours: Window{0, 1440}}
			c := Cadence{Unit: Weekly, Interval: 1, Days: []time.Weekday{tt.day}, At: tt.at, Minutes: 60,
				From: Date{2026, 1, 1}, Until: Date{2030, 12, 31}, Anchor: tt.anchor}
			anchor := c.AnchorZone(me.Zone, partner.Zone)
			occs, err := c.Expand(anchor)
			if err != nil {
				t.Fatal(err)
			}
			// When both sides are checked,
			checks := CheckSeries(occs, me, partner)
			// Then each side's clock matches the DST rules, and Shift is the
			// distance from the stated usual time.
			if len(checks) < 5*52 {
				t.Fatalf("only %d sessions in five years", len(checks))
			}
			var moved int
			for _, ch := range checks {
				d := DateOf(ch.Start)
				wm, wp := tt.want(d)
				if got := ClockOf(ch.Me.Start); got != wm {
					t.Errorf("%s: me at %s, want %s", d, got, wm)
				}
				if got := ClockOf(ch.Partner.Start); got != wp {
					t.Errorf("%s: partner at %s, want %s", d, got, wp)
				}
				if want := time.Duration(wm-tt.wantMeUsual) * time.Minute; ch.Me.Shift != want {
					t.Errorf("%s: me shift %v, want %v", d, ch.Me.Shift, want)
				}
				if want := time.Duration(wp-tt.wantPUsual) * time.Minute; ch.Partner.Shift != want {
					t.Errorf("%s: partner shift %v, want %v", d, ch.Partner.Shift, want)
				}
				if ch.Drifted() {
					moved++
				}
				if !ch.SuitsBoth() {
					t.Errorf("%s: round-the-clock hours must always fit", d)
				}
			}
			if moved == 0 && tt.me != "Asia/Kathmandu" && tt.partner != "Asia/Tokyo" {
				t.Errorf("no session moved; the test cannot have exercised DST drift")
			}
		})
	}
}

func TestShiftAcrossMidnight(t *testing.T) {
	// Given Berlin Monday 05:30 (04:30Z in winter): New York's usual is
	// Sunday 23:30 EST, but in the US-only summer weeks it is Monday 00:30 EDT,
	c := Cadence{Unit: Weekly, Interval: 1, Days: []time.Weekday{time.Monday}, At: hm(5, 30), Minutes: 30,
		From: Date{2027, 3, 1}, Until: Date{2027, 3, 22}}
	me := Person{"Ana", mustZone(t, "Europe/Berlin"), Window{hm(5, 0), hm(9, 0)}}
	ben := Person{"Ben", mustZone(t, "America/New_York"), Window{hm(22, 0), hm(1, 0)}}
	occs, err := c.Expand(me.Zone)
	if err != nil {
		t.Fatal(err)
	}
	// When checked, Then the shift is +1h (not -23h) and the night-owl window
	// across midnight still fits both.
	for _, ch := range CheckSeries(occs, me, ben) {
		want := time.Duration(0)
		if usSummer(DateOf(ch.Start)) {
			want = time.Hour
		}
		if ch.Partner.Shift != want || !ch.SuitsBoth() {
			t.Errorf("%s: Ben at %s shift %v fits %v, want shift %v and a fit", DateOf(ch.Start), ch.Partner.Start, ch.Partner.Shift, ch.Partner.Fits, want)
		}
	}
}

func TestSummary(t *testing.T) {
	berlin, ny := mustZone(t, "Europe/Berlin"), mustZone(t, "America/New_York")
	// Nine Mondays, 2027-03-01 .. 2027-04-26. The US changes on Mar 14, the
	// EU on Mar 28.
	spring := Cadence{Unit: Weekly, Interval: 1, Days: []time.Weekday{time.Monday}, Minutes: 60,
		From: Date{2027, 3, 1}, Until: Date{2027, 4, 30}}
	tests := []struct {
		name      string
		anchor    Anchor
		at        Clock
		ana, ben  Window
		want      string
		wantDrift string
	}{
		{
			// 18:00 Berlin is 12:00 in New York, but 13:00 on Mar 15 and 22.
			name: "one side", anchor: AnchorMe, at: hm(18, 0),
			ana: Window{hm(17, 0), hm(20, 0)}, ben: Window{hm(9, 0), hm(13, 0)},
			want:      "9 sessions, 2 outside Ben's hours (Mar 15, Mar 22: 13:00-14:00 for Ben)",
			wantDrift: "Ben's time moves on 2 sessions (Mar 15, Mar 22: +1h, 13:00 instead of 12:00 for Ben)",
		},
		{
			// 17:00Z: Berlin 18:00 CET / 19:00 CEST, New York 12:00 EST / 13:00
			// EDT. Ana (18-19) loses the 5 sessions from Mar 29; Ben (12-13)
			// loses the 7 from Mar 15.
			name: "both sides", anchor: AnchorUTC, at: hm(17, 0),
			ana: Window{hm(18, 0), hm(19, 0)}, ben: Window{hm(12, 0), hm(13, 0)},
			want: "9 sessions, 5 outside Ana's hours (Mar 29, Apr 5, Apr 12, Apr 19, Apr 26: 19:00-20:00 for Ana), " +
				"7 outside Ben's hours (Mar 15, Mar 22, Mar 29, Apr 5, Apr 12, Apr 19, Apr 26: 13:00-14:00 for Ben)",
		},
		{
			name: "none", anchor: AnchorMe, at: hm(18, 0),
			ana: Window{hm(8, 0), hm(22, 0)}, ben: Window{hm(8, 0), hm(20, 0)},
			want: "all 9 sessions suit both",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Given a spring series and both partners' hours,
			ana, ben := Person{"Ana", berlin, tt.ana}, Person{"Ben", ny, tt.ben}
			c := spring
			c.Anchor, c.At = tt.anchor, tt.at
			occs, err := c.Expand(c.AnchorZone(berlin, ny))
			if err != nil {
				t.Fatal(err)
			}
			// When summarised, Then the user reads who is affected and when.
			checks := CheckSeries(occs, ana, ben)
			if got := Summary(checks, ana, ben); got != tt.want {
				t.Errorf("Summary =\n  %q\nwant\n  %q", got, tt.want)
			}
			if tt.wantDrift != "" {
				if got := DriftSummary(checks, ana, ben); got != tt.wantDrift {
					t.Errorf("DriftSummary =\n  %q\nwant\n  %q", got, tt.wantDrift)
				}
			}
		})
	}
}

func TestSummaryEdges(t *testing.T) {
	p := Person{"P", time.UTC, Window{0, 1440}}
	// Given no sessions or one, When summarised, Then the grammar holds.
	if got := Summary(nil, p, p); got != "no sessions" {
		t.Errorf("Summary(nil) = %q", got)
	}
	one := CheckSeries([]Occurrence{{Start: time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC), End: time.Date(2027, 1, 1, 10, 0, 0, 0, time.UTC)}}, p, p)
	if got := Summary(one, p, p); got != "1 session, it suits both" {
		t.Errorf("Summary(one) = %q", got)
	}
	if got := DriftSummary(one, p, p); got != "" {
		t.Errorf("DriftSummary(one) = %q, want empty", got)
	}
}

func TestClockDiff(t *testing.T) {
	for _, tt := range []struct {
		a, b Clock
		want int
	}{{hm(13, 0), hm(12, 0), 60}, {hm(0, 30), hm(23, 30), 60}, {hm(23, 30), hm(0, 30), -60}, {hm(12, 0), 0, 720}, {0, hm(12, 0), 720}} {
		// Given two clocks, When compared, Then the short way round the dial.
		if got := clockDiff(tt.a, tt.b); got != tt.want {
			t.Errorf("clockDiff(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestChangeNamesTheSessionsWhereTimeChanges: Ana in Berlin meets Kenji in
// Tokyo (no DST) on Mondays from January to October, so most sessions are
// in Berlin's summer time. Kenji's time changes at the first session after
// each of Berlin's clock changes, and nowhere else; the first session,
// though unusual for him, is not where anything changed.
func TestChangeNamesTheSessionsWhereTimeChanges(t *testing.T) {
	c := Cadence{Unit: Weekly, Interval: 1, Days: []time.Weekday{time.Monday}, At: hm(9, 0), Minutes: 60,
		From: Date{2027, 1, 4}, Until: Date{2027, 11, 30}}
	me := Person{"Ana", mustZone(t, "Europe/Berlin"), Window{hm(8, 0), hm(18, 0)}}
	kenji := Person{"Kenji", mustZone(t, "Asia/Tokyo"), Window{hm(8, 0), hm(23, 0)}}
	occs, err := c.Expand(me.Zone)
	if err != nil {
		t.Fatal(err)
	}
	checks := CheckSeries(occs, me, kenji)
	if checks[0].Partner.Shift == 0 {
		t.Fatal("the first (winter) session is at Kenji's usual time: the series is not mostly summer")
	}
	changes := map[Date]time.Duration{}
	for _, ch := range checks {
		if ch.Me.Change != 0 {
			t.Errorf("%s: Ana's time changes by %v in a series anchored on her clock", DateOf(ch.Start), ch.Me.Change)
		}
		if ch.Partner.Change != 0 {
			changes[DateOf(ch.Me.Start)] = ch.Partner.Change
		}
	}
	// Berlin springs forward on 28 Mar 2027 and falls back on 31 Oct 2027
	want := map[Date]time.Duration{{2027, 3, 29}: -time.Hour, {2027, 11, 1}: time.Hour}
	if len(changes) != len(want) {
		t.Fatalf("Kenji's time changes at %v, want %v", changes, want)
	}
	for d, w := range want {
		if changes[d] != w {
			t.Errorf("%v: change %v, want %v", d, changes[d], w)
		}
	}
}
