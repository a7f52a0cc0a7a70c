package calendar

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// weekly returns a valid weekly cadence to vary in tests.
func weekly(days ...time.Weekday) Cadence {
	return Cadence{Unit: Weekly, Interval: 1, Days: days, At: 17 * 60, Minutes: 60,
		From: Date{2027, 1, 4}, Until: Date{2027, 6, 30}}
}

// monthly returns a valid monthly cadence on the nth wd.
func monthly(nth int, wd time.Weekday) Cadence {
	return Cadence{Unit: Monthly, Interval: 1, Days: []time.Weekday{wd}, Nth: nth, At: 9 * 60, Minutes: 45,
		From: Date{2027, 1, 1}, Count: 12}
}

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := LoadZone(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestValidate(t *testing.T) {
	mod := func(c Cadence, f func(*Cadence)) Cadence { f(&c); return c }
	tests := []struct {
		name  string
		c     Cadence
		field string // "" means valid
		text  string // part of the message the user reads
	}{
		{"weekly ok", weekly(time.Monday, time.Thursday), "", ""},
		{"monthly last ok", monthly(-1, time.Friday), "", ""},
		{"monthly 5th ok", monthly(5, time.Thursday), "", ""},
		{"unknown unit", mod(weekly(time.Monday), func(c *Cadence) { c.Unit = "day" }), "unit", `"day"`},
		{"zero interval", mod(weekly(time.Monday), func(c *Cadence) { c.Interval = 0 }), "interval", "every 0 weeks"},
		{"negative interval", mod(weekly(time.Monday), func(c *Cadence) { c.Interval = -2 }), "interval", "1 to 52"},
		{"53 weeks", mod(weekly(time.Monday), func(c *Cadence) { c.Interval = 53 }), "interval", "1 to 52"},
		{"13 months", mod(monthly(1, time.Monday), func(c *Cadence) { c.Interval = 13 }), "interval", "1 to 12"},
		{"no days", weekly(), "days", "at least one weekday"},
		{"bad weekday", weekly(time.Weekday(9)), "days", "not a weekday"},
		{"weekly with nth", mod(weekly(time.Monday), func(c *Cadence) { c.Nth = 2 }), "nth", "2nd"},
		{"monthly two days", mod(monthly(1, time.Monday), func(c *Cadence) { c.Days = append(c.Days, time.Friday) }), "days", "one weekday"},
		{"monthly nth 0", monthly(0, time.Monday), "nth", "1st to 5th or the last"},
		{"monthly nth 6", monthly(6, time.Monday), "nth", "not 6"},
		{"monthly nth -2", monthly(-2, time.Monday), "nth", "not -2"},
		{"time 24:00", mod(weekly(time.Monday), func(c *Cadence) { c.At = 1440 }), "time", "24:00"},
		{"4 minutes", mod(weekly(time.Monday), func(c *Cadence) { c.Minutes = 4 }), "minutes", "5 to 480"},
		{"481 minutes", mod(weekly(time.Monday), func(c *Cadence) { c.Minutes = 481 }), "minutes", "481"},
		{"no from", mod(weekly(time.Monday), func(c *Cadence) { c.From = Date{} }), "from", "first session"},
		{"from Feb 30", mod(weekly(time.Monday), func(c *Cadence) { c.From = Date{2027, 2, 30} }), "from", "not a real date"},
		{"count and until", mod(weekly(time.Monday), func(c *Cadence) { c.Count = 5 }), "end", "not both"},
		{"no end", mod(weekly(time.Monday), func(c *Cadence) { c.Until = Date{} }), "end", "programme end"},
		{"negative count", mod(monthly(1, time.Monday), func(c *Cadence) { c.Count = -1 }), "count", "1 to 1000"},
		{"absurd count", mod(monthly(1, time.Monday), func(c *Cadence) { c.Count = 1001 }), "count", "1001"},
		{"until before from", mod(weekly(time.Monday), func(c *Cadence) { c.Until = Date{2026, 12, 31} }), "until", "before the first date"},
		{"until too far", mod(weekly(time.Monday), func(c *Cadence) { c.Until = Date{2047, 1, 1} }), "until", "more than 1000"},
		{"bad anchor", mod(weekly(time.Monday), func(c *Cadence) { c.Anchor = "moon" }), "anchor", `"moon"`},
		// 2027-01-04 is a Monday and 2027-01-08 a Friday: no Saturday in between.
		{"no session", mod(weekly(time.Saturday), func(c *Cadence) { c.Until = Date{2027, 1, 8} }), "series", "no session"},
		// February 2027 starts on a Monday and has 28 days: four Thursdays.
		{"no 5th thursday", mod(monthly(5, time.Thursday), func(c *Cadence) {
			c.From, c.Count, c.Until = Date{2027, 2, 1}, 0, Date{2027, 2, 28}
		}), "series", "5th Thursday"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Given a cadence, When validated, Then a valid one passes and a
			// bad one names its field in a user-readable message.
			err := tt.c.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			var ce *CadenceError
			if !errors.As(err, &ce) {
				t.Fatalf("Validate() = %v, want a *CadenceError for %q", err, tt.field)
			}
			if ce.Field != tt.field {
				t.Errorf("field = %q (%v), want %q", ce.Field, err, tt.field)
			}
			if !strings.Contains(err.Error(), tt.text) {
				t.Errorf("message %q does not mention %q", err, tt.text)
			}
			if _, xerr := tt.c.Expand(time.UTC); xerr == nil {
				t.Errorf("Expand accepted a cadence Validate refuses")
			}
		})
	}
}

func TestCadenceErrorNamesField(t *testing.T) {
	// Given a bad interval, When shown to the user, Then the message starts
	// with the form's label.
	err := Cadence{Unit: Weekly}.Validate()
	if got := err.Error(); !strings.HasPrefix(got, "interval: ") {
		t.Errorf("error %q, want it to start with the label", got)
	}
}

func TestRRule(t *testing.T) {
	berlin := mustZone(t, "Europe/Berlin")
	ny := mustZone(t, "America/New_York")
	tests := []struct {
		name string
		c    Cadence
		loc  *time.Location
		want string
	}{
		{
			// 2027-06-30 is in CEST (UTC+2): the 17:00-18:00 session ends 16:00Z.
			name: "biweekly until",
			c:    Cadence{Unit: Weekly, Interval: 2, Days: []time.Weekday{time.Thursday, time.Monday}, At: 17 * 60, Minutes: 60, From: Date{2027, 1, 4}, Until: Date{2027, 6, 30}},
			loc:  berlin,
			want: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;UNTIL=20270630T160000Z;WKST=MO",
		},
		{
			// 2027-01-31 is in EST (UTC-5): 23:30 + 45 min = 00:15 EST = 05:15Z on Feb 1.
			name: "until in winter west of UTC",
			c:    Cadence{Unit: Weekly, Interval: 1, Days: []time.Weekday{time.Sunday}, At: 23*60 + 30, Minutes: 45, From: Date{2027, 1, 3}, Until: Date{2027, 1, 31}},
			loc:  ny,
			want: "FREQ=WEEKLY;BYDAY=SU;UNTIL=20270201T051500Z;WKST=MO",
		},
		{
			name: "monthly last with count",
			c:    monthly(-1, time.Friday),
			loc:  berlin,
			want: "FREQ=MONTHLY;BYDAY=-1FR;COUNT=12;WKST=MO",
		},
		{
			name: "every 3 months on the 2nd Tuesday",
			c:    Cadence{Unit: Monthly, Interval: 3, Days: []time.Weekday{time.Tuesday}, Nth: 2, At: 8 * 60, Minutes: 30, From: Date{2027, 1, 1}, Count: 4},
			loc:  time.UTC,
			want: "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU;COUNT=4;WKST=MO",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Given a cadence, When written as an RRULE, Then FREQ comes
			// first, UNTIL is UTC and WKST is Monday.
			if got := tt.c.RRule(tt.loc); got != tt.want {
				t.Errorf("RRule() = %q\nwant      %q", got, tt.want)
			}
		})
	}
}

func TestParseWeekdays(t *testing.T) {
	tests := []struct {
		in   string
		want []time.Weekday
		err  bool
	}{
		{in: "MO,TH", want: []time.Weekday{time.Monday, time.Thursday}},
		{in: "th, mo, MO", want: []time.Weekday{time.Monday, time.Thursday}},
		{in: "Sunday Saturday", want: []time.Weekday{time.Saturday, time.Sunday}},
		{in: "tue;fri", want: []time.Weekday{time.Tuesday, time.Friday}},
		{in: "", err: true},
		{in: "MO,XX", err: true},
		{in: "M", err: true}, // too short to tell Monday from nothing
	}
	for _, tt := range tests {
		// Given a typed list, When parsed, Then the days come back Monday
		// first without repeats, or an error names the bad entry.
		got, err := ParseWeekdays(tt.in)
		if (err != nil) != tt.err {
			t.Errorf("ParseWeekdays(%q) error = %v, want error %v", tt.in, err, tt.err)
			continue
		}
		if FormatWeekdays(got) != FormatWeekdays(tt.want) {
			t.Errorf("ParseWeekdays(%q) = %s, want %s", tt.in, FormatWeekdays(got), FormatWeekdays(tt.want))
		}
	}
}

func TestDescribe(t *testing.T) {
	berlin := mustZone(t, "Europe/Berlin")
	tests := []struct {
		c    Cadence
		want string
	}{
		{
			Cadence{Unit: Weekly, Interval: 2, Days: []time.Weekday{time.Thursday, time.Monday}, At: 17 * 60, Minutes: 60, From: Date{2027, 1, 4}, Until: Date{2027, 6, 30}},
			"Every 2 weeks on Monday and Thursday at 17:00 (Europe/Berlin), 60 min, from 2027-01-04 until 2027-06-30",
		},
		{
			Cadence{Unit: Weekly, Interval: 1, Days: []time.Weekday{time.Friday, time.Monday, time.Wednesday}, At: 8*60 + 30, Minutes: 30, From: Date{2027, 1, 4}, Count: 1},
			"Every week on Monday, Wednesday and Friday at 08:30 (Europe/Berlin), 30 min, from 2027-01-04, 1 session",
		},
		{
			monthly(-1, time.Friday),
			"Every month on the last Friday at 09:00 (Europe/Berlin), 45 min, from 2027-01-01, 12 sessions",
		},
		{
			Cadence{Unit: Monthly, Interval: 3, Days: []time.Weekday{time.Tuesday}, Nth: 2, At: 8 * 60, Minutes: 30, From: Date{2027, 1, 1}, Count: 4},
			"Every 3 months on the 2nd Tuesday at 08:00 (Europe/Berlin), 30 min, from 2027-01-01, 4 sessions",
		},
	}
	for _, tt := range tests {
		// Given a cadence, When described, Then the user reads it in plain English.
		if got := tt.c.Describe(berlin); got != tt.want {
			t.Errorf("Describe() = %q\nwant        %q", got, tt.want)
		}
	}
}

func TestAnchorZone(t *testing.T) {
	me, partner := mustZone(t, "Europe/Berlin"), mustZone(t, "Asia/Tokyo")
	for a, want := range map[Anchor]*time.Location{"": me, AnchorMe: me, AnchorPartner: partner, AnchorUTC: time.UTC} {
		// Given an anchor choice, When resolved, Then the matching zone.
		if got := (Cadence{Anchor: a}).AnchorZone(me, partner); got != want {
			t.Errorf("AnchorZone(%q) = %v, want %v", a, got, want)
		}
	}
}
