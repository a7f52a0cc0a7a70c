package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/twoway-app/twoway/internal/testservers"
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

	// Watching the bus for the Notify call dunst answers
	mon := exec.Command(monitor, "--address", bus, "interface='org.freedesktop.Notifications',member='Notify'")
	seen := &logBuffer{}
	mon.Stdout, mon.Stderr = seen, seen
	if err := mon.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { mon.Process.Kill(); mon.Wait() })
	time.Sleep(300 * time.Millisecond) // the monitor subscribes

	// When the app starts in the background (no window) with that bus and
	// a session in about seven minutes
	bg := startInBackground(t, display, bus)
	logs := bg.logs

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
		t.Fatalf("dunst displays %q (%v)", out, err)
	}
	// And its default action, Join call, opens the call link: dunstctl
	// invokes it as a click would, dunst signals ActionInvoked, Twoway
	// hands the link to xdg-open, which starts $BROWSER
	act := exec.Command(dunstctl, "action", "0")
	act.Env = append(act.Environ(), busEnv)
	if out, err := act.CombinedOutput(); err != nil {
		t.Fatalf("dunstctl action: %v\n%s", err, out)
	}
	if got := bg.waitOpened(t); got != bg.link {
		t.Errorf("Join opened %q, want %q\napp log:\n%s", got, bg.link, logs.String())
	}
}

// backgroundApp is the real app started with --background on a
// partnership whose first session begins in about seven minutes.
type backgroundApp struct {
	logs   *logBuffer
	link   string
	opened string // the file the browser writes the links it is given to
}

// startInBackground builds the app, stores the partnership with the CLI and
// starts the GUI in the background on display and bus. Its browser
// ($BROWSER, which xdg-open starts when no desktop handler is set) is a
// script writing the link to a file: the test sees what Join opens
// without a real browser.
//
// prepare, when not nil, runs after the partnership is stored and before
// the app starts, with the database's directory and a runner of CLI
// commands on it (stdin, then the arguments; it returns the output).
func startInBackground(t *testing.T, display, bus string, prepare ...func(dir string, cli func(stdin string, args ...string) string)) *backgroundApp {
	t.Helper()
	bin := buildBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "twoway.db")
	bg := &backgroundApp{logs: &logBuffer{}, link: "https://meet.jit.si/Twoway-ana-ben", opened: filepath.Join(dir, "opened.txt")}
	// the first session starts in about seven minutes (UTC clock)
	start := time.Now().UTC().Add(7 * time.Minute).Truncate(time.Minute)
	cli := func(stdin string, args ...string) string {
		t.Helper()
		c := exec.Command(bin, append([]string{"--db", db}, args...)...)
		c.Env = append(os.Environ(), "DBUS_SESSION_BUS_ADDRESS="+bus, "LANG=en_US.UTF-8")
		c.Stdin = strings.NewReader(stdin)
		out, err := c.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run := func(args ...string) { t.Helper(); cli("", args...) }
	run("pair", "add", "--title", "Ana & Ben", "--me", "Ana Ruiz <ana@example.org>", "--me-tz", "UTC",
		"--partner", "Ben Okafor <ben@example.com>", "--partner-tz", "America/New_York",
		"--me-hours", "00:00-23:59", "--link", bg.link)
	run("schedule", "set", "1", "--days", start.Weekday().String()[:2], "--at", start.Format("15:04"),
		"--from", start.Format("2006-01-02"), "--count", "3", "--minutes", "30")
	for _, p := range prepare {
		p(dir, cli)
	}
	browser := filepath.Join(dir, "browser")
	if err := os.WriteFile(browser, []byte("#!/bin/sh\nprintf '%s\\n' \"$1\" >> "+bg.opened+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, sub := range []string{"config", "cache", "share"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	app := exec.Command(bin, "--db", db, "--background")
	app.Env = append(os.Environ(), "DISPLAY="+display, "FYNE_PLATFORM=x11", "LANG=en_US.UTF-8",
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "XDG_CACHE_HOME="+filepath.Join(dir, "cache"),
		"XDG_DATA_HOME="+filepath.Join(dir, "share"), "XDG_DATA_DIRS="+filepath.Join(dir, "share"),
		"DBUS_SESSION_BUS_ADDRESS="+bus, "BROWSER="+browser, "XDG_CURRENT_DESKTOP=")
	app.Stdout, app.Stderr = bg.logs, bg.logs
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Process.Kill(); app.Wait() })
	return bg
}

// waitOpened waits up to 20 s for the browser to be given a link.
func (bg *backgroundApp) waitOpened(t *testing.T) string {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if data, err := os.ReadFile(bg.opened); err == nil && len(data) > 0 {
			os.Remove(bg.opened)
			return strings.TrimSpace(string(data))
		}
	}
	t.Fatalf("no link was opened\napp log:\n%s", bg.logs.String())
	return ""
}

// snWatcher is a StatusNotifierWatcher (the freedesktop/KDE tray host's
// registry) on the test's bus: the app's tray registers its item with it.
// Debian packages no standalone watcher, so the test serves the one method
// an item calls.
type snWatcher struct{ items chan string }

func (w *snWatcher) RegisterStatusNotifierItem(sender dbus.Sender, path string) *dbus.Error {
	w.items <- string(sender) + "|" + path
	return nil
}

// menuItem is one entry of a com.canonical.dbusmenu layout.
type menuItem struct {
	ID    int32
	Props map[string]dbus.Variant
	Kids  []dbus.Variant
}

// TestTrayOnARealSessionBus starts the real app in the background with a
// StatusNotifierWatcher on a private session bus: the tray registers, its
// menu (read over com.canonical.dbusmenu) names the next session, and
// clicking its items over D-Bus joins the call and opens the window.
func TestTrayOnARealSessionBus(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the real app and dbus-daemon; skipped with -short")
	}
	xwininfo := need(t, "xwininfo", "x11-utils")
	display := startXvfb(t)
	bus := startSessionBus(t)
	conn, err := dbus.Connect(bus)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	w := &snWatcher{items: make(chan string, 4)}
	if err := conn.Export(w, "/StatusNotifierWatcher", "org.kde.StatusNotifierWatcher"); err != nil {
		t.Fatal(err)
	}
	if reply, err := conn.RequestName("org.kde.StatusNotifierWatcher", dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("watcher name: %v %v", reply, err)
	}

	bg := startInBackground(t, display, bus)
	var item string
	select {
	case item = <-w.items:
	case <-time.After(60 * time.Second):
		t.Fatalf("the tray never registered\napp log:\n%s", bg.logs.String())
	}
	sender, itemPath, _ := strings.Cut(item, "|")
	// as a tray host does: the item's Menu property names the menu's object
	prop, err := conn.Object(sender, dbus.ObjectPath(itemPath)).GetProperty("org.kde.StatusNotifierItem.Menu")
	if err != nil {
		t.Fatalf("the item's Menu property: %v", err)
	}
	menuPath, ok := prop.Value().(dbus.ObjectPath)
	if !ok {
		t.Fatalf("Menu is %v", prop)
	}
	menu := conn.Object(sender, menuPath)

	// The menu as a tray host reads it
	items := map[string]int32{}
	var labels []string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(300 * time.Millisecond) {
		var rev uint32
		var root menuItem
		if err := menu.Call("com.canonical.dbusmenu.GetLayout", 0, int32(0), int32(-1), []string{}).Store(&rev, &root); err != nil {
			t.Fatalf("GetLayout: %v", err)
		}
		items, labels = map[string]int32{}, nil
		for _, k := range root.Kids {
			var m menuItem
			if err := dbus.Store([]any{k.Value()}, &m); err != nil {
				t.Fatalf("menu item %v: %v", k, err)
			}
			label, _ := m.Props["label"].Value().(string)
			items[label] = m.ID
			labels = append(labels, label)
		}
		if strings.Contains(strings.Join(labels, "|"), "with Ben") {
			break // the reminder check has filled it in
		}
	}
	got := strings.Join(labels, " | ")
	if !strings.Contains(got, "Next: ") || !strings.Contains(got, "with Ben") {
		t.Fatalf("tray menu: %s", got)
	}
	click := func(label string) {
		t.Helper()
		id, ok := items[label]
		if !ok {
			t.Fatalf("no %q in the tray menu: %s", label, got)
		}
		if err := menu.Call("com.canonical.dbusmenu.Event", 0, id, "clicked", dbus.MakeVariant(""), uint32(0)).Err; err != nil {
			t.Fatalf("click %s: %v", label, err)
		}
	}

	// Join call opens the link
	click("Join call")
	if l := bg.waitOpened(t); l != bg.link {
		t.Errorf("Join call opened %q, want %q", l, bg.link)
	}
	// Open Twoway shows the window, which --background had not
	if viewable(xwininfo, display) {
		t.Fatal("the window shows before Open Twoway")
	}
	click("Open Twoway")
	deadline := time.Now().Add(20 * time.Second)
	for !viewable(xwininfo, display) && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	if !viewable(xwininfo, display) {
		t.Errorf("Open Twoway showed no window\napp log:\n%s", bg.logs.String())
	}
}

// viewable reports whether a window titled Twoway is mapped on display.
func viewable(xwininfo, display string) bool {
	out, _ := exec.Command(xwininfo, "-display", display, "-name", "Twoway").Output()
	return strings.Contains(string(out), "IsViewable")
}

// startKeyring runs GNOME Keyring's Secret Service on bus, unlocked with a
// throwaway password, so the app and the CLI keep passwords as on a
// desktop.
func startKeyring(t *testing.T, bus string) {
	t.Helper()
	daemon := need(t, "gnome-keyring-daemon", "gnome-keyring")
	home := t.TempDir()
	for _, d := range []string{"data", "run"} {
		if err := os.MkdirAll(filepath.Join(home, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	k := exec.Command(daemon, "--unlock", "--components=secrets", "--foreground")
	k.Env = append(os.Environ(), "DBUS_SESSION_BUS_ADDRESS="+bus, "HOME="+home,
		"XDG_DATA_HOME="+filepath.Join(home, "data"), "XDG_RUNTIME_DIR="+filepath.Join(home, "run"))
	k.Stdin = strings.NewReader("keyring-test-pw")
	logs := &logBuffer{}
	k.Stdout, k.Stderr = logs, logs
	if err := k.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { k.Process.Kill(); k.Wait() })
	// it owns org.freedesktop.secrets once it serves
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		out, _ := exec.Command("dbus-send", "--bus="+bus, "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
			"org.freedesktop.DBus.NameHasOwner", "string:org.freedesktop.secrets").Output()
		if strings.Contains(string(out), "true") {
			return
		}
	}
	t.Fatalf("gnome-keyring-daemon does not serve the Secret Service:\n%s", logs.String())
}

// TestReplyFetchedByTheBackgroundApp: with the app in the background, the
// mailbox settings made in the CLI (the password in GNOME Keyring on the
// session bus) and Ben's REPLY in Ana's mailbox on a real Dovecot, the
// app's first fetch imports it, which `twoway upcoming --json` then shows.
func TestReplyFetchedByTheBackgroundApp(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the real app, dbus-daemon, gnome-keyring and Dovecot; skipped with -short")
	}
	display := startXvfb(t)
	bus := startSessionBus(t)
	startKeyring(t, bus)
	dove := testservers.StartDovecot(t, map[string]string{"ana": "ana-imap-pw"})
	var upcoming func() string
	startInBackground(t, display, bus, func(dir string, cli func(string, ...string) string) {
		// Ben joins Ana's invite and accepts it; his REPLY reaches her mailbox as Gmail sends it
		invite := filepath.Join(dir, "invite.ics")
		cli("", "invite", "export", "1", "-o", invite)
		bin, ben := buildBinary(t), filepath.Join(dir, "ben.db")
		reply := filepath.Join(dir, "reply.ics")
		for _, args := range [][]string{{"join", invite}, {"invite", "answer", "1", "--accept", "-o", reply}} {
			if out, err := exec.Command(bin, append([]string{"--db", ben}, args...)...).CombinedOutput(); err != nil {
				t.Fatalf("Ben's %s: %v\n%s", args[0], err, out)
			}
		}
		ics, err := os.ReadFile(reply)
		if err != nil {
			t.Fatal(err)
		}
		dove.Deliver(t, "ana", []byte("From: Ben Okafor <ben@example.com>\r\nTo: ana@example.org\r\n"+
			"Subject: Accepted: Ana & Ben\r\nMIME-Version: 1.0\r\n"+
			"Content-Type: text/calendar; charset=UTF-8; method=REPLY\r\n\r\n"+string(ics)))
		cli("ana-imap-pw\n", "settings", "imap", "--host", dove.Host, "--port", fmt.Sprint(dove.Port),
			"--security", "plain", "--user", "ana", "--password-stdin")
		if got := cli("", "upcoming", "--json"); strings.Contains(got, "ACCEPTED") {
			t.Fatalf("accepted before any fetch: %s", got)
		}
		upcoming = func() string { return cli("", "upcoming", "--json") }
	})
	var got string
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(500 * time.Millisecond) {
		if got = upcoming(); strings.Contains(got, `"ACCEPTED"`) {
			return
		}
	}
	t.Fatalf("the reply was not imported; upcoming:\n%s", got)
}
