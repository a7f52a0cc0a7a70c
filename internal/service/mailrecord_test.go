package service_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/twoway-app/twoway/internal/fixture"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/service"
)

// TestRecordByEmailWithoutAServer: a pair with no common calendar server
// keeps one record by mailing it (METHOD:PUBLISH, its own message), merged
// by the same rules; private notes are in no captured email.
func TestRecordByEmailWithoutAServer(t *testing.T) {
	ctx := context.Background()
	pair := newPairOverMail(t)
	if _, err := pair.ana.SendInvite(ctx, pair.anaID, mentoring.MethodRequest, nil, ""); err != nil {
		t.Fatal(err)
	}
	_, invite := pair.lastCalendar(t, "ben@example.com")
	j, err := pair.ben.Join(ctx, invite)
	if err != nil {
		t.Fatal(err)
	}
	const marker = "PRIVATE-mail-7f3a9c"
	first := fixture.In(t, "Europe/Berlin", 2027, 1, 4, 17)
	topic := mentoring.Topic{PartnershipID: pair.anaID, Title: "Negotiation", Teacher: mentoring.SideMe, Status: mentoring.TopicAgreed}
	if _, err := pair.anaDB.AddTopic(ctx, &topic); err != nil {
		t.Fatal(err)
	}
	if err := pair.anaDB.LogSession(ctx, pair.anaID, mentoring.SessionLog{Original: first, Outcome: mentoring.OutcomeHeld,
		Notes: marker, MyReflection: "Stories work."}); err != nil {
		t.Fatal(err)
	}

	// When Ana mails the record and Ben imports the calendar part of it
	if err := pair.ana.SendRecord(ctx, pair.anaID, ""); err != nil {
		t.Fatal(err)
	}
	method, body := pair.lastCalendar(t, "ben@example.com")
	if method != "PUBLISH" || !bytes.Contains(body, []byte("METHOD:PUBLISH")) {
		t.Fatalf("the record mail carries %s", method)
	}
	id, rep, err := pair.ben.ImportRecord(ctx, body)
	if err != nil || id != j.ID || rep.Pulled == 0 {
		t.Fatalf("Ben imports: id %d %+v %v", id, rep, err)
	}
	r, _ := pair.benDB.Record(ctx, j.ID)
	if len(r.Topics) != 1 || r.Topics[0].Teacher != mentoring.SidePartner || len(r.Logs) != 1 ||
		r.Logs[0].PartnerReflection != "Stories work." || r.Logs[0].Notes != "" {
		t.Fatalf("Ben's record: %+v %+v", r.Topics, r.Logs)
	}
	// Importing it again changes nothing
	if _, rep, _ := pair.ben.ImportRecord(ctx, body); rep.Pulled != 0 {
		t.Errorf("a second import changed %d objects", rep.Pulled)
	}

	// When Ben writes his reflection and mails his record back, Ana has both reflections
	if err := pair.benDB.LogSession(ctx, j.ID, mentoring.SessionLog{Original: first, Outcome: mentoring.OutcomeHeld,
		MyReflection: "Reels are easier than I thought.", PartnerReflection: "Stories work."}); err != nil {
		t.Fatal(err)
	}
	if err := pair.ben.SendRecord(ctx, j.ID, ""); err != nil {
		t.Fatal(err)
	}
	_, back := pair.lastCalendar(t, "ana@example.org")
	if _, _, err := pair.ana.ImportRecord(ctx, back); err != nil {
		t.Fatal(err)
	}
	ra, _ := pair.anaDB.Record(ctx, pair.anaID)
	if len(ra.Logs) != 1 || ra.Logs[0].MyReflection != "Stories work." || ra.Logs[0].PartnerReflection != "Reels are easier than I thought." ||
		ra.Logs[0].Notes != marker {
		t.Errorf("Ana's log after Ben's record: %+v", ra.Logs)
	}

	// Private notes are in no email that left, invites included
	if _, err := pair.ana.SendInvite(ctx, pair.anaID, mentoring.MethodRequest, nil, ""); err != nil {
		t.Fatal(err)
	}
	for _, m := range pair.srv.Messages(t) {
		if bytes.Contains(m.Raw, []byte(marker)) {
			t.Errorf("an email to %v carries the private marker", m.RcptTo)
		}
	}
	// A record for no partnership here is refused and changes nothing
	other := openTemp(t)
	if _, _, err := newCore(other, nil).ImportRecord(ctx, back); !errors.Is(err, service.ErrNotForAnyPartnership) {
		t.Errorf("import into a database without the partnership: %v", err)
	}
}
