package ui

import (
	"reflect"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// Fyne's dialogs ignore Escape (v2.8); desktop users expect it to cancel.
// The window's canvas receives keys that no focused widget takes, so
// Escape there presses the top dialog's dismiss button (Cancel, Back, Keep,
// OK), running the dialog's callback as a click would. A focused entry in
// the dialog keeps Escape for itself: Fyne gives no earlier hook.

// closeOnEscape installs the handler on win's canvas.
func closeOnEscape(win fyne.Window) {
	win.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape {
			dismissTop(win.Canvas())
		}
	})
}

// dismissTop presses the dismiss button of the top overlay; it reports
// whether there was one.
func dismissTop(c fyne.Canvas) bool {
	top := popUpOf(c.Overlays().Top())
	if top == nil {
		return false
	}
	if b := dismissButton(top.Content); b != nil {
		b.OnTapped()
		return true
	}
	return false
}

// dismissButton finds a dialog's dismiss button. Fyne's dialogs lay out
// [icon, background, content, buttons, title], their buttons dismiss
// first; a dialog without buttons of its own (askWhichTime) has them in
// its content, where the one that is not the highlighted choice dismisses.
func dismissButton(o fyne.CanvasObject) *widget.Button {
	box, ok := o.(*fyne.Container)
	if !ok {
		return nil
	}
	if len(box.Objects) == 5 {
		if row, ok := box.Objects[3].(*fyne.Container); ok && len(row.Objects) > 0 {
			if b, ok := row.Objects[0].(*widget.Button); ok && !b.Disabled() {
				return b
			}
		}
	}
	var found *widget.Button
	cancel := lang.L("Cancel")
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Button:
			if x.Disabled() || !x.Visible() {
				return
			}
			if found == nil && x.Importance != widget.HighImportance || x.Text == cancel {
				found = x
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return found
}

// popUpOf is the PopUp an overlay shows. Fyne wraps each shown PopUp in an
// internal OverlayContainer whose exported Content field is the PopUp; the
// type cannot be named outside Fyne, so the field is read by reflection
// (TestEscapeClosesDialogs fails if Fyne changes this).
func popUpOf(o fyne.CanvasObject) *widget.PopUp {
	if p, ok := o.(*widget.PopUp); ok {
		return p
	}
	v := reflect.ValueOf(o)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return nil
	}
	f := v.Elem().FieldByName("Content")
	if !f.IsValid() || !f.CanInterface() {
		return nil
	}
	p, _ := f.Interface().(*widget.PopUp)
	return p
}
