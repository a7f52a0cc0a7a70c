package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/twoway-app/twoway/internal/mentoring"
)

// Share returns where partnership id's record is shared, or ErrNotFound.
func (s *Store) Share(ctx context.Context, id int64) (mentoring.Share, error) {
	sh := mentoring.Share{PartnershipID: id}
	var last string
	err := s.db.QueryRowContext(ctx, `SELECT server_url, username, calendar_path, component, sync_token, last_synced, last_error
		FROM share WHERE partnership_id = ?`, id).Scan(&sh.ServerURL, &sh.Username, &sh.Calendar, &sh.Component,
		&sh.SyncToken, &last, &sh.LastError)
	if errors.Is(err, sql.ErrNoRows) {
		return sh, fmt.Errorf("share of partnership %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return sh, fmt.Errorf("share of partnership %d: %w", id, err)
	}
	sh.LastSynced, _ = time.Parse(timeFormat, last)
	return sh, nil
}

// SetShare records where partnership id's record is shared. Choosing
// another calendar forgets what was synced with the old one.
func (s *Store) SetShare(ctx context.Context, sh mentoring.Share) error {
	if sh.Component == "" {
		sh.Component = "VJOURNAL"
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var url, cal string
		err := tx.QueryRowContext(ctx, `SELECT server_url, calendar_path FROM share WHERE partnership_id = ?`,
			sh.PartnershipID).Scan(&url, &cal)
		if err == nil && (url != sh.ServerURL || cal != sh.Calendar) {
			if _, err := tx.ExecContext(ctx, `DELETE FROM shared_object WHERE partnership_id = ?`, sh.PartnershipID); err != nil {
				return err
			}
			sh.SyncToken = ""
		} else if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO share (partnership_id, server_url, username, calendar_path, component,
			sync_token, last_synced, last_error) VALUES (?,?,?,?,?,?,?,?)
			ON CONFLICT (partnership_id) DO UPDATE SET server_url=excluded.server_url, username=excluded.username,
			calendar_path=excluded.calendar_path, component=excluded.component, sync_token=excluded.sync_token,
			last_synced=excluded.last_synced, last_error=excluded.last_error`,
			sh.PartnershipID, sh.ServerURL, sh.Username, sh.Calendar, sh.Component, sh.SyncToken,
			timeText(sh.LastSynced), sh.LastError)
		if isForeignKey(err) {
			return ErrNotFound
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("share partnership %d: %w", sh.PartnershipID, err)
	}
	return nil
}

// SyncState records the outcome of a sync: the server's new sync token
// (kept when token is nil), when, and the error ("" when it worked).
func (s *Store) SyncState(ctx context.Context, id int64, token *string, at time.Time, syncErr string) error {
	q := `UPDATE share SET last_synced = ?, last_error = ? WHERE partnership_id = ?`
	args := []any{timeText(at), syncErr, id}
	if token != nil {
		q = `UPDATE share SET last_synced = ?, last_error = ?, sync_token = ? WHERE partnership_id = ?`
		args = []any{timeText(at), syncErr, *token, id}
	}
	if _, err := s.db.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("record sync of partnership %d: %w", id, err)
	}
	return nil
}

func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeFormat)
}

// SyncObjects lists partnership id's shared objects as last synced.
func (s *Store) SyncObjects(ctx context.Context, id int64) ([]mentoring.SyncObject, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT uid, kind, path, etag, base FROM shared_object
		WHERE partnership_id = ? ORDER BY uid`, id)
	if err != nil {
		return nil, fmt.Errorf("shared objects of partnership %d: %w", id, err)
	}
	defer rows.Close()
	var out []mentoring.SyncObject
	for rows.Next() {
		var o mentoring.SyncObject
		var base string
		if err := rows.Scan(&o.UID, &o.Kind, &o.Path, &o.ETag, &base); err != nil {
			return nil, fmt.Errorf("shared objects of partnership %d: %w", id, err)
		}
		o.Base = []byte(base)
		out = append(out, o)
	}
	return out, rows.Err()
}

// Record reads everything partnership id shares with the partner, in one
// snapshot, first giving a UID to topics and action items made before
// sharing existed.
func (s *Store) Record(ctx context.Context, id int64) (mentoring.Record, error) {
	var r mentoring.Record
	if err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, table := range []string{"topic", "action_item"} {
			rows, err := tx.QueryContext(ctx, `SELECT id FROM `+table+` WHERE partnership_id = ? AND uid = ''`, id)
			if err != nil {
				return err
			}
			var ids []int64
			for rows.Next() {
				var rid int64
				if err := rows.Scan(&rid); err != nil {
					rows.Close()
					return err
				}
				ids = append(ids, rid)
			}
			rows.Close()
			for _, rid := range ids {
				if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET uid = ?,
					added_by = CASE WHEN added_by = '' THEN (SELECT me_email FROM partnership WHERE id = ?) ELSE added_by END
					WHERE id = ?`, newUID(), id, rid); err != nil {
					return err
				}
			}
		}
		return nil
	}); err != nil {
		return r, fmt.Errorf("record of partnership %d: %w", id, err)
	}
	err := s.read(ctx, func(v *Store) error {
		var err error
		if r.Partnership, err = v.GetPartnership(ctx, id); err != nil {
			return err
		}
		if r.Topics, err = v.recordTopics(ctx, id); err != nil {
			return err
		}
		if r.Actions, err = v.recordActions(ctx, id); err != nil {
			return err
		}
		r.Logs, err = v.recordLogs(ctx, id)
		return err
	})
	if err != nil {
		return r, fmt.Errorf("record of partnership %d: %w", id, err)
	}
	return r, nil
}

func (s *Store) recordTopics(ctx context.Context, id int64) ([]mentoring.Topic, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+topicColumns+` FROM topic
		WHERE partnership_id = ? ORDER BY position, id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []mentoring.Topic
	for rows.Next() {
		var t mentoring.Topic
		var res, created, updated string
		if err := rows.Scan(&t.ID, &t.PartnershipID, &t.Title, &t.Teacher, &t.Status, &t.Notes, &res, &created, &updated,
			&t.UID, &t.AddedBy); err != nil {
			return nil, err
		}
		if res != "" {
			t.Resources = strings.Split(res, "\n")
		}
		t.Created, _ = time.Parse(timeFormat, created)
		t.Updated, _ = time.Parse(timeFormat, updated)
		out = append(out, t)
	}
	return out, rows.Err()
}

func (s *Store) recordActions(ctx context.Context, id int64) ([]mentoring.ActionItem, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, text, owner, due, raised_in, done, done_in, created_at, uid, added_by, updated_at
		FROM action_item WHERE partnership_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []mentoring.ActionItem
	for rows.Next() {
		a := mentoring.ActionItem{PartnershipID: id}
		var due, raised, doneIn, created, updated string
		if err := rows.Scan(&a.ID, &a.Text, &a.Owner, &due, &raised, &a.Done, &doneIn, &created, &a.UID, &a.AddedBy, &updated); err != nil {
			return nil, err
		}
		a.Due, _ = parseDate(due)
		a.RaisedIn, _ = time.Parse(time.RFC3339, raised)
		a.DoneIn, _ = time.Parse(time.RFC3339, doneIn)
		a.Created, _ = time.Parse(timeFormat, created)
		a.Updated, _ = time.Parse(timeFormat, updated)
		if a.Updated.IsZero() {
			a.Updated = a.Created
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func (s *Store) recordLogs(ctx context.Context, id int64) ([]mentoring.LogRecord, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT original_start, held, leader, minutes, notes, notes_shared, shared_notes,
		my_reflection, partner_reflection, updated_at FROM session_log WHERE partnership_id = ? ORDER BY original_start`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []mentoring.LogRecord
	idx := map[string]int{}
	for rows.Next() {
		var l mentoring.LogRecord
		var orig, updated string
		if err := rows.Scan(&orig, &l.Held, &l.Leader, &l.Minutes, &l.Notes, &l.NotesShared, &l.SharedNotes,
			&l.MyReflection, &l.PartnerReflection, &updated); err != nil {
			return nil, err
		}
		l.Original, _ = time.Parse(time.RFC3339, orig)
		l.Updated, _ = time.Parse(timeFormat, updated)
		idx[orig] = len(out)
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	cov, err := s.db.QueryContext(ctx, `SELECT st.original_start, st.topic_id, st.led_by, t.uid FROM session_topic st
		JOIN topic t ON t.id = st.topic_id WHERE st.partnership_id = ? ORDER BY st.original_start, t.uid`, id)
	if err != nil {
		return nil, err
	}
	defer cov.Close()
	for cov.Next() {
		var orig string
		var c mentoring.Coverage
		if err := cov.Scan(&orig, &c.TopicID, &c.LedBy, &c.TopicUID); err != nil {
			return nil, err
		}
		if i, ok := idx[orig]; ok {
			out[i].Covered = append(out[i].Covered, c)
		}
	}
	return out, cov.Err()
}

// ApplyRecord changes partnership id's record as a sync decided, all or
// nothing: a failure leaves the local data as it was.
func (s *Store) ApplyRecord(ctx context.Context, id int64, ch mentoring.RecordChange) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error { return applyRecord(ctx, tx, id, ch) })
	if err != nil {
		return fmt.Errorf("apply the shared record to partnership %d: %w", id, err)
	}
	return nil
}

// SyncVersions returns the count of changes to partnership id's shared
// record (every write to what it is made of, by whichever path: schema
// migration 12) and the count the last completed sync left it at, -1 when
// none did. Equal counts mean nothing changed here since that sync.
func (s *Store) SyncVersions(ctx context.Context, id int64) (record, synced int64, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT record_version, synced_version FROM share WHERE partnership_id = ?`,
		id).Scan(&record, &synced)
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	if err != nil {
		return 0, 0, fmt.Errorf("sync versions of partnership %d: %w", id, err)
	}
	return record, synced, nil
}

// ApplySyncedRecord is ApplyRecord for a sync that read the record at
// change count from (SyncVersions). It returns the count the record is in
// step with the server at afterwards: the new count when nothing but ch
// changed the record since from, else from itself, so that an edit made
// here while the sync ran is never taken as synced.
func (s *Store) ApplySyncedRecord(ctx context.Context, id int64, ch mentoring.RecordChange, from int64) (int64, error) {
	out := from
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		const q = `SELECT record_version FROM share WHERE partnership_id = ?`
		var before int64
		if err := tx.QueryRowContext(ctx, q, id).Scan(&before); err != nil {
			return err
		}
		if err := applyRecord(ctx, tx, id, ch); err != nil {
			return err
		}
		if before != from {
			return nil
		}
		return tx.QueryRowContext(ctx, q, id).Scan(&out)
	})
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	if err != nil {
		return from, fmt.Errorf("apply the shared record to partnership %d: %w", id, err)
	}
	return out, nil
}

// SetSyncedVersion records that a sync completed with partnership id's
// record at change count version (from ApplySyncedRecord or SyncVersions).
func (s *Store) SetSyncedVersion(ctx context.Context, id int64, version int64) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE share SET synced_version = ? WHERE partnership_id = ?`, version, id); err != nil {
		return fmt.Errorf("record the synced version of partnership %d: %w", id, err)
	}
	return nil
}

func applyRecord(ctx context.Context, tx *sql.Tx, id int64, ch mentoring.RecordChange) error {
	now := time.Now().UTC().Format(timeFormat)
	if p := ch.Profile; p != nil {
		p.ID = id
		if _, err := tx.ExecContext(ctx, `UPDATE partnership SET title=?,
			me_name=?, me_email=?, me_zone=?, me_hours_start=?, me_hours_end=?,
			partner_name=?, partner_email=?, partner_zone=?, partner_hours_start=?, partner_hours_end=?,
			rule_confidentiality=?, rule_positive_tone=?, rule_no_time_wasting=?,
			starts_on=?, ends_on=?, video_link=?, updated_at=? WHERE id=?`, p.Title,
			p.Me.Name, p.Me.Email, p.Me.Zone, p.Me.Hours.Start, p.Me.Hours.End,
			p.Partner.Name, p.Partner.Email, p.Partner.Zone, p.Partner.Hours.Start, p.Partner.Hours.End,
			p.Rules.Confidentiality, p.Rules.PositiveTone, p.Rules.NoTimeWasting,
			p.From.String(), p.Until.String(), p.Link, now, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM partnership_item WHERE partnership_id = ?`, id); err != nil {
			return err
		}
		if err := writeItems(ctx, tx, p); err != nil {
			return err
		}
	}
	for _, uid := range ch.DeleteTopics {
		if _, err := tx.ExecContext(ctx, `DELETE FROM topic WHERE partnership_id = ? AND uid = ?`, id, uid); err != nil {
			return err
		}
	}
	for _, t := range ch.PutTopics {
		res, err := tx.ExecContext(ctx, `UPDATE topic SET title=?, teacher=?, status=?, notes=?, resources=?, added_by=?, updated_at=?
			WHERE partnership_id = ? AND uid = ?`, t.Title, t.Teacher, t.Status, t.Notes, strings.Join(t.Resources, "\n"),
			t.AddedBy, timeText(t.Updated), id, t.UID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO topic (partnership_id, position, title, teacher, status,
				notes, resources, created_at, updated_at, uid, added_by)
				VALUES (?, coalesce((SELECT max(position) + 1 FROM topic WHERE partnership_id = ?), 0), ?,?,?,?,?,?,?,?,?)`,
				id, id, t.Title, t.Teacher, t.Status, t.Notes, strings.Join(t.Resources, "\n"), now, timeText(t.Updated),
				t.UID, t.AddedBy); err != nil {
				return err
			}
		}
	}
	for _, uid := range ch.DeleteActions {
		if _, err := tx.ExecContext(ctx, `DELETE FROM action_item WHERE partnership_id = ? AND uid = ?`, id, uid); err != nil {
			return err
		}
	}
	for _, a := range ch.PutActions {
		res, err := tx.ExecContext(ctx, `UPDATE action_item SET text=?, owner=?, due=?, raised_in=?, done=?, done_in=?,
			added_by=?, updated_at=? WHERE partnership_id = ? AND uid = ?`, a.Text, string(a.Owner), a.Due.String(),
			rfc3339(a.RaisedIn), a.Done, rfc3339(a.DoneIn), a.AddedBy, timeText(a.Updated), id, a.UID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO action_item (partnership_id, raised_in, text, owner, due, done,
				done_in, created_at, uid, added_by, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
				id, rfc3339(a.RaisedIn), a.Text, string(a.Owner), a.Due.String(), a.Done, rfc3339(a.DoneIn), now,
				a.UID, a.AddedBy, timeText(a.Updated)); err != nil {
				return err
			}
		}
	}
	for _, orig := range ch.DeleteLogs {
		if _, err := tx.ExecContext(ctx, `DELETE FROM session_log WHERE partnership_id = ? AND original_start = ?`,
			id, rfc3339(orig)); err != nil {
			return err
		}
	}
	for _, l := range ch.PutLogs {
		orig := rfc3339(l.Original)
		if _, err := tx.ExecContext(ctx, `INSERT INTO session_log (partnership_id, original_start, held, leader, minutes,
			notes, notes_shared, shared_notes, my_reflection, partner_reflection, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (partnership_id, original_start) DO UPDATE SET
			held=excluded.held, leader=excluded.leader, minutes=excluded.minutes, notes=excluded.notes,
			notes_shared=excluded.notes_shared, shared_notes=excluded.shared_notes, my_reflection=excluded.my_reflection,
			partner_reflection=excluded.partner_reflection, updated_at=excluded.updated_at`,
			id, orig, l.Held, string(l.Leader), l.Minutes, l.Notes, l.NotesShared, l.SharedNotes,
			l.MyReflection, l.PartnerReflection, timeText(l.Updated)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM session_topic WHERE partnership_id = ? AND original_start = ?`, id, orig); err != nil {
			return err
		}
		for _, c := range l.Covered {
			// By UID: the topic may have arrived in this same change.
			if _, err := tx.ExecContext(ctx, `INSERT INTO session_topic (partnership_id, original_start, topic_id, led_by)
				SELECT ?, ?, id, ? FROM topic WHERE partnership_id = ? AND uid = ?
				ON CONFLICT DO UPDATE SET led_by = excluded.led_by`, id, orig, string(c.LedBy), id, c.TopicUID); err != nil {
				return err
			}
		}
	}
	for _, uid := range ch.DeleteObjects {
		if _, err := tx.ExecContext(ctx, `DELETE FROM shared_object WHERE partnership_id = ? AND uid = ?`, id, uid); err != nil {
			return err
		}
	}
	for _, o := range ch.PutObjects {
		if _, err := tx.ExecContext(ctx, `INSERT INTO shared_object (partnership_id, uid, kind, path, etag, base)
			VALUES (?,?,?,?,?,?) ON CONFLICT (partnership_id, uid) DO UPDATE SET kind=excluded.kind, path=excluded.path,
			etag=excluded.etag, base=excluded.base`, id, o.UID, o.Kind, o.Path, o.ETag, string(o.Base)); err != nil {
			return err
		}
	}
	return nil
}

// TopicIDs maps partnership id's topic UIDs to their local ids.
func (s *Store) TopicIDs(ctx context.Context, id int64) (map[string]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT uid, id FROM topic WHERE partnership_id = ? AND uid != ''`, id)
	if err != nil {
		return nil, fmt.Errorf("topic ids of partnership %d: %w", id, err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var uid string
		var tid int64
		if err := rows.Scan(&uid, &tid); err != nil {
			return nil, err
		}
		out[uid] = tid
	}
	return out, rows.Err()
}

// Shares lists every partnership's share, by partnership id.
func (s *Store) Shares(ctx context.Context) ([]mentoring.Share, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT partnership_id FROM share ORDER BY partnership_id`)
	if err != nil {
		return nil, fmt.Errorf("list shares: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list shares: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	out := make([]mentoring.Share, 0, len(ids))
	for _, id := range ids {
		sh, err := s.Share(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, sh)
	}
	return out, nil
}

// PartnershipIDs lists the ids of every partnership.
func (s *Store) PartnershipIDs(ctx context.Context) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM partnership ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list partnerships: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("list partnerships: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
