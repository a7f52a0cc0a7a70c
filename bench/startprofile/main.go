// Command startprofile explains the start-up benchmark's figures: it starts
// Twoway's window the way cmd/twoway's runGUI does, prints how long each
// step took since main began (and each database call the screens make
// while starting), can write a CPU profile, and quits after -for.
//
// With -mode it leaves parts out, so that the start-up harness can time
// each variant against the bare window in the same run:
//
//	app        as runGUI: build the screens, load the partnerships, show
//	nostart    build the screens but load nothing (the empty skeleton)
//	buildonly  build the screens, then show only a label and no menu:
//	           what building costs without drawing it
//	menuonly   build the screens, show the menu bar over a label
//	nomenu     the skeleton without the menu bar
//
//	go build -tags migrated_fynedo -o /tmp/sp ./bench/startprofile
//	DISPLAY=:82 FYNE_PLATFORM=x11 /tmp/sp -db demo.db -cpu /tmp/start.pprof
//	go tool pprof -top /tmp/sp /tmp/start.pprof
//	GODEBUG=memprofilerate=512 /tmp/sp -db demo.db -mem /tmp/heap.pprof
//	go tool pprof -sample_index=inuse_space -top /tmp/sp /tmp/heap.pprof
//	go run ./bench/startup -extra "skeleton|/tmp/sp|-db {db} -for 0 -mode nostart"
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"

	"github.com/twoway-app/twoway/assets"
	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/storage"
	"github.com/twoway-app/twoway/ui"
)

var begin = time.Now()

var mu sync.Mutex

var silent bool

func mark(what string, d time.Duration) {
	if silent {
		return
	}
	mu.Lock()
	defer mu.Unlock()
	fmt.Fprintf(os.Stderr, "%8.1f ms  %-40s %7.1f ms\n", float64(time.Since(begin).Microseconds())/1000, what, float64(d.Microseconds())/1000)
}

func step(what string, f func()) {
	t := time.Now()
	f()
	mark(what, time.Since(t))
}

// timed reports the calls the screens make while the app starts.
type timed struct{ *storage.Store }

func (s timed) ListPartnerships(ctx context.Context) ([]mentoring.Summary, error) {
	t := time.Now()
	l, err := s.Store.ListPartnerships(ctx)
	mark(fmt.Sprintf("store.ListPartnerships (%d)", len(l)), time.Since(t))
	return l, err
}

func (s timed) GetPartnership(ctx context.Context, id int64) (mentoring.Partnership, error) {
	t := time.Now()
	p, err := s.Store.GetPartnership(ctx, id)
	mark("store.GetPartnership", time.Since(t))
	return p, err
}

func (s timed) GetSchedule(ctx context.Context, id int64) (calendar.Cadence, error) {
	t := time.Now()
	c, err := s.Store.GetSchedule(ctx, id)
	mark("store.GetSchedule", time.Since(t))
	return c, err
}

func (s timed) Sessions(ctx context.Context, id int64) ([]mentoring.Session, error) {
	t := time.Now()
	l, err := s.Store.Sessions(ctx, id)
	mark("store.Sessions", time.Since(t))
	return l, err
}

func (s timed) Topics(ctx context.Context, id int64) ([]mentoring.Topic, error) {
	t := time.Now()
	l, err := s.Store.Topics(ctx, id)
	mark("store.Topics", time.Since(t))
	return l, err
}

func main() {
	db := flag.String("db", "", "database file")
	cpu := flag.String("cpu", "", "write a CPU profile of the start here")
	for_ := flag.Duration("for", 3*time.Second, "how long to run before quitting (0: until closed)")
	mode := flag.String("mode", "app", "app, nostart, buildonly, menuonly or nomenu")
	quiet := flag.Bool("quiet", false, "print no timings")
	mem := flag.String("mem", "", "write a profile of the memory allocated (and still in use) when quitting here")
	flag.Parse()
	silent = *quiet
	if *cpu != "" {
		f, err := os.Create(*cpu)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	var a fyne.App
	step("app.NewWithID", func() { a = app.NewWithID("app.twoway.desktop") })
	var fonts <-chan struct{}
	step("ui.LoadFonts", func() { fonts = ui.LoadFonts() })
	step("SetIcon", func() { a.SetIcon(assets.Icon) })
	var store *storage.Store
	step("storage.Open", func() {
		var err error
		if store, err = storage.Open(context.Background(), *db); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	})
	defer store.Close()
	var w fyne.Window
	step("NewWindow", func() { w = a.NewWindow("Twoway"); w.Resize(fyne.NewSize(1100, 760)) })
	step("wait for the fonts", func() { <-fonts })
	var u *ui.UI
	step("ui.New", func() { u = ui.New(a, w, ui.Options{Store: timed{store}}) })
	switch *mode {
	case "app":
		step("ui.Start", u.Start)
	case "nostart":
	case "buildonly":
		w.SetMainMenu(nil)
		w.SetContent(widget.NewLabel("The screens are built but not shown."))
	case "menuonly":
		w.SetContent(widget.NewLabel("The screens are built but not shown."))
	case "nomenu":
		w.SetMainMenu(nil)
	default:
		fmt.Fprintln(os.Stderr, "startprofile: -mode is app, nostart, buildonly, menuonly or nomenu")
		os.Exit(2)
	}
	if *for_ > 0 {
		go func() {
			time.Sleep(*for_)
			if *mem != "" {
				writeHeap(*mem)
			}
			fyne.Do(a.Quit)
		}()
	}
	w.SetMaster()
	mark("ShowAndRun", 0)
	w.ShowAndRun()
}

// writeHeap saves the heap profile: go tool pprof -sample_index
// alloc_space shows what start-up allocated, inuse_space what it keeps.
func writeHeap(path string) {
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	defer f.Close()
	runtime.GC()
	pprof.Lookup("heap").WriteTo(f, 0)
}
