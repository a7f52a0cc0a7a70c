package service

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/calendar/ics"
	"github.com/twoway-app/twoway/internal/mailtext"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/storage"
	"github.com/twoway-app/twoway/storage/secrets"
)

// PrepareInvite builds the next message for partnership id: a REQUEST (the
// series as it now is: a first invite, an update, or a resend of what the
// partner already has with the same SEQUENCE), or a CANCEL of the whole
// series (instance nil) or of one session, stamped now. Nothing is
// recorded.
func (s *Core) PrepareInvite(ctx context.Context, id int64, method string, instance *time.Time, now time.Time) (mentoring.Outgoing, error) {
	p, c, err := s.scheduled(ctx, id)
	if err != nil {
		return mentoring.Outgoing{}, err
	}
	exc, err := s.Store.Exceptions(ctx, id)
	if err != nil {
		return mentoring.Outgoing{}, err
	}
	st, err := s.Store.Invite(ctx, id)
	if err != nil {
		return mentoring.Outgoing{}, err
	}
	out, err := mentoring.Prepare(p, c, exc, st, method, instance, mailtext.Description(p), now)
	if err != nil {
		return out, err
	}
	out.Subject = mailtext.Subject(p, out, st.Sent)
	out.Text = mailtext.InviteText(p, c, out)
	return out, nil
}

// scheduled loads a partnership and its cadence, with
// mentoring.ErrNoSchedule when it has none.
func (s *Core) scheduled(ctx context.Context, id int64) (mentoring.Partnership, calendar.Cadence, error) {
	p, err := s.Store.GetPartnership(ctx, id)
	if err != nil {
		return p, calendar.Cadence{}, err
	}
	c, err := s.Store.GetSchedule(ctx, id)
	if errors.Is(err, storage.ErrNotFound) {
		return p, c, fmt.Errorf("partnership %d: %w", id, mentoring.ErrNoSchedule)
	}
	return p, c, err
}

// SessionOn finds the session of partnership id's series on day d (in the
// series' anchor zone): ok is false when no session falls on it.
func (s *Core) SessionOn(ctx context.Context, id int64, d calendar.Date) (start time.Time, ok bool, err error) {
	p, c, err := s.scheduled(ctx, id)
	if err != nil {
		return time.Time{}, false, err
	}
	return mentoring.SessionOn(p, c, d)
}

// AcceptCounter takes the partner's proposed time: the series (or the one
// session) moves as mentoring.AcceptCounter says, and the response becomes
// accepted, in one transaction. The caller then sends the updated REQUEST.
func (s *Core) AcceptCounter(ctx context.Context, responseID int64) error {
	r, err := s.Store.Response(ctx, responseID)
	if err != nil {
		return err
	}
	p, c, err := s.scheduled(ctx, r.PartnershipID)
	if err != nil {
		return err
	}
	ch, err := mentoring.AcceptCounter(p, c, r)
	if err != nil {
		return err
	}
	return s.Store.ApplyCounter(ctx, r, ch)
}

// DeclineCounter answers counter-proposal responseID with a DECLINECOUNTER
// (RFC 5546 3.2.8) carrying comment, hands it to deliver and, only once it
// was delivered, marks the response declined: a failed delivery leaves the
// proposal open to answer again.
func (s *Core) DeclineCounter(ctx context.Context, responseID int64, comment string, deliver func([]byte) error) error {
	r, err := s.Store.Response(ctx, responseID)
	if err != nil {
		return err
	}
	if r.Method != ics.MethodCounter || r.State != mentoring.ResponseOpen {
		return fmt.Errorf("decline counter: response %d: %w", responseID, mentoring.ErrNotOpenCounter)
	}
	msg, err := ics.ParseITIP([]byte(r.Raw))
	if err != nil {
		return fmt.Errorf("decline counter: %w", err)
	}
	out, err := s.PrepareInvite(ctx, r.PartnershipID, mentoring.MethodRequest, nil, s.now())
	if err != nil {
		return err
	}
	st, err := s.Store.Invite(ctx, r.PartnershipID)
	if err != nil {
		return err
	}
	series := out.Series
	series.Sequence = st.Sequence // the series as the partner has it
	b, err := ics.DeclineCounter(series, msg, comment)
	if err != nil {
		return fmt.Errorf("decline counter: %w", err)
	}
	if err := deliver(b); err != nil {
		return err
	}
	return s.Store.DeclinedCounter(ctx, responseID)
}

// SaveMailSettings stores the mail settings and, when given, the
// account's password in the keyring. A keyring failure is returned after
// the settings were saved (errors.Is(err, secrets.ErrNoKeyring) tells the
// caller to ask for the password each time instead).
func (s *Core) SaveMailSettings(ctx context.Context, m mentoring.MailSettings, password string) error {
	if err := s.Store.SetMailSettings(ctx, m); err != nil {
		return err
	}
	if password == "" || m.Username == "" {
		return nil
	}
	return s.savePassword(MailKey(m), password)
}

// SaveCalDAVSettings stores the calendar account and, when given, its
// password in the keyring, as SaveMailSettings does.
func (s *Core) SaveCalDAVSettings(ctx context.Context, c mentoring.CalDAVSettings, password string) error {
	if err := s.Store.SetCalDAVSettings(ctx, c); err != nil {
		return err
	}
	if password == "" {
		return nil
	}
	return s.savePassword(CalDAVKey(c), password)
}

func (s *Core) savePassword(key, password string) error {
	if s.Secrets == nil {
		return fmt.Errorf("%w: %w", ErrPasswordNotSaved, errNoSecrets)
	}
	if err := s.Secrets.Set(key, password); err != nil {
		return fmt.Errorf("%w: %w", ErrPasswordNotSaved, err)
	}
	return nil
}

// ErrPasswordNotSaved is returned (wrapping the keyring's error) when the
// settings were saved but the keyring refused the password.
var ErrPasswordNotSaved = errors.New("the password was not saved")

// errNoSecrets is the reason a password cannot be kept when the Core was
// built without a keyring.
var errNoSecrets = &secrets.Error{Err: errors.New("no keyring configured")}

// LogSession records what became of one session, refusing what cannot be
// true (mentoring.CheckLog): a session logged as held before it took place
// as of now, or moved outside the programme.
func (s *Core) LogSession(ctx context.Context, id int64, l mentoring.SessionLog, now time.Time) error {
	p, err := s.Store.GetPartnership(ctx, id)
	if err != nil {
		return err
	}
	start := l.Original
	exc, err := s.Store.Exceptions(ctx, id)
	if err != nil {
		return err
	}
	for _, e := range exc {
		if e.Original.Equal(l.Original) && !e.Skipped {
			start = e.Start // it was moved before it was logged
		}
	}
	if fe := mentoring.CheckLog(p, l, start, now); fe != nil {
		return &mentoring.ValidationError{Fields: []mentoring.FieldError{*fe}}
	}
	return s.Store.LogSession(ctx, id, l)
}

// MoveSession moves one session to start at start, inside the programme
// (mentoring.CheckSessionTime).
func (s *Core) MoveSession(ctx context.Context, id int64, original, start time.Time) error {
	p, err := s.Store.GetPartnership(ctx, id)
	if err != nil {
		return err
	}
	if fe := mentoring.CheckSessionTime(p, "moved_to", start); fe != nil {
		return &mentoring.ValidationError{Fields: []mentoring.FieldError{*fe}}
	}
	return s.Store.MoveSession(ctx, id, original, start)
}
