//go:build unix

package testservers

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// DovecotBinary is Debian's Dovecot master (package dovecot-core, pulled in
// by dovecot-imapd).
const DovecotBinary = "/usr/sbin/dovecot"

// Dovecot is a running Dovecot 2.3 IMAP server (Debian's dovecot-imapd)
// with Maildir storage in a temporary folder.
type Dovecot struct {
	// URL is imap://127.0.0.1:PORT/ (imaps://127.0.0.2:TLSPORT/ for
	// StartDovecotTLS).
	URL string
	// Host is 127.0.0.1, or 127.0.0.2 for StartDovecotTLS: Dovecot counts
	// a connection whose two ends have the same address as secure and
	// would accept a password in clear on it despite ssl = required.
	Host string
	// Port is the IMAP port (143-style): without encryption for
	// StartDovecot, with mandatory STARTTLS for StartDovecotTLS.
	Port int
	// TLSPort is the implicit-TLS port (993-style); 0 for StartDovecot.
	TLSPort int
	// TLSConfig trusts the server's self-signed certificate; nil without
	// TLS.
	TLSConfig *tls.Config
	// Dir holds the configuration, the log (dovecot.log) and each user's
	// mail below home/USER/Maildir.
	Dir string

	users map[string]string
	proc  *process
}

// RequireDovecot skips (or, under CI, fails) the test unless Dovecot's IMAP
// server is installed.
func RequireDovecot(t testing.TB) {
	t.Helper()
	fail := t.Skipf
	if os.Getenv("CI") != "" {
		fail = t.Fatalf
	}
	if _, err := os.Stat(DovecotBinary); err != nil {
		fail("dovecot-imapd missing (%v); `make test` installs it", err)
		return
	}
	if _, err := os.Stat("/usr/lib/dovecot/imap"); err != nil {
		fail("dovecot-imapd missing (%v); `make test` installs it", err)
	}
}

// StartDovecot starts `dovecot -F -c FILE` on a free loopback port with
// plain-text IMAP (no TLS; LOGIN and AUTHENTICATE PLAIN allowed), one
// Maildir per user and passwords from a passwd-file, and stops it when the
// test ends. users maps login names to passwords; neither may contain ':'
// or a line break.
//
// Dovecot never runs as root here: under root the server is started as
// nobody:nogroup (the temporary folder is handed to that user), otherwise as
// the current user. Every path Dovecot writes (base_dir, state_dir, the log,
// the mail) is in the temporary folder and the login processes are not
// chrooted, so it needs nothing from /etc/dovecot or /var.
func StartDovecot(t testing.TB, users map[string]string) *Dovecot {
	t.Helper()
	return startDovecot(t, users, false)
}

// StartDovecotTLS is StartDovecot with encryption required, listening on
// 127.0.0.2 (see Host; Linux answers the whole of 127.0.0.0/8): Port
// accepts IMAP with STARTTLS and advertises LOGINDISABLED before it, and
// TLSPort speaks TLS from the first byte. TLSConfig trusts the self-signed
// certificate and verifies it as "localhost", the name it is issued to.
func StartDovecotTLS(t testing.TB, users map[string]string) *Dovecot {
	t.Helper()
	return startDovecot(t, users, true)
}

// runAs is the unprivileged account Dovecot runs under.
type runAs struct {
	user, group string
	uid, gid    int
	cred        *syscall.Credential // nil: run as the current user
}

func dovecotAccount(t testing.TB) runAs {
	t.Helper()
	if os.Geteuid() != 0 {
		u, err := user.Current()
		if err != nil {
			t.Fatalf("testservers: current user: %v", err)
		}
		a := runAs{user: u.Username, uid: os.Getuid(), gid: os.Getgid()}
		if g, err := user.LookupGroupId(strconv.Itoa(a.gid)); err == nil {
			a.group = g.Name
		} else {
			t.Fatalf("testservers: group %d: %v", a.gid, err)
		}
		return a
	}
	u, err := user.Lookup("nobody")
	if err != nil {
		t.Fatalf("testservers: Dovecot must not run as root and there is no user nobody: %v", err)
	}
	a := runAs{user: u.Username}
	if a.uid, err = strconv.Atoi(u.Uid); err != nil {
		t.Fatalf("testservers: uid of nobody: %v", err)
	}
	if a.gid, err = strconv.Atoi(u.Gid); err != nil {
		t.Fatalf("testservers: gid of nobody: %v", err)
	}
	g, err := user.LookupGroupId(u.Gid)
	if err != nil {
		t.Fatalf("testservers: group of nobody: %v", err)
	}
	a.group = g.Name
	a.cred = &syscall.Credential{Uid: uint32(a.uid), Gid: uint32(a.gid), Groups: []uint32{}}
	return a
}

func startDovecot(t testing.TB, users map[string]string, withTLS bool) *Dovecot {
	t.Helper()
	RequireDovecot(t)
	acct := dovecotAccount(t)

	// Not t.TempDir: its parent is private to the test's user (0700), which
	// nobody cannot enter. RemoveAll runs last, after the server is killed.
	dir, err := os.MkdirTemp("", "twoway-dovecot-")
	if err != nil {
		t.Fatalf("testservers: %v", err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })

	names := make([]string, 0, len(users))
	for u := range users {
		names = append(names, u)
	}
	sort.Strings(names)
	var pw strings.Builder
	for _, u := range names {
		p := users[u]
		if u == "" || strings.ContainsAny(u, ":\r\n\x00") || strings.ContainsAny(p, ":\r\n\x00") {
			t.Fatalf("testservers: Dovecot user %q: names and passwords may not be empty or contain ':' or line breaks", u)
		}
		fmt.Fprintf(&pw, "%s:{PLAIN}%s\n", u, p)
	}
	// Dovecot wants base_dir world-readable (it would fix the mode itself,
	// with a warning); the rest stays private.
	for sub, mode := range map[string]os.FileMode{"run": 0o755, "state": 0o700, "home": 0o700} {
		if err := os.Mkdir(filepath.Join(dir, sub), mode); err != nil {
			t.Fatalf("testservers: %v", err)
		}
	}
	usersFile := filepath.Join(dir, "users")
	if err := os.WriteFile(usersFile, []byte(pw.String()), 0o600); err != nil {
		t.Fatalf("testservers: %v", err)
	}

	d := &Dovecot{Host: "127.0.0.1", Dir: dir, users: users}
	sslConf := "ssl = no\n"
	if withTLS {
		d.Host = "127.0.0.2"
		certFile, keyFile, pool := SelfSignedCert(t, dir)
		d.TLSConfig = &tls.Config{RootCAs: pool, ServerName: "localhost", MinVersion: tls.VersionTLS12}
		// The certificate is an ECDSA one, so no ssl_dh parameters are
		// needed.
		sslConf = fmt.Sprintf("ssl = required\nssl_cert = <%s\nssl_key = <%s\nssl_min_protocol = TLSv1.2\n", certFile, keyFile)
	}
	d.Port = freePortOn(t, d.Host)
	d.URL = fmt.Sprintf("imap://%s/", d.addr(d.Port))
	if withTLS {
		for d.TLSPort == 0 || d.TLSPort == d.Port {
			d.TLSPort = freePortOn(t, d.Host)
		}
		d.URL = fmt.Sprintf("imaps://%s/", d.addr(d.TLSPort))
	}

	conf := fmt.Sprintf(`# Generated by internal/testservers.StartDovecot for one test.
protocols = imap
listen = %[10]s
base_dir = %[1]s/run
state_dir = %[1]s/state
log_path = %[1]s/dovecot.log
info_log_path = %[1]s/dovecot.log
%[2]sdisable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = %[3]s
default_internal_group = %[4]s
default_login_user = %[3]s
first_valid_uid = 1
mail_location = maildir:~/Maildir
mailbox_idle_check_interval = 1 secs

passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%%u %[5]s
}
userdb {
  driver = static
  args = uid=%[6]d gid=%[7]d home=%[1]s/home/%%u
}

service imap-login {
  chroot =
  inet_listener imap {
    address = %[10]s
    port = %[8]d
  }
  inet_listener imaps {
    address = %[10]s
    port = %[9]d
  }
}
service anvil {
  chroot =
  # No auth penalty: after a failed login anvil would delay every later
  # login from 127.0.0.1 by 2 to 15 seconds (Dovecot's documented way to
  # turn it off).
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
`, dir, sslConf, acct.user, acct.group, usersFile, acct.uid, acct.gid, d.Port, d.TLSPort, d.Host)
	confFile := filepath.Join(dir, "dovecot.conf")
	if err := os.WriteFile(confFile, []byte(conf), 0o600); err != nil {
		t.Fatalf("testservers: %v", err)
	}
	if acct.cred != nil {
		if err := chownTree(dir, acct.uid, acct.gid); err != nil {
			t.Fatalf("testservers: hand %s to %s: %v", dir, acct.user, err)
		}
	}

	p := &process{name: "dovecot", out: &lockedBuffer{}, exited: make(chan struct{})}
	p.cmd = exec.Command(DovecotBinary, "-F", "-c", confFile)
	p.cmd.Dir = dir
	p.cmd.Stdout = p.out
	p.cmd.Stderr = p.out
	p.cmd.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"}
	setParentDeathSignal(p.cmd)
	if p.cmd.SysProcAttr == nil {
		p.cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	// Its own process group, so that Stop also kills the imap and auth
	// children at once (a dropped server, not a polite shutdown).
	p.cmd.SysProcAttr.Setpgid = true
	p.cmd.SysProcAttr.Credential = acct.cred
	d.proc = p
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("testservers: start dovecot: %v", err)
	}
	go func() {
		err := p.cmd.Wait()
		p.mu.Lock()
		p.err = err
		p.mu.Unlock()
		close(p.exited)
	}()
	t.Cleanup(d.Stop)

	for _, port := range []int{d.Port, d.TLSPort} {
		if port != 0 {
			d.waitListening(t, d.addr(port))
		}
	}
	return d
}

func (d *Dovecot) addr(port int) string { return net.JoinHostPort(d.Host, strconv.Itoa(port)) }

// freePortOn is FreePort for another loopback address.
func freePortOn(t testing.TB, host string) int {
	t.Helper()
	l, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		t.Fatalf("testservers: find a free port on %s: %v", host, err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// waitListening waits until addr accepts connections, or fails the test
// with Dovecot's output and log.
func (d *Dovecot) waitListening(t testing.TB, addr string) {
	t.Helper()
	deadline := time.Now().Add(startTimeout)
	for {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return
		}
		select {
		case <-d.proc.exited:
			t.Fatalf("testservers: dovecot exited before accepting connections on %s: %v\n%s\n%s",
				addr, d.proc.err, d.proc.out.String(), d.Log())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			d.Stop()
			t.Fatalf("testservers: dovecot did not accept connections on %s within %v\n%s\n%s",
				addr, startTimeout, d.proc.out.String(), d.Log())
		}
	}
}

func chownTree(dir string, uid, gid int) error {
	return filepath.Walk(dir, func(path string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(path, uid, gid)
	})
}

// Stop kills the master and all its children at once (SIGKILL to the
// process group), like a server that crashed or a network that went away;
// established connections are reset. It is safe to call twice.
func (d *Dovecot) Stop() {
	select {
	case <-d.proc.exited:
	default:
		if pid := d.proc.cmd.Process.Pid; pid > 0 {
			_ = syscall.Kill(-pid, syscall.SIGKILL)
		}
	}
	d.proc.stop()
}

// Log returns Dovecot's log so far (for failure messages).
func (d *Dovecot) Log() string {
	b, err := os.ReadFile(filepath.Join(d.Dir, "dovecot.log"))
	if err != nil {
		return "(no dovecot.log: " + err.Error() + ")"
	}
	return string(b)
}

// Client returns an IMAP client logged in as user (on Port, with STARTTLS
// for StartDovecotTLS); it is logged out when the test ends.
func (d *Dovecot) Client(t testing.TB, user string) *imapclient.Client {
	t.Helper()
	pass, ok := d.users[user]
	if !ok {
		t.Fatalf("testservers: Dovecot has no user %q", user)
	}
	opts := &imapclient.Options{
		Dialer:    &net.Dialer{Timeout: 5 * time.Second},
		TLSConfig: d.TLSConfig,
	}
	var c *imapclient.Client
	var err error
	if d.TLSConfig != nil {
		c, err = imapclient.DialStartTLS(d.addr(d.Port), opts)
	} else {
		c, err = imapclient.DialInsecure(d.addr(d.Port), opts)
	}
	if err != nil {
		t.Fatalf("testservers: connect to dovecot: %v", err)
	}
	if err := c.Login(user, pass).Wait(); err != nil {
		c.Close()
		t.Fatalf("testservers: dovecot login %s: %v\n%s", user, err, d.Log())
	}
	t.Cleanup(func() {
		_ = c.Logout().Wait()
		c.Close()
	})
	return c
}

// Deliver puts raw (an RFC 5322 message; bare LF line ends become CRLF)
// into user's INBOX with IMAP APPEND, without flags, and returns its UID.
func (d *Dovecot) Deliver(t testing.TB, user string, raw []byte) uint32 {
	t.Helper()
	c := d.Client(t, user)
	msg := crlf(raw)
	cmd := c.Append("INBOX", int64(len(msg)), nil)
	if _, err := cmd.Write(msg); err != nil {
		t.Fatalf("testservers: APPEND: %v", err)
	}
	if err := cmd.Close(); err != nil {
		t.Fatalf("testservers: APPEND: %v", err)
	}
	data, err := cmd.Wait()
	if err != nil {
		t.Fatalf("testservers: APPEND: %v\n%s", err, d.Log())
	}
	if data.UID == 0 {
		t.Fatalf("testservers: APPEND returned no UID (no UIDPLUS?)")
	}
	return uint32(data.UID)
}

// Flags returns the flags and keywords of the message uid in user's INBOX,
// sorted (e.g. ["$TwowayImported", "\\Recent"]). It fails the test when
// there is no such message.
func (d *Dovecot) Flags(t testing.TB, user string, uid uint32) []string {
	t.Helper()
	c := d.Client(t, user)
	if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		t.Fatalf("testservers: EXAMINE INBOX: %v", err)
	}
	msgs, err := c.Fetch(imap.UIDSetNum(imap.UID(uid)), &imap.FetchOptions{UID: true, Flags: true}).Collect()
	if err != nil {
		t.Fatalf("testservers: FETCH FLAGS: %v", err)
	}
	if len(msgs) != 1 {
		t.Fatalf("testservers: no message with UID %d in %s's INBOX", uid, user)
	}
	out := make([]string, 0, len(msgs[0].Flags))
	for _, f := range msgs[0].Flags {
		out = append(out, string(f))
	}
	sort.Strings(out)
	return out
}

// crlf turns bare LF line ends into CRLF, as IMAP and RFC 5322 require.
func crlf(b []byte) []byte {
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
}
