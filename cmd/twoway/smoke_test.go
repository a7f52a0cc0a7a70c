package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
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
	return startXvfbFrom(t, 90+os.Getpid()%50)
}

// startXvfbFrom starts a virtual display on the first free number from
// first on, so tests that run at the same time keep to their own displays.
func startXvfbFrom(t *testing.T, first int) string {
	t.Helper()
	xvfb := need(t, "Xvfb", "xvfb")
	for n := first; n < 200; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
			continue
		}
		display := fmt.Sprintf(":%d", n)
		cmd := exec.Command(xvfb, display, "-screen", "0", "1280x860x24", "-nolisten", "tcp")
		if err := cmd.Start(); err != nil {
			t.Fatalf("start Xvfb: %v", err)
		}
		t.Cleanup(func() { stopXvfb(cmd) })
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

// stopXvfb ends Xvfb with SIGTERM, so it removes its socket and lock file
// (a SIGKILL leaves them, and the display number then looks taken), and
// kills it if it has not gone within five seconds.
func stopXvfb(cmd *exec.Cmd) {
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		<-done
	}
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

// startApp starts the GUI on display with its own config, cache and data
// folders under dir (created, as they are in a real home, so Fyne does not
// log failures to make its cache), plus any extra environment.
// noSessionBus stops the app from autolaunching a D-Bus session daemon
// (libdbus does so when DISPLAY is set and no bus is given), which would
// outlive the test: hundreds of them exhaust the inotify instances every
// later Fyne app needs.
const noSessionBus = "DBUS_SESSION_BUS_ADDRESS=disabled:"

func startApp(t *testing.T, bin, display, db, dir string, extraEnv ...string) (*exec.Cmd, chan error, *logBuffer) {
	t.Helper()
	for _, d := range []string{"config", "cache", "share"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	app := exec.Command(bin, "--db", db)
	app.Env = append(os.Environ(), "DISPLAY="+display, "FYNE_PLATFORM=x11", "LANG=en_US.UTF-8",
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "XDG_CACHE_HOME="+filepath.Join(dir, "cache"),
		"XDG_DATA_HOME="+filepath.Join(dir, "share"), noSessionBus)
	app.Env = append(app.Env, extraEnv...)
	logs := &logBuffer{}
	app.Stdout, app.Stderr = logs, logs
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- app.Wait() }()
	return app, exited, logs
}

// waitWindow waits up to a minute for a window titled Twoway.
func waitWindow(t *testing.T, xwininfo, display string, exited chan error, logs *logBuffer) {
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

// packagedEntry is the desktop entry's file name: the app ID, as Fyne's
// packager writes it.
const packagedEntry = appID + ".desktop"

var tomlVersion = regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]+)"`)

// TestSmokePackage makes the Linux package the way a release is made
// (`make package`), then checks what a user gets from it: a desktop entry
// that validates and whose Exec, Icon and StartupWMClass match the files
// and the window; a binary that reports the version, opens its window
// under Xvfb at the size remembered from the last run and exits cleanly on
// SIGTERM; and `make install` (user and system prefixes, staged with
// DESTDIR) putting every file where the installed entry says.
func TestSmokePackage(t *testing.T) {
	if testing.Short() {
		t.Skip("packages the app and starts it under Xvfb; skipped with -short")
	}
	makeBin := need(t, "make", "make")
	need(t, "xz", "xz-utils")
	validate := need(t, "desktop-file-validate", "desktop-file-utils")
	xwininfo := need(t, "xwininfo", "x11-utils")
	xprop := need(t, "xprop", "x11-utils")
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	toml, err := os.ReadFile("FyneApp.toml")
	if err != nil {
		t.Fatalf("read FyneApp.toml: %v", err)
	}
	m := tomlVersion.FindSubmatch(toml)
	if m == nil {
		t.Fatal("FyneApp.toml has no Details.Version")
	}
	wantVersion := "twoway " + string(m[1]) + "+"

	// Given the package made by `make package`
	dist := t.TempDir()
	runMake(t, makeBin, root, "package", "DIST="+dist)
	// Then the packager's bump of Build in FyneApp.toml was undone
	if after, _ := os.ReadFile("FyneApp.toml"); !bytes.Equal(after, toml) {
		t.Errorf("make package changed FyneApp.toml:\n%s", after)
	}
	tarball := filepath.Join(dist, "Twoway.tar.xz")
	x := t.TempDir()
	if out, err := exec.Command("tar", "-xJf", tarball, "-C", x).CombinedOutput(); err != nil {
		t.Fatalf("extract %s: %v\n%s", tarball, err, out)
	}

	// Then it holds one desktop entry, which validates
	desktops := findFiles(t, x, "/share/applications/*.desktop")
	if len(desktops) != 1 || filepath.Base(desktops[0]) != packagedEntry {
		t.Fatalf("desktop entries in the tarball: %v, want one %s", desktops, packagedEntry)
	}
	entry := readDesktopEntry(t, validate, desktops[0])
	prefix := filepath.Dir(filepath.Dir(filepath.Dir(desktops[0]))) // .../usr/local
	// And its icon, a 512x512 PNG (installed under hicolor/512x512)
	icon := filepath.Join(prefix, "share", "pixmaps", entry["Icon"]+".png")
	checkIcon(t, icon, 512)
	// And its binary, which reports the stamped version
	if strings.Contains(entry["Exec"], "/") {
		t.Errorf("packaged Exec=%q: want a bare name, found on PATH", entry["Exec"])
	}
	bin := filepath.Join(prefix, "bin", strings.Fields(entry["Exec"])[0])
	version := checkVersion(t, bin, wantVersion)

	t.Run("runs under Xvfb", func(t *testing.T) {
		display := startXvfbFrom(t, 81)
		dir := t.TempDir()
		db := filepath.Join(dir, "data", "twoway.db")
		// Given a remembered window size too small to use
		prefs := filepath.Join(dir, "config", "fyne", appID, "preferences.json")
		if err := os.MkdirAll(filepath.Dir(prefs), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(prefs, []byte(`{"window.width":300,"window.height":200}`), 0o600); err != nil {
			t.Fatal(err)
		}
		// When the packaged binary starts on a fresh database
		app, exited, logs := startApp(t, bin, display, db, dir, "FYNE_SCALE=1")
		defer app.Process.Kill()
		// Then its window appears at the remembered size, clamped to the minimum
		waitWindow(t, xwininfo, display, exited, logs)
		info, err := exec.Command(xwininfo, "-display", display, "-name", entry["Name"]).Output()
		if err != nil {
			t.Fatalf("xwininfo -name %q: %v", entry["Name"], err)
		}
		if w, h := field(info, "Width:"), field(info, "Height:"); w != "800" || h != "560" {
			t.Errorf("window is %sx%s, want 800x560 (a saved 300x200 clamped)", w, h)
		}
		// And its WM_CLASS is the entry's StartupWMClass, so docks match the two
		class, err := exec.Command(xprop, "-display", display, "-name", entry["Name"], "WM_CLASS").Output()
		if err != nil || !strings.Contains(string(class), `"`+entry["StartupWMClass"]+`"`) || entry["StartupWMClass"] == "" {
			t.Errorf("WM_CLASS %q (err %v), StartupWMClass=%q", class, err, entry["StartupWMClass"])
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
		// And it saved the window's size for the next start
		var saved map[string]any // other preferences (reminders shown) sit beside the size
		b, err := os.ReadFile(prefs)
		if err == nil {
			err = json.Unmarshal(b, &saved)
		}
		if err != nil || saved[prefWindowWidth] != 800.0 || saved[prefWindowHeight] != 560.0 {
			t.Errorf("preferences after SIGTERM: %s (%v), want the 800x560 window saved", b, err)
		}
		// And it made a database that opens
		s, err := storage.Open(context.Background(), db)
		if err != nil {
			t.Fatalf("open the database the app made: %v", err)
		}
		s.Close()
	})

	installs := []struct {
		name, prefix string
	}{
		{"user", "/home/ana/.local"},
		{"system", "/usr/local"},
		{"distribution", "/usr"},
	}
	for _, tc := range installs {
		t.Run("install "+tc.name, func(t *testing.T) {
			dest := t.TempDir()
			vars := []string{"DIST=" + dist, "DESTDIR=" + dest, "PREFIX=" + tc.prefix}
			// When installed under the prefix, staged in dest
			runMake(t, makeBin, root, append([]string{"install"}, vars...)...)
			// Then the installed entry validates and names the installed binary
			desktop := filepath.Join(dest, tc.prefix, "share", "applications", packagedEntry)
			got := readDesktopEntry(t, validate, desktop)
			exe := strings.Fields(got["Exec"])[0]
			if want := tc.prefix + "/bin/twoway"; exe != want {
				t.Errorf("installed Exec=%q, want %s", got["Exec"], want)
			}
			checkVersion(t, filepath.Join(dest, exe), version)
			// And the icon it names is in the hicolor theme, the packaged one
			installed := filepath.Join(dest, tc.prefix, "share", "icons", "hicolor", "512x512", "apps", got["Icon"]+".png")
			checkIcon(t, installed, 512)
			if a, b := readOrNil(icon), readOrNil(installed); a == nil || !bytes.Equal(a, b) {
				t.Errorf("installed icon %s differs from the packaged %s", installed, icon)
			}
			// And nothing else about the entry changed
			for k, v := range entry {
				if k != "Exec" && got[k] != v {
					t.Errorf("installed %s=%q, packaged %q", k, got[k], v)
				}
			}

			// When uninstalled, the three files are gone
			runMake(t, makeBin, root, append([]string{"uninstall"}, vars...)...)
			if left := findFiles(t, dest, "/*"); len(left) != 0 {
				t.Errorf("left after uninstall: %v", left)
			}
		})
	}
}

// runMake runs a Makefile target in the repository, without the settings of
// any make this test runs under.
func runMake(t *testing.T, makeBin, root string, args ...string) {
	t.Helper()
	cmd := exec.Command(makeBin, append([]string{"--no-print-directory", "-C", root}, args...)...)
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k != "MAKEFLAGS" && k != "MFLAGS" && k != "MAKELEVEL" {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("make %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	t.Logf("make %s: %s", args[0], time.Since(start).Round(time.Second))
}

// findFiles lists the regular files under dir whose path ends in a match
// of suffix (a filepath.Match pattern starting with /).
func findFiles(t *testing.T, dir, suffix string) []string {
	t.Helper()
	depth := strings.Count(suffix, "/")
	var found []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		parts := strings.Split(path, "/")
		if len(parts) <= depth {
			return nil
		}
		tail := "/" + strings.Join(parts[len(parts)-depth:], "/")
		if ok, _ := filepath.Match(suffix, tail); ok {
			found = append(found, path)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk %s: %v", dir, err)
	}
	return found
}

// readDesktopEntry validates a .desktop file with desktop-file-validate
// (which must print nothing: no error, warning or hint) and returns the
// keys of its [Desktop Entry] group.
func readDesktopEntry(t *testing.T, validate, path string) map[string]string {
	t.Helper()
	if out, err := exec.Command(validate, path).CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("desktop-file-validate %s: %v\n%s", path, err, out)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read desktop entry: %v", err)
	}
	entry := map[string]string{}
	group := ""
	for _, line := range strings.Split(string(b), "\n") {
		switch line = strings.TrimSpace(line); {
		case strings.HasPrefix(line, "["):
			group = line
		case group == "[Desktop Entry]" && strings.Contains(line, "="):
			k, v, _ := strings.Cut(line, "=")
			entry[k] = v
		}
	}
	for _, k := range []string{"Name", "Exec", "Icon"} {
		if entry[k] == "" {
			t.Fatalf("%s has no %s:\n%s", path, k, b)
		}
	}
	return entry
}

// checkIcon checks that path is a square PNG of size pixels.
func checkIcon(t *testing.T, path string, size int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Errorf("icon: %v", err)
		return
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil || cfg.Width != size || cfg.Height != size {
		t.Errorf("icon %s: %dx%d (%v), want a %[5]dx%[5]d PNG", path, cfg.Width, cfg.Height, err, size)
	}
}

// checkVersion runs bin --version and checks its line starts with want;
// it returns the line.
func checkVersion(t *testing.T, bin, want string) string {
	t.Helper()
	if fi, err := os.Stat(bin); err != nil || fi.Mode()&0o111 == 0 {
		t.Fatalf("binary %s: %v (mode %v)", bin, err, fi)
	}
	out, err := exec.Command(bin, "--version").Output()
	line := strings.TrimSpace(string(out))
	if err != nil || !strings.HasPrefix(line, want) {
		t.Errorf("%s --version = %q (%v), want %s<commit>", bin, line, err, want)
	}
	return line
}

// field returns the value after label in xwininfo's output.
func field(out []byte, label string) string {
	for _, line := range strings.Split(string(out), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), label); ok {
			return strings.TrimSpace(rest)
		}
	}
	return ""
}

func readOrNil(path string) []byte {
	b, _ := os.ReadFile(path)
	return b
}

// logBuffer collects a running app's output; the test reads it while the
// app still writes, so it is locked.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
