package calendar

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestCadenceFromRuleRoundTrip(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	tests := []struct {
		name string
		c    Cadence
		loc  *time.Location
	}{
		{"every two weeks on two days until a date", Cadence{Unit: Weekly, Interval: 2, Days: []time.Weekday{time.Monday, time.Thursday},
			At: 17 * 60, Minutes: 60, From: Date{2027, 1, 4}, Until: Date{2027, 6, 30}}, berlin},
		{"weekly for ten sessions", Cadence{Unit: Weekly, Interval: 1, Days: []time.Weekday{time.Wednesday},
			At: 8*60 + 30, Minutes: 45, From: Date{2027, 3, 3}, Count: 10}, tokyo},
		{"second Tuesday of each month", Cadence{Unit: Monthly, Interval: 1, Days: []time.Weekday{time.Tuesday}, Nth: 2,
			At: 18 * 60, Minutes: 90, From: Date{2027, 1, 12}, Count: 6}, berlin},
		{"last Friday every two months, until a date across DST", Cadence{Unit: Monthly, Interval: 2, Days: []time.Weekday{time.Friday}, Nth: LastOfMonth,
			At: 23*60 + 30, Minutes: 60, From: Date{2027, 1, 29}, Until: Date{2027, 11, 30}}, berlin},
		{"in UTC", Cadence{Unit: Weekly, Interval: 3, Days: []time.Weekday{time.Sunday},
			At: 0, Minutes: 30, From: Date{2027, 1, 3}, Count: 4}, time.UTC},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first, err := tt.c.FirstDate()
			if err != nil {
				t.Fatal(err)
			}
			got, err := CadenceFromRule(tt.c.RRule(tt.loc), first.At(tt.c.At, tt.loc), tt.c.Duration())
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.c) {
				t.Errorf("got  %+v\nwant %+v (rule %s)", got, tt.c, tt.c.RRule(tt.loc))
			}
			if got.RRule(tt.loc) != tt.c.RRule(tt.loc) {
				t.Errorf("the read cadence writes %s, want %s", got.RRule(tt.loc), tt.c.RRule(tt.loc))
			}
		})
	}
}

func TestCadenceFromRuleRefuses(t *testing.T) {
	start := time.Date(2027, 1, 4, 17, 0, 0, 0, time.UTC) // a Monday
	tests := []struct {
		rule   string
		length time.Duration
		field  string
	}{
		{"FREQ=DAILY;COUNT=5", time.Hour, "unit"},
		{"FREQ=MONTHLY;BYMONTHDAY=4;COUNT=3", time.Hour, "series"},
		{"FREQ=MONTHLY;BYDAY=1MO,3MO;COUNT=3", time.Hour, "nth"},
		{"FREQ=WEEKLY;BYDAY=XX;COUNT=3", time.Hour, "days"},
		{"FREQ=WEEKLY;BYDAY=TU;COUNT=3", time.Hour, "from"},
		{"FREQ=WEEKLY;BYDAY=MO;COUNT=3", 90 * time.Second, "minutes"},
		{"BYDAY=MO;COUNT=3", time.Hour, "unit"},
		{"FREQ=WEEKLY;BYDAY=MO", time.Hour, "end"},
		{"garbage", time.Hour, "series"},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			_, err := CadenceFromRule(tt.rule, start, tt.length)
			ce, ok := err.(*CadenceError)
			if !ok || ce.Field != tt.field {
				t.Errorf("err %v, want a CadenceError on %q", err, tt.field)
			}
			if err != nil && strings.TrimSpace(err.Error()) == "" {
				t.Errorf("empty message")
			}
		})
	}
}
