package ui

import (
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// An editor is a part of a screen whose fields the user changes before
// pressing Save: the partnership editor, the topic editor and the session
// log. Leaving one with changes asks first (confirmLeave), so no edit is
// lost without the user saying so.
type editor interface {
	// dirty reports whether the fields differ from what was loaded.
	dirty() bool
	// saveThen saves the fields and runs then once they are stored; a
	// refused save (a field in error) keeps the user in the editor.
	saveThen(then func())
	// what names what is being edited, for the question.
	what() string
}

// fieldState is what an editor's fields hold, for telling whether they
// changed since it was filled.
func fieldState(values ...any) string {
	var b strings.Builder
	for _, v := range values {
		switch w := v.(type) {
		case *widget.Entry:
			b.WriteString(w.Text)
		case *widget.SelectEntry:
			b.WriteString(w.Text)
		case *dateEntry:
			b.WriteString(w.Text)
		case *widget.Select:
			b.WriteString(w.Selected)
		case *widget.RadioGroup:
			b.WriteString(w.Selected)
		case *widget.Check:
			fmt.Fprint(&b, w.Checked)
		case []*widget.Check:
			for _, c := range w {
				fmt.Fprint(&b, c.Checked)
			}
		case []*widget.Select:
			for _, s := range w {
				b.WriteString(s.Selected + "|")
			}
		case map[int64]*widget.Check:
			ids := make([]int64, 0, len(w))
			for id := range w {
				ids = append(ids, id)
			}
			sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
			for _, id := range ids {
				fmt.Fprint(&b, id, w[id].Checked)
			}
		default:
			fmt.Fprint(&b, w)
		}
		b.WriteByte(0)
	}
	return b.String()
}

// pendingEditor is the editor on screen with unsaved changes, if any.
func (u *UI) pendingEditor() editor {
	shown := len(u.content.Objects) == 1
	if shown && u.content.Objects[0] == u.form.object {
		if u.form.dirty() {
			return u.form
		}
		return nil
	}
	if !shown || u.content.Objects[0] != u.detail.object {
		return nil
	}
	for _, e := range []editor{u.detail.topics, u.detail.sessions} {
		if e.dirty() {
			return e
		}
	}
	return nil
}

// confirmLeave runs next now when e has no unsaved changes, else asks:
// Save (then next, once saved), Discard (next), or Cancel (back, which
// undoes what the click already changed, such as a list's selection).
func (u *UI) confirmLeave(e editor, next, back func()) {
	if e == nil || !e.dirty() {
		next()
		return
	}
	if back == nil {
		back = func() {}
	}
	var d dialog.Dialog
	answer := func(f func()) func() {
		return func() {
			d.Hide()
			f()
		}
	}
	save := widget.NewButton(lang.L("Save"), answer(func() { e.saveThen(next) }))
	save.Importance = widget.HighImportance
	discard := widget.NewButton(lang.L("Discard changes"), answer(next))
	cancel := widget.NewButton(lang.L("Cancel"), answer(back))
	msg := widget.NewLabel(lang.L("You changed {{.What}} and have not saved it yet.", map[string]any{"What": e.what()}))
	msg.Wrapping = fyne.TextWrapWord
	d = dialog.NewCustomWithoutButtons(lang.L("Save your changes?"), msg, u.win)
	d.(*dialog.CustomDialog).SetButtons([]fyne.CanvasObject{cancel, discard, save})
	d.Resize(fyne.NewSize(440, 0))
	d.Show()
	u.win.Canvas().Focus(save)
}

// leaveThen runs next once whatever editor is on screen was saved or its
// changes discarded; back runs when the user chose to stay.
func (u *UI) leaveThen(next, back func()) { u.confirmLeave(u.pendingEditor(), next, back) }

// confirm asks a yes-or-no question whose buttons say what they do (verb,
// back) instead of Yes and No; Escape answers back.
func confirm(title, verb, back, msg string, answer func(bool), w fyne.Window) {
	d := dialog.NewConfirm(title, msg, answer, w)
	d.SetConfirmText(verb)
	d.SetDismissText(back)
	d.Show()
}
