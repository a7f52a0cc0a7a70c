// Package service holds Twoway's use cases: what a user does, written once
// and called by both front ends (the Fyne screens in ui/ and the headless
// CLI in cmd/twoway/cli). Each use case loads what it needs from storage,
// asks the domain (internal/mentoring) what the rules say, lets mailtext
// word what the partner reads, delivers over the network (email by RFC 6047
// iMIP over SMTP, CalDAV by RFC 4791) and records the outcome.
//
// The rule that keeps calendars consistent: a message's SEQUENCE is only
// recorded (storage.Store.RecordSent) after the message left (the mail
// server accepted it, or the file was written), and a publication's ETag
// only after the calendar server stored it. A failure changes nothing, so
// trying again sends the same message.
package service

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"strings"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/calendar/caldavpub"
	"github.com/twoway-app/twoway/calendar/ics"
	"github.com/twoway-app/twoway/calendar/imip"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/storage"
	"github.com/twoway-app/twoway/storage/secrets"
)

// Store is what the use cases need from the database (*storage.Store).
type Store interface {
	GetPartnership(ctx context.Context, id int64) (mentoring.Partnership, error)
	GetSchedule(ctx context.Context, id int64) (calendar.Cadence, error)
	Exceptions(ctx context.Context, id int64) ([]mentoring.Exception, error)
	LogSession(ctx context.Context, id int64, l mentoring.SessionLog) error
	MoveSession(ctx context.Context, id int64, original, start time.Time) error
	Invite(ctx context.Context, id int64) (mentoring.InviteState, error)
	RecordSent(ctx context.Context, out mentoring.Outgoing, now time.Time) error
	Response(ctx context.Context, responseID int64) (mentoring.Response, error)
	ApplyCounter(ctx context.Context, r mentoring.Response, ch mentoring.CounterChange) error
	DeclinedCounter(ctx context.Context, responseID int64) error
	MailSettings(ctx context.Context) (mentoring.MailSettings, error)
	SetMailSettings(ctx context.Context, m mentoring.MailSettings) error
	CalDAVSettings(ctx context.Context) (mentoring.CalDAVSettings, error)
	SetCalDAVSettings(ctx context.Context, c mentoring.CalDAVSettings) error
	Publication(ctx context.Context, id int64) (mentoring.Publication, error)
	SetPublication(ctx context.Context, p mentoring.Publication) error
	JoinPartnership(ctx context.Context, j mentoring.Joined) (id int64, created bool, err error)
	CancelJoined(ctx context.Context, uid string, sequence int, original time.Time) (int64, error)
	Share(ctx context.Context, id int64) (mentoring.Share, error)
	SetShare(ctx context.Context, sh mentoring.Share) error
	SyncState(ctx context.Context, id int64, token *string, at time.Time, syncErr string) error
	SyncObjects(ctx context.Context, id int64) ([]mentoring.SyncObject, error)
	Record(ctx context.Context, id int64) (mentoring.Record, error)
	ApplyRecord(ctx context.Context, id int64, ch mentoring.RecordChange) error
	Shares(ctx context.Context) ([]mentoring.Share, error)
	PartnershipIDs(ctx context.Context) ([]int64, error)
}

// ErrNotConfigured is returned when the mail or calendar server has not
// been set up yet.
var ErrNotConfigured = errors.New("delivery: not set up")

// ErrPasswordNeeded is returned when the account needs a password and none
// was given or saved. errors.Is(err, secrets.ErrNoKeyring) tells whether it
// could not be saved at all; the caller asks the user and tries again with
// the password.
var ErrPasswordNeeded = errors.New("a password is needed")

// PasswordError says which account needs a password, and why it is not
// known.
type PasswordError struct {
	Account string // "the mail server smtp.example.org" ...
	Reason  error  // secrets.ErrNotStored or an error matching secrets.ErrNoKeyring
}

func (e *PasswordError) Error() string {
	if errors.Is(e.Reason, secrets.ErrNoKeyring) {
		return "No system keyring found, so Twoway cannot remember your password: enter the password for " + e.Account
	}
	return "enter the password for " + e.Account + " (" + e.Reason.Error() + ")"
}

// Unwrap exposes ErrPasswordNeeded and the reason.
func (e *PasswordError) Unwrap() []error { return []error{ErrPasswordNeeded, e.Reason} }

// Core sends and publishes. Only Store and Secrets are required.
type Core struct {
	Store   Store
	Secrets secrets.Store
	// Now is the clock for DTSTAMP and records; time.Now when nil.
	Now func() time.Time
	// Timeout bounds each network step; the libraries' defaults when 0.
	Timeout time.Duration
	// TLSConfig overrides TLS settings for SMTP (tests trust a self-signed
	// certificate with it).
	TLSConfig *tls.Config
	// HTTPClient is used for CalDAV when not nil.
	HTTPClient *http.Client
}

func (s *Core) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// MailKey is the keyring key of the mail account m.
func MailKey(m mentoring.MailSettings) string {
	return secrets.Key("smtp", m.Username, fmt.Sprintf("%s:%d", strings.ToLower(m.Host), m.Port))
}

// CalDAVKey is the keyring key of the calendar account c.
func CalDAVKey(c mentoring.CalDAVSettings) string {
	return secrets.Key("caldav", c.Username, strings.TrimSuffix(c.URL, "/"))
}

// password returns the given password, else the saved one.
func (s *Core) password(given, key, account string) (string, error) {
	if given != "" {
		return given, nil
	}
	if s.Secrets == nil {
		return "", &PasswordError{Account: account, Reason: errNoSecrets}
	}
	pw, err := s.Secrets.Get(key)
	if err != nil {
		return "", &PasswordError{Account: account, Reason: err}
	}
	return pw, nil
}

// SMTPConfig turns saved settings and a password into the imip
// configuration.
func (s *Core) SMTPConfig(m mentoring.MailSettings, password string) imip.SMTPConfig {
	sec := imip.ImplicitTLS
	switch m.Security {
	case mentoring.SecurityStartTLS:
		sec = imip.StartTLS
	case mentoring.SecurityPlain:
		sec = imip.Plain
	}
	return imip.SMTPConfig{Host: m.Host, Port: m.Port, Security: sec, Username: m.Username, Password: password,
		Timeout: s.Timeout, TLSConfig: s.TLSConfig}
}

// Account turns saved calendar settings and a password into the caldavpub
// account.
func (s *Core) Account(c mentoring.CalDAVSettings, password string) caldavpub.Account {
	client := s.HTTPClient
	if client == nil && s.Timeout > 0 {
		client = &http.Client{Timeout: s.Timeout}
	}
	return caldavpub.Account{URL: c.URL, Username: c.Username, Password: password, HTTPClient: client}
}

// mailSettings loads the mail settings and the password to use.
func (s *Core) mailSettings(ctx context.Context, password string) (mentoring.MailSettings, string, error) {
	m, err := s.Store.MailSettings(ctx)
	if err != nil {
		return m, "", err
	}
	if !m.Configured() {
		return m, "", fmt.Errorf("%w: set the mail server in Settings (or `twoway settings smtp`) first", ErrNotConfigured)
	}
	if err := m.Validate(); err != nil {
		return m, "", err
	}
	if m.Username == "" {
		return m, "", nil
	}
	pw, err := s.password(password, MailKey(m), "the mail server "+m.Host)
	return m, pw, err
}

// SendInvite prepares the next message for partnership id (method
// mentoring.MethodRequest or mentoring.MethodCancel, instance for a single
// session's cancellation), sends it by email from the user to the partner
// and, only once the mail server accepted it, records it as sent. password
// is used when not empty, else the saved one.
//
// On failure nothing is recorded and the error is the classified imip error
// (errors.Is(err, imip.ErrAuth) and so on), a *mentoring.ValidationError, or
// a *PasswordError.
func (s *Core) SendInvite(ctx context.Context, id int64, method string, instance *time.Time, password string) (mentoring.Outgoing, error) {
	out, err := s.PrepareInvite(ctx, id, method, instance, s.now())
	if err != nil {
		return out, err
	}
	return out, s.SendPrepared(ctx, out, password)
}

// SendPrepared emails an already prepared message (the one a screen
// previews) and, once the mail server accepted it, records it as sent.
func (s *Core) SendPrepared(ctx context.Context, out mentoring.Outgoing, password string) error {
	m, pw, err := s.mailSettings(ctx, password)
	if err != nil {
		return err
	}
	out.Via = mentoring.ViaEmail
	return s.deliver(ctx, out, func() error { return s.send(ctx, m, pw, out, s.now()) })
}

// SaveInvite hands out's calendar file to write (a file the user chose, or
// standard output) and, once that worked, records it as delivered: the
// partner gets the file from the user.
func (s *Core) SaveInvite(ctx context.Context, out mentoring.Outgoing, write func([]byte) error) error {
	out.Via = mentoring.ViaFile
	return s.deliver(ctx, out, func() error { return write(out.ICS) })
}

// deliver runs send and records out as sent only when send succeeded: the
// one place the record-when-sent rule is written.
func (s *Core) deliver(ctx context.Context, out mentoring.Outgoing, send func() error) error {
	if err := send(); err != nil {
		return err
	}
	if err := s.Store.RecordSent(ctx, out, s.now()); err != nil {
		return fmt.Errorf("the invite was delivered but could not be recorded (the next one will repeat its sequence number): %w", err)
	}
	return nil
}

func (s *Core) send(ctx context.Context, m mentoring.MailSettings, pw string, out mentoring.Outgoing, now time.Time) error {
	p, err := s.Store.GetPartnership(ctx, out.PartnershipID)
	if err != nil {
		return err
	}
	msg := imip.Message{
		From:    mail.Address{Name: p.Me.Name, Address: p.Me.Email},
		To:      []mail.Address{{Name: p.Partner.Name, Address: p.Partner.Email}},
		Subject: out.Subject,
		Text:    out.Text,
		ICS:     out.ICS,
		Method:  out.Method,
		Date:    now,
	}
	raw, err := imip.Build(msg)
	if err != nil {
		return err
	}
	// The header From is the ORGANIZER (the partnership's "me"), as iMIP
	// requires; the envelope sender is the account's own address.
	_, to := msg.Envelope()
	return imip.Send(ctx, s.SMTPConfig(m, pw), m.From, to, raw)
}

// TestMail checks the mail settings m with password (or the saved one) by
// connecting and logging in, without sending anything.
func (s *Core) TestMail(ctx context.Context, m mentoring.MailSettings, password string) error {
	if err := m.Validate(); err != nil {
		return err
	}
	if m.Username != "" {
		pw, err := s.password(password, MailKey(m), "the mail server "+m.Host)
		if err != nil {
			return err
		}
		password = pw
	}
	return imip.TestConnection(ctx, s.SMTPConfig(m, password))
}

// Discover lists the calendars of the account c with password (or the
// saved one).
func (s *Core) Discover(ctx context.Context, c mentoring.CalDAVSettings, password string) ([]caldavpub.Calendar, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	pw, err := s.password(password, CalDAVKey(c), "the calendar server "+c.URL)
	if err != nil {
		return nil, err
	}
	return caldavpub.Discover(ctx, s.Account(c, pw))
}

// Publish stores partnership id's series, as it now is, in the chosen
// calendar: created the first time, then replaced in place only if the
// server still has the version Twoway wrote (If-Match). A copy changed on
// the server in the meantime is reported as caldavpub.ErrConflict and left
// as it is. The stored copy has no ATTENDEE, so a server that schedules
// (RFC 6638) does not send the partner a second invitation: invitations go
// by email.
func (s *Core) Publish(ctx context.Context, id int64, password string) (mentoring.Publication, error) {
	c, err := s.Store.CalDAVSettings(ctx)
	if err != nil {
		return mentoring.Publication{}, err
	}
	if !c.Configured() {
		return mentoring.Publication{}, fmt.Errorf("%w: set the calendar server in Settings (or `twoway settings caldav`) first", ErrNotConfigured)
	}
	if err := c.Validate(); err != nil {
		return mentoring.Publication{}, err
	}
	if c.Calendar == "" {
		return mentoring.Publication{}, mentoring.Invalid("caldav.calendar", mentoring.CodeNoCalendar, nil)
	}
	pw, err := s.password(password, CalDAVKey(c), "the calendar server "+c.URL)
	if err != nil {
		return mentoring.Publication{}, err
	}
	now := s.now()
	out, err := s.PrepareInvite(ctx, id, mentoring.MethodRequest, nil, now)
	if err != nil {
		return mentoring.Publication{}, err
	}
	series := out.Series
	series.Attendee = ics.Person{}
	data, err := ics.Publish(series)
	if err != nil {
		return mentoring.Publication{}, fmt.Errorf("publish: %w", err)
	}
	etag := ""
	prev, err := s.Store.Publication(ctx, id)
	switch {
	case err == nil && prev.ServerURL == c.URL && prev.Calendar == c.Calendar:
		etag = prev.ETag
	case err == nil, errors.Is(err, storage.ErrNotFound):
		// First publication in this calendar.
	default:
		return mentoring.Publication{}, err
	}
	acct := s.Account(c, pw)
	path, newETag, err := caldavpub.Put(ctx, acct, c.Calendar, series.UID, data, etag)
	if errors.Is(err, caldavpub.ErrConflict) && etag != "" {
		// The precondition also fails when the user deleted the event on
		// the server: then there is nothing to overwrite, so create it anew.
		if _, gerr := caldavpub.Get(ctx, acct, caldavpub.ObjectPath(c.Calendar, series.UID)); errors.Is(gerr, caldavpub.ErrNotFound) {
			path, newETag, err = caldavpub.Put(ctx, acct, c.Calendar, series.UID, data, "")
		}
	}
	if err != nil {
		return mentoring.Publication{}, err
	}
	pub := mentoring.Publication{PartnershipID: id, ServerURL: c.URL, Calendar: c.Calendar,
		ObjectPath: path, ETag: newETag, PublishedAt: now}
	if err := s.Store.SetPublication(ctx, pub); err != nil {
		return pub, fmt.Errorf("the series was published but could not be recorded: %w", err)
	}
	return pub, nil
}
