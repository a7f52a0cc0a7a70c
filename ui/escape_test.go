package ui

import (
	"errors"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// TestEscapeClosesDialogs: Escape answers each kind of dialog as its
// dismiss button does, running the callback with false.
func TestEscapeClosesDialogs(t *testing.T) {
	u, _, w := newTestUI(t)
	escape := func() { w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape}) }
	tests := []struct {
		name string
		show func(done func(bool))
	}{
		{"confirm", func(done func(bool)) { confirm("Delete?", "Delete", "Cancel", "Really?", done, w) }},
		{"information", func(done func(bool)) {
			d := dialog.NewInformation("Saved", "All is well.", w)
			d.SetOnClosed(func() { done(false) })
			d.Show()
		}},
		{"error", func(done func(bool)) {
			d := dialog.NewError(errors.New("no"), w)
			d.SetOnClosed(func() { done(false) })
			d.Show()
		}},
		{"form", func(done func(bool)) { dialog.ShowForm("Move", "Move", "Keep", nil, done, w) }},
		{"which time", func(done func(bool)) {
			berlin, _ := time.LoadLocation("Europe/Berlin")
			first := time.Date(2027, 10, 31, 0, 30, 0, 0, time.UTC).In(berlin)
			u.detail.invites.askWhichTime(first, first.Add(time.Hour), func(time.Time) { done(true) }, func() { done(false) })
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []bool
			tt.show(func(ok bool) { got = append(got, ok) })
			if w.Canvas().Overlays().Top() == nil {
				t.Fatal("no dialog shown")
			}
			escape()
			if len(got) != 1 || got[0] {
				t.Errorf("callback got %v, want one false", got)
			}
			if w.Canvas().Overlays().Top() != nil {
				t.Errorf("a dialog is still shown")
			}
		})
	}
	// With no dialog, Escape does nothing
	escape()
}
