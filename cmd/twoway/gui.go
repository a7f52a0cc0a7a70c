package main

import (
	"context"
	"fmt"
	"io"

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
	w.ShowAndRun()
	return 0
}
