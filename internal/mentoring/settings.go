package mentoring

import (
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
	var errs problems
	errs.server("smtp", m.Host, m.Port, m.Security)
	errs.add("smtp.username", checkText(m.Username, maxShortText, false))
	errs.add("smtp.from", CheckEmail(m.From))
	return errs.err()
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
	var errs problems
	u, err := url.Parse(c.URL)
	switch {
	case c.URL == "":
		errs.code("caldav.url", CodeRequired, nil)
	case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "":
		errs.code("caldav.url", CodeServerURL, Args{"Value": c.URL})
	case u.User != nil:
		errs.code("caldav.url", CodeURLCredentials, nil)
	case u.Scheme == "http" && !IsLocalHost(u.Hostname()):
		errs.code("caldav.url", CodePlainHTTP, nil)
	}
	errs.add("caldav.username", checkText(c.Username, maxShortText, true))
	if c.Calendar != "" {
		if p := checkText(c.Calendar, 2000, false); p != nil {
			errs.add("caldav.calendar", p)
		} else if !strings.HasPrefix(c.Calendar, "/") {
			errs.code("caldav.calendar", CodePath, Args{"Value": c.Calendar})
		}
	}
	return errs.err()
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

func checkHost(h string) *Problem {
	switch {
	case h == "":
		return &Problem{Code: CodeRequired}
	case strings.ContainsAny(h, " \t/:@") && net.ParseIP(strings.Trim(h, "[]")) == nil:
		return &Problem{Code: CodeHost, Args: Args{"Value": h}}
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

// IMAPSettings is how Twoway reads the user's mailbox for the partner's
// answers (replies, counter-proposals, shared records). The password
// lives in the system keyring.
type IMAPSettings struct {
	Host     string
	Port     int
	Security string // SecurityTLS, SecurityStartTLS or SecurityPlain
	Username string
	Mailbox  string // "" is INBOX
}

// Configured reports whether a server has been set at all.
func (m IMAPSettings) Configured() bool { return m.Host != "" }

// Validate returns a *ValidationError naming every bad field: imap.host,
// imap.port, imap.security, imap.username, imap.mailbox.
func (m IMAPSettings) Validate() error {
	var errs problems
	errs.server("imap", m.Host, m.Port, m.Security)
	errs.add("imap.username", checkText(m.Username, maxShortText, true))
	errs.add("imap.mailbox", checkText(m.Mailbox, maxShortText, false))
	return errs.err()
}

// server checks a mail server's host, port and security under the field
// prefix ("smtp", "imap"): plain text only to this computer.
func (ps *problems) server(prefix, host string, port int, security string) {
	ps.add(prefix+".host", checkHost(host))
	if port < 1 || port > 65535 {
		ps.code(prefix+".port", CodePort, Args{"Value": port})
	}
	switch security {
	case SecurityTLS, SecurityStartTLS:
	case SecurityPlain:
		if host != "" && !IsLocalHost(host) {
			ps.code(prefix+".security", CodePlainRemote, nil)
		}
	default:
		ps.code(prefix+".security", CodeSecurity, Args{"Value": security})
	}
}
