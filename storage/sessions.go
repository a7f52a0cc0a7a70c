package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/mentoring"
)

// LogSession records what became of one session, all or nothing: a skip
// or a move also changes the series the invite carries, covered topics
// that had not started become in progress, new action items are added and
// closed ones marked done.
func (s *Store) LogSession(ctx context.Context, id int64, l mentoring.SessionLog) error {
	if err := l.Validate(); err != nil {
		return err
	}
	p, err := s.GetPartnership(ctx, id)
	if err != nil {
		return err
	}
	c, err := s.GetSchedule(ctx, id)
	if err != nil {
		return fmt.Errorf("log session: %w", err)
	}
	orig := rfc3339(l.Original)
	known, err := s.isSession(ctx, p, c, l.Original)
	if err != nil {
		return err
	}
	if !known {
		return fmt.Errorf("log session %s: %w", orig, mentoring.ErrNotASession)
	}
	now := time.Now().UTC().Format(timeFormat)
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		switch l.Outcome {
		case mentoring.OutcomeSkipped:
			if err := s.putException(ctx, tx, id, mentoring.Exception{Original: l.Original, Skipped: true}); err != nil {
				return err
			}
		case mentoring.OutcomeMoved:
			if err := s.putException(ctx, tx, id, mentoring.Exception{Original: l.Original, Start: l.MovedTo,
				End: l.MovedTo.Add(c.Duration())}); err != nil {
				return err
			}
		case mentoring.OutcomeHeld:
			// A session held after all is no longer skipped; a moved one
			// keeps its new time.
			if _, err := tx.ExecContext(ctx, `DELETE FROM session_exception WHERE partnership_id = ?
				AND original_start = ? AND kind = 'skipped'`, id, orig); err != nil {
				return err
			}
		}
		var planned string
		if err := tx.QueryRowContext(ctx, `SELECT planned_topics FROM session_log WHERE partnership_id = ? AND original_start = ?`,
			id, orig).Scan(&planned); errors.Is(err, sql.ErrNoRows) {
			// First time this session is logged: it was planned by the
			// agenda as it stands.
			if err := tx.QueryRowContext(ctx, `SELECT agenda_topics FROM partnership WHERE id = ?`, id).Scan(&planned); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO session_log (partnership_id, original_start, held, leader, minutes,
			notes, notes_shared, my_reflection, partner_reflection, planned_topics, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (partnership_id, original_start) DO UPDATE SET
			held=excluded.held, leader=excluded.leader, minutes=excluded.minutes, notes=excluded.notes,
			notes_shared=excluded.notes_shared, my_reflection=excluded.my_reflection,
			partner_reflection=excluded.partner_reflection, updated_at=excluded.updated_at`,
			id, orig, l.Outcome == mentoring.OutcomeHeld, string(l.Leader), l.Minutes, l.Notes, l.NotesShared,
			l.MyReflection, l.PartnerReflection, planned, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM session_topic WHERE partnership_id = ? AND original_start = ?`, id, orig); err != nil {
			return err
		}
		for _, cv := range l.Covered {
			var owner int64
			if err := tx.QueryRowContext(ctx, `SELECT partnership_id FROM topic WHERE id = ?`, cv.TopicID).Scan(&owner); err != nil || owner != id {
				return mentoring.Invalid("covered", mentoring.CodeNotInPair, mentoring.Args{"Kind": "topic", "ID": cv.TopicID})
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO session_topic (partnership_id, original_start, topic_id, led_by)
				VALUES (?,?,?,?) ON CONFLICT DO UPDATE SET led_by = excluded.led_by`, id, orig, cv.TopicID, string(cv.LedBy)); err != nil {
				return err
			}
			if l.Outcome == mentoring.OutcomeHeld {
				if _, err := tx.ExecContext(ctx, `UPDATE topic SET status = 'in_progress', updated_at = ?
					WHERE id = ? AND status IN ('proposed', 'agreed')`, now, cv.TopicID); err != nil {
					return err
				}
			}
		}
		for _, a := range l.NewActions {
			a.PartnershipID, a.RaisedIn = id, l.Original
			if _, err := insertAction(ctx, tx, &a, now); err != nil {
				return err
			}
		}
		for _, aid := range l.Reopened {
			res, err := tx.ExecContext(ctx, `UPDATE action_item SET done = 0, done_in = '', updated_at = ? WHERE id = ? AND partnership_id = ?`, now, aid, id)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return mentoring.Invalid("reopened", mentoring.CodeNotInPair, mentoring.Args{"Kind": "action item", "ID": aid})
			}
		}
		for _, aid := range l.Closed {
			res, err := tx.ExecContext(ctx, `UPDATE action_item SET done = 1, done_in = ?, updated_at = ? WHERE id = ? AND partnership_id = ?`, orig, now, aid, id)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return mentoring.Invalid("closed", mentoring.CodeNotInPair, mentoring.Args{"Kind": "action item", "ID": aid})
			}
		}
		return nil
	})
	if err != nil {
		if mentoring.IsValidation(err) {
			return err
		}
		return fmt.Errorf("log session %s: %w", orig, err)
	}
	return nil
}

// isSession reports whether original is a session of the cadence or one
// logged earlier (a cadence change must not orphan what was recorded).
func (s *Store) isSession(ctx context.Context, p mentoring.Partnership, c calendar.Cadence, original time.Time) (bool, error) {
	me, partner, err := p.People()
	if err != nil {
		return false, err
	}
	occs, err := c.Expand(c.AnchorZone(me.Zone, partner.Zone))
	if err != nil {
		return false, err
	}
	for _, o := range occs {
		if o.Start.Equal(original) {
			return true, nil
		}
	}
	var n int
	err = s.db.QueryRowContext(ctx, `SELECT count(*) FROM session_log WHERE partnership_id = ? AND original_start = ?`,
		p.ID, rfc3339(original)).Scan(&n)
	return n > 0, err
}

// ClearSessionLog forgets what was recorded about one session (its skip or
// move stays; RestoreSession undoes those).
func (s *Store) ClearSessionLog(ctx context.Context, id int64, original time.Time) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM session_log WHERE partnership_id = ? AND original_start = ?`, id, rfc3339(original))
	if err != nil {
		return fmt.Errorf("clear session log: %w", err)
	}
	return nil
}

func insertAction(ctx context.Context, db execer, a *mentoring.ActionItem, now string) (int64, error) {
	if a.UID == "" {
		a.UID = newUID()
	}
	res, err := db.ExecContext(ctx, `INSERT INTO action_item (partnership_id, raised_in, text, owner, due, done, done_in, created_at,
		uid, added_by, updated_at)
		VALUES (?,?,?,?,?,?,?,?,?,coalesce((SELECT me_email FROM partnership WHERE id = ?), ''),?)`, a.PartnershipID, rfc3339(a.RaisedIn), a.Text, string(a.Owner), a.Due.String(),
		a.Done, rfc3339(a.DoneIn), now, a.UID, a.PartnershipID, now)
	if err != nil {
		if isForeignKey(err) {
			return 0, fmt.Errorf("partnership %d: %w", a.PartnershipID, ErrNotFound)
		}
		return 0, err
	}
	a.ID, err = res.LastInsertId()
	return a.ID, err
}

// AddActionItem adds an action item outside a session.
func (s *Store) AddActionItem(ctx context.Context, a *mentoring.ActionItem) (int64, error) {
	if err := a.Validate(); err != nil {
		return 0, err
	}
	id, err := insertAction(ctx, s.db, a, time.Now().UTC().Format(timeFormat))
	if err != nil {
		return 0, fmt.Errorf("add action item: %w", err)
	}
	return id, nil
}

// SetActionDone marks one action item done or open again.
func (s *Store) SetActionDone(ctx context.Context, actionID int64, done bool) error {
	res, err := s.db.ExecContext(ctx, `UPDATE action_item SET done = ?, done_in = CASE WHEN ? THEN done_in ELSE '' END,
		updated_at = ? WHERE id = ?`, done, done, time.Now().UTC().Format(timeFormat), actionID)
	if err != nil {
		return fmt.Errorf("update action item %d: %w", actionID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("action item %d: %w", actionID, ErrNotFound)
	}
	return nil
}

// DeleteActionItem removes one action item.
func (s *Store) DeleteActionItem(ctx context.Context, actionID int64) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM action_item WHERE id = ?`, actionID)
	if err != nil {
		return fmt.Errorf("delete action item %d: %w", actionID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("action item %d: %w", actionID, ErrNotFound)
	}
	return nil
}

// ActionItems lists partnership id's action items, open ones first, each
// group by due date.
func (s *Store) ActionItems(ctx context.Context, id int64) ([]mentoring.ActionItem, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, text, owner, due, raised_in, done, done_in, created_at
		FROM action_item WHERE partnership_id = ? ORDER BY done, due = '', due, id`, id)
	if err != nil {
		return nil, fmt.Errorf("list action items of partnership %d: %w", id, err)
	}
	defer rows.Close()
	var out []mentoring.ActionItem
	for rows.Next() {
		a := mentoring.ActionItem{PartnershipID: id}
		var due, raised, doneIn, created string
		if err := rows.Scan(&a.ID, &a.Text, &a.Owner, &due, &raised, &a.Done, &doneIn, &created); err != nil {
			return nil, fmt.Errorf("list action items of partnership %d: %w", id, err)
		}
		a.Due, _ = parseDate(due)
		a.RaisedIn, _ = time.Parse(time.RFC3339, raised)
		a.DoneIn, _ = time.Parse(time.RFC3339, doneIn)
		a.Created, _ = time.Parse(timeFormat, created)
		out = append(out, a)
	}
	return out, rows.Err()
}

// Sessions lists every session of partnership id: each occurrence of its
// cadence with its skip, move and log, plus logged sessions a later change
// of cadence dropped. Without a schedule it lists only what was logged.
func (s *Store) Sessions(ctx context.Context, id int64) ([]mentoring.Session, error) {
	p, err := s.GetPartnership(ctx, id)
	if err != nil {
		return nil, err
	}
	var occs []calendar.Occurrence
	c, err := s.GetSchedule(ctx, id)
	switch {
	case errors.Is(err, ErrNotFound):
	case err != nil:
		return nil, err
	default:
		me, partner, err := p.People()
		if err != nil {
			return nil, err
		}
		if occs, err = c.Expand(c.AnchorZone(me.Zone, partner.Zone)); err != nil {
			return nil, fmt.Errorf("sessions of partnership %d: %w", id, err)
		}
	}
	exc, err := s.Exceptions(ctx, id)
	if err != nil {
		return nil, err
	}
	logs, err := s.sessionLogs(ctx, id)
	if err != nil {
		return nil, err
	}
	// A logged session the cadence no longer has ran for the minutes
	// logged, else for as long as the sessions of the cadence do.
	for key, l := range logs {
		if l.Minutes == 0 && c.Minutes > 0 {
			l.End = l.Start.Add(c.Duration())
			logs[key] = l
		}
	}
	return mentoring.MergeSessions(p, occs, exc, logs), nil
}

func (s *Store) sessionLogs(ctx context.Context, id int64) (map[string]mentoring.Session, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT original_start, held, leader, minutes, notes, notes_shared,
		my_reflection, partner_reflection, planned_topics FROM session_log WHERE partnership_id = ?`, id)
	if err != nil {
		return nil, fmt.Errorf("session logs of partnership %d: %w", id, err)
	}
	defer rows.Close()
	out := map[string]mentoring.Session{}
	for rows.Next() {
		var key, planned string
		var held bool
		ss := mentoring.Session{Logged: true}
		if err := rows.Scan(&key, &held, &ss.Leader, &ss.Minutes, &ss.Notes, &ss.NotesShared,
			&ss.MyReflection, &ss.PartnerReflection, &planned); err != nil {
			return nil, fmt.Errorf("session logs of partnership %d: %w", id, err)
		}
		if held {
			ss.Outcome = mentoring.OutcomeHeld
		}
		ss.Original, _ = time.Parse(time.RFC3339, key)
		ss.Start = ss.Original
		ss.End = ss.Original.Add(time.Duration(ss.Minutes) * time.Minute)
		ss.PlannedTopics = parseIDs(planned)
		out[key] = ss
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("session logs of partnership %d: %w", id, err)
	}
	rows, err = s.db.QueryContext(ctx, `SELECT st.original_start, st.topic_id, st.led_by FROM session_topic st
		JOIN topic t ON t.id = st.topic_id WHERE st.partnership_id = ? ORDER BY t.position, t.id`, id)
	if err != nil {
		return nil, fmt.Errorf("covered topics of partnership %d: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		var cv mentoring.Coverage
		if err := rows.Scan(&key, &cv.TopicID, &cv.LedBy); err != nil {
			return nil, fmt.Errorf("covered topics of partnership %d: %w", id, err)
		}
		ss := out[key]
		ss.Covered = append(ss.Covered, cv)
		out[key] = ss
	}
	return out, rows.Err()
}

func parseIDs(s string) []int64 {
	var out []int64
	for _, f := range strings.Fields(s) {
		if n, err := strconv.ParseInt(f, 10, 64); err == nil {
			out = append(out, n)
		}
	}
	return out
}

func formatIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, " ")
}

// SetAgendaPlan replaces the next session's agenda text and the topics it
// plans, so that topics left uncovered can be carried over next time.
func (s *Store) SetAgendaPlan(ctx context.Context, id int64, agenda string, topics []int64) error {
	agenda = mentoring.NormalizeText(agenda)
	if p := mentoring.CheckAgenda(agenda); p != nil {
		return mentoring.Invalid("agenda", p.Code, p.Args)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE partnership SET agenda = ?, agenda_topics = ?, updated_at = ? WHERE id = ?`,
		agenda, formatIDs(topics), time.Now().UTC().Format(timeFormat), id)
	if err != nil {
		return fmt.Errorf("set agenda of partnership %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("set agenda: partnership %d: %w", id, ErrNotFound)
	}
	return nil
}

// AgendaTopics returns the topics the next session's agenda plans.
func (s *Store) AgendaTopics(ctx context.Context, id int64) ([]int64, error) {
	var ids string
	err := s.db.QueryRowContext(ctx, `SELECT agenda_topics FROM partnership WHERE id = ?`, id).Scan(&ids)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("partnership %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("agenda topics of partnership %d: %w", id, err)
	}
	return parseIDs(ids), nil
}
