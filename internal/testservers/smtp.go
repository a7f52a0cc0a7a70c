package testservers

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	_ "embed"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

//go:embed smtpd.py
var smtpdScript []byte

// SMTP security modes understood by StartSMTP.
const (
	TLSNone     = "none"
	TLSStartTLS = "starttls"
	TLSImplicit = "implicit"
)

// SMTPOptions configures a test SMTP server.
type SMTPOptions struct {
	// TLS is TLSNone (default), TLSStartTLS (STARTTLS required before MAIL)
	// or TLSImplicit (TLS from the first byte, like port 465).
	TLS string
	// Username and Password, when set, make AUTH PLAIN/LOGIN mandatory.
	Username, Password string
	// Reject lists recipient addresses answered with 550 at RCPT.
	Reject []string
}

// SMTPServer is a running aiosmtpd that stores what it receives.
type SMTPServer struct {
	Host string // always 127.0.0.1
	Port int
	// TLSConfig trusts the server's self-signed certificate; nil without TLS.
	TLSConfig *tls.Config

	dir  string
	proc *process
}

// Delivered is one message as the SMTP server received it.
type Delivered struct {
	MailFrom      string   `json:"mail_from"`
	RcptTo        []string `json:"rcpt_tos"`
	Authenticated bool     `json:"authenticated"`
	TLS           bool     `json:"tls"`
	// Path is the file holding the raw message (RFC 5322 bytes).
	Path string `json:"-"`
	Raw  []byte `json:"-"`
}

// StartSMTP starts `/usr/bin/python3 smtpd.py` (aiosmtpd) on a free loopback
// port and stops it when the test ends.
func StartSMTP(t testing.TB, opts SMTPOptions) *SMTPServer {
	t.Helper()
	Require(t, "aiosmtpd.controller", "python3-aiosmtpd")
	tmp := t.TempDir()
	script := filepath.Join(tmp, "smtpd.py")
	if err := os.WriteFile(script, smtpdScript, 0o600); err != nil {
		t.Fatalf("testservers: write smtpd.py: %v", err)
	}
	maildir := filepath.Join(tmp, "mail")
	if err := os.Mkdir(maildir, 0o700); err != nil {
		t.Fatalf("testservers: %v", err)
	}
	s := &SMTPServer{Host: "127.0.0.1", Port: FreePort(t), dir: maildir}
	args := []string{script, "--host", s.Host, "--port", strconv.Itoa(s.Port), "--dir", maildir}
	mode := opts.TLS
	if mode == "" {
		mode = TLSNone
	}
	args = append(args, "--tls", mode)
	if mode != TLSNone {
		certFile, keyFile, pool := SelfSignedCert(t, tmp)
		args = append(args, "--cert", certFile, "--key", keyFile)
		s.TLSConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	if opts.Username != "" {
		args = append(args, "--user", opts.Username, "--password", opts.Password)
	}
	for _, r := range opts.Reject {
		args = append(args, "--reject", r)
	}
	s.proc = start(t, "aiosmtpd", hostPort(s.Port), args...)
	return s
}

// Addr is host:port.
func (s *SMTPServer) Addr() string { return hostPort(s.Port) }

// Stop kills the server now (for tests of a server that went away).
func (s *SMTPServer) Stop() { s.proc.stop() }

// Messages returns the messages received so far, oldest first.
func (s *SMTPServer) Messages(t testing.TB) []Delivered {
	t.Helper()
	metas, err := filepath.Glob(filepath.Join(s.dir, "*.json"))
	if err != nil {
		t.Fatalf("testservers: %v", err)
	}
	var out []Delivered
	type withTime struct {
		d Delivered
		m time.Time
	}
	var all []withTime
	for _, m := range metas {
		b, err := os.ReadFile(m)
		if err != nil {
			t.Fatalf("testservers: %v", err)
		}
		var d Delivered
		if err := json.Unmarshal(b, &d); err != nil {
			t.Fatalf("testservers: %s: %v", m, err)
		}
		d.Path = strings.TrimSuffix(m, ".json") + ".eml"
		if d.Raw, err = os.ReadFile(d.Path); err != nil {
			t.Fatalf("testservers: %v", err)
		}
		fi, _ := os.Stat(m)
		all = append(all, withTime{d, fi.ModTime()})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].m.Before(all[j].m) })
	for _, w := range all {
		out = append(out, w.d)
	}
	return out
}

// SelfSignedCert writes a fresh ECDSA certificate for 127.0.0.1, ::1 and
// localhost into dir and returns the file names and a pool trusting it.
func SelfSignedCert(t testing.TB, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatalf("testservers: key: %v", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "twoway test server"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("::1")},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatalf("testservers: certificate: %v", err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatalf("testservers: %v", err)
	}
	certFile = filepath.Join(dir, "cert.pem")
	keyFile = filepath.Join(dir, "key.pem")
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	if err := os.WriteFile(certFile, certPEM, 0o600); err != nil {
		t.Fatalf("testservers: %v", err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatalf("testservers: %v", err)
	}
	pool = x509.NewCertPool()
	pool.AppendCertsFromPEM(certPEM)
	return certFile, keyFile, pool
}
