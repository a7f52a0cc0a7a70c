package imip

import (
	"bytes"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/emersion/go-ical"
	gomail "github.com/emersion/go-message/mail"
)

// iTIP methods (RFC 5546 section 1.4) accepted by Build.
const (
	MethodPublish        = "PUBLISH"
	MethodRequest        = "REQUEST"
	MethodReply          = "REPLY"
	MethodAdd            = "ADD"
	MethodCancel         = "CANCEL"
	MethodRefresh        = "REFRESH"
	MethodCounter        = "COUNTER"
	MethodDeclineCounter = "DECLINECOUNTER"
)

// AttachmentName is the file name of the attached copy of the invitation.
const AttachmentName = "invite.ics"

// sentByAttendee lists the methods an attendee sends; every other method is
// sent by the organizer (RFC 5546 section 1.4).
var sentByAttendee = map[string]bool{MethodReply: true, MethodRefresh: true, MethodCounter: true}

var knownMethods = map[string]bool{
	MethodPublish: true, MethodRequest: true, MethodReply: true, MethodAdd: true,
	MethodCancel: true, MethodRefresh: true, MethodCounter: true, MethodDeclineCounter: true,
}

// Message is one iMIP email.
type Message struct {
	// From is the sender. For organizer methods (REQUEST, CANCEL,
	// DECLINECOUNTER, ...) it must be the ORGANIZER of the object, for REPLY
	// and COUNTER one of its ATTENDEEs: RFC 6047 section 3 lets clients
	// ignore a message whose sender does not match, and Gmail does.
	From mail.Address
	// To are the recipients (the partner).
	To []mail.Address
	// Subject may contain any Unicode; it is encoded per RFC 2047.
	Subject string
	// Text is the readable body shown by clients that do not understand the
	// invitation: title, both local times, agenda, join link.
	Text string
	// ICS is the complete iCalendar object, with a METHOD property.
	ICS []byte
	// Method is the iTIP method; it must equal the METHOD inside ICS.
	Method string
	// Date defaults to the current time.
	Date time.Time
	// MessageID is without angle brackets; a random one using the sender's
	// domain is generated when empty.
	MessageID string
}

// Envelope returns the SMTP envelope addresses (MAIL FROM, RCPT TO) for m.
func (m Message) Envelope() (from string, to []string) {
	for _, a := range m.To {
		to = append(to, a.Address)
	}
	return m.From.Address, to
}

// Build renders m as an RFC 6047 message:
//
//	multipart/mixed
//	  multipart/alternative
//	    text/plain; charset=utf-8                      (quoted-printable)
//	    text/calendar; charset=utf-8; method=REQUEST   (base64)
//	  application/ics; name=invite.ics                 (attachment, base64)
//
// The calendar parts are base64 so that no mail server re-wraps or
// re-encodes the CRLF-folded lines (RFC 6047 section 2.4 recommends it for
// that reason).
func Build(m Message) ([]byte, error) {
	method, err := checkMessage(m)
	if err != nil {
		return nil, err
	}

	var h gomail.Header
	from := m.From
	h.SetAddressList("From", []*mail.Address{&from})
	to := make([]*mail.Address, len(m.To))
	for i := range m.To {
		to[i] = &m.To[i]
	}
	h.SetAddressList("To", to)
	h.SetSubject(m.Subject)
	date := m.Date
	if date.IsZero() {
		date = time.Now()
	}
	h.SetDate(date)
	if id := strings.Trim(m.MessageID, "<> "); id != "" {
		h.SetMessageID(id)
	} else if err := h.GenerateMessageIDWithHostname(domainOf(m.From.Address)); err != nil {
		return nil, fmt.Errorf("imip: generate Message-ID: %w", err)
	}

	var buf bytes.Buffer
	mw, err := gomail.CreateWriter(&buf, h)
	if err != nil {
		return nil, fmt.Errorf("imip: write header: %w", err)
	}
	alt, err := mw.CreateInline()
	if err != nil {
		return nil, fmt.Errorf("imip: create alternative part: %w", err)
	}

	var th gomail.InlineHeader
	th.SetContentType("text/plain", map[string]string{"charset": "utf-8"})
	if err := writePart(alt.CreatePart(th))(m.Text); err != nil {
		return nil, fmt.Errorf("imip: write text part: %w", err)
	}

	var ch gomail.InlineHeader
	ch.SetContentType("text/calendar", map[string]string{"charset": "utf-8", "method": method})
	ch.Set("Content-Transfer-Encoding", "base64")
	if err := writePart(alt.CreatePart(ch))(string(m.ICS)); err != nil {
		return nil, fmt.Errorf("imip: write calendar part: %w", err)
	}
	if err := alt.Close(); err != nil {
		return nil, fmt.Errorf("imip: close alternative part: %w", err)
	}

	// The attachment carries no method parameter: Outlook would otherwise
	// process the invitation twice.
	var ah gomail.AttachmentHeader
	ah.SetContentType("application/ics", map[string]string{"name": AttachmentName})
	ah.SetFilename(AttachmentName)
	ah.Set("Content-Transfer-Encoding", "base64")
	if err := writePart(mw.CreateAttachment(ah))(string(m.ICS)); err != nil {
		return nil, fmt.Errorf("imip: write attachment: %w", err)
	}
	if err := mw.Close(); err != nil {
		return nil, fmt.Errorf("imip: close message: %w", err)
	}
	return buf.Bytes(), nil
}

// writePart adapts a part constructor so that creation, writing and closing
// share one error path.
func writePart(w interface {
	Write([]byte) (int, error)
	Close() error
}, err error) func(string) error {
	return func(s string) error {
		if err != nil {
			return err
		}
		if _, err := w.Write([]byte(s)); err != nil {
			w.Close()
			return err
		}
		return w.Close()
	}
}

// checkMessage validates m and returns the normalised method.
func checkMessage(m Message) (string, error) {
	if _, err := mail.ParseAddress(m.From.Address); err != nil {
		return "", fmt.Errorf("imip: invalid sender address %q: %w", m.From.Address, err)
	}
	if len(m.To) == 0 {
		return "", errors.New("imip: no recipient")
	}
	for _, a := range m.To {
		if _, err := mail.ParseAddress(a.Address); err != nil {
			return "", fmt.Errorf("imip: invalid recipient address %q: %w", a.Address, err)
		}
	}
	method := strings.ToUpper(strings.TrimSpace(m.Method))
	if !knownMethods[method] {
		return "", fmt.Errorf("imip: unknown iTIP method %q", m.Method)
	}
	if len(m.ICS) == 0 {
		return "", errors.New("imip: empty iCalendar object")
	}
	cal, err := ical.NewDecoder(bytes.NewReader(m.ICS)).Decode()
	if err != nil {
		return "", fmt.Errorf("imip: parse iCalendar object: %w", err)
	}
	icsMethod := ""
	if p := cal.Props.Get(ical.PropMethod); p != nil {
		icsMethod = strings.ToUpper(p.Value)
	}
	if icsMethod == "" {
		// RFC 6047 section 2.4: the object in an iMIP message must have a
		// METHOD; without one clients treat it as a plain file.
		return "", fmt.Errorf("imip: iCalendar object has no METHOD (want METHOD:%s)", method)
	}
	if icsMethod != method {
		return "", fmt.Errorf("imip: method %s does not match METHOD:%s inside the iCalendar object", method, icsMethod)
	}
	if err := checkSender(cal, method, m.From.Address); err != nil {
		return "", err
	}
	return method, nil
}

// checkSender enforces "From = ORGANIZER" (or an ATTENDEE for attendee
// methods) on every scheduling component of the object.
func checkSender(cal *ical.Calendar, method, from string) error {
	for _, comp := range cal.Children {
		if comp.Name == ical.CompTimezone {
			continue
		}
		if sentByAttendee[method] {
			found := false
			for _, a := range comp.Props.Values(ical.PropAttendee) {
				if sameMailto(a.Value, from) {
					found = true
				}
			}
			if !found {
				return fmt.Errorf("imip: %s sender %s is not an ATTENDEE of %s", method, from, comp.Name)
			}
			continue
		}
		org := comp.Props.Get(ical.PropOrganizer)
		if org == nil {
			if method == MethodPublish {
				continue // PUBLISH may omit the organizer
			}
			return fmt.Errorf("imip: %s has no ORGANIZER", comp.Name)
		}
		if !sameMailto(org.Value, from) {
			return fmt.Errorf("imip: sender %s differs from ORGANIZER %s", from, org.Value)
		}
	}
	return nil
}

// sameMailto reports whether the calendar address uri (mailto:...) names the
// email address addr; both compare case-insensitively as mail providers do.
func sameMailto(uri, addr string) bool {
	if len(uri) < 7 || !strings.EqualFold(uri[:7], "mailto:") {
		return false
	}
	return strings.EqualFold(strings.TrimSpace(uri[7:]), strings.TrimSpace(addr))
}

func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 && i < len(addr)-1 {
		return addr[i+1:]
	}
	return "localhost"
}
