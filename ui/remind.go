package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/service"
)

// Preferences of the desktop side: reminders per partnership, the
// reminders already shown (so none shows twice, across restarts), the tray
// and the login start.
// appName is the product's name, the same in every language.
const appName = "Twoway"

const (
	prefReminderMinutes = "reminder.minutes." // + partnership id: minutes before, -1 off
	prefRemindersShown  = "reminders.shown"
	prefKeepInTray      = "tray.keep"
	defaultReminder     = 10
	// maxSeparateNotices is how many prompts and nudges come as notices of
	// their own; more at once come as one summary.
	maxSeparateNotices = 2
	maxShownKept       = 500
)

// ReminderMinutes is how long before a session of partnership id the user
// is reminded; 0 means off.
func (u *UI) ReminderMinutes(id int64) int {
	m := u.app.Preferences().IntWithFallback(fmt.Sprint(prefReminderMinutes, id), defaultReminder)
	if m < 0 {
		return 0
	}
	return m
}

// SetReminderMinutes sets it; 0 turns the reminders of id off.
func (u *UI) SetReminderMinutes(id int64, minutes int) {
	if minutes <= 0 {
		minutes = -1
	}
	u.app.Preferences().SetInt(fmt.Sprint(prefReminderMinutes, id), minutes)
}

// CheckReminders sends the desktop notifications that are due at now,
// computed from every partnership's schedule as it is, and rebuilds the
// tray menu. The GUI calls it each minute; tests call it with their clock.
func (u *UI) CheckReminders(now time.Time) {
	var inputs []mentoring.WeekInput
	var err error
	u.Run(func() { inputs, err = service.Inputs(u.ctx, u.db(), u.db().Invite) }, func() {
		if err != nil {
			fyne.LogError("reminders", err)
			return
		}
		prefs := u.app.Preferences()
		shownList := prefs.StringList(prefRemindersShown)
		shown := map[string]bool{}
		for _, k := range shownList {
			shown[k] = true
		}
		mark := func(key string) {
			shown[key] = true
			shownList = append(shownList, key)
		}
		// Nudges (no answer for days, a run of unlogged sessions) come once
		// each, as the Overview shows them. A new run of unlogged sessions
		// stands for that partnership's prompts to log (one notice, not one
		// per session), and otherwise only the latest session asks.
		runs := map[int64]bool{}
		var nudges []mentoring.Todo
		// Log prompts and nudges wait for one notice each, or for one
		// summary when several are due at once (after days away); a
		// session about to start always has its own.
		var later []Notice
		var laterNames []string
		for _, td := range mentoring.ThisWeek(inputs, now, weekDays).Todos {
			if td.Kind != mentoring.TodoNoAnswer && td.Kind != mentoring.TodoUnlogged {
				continue
			}
			if shown[nudgeKey(td)] {
				continue
			}
			nudges = append(nudges, td)
			runs[td.PartnershipID] = runs[td.PartnershipID] || td.Kind == mentoring.TodoUnlogged
		}
		for _, in := range inputs {
			p := in.History.Partnership
			if in.Invite.Cancelled {
				continue
			}
			before := time.Duration(u.ReminderMinutes(p.ID)) * time.Minute
			var lastLog *mentoring.Reminder
			for _, r := range mentoring.Reminders(in.History, before, now, shown) {
				mark(r.Key())
				if r.Kind == mentoring.RemindLog {
					r := r
					lastLog = &r
					continue
				}
				u.notify(u.reminderNotice(p, r, now))
			}
			if lastLog != nil && !runs[p.ID] {
				later = append(later, u.reminderNotice(p, *lastLog, now))
				laterNames = append(laterNames, p.Title)
			}
		}
		for _, td := range nudges {
			later = append(later, u.nudgeNotice(td))
			laterNames = append(laterNames, td.Title)
			mark(nudgeKey(td))
		}
		if len(later) > maxSeparateNotices {
			later = []Notice{u.summaryNotice(laterNames)}
		}
		for _, n := range later {
			u.notify(n)
		}
		if len(shownList) > maxShownKept {
			shownList = shownList[len(shownList)-maxShownKept:]
		}
		if len(shownList) != len(shown) || len(shownList) > 0 && !prefsHave(prefs, shownList) {
			prefs.SetStringList(prefRemindersShown, shownList)
		}
		u.inputs = inputs
		u.updateTray(now)
	})
}

// reminderNotice words r: the partner, the time in the user's zone, the
// agenda's first line and the call link, with "Join call" as its button;
// or the prompt to log, whose button opens the session log.
func (u *UI) reminderNotice(p mentoring.Partnership, r mentoring.Reminder, now time.Time) Notice {
	name := mentoring.FirstName(p.Partner.Name)
	at := r.Start.In(mentoring.ZoneOrUTC(p.Me.Zone)).Format("15:04")
	id := p.ID
	if r.Kind == mentoring.RemindLog {
		return Notice{Title: lang.L("How did it go with {{.Name}}?", map[string]any{"Name": name}),
			Body:    lang.L("Log the session of {{.Time}} in Twoway: what you covered, who led, your reflection.", map[string]any{"Time": at}),
			Actions: []NoticeAction{{Label: lang.L("Log session"), Run: func() { u.showAt(id, tabSessions) }}}}
	}
	mins := int(r.Start.Sub(now).Round(time.Minute) / time.Minute)
	title := lang.N("{{.Title}}: with {{.Name}} in {{.Minutes}} minutes", max(mins, 1), map[string]any{"Title": p.Title, "Name": name, "Minutes": max(mins, 1)})
	if mins <= 0 {
		title = lang.L("{{.Title}}: with {{.Name}} now", map[string]any{"Title": p.Title, "Name": name})
	}
	lines := []string{at}
	if first, _, _ := strings.Cut(strings.TrimSpace(p.Agenda), "\n"); first != "" {
		lines = append(lines, first)
	}
	open := NoticeAction{Label: lang.L("Open Twoway"), Run: func() { u.showAt(id, tabOverview) }}
	n := Notice{Title: title, Actions: []NoticeAction{open}}
	if p.Link != "" {
		lines = append(lines, lang.L("Join: {{.Link}}", map[string]any{"Link": p.Link}))
		link := p.Link
		n.Actions = []NoticeAction{{Label: lang.L("Join call"), Run: func() { u.openLink(link) }}, open}
	}
	n.Body = strings.Join(lines, " · ")
	return n
}

// summaryNotice stands for several prompts and nudges due at once: which
// partnerships need the user, and This week to see what.
func (u *UI) summaryNotice(titles []string) Notice {
	seen := map[string]bool{}
	var names []string
	for _, t := range titles {
		if !seen[t] {
			seen[t] = true
			names = append(names, t)
		}
	}
	return Notice{Title: lang.N("{{.Count}} partnerships need you", len(names), map[string]any{"Count": len(names)}),
		Body: strings.Join(names, " · "),
		Actions: []NoticeAction{{Label: lang.L("This Week"), Run: func() {
			u.win.Show()
			u.win.RequestFocus()
			u.showWeek()
		}}}}
}

// nudgeKey names a nudge in the shown list: its kind, partnership and
// since when.
func nudgeKey(td mentoring.Todo) string {
	return fmt.Sprintf("%s:%d:%d", td.Kind, td.PartnershipID, td.When.Unix())
}

// nudgeNotice words a nudge as This week does, with the same action.
func (u *UI) nudgeNotice(td mentoring.Todo) Notice {
	id, tab := td.PartnershipID, tabInvites
	if td.Kind == mentoring.TodoUnlogged {
		tab = tabSessions
	}
	return Notice{Title: td.Title, Body: todoLabel(td),
		Actions: []NoticeAction{{Label: strings.TrimSuffix(todoAction(td), "…"), Run: func() { u.showAt(id, tab) }}}}
}

// showAt brings the window up on partnership id's tab.
func (u *UI) showAt(id int64, tab int) {
	u.win.Show()
	u.win.RequestFocus()
	if id != 0 {
		u.openAt(id, tab)
	}
}

// TrayMenu is the system tray's menu: the next session, Join call, Log
// last session, This week, Open Twoway, Quit. Options.Tray receives it
// whenever it changes. It is always the same *fyne.Menu, its items
// replaced: Fyne's tray, once it starts, shows the menu it was first given
// again, which may come after an update made before the tray was up.
func (u *UI) TrayMenu(now time.Time) *fyne.Menu {
	next, link, nextID := lang.L("No session in the next seven days"), "", int64(0)
	var lastUnlogged int64
	w := mentoring.ThisWeek(u.inputs, now.Add(-2*time.Hour), weekDays)
	for _, c := range w.Sessions {
		if c.End.After(now) {
			next = lang.L("Next: {{.Time}} with {{.Name}}", map[string]any{
				"Time": formatTime(c.Start.In(mentoring.ZoneOrUTC(c.MyZone)), lang.X("layout.weekdayDayClock", "Mon 2 Jan 15:04")), "Name": c.Partner})
			link, nextID = c.Link, c.PartnershipID
			break
		}
	}
	for _, td := range mentoring.ThisWeek(u.inputs, now, weekDays).Todos {
		if td.Kind == mentoring.TodoLog {
			lastUnlogged = td.PartnershipID // the latest comes last
		}
	}
	nextItem := fyne.NewMenuItem(next, func() {
		if nextID != 0 {
			u.win.Show()
			u.openAt(nextID, tabOverview)
		}
	})
	join := fyne.NewMenuItem(lang.L("Join call"), func() { u.openLink(link) })
	join.Disabled = link == ""
	logItem := fyne.NewMenuItem(lang.L("Log last session"), func() {
		u.win.Show()
		u.openAt(lastUnlogged, tabSessions)
	})
	logItem.Disabled = lastUnlogged == 0
	week := fyne.NewMenuItem(lang.L("This Week"), func() { u.win.Show(); u.showWeek() })
	open := fyne.NewMenuItem(lang.L("Open Twoway"), func() { u.win.Show(); u.win.RequestFocus() })
	quit := fyne.NewMenuItem(lang.L("Quit"), func() { u.win.Show(); u.Quit() })
	quit.IsQuit = true
	items := []*fyne.MenuItem{nextItem, join, logItem, fyne.NewMenuItemSeparator(), week, open, fyne.NewMenuItemSeparator(), quit}
	if u.trayMenu == nil {
		u.trayMenu = fyne.NewMenu(appName, items...)
	} else {
		u.trayMenu.Items = items
	}
	return u.trayMenu
}

func (u *UI) updateTray(now time.Time) {
	if u.tray != nil {
		u.tray(u.TrayMenu(now))
	}
}

// CloseWindow is the window's close button: with a tray and the user's
// choice, Twoway keeps running there (reminders keep coming); otherwise it
// quits, asking about unsaved changes first.
func (u *UI) CloseWindow() {
	if u.tray != nil && u.KeepInTray() {
		u.leaveThen(u.win.Hide, nil)
		return
	}
	u.Quit()
}

// KeepInTray reports whether closing the window keeps Twoway in the tray.
func (u *UI) KeepInTray() bool { return u.app.Preferences().BoolWithFallback(prefKeepInTray, true) }

// SetKeepInTray sets it.
func (u *UI) SetKeepInTray(keep bool) { u.app.Preferences().SetBool(prefKeepInTray, keep) }

// autostartPath is the XDG autostart entry (freedesktop Desktop
// Application Autostart Specification) in configHome.
func autostartPath(configHome string) string {
	return filepath.Join(configHome, "autostart", "twoway.desktop")
}

func configHome() (string, error) {
	if d := os.Getenv("XDG_CONFIG_HOME"); d != "" {
		return d, nil
	}
	return os.UserConfigDir()
}

// AutostartEntry is the desktop entry that starts Twoway in the
// background at login, running exe.
func AutostartEntry(exe string) string {
	return "[Desktop Entry]\nType=Application\nName=Twoway\nComment=" + lang.L("Reminders for your mentoring sessions") +
		"\nExec=\"" + strings.ReplaceAll(exe, `"`, `\"`) + "\" --background\nIcon=app.twoway.desktop\nTerminal=false\n" +
		"Categories=Office;Calendar;\nX-GNOME-Autostart-enabled=true\n"
}

// SetStartAtLogin writes or removes the autostart entry. On macOS and
// Windows the equivalent (a login item, a Startup shortcut) is documented
// in the README; this writes the XDG entry only.
func SetStartAtLogin(on bool) error {
	dir, err := configHome()
	if err != nil {
		return err
	}
	path := autostartPath(dir)
	if !on {
		if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
			return err // an *os.PathError: it names the file
		}
		return nil
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(AutostartEntry(exe)), 0o644)
}

// StartsAtLogin reports whether the autostart entry exists.
func StartsAtLogin() bool {
	dir, err := configHome()
	if err != nil {
		return false
	}
	_, err = os.Stat(autostartPath(dir))
	return err == nil
}

// prefsHave reports whether the saved list already is list, so an
// unchanged list is not written again each minute.
func prefsHave(prefs fyne.Preferences, list []string) bool {
	saved := prefs.StringList(prefRemindersShown)
	if len(saved) != len(list) {
		return false
	}
	for i := range saved {
		if saved[i] != list[i] {
			return false
		}
	}
	return true
}
