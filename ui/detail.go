package ui

import (
	"fmt"
	"math"
	"net/url"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/mentoring"
)

// detailScreen shows one partnership: its overview and, in further tabs,
// the screens that act on it.
type detailScreen struct {
	u      *UI
	object fyne.CanvasObject
	p      mentoring.Partnership

	title    *widget.Label
	subtitle *widget.Label
	edit     *widget.Button
	del      *widget.Button
	tabs     *container.AppTabs
	pages    []fyne.CanvasObject // each tab's page, by tab index
	stack    *fyne.Container     // holds the pages
	stale    map[int]func()      // what a hidden page missed: see whenShown
	overview *fyne.Container
	schedule *scheduleScreen
	topics   *topicsScreen
	sessions *sessionsScreen
	invites  *invitesScreen
	// history is what was recorded about p, loaded off the UI goroutine
	// after p is shown; health and balance show it on the Overview.
	history mentoring.History
	health  *widget.Label
	balance *fyne.Container
	share   *shareCard
	// shared is set while the shown partnership's record is shared: the
	// partner's own fields (their reflection) are then theirs to write.
	shared bool

	// now is the clock used for "it is 14:05 there"; tests pin it.
	now func() time.Time
	// clocks are the Overview's "now" lines, which Tick keeps current.
	clocks []clockLine
}

func newDetailScreen(u *UI) *detailScreen {
	d := &detailScreen{u: u, now: time.Now, stale: map[int]func(){}}
	d.title = widget.NewLabel("")
	d.title.SizeName = theme.SizeNameHeadingText
	d.title.TextStyle.Bold = true
	d.title.Truncation = fyne.TextTruncateEllipsis
	d.subtitle = widget.NewLabel("")
	d.subtitle.Importance = widget.LowImportance
	d.edit = widget.NewButtonWithIcon(lang.L("Edit"), theme.DocumentCreateIcon(), u.editSelected)
	d.del = widget.NewButtonWithIcon(lang.L("Delete…"), theme.DeleteIcon(), u.deleteSelected)
	d.del.Importance = widget.DangerImportance
	d.overview = container.NewVBox()
	d.schedule = newScheduleScreen(u)
	d.topics = newTopicsScreen(u)
	d.sessions = newSessionsScreen(u)
	d.invites = newInvitesScreen(u)
	d.health = wrapLabel("")
	d.balance = container.NewVBox()
	d.share = newShareCard(u)
	// The tabs are only the bar: the pages sit in one container below it
	// and switching shows one and hides the others. With the pages as the tabs'
	// contents, Fyne's AppTabs refreshes every page's whole widget tree on
	// each switch (its applyTheme), which took 16 ms with a large
	// partnership; with empty contents it refreshes five spacers.
	d.pages = []fyne.CanvasObject{
		tabOverview: container.NewVScroll(container.NewPadded(d.overview)),
		tabSchedule: d.schedule.object,
		tabTopics:   d.topics.object,
		tabSessions: d.sessions.object,
		tabInvites:  d.invites.object,
	}
	for _, page := range d.pages[1:] {
		page.Hide()
	}
	d.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("Overview"), theme.InfoIcon(), layout.NewSpacer()),
		container.NewTabItemWithIcon(lang.L("Schedule"), theme.HistoryIcon(), layout.NewSpacer()),
		container.NewTabItemWithIcon(lang.L("Topics"), theme.ListIcon(), layout.NewSpacer()),
		container.NewTabItemWithIcon(lang.L("Sessions"), theme.DocumentCreateIcon(), layout.NewSpacer()),
		container.NewTabItemWithIcon(lang.L("Invites"), theme.MailSendIcon(), layout.NewSpacer()),
	)
	d.stack = container.New(shownPage{}, d.pages...)
	d.tabs.OnSelected = func(*container.TabItem) { d.showPage(d.tabs.SelectedIndex()) }
	header := container.NewBorder(nil, nil, nil, container.NewVBox(container.NewHBox(d.edit, d.del)),
		container.NewVBox(d.title, d.subtitle))
	d.object = container.NewBorder(container.NewPadded(header), nil, nil, nil, container.New(underTabs{}, d.tabs, d.stack))
	return d
}

// shownPage lays out the page shown (the visible one) over the whole
// area and leaves hidden pages alone: Fyne's stack layout would size them
// too, laying out the widgets of all five pages and filling their lists'
// rows when a partnership is first shown. showPage sizes a page when it is
// shown. The minimum size is every page's, as with AppTabs, so the
// window's minimum does not change from tab to tab.
type shownPage struct{}

func (shownPage) MinSize(o []fyne.CanvasObject) fyne.Size {
	var min fyne.Size
	for _, page := range o {
		min = min.Max(page.MinSize())
	}
	return min
}

func (shownPage) Layout(o []fyne.CanvasObject, size fyne.Size) {
	for _, page := range o {
		if page.Visible() {
			page.Move(fyne.NewPos(0, 0))
			page.Resize(size)
		}
	}
}

// underTabs lays out the tab bar (the first object) at its minimum height,
// which includes the gap AppTabs leaves above its content, and the pages
// (the second) below it, where AppTabs would have put them.
type underTabs struct{}

func (underTabs) MinSize(o []fyne.CanvasObject) fyne.Size {
	bar, page := o[0].MinSize(), o[1].MinSize()
	return fyne.NewSize(max(bar.Width, page.Width), bar.Height+page.Height)
}

func (underTabs) Layout(o []fyne.CanvasObject, size fyne.Size) {
	h := o[0].MinSize().Height
	o[0].Move(fyne.NewPos(0, 0))
	o[0].Resize(fyne.NewSize(size.Width, h))
	o[1].Move(fyne.NewPos(0, h))
	o[1].Resize(fyne.NewSize(size.Width, size.Height-h))
}

// showPage shows tab i's page and hides the others.
func (d *detailScreen) showPage(i int) {
	for j, page := range d.pages {
		if j != i {
			page.Hide()
		}
	}
	d.pages[i].Show()
	d.pages[i].Move(fyne.NewPos(0, 0))
	d.pages[i].Resize(d.stack.Size())
	if update := d.stale[i]; update != nil {
		delete(d.stale, i)
		update()
	}
	// While hidden, the page's parts may have been shown or hidden (an
	// empty-list hint, an editor) with no layout run for them: refreshing
	// the page lays it out again, as AppTabs did for all five.
	d.pages[i].Refresh()
}

// whenShown runs update, which fills tab i's page, now if the page is shown
// and otherwise when it is next shown, replacing any update it missed
// before. A page that was shown once keeps its size when hidden, so filling
// its lists' rows for nobody to see would cost as much as for the user:
// 7 ms for the Topics and Sessions lists of a large partnership.
func (d *detailScreen) whenShown(i int, update func()) {
	if d.pages[i].Visible() {
		delete(d.stale, i)
		update()
		return
	}
	d.stale[i] = update
}

// shownTab is the index of the tab shown.
func (d *detailScreen) shownTab() int { return d.tabs.SelectedIndex() }

// set shows partnership p.
func (d *detailScreen) set(p mentoring.Partnership) {
	d.p = p
	d.title.SetText(p.Title)
	d.subtitle.SetText(p.Me.Name + " ⇄ " + p.Partner.Name)
	d.overview.Objects = d.overviewContent(p)
	d.overview.Refresh()
	d.schedule.set(p)
	d.invites.set(p)
	d.reloadHistory()
}

// reloadHistory loads the shown partnership's topics, sessions and action
// items off the UI goroutine and hands them to the screens that show them.
func (d *detailScreen) reloadHistory() {
	id := d.p.ID
	if d.history.Partnership.ID == id {
		d.u.syncSoon() // a change to the shown record: let the partner have it
	}
	var h mentoring.History
	var err error
	d.u.Run(func() { h, err = d.u.db().History(d.u.ctx, id) }, func() {
		if d.p.ID != id {
			return // the user moved on to another partnership
		}
		if err != nil {
			d.u.showError(lang.L("Could not load the session log"), err)
			return
		}
		d.fillHistory(h)
	})
}

// fillHistory shows a loaded history on the Overview, and on the Topics and
// Sessions tabs now if shown, or else when next shown.
func (d *detailScreen) fillHistory(h mentoring.History) {
	d.history = h
	d.showHistory(h)
	p := d.p
	d.whenShown(tabTopics, func() { d.topics.set(p, h.Topics) })
	d.whenShown(tabSessions, func() { d.sessions.set(h) })
}

// showHistory fills the Overview's cadence-health and balance cards.
func (d *detailScreen) showHistory(h mentoring.History) {
	health := h.Health(d.now())
	d.health.SetText(healthText(health, mentoring.ZoneOrUTC(h.Partnership.Me.Zone)))
	d.health.Importance = widget.MediumImportance
	if health.Warning {
		d.health.Importance = widget.WarningImportance
	}
	d.health.Refresh()
	d.balance.Objects = balanceContent(h)
	d.balance.Refresh()
}

// balanceContent shows how much each partner led: a bar of the user's
// share of the time led, the counts, and the hint.
func balanceContent(h mentoring.History) []fyne.CanvasObject {
	p := h.Partnership
	r := h.Reciprocity()
	me, partner := mentoring.FirstName(p.Me.Name), mentoring.FirstName(p.Partner.Name)
	hint := wrapLabel(hintText(p, r))
	if r.OneWay {
		hint.Importance = widget.WarningImportance
	}
	if math.IsNaN(r.MeShare) {
		return []fyne.CanvasObject{hint}
	}
	// The shares go in a label above the bar: text drawn inside a bar
	// crosses both its colours, and no one colour reads well on both.
	shares := widget.NewLabel(fmt.Sprintf("%s %.0f%% · %s %.0f%%", me, 100*r.MeShare, partner, 100*(1-r.MeShare)))
	bar := widget.NewProgressBar()
	bar.TextFormatter = func() string { return "" }
	bar.SetValue(r.MeShare)
	led := func(name string, minutes float64, sessions int) string {
		return lang.N("{{.Name}} led {{.Minutes}} min in {{.Count}} sessions", sessions,
			map[string]any{"Name": name, "Minutes": fmt.Sprintf("%.0f", minutes), "Count": sessions})
	}
	counts := widget.NewLabel(led(me, r.MeMinutes, r.MeSessions) + "; " + led(partner, r.PartnerMinutes, r.PartnerSessions) + ". " +
		lang.L("Topics taught (done): {{.Me}} {{.MeTopics}} ({{.MeDone}}), {{.Partner}} {{.PartnerTopics}} ({{.PartnerDone}}).",
			map[string]any{"Me": me, "Partner": partner,
				"MeTopics": r.MeTopics, "MeDone": r.MeDone, "PartnerTopics": r.PartnerTopics, "PartnerDone": r.PartnerDone}))
	counts.Wrapping = fyne.TextWrapWord
	return []fyne.CanvasObject{shares, bar, counts, hint}
}

func (d *detailScreen) overviewContent(p mentoring.Partnership) []fyne.CanvasObject {
	d.clocks = nil
	var out []fyne.CanvasObject
	if hint := reciprocityHint(p); hint != "" {
		l := widget.NewLabelWithStyle(hint, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
		l.Wrapping = fyne.TextWrapWord
		l.Importance = widget.WarningImportance
		out = append(out, l)
	}
	out = append(out, container.NewGridWithColumns(2,
		widget.NewCard(lang.L("Cadence"), "", d.health),
		newCard(lang.L("Two-way balance"), lang.L("Who led the sessions held"), d.balance)))
	out = append(out, container.NewGridWithColumns(2,
		d.personCard(lang.L("Me"), p.Me, p.Partner),
		d.personCard(lang.L("Partner"), p.Partner, p.Me),
	))
	rules := container.NewVBox()
	// The usual rules in the user's language; the pair's own as written.
	agreed := []string{}
	for _, r := range p.Rules.Usual() {
		agreed = append(agreed, ruleLabel(r))
	}
	for _, r := range append(agreed, p.Rules.Custom...) {
		rules.Add(container.NewHBox(widget.NewIcon(theme.ConfirmIcon()), wrapLabel(r)))
	}
	if len(rules.Objects) == 0 {
		rules.Add(lowLabel(lang.L("No ground rules agreed yet. Most pairs agree on confidentiality, tone and respecting each other's time.")))
	}
	out = append(out, widget.NewCard(lang.L("Ground rules"), "", rules))
	out = append(out, widget.NewCard(lang.L("Programme"), "", d.programme(p)))
	d.share.set(p)
	out = append(out, d.share.card)
	return out
}

// clockLine is a person's "Berlin · now Sat 13:00 (UTC+01)".
type clockLine struct {
	label *widget.Label
	city  string
	loc   *time.Location
}

func (c clockLine) show(now time.Time) {
	now = now.In(c.loc)
	c.label.SetText(lang.L("{{.City}} · now {{.Time}} ({{.Offset}})", map[string]any{"City": c.city,
		"Time": formatTime(now, lang.X("layout.weekdayClock", "Mon 15:04")), "Offset": utcOffset(now)}))
}

// Tick brings the Overview's clocks to the current minute. The app calls
// it every minute on the UI goroutine, so "now" never goes stale while
// the window stays open.
func (u *UI) Tick() {
	now := u.detail.now()
	for _, c := range u.detail.clocks {
		c.show(now)
	}
	u.CheckReminders(time.Now())
}

// personCard shows one person, with their comfortable hours also translated
// into the other person's clock: the first thing a cross-zone pair asks.
func (d *detailScreen) personCard(label string, p, other mentoring.Person) fyne.CanvasObject {
	box := container.NewVBox()
	box.Add(widget.NewLabelWithStyle(p.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	box.Add(lowLabel(p.Email))
	if loc, err := calendar.LoadZone(p.Zone); err == nil {
		now := d.now().In(loc)
		c := clockLine{label: wrapLabel(""), city: cityOf(p.Zone), loc: loc}
		c.show(now)
		d.clocks = append(d.clocks, c)
		box.Add(c.label)
		hours := lang.L("Comfortable for calls {{.Hours}}", map[string]any{"Hours": p.Hours.String()})
		if oloc, err := calendar.LoadZone(other.Zone); err == nil && other.Zone != p.Zone {
			hours = lang.L("Comfortable for calls {{.Hours}} ({{.There}} for {{.Name}})", map[string]any{"Hours": p.Hours.String(),
				"There": windowIn(p.Hours, loc, oloc, now), "Name": mentoring.FirstName(other.Name)})
		}
		box.Add(wrapLabel(hours))
	}
	box.Add(listBlock(lang.L("Offers to teach"), p.Offers))
	box.Add(listBlock(lang.L("Wants to learn"), p.Wants))
	return widget.NewCard(label, "", box)
}

func (d *detailScreen) programme(p mentoring.Partnership) fyne.CanvasObject {
	box := container.NewVBox()
	switch {
	case p.From.IsZero() && p.Until.IsZero():
		box.Add(lowLabel(lang.L("No start or end date set.")))
	default:
		box.Add(wrapLabel(programmeSpan(p.From, p.Until)))
	}
	if p.Link == "" {
		box.Add(lowLabel(lang.L("No video-call link yet: edit the partnership to add one or create a Jitsi room.")))
		return box
	}
	u, err := url.Parse(p.Link)
	if err != nil {
		box.Add(wrapLabel(p.Link))
		return box
	}
	link := widget.NewHyperlink(p.Link, u)
	link.Truncation = fyne.TextTruncateEllipsis
	cp := widget.NewButtonWithIcon("", theme.ContentCopyIcon(), func() {
		d.u.app.Clipboard().SetContent(p.Link)
	})
	box.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.MediaVideoIcon()), cp, link))
	return box
}

// programmeSpan says when the programme runs, in words.
func programmeSpan(from, until calendar.Date) string {
	layout := lang.X("layout.date", "2 Jan 2006")
	f := func(d calendar.Date) string {
		return formatTime(time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC), layout)
	}
	switch {
	case until.IsZero():
		return lang.L("From {{.Date}}, open-ended", map[string]any{"Date": f(from)})
	case from.IsZero():
		return lang.L("Until {{.Date}}", map[string]any{"Date": f(until)})
	}
	days := time.Date(until.Year, until.Month, until.Day, 0, 0, 0, 0, time.UTC).
		Sub(time.Date(from.Year, from.Month, from.Day, 0, 0, 0, 0, time.UTC)).Hours()/24 + 1
	weeks := int(days+6) / 7
	return lang.N("{{.From}} – {{.Until}} ({{.Count}} weeks)", weeks, map[string]any{"From": f(from), "Until": f(until), "Count": weeks})
}

// windowIn expresses w, read in from's zone on the day of ref, in to's zone.
func windowIn(w calendar.Window, from, to *time.Location, ref time.Time) string {
	day := calendar.DateOf(ref.In(from))
	start := day.At(w.Start, from).In(to)
	end := start.Add(w.Length())
	return calendar.ClockOf(start).String() + "-" + calendar.ClockOf(end).String()
}

func utcOffset(t time.Time) string {
	_, off := t.Zone()
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	s := fmt.Sprintf("UTC%s%02d", sign, off/3600)
	if m := off % 3600 / 60; m != 0 {
		s += fmt.Sprintf(":%02d", m)
	}
	return s
}

// reciprocityHint nudges a pair whose exchange is one-way from the start.
func reciprocityHint(p mentoring.Partnership) string {
	name := mentoring.FirstName(p.Partner.Name)
	switch me, partner := len(p.Me.Offers) == 0, len(p.Partner.Offers) == 0; {
	case me && partner:
		return lang.L("Reciprocal mentoring works best when both of you teach and learn. "+
			"Add what you offer to teach and what {{.Name}} offers to teach.", map[string]any{"Name": name})
	case me:
		return lang.L("Reciprocal mentoring works best when both of you teach and learn. Add what you offer to teach.")
	case partner:
		return lang.L("Reciprocal mentoring works best when both of you teach and learn. Add what {{.Name}} offers to teach.", map[string]any{"Name": name})
	}
	return ""
}

func listBlock(title string, items []string) fyne.CanvasObject {
	box := container.NewVBox(widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	if len(items) == 0 {
		box.Add(lowLabel(lang.L("Nothing listed yet")))
	}
	for _, it := range items {
		box.Add(wrapLabel("• " + it))
	}
	return box
}

func wrapLabel(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

func lowLabel(s string) *widget.Label {
	l := wrapLabel(s)
	l.Importance = widget.LowImportance
	return l
}

// newCard is a card whose subtitle wraps: Fyne's card draws its subtitle
// on one line, which set the window's minimum width (too wide for 1024
// pixels in German), so the subtitle is a wrapping label atop the content.
func newCard(title, subtitle string, content fyne.CanvasObject) *widget.Card {
	if subtitle == "" {
		return widget.NewCard(title, "", content)
	}
	return widget.NewCard(title, "", container.NewVBox(lowLabel(subtitle), content))
}

// buttonRow lays buttons out in a row that wraps onto the next line when
// the pane is narrow (long German labels), instead of widening the window.
func buttonRow(buttons ...fyne.CanvasObject) *fyne.Container {
	return container.New(layout.NewRowWrapLayout(), buttons...)
}
