package main

import (
	"math"

	"fyne.io/fyne/v2"
)

// Preference keys for the main window's size, in Fyne's device-independent
// units (the ones Window.Resize takes), so a change of display scale does
// not grow or shrink the window.
const (
	prefWindowWidth  = "window.width"
	prefWindowHeight = "window.height"
)

var (
	// defaultWindowSize fits the sidebar, a partnership's schedule and the
	// invite preview side by side on a common 1366x768 laptop screen.
	defaultWindowSize = fyne.NewSize(1100, 760)
	// minWindowSize is the smallest size at which the forms stay usable; a
	// smaller saved size (a window closed while minimised or half-drawn)
	// would otherwise reopen as an unusable sliver.
	minWindowSize = fyne.NewSize(800, 560)
	// maxWindowSize rejects sizes no screen has (a corrupted preferences
	// file, or a window stretched across many monitors), which some window
	// managers refuse to map.
	maxWindowSize = fyne.NewSize(7680, 4320)
)

// windowSize returns the size to open the main window at, given the width
// and height read from the preferences (0 when never saved). A missing or
// non-numeric value falls back to the default; anything else is clamped
// to the sane range, each side on its own.
func windowSize(width, height float64) fyne.Size {
	if !usable(width) || !usable(height) {
		return defaultWindowSize
	}
	return fyne.NewSize(clamp(float32(width), minWindowSize.Width, maxWindowSize.Width),
		clamp(float32(height), minWindowSize.Height, maxWindowSize.Height))
}

// usable reports whether a saved side length is a real, positive number.
func usable(v float64) bool { return v > 0 && !math.IsInf(v, 0) && !math.IsNaN(v) }

func clamp(v, lo, hi float32) float32 { return max(lo, min(v, hi)) }

// savedWindowSize reads the size remembered by rememberWindowSize.
func savedWindowSize(p fyne.Preferences) fyne.Size {
	return windowSize(p.Float(prefWindowWidth), p.Float(prefWindowHeight))
}

// rememberWindowSize stores size for the next start. A size that is not
// positive (some window managers report 0x0 for a window closed while
// minimised) is ignored so the last real size survives.
func rememberWindowSize(p fyne.Preferences, size fyne.Size) {
	if !usable(float64(size.Width)) || !usable(float64(size.Height)) {
		return
	}
	p.SetFloat(prefWindowWidth, float64(size.Width))
	p.SetFloat(prefWindowHeight, float64(size.Height))
}
