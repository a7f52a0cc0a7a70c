package caldavpub

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
)

// Sentinel errors for errors.Is; each says what the user should check.
var (
	// ErrAuth: the server answered 401 (wrong user name or password).
	ErrAuth = errors.New("caldavpub: the calendar server rejected the user name or password; check them (some providers require an app password)")
	// ErrForbidden: 403, the account may not read or write there.
	ErrForbidden = errors.New("caldavpub: the calendar server denied access; check that the calendar belongs to this account and is writable")
	// ErrNotFound: 404, the calendar or the event does not exist.
	ErrNotFound = errors.New("caldavpub: not found on the calendar server; check the calendar address or rediscover the calendars")
	// ErrConflict: 412, the object changed (or appeared) on the server
	// since this app last saw it. Nothing was overwritten.
	ErrConflict = errors.New("caldavpub: the event was changed on the calendar server by someone else; reload it before saving again")
	// ErrDuplicateUID: 409 or the CALDAV:no-uid-conflict precondition, the
	// calendar already holds an event with this UID under another name
	// (e.g. imported by another program).
	ErrDuplicateUID = errors.New("caldavpub: the calendar already contains this event under another name; remove the other copy or choose another calendar")
	// ErrInvalidObject: the object is not a valid calendar object resource
	// (a METHOD, several UIDs, a UID other than the one given).
	ErrInvalidObject = errors.New("caldavpub: the event cannot be stored in a calendar")
	// ErrConnection: the server could not be reached or dropped the
	// connection.
	ErrConnection = errors.New("caldavpub: cannot reach the calendar server; check the address and that you are online")
	// ErrTimeout: the server did not answer in time.
	ErrTimeout = errors.New("caldavpub: the calendar server did not answer in time; check the address and your network")
	// ErrExists: MakeCalendar found something at the path already (405, or
	// DAV:resource-must-be-null). A caller that only needs the collection to
	// exist treats it as success.
	ErrExists = errors.New("caldavpub: a collection already exists at this address on the calendar server")
	// ErrSyncToken: the sync-token given to SyncCollection is no longer
	// valid (DAV:valid-sync-token, RFC 6578 section 3.2); sync again from "".
	ErrSyncToken = errors.New("caldavpub: the server no longer knows where we left off; a full sync follows")
	// ErrNoSync: the server or the collection does not support the
	// sync-collection REPORT (501, 400, 405, DAV:supported-report); use List
	// and compare entity tags.
	ErrNoSync = errors.New("caldavpub: the calendar server cannot report changes (no sync-collection); all entity tags are compared instead")
	// ErrServer: any other unexpected answer.
	ErrServer = errors.New("caldavpub: the calendar server refused the request")
)

// Error describes a failed CalDAV request.
type Error struct {
	Kind   error  // one of the sentinel errors above
	Op     string // "discover", "put", "get", "delete", "query"
	URL    string // the resource, without credentials
	Status int    // HTTP status, 0 when no answer arrived
	Err    error  // the cause
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Kind.Error())
	b.WriteString(" (")
	b.WriteString(e.Op)
	if e.URL != "" {
		b.WriteString(" " + e.URL)
	}
	if e.Status != 0 {
		fmt.Fprintf(&b, ": HTTP %d %s", e.Status, http.StatusText(e.Status))
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	b.WriteString(")")
	return b.String()
}

// Unwrap exposes both the kind and the cause.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// statusKind maps an HTTP status (and, for 403/409, the CalDAV
// precondition in the body) to a kind.
func statusKind(status int, body string) error {
	switch {
	case strings.Contains(body, "no-uid-conflict"):
		return ErrDuplicateUID
	case status == http.StatusUnauthorized:
		return ErrAuth
	case status == http.StatusForbidden:
		return ErrForbidden
	case status == http.StatusNotFound || status == http.StatusGone:
		return ErrNotFound
	case status == http.StatusPreconditionFailed:
		return ErrConflict
	case status == http.StatusConflict:
		// Radicale answers a second object with the same UID with a bare
		// 409 (RFC 4791 section 5.3.2.1 CALDAV:no-uid-conflict).
		return ErrDuplicateUID
	default:
		return ErrServer
	}
}

// transportError classifies a request that got no HTTP answer.
func transportError(ctx context.Context, op, url string, err error) error {
	if ctx.Err() == context.Canceled {
		return fmt.Errorf("caldavpub: %s %s: %w", op, url, context.Canceled)
	}
	e := &Error{Kind: ErrConnection, Op: op, URL: url, Err: err}
	var netErr net.Error
	if ctx.Err() == context.DeadlineExceeded || errors.Is(err, os.ErrDeadlineExceeded) ||
		errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout()) {
		e.Kind = ErrTimeout
	}
	return e
}
