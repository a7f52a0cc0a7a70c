// Command startup measures Twoway's start-up against a bare Fyne window in
// one run (`make bench` runs it from the repository root):
//
//  1. it builds cmd/twoway and bench/barewindow with the same tags;
//  2. it fills a demo database with 1,000 partnerships (`twoway demo`);
//  3. it starts one Xvfb (display :82 by default), shared by every run,
//     and its own X connection watching the root window;
//  4. for each of K rounds it starts the bare window and the app one after
//     the other (alternating which goes first), each with fresh, empty
//     config/cache/data folders, and times from exec to:
//     - mapped: the server maps the program's top-level window;
//     - first frame: the window is mapped AND its pixels are not blank
//     (at least -colours distinct colours), checked on each DAMAGE event
//     the server sends when the window's pixels change, so there is no
//     polling and a frame is seen when the server has it;
//     - settled: the last large change (over 1% of the window) before the
//     window stayed without one for -quiet;
//     and reads VmRSS at the first frame, and VmRSS and VmHWM (peak)
//     from /proc/PID/status once settled; then ends the program;
//  5. it prints every run, the medians and the ratios app/bare against the
//     targets (<= 1.2x time to first frame, <= 1.3x resident memory), and
//     times Go's and ical.js's expansion of the same .ics.
//
// The OS file cache is warm (one untimed start of each program comes
// first), so "cold" means a new process with no Fyne cache or preferences,
// not an empty disk cache.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image/png"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"
)

type options struct {
	rounds       int
	display      string
	partnerships int
	colours      int
	quiet        time.Duration
	timeout      time.Duration
	shots        string
	icaljs       bool
	extra        extras
}

// extras are more programs to time in the same rounds, given as
// "label|binary|arguments"; {db} in the arguments is the demo database.
type extras []string

func (e *extras) String() string { return strings.Join(*e, ", ") }
func (e *extras) Set(s string) error {
	if strings.Count(s, "|") != 2 {
		return errors.New(`want "label|binary|arguments"`)
	}
	*e = append(*e, s)
	return nil
}

func main() {
	var o options
	flag.IntVar(&o.rounds, "rounds", 10, "timed starts of each program")
	flag.StringVar(&o.display, "display", ":82", "X display for the private Xvfb")
	flag.IntVar(&o.partnerships, "partnerships", 1000, "partnerships in the app's demo database")
	flag.IntVar(&o.colours, "colours", 8, "distinct colours that make a frame not blank")
	flag.DurationVar(&o.quiet, "quiet", 1500*time.Millisecond, "time without a large change that counts as settled")
	flag.DurationVar(&o.timeout, "timeout", 60*time.Second, "longest wait for one program's window")
	flag.StringVar(&o.shots, "shots", "", "folder to save each program's first frame and settled window as PNG")
	flag.BoolVar(&o.icaljs, "icaljs", true, "also time Go and ical.js expanding the same .ics")
	flag.Var(&o.extra, "extra", `another program to time in each round, "label|binary|arguments" ({db}: the demo database); repeatable`)
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "startup:", err)
		os.Exit(1)
	}
}

// program is one binary under test. cache is its own XDG_CACHE_HOME for
// later launches: what the program (Mesa's shader cache, go-text's font
// index, Fyne) keeps there survives from one of its launches to the next, as
// on a user's machine.
type program struct {
	name  string
	bin   string
	args  []string
	cache string
}

// The two kinds of launch every round times.
const (
	// firstLaunch starts with an empty cache folder, as the very first
	// launch after installing (or after Mesa changed): llvmpipe compiles
	// every shader variant the first frame draws.
	firstLaunch = "first launch"
	// laterLaunch keeps the program's cache folder from its earlier
	// launches, as every launch after the first.
	laterLaunch = "later launch"
)

// sample is what one start measured. Memory is in KiB.
type sample struct {
	prog, launch              string
	round                     int
	mapped, first, settled    time.Duration
	rssFirst, rssSettled, hwm int64
	colours, largeChanges     int
}

func run(o options) error {
	if _, err := os.Stat("go.mod"); err != nil {
		return errors.New("run me from the repository root (make bench does)")
	}
	tmp, err := os.MkdirTemp("", "twoway-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	cleanup := []func(){}
	defer func() {
		for i := len(cleanup) - 1; i >= 0; i-- {
			cleanup[i]()
		}
	}()
	// Ctrl+C must not leave an Xvfb or a program behind.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		for i := len(cleanup) - 1; i >= 0; i-- {
			cleanup[i]()
		}
		os.RemoveAll(tmp)
		os.Exit(130)
	}()

	fmt.Println("# Start-up benchmark")
	machine()
	app := filepath.Join(tmp, "twoway")
	bare := filepath.Join(tmp, "barewindow")
	for _, b := range []struct{ out, pkg string }{{app, "./cmd/twoway"}, {bare, "./bench/barewindow"}} {
		start := time.Now()
		if out, err := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", b.out, b.pkg).CombinedOutput(); err != nil {
			return fmt.Errorf("build %s: %v\n%s", b.pkg, err, out)
		}
		st, _ := os.Stat(b.out)
		fmt.Printf("- built %s in %.1f s (%.1f MB)\n", b.pkg, time.Since(start).Seconds(), float64(st.Size())/1e6)
	}
	db := filepath.Join(tmp, "demo.db")
	start := time.Now()
	out, err := exec.Command(app, "--db", db, "demo", "--partnerships", strconv.Itoa(o.partnerships)).CombinedOutput()
	if err != nil {
		return fmt.Errorf("twoway demo: %v\n%s", err, out)
	}
	st, _ := os.Stat(db)
	fmt.Printf("- `twoway demo --partnerships %d` took %.1f s (%.1f MB): %s", o.partnerships, time.Since(start).Seconds(),
		float64(st.Size())/1e6, strings.SplitN(string(out), "\n", 2)[0]+"\n")

	stopX, err := startXvfb(o.display)
	if err != nil {
		return err
	}
	cleanup = append(cleanup, stopX)
	renderer(o.display)
	x, err := openX(o.display)
	if err != nil {
		return err
	}
	cleanup = append(cleanup, x.close)

	progs := []program{
		{"bare Fyne window", bare, nil, ""},
		{fmt.Sprintf("Twoway, %d partnerships", o.partnerships), app, []string{"--db", db}, ""},
	}
	for _, e := range o.extra {
		f := strings.SplitN(e, "|", 3)
		progs = append(progs, program{f[0], f[1], strings.Fields(strings.ReplaceAll(f[2], "{db}", db)), ""})
	}
	for i := range progs {
		progs[i].cache = filepath.Join(tmp, fmt.Sprintf("cache-%d", i))
	}
	fmt.Printf("- Xvfb %s (1280x860x24), shared by all runs; %d rounds, alternating which program starts first, after one untimed start of each\n",
		o.display, o.rounds)
	fmt.Printf("- each round starts each program twice: a first launch (empty cache folder) and a later launch (the cache folder its earlier launches filled)\n\n")
	for _, p := range progs {
		// Untimed: fills the OS file cache and the program's own cache folder.
		if _, err := measure(x, o, p, laterLaunch, 0, tmp); err != nil {
			return fmt.Errorf("warm-up of %s: %w", p.name, err)
		}
	}
	var samples []sample
	for r := 1; r <= o.rounds; r++ {
		order := slices.Clone(progs)
		if r%2 == 0 {
			slices.Reverse(order)
		}
		for _, launch := range []string{firstLaunch, laterLaunch} {
			for _, p := range order {
				s, err := measure(x, o, p, launch, r, tmp)
				if err != nil {
					return fmt.Errorf("round %d, %s, %s: %w", r, launch, p.name, err)
				}
				samples = append(samples, s)
			}
		}
	}
	report(o, progs, samples)
	fmt.Printf("\nLoad average at the end: %s\n", loadavg())
	if o.icaljs {
		compareICalJS()
	}
	return nil
}

// measure starts p once and returns what it measured. A first launch gets
// an empty cache folder, a later launch p's own. Both get new, empty config
// and data folders, so both show the same window (no saved size or
// selection).
func measure(x *xconn, o options, p program, launch string, round int, tmp string) (sample, error) {
	s := sample{prog: p.name, launch: launch, round: round}
	home, err := os.MkdirTemp(tmp, "run-")
	if err != nil {
		return s, err
	}
	defer os.RemoveAll(home)
	cache := filepath.Join(home, "cache")
	if launch == laterLaunch && p.cache != "" {
		cache = p.cache
	}
	cmd := exec.Command(p.bin, p.args...)
	cmd.Env = append(withoutDisplay(os.Environ()), "DISPLAY="+o.display, "FYNE_PLATFORM=x11", "LANG=en_US.UTF-8",
		"XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_CACHE_HOME="+cache,
		"XDG_DATA_HOME="+filepath.Join(home, "data"),
		// No D-Bus session daemon autolaunched per run: they outlive the
		// app and exhaust inotify instances.
		"DBUS_SESSION_BUS_ADDRESS=disabled:")
	// The program writes its logs while measure reads them for an error
	// message, so the buffer is locked.
	var logs lockedBuffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	x.drain()
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return s, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer stop(cmd, exited)

	watched := map[xwindow]xdamage{}
	var target xwindow
	var width, height int
	var lastLarge time.Time
	deadline := t0.Add(o.timeout)
	for {
		select {
		case err := <-exited:
			return s, fmt.Errorf("exited early (%v):\n%s", err, logs.String())
		default:
		}
		now := time.Now()
		if now.After(deadline) {
			return s, fmt.Errorf("no frame within %s:\n%s", o.timeout, logs.String())
		}
		if s.first > 0 && (now.Sub(lastLarge) > o.quiet || now.Sub(t0.Add(s.first)) > 20*time.Second) {
			break
		}
		e := x.next(50 * time.Millisecond)
		switch e.kind {
		case evCreate:
			if e.parent == x.root {
				watched[e.window] = x.watch(e.window)
			}
		case evMap:
			// The program's main window: a top-level window of real size
			// (GLFW also makes a 1x1 helper window, never mapped).
			if _, ok := watched[e.window]; ok && target == 0 {
				if w, h, ok := x.size(e.window); ok && w >= 200 && h >= 200 {
					target, width, height = e.window, w, h
					s.mapped = e.at.Sub(t0)
					// Pixels drawn before the map are reported now.
					x.rearm(watched[target])
					if n := x.colours(target, width, height, o.colours); n >= o.colours {
						s.first, s.colours, lastLarge = e.at.Sub(t0), n, e.at
						s.rssFirst, _ = memory(cmd.Process.Pid)
						shot(x, o, target, width, height, p, s.launch, round, "first-frame")
					}
				}
			}
		case evDamage:
			d, ok := watched[e.window]
			if !ok {
				continue
			}
			x.rearm(d)
			if e.window != target {
				continue
			}
			if s.first == 0 {
				if n := x.colours(target, width, height, o.colours); n >= o.colours {
					s.first, s.colours, lastLarge = e.at.Sub(t0), n, e.at
					s.rssFirst, _ = memory(cmd.Process.Pid)
					shot(x, o, target, width, height, p, s.launch, round, "first-frame")
				}
			} else if e.width*e.height*100 >= width*height {
				lastLarge = e.at
				s.settled = e.at.Sub(t0)
				s.largeChanges++
			}
		}
	}
	if s.settled == 0 {
		s.settled = s.first
	}
	s.rssSettled, s.hwm = memory(cmd.Process.Pid)
	shot(x, o, target, width, height, p, s.launch, round, "settled")
	return s, nil
}

// stop ends a program: SIGTERM, then SIGKILL if it lingers.
func stop(cmd *exec.Cmd, exited chan error) {
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		<-exited
	}
}

func withoutDisplay(env []string) []string {
	var out []string
	for _, e := range env {
		// MESA_* too: a MESA_SHADER_CACHE_DIR or MESA_SHADER_CACHE_DISABLE
		// from the caller would defeat the two kinds of launch.
		if !strings.HasPrefix(e, "DISPLAY=") && !strings.HasPrefix(e, "WAYLAND_DISPLAY=") && !strings.HasPrefix(e, "XDG_") &&
			!strings.HasPrefix(e, "MESA_") {
			out = append(out, e)
		}
	}
	return out
}

// memory reads VmRSS and VmHWM (KiB) of pid.
func memory(pid int) (rss, hwm int64) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), ":")
		n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		switch k {
		case "VmRSS":
			rss = n
		case "VmHWM":
			hwm = n
		}
	}
	return rss, hwm
}

func shot(x *xconn, o options, w xwindow, width, height int, p program, launch string, round int, when string) {
	if o.shots == "" || w == 0 {
		return
	}
	img, ok := x.grab(w, width, height)
	if !ok {
		return
	}
	os.MkdirAll(o.shots, 0o755)
	name := strings.Fields(p.name)[0]
	f, err := os.Create(filepath.Join(o.shots, fmt.Sprintf("%s-round%d-%s-%s.png", strings.Trim(strings.ToLower(name), ","), round, strings.ReplaceAll(launch, " ", "-"), when)))
	if err != nil {
		return
	}
	defer f.Close()
	png.Encode(f, img)
}

// startXvfb starts the one virtual display every run shares.
func startXvfb(display string) (func(), error) {
	n := strings.TrimPrefix(display, ":")
	sock := "/tmp/.X11-unix/X" + n
	// A display is in use when its lock names a live process; Xvfb itself
	// clears a stale lock and socket.
	if b, err := os.ReadFile("/tmp/.X" + n + "-lock"); err == nil {
		if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && syscall.Kill(pid, 0) == nil {
			return nil, fmt.Errorf("display %s is in use by process %d: stop that X server or pass -display", display, pid)
		}
	}
	if _, err := exec.LookPath("Xvfb"); err != nil {
		return nil, errors.New("Xvfb not found: install xvfb (make bench does)")
	}
	cmd := exec.Command("Xvfb", display, "-screen", "0", "1280x860x24", "-nolisten", "tcp")
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start Xvfb: %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	// SIGTERM, so that Xvfb removes its lock and socket.
	stop := func() { stop(cmd, exited) }
	for i := 0; i < 100; i++ {
		if c, err := net.Dial("unix", sock); err == nil {
			c.Close()
			return stop, nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	stop()
	return nil, fmt.Errorf("Xvfb on %s did not start", display)
}

// machine prints what the figures were measured on.
func machine() {
	cpu := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		if m := regexp.MustCompile(`(?m)^model name\s*:\s*(.+)$`).FindSubmatch(b); m != nil {
			cpu = string(m[1])
		}
	}
	goVersion, _ := exec.Command("go", "env", "GOVERSION").Output()
	mesa, _ := exec.Command("dpkg-query", "-W", "-f", "${Version}", "libgl1-mesa-dri").Output()
	fmt.Printf("- machine: %d cores (nproc), %s, %s, Mesa %s; load average %s\n", runtime.NumCPU(), cpu,
		strings.TrimSpace(string(goVersion)), orUnknown(mesa), loadavg())
}

// loadavg is the 1, 5 and 15-minute load: on a shared machine it says how
// much the figures were disturbed.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}

// renderer prints the OpenGL renderer the programs get on display (from
// glxinfo, in Debian's mesa-utils, when installed).
func renderer(display string) {
	cmd := exec.Command("glxinfo", "-B")
	cmd.Env = append(withoutDisplay(os.Environ()), "DISPLAY="+display)
	out, err := cmd.Output()
	if m := regexp.MustCompile(`(?m)^\s*OpenGL renderer string:\s*(.+)$`).FindSubmatch(out); err == nil && m != nil {
		fmt.Printf("- OpenGL renderer: %s\n", m[1])
	} else {
		fmt.Println("- OpenGL renderer: unknown (install mesa-utils for glxinfo)")
	}
}

func orUnknown(b []byte) string {
	if s := strings.TrimSpace(string(b)); s != "" {
		return s
	}
	return "unknown"
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

type stat struct {
	name   string
	get    func(sample) float64
	unit   string
	target float64 // ratio target, 0 for none
}

var stats = []stat{
	{"window mapped", func(s sample) float64 { return ms(s.mapped) }, "ms", 0},
	{"first frame", func(s sample) float64 { return ms(s.first) }, "ms", 1.2},
	{"settled", func(s sample) float64 { return ms(s.settled) }, "ms", 0},
	{"VmRSS at first frame", func(s sample) float64 { return mib(s.rssFirst) }, "MiB", 0},
	{"VmRSS settled", func(s sample) float64 { return mib(s.rssSettled) }, "MiB", 1.3},
	{"VmHWM (peak)", func(s sample) float64 { return mib(s.hwm) }, "MiB", 0},
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
func mib(kib int64) float64      { return float64(kib) / 1024 }

func report(o options, progs []program, samples []sample) {
	fmt.Println("## Every run")
	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "round\tlaunch\tprogram\tmapped ms\tfirst frame ms\tsettled ms\tlarge changes\tRSS first MiB\tRSS settled MiB\tHWM MiB")
	for _, s := range samples {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%.0f\t%.0f\t%.0f\t%d\t%.1f\t%.1f\t%.1f\n", s.round, s.launch, s.prog, ms(s.mapped), ms(s.first),
			ms(s.settled), s.largeChanges, mib(s.rssFirst), mib(s.rssSettled), mib(s.hwm))
	}
	tw.Flush()
	for _, launch := range []string{firstLaunch, laterLaunch} {
		var of []sample
		for _, s := range samples {
			if s.launch == launch {
				of = append(of, s)
			}
		}
		fmt.Printf("\n## %s%s: medians of %d rounds\n\n", strings.ToUpper(launch[:1]), launch[1:], o.rounds)
		medians(progs, of)
	}
	fmt.Println("\napp/bare divides the medians; app/bare, paired is the median of each round's own ratio, the two runs")
	fmt.Println("of a round being seconds apart, so a load change on a shared machine disturbs it least: the verdict uses it.")
}

// medians prints one kind of launch's table: each program's medians and
// the app's ratios to the bare window.
func medians(progs []program, samples []sample) {
	head, rule := "| |", "|---|"
	for _, p := range progs {
		head += " " + p.name + " |"
		rule += "---:|"
	}
	fmt.Printf("%s app/bare | app/bare, paired | target |\n%s---:|---:|---|\n", head, rule)
	for _, st := range stats {
		row := fmt.Sprintf("| %s (%s) |", st.name, st.unit)
		med := make([]float64, len(progs))
		for i, p := range progs {
			var v []float64
			for _, s := range samples {
				if s.prog == p.name {
					v = append(v, st.get(s))
				}
			}
			med[i] = median(v)
			row += fmt.Sprintf(" %.1f |", med[i])
		}
		ratio := med[1] / med[0]
		paired := median(pairedRatios(samples, progs, st))
		target := ""
		if st.target > 0 {
			verdict := "met"
			if paired > st.target {
				verdict = "**missed**"
			}
			target = fmt.Sprintf("<= %.1fx: %s", st.target, verdict)
		}
		fmt.Printf("%s %.2fx | %.2fx | %s |\n", row, ratio, paired, target)
	}
}

// pairedRatios divides, round by round, the app's figure by the bare
// window's.
func pairedRatios(samples []sample, progs []program, st stat) []float64 {
	bare := map[int]float64{}
	for _, s := range samples {
		if s.prog == progs[0].name {
			bare[s.round] = st.get(s)
		}
	}
	var out []float64
	for _, s := range samples {
		if b := bare[s.round]; s.prog == progs[1].name && b > 0 {
			out = append(out, st.get(s)/b)
		}
	}
	return out
}

// compareICalJS times Go's and ical.js's parse-and-expand of the same file.
func compareICalJS() {
	const file = "calendar/ics/testdata/icaljs/bench-5y-weekly.ics"
	fmt.Printf("\n## Expanding %s (520 sessions): Go vs ical.js\n\n", file)
	out, err := exec.Command("go", "test", "-tags", "migrated_fynedo", "-run", "^$", "-bench", "^BenchmarkExpandICS$",
		"-benchtime", "2s", "./calendar/ics").CombinedOutput()
	m := regexp.MustCompile(`BenchmarkExpandICS\S*\s+\d+\s+(\d+(?:\.\d+)?) ns/op.*?(\d+(?:\.\d+)?) sessions`).FindSubmatch(out)
	if err != nil || m == nil {
		fmt.Printf("Go benchmark failed: %v\n%s\n", err, out)
		return
	}
	goNs, _ := strconv.ParseFloat(string(m[1]), 64)
	goSessions, _ := strconv.ParseFloat(string(m[2]), 64)
	node, err := exec.LookPath("node")
	if _, statErr := os.Stat("calendar/ics/testdata/icaljs/node_modules/ical.js"); err != nil || statErr != nil {
		fmt.Println("ical.js not run: needs node and `npm ci` in calendar/ics/testdata/icaljs (make bench does both)")
		return
	}
	cmd := exec.Command(node, "calendar/ics/testdata/icaljs/bench.mjs", file, "2")
	cmd.Stderr = os.Stderr
	jsOut, err := cmd.Output()
	var js struct {
		Sessions int     `json:"sessions"`
		NsPerOp  float64 `json:"ns_per_op"`
	}
	if err != nil || json.Unmarshal(jsOut, &js) != nil {
		fmt.Printf("ical.js benchmark failed: %v\n%s\n", err, jsOut)
		return
	}
	if float64(js.Sessions) != goSessions {
		fmt.Printf("**Go found %.0f sessions and ical.js %d: the comparison is void**\n", goSessions, js.Sessions)
		return
	}
	nodeVersion, _ := exec.Command(node, "--version").Output()
	fmt.Printf("| implementation | time per parse + expansion |\n|---|---:|\n")
	fmt.Printf("| Go (Parse + rrule-go, BenchmarkExpandICS) | %.2f ms |\n", goNs/1e6)
	fmt.Printf("| ical.js (node %s, bench.mjs) | %.2f ms |\n", strings.TrimSpace(string(nodeVersion)), js.NsPerOp/1e6)
	fmt.Printf("\nical.js/Go: %.1fx\n", js.NsPerOp/goNs)
}

// lockedBuffer is a bytes.Buffer that one goroutine may write (exec's
// copier) while another reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
