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

// ensureSettings creates the single settings row if it is missing.
func ensureSettings(ctx context.Context, db execer) error {
	_, err := db.ExecContext(ctx, `INSERT INTO settings (id) VALUES (1) ON CONFLICT DO NOTHING`)
	return err
}

// MailSettings returns the saved mail server settings; the zero value when
// none were saved.
func (s *Store) MailSettings(ctx context.Context) (mentoring.MailSettings, error) {
	var m mentoring.MailSettings
	err := s.db.QueryRowContext(ctx, `SELECT smtp_host, smtp_port, smtp_security, smtp_username, smtp_from
		FROM settings WHERE id = 1`).Scan(&m.Host, &m.Port, &m.Security, &m.Username, &m.From)
	if errors.Is(err, sql.ErrNoRows) {
		return mentoring.MailSettings{}, nil
	}
	if err != nil {
		return m, fmt.Errorf("read mail settings: %w", err)
	}
	return m, nil
}

// SetMailSettings validates and saves the mail server settings.
func (s *Store) SetMailSettings(ctx context.Context, m mentoring.MailSettings) error {
	m.Host, m.Username, m.From = strings.TrimSpace(m.Host), strings.TrimSpace(m.Username), strings.TrimSpace(m.From)
	if err := m.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := ensureSettings(ctx, tx); err != nil {
			return fmt.Errorf("save mail settings: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE settings SET smtp_host=?, smtp_port=?, smtp_security=?,
			smtp_username=?, smtp_from=?, updated_at=? WHERE id = 1`,
			m.Host, m.Port, m.Security, m.Username, m.From, time.Now().UTC().Format(timeFormat)); err != nil {
			return fmt.Errorf("save mail settings: %w", err)
		}
		return nil
	})
}

// CalDAVSettings returns the saved calendar account; the zero value when
// none was saved.
func (s *Store) CalDAVSettings(ctx context.Context) (mentoring.CalDAVSettings, error) {
	var c mentoring.CalDAVSettings
	err := s.db.QueryRowContext(ctx, `SELECT caldav_url, caldav_username, caldav_calendar
		FROM settings WHERE id = 1`).Scan(&c.URL, &c.Username, &c.Calendar)
	if errors.Is(err, sql.ErrNoRows) {
		return mentoring.CalDAVSettings{}, nil
	}
	if err != nil {
		return c, fmt.Errorf("read calendar settings: %w", err)
	}
	return c, nil
}

// SetCalDAVSettings validates and saves the calendar account.
func (s *Store) SetCalDAVSettings(ctx context.Context, c mentoring.CalDAVSettings) error {
	c.URL, c.Username, c.Calendar = strings.TrimSpace(c.URL), strings.TrimSpace(c.Username), strings.TrimSpace(c.Calendar)
	if err := c.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := ensureSettings(ctx, tx); err != nil {
			return fmt.Errorf("save calendar settings: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE settings SET caldav_url=?, caldav_username=?, caldav_calendar=?,
			updated_at=? WHERE id = 1`, c.URL, c.Username, c.Calendar, time.Now().UTC().Format(timeFormat)); err != nil {
			return fmt.Errorf("save calendar settings: %w", err)
		}
		return nil
	})
}

// Publication returns partnership id's publication, or ErrNotFound when
// its series was never published.
func (s *Store) Publication(ctx context.Context, id int64) (mentoring.Publication, error) {
	p := mentoring.Publication{PartnershipID: id}
	var at string
	err := s.db.QueryRowContext(ctx, `SELECT server_url, calendar_path, object_path, etag, published_at
		FROM publication WHERE partnership_id = ?`, id).Scan(&p.ServerURL, &p.Calendar, &p.ObjectPath, &p.ETag, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("publication of partnership %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return p, fmt.Errorf("publication of partnership %d: %w", id, err)
	}
	p.PublishedAt, _ = time.Parse(timeFormat, at)
	return p, nil
}

// SetPublication records where and as which version the series was stored.
func (s *Store) SetPublication(ctx context.Context, p mentoring.Publication) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO publication (partnership_id, server_url, calendar_path,
		object_path, etag, published_at) VALUES (?,?,?,?,?,?) ON CONFLICT (partnership_id) DO UPDATE SET
		server_url=excluded.server_url, calendar_path=excluded.calendar_path, object_path=excluded.object_path,
		etag=excluded.etag, published_at=excluded.published_at`,
		p.PartnershipID, p.ServerURL, p.Calendar, p.ObjectPath, p.ETag, p.PublishedAt.UTC().Format(timeFormat))
	if isForeignKey(err) {
		return fmt.Errorf("record publication: partnership %d: %w", p.PartnershipID, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("record publication: %w", err)
	}
	return nil
}

// IMAPSettings returns the saved mailbox account; the zero value when none
// was saved.
func (s *Store) IMAPSettings(ctx context.Context) (mentoring.IMAPSettings, error) {
	var m mentoring.IMAPSettings
	err := s.db.QueryRowContext(ctx, `SELECT imap_host, imap_port, imap_security, imap_username, imap_mailbox
		FROM settings WHERE id = 1`).Scan(&m.Host, &m.Port, &m.Security, &m.Username, &m.Mailbox)
	if errors.Is(err, sql.ErrNoRows) {
		return mentoring.IMAPSettings{}, nil
	}
	if err != nil {
		return m, fmt.Errorf("read mailbox settings: %w", err)
	}
	return m, nil
}

// SetIMAPSettings validates and saves the mailbox account.
func (s *Store) SetIMAPSettings(ctx context.Context, m mentoring.IMAPSettings) error {
	m.Host, m.Username, m.Mailbox = strings.TrimSpace(m.Host), strings.TrimSpace(m.Username), strings.TrimSpace(m.Mailbox)
	if err := m.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := ensureSettings(ctx, tx); err != nil {
			return fmt.Errorf("save mailbox settings: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE settings SET imap_host=?, imap_port=?, imap_security=?,
			imap_username=?, imap_mailbox=?, updated_at=? WHERE id = 1`,
			m.Host, m.Port, m.Security, m.Username, m.Mailbox, time.Now().UTC().Format(timeFormat)); err != nil {
			return fmt.Errorf("save mailbox settings: %w", err)
		}
		return nil
	})
}
