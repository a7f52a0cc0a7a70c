package ui

import (
	"errors"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/twoway-app/twoway/internal/mentoring"
)

// topicsScreen lists what the pair agreed to learn from each other, with
// filters and an editor beside the list.
type topicsScreen struct {
	u      *UI
	object fyne.CanvasObject
	p      mentoring.Partnership
	all    []mentoring.Topic
	shown  []mentoring.Topic

	search       *widget.Entry
	statusFilter *widget.Select
	whoFilter    *widget.Select
	list         *widget.List
	empty        *widget.Label
	add, seed    *widget.Button

	// The editor: the topic being edited (ID 0 for a new one).
	editing   mentoring.Topic
	clean     string // the editor's fields as fill left them (fieldState)
	heading   *widget.Label
	title     *widget.Entry
	teacher   *widget.Select
	status    *widget.Select
	notes     *widget.Entry
	resources *widget.Entry
	links     *fyne.Container
	errs      *widget.Label
	save, del *widget.Button
	up, down  *widget.Button
	editor    fyne.CanvasObject
}

// The filters' "no filter" choices, in English; shown through lang.L.
const allStatuses, anyone = "All statuses", "Anyone teaching"

func newTopicsScreen(u *UI) *topicsScreen {
	s := &topicsScreen{u: u}
	s.search = newLineEntry()
	s.search.SetPlaceHolder(lang.L("Search topics"))
	s.search.OnChanged = func(string) { s.filter() }
	statuses := []string{lang.L(allStatuses)}
	for _, st := range mentoring.TopicStatuses {
		statuses = append(statuses, statusLabel(st))
	}
	s.statusFilter = newSelect(statuses, func(string) { s.filter() })
	s.statusFilter.SetSelected(lang.L(allStatuses))
	s.whoFilter = newSelect([]string{lang.L(anyone)}, func(string) { s.filter() })
	s.whoFilter.SetSelected(lang.L(anyone))
	s.add = widget.NewButtonWithIcon(lang.L("Add topic"), theme.ContentAddIcon(), func() { s.u.confirmLeave(s, s.newTopic, nil) })
	s.add.Importance = widget.HighImportance
	s.seed = widget.NewButtonWithIcon(lang.L("Suggest from wants"), theme.ContentCopyIcon(), s.onSeed)
	s.empty = wrapLabel("")
	s.empty.Importance = widget.LowImportance
	s.list = widget.NewList(
		func() int { return len(s.shown) },
		func() fyne.CanvasObject {
			title := widget.NewLabel("Topic title")
			title.TextStyle.Bold = true
			title.Truncation = fyne.TextTruncateEllipsis
			sub := widget.NewLabel("who teaches whom · status")
			sub.Importance = widget.LowImportance
			sub.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(title, sub)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			t := s.shown[i]
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(t.Title)
			sub := direction(s.p, t.Teacher) + " · " + statusLabel(t.Status)
			if n := len(t.Resources); n > 0 {
				sub += " · " + lang.N("{{.Count}} resources", n, map[string]any{"Count": n})
			}
			if strings.EqualFold(t.AddedBy, s.p.Partner.Email) && t.AddedBy != "" {
				sub += " · " + lang.L("added by {{.Name}}", map[string]any{"Name": mentoring.FirstName(s.p.Partner.Name)})
			}
			box.Objects[1].(*widget.Label).SetText(sub)
		},
	)
	s.list.OnSelected = func(i widget.ListItemID) {
		if i >= len(s.shown) || (s.shown[i].ID == s.editing.ID && s.editing.ID != 0) {
			return
		}
		t := s.shown[i]
		s.u.confirmLeave(s, func() { s.edit(t) }, s.reselect)
	}

	s.heading = widget.NewLabelWithStyle(lang.L("New topic"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.title = newLineEntry()
	s.title.SetPlaceHolder(lang.L("e.g. Writing a LinkedIn post that people read"))
	s.title.OnSubmitted = func(string) { s.onSave() }
	s.teacher = newSelect(nil, nil)
	var labels []string
	for _, st := range mentoring.TopicStatuses {
		labels = append(labels, statusLabel(st))
	}
	s.status = newSelect(labels, nil)
	s.notes = multiLine(lang.L("Notes: what good looks like, where you are"))
	s.resources = multiLine(lang.L("Resources, one per line: articles, feeds, videos"))
	limited := s.resources.OnChanged // multiLine's length limit
	s.resources.OnChanged = func(text string) {
		if limited != nil {
			limited(text)
		}
		s.showLinks()
	}
	s.links = container.NewVBox()
	s.errs = widget.NewLabel("")
	s.errs.Importance = widget.DangerImportance
	s.errs.Wrapping = fyne.TextWrapWord
	s.errs.Hide()
	s.save = widget.NewButtonWithIcon(lang.L("Save topic"), theme.DocumentSaveIcon(), s.onSave)
	s.save.Importance = widget.HighImportance
	s.del = widget.NewButtonWithIcon(lang.L("Delete…"), theme.DeleteIcon(), s.onDelete)
	s.up = widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { s.move(-1) })
	s.down = widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { s.move(1) })
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Title"), s.title),
		widget.NewFormItem(lang.L("Who teaches"), s.teacher),
		widget.NewFormItem(lang.L("Status"), s.status),
		widget.NewFormItem(lang.L("Notes"), s.notes),
		widget.NewFormItem(lang.L("Resources"), s.resources),
	)
	s.editor = container.NewVBox(s.heading, form, s.links, s.errs,
		container.NewHBox(s.save, s.del, layout.NewSpacer(), s.up, s.down))

	filters := container.NewBorder(nil, nil, nil, container.NewHBox(s.statusFilter, s.whoFilter), s.search)
	left := container.NewBorder(container.NewVBox(buttonRow(s.add, s.seed), filters), s.empty, nil, nil, s.list)
	split := container.NewHSplit(left, container.NewVScroll(container.NewPadded(s.editor)))
	split.Offset = 0.5
	s.object = split
	return s
}

// teacherOptions are the "who teaches" choices in the pair's own names.
func teacherOptions(p mentoring.Partnership) []string {
	var out []string
	for _, side := range []mentoring.Side{mentoring.SideMe, mentoring.SidePartner, mentoring.SideBoth} {
		out = append(out, direction(p, side))
	}
	return out
}

func sideOfDirection(p mentoring.Partnership, label string) mentoring.Side {
	for _, side := range []mentoring.Side{mentoring.SideMe, mentoring.SidePartner, mentoring.SideBoth} {
		if direction(p, side) == label {
			return side
		}
	}
	return ""
}

func statusOfLabel(label string) mentoring.TopicStatus {
	for _, st := range mentoring.TopicStatuses {
		if statusLabel(st) == label {
			return st
		}
	}
	return ""
}

// set shows partnership p's topics from its history.
func (s *topicsScreen) set(p mentoring.Partnership, topics []mentoring.Topic) {
	changedPair := s.p.ID != p.ID
	s.p = p
	s.all = topics
	opts := teacherOptions(p)
	s.teacher.Options = opts
	s.teacher.Refresh()
	s.whoFilter.Options = append([]string{lang.L(anyone)}, opts...)
	if changedPair {
		s.whoFilter.SetSelected(lang.L(anyone))
		s.statusFilter.SetSelected(lang.L(allStatuses))
		s.search.SetText("")
	}
	s.whoFilter.Refresh()
	s.filter()
	// Unsaved changes to a topic of the same pair stay as typed.
	if !changedPair && s.dirty() {
		return
	}
	// Keep editing the same topic (with its fresh state), else start a new one.
	if !changedPair && s.editing.ID != 0 {
		for _, t := range topics {
			if t.ID == s.editing.ID {
				s.edit(t)
				return
			}
		}
	}
	s.newTopic()
}

func (s *topicsScreen) filter() {
	if s.list == nil {
		return // still being built
	}
	q := searchWords(s.search.Text)
	status := statusOfLabel(s.statusFilter.Selected)
	who := sideOfDirection(s.p, s.whoFilter.Selected)
	s.shown = s.shown[:0]
	for _, t := range s.all {
		if status != "" && t.Status != status || who != "" && t.Teacher != who {
			continue
		}
		if matchesAll(fold(t.Title+" "+t.Notes+" "+strings.Join(t.Resources, " ")), q) {
			s.shown = append(s.shown, t)
		}
	}
	s.list.UnselectAll()
	s.list.Refresh()
	switch {
	case len(s.all) == 0:
		s.empty.SetText(lang.L("No topics yet. Add what each of you will teach, or suggest them from what you both want to learn."))
		s.empty.Show()
	case len(s.shown) == 0:
		s.empty.SetText(lang.L("No topic matches the filters."))
		s.empty.Show()
	default:
		s.empty.Hide()
	}
	for i, t := range s.shown {
		if t.ID == s.editing.ID && t.ID != 0 {
			s.list.Select(i)
		}
	}
	s.seed.Disable()
	if len(s.p.Me.Wants)+len(s.p.Partner.Wants) > 0 {
		s.seed.Enable()
	}
}

// newTopic clears the editor for a new topic and focuses its title.
func (s *topicsScreen) newTopic() {
	s.list.UnselectAll()
	s.fill(mentoring.Topic{PartnershipID: s.p.ID, Teacher: mentoring.SideMe, Status: mentoring.TopicAgreed})
	s.heading.SetText(lang.L("New topic"))
	s.del.Hide()
	s.up.Hide()
	s.down.Hide()
}

func (s *topicsScreen) edit(t mentoring.Topic) {
	s.fill(t)
	s.heading.SetText(lang.L("Edit topic"))
	s.del.Show()
	s.up.Show()
	s.down.Show()
}

func (s *topicsScreen) fill(t mentoring.Topic) {
	s.editing = t
	s.title.SetText(t.Title)
	s.teacher.SetSelected(direction(s.p, t.Teacher))
	s.status.SetSelected(statusLabel(t.Status))
	s.notes.SetText(t.Notes)
	s.resources.SetText(strings.Join(t.Resources, "\n"))
	s.errs.Hide()
	s.clean = s.fields()
}

func (s *topicsScreen) fields() string {
	return fieldState(s.title, s.teacher, s.status, s.notes, s.resources)
}

func (s *topicsScreen) dirty() bool { return s.clean != "" && s.fields() != s.clean }

func (s *topicsScreen) what() string {
	if s.editing.ID == 0 {
		return lang.L("the new topic")
	}
	return lang.L("the topic “{{.Title}}”", map[string]any{"Title": s.editing.Title})
}

func (s *topicsScreen) saveThen(then func()) { s.saveTopic(then) }

// reselect puts the list's selection back on the topic being edited, when
// the user chose to stay with their changes.
func (s *topicsScreen) reselect() {
	for i, t := range s.shown {
		if t.ID == s.editing.ID && t.ID != 0 {
			s.list.Select(i)
			return
		}
	}
	s.list.UnselectAll()
}

// showLinks turns resources that are web links into clickable links.
func (s *topicsScreen) showLinks() {
	s.links.RemoveAll()
	for _, line := range strings.Split(s.resources.Text, "\n") {
		line = strings.TrimSpace(line)
		if u, err := url.Parse(line); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
			s.links.Add(widget.NewHyperlink(line, u))
		}
	}
}

func (s *topicsScreen) fromEditor() mentoring.Topic {
	t := s.editing
	t.PartnershipID = s.p.ID
	t.Title = s.title.Text
	t.Teacher = sideOfDirection(s.p, s.teacher.Selected)
	t.Status = statusOfLabel(s.status.Selected)
	t.Notes = s.notes.Text
	t.Resources = strings.Split(s.resources.Text, "\n")
	return t
}

func (s *topicsScreen) onSave() { s.saveTopic(func() {}) }

// saveTopic stores the topic in the editor, then runs then; a refused save
// shows why and runs nothing.
func (s *topicsScreen) saveTopic(then func()) {
	t := s.fromEditor()
	var err error
	s.u.Run(func() {
		if t.ID == 0 {
			_, err = s.u.db().AddTopic(s.u.ctx, &t)
		} else {
			err = s.u.db().UpdateTopic(s.u.ctx, &t)
		}
	}, func() {
		var ve *mentoring.ValidationError
		if errors.As(err, &ve) {
			s.errs.SetText(topicErrors(ve))
			s.errs.Show()
			return
		}
		if err != nil {
			s.u.showError(lang.L("Could not save the topic"), err)
			return
		}
		s.editing = t
		s.clean = s.fields()
		s.u.detail.reloadHistory()
		then()
	})
}

func topicErrors(ve *mentoring.ValidationError) string {
	names := map[string]string{"title": lang.L("Title"), "teacher": lang.L("Who teaches"), "status": lang.L("Status"),
		"notes": lang.L("Notes"), "resources": lang.L("Resources")}
	var lines []string
	for _, f := range ve.Fields {
		name := names[f.Field]
		if name == "" {
			name = f.Field
		}
		lines = append(lines, name+" "+fieldText(f)+".")
	}
	return strings.Join(lines, "\n")
}

func (s *topicsScreen) onDelete() {
	t := s.editing
	if t.ID == 0 {
		return
	}
	confirm(lang.L("Delete topic?"), lang.L("Delete"), lang.L("Cancel"), lang.L("Delete “{{.Title}}”? Sessions that covered it will no longer list it.",
		map[string]any{"Title": t.Title}), func(ok bool) {
		if !ok {
			return
		}
		var err error
		s.u.Run(func() { err = s.u.db().DeleteTopic(s.u.ctx, t.ID) }, func() {
			if err != nil {
				s.u.showError(lang.L("Could not delete the topic"), err)
				return
			}
			s.editing = mentoring.Topic{}
			s.u.detail.reloadHistory()
		})
	}, s.u.win)
}

func (s *topicsScreen) move(delta int) {
	id := s.editing.ID
	if id == 0 {
		return
	}
	var err error
	s.u.Run(func() { err = s.u.db().MoveTopic(s.u.ctx, id, delta) }, func() {
		if err != nil {
			s.u.showError(lang.L("Could not move the topic"), err)
			return
		}
		s.u.detail.reloadHistory()
	})
}

func (s *topicsScreen) onSeed() {
	id := s.p.ID
	var n int
	var err error
	s.u.Run(func() { n, err = s.u.db().SeedTopics(s.u.ctx, id) }, func() {
		if err != nil {
			s.u.showError(lang.L("Could not suggest topics"), err)
			return
		}
		msg := lang.N("Added {{.Count}} proposed topics from what you each want to learn. Agree on them together, then set them to Agreed.",
			n, map[string]any{"Count": n})
		if n == 0 {
			msg = lang.L("Every wish on both “wants to learn” lists already has a topic.")
		}
		dialog.ShowInformation(lang.L("Topics suggested"), msg, s.u.win)
		s.u.detail.reloadHistory()
	})
}
