package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/twoway-app/twoway/calendar"
)

// Outcome is what became of one session.
type Outcome string

const (
	// OutcomePlanned is a session still to come, or past but not logged.
	OutcomePlanned Outcome = ""
	OutcomeHeld    Outcome = "held"
	OutcomeSkipped Outcome = "skipped"
	OutcomeMoved   Outcome = "moved"
)

// ParseOutcome accepts what a user types for a logged session.
func ParseOutcome(s string) (Outcome, error) {
	switch o := Outcome(strings.ToLower(strings.TrimSpace(s))); o {
	case OutcomeHeld, OutcomeSkipped, OutcomeMoved:
		return o, nil
	}
	return "", fmt.Errorf("%q is not held, skipped or moved", s)
}

// Coverage is one topic a session covered and who led that part.
type Coverage struct {
	TopicID int64
	LedBy   Side
}

// ActionItem is something one partner agreed to do before a later session.
// Open items carry over from session to session until done.
type ActionItem struct {
	ID            int64
	PartnershipID int64
	Text          string
	Owner         Side
	Due           calendar.Date
	// RaisedIn is the original start of the session that raised it (zero
	// for items added outside a session); DoneIn the one that closed it.
	RaisedIn time.Time
	Done     bool
	DoneIn   time.Time
	Created  time.Time
}

// Validate checks an action item's fields.
func (a *ActionItem) Validate() error {
	a.Text = strings.TrimSpace(a.Text)
	var errs []FieldError
	if msg := checkText(a.Text, maxActionText, true); msg != "" {
		errs = append(errs, FieldError{"action", msg})
	}
	if a.Owner != SideMe && a.Owner != SidePartner {
		errs = append(errs, FieldError{"owner", fmt.Sprintf("%q is not me or partner", a.Owner)})
	}
	if errs != nil {
		return &ValidationError{Fields: errs}
	}
	return nil
}

// SessionLog is what the user records about one session.
type SessionLog struct {
	// Original is the start the cadence gives the session; it names the
	// session even after a move.
	Original time.Time
	Outcome  Outcome
	// MovedTo is the new start when Outcome is OutcomeMoved.
	MovedTo time.Time
	Leader  Side
	// Minutes is how long the session ran; 0 means as planned.
	Minutes int
	// Notes are private unless NotesShared: only shared notes go into the
	// invite and the history shared with the partner.
	Notes             string
	NotesShared       bool
	MyReflection      string
	PartnerReflection string
	Covered           []Coverage
	// NewActions are action items raised in this session; Closed the ids of
	// open items the session finished.
	NewActions []ActionItem
	Closed     []int64
}

// Session is one occurrence of a partnership's series with what was
// recorded about it.
type Session struct {
	// Original identifies the session; Start and End are when it takes
	// place (moved or not).
	Original, Start, End time.Time
	Outcome              Outcome
	// Planned is the leader the rotation gives this session.
	Planned Side
	// Logged is set when anything was recorded; the fields below are then
	// filled.
	Logged            bool
	Leader            Side
	Minutes           int
	Notes             string
	NotesShared       bool
	MyReflection      string
	PartnerReflection string
	Covered           []Coverage
	// PlannedTopics are the topics the agenda planned for it.
	PlannedTopics []int64
	// Orphan marks a logged session the current cadence no longer has.
	Orphan bool
}

// Past reports whether s has started by now.
func (s Session) Past(now time.Time) bool { return !s.Start.After(now) }

// Length is how long s ran or will run.
func (s Session) Length() time.Duration {
	if s.Minutes > 0 {
		return time.Duration(s.Minutes) * time.Minute
	}
	return s.End.Sub(s.Start)
}

// Limits on a session's free text.
const maxReflection = 2000

func (l *SessionLog) validate() error {
	var errs []FieldError
	l.Notes = normalizeAgenda(l.Notes)
	l.MyReflection = normalizeAgenda(l.MyReflection)
	l.PartnerReflection = normalizeAgenda(l.PartnerReflection)
	switch l.Outcome {
	case OutcomeHeld, OutcomeSkipped:
	case OutcomeMoved:
		if l.MovedTo.IsZero() {
			errs = append(errs, FieldError{"moved_to", "is required for a moved session"})
		}
	default:
		errs = append(errs, FieldError{"outcome", fmt.Sprintf("%q is not held, skipped or moved", l.Outcome)})
	}
	switch l.Leader {
	case "", SideMe, SidePartner:
	default:
		errs = append(errs, FieldError{"leader", fmt.Sprintf("%q is not me or partner", l.Leader)})
	}
	if l.Minutes < 0 || l.Minutes > 24*60 {
		errs = append(errs, FieldError{"minutes", "must be between 0 and 1440"})
	}
	if msg := checkLong(l.Notes, maxNotes); msg != "" {
		errs = append(errs, FieldError{"notes", msg})
	}
	if msg := checkLong(l.MyReflection, maxReflection); msg != "" {
		errs = append(errs, FieldError{"my_reflection", msg})
	}
	if msg := checkLong(l.PartnerReflection, maxReflection); msg != "" {
		errs = append(errs, FieldError{"partner_reflection", msg})
	}
	for _, c := range l.Covered {
		if c.LedBy != SideMe && c.LedBy != SidePartner && c.LedBy != SideBoth {
			errs = append(errs, FieldError{"covered", fmt.Sprintf("topic %d: %q is not me, partner or both", c.TopicID, c.LedBy)})
		}
	}
	for i := range l.NewActions {
		if err := l.NewActions[i].Validate(); err != nil {
			var ve *ValidationError
			errors.As(err, &ve)
			errs = append(errs, ve.Fields...)
		}
	}
	if errs != nil {
		return &ValidationError{Fields: errs}
	}
	return nil
}

// LogSession records what became of one session, all or nothing: a skip
// or a move also changes the series the invite carries, covered topics
// that had not started become in progress, new action items are added and
// closed ones marked done.
func (s *Store) LogSession(ctx context.Context, id int64, l SessionLog) error {
	if err := l.validate(); err != nil {
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
		return fmt.Errorf("log session %s: %w", orig, ErrNotASession)
	}
	now := time.Now().UTC().Format(timeFormat)
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		switch l.Outcome {
		case OutcomeSkipped:
			if err := s.putException(ctx, tx, id, Exception{Original: l.Original, Skipped: true}); err != nil {
				return err
			}
		case OutcomeMoved:
			if err := s.putException(ctx, tx, id, Exception{Original: l.Original, Start: l.MovedTo,
				End: l.MovedTo.Add(c.Duration())}); err != nil {
				return err
			}
		case OutcomeHeld:
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
			id, orig, l.Outcome == OutcomeHeld, string(l.Leader), l.Minutes, l.Notes, l.NotesShared,
			l.MyReflection, l.PartnerReflection, planned, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM session_topic WHERE partnership_id = ? AND original_start = ?`, id, orig); err != nil {
			return err
		}
		for _, cv := range l.Covered {
			var owner int64
			if err := tx.QueryRowContext(ctx, `SELECT partnership_id FROM topic WHERE id = ?`, cv.TopicID).Scan(&owner); err != nil || owner != id {
				return &ValidationError{Fields: []FieldError{{"covered", fmt.Sprintf("topic %d is not one of this partnership's topics", cv.TopicID)}}}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO session_topic (partnership_id, original_start, topic_id, led_by)
				VALUES (?,?,?,?) ON CONFLICT DO UPDATE SET led_by = excluded.led_by`, id, orig, cv.TopicID, string(cv.LedBy)); err != nil {
				return err
			}
			if l.Outcome == OutcomeHeld {
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
		for _, aid := range l.Closed {
			res, err := tx.ExecContext(ctx, `UPDATE action_item SET done = 1, done_in = ? WHERE id = ? AND partnership_id = ?`, orig, aid, id)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return &ValidationError{Fields: []FieldError{{"closed", fmt.Sprintf("action item %d is not one of this partnership's", aid)}}}
			}
		}
		return nil
	})
	if err != nil {
		if IsValidation(err) {
			return err
		}
		return fmt.Errorf("log session %s: %w", orig, err)
	}
	return nil
}

// isSession reports whether original is a session of the cadence or one
// logged earlier (a cadence change must not orphan what was recorded).
func (s *Store) isSession(ctx context.Context, p Partnership, c calendar.Cadence, original time.Time) (bool, error) {
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

func insertAction(ctx context.Context, db execer, a *ActionItem, now string) (int64, error) {
	res, err := db.ExecContext(ctx, `INSERT INTO action_item (partnership_id, raised_in, text, owner, due, done, done_in, created_at)
		VALUES (?,?,?,?,?,?,?,?)`, a.PartnershipID, rfc3339(a.RaisedIn), a.Text, string(a.Owner), a.Due.String(),
		a.Done, rfc3339(a.DoneIn), now)
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
func (s *Store) AddActionItem(ctx context.Context, a *ActionItem) (int64, error) {
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
	res, err := s.db.ExecContext(ctx, `UPDATE action_item SET done = ?, done_in = CASE WHEN ? THEN done_in ELSE '' END WHERE id = ?`,
		done, done, actionID)
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
func (s *Store) ActionItems(ctx context.Context, id int64) ([]ActionItem, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, text, owner, due, raised_in, done, done_in, created_at
		FROM action_item WHERE partnership_id = ? ORDER BY done, due = '', due, id`, id)
	if err != nil {
		return nil, fmt.Errorf("list action items of partnership %d: %w", id, err)
	}
	defer rows.Close()
	var out []ActionItem
	for rows.Next() {
		a := ActionItem{PartnershipID: id}
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
func (s *Store) Sessions(ctx context.Context, id int64) ([]Session, error) {
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
	return mergeSessions(p, occs, exc, logs), nil
}

// mergeSessions joins the cadence's occurrences with skips, moves and
// logs, and gives each session its leader under the rotation.
func mergeSessions(p Partnership, occs []calendar.Occurrence, exc []Exception, logs map[string]Session) []Session {
	excBy := make(map[string]Exception, len(exc))
	for _, e := range exc {
		excBy[rfc3339(e.Original)] = e
	}
	out := make([]Session, 0, len(occs)+len(logs))
	seen := make(map[string]bool, len(occs))
	for _, o := range occs {
		key := rfc3339(o.Start)
		seen[key] = true
		ss := Session{Original: o.Start, Start: o.Start, End: o.End}
		if l, ok := logs[key]; ok {
			l.Original, l.Start, l.End = ss.Original, ss.Start, ss.End
			ss = l
		}
		if e, ok := excBy[key]; ok {
			if e.Skipped {
				ss.Outcome = OutcomeSkipped
			} else {
				ss.Start, ss.End = e.Start, e.End
				if ss.Outcome != OutcomeHeld {
					ss.Outcome = OutcomeMoved
				}
			}
		}
		out = append(out, ss)
	}
	for key, l := range logs {
		if seen[key] {
			continue
		}
		l.Orphan = true
		out = append(out, l)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	// The rotation counts the sessions that take place, so a skip does not
	// hand the same person two in a row.
	turn := 0
	for i := range out {
		if !p.RotateLead || out[i].Outcome == OutcomeSkipped {
			continue
		}
		out[i].Planned = p.firstLead()
		if turn%2 == 1 {
			out[i].Planned = p.firstLead().Other()
		}
		turn++
	}
	return out
}

func (s *Store) sessionLogs(ctx context.Context, id int64) (map[string]Session, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT original_start, held, leader, minutes, notes, notes_shared,
		my_reflection, partner_reflection, planned_topics FROM session_log WHERE partnership_id = ?`, id)
	if err != nil {
		return nil, fmt.Errorf("session logs of partnership %d: %w", id, err)
	}
	defer rows.Close()
	out := map[string]Session{}
	for rows.Next() {
		var key, planned string
		var held bool
		ss := Session{Logged: true}
		if err := rows.Scan(&key, &held, &ss.Leader, &ss.Minutes, &ss.Notes, &ss.NotesShared,
			&ss.MyReflection, &ss.PartnerReflection, &planned); err != nil {
			return nil, fmt.Errorf("session logs of partnership %d: %w", id, err)
		}
		if held {
			ss.Outcome = OutcomeHeld
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
		var cv Coverage
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
	agenda = normalizeAgenda(agenda)
	if msg := CheckAgenda(agenda); msg != "" {
		return &ValidationError{Fields: []FieldError{{Field: "agenda", Message: msg}}}
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
