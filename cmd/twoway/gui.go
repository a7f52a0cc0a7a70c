package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/twoway-app/twoway/assets"
	"github.com/twoway-app/twoway/storage"
	"github.com/twoway-app/twoway/ui"
)

// appID matches FyneApp.toml; preferences and the desktop entry use it.
const appID = "app.twoway.desktop"

// runGUI opens the database and shows the main window until it is closed.
func runGUI(dbPath string, stderr io.Writer, background bool) int {
	if dbPath == "" {
		p, err := storage.DefaultPath()
		if err != nil {
			fmt.Fprintln(stderr, "twoway:", err)
			return 1
		}
		dbPath = p
	}
	a := app.NewWithID(appID)
	fonts := ui.LoadFonts() // parsed while the window is being created
	a.SetIcon(assets.Icon)
	store, err := storage.Open(context.Background(), dbPath)
	if err != nil {
		fmt.Fprintln(stderr, "twoway:", err)
		showFatal(a, err)
		return 1
	}
	defer store.Close()
	// Fyne's theme with every text at 4.5:1 or more, light or dark as the
	// system says.
	a.Settings().SetTheme(ui.Theme())
	quitOnSignal(a)
	w := a.NewWindow("Twoway")
	w.Resize(savedWindowSize(a.Preferences()))
	// Close runs this for the window manager's close button, File › Quit
	// and a.Quit on SIGTERM alike, while the window still has its size;
	// Fyne writes the preferences to disk before the process exits.
	w.SetOnClosed(func() { rememberWindowSize(a.Preferences(), w.Canvas().Size()) })
	<-fonts
	opts := ui.Options{Store: store, DBPath: dbPath,
		Reopen: func(ctx context.Context) (ui.Store, error) { return storage.Open(ctx, dbPath) },
		Notify: newNotifier(func(n ui.Notice) { a.SendNotification(fyne.NewNotification(n.Title, n.Body)) })}
	desk, hasTray := a.(desktop.App)
	if hasTray {
		opts.Tray = desk.SetSystemTrayMenu
		desk.SetSystemTrayIcon(assets.Icon)
	}
	u := ui.New(a, w, opts)
	if hasTray {
		// Fyne starts the tray only when it has a menu before Run; the
		// reminder check fills in the next session once it has read it.
		desk.SetSystemTrayMenu(u.TrayMenu(time.Now()))
	}
	defer u.Close() // the store File › Restore reopened, if any
	// The window manager's close button asks about unsaved changes too,
	// and keeps Twoway in the tray when the user chose that.
	w.SetCloseIntercept(u.CloseWindow)
	go tickEveryMinute(u)
	u.Start()
	u.StartSync()
	u.CheckReminders(time.Now())
	if background && hasTray {
		// The tray keeps the app alive: Run returns on Quit.
		a.Run()
		return 0
	}
	w.SetMaster()
	w.ShowAndRun()
	return 0
}

// tickEveryMinute keeps the window's clocks current: on each new minute,
// on the UI goroutine.
func tickEveryMinute(u *ui.UI) {
	for {
		now := time.Now()
		time.Sleep(now.Truncate(time.Minute).Add(time.Minute).Sub(now))
		fyne.Do(u.Tick)
	}
}

// quitOnSignal closes the app cleanly on SIGTERM or SIGINT (logout, Ctrl+C
// in a terminal), so the database is closed rather than abandoned.
func quitOnSignal(a fyne.App) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, os.Interrupt)
	go func() {
		<-sig
		fyne.Do(a.Quit)
	}()
}

// showFatal tells a user who started the app from their desktop (and so
// sees no terminal) why it cannot start, then quits. Their file is left
// untouched.
func showFatal(a fyne.App, err error) {
	quitOnSignal(a)
	w := a.NewWindow("Twoway")
	w.Resize(fyne.NewSize(520, 240))
	d := dialog.NewError(fmt.Errorf("Twoway cannot open its data file: %w\n\nNothing was changed. Start it with --db to use another file.", err), w)
	d.SetOnClosed(a.Quit)
	w.SetContent(widget.NewLabel(""))
	w.Show()
	d.Show()
	a.Run()
}
