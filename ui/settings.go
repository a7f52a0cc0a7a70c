package ui

import (
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/twoway-app/twoway/calendar/caldavpub"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/service"
	"github.com/twoway-app/twoway/storage/secrets"
)

// securityLabels are the choices of the mail security select, by setting,
// in English; securityLabel gives them in the user's language.
var securityLabels = map[string]string{
	mentoring.SecurityTLS:      securityTLS,
	mentoring.SecurityStartTLS: securityStartTLS,
	mentoring.SecurityPlain:    securityPlain,
}

const (
	securityTLS      = "SSL/TLS (port 465)"
	securityStartTLS = "STARTTLS (port 587)"
	securityPlain    = "None (this computer only)"
)

// securityLabel is the select's choice for a security setting, "" for none.
func securityLabel(setting string) string {
	switch setting {
	case mentoring.SecurityTLS:
		return lang.L(securityTLS)
	case mentoring.SecurityStartTLS:
		return lang.L(securityStartTLS)
	case mentoring.SecurityPlain:
		return lang.L(securityPlain)
	}
	return ""
}

var securityOrder = []string{mentoring.SecurityTLS, mentoring.SecurityStartTLS, mentoring.SecurityPlain}

// settingsScreen edits how Twoway reaches the user's mail and calendar
// servers. Passwords go to the system keyring, never to the database.
type settingsScreen struct {
	u      *UI
	dlg    *dialog.CustomDialog
	object fyne.CanvasObject

	host, port, user, from, mailPass *widget.Entry
	security                         *widget.Select
	testMail                         *widget.Button
	mailStatus                       *widget.Label

	davURL, davUser, davPass *widget.Entry
	calendar                 *widget.Select
	calPaths                 map[string]string // select label -> calendar path
	testDAV                  *widget.Button
	davStatus                *widget.Label

	mailbox *mailboxCard

	errs    map[string]*widget.Label // by storage field name
	summary *widget.Label
	save    *widget.Button
}

func newSettingsScreen(u *UI) *settingsScreen {
	s := &settingsScreen{u: u, errs: map[string]*widget.Label{}, calPaths: map[string]string{}}
	s.host = newLineEntry()
	s.host.SetPlaceHolder("smtp.example.org")
	s.port = newLineEntry()
	s.port.SetPlaceHolder("465")
	var labels []string
	for _, k := range securityOrder {
		labels = append(labels, securityLabel(k))
	}
	s.security = newSelect(labels, func(string) { s.onSecurityChanged() })
	s.user = newLineEntry()
	s.user.SetPlaceHolder(lang.L("usually your email address"))
	s.from = newLineEntry()
	s.from.SetPlaceHolder("you@example.org")
	s.mailPass = newPasswordEntry()
	s.mailPass.SetPlaceHolder(lang.L("leave empty to keep the saved one"))
	s.testMail = widget.NewButton(lang.L("Test connection"), s.onTestMail)
	s.mailStatus = lowLabel("")

	s.davURL = newEntryMax(maxLinkText)
	s.davURL.SetPlaceHolder("https://dav.example.org/")
	s.davUser = newLineEntry()
	s.davPass = newPasswordEntry()
	s.davPass.SetPlaceHolder(lang.L("leave empty to keep the saved one"))
	s.calendar = newSelect(nil, nil)
	s.calendar.PlaceHolder = lang.L("Test the connection to list your calendars")
	s.testDAV = widget.NewButton(lang.L("Test connection"), s.onTestDAV)
	s.davStatus = lowLabel("")

	s.summary = wrapLabel("")
	s.summary.Importance = widget.DangerImportance
	s.summary.Hide()

	item := func(label, field string, w fyne.CanvasObject) *widget.FormItem {
		e := wrapLabel("")
		e.Importance = widget.DangerImportance
		e.Hide()
		s.errs[field] = e
		return widget.NewFormItem(label, container.NewVBox(w, e))
	}
	mail := widget.NewForm(
		item(lang.L("Server"), "smtp.host", s.host),
		item(lang.L("Port"), "smtp.port", s.port),
		item(lang.L("Security"), "smtp.security", s.security),
		item(lang.L("User name"), "smtp.username", s.user),
		item(lang.L("Password"), "smtp.password", s.mailPass),
		item(lang.L("Your address"), "smtp.from", s.from),
	)
	dav := widget.NewForm(
		item(lang.L("Server address"), "caldav.url", s.davURL),
		item(lang.L("User name"), "caldav.username", s.davUser),
		item(lang.L("Password"), "caldav.password", s.davPass),
		item(lang.L("Calendar"), "caldav.calendar", s.calendar),
	)
	s.save = widget.NewButton(lang.L("Save"), s.onSave)
	s.save.Importance = widget.HighImportance
	closeBtn := widget.NewButton(lang.L("Close"), func() { s.dlg.Hide() })
	s.object = container.NewVScroll(container.NewVBox(s.summary,
		newCard(lang.L("Email"), lang.L("Invites go from your own mail account"), container.NewVBox(mail,
			container.NewHBox(s.testMail), s.mailStatus)),
		newCard(lang.L("Calendar (CalDAV)"), lang.L("Twoway keeps the series in this calendar up to date"), container.NewVBox(dav,
			container.NewHBox(s.testDAV), s.davStatus)),
		lowLabel(lang.L("Passwords are kept in your system's keyring, never in Twoway's file.")),
		s.mailboxCard(),
		s.desktopCard(),
	))
	s.dlg = dialog.NewCustomWithoutButtons(lang.L("Settings"), s.object, u.win)
	s.dlg.SetButtons([]fyne.CanvasObject{closeBtn, s.save})
	return s
}

// showSettings opens the settings dialog with what is saved.
func (u *UI) showSettings() {
	if u.settings == nil {
		u.settings = newSettingsScreen(u)
	}
	s := u.settings
	var m mentoring.MailSettings
	var c mentoring.CalDAVSettings
	var err error
	u.Run(func() {
		if m, err = u.db().MailSettings(u.ctx); err == nil {
			c, err = u.db().CalDAVSettings(u.ctx)
		}
	}, func() {
		if err != nil {
			u.showError(lang.L("Could not read the settings"), err)
			return
		}
		s.fill(m, c)
		s.dlg.Resize(fyne.NewSize(620, 700))
		s.dlg.Show()
	})
}

func (s *settingsScreen) fill(m mentoring.MailSettings, c mentoring.CalDAVSettings) {
	s.clearErrors()
	s.host.SetText(m.Host)
	s.port.SetText("")
	if m.Port != 0 {
		s.port.SetText(strconv.Itoa(m.Port))
	}
	s.security.ClearSelected()
	if l := securityLabel(m.Security); l != "" {
		s.security.SetSelected(l)
	}
	s.user.SetText(m.Username)
	s.from.SetText(m.From)
	s.mailPass.SetText("")
	s.davURL.SetText(c.URL)
	s.davUser.SetText(c.Username)
	s.davPass.SetText("")
	s.calPaths = map[string]string{}
	s.calendar.SetOptions(nil)
	s.calendar.ClearSelected()
	if c.Calendar != "" {
		s.calPaths[c.Calendar] = c.Calendar
		s.calendar.SetOptions([]string{c.Calendar})
		s.calendar.SetSelected(c.Calendar)
	}
	s.mailStatus.SetText("")
	s.davStatus.SetText("")
}

// onSecurityChanged suggests the usual port for the chosen security.
func (s *settingsScreen) onSecurityChanged() {
	if p := strings.TrimSpace(s.port.Text); p != "" && p != "465" && p != "587" && p != "25" {
		return
	}
	switch s.securityValue() {
	case mentoring.SecurityTLS:
		s.port.SetText("465")
	case mentoring.SecurityStartTLS:
		s.port.SetText("587")
	}
}

func (s *settingsScreen) securityValue() string {
	for _, k := range securityOrder {
		if securityLabel(k) == s.security.Selected {
			return k
		}
	}
	return ""
}

// readMail builds the mail settings the fields describe.
func (s *settingsScreen) readMail() (mentoring.MailSettings, []mentoring.FieldError) {
	m := mentoring.MailSettings{Host: strings.TrimSpace(s.host.Text), Security: s.securityValue(),
		Username: strings.TrimSpace(s.user.Text), From: strings.TrimSpace(s.from.Text)}
	var errs []mentoring.FieldError
	if p := strings.TrimSpace(s.port.Text); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil {
			errs = append(errs, mentoring.FieldError{Field: "smtp.port", Code: mentoring.CodeNotANumber, Args: mentoring.Args{"Value": p}})
			n = 1
		}
		m.Port = n
	}
	if s.security.Selected == "" {
		errs = append(errs, mentoring.FieldError{Field: "smtp.security", Code: mentoring.CodeChooseSecurity})
	}
	if err := m.Validate(); err != nil {
		var ve *mentoring.ValidationError
		if errors.As(err, &ve) {
			// showErrors keeps the first message of a field: the ones above.
			errs = append(errs, ve.Fields...)
		}
	}
	return m, errs
}

func (s *settingsScreen) readCalDAV() (mentoring.CalDAVSettings, []mentoring.FieldError) {
	c := mentoring.CalDAVSettings{URL: strings.TrimSpace(s.davURL.Text), Username: strings.TrimSpace(s.davUser.Text),
		Calendar: s.calPaths[s.calendar.Selected]}
	var errs []mentoring.FieldError
	if err := c.Validate(); err != nil {
		var ve *mentoring.ValidationError
		if errors.As(err, &ve) {
			errs = ve.Fields
		}
	}
	return c, errs
}

// mailEmpty and davEmpty tell whether a section was left blank: it is then
// not saved, so a user can set up only one of them.
func (s *settingsScreen) mailEmpty() bool {
	return strings.TrimSpace(s.host.Text+s.port.Text+s.user.Text+s.from.Text) == "" && s.security.Selected == ""
}

func (s *settingsScreen) davEmpty() bool {
	return strings.TrimSpace(s.davURL.Text+s.davUser.Text) == ""
}

func (s *settingsScreen) clearErrors() {
	for _, l := range s.errs {
		l.SetText("")
		l.Hide()
	}
	s.summary.Hide()
}

func (s *settingsScreen) showErrors(errs []mentoring.FieldError) {
	seen := map[string]bool{}
	for _, e := range errs {
		if seen[e.Field] {
			continue
		}
		seen[e.Field] = true
		if l := s.errs[e.Field]; l != nil {
			l.SetText(sentence(fieldText(e)))
			l.Show()
		}
	}
	s.summary.SetText(lang.N("Please correct the {{.Count}} fields marked below.", len(seen), map[string]any{"Count": len(seen)}))
	s.summary.Show()
}

// onSave validates both sections, saves them and puts any new password in
// the keyring. Nothing is saved unless every filled-in field is valid.
func (s *settingsScreen) onSave() {
	s.clearErrors()
	saveMail, saveDAV := !s.mailEmpty(), !s.davEmpty()
	m, errs := s.readMail()
	if !saveMail {
		errs = nil
	}
	c, derrs := s.readCalDAV()
	if saveDAV {
		errs = append(errs, derrs...)
	}
	if len(errs) > 0 {
		s.showErrors(errs)
		return
	}
	mailPW, davPW := s.mailPass.Text, s.davPass.Text
	var err, keyErr error
	s.save.Disable()
	s.u.Run(func() {
		// A password the keyring refused leaves the settings saved: it is
		// reported apart from a failure to save them.
		split := func(e error) {
			if errors.Is(e, service.ErrPasswordNotSaved) {
				keyErr = e
			} else {
				err = e
			}
		}
		if saveMail {
			if split(s.u.deliver().SaveMailSettings(s.u.ctx, m, mailPW)); err != nil {
				return
			}
		}
		if saveDAV && keyErr == nil {
			split(s.u.deliver().SaveCalDAVSettings(s.u.ctx, c, davPW))
		} else if saveDAV {
			err = s.u.db().SetCalDAVSettings(s.u.ctx, c)
		}
	}, func() {
		s.save.Enable()
		var ve *mentoring.ValidationError
		if errors.As(err, &ve) {
			s.showErrors(ve.Fields)
			return
		}
		if err != nil {
			s.u.showError(lang.L("Could not save the settings"), err)
			return
		}
		s.mailPass.SetText("")
		s.davPass.SetText("")
		s.dlg.Hide()
		if keyErr != nil {
			msg := lang.L("The settings are saved, but the password is not: {{.Problem}}.", map[string]any{"Problem": keyErr.Error()})
			if errors.Is(keyErr, secrets.ErrNoKeyring) {
				msg = lang.L("The settings are saved. No system keyring found, so Twoway cannot remember your password: " +
					"it will ask for it each time it sends or publishes.")
			}
			dialog.ShowInformation(lang.L("Password not saved"), msg, s.u.win)
		}
	})
}

// onTestMail connects and logs in with the fields as they are, sending
// nothing.
func (s *settingsScreen) onTestMail() {
	s.clearErrors()
	m, errs := s.readMail()
	if len(errs) > 0 {
		s.showErrors(errs)
		return
	}
	pw := s.mailPass.Text
	var err error
	s.testMail.Disable()
	s.mailStatus.SetText(lang.L("Connecting to {{.Server}}…", map[string]any{"Server": m.Host}))
	s.u.Run(func() {
		err = s.u.deliver().TestMail(s.u.ctx, m, pw)
	}, func() {
		s.testMail.Enable()
		if err != nil {
			s.mailStatus.SetText("")
			s.u.showError(lang.L("The mail server test failed"), err)
			return
		}
		s.mailStatus.SetText(lang.L("Connected to {{.Server}}. Invites can go out.", map[string]any{"Server": m.Host}))
	})
}

// onTestDAV logs in and lists the account's calendars into the picker.
func (s *settingsScreen) onTestDAV() {
	s.clearErrors()
	c, errs := s.readCalDAV()
	if len(errs) > 0 {
		s.showErrors(errs)
		return
	}
	pw := s.davPass.Text
	var cals []caldavpub.Calendar
	var err error
	s.testDAV.Disable()
	s.davStatus.SetText(lang.L("Connecting to {{.Server}}…", map[string]any{"Server": c.URL}))
	s.u.Run(func() {
		cals, err = s.u.deliver().Discover(s.u.ctx, c, pw)
	}, func() {
		s.testDAV.Enable()
		if err != nil {
			s.davStatus.SetText("")
			s.u.showError(lang.L("The calendar server test failed"), err)
			return
		}
		s.setCalendars(cals, c.Calendar)
	})
}

// setCalendars offers the calendars that hold events, keeping the chosen one.
func (s *settingsScreen) setCalendars(cals []caldavpub.Calendar, current string) {
	s.calPaths = map[string]string{}
	var opts []string
	selected := ""
	for _, cal := range cals {
		if !cal.SupportsEvents {
			continue
		}
		label := cal.Path
		if cal.Name != "" {
			label = cal.Name + " (" + cal.Path + ")"
		}
		s.calPaths[label] = cal.Path
		opts = append(opts, label)
		if cal.Path == current {
			selected = label
		}
	}
	s.calendar.SetOptions(opts)
	if selected == "" && len(opts) == 1 {
		selected = opts[0]
	}
	if selected != "" {
		s.calendar.SetSelected(selected)
	} else {
		s.calendar.ClearSelected()
	}
	if len(opts) == 0 {
		s.davStatus.SetText(lang.L("Connected, but this account has no calendar for events."))
	} else {
		s.davStatus.SetText(lang.N("Connected. {{.Count}} calendars found: choose one.", len(opts), map[string]any{"Count": len(opts)}))
	}
}

// desktopCard holds what applies to this computer at once: staying in the
// tray when the window closes, starting at login.
func (s *settingsScreen) desktopCard() fyne.CanvasObject {
	tray := widget.NewCheck(lang.L("Keep Twoway in the system tray when its window is closed, so reminders keep coming"), s.u.SetKeepInTray)
	tray.SetChecked(s.u.KeepInTray())
	if s.u.tray == nil {
		tray.Disable()
	}
	login := widget.NewCheck(lang.L("Start Twoway in the tray when I log in"), nil)
	login.SetChecked(StartsAtLogin())
	login.OnChanged = func(on bool) {
		if err := SetStartAtLogin(on); err != nil {
			s.u.showError(lang.L("Could not change the login start"), err)
		}
	}
	return newCard(lang.L("This computer"), lang.L("Reminders and the tray"), container.NewVBox(tray, login))
}

func (s *settingsScreen) mailboxCard() fyne.CanvasObject {
	s.mailbox = newMailboxCard(s.u)
	return s.mailbox.card
}
