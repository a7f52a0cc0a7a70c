package testservers

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Radicale is a running Radicale 3 CalDAV server.
type Radicale struct {
	// URL is the server root, e.g. http://127.0.0.1:41234/ .
	URL  string
	proc *process
}

// StartRadicale starts `/usr/bin/python3 -m radicale --config FILE` on a free
// loopback port with filesystem storage and htpasswd (plain text) users in a
// temporary folder, and stops it when the test ends.
func StartRadicale(t testing.TB, users map[string]string) *Radicale {
	t.Helper()
	Require(t, "radicale", "radicale")
	tmp := t.TempDir()
	var pw strings.Builder
	for u, p := range users {
		fmt.Fprintf(&pw, "%s:%s\n", u, p)
	}
	usersFile := filepath.Join(tmp, "users")
	if err := os.WriteFile(usersFile, []byte(pw.String()), 0o600); err != nil {
		t.Fatalf("testservers: %v", err)
	}
	port := FreePort(t)
	// Every section we rely on is spelled out, because Debian's
	// /etc/radicale/config (always read first) sets auth and rights types
	// that would otherwise apply.
	conf := fmt.Sprintf(`[server]
hosts = 127.0.0.1:%d
ssl = False

[auth]
type = htpasswd
htpasswd_filename = %s
htpasswd_encryption = plain
delay = 0.01

[rights]
type = owner_only

[storage]
type = multifilesystem
filesystem_folder = %s

[web]
type = none

[logging]
level = warning
mask_passwords = True
`, port, usersFile, filepath.Join(tmp, "collections"))
	confFile := filepath.Join(tmp, "config")
	if err := os.WriteFile(confFile, []byte(conf), 0o600); err != nil {
		t.Fatalf("testservers: %v", err)
	}
	r := &Radicale{URL: fmt.Sprintf("http://127.0.0.1:%d/", port)}
	r.proc = start(t, "radicale", hostPort(port), "-m", "radicale", "--config", confFile)
	return r
}

// Stop kills the server now.
func (r *Radicale) Stop() { r.proc.stop() }

// MakeCalendar creates a calendar collection with MKCALENDAR (RFC 4791
// section 5.3.1) at path (e.g. "/alice/work/") holding the given component
// types ("VEVENT", "VTODO").
func (r *Radicale) MakeCalendar(t testing.TB, user, password, path, displayName string, comps ...string) {
	t.Helper()
	var set strings.Builder
	for _, c := range comps {
		fmt.Fprintf(&set, `<C:comp name="%s"/>`, c)
	}
	body := fmt.Sprintf(`<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:set><D:prop>
    <D:displayname>%s</D:displayname>
    <C:supported-calendar-component-set>%s</C:supported-calendar-component-set>
  </D:prop></D:set>
</C:mkcalendar>`, displayName, set.String())
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "MKCALENDAR", strings.TrimSuffix(r.URL, "/")+path, bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatalf("testservers: %v", err)
	}
	req.SetBasicAuth(user, password)
	req.Header.Set("Content-Type", "application/xml; charset=utf-8")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("testservers: MKCALENDAR %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("testservers: MKCALENDAR %s: %s\n%s", path, resp.Status, b)
	}
}
