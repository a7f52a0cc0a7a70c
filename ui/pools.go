package ui

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	fstorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/pool"
	"github.com/twoway-app/twoway/internal/report"
	"github.com/twoway-app/twoway/internal/service"
	"github.com/twoway-app/twoway/storage"
)

// maxCSV bounds a sign-up file read into memory (pool.MaxPeople rows fit
// many times over).
const maxCSV = 16 << 20

// poolsScreen is Pools: a programme's people, the proposed pairs with why
// each pair both gains, and the cohort of partnerships made from them.
type poolsScreen struct {
	u      *UI
	object fyne.CanvasObject

	choose  *widget.Select // the pool shown
	pools   []pool.Summary
	current pool.Pool
	empty   *widget.Label // no pool yet
	body    *fyne.Container
	tabs    *container.AppTabs
	people  *fyne.Container
	count   *widget.Label
	mode    *widget.RadioGroup
	propose *widget.Button
	pairs   *fyne.Container
	cohort  *fyne.Container
	export  *widget.Button

	proposal    pool.Proposal    // the last proposal shown
	personNotes *fieldNotes      // the person dialog's messages under its fields, for tests
	rows        []pool.CohortRow // the cohort shown
}

func newPoolsScreen(u *UI) *poolsScreen {
	s := &poolsScreen{u: u, people: container.NewVBox(), pairs: container.NewVBox(), cohort: container.NewVBox(),
		count: lowLabel("")}
	title := widget.NewLabel(lang.L("Pools"))
	title.SizeName = theme.SizeNameHeadingText
	title.TextStyle.Bold = true
	s.choose = newSelect(nil, func(name string) { s.showNamed(name) })
	importBtn := widget.NewButtonWithIcon(lang.L("Import from CSV…"), theme.FolderOpenIcon(), u.importPool)
	newBtn := widget.NewButtonWithIcon(lang.L("New Pool…"), theme.ContentAddIcon(), s.askNewPool)
	s.empty = wrapLabel(lang.L("A pool is the people of a programme who want a partner, usually a sign-up form's answers. Import the form's CSV export, or start an empty pool and add people by hand. Nothing leaves this computer."))

	addBtn := widget.NewButtonWithIcon(lang.L("Add Person…"), theme.ContentAddIcon(), func() { s.askPerson(nil) })
	peopleTab := container.NewBorder(container.NewHBox(s.count, layout.NewSpacer(), addBtn), nil, nil, nil,
		container.NewVScroll(s.people))

	s.mode = widget.NewRadioGroup([]string{lang.L("Best pairs"), lang.L("Pair as many as possible")}, nil)
	s.mode.Horizontal = true
	s.mode.SetSelected(s.mode.Options[0])
	s.propose = widget.NewButtonWithIcon(lang.L("Propose Pairs"), theme.ViewRefreshIcon(), s.runMatch)
	s.propose.Importance = widget.HighImportance
	synonyms := widget.NewButton(lang.L("Words That Match…"), s.askSynonyms)
	pairTab := container.NewBorder(container.NewVBox(
		wrapLabel(lang.L("Twoway pairs people who each teach something the other asked for and share comfortable hours in every week of the next 12 months, whatever the clocks do.")),
		container.NewHBox(s.mode, layout.NewSpacer(), synonyms, s.propose)), nil, nil, nil, container.NewVScroll(s.pairs))

	s.export = widget.NewButtonWithIcon(lang.L("Export CSV…"), theme.DocumentSaveIcon(), s.exportCohort)
	cohortTab := container.NewBorder(container.NewHBox(lowLabel(lang.L("Every partnership made from this pool, how it goes and how balanced it is.")), layout.NewSpacer(), s.export),
		nil, nil, nil, container.NewVScroll(s.cohort))

	s.tabs = container.NewAppTabs(
		container.NewTabItem(lang.L("People"), peopleTab),
		container.NewTabItem(lang.L("Pairing"), pairTab),
		container.NewTabItem(lang.L("Cohort"), cohortTab))
	s.tabs.OnSelected = func(*container.TabItem) {
		if s.tabs.SelectedIndex() == 2 {
			s.loadCohort()
		}
	}
	s.body = container.NewStack(s.tabs)
	s.object = container.NewPadded(container.NewBorder(
		container.NewVBox(title, container.NewBorder(nil, nil, nil, container.NewHBox(newBtn, importBtn), s.choose), s.empty),
		nil, nil, nil, s.body))
	return s
}

// showPools shows Pools (View › Pools, the sidebar's button).
func (u *UI) showPools() {
	u.leaveThen(func() {
		u.sidebar.list.UnselectAll()
		u.selected = 0
		u.show(u.pools.object)
		u.pools.refresh(u.pools.current.ID)
	}, nil)
}

// refresh reloads the list of pools and shows pool id (or the first).
func (s *poolsScreen) refresh(id int64) {
	var list []pool.Summary
	var err error
	s.u.Run(func() { list, err = s.u.deliver().Pools(s.u.ctx) }, func() {
		if err != nil {
			s.u.showError(lang.L("Could not load the pools"), err)
			return
		}
		s.pools = list
		names := make([]string, len(list))
		shown := ""
		for i, p := range list {
			names[i] = p.Name
			if p.ID == id || shown == "" {
				shown = p.Name
			}
		}
		s.choose.Options = names
		if len(list) == 0 {
			s.empty.Show()
			s.body.Hide()
			s.choose.PlaceHolder = lang.L("No pool yet")
			s.choose.ClearSelected()
			s.choose.Disable()
			return
		}
		s.choose.PlaceHolder = lang.L("Choose a pool")
		s.empty.Hide()
		s.body.Show()
		s.choose.Enable()
		if s.choose.Selected == shown {
			s.showNamed(shown)
		} else {
			s.choose.SetSelected(shown)
		}
	})
}

// showNamed loads the pool called name.
func (s *poolsScreen) showNamed(name string) {
	var id int64
	for _, p := range s.pools {
		if p.Name == name {
			id = p.ID
		}
	}
	if id == 0 {
		return
	}
	var p pool.Pool
	var err error
	s.u.Run(func() { p, err = s.u.deliver().Pool(s.u.ctx, id) }, func() {
		if err != nil {
			s.u.showError(lang.L("Could not load the pool"), err)
			return
		}
		if p.ID != s.current.ID {
			s.proposal = pool.Proposal{}
			s.pairs.RemoveAll()
			s.pairs.Add(lowLabel(lang.L("Press Propose Pairs to pair the pool.")))
		}
		s.current = p
		s.fillPeople()
		if s.tabs.SelectedIndex() == 2 {
			s.loadCohort()
		}
	})
}

func (s *poolsScreen) fillPeople() {
	s.people.RemoveAll()
	p := s.current
	s.count.SetText(lang.N("{{.Count}} people", len(p.People), map[string]any{"Count": len(p.People)}))
	paired := map[string]bool{}
	for _, a := range p.Paired {
		paired[a.A], paired[a.B] = true, true
	}
	for _, m := range p.People {
		m := m
		head := widget.NewLabelWithStyle(m.Name+" <"+m.Email+">", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		facts := lang.L("{{.Zone}}, {{.Hours}} · offers {{.Offers}} · wants {{.Wants}}", map[string]any{
			"Zone": m.Zone, "Hours": m.Hours.String(), "Offers": listOrDash(m.Offers), "Wants": rankedList(m.Wants)})
		if len(m.Languages) > 0 {
			facts += " · " + lang.L("speaks {{.Languages}}", map[string]any{"Languages": strings.Join(m.Languages, ", ")})
		}
		if paired[pool.Key(m.Email)] {
			facts += " · " + lang.L("in a partnership")
		}
		edit := widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), func() { s.askPerson(&m) })
		remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { s.removePerson(m) })
		s.people.Add(container.NewBorder(nil, nil, nil, container.NewHBox(edit, remove), container.NewVBox(head, wrapLabel(facts))))
	}
	if len(p.People) == 0 {
		s.people.Add(lowLabel(lang.L("No one in this pool yet.")))
	}
	s.people.Refresh()
}

func listOrDash(xs []string) string {
	if len(xs) == 0 {
		return "–"
	}
	return strings.Join(xs, ", ")
}

// rankedList numbers wants by rank: "1. social media, 2. Python".
func rankedList(xs []string) string {
	if len(xs) == 0 {
		return "–"
	}
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = fmt.Sprintf("%d. %s", i+1, x)
	}
	return strings.Join(out, ", ")
}

// askNewPool asks for a name and creates an empty pool.
func (s *poolsScreen) askNewPool() {
	name := newLineEntry()
	name.SetPlaceHolder(lang.L("e.g. Spring 2027 cohort"))
	dialog.ShowForm(lang.L("New pool"), lang.L("Create"), lang.L("Cancel"),
		[]*widget.FormItem{widget.NewFormItem(lang.L("Name"), name)}, func(ok bool) {
			if !ok || strings.TrimSpace(name.Text) == "" {
				return
			}
			var id int64
			var err error
			n := strings.TrimSpace(name.Text)
			s.u.Run(func() { id, err = s.u.deliver().CreatePool(s.u.ctx, n) }, func() {
				if err != nil {
					s.u.showError(lang.L("Could not create the pool"), errors.New(poolErrorText(err)))
					return
				}
				s.refresh(id)
			})
		}, s.u.win)
}

// askPerson adds a person by hand (m nil) or edits m.
func (s *poolsScreen) askPerson(m *pool.Person) {
	name, email, zone, hours := newLineEntry(), newLineEntry(), newLineEntry(), newLineEntry()
	offers, wants, langs := newLineEntry(), newLineEntry(), newLineEntry()
	zone.SetPlaceHolder(calendar.SystemZone())
	hours.SetPlaceHolder("09:00-17:00")
	offers.SetPlaceHolder(lang.L("separated by commas"))
	wants.SetPlaceHolder(lang.L("most wanted first, separated by commas"))
	title, verb, oldEmail := lang.L("Add a person"), lang.L("Add"), ""
	if m != nil {
		title, verb, oldEmail = lang.L("Edit {{.Name}}", map[string]any{"Name": m.Name}), lang.L("Save"), m.Email
		name.SetText(m.Name)
		email.SetText(m.Email)
		zone.SetText(m.Zone)
		hours.SetText(m.Hours.String())
		offers.SetText(strings.Join(m.Offers, ", "))
		wants.SetText(strings.Join(m.Wants, ", "))
		langs.SetText(strings.Join(m.Languages, ", "))
	}
	general := wrapLabel("")
	general.Importance = widget.DangerImportance
	general.Hide()
	notes := newFieldNotes(general)
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("Name"), notes.under("name", name)), widget.NewFormItem(lang.L("Email"), notes.under("email", email)),
		widget.NewFormItem(lang.L("Time zone"), notes.under("zone", zone)), widget.NewFormItem(lang.L("Comfortable hours"), notes.under("hours", hours)),
		widget.NewFormItem(lang.L("Offers"), notes.under("offers", offers)), widget.NewFormItem(lang.L("Wants"), notes.under("wants", wants)),
		widget.NewFormItem(lang.L("Languages"), container.NewVBox(notes.under("languages", langs), general)),
	}
	s.personNotes = notes
	var d *dialog.FormDialog
	d = dialog.NewForm(title, verb, lang.L("Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		p := pool.Person{Name: name.Text, Email: email.Text, Zone: strings.TrimSpace(zone.Text),
			Offers: pool.SplitAnswers(offers.Text, ','), Wants: pool.SplitAnswers(wants.Text, ','), Languages: pool.SplitAnswers(langs.Text, ',')}
		p.Normalize() // "Mumbai" becomes Asia/Kolkata
		notes.clear()
		bad := false
		if w, prob := pool.ParseHours(hours.Text); prob != nil {
			notes.add("hours", sentence(fieldText(mentoring.FieldError{Field: "hours", Code: prob.Code, Args: prob.Args})))
			bad = true
		} else {
			p.Hours = w
		}
		for _, pr := range p.Problems() {
			if pr.Field == "hours" && bad {
				continue // said already
			}
			notes.add(pr.Field, sentence(poolFieldText(pr)))
			bad = true
		}
		if bad {
			// the form comes back with what was typed, each message
			// under its field
			d.Show()
			return
		}
		id := s.current.ID
		var err error
		s.u.Run(func() {
			if oldEmail == "" {
				err = s.u.deliver().AddPerson(s.u.ctx, id, &p)
			} else {
				err = s.u.deliver().UpdatePerson(s.u.ctx, id, oldEmail, &p)
			}
		}, func() {
			if err != nil {
				notes.set("", poolErrorText(err))
				d.Show()
				return
			}
			s.refresh(id)
		})
	}, s.u.win)
	d.Resize(fyne.NewSize(560, d.MinSize().Height))
	d.Show()
}

func (s *poolsScreen) removePerson(m pool.Person) {
	confirm(lang.L("Remove {{.Name}}?", map[string]any{"Name": m.Name}), lang.L("Remove"), lang.L("Cancel"),
		lang.L("{{.Name}} leaves the pool. Partnerships already made stay.", map[string]any{"Name": m.Name}), func(ok bool) {
			if !ok {
				return
			}
			id := s.current.ID
			var err error
			s.u.Run(func() { err = s.u.deliver().RemovePerson(s.u.ctx, id, m.Email) }, func() {
				if err != nil {
					s.u.showError(lang.L("Could not remove the person"), errors.New(poolErrorText(err)))
					return
				}
				s.refresh(id)
			})
		}, s.u.win)
}

// runMatch proposes pairs for the whole pool, off the UI goroutine.
func (s *poolsScreen) runMatch() {
	mode := pool.ModeBest
	if s.mode.Selected == s.mode.Options[1] {
		mode = pool.ModeMaxPairs
	}
	id := s.current.ID
	var prop pool.Proposal
	var err error
	s.propose.Disable()
	s.pairs.RemoveAll()
	s.pairs.Add(widget.NewProgressBarInfinite())
	s.u.Run(func() { prop, err = s.u.deliver().Match(s.u.ctx, id, mode) }, func() {
		s.propose.Enable()
		s.pairs.RemoveAll()
		if err != nil {
			s.pairs.Add(wrapLabel(poolErrorText(err)))
			return
		}
		s.proposal = prop
		s.fillPairs()
	})
}

func (s *poolsScreen) namer() func(string) string {
	names := map[string]string{}
	for _, m := range s.current.People {
		names[pool.Key(m.Email)] = mentoring.FirstName(m.Name)
	}
	return func(email string) string {
		if n := names[pool.Key(email)]; n != "" {
			return n
		}
		return email
	}
}

func (s *poolsScreen) fillPairs() {
	s.pairs.RemoveAll()
	name := s.namer()
	prop := s.proposal
	proposed := 0
	for _, pr := range prop.Pairs {
		if pr.Status == pool.StatusProposed {
			proposed++
		}
	}
	s.pairs.Add(wrapLabel(lang.N("{{.Count}} pairs proposed, {{.Unmatched}} people unmatched, total score {{.Total}}.", proposed,
		map[string]any{"Count": proposed, "Unmatched": len(prop.Unmatched), "Total": prop.Total})))
	for _, pr := range prop.Pairs {
		pr := pr
		head := lang.L("{{.A}} & {{.B}} · score {{.Score}}", map[string]any{"A": name(pr.A), "B": name(pr.B), "Score": pr.Total})
		lines := scoreReasons(pr.Score, name)
		switch pr.Status {
		case pool.StatusAccepted:
			lines = append([]string{lang.L("Accepted: a partnership is running.")}, lines...)
		case pool.StatusLocked:
			lines = append([]string{lang.L("Locked together.")}, lines...)
		}
		for _, who := range []string{pr.A, pr.B} {
			if alts := prop.NextBest[who]; len(alts) > 0 {
				var opts []string
				for _, a := range alts {
					other := a.A
					if pool.Key(other) == pool.Key(who) {
						other = a.B
					}
					opts = append(opts, fmt.Sprintf("%s (%d)", name(other), a.Total))
				}
				lines = append(lines, lang.L("Next best for {{.Name}}: {{.Options}}", map[string]any{"Name": name(who), "Options": strings.Join(opts, ", ")}))
			}
		}
		body := wrapLabel(strings.Join(lines, "\n"))
		row := container.NewHBox(layout.NewSpacer())
		switch pr.Status {
		case pool.StatusAccepted:
			open := widget.NewButton(lang.L("Open"), func() { s.u.reload(pr.PartnershipID) })
			row.Add(open)
		case pool.StatusLocked:
			unlock := widget.NewButton(lang.L("Unlock"), func() { s.setLock(pr.Score, false) })
			accept := widget.NewButtonWithIcon(lang.L("Accept"), theme.ConfirmIcon(), func() { s.accept(pr.Score) })
			accept.Importance = widget.HighImportance
			row.Add(unlock)
			row.Add(accept)
		default:
			row.Add(widget.NewButton(lang.L("Keep Together"), func() { s.setLock(pr.Score, true) }))
			forbid := widget.NewButton(lang.L("Never Pair These"), func() { s.forbid(pr.Score) })
			accept := widget.NewButtonWithIcon(lang.L("Accept"), theme.ConfirmIcon(), func() { s.accept(pr.Score) })
			accept.Importance = widget.HighImportance
			row.Add(forbid)
			row.Add(accept)
		}
		s.pairs.Add(widget.NewCard(head, "", container.NewVBox(body, row)))
	}
	if len(prop.Unmatched) > 0 {
		box := container.NewVBox()
		for _, um := range prop.Unmatched {
			box.Add(wrapLabel(name(um.Email) + ": " + unmatchedText(um)))
		}
		s.pairs.Add(widget.NewCard(lang.L("Unmatched"), "", box))
	}
	s.pairs.Refresh()
}

// scoreReasons words a pair's score as report.ScoreReasons does in English.
func scoreReasons(sc pool.Score, name func(string) string) []string {
	out := []string{gainText(sc.AB, name), gainText(sc.BA, name)}
	if len(sc.Overlap.Stretches) > 0 {
		out = append(out, overlapText(sc.Overlap))
	}
	if len(sc.Languages) > 0 {
		out = append(out, lang.L("Both speak {{.Languages}}.", map[string]any{"Languages": strings.Join(sc.Languages, ", ")}))
	}
	return out
}

// gainText: "Ana teaches Raj social media (Raj's request no. 1)".
func gainText(g pool.Gain, name func(string) string) string {
	if len(g.Met) == 0 {
		return lang.L("{{.Teacher}} teaches {{.Learner}} nothing {{.Learner}} asked for.", map[string]any{"Teacher": name(g.Teacher), "Learner": name(g.Learner)})
	}
	parts := make([]string, len(g.Met))
	for i, m := range g.Met {
		parts[i] = lang.L("{{.Want}} ({{.Learner}}'s wish no. {{.Rank}})", map[string]any{"Want": m.Want, "Learner": name(g.Learner), "Rank": m.Rank})
	}
	return lang.L("{{.Teacher}} teaches {{.Learner}} {{.What}}.", map[string]any{"Teacher": name(g.Teacher), "Learner": name(g.Learner), "What": strings.Join(parts, ", ")})
}

// overlapText: "120 min a day suit both; 60 from 8 Mar to 28 Mar."
func overlapText(o pool.Overlap) string {
	longest := 0
	for i, st := range o.Stretches {
		if stretchDays(st) > stretchDays(o.Stretches[longest]) {
			longest = i
		}
	}
	text := lang.L("{{.Minutes}} min a day suit both", map[string]any{"Minutes": o.Stretches[longest].Minutes})
	var others []string
	day := lang.X("layout.dayMonth", "2 Jan")
	for i, st := range o.Stretches {
		if i != longest && st.Minutes != o.Stretches[longest].Minutes {
			others = append(others, lang.L("{{.Minutes}} from {{.From}} to {{.To}}", map[string]any{"Minutes": st.Minutes,
				"From": formatTime(st.From.At(0, time.UTC), day), "To": formatTime(st.To.At(0, time.UTC), day)}))
		}
	}
	if len(others) > 0 {
		text += "; " + strings.Join(others, "; ")
	}
	return text + "."
}

func stretchDays(st pool.Stretch) int {
	return int(st.To.At(0, time.UTC).Sub(st.From.At(0, time.UTC)).Hours()/24) + 1
}

func unmatchedText(u pool.Unmatched) string {
	switch u.Reason {
	case pool.ReasonNoMutual:
		return lang.L("no one in the pool both gains with them")
	case pool.ReasonNoOverlap:
		return lang.L("those who would both gain share too few comfortable hours in some weeks")
	case pool.ReasonForbidden:
		return lang.L("every candidate is forbidden or a past partner")
	case pool.ReasonOutscored:
		return lang.N("outscored: their {{.Count}} candidates are better paired with others", u.Candidates, map[string]any{"Count": u.Candidates})
	}
	return string(u.Reason)
}

// accept turns a proposed pair into a partnership and offers to open it.
func (s *poolsScreen) accept(sc pool.Score) {
	id := s.current.ID
	var pid int64
	var err error
	s.u.Run(func() { pid, err = s.u.deliver().AcceptPair(s.u.ctx, id, sc.A, sc.B) }, func() {
		if err != nil {
			s.u.showError(lang.L("Could not accept the pair"), errors.New(poolErrorText(err)))
			return
		}
		name := s.namer()
		s.u.sidebarReload()
		s.refresh(id)
		s.runMatch()
		confirm(lang.L("Partnership created"), lang.L("Open It"), lang.L("Stay Here"),
			lang.L("{{.A}} & {{.B}} is ready to invite: both people, the topics they asked for, the usual ground rules and a weekly time inside their common hours.",
				map[string]any{"A": name(sc.A), "B": name(sc.B)}), func(open bool) {
				if open {
					s.u.reload(pid)
				}
			}, s.u.win)
	})
}

func (s *poolsScreen) forbid(sc pool.Score) {
	name := s.namer()
	confirm(lang.L("Never pair {{.A}} and {{.B}}?", map[string]any{"A": name(sc.A), "B": name(sc.B)}), lang.L("Never Pair"), lang.L("Cancel"),
		lang.L("For a reporting line, or a pair that did not work. Later proposals leave this pair out."), func(ok bool) {
			if !ok {
				return
			}
			id := s.current.ID
			var err error
			s.u.Run(func() { err = s.u.deliver().Forbid(s.u.ctx, id, sc.A, sc.B) }, func() {
				if err != nil {
					s.u.showError(lang.L("Could not change the pool"), errors.New(poolErrorText(err)))
					return
				}
				s.runMatch()
			})
		}, s.u.win)
}

// setLock keeps a pair together in every proposal (or no longer).
func (s *poolsScreen) setLock(sc pool.Score, on bool) {
	id := s.current.ID
	var err error
	s.u.Run(func() {
		if on {
			err = s.u.deliver().Lock(s.u.ctx, id, sc.A, sc.B)
		} else {
			err = s.u.deliver().Unlock(s.u.ctx, id, sc.A, sc.B)
		}
	}, func() {
		if err != nil {
			s.u.showError(lang.L("Could not change the pool"), errors.New(poolErrorText(err)))
			return
		}
		s.runMatch()
	})
}

// askSynonyms edits the pool's groups of words that mean the same when
// an offer is matched against a want: one group a line, words separated
// by commas.
func (s *poolsScreen) askSynonyms() {
	text := widget.NewMultiLineEntry()
	text.Wrapping = fyne.TextWrapWord
	var lines []string
	for _, g := range s.current.Synonyms {
		lines = append(lines, strings.Join(g, ", "))
	}
	text.SetText(strings.Join(lines, "\n"))
	text.SetMinRowsVisible(8)
	hint := lowLabel(lang.L("One group a line, words separated by commas: an offer meets a want when both are in one group, e.g. excel, spreadsheets. Case and plurals never matter."))
	d := dialog.NewCustomConfirm(lang.L("Words that match"), lang.L("Save"), lang.L("Cancel"), container.NewBorder(hint, nil, nil, nil, text), func(ok bool) {
		if !ok {
			return
		}
		var groups [][]string
		for _, line := range strings.Split(text.Text, "\n") {
			if g := pool.SplitAnswers(line, ','); len(g) > 1 {
				groups = append(groups, g)
			}
		}
		id := s.current.ID
		var err error
		s.u.Run(func() { err = s.u.deliver().SetSynonyms(s.u.ctx, id, groups) }, func() {
			if err != nil {
				s.u.showError(lang.L("Could not change the pool"), errors.New(poolErrorText(err)))
				return
			}
			s.refresh(id)
		})
	}, s.u.win)
	d.Resize(fyne.NewSize(560, 420))
	d.Show()
}

// loadCohort lists the pool's partnerships with their health and balance.
func (s *poolsScreen) loadCohort() {
	id := s.current.ID
	if id == 0 {
		return
	}
	var rows []pool.CohortRow
	var err error
	s.u.Run(func() { rows, err = s.u.deliver().Cohort(s.u.ctx, id) }, func() {
		s.cohort.RemoveAll()
		if err != nil {
			s.cohort.Add(wrapLabel(poolErrorText(err)))
			return
		}
		s.rows = rows
		for _, r := range rows {
			r := r
			p := r.Partnership
			facts := []string{healthText(r.Health, mentoring.ZoneOrUTC(p.Me.Zone))}
			if h := hintText(p, r.Reciprocity); h != "" {
				facts = append(facts, h)
			}
			if r.Ended {
				facts = append([]string{lang.L("Not a fit: both are back in the pool.")}, facts...)
			}
			body := wrapLabel(strings.Join(facts, "\n"))
			btns := container.NewHBox(layout.NewSpacer(), widget.NewButton(lang.L("Open"), func() { s.u.reload(p.ID) }))
			if !r.Ended {
				btns.Add(widget.NewButton(lang.L("Not a Fit…"), func() { s.u.notAFit(p) }))
			}
			s.cohort.Add(widget.NewCard(p.Title, "", container.NewVBox(body, btns)))
		}
		if len(rows) == 0 {
			s.cohort.Add(lowLabel(lang.L("No partnership has been made from this pool yet: accept a proposed pair.")))
		}
		s.export.Disable()
		if len(rows) > 0 {
			s.export.Enable()
		}
		s.cohort.Refresh()
	})
}

// exportCohort saves the cohort as CSV (English headers, as the CLI's).
func (s *poolsScreen) exportCohort() {
	var buf bytes.Buffer
	if err := report.CohortCSV(&buf, s.rows); err != nil {
		s.u.showError(lang.L("Could not export"), err)
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		_, werr := w.Write(buf.Bytes())
		if cerr := w.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			s.u.showError(lang.L("Could not export"), werr)
		}
	}, s.u.win)
	d.SetFileName(safeFileName(s.current.Name) + ".csv")
	d.SetFilter(fstorage.NewExtensionFileFilter([]string{".csv"}))
	d.Show()
}

// notAFit ends a partnership made from a pool: both people go back to the
// pool and the pair is never proposed again. The partnership stays.
func (u *UI) notAFit(p mentoring.Partnership) {
	confirm(lang.L("Not a fit?"), lang.L("Not a Fit"), lang.L("Cancel"),
		lang.L("{{.Title}} stays with its history, {{.Me}} and {{.Partner}} go back to the pool, and they are never proposed as a pair again.",
			map[string]any{"Title": p.Title, "Me": mentoring.FirstName(p.Me.Name), "Partner": mentoring.FirstName(p.Partner.Name)}), func(ok bool) {
			if !ok {
				return
			}
			var link pool.Link
			var err error
			u.Run(func() { link, err = u.deliver().NotAFit(u.ctx, p.ID) }, func() {
				if err != nil {
					u.showError(lang.L("Could not mark the pair"), errors.New(poolErrorText(err)))
					return
				}
				if u.pools != nil && u.pools.current.ID == link.PoolID {
					u.pools.refresh(link.PoolID)
					u.pools.loadCohort()
				}
			})
		}, u.win)
}

// notAFitShown is Partnership › Not a Fit (Back to the Pool)…: for a
// partnership made from a pool it asks and ends it; for one made by hand
// it says so.
func (u *UI) notAFitShown() {
	if !u.pairShown() {
		return
	}
	p := u.detail.p
	var err error
	u.Run(func() { _, err = u.deliver().PoolLinkOf(u.ctx, p.ID) }, func() {
		if errors.Is(err, service.ErrNotFromPool) {
			dialog.ShowInformation(lang.L("Not from a pool"), lang.L("{{.Title}} was made by hand, not from a pool, so there is no pool to go back to. Delete it if it is over.",
				map[string]any{"Title": p.Title}), u.win)
			return
		}
		if err != nil {
			u.showError(lang.L("Could not mark the pair"), errors.New(poolErrorText(err)))
			return
		}
		u.notAFit(p)
	})
}

// sidebarReload refreshes the list of partnerships without changing what
// is shown.
func (u *UI) sidebarReload() {
	var list []mentoring.Summary
	var err error
	u.Run(func() { list, err = u.db().ListPartnerships(u.ctx) }, func() {
		if err == nil {
			u.sidebar.setItems(list)
		}
	})
}

// importPool opens a sign-up form's CSV export and asks how to read it.
func (u *UI) importPool() {
	u.leaveThen(func() {
		u.pickFile([]string{".csv", ".CSV", ".txt"}, lang.L("Import people from a sign-up form's CSV export"), "", maxCSV,
			func(name string, data []byte) { u.askImport(name, data, pool.CSVOptions{}) })
	}, nil)
}

// fieldOptions are the fields a column can be read as, in the user's
// words, with "not used" first.
func fieldOptions() ([]string, map[string]pool.Field, map[pool.Field]string) {
	fields := []pool.Field{pool.ColIgnore, pool.ColName, pool.ColEmail, pool.ColZone, pool.ColHours,
		pool.ColOffers, pool.ColWants, pool.ColLanguages}
	var opts []string
	byLabel, byField := map[string]pool.Field{}, map[pool.Field]string{}
	for _, f := range fields {
		l := fieldLabel(string(f))
		opts = append(opts, l)
		byLabel[l], byField[f] = f, l
	}
	return opts, byLabel, byField
}

// askImport shows how the file's columns are read, each row's problems
// (a dry run), and imports when asked and nothing is wrong. Changing a
// column or the separator runs the dry run again.
func (u *UI) askImport(name string, data []byte, opt pool.CSVOptions) {
	var res service.ImportResult
	var err error
	u.Run(func() { res, err = u.deliver().ImportPool(u.ctx, name, bytes.NewReader(data), opt, false) }, func() {
		var ce *pool.ColumnError
		if err != nil && !errors.As(err, &ce) {
			u.showError(lang.L("This file cannot be imported"), errors.New(poolErrorText(err)))
			return
		}
		u.importDialog(name, data, opt, res, err)
	})
}

func (u *UI) importDialog(name string, data []byte, opt pool.CSVOptions, res service.ImportResult, colErr error) {
	opts, byLabel, byField := fieldOptions()
	poolName := newLineEntry()
	poolName.SetText(name)
	sep := newSelect([]string{lang.L("Automatic"), ";", ","}, nil)
	switch opt.Separator {
	case ';':
		sep.SetSelected(";")
	case ',':
		sep.SetSelected(",")
	default:
		sep.SetSelected(sep.Options[0])
	}
	var d dialog.Dialog
	again := func() {
		o := pool.CSVOptions{Map: map[string]pool.Field{}}
		switch sep.Selected {
		case ";":
			o.Separator = ';'
		case ",":
			o.Separator = ','
		}
		for _, c := range res.Import.Columns {
			if c.Meta {
				continue
			}
			o.Map[c.Header] = c.Field
		}
		for k, v := range opt.Map {
			if _, ok := o.Map[k]; !ok {
				o.Map[k] = v
			}
		}
		d.Hide()
		u.askImport(poolName.Text, data, o)
	}
	form := widget.NewForm(widget.NewFormItem(lang.L("Pool"), poolName), widget.NewFormItem(lang.L("Answers separated by"), sep))
	for i := range res.Import.Columns {
		c := &res.Import.Columns[i]
		if c.Meta {
			continue
		}
		choice := newSelect(opts, nil)
		if l, ok := byField[c.Field]; ok && c.Field != "" {
			choice.SetSelected(l)
		} else {
			choice.SetSelected(opts[0])
		}
		choice.OnChanged = func(l string) {
			c.Field = byLabel[l]
			if opt.Map == nil {
				opt.Map = map[string]pool.Field{}
			}
			opt.Map[c.Header] = c.Field
			again()
		}
		form.Append(c.Header, choice)
	}
	sep.OnChanged = func(string) { again() }

	problems := container.NewVBox()
	bad := 0
	if colErr != nil {
		problems.Add(dangerLabel(poolErrorText(colErr)))
	}
	for _, r := range res.Import.Rows {
		if len(r.Problems) == 0 {
			continue
		}
		bad++
		var ps []string
		for _, p := range r.Problems {
			ps = append(ps, fieldLabel(p.Field)+" "+poolFieldText(p))
		}
		who := r.Person.Email
		if who == "" {
			who = r.Person.Name
		}
		problems.Add(dangerLabel(lang.L("Line {{.Line}} ({{.Who}}): {{.Problems}}", map[string]any{"Line": r.Line, "Who": who, "Problems": strings.Join(ps, "; ")})))
	}
	n := len(res.Import.Rows)
	summary := lang.N("{{.Count}} people read, all fine.", n, map[string]any{"Count": n})
	if bad > 0 || colErr != nil {
		summary = lang.N("{{.Count}} people read; {{.Bad}} rows need fixing in the file first.", n, map[string]any{"Count": n, "Bad": bad})
	}
	content := container.NewBorder(container.NewVBox(form, widget.NewSeparator(), widget.NewLabel(summary)), nil, nil, nil,
		container.NewVScroll(problems))
	importBtn := widget.NewButtonWithIcon(lang.L("Import"), theme.ConfirmIcon(), nil)
	importBtn.Importance = widget.HighImportance
	if bad > 0 || colErr != nil || n == 0 {
		importBtn.Disable()
	}
	cancel := widget.NewButton(lang.L("Cancel"), func() { d.Hide() })
	importBtn.OnTapped = func() {
		var out service.ImportResult
		var err error
		pn := strings.TrimSpace(poolName.Text)
		u.Run(func() { out, err = u.deliver().ImportPool(u.ctx, pn, bytes.NewReader(data), opt, true) }, func() {
			if err != nil {
				u.showError(lang.L("Nothing was imported"), errors.New(poolErrorText(err)))
				return
			}
			d.Hide()
			u.showPools()
			u.pools.refresh(out.PoolID)
			dialog.ShowInformation(lang.L("Imported"), lang.L("{{.Added}} added and {{.Updated}} updated in {{.Pool}}.",
				map[string]any{"Added": out.Added, "Updated": out.Updated, "Pool": pn}), u.win)
		})
	}
	d = dialog.NewCustomWithoutButtons(lang.L("Import people"), container.NewBorder(nil,
		container.NewHBox(layout.NewSpacer(), cancel, importBtn), nil, nil, content), u.win)
	u.importing = d
	d.Resize(fyne.NewSize(760, 660)) // room for a few problem lines below the columns
	d.Show()
}

func dangerLabel(text string) *widget.Label {
	l := wrapLabel(text)
	l.Importance = widget.DangerImportance
	return l
}

// fieldLabel names a pool member's field in the user's words.
func fieldLabel(field string) string {
	switch pool.Field(field) {
	case pool.ColIgnore:
		return lang.L("(not used)")
	case pool.ColName:
		return lang.L("Name")
	case pool.ColEmail:
		return lang.L("Email")
	case pool.ColZone:
		return lang.L("Time zone")
	case pool.ColHours:
		return lang.L("Comfortable hours")
	case pool.ColOffers:
		return lang.L("Offers")
	case pool.ColWants:
		return lang.L("Wants")
	case pool.ColLanguages:
		return lang.L("Languages")
	}
	return field
}

// poolFieldText words a member's field error: the pool's own codes, then
// the shared ones.
func poolFieldText(e mentoring.FieldError) string {
	switch e.Code {
	case pool.CodeDuplicate:
		if row, _ := e.Args["Row"].(int); row > 0 {
			return lang.L("{{.Value}} is already used on line {{.Row}}", map[string]any{"Value": e.Args["Value"], "Row": row})
		}
		return lang.L("{{.Value}} is already in the pool", map[string]any{"Value": e.Args["Value"]})
	case pool.CodeUnknownZone:
		if sug, _ := e.Args["Suggestions"].([]string); len(sug) > 0 {
			return lang.L("{{.Value}} is no time zone; did you mean {{.Suggestions}}?", map[string]any{"Value": e.Args["Value"], "Suggestions": strings.Join(sug, ", ")})
		}
		return lang.L("{{.Value}} is no time zone; use a name such as Europe/Berlin", map[string]any{"Value": e.Args["Value"]})
	}
	return fieldText(e)
}

func personProblemsText(ps []mentoring.FieldError) string {
	var out []string
	for _, p := range ps {
		out = append(out, fieldLabel(p.Field)+" "+poolFieldText(p))
	}
	sort.Strings(out)
	return strings.Join(out, "; ")
}

// poolErrorText words the errors of matching a user meets.
func poolErrorText(err error) string {
	var ce *pool.ColumnError
	var ve *mentoring.ValidationError
	var ex *service.ExcludedError
	switch {
	case errors.As(err, &ce):
		return columnText(ce)
	case errors.As(err, &ve):
		return personProblemsText(ve.Fields)
	case errors.As(err, &ex):
		return lang.L("This pair cannot be accepted:") + " " + exclusionText(ex.Excluded)
	case errors.Is(err, service.ErrImportProblems):
		return lang.L("Some rows have problems; nothing was imported. Fix them in the file and import it again.")
	case errors.Is(err, service.ErrAlreadyPaired):
		return lang.L("One of the two already has a partnership from this pool.")
	case errors.Is(err, service.ErrForbiddenPair):
		return lang.L("This pair is marked never to be paired.")
	case errors.Is(err, service.ErrNotInPool):
		return lang.L("That person is not in the pool.")
	case errors.Is(err, service.ErrSamePerson):
		return lang.L("A pair needs two different people.")
	case errors.Is(err, service.ErrNotFromPool):
		return lang.L("This partnership was not made from a pool.")
	case errors.Is(err, storage.ErrExists):
		return lang.L("A pool with this name exists already.")
	case errors.Is(err, pool.ErrTooMany):
		return lang.L("The pool has more people than Twoway pairs at once ({{.Max}}).", map[string]any{"Max": pool.MaxPeople})
	case errors.Is(err, pool.ErrCSV):
		return lang.L("The file is not readable CSV.")
	}
	return errorText(err)
}

func exclusionText(e pool.Exclusion) string {
	switch e {
	case pool.ExcludedNoGain:
		return lang.L("neither offers what the other wants.")
	case pool.ExcludedOneWay:
		return lang.L("only one of them would learn something.")
	case pool.ExcludedNoOverlap, pool.ExcludedShortOverlap:
		return lang.L("their comfortable hours do not meet long enough in some weeks of the year.")
	}
	return string(e)
}

func columnText(ce *pool.ColumnError) string {
	switch ce.Code {
	case pool.ColCodeNoHeader:
		return lang.L("The file is empty: it needs a header row naming its columns.")
	case pool.ColCodeUnmapped:
		return lang.L("No column is read as {{.Field}}: choose one below.", map[string]any{"Field": fieldLabel(string(ce.Field))})
	case pool.ColCodeTwice:
		return lang.L("{{.Columns}} are all read as {{.Field}}, which takes one column.", map[string]any{"Columns": strings.Join(ce.Columns, ", "), "Field": fieldLabel(string(ce.Field))})
	case pool.ColCodeUnknown:
		return lang.L("The file has no column {{.Column}}.", map[string]any{"Column": ce.Column})
	}
	return ce.Error()
}
