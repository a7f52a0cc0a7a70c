package service_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/twoway-app/twoway/calendar/ics"
	"github.com/twoway-app/twoway/calendar/imip"
	"github.com/twoway-app/twoway/internal/fixture"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/service"
	"github.com/twoway-app/twoway/internal/testservers"
)

// TestAnswersFetchedFromTheMailbox: Ben answers Ana's invite by email; the
// message lands in Ana's mailbox on a real Dovecot, and one fetch imports
// it, once.
func TestAnswersFetchedFromTheMailbox(t *testing.T) {
	ctx := context.Background()
	pair := newPairOverMail(t)
	dove := testservers.StartDovecot(t, map[string]string{"ana": "ana-imap-pw"})
	if err := pair.ana.SaveIMAPSettings(ctx, pair.anaDB, mentoring.IMAPSettings{Host: dove.Host, Port: dove.Port,
		Security: mentoring.SecurityPlain, Username: "ana"}, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := pair.ana.SendInvite(ctx, pair.anaID, mentoring.MethodRequest, nil, ""); err != nil {
		t.Fatal(err)
	}
	_, invite := pair.lastCalendar(t, "ben@example.com")
	j, err := pair.ben.Join(ctx, invite)
	if err != nil {
		t.Fatal(err)
	}
	first := fixture.In(t, "Europe/Berlin", 2027, 1, 4, 17)
	for _, out := range []func() (mentoring.Outgoing, error){
		func() (mentoring.Outgoing, error) {
			return pair.ben.PrepareAnswer(ctx, j.ID, ics.PartStatAccepted, nil, "", clock)
		},
		func() (mentoring.Outgoing, error) {
			return pair.ben.PrepareProposal(ctx, j.ID, &first, first.Add(2*60*60e9), "Later?", clock)
		},
	} {
		o, err := out()
		if err != nil {
			t.Fatal(err)
		}
		if err := pair.ben.SendPrepared(ctx, o, ""); err != nil {
			t.Fatal(err)
		}
	}
	// Given both answers, and an ordinary mail, in Ana's mailbox
	for _, m := range pair.srv.Messages(t) {
		if m.RcptTo[0] == "ana@example.org" {
			dove.Deliver(t, "ana", m.Raw)
		}
	}
	dove.Deliver(t, "ana", []byte("From: bob@example.net\r\nTo: ana@example.org\r\nSubject: lunch?\r\n\r\nMETHOD:REPLY is just text here\r\n"))

	// Without the password: asked for, nothing imported
	if _, err := pair.ana.FetchMail(ctx, pair.anaDB, "wrong"); !errors.Is(err, imip.ErrAuth) {
		t.Fatalf("wrong password: %v", err)
	}
	if rs, _ := pair.anaDB.Responses(ctx, pair.anaID); len(rs) != 0 {
		t.Fatalf("a failed fetch imported %d answers", len(rs))
	}
	// When Ana's Twoway looks into the mailbox
	rep, err := pair.ana.FetchMail(ctx, pair.anaDB, "ana-imap-pw")
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Answers) != 2 || rep.Counters != 1 {
		t.Fatalf("fetched %+v", rep)
	}
	if st, _ := pair.anaDB.Invite(ctx, pair.anaID); st.PartStat != ics.PartStatAccepted {
		t.Errorf("Ana's invite state after the fetch: %+v", st)
	}
	// Then a second look imports nothing twice
	rep, err = pair.ana.FetchMail(ctx, pair.anaDB, "ana-imap-pw")
	if err != nil || len(rep.Answers) != 0 {
		t.Errorf("second fetch: %+v %v", rep, err)
	}
	if rs, _ := pair.anaDB.Responses(ctx, pair.anaID); len(rs) != 2 {
		t.Errorf("Ana has %d answers, want 2", len(rs))
	}
	// And a dropped server is a connection error
	dove.Stop()
	if _, err := pair.ana.FetchMail(ctx, pair.anaDB, "ana-imap-pw"); !errors.Is(err, imip.ErrConnection) {
		t.Errorf("fetch from a stopped server: %v", err)
	}
}

// TestMailWatchWakesOnNewMail: with IDLE, a reply dropped into the mailbox
// wakes the watch, and the fetch it triggers imports it.
func TestMailWatchWakesOnNewMail(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pair := newPairOverMail(t)
	dove := testservers.StartDovecot(t, map[string]string{"ana": "ana-imap-pw"})
	keys := pair.ana.Secrets
	m := mentoring.IMAPSettings{Host: dove.Host, Port: dove.Port, Security: mentoring.SecurityPlain, Username: "ana"}
	if err := pair.ana.SaveIMAPSettings(ctx, pair.anaDB, m, "ana-imap-pw"); err != nil || keys == nil {
		t.Fatal(err)
	}
	if _, err := pair.ana.SendInvite(ctx, pair.anaID, mentoring.MethodRequest, nil, ""); err != nil {
		t.Fatal(err)
	}
	_, invite := pair.lastCalendar(t, "ben@example.com")
	j, err := pair.ben.Join(ctx, invite)
	if err != nil {
		t.Fatal(err)
	}
	woke := make(chan struct{}, 8)
	go pair.ana.WatchMail(ctx, pair.anaDB, func() { woke <- struct{}{} })
	select {
	case <-woke: // the first call, when the watch starts
	case <-time.After(10 * time.Second):
		t.Fatal("the watch never started")
	}
	out, err := pair.ben.PrepareAnswer(ctx, j.ID, ics.PartStatDeclined, nil, "", clock)
	if err != nil {
		t.Fatal(err)
	}
	if err := pair.ben.SendPrepared(ctx, out, ""); err != nil {
		t.Fatal(err)
	}
	msgs := pair.srv.Messages(t)
	dove.Deliver(t, "ana", msgs[len(msgs)-1].Raw)
	select {
	case <-woke:
	case <-time.After(15 * time.Second):
		t.Fatal("new mail did not wake the watch")
	}
	rep, err := pair.ana.FetchMail(ctx, pair.anaDB, "")
	if err != nil || len(rep.Answers) != 1 || rep.Answers[0].PartStat != ics.PartStatDeclined {
		t.Fatalf("fetch after the wake: %+v %v", rep, err)
	}
}

// TestInvitationsFetchedFromTheMailbox: Ana's invite and her cancellation
// of one session land in Ben's mailbox; his fetches join the partnership
// and skip that session, another calendar's invitation is never read, and
// the stale invite delivered again changes nothing.
func TestInvitationsFetchedFromTheMailbox(t *testing.T) {
	ctx := context.Background()
	pair := newPairOverMail(t)
	dove := testservers.StartDovecot(t, map[string]string{"ben": "ben-imap-pw"})
	if err := pair.ben.SaveIMAPSettings(ctx, pair.benDB, mentoring.IMAPSettings{Host: dove.Host, Port: dove.Port,
		Security: mentoring.SecurityPlain, Username: "ben"}, "ben-imap-pw"); err != nil {
		t.Fatal(err)
	}
	deliverLast := func() []byte {
		t.Helper()
		msgs := pair.srv.Messages(t)
		raw := msgs[len(msgs)-1].Raw
		dove.Deliver(t, "ben", raw)
		return raw
	}
	fetch := func() MailReportView {
		t.Helper()
		rep, err := pair.ben.FetchMail(ctx, pair.benDB, "")
		if err != nil {
			t.Fatal(err)
		}
		return MailReportView{Joined: len(rep.Joined), Foreign: rep.Foreign, Found: rep.Fetch.Found, rep: rep}
	}

	// Given Ana's invite and a meeting invitation from another calendar in Ben's mailbox
	if _, err := pair.ana.SendInvite(ctx, pair.anaID, mentoring.MethodRequest, nil, ""); err != nil {
		t.Fatal(err)
	}
	invite := deliverLast()
	dove.Deliver(t, "ben", []byte("From: carl@example.net\r\nTo: ben@example.com\r\nSubject: Standup\r\n"+
		"Content-Type: text/calendar; method=REQUEST; charset=UTF-8\r\n\r\n"+
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nMETHOD:REQUEST\r\n"+
		"BEGIN:VEVENT\r\nUID:standup@example.net\r\nDTSTAMP:20261201T090000Z\r\nDTSTART:20261203T090000Z\r\n"+
		"SUMMARY:Standup\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"))
	// When Ben's Twoway fetches, the partnership is joined, awaiting his answer
	got := fetch()
	if got.Joined != 1 || !got.rep.Joined[0].Created || got.Found != 1 {
		t.Fatalf("first fetch: %+v", got.rep)
	}
	id := got.rep.Joined[0].ID
	if st, _ := pair.benDB.Invite(ctx, id); st.PartStat != "" && st.PartStat != ics.PartStatNeedsAction {
		t.Errorf("joined already answered: %+v", st)
	}
	// When Ana cancels the second session, his next fetch skips it
	second := fixture.In(t, "Europe/Berlin", 2027, 1, 11, 17)
	if _, err := pair.ana.SendInvite(ctx, pair.anaID, mentoring.MethodCancel, &second, ""); err != nil {
		t.Fatal(err)
	}
	deliverLast()
	got = fetch()
	if got.Joined != 1 || !got.rep.Joined[0].Cancelled || got.rep.Joined[0].ID != id {
		t.Fatalf("fetch of the cancellation: %+v", got.rep)
	}
	exc, _ := pair.benDB.Exceptions(ctx, id)
	if len(exc) != 1 || !exc[0].Skipped || !exc[0].Original.Equal(second) {
		t.Errorf("Ben's exceptions: %+v", exc)
	}
	// And the old invite, delivered again, is set aside without a change
	dove.Deliver(t, "ben", invite)
	got = fetch()
	if got.Joined != 0 || got.Foreign != 1 {
		t.Errorf("the stale invite: %+v", got.rep)
	}
	if exc, _ := pair.benDB.Exceptions(ctx, id); len(exc) != 1 {
		t.Errorf("the stale invite changed the exceptions: %+v", exc)
	}
	if list, _ := pair.benDB.ListPartnerships(ctx); len(list) != 1 {
		t.Errorf("Ben has %d partnerships", len(list))
	}
}

// MailReportView is the counts a test compares, with the report beside.
type MailReportView struct {
	Joined, Foreign, Found int
	rep                    service.MailReport
}
