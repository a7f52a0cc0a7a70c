//go:build !linux || android

package main

import "github.com/twoway-app/twoway/ui"

// newNotifier: elsewhere Fyne's notifications (title and body) are used.
func newNotifier(fallback func(ui.Notice)) func(ui.Notice) { return fallback }
