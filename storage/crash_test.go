package storage

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/mentoring"
)

// The crash and two-process tests re-run this test binary as a child
// process: TestCrashHelper does the child's work when helperEnv names a mode.
const (
	helperEnv   = "TWOWAY_STORAGE_HELPER" // "crash" or "writer"
	helperDB    = "TWOWAY_STORAGE_HELPER_DB"
	helperSeed  = "TWOWAY_STORAGE_HELPER_SEED"
	helperCount = "TWOWAY_STORAGE_HELPER_COUNT"
)

// crashPair is the partnership content of revision rev: every field and the
// length of every list depend on rev, so a mix of two revisions shows.
func crashPair(rev int64) mentoring.Partnership {
	p := validPair()
	p.Title = fmt.Sprintf("rev %d", rev)
	p.Me.Hours = calendar.Window{Start: calendar.Clock(rev % 600), End: calendar.Clock(600 + rev%700)}
	p.Me.Offers, p.Partner.Wants, p.Rules.Custom = nil, nil, nil
	for i := int64(0); i <= rev%4; i++ {
		p.Me.Offers = append(p.Me.Offers, fmt.Sprintf("offer %d.%d", rev, i))
	}
	for i := int64(0); i < rev%3; i++ {
		p.Partner.Wants = append(p.Partner.Wants, fmt.Sprintf("want %d.%d", rev, i))
	}
	if rev%2 == 0 {
		p.Rules.Custom = []string{fmt.Sprintf("rule %d", rev)}
	}
	p.Rules.Confidentiality = rev%2 == 1
	p.Rules.NoTimeWasting = rev%3 == 0
	p.Link = fmt.Sprintf("https://meet.jit.si/Twoway-%d", rev)
	return p
}

// revOf reads the revision back from a crashPair title.
func revOf(title string) (int64, bool) {
	n, err := strconv.ParseInt(strings.TrimPrefix(title, "rev "), 10, 64)
	return n, err == nil && strings.HasPrefix(title, "rev ")
}

// crashCadence is the schedule content of revision rev.
func crashCadence(rev int64) calendar.Cadence {
	days := [][]time.Weekday{{time.Monday}, {time.Tuesday, time.Thursday}, {time.Monday, time.Wednesday, time.Friday}}
	return calendar.Cadence{Unit: calendar.Weekly, Interval: int(rev%4) + 1, Days: days[rev%3],
		At: calendar.Clock(rev % 1440), Minutes: 30 + int(rev%5)*15, From: calendar.Date{Year: 2027, Month: 1, Day: 4},
		Count: int(rev%calendar.MaxCount) + 1, Anchor: calendar.AnchorMe}
}

// TestCrashHelper is the child process of TestCrashKeepsCommittedWrites and
// TestTwoProcessesWriteAtOnce; run directly, it does nothing.
func TestCrashHelper(t *testing.T) {
	mode := os.Getenv(helperEnv)
	if mode == "" {
		t.Skip("helper process for the crash tests")
	}
	ctx := context.Background()
	s, err := Open(ctx, os.Getenv(helperDB))
	if err != nil {
		helperFail("open: %v", err)
	}
	seed, _ := strconv.ParseInt(os.Getenv(helperSeed), 10, 64)
	switch mode {
	case "crash":
		crashWriter(ctx, s, seed)
	case "writer":
		n, _ := strconv.Atoi(os.Getenv(helperCount))
		fmt.Println("ready")
		// Start together with the other writers: the parent writes a line
		// to every child once all are ready.
		bufio.NewReader(os.Stdin).ReadString('\n')
		if err := writeBatch(ctx, s, seed, n); err != nil {
			helperFail("%v", err)
		}
		s.Close()
		os.Exit(0)
	}
	helperFail("unknown helper mode %q", mode)
}

func helperFail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "helper: "+format+"\n", args...)
	os.Exit(3)
}

// crashWriter writes until it is killed: creates, updates and schedules,
// each announced on stdout before it starts ("begin") and after it returned
// ("ok"). Revisions are seed<<20 + n, unique across runs.
func crashWriter(ctx context.Context, s *Store, seed int64) {
	list, err := s.ListPartnerships(ctx)
	if err != nil {
		helperFail("list: %v", err)
	}
	var ids []int64
	for _, p := range list {
		ids = append(ids, p.ID)
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 1))
	say := func(format string, args ...any) {
		// One write(2) per line: a line is either wholly on the pipe or not.
		os.Stdout.WriteString(fmt.Sprintf(format, args...) + "\n")
	}
	say("ready")
	stop := time.Now().Add(30 * time.Second) // should the parent be gone
	for n := int64(1); time.Now().Before(stop); n++ {
		rev := seed<<20 + n
		switch r := rng.IntN(10); {
		case len(ids) < 5 || (len(ids) < 40 && r < 3):
			p := crashPair(rev)
			say("begin create 0 %d", rev)
			id, err := s.CreatePartnership(ctx, &p)
			if err != nil {
				helperFail("create: %v", err)
			}
			say("ok create %d %d", id, rev)
			ids = append(ids, id)
		case r < 7:
			p := crashPair(rev)
			p.ID = ids[rng.IntN(len(ids))]
			say("begin update %d %d", p.ID, rev)
			if err := s.UpdatePartnership(ctx, &p); err != nil {
				helperFail("update %d: %v", p.ID, err)
			}
			say("ok update %d %d", p.ID, rev)
		default:
			id := ids[rng.IntN(len(ids))]
			say("begin schedule %d %d", id, rev)
			if err := s.SetSchedule(ctx, id, crashCadence(rev)); err != nil {
				helperFail("schedule %d: %v", id, err)
			}
			say("ok schedule %d %d", id, rev)
		}
	}
	os.Exit(0)
}

// op is one write the child announced.
type op struct {
	kind string
	id   int64
	rev  int64
}

func parseOp(fields []string) (op, error) {
	if len(fields) != 4 {
		return op{}, fmt.Errorf("bad line %q", strings.Join(fields, " "))
	}
	id, err1 := strconv.ParseInt(fields[2], 10, 64)
	rev, err2 := strconv.ParseInt(fields[3], 10, 64)
	if err1 != nil || err2 != nil {
		return op{}, fmt.Errorf("bad line %q", strings.Join(fields, " "))
	}
	return op{fields[1], id, rev}, nil
}

// committed is what the parent knows is in the database: the revision of
// every partnership and schedule the child reported written.
type committed struct {
	pairs     map[int64]int64
	schedules map[int64]int64
}

// apply records the child's output and returns the operation in flight when
// it died, if any.
func (c *committed) apply(lines []string) (*op, error) {
	var pending *op
	for _, line := range lines {
		f := strings.Fields(line)
		if len(f) == 0 || (f[0] != "begin" && f[0] != "ok") {
			continue
		}
		o, err := parseOp(f)
		if err != nil {
			return nil, err
		}
		if f[0] == "begin" {
			pending = &o
			continue
		}
		if pending == nil || pending.kind != o.kind || pending.rev != o.rev {
			return nil, fmt.Errorf("ok without begin: %q", line)
		}
		pending = nil
		switch o.kind {
		case "create", "update":
			c.pairs[o.id] = o.rev
		case "schedule":
			c.schedules[o.id] = o.rev
		}
	}
	return pending, nil
}

// verify checks the database at path after a kill: sound, every reported
// write present and whole, nothing else but the write in flight. It updates
// c with what the write in flight turned out to be, and reports whether it
// had committed.
func (c *committed) verify(ctx context.Context, path string, pending *op) (inFlightCommitted bool, err error) {
	s, err := Open(ctx, path)
	if err != nil {
		return false, fmt.Errorf("reopen: %w", err)
	}
	defer s.Close()
	var res string
	if err := s.db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil || res != "ok" {
		return false, fmt.Errorf("integrity_check = %q, %v", res, err)
	}
	var orphans int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM pragma_foreign_key_check").Scan(&orphans); err != nil || orphans != 0 {
		return false, fmt.Errorf("foreign_key_check: %d rows, %v", orphans, err)
	}
	list, err := s.ListPartnerships(ctx)
	if err != nil {
		return false, err
	}
	present := map[int64]bool{}
	for _, sum := range list {
		present[sum.ID] = true
		if _, ok := c.pairs[sum.ID]; ok {
			continue
		}
		// Only the create in flight may have left a partnership unreported.
		if pending == nil || pending.kind != "create" || inFlightCommitted {
			return false, fmt.Errorf("partnership %d (%q) was never reported written", sum.ID, sum.Title)
		}
		c.pairs[sum.ID] = pending.rev
		inFlightCommitted = true
	}
	for id, rev := range c.pairs {
		if !present[id] {
			return false, fmt.Errorf("partnership %d (rev %d) reported committed is gone", id, rev)
		}
		got, err := s.GetPartnership(ctx, id)
		if err != nil {
			return false, fmt.Errorf("partnership %d: %w", id, err)
		}
		gotRev, ok := revOf(got.Title)
		if ok && gotRev != rev && pending != nil && pending.kind == "update" && pending.id == id && gotRev == pending.rev {
			inFlightCommitted = true
			c.pairs[id] = gotRev
		} else if gotRev != rev {
			return false, fmt.Errorf("partnership %d is %q, want rev %d", id, got.Title, rev)
		}
		want := crashPair(gotRev)
		want.ID = id
		got.Created, got.Updated = time.Time{}, time.Time{}
		if !reflect.DeepEqual(got, want) {
			return false, fmt.Errorf("partnership %d is torn:\n got %+v\nwant %+v", id, got, want)
		}
		cad, err := s.GetSchedule(ctx, id)
		known, hasKnown := c.schedules[id]
		inFlight := pending != nil && pending.kind == "schedule" && pending.id == id
		switch {
		case errors.Is(err, ErrNotFound):
			if hasKnown {
				return false, fmt.Errorf("schedule of %d (rev %d) reported committed is gone", id, known)
			}
		case err != nil:
			return false, err
		case hasKnown && reflect.DeepEqual(cad, crashCadence(known)):
		case inFlight && reflect.DeepEqual(cad, crashCadence(pending.rev)):
			inFlightCommitted = true
			c.schedules[id] = pending.rev
		default:
			return false, fmt.Errorf("schedule of %d is %+v; want rev %d (known %v) or in-flight %+v", id, cad, known, hasKnown, pending)
		}
	}
	return inFlightCommitted, nil
}

// readLines collects complete lines from r until EOF, signalling ready when
// the line "ready" arrives. A last line without its newline is dropped.
func readLines(r io.Reader, ready chan<- struct{}) []string {
	var lines []string
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return lines
		}
		line = strings.TrimSuffix(line, "\n")
		if line == "ready" && ready != nil {
			close(ready)
			ready = nil
		}
		lines = append(lines, line)
	}
}

// TestCrashKeepsCommittedWrites kills a writing process with SIGKILL at
// random moments, hundreds of times, and checks after each kill that the
// file is sound and holds every write the process saw return, whole. Two
// lanes, each with its own file, run side by side to fit the time budget.
func TestCrashKeepsCommittedWrites(t *testing.T) {
	if os.Getenv(helperEnv) != "" {
		t.Skip("in a helper process")
	}
	kills, budget := 200, 20*time.Second
	if testing.Short() {
		kills, budget = 20, 10*time.Second
	}
	const lanes = 2
	start := time.Now()
	var (
		mu    sync.Mutex
		total crashStats
		errs  []error
		wg    sync.WaitGroup
		next  atomic.Int64 // kills handed out so far
	)
	for lane := 0; lane < lanes; lane++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			path := filepath.Join(t.TempDir(), "twoway.db")
			c := &committed{pairs: map[int64]int64{}, schedules: map[int64]int64{}}
			rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), uint64(lane)))
			var st crashStats
			var err error
			for time.Since(start) < budget {
				k := next.Add(1)
				if k > int64(kills) {
					break
				}
				// Seeds are unique over lanes, so are revisions.
				if err = crashRound(path, k, rng, c, &st); err != nil {
					err = fmt.Errorf("lane %d, kill %d: %w", lane, st.kills+1, err)
					break
				}
			}
			st.pairs, st.schedules = len(c.pairs), len(c.schedules)
			mu.Lock()
			defer mu.Unlock()
			total.add(st)
			if err != nil {
				errs = append(errs, err)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		t.Error(err)
	}
	t.Logf("%d kills in %v over %d files: %d writes reported, %d partnerships, %d schedules; "+
		"%d kills mid-write, in %d of which the write had committed unreported",
		total.kills, time.Since(start).Round(time.Millisecond), lanes, total.ops, total.pairs, total.schedules,
		total.midWrite, total.landed)
	// The budget bounds the test on a busy machine (alone, 200 kills take
	// about 4 s on two cores); too few kills would make it meaningless.
	switch {
	case len(errs) > 0:
	case total.kills < kills/4:
		t.Errorf("only %d of %d kills fitted in %v", total.kills, kills, budget)
	case total.kills < kills:
		t.Logf("busy machine: %d of %d kills fitted in %v", total.kills, kills, budget)
	}
	if total.midWrite < total.kills/4 {
		t.Errorf("only %d of %d kills hit a write in progress: the test is not testing crashes", total.midWrite, total.kills)
	}
}

type crashStats struct {
	kills, ops, midWrite, landed, pairs, schedules int
}

func (s *crashStats) add(o crashStats) {
	s.kills += o.kills
	s.ops += o.ops
	s.midWrite += o.midWrite
	s.landed += o.landed
	s.pairs += o.pairs
	s.schedules += o.schedules
}

// crashRound starts a writer on path, kills it at a random moment and
// verifies the file against c.
func crashRound(path string, seed int64, rng *rand.Rand, c *committed, st *crashStats) error {
	// Given a child process writing partnerships as fast as it can
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperEnv+"=crash", helperDB+"="+path, fmt.Sprintf("%s=%d", helperSeed, seed))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	ready := make(chan struct{})
	linesCh := make(chan []string, 1)
	go func() { linesCh <- readLines(stdout, ready) }()

	// When it is killed at a random moment: mostly while writing, one time
	// in ten at any point from its start, even inside Open
	if rng.IntN(10) == 0 {
		time.Sleep(time.Duration(rng.IntN(15000)) * time.Microsecond)
	} else {
		select {
		case <-ready:
		case <-time.After(10 * time.Second):
		}
		time.Sleep(time.Duration(rng.IntN(25000)) * time.Microsecond)
	}
	if err := cmd.Process.Kill(); err != nil {
		return fmt.Errorf("kill: %w", err)
	}
	lines := <-linesCh
	err = cmd.Wait()
	if cmd.ProcessState.Exited() {
		return fmt.Errorf("the helper exited by itself (%v): %s", err, &stderr)
	}
	st.kills++

	// Then the file is sound and every reported write is there, whole
	pending, err := c.apply(lines)
	if err != nil {
		return err
	}
	for _, l := range lines {
		if strings.HasPrefix(l, "ok ") {
			st.ops++
		}
	}
	landed, err := c.verify(context.Background(), path, pending)
	if err != nil {
		return fmt.Errorf("in flight %+v: %w", pending, err)
	}
	if pending != nil {
		st.midWrite++
	}
	if landed {
		st.landed++
	}
	return nil
}

// TestTwoProcessesWriteAtOnce runs two writing processes and this one on
// the same file at once: nobody sees "database is locked" and every write
// lands intact.
func TestTwoProcessesWriteAtOnce(t *testing.T) {
	if os.Getenv(helperEnv) != "" {
		t.Skip("in a helper process")
	}
	n := 60
	if testing.Short() {
		n = 15
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "twoway.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	// Given two other processes on the file, ready to write
	type child struct {
		cmd    *exec.Cmd
		stdin  io.WriteCloser
		stderr *bytes.Buffer
		ready  chan struct{}
		lines  chan []string
	}
	var children []child
	for seed := int64(1); seed <= 2; seed++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelper$", "-test.count=1")
		cmd.Env = append(os.Environ(), helperEnv+"=writer", helperDB+"="+path,
			fmt.Sprintf("%s=%d", helperSeed, seed), fmt.Sprintf("%s=%d", helperCount, n))
		ch := child{cmd: cmd, stderr: new(bytes.Buffer), ready: make(chan struct{}), lines: make(chan []string, 1)}
		cmd.Stderr = ch.stderr
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if ch.stdin, err = cmd.StdinPipe(); err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() { ch.lines <- readLines(stdout, ch.ready) }()
		children = append(children, ch)
	}
	for _, ch := range children {
		select {
		case <-ch.ready:
		case <-time.After(20 * time.Second):
			t.Fatalf("writer not ready: %s", ch.stderr)
		}
	}

	// When all three write at once
	start := time.Now()
	for _, ch := range children {
		io.WriteString(ch.stdin, "go\n")
	}
	var wg sync.WaitGroup
	var ownErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		ownErr = writeBatch(ctx, s, 3, n)
	}()
	wg.Wait()
	for _, ch := range children {
		<-ch.lines
		if err := ch.cmd.Wait(); err != nil {
			t.Errorf("writer process: %v: %s", err, ch.stderr)
		}
	}
	t.Logf("3 writers x %d partnerships (create, update, schedule, read each) in %v", n, time.Since(start).Round(time.Millisecond))

	// Then no one failed, the file is sound and every write is there
	if ownErr != nil {
		t.Errorf("this process: %v", ownErr)
	}
	var res string
	if err := s.db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil || res != "ok" {
		t.Fatalf("integrity_check = %q, %v", res, err)
	}
	list, err := s.ListPartnerships(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int64]int{}
	for _, sum := range list {
		rev, ok := revOf(sum.Title)
		if !ok {
			t.Fatalf("unexpected partnership %q", sum.Title)
		}
		seen[rev>>20]++
		got, err := s.GetPartnership(ctx, sum.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := crashPair(rev)
		want.ID = sum.ID
		got.Created, got.Updated = time.Time{}, time.Time{}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("partnership %d:\n got %+v\nwant %+v", sum.ID, got, want)
		}
		if c, err := s.GetSchedule(ctx, sum.ID); err != nil || !reflect.DeepEqual(c, crashCadence(rev)) {
			t.Errorf("schedule of %d: %+v, %v", sum.ID, c, err)
		}
	}
	for seed := int64(1); seed <= 3; seed++ {
		if seen[seed] != n {
			t.Errorf("writer %d: %d partnerships stored, want %d", seed, seen[seed], n)
		}
	}
}

// writeBatch creates n partnerships, then updates each, schedules it and
// reads the list, as a busy user would. Revisions are seed<<20 + i.
func writeBatch(ctx context.Context, s *Store, seed int64, n int) error {
	for i := 1; i <= n; i++ {
		p := crashPair(seed<<20 + int64(i))
		p.Title = "draft"
		id, err := s.CreatePartnership(ctx, &p)
		if err != nil {
			return err
		}
		final := crashPair(seed<<20 + int64(i))
		final.ID = id
		if err := s.UpdatePartnership(ctx, &final); err != nil {
			return err
		}
		if err := s.SetSchedule(ctx, id, crashCadence(seed<<20+int64(i))); err != nil {
			return err
		}
		if _, err := s.ListPartnerships(ctx); err != nil {
			return err
		}
	}
	return nil
}
