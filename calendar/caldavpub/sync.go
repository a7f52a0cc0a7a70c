package caldavpub

// Primitives for keeping a collection of VTODO/VJOURNAL objects that two users
// share in step on both sides (how DAVx5 and vdirsyncer do it: push with
// If-Match / If-None-Match, then pull what changed).
//
// go-webdav v0.6.0, the version this module uses, has neither the
// sync-collection REPORT (RFC 6578) nor conditional PUT, and its multistatus
// types are internal; so MKCALENDAR, sync-collection, calendar-multiget and
// PROPFIND are written here by hand as plain HTTP requests, parsed with
// encoding/xml.

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// multigetBatch is how many objects Multiget asks for in one request.
const multigetBatch = 100

// maxMultistatus caps how much of one multistatus answer is read.
const maxMultistatus = 64 << 20

// maxSyncRounds bounds how often SyncCollection follows a truncated answer.
const maxSyncRounds = 1000

// Change is a member of a collection as listed by SyncCollection or List.
type Change struct {
	Path string // absolute, percent-encoded path as the server wrote it
	ETag string // entity tag without quotes; empty if the server gave none
}

// MakeCalendar creates a calendar collection at path (e.g. "/alice/pair/")
// with MKCALENDAR (RFC 4791 section 5.3.1), named displayName and accepting
// the component types comps ("VTODO", "VJOURNAL"; none means the server's
// default, usually all).
//
// If something already exists at path the error has Kind ErrExists
// (405 Method Not Allowed, or 409/403 with DAV:resource-must-be-null, which
// Radicale sends), so a caller that only needs the collection to exist can
// treat errors.Is(err, ErrExists) as success. A missing parent collection is
// ErrNotFound.
func MakeCalendar(ctx context.Context, acct Account, path, displayName string, comps ...string) error {
	if !strings.HasSuffix(path, "/") {
		path += "/"
	}
	u, err := acct.resolve(path)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n" +
		`<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>`)
	if displayName != "" {
		b.WriteString("<D:displayname>" + xmlText(displayName) + "</D:displayname>")
	}
	if len(comps) > 0 {
		b.WriteString("<C:supported-calendar-component-set>")
		for _, c := range comps {
			b.WriteString(`<C:comp name="` + xmlText(c) + `"/>`)
		}
		b.WriteString("</C:supported-calendar-component-set>")
	}
	b.WriteString("</D:prop></D:set></C:mkcalendar>\n")
	req, err := http.NewRequest("MKCALENDAR", u.String(), strings.NewReader(b.String()))
	if err != nil {
		return fmt.Errorf("caldavpub: %w", err)
	}
	req.Header.Set("Content-Type", "application/xml; charset=utf-8")
	resp, err := acct.doClassified(ctx, "mkcalendar", req, func(e *Error, body string) {
		switch {
		case e.Status == http.StatusMethodNotAllowed:
			e.Kind = ErrExists
		case strings.Contains(body, "resource-must-be-null"):
			e.Kind, e.Err = ErrExists, errors.New("DAV:resource-must-be-null")
		case e.Status == http.StatusConflict:
			// RFC 4918 section 9.3.1: an intermediate collection is missing.
			e.Kind, e.Err = ErrNotFound, errors.New("the parent collection does not exist")
		}
	})
	if err != nil {
		return err
	}
	drain(resp)
	return nil
}

// SyncCollection asks which members of the calendar collection changed since
// token with the sync-collection REPORT (RFC 6578, sync-level 1, asking for
// getetag). token "" is the initial sync: every member is listed as changed.
// It returns the changed (new or modified) members, the paths of removed
// members (a 404 status in the answer) and the token to give next time.
// Paths are absolute, percent-encoded paths as the server wrote them (full
// URLs are reduced to their path); compare them with paths from elsewhere
// after unescaping, since servers differ in what they escape (Radicale
// writes "@" as "%40").
//
// A truncated answer (507 on the collection, RFC 6578 section 3.6) is
// followed by further requests with the new token until complete.
//
// Errors: Kind ErrSyncToken when the server no longer knows token
// (DAV:valid-sync-token; start again with ""), ErrNoSync when the server
// or this collection does not support sync-collection (use List and
// compare entity tags instead).
func SyncCollection(ctx context.Context, acct Account, calendarPath, token string) (changed []Change, deleted []string, newToken string, err error) {
	type member struct {
		etag    string
		deleted bool
	}
	var order []string
	members := map[string]*member{}
	for round := 0; ; round++ {
		ms, u, err := syncOnce(ctx, acct, calendarPath, token)
		if err != nil {
			return nil, nil, "", err
		}
		if ms.SyncToken == "" {
			return nil, nil, "", &Error{Kind: ErrNoSync, Op: "sync", URL: u.Redacted(),
				Err: errors.New("the answer has no DAV:sync-token")}
		}
		truncated := false
		for _, r := range ms.Responses {
			for _, href := range r.Hrefs {
				p, err := hrefPath(u, href)
				if err != nil {
					return nil, nil, "", &Error{Kind: ErrServer, Op: "sync", URL: u.Redacted(), Err: err}
				}
				if samePath(p, u.EscapedPath()) {
					truncated = truncated || statusCode(r.Status) == http.StatusInsufficientStorage
					continue
				}
				m := members[p]
				if m == nil {
					m = &member{}
					members[p] = m
					order = append(order, p)
				}
				switch st := statusCode(r.Status); {
				case st == http.StatusNotFound:
					m.deleted, m.etag = true, ""
				case st != 0 && st/100 != 2:
					// Neither changed nor deleted; RFC 6578 defines no other
					// status for a member.
				default:
					m.deleted, m.etag = false, r.etag()
				}
			}
		}
		if !truncated {
			newToken = ms.SyncToken
			break
		}
		if ms.SyncToken == token || round >= maxSyncRounds {
			return nil, nil, "", &Error{Kind: ErrServer, Op: "sync", URL: u.Redacted(),
				Err: errors.New("the server keeps truncating its answer without moving the sync-token")}
		}
		token = ms.SyncToken
	}
	for _, p := range order {
		if m := members[p]; m.deleted {
			deleted = append(deleted, p)
		} else {
			changed = append(changed, Change{Path: p, ETag: m.etag})
		}
	}
	return changed, deleted, newToken, nil
}

func syncOnce(ctx context.Context, acct Account, calendarPath, token string) (*multistatus, *url.URL, error) {
	body := `<?xml version="1.0" encoding="utf-8"?>` + "\n" +
		`<D:sync-collection xmlns:D="DAV:">` +
		"<D:sync-token>" + xmlText(token) + "</D:sync-token>" +
		"<D:sync-level>1</D:sync-level>" +
		"<D:prop><D:getetag/></D:prop>" +
		"</D:sync-collection>\n"
	return davRequest(ctx, acct, "sync", "REPORT", calendarPath, "0", body, func(e *Error, body string) {
		switch {
		case strings.Contains(body, "valid-sync-token"):
			e.Kind, e.Err = ErrSyncToken, errors.New("DAV:valid-sync-token")
		case strings.Contains(body, "supported-report"):
			e.Kind, e.Err = ErrNoSync, errors.New("DAV:supported-report")
		case e.Status == http.StatusNotImplemented || e.Status == http.StatusBadRequest ||
			e.Status == http.StatusMethodNotAllowed:
			e.Kind = ErrNoSync
		}
	})
}

// Multiget reads the objects at paths of the calendar collection at
// calendarPath with the calendar-multiget REPORT (RFC 4791 section 7.9),
// 100 paths per request. Objects the server does not have (a 404
// status) are left out; the others come in the server's order.
//
// Data is the calendar-data text as the server sent it, XML-unescaped and
// not re-encoded, with one exception: XML parsers turn line ends into LF
// (XML 1.0 section 2.11) and Radicale does not escape its CRs, so when the
// text holds no CR at all its LFs are turned back into CRLF, the line end
// of RFC 5545. The result is then byte-for-byte what Get returns.
func Multiget(ctx context.Context, acct Account, calendarPath string, paths []string) ([]Object, error) {
	var hrefs []string
	seen := map[string]bool{}
	for _, p := range paths {
		u, err := acct.resolve(p)
		if err != nil {
			return nil, err
		}
		// The same object under another escaping is asked for once.
		if !seen[u.Path] {
			seen[u.Path] = true
			hrefs = append(hrefs, u.EscapedPath())
		}
	}
	var out []Object
	for start := 0; start < len(hrefs); start += multigetBatch {
		end := min(start+multigetBatch, len(hrefs))
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n" +
			`<C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">` +
			"<D:prop><D:getetag/><C:calendar-data/></D:prop>")
		for _, h := range hrefs[start:end] {
			b.WriteString("<D:href>" + xmlText(h) + "</D:href>")
		}
		b.WriteString("</C:calendar-multiget>\n")
		// RFC 4791 section 7.9: the Depth header is ignored; send none.
		ms, u, err := davRequest(ctx, acct, "multiget", "REPORT", calendarPath, "", b.String(), nil)
		if err != nil {
			return nil, err
		}
		for _, r := range ms.Responses {
			// A missing object has a 404 status and no calendar-data.
			data, ok := r.calendarData()
			if !ok || len(r.Hrefs) == 0 {
				continue
			}
			p, err := hrefPath(u, r.Hrefs[0])
			if err != nil {
				return nil, &Error{Kind: ErrServer, Op: "multiget", URL: u.Redacted(), Err: err}
			}
			out = append(out, Object{Path: p, ETag: r.etag(), Data: data})
		}
	}
	return out, nil
}

// List returns every object of the calendar collection at calendarPath with
// its entity tag (PROPFIND Depth: 1 for getetag; the collection itself and
// any sub-collection are left out). It is the fallback for a server without
// sync-collection: compare the entity tags with the ones last seen.
func List(ctx context.Context, acct Account, calendarPath string) ([]Change, error) {
	body := `<?xml version="1.0" encoding="utf-8"?>` + "\n" +
		`<D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/><D:getetag/></D:prop></D:propfind>` + "\n"
	ms, u, err := davRequest(ctx, acct, "list", "PROPFIND", calendarPath, "1", body, nil)
	if err != nil {
		return nil, err
	}
	var out []Change
	for _, r := range ms.Responses {
		if st := statusCode(r.Status); (st != 0 && st/100 != 2) || len(r.Hrefs) == 0 || r.isCollection() {
			continue
		}
		p, err := hrefPath(u, r.Hrefs[0])
		if err != nil {
			return nil, &Error{Kind: ErrServer, Op: "list", URL: u.Redacted(), Err: err}
		}
		if samePath(p, u.EscapedPath()) {
			continue
		}
		out = append(out, Change{Path: p, ETag: r.etag()})
	}
	return out, nil
}

// PutObject stores ics, a calendar object resource of any component type
// (VTODO, VJOURNAL, VEVENT) without METHOD, at objectPath, with the same
// preconditions as Put: etag == "" creates it and fails with ErrConflict if
// something is already there (If-None-Match: *); otherwise it replaces the
// object only if it still has that entity tag (If-Match; 412 is
// ErrConflict and nothing is overwritten). It returns the new entity tag.
func PutObject(ctx context.Context, acct Account, objectPath string, ics []byte, etag string) (newETag string, err error) {
	if _, err := objectUID(ics); err != nil {
		return "", err
	}
	newETag, _, err = putObject(ctx, acct, objectPath, ics, etag)
	return newETag, err
}

// putObject sends the conditional PUT; stored tells whether the server
// accepted it (err may then still report that the new ETag is unknown).
func putObject(ctx context.Context, acct Account, objectPath string, ics []byte, etag string) (newETag string, stored bool, err error) {
	if objectPath == "" || strings.HasSuffix(objectPath, "/") {
		// A PUT on a collection would replace all of it (Radicale allows it).
		return "", false, &Error{Kind: ErrInvalidObject, Op: "put", URL: redact(objectPath),
			Err: errors.New("the path names a collection, not an object")}
	}
	u, err := acct.resolve(objectPath)
	if err != nil {
		return "", false, err
	}
	req, err := http.NewRequest(http.MethodPut, u.String(), bytes.NewReader(ics))
	if err != nil {
		return "", false, fmt.Errorf("caldavpub: %w", err)
	}
	req.Header.Set("Content-Type", "text/calendar; charset=utf-8")
	if etag == "" {
		req.Header.Set("If-None-Match", "*")
	} else {
		req.Header.Set("If-Match", quoteETag(etag))
	}
	resp, err := acct.do(ctx, "put", req)
	if err != nil {
		return "", false, err
	}
	drain(resp)
	if h := resp.Header.Get("ETag"); h != "" && !strings.HasPrefix(h, "W/") {
		return unquoteETag(h), true, nil
	}
	// RFC 4791 section 5.3.4: a server that changed the data sends no
	// strong ETag; read the current one so the next update can use it.
	obj, err := Get(ctx, acct, objectPath)
	if err != nil {
		return "", true, err
	}
	return obj.ETag, true, nil
}

// doClassified is do with a hook: classify gets the *Error made from a
// non-2xx answer (Kind from statusKind) and the start of its body, and may
// change Kind and Err, e.g. after a WebDAV precondition in the body.
func (a Account) doClassified(ctx context.Context, op string, req *http.Request, classify func(e *Error, body string)) (*http.Response, error) {
	req.SetBasicAuth(a.Username, a.Password)
	resp, err := a.client().Do(req.WithContext(ctx))
	if err != nil {
		return nil, transportError(ctx, op, req.URL.Redacted(), err)
	}
	if resp.StatusCode/100 != 2 {
		defer resp.Body.Close()
		body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		e := &Error{Kind: statusKind(resp.StatusCode, string(body)), Op: op, URL: req.URL.Redacted(), Status: resp.StatusCode}
		if msg := strings.TrimSpace(string(body)); msg != "" && !strings.HasPrefix(msg, "<") {
			e.Err = errors.New(firstLine(msg))
		}
		if classify != nil {
			classify(e, string(body))
		}
		return nil, e
	}
	return resp, nil
}

// davRequest sends a WebDAV request with an XML body to path and parses the
// multistatus answer. It returns the request URL for resolving hrefs.
func davRequest(ctx context.Context, acct Account, op, method, path, depth, body string, classify func(*Error, string)) (*multistatus, *url.URL, error) {
	u, err := acct.resolve(path)
	if err != nil {
		return nil, nil, err
	}
	req, err := http.NewRequest(method, u.String(), strings.NewReader(body))
	if err != nil {
		return nil, nil, fmt.Errorf("caldavpub: %w", err)
	}
	req.Header.Set("Content-Type", "application/xml; charset=utf-8")
	if depth != "" {
		req.Header.Set("Depth", depth)
	}
	resp, err := acct.doClassified(ctx, op, req, classify)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxMultistatus+1))
	if err != nil {
		return nil, nil, transportError(ctx, op, u.Redacted(), err)
	}
	if len(data) > maxMultistatus {
		return nil, nil, &Error{Kind: ErrServer, Op: op, URL: u.Redacted(), Status: resp.StatusCode,
			Err: fmt.Errorf("answer larger than %d bytes", maxMultistatus)}
	}
	var ms multistatus
	if err := xml.Unmarshal(data, &ms); err != nil {
		return nil, nil, &Error{Kind: ErrServer, Op: op, URL: u.Redacted(), Status: resp.StatusCode,
			Err: fmt.Errorf("parse multistatus: %w", err)}
	}
	return &ms, u, nil
}

// multistatus is the DAV:multistatus answer (RFC 4918 section 14.16) with
// the sync-token of RFC 6578.
type multistatus struct {
	XMLName   xml.Name     `xml:"DAV: multistatus"`
	Responses []msResponse `xml:"DAV: response"`
	SyncToken string       `xml:"DAV: sync-token"`
}

type msResponse struct {
	Hrefs     []string     `xml:"DAV: href"`
	Status    string       `xml:"DAV: status"`
	Propstats []msPropstat `xml:"DAV: propstat"`
}

type msPropstat struct {
	Status string `xml:"DAV: status"`
	Prop   struct {
		ETag         *string `xml:"DAV: getetag"`
		CalendarData *string `xml:"urn:ietf:params:xml:ns:caldav calendar-data"`
		ResourceType *struct {
			Collection *struct{} `xml:"DAV: collection"`
		} `xml:"DAV: resourcetype"`
	} `xml:"DAV: prop"`
}

// found lists the propstats with a 2xx status.
func (r msResponse) found() []msPropstat {
	var out []msPropstat
	for _, ps := range r.Propstats {
		if st := statusCode(ps.Status); st/100 == 2 {
			out = append(out, ps)
		}
	}
	return out
}

func (r msResponse) etag() string {
	for _, ps := range r.found() {
		if ps.Prop.ETag != nil {
			return unquoteETag(strings.TrimSpace(*ps.Prop.ETag))
		}
	}
	return ""
}

func (r msResponse) calendarData() ([]byte, bool) {
	for _, ps := range r.found() {
		if ps.Prop.CalendarData != nil {
			d := *ps.Prop.CalendarData
			if !strings.Contains(d, "\r") {
				d = strings.ReplaceAll(d, "\n", "\r\n")
			}
			return []byte(d), true
		}
	}
	return nil, false
}

func (r msResponse) isCollection() bool {
	for _, ps := range r.found() {
		if ps.Prop.ResourceType != nil && ps.Prop.ResourceType.Collection != nil {
			return true
		}
	}
	return false
}

// statusCode reads the code of a status line such as "HTTP/1.1 404 Not
// Found"; 0 when there is none.
func statusCode(line string) int {
	f := strings.Fields(line)
	if len(f) < 2 {
		return 0
	}
	n, err := strconv.Atoi(f[1])
	if err != nil {
		return 0
	}
	return n
}

// hrefPath resolves an href of an answer to base (the request URL) and
// returns its absolute, percent-encoded path, keeping the server's escaping.
func hrefPath(base *url.URL, href string) (string, error) {
	ref, err := url.Parse(strings.TrimSpace(href))
	if err != nil {
		return "", fmt.Errorf("invalid href %q: %w", href, err)
	}
	return base.ResolveReference(ref).EscapedPath(), nil
}

// samePath compares two percent-encoded paths, ignoring escaping
// differences and a trailing slash.
func samePath(a, b string) bool {
	norm := func(p string) string {
		if s, err := url.PathUnescape(p); err == nil {
			p = s
		}
		return strings.TrimSuffix(p, "/")
	}
	return norm(a) == norm(b)
}

func xmlText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func drain(resp *http.Response) {
	io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBody))
	resp.Body.Close()
}
