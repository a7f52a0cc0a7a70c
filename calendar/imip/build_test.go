package imip_test

import (
	"bytes"
	"encoding/json"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twoway-app/twoway/calendar/imip"
	"github.com/twoway-app/twoway/internal/testservers"
)

var (
	organizer = mail.Address{Name: "Jürgen Müller", Address: "juergen@example.org"}
	attendee  = mail.Address{Name: "Ayşe Yılmaz", Address: "ayse@example.net"}
)

const bodyText = "Mentoring Jürgen ↔ Ayşe – weekly call\n" +
	"Mondays 18:00 Berlin / 20:00 Istanbul\n" +
	"Agenda: goals, blockers, next steps\n" +
	"Join: https://meet.example.org/twoway-jurgen-ayse\n"

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// message returns a valid message for the fixture and method; the sender is
// the organizer except for attendee methods.
func message(t *testing.T, file, method string) imip.Message {
	from, to := organizer, attendee
	if method == imip.MethodReply || method == imip.MethodCounter {
		from, to = attendee, organizer
	}
	return imip.Message{
		From:      from,
		To:        []mail.Address{to},
		Subject:   "Einladung: Mentoring Jürgen ↔ Ayşe (wöchentlich)",
		Text:      bodyText,
		ICS:       fixture(t, file),
		Method:    method,
		Date:      time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC),
		MessageID: "test-" + strings.ToLower(method) + "@twoway.app",
	}
}

// pyTree is what testdata/mimetree.py prints.
type pyTree struct {
	From        []pyAddr `json:"from"`
	To          []pyAddr `json:"to"`
	Subject     string   `json:"subject"`
	Date        string   `json:"date"`
	MessageID   string   `json:"message_id"`
	MIMEVersion string   `json:"mime_version"`
	Defects     []string `json:"defects"`
	Tree        pyPart   `json:"tree"`
}

type pyAddr struct {
	Name string `json:"name"`
	Addr string `json:"addr"`
}

type pyPart struct {
	ContentType string            `json:"content_type"`
	Params      map[string]string `json:"params"`
	CTE         string            `json:"cte"`
	Disposition *string           `json:"disposition"`
	Filename    *string           `json:"filename"`
	Parts       []pyPart          `json:"parts"`
	Body        string            `json:"body"`
}

// parseWithPython runs Python's email package (an implementation
// independent of go-message) over the raw message.
func parseWithPython(t *testing.T, raw []byte) pyTree {
	t.Helper()
	testservers.Require(t, "email", "python3")
	f := filepath.Join(t.TempDir(), "msg.eml")
	if err := os.WriteFile(f, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(testservers.Python, filepath.Join("testdata", "mimetree.py"), f).Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("mimetree.py: %v\n%s", err, stderr)
	}
	var tree pyTree
	if err := json.Unmarshal(out, &tree); err != nil {
		t.Fatalf("mimetree.py output: %v\n%s", err, out)
	}
	return tree
}

// checkInvite asserts the RFC 6047 structure of a parsed message.
func checkInvite(t *testing.T, m imip.Message, got pyTree) {
	t.Helper()
	if len(got.Defects) > 0 {
		t.Errorf("Python found MIME defects: %v", got.Defects)
	}
	if got.MIMEVersion != "1.0" {
		t.Errorf("MIME-Version = %q", got.MIMEVersion)
	}
	if len(got.From) != 1 || got.From[0] != (pyAddr{m.From.Name, m.From.Address}) {
		t.Errorf("From = %+v, want %v", got.From, m.From)
	}
	if len(got.To) != 1 || got.To[0] != (pyAddr{m.To[0].Name, m.To[0].Address}) {
		t.Errorf("To = %+v, want %v", got.To, m.To)
	}
	if got.Subject != m.Subject {
		t.Errorf("Subject = %q, want %q", got.Subject, m.Subject)
	}
	if got.MessageID != "<"+m.MessageID+">" {
		t.Errorf("Message-ID = %q", got.MessageID)
	}
	root := got.Tree
	if root.ContentType != "multipart/mixed" || len(root.Parts) != 2 {
		t.Fatalf("root = %s with %d parts, want multipart/mixed with 2", root.ContentType, len(root.Parts))
	}
	alt, att := root.Parts[0], root.Parts[1]
	if alt.ContentType != "multipart/alternative" || len(alt.Parts) != 2 {
		t.Fatalf("first part = %s with %d parts, want multipart/alternative with 2", alt.ContentType, len(alt.Parts))
	}
	text, cal := alt.Parts[0], alt.Parts[1]
	if text.ContentType != "text/plain" || !strings.EqualFold(text.Params["charset"], "utf-8") {
		t.Errorf("text part = %s %v", text.ContentType, text.Params)
	}
	if normalizeNL(text.Body) != normalizeNL(m.Text) {
		t.Errorf("text body = %q, want %q", text.Body, m.Text)
	}
	if cal.ContentType != "text/calendar" || !strings.EqualFold(cal.Params["charset"], "utf-8") {
		t.Errorf("calendar part = %s %v", cal.ContentType, cal.Params)
	}
	if cal.Params["method"] != m.Method {
		t.Errorf("calendar method param = %q, want %q", cal.Params["method"], m.Method)
	}
	if cal.CTE != "base64" {
		t.Errorf("calendar Content-Transfer-Encoding = %q, want base64", cal.CTE)
	}
	if cal.Body != string(m.ICS) {
		t.Errorf("decoded calendar part differs from the ICS given:\n%q\nwant\n%q", cal.Body, m.ICS)
	}
	if att.ContentType != "application/ics" || att.CTE != "base64" ||
		att.Disposition == nil || *att.Disposition != "attachment" ||
		att.Filename == nil || *att.Filename != imip.AttachmentName {
		t.Errorf("attachment = %s cte=%s disposition=%v filename=%v", att.ContentType, att.CTE, deref(att.Disposition), deref(att.Filename))
	}
	if att.Body != string(m.ICS) {
		t.Errorf("decoded attachment differs from the ICS given")
	}
}

func normalizeNL(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

func deref(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}

// headerBlock returns the top-level header of a raw message.
func headerBlock(raw []byte) []byte {
	if i := bytes.Index(raw, []byte("\r\n\r\n")); i >= 0 {
		return raw[:i]
	}
	return raw
}

func TestBuildIsParsedByPython(t *testing.T) {
	tests := []struct {
		file, method string
	}{
		{"request.ics", imip.MethodRequest},
		{"cancel.ics", imip.MethodCancel},
		{"reply.ics", imip.MethodReply},
		{"declinecounter.ics", imip.MethodDeclineCounter},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			m := message(t, tt.file, tt.method)
			raw, err := imip.Build(m)
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			// RFC 5322/2047: header bytes are ASCII, non-ASCII names and
			// the subject are encoded words.
			for _, c := range headerBlock(raw) {
				if c >= 0x80 {
					t.Fatalf("raw header contains non-ASCII byte:\n%s", headerBlock(raw))
				}
			}
			if !bytes.Contains(headerBlock(raw), []byte("=?utf-8?")) {
				t.Errorf("no RFC 2047 encoded word in header:\n%s", headerBlock(raw))
			}
			checkInvite(t, m, parseWithPython(t, raw))
		})
	}
}

func TestBuildRefusesInconsistentMessages(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*imip.Message)
		wantErr string
	}{
		{"method differs from METHOD", func(m *imip.Message) { m.Method = imip.MethodCancel }, "does not match METHOD:REQUEST"},
		{"lower-case method is fine", func(m *imip.Message) { m.Method = "request" }, ""},
		{"object without METHOD", func(m *imip.Message) { m.ICS = fixture(t, "nomethod.ics") }, "no METHOD"},
		{"unknown method", func(m *imip.Message) { m.Method = "INVITE" }, "unknown iTIP method"},
		{"sender is not the organizer", func(m *imip.Message) { m.From = attendee }, "differs from ORGANIZER"},
		{"reply from a stranger", func(m *imip.Message) {
			m.ICS, m.Method = fixture(t, "reply.ics"), imip.MethodReply
			m.From = mail.Address{Address: "eve@example.com"}
		}, "not an ATTENDEE"},
		{"no recipient", func(m *imip.Message) { m.To = nil }, "no recipient"},
		{"bad sender address", func(m *imip.Message) { m.From.Address = "juergen" }, "invalid sender"},
		{"empty object", func(m *imip.Message) { m.ICS = nil }, "empty iCalendar"},
		{"broken object", func(m *imip.Message) { m.ICS = []byte("BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\n") }, "parse iCalendar"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := message(t, "request.ics", imip.MethodRequest)
			tt.edit(&m)
			_, err := imip.Build(m)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("Build: %v", err)
			case tt.wantErr != "" && err == nil:
				t.Fatalf("Build succeeded, want error containing %q", tt.wantErr)
			case err != nil && (!strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "imip: ")):
				t.Fatalf("Build error = %q, want it to start with \"imip: \" and contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestBuildDefaultsDateAndMessageID(t *testing.T) {
	m := message(t, "request.ics", imip.MethodRequest)
	m.Date, m.MessageID = time.Time{}, ""
	raw, err := imip.Build(m)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if id := msg.Header.Get("Message-Id"); !strings.HasSuffix(id, "@example.org>") {
		t.Errorf("Message-ID = %q, want one in the sender's domain", id)
	}
	if d, err := msg.Header.Date(); err != nil || time.Since(d) > time.Minute {
		t.Errorf("Date = %v (%v), want now", d, err)
	}
}
