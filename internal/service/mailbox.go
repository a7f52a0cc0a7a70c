package service

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/twoway-app/twoway/calendar/ics"
	"github.com/twoway-app/twoway/calendar/imip"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/shared"
	"github.com/twoway-app/twoway/storage"
	"github.com/twoway-app/twoway/storage/secrets"
)

// MailboxStore is what reading the mailbox needs besides the Store.
type MailboxStore interface {
	IMAPSettings(ctx context.Context) (mentoring.IMAPSettings, error)
	SetIMAPSettings(ctx context.Context, m mentoring.IMAPSettings) error
	ImportResponse(ctx context.Context, data []byte, now time.Time) (mentoring.Response, error)
}

// IMAPKey is the keyring key of the mailbox account m.
func IMAPKey(m mentoring.IMAPSettings) string {
	return secrets.Key("imap", m.Username, strings.ToLower(m.Host)+":"+strconv.Itoa(m.Port))
}

// IMAPConfig turns saved settings and a password into the imip
// configuration.
func (s *Core) IMAPConfig(m mentoring.IMAPSettings, password string) imip.IMAPConfig {
	sec := imip.ImplicitTLS
	switch m.Security {
	case mentoring.SecurityStartTLS:
		sec = imip.StartTLS
	case mentoring.SecurityPlain:
		sec = imip.Plain
	}
	return imip.IMAPConfig{Host: m.Host, Port: m.Port, Security: sec, Username: m.Username, Password: password,
		Mailbox: m.Mailbox, Timeout: s.Timeout, TLSConfig: s.TLSConfig}
}

// SaveIMAPSettings saves the mailbox account and, when given, its
// password in the keyring (ErrPasswordNotSaved when the keyring refused).
func (s *Core) SaveIMAPSettings(ctx context.Context, st MailboxStore, m mentoring.IMAPSettings, password string) error {
	if err := st.SetIMAPSettings(ctx, m); err != nil {
		return err
	}
	if password == "" {
		return nil
	}
	return s.savePassword(IMAPKey(m), password)
}

// MailReport is what one look into the mailbox brought.
type MailReport struct {
	Answers  []mentoring.Response // replies and counter-proposals imported
	Records  []int64              // partnerships whose shared record was merged
	Foreign  int                  // calendar messages for no partnership here, left alone
	Fetch    imip.FetchReport
	Counters int // of Answers, the open counter-proposals (they ask for a decision)
	// Joined are the organizer's invitations and cancellations that the
	// user's side took: a new partnership (Created), an update, or a
	// session or the series cancelled.
	Joined []Joined
}

// FetchMail reads the partner's messages from the mailbox: replies and
// counter-proposals are imported as if the user had opened them, shared
// records merged, and the organizer's invitations and cancellations joined
// (a new invitation becomes a partnership awaiting the user's answer, as
// calendar apps add an invitation before it is accepted). A message that is not for Twoway is left alone (and not
// fetched again); one that could not be imported is retried next time.
// Nothing is imported half-way: each message goes in one transaction.
func (s *Core) FetchMail(ctx context.Context, st MailboxStore, password string) (MailReport, error) {
	var rep MailReport
	m, err := st.IMAPSettings(ctx)
	if err != nil {
		return rep, err
	}
	if !m.Configured() {
		return rep, ErrNotConfigured
	}
	pw, err := s.password(password, IMAPKey(m), "the mailbox "+m.Host)
	if err != nil {
		return rep, err
	}
	rep.Fetch, err = imip.Fetch(ctx, s.IMAPConfig(m, pw), func(in imip.Incoming) error {
		switch in.Method {
		case ics.MethodReply, ics.MethodCounter:
			if _, perr := ics.ParseITIP(in.Calendar); perr != nil {
				rep.Foreign++ // malformed: no use retrying it
				return nil
			}
			r, err := st.ImportResponse(ctx, in.Calendar, s.now())
			if errors.Is(err, storage.ErrForeignInvite) || errors.Is(err, storage.ErrNotFound) {
				rep.Foreign++
				return nil
			}
			if err != nil {
				return err
			}
			rep.Answers = append(rep.Answers, r)
			if r.Method == ics.MethodCounter && r.State == mentoring.ResponseOpen {
				rep.Counters++
			}
		case "PUBLISH":
			if _, perr := shared.ParseBundle(in.Calendar); perr != nil {
				rep.Foreign++ // another application's publication
				return nil
			}
			id, _, err := s.ImportRecord(ctx, in.Calendar)
			if errors.Is(err, ErrNotForAnyPartnership) {
				rep.Foreign++
				return nil
			}
			if err != nil {
				return err
			}
			rep.Records = append(rep.Records, id)
		case ics.MethodRequest, ics.MethodCancel:
			if _, perr := ics.Parse(in.Calendar); perr != nil {
				rep.Foreign++ // malformed: no use retrying it
				return nil
			}
			j, err := s.Join(ctx, in.Calendar)
			if unusable(err) {
				rep.Foreign++ // another app's, the user's own, or older than what is here
				return nil
			}
			if err != nil {
				return err
			}
			rep.Joined = append(rep.Joined, j)
		default:
			rep.Foreign++
		}
		return nil
	})
	return rep, err
}

// unusable reports whether an organizer's message can never be taken, so
// fetching it again would not help: another application's, the user's own
// invite, older than what was joined, invalid, or cancelling a series not
// joined here.
func unusable(err error) bool {
	return errors.Is(err, mentoring.ErrForeignInvite) || errors.Is(err, mentoring.ErrNotInvite) ||
		errors.Is(err, mentoring.ErrNewerJoinFormat) || errors.Is(err, storage.ErrOwnInvite) ||
		errors.Is(err, storage.ErrStaleInvite) || errors.Is(err, storage.ErrNotFound) ||
		mentoring.IsValidation(err)
}

// WatchMail waits on the mailbox with IMAP IDLE and calls onChange when
// something arrives (and once when the watch starts), until ctx ends. It
// returns imip.ErrNoIdle when the server cannot be watched: then the
// caller fetches on a timer instead.
func (s *Core) WatchMail(ctx context.Context, st MailboxStore, onChange func()) error {
	m, err := st.IMAPSettings(ctx)
	if err != nil {
		return err
	}
	if !m.Configured() {
		return ErrNotConfigured
	}
	pw, err := s.password("", IMAPKey(m), "the mailbox "+m.Host)
	if err != nil {
		return err
	}
	return imip.Idle(ctx, s.IMAPConfig(m, pw), onChange)
}
