package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// LoadFonts starts parsing the font faces the window's first frame needs
// on another goroutine and returns a channel closed once they are ready;
// call it right after the app is made and wait on the channel before New.
//
// Fyne parses a text style's faces, and looks up a system fallback font for
// the user's language, the first time text in that style is measured. The
// first frame needs two styles: regular, and bold for button labels. On the
// benchmark machine they take about 35 ms, which would otherwise run on the
// main goroutine inside New and delay the window; in parallel they overlap
// the window's creation (GLFW and the GL context), and the window maps
// 10-15 ms sooner (BENCHMARKS.md). Only these two: parsing italic as well
// added 10 MiB to the settled memory for a style that may never be shown.
// Fyne's font cache is safe for concurrent use; waiting for the channel
// keeps New from parsing the same faces a second time.
func LoadFonts() <-chan struct{} {
	ready := make(chan struct{})
	go func() {
		defer close(ready)
		size := theme.TextSize()
		fyne.MeasureText("Twoway", size, fyne.TextStyle{})
		fyne.MeasureText("Twoway", size, fyne.TextStyle{Bold: true})
	}()
	return ready
}
