package storage

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/calendar/ics"
	"github.com/twoway-app/twoway/internal/mentoring"
)

// pairWithSchedule stores the Berlin/New York pair meeting Mondays at 17:00
// Berlin from Jan 4 to Jun 30 2027.
func pairWithSchedule(t *testing.T, s *Store) int64 {
	t.Helper()
	ctx := context.Background()
	p := validPair()
	id, err := s.CreatePartnership(ctx, &p)
	if err != nil {
		t.Fatal(err)
	}
	c := calendar.Cadence{Unit: calendar.Weekly, Interval: 1, Days: []time.Weekday{time.Monday}, At: 17 * 60,
		Minutes: 60, From: p.From, Until: p.Until, Anchor: calendar.AnchorMe}
	if err := s.SetSchedule(ctx, id, c); err != nil {
		t.Fatal(err)
	}
	return id
}

var now = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func berlin(t *testing.T, y int, m time.Month, d, h int) time.Time {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return time.Date(y, m, d, h, 0, 0, 0, loc)
}

func TestInviteSequenceFollowsWhatWasSent(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	p := validPair()
	bare, _ := s.CreatePartnership(ctx, &p)
	if _, err := s.PrepareInvite(ctx, bare, mentoring.MethodRequest, nil, now); !errors.Is(err, mentoring.ErrNoSchedule) {
		t.Errorf("invite without schedule: %v, want ErrNoSchedule", err)
	}
	id := pairWithSchedule(t, s)

	// Given a first invite, prepared but never sent
	out, err := s.PrepareInvite(ctx, id, mentoring.MethodRequest, nil, now)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := ics.ParseITIP(out.ICS)
	if err != nil {
		t.Fatalf("our own invite does not parse: %v", err)
	}
	st, _ := s.Invite(ctx, id)
	if msg.Method != "REQUEST" || msg.UID != st.UID || msg.Sequence != 0 || !strings.Contains(msg.RRule, "FREQ=WEEKLY") ||
		msg.Attendee.Email != "ben@example.com" || msg.Organizer.Email != "ana@example.org" || st.Sent {
		t.Fatalf("first invite: %+v, state %+v", msg, st)
	}
	if !strings.Contains(msg.Description, "What we share stays between us") || !strings.Contains(msg.Description, p.Link) {
		t.Errorf("description %q lacks the rules or the link", msg.Description)
	}
	// A failed send consumes nothing: preparing again gives sequence 0 and the same UID
	again, _ := s.PrepareInvite(ctx, id, mentoring.MethodRequest, nil, now)
	if again.Sequence != 0 {
		t.Errorf("unsent invite advanced the sequence to %d", again.Sequence)
	}
	if err := s.RecordSent(ctx, again, now); err != nil {
		t.Fatal(err)
	}
	// An unchanged series is resent with the same sequence
	same, _ := s.PrepareInvite(ctx, id, mentoring.MethodRequest, nil, now.Add(time.Hour))
	if same.Sequence != 0 || same.Changed {
		t.Errorf("unchanged resend: sequence %d changed %v", same.Sequence, same.Changed)
	}

	steps := []struct {
		name   string
		change func() error
		method string
		inst   *time.Time
		check  func(*ics.Message, string)
	}{
		{"skip Mar 1", func() error { return s.SkipSession(ctx, id, berlin(t, 2027, 3, 1, 17)) }, mentoring.MethodRequest, nil,
			func(m *ics.Message, raw string) {
				if len(m.ExDates) != 1 || !m.ExDates[0].Equal(berlin(t, 2027, 3, 1, 17)) || !strings.Contains(raw, "EXDATE;TZID=Europe/Berlin:20270301T170000") {
					t.Errorf("skip: exdates %v", m.ExDates)
				}
			}},
		{"move Mar 8 to Tue 18:00", func() error {
			return s.MoveSession(ctx, id, berlin(t, 2027, 3, 8, 17), berlin(t, 2027, 3, 9, 18))
		}, mentoring.MethodRequest, nil,
			func(m *ics.Message, raw string) {
				if len(m.Overrides) != 1 || !m.Overrides[0].RecurrenceID.Equal(berlin(t, 2027, 3, 8, 17)) || !m.Overrides[0].Start.Equal(berlin(t, 2027, 3, 9, 18)) {
					t.Errorf("move: overrides %+v", m.Overrides)
				}
				if strings.Contains(raw, "EXDATE;TZID=Europe/Berlin:20270308") {
					t.Error("a moved session must not also be an EXDATE")
				}
			}},
		{"cancel Mar 15 only", func() error { return nil }, mentoring.MethodCancel, ptr(berlin(t, 2027, 3, 15, 17)),
			func(m *ics.Message, raw string) {
				if m.Method != "CANCEL" || !m.RecurrenceID.Equal(berlin(t, 2027, 3, 15, 17)) {
					t.Errorf("instance cancel: %+v", m)
				}
			}},
		{"cancel the series", func() error { return nil }, mentoring.MethodCancel, nil,
			func(m *ics.Message, raw string) {
				if m.Method != "CANCEL" || !m.RecurrenceID.IsZero() || m.Status != "CANCELLED" {
					t.Errorf("series cancel: %+v", m)
				}
			}},
	}
	for i, step := range steps {
		if err := step.change(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		out, err := s.PrepareInvite(ctx, id, step.method, step.inst, now)
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		m, err := ics.ParseITIP(out.ICS)
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		// Each change goes out under the same UID with the next sequence
		if m.UID != st.UID || m.Sequence != i+1 {
			t.Errorf("%s: UID %s sequence %d, want %s and %d", step.name, m.UID, m.Sequence, st.UID, i+1)
		}
		step.check(m, string(out.ICS))
		if err := s.RecordSent(ctx, out, now); err != nil {
			t.Fatal(err)
		}
	}
	// The single-session cancel was also recorded as a skip
	exc, _ := s.Exceptions(ctx, id)
	if len(exc) != 3 || !exc[2].Skipped || !exc[2].Original.Equal(berlin(t, 2027, 3, 15, 17)) {
		t.Errorf("exceptions %+v", exc)
	}
	if st, _ := s.Invite(ctx, id); !st.Cancelled || st.Sequence != 4 || !strings.Contains(st.SentICS, "METHOD:CANCEL") {
		t.Errorf("after cancelling: %+v", st)
	}
	// A stale message cannot be recorded over a newer one
	if err := s.RecordSent(ctx, again, now); err == nil {
		t.Error("recorded sequence 0 after sequence 4")
	}
	// A date that is no session is refused
	if err := s.SkipSession(ctx, id, berlin(t, 2027, 3, 2, 17)); !errors.Is(err, ErrNotASession) {
		t.Errorf("skip a Tuesday: %v", err)
	}
}

func ptr(t time.Time) *time.Time { return &t }

const replyTemplate = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nMETHOD:REPLY\r\n" +
	"BEGIN:VEVENT\r\nUID:{UID}\r\nDTSTAMP:20261202T100000Z\r\nSEQUENCE:0\r\n" +
	"DTSTART;TZID=Europe/Berlin:20270104T170000\r\nDTEND;TZID=Europe/Berlin:20270104T180000\r\n" +
	"ORGANIZER;CN=Ana Ruiz:mailto:ana@example.org\r\n" +
	"ATTENDEE;CN=Ben Okafor;PARTSTAT=ACCEPTED:mailto:{FROM}\r\nSUMMARY:Ana & Ben\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

// counterTemplate is shaped like Outlook's "propose new time": Windows zone
// names and an embedded VTIMEZONE.
const counterTemplate = "BEGIN:VCALENDAR\r\nMETHOD:COUNTER\r\nPRODID:Microsoft Exchange Server 2010\r\nVERSION:2.0\r\n" +
	"BEGIN:VTIMEZONE\r\nTZID:Eastern Standard Time\r\nBEGIN:STANDARD\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\n" +
	"RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=1SU;BYMONTH=11\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\n" +
	"TZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nRRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=2SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n" +
	"BEGIN:VEVENT\r\nUID:{UID}\r\nDTSTAMP:20261202T100000Z\r\nSEQUENCE:0\r\n{RID}" +
	"DTSTART;TZID=Eastern Standard Time:{START}\r\nDTEND;TZID=Eastern Standard Time:{END}\r\n" +
	"ORGANIZER;CN=Ana Ruiz:mailto:ana@example.org\r\nATTENDEE;CN=Ben Okafor;PARTSTAT=TENTATIVE:mailto:ben@example.com\r\n" +
	"COMMENT:Could we meet an hour earlier?\r\nSUMMARY:Ana & Ben\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

func fillICS(tmpl string, kv ...string) []byte {
	return []byte(strings.NewReplacer(kv...).Replace(tmpl))
}

func TestImportReplyAndCounter(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	id := pairWithSchedule(t, s)
	out, _ := s.PrepareInvite(ctx, id, mentoring.MethodRequest, nil, now)
	st, _ := s.Invite(ctx, id)

	// Before anything was sent, a reply matches no invite
	if _, err := s.ImportResponse(ctx, fillICS(replyTemplate, "{UID}", st.UID, "{FROM}", "ben@example.com"), now); !errors.Is(err, ErrForeignInvite) {
		t.Errorf("reply to an unsent invite: %v", err)
	}
	s.RecordSent(ctx, out, now)

	bad := []struct {
		name string
		data []byte
		want string
	}{
		{"not iCalendar", []byte("hello, this is a letter"), "ics:"},
		{"empty", nil, "ics:"},
		{"foreign UID", fillICS(replyTemplate, "{UID}", "someone-else@example.com", "{FROM}", "ben@example.com"), "did not send"},
		{"from a stranger", fillICS(replyTemplate, "{UID}", st.UID, "{FROM}", "mallory@example.net"), "not from the partner"},
		{"an invite, not an answer", fillICS(strings.Replace(replyTemplate, "METHOD:REPLY", "METHOD:REQUEST", 1), "{UID}", st.UID, "{FROM}", "ben@example.com"), "not an answer"},
		{"no METHOD", fillICS(strings.Replace(replyTemplate, "METHOD:REPLY\r\n", "", 1), "{UID}", st.UID, "{FROM}", "ben@example.com"), "METHOD"},
	}
	for _, b := range bad {
		if _, err := s.ImportResponse(ctx, b.data, now); err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%s: %v, want an error with %q", b.name, err, b.want)
		}
	}
	if rs, _ := s.Responses(ctx, id); len(rs) != 0 {
		t.Fatalf("bad files stored %d responses", len(rs))
	}

	// A reply accepting the series is recorded on the invite
	r, err := s.ImportResponse(ctx, fillICS(replyTemplate, "{UID}", st.UID, "{FROM}", "Ben@Example.com"), now)
	if err != nil || r.PartStat != "ACCEPTED" {
		t.Fatalf("reply: %+v %v", r, err)
	}
	if st, _ := s.Invite(ctx, id); st.PartStat != "ACCEPTED" {
		t.Errorf("invite partstat %q", st.PartStat)
	}

	// A counter for one session (Mar 1, 17:00 Berlin = 11:00 New York) proposing 10:00 New York
	c, err := s.ImportResponse(ctx, fillICS(counterTemplate, "{UID}", st.UID,
		"{RID}", "RECURRENCE-ID;TZID=Europe/Berlin:20270301T170000\r\n", "{START}", "20270301T100000", "{END}", "20270301T110000"), now)
	if err != nil {
		t.Fatalf("counter: %v", err)
	}
	if c.State != "open" || !c.ProposedStart.Equal(berlin(t, 2027, 3, 1, 16)) || c.Comment != "Could we meet an hour earlier?" {
		t.Fatalf("counter = %+v (proposed %s)", c, c.ProposedStart)
	}
	if err := s.AcceptCounter(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	exc, _ := s.Exceptions(ctx, id)
	if len(exc) != 1 || !exc[0].Start.Equal(berlin(t, 2027, 3, 1, 16)) || !exc[0].End.Equal(berlin(t, 2027, 3, 1, 17)) {
		t.Errorf("accepted counter moved %+v", exc)
	}
	if err := s.AcceptCounter(ctx, c.ID); err == nil {
		t.Error("accepted the same counter twice")
	}

	// A counter for the whole series, declined, produces a DECLINECOUNTER
	whole, err := s.ImportResponse(ctx, fillICS(counterTemplate, "{UID}", st.UID, "{RID}", "",
		"{START}", "20270105T090000", "{END}", "20270105T100000"), now)
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.DeclineCounter(ctx, whole.ID, "Tuesdays do not work for me", now)
	if err != nil {
		t.Fatal(err)
	}
	m, err := ics.ParseITIP(b)
	if err != nil || m.Method != "DECLINECOUNTER" || m.UID != st.UID {
		t.Errorf("declinecounter: %+v %v", m, err)
	}
	// Accepting a series counter instead moves the cadence to Tuesday 15:00 Berlin
	whole2, _ := s.ImportResponse(ctx, fillICS(counterTemplate, "{UID}", st.UID, "{RID}", "",
		"{START}", "20270105T090000", "{END}", "20270105T100000"), now)
	if err := s.AcceptCounter(ctx, whole2.ID); err != nil {
		t.Fatal(err)
	}
	cad, _ := s.GetSchedule(ctx, id)
	if cad.At != 15*60 || cad.Days[0] != time.Tuesday || cad.Minutes != 60 {
		t.Errorf("after accepting the series counter: %+v", cad)
	}
	next, _ := s.PrepareInvite(ctx, id, mentoring.MethodRequest, nil, now)
	if next.Sequence != 1 || !next.Changed {
		t.Errorf("update after accepting: sequence %d changed %v", next.Sequence, next.Changed)
	}
}

func TestAgendaGoesIntoTheInviteAsAnUpdate(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	id := pairWithSchedule(t, s)
	out, _ := s.PrepareInvite(ctx, id, mentoring.MethodRequest, nil, now)
	s.RecordSent(ctx, out, now)
	// When the agenda is set, with Windows line ends and padding
	if err := s.SetAgenda(ctx, id, "  1. Ben: a LinkedIn post review\r\n2. Ana: running a 1:1  \n"); err != nil {
		t.Fatal(err)
	}
	// Then the next invite is an update carrying it, lines intact
	next, err := s.PrepareInvite(ctx, id, mentoring.MethodRequest, nil, now)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := ics.ParseITIP(next.ICS)
	want := "Agenda for the next session:\n1. Ben: a LinkedIn post review\n2. Ana: running a 1:1\n"
	if next.Sequence != 1 || !next.Changed || !strings.Contains(m.Description, want) {
		t.Errorf("sequence %d changed %v description %q", next.Sequence, next.Changed, m.Description)
	}
	if !strings.Contains(next.Text, "1. Ben: a LinkedIn post review") {
		t.Errorf("email text lacks the agenda: %q", next.Text)
	}
	// Editing the partnership keeps the agenda
	p, _ := s.GetPartnership(ctx, id)
	p.Title = "Ana & Ben 2027"
	s.UpdatePartnership(ctx, &p)
	if got, _ := s.GetPartnership(ctx, id); got.Agenda != "1. Ben: a LinkedIn post review\n2. Ana: running a 1:1" {
		t.Errorf("agenda after edit %q", got.Agenda)
	}
	// Bad agendas are refused and change nothing
	for _, bad := range []string{strings.Repeat("x", mentoring.MaxAgenda+1), "bad \xff byte"} {
		if err := s.SetAgenda(ctx, id, bad); !mentoring.IsValidation(err) {
			t.Errorf("SetAgenda(%.10q...) = %v, want a validation error", bad, err)
		}
	}
	if err := s.SetAgenda(ctx, 999, "x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown partnership: %v", err)
	}
	if got, _ := s.GetPartnership(ctx, id); !strings.HasPrefix(got.Agenda, "1. Ben") {
		t.Errorf("agenda changed by refused input: %q", got.Agenda)
	}
}
