package ui

import (
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/calendar/ics"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/service"
)

// answerCard is the Invite tab of a partnership the user joined from the
// partner's invite: the organizer keeps the schedule, so instead of
// sending invites the user accepts, declines or proposes another time.
type answerCard struct {
	s    *invitesScreen
	card *widget.Card

	status    *widget.Label
	accept    *widget.Button
	tentative *widget.Button
	decline   *widget.Button
	propose   *widget.Button

	state    mentoring.InviteState
	sessions []calendar.Check
}

func newAnswerCard(s *invitesScreen) *answerCard {
	a := &answerCard{s: s}
	a.status = wrapLabel("")
	a.accept = widget.NewButtonWithIcon(lang.L("Accept"), theme.ConfirmIcon(), func() { a.answer(ics.PartStatAccepted) })
	a.accept.Importance = widget.HighImportance
	a.tentative = widget.NewButton(lang.L("Maybe"), func() { a.answer(ics.PartStatTentative) })
	a.decline = widget.NewButtonWithIcon(lang.L("Decline"), theme.CancelIcon(), func() { a.answer(ics.PartStatDeclined) })
	a.propose = widget.NewButtonWithIcon(lang.L("Propose another time…"), theme.HistoryIcon(), a.onPropose)
	a.card = newCard(lang.L("Your answer"), lang.L("Your partner organizes this partnership and keeps its schedule"),
		container.NewVBox(a.status, container.NewHBox(a.accept, a.tentative, a.decline, a.propose)))
	a.card.Hide()
	return a
}

// refresh reads the user's answer and the sessions they can propose for.
func (a *answerCard) refresh() {
	p := a.s.p
	id := p.ID
	var st mentoring.InviteState
	var checks []calendar.Check
	var err error
	a.s.u.Run(func() {
		if st, err = a.s.u.db().Invite(a.s.u.ctx, id); err != nil {
			return
		}
		c, cerr := a.s.u.db().GetSchedule(a.s.u.ctx, id)
		me, partner, perr := p.People()
		if cerr == nil && perr == nil {
			checks, _ = calendar.Plan(c, me, partner)
		}
	}, func() {
		if err != nil {
			a.status.SetText(sentence(errorText(err)))
			return
		}
		a.state, a.sessions = st, checks
		a.status.SetText(a.statusText())
	})
}

func (a *answerCard) statusText() string {
	st := a.state
	v := map[string]any{"Name": mentoring.FirstName(a.s.p.Partner.Name),
		"Date": formatTime(st.RepliedAt.Local(), lang.X("layout.date", "2 Jan 2006"))}
	text := lang.L("You joined from {{.Name}}'s invite. {{.Name}} keeps the schedule; you answer it.", v)
	if st.Cancelled {
		return text + " " + lang.L("{{.Name}} cancelled the series.", v)
	}
	switch st.PartStat {
	case ics.PartStatAccepted:
		text += " " + lang.L("You accepted on {{.Date}}.", v)
	case ics.PartStatDeclined:
		text += " " + lang.L("You declined on {{.Date}}.", v)
	case ics.PartStatTentative:
		text += " " + lang.L("You said maybe on {{.Date}}.", v)
	default:
		text += " " + lang.L("You have not answered yet.", v)
	}
	return text
}

// answer prepares the REPLY to the whole series and asks how it goes out.
func (a *answerCard) answer(partstat string) {
	id, now := a.s.p.ID, a.s.now()
	var out mentoring.Outgoing
	var err error
	a.s.u.Run(func() {
		out, err = a.s.u.deliver().PrepareAnswer(a.s.u.ctx, id, partstat, nil, "", now)
	}, func() {
		if err != nil {
			a.s.u.showError(lang.L("Could not answer"), err)
			return
		}
		a.chooseDelivery(out)
	})
}

// onPropose asks which session (or the whole series) should move, and to
// when, read in the user's own zone.
func (a *answerCard) onPropose() { a.askProposal(0, "", "") }

func (a *answerCard) askProposal(chosen int, dateText, atText string) {
	me, _, err := a.s.p.People()
	if err != nil {
		a.s.u.showError(lang.L("Could not propose a time"), err)
		return
	}
	options := []string{lang.L("Every session (the series)")}
	for _, ch := range a.sessions {
		options = append(options, a.s.sessionLabel(ch))
	}
	which := widget.NewSelect(options, nil)
	which.SetSelectedIndex(chosen)
	date := newDateEntry()
	if len(a.sessions) > 0 {
		first := a.sessions[0].Me.Start
		date.SetDate(&first)
	}
	if dateText != "" {
		date.SetText(dateText)
	}
	at := newLineEntry()
	at.SetText(atText)
	if atText == "" && len(a.sessions) > 0 {
		at.SetText(a.sessions[0].Me.Start.Format("15:04"))
	}
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("Session"), which),
		widget.NewFormItem(lang.L("Date"), date),
		widget.NewFormItem(lang.L("Time ({{.City}})", map[string]any{"City": cityOf(me.Zone.String())}), at),
	}
	d := dialog.NewForm(lang.L("Propose another time to {{.Name}}", map[string]any{"Name": mentoring.FirstName(a.s.p.Partner.Name)}),
		lang.L("Propose"), lang.L("Cancel"), items, func(ok bool) {
			if !ok {
				return
			}
			i := which.SelectedIndex()
			start, msg := readStart(date, at.Text, me.Zone)
			if msg != "" {
				typedDate, typedAt := date.Text, at.Text
				e := dialog.NewError(errors.New(msg), a.s.u.win)
				e.SetOnClosed(func() { a.askProposal(i, typedDate, typedAt) })
				e.Show()
				return
			}
			var instance *time.Time
			if i > 0 {
				t := a.sessions[i-1].Start
				instance = &t
			}
			a.prepareProposal(instance, start)
		}, a.s.u.win)
	d.Resize(fyne.NewSize(520, 260))
	d.Show()
}

func (a *answerCard) prepareProposal(instance *time.Time, start time.Time) {
	id, now := a.s.p.ID, a.s.now()
	var out mentoring.Outgoing
	var err error
	a.s.u.Run(func() {
		out, err = a.s.u.deliver().PrepareProposal(a.s.u.ctx, id, instance, start, "", now)
	}, func() {
		if err != nil {
			a.s.u.showError(lang.L("Could not propose a time"), err)
			return
		}
		a.chooseDelivery(out)
	})
}

// chooseDelivery asks whether the answer goes by email or as a file the
// user sends; nothing is recorded until it left.
func (a *answerCard) chooseDelivery(out mentoring.Outgoing) {
	var d dialog.Dialog
	email := widget.NewButtonWithIcon(lang.L("Send by email"), theme.MailSendIcon(), func() {
		d.Hide()
		a.sendByEmail(out, "")
	})
	email.Importance = widget.HighImportance
	save := widget.NewButtonWithIcon(lang.L("Save .ics…"), theme.DocumentSaveIcon(), func() {
		d.Hide()
		fs := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if err != nil {
				a.s.u.showError(lang.L("Could not save the answer"), err)
				return
			}
			if w != nil {
				a.save(out, func(b []byte) error { return writeAndClose(w, b) })
			}
		}, a.s.u.win)
		fs.SetFileName(lang.L("Answer - {{.File}}", map[string]any{"File": a.s.fileName()}))
		fs.Show()
	})
	back := widget.NewButton(lang.L("Not now"), func() { d.Hide() })
	msg := wrapLabel(out.Subject + "\n\n" + lang.L("How should it reach {{.Name}}? Nothing changes for them until it does.",
		map[string]any{"Name": mentoring.FirstName(a.s.p.Partner.Name)}))
	d = dialog.NewCustomWithoutButtons(lang.L("Send your answer"), container.NewVBox(msg, container.NewHBox(layout.NewSpacer(), back, save, email)), a.s.u.win)
	d.Resize(fyne.NewSize(480, 200))
	d.Show()
}

func (a *answerCard) save(out mentoring.Outgoing, write func([]byte) error) {
	var err error
	a.s.u.Run(func() {
		err = a.s.u.deliver().SaveInvite(a.s.u.ctx, out, write)
	}, func() {
		if err != nil {
			a.s.u.showError(lang.L("The answer was not delivered"), err)
			return
		}
		a.refresh()
	})
}

func (a *answerCard) sendByEmail(out mentoring.Outgoing, password string) {
	var err error
	a.s.u.Run(func() {
		err = a.s.u.deliver().SendPrepared(a.s.u.ctx, out, password)
	}, func() {
		switch {
		case errors.Is(err, service.ErrPasswordNeeded):
			a.s.askPassword(err, func(pw string) { a.sendByEmail(out, pw) })
		case errors.Is(err, service.ErrNotConfigured):
			a.s.offerSettings(lang.L("Set up email first"), lang.L("Twoway sends your answer from your own mail account. Open Settings to enter its mail server?"))
		case err != nil:
			a.s.u.showError(lang.L("The answer was not sent"), err)
		default:
			a.refresh()
		}
	})
}
