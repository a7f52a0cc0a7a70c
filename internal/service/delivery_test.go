package service_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"

	"github.com/twoway-app/twoway/calendar/caldavpub"
	"github.com/twoway-app/twoway/calendar/ics"
	"github.com/twoway-app/twoway/calendar/imip"
	"github.com/twoway-app/twoway/internal/fixture"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/service"
	"github.com/twoway-app/twoway/internal/testservers"
	"github.com/twoway-app/twoway/storage"
	"github.com/twoway-app/twoway/storage/secrets"
)

const (
	smtpUser     = "ana@example.org"
	smtpPassword = "s3cret-Pässwort-42"
	davUser      = "ana"
	davPassword  = "kalender-Geheimnis-7"
)

var clock = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// setup opens a temporary database with the fixture's scheduled
// partnership.
func setup(t *testing.T) (*storage.Store, int64) {
	t.Helper()
	s := openTemp(t)
	return s, fixture.Scheduled(t, s)
}

func newCore(s *storage.Store, keys secrets.Store) *service.Core {
	return &service.Core{Store: s, Secrets: keys, Now: func() time.Time { return clock }, Timeout: 5 * time.Second}
}

// calendarPart returns the text/calendar part of a received message.
func calendarPart(t *testing.T, raw []byte) (method string, body []byte) {
	t.Helper()
	r, err := mail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if h, ok := p.Header.(*mail.InlineHeader); ok {
			ct, params, _ := h.ContentType()
			if ct == "text/calendar" {
				b, _ := io.ReadAll(p.Body)
				return params["method"], b
			}
		}
	}
	t.Fatal("no text/calendar part")
	return "", nil
}

func TestSendInviteThroughRealSMTP(t *testing.T) {
	ctx := context.Background()
	store, id := setup(t)
	srv := testservers.StartSMTP(t, testservers.SMTPOptions{TLS: testservers.TLSStartTLS, Username: smtpUser, Password: smtpPassword})
	keys := secrets.NewMemory()
	svc := newCore(store, keys)
	svc.TLSConfig = srv.TLSConfig
	m := mentoring.MailSettings{Host: srv.Host, Port: srv.Port, Security: mentoring.SecurityStartTLS, Username: smtpUser, From: "ana@example.org"}
	if err := store.SetMailSettings(ctx, m); err != nil {
		t.Fatal(err)
	}

	// Given no saved password, sending asks for one and records nothing
	if _, err := svc.SendInvite(ctx, id, mentoring.MethodRequest, nil, ""); !errors.Is(err, service.ErrPasswordNeeded) {
		t.Fatalf("send without password: %v", err)
	}
	// Given the password in the keyring, the invite reaches the server
	keys.Set(service.MailKey(m), smtpPassword)
	if err := svc.TestMail(ctx, m, ""); err != nil {
		t.Fatalf("TestMail: %v", err)
	}
	out, err := svc.SendInvite(ctx, id, mentoring.MethodRequest, nil, "")
	if err != nil {
		t.Fatalf("SendInvite: %v", err)
	}
	got := srv.Messages(t)
	if len(got) != 1 || got[0].RcptTo[0] != "ben@example.com" || got[0].MailFrom != "ana@example.org" || !got[0].TLS || !got[0].Authenticated {
		t.Fatalf("server received %+v", got)
	}
	method, body := calendarPart(t, got[0].Raw)
	msg, err := ics.ParseITIP(body)
	if err != nil || method != "REQUEST" || msg.Method != "REQUEST" || msg.Sequence != 0 || !bytes.Contains(body, []byte("METHOD:REQUEST")) {
		t.Fatalf("received method %q, %+v, %v", method, msg, err)
	}
	// Then it is recorded as sent with sequence 0, exactly as delivered
	st, _ := store.Invite(ctx, id)
	if !st.Sent || st.Sequence != 0 || st.SentICS != string(out.ICS) || string(body) != st.SentICS {
		t.Fatalf("after send: %+v", st)
	}

	// When the schedule changes and the server is down, the update fails
	// with a connection error and the sequence is not consumed
	if err := store.SkipSession(ctx, id, berlin(t, 2027, 3, 1, 17)); err != nil {
		t.Fatal(err)
	}
	srv.Stop()
	_, err = svc.SendInvite(ctx, id, mentoring.MethodRequest, nil, "")
	if !errors.Is(err, imip.ErrConnection) {
		t.Fatalf("send to stopped server: %v", err)
	}
	if strings.Contains(err.Error(), smtpPassword) {
		t.Errorf("error shows the password: %v", err)
	}
	if st2, _ := store.Invite(ctx, id); st2.Sequence != 0 || st2.SentICS != st.SentICS {
		t.Fatalf("failed update was recorded: %+v", st2)
	}
	next, _ := svc.PrepareInvite(ctx, id, mentoring.MethodRequest, nil, clock)
	if next.Sequence != 1 {
		t.Errorf("next update has sequence %d, want 1", next.Sequence)
	}
}

func TestSendInviteWrongPasswordAndRejectedRecipient(t *testing.T) {
	ctx := context.Background()
	store, id := setup(t)
	srv := testservers.StartSMTP(t, testservers.SMTPOptions{Username: smtpUser, Password: smtpPassword,
		Reject: []string{"ben@example.com"}})
	keys := secrets.NewMemory()
	svc := newCore(store, keys)
	m := mentoring.MailSettings{Host: srv.Host, Port: srv.Port, Security: mentoring.SecurityPlain, Username: smtpUser, From: "ana@example.org"}
	store.SetMailSettings(ctx, m)

	// A wrong password: ErrAuth with its advice, nothing recorded
	_, err := svc.SendInvite(ctx, id, mentoring.MethodRequest, nil, "wrong")
	if !errors.Is(err, imip.ErrAuth) || !strings.Contains(err.Error(), "check the user name and password") {
		t.Fatalf("wrong password: %v", err)
	}
	if st, _ := store.Invite(ctx, id); st.Sent {
		t.Fatal("recorded as sent after a refused login")
	}
	// A recipient the server refuses: named, nothing recorded
	_, err = svc.SendInvite(ctx, id, mentoring.MethodRequest, nil, smtpPassword)
	if !errors.Is(err, imip.ErrRecipientRejected) || !strings.Contains(err.Error(), "ben@example.com") {
		t.Fatalf("rejected recipient: %v", err)
	}
	if st, _ := store.Invite(ctx, id); st.Sent || len(srv.Messages(t)) != 0 {
		t.Fatal("recorded or delivered after a refused recipient")
	}
}

func TestNoKeyringAsksForPassword(t *testing.T) {
	ctx := context.Background()
	store, id := setup(t)
	keys := secrets.NewMemory()
	keys.Unavailable = true
	svc := newCore(store, keys)
	// Not configured: say where to set it up
	if _, err := svc.SendInvite(ctx, id, mentoring.MethodRequest, nil, ""); !errors.Is(err, service.ErrNotConfigured) {
		t.Fatalf("unconfigured: %v", err)
	}
	store.SetMailSettings(ctx, mentoring.MailSettings{Host: "smtp.example.org", Port: 587, Security: mentoring.SecurityStartTLS,
		Username: "ana", From: "ana@example.org"})
	_, err := svc.SendInvite(ctx, id, mentoring.MethodRequest, nil, "")
	if !errors.Is(err, service.ErrPasswordNeeded) || !errors.Is(err, secrets.ErrNoKeyring) ||
		!strings.HasPrefix(err.Error(), "No system keyring found, so Twoway cannot remember your password") {
		t.Fatalf("no keyring: %v", err)
	}
}

func TestPublishToRadicale(t *testing.T) {
	ctx := context.Background()
	store, id := setup(t)
	rad := testservers.StartRadicale(t, map[string]string{davUser: davPassword})
	rad.MakeCalendar(t, davUser, davPassword, "/ana/mentoring/", "Mentoring", "VEVENT")
	keys := secrets.NewMemory()
	svc := newCore(store, keys)
	c := mentoring.CalDAVSettings{URL: rad.URL, Username: davUser}
	if err := store.SetCalDAVSettings(ctx, c); err != nil {
		t.Fatal(err)
	}
	keys.Set(service.CalDAVKey(c), davPassword)

	// Discover lists the calendar to choose
	cals, err := svc.Discover(ctx, c, "")
	if err != nil || len(cals) != 1 || cals[0].Path != "/ana/mentoring/" {
		t.Fatalf("Discover: %+v %v", cals, err)
	}
	// Without a chosen calendar, publishing names the missing field
	if _, err := svc.Publish(ctx, id, ""); !mentoring.IsValidation(err) || !strings.Contains(err.Error(), "caldav.calendar") {
		t.Fatalf("publish without calendar: %v", err)
	}
	c.Calendar = cals[0].Path
	store.SetCalDAVSettings(ctx, c)

	// First publication creates the object, without METHOD
	pub, err := svc.Publish(ctx, id, "")
	if err != nil {
		t.Fatalf("Publish: %v", err)
	}
	acct := caldavpub.Account{URL: rad.URL, Username: davUser, Password: davPassword}
	obj, err := caldavpub.Get(ctx, acct, pub.ObjectPath)
	if err != nil || obj.ETag != pub.ETag || bytes.Contains(obj.Data, []byte("METHOD:")) || !bytes.Contains(obj.Data, []byte("RRULE:")) {
		t.Fatalf("stored object %v: etag %q vs %q\n%s", err, obj.ETag, pub.ETag, obj.Data)
	}
	if rec, _ := store.Publication(ctx, id); rec.ETag != pub.ETag || rec.ObjectPath != pub.ObjectPath {
		t.Fatalf("recorded %+v", rec)
	}

	// Changing the schedule and publishing again updates the same object
	store.SkipSession(ctx, id, berlin(t, 2027, 3, 1, 17))
	pub2, err := svc.Publish(ctx, id, "")
	if err != nil {
		t.Fatalf("second Publish: %v", err)
	}
	if pub2.ObjectPath != pub.ObjectPath || pub2.ETag == pub.ETag {
		t.Fatalf("update: %+v after %+v", pub2, pub)
	}
	obj2, _ := caldavpub.Get(ctx, acct, pub.ObjectPath)
	if !bytes.Contains(obj2.Data, []byte("EXDATE")) {
		t.Fatalf("update not stored:\n%s", obj2.Data)
	}

	// Someone edits the event on the server behind our back
	edited := bytes.Replace(obj2.Data, []byte("SUMMARY:"), []byte("SUMMARY:Edited elsewhere "), 1)
	req, _ := http.NewRequest(http.MethodPut, strings.TrimSuffix(rad.URL, "/")+pub.ObjectPath, bytes.NewReader(edited))
	req.SetBasicAuth(davUser, davPassword)
	req.Header.Set("Content-Type", "text/calendar; charset=utf-8")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode/100 != 2 {
		t.Fatalf("edit behind our back: %v %v", resp, err)
	}
	resp.Body.Close()
	theirs, _ := caldavpub.Get(ctx, acct, pub.ObjectPath)

	// Publishing again reports the conflict and overwrites nothing
	store.RestoreSession(ctx, id, berlin(t, 2027, 3, 1, 17))
	_, err = svc.Publish(ctx, id, "")
	if !errors.Is(err, caldavpub.ErrConflict) {
		t.Fatalf("publish over a changed object: %v", err)
	}
	now, _ := caldavpub.Get(ctx, acct, pub.ObjectPath)
	if now.ETag != theirs.ETag || !bytes.Equal(now.Data, theirs.Data) || !bytes.Contains(now.Data, []byte("Edited elsewhere")) {
		t.Fatalf("server copy changed:\n%s", now.Data)
	}
	if rec, _ := store.Publication(ctx, id); rec.ETag != pub2.ETag {
		t.Errorf("publication record changed on conflict: %+v", rec)
	}

	// A wrong password is reported as such
	if _, err := svc.Publish(ctx, id, "wrong"); !errors.Is(err, caldavpub.ErrAuth) {
		t.Errorf("wrong password: %v", err)
	}
}

func TestPublishAfterServerCopyDeleted(t *testing.T) {
	ctx := context.Background()
	store, id := setup(t)
	rad := testservers.StartRadicale(t, map[string]string{davUser: davPassword})
	rad.MakeCalendar(t, davUser, davPassword, "/ana/mentoring/", "Mentoring", "VEVENT")
	svc := newCore(store, secrets.NewMemory())
	store.SetCalDAVSettings(ctx, mentoring.CalDAVSettings{URL: rad.URL, Username: davUser, Calendar: "/ana/mentoring/"})
	pub, err := svc.Publish(ctx, id, davPassword)
	if err != nil {
		t.Fatal(err)
	}
	// Given the user deleted the event in their calendar app
	acct := caldavpub.Account{URL: rad.URL, Username: davUser, Password: davPassword}
	if err := caldavpub.Delete(ctx, acct, pub.ObjectPath, ""); err != nil {
		t.Fatal(err)
	}
	// Publishing again creates it anew: nothing was there to overwrite
	pub2, err := svc.Publish(ctx, id, davPassword)
	if err != nil || pub2.ObjectPath != pub.ObjectPath {
		t.Fatalf("republish after delete: %+v %v", pub2, err)
	}
	if obj, err := caldavpub.Get(ctx, acct, pub.ObjectPath); err != nil || obj.ETag != pub2.ETag {
		t.Fatalf("server copy: %v %v", obj, err)
	}
}
