package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A blank window for TestBlankWindowIsNoFrame: the test binary starts itself
// with this variable set and shows one.
func TestMain(m *testing.M) {
	if d := os.Getenv("STARTUP_TEST_BLANK_WINDOW"); d != "" {
		if err := showBlankWindow(d, 640, 480); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		time.Sleep(time.Minute)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// need skips without tool, or fails in CI, where `make test` installs it.
func need(t *testing.T, tool, pkg string) {
	t.Helper()
	if _, err := exec.LookPath(tool); err == nil {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s not found: install %s (`make test` does)", tool, pkg)
	}
	t.Skipf("%s not found: install %s or run `make test`", tool, pkg)
}

// display starts the harness's Xvfb on a free display and connects to it.
func display(t *testing.T) (string, *xconn) {
	t.Helper()
	need(t, "Xvfb", "xvfb")
	for n := 150 + os.Getpid()%40; n < 200; n++ {
		d := fmt.Sprintf(":%d", n)
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
			continue
		}
		stop, err := startXvfb(d)
		if err != nil {
			continue
		}
		t.Cleanup(stop)
		x, err := openX(d)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(x.close)
		return d, x
	}
	t.Fatal("no free X display")
	return "", nil
}

func TestBareWindowFirstFrame(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts a Fyne program under Xvfb")
	}
	d, x := display(t)
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "barewindow")
	out, err := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", bin, "../barewindow").CombinedOutput()
	if err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	o := options{display: d, colours: 8, quiet: 500 * time.Millisecond, timeout: time.Minute, shots: filepath.Join(tmp, "shots")}
	p := program{"bare", bin, nil, filepath.Join(tmp, "own-cache")}
	// When the bare window is measured on its first launch
	s, err := measure(x, o, p, firstLaunch, 1, tmp)
	if err != nil {
		t.Fatal(err)
	}
	// Then its events come in order: mapped, first frame, settled
	if s.mapped <= 0 || s.first < s.mapped || s.settled < s.first || s.first > 30*time.Second {
		t.Errorf("mapped %v, first frame %v, settled %v", s.mapped, s.first, s.settled)
	}
	// And the first frame has the label's antialiased text on it
	if s.colours < o.colours {
		t.Errorf("first frame has %d colours", s.colours)
	}
	// And the memory read is a running Fyne program's (tens of MiB)
	if s.rssFirst < 10<<10 || s.rssSettled < 10<<10 || s.hwm < s.rssSettled {
		t.Errorf("RSS first %d KiB, settled %d KiB, HWM %d KiB", s.rssFirst, s.rssSettled, s.hwm)
	}
	// And the frames it saw were saved
	for _, when := range []string{"first-frame", "settled"} {
		if st, err := os.Stat(filepath.Join(o.shots, "bare-round1-first-launch-"+when+".png")); err != nil || st.Size() < 1000 {
			t.Errorf("%s not saved: %v", when, err)
		}
	}
	// And a first launch leaves the program's own cache folder alone
	if _, err := os.Stat(p.cache); !os.IsNotExist(err) {
		t.Errorf("the first launch touched the program's cache folder (%v)", err)
	}
	// When it is measured on a later launch
	if _, err := measure(x, o, p, laterLaunch, 1, tmp); err != nil {
		t.Fatal(err)
	}
	// Then Mesa kept the shaders it compiled in the program's own cache
	// folder, which the next later launch reads
	shaders, _ := filepath.Glob(filepath.Join(p.cache, "mesa_shader_cache", "*", "*"))
	if len(shaders) == 0 {
		t.Errorf("no Mesa shader cache in %s after a later launch", p.cache)
	}
}

func TestBlankWindowIsNoFrame(t *testing.T) {
	d, x := display(t)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// A program that maps a window but never draws on it
	o := options{display: d, colours: 8, quiet: 500 * time.Millisecond, timeout: 3 * time.Second}
	p := program{"blank", "/usr/bin/env", []string{"STARTUP_TEST_BLANK_WINDOW=" + d, self, "-test.run=^$"}, ""}
	_, err = measure(x, o, p, firstLaunch, 1, t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "no frame within") {
		t.Errorf("a blank window was measured as a frame (err %v)", err)
	}
}
