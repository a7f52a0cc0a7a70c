package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/twoway-app/twoway/internal/mentoring"
)

// ErrOwnInvite is returned when the user joins an invite they organize.
var ErrOwnInvite = errors.New("this invitation is your own: you organize this partnership")

// ErrStaleInvite is returned when an invite is older (a lower SEQUENCE)
// than the one already joined; nothing changes.
var ErrStaleInvite = errors.New("this invitation is older than the one already joined")

// JoinPartnership stores the partnership j describes, keyed by its series
// UID: the first time it is created (created true), later the same
// partnership takes the organizer's newer people, rules, cadence and
// exceptions, keeping what is the user's own (agenda, topics, logs). All
// in one transaction: a refused join changes nothing.
func (s *Store) JoinPartnership(ctx context.Context, j mentoring.Joined) (id int64, created bool, err error) {
	p := j.Partnership
	p.Normalize()
	if err := p.Validate(); err != nil {
		return 0, false, err
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var role mentoring.Role
		var seq int
		err := tx.QueryRowContext(ctx, `SELECT p.id, p.role, i.sequence FROM invite i JOIN partnership p ON p.id = i.partnership_id
			WHERE i.uid = ?`, j.UID).Scan(&id, &role, &seq)
		now := time.Now().UTC().Format(timeFormat)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			created = true
			res, err := tx.ExecContext(ctx, `INSERT INTO partnership (title,
				me_name, me_email, me_zone, me_hours_start, me_hours_end,
				partner_name, partner_email, partner_zone, partner_hours_start, partner_hours_end,
				rule_confidentiality, rule_positive_tone, rule_no_time_wasting,
				starts_on, ends_on, video_link, rotate_lead, first_lead, role, created_at, updated_at)
				VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, p.Title,
				p.Me.Name, p.Me.Email, p.Me.Zone, p.Me.Hours.Start, p.Me.Hours.End,
				p.Partner.Name, p.Partner.Email, p.Partner.Zone, p.Partner.Hours.Start, p.Partner.Hours.End,
				p.Rules.Confidentiality, p.Rules.PositiveTone, p.Rules.NoTimeWasting,
				p.From.String(), p.Until.String(), p.Link, p.RotateLead, p.FirstLeader(), mentoring.RoleAttendee, now, now)
			if err != nil {
				return err
			}
			if id, err = res.LastInsertId(); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO invite (partnership_id, uid, sent, sequence, method, fingerprint)
				VALUES (?, ?, 1, ?, ?, ?)`, id, j.UID, j.Sequence, mentoring.MethodRequest, j.Fingerprint); err != nil {
				return err
			}
		case err != nil:
			return err
		case role != mentoring.RoleAttendee:
			return ErrOwnInvite
		case j.Sequence < seq:
			return fmt.Errorf("sequence %d, joined %d: %w", j.Sequence, seq, ErrStaleInvite)
		default:
			if _, err := tx.ExecContext(ctx, `UPDATE partnership SET title=?,
				me_name=?, me_email=?, me_zone=?, me_hours_start=?, me_hours_end=?,
				partner_name=?, partner_email=?, partner_zone=?, partner_hours_start=?, partner_hours_end=?,
				rule_confidentiality=?, rule_positive_tone=?, rule_no_time_wasting=?,
				starts_on=?, ends_on=?, video_link=?, rotate_lead=?, first_lead=?, updated_at=? WHERE id=?`, p.Title,
				p.Me.Name, p.Me.Email, p.Me.Zone, p.Me.Hours.Start, p.Me.Hours.End,
				p.Partner.Name, p.Partner.Email, p.Partner.Zone, p.Partner.Hours.Start, p.Partner.Hours.End,
				p.Rules.Confidentiality, p.Rules.PositiveTone, p.Rules.NoTimeWasting,
				p.From.String(), p.Until.String(), p.Link, p.RotateLead, p.FirstLeader(), now, id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM partnership_item WHERE partnership_id = ?`, id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM session_exception WHERE partnership_id = ?`, id); err != nil {
				return err
			}
			// A new REQUEST revives a cancelled series (RFC 5546 3.2.2).
			if _, err := tx.ExecContext(ctx, `UPDATE invite SET sequence = ?, fingerprint = ?, cancelled = 0 WHERE partnership_id = ?`,
				j.Sequence, j.Fingerprint, id); err != nil {
				return err
			}
		}
		p.ID = id
		if err := writeItems(ctx, tx, &p); err != nil {
			return err
		}
		if err := putSchedule(ctx, tx, id, j.Cadence); err != nil {
			return err
		}
		for _, e := range j.Exceptions {
			if err := s.putException(ctx, tx, id, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, false, fmt.Errorf("join partnership: %w", err)
	}
	return id, created, nil
}

// CancelJoined applies the organizer's CANCEL to the partnership joined
// from series uid: the one session original (skipped) or, with original
// zero, the whole series. An older cancellation than the invite joined
// changes nothing.
func (s *Store) CancelJoined(ctx context.Context, uid string, sequence int, original time.Time) (id int64, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var role mentoring.Role
		var seq int
		err := tx.QueryRowContext(ctx, `SELECT p.id, p.role, i.sequence FROM invite i JOIN partnership p ON p.id = i.partnership_id
			WHERE i.uid = ?`, uid).Scan(&id, &role, &seq)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("series %s: %w", uid, ErrNotFound)
		case err != nil:
			return err
		case role != mentoring.RoleAttendee:
			return ErrOwnInvite
		case sequence < seq:
			return fmt.Errorf("sequence %d, joined %d: %w", sequence, seq, ErrStaleInvite)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE invite SET sequence = ?, cancelled = ? WHERE partnership_id = ?`,
			sequence, original.IsZero(), id); err != nil {
			return err
		}
		if original.IsZero() {
			return nil
		}
		return s.putException(ctx, tx, id, mentoring.Exception{Original: original, Skipped: true})
	})
	if err != nil {
		return 0, fmt.Errorf("cancellation from the organizer: %w", err)
	}
	return id, nil
}
