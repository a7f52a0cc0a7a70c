package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// Keyboard shortcuts, declared once and shown in the menu.
var (
	shortcutNew    = &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutEdit   = &desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutSave   = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutSearch = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
)

func (u *UI) mainMenu() *fyne.MainMenu {
	newItem := fyne.NewMenuItem("New Partnership…", u.newPartnership)
	newItem.Shortcut = shortcutNew
	editItem := fyne.NewMenuItem("Edit Partnership", u.editSelected)
	editItem.Shortcut = shortcutEdit
	deleteItem := fyne.NewMenuItem("Delete Partnership…", u.deleteSelected)
	searchItem := fyne.NewMenuItem("Find Partnership", func() { u.win.Canvas().Focus(u.sidebar.search) })
	searchItem.Shortcut = shortcutSearch
	return fyne.NewMainMenu(
		fyne.NewMenu("File", newItem),
		fyne.NewMenu("Edit", editItem, deleteItem, fyne.NewMenuItemSeparator(), searchItem),
	)
}

func (u *UI) addShortcuts() {
	c := u.win.Canvas()
	c.AddShortcut(shortcutNew, func(fyne.Shortcut) { u.newPartnership() })
	c.AddShortcut(shortcutEdit, func(fyne.Shortcut) { u.editSelected() })
	c.AddShortcut(shortcutSearch, func(fyne.Shortcut) { u.win.Canvas().Focus(u.sidebar.search) })
	c.AddShortcut(shortcutSave, func(fyne.Shortcut) {
		if len(u.content.Objects) == 1 && u.content.Objects[0] == u.form.object {
			u.form.onSave()
		}
	})
}
