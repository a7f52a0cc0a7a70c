//go:build unix

package imip_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"github.com/twoway-app/twoway/calendar/ics"
	"github.com/twoway-app/twoway/calendar/imip"
	"github.com/twoway-app/twoway/internal/testservers"
)

const (
	imapUser = "juergen@example.org"
	// Non-ASCII, so that LOGIN has to send it as a literal.
	imapPassword = "Pässwort-für-IMAP-7"
)

// startIMAP starts Dovecot with the organizer's mailbox and returns a
// configuration for it.
func startIMAP(t *testing.T) (*testservers.Dovecot, imip.IMAPConfig) {
	t.Helper()
	srv := testservers.StartDovecot(t, map[string]string{imapUser: imapPassword, "ben@example.org": "other"})
	return srv, imip.IMAPConfig{
		Host: srv.Host, Port: srv.Port, Security: imip.Plain,
		Username: imapUser, Password: imapPassword, Timeout: 5 * time.Second,
	}
}

func mailFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "mail", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// collector records what Fetch hands on; fail, when set, decides the
// handler's answer.
type collector struct {
	got  []imip.Incoming
	fail func(imip.Incoming) error
}

func (c *collector) handle(in imip.Incoming) error {
	c.got = append(c.got, in)
	if c.fail != nil {
		return c.fail(in)
	}
	return nil
}

func (c *collector) byUID() map[uint32][]imip.Incoming {
	m := map[uint32][]imip.Incoming{}
	for _, in := range c.got {
		m[in.UID] = append(m[in.UID], in)
	}
	return m
}

func hasFlag(flags []string, f string) bool {
	return slices.ContainsFunc(flags, func(x string) bool { return strings.EqualFold(x, f) })
}

// TestFetchMailShapes delivers messages as Gmail, Outlook, Thunderbird and
// Twoway send them, plus mail Fetch must leave alone, and checks what one
// Fetch hands on, what it marks, and that the next Fetch hands nothing.
func TestFetchMailShapes(t *testing.T) {
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		file    string
		method  string // "" when nothing may be handed on
		keyword string // the keyword the message must carry afterwards ("" none)
		from    string
		subject string
		msgID   string
		date    time.Time
		check   func(t *testing.T, m *ics.Message)
	}{
		{
			file: "gmail-reply.eml", method: imip.MethodReply, keyword: imip.ImportedKeyword,
			from:    "ayse@example.net",
			subject: "Accepted: Mentoring Jürgen ↔ Ayşe – weekly call @ Weekly from 18:00 to 19:00 on Monday (CET) (juergen@example.org)",
			msgID:   "calendar-6f0d3c1e-8b2a-4e57-9d10-2c4b6a8e0f13@google.example",
			date:    utc("2026-01-05T10:15:42Z"),
			check: func(t *testing.T, m *ics.Message) {
				if m.UID != "twoway-3f1c9a7e-2b1d-4c5e-9a0b-7d6e5f4c3b2a@twoway.app" || m.PartStat != "ACCEPTED" ||
					m.Attendee.Email != "ayse@example.net" || m.Attendee.Name != "Ayşe Yılmaz" {
					t.Errorf("reply: UID %q, %s from %+v", m.UID, m.PartStat, m.Attendee)
				}
				// Gmail sends the whole series back, not only the answer.
				if !m.Start.Equal(utc("2026-01-12T17:00:00Z")) || m.RRule != "FREQ=WEEKLY;WKST=MO;UNTIL=20261231T170000Z;BYDAY=MO" ||
					m.Summary != "Mentoring Jürgen ↔ Ayşe – weekly call" {
					t.Errorf("series: start %v, rule %q, summary %q", m.Start, m.RRule, m.Summary)
				}
			},
		},
		{
			file: "outlook-counter.eml", method: imip.MethodCounter, keyword: imip.ImportedKeyword,
			from:    "ben.carter@contoso.example",
			subject: "Neuer Zeitvorschlag: Mentoring Jürgen ↔ Ben",
			msgID:   "AM0PR07MB6193C1D2E3F4A5B6C7D8E9F0A1B2C3D4@AM0PR07MB6193.eurprd07.prod.outlook.example",
			date:    utc("2026-01-08T15:42:10Z"),
			check: func(t *testing.T, m *ics.Message) {
				// Wednesday 19:00 in W. Europe Standard Time (UTC+1 in
				// January), read through the embedded VTIMEZONE.
				if m.TZID != "W. Europe Standard Time" || m.Zone == nil ||
					!m.Start.Equal(utc("2026-01-14T18:00:00Z")) || !m.End.Equal(utc("2026-01-14T19:00:00Z")) {
					t.Errorf("proposed %v – %v in %q (%v)", m.Start, m.End, m.TZID, m.Zone)
				}
				if m.Attendee.Email != "ben.carter@contoso.example" || !strings.Contains(m.Comment, "aus dem Büro – ginge Mittwoch") ||
					!strings.HasSuffix(m.Comment, "https://contoso.example/cal?week=3&slot=19") {
					t.Errorf("counter from %+v, comment %q", m.Attendee, m.Comment)
				}
			},
		},
		{
			file: "thunderbird-reply.eml", method: imip.MethodReply, keyword: imip.ImportedKeyword,
			from:    "ayse@example.net",
			subject: "Reddedildi: Mentoring Jürgen ↔ Ayşe – weekly call",
			msgID:   "4a8f2c1e-7b3d-4e9a-b5c6-d7e8f9a0b1c2@example.net",
			date:    utc("2026-01-09T20:15:00Z"),
			check: func(t *testing.T, m *ics.Message) {
				if m.PartStat != "DECLINED" || !m.RecurrenceID.Equal(utc("2026-01-19T17:00:00Z")) ||
					m.Comment != "Bayram ziyareti – bu hafta olmuyor, üzgünüm!" {
					t.Errorf("declined instance %v: %s, comment %q", m.RecurrenceID, m.PartStat, m.Comment)
				}
			},
		},
		{
			file: "publish.eml", method: imip.MethodPublish, keyword: imip.ImportedKeyword,
			from:    "sofia@example.com",
			subject: "Mentoria Sofía ↔ João – a cada duas semanas",
			msgID:   "20260110120000.twoway.7c1d@example.com",
			date:    utc("2026-01-10T12:00:00Z"),
			check: func(t *testing.T, m *ics.Message) {
				if m.UID != "twoway-c4d5e6f7-0819-4a2b-bc3d-4e5f60718293@twoway.app" ||
					m.RRule != "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;COUNT=12" || m.Organizer.Email != "sofia@example.com" {
					t.Errorf("published %q, rule %q, organizer %+v", m.UID, m.RRule, m.Organizer)
				}
			},
		},
		// The exported series forwarded from webmail as a bare
		// application/octet-stream attachment: Dovecot's BODY search reads
		// only text/* parts, so the search does not find it (the partner
		// opens such a file in Twoway instead). Gmail, Outlook, Thunderbird
		// and Twoway always send a text/calendar part as well.
		{file: "webmail-attachment.eml"},
		// Found by the server's search (the text quotes METHOD:REPLY) but
		// its calendar part is a REQUEST: marked ignored, never handed on.
		{file: "mentions-method.eml", keyword: imip.IgnoredKeyword},
		// Not found by the search at all: never downloaded or marked.
		{file: "no-calendar.eml"},
		{file: "request.eml"},
	}

	srv, cfg := startIMAP(t)
	ctx := testContext(t)
	uids := map[string]uint32{}
	for _, tt := range tests {
		uids[tt.file] = srv.Deliver(t, imapUser, mailFile(t, tt.file))
	}
	// Another user's mailbox is not read.
	srv.Deliver(t, "ben@example.org", mailFile(t, "gmail-reply.eml"))

	var c collector
	rep, err := imip.Fetch(ctx, cfg, c.handle)
	if err != nil {
		t.Fatalf("Fetch: %v\n%s", err, srv.Log())
	}
	if rep.Found != 5 || rep.Imported != 4 || rep.Ignored != 1 || rep.Failed != 0 || len(rep.Errors) != 0 {
		t.Errorf("report %+v, want 5 found, 4 imported, 1 ignored", rep)
	}
	if len(c.got) != 4 {
		t.Errorf("handed %d parts, want 4 (one per scheduling message)", len(c.got))
	}
	for i := 1; i < len(c.got); i++ {
		if c.got[i-1].UID >= c.got[i].UID {
			t.Errorf("not oldest first: UID %d before %d", c.got[i-1].UID, c.got[i].UID)
		}
	}
	handed := c.byUID()

	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			uid := uids[tt.file]
			got := handed[uid]
			flags := srv.Flags(t, imapUser, uid)
			for _, kw := range []string{imip.ImportedKeyword, imip.IgnoredKeyword} {
				if hasFlag(flags, kw) != (kw == tt.keyword) {
					t.Errorf("flags %v; want keyword %q only", flags, tt.keyword)
				}
			}
			if hasFlag(flags, `\Seen`) {
				t.Errorf("Fetch marked the message as read: %v", flags)
			}
			if tt.method == "" {
				if len(got) != 0 {
					t.Errorf("handed %d parts, want none: %+v", len(got), got)
				}
				return
			}
			// Thunderbird and Twoway attach the same object twice; it is
			// handed once.
			if len(got) != 1 {
				t.Fatalf("handed %d parts, want 1", len(got))
			}
			in := got[0]
			if in.Method != tt.method || in.From != tt.from || in.Subject != tt.subject ||
				in.MessageID != tt.msgID || !in.Date.Equal(tt.date) {
				t.Errorf("got %s from %q, subject %q, id %q, date %v;\nwant %s from %q, subject %q, id %q, date %v",
					in.Method, in.From, in.Subject, in.MessageID, in.Date, tt.method, tt.from, tt.subject, tt.msgID, tt.date)
			}
			wantFile := strings.TrimSuffix(tt.file, ".eml") + ".ics"
			if want := mailFile(t, wantFile); !bytes.Equal(in.Calendar, want) {
				t.Errorf("calendar part differs from %s:\n%q\nwant\n%q", wantFile, in.Calendar, want)
			}
			m, err := ics.ParseITIP(in.Calendar)
			if err != nil {
				t.Fatalf("ParseITIP: %v", err)
			}
			if m.Method != tt.method {
				t.Errorf("METHOD %s, Incoming.Method %s", m.Method, tt.method)
			}
			tt.check(t, m)
		})
	}

	// Nothing is handed twice.
	var again collector
	rep, err = imip.Fetch(ctx, cfg, again.handle)
	if err != nil {
		t.Fatalf("second Fetch: %v", err)
	}
	if len(again.got) != 0 || rep.Found != 0 || rep.Imported != 0 || rep.Ignored != 0 {
		t.Errorf("second Fetch handed %d parts, report %+v; want nothing", len(again.got), rep)
	}

	// A new message is; the keywords, not a memory of UIDs, decide.
	newUID := srv.Deliver(t, imapUser, mailFile(t, "outlook-counter.eml"))
	var third collector
	rep, err = imip.Fetch(ctx, cfg, third.handle)
	if err != nil {
		t.Fatalf("third Fetch: %v", err)
	}
	if len(third.got) != 1 || third.got[0].UID != newUID || third.got[0].Method != imip.MethodCounter || rep.Imported != 1 {
		t.Errorf("after a new delivery (UID %d): handed %+v, report %+v", newUID, third.got, rep)
	}
}

// TestFetchRetriesFailedImport: a handler error leaves that message for the
// next Fetch and does not stop the others.
func TestFetchRetriesFailedImport(t *testing.T) {
	srv, cfg := startIMAP(t)
	ctx := testContext(t)
	reply := srv.Deliver(t, imapUser, mailFile(t, "gmail-reply.eml"))
	counter := srv.Deliver(t, imapUser, mailFile(t, "outlook-counter.eml"))
	publish := srv.Deliver(t, imapUser, mailFile(t, "publish.eml"))

	errLocked := errors.New("database is locked")
	c := collector{fail: func(in imip.Incoming) error {
		if in.Method == imip.MethodCounter {
			return errLocked
		}
		return nil
	}}
	rep, err := imip.Fetch(ctx, cfg, c.handle)
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	var methods []string
	for _, in := range c.got {
		methods = append(methods, in.Method)
	}
	if !slices.Equal(methods, []string{imip.MethodReply, imip.MethodCounter, imip.MethodPublish}) {
		t.Errorf("handed %v; want all three, the one after the failure too", methods)
	}
	if rep.Found != 3 || rep.Imported != 2 || rep.Failed != 1 || len(rep.Errors) != 1 {
		t.Fatalf("report %+v; want 3 found, 2 imported, 1 failed", rep)
	}
	var he *imip.HandleError
	if !errors.As(rep.Errors[0], &he) || he.UID != counter || !errors.Is(rep.Errors[0], errLocked) ||
		!strings.HasPrefix(rep.Errors[0].Error(), "imip: ") {
		t.Errorf("report error %v; want a *HandleError for UID %d wrapping %v", rep.Errors[0], counter, errLocked)
	}
	for uid, want := range map[uint32]bool{reply: true, counter: false, publish: true} {
		if got := hasFlag(srv.Flags(t, imapUser, uid), imip.ImportedKeyword); got != want {
			t.Errorf("UID %d imported keyword %v, want %v", uid, got, want)
		}
	}

	var retry collector
	rep, err = imip.Fetch(ctx, cfg, retry.handle)
	if err != nil {
		t.Fatalf("second Fetch: %v", err)
	}
	if len(retry.got) != 1 || retry.got[0].UID != counter || retry.got[0].Method != imip.MethodCounter ||
		rep.Found != 1 || rep.Imported != 1 {
		t.Errorf("retry handed %+v, report %+v; want only the COUNTER (UID %d)", retry.got, rep, counter)
	}
	var last collector
	if _, err := imip.Fetch(ctx, cfg, last.handle); err != nil || len(last.got) != 0 {
		t.Errorf("third Fetch: %v, handed %d", err, len(last.got))
	}
}

// sentinels are the kinds an IMAP failure may have; exactly one must match.
var sentinels = []error{imip.ErrAuth, imip.ErrConnection, imip.ErrTimeout, imip.ErrTLS,
	imip.ErrInsecure, imip.ErrServer, imip.ErrMailbox, imip.ErrNoKeywords, imip.ErrNoIdle}

// checkKind makes sure err is an *imip.Error of exactly kind want, with
// the package prefix and without the password.
func checkKind(t *testing.T, err, want error) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want %v", want)
	}
	var e *imip.Error
	if !errors.As(err, &e) {
		t.Errorf("%v (%T) is not an *imip.Error", err, err)
	}
	for _, s := range sentinels {
		if errors.Is(err, s) != (s == want) {
			t.Errorf("errors.Is(%v, %v) = %v", err, s, errors.Is(err, s))
		}
	}
	if !strings.HasPrefix(err.Error(), "imip: ") {
		t.Errorf("error %q lacks the imip: prefix", err)
	}
	if strings.Contains(err.Error(), imapPassword) {
		t.Errorf("error contains the password: %v", err)
	}
}

// TestIMAPErrors checks the kind of each failure for TestIMAP and Fetch.
func TestIMAPErrors(t *testing.T) {
	srv, base := startIMAP(t)
	srv.Deliver(t, imapUser, mailFile(t, "gmail-reply.eml"))
	stopped, stoppedCfg := startIMAP(t)
	stopped.Stop()
	_, silent := silentServer(t) // from smtp_test.go

	tests := []struct {
		name   string
		cfg    func(c *imip.IMAPConfig)
		cancel bool
		want   error
		within time.Duration
	}{
		{name: "wrong password", cfg: func(c *imip.IMAPConfig) { c.Password = "Passwort-für-IMAP-8" }, want: imip.ErrAuth},
		{name: "unknown user", cfg: func(c *imip.IMAPConfig) { c.Username = "nobody@example.org" }, want: imip.ErrAuth},
		{name: "other user's password", cfg: func(c *imip.IMAPConfig) { c.Password = "other" }, want: imip.ErrAuth},
		{name: "missing mailbox", cfg: func(c *imip.IMAPConfig) { c.Mailbox = "Kalender/Antworten" }, want: imip.ErrMailbox},
		{name: "stopped server", cfg: func(c *imip.IMAPConfig) { *c = stoppedCfg }, want: imip.ErrConnection},
		{name: "STARTTLS on a server without it", cfg: func(c *imip.IMAPConfig) { c.Security = imip.StartTLS }, want: imip.ErrTLS},
		{name: "implicit TLS to a plain port", cfg: func(c *imip.IMAPConfig) { c.Security = imip.ImplicitTLS }, want: imip.ErrTLS},
		{name: "plain to another computer", cfg: func(c *imip.IMAPConfig) { c.Host = "imap.example.org" }, want: imip.ErrInsecure},
		{name: "silent server", cfg: func(c *imip.IMAPConfig) { c.Port, c.Timeout = silent, 300*time.Millisecond },
			want: imip.ErrTimeout, within: 3 * time.Second},
		{name: "cancelled", cancel: true, want: context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := base
			if tt.cfg != nil {
				tt.cfg(&cfg)
			}
			ctx := testContext(t)
			if tt.cancel {
				c, cancel := context.WithCancel(ctx)
				cancel()
				ctx = c
			}
			for _, op := range []string{"TestIMAP", "Fetch"} {
				start := time.Now()
				var err error
				if op == "TestIMAP" {
					err = imip.TestIMAP(ctx, cfg)
				} else {
					var c collector
					_, err = imip.Fetch(ctx, cfg, c.handle)
					if len(c.got) != 0 {
						t.Errorf("Fetch handed %d parts despite the failure", len(c.got))
					}
				}
				if tt.want == context.Canceled {
					if !errors.Is(err, context.Canceled) || errors.Is(err, imip.ErrConnection) || !strings.HasPrefix(fmt.Sprint(err), "imip: ") {
						t.Errorf("%s: %v; want an imip: error wrapping context.Canceled", op, err)
					}
				} else {
					checkKind(t, err, tt.want)
				}
				if tt.within > 0 && time.Since(start) > tt.within {
					t.Errorf("%s took %v; want at most %v", op, time.Since(start), tt.within)
				}
			}
		})
	}

	// The settings that work pass TestIMAP, which reads nothing.
	if err := imip.TestIMAP(testContext(t), base); err != nil {
		t.Errorf("TestIMAP with the right settings: %v", err)
	}
}

// TestFetchServerGoesAway: a server that dies while Fetch works gives
// ErrConnection, and the message being imported is not reported as done.
func TestFetchServerGoesAway(t *testing.T) {
	srv, cfg := startIMAP(t)
	srv.Deliver(t, imapUser, mailFile(t, "gmail-reply.eml"))
	srv.Deliver(t, imapUser, mailFile(t, "outlook-counter.eml"))
	c := collector{fail: func(imip.Incoming) error {
		srv.Stop()
		return nil
	}}
	rep, err := imip.Fetch(testContext(t), cfg, c.handle)
	checkKind(t, err, imip.ErrConnection)
	if len(c.got) != 1 || rep.Imported != 0 || rep.Found != 2 {
		t.Errorf("handed %d, report %+v; want 1 handed, 2 found, none imported", len(c.got), rep)
	}
}

// TestIMAPSecurity uses Dovecot with TLS required: STARTTLS and implicit
// TLS work with the trusted certificate, an untrusted one or a password in
// clear are refused as ErrTLS.
func TestIMAPSecurity(t *testing.T) {
	srv := testservers.StartDovecotTLS(t, map[string]string{imapUser: imapPassword})
	uid := srv.Deliver(t, imapUser, mailFile(t, "thunderbird-reply.eml"))
	handed := 0
	base := imip.IMAPConfig{Host: srv.Host, Username: imapUser, Password: imapPassword,
		Timeout: 5 * time.Second, TLSConfig: srv.TLSConfig}
	tests := []struct {
		name string
		cfg  func(c *imip.IMAPConfig)
		want error // nil: works
	}{
		{"STARTTLS", func(c *imip.IMAPConfig) { c.Port, c.Security = srv.Port, imip.StartTLS }, nil},
		{"implicit TLS", func(c *imip.IMAPConfig) { c.Port, c.Security = srv.TLSPort, imip.ImplicitTLS }, nil},
		{"implicit TLS, untrusted certificate", func(c *imip.IMAPConfig) {
			c.Port, c.Security, c.TLSConfig = srv.TLSPort, imip.ImplicitTLS, nil
		}, imip.ErrTLS},
		{"STARTTLS, untrusted certificate", func(c *imip.IMAPConfig) {
			c.Port, c.Security, c.TLSConfig = srv.Port, imip.StartTLS, nil
		}, imip.ErrTLS},
		{"password in clear", func(c *imip.IMAPConfig) { c.Port, c.Security = srv.Port, imip.Plain }, imip.ErrTLS},
		{"STARTTLS on the TLS port", func(c *imip.IMAPConfig) { c.Port, c.Security = srv.TLSPort, imip.StartTLS }, imip.ErrTLS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := base
			tt.cfg(&cfg)
			ctx := testContext(t)
			err := imip.TestIMAP(ctx, cfg)
			if tt.want != nil {
				checkKind(t, err, tt.want)
				return
			}
			if err != nil {
				t.Fatalf("TestIMAP: %v\n%s", err, srv.Log())
			}
			// The first working mode imports the reply, the second finds
			// it marked.
			var c collector
			if _, err := imip.Fetch(ctx, cfg, c.handle); err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			for _, in := range c.got {
				if in.UID != uid || in.Method != imip.MethodReply {
					t.Errorf("handed %+v", in)
				}
			}
			handed += len(c.got)
		})
	}
	if handed != 1 || !hasFlag(srv.Flags(t, imapUser, uid), imip.ImportedKeyword) {
		t.Errorf("over TLS the reply was handed %d times, flags %v; want once, imported", handed, srv.Flags(t, imapUser, uid))
	}
}

// TestIdle: IDLE reports the start and each new message, ends without error
// when the context ends, and with ErrConnection when the server goes away.
func TestIdle(t *testing.T) {
	t.Run("new mail", func(t *testing.T) {
		srv, cfg := startIMAP(t)
		ctx, cancel := context.WithCancel(testContext(t))
		calls := make(chan struct{}, 10)
		done := make(chan error, 1)
		go func() { done <- imip.Idle(ctx, cfg, func() { calls <- struct{}{} }) }()
		wait := func(what string) {
			t.Helper()
			select {
			case <-calls:
			case err := <-done:
				t.Fatalf("Idle returned %v while waiting for %s", err, what)
			case <-time.After(15 * time.Second):
				t.Fatalf("no onChange for %s\n%s", what, srv.Log())
			}
		}
		wait("the start of IDLE")
		select {
		case <-calls:
			t.Fatal("onChange called again without news")
		case <-time.After(1500 * time.Millisecond):
		}
		srv.Deliver(t, imapUser, mailFile(t, "gmail-reply.eml"))
		wait("a delivered message")
		// onChange may run Fetch on its own connection meanwhile.
		var c collector
		if _, err := imip.Fetch(ctx, cfg, c.handle); err != nil || len(c.got) != 1 {
			t.Errorf("Fetch during IDLE: %v, handed %d", err, len(c.got))
		}
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Idle after cancel: %v; want nil", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Idle did not return after cancel")
		}
	})
	t.Run("server goes away", func(t *testing.T) {
		srv, cfg := startIMAP(t)
		calls := make(chan struct{}, 10)
		done := make(chan error, 1)
		go func() { done <- imip.Idle(testContext(t), cfg, func() { calls <- struct{}{} }) }()
		select {
		case <-calls:
		case err := <-done:
			t.Fatalf("Idle: %v", err)
		case <-time.After(15 * time.Second):
			t.Fatal("IDLE did not start")
		}
		srv.Stop()
		select {
		case err := <-done:
			checkKind(t, err, imip.ErrConnection)
		case <-time.After(15 * time.Second):
			t.Fatal("Idle did not notice the server going away")
		}
	})
	t.Run("wrong password", func(t *testing.T) {
		_, cfg := startIMAP(t)
		cfg.Password = "wrong"
		err := imip.Idle(testContext(t), cfg, func() { t.Error("onChange called") })
		checkKind(t, err, imip.ErrAuth)
	})
	t.Run("no IDLE", func(t *testing.T) {
		port := scriptedServer(t, "IMAP4rev1 AUTH=PLAIN")
		cfg := imip.IMAPConfig{Host: "127.0.0.1", Port: port, Security: imip.Plain,
			Username: "u", Password: "p", Timeout: 5 * time.Second}
		err := imip.Idle(testContext(t), cfg, func() { t.Error("onChange called") })
		checkKind(t, err, imip.ErrNoIdle)
	})
}

// scriptedServer is a minimal IMAP server that advertises caps and answers
// every command with OK (LOGOUT with BYE first): enough to log in and look
// at the capabilities, for a server without IDLE, which Dovecot and
// go-imap's server always offer.
func scriptedServer(t *testing.T, caps string) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				defer c.Close()
				fmt.Fprintf(c, "* OK [CAPABILITY %s] scripted\r\n", caps)
				r := bufio.NewReader(c)
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					tag, rest, _ := strings.Cut(strings.TrimSpace(line), " ")
					cmd, _, _ := strings.Cut(rest, " ")
					switch strings.ToUpper(cmd) {
					case "CAPABILITY":
						fmt.Fprintf(c, "* CAPABILITY %s\r\n%s OK done\r\n", caps, tag)
					case "LOGOUT":
						fmt.Fprintf(c, "* BYE bye\r\n%s OK done\r\n", tag)
						return
					case "LOGIN":
						fmt.Fprintf(c, "%s OK [CAPABILITY %s] logged in\r\n", tag, caps)
					default:
						fmt.Fprintf(c, "%s OK done\r\n", tag)
					}
				}
			}(c)
		}
	}()
	return l.Addr().(*net.TCPAddr).Port
}

// noKeywordSession is go-imap's in-memory server with a mailbox that keeps
// only the system flags.
type noKeywordSession struct{ imapserver.Session }

func (s noKeywordSession) Select(name string, opts *imap.SelectOptions) (*imap.SelectData, error) {
	d, err := s.Session.Select(name, opts)
	if d != nil {
		d.PermanentFlags = slices.DeleteFunc(slices.Clone(d.PermanentFlags), func(f imap.Flag) bool { return f == imap.FlagWildcard })
	}
	return d, err
}

// TestFetchNeedsKeywords: without keywords Fetch could not remember what it
// imported, so it refuses before handing anything on.
func TestFetchNeedsKeywords(t *testing.T) {
	mem := imapmemserver.New()
	user := imapmemserver.NewUser("u", "p")
	if err := user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(user)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return noKeywordSession{mem.NewSession()}, nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}},
		InsecureAuth: true,
		Logger:       nopLogger{},
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	port := l.Addr().(*net.TCPAddr).Port

	// A reply is waiting in the mailbox.
	c, err := imapclient.DialInsecure(l.Addr().String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login("u", "p").Wait(); err != nil {
		t.Fatal(err)
	}
	msg := bytes.ReplaceAll(mailFile(t, "gmail-reply.eml"), []byte("\n"), []byte("\r\n"))
	app := c.Append("INBOX", int64(len(msg)), nil)
	app.Write(msg)
	app.Close()
	if _, err := app.Wait(); err != nil {
		t.Fatal(err)
	}
	c.Logout().Wait()
	c.Close()

	cfg := imip.IMAPConfig{Host: "127.0.0.1", Port: port, Security: imip.Plain, Username: "u", Password: "p", Timeout: 5 * time.Second}
	var col collector
	_, err = imip.Fetch(testContext(t), cfg, col.handle)
	checkKind(t, err, imip.ErrNoKeywords)
	if len(col.got) != 0 {
		t.Errorf("handed %d parts", len(col.got))
	}
	// Reading alone is fine there.
	if err := imip.TestIMAP(testContext(t), cfg); err != nil {
		t.Errorf("TestIMAP: %v", err)
	}
}

type nopLogger struct{}

func (nopLogger) Printf(string, ...any) {}
