package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/twoway-app/twoway/cmd/twoway/cli"
	"github.com/twoway-app/twoway/internal/demo"
	"github.com/twoway-app/twoway/storage"
)

func TestDemoFlagRefusals(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"with --db", []string{"--demo", "--db", filepath.Join(t.TempDir(), "x.db")}},
		{"with a command", []string{"--demo", "pair", "list"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(tc.args, &out, &errb)
			if code != cli.ExitUsage || !strings.Contains(errb.String(), "--demo") {
				t.Errorf("code %d, stderr %q; want %d naming --demo", code, errb.String(), cli.ExitUsage)
			}
			if _, err := os.Stat(tc.args[len(tc.args)-1]); tc.name == "with --db" && err == nil {
				t.Error("a refused --demo created the --db file")
			}
		})
	}
}

var demoPathLine = regexp.MustCompile(`demo data in (\S+demo\.db), removed when the app quits`)

// TestDemoFlagGUI starts the real app with --demo: it must open its window
// on the demo partnerships and remove the temporary data when it quits.
func TestDemoFlagGUI(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the real app under Xvfb; skipped with -short")
	}
	xwininfo := need(t, "xwininfo", "x11-utils")
	display := startXvfb(t)
	bin := buildBinary(t)
	dir := t.TempDir()

	// When the app starts with --demo
	app := exec.Command(bin, "--demo")
	app.Env = append(os.Environ(), "DISPLAY="+display, "FYNE_PLATFORM=x11", "LANG=en_US.UTF-8", "TMPDIR="+dir,
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "XDG_CACHE_HOME="+filepath.Join(dir, "cache"),
		"XDG_DATA_HOME="+filepath.Join(dir, "share"), noSessionBus)
	logs := &logBuffer{}
	app.Stdout, app.Stderr = logs, logs
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	defer app.Process.Kill()
	exited := make(chan error, 1)
	go func() { exited <- app.Wait() }()

	// Then its window appears
	waitWindow(t, xwininfo, display, exited, logs)
	// And it says where the demo data is, inside the temporary folder
	m := demoPathLine.FindStringSubmatch(logs.String())
	if m == nil || !strings.HasPrefix(m[1], dir) {
		t.Fatalf("no demo path under %s in the output:\n%s", dir, logs.String())
	}
	// And that file holds the demo partnerships
	s, err := storage.Open(context.Background(), m[1])
	if err != nil {
		t.Fatal(err)
	}
	list, err := s.ListPartnerships(context.Background())
	s.Close()
	if err != nil || len(list) != demo.DefaultPartnerships {
		t.Fatalf("demo database: %d partnerships, %v", len(list), err)
	}
	// And it leaves the user's own data folder alone
	if _, err := os.Stat(filepath.Join(dir, "share", "twoway")); err == nil {
		t.Error("--demo created the user's data folder")
	}

	// When it quits, the demo data is removed
	app.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, logs.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("app did not exit within 20s of SIGTERM\n%s", logs.String())
	}
	if _, err := os.Stat(filepath.Dir(m[1])); !os.IsNotExist(err) {
		t.Errorf("the demo folder %s is still there after the app quit (%v)", filepath.Dir(m[1]), err)
	}
}
