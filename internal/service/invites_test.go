package service_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twoway-app/twoway/calendar/ics"
	"github.com/twoway-app/twoway/internal/fixture"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/storage"
)

var now = fixture.Now

// openTemp opens a fresh database for one test.
func openTemp(t *testing.T) *storage.Store {
	t.Helper()
	s, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "twoway.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func berlin(t *testing.T, y int, m time.Month, d, h int) time.Time {
	return fixture.In(t, "Europe/Berlin", y, m, d, h)
}

func TestInviteSequenceFollowsWhatWasSent(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	core := newCore(s, nil)
	p := fixture.Pair()
	bare, _ := s.CreatePartnership(ctx, &p)
	if _, err := core.PrepareInvite(ctx, bare, mentoring.MethodRequest, nil, now); !errors.Is(err, mentoring.ErrNoSchedule) {
		t.Errorf("invite without schedule: %v, want ErrNoSchedule", err)
	}
	id := fixture.Scheduled(t, s)

	// Given a first invite, prepared but never sent
	out, err := core.PrepareInvite(ctx, id, mentoring.MethodRequest, nil, now)
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
	again, _ := core.PrepareInvite(ctx, id, mentoring.MethodRequest, nil, now)
	if again.Sequence != 0 {
		t.Errorf("unsent invite advanced the sequence to %d", again.Sequence)
	}
	if err := s.RecordSent(ctx, again, now); err != nil {
		t.Fatal(err)
	}
	// An unchanged series is resent with the same sequence
	same, _ := core.PrepareInvite(ctx, id, mentoring.MethodRequest, nil, now.Add(time.Hour))
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
		out, err := core.PrepareInvite(ctx, id, step.method, step.inst, now)
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
	if err := s.SkipSession(ctx, id, berlin(t, 2027, 3, 2, 17)); !errors.Is(err, mentoring.ErrNotASession) {
		t.Errorf("skip a Tuesday: %v", err)
	}
}

func ptr(t time.Time) *time.Time { return &t }

func TestImportReplyAndCounter(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	core := newCore(s, nil)
	id := fixture.Scheduled(t, s)
	out, _ := core.PrepareInvite(ctx, id, mentoring.MethodRequest, nil, now)
	st, _ := s.Invite(ctx, id)

	// Before anything was sent, a reply matches no invite
	if _, err := s.ImportResponse(ctx, fixture.FillICS(fixture.ReplyICS, "{UID}", st.UID, "{FROM}", "ben@example.com"), now); !errors.Is(err, storage.ErrForeignInvite) {
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
		{"foreign UID", fixture.FillICS(fixture.ReplyICS, "{UID}", "someone-else@example.com", "{FROM}", "ben@example.com"), "did not send"},
		{"from a stranger", fixture.FillICS(fixture.ReplyICS, "{UID}", st.UID, "{FROM}", "mallory@example.net"), "not from the partner"},
		{"an invite, not an answer", fixture.FillICS(strings.Replace(fixture.ReplyICS, "METHOD:REPLY", "METHOD:REQUEST", 1), "{UID}", st.UID, "{FROM}", "ben@example.com"), "not an answer"},
		{"no METHOD", fixture.FillICS(strings.Replace(fixture.ReplyICS, "METHOD:REPLY\r\n", "", 1), "{UID}", st.UID, "{FROM}", "ben@example.com"), "METHOD"},
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
	r, err := s.ImportResponse(ctx, fixture.FillICS(fixture.ReplyICS, "{UID}", st.UID, "{FROM}", "Ben@Example.com"), now)
	if err != nil || r.PartStat != "ACCEPTED" {
		t.Fatalf("reply: %+v %v", r, err)
	}
	if st, _ := s.Invite(ctx, id); st.PartStat != "ACCEPTED" {
		t.Errorf("invite partstat %q", st.PartStat)
	}

	// A counter for one session (Mar 1, 17:00 Berlin = 11:00 New York) proposing 10:00 New York
	c, err := s.ImportResponse(ctx, fixture.FillICS(fixture.CounterICS, "{UID}", st.UID,
		"{RID}", "RECURRENCE-ID;TZID=Europe/Berlin:20270301T170000\r\n", "{START}", "20270301T100000", "{END}", "20270301T110000"), now)
	if err != nil {
		t.Fatalf("counter: %v", err)
	}
	if c.State != "open" || !c.ProposedStart.Equal(berlin(t, 2027, 3, 1, 16)) || c.Comment != "Could we meet an hour earlier?" {
		t.Fatalf("counter = %+v (proposed %s)", c, c.ProposedStart)
	}
	if err := core.AcceptCounter(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	exc, _ := s.Exceptions(ctx, id)
	if len(exc) != 1 || !exc[0].Start.Equal(berlin(t, 2027, 3, 1, 16)) || !exc[0].End.Equal(berlin(t, 2027, 3, 1, 17)) {
		t.Errorf("accepted counter moved %+v", exc)
	}
	if err := core.AcceptCounter(ctx, c.ID); err == nil {
		t.Error("accepted the same counter twice")
	}

	// A counter for the whole series, declined, produces a DECLINECOUNTER
	whole, err := s.ImportResponse(ctx, fixture.FillICS(fixture.CounterICS, "{UID}", st.UID, "{RID}", "",
		"{START}", "20270105T090000", "{END}", "20270105T100000"), now)
	if err != nil {
		t.Fatal(err)
	}
	// When the answer cannot be delivered, the proposal stays open
	lost := errors.New("disk full")
	if err := core.DeclineCounter(ctx, whole.ID, "Tuesdays do not work for me", func([]byte) error { return lost }); !errors.Is(err, lost) {
		t.Fatalf("decline with a failing delivery: %v", err)
	}
	if r, _ := s.Response(ctx, whole.ID); r.State != mentoring.ResponseOpen {
		t.Fatalf("an undelivered decline marked the counter %q", r.State)
	}
	var b []byte
	if err := core.DeclineCounter(ctx, whole.ID, "Tuesdays do not work for me", func(m []byte) error { b = m; return nil }); err != nil {
		t.Fatal(err)
	}
	if r, _ := s.Response(ctx, whole.ID); r.State != mentoring.ResponseDeclined {
		t.Errorf("a delivered decline left the counter %q", r.State)
	}
	m, err := ics.ParseITIP(b)
	if err != nil || m.Method != "DECLINECOUNTER" || m.UID != st.UID {
		t.Errorf("declinecounter: %+v %v", m, err)
	}
	// Accepting a series counter instead moves the cadence to Tuesday 15:00 Berlin
	whole2, _ := s.ImportResponse(ctx, fixture.FillICS(fixture.CounterICS, "{UID}", st.UID, "{RID}", "",
		"{START}", "20270105T090000", "{END}", "20270105T100000"), now)
	if err := core.AcceptCounter(ctx, whole2.ID); err != nil {
		t.Fatal(err)
	}
	cad, _ := s.GetSchedule(ctx, id)
	if cad.At != 15*60 || cad.Days[0] != time.Tuesday || cad.Minutes != 60 {
		t.Errorf("after accepting the series counter: %+v", cad)
	}
	next, _ := core.PrepareInvite(ctx, id, mentoring.MethodRequest, nil, now)
	if next.Sequence != 1 || !next.Changed {
		t.Errorf("update after accepting: sequence %d changed %v", next.Sequence, next.Changed)
	}
}

func TestAgendaGoesIntoTheInviteAsAnUpdate(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	core := newCore(s, nil)
	id := fixture.Scheduled(t, s)
	out, _ := core.PrepareInvite(ctx, id, mentoring.MethodRequest, nil, now)
	s.RecordSent(ctx, out, now)
	// When the agenda is set, with Windows line ends and padding
	if err := s.SetAgenda(ctx, id, "  1. Ben: a LinkedIn post review\r\n2. Ana: running a 1:1  \n"); err != nil {
		t.Fatal(err)
	}
	// Then the next invite is an update carrying it, lines intact
	next, err := core.PrepareInvite(ctx, id, mentoring.MethodRequest, nil, now)
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
	if err := s.SetAgenda(ctx, 999, "x"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("unknown partnership: %v", err)
	}
	if got, _ := s.GetPartnership(ctx, id); !strings.HasPrefix(got.Agenda, "1. Ben") {
		t.Errorf("agenda changed by refused input: %q", got.Agenda)
	}
}
