package service_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/twoway-app/twoway/calendar/ics"
	"github.com/twoway-app/twoway/internal/fixture"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/service"
	"github.com/twoway-app/twoway/internal/testservers"
	"github.com/twoway-app/twoway/storage"
	"github.com/twoway-app/twoway/storage/secrets"
)

// pairOverMail is Ana's and Ben's Twoway, each over its own database,
// both sending through one real SMTP server.
type pairOverMail struct {
	srv          *testservers.SMTPServer
	ana, ben     *service.Core
	anaDB, benDB *storage.Store
	anaID        int64
}

func newPairOverMail(t *testing.T) *pairOverMail {
	t.Helper()
	ctx := context.Background()
	srv := testservers.StartSMTP(t, testservers.SMTPOptions{})
	core := func(s *storage.Store, from string) *service.Core {
		c := newCore(s, secrets.NewMemory())
		if err := s.SetMailSettings(ctx, mentoring.MailSettings{Host: srv.Host, Port: srv.Port, Security: mentoring.SecurityPlain, From: from}); err != nil {
			t.Fatal(err)
		}
		return c
	}
	anaDB, id := setup(t)
	benDB := openTemp(t)
	return &pairOverMail{srv: srv, ana: core(anaDB, "ana@example.org"), ben: core(benDB, "ben@example.com"), anaDB: anaDB, benDB: benDB, anaID: id}
}

// lastCalendar is the calendar part of the newest mail to rcpt.
func (p *pairOverMail) lastCalendar(t *testing.T, rcpt string) (method string, body []byte) {
	t.Helper()
	msgs := p.srv.Messages(t)
	for i := len(msgs) - 1; i >= 0; i-- {
		if len(msgs[i].RcptTo) == 1 && msgs[i].RcptTo[0] == rcpt {
			return calendarPart(t, msgs[i].Raw)
		}
	}
	t.Fatalf("no mail to %s among %d", rcpt, len(msgs))
	return "", nil
}

func TestOnboardingFromTheInviteEmail(t *testing.T) {
	ctx := context.Background()
	pair := newPairOverMail(t)

	// Given Ana invited Ben by email
	if _, err := pair.ana.SendInvite(ctx, pair.anaID, mentoring.MethodRequest, nil, ""); err != nil {
		t.Fatal(err)
	}
	_, invite := pair.lastCalendar(t, "ben@example.com")

	// When Ben joins from the calendar part of that email
	j, err := pair.ben.Join(ctx, invite)
	if err != nil {
		t.Fatal(err)
	}
	if !j.Created {
		t.Fatalf("join: %+v", j)
	}
	// Then his partnership mirrors hers: people, directions, rules, programme, link, cadence, series UID
	anaP, _ := pair.anaDB.GetPartnership(ctx, pair.anaID)
	anaC, _ := pair.anaDB.GetSchedule(ctx, pair.anaID)
	wantP, wantC := fixture.Mirror(anaP, anaC)
	benP, _ := pair.benDB.GetPartnership(ctx, j.ID)
	benC, _ := pair.benDB.GetSchedule(ctx, j.ID)
	wantP.ID, wantP.Created, wantP.Updated, wantP.Agenda = benP.ID, benP.Created, benP.Updated, ""
	if !reflect.DeepEqual(benP, wantP) || !reflect.DeepEqual(benC, wantC) {
		t.Errorf("Ben's partnership\n got %+v %+v\nwant %+v %+v", benP, benC, wantP, wantC)
	}
	anaSt, _ := pair.anaDB.Invite(ctx, pair.anaID)
	benSt, _ := pair.benDB.Invite(ctx, j.ID)
	if benSt.UID != anaSt.UID || benSt.Sequence != anaSt.Sequence {
		t.Errorf("Ben's series %q/%d, Ana's %q/%d", benSt.UID, benSt.Sequence, anaSt.UID, anaSt.Sequence)
	}

	// When Ben accepts by email, Ana's Twoway reads it as his answer
	out, err := pair.ben.PrepareAnswer(ctx, j.ID, ics.PartStatAccepted, nil, "", clock)
	if err != nil {
		t.Fatal(err)
	}
	if err := pair.ben.SendPrepared(ctx, out, ""); err != nil {
		t.Fatal(err)
	}
	method, reply := pair.lastCalendar(t, "ana@example.org")
	if method != ics.MethodReply {
		t.Fatalf("Ben sent %s", method)
	}
	if _, err := pair.anaDB.ImportResponse(ctx, reply, clock); err != nil {
		t.Fatal(err)
	}
	if st, _ := pair.anaDB.Invite(ctx, pair.anaID); st.PartStat != ics.PartStatAccepted {
		t.Errorf("Ana sees Ben's answer %q", st.PartStat)
	}
	if st, _ := pair.benDB.Invite(ctx, j.ID); st.PartStat != ics.PartStatAccepted || st.Sequence != anaSt.Sequence {
		t.Errorf("Ben's own record of his answer: %+v", st)
	}

	// When Ben proposes another time for the first session, Ana gets an open counter she can accept
	first := berlin(t, 2027, 1, 4, 17)
	out, err = pair.ben.PrepareProposal(ctx, j.ID, &first, first.Add(2*60*60e9), "Two hours later?", clock)
	if err != nil {
		t.Fatal(err)
	}
	if err := pair.ben.SendPrepared(ctx, out, ""); err != nil {
		t.Fatal(err)
	}
	_, counter := pair.lastCalendar(t, "ana@example.org")
	r, err := pair.anaDB.ImportResponse(ctx, counter, clock)
	if err != nil || r.Method != ics.MethodCounter || r.State != mentoring.ResponseOpen {
		t.Fatalf("counter: %+v %v", r, err)
	}
	if err := pair.ana.AcceptCounter(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := pair.ana.SendInvite(ctx, pair.anaID, mentoring.MethodRequest, nil, ""); err != nil {
		t.Fatal(err)
	}

	// Then joining the update changes Ben's partnership in place: the moved session arrives, nothing doubles
	_, update := pair.lastCalendar(t, "ben@example.com")
	j2, err := pair.ben.Join(ctx, update)
	if err != nil || j2.Created || j2.ID != j.ID {
		t.Fatalf("second join: %+v %v", j2, err)
	}
	exc, _ := pair.benDB.Exceptions(ctx, j.ID)
	if len(exc) != 1 || !exc[0].Original.Equal(first) || !exc[0].Start.Equal(first.Add(2*60*60e9)) {
		t.Errorf("Ben's exceptions after the update: %+v", exc)
	}
	if list, _ := pair.benDB.ListPartnerships(ctx); len(list) != 1 {
		t.Errorf("Ben has %d partnerships after joining twice", len(list))
	}

	// When Ana cancels the second session, Ben's copy skips it
	second := berlin(t, 2027, 1, 11, 17)
	if _, err := pair.ana.SendInvite(ctx, pair.anaID, mentoring.MethodCancel, &second, ""); err != nil {
		t.Fatal(err)
	}
	_, cancel := pair.lastCalendar(t, "ben@example.com")
	if j3, err := pair.ben.Join(ctx, cancel); err != nil || !j3.Cancelled || j3.ID != j.ID {
		t.Fatalf("cancel: %+v %v", j3, err)
	}
	exc, _ = pair.benDB.Exceptions(ctx, j.ID)
	if len(exc) != 2 || !exc[1].Skipped || !exc[1].Original.Equal(second) {
		t.Errorf("Ben's exceptions after the cancellation: %+v", exc)
	}

	// And the stale first invite no longer changes anything
	if _, err := pair.ben.Join(ctx, invite); !errors.Is(err, storage.ErrStaleInvite) {
		t.Errorf("joining the old invite again: %v", err)
	}
	// And the roles hold: Ben sends no invite, Ana cannot join her own
	if _, err := pair.ben.PrepareInvite(ctx, j.ID, mentoring.MethodRequest, nil, clock); !errors.Is(err, mentoring.ErrNotOrganizer) {
		t.Errorf("Ben's REQUEST: %v", err)
	}
	if _, err := pair.ana.Join(ctx, update); !errors.Is(err, storage.ErrOwnInvite) {
		t.Errorf("Ana joining her own invite: %v", err)
	}
}

func TestJoinRefusesAndKeepsNothing(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	ben := newCore(db, secrets.NewMemory())
	for _, tt := range []struct {
		name string
		data []byte
		want error
	}{
		{"an invitation from another calendar", readFile(t, "outlook-request-custom-tzid.ics"), mentoring.ErrForeignInvite},
		{"a reply, not an invitation", readFile(t, "gmail-reply-accepted.ics"), mentoring.ErrNotInvite},
		{"not iCalendar at all", []byte("hello"), nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ben.Join(ctx, tt.data)
			if err == nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("err %v, want %v", err, tt.want)
			}
			if list, _ := db.ListPartnerships(ctx); len(list) != 0 {
				t.Errorf("a refused join left %d partnerships", len(list))
			}
		})
	}
}

func readFile(t *testing.T, seed string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "calendar", "ics", "testdata", "seeds", seed))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
