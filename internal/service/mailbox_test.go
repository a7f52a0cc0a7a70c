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
