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
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/storage"
)

// scheduleScreen edits a partnership's recurring cadence and shows, live,
// every session in both partners' local times with warnings, a world-clock
// strip of both partners' hours, and the weekly slots that suit both.
type scheduleScreen struct {
	u      *UI
	object fyne.CanvasObject

	p           storage.Partnership
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
	from     *widget.DateEntry
	endMode  *widget.RadioGroup
	count    *widget.Entry
	until    *widget.DateEntry
	anchor   *widget.RadioGroup
	save     *widget.Button

	everyUnit       *widget.Label
	weekly, monthly *fyne.Container
	anchorNote      *widget.Label
	problem         *widget.Label // why the cadence cannot happen
	summary         *widget.Label
	drift           *widget.Label
	sessions        *widget.List
	strip           *fyne.Container
	slotList        *fyne.Container
	saved           *widget.Label
}

var (
	weekdaysMondayFirst = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
	nthLabels           = []string{"1st", "2nd", "3rd", "4th", "5th", "last"}
	durationLabels      = []string{"30 min", "45 min", "60 min", "75 min", "90 min", "120 min"}
)

const (
	endAtProgramme = "At the programme's end"
	endAfterCount  = "After a number of sessions"
	endOnDate      = "On a date"
)

func newScheduleScreen(u *UI) *scheduleScreen {
	s := &scheduleScreen{u: u}
	changed := func() { s.onCadenceChanged() }
	s.unit = widget.NewRadioGroup([]string{"Weekly", "Monthly"}, func(string) { s.showUnit(); changed() })
	s.unit.Horizontal = true
	var everyOpts []string
	for i := 1; i <= 12; i++ {
		everyOpts = append(everyOpts, strconv.Itoa(i))
	}
	s.every = widget.NewSelect(everyOpts, func(string) { s.showUnit(); changed() })
	s.everyUnit = widget.NewLabel("week")
	dayRow := container.NewGridWithColumns(4)
	for i, wd := range weekdaysMondayFirst {
		s.days[i] = widget.NewCheck(wd.String()[:3], func(bool) { changed() })
		dayRow.Add(s.days[i])
	}
	var dayNames []string
	for _, wd := range weekdaysMondayFirst {
		dayNames = append(dayNames, wd.String())
	}
	s.nth = widget.NewSelect(nthLabels, func(string) { changed() })
	s.monthDay = widget.NewSelect(dayNames, func(string) { changed() })
	s.weekly = container.NewVBox(dayRow)
	s.monthly = container.NewHBox(widget.NewLabel("on the"), s.nth, s.monthDay)
	s.at = widget.NewEntry()
	s.at.SetPlaceHolder("17:00")
	s.at.OnChanged = func(string) { changed() }
	s.minutes = widget.NewSelect(durationLabels, func(string) { changed() })
	s.from = widget.NewDateEntry()
	s.from.OnChanged = func(*time.Time) { changed() }
	s.count = widget.NewEntry()
	s.count.SetPlaceHolder("12")
	s.count.OnChanged = func(string) { changed() }
	s.until = widget.NewDateEntry()
	s.until.OnChanged = func(*time.Time) { changed() }
	s.endMode = widget.NewRadioGroup([]string{endAtProgramme, endAfterCount, endOnDate}, func(string) { changed() })
	s.anchor = widget.NewRadioGroup(nil, func(string) { changed() })
	s.save = widget.NewButtonWithIcon("Save schedule", theme.DocumentSaveIcon(), s.onSave)
	s.save.Importance = widget.HighImportance
	s.saved = lowLabel("")

	s.anchorNote = wrapLabel("")
	s.problem = wrapLabel("")
	s.problem.Importance = widget.DangerImportance
	s.summary = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.summary.Wrapping = fyne.TextWrapWord
	s.drift = wrapLabel("")
	s.drift.Importance = widget.WarningImportance
	s.sessions = widget.NewList(func() int { return len(s.checks) }, newSessionRow, s.updateSessionRow)
	s.strip = container.NewVBox()
	s.slotList = container.NewVBox()

	form := widget.NewForm(
		widget.NewFormItem("Repeat", s.unit),
		widget.NewFormItem("Every", container.NewHBox(s.every, s.everyUnit)),
		widget.NewFormItem("On", container.NewStack(s.weekly, s.monthly)),
		widget.NewFormItem("At", container.NewBorder(nil, nil, nil, s.minutes, s.at)),
		widget.NewFormItem("First session", s.from),
		widget.NewFormItem("Ends", container.NewVBox(s.endMode, container.NewGridWithColumns(2, s.count, s.until))),
		widget.NewFormItem("Keep fixed", container.NewVBox(s.anchor, s.anchorNote)),
	)
	editor := widget.NewCard("Cadence", "", container.NewVBox(form, s.problem,
		container.NewHBox(s.save, s.saved)))
	finder := widget.NewCard("Times that suit you both", "Each partner's day in their own local time; highlighted hours suit both.",
		container.NewVBox(s.strip, s.slotList))
	left := container.NewVScroll(container.NewVBox(editor, finder))
	right := container.NewBorder(container.NewVBox(s.summary, s.drift), nil, nil, nil, s.sessions)
	split := container.NewHSplit(left, right)
	split.Offset = 0.5
	s.object = split
	return s
}

// set shows partnership p's schedule, or a suggestion when it has none.
func (s *scheduleScreen) set(p storage.Partnership) {
	s.p = p
	var err error
	s.me, s.partner, err = p.People()
	if err != nil {
		s.problem.SetText(sentence(err.Error()))
		return
	}
	s.anchor.Options = []string{
		fmt.Sprintf("%s's clock (%s)", s.me.Name, cityOf(p.Me.Zone)),
		fmt.Sprintf("%s's clock (%s)", s.partner.Name, cityOf(p.Partner.Zone)),
		"UTC",
	}
	s.saved.SetText("")
	var c calendar.Cadence
	var getErr error
	s.u.Run(func() {
		c, getErr = s.u.store.GetSchedule(s.u.ctx, p.ID)
	}, func() {
		if errors.Is(getErr, storage.ErrNotFound) {
			c = s.suggestion()
			s.saved.SetText("Not saved yet: this is a suggestion.")
		} else if getErr != nil {
			s.u.showError("Could not load the schedule", getErr)
			return
		}
		s.fill(c)
	})
}

// suggestion is the cadence offered to a partnership without one: weekly
// for the programme, at the slot that suits both best.
func (s *scheduleScreen) suggestion() calendar.Cadence {
	c := calendar.Cadence{Unit: calendar.Weekly, Interval: 1, Minutes: 60, Anchor: calendar.AnchorMe,
		From: s.p.From, Until: s.p.Until}
	if c.From.IsZero() {
		c.From = calendar.DateOf(time.Now())
	}
	if c.Until.IsZero() {
		c.Count = 12
	}
	c.Days = []time.Weekday{c.From.Weekday()}
	c.At = 17 * 60
	if slots, err := calendar.FindSlots(s.me, s.partner, c, 1); err == nil && len(slots) > 0 {
		c.Days, c.At = []time.Weekday{slots[0].Day}, slots[0].At
	}
	return c
}

// fill sets the widgets from c without saving.
func (s *scheduleScreen) fill(c calendar.Cadence) {
	s.loading = true
	if c.Unit == calendar.Monthly {
		s.unit.SetSelected("Monthly")
	} else {
		s.unit.SetSelected("Weekly")
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
		s.monthDay.SetSelected(c.Days[0].String())
	}
	switch {
	case c.Nth == calendar.LastOfMonth:
		s.nth.SetSelected("last")
	case c.Nth >= 1 && c.Nth <= 5:
		s.nth.SetSelected(nthLabels[c.Nth-1])
	default:
		s.nth.SetSelected("1st")
	}
	s.at.SetText(c.At.String())
	s.minutes.SetSelected(fmt.Sprintf("%d min", c.Minutes))
	if s.minutes.Selected == "" {
		s.minutes.Options = append(s.minutes.Options, fmt.Sprintf("%d min", c.Minutes))
		s.minutes.SetSelected(fmt.Sprintf("%d min", c.Minutes))
	}
	s.from.SetDate(dateTime(c.From))
	s.count.SetText("")
	s.until.SetDate(nil)
	switch {
	case c.Count > 0:
		s.endMode.SetSelected(endAfterCount)
		s.count.SetText(strconv.Itoa(c.Count))
	case c.Until == s.p.Until:
		s.endMode.SetSelected(endAtProgramme)
	default:
		s.endMode.SetSelected(endOnDate)
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
	unit := "week"
	if s.unit.Selected == "Monthly" {
		unit = "month"
	}
	if s.every.Selected != "1" {
		unit += "s"
	}
	s.everyUnit.SetText(unit)
	if s.unit.Selected == "Monthly" {
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
	if s.unit.Selected == "Monthly" {
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
		for i, l := range nthLabels {
			if s.nth.Selected == l {
				c.Nth = i + 1
			}
		}
		if s.nth.Selected == "last" {
			c.Nth = calendar.LastOfMonth
		}
		for _, wd := range weekdaysMondayFirst {
			if s.monthDay.Selected == wd.String() {
				c.Days = []time.Weekday{wd}
			}
		}
	}
	at, err := calendar.ParseClock(s.at.Text)
	if err != nil {
		return c, sentence(err.Error())
	}
	c.At = at
	c.Minutes, _ = strconv.Atoi(strings.TrimSuffix(s.minutes.Selected, " min"))
	var msg string
	if c.From, msg = readDate(s.from); msg != "" {
		return c, "First session: " + msg
	}
	switch s.endMode.Selected {
	case endAfterCount:
		n, err := strconv.Atoi(strings.TrimSpace(s.count.Text))
		if err != nil || n <= 0 {
			return c, fmt.Sprintf("Number of sessions: %q is not a positive number", s.count.Text)
		}
		c.Count = n
	case endOnDate:
		if c.Until, msg = readDate(s.until); msg != "" {
			return c, "End date: " + msg
		}
	default:
		c.Until = s.p.Until
		if c.Until.IsZero() {
			return c, "The programme has no end date: choose a number of sessions or an end date."
		}
	}
	switch s.anchor.Selected {
	case s.anchor.Options[1]:
		c.Anchor = calendar.AnchorPartner
	case s.anchor.Options[2]:
		c.Anchor = calendar.AnchorUTC
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
	if msg == "" {
		var err error
		if s.checks, err = calendar.Plan(c, s.me, s.partner); err != nil {
			msg = sentence(err.Error())
		}
	}
	if msg != "" {
		s.checks = nil
		s.problem.SetText(msg)
		s.problem.Show()
		s.summary.SetText("")
		s.drift.SetText("")
		s.save.Disable()
	} else {
		s.problem.Hide()
		s.summary.SetText(sentence(calendar.Summary(s.checks, s.me, s.partner)))
		s.drift.SetText(calendar.DriftSummary(s.checks, s.me, s.partner))
		s.save.Enable()
	}
	s.sessions.Refresh()
	s.refreshFinder(c)
}

// anchorConsequence explains whose clock moves when DST changes.
func (s *scheduleScreen) anchorConsequence() string {
	switch s.anchor.Selected {
	case s.anchor.Options[1]:
		return fmt.Sprintf("The call stays at the same time on %s's clock; %s's time moves when only one of you changes to or from summer time.", s.partner.Name, s.me.Name)
	case s.anchor.Options[2]:
		return "The call stays at the same UTC time: both of you see it move by an hour when your own clocks change."
	}
	return fmt.Sprintf("The call stays at the same time on %s's clock; %s's time moves when only one of you changes to or from summer time.", s.me.Name, s.partner.Name)
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
		err = s.u.store.SetSchedule(s.u.ctx, id, c)
	}, func() {
		s.save.Enable()
		if err != nil {
			s.u.showError("Could not save the schedule", err)
			return
		}
		s.saved.SetText("Saved.")
		s.u.detail.invites.refresh()
	})
}

func newSessionRow() fyne.CanvasObject {
	date := widget.NewLabelWithStyle("Mon 29 Mar 2027", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	times := widget.NewLabel("17:00-18:00 Ana · 11:00-12:00 Ben")
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
	box.Objects[0].(*widget.Label).SetText(fmt.Sprintf("%d. %s", i+1, ch.Me.Start.Format("Mon 2 Jan 2006")))
	box.Objects[1].(*widget.Label).SetText(fmt.Sprintf("%s %s · %s %s",
		span(ch.Me), s.me.Name, span(ch.Partner), s.partner.Name))
	warn := box.Objects[2].(*widget.Label)
	var notes []string
	if !ch.Me.Fits {
		notes = append(notes, "⚠ outside "+s.me.Name+"'s hours")
	}
	if !ch.Partner.Fits {
		notes = append(notes, "⚠ outside "+s.partner.Name+"'s hours")
	}
	if ch.Me.Shift != 0 {
		notes = append(notes, fmt.Sprintf("%s's time moves %s", s.me.Name, shiftText(ch.Me.Shift)))
	}
	if ch.Partner.Shift != 0 {
		notes = append(notes, fmt.Sprintf("%s's time moves %s", s.partner.Name, shiftText(ch.Partner.Shift)))
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
		end += " next day"
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
			s.slotList.Add(lowLabel("No weekly time suits both of you: widen someone's comfortable hours or shorten the call."))
		}
		for _, sl := range slots {
			sl := sl
			use := widget.NewButton("Use", func() { s.useSlot(sl) })
			text := fmt.Sprintf("%s %s for %s · %s %s for %s · suits both for %d of %d sessions",
				sl.Me.Day.String()[:3], sl.Me.At, s.me.Name, sl.Partner.Day.String()[:3], sl.Partner.At, s.partner.Name, sl.Fits, sl.Total)
			s.slotList.Add(container.NewBorder(nil, nil, nil, use, wrapLabel(text)))
		}
		s.slotList.Refresh()
	})
}

// useSlot sets the cadence to a suggested slot.
func (s *scheduleScreen) useSlot(sl calendar.Slot) {
	s.loading = true
	if s.unit.Selected == "Monthly" {
		s.monthDay.SetSelected(sl.Day.String())
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
		lowLabel(start.Format("Monday 2 January 2006") + ", hours in each partner's own time"),
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
