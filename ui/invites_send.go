package ui

import (
	"errors"
	"fmt"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/twoway-app/twoway/calendar/caldavpub"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/service"
)

// onSendEmail emails the invite as previewed.
func (s *invitesScreen) onSendEmail() { s.sendByEmail(s.out, "") }

// sendByEmail is deliver for email: the message goes to the mail server
// and, only when the server accepted it, is recorded as sent, so a failure
// consumes no sequence number. A missing password is asked for, then the
// same message is tried again.
func (s *invitesScreen) sendByEmail(out mentoring.Outgoing, password string) {
	var err error
	s.sendMail.Disable()
	s.u.Run(func() {
		err = s.u.deliver().SendPrepared(s.u.ctx, out, password)
	}, func() {
		s.sendMail.Enable()
		switch {
		case errors.Is(err, service.ErrPasswordNeeded):
			s.askPassword(err, func(pw string) { s.sendByEmail(out, pw) })
		case errors.Is(err, service.ErrNotConfigured):
			s.offerSettings(lang.L("Set up email first"), lang.L("Twoway sends invites from your own mail account. Open Settings to enter its mail server?"))
		case err != nil:
			s.u.showError(lang.L("The invite was not sent"), err)
		default:
			s.refresh()
		}
	})
}

// onPublish stores the series in the user's calendar, or updates it there.
func (s *invitesScreen) onPublish() { s.publishSeries("") }

func (s *invitesScreen) publishSeries(password string) {
	id := s.p.ID
	var pub mentoring.Publication
	var err error
	s.publish.Disable()
	s.u.Run(func() {
		pub, err = s.u.deliver().Publish(s.u.ctx, id, password)
	}, func() {
		s.publish.Enable()
		switch {
		case errors.Is(err, service.ErrPasswordNeeded):
			s.askPassword(err, func(pw string) { s.publishSeries(pw) })
		case errors.Is(err, service.ErrNotConfigured), mentoring.IsValidation(err):
			s.offerSettings(lang.L("Set up your calendar first"), sentence(errorText(err))+"\n\n"+lang.L("Open Settings?"))
		case errors.Is(err, caldavpub.ErrConflict):
			s.u.showError(lang.L("Your calendar was not changed"), fmt.Errorf("%w. %s", err,
				lang.L("Twoway left that copy as it is; to publish again, delete the event in your calendar app")))
		case err != nil:
			s.u.showError(lang.L("The series was not published"), err)
		default:
			s.showPublication(pub)
		}
	})
}

func (s *invitesScreen) showPublication(pub mentoring.Publication) {
	if pub.ObjectPath == "" {
		s.published.SetText("")
		s.published.Hide()
		return
	}
	s.published.SetText(lang.L("In your calendar since {{.Time}}; publish again after a change to update it there.",
		map[string]any{"Time": formatTime(pub.PublishedAt.Local(), lang.X("layout.dateClock", "2 Jan 2006 15:04"))}))
	s.published.Show()
}

// askPassword asks for the password the error says is missing.
func (s *invitesScreen) askPassword(err error, retry func(string)) {
	pw := newPasswordEntry()
	items := []*widget.FormItem{
		widget.NewFormItem("", wrapLabel(sentence(errorText(err))+".")),
		widget.NewFormItem(lang.L("Password"), pw),
	}
	d := dialog.NewForm(lang.L("Password needed"), lang.L("Continue"), lang.L("Cancel"), items, func(ok bool) {
		if ok && pw.Text != "" {
			retry(pw.Text)
		}
	}, s.u.win)
	pw.OnSubmitted = func(string) { d.Submit() } // Enter sends, as in any password prompt
	d.Show()
	s.u.win.Canvas().Focus(pw)
}

func (s *invitesScreen) offerSettings(title, msg string) {
	confirm(title, lang.L("Open Settings"), lang.L("Not Now"), msg, func(ok bool) {
		if ok {
			s.u.showSettings()
		}
	}, s.u.win)
}
