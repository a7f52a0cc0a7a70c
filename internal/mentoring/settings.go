package mentoring

import (
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
