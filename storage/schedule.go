package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/twoway-app/twoway/calendar"
)

// GetSchedule returns partnership id's cadence, or ErrNotFound when none is set.
func (s *Store) GetSchedule(ctx context.Context, id int64) (calendar.Cadence, error) {
	var c calendar.Cadence
	var unit, days, from, until, anchor string
	err := s.db.QueryRowContext(ctx, `SELECT unit, interval, days, nth, at_minute, minutes,
		first_date, count, until, anchor FROM schedule WHERE partnership_id = ?`, id).Scan(
		&unit, &c.Interval, &days, &c.Nth, &c.At, &c.Minutes, &from, &c.Count, &until, &anchor)
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("schedule of partnership %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return c, fmt.Errorf("get schedule of partnership %d: %w", id, err)
	}
	c.Unit, c.Anchor = calendar.Unit(unit), calendar.Anchor(anchor)
	if c.Days, err = calendar.ParseWeekdays(days); err != nil {
		return c, fmt.Errorf("schedule of partnership %d: %w", id, err)
	}
	if c.From, err = parseDate(from); err != nil {
		return c, fmt.Errorf("schedule of partnership %d: %w", id, err)
	}
	if c.Until, err = parseDate(until); err != nil {
		return c, fmt.Errorf("schedule of partnership %d: %w", id, err)
	}
	return c, nil
}

// SetSchedule validates c and stores it as partnership id's cadence,
// replacing any earlier one.
func (s *Store) SetSchedule(ctx context.Context, id int64, c calendar.Cadence) error {
	return putSchedule(ctx, s.db, id, c)
}

// putSchedule is SetSchedule on db, a transaction or the database.
func putSchedule(ctx context.Context, db execer, id int64, c calendar.Cadence) error {
	if c.Anchor == "" {
		c.Anchor = calendar.AnchorMe
	}
	if err := c.Validate(); err != nil {
		return err
	}
	_, err := db.ExecContext(ctx, `INSERT INTO schedule (partnership_id, unit, interval, days, nth,
		at_minute, minutes, first_date, count, until, anchor, updated_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT (partnership_id) DO UPDATE SET unit=excluded.unit, interval=excluded.interval,
		days=excluded.days, nth=excluded.nth, at_minute=excluded.at_minute, minutes=excluded.minutes,
		first_date=excluded.first_date, count=excluded.count, until=excluded.until,
		anchor=excluded.anchor, updated_at=excluded.updated_at`,
		id, string(c.Unit), c.Interval, calendar.FormatWeekdays(c.Days), c.Nth, int(c.At), c.Minutes,
		c.From.String(), c.Count, c.Until.String(), string(c.Anchor), time.Now().UTC().Format(timeFormat))
	if err != nil {
		if isForeignKey(err) {
			return fmt.Errorf("set schedule: partnership %d: %w", id, ErrNotFound)
		}
		return fmt.Errorf("set schedule of partnership %d: %w", id, err)
	}
	return nil
}
