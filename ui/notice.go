package ui

import (
	"net/url"

	"fyne.io/fyne/v2"
)

// Notice is a desktop notification and the buttons it offers. Fyne's
// notifications carry a title and a body only, so "Join call" on a
// reminder needs the desktop's own notification service: the GUI passes
// one as Options.Notify (cmd/twoway speaks org.freedesktop.Notifications
// on Linux) and Twoway falls back to Fyne's notification without buttons.
type Notice struct {
	Title, Body string
	// Actions are the buttons; the first is also what a click on the
	// notification itself does.
	Actions []NoticeAction
}

// NoticeAction is one button of a Notice. Run is called on the UI
// goroutine.
type NoticeAction struct {
	Label string
	Run   func()
}

// notify shows n on the desktop.
func (u *UI) notify(n Notice) {
	if u.notifier != nil {
		u.notifier(n)
		return
	}
	u.app.SendNotification(fyne.NewNotification(n.Title, n.Body))
}

// openLink opens a call link in the browser; a link that does not parse
// is left alone (the Overview shows it as text).
func (u *UI) openLink(link string) {
	l, err := url.Parse(link)
	if err != nil || l.Scheme == "" {
		return
	}
	if err := u.openURL(l); err != nil {
		fyne.LogError("open link", err)
	}
}
