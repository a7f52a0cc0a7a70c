package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/twoway-app/twoway/storage"
)

// need returns the path of tool, failing in CI (where `make test` installs
// it) and skipping elsewhere.
func need(t *testing.T, tool, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(tool)
	if err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s not found: install %s (`make test` does)", tool, pkg)
	}
	t.Skipf("%s not found: install %s or run `make test`", tool, pkg)
	return ""
}

// buildBinary builds twoway the way the Makefile does.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "twoway")
	out, err := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startXvfb starts a virtual display and returns its DISPLAY value.
func startXvfb(t *testing.T) string {
	t.Helper()
	xvfb := need(t, "Xvfb", "xvfb")
	for n := 90 + os.Getpid()%50; n < 200; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
			continue
		}
		display := fmt.Sprintf(":%d", n)
		cmd := exec.Command(xvfb, display, "-screen", "0", "1280x860x24", "-nolisten", "tcp")
		if err := cmd.Start(); err != nil {
			t.Fatalf("start Xvfb: %v", err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		for i := 0; i < 100; i++ {
			if c, err := net.Dial("unix", fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
				c.Close()
				return display
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("Xvfb on %s did not start", display)
	}
	t.Fatal("no free X display")
	return ""
}

// TestSmokeGUI starts the real app on a virtual display with a fresh
// database, waits for its window, checks it drew something, and that it
// exits cleanly on SIGTERM leaving a valid database.
func TestSmokeGUI(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the real app under Xvfb; skipped with -short")
	}
	xwininfo := need(t, "xwininfo", "x11-utils")
	importCmd := need(t, "import", "imagemagick")
	display := startXvfb(t)
	bin := buildBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "data", "twoway.db")

	// Given a database with one partnership, created headless
	add := exec.Command(bin, "--db", db, "pair", "add", "--title", "Smoke & Mirrors",
		"--me", "Ana Ruiz <ana@example.org>", "--me-tz", "Europe/Berlin",
		"--partner", "Ben Okafor <ben@example.com>", "--partner-tz", "America/New_York")
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("pair add: %v\n%s", err, out)
	}

	// When the app starts on the virtual display
	app, exited, logs := startApp(t, bin, display, db, dir)
	defer app.Process.Kill()

	// Then its window appears
	waitWindow(t, xwininfo, display, exited, logs)
	// And it rendered: the screen holds many colours, not a blank frame
	png := filepath.Join(dir, "screen.png")
	var colours int
	for i := 0; i < 50; i++ {
		time.Sleep(200 * time.Millisecond)
		if err := exec.Command(importCmd, "-display", display, "-window", "root", png).Run(); err != nil {
			continue
		}
		out, err := exec.Command("identify", "-format", "%k", png).Output()
		if err == nil {
			fmt.Sscan(string(out), &colours)
		}
		if colours > 50 {
			break
		}
	}
	if colours <= 50 {
		t.Fatalf("screen has %d colours: the window did not render\n%s", colours, logs.String())
	}

	// When asked to stop, it exits cleanly
	app.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, logs.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("app did not exit within 20s of SIGTERM\n%s", logs.String())
	}
	if strings.Contains(logs.String(), "panic") {
		t.Errorf("app logged a panic:\n%s", logs.String())
	}
	// And the database is intact
	s, err := storage.Open(context.Background(), db)
	if err != nil {
		t.Fatalf("reopen database: %v", err)
	}
	defer s.Close()
	list, err := s.ListPartnerships(context.Background())
	if err != nil || len(list) != 1 || list[0].Title != "Smoke & Mirrors" {
		t.Errorf("after the GUI ran: %+v, %v", list, err)
	}
}

// startApp starts the GUI on display with its own config and cache folders.
func startApp(t *testing.T, bin, display, db, dir string) (*exec.Cmd, chan error, *bytes.Buffer) {
	t.Helper()
	app := exec.Command(bin, "--db", db)
	app.Env = append(os.Environ(), "DISPLAY="+display, "FYNE_PLATFORM=x11", "LANG=en_US.UTF-8",
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "XDG_CACHE_HOME="+filepath.Join(dir, "cache"),
		"XDG_DATA_HOME="+filepath.Join(dir, "share"))
	logs := &bytes.Buffer{}
	app.Stdout, app.Stderr = logs, logs
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- app.Wait() }()
	return app, exited, logs
}

// waitWindow waits up to a minute for a window titled Twoway.
func waitWindow(t *testing.T, xwininfo, display string, exited chan error, logs *bytes.Buffer) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		out, _ := exec.Command(xwininfo, "-display", display, "-root", "-tree").Output()
		if strings.Contains(string(out), `"Twoway"`) {
			return
		}
		select {
		case err := <-exited:
			t.Fatalf("app exited before showing a window: %v\n%s", err, logs.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no Twoway window after 60s\n%s", logs.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestSmokeBadDatabase starts the app on a file that is not a Twoway
// database: it must say so in a window (a desktop user sees no terminal),
// exit non-zero, and leave the file as it was.
func TestSmokeBadDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the real app under Xvfb; skipped with -short")
	}
	xwininfo := need(t, "xwininfo", "x11-utils")
	display := startXvfb(t)
	bin := buildBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "notes.db")
	content := []byte(strings.Repeat("my notes, not a database\n", 50))
	os.WriteFile(db, content, 0o600)

	app, exited, logs := startApp(t, bin, display, db, dir)
	defer app.Process.Kill()
	waitWindow(t, xwininfo, display, exited, logs)
	app.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-exited:
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 {
			t.Errorf("exit = %v, want status 1", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("app did not exit after SIGTERM")
	}
	if !strings.Contains(logs.String(), "not a Twoway database") {
		t.Errorf("stderr lacks the reason: %s", logs.String())
	}
	if b, _ := os.ReadFile(db); !bytes.Equal(b, content) {
		t.Error("the file was modified")
	}
}

// TestVersionAndHelp checks the flags handled before any window opens.
func TestVersionAndHelp(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"--version"}, &out, &errb); code != 0 || !strings.HasPrefix(out.String(), "twoway ") {
		t.Errorf("--version: %d %q", code, out.String())
	}
	out.Reset()
	if code := run([]string{"help"}, &out, &errb); code != 0 || !strings.Contains(out.String(), "pair add") {
		t.Errorf("help: %d %q", code, out.String())
	}
	errb.Reset()
	if code := run([]string{"--no-such-flag"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "no-such-flag") {
		t.Errorf("bad flag: %d %q", code, errb.String())
	}
}
