package ics

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"
)

func TestFoldWriter(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"short line untouched", "SUMMARY:hi\r\n", "SUMMARY:hi\r\n"},
		{"exactly 75 octets", strings.Repeat("a", 75) + "\r\n", strings.Repeat("a", 75) + "\r\n"},
		{"76 octets folds once", strings.Repeat("a", 76) + "\r\n", strings.Repeat("a", 75) + "\r\n a\r\n"},
		{"continuation holds 74", strings.Repeat("a", 75+74+1) + "\r\n",
			strings.Repeat("a", 75) + "\r\n " + strings.Repeat("a", 74) + "\r\n a\r\n"},
		// "ü" is 2 octets: at 74+2 it would end at octet 76, so it moves.
		{"2-octet rune at the boundary", strings.Repeat("a", 74) + "üb\r\n", strings.Repeat("a", 74) + "\r\n üb\r\n"},
		// "⇄" is 3 octets and would straddle the boundary.
		{"3-octet rune at the boundary", strings.Repeat("a", 73) + "⇄\r\n", strings.Repeat("a", 73) + "\r\n ⇄\r\n"},
		{"3-octet rune that fits", strings.Repeat("a", 72) + "⇄\r\n", strings.Repeat("a", 72) + "⇄\r\n"},
		// "🙂" is 4 octets.
		{"4-octet rune at the boundary", strings.Repeat("a", 72) + "🙂\r\n", strings.Repeat("a", 72) + "\r\n 🙂\r\n"},
		{"state resets after each line", strings.Repeat("a", 70) + "\r\n" + strings.Repeat("b", 70) + "\r\n",
			strings.Repeat("a", 70) + "\r\n" + strings.Repeat("b", 70) + "\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if _, err := newFoldWriter(&buf).Write([]byte(tt.in)); err != nil {
				t.Fatal(err)
			}
			if got := buf.String(); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
			// Writing byte by byte gives the same result.
			buf.Reset()
			w := newFoldWriter(&buf)
			for i := range len(tt.in) {
				w.Write([]byte{tt.in[i]})
			}
			if got := buf.String(); got != tt.want {
				t.Errorf("byte by byte: got %q", got)
			}
			// Unfolding gives back the input.
			if un := strings.ReplaceAll(buf.String(), "\r\n ", ""); un != tt.in {
				t.Errorf("unfolded %q, want %q", un, tt.in)
			}
		})
	}
}

// encodeProp writes one property the way Request does.
func encodeProp(t *testing.T, p *ical.Prop) string {
	t.Helper()
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropProductID, ProdID)
	cal.Props.SetText(ical.PropVersion, "2.0")
	ev := ical.NewComponent(ical.CompEvent)
	ev.Props.SetText(ical.PropUID, "u")
	ev.Props.Set(utcProp(ical.PropDateTimeStamp, time.Unix(0, 0)))
	ev.Props.Set(p)
	cal.Children = append(cal.Children, ev)
	var buf bytes.Buffer
	if err := ical.NewEncoder(newFoldWriter(&buf)).Encode(cal); err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(strings.ReplaceAll(buf.String(), "\r\n ", ""), "\r\n") {
		if strings.HasPrefix(l, p.Name) {
			return l
		}
	}
	t.Fatalf("no %s line in %q", p.Name, buf.String())
	return ""
}

func TestTextEscaping(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", `DESCRIPTION:plain`},
		{`a;b,c\d`, `DESCRIPTION:a\;b\,c\\d`},
		{"url https://x.org:8443/a", `DESCRIPTION:url https://x.org:8443/a`}, // never escape ':'
		{"line1\r\nline2\rline3\nline4", `DESCRIPTION:line1\nline2\nline3\nline4`},
		{"bell\x07 and\ttab", "DESCRIPTION:bell and\ttab"},
	}
	for _, tt := range tests {
		p := ical.NewProp(ical.PropDescription)
		p.SetText(cleanText(tt.in))
		if got := encodeProp(t, p); got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPersonQuoting(t *testing.T) {
	tests := []struct {
		name string
		want string
	}{
		{"Ben Carter", `ORGANIZER;CN=Ben Carter:mailto:a@example.org`},
		{"Carter, Ben", `ORGANIZER;CN="Carter, Ben":mailto:a@example.org`},
		{"Dr. Who: Time Lord", `ORGANIZER;CN="Dr. Who: Time Lord":mailto:a@example.org`},
		{"semi;colon", `ORGANIZER;CN="semi;colon":mailto:a@example.org`},
		{`Maya "May" O'Neil`, `ORGANIZER;CN=Maya May O'Neil:mailto:a@example.org`},
		{"two\nlines", `ORGANIZER;CN=two lines:mailto:a@example.org`},
		{"", `ORGANIZER:mailto:a@example.org`},
	}
	for _, tt := range tests {
		got := encodeProp(t, personProp(ical.PropOrganizer, Person{Name: tt.name, Email: "a@example.org"}))
		if got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.name, got, tt.want)
		}
		// And it reads back.
		m, err := Parse([]byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nMETHOD:CANCEL\r\nBEGIN:VEVENT\r\nUID:u\r\n" + got + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"))
		if err != nil {
			t.Fatal(err)
		}
		if want := cleanParam(tt.name); m.Organizer.Name != want || m.Organizer.Email != "a@example.org" {
			t.Errorf("%q read back as %+v", tt.name, m.Organizer)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{15 * time.Minute, "PT15M"},
		{time.Hour + 30*time.Minute, "PT1H30M"},
		{24 * time.Hour, "P1D"},
		{7 * 24 * time.Hour, "P1W"},
		{26 * time.Hour, "P1DT2H"},
		{90 * time.Second, "PT1M30S"},
	}
	for _, tt := range tests {
		if got := formatDuration(tt.d); got != tt.want {
			t.Errorf("%v: got %s, want %s", tt.d, got, tt.want)
		}
	}
}

func TestVTimezoneForms(t *testing.T) {
	at := func(zone string, y, m, d int) time.Time {
		return time.Date(y, time.Month(m), d, 12, 0, 0, 0, mustZone(t, zone))
	}
	tests := []struct {
		name        string
		zone        string
		first, last time.Time
		form        string // fixed, rules, explicit
		rrules      []string
	}{
		{"fixed offset", "Asia/Kolkata", at("Asia/Kolkata", 2026, 1, 1), at("Asia/Kolkata", 2030, 1, 1), "fixed", nil},
		{"fixed quarter-hour offset", "Asia/Kathmandu", at("Asia/Kathmandu", 2026, 1, 1), at("Asia/Kathmandu", 2028, 1, 1), "fixed", nil},
		{"EU last Sundays", "Europe/Berlin", at("Europe/Berlin", 2025, 9, 1), at("Europe/Berlin", 2028, 6, 1), "rules",
			[]string{"FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"}},
		{"US second and first Sundays", "America/New_York", at("America/New_York", 2025, 9, 1), at("America/New_York", 2028, 6, 1), "rules",
			[]string{"FREQ=YEARLY;BYMONTH=11;BYDAY=1SU", "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"}},
		{"southern hemisphere", "Australia/Sydney", at("Australia/Sydney", 2025, 9, 1), at("Australia/Sydney", 2028, 6, 1), "rules",
			[]string{"FREQ=YEARLY;BYMONTH=4;BYDAY=1SU", "FREQ=YEARLY;BYMONTH=10;BYDAY=1SU"}},
		{"half-hour DST shift in a -0230 zone", "America/St_Johns", at("America/St_Johns", 2025, 9, 1), at("America/St_Johns", 2028, 6, 1), "rules",
			[]string{"FREQ=YEARLY;BYMONTH=11;BYDAY=1SU", "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"}},
		{"Morocco's Ramadan switches", "Africa/Casablanca", at("Africa/Casablanca", 2025, 9, 1), at("Africa/Casablanca", 2035, 6, 1), "explicit", nil},
		{"Chile: Sunday on or after", "America/Santiago", at("America/Santiago", 2025, 9, 1), at("America/Santiago", 2035, 6, 1), "explicit", nil},
		{"Israel: Friday before last Sunday", "Asia/Jerusalem", at("Asia/Jerusalem", 2025, 9, 1), at("Asia/Jerusalem", 2035, 6, 1), "explicit", nil},
		{"Egypt", "Africa/Cairo", at("Africa/Cairo", 2025, 9, 1), at("Africa/Cairo", 2035, 6, 1), "explicit", nil},
		{"Gaza", "Asia/Gaza", at("Asia/Gaza", 2025, 9, 1), at("Asia/Gaza", 2035, 6, 1), "explicit", nil},
		{"Nuuk: Saturday before last Sunday", "America/Nuuk", at("America/Nuuk", 2025, 9, 1), at("America/Nuuk", 2035, 6, 1), "explicit", nil},
		// The US rule changed in 2007: no two yearly rules fit 2005-2009.
		{"rule changed within the years", "America/New_York", at("America/New_York", 2005, 1, 1), at("America/New_York", 2009, 12, 1), "explicit", nil},
		// Samoa dropped DST in 2021.
		{"DST abolished within the years", "Pacific/Apia", at("Pacific/Apia", 2020, 1, 1), at("Pacific/Apia", 2023, 1, 1), "explicit", nil},
		{"DST zone, one year", "Europe/London", at("Europe/London", 2026, 2, 1), at("Europe/London", 2026, 5, 1), "rules",
			[]string{"FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tz, err := vtimezone(mustZone(t, tt.zone), tt.first, tt.last)
			if err != nil {
				t.Fatal(err)
			}
			if id, _ := tz.Props.Text(ical.PropTimezoneID); id != tt.zone {
				t.Errorf("TZID %q, want %q", id, tt.zone)
			}
			var rrules []string
			for _, c := range tz.Children {
				if p := c.Props.Get(ical.PropRecurrenceRule); p != nil {
					rrules = append(rrules, p.Value)
				}
				if c.Props.Get(ical.PropRecurrenceDates) != nil {
					t.Errorf("RDATE in %s: Outlook mishandles RDATE lists", c.Name)
				}
			}
			form := "explicit"
			switch {
			case len(tz.Children) == 1:
				form = "fixed"
			case len(rrules) == 2 && len(tz.Children) == 2:
				form = "rules"
			}
			if form != tt.form {
				t.Errorf("form %s (%d observances), want %s", form, len(tz.Children), tt.form)
			}
			if strings.Join(rrules, "|") != strings.Join(tt.rrules, "|") {
				t.Errorf("rules %q, want %q", rrules, tt.rrules)
			}
			if tt.form == "rules" {
				for _, c := range tz.Children {
					if v := c.Props.Get(ical.PropDateTimeStart).Value; !strings.HasPrefix(v, "1970") {
						t.Errorf("%s DTSTART %s, want a 1970 start", c.Name, v)
					}
				}
			}
			// Whatever the form, it must match Go's zone instant by
			// instant over the covered years (vtimezone checks this too;
			// here it is checked independently, hour by hour).
			loc, err := locationFromVTimezone(tz)
			if err != nil {
				t.Fatal(err)
			}
			want := mustZone(t, tt.zone)
			from, to := coverYears(want, tt.first, tt.last)
			for at := from; at.Before(to); at = at.Add(time.Hour) {
				_, a := at.In(loc).Zone()
				_, b := at.In(want).Zone()
				if a != b {
					t.Fatalf("at %s: offset %d, want %d", at.UTC().Format(time.RFC3339), a, b)
				}
			}
		})
	}
}

func TestVTimezoneRefusesUnnamedZones(t *testing.T) {
	for _, loc := range []*time.Location{time.Local, time.FixedZone("", 3600), time.FixedZone("Mars/Olympus", 0)} {
		if _, err := vtimezone(loc, time.Now(), time.Now()); err == nil || !strings.HasPrefix(err.Error(), "ics: ") {
			t.Errorf("%q: err %v, want an ics: error", loc, err)
		}
		s := goldenSeries(t)
		s.Start = time.Date(2026, 1, 5, 18, 0, 0, 0, loc)
		s.ExDates, s.Overrides, s.RRule = nil, nil, ""
		if _, err := Request(s); err == nil {
			t.Errorf("Request with zone %q: no error", loc)
		}
	}
}

func TestRequestUTC(t *testing.T) {
	s := goldenSeries(t)
	s.Start = time.Date(2025, 9, 8, 16, 30, 0, 0, time.UTC)
	s.ExDates = []time.Time{time.Date(2025, 12, 29, 16, 30, 0, 0, time.UTC)}
	s.Overrides = nil
	data, err := Request(s)
	if err != nil {
		t.Fatal(err)
	}
	checkWellFormed(t, data)
	for _, want := range []string{"DTSTART:20250908T163000Z", "EXDATE:20251229T163000Z"} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("no %s in\n%s", want, data)
		}
	}
	if bytes.Contains(data, []byte("VTIMEZONE")) || bytes.Contains(data, []byte("TZID")) {
		t.Errorf("a UTC series needs no VTIMEZONE:\n%s", data)
	}
}

func TestRRuleNormalization(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	start := time.Date(2026, 1, 6, 9, 0, 0, 0, ny) // a Tuesday
	tests := []struct {
		in, want, err string
	}{
		{in: "FREQ=WEEKLY;BYDAY=TU", want: "FREQ=WEEKLY;BYDAY=TU"},
		{in: "RRULE:freq=weekly;byday=tu", want: "FREQ=WEEKLY;BYDAY=TU"},
		{in: "BYDAY=TU;FREQ=WEEKLY", want: "FREQ=WEEKLY;BYDAY=TU"},
		// A local UNTIL is read in the series' zone and written in UTC.
		{in: "FREQ=WEEKLY;BYDAY=TU;UNTIL=20260630T090000", want: "FREQ=WEEKLY;BYDAY=TU;UNTIL=20260630T130000Z"},
		// A date UNTIL means the end of that local day.
		{in: "FREQ=WEEKLY;BYDAY=TU;UNTIL=20260630", want: "FREQ=WEEKLY;BYDAY=TU;UNTIL=20260701T035959Z"},
		{in: "FREQ=WEEKLY;UNTIL=20260630T130000Z", want: "FREQ=WEEKLY;UNTIL=20260630T130000Z"},
		{in: "BYDAY=TU", err: "no FREQ"},
		{in: "FREQ=HOURLY", err: "not supported"},
		{in: "FREQ=WEEKLY;COUNT=3;UNTIL=20260630", err: "both COUNT and UNTIL"},
		{in: "FREQ=WEEKLY;COUNT=0", err: "COUNT"},
		{in: "FREQ=WEEKLY;BYDAY=XX", err: "RRULE"},
		{in: "FREQ=WEEKLY;FREQ=DAILY", err: "twice"},
		{in: "FREQ=WEEKLY;X-NAME=1", err: "RRULE"},
		{in: "FREQ=WEEKLY\r\nDTSTART:x", err: "characters"},
	}
	for _, tt := range tests {
		got, _, err := normalizeRRule(tt.in, start)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) || !strings.HasPrefix(err.Error(), "ics: ") {
				t.Errorf("%q: err %v, want one mentioning %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%q: got %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestRequestValidation(t *testing.T) {
	berlin := mustZone(t, "Europe/Berlin")
	tests := []struct {
		name   string
		change func(*Series)
		err    string
	}{
		{"no UID", func(s *Series) { s.UID = "" }, "UID"},
		{"no stamp", func(s *Series) { s.Stamp = time.Time{} }, "Stamp"},
		{"no duration", func(s *Series) { s.Duration = 0 }, "Duration"},
		{"bad organizer", func(s *Series) { s.Organizer.Email = "Jürgen <j@x.de>" }, "organizer"},
		{"no attendee", func(s *Series) { s.Attendee = Person{} }, "attendee"},
		{"start off the rule", func(s *Series) { s.Start = s.Start.AddDate(0, 0, 1) }, "not an instance"},
		{"exdate off the rule", func(s *Series) {
			s.ExDates = []time.Time{time.Date(2025, 12, 30, 18, 30, 0, 0, berlin)}
		}, "EXDATE"},
		{"moved and excluded", func(s *Series) { s.ExDates = append(s.ExDates, s.Overrides[0].RecurrenceID) }, "both excluded and moved"},
		{"two overrides of one instance", func(s *Series) { s.Overrides = append(s.Overrides, s.Overrides[0]) }, "two overrides"},
		{"cancelled status", func(s *Series) { s.Status = "CANCELLED" }, "use Cancel"},
		{"bad conference URL", func(s *Series) { s.ConferenceURL = "javascript:alert(1)" }, "conference URL"},
		{"local zone", func(s *Series) { s.Start = s.Start.In(time.Local) }, "named IANA zone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := goldenSeries(t)
			tt.change(&s)
			_, err := Request(s)
			if err == nil || !strings.Contains(err.Error(), tt.err) || !strings.HasPrefix(err.Error(), "ics: ") {
				t.Errorf("err %v, want an ics: error mentioning %q", err, tt.err)
			}
		})
	}
}

func TestCancel(t *testing.T) {
	s := goldenSeries(t)
	s.Sequence = 3
	moved := s.Overrides[0]
	data, err := Cancel(s, &moved.RecurrenceID)
	if err != nil {
		t.Fatal(err)
	}
	m, err := ParseITIP(data)
	if err != nil {
		t.Fatal(err)
	}
	// Cancelling a moved instance names its original start and shows its
	// current time.
	if m.Method != MethodCancel || m.Status != StatusCancelled || m.Sequence != 3 ||
		!m.RecurrenceID.Equal(moved.RecurrenceID) || !m.Start.Equal(moved.Start) || m.RRule != "" {
		t.Errorf("got %+v", m)
	}
	if bytes.Contains(data, []byte("RSVP")) {
		t.Errorf("a CANCEL asks for no RSVP")
	}
	notInstance := s.Start.Add(time.Hour)
	if _, err := Cancel(s, &notInstance); err == nil {
		t.Errorf("cancelling a non-instance: no error")
	}
}

func TestDeclineCounter(t *testing.T) {
	s := goldenSeries(t)
	counter, err := Parse(readSeed(t, "outlook-counter-windows-tz.ics"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := DeclineCounter(s, counter, "Tuesday does not work for me, sorry.")
	if err != nil {
		t.Fatal(err)
	}
	checkWellFormed(t, data)
	m, err := ParseITIP(data)
	if err != nil {
		t.Fatal(err)
	}
	if m.Method != MethodDeclineCounter || m.UID != s.UID || m.Attendee.Email != "maya@example.com" ||
		!m.RecurrenceID.Equal(counter.RecurrenceID) || m.Comment == "" {
		t.Errorf("got %+v", m)
	}
	reply, _ := Parse(readSeed(t, "gmail-reply-accepted.ics"))
	if _, err := DeclineCounter(s, reply, ""); err == nil {
		t.Errorf("DeclineCounter answering a REPLY: no error")
	}
}

func readSeed(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "seeds", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParseRealWorld(t *testing.T) {
	berlin := mustZone(t, "Europe/Berlin")
	ny := mustZone(t, "America/New_York")
	kolkata := mustZone(t, "Asia/Kolkata")
	tests := []struct {
		file                string
		method, partstat    string
		attendee            string
		recurrenceID, start time.Time
		end                 time.Time
		rrule               string
		exdates             int
	}{
		{file: "outlook-counter-windows-tz.ics", method: "COUNTER", partstat: "TENTATIVE", attendee: "O'Neil, Maya",
			recurrenceID: time.Date(2026, 1, 12, 18, 30, 0, 0, berlin),
			start:        time.Date(2026, 1, 13, 18, 30, 0, 0, berlin), end: time.Date(2026, 1, 13, 19, 30, 0, 0, berlin)},
		{file: "outlook-counter-no-vtimezone.ics", method: "COUNTER", partstat: "TENTATIVE", attendee: "Maya O'Neil",
			start: time.Date(2026, 1, 13, 13, 0, 0, 0, ny), end: time.Date(2026, 1, 13, 14, 0, 0, 0, ny)},
		{file: "gmail-reply-accepted.ics", method: "REPLY", partstat: "ACCEPTED", attendee: "Maya O'Neil",
			start: time.Date(2025, 9, 8, 18, 30, 0, 0, berlin), end: time.Date(2025, 9, 8, 19, 30, 0, 0, berlin),
			rrule: "FREQ=WEEKLY;WKST=MO;UNTIL=20270628T215959Z;INTERVAL=2;BYDAY=MO"},
		{file: "apple-reply-declined-instance.ics", method: "REPLY", partstat: "DECLINED", attendee: "Maya O'Neil",
			recurrenceID: time.Date(2026, 2, 9, 18, 30, 0, 0, berlin),
			start:        time.Date(2026, 2, 9, 18, 30, 0, 0, berlin), end: time.Date(2026, 2, 9, 19, 30, 0, 0, berlin)},
		{file: "thunderbird-reply-tentative.ics", method: "REPLY", partstat: "TENTATIVE", attendee: "Maya O'Neil",
			start: time.Date(2025, 9, 8, 18, 30, 0, 0, berlin), end: time.Date(2025, 9, 8, 19, 30, 0, 0, berlin),
			rrule: "FREQ=WEEKLY;UNTIL=20270628T215959Z;INTERVAL=2;BYDAY=MO"},
		{file: "outlook-request-custom-tzid.ics", method: "REQUEST", partstat: "NEEDS-ACTION", attendee: "Sam Lee",
			start: time.Date(2026, 1, 7, 19, 0, 0, 0, kolkata), end: time.Date(2026, 1, 7, 20, 0, 0, 0, kolkata),
			rrule: "FREQ=MONTHLY;COUNT=12;BYDAY=1WE", exdates: 2},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m, err := ParseITIP(readSeed(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if m.Method != tt.method || m.PartStat != tt.partstat || m.Attendee.Name != tt.attendee {
				t.Errorf("method %s partstat %s attendee %q", m.Method, m.PartStat, m.Attendee.Name)
			}
			if !m.RecurrenceID.Equal(tt.recurrenceID) {
				t.Errorf("RecurrenceID %v, want %v", m.RecurrenceID, tt.recurrenceID)
			}
			if !m.Start.Equal(tt.start) || !m.End.Equal(tt.end) {
				t.Errorf("Start %v End %v, want %v %v", m.Start, m.End, tt.start, tt.end)
			}
			if m.RRule != tt.rrule || len(m.ExDates) != tt.exdates {
				t.Errorf("RRule %q ExDates %v", m.RRule, m.ExDates)
			}
			if m.UID == "" || m.Stamp.IsZero() || m.Organizer.Email == "" {
				t.Errorf("missing UID, DTSTAMP or organizer: %+v", m)
			}
		})
	}
}

func TestParseOwnOutput(t *testing.T) {
	s := goldenSeries(t)
	data, err := Request(s)
	if err != nil {
		t.Fatal(err)
	}
	m, err := ParseITIP(data)
	if err != nil {
		t.Fatal(err)
	}
	if m.Summary != s.Summary || !m.Start.Equal(s.Start) || !m.End.Equal(s.Start.Add(s.Duration)) ||
		m.Organizer != s.Organizer || m.TZID != "Europe/Berlin" || m.Sequence != 2 ||
		m.RRule != s.RRule || len(m.ExDates) != 1 || len(m.Overrides) != 1 ||
		!strings.Contains(m.Description, "Bring the reading list\\notes.") {
		t.Errorf("read back %+v", m)
	}
	if o := m.Overrides[0]; !o.RecurrenceID.Equal(s.Overrides[0].RecurrenceID) || !o.Start.Equal(s.Overrides[0].Start) {
		t.Errorf("override read back as %+v", o)
	}
}

func TestWindowsZones(t *testing.T) {
	for win, iana := range windowsZones {
		if _, err := time.LoadLocation(iana); err != nil {
			t.Errorf("%s -> %s: %v", win, iana, err)
		}
	}
	tests := map[string]string{
		"W. Europe Standard Time":   "Europe/Berlin",
		"Eastern Standard Time":     "America/New_York",
		"GMT Standard Time":         "Europe/London",
		"India Standard Time":       "Asia/Calcutta",
		"AUS Eastern Standard Time": "Australia/Sydney",
		"pacific standard time":     "America/Los_Angeles",
		"Europe/Paris":              "Europe/Paris",
		"/mozilla.org/20070129_1/America/Argentina/Buenos_Aires": "America/Argentina/Buenos_Aires",
		"/citadel.org/20190914_1/Asia/Tokyo":                     "Asia/Tokyo",
	}
	for tzid, want := range tests {
		loc := knownZone(tzid)
		if loc == nil || loc.String() != want {
			t.Errorf("%q resolved to %v, want %s", tzid, loc, want)
		}
	}
	for _, tzid := range []string{"", "Local", "Mars/Olympus", "../../etc/passwd", "(UTC+01:00) Amsterdam"} {
		if loc := knownZone(tzid); loc != nil {
			t.Errorf("%q resolved to %v, want nothing", tzid, loc)
		}
	}
}

func TestParseErrors(t *testing.T) {
	head := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
	event := func(uid, extra string) string {
		return "BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260101T100000Z\r\n" +
			"ORGANIZER:mailto:o@example.org\r\n" + extra + "END:VEVENT\r\n"
	}
	tail := "END:VCALENDAR\r\n"
	tests := []struct {
		name, in, err string
		itip          bool
	}{
		{name: "empty", in: "", err: "empty"},
		{name: "blank", in: " \r\n\r\n", err: "empty"},
		{name: "binary", in: "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", err: "binary"},
		{name: "vcard", in: "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:X\r\nEND:VCARD\r\n", err: "not iCalendar"},
		{name: "html", in: "<html><body>hi</body></html>", err: "not iCalendar"},
		{name: "unterminated", in: head + "BEGIN:VEVENT\r\nUID:x\r\n", err: "malformed"},
		{name: "mismatched END", in: head + "BEGIN:VEVENT\r\nUID:x\r\nEND:VTODO\r\n" + tail, err: "malformed"},
		{name: "no colon", in: head + "BEGIN:VEVENT\r\nUID\r\nEND:VEVENT\r\n" + tail, err: "malformed"},
		{name: "param ends the line", in: head + "BEGIN:VEVENT\r\nUID;X=a" + "\r\nEND:VEVENT\r\n" + tail, err: "malformed"},
		{name: "junk after quoted param", in: head + "BEGIN:VEVENT\r\nUID;X=\"a\"b:c\r\nEND:VEVENT\r\n" + tail, err: "malformed"},
		{name: "todo only", in: head + "BEGIN:VTODO\r\nUID:x\r\nEND:VTODO\r\n" + tail, err: "VTODO"},
		{name: "no component", in: head + tail, err: "no VEVENT"},
		{name: "two UIDs", in: head + "METHOD:REQUEST\r\n" + event("a", "") + event("b", "") + tail, err: "more than one UID"},
		{name: "two masters", in: head + event("a", "") + event("a", "") + tail, err: "without RECURRENCE-ID"},
		{name: "no UID", in: head + event("", "") + tail, err: "without UID"},
		{name: "unknown method", in: head + "METHOD:FROBNICATE\r\n" + event("a", "") + tail, err: "METHOD"},
		{name: "no METHOD for iTIP", in: head + event("a", "") + tail, err: "no METHOD", itip: true},
		{name: "reply without attendee", in: head + "METHOD:REPLY\r\n" + event("a", "") + tail, err: "ATTENDEE"},
		{name: "unknown TZID", in: head + "BEGIN:VEVENT\r\nUID:a\r\nDTSTART;TZID=Mars/Olympus:20260101T100000\r\nEND:VEVENT\r\n" + tail, err: "unknown TZID"},
		{name: "bad date", in: head + "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:2026-01-01\r\nEND:VEVENT\r\n" + tail, err: "DTSTART"},
		{name: "bad sequence", in: head + event("a", "SEQUENCE:-1\r\n") + tail, err: "SEQUENCE"},
		{name: "bad VTIMEZONE for unknown name", in: head + "BEGIN:VTIMEZONE\r\nTZID:Custom\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+2500\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n" +
			"BEGIN:VEVENT\r\nUID:a\r\nDTSTART;TZID=Custom:20260101T100000\r\nEND:VEVENT\r\n" + tail, err: "offset"},
		{name: "dense VTIMEZONE rule", in: head + "BEGIN:VTIMEZONE\r\nTZID:Custom\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nRRULE:FREQ=SECONDLY\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n" +
			"BEGIN:VEVENT\r\nUID:a\r\nDTSTART;TZID=Custom:20260101T100000\r\nEND:VEVENT\r\n" + tail, err: "YEARLY"},
		{name: "huge", in: head + strings.Repeat("X-PAD:"+strings.Repeat("a", 70)+"\r\n", 20000) + tail, err: "1 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parse := Parse
			if tt.itip {
				parse = ParseITIP
			}
			m, err := parse([]byte(tt.in))
			if err == nil {
				t.Fatalf("no error; got %+v", m)
			}
			if !strings.HasPrefix(err.Error(), "ics: ") || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("err %q, want an ics: error mentioning %q", err, tt.err)
			}
		})
	}
	if _, err := Parse(make([]byte, maxInput+1)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("huge input: %v, want ErrTooLarge", err)
	}
}

// A TZID that is neither IANA nor Windows resolves through its VTIMEZONE,
// and a VTIMEZONE wins over the IANA meaning of its name.
func TestParseCustomVTimezone(t *testing.T) {
	in := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n" +
		"BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n" +
		"TZOFFSETFROM:+0300\r\nTZOFFSETTO:+0300\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n" +
		"BEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;TZID=Europe/Berlin:20260701T100000\r\nEND:VEVENT\r\n" +
		"END:VCALENDAR\r\n"
	m, err := Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 7, 1, 7, 0, 0, 0, time.UTC); !m.Start.Equal(want) {
		t.Errorf("Start %v, want %v (the file's +0300, not Berlin's +0200)", m.Start.UTC(), want)
	}
}

func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "seeds", "*.ics"))
	goldens, _ := filepath.Glob(filepath.Join("testdata", "*.ics"))
	for _, name := range append(seeds, goldens...) {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"))
	f.Add([]byte("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID;CN=\"x\":y\nEND:VEVENT\nEND:VCALENDAR"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Parse(data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "ics: ") {
				t.Errorf("error without the ics: prefix: %v", err)
			}
			return
		}
		if m.UID == "" {
			t.Errorf("parsed without a UID")
		}
	})
}

func BenchmarkRequest(b *testing.B) {
	s := goldenSeries(b)
	for b.Loop() {
		if _, err := Request(s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	data, err := Request(goldenSeries(b))
	if err != nil {
		b.Fatal(err)
	}
	counter := readSeed(b, "outlook-counter-windows-tz.ics")
	b.Run("own-request", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := Parse(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("outlook-counter", func(b *testing.B) {
		b.SetBytes(int64(len(counter)))
		for b.Loop() {
			if _, err := Parse(counter); err != nil {
				b.Fatal(err)
			}
		}
	})
}
