package ui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// fieldNotes puts each error of a form under the field it is about, so the
// user sees where to look, and keeps one general note for what belongs to
// no field. Notes are hidden when empty, so a form without errors keeps its
// height and Save stays where it was.
type fieldNotes struct {
	labels  map[string]*widget.Label
	general *widget.Label
	// dates are the date entries of a field: a note marks them in error,
	// so no ✓ shows beside a date the note refuses.
	dates map[string][]*dateEntry
}

func newFieldNotes(general *widget.Label) *fieldNotes {
	return &fieldNotes{labels: map[string]*widget.Label{}, general: general, dates: map[string][]*dateEntry{}}
}

// marks makes the date entries part of field: its note marks them.
func (n *fieldNotes) marks(field string, entries ...*dateEntry) {
	n.dates[field] = append(n.dates[field], entries...)
}

// under returns o with field's note below it.
func (n *fieldNotes) under(field string, o fyne.CanvasObject) fyne.CanvasObject {
	l := wrapLabel("")
	l.Importance = widget.DangerImportance
	l.Hide()
	n.labels[field] = l
	return container.NewVBox(o, l)
}

// set clears every note and shows msg under field (in the general note
// for a field without one); an empty msg only clears.
func (n *fieldNotes) set(field, msg string) {
	n.clear()
	n.add(field, msg)
}

// add shows msg under field as well as the notes already shown; a second
// message for the same field goes on the next line.
func (n *fieldNotes) add(field, msg string) {
	if msg == "" {
		return
	}
	l, ok := n.labels[field]
	if !ok {
		l = n.general
	}
	if l == nil {
		return
	}
	if l.Visible() && l.Text != "" {
		msg = l.Text + "\n" + msg
	}
	l.SetText(msg)
	l.Show()
	for _, e := range n.dates[field] {
		if e.Validator != nil { // set once the entry is drawn
			e.SetValidationError(errors.New(msg))
		}
	}
}

// clear hides every note; date entries show their own state again.
func (n *fieldNotes) clear() {
	for _, es := range n.dates {
		for _, e := range es {
			if e.Validator != nil {
				e.SetValidationError(e.Validator(e.Text))
			}
		}
	}
	for _, l := range n.labels {
		l.SetText("")
		l.Hide()
	}
	if n.general != nil {
		n.general.SetText("")
		n.general.Hide()
	}
}

// text is the note shown under field ("" when none), for tests.
func (n *fieldNotes) text(field string) string {
	if l, ok := n.labels[field]; ok && l.Visible() {
		return l.Text
	}
	return ""
}

// shown is the note on screen, under a field or general ("" when none),
// for tests.
func (n *fieldNotes) shown() string {
	for _, l := range n.labels {
		if l.Visible() {
			return l.Text
		}
	}
	if n.general != nil && n.general.Visible() {
		return n.general.Text
	}
	return ""
}
