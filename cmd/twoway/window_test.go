package main

import (
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func TestWindowSize(t *testing.T) {
	tests := []struct {
		name          string
		width, height float64
		want          fyne.Size
	}{
		{"never saved", 0, 0, defaultWindowSize},
		{"only width saved", 1300, 0, defaultWindowSize},
		{"negative", -5, 900, defaultWindowSize},
		{"not a number", math.NaN(), 900, defaultWindowSize},
		{"infinite", math.Inf(1), 900, defaultWindowSize},
		{"a usual size is kept", 1280, 800, fyne.NewSize(1280, 800)},
		{"fractional units are kept", 1023.5, 700.25, fyne.NewSize(1023.5, 700.25)},
		{"exactly the minimum", 800, 560, fyne.NewSize(800, 560)},
		{"too narrow", 300, 900, fyne.NewSize(800, 900)},
		{"too short", 1200, 100, fyne.NewSize(1200, 560)},
		{"both too small", 1, 1, minWindowSize},
		{"wider than any screen", 50000, 900, fyne.NewSize(7680, 900)},
		{"both too large", 1e9, 1e9, maxWindowSize},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := windowSize(tt.width, tt.height); got != tt.want {
				t.Errorf("windowSize(%v, %v) = %v, want %v", tt.width, tt.height, got, tt.want)
			}
		})
	}
}

// TestRememberWindowSize round-trips sizes through a real preferences store,
// as the window does between two starts.
func TestRememberWindowSize(t *testing.T) {
	tests := []struct {
		name  string
		saved []fyne.Size // closed at these sizes, in order
		want  fyne.Size   // opened at this size afterwards
	}{
		{"first start", nil, defaultWindowSize},
		{"closed once", []fyne.Size{fyne.NewSize(1400, 900)}, fyne.NewSize(1400, 900)},
		{"the last close wins", []fyne.Size{fyne.NewSize(1400, 900), fyne.NewSize(900, 600)}, fyne.NewSize(900, 600)},
		{"a 0x0 close keeps the previous size", []fyne.Size{fyne.NewSize(1400, 900), fyne.NewSize(0, 0)}, fyne.NewSize(1400, 900)},
		{"a sliver is reopened usable", []fyne.Size{fyne.NewSize(200, 40)}, minWindowSize},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Given a fresh app's preferences
			p := test.NewTempApp(t).Preferences()
			// When the window closes at each size
			for _, s := range tt.saved {
				rememberWindowSize(p, s)
			}
			// Then the next start opens at the expected size
			if got := savedWindowSize(p); got != tt.want {
				t.Errorf("after closing at %v: opened at %v, want %v", tt.saved, got, tt.want)
			}
		})
	}
}
