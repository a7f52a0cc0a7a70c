package ui

import (
	"errors"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// maxEntryText bounds what a multi-line entry takes in. Fyne lays wrapped
// text out in time that grows with the square of its length (64 KB takes
// 0.2 s, 256 KB 2.6 s; pasting 1 MB of notes froze the window for minutes),
// and nothing this long can be stored: the longest field, a list of 100
// entries of 1,000 characters, stays below it, so filling an editor from
// storage is never refused.
const maxEntryText = 110_000

// maxLineText bounds a single-line entry, and maxLinkText one that holds a
// web address. Fyne measures a line's whole text on every caret move and
// selection (select-all in 5,000 characters took 4 s); the longest
// single-line value Twoway keeps is a 200-character title or name, so no
// value read from storage is refused.
const (
	maxLineText = 300
	maxLinkText = 2100
)

// newLineEntry is a single-line entry that takes at most maxLineText
// characters.
func newLineEntry() *widget.Entry { return newEntryMax(maxLineText) }

// newEntryMax is a single-line entry that takes at most max characters.
func newEntryMax(max int) *widget.Entry {
	e := widget.NewEntry()
	limitText(e, max)
	return e
}

// newPasswordEntry is newLineEntry for passwords.
func newPasswordEntry() *widget.Entry {
	e := widget.NewPasswordEntry()
	limitText(e, maxLineText)
	return e
}

// limitText makes e refuse a change, in practice a paste, that would leave
// it holding more than max characters: e keeps its previous text and its
// window says why. It wraps the OnChanged set so far; code that sets
// OnChanged later must call the previous one (as clearOnChange does), or
// the limit is lost.
func limitText(e *widget.Entry, max int) {
	prev := e.Text
	next := e.OnChanged
	e.OnChanged = func(s string) {
		if len(s) > max { // bytes >= characters: count only when it can matter
			if n := utf8.RuneCountInString(s); n > max {
				e.SetText(prev)
				tooLong(e, n, max)
				return
			}
		}
		prev = s
		if next != nil {
			next(s)
		}
	}
}

// tooLong tells the user why the text did not go in, in the window that
// shows e.
func tooLong(e fyne.CanvasObject, n, max int) {
	err := errors.New(lang.L("that text has {{.Count}} characters, more than one field can keep ({{.Max}}); nothing was added",
		map[string]any{"Count": n, "Max": max}))
	fyne.LogError("text refused", err)
	if w := windowOf(e); w != nil {
		dialog.ShowError(err, w)
	}
}

// windowOf returns the window whose canvas shows o, or nil.
func windowOf(o fyne.CanvasObject) fyne.Window {
	a := fyne.CurrentApp()
	if a == nil {
		return nil
	}
	c := a.Driver().CanvasForObject(o)
	if c == nil {
		return nil
	}
	for _, w := range a.Driver().AllWindows() {
		if w.Canvas() == c {
			return w
		}
	}
	return nil
}
