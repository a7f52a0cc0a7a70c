package caldavpub

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-ical"
	"github.com/emersion/go-webdav"
	"github.com/emersion/go-webdav/caldav"
)

// DefaultTimeout bounds each request when Account.HTTPClient is nil.
const DefaultTimeout = 30 * time.Second

// maxErrorBody caps how much of an error answer is read and quoted.
const maxErrorBody = 4 << 10

// Account is a CalDAV account.
type Account struct {
	// URL is the server's CalDAV address, e.g. https://dav.example.org/ or
	// the context path that /.well-known/caldav redirects to.
	URL string
	// Username and Password are sent with HTTP Basic authentication;
	// use HTTPS for anything but a local server.
	Username, Password string
	// HTTPClient defaults to a client with DefaultTimeout. Give one with a
	// Timeout: requests are otherwise bounded only by the context.
	HTTPClient *http.Client
}

// Calendar is one calendar collection of the account.
type Calendar struct {
	Path        string // absolute path on the server, ending in "/"
	Name        string // display name, may be empty
	Description string
	// Components are the component types the calendar accepts; empty
	// means the server did not say, which RFC 4791 section 5.2.3 defines
	// as "all types".
	Components []string
	// SupportsEvents tells whether VEVENT objects (our calls) may be
	// stored; task-only lists are shown but cannot be chosen.
	SupportsEvents bool
}

// Object is a stored calendar object resource.
type Object struct {
	Path string // absolute, percent-encoded path on the server
	ETag string // entity tag without quotes
	Data []byte // iCalendar text
}

func (a Account) client() *http.Client {
	if a.HTTPClient != nil {
		return a.HTTPClient
	}
	return &http.Client{Timeout: DefaultTimeout}
}

func (a Account) base() (*url.URL, error) {
	u, err := url.Parse(a.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("caldavpub: invalid server address %q: want http(s)://host/...", redact(a.URL))
	}
	return u, nil
}

// resolve turns a server path into a full URL on the account's server.
func (a Account) resolve(path string) (*url.URL, error) {
	b, err := a.base()
	if err != nil {
		return nil, err
	}
	ref, err := url.Parse(path)
	if err != nil {
		return nil, fmt.Errorf("caldavpub: invalid path %q: %w", path, err)
	}
	if ref.IsAbs() || ref.Host != "" {
		return nil, fmt.Errorf("caldavpub: path %q must be on the account's server", path)
	}
	u := b.ResolveReference(ref)
	u.User = nil
	return u, nil
}

func redact(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Redacted()
	}
	return raw
}

// statusRecorder remembers the last HTTP status seen by go-webdav's client,
// whose own errors do not expose it, so Discover can classify failures.
type statusRecorder struct {
	c      webdav.HTTPClient
	status int
	url    string
	body   string
}

func (r *statusRecorder) Do(req *http.Request) (*http.Response, error) {
	resp, err := r.c.Do(req)
	if err == nil {
		r.status, r.url = resp.StatusCode, req.URL.Redacted()
	}
	return resp, err
}

// Discover lists the calendars of the account: it asks for the
// current-user-principal (RFC 5397), then its calendar-home-set (RFC 4791
// section 6.2.1), then the calendar collections in that home.
func Discover(ctx context.Context, acct Account) ([]Calendar, error) {
	b, err := acct.base()
	if err != nil {
		return nil, err
	}
	rec := &statusRecorder{c: webdav.HTTPClientWithBasicAuth(acct.client(), acct.Username, acct.Password)}
	c, err := caldav.NewClient(rec, b.String())
	if err != nil {
		return nil, fmt.Errorf("caldavpub: %w", err)
	}
	fail := func(step string, err error) error {
		if rec.status/100 == 2 || rec.status == 0 || rec.status == http.StatusMultiStatus {
			if rec.status == 0 {
				return transportError(ctx, "discover", b.Redacted(), err)
			}
			return &Error{Kind: ErrServer, Op: "discover", URL: rec.url, Err: fmt.Errorf("%s: %w", step, err)}
		}
		return &Error{Kind: statusKind(rec.status, ""), Op: "discover", URL: rec.url, Status: rec.status,
			Err: errors.New(step)}
	}
	principal, err := c.FindCurrentUserPrincipal(ctx)
	if err != nil {
		return nil, fail("current-user-principal", err)
	}
	rec.status = 0
	home, err := c.FindCalendarHomeSet(ctx, principal)
	if err != nil {
		return nil, fail("calendar-home-set of "+principal, err)
	}
	rec.status = 0
	cals, err := c.FindCalendars(ctx, home)
	if err != nil {
		return nil, fail("calendars in "+home, err)
	}
	out := make([]Calendar, 0, len(cals))
	for _, cal := range cals {
		supports := len(cal.SupportedComponentSet) == 0
		for _, comp := range cal.SupportedComponentSet {
			if strings.EqualFold(comp, ical.CompEvent) {
				supports = true
			}
		}
		out = append(out, Calendar{
			Path:           cal.Path,
			Name:           cal.Name,
			Description:    cal.Description,
			Components:     cal.SupportedComponentSet,
			SupportsEvents: supports,
		})
	}
	return out, nil
}

// ObjectPath is where Put stores the object with this UID: the calendar
// path followed by the percent-encoded UID and ".ics". One UID per name keeps
// every update of a series on the same resource.
func ObjectPath(calendarPath, uid string) string {
	if !strings.HasSuffix(calendarPath, "/") {
		calendarPath += "/"
	}
	return calendarPath + url.PathEscape(uid) + ".ics"
}

// checkObject verifies that ics is a valid calendar object resource for uid.
func checkObject(ics []byte, uid string) error {
	if uid == "" {
		return &Error{Kind: ErrInvalidObject, Op: "put", Err: errors.New("empty UID")}
	}
	got, err := objectUID(ics)
	if err != nil {
		return err
	}
	if got != uid {
		return &Error{Kind: ErrInvalidObject, Op: "put", Err: fmt.Errorf("object UID %q differs from %q", got, uid)}
	}
	return nil
}

// objectUID verifies that ics is a valid calendar object resource of any
// component type and returns its UID.
func objectUID(ics []byte) (string, error) {
	cal, err := ical.NewDecoder(bytes.NewReader(ics)).Decode()
	if err != nil {
		return "", &Error{Kind: ErrInvalidObject, Op: "put", Err: fmt.Errorf("parse iCalendar: %w", err)}
	}
	// RFC 4791 section 4.1: no METHOD, one component type, one UID.
	_, uid, err := caldav.ValidateCalendarObject(cal)
	if err != nil {
		return "", &Error{Kind: ErrInvalidObject, Op: "put", Err: err}
	}
	if uid == "" {
		return "", &Error{Kind: ErrInvalidObject, Op: "put", Err: errors.New("empty UID")}
	}
	return uid, nil
}

// quoteETag turns an entity tag as returned by this package (unquoted)
// into the header form; an already quoted or weak tag is kept.
func quoteETag(etag string) string {
	if strings.HasPrefix(etag, `"`) || strings.HasPrefix(etag, "W/") {
		return etag
	}
	return strconv.Quote(etag)
}

func unquoteETag(h string) string {
	h = strings.TrimPrefix(h, "W/")
	if s, err := strconv.Unquote(h); err == nil {
		return s
	}
	return h
}

// do sends req with the account's credentials and turns any non-2xx answer
// into an *Error.
func (a Account) do(ctx context.Context, op string, req *http.Request) (*http.Response, error) {
	return a.doClassified(ctx, op, req, nil)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// Put stores ics (an iCalendar object without METHOD whose UID is uid) in
// the calendar at calendarPath, at ObjectPath(calendarPath, uid).
//
// With etag == "" it creates the object and fails with ErrConflict if one
// already exists there (If-None-Match: *); otherwise it replaces the object
// only if it still has that entity tag (If-Match), so an edit made by
// another client is reported as ErrConflict and kept. The body is sent with
// a Content-Length, which Radicale requires.
func Put(ctx context.Context, acct Account, calendarPath, uid string, ics []byte, etag string) (objectPath, newETag string, err error) {
	if err := checkObject(ics, uid); err != nil {
		return "", "", err
	}
	objectPath = ObjectPath(calendarPath, uid)
	newETag, stored, err := putObject(ctx, acct, objectPath, ics, etag)
	if !stored {
		return "", "", err
	}
	return objectPath, newETag, err
}

// Get reads one object as stored on the server.
func Get(ctx context.Context, acct Account, objectPath string) (*Object, error) {
	u, err := acct.resolve(objectPath)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequest(http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("caldavpub: %w", err)
	}
	req.Header.Set("Accept", "text/calendar")
	resp, err := acct.do(ctx, "get", req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, transportError(ctx, "get", u.Redacted(), err)
	}
	return &Object{Path: u.EscapedPath(), ETag: unquoteETag(resp.Header.Get("ETag")), Data: data}, nil
}

// Delete removes the object at objectPath. With a non-empty etag it only
// does so if the object is unchanged (ErrConflict otherwise).
func Delete(ctx context.Context, acct Account, objectPath, etag string) error {
	u, err := acct.resolve(objectPath)
	if err != nil {
		return err
	}
	req, err := http.NewRequest(http.MethodDelete, u.String(), nil)
	if err != nil {
		return fmt.Errorf("caldavpub: %w", err)
	}
	if etag != "" {
		req.Header.Set("If-Match", quoteETag(etag))
	}
	resp, err := acct.do(ctx, "delete", req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBody))
	return resp.Body.Close()
}

// Query returns the events of the calendar that have an occurrence
// overlapping [start, end) (RFC 4791 section 9.9 time-range filter; the
// server expands recurrences). Data is re-encoded from the server's answer,
// so it is equivalent, not byte-identical, to what was stored.
func Query(ctx context.Context, acct Account, calendarPath string, start, end time.Time) ([]Object, error) {
	b, err := acct.base()
	if err != nil {
		return nil, err
	}
	rec := &statusRecorder{c: webdav.HTTPClientWithBasicAuth(acct.client(), acct.Username, acct.Password)}
	c, err := caldav.NewClient(rec, b.String())
	if err != nil {
		return nil, fmt.Errorf("caldavpub: %w", err)
	}
	q := &caldav.CalendarQuery{
		CompRequest: caldav.CalendarCompRequest{Name: ical.CompCalendar, AllProps: true, AllComps: true},
		CompFilter: caldav.CompFilter{
			Name:  ical.CompCalendar,
			Comps: []caldav.CompFilter{{Name: ical.CompEvent, Start: start.UTC(), End: end.UTC()}},
		},
	}
	objs, err := c.QueryCalendar(ctx, calendarPath, q)
	if err != nil {
		if rec.status == 0 {
			return nil, transportError(ctx, "query", redact(calendarPath), err)
		}
		e := &Error{Kind: ErrServer, Op: "query", URL: rec.url, Err: err}
		if rec.status/100 != 2 {
			// go-webdav's message only repeats the status.
			e.Kind, e.Status, e.Err = statusKind(rec.status, ""), rec.status, nil
		}
		return nil, e
	}
	out := make([]Object, 0, len(objs))
	for _, o := range objs {
		var buf bytes.Buffer
		if o.Data != nil {
			if err := ical.NewEncoder(&buf).Encode(o.Data); err != nil {
				return nil, &Error{Kind: ErrServer, Op: "query", URL: o.Path, Err: err}
			}
		}
		out = append(out, Object{Path: o.Path, ETag: o.ETag, Data: buf.Bytes()})
	}
	return out, nil
}
