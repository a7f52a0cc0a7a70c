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

// sessionAt checks that original is a session of id's schedule, so no
// row names a session the series does not have.
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
	ok, err := mentoring.IsSession(c, c.AnchorZone(me.Zone, partner.Zone), original)
	if err != nil {
		return c, err
	}
	if !ok {
		return c, fmt.Errorf("%s: %w", original.UTC().Format(time.RFC3339), mentoring.ErrNotASession)
	}
	return c, nil
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
		cancelled, partstat, replied_at, sent_via FROM invite WHERE partnership_id = ?`, id).Scan(
		&st.UID, &st.Sent, &st.Sequence, &st.Method, &sentAt, &st.SentICS, &st.Fingerprint,
		&st.Cancelled, &st.PartStat, &repliedAt, &st.Via)
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

// RecordSent notes that out really reached the partner (or was saved for
// them), so the next message continues from its SEQUENCE.
func (s *Store) RecordSent(ctx context.Context, out mentoring.Outgoing, now time.Time) error {
	if out.Method == mentoring.MethodReply || out.Method == mentoring.MethodCounter {
		// The attendee's answer: the series and its SEQUENCE stay the
		// organizer's; what the user answered the whole series is kept.
		q := `UPDATE invite SET replied_at = ?, sent_via = ? WHERE partnership_id = ?`
		args := []any{now.UTC().Format(timeFormat), out.Via, out.PartnershipID}
		if out.Method == mentoring.MethodReply && out.Instance == nil {
			q = `UPDATE invite SET replied_at = ?, sent_via = ?, partstat = ? WHERE partnership_id = ?`
			args = []any{args[0], args[1], out.PartStat, out.PartnershipID}
		}
		if _, err := s.db.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("record answer: %w", err)
		}
		return nil
	}
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
			sent_at = ?, sent_ics = ?, cancelled = ?, sent_via = ? WHERE partnership_id = ?`,
			out.Sequence, out.Method, fp, now.UTC().Format(timeFormat), string(out.ICS), cancelled, out.Via, out.PartnershipID); err != nil {
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

// Response returns the answer responseID.
func (s *Store) Response(ctx context.Context, responseID int64) (mentoring.Response, error) {
	r := mentoring.Response{ID: responseID}
	var received, rid, ps, pe string
	err := s.db.QueryRowContext(ctx, `SELECT partnership_id, received_at, method, attendee, partstat, recurrence_id,
		proposed_start, proposed_end, comment, state, raw FROM invite_response WHERE id = ?`, responseID).Scan(
		&r.PartnershipID, &received, &r.Method, &r.Attendee, &r.PartStat, &rid, &ps, &pe, &r.Comment, &r.State, &r.Raw)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("response %d: %w", responseID, ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("response %d: %w", responseID, err)
	}
	r.Received, _ = time.Parse(timeFormat, received)
	r.RecurrenceID, _ = time.Parse(time.RFC3339, rid)
	r.ProposedStart, _ = time.Parse(time.RFC3339, ps)
	r.ProposedEnd, _ = time.Parse(time.RFC3339, pe)
	return r, nil
}

// ApplyCounter records an accepted counter-proposal in one transaction: the
// response becomes accepted (only if it is still open) and the change the
// domain worked out (mentoring.AcceptCounter) is made to the series.
func (s *Store) ApplyCounter(ctx context.Context, r mentoring.Response, ch mentoring.CounterChange) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := answerCounter(ctx, tx, r.ID, mentoring.ResponseAccepted); err != nil {
			return err
		}
		switch {
		case ch.Move != nil:
			return s.putException(ctx, tx, r.PartnershipID, *ch.Move)
		case ch.Cadence != nil:
			return putSchedule(ctx, tx, r.PartnershipID, *ch.Cadence)
		}
		return nil
	})
}

// DeclinedCounter records that the user's refusal of counter-proposal
// responseID reached the partner. Until then the response stays open.
func (s *Store) DeclinedCounter(ctx context.Context, responseID int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		return answerCounter(ctx, tx, responseID, mentoring.ResponseDeclined)
	})
}

// answerCounter moves an open counter-proposal to state; a response that is
// not open (answered meanwhile, or a reply) is refused.
func answerCounter(ctx context.Context, tx *sql.Tx, responseID int64, state string) error {
	res, err := tx.ExecContext(ctx, `UPDATE invite_response SET state = ? WHERE id = ? AND method = 'COUNTER' AND state = ?`,
		state, responseID, mentoring.ResponseOpen)
	if err != nil {
		return fmt.Errorf("answer counter %d: %w", responseID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("answer counter: response %d: %w", responseID, mentoring.ErrNotOpenCounter)
	}
	return nil
}
