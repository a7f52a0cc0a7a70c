package ui

import (
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
)

// Keyboard shortcuts, declared once and shown in the menu.
var (
	shortcutNew    = &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutJoin   = &desktop.CustomShortcut{KeyName: fyne.KeyJ, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutWeek   = &desktop.CustomShortcut{KeyName: fyne.Key0, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutPools  = &desktop.CustomShortcut{KeyName: fyne.Key9, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutEdit   = &desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutSave   = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutSearch = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
	// shortcutSettings is Ctrl+, (Cmd+, on macOS), where desktop apps keep
	// their settings.
	shortcutSettings = &desktop.CustomShortcut{KeyName: fyne.KeyComma, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutTopic    = &desktop.CustomShortcut{KeyName: fyne.KeyT, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutLog      = &desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutInvite   = &desktop.CustomShortcut{KeyName: fyne.KeyI, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutExport   = &desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	shortcutQuit     = &desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault}
)

// Tab indexes of the detail screen, for the View menu and the actions
// that jump to a tab.
const (
	tabOverview = iota
	tabSchedule
	tabTopics
	tabSessions
	tabInvites
)

// partnershipActions are the main actions on the shown partnership, each
// with its shortcut: the Partnership menu lists them and the canvas
// shortcuts reuse them.
func (u *UI) partnershipActions() []*fyne.MenuItem {
	item := func(label string, sc fyne.Shortcut, fn func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, fn)
		it.Shortcut = sc
		return it
	}
	items := []*fyne.MenuItem{
		item(lang.L("Add Topic"), shortcutTopic, u.addTopic),
		item(lang.L("Log Session"), shortcutLog, u.logSession),
		item(lang.L("Send Invite…"), shortcutInvite, u.sendInvite),
		item(lang.L("Export History…"), shortcutExport, u.exportHistory),
	}
	return items
}

// pairShown reports whether a partnership's screens are shown, which the
// Partnership and View menus act on.
func (u *UI) pairShown() bool {
	return u.selected != 0 && len(u.content.Objects) == 1 && u.content.Objects[0] == u.detail.object
}

// updateMenus disables the menu items that need a partnership shown (on
// the welcome screen, or while the editor is open).
func (u *UI) updateMenus() {
	off := !u.pairShown()
	changed := false
	for _, it := range u.pairItems {
		if it.Disabled != off {
			it.Disabled, changed = off, true
		}
	}
	if m := u.win.MainMenu(); m != nil && changed {
		m.Refresh()
	}
}

// addTopic opens the Topics tab on a new topic, its title focused.
func (u *UI) addTopic() {
	if !u.pairShown() {
		return
	}
	u.showTab(tabTopics)
	t := u.detail.topics
	u.confirmLeave(t, func() {
		t.newTopic()
		u.win.Canvas().Focus(t.title)
	}, nil)
}

// logSession opens the Sessions tab on the latest session that has started.
func (u *UI) logSession() {
	if !u.pairShown() {
		return
	}
	u.showTab(tabSessions)
	u.detail.sessions.selectLatest()
}

// sendInvite opens the Invites tab and sends the invite by email, or
// explains what to set up first.
func (u *UI) sendInvite() {
	if !u.pairShown() {
		return
	}
	u.showTab(tabInvites)
	u.detail.invites.onSendEmail()
}

// settingsLabel names File › Settings…. On macOS Fyne moves an item named
// exactly "Settings…" into the application menu, where Mac users look for
// it, so there it keeps that name.
func settingsLabel() string {
	if runtime.GOOS == "darwin" {
		return "Settings…"
	}
	return lang.L("Settings…")
}

func (u *UI) mainMenu() *fyne.MainMenu {
	newItem := fyne.NewMenuItem(lang.L("New Partnership…"), u.newPartnership)
	newItem.Shortcut = shortcutNew
	joinItem := fyne.NewMenuItem(lang.L("Join Partnership from Invite…"), u.joinFromFile)
	joinItem.Shortcut = shortcutJoin
	// Save is a menu item, not only a canvas shortcut: Fyne offers main-menu
	// shortcuts before the focused entry, so Ctrl+S works while typing.
	saveItem := fyne.NewMenuItem(lang.L("Save"), u.saveShown)
	saveItem.Shortcut = shortcutSave
	settingsItem := fyne.NewMenuItem(settingsLabel(), u.showSettings)
	settingsItem.Shortcut = shortcutSettings
	editItem := fyne.NewMenuItem(lang.L("Edit Partnership"), u.editSelected)
	editItem.Shortcut = shortcutEdit
	deleteItem := fyne.NewMenuItem(lang.L("Delete Partnership…"), u.deleteSelected)
	notFitItem := fyne.NewMenuItem(lang.L("Not a Fit (Back to the Pool)…"), u.notAFitShown)
	actions := u.partnershipActions()
	searchItem := fyne.NewMenuItem(lang.L("Find Partnership"), func() { u.win.Canvas().Focus(u.sidebar.search) })
	searchItem.Shortcut = shortcutSearch
	// Twoway's own Quit replaces the one Fyne adds, so quitting asks about
	// unsaved changes first.
	quitItem := fyne.NewMenuItem(lang.L("Quit"), u.Quit)
	quitItem.IsQuit, quitItem.Shortcut = true, shortcutQuit
	var tabItems []*fyne.MenuItem
	for i, key := range []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5} {
		if i >= len(u.detail.tabs.Items) {
			break
		}
		i := i
		it := fyne.NewMenuItem(u.detail.tabs.Items[i].Text, func() { u.showTab(i) })
		it.Shortcut = &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
		tabItems = append(tabItems, it)
	}
	weekItem := fyne.NewMenuItem(lang.L("This Week"), u.showWeek)
	weekItem.Shortcut = shortcutWeek
	poolsItem := fyne.NewMenuItem(lang.L("Pools"), u.showPools)
	poolsItem.Shortcut = shortcutPools
	importPoolItem := fyne.NewMenuItem(lang.L("Import Pool from CSV…"), u.importPool)
	u.pairItems = append(append([]*fyne.MenuItem{editItem, deleteItem, notFitItem}, actions...), tabItems...)
	for _, it := range u.pairItems {
		it.Disabled = true // until a partnership is shown
	}
	return fyne.NewMainMenu(
		fyne.NewMenu(lang.L("File"), newItem, joinItem, importPoolItem, saveItem, fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem(lang.L("Back Up…"), u.backUp), fyne.NewMenuItem(lang.L("Restore…"), u.restoreBackup), fyne.NewMenuItemSeparator(), settingsItem,
			fyne.NewMenuItemSeparator(), quitItem),
		fyne.NewMenu(lang.L("Edit"), searchItem),
		fyne.NewMenu(lang.L("Partnership"), append([]*fyne.MenuItem{editItem, deleteItem, notFitItem, fyne.NewMenuItemSeparator()},
			actions...)...),
		fyne.NewMenu(lang.L("View"), append([]*fyne.MenuItem{weekItem, poolsItem, fyne.NewMenuItemSeparator()}, tabItems...)...),
	)
}

func (u *UI) addShortcuts() {
	c := u.win.Canvas()
	c.AddShortcut(shortcutNew, func(fyne.Shortcut) { u.newPartnership() })
	c.AddShortcut(shortcutJoin, func(fyne.Shortcut) { u.joinFromFile() })
	c.AddShortcut(shortcutWeek, func(fyne.Shortcut) { u.showWeek() })
	c.AddShortcut(shortcutPools, func(fyne.Shortcut) { u.showPools() })
	c.AddShortcut(shortcutEdit, func(fyne.Shortcut) { u.editSelected() })
	c.AddShortcut(shortcutSearch, func(fyne.Shortcut) { u.win.Canvas().Focus(u.sidebar.search) })
	c.AddShortcut(shortcutSettings, func(fyne.Shortcut) { u.showSettings() })
	c.AddShortcut(shortcutQuit, func(fyne.Shortcut) { u.Quit() })
	for _, it := range u.partnershipActions() {
		fn := it.Action
		c.AddShortcut(it.Shortcut, func(fyne.Shortcut) { fn() })
	}
	for i, key := range []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5} {
		i := i
		c.AddShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) {
			u.showTab(i)
		})
	}

}

// showTab switches the shown partnership to tab i.
func (u *UI) showTab(i int) {
	if u.selected == 0 || i >= len(u.detail.tabs.Items) {
		return
	}
	// From the editor, Ctrl+1…5 leave it: that asks first when it holds
	// changes. (Re-showing the detail screen when it is up already would lay
	// out and refresh all of it.)
	if !u.pairShown() {
		u.leaveThen(func() {
			u.show(u.detail.object)
			u.detail.tabs.SelectIndex(i)
		}, nil)
		return
	}
	u.detail.tabs.SelectIndex(i)
}

// saveShown saves what the user is editing: the partnership editor, or the
// schedule when its tab is shown.
func (u *UI) saveShown() {
	switch {
	case len(u.content.Objects) == 1 && u.content.Objects[0] == u.form.object:
		u.form.onSave()
	case u.selected != 0 && u.detail.shownTab() == tabSchedule:
		if !u.detail.schedule.save.Disabled() {
			u.detail.schedule.onSave()
		}
	}
}
