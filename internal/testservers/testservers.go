// Package testservers starts real protocol servers on the loopback interface
// for Twoway's integration tests: Debian's aiosmtpd (SMTP, RFC 5321) and
// Radicale (CalDAV, RFC 4791).
//
// The tests of calendar/imip and calendar/caldavpub talk to these servers
// instead of mocks, because the interesting failures (Content-Length
// requirements, 409 on a duplicate UID, 535 on a wrong password, STARTTLS
// handshakes) are behaviours of real implementations that a mock would only
// repeat our own assumptions about.
//
// Every server runs under Debian's interpreter /usr/bin/python3 (a pyenv
// python3 may come first on PATH and cannot import the Debian packages),
// listens on 127.0.0.1 only, keeps its state in t.TempDir() and is killed by
// t.Cleanup. When a package is missing the test is skipped, or fails when the
// CI environment variable is set, so that CI cannot pass by skipping.
package testservers

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Python is the interpreter that can import Debian's python3-* packages.
const Python = "/usr/bin/python3"

// startTimeout bounds how long a server may take to accept connections.
const startTimeout = 20 * time.Second

// Require skips (or, under CI, fails) the test unless Debian's python3 can
// import module. pkg is the Debian package that provides it, named in the
// message so the reader knows what `make test` installs.
func Require(t testing.TB, module, pkg string) {
	t.Helper()
	fail := t.Skipf
	if os.Getenv("CI") != "" {
		fail = t.Fatalf
	}
	if _, err := os.Stat(Python); err != nil {
		fail("%s missing (%v); `make test` installs python3 and %s", Python, err, pkg)
		return
	}
	out, err := exec.Command(Python, "-c", "import "+module).CombinedOutput()
	if err != nil {
		fail("%s missing: %s cannot import %s (%v: %s); `make test` installs it",
			pkg, Python, module, err, bytes.TrimSpace(out))
	}
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago. A
// server started on it right away will almost always get it.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("testservers: find a free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// process is a server child process with its combined output captured for
// failure messages.
type process struct {
	name string
	cmd  *exec.Cmd
	out  *lockedBuffer

	mu     sync.Mutex
	exited chan struct{}
	err    error
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// start runs the command, registers its kill in t.Cleanup and waits until
// addr accepts TCP connections.
func start(t testing.TB, name, addr string, args ...string) *process {
	t.Helper()
	p := &process{name: name, out: &lockedBuffer{}, exited: make(chan struct{})}
	p.cmd = exec.Command(Python, args...)
	p.cmd.Stdout = p.out
	p.cmd.Stderr = p.out
	p.cmd.Env = append(os.Environ(), "PYTHONUNBUFFERED=1", "RADICALE_CONFIG=")
	// stdin is a pipe we never write: the server scripts treat its EOF as a
	// request to stop, so they die with the test binary even if it is killed.
	if _, err := p.cmd.StdinPipe(); err != nil {
		t.Fatalf("testservers: %s: stdin pipe: %v", name, err)
	}
	setParentDeathSignal(p.cmd)
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("testservers: start %s: %v", name, err)
	}
	go func() {
		err := p.cmd.Wait()
		p.mu.Lock()
		p.err = err
		p.mu.Unlock()
		close(p.exited)
	}()
	t.Cleanup(p.stop)

	deadline := time.Now().Add(startTimeout)
	for {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return p
		}
		select {
		case <-p.exited:
			t.Fatalf("testservers: %s exited before accepting connections on %s: %v\n%s",
				name, addr, p.err, p.out.String())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			p.stop()
			t.Fatalf("testservers: %s did not accept connections on %s within %v\n%s",
				name, addr, startTimeout, p.out.String())
		}
	}
}

// stop kills the server and waits for it; it is safe to call twice.
func (p *process) stop() {
	select {
	case <-p.exited:
		return
	default:
	}
	_ = p.cmd.Process.Kill()
	select {
	case <-p.exited:
	case <-time.After(10 * time.Second):
		fmt.Fprintf(os.Stderr, "testservers: %s (pid %d) did not exit after kill\n", p.name, p.cmd.Process.Pid)
	}
}

func hostPort(port int) string {
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
}
