package imip_test

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twoway-app/twoway/calendar/imip"
	"github.com/twoway-app/twoway/internal/testservers"
)

const (
	smtpUser     = "juergen@example.org"
	smtpPassword = "s3cret-Pässwort-42"
)

// config returns a client configuration for srv.
func config(srv *testservers.SMTPServer, sec imip.Security) imip.SMTPConfig {
	return imip.SMTPConfig{
		Host: srv.Host, Port: srv.Port, Security: sec,
		Username: smtpUser, Password: smtpPassword,
		Timeout: 5 * time.Second, TLSConfig: srv.TLSConfig,
	}
}

// checkErrorText makes sure an error never leaks the password and carries
// the package prefix.
func checkErrorText(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if strings.Contains(err.Error(), smtpPassword) {
		t.Errorf("error contains the password: %v", err)
	}
	if !strings.HasPrefix(err.Error(), "imip: ") {
		t.Errorf("error %q lacks the imip: prefix", err)
	}
}

// TestSendDeliversInvite sends real invitations through aiosmtpd in each
// security mode and checks with Python's email package what arrived.
func TestSendDeliversInvite(t *testing.T) {
	tests := []struct {
		name     string
		opts     testservers.SMTPOptions
		security imip.Security
		noAuth   bool
		file     string
		method   string
	}{
		{"STARTTLS with AUTH, REQUEST", testservers.SMTPOptions{TLS: testservers.TLSStartTLS, Username: smtpUser, Password: smtpPassword}, imip.StartTLS, false, "request.ics", imip.MethodRequest},
		{"implicit TLS with AUTH, CANCEL", testservers.SMTPOptions{TLS: testservers.TLSImplicit, Username: smtpUser, Password: smtpPassword}, imip.ImplicitTLS, false, "cancel.ics", imip.MethodCancel},
		{"plain localhost relay without AUTH, REPLY", testservers.SMTPOptions{}, imip.Plain, true, "reply.ics", imip.MethodReply},
		{"plain localhost with AUTH, DECLINECOUNTER", testservers.SMTPOptions{Username: smtpUser, Password: smtpPassword}, imip.Plain, false, "declinecounter.ics", imip.MethodDeclineCounter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := testservers.StartSMTP(t, tt.opts)
			cfg := config(srv, tt.security)
			if tt.noAuth {
				cfg.Username, cfg.Password = "", ""
			}
			m := message(t, tt.file, tt.method)
			raw, err := imip.Build(m)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			if err := imip.TestConnection(ctx, cfg); err != nil {
				t.Fatalf("TestConnection: %v", err)
			}
			from, to := m.Envelope()
			if err := imip.Send(ctx, cfg, from, to, raw); err != nil {
				t.Fatalf("Send: %v", err)
			}

			got := srv.Messages(t)
			if len(got) != 1 {
				t.Fatalf("server received %d messages, want 1", len(got))
			}
			d := got[0]
			if d.MailFrom != from || len(d.RcptTo) != 1 || d.RcptTo[0] != to[0] {
				t.Errorf("envelope = %s -> %v, want %s -> %v", d.MailFrom, d.RcptTo, from, to)
			}
			if d.TLS != (tt.security != imip.Plain) {
				t.Errorf("server saw TLS = %v", d.TLS)
			}
			if d.Authenticated != !tt.noAuth {
				t.Errorf("server saw authenticated = %v", d.Authenticated)
			}
			checkInvite(t, m, parseWithPython(t, d.Raw))
		})
	}
}

func TestSendFailures(t *testing.T) {
	secure := testservers.StartSMTP(t, testservers.SMTPOptions{
		TLS: testservers.TLSStartTLS, Username: smtpUser, Password: smtpPassword,
		Reject: []string{"nobody@example.net"},
	})
	plain := testservers.StartSMTP(t, testservers.SMTPOptions{})

	m := message(t, "request.ics", imip.MethodRequest)
	raw, err := imip.Build(m)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		cfg      func() imip.SMTPConfig
		to       []string
		want     error
		contains string
	}{
		{"wrong password", func() imip.SMTPConfig {
			c := config(secure, imip.StartTLS)
			c.Password = "wrong-" + smtpPassword // must not leak either
			return c
		}, nil, imip.ErrAuth, "535"},
		{"wrong user name", func() imip.SMTPConfig {
			c := config(secure, imip.StartTLS)
			c.Username = "mallory"
			return c
		}, nil, imip.ErrAuth, "535"},
		{"no credentials where AUTH is required", func() imip.SMTPConfig {
			c := config(secure, imip.StartTLS)
			c.Username, c.Password = "", ""
			return c
		}, nil, imip.ErrAuth, "530"},
		{"recipient rejected", func() imip.SMTPConfig { return config(secure, imip.StartTLS) },
			[]string{"ayse@example.net", "nobody@example.net"}, imip.ErrRecipientRejected, "<nobody@example.net>"},
		{"untrusted certificate", func() imip.SMTPConfig {
			c := config(secure, imip.StartTLS)
			c.TLSConfig = nil // system roots do not know the test CA
			return c
		}, nil, imip.ErrTLS, "certificate"},
		{"certificate for another name", func() imip.SMTPConfig {
			c := config(secure, imip.StartTLS)
			c.TLSConfig = &tls.Config{RootCAs: secure.TLSConfig.RootCAs, ServerName: "smtp.example.com"}
			return c
		}, nil, imip.ErrTLS, "smtp.example.com"},
		{"implicit TLS to a STARTTLS port", func() imip.SMTPConfig { return config(secure, imip.ImplicitTLS) }, nil, imip.ErrTLS, "tls handshake"},
		{"STARTTLS to a server without it", func() imip.SMTPConfig { return config(plain, imip.StartTLS) }, nil, imip.ErrTLS, "STARTTLS"},
		{"plain SMTP to a remote host", func() imip.SMTPConfig {
			// 192.0.2.1 (TEST-NET-1) is never routed: a dial would hang
			// for the whole timeout, so a quick answer proves none happened.
			return imip.SMTPConfig{Host: "192.0.2.1", Port: 25, Security: imip.Plain, Timeout: time.Minute}
		}, nil, imip.ErrInsecure, "refused before connecting"},
		{"plain SMTP to a remote name", func() imip.SMTPConfig {
			return imip.SMTPConfig{Host: "smtp.example.com", Port: 25, Security: imip.Plain, Timeout: time.Minute}
		}, nil, imip.ErrInsecure, "localhost"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			to := tt.to
			if to == nil {
				to = []string{"ayse@example.net"}
			}
			before := len(secure.Messages(t))
			start := time.Now()
			err := imip.Send(ctx, tt.cfg(), m.From.Address, to, raw)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Send error = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("error %q does not mention %q", err, tt.contains)
			}
			t.Logf("error shown to the user: %v", err)
			checkErrorText(t, err)
			if strings.Contains(err.Error(), "wrong-") {
				t.Errorf("error contains the wrong password: %v", err)
			}
			if tt.want == imip.ErrInsecure && time.Since(start) > 100*time.Millisecond {
				t.Errorf("refusal took %v: it must not dial", time.Since(start))
			}
			if n := len(secure.Messages(t)); n != before {
				t.Errorf("a failed Send delivered %d messages", n-before)
			}
			if tt.want != imip.ErrInsecure && tt.want != imip.ErrRecipientRejected && tt.contains != "530" {
				// TestConnection reports the same problem (it sends no
				// MAIL, so it cannot see a missing login or recipient).
				if err := imip.TestConnection(ctx, tt.cfg()); !errors.Is(err, tt.want) {
					t.Errorf("TestConnection error = %v, want %v", err, tt.want)
				}
			}
		})
	}
}

// TestSendToStoppedServer: the server was there, then went away (the user's
// relay crashed): Send fails fast with ErrConnection.
func TestSendToStoppedServer(t *testing.T) {
	srv := testservers.StartSMTP(t, testservers.SMTPOptions{TLS: testservers.TLSStartTLS, Username: smtpUser, Password: smtpPassword})
	cfg := config(srv, imip.StartTLS)
	cfg.Timeout = 10 * time.Second
	ctx := context.Background()
	if err := imip.TestConnection(ctx, cfg); err != nil {
		t.Fatalf("TestConnection while running: %v", err)
	}
	srv.Stop()

	m := message(t, "request.ics", imip.MethodRequest)
	raw, err := imip.Build(m)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err = imip.Send(ctx, cfg, m.From.Address, []string{"ayse@example.net"}, raw)
	if !errors.Is(err, imip.ErrConnection) {
		t.Fatalf("Send error = %v, want ErrConnection", err)
	}
	checkErrorText(t, err)
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Send took %v to notice the server is down", d)
	}
}

// silentServer accepts TCP connections and never says anything, like a
// firewall that swallows packets after the handshake or a wrong port.
func silentServer(t *testing.T) (host string, port int) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	a := l.Addr().(*net.TCPAddr)
	return "127.0.0.1", a.Port
}

func TestSilentServerTimesOut(t *testing.T) {
	host, port := silentServer(t)
	const timeout = 700 * time.Millisecond
	for _, sec := range []imip.Security{imip.ImplicitTLS, imip.StartTLS, imip.Plain} {
		t.Run(sec.String(), func(t *testing.T) {
			cfg := imip.SMTPConfig{Host: host, Port: port, Security: sec, Timeout: timeout,
				Username: smtpUser, Password: smtpPassword}
			start := time.Now()
			err := imip.Send(context.Background(), cfg, "juergen@example.org", []string{"ayse@example.net"}, []byte("x"))
			elapsed := time.Since(start)
			if !errors.Is(err, imip.ErrTimeout) {
				t.Fatalf("Send error = %v, want ErrTimeout", err)
			}
			checkErrorText(t, err)
			if elapsed < timeout || elapsed > timeout+3*time.Second {
				t.Errorf("Send returned after %v, want about %v", elapsed, timeout)
			}
		})
	}
}

// TestContextBoundsSend: the caller's context wins over a longer Timeout,
// both as a deadline (ErrTimeout) and as a cancellation (context.Canceled).
func TestContextBoundsSend(t *testing.T) {
	host, port := silentServer(t)
	cfg := imip.SMTPConfig{Host: host, Port: port, Security: imip.StartTLS, Timeout: time.Minute}

	t.Run("deadline", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		start := time.Now()
		err := imip.TestConnection(ctx, cfg)
		if !errors.Is(err, imip.ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("error = %v, want ErrTimeout and DeadlineExceeded", err)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("took %v", d)
		}
	})
	t.Run("cancel", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(300*time.Millisecond, cancel)
		start := time.Now()
		err := imip.TestConnection(ctx, cfg)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("error = %v, want context.Canceled", err)
		}
		checkErrorText(t, err)
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("took %v", d)
		}
	})
}

func TestConfigValidation(t *testing.T) {
	tests := []struct {
		name string
		cfg  imip.SMTPConfig
		want string
	}{
		{"no host", imip.SMTPConfig{Port: 587}, "no SMTP server"},
		{"no port", imip.SMTPConfig{Host: "smtp.example.com"}, "invalid SMTP port"},
		{"port too large", imip.SMTPConfig{Host: "smtp.example.com", Port: 70000}, "invalid SMTP port"},
		{"unknown security", imip.SMTPConfig{Host: "smtp.example.com", Port: 587, Security: 9}, "unknown security"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := imip.TestConnection(context.Background(), tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
		})
	}
}
