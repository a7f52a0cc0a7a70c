package ui

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/calendar/ics"
	"github.com/twoway-app/twoway/internal/mentoring"
)

// invitesScreen previews the invite for the partner and delivers it (save
// as .ics, copy, open in the calendar app); skips, moves and cancels single
// sessions; and imports the partner's replies and counter-proposals.
type invitesScreen struct {
	u      *UI
	object fyne.CanvasObject

	p     mentoring.Partnership
	which dialog.Dialog // the last "which time" question of a move, for tests
	// moveNotes are the Move dialog's messages under its fields, for tests.
	moveNotes *fieldNotes
	out       mentoring.Outgoing // the REQUEST as it would go now
	state     mentoring.InviteState
	sessions  []calendar.Check
	exc       map[int64]mentoring.Exception // by original start (Unix)

	status    *widget.Label
	preview   *widget.Label
	problem   *widget.Label
	save      *widget.Button
	copyBtn   *widget.Button
	open      *widget.Button
	cancelAll *widget.Button
	sendMail  *widget.Button
	publish   *widget.Button
	published *widget.Label

	session     *widget.Select
	skip        *widget.Button
	move        *widget.Button
	restore     *widget.Button
	cancelOne   *widget.Button
	sessionNote *widget.Label

	agenda     *widget.Entry
	saveAgenda *widget.Button

	importBtn *widget.Button
	responses *fyne.Container

	draftAgenda *widget.Button
	// drafted holds the topics of the last draft put in the agenda box,
	// saved with it so uncovered ones carry over; nil when not drafted.
	drafted []int64

	// organizerCards are shown for a partnership the user organizes,
	// answer for one they joined.
	organizerCards []fyne.CanvasObject
	answer         *answerCard

	// now is the clock for DTSTAMP; tests pin it.
	now func() time.Time
}

func newInvitesScreen(u *UI) *invitesScreen {
	s := &invitesScreen{u: u, now: time.Now}
	s.status = wrapLabel("")
	s.status.TextStyle.Bold = true
	s.preview = wrapLabel("")
	s.problem = wrapLabel("")
	s.problem.Importance = widget.DangerImportance
	s.save = widget.NewButtonWithIcon(lang.L("Save .ics…"), theme.DocumentSaveIcon(), s.onSave)
	s.save.Importance = widget.HighImportance
	s.copyBtn = widget.NewButtonWithIcon(lang.L("Copy"), theme.ContentCopyIcon(), s.onCopy)
	s.open = widget.NewButtonWithIcon(lang.L("Open in calendar app"), theme.MailComposeIcon(), s.onOpen)
	s.sendMail = widget.NewButtonWithIcon(lang.L("Send by email"), theme.MailSendIcon(), s.onSendEmail)
	s.publish = widget.NewButtonWithIcon(lang.L("Publish to calendar"), theme.UploadIcon(), s.onPublish)
	s.published = lowLabel("")
	s.cancelAll = widget.NewButtonWithIcon(lang.L("Cancel the series…"), theme.CancelIcon(), s.onCancelSeries)
	s.cancelAll.Importance = widget.DangerImportance

	s.session = newSelect(nil, func(string) { s.onSessionChanged() })
	s.session.PlaceHolder = lang.L("Choose a session")
	s.skip = widget.NewButton(lang.L("Skip"), s.onSkip)
	s.move = widget.NewButton(lang.L("Move…"), s.onMove)
	s.restore = widget.NewButton(lang.L("Restore"), s.onRestore)
	s.cancelOne = widget.NewButton(lang.L("Send cancellation"), s.onCancelOne)
	s.sessionNote = lowLabel(lang.L("Skipped and moved sessions go to your partner with the next update."))

	s.agenda = multiLine(lang.L("What the next session covers, one point per line. Your partner sees it in the invite."))
	s.saveAgenda = widget.NewButtonWithIcon(lang.L("Save agenda"), theme.DocumentSaveIcon(), s.onSaveAgenda)
	s.draftAgenda = widget.NewButtonWithIcon(lang.L("Draft from topics and action items"), theme.ContentPasteIcon(), s.onDraftAgenda)
	s.importBtn = widget.NewButtonWithIcon(lang.L("Import reply…"), theme.FolderOpenIcon(), s.onImport)
	s.responses = container.NewVBox()

	invite := newCard(lang.L("Invite"), lang.L("A calendar invite for every session, in your partner's own time"),
		container.NewVBox(s.status, s.problem, s.preview,
			buttonRow(s.save, s.sendMail, s.publish, s.copyBtn, s.open), s.published, container.NewHBox(s.cancelAll)))
	agenda := newCard(lang.L("Next session's agenda"), lang.L("Shared with your partner in the invite; private notes never are"),
		container.NewVBox(s.agenda, buttonRow(s.saveAgenda, s.draftAgenda)))
	single := widget.NewCard(lang.L("One session"), "", container.NewVBox(s.session,
		buttonRow(s.skip, s.move, s.restore, s.cancelOne), s.sessionNote))
	answers := widget.NewCard(lang.L("Your partner's answers"), "", container.NewVBox(container.NewHBox(s.importBtn), s.responses))
	s.organizerCards = []fyne.CanvasObject{invite, agenda, single, answers}
	s.answer = newAnswerCard(s)
	s.object = container.NewVScroll(container.NewPadded(container.NewVBox(invite, agenda, single, answers, s.answer.card)))
	return s
}

// set shows partnership p's invite.
func (s *invitesScreen) set(p mentoring.Partnership) {
	s.p = p
	s.agenda.SetText(p.Agenda)
	s.drafted = nil
	s.refresh()
}

// refresh reloads the invite, sessions and answers from the store.
func (s *invitesScreen) refresh() {
	joined := s.p.Role == mentoring.RoleAttendee
	for _, c := range append(s.organizerCards, s.answer.card) {
		if (c == s.answer.card) == joined {
			c.Show()
		} else {
			c.Hide()
		}
	}
	if joined {
		s.answer.refresh()
		return
	}
	// What the work needs is read here, on the UI goroutine.
	p, now := s.p, s.now()
	id := p.ID
	var out mentoring.Outgoing
	var st mentoring.InviteState
	var exc []mentoring.Exception
	var resp []mentoring.Response
	var checks []calendar.Check
	var pub mentoring.Publication
	var err error
	s.u.Run(func() {
		pub, _ = s.u.db().Publication(s.u.ctx, id)
		if st, err = s.u.db().Invite(s.u.ctx, id); err != nil {
			return
		}
		if resp, err = s.u.db().Responses(s.u.ctx, id); err != nil {
			return
		}
		if exc, err = s.u.db().Exceptions(s.u.ctx, id); err != nil {
			return
		}
		out, err = s.u.deliver().PrepareInvite(s.u.ctx, id, mentoring.MethodRequest, nil, now)
		if err == nil {
			c, cerr := s.u.db().GetSchedule(s.u.ctx, id)
			me, partner, perr := p.People()
			if cerr == nil && perr == nil {
				checks, _ = calendar.Plan(c, me, partner)
			}
		}
	}, func() {
		s.state, s.out, s.sessions = st, out, checks
		s.exc = map[int64]mentoring.Exception{}
		for _, e := range exc {
			s.exc[e.Original.Unix()] = e
		}
		s.showResponses(resp)
		s.fillSessions()
		s.showPublication(pub)
		if err != nil {
			s.problem.SetText(sentence(errorText(err)))
			s.problem.Show()
			s.preview.SetText("")
			s.status.SetText("")
			for _, b := range []*widget.Button{s.save, s.copyBtn, s.open, s.cancelAll, s.sendMail, s.publish} {
				b.Disable()
			}
			return
		}
		s.problem.Hide()
		for _, b := range []*widget.Button{s.save, s.copyBtn, s.open, s.sendMail, s.publish} {
			b.Enable()
		}
		if st.Sent && !st.Cancelled {
			s.cancelAll.Enable()
		} else {
			s.cancelAll.Disable()
		}
		s.status.SetText(s.statusText())
		s.preview.SetText(out.Text)
	})
}

// statusText says what the partner already has and what delivering now does.
func (s *invitesScreen) statusText() string {
	st, out := s.state, s.out
	v := map[string]any{"Name": mentoring.FirstName(s.p.Partner.Name),
		"Date": formatTime(st.SentAt.Local(), lang.X("layout.date", "2 Jan 2006"))}
	var text string
	switch {
	case !st.Sent:
		text = lang.L("Not sent yet. Delivering it invites {{.Name}} to every session.", v)
	case st.Cancelled:
		text = lang.L("You cancelled the series on {{.Date}}. Delivering it now invites {{.Name}} again.", v)
	case out.Changed && st.Via == mentoring.ViaFile:
		text = lang.L("The schedule changed since you saved the invite ({{.Date}}): deliver the update so {{.Name}}'s calendar follows.", v)
	case out.Changed:
		text = lang.L("The schedule changed since you last sent it ({{.Date}}): deliver the update so {{.Name}}'s calendar follows.", v)
	case st.Via == mentoring.ViaFile:
		// Twoway cannot know whether the file reached the partner.
		text = lang.L("Saved to a file on {{.Date}}: send it to {{.Name}} yourself (or send it by email from here).", v)
	default:
		text = lang.L("{{.Name}} has this invite (sent {{.Date}}).", v)
	}
	switch st.PartStat {
	case "ACCEPTED":
		text += " " + lang.L("{{.Name}} accepted.", v)
	case "DECLINED":
		text += " " + lang.L("{{.Name}} declined.", v)
	case "TENTATIVE":
		text += " " + lang.L("{{.Name}} tentatively accepted.", v)
	}
	return text
}

// deliver hands out's bytes to write and, only when that worked, records
// them as sent, so a failed save consumes no sequence number.
func (s *invitesScreen) deliver(out mentoring.Outgoing, write func([]byte) error, done string) {
	var err error
	s.u.Run(func() {
		err = s.u.deliver().SaveInvite(s.u.ctx, out, write)
	}, func() {
		if err != nil {
			s.u.showError(lang.L("The invite was not delivered"), err)
			return
		}
		if done != "" {
			s.status.SetText(done)
		}
		s.refresh()
	})
}

// fileName is the saved invite's name: the title, made safe for every OS
// as exports are.
func (s *invitesScreen) fileName() string { return safeFileName(s.p.Title) + ".ics" }

func (s *invitesScreen) onSave() {
	out := s.out
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			s.u.showError(lang.L("Could not save the invite"), err)
			return
		}
		if w == nil {
			return // cancelled
		}
		s.deliver(out, func(b []byte) error { return writeAndClose(w, b) }, "")
	}, s.u.win)
	d.SetFileName(s.fileName())
	d.SetFilter(storage.NewExtensionFileFilter([]string{".ics"}))
	d.Show()
}

func writeAndClose(w io.WriteCloser, b []byte) error {
	if _, err := w.Write(b); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

func (s *invitesScreen) onCopy() {
	s.deliver(s.out, func(b []byte) error {
		fyne.Do(func() { s.u.app.Clipboard().SetContent(string(b)) })
		return nil
	}, "")
}

// onOpen hands the invite to the desktop's calendar app (the .ics handler).
func (s *invitesScreen) onOpen() {
	out, name, partner := s.out, s.fileName(), mentoring.FirstName(s.p.Partner.Name)
	var err error
	s.u.Run(func() {
		err = s.u.deliver().SaveInvite(s.u.ctx, out, func(b []byte) error {
			dir, err := os.MkdirTemp("", "twoway-invite-")
			if err != nil {
				return err
			}
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, b, 0o600); err != nil {
				os.RemoveAll(dir)
				return err
			}
			// The calendar app reads the file after Twoway moved on, so it
			// stays, except when nothing opened it.
			if err := s.u.openFile(path); err != nil {
				os.RemoveAll(dir)
				return err
			}
			return nil
		})
	}, func() {
		switch {
		case errors.Is(err, errNoCalendarApp):
			dialog.ShowCustomConfirm(lang.L("No calendar app found"), lang.L("Save…"), lang.L("Cancel"),
				wrapLabel(lang.L("No program on this computer opens calendar files (.ics). Save the invite to a file instead, "+
					"to import it into your calendar or send it to {{.Name}}?", map[string]any{"Name": partner})),
				func(save bool) {
					if save {
						s.onSave()
					}
				}, s.u.win)
		case err != nil:
			s.u.showError(lang.L("The invite was not delivered"), err)
		default:
			s.refresh()
		}
	})
}

func (s *invitesScreen) onCancelSeries() {
	confirm(lang.L("Cancel the whole series?"), lang.L("Cancel Series"), lang.L("Back"),
		lang.L("Your partner's calendar will remove every session of “{{.Title}}”. Save or send the cancellation to them.",
			map[string]any{"Title": s.p.Title}),
		func(ok bool) {
			if ok {
				s.prepareCancel(mentoring.MethodCancel, nil)
			}
		}, s.u.win)
}

// prepareCancel builds a CANCEL and asks how to deliver it.
func (s *invitesScreen) prepareCancel(method string, instance *time.Time) {
	id, now := s.p.ID, s.now()
	var out mentoring.Outgoing
	var err error
	s.u.Run(func() {
		out, err = s.u.deliver().PrepareInvite(s.u.ctx, id, method, instance, now)
	}, func() {
		if err != nil {
			s.u.showError(lang.L("Could not prepare the cancellation"), err)
			return
		}
		s.chooseDelivery(out)
	})
}

// onSaveAgenda stores the agenda; the invite then needs an update.
func (s *invitesScreen) onSaveAgenda() {
	id, text, topics := s.p.ID, s.agenda.Text, s.drafted
	var err error
	s.u.Run(func() {
		if topics != nil {
			err = s.u.db().SetAgendaPlan(s.u.ctx, id, text, topics)
		} else {
			err = s.u.db().SetAgenda(s.u.ctx, id, text)
		}
	}, func() {
		if err != nil {
			s.u.showError(lang.L("Could not save the agenda"), err)
			return
		}
		s.p.Agenda = strings.TrimSpace(text)
		s.u.detail.p.Agenda = s.p.Agenda
		s.refresh()
	})
}

// onDraftAgenda fills the agenda box with a draft from the open action
// items, the topics in progress and those not covered last time. The user
// edits it and saves; nothing is stored until then.
func (s *invitesScreen) onDraftAgenda() {
	id := s.p.ID
	var h mentoring.History
	var err error
	s.u.Run(func() { h, err = s.u.db().History(s.u.ctx, id) }, func() {
		if err != nil {
			s.u.showError(lang.L("Could not draft the agenda"), err)
			return
		}
		d := h.DraftAgenda(s.now())
		if d.Empty() {
			dialog.ShowInformation(lang.L("Nothing to draft from"),
				lang.L("There are no open topics or action items yet. Add topics on the Topics tab."), s.u.win)
			return
		}
		s.agenda.SetText(agendaText(h.Partnership, d))
		s.drafted = append([]int64{}, d.Topics...)
	})
}

// chooseDelivery asks how a cancellation should reach the partner: by
// email like the invite, or as a file to pass on.
func (s *invitesScreen) chooseDelivery(out mentoring.Outgoing) {
	var d dialog.Dialog
	email := widget.NewButtonWithIcon(lang.L("Send by email"), theme.MailSendIcon(), func() {
		d.Hide()
		s.sendByEmail(out, "")
	})
	email.Importance = widget.HighImportance
	save := widget.NewButtonWithIcon(lang.L("Save .ics…"), theme.DocumentSaveIcon(), func() {
		d.Hide()
		fs := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if err != nil {
				s.u.showError(lang.L("Could not save the cancellation"), err)
				return
			}
			if w != nil {
				s.deliver(out, func(b []byte) error { return writeAndClose(w, b) }, "")
			}
		}, s.u.win)
		fs.SetFileName(lang.L("Cancelled - {{.File}}", map[string]any{"File": s.fileName()}))
		fs.Show()
	})
	back := widget.NewButton(lang.L("Not now"), func() { d.Hide() })
	msg := wrapLabel(out.Subject + "\n\n" + lang.L("How should it reach {{.Name}}? Nothing changes for them until it does.",
		map[string]any{"Name": mentoring.FirstName(s.p.Partner.Name)}))
	d = dialog.NewCustomWithoutButtons(lang.L("Deliver the cancellation"), container.NewVBox(msg, container.NewHBox(layout.NewSpacer(), back, save, email)), s.u.win)
	d.Resize(fyne.NewSize(480, 200))
	d.Show()
}

// sessionLabel names a session for the picker, in both partners' times.
func (s *invitesScreen) sessionLabel(ch calendar.Check) string {
	l := lang.L("{{.MyTime}} · {{.TheirTime}} for {{.Name}}", map[string]any{
		"MyTime":    formatTime(ch.Me.Start, lang.X("layout.weekdayDateClock", "Mon 2 Jan 2006 15:04")),
		"TheirTime": ch.Partner.Start.Format("15:04"), "Name": mentoring.FirstName(s.p.Partner.Name)})
	if e, ok := s.exc[ch.Start.Unix()]; ok {
		if e.Skipped {
			l += " · " + lang.L("skipped")
		} else {
			l += " · " + lang.L("moved to {{.Time}}", map[string]any{
				"Time": formatTime(e.Start.In(ch.Me.Start.Location()), lang.X("layout.weekdayDayClock", "Mon 2 Jan 15:04"))})
		}
	}
	return l
}

func (s *invitesScreen) fillSessions() {
	prev := s.session.SelectedIndex()
	var opts []string
	for _, ch := range s.sessions {
		opts = append(opts, s.sessionLabel(ch))
	}
	s.session.SetOptions(opts)
	if prev >= 0 && prev < len(opts) {
		s.session.SetSelectedIndex(prev)
	}
	s.onSessionChanged()
}

// selectedSession returns the chosen session's original start.
func (s *invitesScreen) selectedSession() (calendar.Check, bool) {
	i := s.session.SelectedIndex()
	if i < 0 || i >= len(s.sessions) {
		return calendar.Check{}, false
	}
	return s.sessions[i], true
}

func (s *invitesScreen) onSessionChanged() {
	ch, ok := s.selectedSession()
	_, changed := s.exc[ch.Start.Unix()]
	for _, b := range []*widget.Button{s.skip, s.move, s.cancelOne} {
		if ok {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	if ok && changed {
		s.restore.Enable()
	} else {
		s.restore.Disable()
	}
	if !s.state.Sent {
		s.cancelOne.Disable()
	}
}

// changeSession applies fn to the chosen session; failed names what went
// wrong ("Could not skip the session").
func (s *invitesScreen) changeSession(failed string, fn func(orig time.Time) error) {
	ch, ok := s.selectedSession()
	if !ok {
		return
	}
	var err error
	s.u.Run(func() { err = fn(ch.Start) }, func() {
		if err != nil {
			s.u.showError(failed, err)
			return
		}
		s.refresh()
	})
}

func (s *invitesScreen) onSkip() {
	s.changeSession(lang.L("Could not skip the session"), func(orig time.Time) error { return s.u.db().SkipSession(s.u.ctx, s.p.ID, orig) })
}

func (s *invitesScreen) onRestore() {
	s.changeSession(lang.L("Could not restore the session"), func(orig time.Time) error { return s.u.db().RestoreSession(s.u.ctx, s.p.ID, orig) })
}

// onMove asks for the new date and time, read on the series' clock.
func (s *invitesScreen) onMove() {
	ch, ok := s.selectedSession()
	if !ok {
		return
	}
	s.askMove(ch, "", ch.Start.Format("15:04"))
}

// askMove asks for the new start of session ch, the date entry filled
// with dateText (or the session's date) and the time with atText. A
// refused answer is explained and asked again with what was typed.
func (s *invitesScreen) askMove(ch calendar.Check, dateText, atText string) {
	loc := ch.Start.Location()
	date := newDateEntry()
	date.SetDate(&ch.Start)
	if dateText != "" {
		date.SetText(dateText)
	}
	at := newLineEntry()
	at.SetText(atText)
	general := wrapLabel("")
	general.Importance = widget.DangerImportance
	general.Hide()
	notes := newFieldNotes(general)
	notes.marks("date", date)
	s.moveNotes = notes
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("Date"), notes.under("date", date)),
		// a form row whose widget starts hidden never shows, so the general
		// note sits under the last field
		widget.NewFormItem(lang.L("Time ({{.City}})", map[string]any{"City": cityOf(loc.String())}), container.NewVBox(notes.under("time", at), general)),
	}
	var d *dialog.FormDialog
	d = dialog.NewForm(lang.L("Move the session of {{.Date}}", map[string]any{"Date": formatTime(ch.Start, lang.X("layout.weekdayDay", "Mon 2 Jan"))}),
		lang.L("Move"), lang.L("Keep"), items, func(ok bool) {
			if !ok {
				return
			}
			start, field, msg := readMoveStart(date, at.Text, loc)
			if msg == "" {
				if fe := mentoring.CheckSessionTime(s.p, "moved_to", start); fe != nil {
					msg, field = sentence(fieldText(*fe))+".", "date"
				}
			}
			if msg != "" {
				// the dialog comes back with what was typed and the
				// message under the field it is about
				notes.set(field, msg)
				d.Show()
				return
			}
			id := s.p.ID
			move := func(start time.Time) {
				s.changeSession(lang.L("Could not move the session"), func(orig time.Time) error { return s.u.deliver().MoveSession(s.u.ctx, id, orig, start) })
			}
			if first, second, twice := repeatedStart(start); twice {
				typedDate, typedAt := date.Text, at.Text
				s.askWhichTime(first, second, move, func() { s.askMove(ch, typedDate, typedAt) })
				return
			}
			move(start)
		}, s.u.win)
	d.Resize(fyne.NewSize(480, d.MinSize().Height))
	d.Show()
}

// readMoveStart is readStart naming the field a problem is about: "date"
// or "time".
func readMoveStart(date *dateEntry, at string, loc *time.Location) (time.Time, string, string) {
	if _, msg := readDate(date); msg != "" || date.Date == nil {
		_, msg := readStart(date, at, loc)
		return time.Time{}, "date", msg
	}
	t, msg := readStart(date, at, loc)
	return t, "time", msg
}

// repeatedStart reports whether start's clock time occurs twice that day
// (the night the clocks go back), with both instants.
func repeatedStart(start time.Time) (first, second time.Time, twice bool) {
	return calendar.RepeatedWallTimes(calendar.DateOf(start), calendar.ClockOf(start), start.Location())
}

// askWhichTime asks which of the two instants of a repeated clock time is
// meant, naming each with its zone abbreviation and UTC; back returns to
// the Move dialog with what was typed.
func (s *invitesScreen) askWhichTime(first, second time.Time, pick func(time.Time), back func()) {
	label := func(t time.Time) string {
		abbr, _ := t.Zone()
		return fmt.Sprintf("%s %s (%s UTC)", t.Format("15:04"), abbr, t.UTC().Format("15:04")) // no words to translate
	}
	var d dialog.Dialog
	choose := func(t time.Time) func() { return func() { d.Hide(); pick(t) } }
	firstBtn := widget.NewButton(lang.L("First: {{.Label}}", map[string]any{"Label": label(first)}), choose(first))
	firstBtn.Importance = widget.HighImportance
	secondBtn := widget.NewButton(lang.L("Second: {{.Label}}", map[string]any{"Label": label(second)}), choose(second))
	backBtn := widget.NewButton(lang.L("Back"), func() { d.Hide(); back() })
	msg := wrapLabel(lang.L("The clocks in {{.Zone}} go back that night, so {{.Time}} on {{.Date}} happens twice. Which one do you mean?",
		map[string]any{"Zone": first.Location().String(), "Time": first.Format("15:04"), "Date": formatTime(first, lang.X("layout.date", "2 Jan 2006"))}))
	d = dialog.NewCustomWithoutButtons(lang.L("This time happens twice"),
		container.NewVBox(msg, container.NewHBox(layout.NewSpacer(), backBtn, secondBtn, firstBtn)), s.u.win)
	s.which = d
	d.Resize(fyne.NewSize(560, d.MinSize().Height))
	d.Show()
}

// readStart reads a new start from a date and a clock entry in loc,
// refusing a time the clocks skip (moving a session, here or in the log).
func readStart(date *dateEntry, at string, loc *time.Location) (time.Time, string) {
	d, msg := readDate(date)
	if msg != "" {
		return time.Time{}, msg
	}
	if d.IsZero() {
		return time.Time{}, lang.L("Choose a date.")
	}
	c, err := calendar.ParseClock(at)
	if err != nil {
		return time.Time{}, sentence(err.Error())
	}
	t, wall := calendar.WallTime(d, c, loc)
	if wall == calendar.WallGap {
		return time.Time{}, lang.L("{{.Time}} does not exist on {{.Date}} in {{.Zone}}: the clocks skip it.",
			map[string]any{"Time": c.String(), "Date": d.String(), "Zone": loc.String()})
	}
	return t, ""
}

func (s *invitesScreen) onCancelOne() {
	ch, ok := s.selectedSession()
	if !ok {
		return
	}
	t := ch.Start
	confirm(lang.L("Cancel this session?"), lang.L("Cancel Session"), lang.L("Back"), lang.L("Send {{.Name}} a cancellation for {{.Time}}? The other sessions stay.",
		map[string]any{"Name": mentoring.FirstName(s.p.Partner.Name),
			"Time": formatTime(ch.Me.Start, lang.X("layout.weekdayDateClock", "Mon 2 Jan 2006 15:04"))}), func(ok bool) {
		if ok {
			s.prepareCancel(mentoring.MethodCancel, &t)
		}
	}, s.u.win)
}

func (s *invitesScreen) onImport() {
	dialog.ShowFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			s.u.showError(lang.L("Could not open the file"), err)
			return
		}
		if r == nil {
			return
		}
		data, err := io.ReadAll(io.LimitReader(r, 2<<20))
		r.Close()
		if err != nil {
			s.u.showError(lang.L("Could not read the file"), err)
			return
		}
		s.importData(data)
	}, s.u.win)
}

// importData records a reply or counter; a bad file is explained and
// changes nothing.
func (s *invitesScreen) importData(data []byte) {
	var r mentoring.Response
	var err error
	now := s.now()
	s.u.Run(func() {
		r, err = s.u.db().ImportResponse(s.u.ctx, data, now)
	}, func() {
		if err != nil {
			s.u.showError(lang.L("This file cannot be imported"), err)
			return
		}
		if r.PartnershipID != s.p.ID {
			s.u.reload(r.PartnershipID)
			return
		}
		s.refresh()
	})
}

func (s *invitesScreen) showResponses(rs []mentoring.Response) {
	s.responses.Objects = nil
	if len(rs) == 0 {
		s.responses.Add(lowLabel(lang.L("Nothing yet. When your partner answers, import the .ics file their calendar sent you.")))
	}
	for _, r := range rs {
		r := r
		text := formatTime(r.Received.Local(), lang.X("layout.dayMonth", "2 Jan")) + ": " + describeResponse(s.p, r)
		if r.Method == ics.MethodCounter && r.State != mentoring.ResponseOpen {
			text += " (" + counterState(r.State) + ")"
		}
		row := container.NewVBox(wrapLabel(text))
		if r.Method == ics.MethodCounter && r.State == mentoring.ResponseOpen {
			accept := widget.NewButton(lang.L("Accept new time"), func() { s.onAcceptCounter(r.ID) })
			accept.Importance = widget.HighImportance
			decline := widget.NewButton(lang.L("Decline…"), func() { s.onDeclineCounter(r.ID) })
			row.Add(container.NewHBox(accept, decline))
		}
		s.responses.Add(row)
	}
	s.responses.Refresh()
}

func (s *invitesScreen) onAcceptCounter(id int64) {
	var err error
	s.u.Run(func() { err = s.u.deliver().AcceptCounter(s.u.ctx, id) }, func() {
		if err != nil {
			s.u.showError(lang.L("Could not accept the new time"), err)
			return
		}
		// The schedule changed: reload everything, then the user delivers the update.
		s.u.reload(s.p.ID)
	})
}

func (s *invitesScreen) onDeclineCounter(id int64) {
	comment := newLineEntry()
	comment.SetPlaceHolder(lang.L("Optional: why, or another suggestion"))
	dialog.ShowForm(lang.L("Decline the proposed time?"), lang.L("Decline"), lang.L("Back"),
		[]*widget.FormItem{widget.NewFormItem(lang.L("Note"), comment)}, func(ok bool) {
			if !ok {
				return
			}
			var b []byte
			var err error
			note := comment.Text
			// The answer is delivered by putting it on the clipboard, which
			// only the UI goroutine may touch: the bytes are kept here and
			// the proposal is marked declined once they are.
			s.u.Run(func() {
				err = s.u.deliver().DeclineCounter(s.u.ctx, id, note, func(answer []byte) error { b = answer; return nil })
			}, func() {
				if err != nil {
					s.u.showError(lang.L("Could not decline"), err)
					return
				}
				s.u.app.Clipboard().SetContent(string(b))
				dialog.ShowInformation(lang.L("Declined"), lang.L("The answer for your partner is on the clipboard as iCalendar text."), s.u.win)
				s.refresh()
			})
		}, s.u.win)
}

// counterState names what became of a counter-proposal, as storage records
// it ("accepted", "declined").
func counterState(state string) string {
	switch state {
	case mentoring.ResponseAccepted:
		return lang.L("accepted")
	case mentoring.ResponseDeclined:
		return lang.L("declined")
	}
	return state
}
