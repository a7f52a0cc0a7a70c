package ics

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"
)

// TestRepeatedHourEndIsUnambiguous: a session moved to 02:30 on the night
// Berlin repeats that hour ends at 02:30 CET, a wall time every reader
// takes as the first 02:30 (CEST), so its end goes as DURATION and reads
// back one hour after the start (issue 14, bug 3). Other events keep DTEND.
func TestRepeatedHourEndIsUnambiguous(t *testing.T) {
	berlin := mustZone(t, "Europe/Berlin")
	start := time.Date(2027, 10, 31, 0, 30, 0, 0, time.UTC).In(berlin) // 02:30 CEST, the first 02:30
	s := Series{
		UID: "repeated-hour@twoway.example", Summary: "Ana & Ben",
		Organizer: Person{Name: "Ana", Email: "ana@example.org"}, Attendee: Person{Name: "Ben", Email: "ben@example.com"},
		Start: time.Date(2027, 10, 3, 17, 0, 0, 0, berlin), Duration: time.Hour,
		RRule:     "FREQ=WEEKLY;BYDAY=SU;COUNT=6",
		Overrides: []Override{{RecurrenceID: time.Date(2027, 10, 31, 17, 0, 0, 0, berlin), Start: start}},
		Stamp:     time.Date(2027, 9, 1, 8, 0, 0, 0, time.UTC),
	}
	b, err := Request(s)
	if err != nil {
		t.Fatal(err)
	}
	cal, err := ical.NewDecoder(bytes.NewReader(b)).Decode()
	if err != nil {
		t.Fatal(err)
	}
	var checked int
	for _, ev := range cal.Events() {
		_, moved := ev.Props[ical.PropRecurrenceID]
		_, hasEnd := ev.Props[ical.PropDateTimeEnd]
		dur := ev.Props.Get(ical.PropDuration)
		switch {
		case moved:
			// Readers disagree on which 02:30 a local time means, so the
			// moved session is written in UTC; RECURRENCE-ID stays local.
			st, en := ev.Props.Get(ical.PropDateTimeStart), ev.Props.Get(ical.PropDateTimeEnd)
			if st == nil || st.Value != "20271031T003000Z" || en == nil || en.Value != "20271031T013000Z" || dur != nil {
				t.Fatalf("moved session: DTSTART %v DTEND %v DURATION %v\n%s", st, en, dur, b)
			}
			if rid := ev.Props.Get(ical.PropRecurrenceID); rid.Params.Get(ical.ParamTimezoneID) != "Europe/Berlin" {
				t.Errorf("RECURRENCE-ID lost its TZID: %v", rid)
			}
			checked++
		default:
			if !hasEnd || dur != nil {
				t.Errorf("the series lost its DTEND (DURATION %v)", dur)
			}
			checked++
		}
	}
	if checked != 2 {
		t.Errorf("checked %d events\n%s", checked, b)
	}
	for _, tc := range []struct {
		t                   time.Time
		ambiguous, repeated bool
	}{
		{start, false, true},                  // the first 02:30
		{start.Add(time.Hour), true, true},    // the second 02:30
		{start.Add(-time.Hour), false, false}, // 01:30 CEST
		{time.Date(2027, 7, 1, 2, 30, 0, 0, berlin), false, false},
		{time.Date(2027, 10, 31, 1, 30, 0, 0, time.UTC), false, false},
	} {
		if wallAmbiguous(tc.t) != tc.ambiguous || repeatedWall(tc.t) != tc.repeated {
			t.Errorf("%v: ambiguous %v repeated %v, want %v %v", tc.t, wallAmbiguous(tc.t), repeatedWall(tc.t), tc.ambiguous, tc.repeated)
		}
	}
	// A series whose own end falls in the repeated hour ends by DURATION.
	s.Overrides = nil
	s.Start, s.RRule = start, ""
	b, err = Request(s)
	if err != nil || !strings.Contains(string(b), "DURATION:PT1H") || strings.Contains(string(b), "DTEND") {
		t.Errorf("single event in the repeated hour (%v):\n%s", err, b)
	}
}
