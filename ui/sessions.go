package ui

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twoway-app/twoway/internal/mentoring"
)

// Outcome choices, in English; the radio group shows them through lang.L.
const (
	choiceHeld    = "Held"
	choiceSkipped = "Skipped"
	choiceMoved   = "Moved"
)

// sessionsScreen is the session log: every session of the series with what
// became of it, and an editor to record one.
type sessionsScreen struct {
	u      *UI
	object fyne.CanvasObject
	h      mentoring.History
	me     *time.Location
	other  *time.Location

	health *widget.Label
	list   *widget.List
	empty  *widget.Label

	current  mentoring.Session
	selected bool
	clean    string // the log's fields as edit left them (fieldState)
	heading  *widget.Label
	outcome  *widget.RadioGroup
	moveDate *dateEntry
	moveAt   *widget.Entry
	moveRow  *fyne.Container
	leader   *widget.Select
	minutes  *widget.Entry
	covered  *fyne.Container
	notes    *widget.Entry
	shared   *widget.Check
	myRefl   *widget.Entry
	hisRefl  *widget.Entry
	reflCard *widget.Card
	open     *fyne.Container
	newText  *widget.Entry
	newOwner *widget.Select
	newDue   *dateEntry
	pending  *fyne.Container
	errs     *widget.Label // what belongs to no field
	problems *fieldNotes   // each error under its field
	save     *widget.Button
	clear    *widget.Button
	editor   fyne.CanvasObject
	none     *widget.Label

	// What the editor collects besides its widgets.
	coverChecks []*widget.Check
	coverLeads  []*widget.Select
	coverIDs    []int64
	closeChecks map[int64]*widget.Check
	newActions  []mentoring.ActionItem
}

func newSessionsScreen(u *UI) *sessionsScreen {
	s := &sessionsScreen{u: u, closeChecks: map[int64]*widget.Check{}}
	s.health = wrapLabel("")
	s.empty = wrapLabel(lang.L("No sessions yet: set a cadence on the Schedule tab."))
	s.empty.Importance = widget.LowImportance
	s.list = widget.NewList(
		func() int { return len(s.h.Sessions) },
		func() fyne.CanvasObject {
			icon := widget.NewIcon(theme.RadioButtonIcon())
			when := widget.NewLabel("Mon 30 Sep 2026 17:00")
			when.TextStyle.Bold = true
			when.Truncation = fyne.TextTruncateEllipsis
			what := widget.NewLabel("Held · Ana led · 2 topics")
			what.Importance = widget.LowImportance
			what.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, icon, nil, container.NewVBox(when, what))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(s.h.Sessions) {
				return
			}
			ss := s.h.Sessions[i]
			row := o.(*fyne.Container)
			box := row.Objects[0].(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(s.when(ss))
			box.Objects[1].(*widget.Label).SetText(s.summary(ss))
			row.Objects[1].(*widget.Icon).SetResource(s.icon(ss))
		},
	)
	s.list.OnSelected = func(i widget.ListItemID) {
		if i >= len(s.h.Sessions) {
			return
		}
		ss := s.h.Sessions[i]
		if s.selected && ss.Original.Equal(s.current.Original) && s.dirty() {
			return // the same session, kept as typed
		}
		s.u.confirmLeave(s, func() { s.edit(ss) }, s.reselect)
	}

	s.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.heading.Wrapping = fyne.TextWrapWord
	s.outcome = widget.NewRadioGroup([]string{lang.L(choiceHeld), lang.L(choiceSkipped), lang.L(choiceMoved)}, func(string) { s.showOutcome() })
	s.outcome.Horizontal = true
	s.moveDate = newDateEntry()
	s.moveAt = newLineEntry()
	s.moveAt.SetPlaceHolder(lang.L("HH:MM"))
	s.moveRow = container.NewVBox(s.moveDate, s.moveAt)
	s.leader = newSelect(nil, nil)
	s.leader.PlaceHolder = lang.L("Who led?")
	s.minutes = newLineEntry()
	s.covered = container.NewVBox()
	s.notes = multiLine(lang.L("Notes: private unless you share them"))
	s.shared = widget.NewCheck(lang.L("Share these notes with my partner"), nil)
	s.myRefl = multiLine(lang.L("A short reflection: what you learned, what you will try"))
	s.hisRefl = multiLine(lang.L("Your partner's reflection, if they sent one"))
	s.open = container.NewVBox()
	s.newText = newLineEntry()
	s.newText.SetPlaceHolder(lang.L("New action item, e.g. Draft a first post"))
	s.newText.OnSubmitted = func(string) { s.onAddAction() }
	s.newOwner = newSelect(nil, nil)
	s.newDue = newDateEntry()
	s.pending = container.NewVBox()
	s.errs = widget.NewLabel("")
	s.errs.Importance = widget.DangerImportance
	s.errs.Wrapping = fyne.TextWrapWord
	s.errs.Hide()
	s.problems = newFieldNotes(s.errs)
	s.problems.marks("moved_to", s.moveDate)
	s.problems.marks("due", s.newDue)
	s.save = widget.NewButtonWithIcon(lang.L("Save session"), theme.DocumentSaveIcon(), s.onSave)
	s.save.Importance = widget.HighImportance
	s.clear = widget.NewButtonWithIcon(lang.L("Clear log"), theme.ContentClearIcon(), s.onClear)
	addAction := widget.NewButtonWithIcon(lang.L("Add"), theme.ContentAddIcon(), s.onAddAction)

	form := widget.NewForm(
		widget.NewFormItem(lang.L("What happened"), s.problems.under("outcome", s.outcome)),
		widget.NewFormItem(lang.L("Moved to"), s.problems.under("moved_to", s.moveRow)),
		widget.NewFormItem(lang.L("Led by"), s.leader),
		widget.NewFormItem(lang.L("Minutes"), s.problems.under("minutes", s.minutes)),
	)
	s.reflCard = widget.NewCard(lang.L("Reflections"), "", container.NewVBox(s.myRefl, s.hisRefl))
	actions := newCard(lang.L("Action items"), lang.L("Open items carry over to the next session until done"),
		container.NewVBox(s.open, s.pending, s.newText,
			s.problems.under("due", container.NewGridWithColumns(3, s.newOwner, s.newDue, addAction))))
	s.editor = container.NewVBox(s.heading, form,
		widget.NewCard(lang.L("Topics covered"), "", s.covered),
		widget.NewCard(lang.L("Notes"), "", container.NewVBox(s.notes, s.shared)),
		s.reflCard, actions, s.errs,
		container.NewHBox(s.save, s.clear))
	s.none = wrapLabel(lang.L("Choose a session on the left to log it."))
	s.none.Importance = widget.LowImportance

	exportBtn := widget.NewButtonWithIcon(lang.L("Export…"), theme.DocumentSaveIcon(), u.exportHistory)
	logBtn := widget.NewButtonWithIcon(lang.L("Log latest"), theme.DocumentCreateIcon(), s.selectLatest)
	left := container.NewBorder(container.NewVBox(s.health, container.NewHBox(logBtn, layout.NewSpacer(), exportBtn)),
		s.empty, nil, nil, s.list)
	right := container.NewVScroll(container.NewPadded(container.NewStack(s.none, s.editor)))
	split := container.NewHSplit(left, right)
	split.Offset = 0.42
	s.object = split
	s.editor.Hide()
	return s
}

// set shows history h, keeping the session being edited when it is still listed.
func (s *sessionsScreen) set(h mentoring.History) {
	samePair := s.h.Partnership.ID == h.Partnership.ID
	s.h = h
	s.me = mentoring.ZoneOrUTC(h.Partnership.Me.Zone)
	s.other = mentoring.ZoneOrUTC(h.Partnership.Partner.Zone)
	health := h.Health(s.u.detail.now())
	s.health.SetText(healthText(health, s.me))
	s.health.Importance = widget.MediumImportance
	if health.Warning {
		s.health.Importance = widget.WarningImportance
	}
	s.health.Refresh()
	names := []string{mentoring.FirstName(h.Partnership.Me.Name), mentoring.FirstName(h.Partnership.Partner.Name)}
	s.leader.Options = names
	s.leader.Refresh()
	s.newOwner.Options = names
	s.newOwner.SetSelected(names[0])
	s.reflCard.SetSubTitle("")
	s.myRefl.SetPlaceHolder(lang.L("{{.Name}}: what you learned, what you will try", map[string]any{"Name": names[0]}))
	s.hisRefl.SetPlaceHolder(lang.L("{{.Name}}'s reflection, if they shared one", map[string]any{"Name": names[1]}))
	s.shared.Text = lang.L("Share these notes with {{.Name}}", map[string]any{"Name": names[1]})
	s.shared.Refresh()
	if len(h.Sessions) == 0 {
		s.empty.Show()
	} else {
		s.empty.Hide()
	}
	s.list.UnselectAll()
	s.list.Refresh()
	if samePair && s.selected {
		// A log being typed stays as typed; the list still shows the
		// session it is about.
		if s.dirty() {
			for i, ss := range h.Sessions {
				if ss.Original.Equal(s.current.Original) {
					s.list.Select(i)
					return
				}
			}
		}
		for i, ss := range h.Sessions {
			if ss.Original.Equal(s.current.Original) {
				s.list.Select(i)
				return
			}
		}
	}
	s.selected = false
	s.editor.Hide()
	s.none.Show()
	// Show where the pair is now: the latest session that has started.
	now := s.u.detail.now()
	for i := len(h.Sessions) - 1; i >= 0; i-- {
		if h.Sessions[i].Past(now) {
			scrollToTop(s.list, i)
			break
		}
	}
}

// scrollToTop scrolls list so that item i is its first row, with what
// follows it below (as near as the end of the list allows). Fyne's ScrollTo
// scrolls as little as it can, which leaves an item further down on the
// bottom edge and hides the sessions planned next.
func scrollToTop(list *widget.List, i widget.ListItemID) {
	list.ScrollToBottom()
	list.ScrollTo(i)
}

// when is a session's first line: the user's date and time and the
// partner's time, the year only when it is not this year's.
func (s *sessionsScreen) when(ss mentoring.Session) string {
	start := ss.Start.In(s.me)
	layout := lang.X("layout.weekdayDayClock", "Mon 2 Jan 15:04")
	if start.Year() != s.u.detail.now().In(s.me).Year() {
		layout = lang.X("layout.weekdayDateClock", "Mon 2 Jan 2006 15:04")
	}
	return formatTime(start, layout) + " · " + mentoring.FirstName(s.h.Partnership.Partner.Name) + " " + ss.Start.In(s.other).Format("15:04")
}

// summary is a session's second line: what became of it.
func (s *sessionsScreen) summary(ss mentoring.Session) string {
	p := s.h.Partnership
	var parts []string
	switch {
	case ss.Outcome == mentoring.OutcomeHeld:
		parts = append(parts, lang.L(choiceHeld))
		if ss.Leader != "" {
			parts = append(parts, lang.L("{{.Name}} led", map[string]any{"Name": sideName(p, ss.Leader)}))
		}
		if n := len(ss.Covered); n > 0 {
			parts = append(parts, lang.N("{{.Count}} topics", n, map[string]any{"Count": n}))
		}
	case ss.Outcome == mentoring.OutcomeSkipped:
		parts = append(parts, lang.L(choiceSkipped))
	case ss.Outcome == mentoring.OutcomeMoved:
		parts = append(parts, lang.L("Moved from {{.Time}}", map[string]any{
			"Time": formatTime(ss.Original.In(s.me), lang.X("layout.weekdayDayClock", "Mon 2 Jan 15:04"))}))
	case ss.Past(s.u.detail.now()):
		parts = append(parts, lang.L("Not logged"))
	default:
		parts = append(parts, lang.L("Planned"))
	}
	if ss.Planned != "" && ss.Outcome != mentoring.OutcomeHeld {
		parts = append(parts, lang.L("{{.Name}} leads", map[string]any{"Name": sideName(p, ss.Planned)}))
	}
	if ss.Orphan {
		parts = append(parts, lang.L("no longer in the cadence"))
	}
	return strings.Join(parts, " · ")
}

func (s *sessionsScreen) icon(ss mentoring.Session) fyne.Resource {
	switch {
	case ss.Outcome == mentoring.OutcomeHeld:
		return theme.ConfirmIcon()
	case ss.Outcome == mentoring.OutcomeSkipped:
		return theme.CancelIcon()
	case ss.Outcome == mentoring.OutcomeMoved:
		return theme.MailForwardIcon()
	case ss.Past(s.u.detail.now()):
		return theme.WarningIcon()
	}
	return theme.RadioButtonIcon()
}

// selectLatest opens the most recent session that has started: the one a
// user who just hung up wants to log.
func (s *sessionsScreen) selectLatest() {
	now := s.u.detail.now()
	best := -1
	for i, ss := range s.h.Sessions {
		if ss.Past(now) && !ss.Orphan {
			best = i
		}
	}
	if best < 0 {
		for i, ss := range s.h.Sessions {
			if !ss.Orphan && ss.Outcome != mentoring.OutcomeSkipped {
				best = i
				break
			}
		}
	}
	if best >= 0 {
		s.list.Select(best)
		scrollToTop(s.list, best)
	}
}

// edit fills the editor from session ss.
func (s *sessionsScreen) edit(ss mentoring.Session) {
	p := s.h.Partnership
	s.current, s.selected = ss, true
	s.none.Hide()
	s.editor.Show()
	s.problems.clear()
	s.heading.SetText(lang.L("{{.MyTime}} for {{.Me}}, {{.TheirTime}} for {{.Partner}}", map[string]any{
		"MyTime":    formatTime(ss.Start.In(s.me), lang.X("layout.weekdayDateClockZone", "Mon 2 Jan 2006, 15:04 MST")),
		"Me":        mentoring.FirstName(p.Me.Name),
		"TheirTime": formatTime(ss.Start.In(s.other), lang.X("layout.weekdayDayClockZone", "Mon 2 Jan 15:04 MST")),
		"Partner":   mentoring.FirstName(p.Partner.Name)}))
	choice := lang.L(choiceHeld)
	switch ss.Outcome {
	case mentoring.OutcomeSkipped:
		choice = lang.L(choiceSkipped)
	case mentoring.OutcomeMoved:
		choice = lang.L(choiceMoved)
	}
	s.outcome.SetSelected(choice)
	start := ss.Start.In(s.me)
	s.moveDate.SetDate(&start)
	s.moveAt.SetText(start.Format("15:04"))
	s.showOutcome()
	leader := ss.Leader
	if leader == "" {
		leader = ss.Planned
	}
	s.leader.ClearSelected()
	if leader != "" {
		s.leader.SetSelected(sideName(p, leader))
	}
	s.minutes.SetText("")
	if ss.Minutes > 0 {
		s.minutes.SetText(strconv.Itoa(ss.Minutes))
	}
	s.minutes.SetPlaceHolder(lang.L("{{.Minutes}} (as planned)", map[string]any{"Minutes": int(ss.End.Sub(ss.Start).Minutes())}))
	s.fillCovered(ss)
	s.notes.SetText(ss.Notes)
	s.shared.SetChecked(ss.NotesShared)
	s.myRefl.SetText(ss.MyReflection)
	s.hisRefl.SetText(ss.PartnerReflection)
	// With a shared record the partner writes their own reflection in
	// their Twoway: here it is shown, not typed.
	if s.u.detail.shared {
		s.hisRefl.Disable()
	} else {
		s.hisRefl.Enable()
	}
	s.fillActions(ss)
	s.clear.Disable()
	if ss.Logged {
		s.clear.Enable()
	}
	s.clean = s.fields()
}

func (s *sessionsScreen) fields() string {
	return fieldState(s.outcome, s.moveDate, s.moveAt, s.leader, s.minutes, s.notes, s.shared, s.myRefl, s.hisRefl,
		s.coverChecks, s.coverLeads, s.closeChecks, len(s.newActions), s.newText)
}

func (s *sessionsScreen) dirty() bool { return s.selected && s.fields() != s.clean }

func (s *sessionsScreen) what() string {
	return lang.L("the log of the session on {{.Date}}", map[string]any{
		"Date": formatTime(s.current.Start.In(s.me), lang.X("layout.weekdayDay", "Mon 2 Jan"))})
}

func (s *sessionsScreen) saveThen(then func()) { s.saveLog(then) }

// reselect puts the list's selection back on the session being logged,
// when the user chose to stay with their changes.
func (s *sessionsScreen) reselect() {
	for i, ss := range s.h.Sessions {
		if s.selected && ss.Original.Equal(s.current.Original) {
			s.list.Select(i)
			return
		}
	}
	s.list.UnselectAll()
}

// fillCovered lists the topics a session could cover: every open topic
// and any it covered, those the agenda planned first.
func (s *sessionsScreen) fillCovered(ss mentoring.Session) {
	p := s.h.Partnership
	s.covered.RemoveAll()
	s.coverChecks, s.coverLeads, s.coverIDs = nil, nil, nil
	covered := map[int64]mentoring.Side{}
	for _, c := range ss.Covered {
		covered[c.TopicID] = c.LedBy
	}
	planned := ss.PlannedTopics
	if !ss.Logged {
		planned = s.h.AgendaTopics
	}
	isPlanned := map[int64]bool{}
	for _, id := range planned {
		isPlanned[id] = true
	}
	var order []mentoring.Topic
	for _, pass := range []bool{true, false} {
		for _, t := range s.h.Topics {
			_, was := covered[t.ID]
			if isPlanned[t.ID] == pass && (was || t.Status.Open()) {
				order = append(order, t)
			}
		}
	}
	leads := []string{mentoring.FirstName(p.Me.Name), mentoring.FirstName(p.Partner.Name), lang.L("Both")}
	for _, t := range order {
		label := t.Title
		if isPlanned[t.ID] {
			label = lang.L("{{.Topic}} (on the agenda)", map[string]any{"Topic": t.Title})
		}
		check, row := checkRow(label, nil)
		lead := newSelect(leads, nil)
		side, was := covered[t.ID]
		if !was {
			side = t.Teacher
		}
		lead.SetSelected(sideName(p, side))
		check.SetChecked(was)
		s.coverChecks = append(s.coverChecks, check)
		s.coverLeads = append(s.coverLeads, lead)
		s.coverIDs = append(s.coverIDs, t.ID)
		s.covered.Add(container.NewBorder(nil, nil, nil, lead, row))
	}
	if len(order) == 0 {
		s.covered.Add(lowLabel(lang.L("No open topics. Add them on the Topics tab.")))
	}
}

// fillActions shows the open action items (to close in this session) and
// those this session raised.
func (s *sessionsScreen) fillActions(ss mentoring.Session) {
	p := s.h.Partnership
	s.open.RemoveAll()
	s.pending.RemoveAll()
	s.newActions = nil
	s.closeChecks = map[int64]*widget.Check{}
	for _, a := range s.h.Actions {
		closedHere := a.Done && a.DoneIn.Equal(ss.Original)
		if a.Done && !closedHere {
			if a.RaisedIn.Equal(ss.Original) {
				s.open.Add(lowLabel("✓ " + actionText(p, a)))
			}
			continue
		}
		check, row := checkRow(actionText(p, a), nil)
		check.SetChecked(closedHere)
		s.closeChecks[a.ID] = check
		s.open.Add(row)
	}
	if len(s.open.Objects) == 0 {
		s.open.Add(lowLabel(lang.L("No open action items.")))
	}
}

func actionText(p mentoring.Partnership, a mentoring.ActionItem) string {
	if a.Due.IsZero() {
		return sideName(p, a.Owner) + ": " + a.Text
	}
	return lang.L("{{.Owner}}: {{.Text}} (due {{.Date}})", map[string]any{"Owner": sideName(p, a.Owner), "Text": a.Text,
		"Date": formatTime(a.Due.At(0, time.UTC), lang.X("layout.dayMonth", "2 Jan"))})
}

func (s *sessionsScreen) showOutcome() {
	// Disabled rather than hidden, so the form keeps its shape.
	if s.outcome.Selected == lang.L(choiceMoved) {
		s.moveDate.Enable()
		s.moveAt.Enable()
	} else {
		s.moveDate.Disable()
		s.moveAt.Disable()
	}
}

func (s *sessionsScreen) onAddAction() {
	p := s.h.Partnership
	text := strings.TrimSpace(s.newText.Text)
	if text == "" {
		return
	}
	owner := mentoring.SideMe
	if s.newOwner.SelectedIndex() == 1 {
		owner = mentoring.SidePartner
	}
	due, msg := readDate(s.newDue)
	if msg != "" {
		s.problems.set("due", lang.L("Due date: {{.Problem}}", map[string]any{"Problem": msg}))
		return
	}
	a := mentoring.ActionItem{Text: text, Owner: owner, Due: due}
	if err := a.Validate(); err != nil {
		s.problems.set("due", sentence(err.Error()))
		return
	}
	s.newActions = append(s.newActions, a)
	s.pending.Add(widget.NewLabel(lang.L("New: {{.Item}}", map[string]any{"Item": actionText(p, a)})))
	s.newText.SetText("")
	s.newDue.SetText("")
	s.problems.clear()
}

// collect reads the editor into a log, or says what is wrong.
func (s *sessionsScreen) collect() (mentoring.SessionLog, string, string) {
	l := mentoring.SessionLog{Original: s.current.Original, Notes: s.notes.Text, NotesShared: s.shared.Checked,
		MyReflection: s.myRefl.Text, PartnerReflection: s.hisRefl.Text}
	switch s.outcome.Selected {
	case lang.L(choiceHeld):
		l.Outcome = mentoring.OutcomeHeld
	case lang.L(choiceSkipped):
		l.Outcome = mentoring.OutcomeSkipped
	case lang.L(choiceMoved):
		l.Outcome = mentoring.OutcomeMoved
		start, msg := readStart(s.moveDate, s.moveAt.Text, s.me)
		if msg != "" {
			return l, "moved_to", lang.L("Moved to: {{.Problem}}", map[string]any{"Problem": msg})
		}
		l.MovedTo = start
	default:
		return l, "outcome", lang.L("Choose what happened: held, skipped or moved.")
	}
	switch s.leader.SelectedIndex() {
	case 0:
		l.Leader = mentoring.SideMe
	case 1:
		l.Leader = mentoring.SidePartner
	}
	if t := strings.TrimSpace(s.minutes.Text); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n <= 0 || n > 24*60 {
			return l, "minutes", lang.L("Minutes must be a whole number of minutes, such as 45.")
		}
		l.Minutes = n
	}
	for i, c := range s.coverChecks {
		if !c.Checked {
			continue
		}
		side := []mentoring.Side{mentoring.SideMe, mentoring.SidePartner, mentoring.SideBoth}[max(s.coverLeads[i].SelectedIndex(), 0)]
		l.Covered = append(l.Covered, mentoring.Coverage{TopicID: s.coverIDs[i], LedBy: side})
	}
	for id, c := range s.closeChecks {
		if c.Checked {
			l.Closed = append(l.Closed, id)
		}
	}
	l.NewActions = s.newActions
	return l, "", ""
}

func (s *sessionsScreen) onSave() { s.saveLog(func() {}) }

// saveLog records the log in the editor, then runs then; a refused save shows
// why and runs nothing.
func (s *sessionsScreen) saveLog(then func()) {
	l, field, msg := s.collect()
	if msg != "" {
		s.problems.set(field, msg)
		return
	}
	s.problems.clear()
	id := s.h.Partnership.ID
	shown := make([]int64, 0, len(s.closeChecks))
	for aid := range s.closeChecks {
		shown = append(shown, aid)
	}
	l.Reopened = mentoring.ReopenedActions(s.h.Actions, shown, l.Closed)
	now := s.u.detail.now()
	var err error
	s.u.Run(func() {
		err = s.u.deliver().LogSession(s.u.ctx, id, l, now)
	}, func() {
		var ve *mentoring.ValidationError
		if errors.As(err, &ve) {
			field := ""
			if len(ve.Fields) == 1 {
				field = ve.Fields[0].Field
			}
			s.problems.set(field, errorText(ve))
			return
		}
		if err != nil {
			s.u.showError(lang.L("Could not save the session"), err)
			return
		}
		if l.Outcome == mentoring.OutcomeMoved {
			s.current.Original = l.Original
		}
		s.clean = s.fields()
		s.u.detail.reloadHistory()
		then()
	})
}

func (s *sessionsScreen) onClear() {
	if !s.current.Logged {
		return
	}
	orig, id := s.current.Original, s.h.Partnership.ID
	confirm(lang.L("Clear this session's log?"), lang.L("Clear Log"), lang.L("Cancel"),
		lang.L("Forget the notes, topics and reflections recorded for this session? A skip or move stays."),
		func(ok bool) {
			if !ok {
				return
			}
			var err error
			s.u.Run(func() { err = s.u.db().ClearSessionLog(s.u.ctx, id, orig) }, func() {
				if err != nil {
					s.u.showError(lang.L("Could not clear the log"), err)
					return
				}
				s.u.detail.reloadHistory()
			})
		}, s.u.win)
}

// checkRow is a check box with a wrapping label: a Check's own text never
// wraps, and one long topic or action item would widen the whole window.
func checkRow(text string, changed func(bool)) (*widget.Check, fyne.CanvasObject) {
	check := widget.NewCheck("", changed)
	return check, container.NewBorder(nil, nil, check, nil, wrapLabel(text))
}
