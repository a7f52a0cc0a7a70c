package imip

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Security is how the SMTP connection is protected. The zero value is
// ImplicitTLS so that a forgotten setting never sends a password in clear.
type Security int

const (
	// ImplicitTLS starts TLS before the first byte (SMTPS, usually port 465).
	ImplicitTLS Security = iota
	// StartTLS connects in clear and upgrades with STARTTLS (RFC 3207,
	// usually port 587). A server without STARTTLS is an error, never a
	// silent fallback to clear text.
	StartTLS
	// Plain uses no encryption; it is refused unless the host is this
	// computer (a local relay or a test server).
	Plain
)

func (s Security) String() string {
	switch s {
	case ImplicitTLS:
		return "SSL/TLS"
	case StartTLS:
		return "STARTTLS"
	case Plain:
		return "none"
	}
	return "Security(" + strconv.Itoa(int(s)) + ")"
}

// DefaultTimeout applies when SMTPConfig.Timeout is zero.
const DefaultTimeout = 30 * time.Second

// SMTPConfig describes the user's outgoing mail server.
type SMTPConfig struct {
	Host     string
	Port     int
	Security Security
	// Username and Password enable AUTH (PLAIN, else LOGIN) when Username is
	// not empty.
	Username, Password string
	// Timeout bounds the connection and every command separately (not the
	// whole session); 0 means DefaultTimeout.
	Timeout time.Duration
	// TLSConfig overrides the TLS settings (tests trust a self-signed
	// certificate with it). ServerName defaults to Host.
	TLSConfig *tls.Config
	// LocalName is sent in EHLO; "localhost" when empty.
	LocalName string
}

func (cfg SMTPConfig) addr() string { return net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port)) }

func (cfg SMTPConfig) timeout() time.Duration {
	if cfg.Timeout > 0 {
		return cfg.Timeout
	}
	return DefaultTimeout
}

func (cfg SMTPConfig) tlsConfig() *tls.Config {
	c := &tls.Config{MinVersion: tls.VersionTLS12}
	if cfg.TLSConfig != nil {
		c = cfg.TLSConfig.Clone()
	}
	if c.ServerName == "" {
		c.ServerName = cfg.Host
	}
	return c
}

// isLocalHost reports whether host is this computer: "localhost" or a
// loopback address (127.0.0.0/8, ::1).
func isLocalHost(host string) bool {
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

func (cfg SMTPConfig) validate() error {
	if cfg.Host == "" {
		return errors.New("imip: no SMTP server name configured")
	}
	if cfg.Port <= 0 || cfg.Port > 65535 {
		return fmt.Errorf("imip: invalid SMTP port %d", cfg.Port)
	}
	switch cfg.Security {
	case ImplicitTLS, StartTLS:
	case Plain:
		if !isLocalHost(cfg.Host) {
			return &Error{Kind: ErrInsecure, Op: "connect", Server: cfg.addr(),
				Err: errors.New("refused before connecting")}
		}
	default:
		return fmt.Errorf("imip: unknown security setting %v", cfg.Security)
	}
	return nil
}

// session is one SMTP connection, its context watch and its error context.
type session struct {
	ctx    context.Context
	cfg    SMTPConfig
	raw    net.Conn
	client *smtp.Client
	stop   func() bool
}

// dial connects, greets, secures and authenticates. On error nothing is left
// open.
func dial(ctx context.Context, cfg SMTPConfig) (*session, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	s := &session{ctx: ctx, cfg: cfg}
	timeout := cfg.timeout()

	d := net.Dialer{Timeout: timeout}
	raw, err := d.DialContext(ctx, "tcp", cfg.addr())
	if err != nil {
		return nil, s.fail("connect", err, false)
	}
	s.raw = raw
	// A cancelled context closes the socket, which makes any blocked read
	// or write return at once, whatever deadline go-smtp set.
	s.stop = context.AfterFunc(ctx, func() { raw.Close() })
	var conn net.Conn = &deadlineConn{Conn: raw, timeout: timeout}

	if cfg.Security == ImplicitTLS {
		tc := tls.Client(conn, cfg.tlsConfig())
		hctx, cancel := context.WithTimeout(ctx, timeout)
		err := tc.HandshakeContext(hctx)
		cancel()
		if err != nil {
			s.close()
			return nil, s.fail("tls handshake", err, true)
		}
		conn = tc
	}

	name := cfg.LocalName
	if name == "" {
		name = "localhost"
	}
	if cfg.Security == StartTLS {
		// NewClientStartTLS greets, sends EHLO and STARTTLS; the handshake
		// itself happens in the second EHLO, so both count as the TLS step.
		c, err := smtp.NewClientStartTLS(conn, cfg.tlsConfig())
		if err != nil {
			s.close()
			return nil, s.fail("starttls", err, true)
		}
		s.client = c
		s.setTimeouts()
		if err := c.Hello(name); err != nil {
			s.close()
			return nil, s.fail("starttls", err, true)
		}
	} else {
		s.client = smtp.NewClient(conn)
		s.setTimeouts()
		if err := s.client.Hello(name); err != nil {
			s.close()
			return nil, s.fail("ehlo", err, false)
		}
	}

	if cfg.Username != "" {
		if err := s.auth(); err != nil {
			s.close()
			return nil, err
		}
	}
	return s, nil
}

func (s *session) setTimeouts() {
	s.client.CommandTimeout = s.cfg.timeout()
	s.client.SubmissionTimeout = s.cfg.timeout()
}

func (s *session) auth() error {
	var mech sasl.Client
	switch {
	case s.client.SupportsAuth(sasl.Plain):
		mech = sasl.NewPlainClient("", s.cfg.Username, s.cfg.Password)
	case s.client.SupportsAuth(sasl.Login):
		mech = sasl.NewLoginClient(s.cfg.Username, s.cfg.Password)
	default:
		if ok, _ := s.client.Extension("AUTH"); !ok {
			kind := ErrAuth
			if s.cfg.Security == Plain {
				kind = ErrTLS // most servers offer AUTH only once encrypted
			}
			return &Error{Kind: kind, Op: "auth", Server: s.cfg.addr(),
				Err: errors.New("server does not offer authentication on this connection")}
		}
		return &Error{Kind: ErrAuth, Op: "auth", Server: s.cfg.addr(),
			Err: errors.New("server offers neither PLAIN nor LOGIN authentication")}
	}
	if err := s.client.Auth(mech); err != nil {
		return s.fail("auth", err, false)
	}
	return nil
}

func (s *session) fail(op string, err error, tlsStep bool) error {
	return classify(s.ctx, op, s.cfg.addr(), err, tlsStep)
}

// close drops the connection without QUIT (used after an error).
func (s *session) close() {
	if s.stop != nil {
		s.stop()
	}
	if s.client != nil {
		s.client.Close()
	} else if s.raw != nil {
		s.raw.Close()
	}
}

// quit ends the session politely; its error is irrelevant once the work is
// done, so it is only returned for TestConnection.
func (s *session) quit() error {
	err := s.client.Quit()
	s.close()
	if err != nil {
		return s.fail("quit", err, false)
	}
	return nil
}

// Send delivers msg (an RFC 5322 message, e.g. from Build) to the
// recipients to, with from as the envelope sender. All recipients must be
// accepted, otherwise nothing is sent and the error names the refused one.
func Send(ctx context.Context, cfg SMTPConfig, from string, to []string, msg []byte) error {
	if from == "" {
		return errors.New("imip: no sender address")
	}
	if len(to) == 0 {
		return errors.New("imip: no recipient")
	}
	s, err := dial(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.close()

	if err := s.client.Mail(from, nil); err != nil {
		err = s.fail("mail", err, false)
		var e *Error
		if errors.As(err, &e) && e.Kind == ErrAuth && cfg.Username == "" {
			e.Err = fmt.Errorf("the server requires a login and no user name is set: %w", e.Err)
		}
		return err
	}
	for _, rcpt := range to {
		if err := s.client.Rcpt(rcpt, nil); err != nil {
			err = s.fail("rcpt", err, false)
			var e *Error
			if errors.As(err, &e) {
				e.Recipient = rcpt
			}
			return err
		}
	}
	w, err := s.client.Data()
	if err != nil {
		return s.fail("data", err, false)
	}
	if _, err := w.Write(msg); err != nil {
		return s.fail("data", err, false)
	}
	if err := w.Close(); err != nil {
		return s.fail("data", err, false)
	}
	_ = s.quit()
	return nil
}

// TestConnection checks the settings the way Send would use them: connect,
// EHLO, TLS, AUTH when a user name is set, then QUIT. It sends no mail.
func TestConnection(ctx context.Context, cfg SMTPConfig) error {
	s, err := dial(ctx, cfg)
	if err != nil {
		return err
	}
	return s.quit()
}

// deadlineConn caps every deadline at Timeout from now and puts one on every
// write. go-smtp sets its own per-command deadlines, but from its default
// CommandTimeout (5 minutes) during NewClientStartTLS, before we can change
// it, and none while the message body is written: the cap makes Timeout hold
// for every step, so a silent server cannot block the application.
type deadlineConn struct {
	net.Conn
	timeout time.Duration
}

func (c *deadlineConn) capped(t time.Time) time.Time {
	if limit := time.Now().Add(c.timeout); !t.IsZero() && t.After(limit) {
		return limit
	}
	return t
}

func (c *deadlineConn) SetDeadline(t time.Time) error { return c.Conn.SetDeadline(c.capped(t)) }

func (c *deadlineConn) SetReadDeadline(t time.Time) error {
	return c.Conn.SetReadDeadline(c.capped(t))
}

func (c *deadlineConn) SetWriteDeadline(t time.Time) error {
	return c.Conn.SetWriteDeadline(c.capped(t))
}

func (c *deadlineConn) Write(p []byte) (int, error) {
	if err := c.Conn.SetWriteDeadline(time.Now().Add(c.timeout)); err != nil {
		return 0, err
	}
	return c.Conn.Write(p)
}
