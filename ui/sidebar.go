package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/twoway-app/twoway/internal/mentoring"
)

// sidebar lists the partnerships, filtered by a search box.
type sidebar struct {
	u      *UI
	object fyne.CanvasObject
	search *widget.Entry
	list   *widget.List
	newBtn *widget.Button
	// weekBtn opens This week, across all partnerships.
	weekBtn *widget.Button
	// poolsBtn opens Pools: matching a programme's people into pairs.
	poolsBtn *widget.Button
	none     *widget.Label // says that a search matched nothing

	all   []mentoring.Summary
	shown []mentoring.Summary // all, filtered by the search text
	hay   []string            // what each of all is searched in
	// because holds, per shown partnership, the topic that made it match.
	because map[int64]string
}

func newSidebar(u *UI) *sidebar {
	s := &sidebar{u: u}
	s.search = newLineEntry()
	s.search.SetPlaceHolder(lang.L("Search people, titles, topics"))
	s.search.OnChanged = s.onSearchChanged
	s.newBtn = widget.NewButtonWithIcon(lang.L("New partnership"), theme.ContentAddIcon(), u.newPartnership)
	s.newBtn.Importance = widget.HighImportance
	s.weekBtn = widget.NewButtonWithIcon(lang.L("This week"), theme.HistoryIcon(), u.showWeek)
	s.poolsBtn = widget.NewButtonWithIcon(lang.L("Pools"), theme.AccountIcon(), u.showPools)
	s.list = widget.NewList(
		func() int { return len(s.shown) },
		func() fyne.CanvasObject {
			title := widget.NewLabel("Partnership title")
			title.TextStyle.Bold = true
			title.Truncation = fyne.TextTruncateEllipsis
			sub := widget.NewLabel("with partner")
			sub.Truncation = fyne.TextTruncateEllipsis
			sub.Importance = widget.LowImportance
			return container.NewVBox(title, sub)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			p := s.shown[i]
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(p.Title)
			sub := lang.L("with {{.Partner}} · {{.City}}", map[string]any{"Partner": p.PartnerName, "City": cityOf(p.PartnerZone)})
			if t := s.because[p.ID]; t != "" {
				sub = lang.L("Topic: {{.Topic}}", map[string]any{"Topic": t})
			}
			box.Objects[1].(*widget.Label).SetText(sub)
		},
	)
	s.list.OnSelected = func(i widget.ListItemID) {
		if i >= len(s.shown) || s.shown[i].ID == u.selected {
			return
		}
		id := s.shown[i].ID
		u.leaveThen(func() { u.open(id) }, s.reselect)
	}
	s.none = wrapLabel("")
	s.none.Hide()
	s.object = container.NewBorder(container.NewVBox(s.newBtn, container.NewGridWithColumns(2, s.weekBtn, s.poolsBtn), s.search, s.none), nil, nil, nil, s.list)
	return s
}

// reselect puts the selection back on the partnership shown, when the user
// chose to stay with unsaved changes.
func (s *sidebar) reselect() {
	for i, p := range s.shown {
		if p.ID == s.u.selected {
			s.list.Select(i)
			return
		}
	}
	s.list.UnselectAll()
}

// setItems replaces the partnerships listed.
func (s *sidebar) setItems(list []mentoring.Summary) {
	s.all = list
	// The folded text each partnership is searched in, built once per
	// load rather than on every keystroke.
	s.hay = make([]string, len(list))
	for i, p := range list {
		s.hay[i] = fold(p.Title + " " + p.MeName + " " + p.PartnerName + " " + p.PartnerZone + "\n" +
			strings.Join(p.Topics, "\n"))
	}
	s.filter()
}

// matchedTopic names the first topic of p that a search word matched
// and the partnership's own fields did not, so the sidebar can say why a
// partnership is listed.
func matchedTopic(p mentoring.Summary, words []string) string {
	own := fold(p.Title + " " + p.MeName + " " + p.PartnerName + " " + p.PartnerZone)
	for _, w := range words {
		if strings.Contains(own, w) {
			continue
		}
		for _, t := range p.Topics {
			if strings.Contains(fold(t), w) {
				return t
			}
		}
	}
	return ""
}

func (s *sidebar) onSearchChanged(string) { s.filter() }

func (s *sidebar) filter() {
	q := searchWords(s.search.Text)
	s.shown = s.shown[:0]
	s.because = map[int64]string{}
	for i, p := range s.all {
		if len(q) == 0 {
			s.shown = append(s.shown, p)
			continue
		}
		if matchesAll(s.hay[i], q) {
			s.shown = append(s.shown, p)
			s.because[p.ID] = matchedTopic(p, q)
		}
	}
	if len(q) > 0 && len(s.shown) == 0 {
		s.none.SetText(lang.L("No partnership matches “{{.Query}}”.", map[string]any{"Query": strings.TrimSpace(s.search.Text)}))
		s.none.Show()
	} else {
		s.none.Hide()
	}
	s.list.UnselectAll()
	s.list.Refresh()
	for i, p := range s.shown {
		if p.ID == s.u.selected {
			s.list.Select(i)
		}
	}
}

// selectID highlights partnership id in the list and (re)opens it, even if
// it was already shown, and reports whether it is listed.
func (s *sidebar) selectID(id int64) bool {
	for i, p := range s.shown {
		if p.ID == id {
			s.u.selected = id // so OnSelected does not open it a second time
			s.list.Select(i)
			s.u.open(id)
			return true
		}
	}
	return false
}

// cityOf turns "America/New_York" into "New York" for compact display.
func cityOf(zone string) string {
	if i := strings.LastIndexByte(zone, '/'); i >= 0 {
		zone = zone[i+1:]
	}
	return strings.ReplaceAll(zone, "_", " ")
}
