package ui

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/twoway-app/twoway/internal/fixture"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/service"
	"github.com/twoway-app/twoway/internal/testservers"
	"github.com/twoway-app/twoway/storage"
	"github.com/twoway-app/twoway/storage/secrets"
)

// topDialogText collects the labels of the top overlay.
func topDialogText(w fyne.Window) string {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var b strings.Builder
	for _, o := range test.LaidOutObjects(top) {
		if l, ok := o.(*widget.Label); ok {
			b.WriteString(l.Text + "\n")
		}
	}
	return b.String()
}

func TestSettingsDialogValidatesAndKeepsPasswordsOutOfTheDatabase(t *testing.T) {
	u, store, w := newTestUI(t)
	ctx := context.Background()
	keys := secrets.NewMemory()
	u.secrets = keys

	// Given the settings opened from the File menu
	var item *fyne.MenuItem
	for _, it := range u.mainMenu().Items[0].Items {
		if strings.HasPrefix(it.Label, "Settings") {
			item = it
		}
	}
	if item == nil || item.Shortcut != shortcutSettings {
		t.Fatal("no Settings… item with its shortcut in the File menu")
	}
	item.Action()
	s := u.settings
	if s == nil || w.Canvas().Overlays().Top() == nil {
		t.Fatal("settings dialog not shown")
	}

	// When the mail fields are wrong, each one says why and nothing is saved
	test.Type(s.host, "smtp.example.org")
	test.Type(s.port, "99999")
	s.security.SetSelected(securityLabels[mentoring.SecurityPlain])
	test.Type(s.from, "ana")
	test.Tap(s.save)
	if !s.summary.Visible() || !s.errs["smtp.port"].Visible() || !strings.Contains(s.errs["smtp.security"].Text, "localhost") ||
		!s.errs["smtp.from"].Visible() || s.errs["smtp.host"].Visible() {
		t.Fatalf("errors: summary %q port %q security %q from %q", s.summary.Text, s.errs["smtp.port"].Text,
			s.errs["smtp.security"].Text, s.errs["smtp.from"].Text)
	}
	if m, _ := store.MailSettings(ctx); m.Configured() {
		t.Fatal("invalid settings saved")
	}
	// Choosing STARTTLS suggests its port
	s.security.SetSelected(securityLabels[mentoring.SecurityStartTLS])
	s.port.SetText("")
	s.onSecurityChanged()
	if s.port.Text != "587" {
		t.Errorf("port for STARTTLS: %q", s.port.Text)
	}
	// A bad calendar address is named too
	test.Type(s.davURL, "dav.example.org")
	test.Type(s.davUser, "ana")
	s.from.SetText("ana@example.org")
	test.Type(s.user, "ana")
	test.Type(s.mailPass, "s3cret")
	test.Tap(s.save)
	if !s.errs["caldav.url"].Visible() || s.errs["smtp.from"].Visible() {
		t.Fatalf("caldav url error %q, from %q", s.errs["caldav.url"].Text, s.errs["smtp.from"].Text)
	}
	// When everything is valid, the settings are saved and the password
	// goes to the keyring only
	s.davURL.SetText("https://dav.example.org/")
	test.Type(s.davPass, "kal3nder")
	test.Tap(s.save)
	m, _ := store.MailSettings(ctx)
	c, _ := store.CalDAVSettings(ctx)
	if m.Host != "smtp.example.org" || m.Port != 587 || m.Security != mentoring.SecurityStartTLS || c.URL != "https://dav.example.org/" {
		t.Fatalf("saved %+v %+v", m, c)
	}
	if pw, _ := keys.Get(service.MailKey(m)); pw != "s3cret" {
		t.Errorf("mail password in keyring: %q", pw)
	}
	if pw, _ := keys.Get(service.CalDAVKey(c)); pw != "kal3nder" {
		t.Errorf("calendar password in keyring: %q", pw)
	}
	if s.mailPass.Text != "" {
		t.Error("password left in the entry after saving")
	}

	// Without a keyring, saving says the password cannot be remembered
	keys.Unavailable = true
	u.showSettings()
	if s.host.Text != "smtp.example.org" || s.port.Text != "587" {
		t.Fatalf("reopened with %q %q", s.host.Text, s.port.Text)
	}
	test.Type(s.mailPass, "s3cret")
	test.Tap(s.save)
	if txt := topDialogText(w); !strings.Contains(txt, "No system keyring found, so Twoway cannot remember your password") {
		t.Errorf("no-keyring notice: %q", txt)
	}
}

func TestSettingsTestConnectionListsCalendars(t *testing.T) {
	u, _, _ := newTestUI(t)
	u.secrets = secrets.NewMemory()
	rad := testservers.StartRadicale(t, map[string]string{"ana": "kal3nder"})
	rad.MakeCalendar(t, "ana", "kal3nder", "/ana/mentoring/", "Mentoring", "VEVENT")
	rad.MakeCalendar(t, "ana", "kal3nder", "/ana/tasks/", "Tasks", "VTODO")
	u.showSettings()
	s := u.settings
	test.Type(s.davURL, rad.URL)
	test.Type(s.davUser, "ana")
	test.Type(s.davPass, "kal3nder")
	test.Tap(s.testDAV)
	if len(s.calendar.Options) != 1 || s.calendar.Selected != "Mentoring (/ana/mentoring/)" || !strings.Contains(s.davStatus.Text, "One calendar") {
		t.Fatalf("calendars %v selected %q status %q", s.calendar.Options, s.calendar.Selected, s.davStatus.Text)
	}
	if c, _ := s.readCalDAV(); c.Calendar != "/ana/mentoring/" {
		t.Errorf("chosen calendar %q", c.Calendar)
	}
}

// scheduledPair creates a partnership with a weekly schedule and shows its
// invites.
func scheduledPair(t *testing.T, u *UI, store *storage.Store) *invitesScreen {
	t.Helper()
	ctx := context.Background()
	p := berlinNewYork()
	store.CreatePartnership(ctx, &p)
	c := fixture.Weekly(p)
	if err := store.SetSchedule(ctx, p.ID, c); err != nil {
		t.Fatal(err)
	}
	u.Start()
	s := u.detail.invites
	s.now = func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) }
	s.refresh()
	return s
}

func TestSendByEmailErrorsAndSuccess(t *testing.T) {
	u, store, w := newTestUI(t)
	ctx := context.Background()
	keys := secrets.NewMemory()
	u.secrets = keys
	u.core.Timeout = 5 * time.Second
	s := scheduledPair(t, u, store)
	id := s.p.ID

	// Given no mail server, sending offers the settings
	test.Tap(s.sendMail)
	if b := topDialogButtons(w); b["Open Settings"] == nil || !strings.Contains(topDialogText(w), "Set up email") {
		t.Fatalf("no offer to set up email: %q", topDialogText(w))
	} else {
		test.Tap(b["Not Now"])
	}

	// Given a server that is not running, the send fails with a clear
	// error and the invite stays unsent
	port := testservers.FreePort(t)
	store.SetMailSettings(ctx, mentoring.MailSettings{Host: "127.0.0.1", Port: port, Security: mentoring.SecurityPlain, From: "ana@example.org"})
	test.Tap(s.sendMail)
	if txt := topDialogText(w); !strings.Contains(txt, "The invite was not sent") || !strings.Contains(txt, "cannot reach the mail server") {
		t.Fatalf("error dialog: %q", txt)
	}
	test.Tap(topDialogButtons(w)["OK"])
	if st, _ := store.Invite(ctx, id); st.Sent {
		t.Fatal("failed send recorded as sent")
	}

	// Given a server that needs a login and no keyring, the password is asked for
	srv := testservers.StartSMTP(t, testservers.SMTPOptions{Username: "ana@example.org", Password: "s3cret"})
	store.SetMailSettings(ctx, mentoring.MailSettings{Host: srv.Host, Port: srv.Port, Security: mentoring.SecurityPlain,
		Username: "ana@example.org", From: "ana@example.org"})
	keys.Unavailable = true
	test.Tap(s.sendMail)
	if txt := topDialogText(w); !strings.Contains(txt, "No system keyring found, so Twoway cannot remember your password") ||
		!strings.Contains(txt, "mail server 127.0.0.1") {
		t.Fatalf("password prompt: %q", txt)
	}
	// A wrong password: the login error, nothing recorded
	s.askPasswordRetry(w, "wrong")
	if txt := topDialogText(w); !strings.Contains(txt, "rejected the login") {
		t.Fatalf("wrong password: %q", txt)
	}
	test.Tap(topDialogButtons(w)["OK"])
	if st, _ := store.Invite(ctx, id); st.Sent {
		t.Fatal("refused login recorded as sent")
	}
	// The right one, sent with Enter: delivered with METHOD:REQUEST and
	// recorded, sequence 0
	test.Tap(s.sendMail)
	s.askPasswordEnter(w, "s3cret")
	got := srv.Messages(t)
	if len(got) != 1 || !bytes.Contains(got[0].Raw, []byte("method=REQUEST")) {
		t.Fatalf("server received %d messages", len(got))
	}
	st, _ := store.Invite(ctx, id)
	if !st.Sent || st.Sequence != 0 || !strings.Contains(s.status.Text, "Ben has this invite") {
		t.Fatalf("after send: %+v, status %q", st, s.status.Text)
	}
}

// askPasswordRetry types pw into the password dialog and continues.
func (s *invitesScreen) askPasswordRetry(w fyne.Window, pw string) {
	top := w.Canvas().Overlays().Top()
	for _, o := range test.LaidOutObjects(top) {
		if e, ok := o.(*widget.Entry); ok && e.Password {
			test.Type(e, pw)
		}
	}
	test.Tap(topDialogButtons(w)["Continue"])
}

// askPasswordEnter types pw into the password dialog and presses Enter.
func (s *invitesScreen) askPasswordEnter(w fyne.Window, pw string) {
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if e, ok := o.(*widget.Entry); ok && e.Password {
			test.Type(e, pw)
			e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		}
	}
}

func TestPublishToCalendarAndConflict(t *testing.T) {
	u, store, w := newTestUI(t)
	ctx := context.Background()
	keys := secrets.NewMemory()
	u.secrets = keys
	s := scheduledPair(t, u, store)
	rad := testservers.StartRadicale(t, map[string]string{"ana": "kal3nder"})
	rad.MakeCalendar(t, "ana", "kal3nder", "/ana/mentoring/", "Mentoring", "VEVENT")
	c := mentoring.CalDAVSettings{URL: rad.URL, Username: "ana", Calendar: "/ana/mentoring/"}
	store.SetCalDAVSettings(ctx, c)
	keys.Set(service.CalDAVKey(c), "kal3nder")

	test.Tap(s.publish)
	pub, err := store.Publication(ctx, s.p.ID)
	if err != nil || !s.published.Visible() || !strings.Contains(s.published.Text, "In your calendar since") {
		t.Fatalf("after publish: %v, label %q", err, s.published.Text)
	}
	// A stale ETag (someone changed the event) is reported, not overwritten
	pub.ETag = "stale-" + strconv.Itoa(1)
	store.SetPublication(ctx, pub)
	test.Tap(s.publish)
	if txt := topDialogText(w); !strings.Contains(txt, "Your calendar was not changed") || !strings.Contains(txt, "changed on the calendar server") {
		t.Fatalf("conflict dialog: %q", txt)
	}
}
