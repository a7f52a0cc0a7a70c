package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// startSessionBus starts a private D-Bus session daemon and returns its
// address; it stops with the test.
func startSessionBus(t *testing.T) string {
	t.Helper()
	daemon := need(t, "dbus-daemon", "dbus")
	cmd := exec.Command(daemon, "--session", "--nofork", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon gave no address: %v", err)
	}
	return strings.TrimSpace(addr)
}

// TestReminderOnARealSessionBus starts the real app in the background
// (--background: no window) under Xvfb with a private session bus served
// by Debian's dunst, with a session about to begin: the reminder reaches
// dunst as a desktop notification naming the partner and the call link.
func TestReminderOnARealSessionBus(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the real app, dbus-daemon and dunst; skipped with -short")
	}
	dunst := need(t, "dunst", "dunst")
	dunstctl := need(t, "dunstctl", "dunst")
	monitor := need(t, "dbus-monitor", "dbus")
	display := startXvfb(t)
	bus := startSessionBus(t)
	busEnv := "DBUS_SESSION_BUS_ADDRESS=" + bus
	// DISPLAY is set before dunst meets the bus, as it needs.
	d := exec.Command(dunst)
	d.Env = append(d.Environ(), "DISPLAY="+display, busEnv, "XDG_CONFIG_HOME="+t.TempDir())
	if err := d.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Process.Kill(); d.Wait() })

	bin := buildBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "twoway.db")
	// Given a partnership whose first session starts in about seven minutes (UTC clock)
	start := time.Now().UTC().Add(7 * time.Minute).Truncate(time.Minute)
	run := func(args ...string) {
		t.Helper()
		if out, err := exec.Command(bin, append([]string{"--db", db}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	run("pair", "add", "--title", "Ana & Ben", "--me", "Ana Ruiz <ana@example.org>", "--me-tz", "UTC",
		"--partner", "Ben Okafor <ben@example.com>", "--partner-tz", "America/New_York",
		"--me-hours", "00:00-23:59", "--link", "https://meet.jit.si/Twoway-ana-ben")
	run("schedule", "set", "1", "--days", start.Weekday().String()[:2], "--at", start.Format("15:04"),
		"--from", start.Format("2006-01-02"), "--count", "3", "--minutes", "30")

	// Watching the bus for the Notify call dunst answers
	mon := exec.Command(monitor, "--address", bus, "interface='org.freedesktop.Notifications',member='Notify'")
	seen := &logBuffer{}
	mon.Stdout, mon.Stderr = seen, seen
	if err := mon.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { mon.Process.Kill(); mon.Wait() })
	time.Sleep(300 * time.Millisecond) // the monitor subscribes

	// When the app starts in the background (no window) with that bus
	for _, sub := range []string{"config", "cache", "share"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	app := exec.Command(bin, "--db", db, "--background")
	app.Env = append(os.Environ(), "DISPLAY="+display, "FYNE_PLATFORM=x11", "LANG=en_US.UTF-8",
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "XDG_CACHE_HOME="+filepath.Join(dir, "cache"),
		"XDG_DATA_HOME="+filepath.Join(dir, "share"), busEnv)
	logs := &logBuffer{}
	app.Stdout, app.Stderr = logs, logs
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Process.Kill(); app.Wait() })

	// Then the reminder goes to dunst over the bus: the partner and the call link
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) && !strings.Contains(seen.String(), "with Ben in") {
		time.Sleep(500 * time.Millisecond)
	}
	got := seen.String()
	if !strings.Contains(got, "Ana & Ben: with Ben in") || !strings.Contains(got, "https://meet.jit.si/Twoway-ana-ben") {
		t.Fatalf("no reminder on the bus:\n%s\napp log:\n%s", got, logs.String())
	}
	// And dunst took it: it shows one notification
	c := exec.Command(dunstctl, "count", "displayed")
	c.Env = append(c.Environ(), busEnv)
	if out, err := c.Output(); err != nil || strings.TrimSpace(string(out)) == "0" {
		t.Errorf("dunst displays %q (%v)", out, err)
	}
}
