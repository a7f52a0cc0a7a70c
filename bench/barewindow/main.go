// Command barewindow is the baseline of the start-up benchmark (`make
// bench`): the smallest Fyne program that shows a window like Twoway's, of
// the same size and built with the same tags, so that what the app costs on
// top of Fyne itself can be measured in the same run.
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("app.twoway.bench.barewindow")
	w := a.NewWindow("Twoway bare window")
	w.Resize(fyne.NewSize(1100, 760))
	w.SetContent(widget.NewLabel("A bare Fyne window: the baseline Twoway's start-up is compared with."))
	w.ShowAndRun()
}
