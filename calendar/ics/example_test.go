package ics_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/twoway-app/twoway/calendar/ics"
)

func ExampleRequest() {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	invite, err := ics.Request(ics.Series{
		UID:           "pair-42@twoway.example",
		Sequence:      0,
		Summary:       "Twoway: Anna ⇄ Ben",
		ConferenceURL: "https://meet.example.org/anna-ben",
		Organizer:     ics.Person{Name: "Anna Schmidt", Email: "anna@example.org"},
		Attendee:      ics.Person{Name: "Carter, Ben", Email: "ben@example.com"},
		Start:         time.Date(2026, 1, 5, 18, 0, 0, 0, berlin),
		Duration:      time.Hour,
		RRule:         "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;COUNT=10",
		AlarmBefore:   15 * time.Minute,
		Stamp:         time.Date(2025, 12, 1, 9, 0, 0, 0, time.UTC),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, line := range strings.Split(string(invite), "\r\n") {
		for _, p := range []string{"METHOD", "DTSTART;", "DTEND", "RRULE:FREQ=WEEKLY", "ORGANIZER"} {
			if strings.HasPrefix(line, p) {
				fmt.Println(line)
			}
		}
	}
	// Output:
	// METHOD:REQUEST
	// DTEND;TZID=Europe/Berlin:20260105T190000
	// DTSTART;TZID=Europe/Berlin:20260105T180000
	// ORGANIZER;CN=Anna Schmidt:mailto:anna@example.org
	// RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;COUNT=10
}

func ExampleParse() {
	reply := "BEGIN:VCALENDAR\r\n" +
		"VERSION:2.0\r\n" +
		"PRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n" +
		"METHOD:REPLY\r\n" +
		"BEGIN:VEVENT\r\n" +
		"UID:pair-42@twoway.example\r\n" +
		"DTSTAMP:20251202T101500Z\r\n" +
		"SEQUENCE:0\r\n" +
		"RECURRENCE-ID;TZID=Europe/Berlin:20260119T180000\r\n" +
		"ORGANIZER;CN=Anna Schmidt:mailto:anna@example.org\r\n" +
		"ATTENDEE;CN=\"Carter, Ben\";PARTSTAT=DECLINED:mailto:ben@example.com\r\n" +
		"END:VEVENT\r\n" +
		"END:VCALENDAR\r\n"
	m, err := ics.Parse([]byte(reply))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Method, m.UID, m.Attendee.Name, m.PartStat)
	fmt.Println("instance:", m.RecurrenceID.UTC().Format(time.RFC3339))
	// Output:
	// REPLY pair-42@twoway.example Carter, Ben DECLINED
	// instance: 2026-01-19T17:00:00Z
}

func ExampleCancel() {
	ny, _ := time.LoadLocation("America/New_York")
	s := ics.Series{
		UID:       "pair-7@twoway.example",
		Sequence:  3, // one more than the last REQUEST
		Summary:   "Twoway session",
		Organizer: ics.Person{Email: "org@example.org"},
		Attendee:  ics.Person{Email: "att@example.com"},
		Start:     time.Date(2026, 3, 3, 8, 0, 0, 0, ny),
		Duration:  45 * time.Minute,
		RRule:     "FREQ=WEEKLY;BYDAY=TU",
		Stamp:     time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC),
	}
	one := time.Date(2026, 3, 10, 8, 0, 0, 0, ny)
	msg, err := ics.Cancel(s, &one)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, line := range strings.Split(string(msg), "\r\n") {
		if strings.HasPrefix(line, "METHOD") || strings.HasPrefix(line, "RECURRENCE-ID") || strings.HasPrefix(line, "STATUS") {
			fmt.Println(line)
		}
	}
	// Output:
	// METHOD:CANCEL
	// RECURRENCE-ID;TZID=America/New_York:20260310T080000
	// STATUS:CANCELLED
}
