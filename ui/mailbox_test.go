package ui

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/twoway-app/twoway/internal/fixture"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/service"
	"github.com/twoway-app/twoway/internal/testservers"
	"github.com/twoway-app/twoway/storage"
	"github.com/twoway-app/twoway/storage/secrets"
)

// TestInvitationFromTheMailbox: Ana's invite reaches Ben's mailbox on a
// real Dovecot; Ben's Twoway, on its fetch, adds the partnership to the
// sidebar and notifies him, and the notice opens the Invites tab.
func TestInvitationFromTheMailbox(t *testing.T) {
	ctx := context.Background()
	smtp := testservers.StartSMTP(t, testservers.SMTPOptions{})
	dove := testservers.StartDovecot(t, map[string]string{"ben": "ben-imap-pw"})
	anaDB, err := storage.Open(ctx, filepath.Join(t.TempDir(), "ana.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { anaDB.Close() })
	anaID := fixture.Scheduled(t, anaDB)
	if err := anaDB.SetMailSettings(ctx, mentoring.MailSettings{Host: smtp.Host, Port: smtp.Port, Security: mentoring.SecurityPlain, From: "ana@example.org"}); err != nil {
		t.Fatal(err)
	}
	ana := &service.Core{Store: anaDB, Secrets: secrets.NewMemory()}
	if _, err := ana.SendInvite(ctx, anaID, mentoring.MethodRequest, nil, ""); err != nil {
		t.Fatal(err)
	}
	msgs := smtp.Messages(t)
	dove.Deliver(t, "ben", msgs[len(msgs)-1].Raw)

	u, store, _ := newTestUI(t)
	if err := store.SetIMAPSettings(ctx, mentoring.IMAPSettings{Host: dove.Host, Port: dove.Port, Security: mentoring.SecurityPlain, Username: "ben"}); err != nil {
		t.Fatal(err)
	}
	var got []Notice
	u.notifier = func(n Notice) { got = append(got, n) }
	u.Start()
	if len(u.sidebar.all) != 0 {
		t.Fatalf("Ben starts with %d partnerships", len(u.sidebar.all))
	}

	u.fetchMail("ben-imap-pw", false)
	if len(u.sidebar.all) != 1 || u.sidebar.all[0].Title != "Ana & Ben" {
		t.Fatalf("sidebar after the fetch: %+v", u.sidebar.all)
	}
	if len(got) != 1 || got[0].Title != "Ana invited you to “Ana & Ben”" || len(got[0].Actions) != 1 {
		t.Fatalf("notices: %+v", got)
	}
	u.reload(0)
	got[0].Actions[0].Run()
	if u.selected != u.sidebar.all[0].ID || u.detail.shownTab() != tabInvites {
		t.Errorf("the notice opened %d on tab %d", u.selected, u.detail.shownTab())
	}
	// A second fetch finds nothing new and says nothing
	got = nil
	u.fetchMail("ben-imap-pw", false)
	if len(got) != 0 || len(u.sidebar.all) != 1 {
		t.Errorf("second fetch: %d notices, %d partnerships", len(got), len(u.sidebar.all))
	}
}
