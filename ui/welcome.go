package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// newWelcome is the first-run screen: what Twoway is for, and one button.
func newWelcome(onCreate func()) fyne.CanvasObject {
	title := widget.NewLabelWithStyle(lang.L("Welcome to Twoway"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	body := widget.NewLabel(lang.L("Mentoring works best as a two-way street: each partner teaches and learns. " +
		"Twoway keeps your partnership in one place: who you are, what each of you offers and wants to learn, " +
		"the ground rules you agreed, and a call time that suits you both, whatever your time zones."))
	body.Wrapping = fyne.TextWrapWord
	body.Alignment = fyne.TextAlignCenter
	create := widget.NewButtonWithIcon(lang.L("Create your first partnership"), theme.ContentAddIcon(), onCreate)
	create.Importance = widget.HighImportance
	box := container.NewVBox(title, body, container.NewCenter(create))
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(460, 260), box))
}
