package ui

import (
	"errors"
	"fmt"
	"image/color"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/storage"
)

// scheduleScreen edits a partnership's recurring cadence and shows, live,
// every session in both partners' local times with warnings, a world-clock
// strip of both partners' hours, and the weekly slots that suit both.
type scheduleScreen struct {
	u      *UI
	object fyne.CanvasObject

	p           mentoring.Partnership
	me, partner calendar.Person
	checks      []calendar.Check
	slots       []calendar.Slot
	loading     bool // set while widgets are filled from a stored cadence

	unit     *widget.RadioGroup
	every    *widget.Select
	days     [7]*widget.Check // Monday first
	nth      *widget.Select
	monthDay *widget.Select
	at       *widget.Entry
	minutes  *widget.Select
	from     *dateEntry
	endMode  *widget.RadioGroup
	count    *widget.Entry
	until    *dateEntry
	anchor   *widget.RadioGroup
	save     *widget.Button
	// remind is how long before each session the desktop reminds the
	// user (this computer's setting, not part of the schedule).
	remind *widget.Select

	everyUnit       *widget.Label
	weekly, monthly *fyne.Container
	anchorNote      *widget.Label
	problem         *widget.Label // why the cadence cannot happen, when no field says it
	problems        *fieldNotes   // each problem under its field
	problemField    string        // the field read() found wrong
	summary         *widget.Label
	drift           *widget.Label
	sessions        *widget.List
	strip           *fyne.Container
	slotList        *fyne.Container
	saved           *widget.Label
}

var weekdaysMondayFirst = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

// nthLabels are the choices of "on the [1st] Friday", the last one last.
// They are built when asked for, not once, so they follow the language.
func nthLabels() []string {
	return []string{lang.L("1st"), lang.L("2nd"), lang.L("3rd"), lang.L("4th"), lang.L("5th"), lang.L("last")}
}

// durationLabels are the call lengths offered.
func durationLabels() []string {
	var out []string
	for _, m := range []int{30, 45, 60, 75, 90, 120} {
		out = append(out, minutesLabel(m))
	}
	return out
}

// minutesLabel is a call length as the duration select shows it.
func minutesLabel(m int) string {
	return lang.L("{{.Minutes}} min", map[string]any{"Minutes": m})
}

// minutesOf reads the number back from a minutesLabel, 0 when there is none.
func minutesOf(label string) int {
	n, _ := strconv.Atoi(strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, label))
	return n
}

// The radio choices of the schedule, in English; the widgets show them
// through lang.L, and compare what is selected the same way.
const (
	endAtProgramme = "At the programme's end"
	endAfterCount  = "After a number of sessions"
	endOnDate      = "On a date"
	unitWeekly     = "Weekly"
	unitMonthly    = "Monthly"
)

func newScheduleScreen(u *UI) *scheduleScreen {
	s := &scheduleScreen{u: u}
	changed := func() { s.onCadenceChanged() }
	s.unit = widget.NewRadioGroup([]string{lang.L(unitWeekly), lang.L(unitMonthly)}, func(string) { s.showUnit(); changed() })
	s.unit.Horizontal = true
	var everyOpts []string
	for i := 1; i <= 12; i++ {
		everyOpts = append(everyOpts, strconv.Itoa(i))
	}
	s.every = newSelect(everyOpts, func(string) { s.showUnit(); changed() })
	s.everyUnit = widget.NewLabel(lang.N("weeks", 1))
	dayRow := container.NewGridWithColumns(4)
	for i, wd := range weekdaysMondayFirst {
		s.days[i] = widget.NewCheck(weekdayShort(wd), func(bool) { changed() })
		dayRow.Add(s.days[i])
	}
	var dayNames []string
	for _, wd := range weekdaysMondayFirst {
		dayNames = append(dayNames, weekdayName(wd))
	}
	s.nth = newSelect(nthLabels(), func(string) { changed() })
	s.monthDay = newSelect(dayNames, func(string) { changed() })
	s.weekly = container.NewVBox(dayRow)
	s.monthly = container.NewHBox(widget.NewLabel(lang.L("on the")), s.nth, s.monthDay)
	s.at = newLineEntry()
	s.at.SetPlaceHolder("17:00")
	s.at.OnChanged = func(string) { changed() }
	s.minutes = newSelect(durationLabels(), func(string) { changed() })
	s.from = newDateEntry()
	s.from.OnChanged = func(*time.Time) { changed() }
	s.count = newLineEntry()
	s.count.SetPlaceHolder("12")
	s.count.OnChanged = func(string) { changed() }
	s.until = newDateEntry()
	s.until.OnChanged = func(*time.Time) { changed() }
	s.endMode = widget.NewRadioGroup([]string{lang.L(endAtProgramme), lang.L(endAfterCount), lang.L(endOnDate)}, func(string) { changed() })
	s.anchor = widget.NewRadioGroup(nil, func(string) { changed() })
	s.save = widget.NewButtonWithIcon(lang.L("Save schedule"), theme.DocumentSaveIcon(), s.onSave)
	s.save.Importance = widget.HighImportance
	s.saved = lowLabel("")

	s.anchorNote = wrapLabel("")
	s.problem = wrapLabel("")
	s.problem.Importance = widget.DangerImportance
	s.problem.Hide()
	s.problems = newFieldNotes(s.problem)
	s.problems.marks("from", s.from)
	s.problems.marks("until", s.until)
	s.summary = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.summary.Wrapping = fyne.TextWrapWord
	s.drift = wrapLabel("")
	s.drift.Importance = widget.WarningImportance
	s.sessions = widget.NewList(func() int { return len(s.checks) }, newSessionRow, s.updateSessionRow)
	s.strip = container.NewVBox()
	s.slotList = container.NewVBox()

	form := widget.NewForm(
		widget.NewFormItem(lang.L("Repeat"), s.unit),
		widget.NewFormItem(lang.L("Every"), container.NewHBox(s.every, s.everyUnit)),
		widget.NewFormItem(lang.L("On"), container.NewStack(s.weekly, s.monthly)),
		widget.NewFormItem(lang.L("At"), s.problems.under("at", container.NewBorder(nil, nil, nil, s.minutes, s.at))),
		widget.NewFormItem(lang.L("First session"), s.problems.under("from", s.from)),
		widget.NewFormItem(lang.L("Ends"), s.problems.under("until", container.NewVBox(s.endMode, container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(90, s.count.MinSize().Height), s.count), nil, s.until)))),
		widget.NewFormItem(lang.L("Keep fixed"), container.NewVBox(s.anchor, s.anchorNote)),
	)
	s.remind = newSelect(reminderLabels(), func(string) { s.onRemindChanged() })
	editor := widget.NewCard(lang.L("Cadence"), "", container.NewVBox(form, s.problem,
		container.NewHBox(s.save, s.saved),
		container.NewHBox(widget.NewLabel(lang.L("Remind me")), s.remind)))
	finder := newCard(lang.L("Times that suit you both"), lang.L("Each partner's day in their own local time; highlighted hours suit both."),
		container.NewVBox(s.strip, s.slotList))
	left := container.NewVScroll(container.NewVBox(editor, finder))
	right := container.NewBorder(container.NewVBox(s.summary, s.drift), nil, nil, nil, s.sessions)
	split := container.NewHSplit(left, right)
	split.Offset = 0.5
	s.object = split
	return s
}

// set shows partnership p's schedule, or a suggestion when it has none.
func (s *scheduleScreen) set(p mentoring.Partnership) {
	s.p = p
	s.showRemind()
	var err error
	s.me, s.partner, err = p.People()
	if err != nil {
		s.problems.set("", sentence(err.Error()))
		return
	}
	s.anchor.Options = []string{
		lang.L("{{.Name}}'s clock ({{.City}})", map[string]any{"Name": s.me.Name, "City": cityOf(p.Me.Zone)}),
		lang.L("{{.Name}}'s clock ({{.City}})", map[string]any{"Name": s.partner.Name, "City": cityOf(p.Partner.Zone)}),
		"UTC",
	}
	s.saved.SetText("")
	var c calendar.Cadence
	var getErr error
	s.u.Run(func() {
		c, getErr = s.u.db().GetSchedule(s.u.ctx, p.ID)
	}, func() {
		if errors.Is(getErr, storage.ErrNotFound) {
			c = s.suggestion()
			s.saved.SetText(lang.L("Not saved yet: this is a suggestion."))
		} else if getErr != nil {
			s.u.showError(lang.L("Could not load the schedule"), getErr)
			return
		}
		s.fill(c)
		s.setReadOnly(p.Role == mentoring.RoleAttendee)
	})
}

// setReadOnly locks the cadence of a partnership the user joined: the
// organizer is its only writer, the user proposes another time instead.
func (s *scheduleScreen) setReadOnly(ro bool) {
	type disabler interface {
		Enable()
		Disable()
	}
	ws := []disabler{s.unit, s.every, s.nth, s.monthDay, s.at, s.minutes, s.from, s.endMode, s.count, s.until, s.anchor, s.save}
	for _, d := range s.days {
		ws = append(ws, d)
	}
	for _, w := range ws {
		if ro {
			w.Disable()
		} else {
			w.Enable()
		}
	}
	if ro {
		s.saved.SetText(lang.L("{{.Name}} keeps this schedule. To change it, propose another time on the Invites tab.",
			map[string]any{"Name": mentoring.FirstName(s.p.Partner.Name)}))
	}
}

// suggestion is the cadence offered to a partnership without one
// (mentoring.DefaultCadence).
func (s *scheduleScreen) suggestion() calendar.Cadence {
	return mentoring.DefaultCadence(s.p, calendar.DateOf(time.Now()))
}

// fill sets the widgets from c without saving.
func (s *scheduleScreen) fill(c calendar.Cadence) {
	s.loading = true
	if c.Unit == calendar.Monthly {
		s.unit.SetSelected(lang.L(unitMonthly))
	} else {
		s.unit.SetSelected(lang.L(unitWeekly))
	}
	s.every.SetSelected(strconv.Itoa(max(c.Interval, 1)))
	for i, wd := range weekdaysMondayFirst {
		on := false
		for _, d := range c.Days {
			on = on || d == wd
		}
		s.days[i].SetChecked(on)
	}
	if len(c.Days) > 0 {
		s.monthDay.SetSelected(weekdayName(c.Days[0]))
	}
	nth := nthLabels()
	switch {
	case c.Nth == calendar.LastOfMonth:
		s.nth.SetSelected(nth[5])
	case c.Nth >= 1 && c.Nth <= 5:
		s.nth.SetSelected(nth[c.Nth-1])
	default:
		s.nth.SetSelected(nth[0])
	}
	s.at.SetText(c.At.String())
	s.minutes.SetSelected(minutesLabel(c.Minutes))
	if s.minutes.Selected == "" {
		s.minutes.Options = append(s.minutes.Options, minutesLabel(c.Minutes))
		s.minutes.SetSelected(minutesLabel(c.Minutes))
	}
	s.from.SetDate(dateTime(c.From))
	s.count.SetText("")
	s.until.SetDate(nil)
	switch {
	case c.Count > 0:
		s.endMode.SetSelected(lang.L(endAfterCount))
		s.count.SetText(strconv.Itoa(c.Count))
	case c.Until == s.p.Until:
		s.endMode.SetSelected(lang.L(endAtProgramme))
	default:
		s.endMode.SetSelected(lang.L(endOnDate))
		s.until.SetDate(dateTime(c.Until))
	}
	switch c.Anchor {
	case calendar.AnchorPartner:
		s.anchor.SetSelected(s.anchor.Options[1])
	case calendar.AnchorUTC:
		s.anchor.SetSelected(s.anchor.Options[2])
	default:
		s.anchor.SetSelected(s.anchor.Options[0])
	}
	s.showUnit()
	s.loading = false
	s.onCadenceChanged()
}

func (s *scheduleScreen) showUnit() {
	// Anything but "1" (nothing chosen yet too) reads as a plural.
	n := 2
	if s.every.Selected == "1" {
		n = 1
	}
	unit := lang.N("weeks", n)
	if s.unit.Selected == lang.L(unitMonthly) {
		unit = lang.N("months", n)
	}
	s.everyUnit.SetText(unit)
	if s.unit.Selected == lang.L(unitMonthly) {
		s.weekly.Hide()
		s.monthly.Show()
	} else {
		s.monthly.Hide()
		s.weekly.Show()
	}
}

// read returns the cadence the widgets describe, or a message saying which
// input is not understood.
func (s *scheduleScreen) read() (calendar.Cadence, string) {
	c := calendar.Cadence{Unit: calendar.Weekly, Anchor: calendar.AnchorMe}
	if s.unit.Selected == lang.L(unitMonthly) {
		c.Unit = calendar.Monthly
	}
	c.Interval, _ = strconv.Atoi(s.every.Selected)
	if c.Unit == calendar.Weekly {
		for i, wd := range weekdaysMondayFirst {
			if s.days[i].Checked {
				c.Days = append(c.Days, wd)
			}
		}
	} else {
		nth := nthLabels()
		for i, l := range nth {
			if s.nth.Selected == l {
				c.Nth = i + 1
			}
		}
		if s.nth.Selected == nth[5] {
			c.Nth = calendar.LastOfMonth
		}
		for _, wd := range weekdaysMondayFirst {
			if s.monthDay.Selected == weekdayName(wd) {
				c.Days = []time.Weekday{wd}
			}
		}
	}
	s.problemField = ""
	at, err := calendar.ParseClock(s.at.Text)
	if err != nil {
		s.problemField = "at"
		return c, sentence(err.Error())
	}
	c.At = at
	c.Minutes = minutesOf(s.minutes.Selected)
	var msg string
	if c.From, msg = readDate(s.from); msg != "" {
		s.problemField = "from"
		return c, lang.L("First session: {{.Problem}}", map[string]any{"Problem": msg})
	}
	switch s.endMode.Selected {
	case lang.L(endAfterCount):
		n, err := strconv.Atoi(strings.TrimSpace(s.count.Text))
		if err != nil || n <= 0 {
			s.problemField = "until"
			return c, lang.L("Number of sessions: {{.Text}} is not a positive number", map[string]any{"Text": strconv.Quote(s.count.Text)})
		}
		c.Count = n
	case lang.L(endOnDate):
		if c.Until, msg = readDate(s.until); msg != "" {
			s.problemField = "until"
			return c, lang.L("End date: {{.Problem}}", map[string]any{"Problem": msg})
		}
	default:
		c.Until = s.p.Until
		if c.Until.IsZero() {
			s.problemField = "until"
			return c, lang.L("The programme has no end date: choose a number of sessions or an end date.")
		}
	}
	switch s.anchor.Selected {
	case s.anchor.Options[1]:
		c.Anchor = calendar.AnchorPartner
	case s.anchor.Options[2]:
		c.Anchor = calendar.AnchorUTC
	}
	// A series that runs outside the programme cannot be saved.
	if fe := mentoring.CheckInProgramme(s.p, c); fe != nil {
		label := lang.L("First session")
		s.problemField = "from"
		if fe.Field == "until" {
			label = lang.L("Last session")
			s.problemField = "until"
		}
		return c, label + ": " + fieldText(*fe) + "."
	}
	return c, ""
}

// onCadenceChanged re-plans the series as the user edits: expansion and
// checks take well under a millisecond (see BenchmarkExpandCheck5YearWeekly),
// the slot finder a few, so it runs off the UI goroutine.
func (s *scheduleScreen) onCadenceChanged() {
	if s.loading || s.me.Zone == nil {
		return
	}
	s.anchorNote.SetText(s.anchorConsequence())
	c, msg := s.read()
	field := s.problemField
	if msg == "" {
		var err error
		if s.checks, err = calendar.Plan(c, s.me, s.partner); err != nil {
			msg, field = sentence(err.Error()), ""
		}
	}
	if msg != "" {
		s.checks = nil
		s.problems.set(field, msg)
		s.summary.SetText("")
		s.drift.SetText("")
		s.save.Disable()
	} else {
		s.problems.clear()
		s.summary.SetText(comfortText(s.checks, s.me, s.partner))
		s.drift.SetText(driftText(s.checks, s.me, s.partner))
		s.drift.Hidden = s.drift.Text == "" // no blank line above the sessions
		s.save.Enable()
	}
	s.sessions.Refresh()
	s.refreshFinder(c)
}

// anchoredOn says what anchoring the series on Fixed's clock means.
const anchoredOn = "The call stays at the same time on {{.Fixed}}'s clock; " +
	"{{.Moving}}'s time moves when only one of you changes to or from summer time."

// anchorConsequence explains whose clock moves when DST changes.
func (s *scheduleScreen) anchorConsequence() string {
	switch s.anchor.Selected {
	case s.anchor.Options[1]:
		return lang.L(anchoredOn, map[string]any{"Fixed": s.partner.Name, "Moving": s.me.Name})
	case s.anchor.Options[2]:
		return lang.L("The call stays at the same UTC time: both of you see it move by an hour when your own clocks change.")
	}
	return lang.L(anchoredOn, map[string]any{"Fixed": s.me.Name, "Moving": s.partner.Name})
}

func (s *scheduleScreen) onSave() {
	c, msg := s.read()
	if msg != "" {
		return
	}
	id := s.p.ID
	var err error
	s.save.Disable()
	s.u.Run(func() {
		err = s.u.db().SetSchedule(s.u.ctx, id, c)
	}, func() {
		s.save.Enable()
		if err != nil {
			s.u.showError(lang.L("Could not save the schedule"), err)
			return
		}
		s.saved.SetText(lang.L("Saved."))
		s.u.detail.invites.refresh()
	})
}

func newSessionRow() fyne.CanvasObject {
	date := widget.NewLabelWithStyle("Mon 29 Mar 2027", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	times := widget.NewLabel("17:00-18:00 Ana\n11:00-12:00 Ben")
	times.Truncation = fyne.TextTruncateEllipsis
	warn := widget.NewLabel("")
	warn.Importance = widget.WarningImportance
	warn.Wrapping = fyne.TextWrapWord
	return container.NewVBox(date, times, warn)
}

func (s *scheduleScreen) updateSessionRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(s.checks) {
		return
	}
	ch := s.checks[i]
	box := o.(*fyne.Container)
	box.Objects[0].(*widget.Label).SetText(fmt.Sprintf("%d. %s", i+1, formatTime(ch.Me.Start, lang.X("layout.weekdayDate", "Mon 2 Jan 2006"))))
	box.Objects[1].(*widget.Label).SetText(fmt.Sprintf("%s %s\n%s %s", // two lines: both fit a narrow pane
		span(ch.Me), s.me.Name, span(ch.Partner), s.partner.Name))
	warn := box.Objects[2].(*widget.Label)
	var notes []string
	if !ch.Me.Fits {
		notes = append(notes, lang.L("⚠ outside {{.Name}}'s hours", map[string]any{"Name": s.me.Name}))
	}
	if !ch.Partner.Fits {
		notes = append(notes, lang.L("⚠ outside {{.Name}}'s hours", map[string]any{"Name": s.partner.Name}))
	}
	// The note goes where a partner's time changes, not on every session
	// that differs from the usual time.
	for _, who := range []struct {
		name string
		side calendar.Side
	}{{s.me.Name, ch.Me}, {s.partner.Name, ch.Partner}} {
		if who.side.Change != 0 {
			notes = append(notes, lang.L("{{.Name}}'s time changes to {{.Time}} ({{.Shift}}) from this session",
				map[string]any{"Name": who.name, "Time": who.side.Start.Format("15:04"), "Shift": shiftText(who.side.Change)}))
		}
	}
	if ch.Note != "" {
		notes = append(notes, ch.Note)
	}
	warn.SetText(strings.Join(notes, " · "))
	if len(notes) == 0 {
		warn.Hide()
	} else {
		warn.Show()
	}
	s.sessions.SetItemHeight(i, box.MinSize().Height)
}

func span(sd calendar.Side) string {
	end := sd.End.Format("15:04")
	if sd.End.YearDay() != sd.Start.YearDay() {
		end = lang.L("{{.Time}} next day", map[string]any{"Time": end})
	}
	return sd.Start.Format("15:04") + "-" + end
}

func shiftText(d time.Duration) string {
	sign := "+"
	if d < 0 {
		sign, d = "-", -d
	}
	if d%time.Hour == 0 {
		return fmt.Sprintf("%s%dh", sign, d/time.Hour)
	}
	return fmt.Sprintf("%s%dmin", sign, d/time.Minute)
}

// refreshFinder redraws the world-clock strip for the first session's day
// and recomputes the ranked slots off the UI goroutine.
func (s *scheduleScreen) refreshFinder(c calendar.Cadence) {
	s.drawStrip(c)
	me, partner := s.me, s.partner
	var slots []calendar.Slot
	var err error
	s.u.Run(func() {
		slots, err = calendar.FindSlots(me, partner, c, 5)
	}, func() {
		s.slots = slots
		s.slotList.Objects = nil
		switch {
		case err != nil:
			s.slotList.Add(lowLabel(sentence(err.Error())))
		case len(slots) == 0:
			s.slotList.Add(lowLabel(lang.L("No weekly time suits both of you: widen someone's comfortable hours or shorten the call.")))
		}
		for _, sl := range slots {
			sl := sl
			use := widget.NewButton(lang.L("Use"), func() { s.useSlot(sl) })
			text := lang.L("{{.MyDay}} {{.MyTime}} for {{.Me}} · {{.TheirDay}} {{.TheirTime}} for {{.Partner}} · "+
				"suits both for {{.Fits}} of {{.Total}} sessions", map[string]any{
				"MyDay": weekdayShort(sl.Me.Day), "MyTime": sl.Me.At.String(), "Me": s.me.Name,
				"TheirDay": weekdayShort(sl.Partner.Day), "TheirTime": sl.Partner.At.String(), "Partner": s.partner.Name,
				"Fits": sl.Fits, "Total": sl.Total})
			s.slotList.Add(container.NewBorder(nil, nil, nil, use, wrapLabel(text)))
		}
		s.slotList.Refresh()
	})
}

// useSlot sets the cadence to a suggested slot.
func (s *scheduleScreen) useSlot(sl calendar.Slot) {
	if s.p.Role == mentoring.RoleAttendee {
		return
	}
	s.loading = true
	if s.unit.Selected == lang.L(unitMonthly) {
		s.monthDay.SetSelected(weekdayName(sl.Day))
	} else {
		for i, wd := range weekdaysMondayFirst {
			s.days[i].SetChecked(wd == sl.Day)
		}
	}
	s.at.SetText(sl.At.String())
	s.loading = false
	s.onCadenceChanged()
}

// drawStrip draws, for one day, 24 hours of the anchor zone and the
// matching local hours of each partner, in the style of world-clock
// planners: comfortable hours tinted, hours that suit both highlighted,
// and the chosen call marked.
func (s *scheduleScreen) drawStrip(c calendar.Cadence) {
	anchor := c.AnchorZone(s.me.Zone, s.partner.Zone)
	day := c.From
	if len(s.checks) > 0 {
		day = calendar.DateOf(s.checks[0].Start)
	}
	if day.IsZero() {
		day = calendar.DateOf(time.Now().In(anchor))
	}
	start, _ := calendar.WallTime(day, 0, anchor)
	th := fyne.CurrentApp().Settings().Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	comfy := withAlpha(th.Color(theme.ColorNameSuccess, v), 0x55)
	both := withAlpha(th.Color(theme.ColorNamePrimary, v), 0xcc)
	call := th.Color(theme.ColorNameWarning, v)
	off := withAlpha(th.Color(theme.ColorNameDisabled, v), 0x30)

	row := func(p calendar.Person) *fyne.Container {
		g := container.NewGridWithColumns(24)
		for h := 0; h < 24; h++ {
			t := start.Add(time.Duration(h) * time.Hour).In(p.Zone)
			fill := off
			if p.Hours.Fits(t, time.Hour) {
				fill = comfy
			}
			if s.me.Hours.Fits(t.In(s.me.Zone), time.Hour) && s.partner.Hours.Fits(t.In(s.partner.Zone), time.Hour) {
				fill = both
			}
			g.Add(hourCell(fmt.Sprintf("%d", t.Hour()), fill, th.Color(theme.ColorNameForeground, v)))
		}
		return g
	}
	marks := container.NewGridWithColumns(24)
	for h := 0; h < 24; h++ {
		fill := color.Color(color.Transparent)
		if c.At >= 0 && int(c.At)/60 <= h && h*60 < int(c.At)+max(c.Minutes, 1) {
			fill = call
		}
		r := canvas.NewRectangle(fill)
		r.SetMinSize(fyne.NewSize(4, 4))
		marks.Add(r)
	}
	name := func(p calendar.Person, zone string) fyne.CanvasObject {
		l := widget.NewLabel(p.Name + " · " + cityOf(zone))
		l.TextStyle.Bold = true
		return l
	}
	s.strip.Objects = []fyne.CanvasObject{
		lowLabel(lang.L("{{.Date}}, hours in each partner's own time",
			map[string]any{"Date": formatTime(start, lang.X("layout.longDate", "Monday 2 January 2006"))})),
		name(s.me, s.p.Me.Zone), row(s.me),
		name(s.partner, s.p.Partner.Zone), row(s.partner),
		marks,
	}
	s.strip.Refresh()
}

func hourCell(text string, fill, fg color.Color) fyne.CanvasObject {
	r := canvas.NewRectangle(fill)
	r.CornerRadius = 3
	t := canvas.NewText(text, fg)
	t.Alignment = fyne.TextAlignCenter
	t.TextSize = theme.CaptionTextSize()
	return container.NewStack(r, container.New(layout.NewCenterLayout(), t))
}

func withAlpha(c color.Color, a uint8) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), a}
}

// reminderChoices are the reminder options, in minutes (0: off).
var reminderChoices = []int{0, 5, 10, 15, 30, 60}

func reminderLabels() []string {
	out := make([]string, len(reminderChoices))
	for i, m := range reminderChoices {
		if m == 0 {
			out[i] = lang.L("no reminder")
		} else {
			out[i] = lang.N("{{.Count}} minutes before each session", m, map[string]any{"Count": m})
		}
	}
	return out
}

func (s *scheduleScreen) showRemind() {
	m := s.u.ReminderMinutes(s.p.ID)
	for i, c := range reminderChoices {
		if c == m {
			s.remind.SetSelectedIndex(i)
		}
	}
}

func (s *scheduleScreen) onRemindChanged() {
	if i := s.remind.SelectedIndex(); i >= 0 && s.p.ID != 0 {
		s.u.SetReminderMinutes(s.p.ID, reminderChoices[i])
	}
}
