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

const topicColumns = `id, partnership_id, title, teacher, status, notes, resources, created_at, updated_at, uid, added_by`

func scanTopic(sc interface{ Scan(...any) error }) (mentoring.Topic, error) {
	var t mentoring.Topic
	var res, created, updated string
	if err := sc.Scan(&t.ID, &t.PartnershipID, &t.Title, &t.Teacher, &t.Status, &t.Notes, &res, &created, &updated,
		&t.UID, &t.AddedBy); err != nil {
		return t, err
	}
	if res != "" {
		t.Resources = strings.Split(res, "\n")
	}
	t.Created, _ = time.Parse(timeFormat, created)
	t.Updated, _ = time.Parse(timeFormat, updated)
	return t, nil
}

// Topics lists partnership id's topics in the pair's order.
func (s *Store) Topics(ctx context.Context, id int64) ([]mentoring.Topic, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+topicColumns+` FROM topic
		WHERE partnership_id = ? ORDER BY position, id`, id)
	if err != nil {
		return nil, fmt.Errorf("list topics of partnership %d: %w", id, err)
	}
	defer rows.Close()
	var out []mentoring.Topic
	for rows.Next() {
		t, err := scanTopic(rows)
		if err != nil {
			return nil, fmt.Errorf("list topics of partnership %d: %w", id, err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list topics of partnership %d: %w", id, err)
	}
	return out, nil
}

// GetTopic returns one topic, or ErrNotFound.
func (s *Store) GetTopic(ctx context.Context, topicID int64) (mentoring.Topic, error) {
	t, err := scanTopic(s.db.QueryRowContext(ctx, `SELECT `+topicColumns+` FROM topic WHERE id = ?`, topicID))
	if errors.Is(err, sql.ErrNoRows) {
		return t, fmt.Errorf("topic %d: %w", topicID, ErrNotFound)
	}
	if err != nil {
		return t, fmt.Errorf("get topic %d: %w", topicID, err)
	}
	return t, nil
}

// AddTopic validates t and appends it to its partnership's topics.
func (s *Store) AddTopic(ctx context.Context, t *mentoring.Topic) (int64, error) {
	if err := t.Validate(); err != nil {
		return 0, err
	}
	now := time.Now().UTC().Format(timeFormat)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		var next sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT count(*), max(position) + 1 FROM topic WHERE partnership_id = ?`,
			t.PartnershipID).Scan(&n, &next); err != nil {
			return err
		}
		if n >= mentoring.MaxTopics {
			return mentoring.Invalid("title", mentoring.CodeTopicLimit, mentoring.Args{"Max": mentoring.MaxTopics})
		}
		if t.UID == "" {
			t.UID = newUID()
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO topic (partnership_id, position, title, teacher, status,
			notes, resources, created_at, updated_at, uid, added_by)
			VALUES (?,?,?,?,?,?,?,?,?,?,coalesce((SELECT me_email FROM partnership WHERE id = ?), ''))`,
			t.PartnershipID, next.Int64, t.Title, t.Teacher, t.Status, t.Notes, strings.Join(t.Resources, "\n"), now, now,
			t.UID, t.PartnershipID)
		if err != nil {
			if isForeignKey(err) {
				return fmt.Errorf("partnership %d: %w", t.PartnershipID, ErrNotFound)
			}
			return err
		}
		t.ID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		if mentoring.IsValidation(err) {
			return 0, err
		}
		return 0, fmt.Errorf("add topic: %w", err)
	}
	return t.ID, nil
}

// UpdateTopic validates t and replaces the stored topic t.ID (its
// partnership and position stay).
func (s *Store) UpdateTopic(ctx context.Context, t *mentoring.Topic) error {
	if err := t.Validate(); err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, `UPDATE topic SET title=?, teacher=?, status=?, notes=?, resources=?, updated_at=?
		WHERE id=?`, t.Title, t.Teacher, t.Status, t.Notes, strings.Join(t.Resources, "\n"),
		time.Now().UTC().Format(timeFormat), t.ID)
	if err != nil {
		return fmt.Errorf("update topic %d: %w", t.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("update topic %d: %w", t.ID, ErrNotFound)
	}
	return nil
}

// SetTopicStatus moves one topic to status.
func (s *Store) SetTopicStatus(ctx context.Context, topicID int64, status mentoring.TopicStatus) error {
	t, err := s.GetTopic(ctx, topicID)
	if err != nil {
		return err
	}
	t.Status = status
	return s.UpdateTopic(ctx, &t)
}

// DeleteTopic removes a topic; sessions that covered it no longer list it.
func (s *Store) DeleteTopic(ctx context.Context, topicID int64) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM topic WHERE id = ?`, topicID)
	if err != nil {
		return fmt.Errorf("delete topic %d: %w", topicID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("delete topic %d: %w", topicID, ErrNotFound)
	}
	return nil
}

// ReorderTopics sets partnership id's topic order to ids, which must be
// exactly its topics.
func (s *Store) ReorderTopics(ctx context.Context, id int64, ids []int64) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM topic WHERE partnership_id = ?`, id).Scan(&n); err != nil {
			return err
		}
		if n != len(ids) {
			return fmt.Errorf("got %d topics, the partnership has %d", len(ids), n)
		}
		seen := make(map[int64]bool, len(ids))
		for i, tid := range ids {
			if seen[tid] {
				return fmt.Errorf("topic %d listed twice", tid)
			}
			seen[tid] = true
			res, err := tx.ExecContext(ctx, `UPDATE topic SET position = ? WHERE id = ? AND partnership_id = ?`, i, tid, id)
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k == 0 {
				return fmt.Errorf("topic %d: %w", tid, ErrNotFound)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("reorder topics of partnership %d: %w", id, err)
	}
	return nil
}

// MoveTopic moves one topic by delta places (-1 up, +1 down), clamped.
func (s *Store) MoveTopic(ctx context.Context, topicID int64, delta int) error {
	t, err := s.GetTopic(ctx, topicID)
	if err != nil {
		return err
	}
	all, err := s.Topics(ctx, t.PartnershipID)
	if err != nil {
		return err
	}
	ids := make([]int64, len(all))
	at := 0
	for i, x := range all {
		ids[i] = x.ID
		if x.ID == topicID {
			at = i
		}
	}
	to := min(max(at+delta, 0), len(ids)-1)
	if to == at {
		return nil
	}
	id := ids[at]
	ids = append(ids[:at], ids[at+1:]...)
	ids = append(ids[:to], append([]int64{id}, ids[to:]...)...)
	return s.ReorderTopics(ctx, t.PartnershipID, ids)
}

// SeedTopics proposes a topic for each thing a partner wants to learn that
// the pair has no topic for yet, taught by the other partner. It returns
// how many it added. Seeding twice adds nothing new.
func (s *Store) SeedTopics(ctx context.Context, id int64) (int, error) {
	p, err := s.GetPartnership(ctx, id)
	if err != nil {
		return 0, err
	}
	have, err := s.Topics(ctx, id)
	if err != nil {
		return 0, err
	}
	known := map[string]bool{}
	for _, t := range have {
		known[strings.ToLower(t.Title)] = true
	}
	added := 0
	for _, w := range []struct {
		wants   []string
		teacher mentoring.Side
	}{{p.Me.Wants, mentoring.SidePartner}, {p.Partner.Wants, mentoring.SideMe}} {
		for _, title := range w.wants {
			if known[strings.ToLower(strings.TrimSpace(title))] {
				continue
			}
			t := mentoring.Topic{PartnershipID: id, Title: title, Teacher: w.teacher, Status: mentoring.TopicProposed}
			if _, err := s.AddTopic(ctx, &t); err != nil {
				return added, fmt.Errorf("seed topic %q: %w", title, err)
			}
			known[strings.ToLower(t.Title)] = true
			added++
		}
	}
	return added, nil
}
