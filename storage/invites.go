package storage

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/calendar/ics"
	"github.com/twoway-app/twoway/internal/mentoring"
)

// Exceptions lists partnership id's skipped and moved sessions, in order.
func (s *Store) Exceptions(ctx context.Context, id int64) ([]mentoring.Exception, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT original_start, kind, new_start, new_end
		FROM session_exception WHERE partnership_id = ? ORDER BY original_start`, id)
	if err != nil {
		return nil, fmt.Errorf("list exceptions of partnership %d: %w", id, err)
	}
	defer rows.Close()
	var out []mentoring.Exception
	for rows.Next() {
		var orig, kind, start, end string
		if err := rows.Scan(&orig, &kind, &start, &end); err != nil {
			return nil, fmt.Errorf("list exceptions of partnership %d: %w", id, err)
		}
		e := mentoring.Exception{Skipped: kind == "skipped"}
		e.Original, _ = time.Parse(time.RFC3339, orig)
		e.Start, _ = time.Parse(time.RFC3339, start)
		e.End, _ = time.Parse(time.RFC3339, end)
		out = append(out, e)
	}
	return out, rows.Err()
}

// ErrNotASession is returned when a date names no session of the series.
var ErrNotASession = errors.New("no session of the series starts then")

// sessionAt checks that original is a session of id's schedule.
func (s *Store) sessionAt(ctx context.Context, id int64, original time.Time) (calendar.Cadence, error) {
	p, err := s.GetPartnership(ctx, id)
	if err != nil {
		return calendar.Cadence{}, err
	}
	c, err := s.GetSchedule(ctx, id)
	if err != nil {
		return c, err
	}
	me, partner, err := p.People()
	if err != nil {
		return c, err
	}
	occs, err := c.Expand(c.AnchorZone(me.Zone, partner.Zone))
	if err != nil {
		return c, err
	}
	for _, o := range occs {
		if o.Start.Equal(original) {
			return c, nil
		}
	}
	return c, fmt.Errorf("%s: %w", original.UTC().Format(time.RFC3339), ErrNotASession)
}

// SkipSession marks one session as not taking place.
func (s *Store) SkipSession(ctx context.Context, id int64, original time.Time) error {
	if _, err := s.sessionAt(ctx, id, original); err != nil {
		return fmt.Errorf("skip session: %w", err)
	}
	return s.putException(ctx, s.db, id, mentoring.Exception{Original: original, Skipped: true})
}

// MoveSession moves one session to start at start (keeping its length).
func (s *Store) MoveSession(ctx context.Context, id int64, original, start time.Time) error {
	c, err := s.sessionAt(ctx, id, original)
	if err != nil {
		return fmt.Errorf("move session: %w", err)
	}
	return s.putException(ctx, s.db, id, mentoring.Exception{Original: original, Start: start, End: start.Add(c.Duration())})
}

// RestoreSession undoes a skip or move.
func (s *Store) RestoreSession(ctx context.Context, id int64, original time.Time) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM session_exception WHERE partnership_id = ? AND original_start = ?`,
		id, original.UTC().Format(time.RFC3339))
	if err != nil {
		return fmt.Errorf("restore session: %w", err)
	}
	return nil
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func (s *Store) putException(ctx context.Context, db execer, id int64, e mentoring.Exception) error {
	kind, start, end := "moved", e.Start.UTC().Format(time.RFC3339), e.End.UTC().Format(time.RFC3339)
	if e.Skipped {
		kind, start, end = "skipped", "", ""
	}
	_, err := db.ExecContext(ctx, `INSERT INTO session_exception (partnership_id, original_start, kind, new_start, new_end)
		VALUES (?,?,?,?,?) ON CONFLICT (partnership_id, original_start) DO UPDATE SET
		kind=excluded.kind, new_start=excluded.new_start, new_end=excluded.new_end`,
		id, e.Original.UTC().Format(time.RFC3339), kind, start, end)
	if err != nil {
		return fmt.Errorf("record %s session: %w", kind, err)
	}
	return nil
}

// Invite returns partnership id's invite state, giving it a UID on first
// use. The UID then stays the same for the life of the series, as calendar
// clients require.
func (s *Store) Invite(ctx context.Context, id int64) (mentoring.InviteState, error) {
	uid := newUID()
	if _, err := s.db.ExecContext(ctx, `INSERT INTO invite (partnership_id, uid) SELECT ?, ?
		WHERE EXISTS (SELECT 1 FROM partnership WHERE id = ?) ON CONFLICT DO NOTHING`, id, uid, id); err != nil {
		return mentoring.InviteState{}, fmt.Errorf("invite of partnership %d: %w", id, err)
	}
	var st mentoring.InviteState
	var sentAt, repliedAt string
	err := s.db.QueryRowContext(ctx, `SELECT uid, sent, sequence, method, sent_at, sent_ics, fingerprint,
		cancelled, partstat, replied_at FROM invite WHERE partnership_id = ?`, id).Scan(
		&st.UID, &st.Sent, &st.Sequence, &st.Method, &sentAt, &st.SentICS, &st.Fingerprint,
		&st.Cancelled, &st.PartStat, &repliedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return st, fmt.Errorf("partnership %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return st, fmt.Errorf("invite of partnership %d: %w", id, err)
	}
	st.SentAt, _ = time.Parse(timeFormat, sentAt)
	st.RepliedAt, _ = time.Parse(timeFormat, repliedAt)
	return st, nil
}

func newUID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b) + "@twoway.app"
}

// PrepareInvite builds the next message for partnership id: a REQUEST (the
// series as it now is: a first invite, an update, or a resend of what the
// partner already has with the same SEQUENCE), or a CANCEL of the whole
// series (instance nil) or of one session.
func (s *Store) PrepareInvite(ctx context.Context, id int64, method string, instance *time.Time, now time.Time) (mentoring.Outgoing, error) {
	p, err := s.GetPartnership(ctx, id)
	if err != nil {
		return mentoring.Outgoing{}, err
	}
	c, err := s.GetSchedule(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return mentoring.Outgoing{}, fmt.Errorf("partnership %d: %w", id, mentoring.ErrNoSchedule)
	}
	if err != nil {
		return mentoring.Outgoing{}, err
	}
	exc, err := s.Exceptions(ctx, id)
	if err != nil {
		return mentoring.Outgoing{}, err
	}
	st, err := s.Invite(ctx, id)
	if err != nil {
		return mentoring.Outgoing{}, err
	}
	series, err := mentoring.BuildSeries(p, c, exc, st.UID, now)
	if err != nil {
		return mentoring.Outgoing{}, err
	}
	fp, err := mentoring.Fingerprint(series)
	if err != nil {
		return mentoring.Outgoing{}, err
	}
	out := mentoring.Outgoing{PartnershipID: id, Method: method, Instance: instance, Fingerprint: fp}
	switch method {
	case mentoring.MethodRequest:
		out.Changed = !st.Sent || st.Fingerprint != fp || st.Cancelled
		switch {
		case !st.Sent:
			out.Sequence = 0
		case out.Changed:
			out.Sequence = st.Sequence + 1
		default:
			out.Sequence = st.Sequence
		}
		series.Sequence = out.Sequence
		out.ICS, err = ics.Request(series)
		out.Subject = "Invitation: " + p.Title
		if st.Sent && out.Changed {
			out.Subject = "Updated invitation: " + p.Title
		}
	case mentoring.MethodCancel:
		if !st.Sent {
			return out, errors.New("nothing to cancel: no invite has been sent for this partnership")
		}
		out.Changed = true
		out.Sequence = st.Sequence + 1
		series.Sequence = out.Sequence
		series.Status = ics.StatusCancelled
		out.ICS, err = ics.Cancel(series, instance)
		out.Subject = "Cancelled: " + p.Title
		if instance != nil {
			out.Subject = "Cancelled session on " + instance.Format("Mon 2 Jan") + ": " + p.Title
		}
	default:
		return out, fmt.Errorf("prepare invite: unknown method %q", method)
	}
	if err != nil {
		return out, fmt.Errorf("prepare invite: %w", err)
	}
	out.Series = series
	out.Text = mentoring.InviteText(p, c, out)
	return out, nil
}

// RecordSent notes that out really reached the partner (or was saved for
// them), so the next message continues from its SEQUENCE.
func (s *Store) RecordSent(ctx context.Context, out mentoring.Outgoing, now time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var seq int
		var sent bool
		if err := tx.QueryRowContext(ctx, `SELECT sequence, sent FROM invite WHERE partnership_id = ?`,
			out.PartnershipID).Scan(&seq, &sent); err != nil {
			return fmt.Errorf("record sent invite: %w", err)
		}
		if sent && out.Sequence < seq {
			return fmt.Errorf("record sent invite: sequence %d is older than %d already sent; prepare it again", out.Sequence, seq)
		}
		cancelled := out.Method == mentoring.MethodCancel && out.Instance == nil
		fp := out.Fingerprint
		if out.Method == mentoring.MethodCancel {
			fp = "" // whatever is prepared next differs from a cancellation
		}
		if _, err := tx.ExecContext(ctx, `UPDATE invite SET sent = 1, sequence = ?, method = ?, fingerprint = ?,
			sent_at = ?, sent_ics = ?, cancelled = ? WHERE partnership_id = ?`,
			out.Sequence, out.Method, fp, now.UTC().Format(timeFormat), string(out.ICS), cancelled, out.PartnershipID); err != nil {
			return fmt.Errorf("record sent invite: %w", err)
		}
		if out.Instance != nil {
			return s.putException(ctx, tx, out.PartnershipID, mentoring.Exception{Original: *out.Instance, Skipped: true})
		}
		return nil
	})
}

// ErrForeignInvite is returned when an imported file is about a series
// Twoway did not send.
var ErrForeignInvite = errors.New("this file answers an invite Twoway did not send")

// ImportResponse reads a partner's reply or counter-proposal and records it
// against the partnership whose invite it answers. A malformed or foreign
// file changes nothing.
func (s *Store) ImportResponse(ctx context.Context, data []byte, now time.Time) (mentoring.Response, error) {
	msg, err := ics.ParseITIP(data)
	if err != nil {
		return mentoring.Response{}, err
	}
	if msg.Method != ics.MethodReply && msg.Method != ics.MethodCounter {
		return mentoring.Response{}, fmt.Errorf("import: a %s message is not an answer to an invite (want a REPLY or COUNTER)", msg.Method)
	}
	var id int64
	var partnerEmail string
	err = s.db.QueryRowContext(ctx, `SELECT i.partnership_id, p.partner_email FROM invite i
		JOIN partnership p ON p.id = i.partnership_id WHERE i.uid = ? AND i.sent = 1`, msg.UID).Scan(&id, &partnerEmail)
	if errors.Is(err, sql.ErrNoRows) {
		return mentoring.Response{}, fmt.Errorf("import: UID %s: %w", msg.UID, ErrForeignInvite)
	}
	if err != nil {
		return mentoring.Response{}, fmt.Errorf("import: %w", err)
	}
	if !strings.EqualFold(msg.Attendee.Email, partnerEmail) {
		return mentoring.Response{}, fmt.Errorf("import: the answer comes from %s, not from the partner (%s)", msg.Attendee.Email, partnerEmail)
	}
	r := mentoring.Response{PartnershipID: id, Received: now.UTC(), Method: msg.Method, Attendee: msg.Attendee.Email,
		PartStat: msg.PartStat, RecurrenceID: msg.RecurrenceID, Comment: msg.Comment, State: "noted", Raw: string(data)}
	if msg.Method == ics.MethodCounter {
		r.ProposedStart, r.ProposedEnd, r.State = msg.Start, msg.End, "open"
		if r.ProposedStart.IsZero() || !r.ProposedEnd.After(r.ProposedStart) {
			return mentoring.Response{}, errors.New("import: the counter-proposal has no usable new time")
		}
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO invite_response (partnership_id, received_at, method, attendee,
			partstat, recurrence_id, proposed_start, proposed_end, comment, state, raw) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
			id, r.Received.Format(timeFormat), r.Method, r.Attendee, r.PartStat, rfc3339(r.RecurrenceID),
			rfc3339(r.ProposedStart), rfc3339(r.ProposedEnd), r.Comment, r.State, r.Raw)
		if err != nil {
			return err
		}
		r.ID, _ = res.LastInsertId()
		if msg.Method == ics.MethodReply && msg.RecurrenceID.IsZero() {
			_, err = tx.ExecContext(ctx, `UPDATE invite SET partstat = ?, replied_at = ? WHERE partnership_id = ?`,
				r.PartStat, r.Received.Format(timeFormat), id)
		}
		return err
	})
	if err != nil {
		return mentoring.Response{}, fmt.Errorf("import: %w", err)
	}
	return r, nil
}

// Responses lists what the partner answered, newest first.
func (s *Store) Responses(ctx context.Context, id int64) ([]mentoring.Response, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, received_at, method, attendee, partstat, recurrence_id,
		proposed_start, proposed_end, comment, state, raw FROM invite_response WHERE partnership_id = ? ORDER BY id DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("list responses: %w", err)
	}
	defer rows.Close()
	var out []mentoring.Response
	for rows.Next() {
		r := mentoring.Response{PartnershipID: id}
		var received, rid, ps, pe string
		if err := rows.Scan(&r.ID, &received, &r.Method, &r.Attendee, &r.PartStat, &rid, &ps, &pe, &r.Comment, &r.State, &r.Raw); err != nil {
			return nil, fmt.Errorf("list responses: %w", err)
		}
		r.Received, _ = time.Parse(timeFormat, received)
		r.RecurrenceID, _ = time.Parse(time.RFC3339, rid)
		r.ProposedStart, _ = time.Parse(time.RFC3339, ps)
		r.ProposedEnd, _ = time.Parse(time.RFC3339, pe)
		out = append(out, r)
	}
	return out, rows.Err()
}

// AcceptCounter applies a counter-proposal: for one session it moves that
// session; for the whole series it moves the cadence to the proposed
// weekday and time (read in the series' anchor zone). The caller then
// sends the updated REQUEST.
func (s *Store) AcceptCounter(ctx context.Context, responseID int64) error {
	r, err := s.response(ctx, responseID)
	if err != nil {
		return err
	}
	if r.Method != ics.MethodCounter || r.State != "open" {
		return fmt.Errorf("accept counter: response %d is not an open counter-proposal", responseID)
	}
	if !r.RecurrenceID.IsZero() {
		if err := s.MoveSession(ctx, r.PartnershipID, r.RecurrenceID, r.ProposedStart); err != nil {
			return fmt.Errorf("accept counter: %w", err)
		}
	} else {
		p, err := s.GetPartnership(ctx, r.PartnershipID)
		if err != nil {
			return err
		}
		c, err := s.GetSchedule(ctx, r.PartnershipID)
		if err != nil {
			return err
		}
		me, partner, err := p.People()
		if err != nil {
			return err
		}
		start := r.ProposedStart.In(c.AnchorZone(me.Zone, partner.Zone))
		c.At = calendar.ClockOf(start)
		c.From = calendar.DateOf(start)
		if c.Unit == calendar.Weekly && len(c.Days) == 1 || c.Unit == calendar.Monthly {
			c.Days = []time.Weekday{start.Weekday()}
		}
		if m := int(r.ProposedEnd.Sub(r.ProposedStart) / time.Minute); m >= calendar.MinMinutes && m <= calendar.MaxMinutes {
			c.Minutes = m
		}
		if err := s.SetSchedule(ctx, r.PartnershipID, c); err != nil {
			return fmt.Errorf("accept counter: %w", err)
		}
	}
	return s.setResponseState(ctx, responseID, "accepted")
}

// DeclineCounter builds the DECLINECOUNTER answering response responseID
// and marks the response declined. The caller delivers the bytes.
func (s *Store) DeclineCounter(ctx context.Context, responseID int64, comment string, now time.Time) ([]byte, error) {
	r, err := s.response(ctx, responseID)
	if err != nil {
		return nil, err
	}
	if r.Method != ics.MethodCounter || r.State != "open" {
		return nil, fmt.Errorf("decline counter: response %d is not an open counter-proposal", responseID)
	}
	msg, err := ics.ParseITIP([]byte(r.Raw))
	if err != nil {
		return nil, fmt.Errorf("decline counter: %w", err)
	}
	out, err := s.PrepareInvite(ctx, r.PartnershipID, mentoring.MethodRequest, nil, now)
	if err != nil {
		return nil, err
	}
	st, err := s.Invite(ctx, r.PartnershipID)
	if err != nil {
		return nil, err
	}
	series := out.Series
	series.Sequence = st.Sequence
	b, err := ics.DeclineCounter(series, msg, comment)
	if err != nil {
		return nil, fmt.Errorf("decline counter: %w", err)
	}
	return b, s.setResponseState(ctx, responseID, "declined")
}

func (s *Store) response(ctx context.Context, id int64) (mentoring.Response, error) {
	var pid int64
	if err := s.db.QueryRowContext(ctx, `SELECT partnership_id FROM invite_response WHERE id = ?`, id).Scan(&pid); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return mentoring.Response{}, fmt.Errorf("response %d: %w", id, ErrNotFound)
		}
		return mentoring.Response{}, err
	}
	all, err := s.Responses(ctx, pid)
	if err != nil {
		return mentoring.Response{}, err
	}
	for _, r := range all {
		if r.ID == id {
			return r, nil
		}
	}
	return mentoring.Response{}, fmt.Errorf("response %d: %w", id, ErrNotFound)
}

func (s *Store) setResponseState(ctx context.Context, id int64, state string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE invite_response SET state = ? WHERE id = ?`, state, id)
	return err
}
