package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twoway-app/twoway/internal/mentoring"
)

// weekDays is how far the This week view looks ahead.
const weekDays = 7

// weekScreen is This week: the coming sessions across all partnerships in
// both local times, and what needs the user, each with the way to act.
type weekScreen struct {
	u        *UI
	object   fyne.CanvasObject
	sessions *fyne.Container
	todos    *fyne.Container
	week     mentoring.Week
}

func newWeekScreen(u *UI) *weekScreen {
	s := &weekScreen{u: u, sessions: container.NewVBox(), todos: container.NewVBox()}
	title := widget.NewLabel(lang.L("This week"))
	title.SizeName = theme.SizeNameHeadingText
	title.TextStyle.Bold = true
	s.object = container.NewVScroll(container.NewPadded(container.NewVBox(title,
		newCard(lang.L("Coming sessions"), lang.L("The next seven days, in your time and your partner's"), s.sessions),
		widget.NewCard(lang.L("Needs you"), "", s.todos))))
	return s
}

// showWeek shows This week (View › This Week, the sidebar's button).
func (u *UI) showWeek() {
	u.leaveThen(func() {
		u.sidebar.list.UnselectAll()
		u.selected = 0
		u.show(u.week.object)
		u.week.refresh()
	}, nil)
}

func (s *weekScreen) refresh() {
	var w mentoring.Week
	var err error
	s.u.Run(func() { w, err = s.u.deliver().Week(s.u.ctx, s.u.db(), weekDays) }, func() {
		if err != nil {
			s.u.showError(lang.L("Could not load the week"), err)
			return
		}
		s.week = w
		s.fill()
	})
}

func (s *weekScreen) fill() {
	s.sessions.Objects = nil
	for _, c := range s.week.Sessions {
		c := c
		when := lang.L("{{.MyTime}} · {{.TheirTime}} for {{.Name}}", map[string]any{
			"MyTime":    formatTime(c.Start.In(mentoring.ZoneOrUTC(c.MyZone)), lang.X("layout.weekdayDateClock", "Mon 2 Jan 2006 15:04")),
			"TheirTime": c.Start.In(mentoring.ZoneOrUTC(c.PartnerZone)).Format("15:04"), "Name": c.Partner})
		head := widget.NewLabelWithStyle(when, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		facts := c.Title
		if c.Moved {
			facts += " · " + lang.L("moved")
		}
		if c.AgendaSet {
			facts += " · " + lang.L("agenda set")
		} else {
			facts += " · " + lang.L("no agenda yet")
		}
		v := map[string]any{"Name": c.Partner}
		switch c.Answer {
		case "ACCEPTED":
			facts += " · " + lang.L("{{.Name}} accepted.", v)
		case "DECLINED":
			facts += " · " + lang.L("{{.Name}} declined.", v)
		case "TENTATIVE":
			facts += " · " + lang.L("{{.Name}} tentatively accepted.", v)
		}
		open := widget.NewButton(lang.L("Open"), func() { s.u.reload(c.PartnershipID) })
		row := container.NewHBox(open)
		if c.Link != "" {
			join := widget.NewButtonWithIcon(lang.L("Join call"), theme.MediaVideoIcon(), func() { s.u.openLink(c.Link) })
			row.Add(join)
		}
		s.sessions.Add(container.NewVBox(head, wrapLabel(facts), row))
	}
	if len(s.sessions.Objects) == 0 {
		s.sessions.Add(lowLabel(lang.L("No sessions in the next seven days.")))
	}
	s.todos.Objects = nil
	for _, td := range s.week.Todos {
		td := td
		l := wrapLabel(todoLabel(td))
		if td.Kind == mentoring.TodoNoAnswer || td.Kind == mentoring.TodoUnlogged {
			l.Importance = widget.WarningImportance
		}
		tab := tabOverview
		switch td.Kind {
		case mentoring.TodoCounter, mentoring.TodoNoAnswer:
			tab = tabInvites
		case mentoring.TodoLog, mentoring.TodoUnlogged, mentoring.TodoAction:
			tab = tabSessions
		}
		act := widget.NewButton(todoAction(td), func() { s.u.openAt(td.PartnershipID, tab) })
		s.todos.Add(container.NewBorder(nil, nil, nil, act, l))
	}
	if len(s.todos.Objects) == 0 {
		s.todos.Add(lowLabel(lang.L("Nothing needs you.")))
	}
	s.sessions.Refresh()
	s.todos.Refresh()
}

func todoLabel(td mentoring.Todo) string {
	v := map[string]any{"Name": td.Partner, "Title": td.Title, "Text": td.Text, "Count": td.Count,
		"Date": formatTime(td.When, lang.X("layout.weekdayDay", "Mon 2 Jan"))}
	switch td.Kind {
	case mentoring.TodoCounter:
		return lang.L("{{.Name}} proposed a new time ({{.Title}}).", v)
	case mentoring.TodoLog:
		return lang.L("How did the session of {{.Date}} with {{.Name}} go? It is not logged yet.", v)
	case mentoring.TodoAction:
		return lang.L("“{{.Text}}” is due {{.Date}} ({{.Title}}).", v)
	case mentoring.TodoNoAnswer:
		return lang.L("{{.Name}} has not answered the invite sent {{.Date}}: ask them, or send it again.", v)
	case mentoring.TodoUnlogged:
		return lang.N("{{.Count}} sessions with {{.Name}} in a row are not logged, since {{.Date}}.", td.Count, v)
	}
	return td.Title
}

func todoAction(td mentoring.Todo) string {
	switch td.Kind {
	case mentoring.TodoCounter:
		return lang.L("Answer…")
	case mentoring.TodoLog, mentoring.TodoUnlogged:
		return lang.L("Log it…")
	case mentoring.TodoNoAnswer:
		return lang.L("Invite…")
	}
	return lang.L("Open")
}
