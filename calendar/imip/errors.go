package imip

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"syscall"

	"github.com/emersion/go-smtp"
)

// Sentinel errors for errors.Is. Each message tells the user what to check;
// the *Error wrapping it adds the step, the server and the cause.
var (
	// ErrInsecure: Plain security was chosen for a server that is not on
	// this computer. Nothing was sent over the network.
	ErrInsecure = errors.New("imip: unencrypted SMTP is only allowed to this computer (localhost); choose SSL/TLS or STARTTLS")
	// ErrConnection: the server could not be reached, refused the
	// connection or closed it.
	ErrConnection = errors.New("imip: cannot reach the mail server; check the server name and port, and that you are online")
	// ErrTimeout: the server did not answer within SMTPConfig.Timeout.
	ErrTimeout = errors.New("imip: the mail server did not answer in time; check the port and security setting (465 is SSL/TLS, 587 is STARTTLS) and your network")
	// ErrTLS: the encrypted connection could not be set up.
	ErrTLS = errors.New("imip: secure connection to the mail server failed; check the security setting (465 is SSL/TLS, 587 is STARTTLS) and the server's certificate")
	// ErrAuth: the server rejected the user name or password, or requires
	// them and none were given.
	ErrAuth = errors.New("imip: the mail server rejected the login; check the user name and password (some providers require an app password)")
	// ErrRecipientRejected: the server refused a recipient address.
	ErrRecipientRejected = errors.New("imip: the mail server refused the recipient; check the partner's email address")
	// ErrServer: any other refusal by the server (sender not allowed,
	// message too large, temporary failure).
	ErrServer = errors.New("imip: the mail server refused the message; check the sender address and try again later")
)

// Error describes a failed SMTP step. errors.Is(err, ErrAuth) and friends
// match Kind; errors.As on Err reaches the server's reply (*smtp.SMTPError)
// or the network error.
type Error struct {
	Kind      error  // one of the sentinel errors above
	Op        string // the SMTP step: "connect", "starttls", "auth", "mail", "rcpt", "data"...
	Server    string // host:port
	Recipient string // for ErrRecipientRejected
	Err       error  // the underlying cause
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Kind.Error())
	b.WriteString(" (")
	b.WriteString(e.Op)
	if e.Recipient != "" {
		b.WriteString(" <" + e.Recipient + ">")
	}
	if e.Server != "" {
		b.WriteString(" at " + e.Server)
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

// classify wraps a failure of step op. ctx decides between a cancellation
// (returned as is, wrapped) and a deadline; tlsStep marks steps in which a
// non-SMTP failure means the TLS handshake failed.
func classify(ctx context.Context, op, server string, err error, tlsStep bool) error {
	if err == nil {
		return nil
	}
	e := &Error{Op: op, Server: server, Err: err}
	var smtpErr *smtp.SMTPError
	var certErr *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalidCert x509.CertificateInvalidError
	var alert tls.AlertError
	var recHdr tls.RecordHeaderError
	var netErr net.Error
	switch {
	case ctx.Err() == context.Canceled:
		return fmt.Errorf("imip: %s at %s: %w", op, server, context.Canceled)
	case ctx.Err() == context.DeadlineExceeded:
		e.Kind, e.Err = ErrTimeout, context.DeadlineExceeded
	case errors.As(err, &smtpErr):
		e.Kind = smtpKind(op, smtpErr)
	case errors.As(err, &certErr), errors.As(err, &unknownCA), errors.As(err, &hostErr),
		errors.As(err, &invalidCert), errors.As(err, &alert), errors.As(err, &recHdr):
		e.Kind = ErrTLS
	case errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		e.Kind = ErrTimeout
	case tlsStep && strings.Contains(err.Error(), "STARTTLS"):
		e.Kind = ErrTLS // "smtp: server doesn't support STARTTLS"
	case tlsStep && !isConnectionLoss(err):
		e.Kind = ErrTLS
	default:
		e.Kind = ErrConnection
	}
	return e
}

// smtpKind maps a server reply to a kind, using the step it answered.
func smtpKind(op string, e *smtp.SMTPError) error {
	switch {
	case e.Code == 538 || (op == "auth" && e.EnhancedCode == smtp.EnhancedCode{5, 7, 11}):
		return ErrTLS // encryption required for this authentication mechanism
	case op == "auth":
		return ErrAuth
	case e.Code == 530 || e.Code == 535 || e.Code == 534:
		return ErrAuth // authentication required / invalid
	case op == "rcpt" && e.Code/100 == 5:
		return ErrRecipientRejected
	case op == "starttls":
		return ErrTLS
	default:
		return ErrServer
	}
}

func isConnectionLoss(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, net.ErrClosed)
}
