package shared

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"
)

// oddTexts are texts that break careless encoders: multi-byte characters
// a fold could split, combining marks, right-to-left scripts, every TEXT
// escape, and lines far over 75 octets.
var oddTexts = []struct{ name, text string }{
	{"ascii", "Plain words"},
	{"emoji", "Feedback 🙂 👩🏽‍💻 🇩🇪 — zwj sequences and flags"},
	{"combining", "Cafe\u0301 re\u0301sume\u0301, Zoe\u0308, n\u0303"},
	{"cjk", "日本語のテキスト、中文文本，한국어 텍스트"},
	{"rtl", "مرحبا بالعالم — שלום עולם (mixed with LTR)"},
	{"escapes", `commas, semicolons; backslash \ colon: "quotes" \n literal`},
	{"newlines", "line one\nline two\n\n- bullet; with, commas\n\ttabbed"},
	// libical trims a value's trailing white space, so the long texts end
	// in a letter.
	{"long", strings.Repeat("A long line with ünïcödé, 🙂 and 日本 ", 30) + "end"},
	{"long-emoji", strings.Repeat("🙂", 200)},
}

// withText puts text in every text field of o (and in list entries and
// map values), keeping the object in Decode's form.
func withText(o Object, text string) Object {
	switch v := o.(type) {
	case Topic:
		v.Title, v.Notes, v.Resources = text, text+"\n"+text, append(v.Resources, text)
		return v
	case Action:
		v.Text, v.RaisedIn = text, "raised-"+text
		return v
	case Session:
		v.Title, v.Agenda, v.SharedNotes = text, text, text+"!"
		v.Reflections = map[string]string{ana: text, ben: "ben: " + text}
		v.Covered = append(v.Covered, Coverage{TopicUID: text, LedBy: ben})
		return v
	case Profile:
		v.Title, v.Rules = text, append(v.Rules, text)
		v.People[0].Name, v.People[1].Hours = text, text
		v.People[0].Offers, v.People[1].Wants = append(v.People[0].Offers, text), []string{text, "x"}
		return v
	}
	panic("unknown type")
}

func TestRoundTrip(t *testing.T) {
	for _, tc := range oddTexts {
		for _, o := range samples() {
			for _, comp := range []string{"", ComponentToDo} {
				if comp != "" && naturalComponent(o.Kind()) == comp {
					continue
				}
				t.Run(tc.name+"/"+string(o.Kind())+comp, func(t *testing.T) {
					in := withText(o, tc.text)
					data, err := EncodeAs(in, comp)
					if err != nil {
						t.Fatal(err)
					}
					checkWire(t, data)
					out := mustDecode(t, data)
					if !reflect.DeepEqual(out, in) {
						t.Errorf("round trip changed the record:\n got %#v\nwant %#v\n%s", out, in, data)
					}
					again, err := EncodeAs(out, comp)
					if err != nil || !bytes.Equal(again, data) {
						t.Errorf("encoding the decoded record again differs (%v):\n%s\n%s", err, again, data)
					}
				})
			}
		}
	}
}

func TestEncodeIsACalDAVObject(t *testing.T) {
	for _, o := range samples() {
		for _, comp := range []string{"", ComponentToDo} {
			data, err := EncodeAs(o, comp)
			if err != nil {
				t.Fatal(err)
			}
			name := comp
			if name == "" {
				name = naturalComponent(o.Kind())
			}
			other := map[string]string{ComponentToDo: ComponentJournal, ComponentJournal: ComponentToDo}[name]
			for _, want := range []struct {
				prefix string
				n      int
			}{
				{"BEGIN:VCALENDAR", 1}, {"VERSION:2.0", 1}, {"PRODID:-//Twoway//Twoway//EN", 1},
				{"BEGIN:" + name, 1}, {"BEGIN:" + other, 0}, {"BEGIN:VEVENT", 0}, {"BEGIN:VALARM", 0},
				{"METHOD", 0}, {"ORGANIZER", 0}, {"ATTENDEE", 0}, {"X-TWOWAY-FILL", 0},
				{"UID:", 1}, {"DTSTAMP:20250918T170000Z", 1}, {"LAST-MODIFIED:20250918T170000Z", 1},
				{"X-TWOWAY-KIND:" + string(o.Kind()), 1},
			} {
				if got := len(lines(data, want.prefix)); got != want.n {
					t.Errorf("%s as %s: %d lines %s..., want %d\n%s", o.Kind(), name, got, want.prefix, want.n, data)
				}
			}
		}
	}
}

// TestLayout pins the properties other applications and the other
// partner's Twoway read.
func TestLayout(t *testing.T) {
	topic := sampleTopic()
	topic.Status, topic.Completed, topic.Teacher = StatusDone, at(5), Both
	action := sampleAction()
	action.Done, action.Completed = true, at(7)
	for _, tc := range []struct {
		o    Object
		comp string
		want []string
	}{
		{topic, "", []string{
			"SUMMARY:Public speaking",
			`DESCRIPTION:Start with the 3-minute talk.\nThen: feedback\, slides\; rehearsal.`,
			"STATUS:COMPLETED", "X-TWOWAY-STATUS:done", "COMPLETED:20250918T170500Z",
			"X-TWOWAY-TEACHER:both", "X-TWOWAY-ADDED-BY:mailto:ben@example.org",
			"X-TWOWAY-EDITED-BY:mailto:ana@example.org",
			`X-TWOWAY-RESOURCE:https://example.org/talks?a=1\,b=2`,
			`X-TWOWAY-RESOURCE:Chapter 3 of "Talk Like TED"`,
			"X-TWOWAY-RESOURCE:ftp://example.org/x",
			"ATTACH;VALUE=URI:https://example.org/talks?a=1,b=2",
		}},
		{action, "", []string{
			"SUMMARY:Send Ben the slide deck", "STATUS:COMPLETED", "COMPLETED:20250918T170700Z",
			"DUE;VALUE=DATE:20250925", "RELATED-TO:" + SessionUID("series-1@twoway", t0),
			"X-TWOWAY-OWNER:mailto:ana@example.org", "X-TWOWAY-ADDED-BY:mailto:ben@example.org",
		}},
		{sampleSession(), "", []string{
			"DTSTART:20250918T170000Z", "SUMMARY:Mentoring session",
			`DESCRIPTION:1. Check-in\n2. Public speaking\, part 2`, "STATUS:DRAFT",
			"RELATED-TO:series-1@twoway", "X-TWOWAY-OUTCOME:moved",
			"X-TWOWAY-MOVED-TO;VALUE=DATE-TIME:20250919T170000Z",
			"X-TWOWAY-LEADER:mailto:ben@example.org", "X-TWOWAY-MINUTES;VALUE=INTEGER:75",
			"X-TWOWAY-NOTES:We agreed on a 5-minute talk next time.",
			`X-TWOWAY-REFLECTION;X-TWOWAY-AUTHOR="mailto:ana@example.org":I rushed the ending.`,
			`X-TWOWAY-REFLECTION;X-TWOWAY-AUTHOR="mailto:ben@example.org":Good energy\; slow down.`,
			`X-TWOWAY-COVERED;X-TWOWAY-LED-BY="mailto:ana@example.org":topic-1@twoway`,
			"X-TWOWAY-COVERED;X-TWOWAY-LED-BY=both:topic-2@twoway",
		}},
		{sampleSession(), ComponentToDo, []string{"BEGIN:VTODO", "STATUS:NEEDS-ACTION", "X-TWOWAY-KIND:session"}},
		{sampleProfile(), "", []string{
			"SUMMARY:Ana & Ben",
			`X-TWOWAY-PERSON;X-TWOWAY-SLOT=1:mailto:ana@example.org`,
			`X-TWOWAY-NAME;X-TWOWAY-SLOT=1:Ana Ruiz`,
			`X-TWOWAY-HOURS;X-TWOWAY-SLOT=1:09:00-17:00`,
			`X-TWOWAY-OFFER;X-TWOWAY-SLOT=1:SQL\, advanced`,
			`X-TWOWAY-PERSON;X-TWOWAY-SLOT=2:mailto:ben@example.org`,
			`X-TWOWAY-ZONE;X-TWOWAY-SLOT=2:America/New_York`,
			`X-TWOWAY-WANT;X-TWOWAY-SLOT=2:Go\; concurrency`,
			"X-TWOWAY-RULE:confidentiality", "X-TWOWAY-RULE:positive_tone", "X-TWOWAY-RULE:Phones away\\, laptops closed",
			"X-TWOWAY-START;VALUE=DATE:20250901", "X-TWOWAY-END;VALUE=DATE:20260630",
			"URL:https://meet.example.org/ana-ben?pwd=a;b",
		}},
	} {
		data, err := EncodeAs(tc.o, tc.comp)
		if err != nil {
			t.Fatal(err)
		}
		got := unfold(data)
		for _, w := range tc.want {
			if !contains(got, w) {
				t.Errorf("%s%s: no line %q in\n%s", tc.o.Kind(), tc.comp, w, data)
			}
		}
		// Order matters where a list is written as several properties.
		if tc.o.Kind() == KindTopic {
			res := lines(data, "X-TWOWAY-RESOURCE:")
			if len(res) != 3 || !strings.Contains(res[1], "Chapter 3") {
				t.Errorf("resources out of order: %q", res)
			}
			if n := len(lines(data, "ATTACH")); n != 1 {
				t.Errorf("%d ATTACH lines, want 1 (only the http link)", n)
			}
		}
	}
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func TestFoldNeverSplitsACharacter(t *testing.T) {
	for _, tc := range oddTexts {
		topic := sampleTopic()
		topic.Notes = tc.text
		data := mustEncode(t, topic)
		checkWire(t, data)
		d := lines(data, "DESCRIPTION:")
		if len(d) != 1 || d[0] != "DESCRIPTION:"+escapeText(tc.text) {
			t.Errorf("%s: unfolded DESCRIPTION %q, want %q", tc.name, d, "DESCRIPTION:"+escapeText(tc.text))
		}
	}
	// A fold falls exactly where a 4-octet character would cross octet 75.
	var buf bytes.Buffer
	w := &foldWriter{w: &buf}
	line := "X:" + strings.Repeat("a", 72) + "🙂" + "b\r\n"
	if _, err := w.Write([]byte(line)); err != nil {
		t.Fatal(err)
	}
	if want := "X:" + strings.Repeat("a", 72) + "\r\n 🙂b\r\n"; buf.String() != want {
		t.Errorf("folded %q, want %q", buf.String(), want)
	}
}

func TestEncodeCleansText(t *testing.T) {
	topic := sampleTopic()
	topic.Notes = "windows\r\nline\rbreaks\x00 and a bell\a, invalid \xff utf-8"
	topic.Teacher, topic.AddedBy = "  Mailto:ANA@Example.org ", "BEN@example.ORG"
	got := mustDecode(t, mustEncode(t, topic)).(Topic)
	if want := "windows\nline\nbreaks and a bell, invalid \uFFFD utf-8"; got.Notes != want {
		t.Errorf("notes %q, want %q", got.Notes, want)
	}
	if got.Teacher != ana || got.AddedBy != ben {
		t.Errorf("teacher %q added by %q, want %q and %q", got.Teacher, got.AddedBy, ana, ben)
	}
}

func TestEncodeErrors(t *testing.T) {
	noUID := sampleTopic()
	noUID.UID = ""
	noTime := sampleAction()
	noTime.Modified = time.Time{}
	badStatus := sampleTopic()
	badStatus.Status = "finished"
	badDue := sampleAction()
	badDue.Due = "25.09.2025"
	noStart := sampleSession()
	noStart.Original = time.Time{}
	badOutcome := sampleSession()
	badOutcome.Outcome = "cancelled"
	badDate := sampleProfile()
	badDate.End = "2026-02-30"
	badExtra := sampleTopic()
	badExtra.Extra = []Property{{Name: "X BAD", Value: "1"}}
	var nilTopic *Topic
	for _, tc := range []struct {
		name string
		o    Object
		comp string
		want string
	}{
		{"no uid", noUID, "", "without UID"},
		{"no modified", noTime, "", "no Modified"},
		{"bad status", badStatus, "", "status"},
		{"bad due", badDue, "", "due"},
		{"no start", noStart, "", "original start"},
		{"bad outcome", badOutcome, "", "outcome"},
		{"bad date", badDate, "", "end"},
		{"bad extra name", badExtra, "", "property name"},
		{"topic as journal", sampleTopic(), ComponentJournal, "cannot be written as VJOURNAL"},
		{"session as event", sampleSession(), "VEVENT", "cannot be written as VEVENT"},
		{"nil pointer", nilTopic, "", "cannot encode"},
	} {
		_, err := EncodeAs(tc.o, tc.comp)
		if err == nil || !strings.HasPrefix(err.Error(), "shared: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one starting shared: and containing %q", tc.name, err, tc.want)
		}
	}
}

func TestEncodeTakesPointers(t *testing.T) {
	for _, o := range []Object{ptr(sampleTopic()), ptr(sampleAction()), ptr(sampleSession()), ptr(sampleProfile())} {
		a, err := Encode(o)
		if err != nil {
			t.Fatal(err)
		}
		b := mustEncode(t, valueOf(o.(record)))
		if !bytes.Equal(a, b) {
			t.Errorf("%T encodes differently from its value", o)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func TestEncodeDropsScheduling(t *testing.T) {
	topic := sampleTopic()
	topic.Extra = []Property{{Name: "ORGANIZER", Value: "mailto:x@example.org"}, {Name: "attendee", Value: "mailto:y@example.org"},
		{Name: "SUMMARY", Value: "a second summary"}, {Name: "PRIORITY", Value: "1"}}
	data := mustEncode(t, topic)
	for _, bad := range []string{"ORGANIZER", "ATTENDEE", "SUMMARY:a second"} {
		if len(lines(data, bad)) != 0 {
			t.Errorf("Extra's %s was written:\n%s", bad, data)
		}
	}
	if len(lines(data, "PRIORITY:1")) != 1 {
		t.Errorf("Extra's PRIORITY was not written:\n%s", data)
	}
}

func TestSessionUID(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	a := SessionUID("series-1@twoway", t0)
	if b := SessionUID("series-1@twoway", t0.In(berlin)); b != a {
		t.Errorf("the same instant in Berlin gives %q, in UTC %q", b, a)
	}
	if b := SessionUID("series-1@twoway", t0.Add(400*time.Millisecond)); b != a {
		t.Errorf("a fraction of a second changed the UID: %q, %q", b, a)
	}
	for _, other := range []string{SessionUID("series-2@twoway", t0), SessionUID("series-1@twoway", t0.Add(time.Second))} {
		if other == a {
			t.Errorf("two sessions share the UID %q", a)
		}
	}
	if want := "session-20250918T170000Z-"; !strings.HasPrefix(a, want) || strings.ContainsAny(a, "/ @") {
		t.Errorf("UID %q: want a path-safe name starting %q", a, want)
	}
}

func TestPublishRoundTrip(t *testing.T) {
	objs := samples()
	zoned := sampleTopic()
	zoned.UID = "topic-zoned@twoway"
	zoned.Extra = mustDecode(t, tasksOrgTopic(t)).(Topic).Extra
	objs = append(objs, zoned)
	data, err := Publish("Ana@Example.org", objs...)
	if err != nil {
		t.Fatal(err)
	}
	checkWire(t, data)
	for _, want := range []struct {
		prefix string
		n      int
	}{
		{"METHOD:PUBLISH", 1}, {"ORGANIZER:mailto:ana@example.org", len(objs)}, {"BEGIN:VTODO", 3},
		{"BEGIN:VJOURNAL", 2}, {"BEGIN:VTIMEZONE", 1}, {"PRIORITY;X-TWOWAY-FILL=TRUE:0", 2},
		{"DTSTART;X-TWOWAY-FILL=TRUE:", 3}, {"DESCRIPTION;X-TWOWAY-FILL=TRUE:profile", 1}, {"ATTENDEE", 0},
		{"SUMMARY;X-TWOWAY-FILL", 0},
	} {
		if got := len(lines(data, want.prefix)); got != want.n {
			t.Errorf("%d lines %s..., want %d\n%s", got, want.prefix, want.n, data)
		}
	}
	b, err := ParseBundle(data)
	if err != nil {
		t.Fatal(err)
	}
	if b.From != ana || b.Skipped != 0 || !reflect.DeepEqual(b.Objects, objs) {
		t.Errorf("ParseBundle: from %q, skipped %d, objects\n%#v\nwant\n%#v", b.From, b.Skipped, b.Objects, objs)
	}
}

func TestPublishErrors(t *testing.T) {
	if _, err := Publish("", sampleTopic()); err == nil || !strings.HasPrefix(err.Error(), "shared: ") {
		t.Errorf("no sender: %v", err)
	}
	if _, err := Publish(ana); err == nil {
		t.Errorf("nothing to publish: no error")
	}
	if _, err := Publish(ana, sampleTopic(), sampleTopic()); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("one UID twice: %v", err)
	}
}

func TestParseBundleErrors(t *testing.T) {
	one := mustEncode(t, sampleTopic())
	pub, err := Publish(ana, sampleTopic(), sampleAction())
	if err != nil {
		t.Fatal(err)
	}
	event := []string{"BEGIN:VEVENT", "UID:ev", "DTSTAMP:20250918T170000Z", "DTSTART:20250918T170000Z", "END:VEVENT"}
	withEvent := bytes.Replace(pub, []byte("END:VCALENDAR"), []byte(strings.Join(event, "\r\n")+"\r\nEND:VCALENDAR"), 1)
	b, err := ParseBundle(withEvent)
	if err != nil || b.Skipped != 1 || len(b.Objects) != 2 {
		t.Errorf("a bundle with a VEVENT: %d skipped, %d objects, %v; want 1, 2, nil", b.Skipped, len(b.Objects), err)
	}
	request := bytes.Replace(pub, []byte("METHOD:PUBLISH"), []byte("METHOD:REQUEST"), 1)
	twoSenders := bytes.Replace(pub, []byte("ORGANIZER:mailto:ana@example.org"), []byte("ORGANIZER:mailto:eve@example.org"), 1)
	for name, data := range map[string][]byte{
		"no method": one, "request": request, "two senders": twoSenders,
		"oversize": append(bytes.Repeat([]byte(" "), MaxBundleSize), pub...),
		"empty":    ics("BEGIN:VCALENDAR", "VERSION:2.0", "METHOD:PUBLISH", "END:VCALENDAR"),
	} {
		if _, err := ParseBundle(data); err == nil || !strings.HasPrefix(err.Error(), "shared: ") {
			t.Errorf("%s: error %v, want one starting shared: ", name, err)
		}
	}
	if _, err := ParseBundle(bytes.Replace(pub, []byte("UID:action-1@twoway"), []byte("UID:topic-1@twoway"), 1)); err == nil {
		t.Errorf("a UID twice in a bundle: no error")
	}
}
