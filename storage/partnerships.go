package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/mentoring"
)

const timeFormat = time.RFC3339Nano

// ListPartnerships returns every partnership, most recently created first.
func (s *Store) ListPartnerships(ctx context.Context) ([]mentoring.Summary, error) {
	// Topic titles come along so the sidebar can search them in memory:
	// one query, however many partnerships.
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.title, p.me_name, p.partner_name, p.partner_zone,
		coalesce(t.titles, '') FROM partnership p
		LEFT JOIN (SELECT partnership_id, group_concat(title, char(10)) AS titles FROM topic GROUP BY partnership_id) t
		ON t.partnership_id = p.id
		ORDER BY p.title COLLATE NOCASE, p.id`)
	if err != nil {
		return nil, fmt.Errorf("list partnerships: %w", err)
	}
	defer rows.Close()
	var out []mentoring.Summary
	for rows.Next() {
		var p mentoring.Summary
		var topics string
		if err := rows.Scan(&p.ID, &p.Title, &p.MeName, &p.PartnerName, &p.PartnerZone, &topics); err != nil {
			return nil, fmt.Errorf("list partnerships: %w", err)
		}
		if topics != "" {
			p.Topics = strings.Split(topics, "\n")
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list partnerships: %w", err)
	}
	return out, nil
}

// GetPartnership returns the partnership with id, or ErrNotFound.
func (s *Store) GetPartnership(ctx context.Context, id int64) (mentoring.Partnership, error) {
	var p mentoring.Partnership
	var from, until, first, created, updated string
	err := s.db.QueryRowContext(ctx, `SELECT id, title,
		me_name, me_email, me_zone, me_hours_start, me_hours_end,
		partner_name, partner_email, partner_zone, partner_hours_start, partner_hours_end,
		rule_confidentiality, rule_positive_tone, rule_no_time_wasting,
		starts_on, ends_on, video_link, agenda, rotate_lead, first_lead, role, created_at, updated_at
		FROM partnership WHERE id = ?`, id).Scan(&p.ID, &p.Title,
		&p.Me.Name, &p.Me.Email, &p.Me.Zone, &p.Me.Hours.Start, &p.Me.Hours.End,
		&p.Partner.Name, &p.Partner.Email, &p.Partner.Zone, &p.Partner.Hours.Start, &p.Partner.Hours.End,
		&p.Rules.Confidentiality, &p.Rules.PositiveTone, &p.Rules.NoTimeWasting,
		&from, &until, &p.Link, &p.Agenda, &p.RotateLead, &first, &p.Role, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return mentoring.Partnership{}, fmt.Errorf("partnership %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return mentoring.Partnership{}, fmt.Errorf("get partnership %d: %w", id, err)
	}
	if first == string(mentoring.SidePartner) {
		p.FirstLead = mentoring.SidePartner
	}
	p.From, _ = parseDate(from)
	p.Until, _ = parseDate(until)
	p.Created, _ = time.Parse(timeFormat, created)
	p.Updated, _ = time.Parse(timeFormat, updated)

	rows, err := s.db.QueryContext(ctx, `SELECT list, text FROM partnership_item
		WHERE partnership_id = ? ORDER BY list, position`, id)
	if err != nil {
		return mentoring.Partnership{}, fmt.Errorf("get partnership %d lists: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var list, text string
		if err := rows.Scan(&list, &text); err != nil {
			return mentoring.Partnership{}, fmt.Errorf("get partnership %d lists: %w", id, err)
		}
		if l := listOf(&p, list); l != nil {
			*l = append(*l, text)
		}
	}
	if err := rows.Err(); err != nil {
		return mentoring.Partnership{}, fmt.Errorf("get partnership %d lists: %w", id, err)
	}
	return p, nil
}

// list maps a partnership_item list name to the slice it fills.
func listOf(p *mentoring.Partnership, name string) *[]string {
	switch name {
	case "me_offers":
		return &p.Me.Offers
	case "me_wants":
		return &p.Me.Wants
	case "partner_offers":
		return &p.Partner.Offers
	case "partner_wants":
		return &p.Partner.Wants
	case "rule":
		return &p.Rules.Custom
	}
	return nil
}

var listNames = []string{"me_offers", "me_wants", "partner_offers", "partner_wants", "rule"}

func parseDate(s string) (calendar.Date, error) {
	if s == "" {
		return calendar.Date{}, nil
	}
	return calendar.ParseDate(s)
}

// CreatePartnership validates p, stores it and sets p.ID. Nothing is stored
// when validation fails.
func (s *Store) CreatePartnership(ctx context.Context, p *mentoring.Partnership) (int64, error) {
	p.Normalize()
	if err := p.Validate(); err != nil {
		return 0, err
	}
	now := time.Now().UTC()
	err := s.inTx(ctx, func(tx *sql.Tx) error { return insertPartnership(ctx, tx, p, now) })
	if err != nil {
		p.ID = 0
		return 0, fmt.Errorf("create partnership: %w", err)
	}
	p.Created, p.Updated = now, now
	return p.ID, nil
}

// insertPartnership writes the validated p and its lists in tx and sets
// p.ID.
func insertPartnership(ctx context.Context, tx *sql.Tx, p *mentoring.Partnership, now time.Time) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO partnership (title,
		me_name, me_email, me_zone, me_hours_start, me_hours_end,
		partner_name, partner_email, partner_zone, partner_hours_start, partner_hours_end,
		rule_confidentiality, rule_positive_tone, rule_no_time_wasting,
		starts_on, ends_on, video_link, agenda, rotate_lead, first_lead, role, created_at, updated_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, p.Title,
		p.Me.Name, p.Me.Email, p.Me.Zone, p.Me.Hours.Start, p.Me.Hours.End,
		p.Partner.Name, p.Partner.Email, p.Partner.Zone, p.Partner.Hours.Start, p.Partner.Hours.End,
		p.Rules.Confidentiality, p.Rules.PositiveTone, p.Rules.NoTimeWasting,
		p.From.String(), p.Until.String(), p.Link, p.Agenda, p.RotateLead, p.FirstLeader(), p.Role, now.Format(timeFormat), now.Format(timeFormat))
	if err != nil {
		return err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return err
	}
	p.ID = id
	return writeItems(ctx, tx, p)
}

// UpdatePartnership validates p and replaces the stored partnership p.ID.
func (s *Store) UpdatePartnership(ctx context.Context, p *mentoring.Partnership) error {
	p.Normalize()
	if err := p.Validate(); err != nil {
		return err
	}
	now := time.Now().UTC()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE partnership SET title=?,
			me_name=?, me_email=?, me_zone=?, me_hours_start=?, me_hours_end=?,
			partner_name=?, partner_email=?, partner_zone=?, partner_hours_start=?, partner_hours_end=?,
			rule_confidentiality=?, rule_positive_tone=?, rule_no_time_wasting=?,
			starts_on=?, ends_on=?, video_link=?, agenda=?, rotate_lead=?, first_lead=?, updated_at=? WHERE id=?`, p.Title,
			p.Me.Name, p.Me.Email, p.Me.Zone, p.Me.Hours.Start, p.Me.Hours.End,
			p.Partner.Name, p.Partner.Email, p.Partner.Zone, p.Partner.Hours.Start, p.Partner.Hours.End,
			p.Rules.Confidentiality, p.Rules.PositiveTone, p.Rules.NoTimeWasting,
			p.From.String(), p.Until.String(), p.Link, p.Agenda, p.RotateLead, p.FirstLeader(), now.Format(timeFormat), p.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM partnership_item WHERE partnership_id = ?`, p.ID); err != nil {
			return err
		}
		return writeItems(ctx, tx, p)
	})
	if err != nil {
		return fmt.Errorf("update partnership %d: %w", p.ID, err)
	}
	p.Updated = now
	return nil
}

// DeletePartnership removes a partnership and everything that belongs to it.
func (s *Store) DeletePartnership(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM partnership WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete partnership %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("delete partnership %d: %w", id, ErrNotFound)
	}
	return nil
}

func writeItems(ctx context.Context, tx *sql.Tx, p *mentoring.Partnership) error {
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO partnership_item (partnership_id, list, position, text) VALUES (?,?,?,?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, name := range listNames {
		for i, text := range *listOf(p, name) {
			if _, err := stmt.ExecContext(ctx, p.ID, name, i, text); err != nil {
				return err
			}
		}
	}
	return nil
}

// inTx runs fn in a transaction, committing only if fn succeeds.
func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// SetAgenda replaces the next session's agenda of partnership id. It goes
// into the next invite, so changing it makes the invite an update.
func (s *Store) SetAgenda(ctx context.Context, id int64, agenda string) error {
	agenda = mentoring.NormalizeText(agenda)
	if p := mentoring.CheckAgenda(agenda); p != nil {
		return mentoring.Invalid("agenda", p.Code, p.Args)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE partnership SET agenda = ?, updated_at = ? WHERE id = ?`,
		agenda, time.Now().UTC().Format(timeFormat), id)
	if err != nil {
		return fmt.Errorf("set agenda of partnership %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("set agenda: partnership %d: %w", id, ErrNotFound)
	}
	return nil
}

// rfc3339 is how the tables store an instant: UTC, second precision, ""
// for none.
func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// LatestMe is the user as the most recently changed partnership describes
// them; ok is false when there is none yet.
func (s *Store) LatestMe(ctx context.Context) (me mentoring.Person, ok bool, err error) {
	var id int64
	err = s.db.QueryRowContext(ctx, `SELECT id FROM partnership ORDER BY updated_at DESC, id DESC LIMIT 1`).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return me, false, nil
	}
	if err != nil {
		return me, false, fmt.Errorf("latest partnership: %w", err)
	}
	p, err := s.GetPartnership(ctx, id)
	if err != nil {
		return me, false, err
	}
	return p.Me, true, nil
}
