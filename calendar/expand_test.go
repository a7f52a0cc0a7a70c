package calendar

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/teambition/rrule-go"
)

// utc parses "2006-01-02 15:04" as UTC, for expected instants.
func utc(t testing.TB, s string) time.Time {
	t.Helper()
	u, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestWallTime(t *testing.T) {
	tests := []struct {
		name     string
		zone     string
		day      Date
		at       Clock
		wantUTC  string
		wantKind Wall
		wantWall Clock // the clock the session shows in the zone
	}{
		// Berlin springs forward on 2027-03-28 (last Sunday of March) at
		// 02:00 CET -> 03:00 CEST. 02:30 read with +01:00 is 01:30Z = 03:30 CEST.
		{"Berlin gap", "Europe/Berlin", Date{2027, 3, 28}, 150, "2027-03-28 01:30", WallGap, 210},
		// New York springs forward on 2027-03-14 (second Sunday) 02:00 EST.
		// 02:30 read with -05:00 is 07:30Z = 03:30 EDT. Go alone gives 01:30 EST.
		{"New York gap", "America/New_York", Date{2027, 3, 14}, 150, "2027-03-14 07:30", WallGap, 210},
		// Berlin falls back on 2027-10-31 at 03:00 CEST -> 02:00 CET; the first
		// 02:30 is CEST (+02:00): 00:30Z. Go alone picks the second (01:30Z).
		{"Berlin repeated", "Europe/Berlin", Date{2027, 10, 31}, 150, "2027-10-31 00:30", WallRepeated, 150},
		// New York falls back on 2027-11-07 at 02:00 EDT; first 01:30 is EDT: 05:30Z.
		{"New York repeated", "America/New_York", Date{2027, 11, 7}, 90, "2027-11-07 05:30", WallRepeated, 90},
		// Chile springs forward at midnight on 2027-09-05 (-04 -> -03): 00:30 read
		// with -04:00 is 04:30Z = 01:30. Go alone moves it to 23:30 the day before.
		{"Santiago midnight gap", "America/Santiago", Date{2027, 9, 5}, 30, "2027-09-05 04:30", WallGap, 90},
		// Lord Howe moves by 30 minutes on 2027-10-03, 02:00 +10:30 -> 02:30 +11:
		// 02:15 read with +10:30 is 15:45Z the day before = 02:45 +11.
		{"Lord Howe half-hour gap", "Australia/Lord_Howe", Date{2027, 10, 3}, 135, "2027-10-02 15:45", WallGap, 165},
		// Sydney falls back on 2027-04-04 at 03:00 AEDT -> 02:00 AEST: first 02:30 is +11: 15:30Z.
		{"Sydney repeated", "Australia/Sydney", Date{2027, 4, 4}, 150, "2027-04-03 15:30", WallRepeated, 150},
		{"ordinary", "Asia/Kathmandu", Date{2027, 3, 28}, 150, "2027-03-27 20:45", WallExact, 150},
		{"UTC", "UTC", Date{2027, 3, 28}, 150, "2027-03-28 02:30", WallExact, 150},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Given a wall time on a transition day, When placed, Then it
			// follows RFC 5545 §3.3.5 and says what kind of time it was.
			loc := mustZone(t, tt.zone)
			got, kind := WallTime(tt.day, tt.at, loc)
			if !got.Equal(utc(t, tt.wantUTC)) {
				t.Errorf("WallTime = %v (%v), want %s UTC", got, got.UTC(), tt.wantUTC)
			}
			if kind != tt.wantKind {
				t.Errorf("kind = %v, want %v", kind, tt.wantKind)
			}
			if ClockOf(got) != tt.wantWall || got.Location() != loc {
				t.Errorf("shows %s in %v, want %s in %s", ClockOf(got), got.Location(), tt.wantWall, tt.zone)
			}
		})
	}
}

func TestExpandDSTNotes(t *testing.T) {
	// Given a weekly Sunday 02:30 series in Berlin through both 2027 changes,
	c := Cadence{Unit: Weekly, Interval: 1, Days: []time.Weekday{time.Sunday}, At: 150, Minutes: 60,
		From: Date{2027, 3, 21}, Until: Date{2027, 11, 7}}
	occs, err := c.Expand(mustZone(t, "Europe/Berlin"))
	if err != nil {
		t.Fatal(err)
	}
	// When expanded, Then only the gap and the repeated day carry notes,
	// with the exact sentence the user reads, and no other session moves.
	notes := map[string]string{
		"2027-03-28": "02:30 does not exist on 2027-03-28 in Europe/Berlin; this session is at 03:30.",
		"2027-10-31": "02:30 happens twice on 2027-10-31 in Europe/Berlin; this session is at the first 02:30 (CEST).",
	}
	for _, o := range occs {
		day := DateOf(o.Start).String()
		if o.Note != notes[day] {
			t.Errorf("%s note = %q, want %q", day, o.Note, notes[day])
		}
		if want := 150; day != "2027-03-28" && int(ClockOf(o.Start)) != want {
			t.Errorf("%s starts at %s, want 02:30", day, ClockOf(o.Start))
		}
		if o.End.Sub(o.Start) != time.Hour {
			t.Errorf("%s lasts %v, want 1h", day, o.End.Sub(o.Start))
		}
	}
	// 2027-03-21 .. 2027-11-07 inclusive: (231 days / 7) + 1 = 34 Sundays.
	if len(occs) != 34 {
		t.Errorf("got %d sessions, want 34", len(occs))
	}
}

// weekdaysIn lists the days of a month that fall on wd by walking its days, an oracle
// independent of nthWeekday and rrule-go.
func weekdaysIn(year int, month time.Month, wd time.Weekday) []int {
	var days []int
	for d := time.Date(year, month, 1, 12, 0, 0, 0, time.UTC); d.Month() == month; d = d.AddDate(0, 0, 1) {
		if d.Weekday() == wd {
			days = append(days, d.Day())
		}
	}
	return days
}

func TestExpandFifthWeekday(t *testing.T) {
	// Given the 5th Thursday of every month of 2027 at 09:00 Tokyo,
	c := Cadence{Unit: Monthly, Interval: 1, Days: []time.Weekday{time.Thursday}, Nth: 5, At: 9 * 60, Minutes: 60,
		From: Date{2027, 1, 1}, Until: Date{2027, 12, 31}}
	occs, err := c.Expand(mustZone(t, "Asia/Tokyo"))
	if err != nil {
		t.Fatal(err)
	}
	skipped, err := c.SkippedMonths()
	if err != nil {
		t.Fatal(err)
	}
	// Then the sessions are exactly the months with five Thursdays, and the
	// other months are reported, not silently dropped.
	var wantDays []Date
	var wantSkipped []Date
	for m := time.January; m <= time.December; m++ {
		th := weekdaysIn(2027, m, time.Thursday)
		if len(th) == 5 {
			wantDays = append(wantDays, Date{2027, m, th[4]})
		} else {
			wantSkipped = append(wantSkipped, Date{2027, m, 1})
		}
	}
	if len(occs) != len(wantDays) {
		t.Fatalf("got %d sessions, want %d", len(occs), len(wantDays))
	}
	for i, o := range occs {
		if DateOf(o.Start) != wantDays[i] {
			t.Errorf("session %d on %s, want %s", i, DateOf(o.Start), wantDays[i])
		}
	}
	if len(skipped) != len(wantSkipped) {
		t.Fatalf("skipped %v, want %v", skipped, wantSkipped)
	}
	for i := range skipped {
		if skipped[i] != wantSkipped[i] {
			t.Errorf("skipped[%d] = %s, want %s", i, skipped[i], wantSkipped[i])
		}
	}
	// 2027-01-01 is a Friday, so January's Thursdays are 7..28: four. April
	// 1 is a Thursday, so April 29 is the first session and its note names
	// January to March.
	if DateOf(occs[0].Start) != (Date{2027, 4, 29}) {
		t.Errorf("first session %s, want 2027-04-29", DateOf(occs[0].Start))
	}
	if want := "January 2027, February 2027 and March 2027 have no 5th Thursday"; !strings.Contains(occs[0].Note, want) {
		t.Errorf("first note %q, want it to contain %q", occs[0].Note, want)
	}
	// December has the last session (Dec 30); no month after it is left unreported.
	var noted int
	for _, o := range occs {
		noted += strings.Count(o.Note, " 2027")
	}
	if noted != len(wantSkipped) {
		t.Errorf("notes name %d months, want %d", noted, len(wantSkipped))
	}
}

func TestExpandEnds(t *testing.T) {
	berlin := mustZone(t, "Europe/Berlin")
	tests := []struct {
		name string
		c    Cadence
		want []Date
	}{
		{
			// 2027-01-04 is a Monday; every other week: weeks of Jan 4 and Jan 18.
			name: "biweekly until, inclusive",
			c:    Cadence{Unit: Weekly, Interval: 2, Days: []time.Weekday{time.Monday, time.Thursday}, At: 17 * 60, Minutes: 60, From: Date{2027, 1, 4}, Until: Date{2027, 1, 18}},
			want: []Date{{2027, 1, 4}, {2027, 1, 7}, {2027, 1, 18}},
		},
		{
			// Starting on a Wednesday: the Monday of the first week has passed,
			// its Thursday has not; the week count starts from the first week.
			name: "biweekly from midweek, count",
			c:    Cadence{Unit: Weekly, Interval: 2, Days: []time.Weekday{time.Monday, time.Thursday}, At: 17 * 60, Minutes: 60, From: Date{2027, 1, 6}, Count: 4},
			want: []Date{{2027, 1, 7}, {2027, 1, 18}, {2027, 1, 21}, {2027, 2, 1}},
		},
		{
			// Last Fridays: Jan 31 2027 is a Sunday (-> 29), Feb 28 a Sunday
			// (-> 26), Mar 31 a Wednesday (-> 26).
			name: "monthly last friday, count",
			c:    Cadence{Unit: Monthly, Interval: 1, Days: []time.Weekday{time.Friday}, Nth: -1, At: 9 * 60, Minutes: 45, From: Date{2027, 1, 1}, Count: 3},
			want: []Date{{2027, 1, 29}, {2027, 2, 26}, {2027, 3, 26}},
		},
		{
			// 1st Mondays every 2 months from January: Jan 4, Mar 1, May 3;
			// until May 2 stops before May 3.
			name: "every 2 months, until",
			c:    Cadence{Unit: Monthly, Interval: 2, Days: []time.Weekday{time.Monday}, Nth: 1, At: 9 * 60, Minutes: 45, From: Date{2027, 1, 1}, Until: Date{2027, 5, 2}},
			want: []Date{{2027, 1, 4}, {2027, 3, 1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Given a cadence ending by count or date, When expanded, Then
			// exactly the expected days, at the requested clock.
			occs, err := tt.c.Expand(berlin)
			if err != nil {
				t.Fatal(err)
			}
			if len(occs) != len(tt.want) {
				t.Fatalf("got %d sessions, want %v", len(occs), tt.want)
			}
			for i, o := range occs {
				if DateOf(o.Start) != tt.want[i] || ClockOf(o.Start) != tt.c.At {
					t.Errorf("session %d at %v, want %s %s", i, o.Start, tt.want[i], tt.c.At)
				}
			}
			first, _ := tt.c.FirstDate()
			if first != tt.want[0] {
				t.Errorf("FirstDate = %s, want %s", first, tt.want[0])
			}
		})
	}
}

func TestExpandFollowsAnchorDST(t *testing.T) {
	// Given a weekly 09:00 series anchored in Sydney across its April and
	// October 2027 changes, When expanded, Then the clock stays at 09:00 and
	// the UTC instant moves by an hour (AEDT +11 -> AEST +10 -> AEDT).
	c := Cadence{Unit: Weekly, Interval: 1, Days: []time.Weekday{time.Monday}, At: 9 * 60, Minutes: 60,
		From: Date{2027, 3, 29}, Until: Date{2027, 10, 4}}
	occs, err := c.Expand(mustZone(t, "Australia/Sydney"))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range occs {
		if ClockOf(o.Start) != 9*60 || o.Note != "" {
			t.Errorf("%v: clock %s, note %q", o.Start, ClockOf(o.Start), o.Note)
		}
	}
	wantHour := map[Date]int{{2027, 3, 29}: 22, {2027, 4, 5}: 23, {2027, 10, 4}: 22} // UTC hour, previous day
	for _, o := range occs {
		if h, ok := wantHour[DateOf(o.Start)]; ok && o.Start.UTC().Hour() != h {
			t.Errorf("%s starts %v, want %02d:00Z", DateOf(o.Start), o.Start.UTC(), h)
		}
	}
}

// TestRRuleRoundTrip parses RRule's text back with rrule-go, using a real
// TZID'd DTSTART, and checks it yields Expand's instants on days without a
// DST oddity: the string and the expansion describe the same series.
func TestRRuleRoundTrip(t *testing.T) {
	cases := []struct {
		zone string
		c    Cadence
	}{
		{"Europe/Berlin", Cadence{Unit: Weekly, Interval: 2, Days: []time.Weekday{time.Monday, time.Thursday}, At: 17 * 60, Minutes: 60, From: Date{2027, 1, 6}, Until: Date{2028, 6, 30}}},
		{"America/New_York", Cadence{Unit: Weekly, Interval: 1, Days: []time.Weekday{time.Sunday}, At: 23*60 + 30, Minutes: 90, From: Date{2026, 10, 1}, Until: Date{2027, 12, 26}}},
		{"Australia/Adelaide", Cadence{Unit: Monthly, Interval: 1, Days: []time.Weekday{time.Friday}, Nth: -1, At: 7 * 60, Minutes: 30, From: Date{2026, 1, 1}, Until: Date{2029, 12, 28}}},
		{"Asia/Kathmandu", Cadence{Unit: Monthly, Interval: 2, Days: []time.Weekday{time.Wednesday}, Nth: 5, At: 20 * 60, Minutes: 60, From: Date{2026, 1, 1}, Count: 6}},
	}
	for _, tc := range cases {
		t.Run(tc.zone, func(t *testing.T) {
			loc := mustZone(t, tc.zone)
			occs, err := tc.c.Expand(loc)
			if err != nil {
				t.Fatal(err)
			}
			first, _ := tc.c.FirstDate()
			opt, err := rrule.StrToROption(tc.c.RRule(loc))
			if err != nil {
				t.Fatalf("rrule-go cannot parse %q: %v", tc.c.RRule(loc), err)
			}
			opt.Dtstart = first.At(tc.c.At, loc)
			r, err := rrule.NewRRule(*opt)
			if err != nil {
				t.Fatal(err)
			}
			got := r.All()
			if len(got) != len(occs) {
				t.Fatalf("rrule-go gives %d sessions for %q, Expand %d", len(got), tc.c.RRule(loc), len(occs))
			}
			for i := range got {
				if !got[i].Equal(occs[i].Start) {
					t.Errorf("session %d: rrule-go %v, Expand %v", i, got[i], occs[i].Start)
				}
			}
		})
	}
}

func ExampleCadence_Expand() {
	berlin, _ := LoadZone("Europe/Berlin")
	c := Cadence{Unit: Weekly, Interval: 1, Days: []time.Weekday{time.Sunday}, At: 2*60 + 30, Minutes: 60,
		From: Date{2027, 3, 21}, Count: 2}
	fmt.Println(c.RRule(berlin))
	occs, _ := c.Expand(berlin)
	for _, o := range occs {
		fmt.Println(strings.TrimSpace(o.Start.Format("2006-01-02 15:04 MST") + " " + o.Note))
	}
	// Output:
	// FREQ=WEEKLY;BYDAY=SU;COUNT=2;WKST=MO
	// 2027-03-21 02:30 CET
	// 2027-03-28 03:30 CEST 02:30 does not exist on 2027-03-28 in Europe/Berlin; this session is at 03:30.
}

func TestRepeatedWallTimes(t *testing.T) {
	tests := []struct {
		zone          string
		d             Date
		c             Clock
		ok            bool
		first, second string // UTC
	}{
		{"Europe/Berlin", Date{2027, 10, 31}, 150, true, "2027-10-31T00:30:00Z", "2027-10-31T01:30:00Z"},
		{"America/New_York", Date{2027, 11, 7}, 90, true, "2027-11-07T05:30:00Z", "2027-11-07T06:30:00Z"},
		// Lord Howe falls back by 30 minutes
		{"Australia/Lord_Howe", Date{2027, 4, 4}, 105, true, "2027-04-03T14:45:00Z", "2027-04-03T15:15:00Z"},
		{"Europe/Berlin", Date{2027, 10, 31}, 210, false, "2027-10-31T02:30:00Z", ""},
		{"Europe/Berlin", Date{2027, 3, 28}, 150, false, "2027-03-28T01:30:00Z", ""}, // a gap, not a repeat
		{"Asia/Tokyo", Date{2027, 10, 31}, 150, false, "2027-10-30T17:30:00Z", ""},
	}
	for _, tt := range tests {
		t.Run(tt.zone+" "+tt.d.String(), func(t *testing.T) {
			first, second, ok := RepeatedWallTimes(tt.d, tt.c, mustZone(t, tt.zone))
			if ok != tt.ok || first.UTC().Format(time.RFC3339) != tt.first {
				t.Fatalf("got %v %v %v", first.UTC(), second.UTC(), ok)
			}
			if ok && second.UTC().Format(time.RFC3339) != tt.second {
				t.Errorf("second %v, want %s", second.UTC(), tt.second)
			}
		})
	}
}
