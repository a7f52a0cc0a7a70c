package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/pool"
)

// ErrExists is returned when a pool name or a member's email is taken.
var ErrExists = errors.New("already exists")

func isUnique(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey)
}

// joinLines and splitLines keep a list in one column, an entry a line
// (entries are single lines: pool.Person.Normalize collapses spaces).
func joinLines(l []string) string { return strings.Join(l, "\n") }

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// Pools lists the pools by name, with how many people and running pairs
// each has.
func (s *Store) Pools(ctx context.Context) ([]pool.Summary, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.name,
		(SELECT count(*) FROM pool_person WHERE pool_id = p.id),
		(SELECT count(*) FROM pool_pair WHERE pool_id = p.id AND ended_at = '')
		FROM pool p ORDER BY p.name COLLATE NOCASE, p.id`)
	if err != nil {
		return nil, fmt.Errorf("list pools: %w", err)
	}
	defer rows.Close()
	var out []pool.Summary
	for rows.Next() {
		var p pool.Summary
		if err := rows.Scan(&p.ID, &p.Name, &p.People, &p.Paired); err != nil {
			return nil, fmt.Errorf("list pools: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list pools: %w", err)
	}
	return out, nil
}

// PoolID returns the id of the pool called name (ignoring case), or
// ErrNotFound.
func (s *Store) PoolID(ctx context.Context, name string) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT id FROM pool WHERE name = ? COLLATE NOCASE`, strings.TrimSpace(name)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("pool %q: %w", name, ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("find pool %q: %w", name, err)
	}
	return id, nil
}

// CreatePool makes an empty pool called name with the synonym groups a
// new pool starts from; ErrExists when the name is taken.
func (s *Store) CreatePool(ctx context.Context, name string, synonyms [][]string) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = createPool(ctx, tx, name, synonyms)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("create pool %q: %w", name, err)
	}
	return id, nil
}

func createPool(ctx context.Context, tx *sql.Tx, name string, synonyms [][]string) (int64, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return 0, mentoring.Invalid("pool", mentoring.CodeRequired, nil)
	}
	now := time.Now().UTC().Format(timeFormat)
	res, err := tx.ExecContext(ctx, `INSERT INTO pool (name, created_at, updated_at) VALUES (?,?,?)`, name, now, now)
	if isUnique(err) {
		return 0, ErrExists
	}
	if err != nil {
		return 0, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	return id, putSynonyms(ctx, tx, id, synonyms)
}

// DeletePool removes a pool, its people and rules. The partnerships made
// from it stay.
func (s *Store) DeletePool(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM pool WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete pool %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("delete pool %d: %w", id, ErrNotFound)
	}
	return nil
}

// Pool loads pool id with its people (in the order they joined), synonym
// groups, rules and running pairs. Past holds the stored past partners and
// every pair that ever became a partnership.
func (s *Store) Pool(ctx context.Context, id int64) (pool.Pool, error) {
	var p pool.Pool
	err := s.read(ctx, func(v *Store) error {
		var err error
		p, err = v.loadPool(ctx, id)
		return err
	})
	return p, err
}

func (s *Store) loadPool(ctx context.Context, id int64) (pool.Pool, error) {
	p := pool.Pool{ID: id}
	err := s.db.QueryRowContext(ctx, `SELECT name FROM pool WHERE id = ?`, id).Scan(&p.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("pool %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return p, fmt.Errorf("get pool %d: %w", id, err)
	}
	if p.People, err = s.poolPeople(ctx, id); err != nil {
		return p, err
	}
	if p.Synonyms, err = s.Synonyms(ctx, id); err != nil {
		return p, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT kind, email_a, email_b FROM pool_rule WHERE pool_id = ? ORDER BY kind, email_a, email_b`, id)
	if err != nil {
		return p, fmt.Errorf("rules of pool %d: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var pr pool.Pair
		if err := rows.Scan(&kind, &pr.A, &pr.B); err != nil {
			return p, fmt.Errorf("rules of pool %d: %w", id, err)
		}
		switch pool.Rule(kind) {
		case pool.RuleLocked:
			p.Locked = append(p.Locked, pr)
		case pool.RuleForbidden:
			p.Forbidden = append(p.Forbidden, pr)
		case pool.RulePast:
			p.Past = append(p.Past, pr)
		}
	}
	if err := rows.Err(); err != nil {
		return p, fmt.Errorf("rules of pool %d: %w", id, err)
	}
	links, err := s.PoolLinks(ctx, id)
	if err != nil {
		return p, err
	}
	for _, l := range links {
		p.Past = append(p.Past, l.Pair)
		if !l.Ended {
			p.Paired = append(p.Paired, pool.Accepted{Pair: l.Pair, PartnershipID: l.PartnershipID})
		}
	}
	return p, nil
}

func (s *Store) poolPeople(ctx context.Context, id int64) ([]pool.Person, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, email, zone, hours_start, hours_end, offers, wants, languages
		FROM pool_person WHERE pool_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("people of pool %d: %w", id, err)
	}
	defer rows.Close()
	var out []pool.Person
	for rows.Next() {
		var m pool.Person
		var offers, wants, langs string
		if err := rows.Scan(&m.ID, &m.Name, &m.Email, &m.Zone, &m.Hours.Start, &m.Hours.End, &offers, &wants, &langs); err != nil {
			return nil, fmt.Errorf("people of pool %d: %w", id, err)
		}
		m.Offers, m.Wants, m.Languages = splitLines(offers), splitLines(wants), splitLines(langs)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("people of pool %d: %w", id, err)
	}
	return out, nil
}

// ImportPool adds people to the pool called name, creating it (with
// synonyms) when there is none, in one transaction: a member whose email
// the pool has is replaced, keeping their place. Every person is
// validated first; nothing is written when one is invalid.
func (s *Store) ImportPool(ctx context.Context, name string, synonyms [][]string, people []pool.Person) (id int64, added, updated int, err error) {
	checked, err := pool.Pool{People: people}.Check()
	if err != nil {
		return 0, 0, 0, err
	}
	for i := range people {
		if ps := checked[i]; len(ps) > 0 {
			return 0, 0, 0, &mentoring.ValidationError{Fields: ps}
		}
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT id FROM pool WHERE name = ? COLLATE NOCASE`, strings.TrimSpace(name)).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			id, err = createPool(ctx, tx, name, synonyms)
		}
		if err != nil {
			return err
		}
		for i := range people {
			isNew, err := putPerson(ctx, tx, id, &people[i], "")
			if err != nil {
				return err
			}
			if isNew {
				added++
			} else {
				updated++
			}
		}
		return touchPool(ctx, tx, id)
	})
	if err != nil {
		return 0, 0, 0, fmt.Errorf("import into pool %q: %w", name, err)
	}
	return id, added, updated, nil
}

// putPerson stores m in pool id: it replaces the member with email
// replace (or, when replace is "", with m's own email) and adds m
// otherwise. It reports whether m was added.
func putPerson(ctx context.Context, tx *sql.Tx, poolID int64, m *pool.Person, replace string) (bool, error) {
	if replace == "" {
		replace = m.Email
	}
	args := []any{m.Name, m.Email, pool.Key(m.Email), m.Zone, int(m.Hours.Start), int(m.Hours.End),
		joinLines(m.Offers), joinLines(m.Wants), joinLines(m.Languages)}
	res, err := tx.ExecContext(ctx, `UPDATE pool_person SET name=?, email=?, email_key=?, zone=?, hours_start=?, hours_end=?,
		offers=?, wants=?, languages=? WHERE pool_id = ? AND email_key = ?`, append(args, poolID, pool.Key(replace))...)
	if isUnique(err) {
		return false, ErrExists
	}
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return false, tx.QueryRowContext(ctx, `SELECT id FROM pool_person WHERE pool_id = ? AND email_key = ?`, poolID, pool.Key(m.Email)).Scan(&m.ID)
	}
	res, err = tx.ExecContext(ctx, `INSERT INTO pool_person (name, email, email_key, zone, hours_start, hours_end,
		offers, wants, languages, pool_id) VALUES (?,?,?,?,?,?,?,?,?,?)`, append(args, poolID)...)
	if isUnique(err) {
		return false, ErrExists
	}
	if isForeignKey(err) {
		return false, fmt.Errorf("pool %d: %w", poolID, ErrNotFound)
	}
	if err != nil {
		return false, err
	}
	m.ID, err = res.LastInsertId()
	return true, err
}

func touchPool(ctx context.Context, tx *sql.Tx, id int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE pool SET updated_at = ? WHERE id = ?`, time.Now().UTC().Format(timeFormat), id)
	return err
}

// AddPoolPerson validates m and adds them to pool id; ErrExists when the
// pool has their email.
func (s *Store) AddPoolPerson(ctx context.Context, id int64, m *pool.Person) error {
	m.Normalize()
	if err := m.Validate(); err != nil {
		return err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM pool_person WHERE pool_id = ? AND email_key = ?`, id, pool.Key(m.Email)).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return mentoring.Invalid(pool.FieldEmail, pool.CodeDuplicate, mentoring.Args{"Value": m.Email, "Row": 0})
		}
		if _, err := putPerson(ctx, tx, id, m, ""); err != nil {
			return err
		}
		return touchPool(ctx, tx, id)
	})
	if err != nil {
		if mentoring.IsValidation(err) {
			return err
		}
		return fmt.Errorf("add %s to pool %d: %w", m.Email, id, err)
	}
	return nil
}

// UpdatePoolPerson validates m and replaces the member of pool id whose
// email is email (m may change it); ErrNotFound when there is none.
func (s *Store) UpdatePoolPerson(ctx context.Context, id int64, email string, m *pool.Person) error {
	m.Normalize()
	if err := m.Validate(); err != nil {
		return err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM pool_person WHERE pool_id = ? AND email_key = ?`, id, pool.Key(email)).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return ErrNotFound
		}
		if _, err := putPerson(ctx, tx, id, m, email); err != nil {
			if errors.Is(err, ErrExists) {
				return mentoring.Invalid(pool.FieldEmail, pool.CodeDuplicate, mentoring.Args{"Value": m.Email, "Row": 0})
			}
			return err
		}
		return touchPool(ctx, tx, id)
	})
	if err != nil {
		if mentoring.IsValidation(err) {
			return err
		}
		return fmt.Errorf("update %s in pool %d: %w", email, id, err)
	}
	return nil
}

// RemovePoolPerson removes the member with email from pool id, and the
// rules that name them; ErrNotFound when there is none.
func (s *Store) RemovePoolPerson(ctx context.Context, id int64, email string) error {
	k := pool.Key(email)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM pool_person WHERE pool_id = ? AND email_key = ?`, id, k)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM pool_rule WHERE pool_id = ? AND kind = 'locked' AND (email_a = ? OR email_b = ?)`, id, k, k); err != nil {
			return err
		}
		return touchPool(ctx, tx, id)
	})
	if err != nil {
		return fmt.Errorf("remove %s from pool %d: %w", email, id, err)
	}
	return nil
}

// Synonyms are pool id's synonym groups, in order.
func (s *Store) Synonyms(ctx context.Context, id int64) ([][]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT words FROM pool_synonym WHERE pool_id = ? ORDER BY position`, id)
	if err != nil {
		return nil, fmt.Errorf("synonyms of pool %d: %w", id, err)
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		var w string
		if err := rows.Scan(&w); err != nil {
			return nil, fmt.Errorf("synonyms of pool %d: %w", id, err)
		}
		out = append(out, splitLines(w))
	}
	return out, rows.Err()
}

// SetSynonyms replaces pool id's synonym groups. Empty words and groups
// of fewer than two words are dropped: they mean nothing.
func (s *Store) SetSynonyms(ctx context.Context, id int64, groups [][]string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM pool WHERE id = ?`, id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM pool_synonym WHERE pool_id = ?`, id); err != nil {
			return err
		}
		return putSynonyms(ctx, tx, id, groups)
	})
	if err != nil {
		return fmt.Errorf("set synonyms of pool %d: %w", id, err)
	}
	return nil
}

func putSynonyms(ctx context.Context, tx *sql.Tx, id int64, groups [][]string) error {
	pos := 0
	for _, g := range groups {
		var words []string
		for _, w := range g {
			if w = strings.Join(strings.Fields(w), " "); w != "" {
				words = append(words, w)
			}
		}
		if len(words) < 2 {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO pool_synonym (pool_id, position, words) VALUES (?,?,?)`, id, pos, joinLines(words)); err != nil {
			return err
		}
		pos++
	}
	return nil
}

// SetPoolRule records (on) or drops (off) a rule about a pair of pool id.
// Setting a rule twice changes nothing.
func (s *Store) SetPoolRule(ctx context.Context, id int64, kind pool.Rule, pr pool.Pair, on bool) error {
	pr = pool.MakePair(pr.A, pr.B)
	var err error
	if on {
		_, err = s.db.ExecContext(ctx, `INSERT INTO pool_rule (pool_id, kind, email_a, email_b) VALUES (?,?,?,?)
			ON CONFLICT DO NOTHING`, id, string(kind), pr.A, pr.B)
		if isForeignKey(err) {
			err = ErrNotFound
		}
	} else {
		_, err = s.db.ExecContext(ctx, `DELETE FROM pool_rule WHERE pool_id = ? AND kind = ? AND email_a = ? AND email_b = ?`, id, string(kind), pr.A, pr.B)
	}
	if err != nil {
		return fmt.Errorf("%s %s and %s in pool %d: %w", kind, pr.A, pr.B, id, err)
	}
	return nil
}

// PoolLinks are the partnerships made from pool id's pairs, oldest first.
func (s *Store) PoolLinks(ctx context.Context, id int64) ([]pool.Link, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT partnership_id, email_a, email_b, ended_at != '' FROM pool_pair
		WHERE pool_id = ? ORDER BY partnership_id`, id)
	if err != nil {
		return nil, fmt.Errorf("pairs of pool %d: %w", id, err)
	}
	defer rows.Close()
	var out []pool.Link
	for rows.Next() {
		l := pool.Link{PoolID: id}
		if err := rows.Scan(&l.PartnershipID, &l.A, &l.B, &l.Ended); err != nil {
			return nil, fmt.Errorf("pairs of pool %d: %w", id, err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// PoolLinkOf is the pool pair partnership id was made from; ErrNotFound
// when it was made by hand.
func (s *Store) PoolLinkOf(ctx context.Context, partnershipID int64) (pool.Link, error) {
	l := pool.Link{PartnershipID: partnershipID}
	err := s.db.QueryRowContext(ctx, `SELECT pool_id, email_a, email_b, ended_at != '' FROM pool_pair WHERE partnership_id = ?`,
		partnershipID).Scan(&l.PoolID, &l.A, &l.B, &l.Ended)
	if errors.Is(err, sql.ErrNoRows) {
		return l, fmt.Errorf("pool pair of partnership %d: %w", partnershipID, ErrNotFound)
	}
	if err != nil {
		return l, fmt.Errorf("pool pair of partnership %d: %w", partnershipID, err)
	}
	return l, nil
}

// CreatePoolPartnership stores the partnership an accepted pair of pool
// id becomes, with its topics and cadence, and links it to the pair, in
// one transaction: a failure leaves no partnership behind. A lock on the
// pair is dropped (it did its work).
func (s *Store) CreatePoolPartnership(ctx context.Context, id int64, pr pool.Pair, p *mentoring.Partnership, topics []mentoring.Topic, c calendar.Cadence) (int64, error) {
	p.Normalize()
	if err := p.Validate(); err != nil {
		return 0, err
	}
	for i := range topics {
		if err := topics[i].Validate(); err != nil {
			return 0, err
		}
	}
	if c.Anchor == "" {
		c.Anchor = calendar.AnchorMe
	}
	if err := c.Validate(); err != nil {
		return 0, err
	}
	pr = pool.MakePair(pr.A, pr.B)
	now := time.Now().UTC()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM pool_pair WHERE pool_id = ? AND ended_at = ''
			AND (email_a IN (?, ?) OR email_b IN (?, ?))`, id, pr.A, pr.B, pr.A, pr.B).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrExists
		}
		if err := insertPartnership(ctx, tx, p, now); err != nil {
			return err
		}
		for i, t := range topics {
			if t.UID == "" {
				t.UID = newUID()
			}
			ts := now.Format(timeFormat)
			res, err := tx.ExecContext(ctx, `INSERT INTO topic (partnership_id, position, title, teacher, status,
				notes, resources, created_at, updated_at, uid, added_by) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
				p.ID, i, t.Title, t.Teacher, t.Status, t.Notes, strings.Join(t.Resources, "\n"), ts, ts, t.UID, p.Me.Email)
			if err != nil {
				return err
			}
			if topics[i].ID, err = res.LastInsertId(); err != nil {
				return err
			}
			topics[i].PartnershipID, topics[i].UID = p.ID, t.UID
		}
		if err := putSchedule(ctx, tx, p.ID, c); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO pool_pair (partnership_id, pool_id, email_a, email_b, created_at) VALUES (?,?,?,?,?)`,
			p.ID, id, pr.A, pr.B, now.Format(timeFormat)); err != nil {
			if isForeignKey(err) {
				return fmt.Errorf("pool %d: %w", id, ErrNotFound)
			}
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM pool_rule WHERE pool_id = ? AND kind = 'locked' AND email_a = ? AND email_b = ?`, id, pr.A, pr.B)
		return err
	})
	if err != nil {
		p.ID = 0
		return 0, fmt.Errorf("create partnership of %s and %s: %w", pr.A, pr.B, err)
	}
	p.Created, p.Updated = now, now
	return p.ID, nil
}

// EndPoolPair marks the pool pair partnership id was made from as not a
// fit: both people are back in the pool and the pair is forbidden, in one
// transaction. The partnership and its history stay.
func (s *Store) EndPoolPair(ctx context.Context, partnershipID int64) (pool.Link, error) {
	var l pool.Link
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		l = pool.Link{PartnershipID: partnershipID}
		var ended string
		err := tx.QueryRowContext(ctx, `SELECT pool_id, email_a, email_b, ended_at FROM pool_pair WHERE partnership_id = ?`,
			partnershipID).Scan(&l.PoolID, &l.A, &l.B, &ended)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if ended == "" {
			if _, err := tx.ExecContext(ctx, `UPDATE pool_pair SET ended_at = ? WHERE partnership_id = ?`,
				time.Now().UTC().Format(timeFormat), partnershipID); err != nil {
				return err
			}
		}
		l.Ended = true
		_, err = tx.ExecContext(ctx, `INSERT INTO pool_rule (pool_id, kind, email_a, email_b) VALUES (?, 'forbidden', ?, ?)
			ON CONFLICT DO NOTHING`, l.PoolID, l.A, l.B)
		return err
	})
	if err != nil {
		return l, fmt.Errorf("end pool pair of partnership %d: %w", partnershipID, err)
	}
	return l, nil
}
