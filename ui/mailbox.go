package ui

import (
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/twoway-app/twoway/calendar/ics"
	"github.com/twoway-app/twoway/calendar/imip"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/service"
)

// mailboxCard is Settings' Incoming mail: the IMAP account Twoway reads
// the partner's answers from, saved on its own.
type mailboxCard struct {
	u                    *UI
	host, port, user     *widget.Entry
	pass, mailbox        *widget.Entry
	security             *widget.Select
	status               *widget.Label
	save, check          *widget.Button
	card                 fyne.CanvasObject
	securityBy           map[string]string // label -> setting
	securityLabelOfValue map[string]string
}

func newMailboxCard(u *UI) *mailboxCard {
	c := &mailboxCard{u: u, securityBy: map[string]string{}, securityLabelOfValue: map[string]string{}}
	c.host = newLineEntry()
	c.host.SetPlaceHolder("imap.example.org")
	c.port = newLineEntry()
	c.port.SetPlaceHolder("993")
	var labels []string
	for _, k := range securityOrder {
		l := securityLabel(k)
		labels = append(labels, l)
		c.securityBy[l] = k
		c.securityLabelOfValue[k] = l
	}
	c.security = newSelect(labels, nil)
	c.user = newLineEntry()
	c.pass = newPasswordEntry()
	c.pass.SetPlaceHolder(lang.L("leave empty to keep the saved one"))
	c.mailbox = newLineEntry()
	c.mailbox.SetPlaceHolder("INBOX")
	c.status = lowLabel("")
	c.save = widget.NewButton(lang.L("Save mailbox"), c.onSave)
	c.check = widget.NewButton(lang.L("Fetch answers now"), func() { c.u.fetchMail(c.pass.Text, true) })
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Server"), c.host),
		widget.NewFormItem(lang.L("Port"), c.port),
		widget.NewFormItem(lang.L("Security"), c.security),
		widget.NewFormItem(lang.L("User name"), c.user),
		widget.NewFormItem(lang.L("Password"), c.pass),
		widget.NewFormItem(lang.L("Folder"), c.mailbox),
	)
	c.card = newCard(lang.L("Incoming mail (IMAP)"), lang.L("Twoway reads your partner's answers from this mailbox every few minutes"),
		container.NewVBox(form, container.NewHBox(c.save, c.check), c.status))
	if m, err := u.db().IMAPSettings(u.ctx); err == nil && m.Configured() {
		c.host.SetText(m.Host)
		c.port.SetText(strconv.Itoa(m.Port))
		c.security.SetSelected(c.securityLabelOfValue[m.Security])
		c.user.SetText(m.Username)
		c.mailbox.SetText(m.Mailbox)
	}
	return c
}

func (c *mailboxCard) onSave() {
	port, _ := strconv.Atoi(strings.TrimSpace(c.port.Text))
	m := mentoring.IMAPSettings{Host: c.host.Text, Port: port, Security: c.securityBy[c.security.Selected],
		Username: c.user.Text, Mailbox: c.mailbox.Text}
	pw := c.pass.Text
	var err error
	c.u.Run(func() { err = c.u.deliver().SaveIMAPSettings(c.u.ctx, c.u.db(), m, pw) }, func() {
		switch {
		case errors.Is(err, service.ErrPasswordNotSaved):
			c.status.SetText(lang.L("Saved, but the password could not go into the keyring: Twoway will ask for it."))
		case err != nil:
			c.status.SetText(sentence(errorText(err)))
		default:
			c.pass.SetText("")
			c.status.SetText(lang.L("Mailbox saved."))
		}
	})
}

// fetchMail looks into the mailbox (the GUI does every few minutes, and
// Fetch answers now); answers are imported, a counter-proposal raises a
// notification. loud shows the outcome in Settings.
func (u *UI) fetchMail(password string, loud bool) {
	var rep service.MailReport
	var err error
	joined := map[int64]mentoring.Partnership{}
	u.Run(func() {
		rep, err = u.deliver().FetchMail(u.ctx, u.db(), password)
		for _, j := range rep.Joined {
			if p, perr := u.db().GetPartnership(u.ctx, j.ID); perr == nil {
				joined[j.ID] = p
			}
		}
	}, func() {
		status := func(text string) {
			if loud && u.settings != nil && u.settings.mailbox != nil {
				u.settings.mailbox.status.SetText(text)
			}
		}
		switch {
		case errors.Is(err, service.ErrNotConfigured):
			status(lang.L("Save the mailbox first."))
			return
		case errors.Is(err, imip.ErrAuth):
			status(lang.L("The mail server rejected the user name or password."))
			return
		case err != nil:
			fyne.LogError("fetch mail", err)
			status(sentence(errorText(err)))
			return
		}
		for _, r := range rep.Answers {
			if r.Method == ics.MethodCounter && r.State == mentoring.ResponseOpen {
				u.notify(Notice{Title: lang.L("A new time was proposed"), Body: lang.L("Open Twoway to accept or decline it."),
					Actions: []NoticeAction{{Label: lang.L("Answer"), Run: func() { u.showAt(r.PartnershipID, tabInvites) }}}})
			}
		}
		for _, j := range rep.Joined {
			if n, ok := joinedNotice(u, j, joined[j.ID]); ok {
				u.notify(n)
			}
		}
		n := len(rep.Answers) + len(rep.Records) + len(rep.Joined)
		status(lang.N("{{.Count}} answers imported.", n, map[string]any{"Count": n}))
		if n > 0 && (u.selected != 0 || len(rep.Joined) > 0) && u.pendingEditor() == nil {
			u.reload(u.selected)
		}
	})
}

// joinedNotice words what an organizer's message fetched from the mailbox
// did: a new invitation to answer, or a cancellation. Updates of the
// schedule come quietly.
func joinedNotice(u *UI, j service.Joined, p mentoring.Partnership) (Notice, bool) {
	v := map[string]any{"Title": p.Title, "Name": mentoring.FirstName(p.Partner.Name)}
	open := []NoticeAction{{Label: lang.L("Open Twoway"), Run: func() { u.showAt(j.ID, tabInvites) }}}
	switch {
	case j.Created:
		return Notice{Title: lang.L("{{.Name}} invited you to “{{.Title}}”", v),
			Body: lang.L("Answer the invite, or propose another time, on the Invites tab.", v), Actions: open}, true
	case j.Cancelled:
		return Notice{Title: lang.L("Cancellation received"), Body: lang.L("{{.Name}} cancelled: “{{.Title}}” now shows it.", v), Actions: open}, true
	}
	return Notice{}, false
}
