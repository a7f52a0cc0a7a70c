package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/twoway-app/twoway/assets"
	"github.com/twoway-app/twoway/storage"
	"github.com/twoway-app/twoway/ui"
)

// appID matches FyneApp.toml; preferences and the desktop entry use it.
const appID = "app.twoway.desktop"

// runGUI opens the database and shows the main window until it is closed.
func runGUI(dbPath string, stderr io.Writer) int {
	if dbPath == "" {
		p, err := storage.DefaultPath()
		if err != nil {
			fmt.Fprintln(stderr, "twoway:", err)
			return 1
		}
		dbPath = p
	}
	store, err := storage.Open(context.Background(), dbPath)
	if err != nil {
		fmt.Fprintln(stderr, "twoway:", err)
		return 1
	}
	defer store.Close()

	a := app.NewWithID(appID)
	a.SetIcon(assets.Icon)
	w := a.NewWindow("Twoway")
	w.Resize(fyne.NewSize(1100, 760))
	u := ui.New(a, w, store)
	u.Start()
	w.SetMaster()
	quitOnSignal(a)
	w.ShowAndRun()
	return 0
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
