package shared

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// tasksOrgTopic is sampleTopic as the server holds it after a tasks.org
// user ticked it off, written without If-Match: STATUS and COMPLETED
// changed while X-TWOWAY-STATUS still says in_progress, and properties of
// tasks.org's own added (the file is written in the manner of tasks.org's
// output, not captured from it). It uses LF line ends, which readers meet.
func tasksOrgTopic(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "tasks-org-topic.ics"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestUnknownPropertiesSurvive(t *testing.T) {
	got := mustDecode(t, tasksOrgTopic(t)).(Topic)
	stamp := time.Date(2025, 9, 20, 8, 15, 0, 0, time.UTC)
	want := sampleTopic()
	want.Status, want.Completed, want.Modified = StatusDone, stamp, stamp
	want.Resources = want.Resources[:2]
	zone := got.Extra[5] // checked by the DeepEqual below
	want.Extra = []Property{
		{Name: "CATEGORIES", Value: `Work\,Home,Mentoring`},
		{Name: "CREATED", Value: "20250910T120000Z"},
		{Name: "DTSTART", Params: map[string][]string{"TZID": {"Europe/Berlin"}}, Value: "20250920T100000"},
		{Name: "PERCENT-COMPLETE", Value: "100"},
		{Name: "PRIORITY", Value: "5"},
		{Name: zoneProp, Params: map[string][]string{"TZID": {"Europe/Berlin"}}, Value: zone.Value},
		{Name: "X-APPLE-SORT-ORDER", Value: "778612345"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("decoded\n%#v\nwant\n%#v", got, want)
	}
	for _, l := range []string{"BEGIN:VTIMEZONE", "TZID:Europe/Berlin", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:VTIMEZONE"} {
		if !strings.Contains(zone.Value, l+"\r\n") && !strings.HasSuffix(zone.Value, l) {
			t.Errorf("kept VTIMEZONE lacks %q:\n%s", l, zone.Value)
		}
	}

	data := mustEncode(t, got)
	checkWire(t, data)
	for _, l := range []string{
		`CATEGORIES:Work\,Home,Mentoring`, "PRIORITY:5", "X-APPLE-SORT-ORDER:778612345",
		"DTSTART;TZID=Europe/Berlin:20250920T100000", "CREATED:20250910T120000Z", "PERCENT-COMPLETE:100",
		"BEGIN:VTIMEZONE", "TZID:Europe/Berlin", "STATUS:COMPLETED", "X-TWOWAY-STATUS:done",
	} {
		if !contains(unfold(data), l) {
			t.Errorf("re-encoded object lacks %q:\n%s", l, data)
		}
	}
	for _, gone := range []string{"BEGIN:VALARM", "ORGANIZER", "TRIGGER"} {
		if len(lines(data, gone)) != 0 {
			t.Errorf("re-encoded object still has %s:\n%s", gone, data)
		}
	}
	if again := mustDecode(t, data); !reflect.DeepEqual(again, got) {
		t.Errorf("second round trip changed it:\n%#v\n%#v", again, got)
	}
}

// TestStatusEditedElsewhere: RFC 5545's STATUS, which other applications
// edit, wins over X-TWOWAY-STATUS when they disagree.
func TestStatusEditedElsewhere(t *testing.T) {
	for _, tc := range []struct {
		name         string
		exact        string // X-TWOWAY-STATUS written, "" for none
		rfc          string // STATUS on the server, "" for none
		completed    bool   // a COMPLETED property on the server
		want         string
		wantComplete time.Time
	}{
		{"agree in progress", StatusInProgress, "IN-PROCESS", false, StatusInProgress, time.Time{}},
		{"agree proposed", StatusProposed, "NEEDS-ACTION", false, StatusProposed, time.Time{}},
		{"agree agreed", StatusAgreed, "NEEDS-ACTION", false, StatusAgreed, time.Time{}},
		{"ticked off", StatusInProgress, "COMPLETED", true, StatusDone, at(90)},
		{"ticked off without COMPLETED", StatusAgreed, "COMPLETED", false, StatusDone, time.Time{}},
		{"reopened", StatusDone, "NEEDS-ACTION", false, StatusAgreed, time.Time{}},
		{"started", StatusAgreed, "IN-PROCESS", false, StatusInProgress, time.Time{}},
		{"cancelled", StatusInProgress, "CANCELLED", false, StatusDropped, time.Time{}},
		{"status removed, completed", StatusAgreed, "", true, StatusDone, at(90)},
		{"status removed", StatusDropped, "", false, StatusDropped, time.Time{}},
		{"no exact status", "", "IN-PROCESS", false, StatusInProgress, time.Time{}},
		{"no exact, needs action", "", "NEEDS-ACTION", false, StatusProposed, time.Time{}},
		{"unknown exact", "paused", "NEEDS-ACTION", false, StatusProposed, time.Time{}},
		{"unknown rfc", StatusAgreed, "X-WAITING", false, StatusAgreed, time.Time{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topic := sampleTopic()
			topic.Status = StatusProposed
			repl := map[string]string{"STATUS:": "", "X-TWOWAY-STATUS:": "", "LAST-MODIFIED:": "LAST-MODIFIED:20250918T180000Z"}
			var add []string
			if tc.rfc != "" {
				add = append(add, "STATUS:"+tc.rfc)
			}
			if tc.exact != "" {
				add = append(add, "X-TWOWAY-STATUS:"+tc.exact)
			}
			if tc.completed {
				add = append(add, "COMPLETED:20250918T183000Z")
			}
			got := mustDecode(t, edit(t, mustEncode(t, topic), repl, add...)).(Topic)
			if got.Status != tc.want || !got.Completed.Equal(tc.wantComplete) {
				t.Errorf("status %q completed %v, want %q %v", got.Status, got.Completed, tc.want, tc.wantComplete)
			}
			out := mustEncode(t, got)
			rfc, exact := lines(out, "STATUS:"), lines(out, "X-TWOWAY-STATUS:")
			if len(rfc) != 1 || len(exact) != 1 || rfc[0] != "STATUS:"+topicRFC[tc.want] || exact[0] != "X-TWOWAY-STATUS:"+tc.want {
				t.Errorf("written back as %q and %q", rfc, exact)
			}
		})
	}
}

func TestActionEditedElsewhere(t *testing.T) {
	data := mustEncode(t, sampleAction())
	ticked := edit(t, data, map[string]string{"STATUS:": "STATUS:COMPLETED"}, "COMPLETED:20250919T080000Z", "PERCENT-COMPLETE:100")
	a := mustDecode(t, ticked).(Action)
	if !a.Done || !a.Completed.Equal(time.Date(2025, 9, 19, 8, 0, 0, 0, time.UTC)) || len(a.Extra) != 1 || a.Extra[0].Name != "PERCENT-COMPLETE" {
		t.Errorf("ticked off elsewhere: done %v at %v, extra %v", a.Done, a.Completed, a.Extra)
	}
	// A to-do added in another application: no Twoway property at all.
	plain := mustDecode(t, ics("BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:x", "BEGIN:VTODO", "UID:abc",
		"DTSTAMP:20250919T080000Z", "SUMMARY:Buy the book", "DUE;TZID=Europe/Berlin:20250930T180000",
		"END:VTODO", "END:VCALENDAR"))
	want := Action{UID: "abc", Text: "Buy the book", Due: "2025-09-30", Modified: time.Date(2025, 9, 19, 8, 0, 0, 0, time.UTC)}
	if !reflect.DeepEqual(plain, want) {
		t.Errorf("a foreign to-do reads as %#v, want %#v", plain, want)
	}
}

func TestResourcesEditedElsewhere(t *testing.T) {
	data := mustEncode(t, sampleTopic())
	for _, tc := range []struct {
		name string
		repl map[string]string
		add  []string
		want []string
		keep int // ATTACH kept in Extra
	}{
		{"unchanged", nil, nil, sampleTopic().Resources, 0},
		{"link removed", map[string]string{"ATTACH": ""}, nil, sampleTopic().Resources[1:], 0},
		{"link added", nil, []string{"ATTACH:https://example.org/new"},
			append(sampleTopic().Resources, "https://example.org/new"), 0},
		{"file attached", nil, []string{"ATTACH;ENCODING=BASE64;VALUE=BINARY:aGVsbG8="}, sampleTopic().Resources, 1},
		{"other uri", nil, []string{"ATTACH:cid:part1@example.org"}, sampleTopic().Resources, 1},
	} {
		got := mustDecode(t, edit(t, data, tc.repl, tc.add...)).(Topic)
		if !reflect.DeepEqual(got.Resources, tc.want) || len(got.Extra) != tc.keep {
			t.Errorf("%s: resources %q extra %v, want %q and %d", tc.name, got.Resources, got.Extra, tc.want, tc.keep)
		}
		if again := mustDecode(t, mustEncode(t, got)); !reflect.DeepEqual(again, got) {
			t.Errorf("%s: not stable: %#v", tc.name, again)
		}
	}
}

func TestDecodeReadsOthersForms(t *testing.T) {
	// Another writer: a session whose DTSTART it rewrote in a zone, folds
	// inside a UTF-8 sequence, lower-case names, \N and a METHOD.
	ue := "\u00fc" // two octets
	desc := "DESCRIPTION:Gr" + ue[:1]
	data := []byte(strings.Join([]string{
		"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:x", "METHOD:PUBLISH", "begin:vjournal", "uid:s-1",
		"DTSTAMP:20250918T170000Z", "dtstart;tzid=Europe/Berlin:20250918T190000",
		desc, " " + ue[1:] + "n\\NZwei", "X-TWOWAY-KIND:Session", `x-twoway-reflection;x-twoway-author="MAILTO:Ana@Example.org":ok`,
		"end:vjournal", "END:VCALENDAR"}, "\r\n"))
	s := mustDecode(t, data).(Session)
	if !s.Original.Equal(t0) || s.Agenda != "Grün\nZwei" || s.Reflections[ana] != "ok" {
		t.Errorf("read %#v", s)
	}
}

func TestDecodeErrors(t *testing.T) {
	good := mustEncode(t, sampleSession())
	head := []string{"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:x"}
	todo := func(ls ...string) []byte {
		all := append(append([]string{}, head...), "BEGIN:VTODO", "UID:u", "DTSTAMP:20250918T170000Z")
		return ics(append(append(all, ls...), "END:VTODO", "END:VCALENDAR")...)
	}
	deep := append([]string{}, head...)
	for i := 0; i < 10; i++ {
		deep = append(deep, "BEGIN:X-NEST")
	}
	for _, tc := range []struct {
		name    string
		data    []byte
		unknown bool
		want    string
	}{
		{"empty", nil, false, "no VCALENDAR"},
		{"oversize", append(good, bytes.Repeat([]byte("X-PAD:0123456789\r\n"), MaxObjectSize/18+1)...), false, "more than"},
		{"not a calendar", ics("BEGIN:VCARD", "END:VCARD"), false, "outside a VCALENDAR"},
		{"unterminated", ics(head...), false, "not closed"},
		{"end mismatch", ics(append(head, "BEGIN:VTODO", "END:VJOURNAL")...), false, "closes"},
		{"too deep", ics(deep...), false, "nested"},
		// These two make go-ical's own decoder panic (index out of range;
		// "unexpected character").
		{"line ends in a parameter", todo("X-A;B=c"), false, "no colon"},
		{"text after a quoted parameter", todo(`X-A;B="c"d:e`), false, "no colon"},
		{"quote inside a parameter", todo(`X-A;B=c"d:e`), false, "double quote"},
		{"no property name", todo(":x"), false, "no property name"},
		{"no parameter value sign", todo("X-A;B:x"), false, "malformed parameter"},
		{"property outside", ics("X:1", "BEGIN:VCALENDAR", "END:VCALENDAR"), false, "outside a VCALENDAR"},
		{"continuation first", ics(" X:1"), false, "continuation"},
		{"no component", ics(append(head, "END:VCALENDAR")...), false, "no component"},
		{"two components", bytes.Replace(good, []byte("END:VCALENDAR"), []byte("BEGIN:VTODO\r\nUID:b\r\nDTSTAMP:20250918T170000Z\r\nEND:VTODO\r\nEND:VCALENDAR"), 1), false, "2 components"},
		{"event", ics(append(head, "BEGIN:VEVENT", "UID:e", "DTSTAMP:20250918T170000Z", "END:VEVENT", "END:VCALENDAR")...), true, "VEVENT"},
		{"plain journal", ics(append(head, "BEGIN:VJOURNAL", "UID:j", "DTSTAMP:20250918T170000Z", "END:VJOURNAL", "END:VCALENDAR")...), true, "VJOURNAL"},
		{"newer kind", todo("X-TWOWAY-KIND:goal"), true, "goal"},
		{"no uid", ics(append(head, "BEGIN:VTODO", "DTSTAMP:20250918T170000Z", "END:VTODO", "END:VCALENDAR")...), false, "without UID"},
		{"no stamp", ics(append(head, "BEGIN:VTODO", "UID:x", "END:VTODO", "END:VCALENDAR")...), false, "no Modified"},
		{"bad stamp", todo("LAST-MODIFIED:yesterday"), false, "LAST-MODIFIED"},
		{"bad due", todo("DUE;VALUE=DATE:2025-09-30"), false, "DUE"},
		{"unknown zone", todo("COMPLETED;TZID=Mars/Olympus:20250918T170000", "STATUS:COMPLETED"), false, "Mars/Olympus"},
		{"local zone", todo("COMPLETED;TZID=Local:20250918T170000", "STATUS:COMPLETED"), false, "Local"},
		{"session without start", edit(t, good, map[string]string{"DTSTART": ""}), false, "no DTSTART"},
		{"bad outcome", edit(t, good, map[string]string{"X-TWOWAY-OUTCOME": "X-TWOWAY-OUTCOME:postponed"}), false, "postponed"},
		{"bad minutes", edit(t, good, map[string]string{"X-TWOWAY-MINUTES": "X-TWOWAY-MINUTES:an hour"}), false, "no number"},
		{"bad moved-to", edit(t, good, map[string]string{"X-TWOWAY-MOVED-TO": "X-TWOWAY-MOVED-TO:soon"}), false, "MOVED-TO"},
		{"unwritable", todo("DURATION:PT1H", "DUE:20250918T170000Z", "X-TWOWAY-KIND:topic"), false, "cannot be written back"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, err := Decode(tc.data)
			if err == nil {
				t.Fatalf("decoded %#v, want an error", o)
			}
			if !strings.HasPrefix(err.Error(), "shared: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want one starting shared: and containing %q", err, tc.want)
			}
			if errors.Is(err, ErrUnknownKind) != tc.unknown {
				t.Errorf("errors.Is(%v, ErrUnknownKind) = %v, want %v", err, !tc.unknown, tc.unknown)
			}
			if strings.Contains(err.Error(), "cannot be written back") {
				return // no Encode wrote these: DecodeStored trusts its caller on that
			}
			if o, serr := DecodeStored(tc.data); serr == nil || serr.Error() != err.Error() {
				t.Errorf("DecodeStored: %#v, %v; want Decode's error %q", o, serr, err)
			}
		})
	}
}

// TestDecodeStored: for what Encode and EncodeAs wrote, DecodeStored
// returns what Decode does, though it skips encoding the record again.
func TestDecodeStored(t *testing.T) {
	objs := samples()
	for _, o := range samples() {
		objs = append(objs, withText(o, "Grüße, 🙂; \\n"))
	}
	tasksOrg, err := Decode(tasksOrgTopic(t))
	if err != nil {
		t.Fatal(err)
	}
	objs = append(objs, tasksOrg) // with other applications' properties
	for _, o := range objs {
		for _, comp := range []string{"", ComponentToDo} {
			data, err := EncodeAs(o, comp)
			if err != nil {
				t.Fatal(err)
			}
			want, err := Decode(data)
			if err != nil {
				t.Fatal(err)
			}
			got, err := DecodeStored(data)
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("%s as %q: DecodeStored gives %#v, %v; want %#v", o.Kind(), comp, got, err, want)
			}
		}
	}
}

func TestDecodeKeepsFirstOfSingleProperties(t *testing.T) {
	data := edit(t, mustEncode(t, sampleTopic()), nil, "PRIORITY:1", "PRIORITY:9", "SUMMARY:second title",
		"CATEGORIES:a", "CATEGORIES:b")
	got := mustDecode(t, data).(Topic)
	want := []Property{{Name: "CATEGORIES", Value: "a"}, {Name: "CATEGORIES", Value: "b"}, {Name: "PRIORITY", Value: "1"}}
	if got.Title != "Public speaking" || !reflect.DeepEqual(got.Extra, want) {
		t.Errorf("title %q extra %v, want the first title and %v", got.Title, got.Extra, want)
	}
}

func TestFallbackRoundTrip(t *testing.T) {
	for _, o := range []Object{sampleSession(), sampleProfile()} {
		data, err := EncodeAs(o, ComponentToDo)
		if err != nil {
			t.Fatal(err)
		}
		if len(lines(data, "BEGIN:VTODO")) != 1 || len(lines(data, "BEGIN:VJOURNAL")) != 0 {
			t.Fatalf("%s: not written as a VTODO:\n%s", o.Kind(), data)
		}
		got := mustDecode(t, data)
		if !reflect.DeepEqual(got, o) {
			t.Errorf("%s through VTODO: %#v, want %#v", o.Kind(), got, o)
		}
		// Its usual encoding is the journal again.
		if j := mustEncode(t, got); len(lines(j, "BEGIN:VJOURNAL")) != 1 {
			t.Errorf("%s read from a VTODO encodes as\n%s", o.Kind(), j)
		}
	}
}

func TestProfilePersonValue(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  Person
	}{
		{`mailto:Ana@Example.org;Ruiz\, Ana;Europe/Berlin;09:00-17:00;Go,SQL\, advanced;`,
			Person{Email: ana, Name: "Ruiz, Ana", Zone: "Europe/Berlin", Hours: "09:00-17:00", Offers: []string{"Go", "SQL, advanced"}}},
		{"", Person{}},
		{`;Ben\;B;;;;Go\nRust`, Person{Name: "Ben;B", Wants: []string{"Go\nRust"}}},
		{"mailto:ben@example.org;Ben;;;;;a later component", Person{Email: ben, Name: "Ben"}},
	} {
		if got := decodePerson(tc.value); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: %#v, want %#v", tc.value, got, tc.want)
		}
	}
}
