package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"
)

// Security settings of the outgoing mail server.
const (
	SecurityTLS      = "tls"      // SSL/TLS from the first byte, usually port 465
	SecurityStartTLS = "starttls" // STARTTLS upgrade, usually port 587
	SecurityPlain    = "plain"    // no encryption: only to this computer
)

// MailSettings is how Twoway reaches the user's outgoing mail server. The
// password is not part of it: it lives in the system keyring.
type MailSettings struct {
	Host     string
	Port     int
	Security string // SecurityTLS, SecurityStartTLS or SecurityPlain
	Username string // empty: the server needs no login
	From     string // the envelope sender, the user's own address
}

// Configured reports whether a server has been set at all.
func (m MailSettings) Configured() bool { return m.Host != "" }

// Validate returns a *ValidationError naming every bad field: smtp.host,
// smtp.port, smtp.security, smtp.username, smtp.from.
func (m MailSettings) Validate() error {
	var errs []FieldError
	add := func(field, msg string) { errs = append(errs, FieldError{field, msg}) }
	if msg := checkHost(m.Host); msg != "" {
		add("smtp.host", msg)
	}
	if m.Port < 1 || m.Port > 65535 {
		add("smtp.port", fmt.Sprintf("%d is not a port (want 1-65535, usually 465 or 587)", m.Port))
	}
	switch m.Security {
	case SecurityTLS, SecurityStartTLS:
	case SecurityPlain:
		if m.Host != "" && !IsLocalHost(m.Host) {
			add("smtp.security", "plain (unencrypted) is only allowed to this computer (localhost); choose tls or starttls")
		}
	default:
		add("smtp.security", fmt.Sprintf("%q is not one of tls, starttls, plain", m.Security))
	}
	if msg := checkText(m.Username, maxShortText, false); msg != "" {
		add("smtp.username", msg)
	}
	if msg := CheckEmail(m.From); msg != "" {
		add("smtp.from", msg)
	}
	if len(errs) > 0 {
		return &ValidationError{Fields: errs}
	}
	return nil
}

// CalDAVSettings is the user's calendar account and the calendar Twoway
// publishes series into. The password lives in the system keyring.
type CalDAVSettings struct {
	URL      string // the server's CalDAV address, http(s)://...
	Username string
	Calendar string // the chosen calendar's path on the server, "/user/calendar/"
}

// Configured reports whether a server has been set at all.
func (c CalDAVSettings) Configured() bool { return c.URL != "" }

// Validate returns a *ValidationError naming every bad field: caldav.url,
// caldav.username, caldav.calendar. An empty calendar is allowed (it is
// chosen after discovering the account's calendars), but not for publishing.
func (c CalDAVSettings) Validate() error {
	var errs []FieldError
	add := func(field, msg string) { errs = append(errs, FieldError{field, msg}) }
	u, err := url.Parse(c.URL)
	switch {
	case c.URL == "":
		add("caldav.url", "is required")
	case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "":
		add("caldav.url", fmt.Sprintf("%q is not a server address (want https://dav.example.org/)", c.URL))
	case u.User != nil:
		add("caldav.url", "must not contain a user name or password; use the user name field")
	case u.Scheme == "http" && !IsLocalHost(u.Hostname()):
		add("caldav.url", "plain http is only allowed to this computer (localhost); use https")
	}
	if msg := checkText(c.Username, maxShortText, true); msg != "" {
		add("caldav.username", msg)
	}
	if c.Calendar != "" {
		if msg := checkText(c.Calendar, 2000, false); msg != "" {
			add("caldav.calendar", msg)
		} else if !strings.HasPrefix(c.Calendar, "/") {
			add("caldav.calendar", fmt.Sprintf("%q is not a path on the server (want /user/calendar/)", c.Calendar))
		}
	}
	if len(errs) > 0 {
		return &ValidationError{Fields: errs}
	}
	return nil
}

// IsLocalHost reports whether host is this computer: "localhost" or a
// loopback address.
func IsLocalHost(host string) bool {
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

func checkHost(h string) string {
	switch {
	case h == "":
		return "is required"
	case strings.ContainsAny(h, " \t/:@") && net.ParseIP(strings.Trim(h, "[]")) == nil:
		return fmt.Sprintf("%q is not a server name (want smtp.example.org, without port or scheme)", h)
	}
	return checkText(h, 253, true)
}

// ensureSettings creates the single settings row if it is missing.
func ensureSettings(ctx context.Context, db execer) error {
	_, err := db.ExecContext(ctx, `INSERT INTO settings (id) VALUES (1) ON CONFLICT DO NOTHING`)
	return err
}

// MailSettings returns the saved mail server settings; the zero value when
// none were saved.
func (s *Store) MailSettings(ctx context.Context) (MailSettings, error) {
	var m MailSettings
	err := s.db.QueryRowContext(ctx, `SELECT smtp_host, smtp_port, smtp_security, smtp_username, smtp_from
		FROM settings WHERE id = 1`).Scan(&m.Host, &m.Port, &m.Security, &m.Username, &m.From)
	if errors.Is(err, sql.ErrNoRows) {
		return MailSettings{}, nil
	}
	if err != nil {
		return m, fmt.Errorf("read mail settings: %w", err)
	}
	return m, nil
}

// SetMailSettings validates and saves the mail server settings.
func (s *Store) SetMailSettings(ctx context.Context, m MailSettings) error {
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
func (s *Store) CalDAVSettings(ctx context.Context) (CalDAVSettings, error) {
	var c CalDAVSettings
	err := s.db.QueryRowContext(ctx, `SELECT caldav_url, caldav_username, caldav_calendar
		FROM settings WHERE id = 1`).Scan(&c.URL, &c.Username, &c.Calendar)
	if errors.Is(err, sql.ErrNoRows) {
		return CalDAVSettings{}, nil
	}
	if err != nil {
		return c, fmt.Errorf("read calendar settings: %w", err)
	}
	return c, nil
}

// SetCalDAVSettings validates and saves the calendar account.
func (s *Store) SetCalDAVSettings(ctx context.Context, c CalDAVSettings) error {
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

// Publication is where a partnership's series is stored on the calendar
// server, and the entity tag of the version Twoway wrote last.
type Publication struct {
	PartnershipID int64
	ServerURL     string // CalDAVSettings.URL at the time
	Calendar      string // the calendar path at the time
	ObjectPath    string
	ETag          string
	PublishedAt   time.Time
}

// Publication returns partnership id's publication, or ErrNotFound when
// its series was never published.
func (s *Store) Publication(ctx context.Context, id int64) (Publication, error) {
	p := Publication{PartnershipID: id}
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
func (s *Store) SetPublication(ctx context.Context, p Publication) error {
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
