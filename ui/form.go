package ui

import (
	"crypto/rand"
	"encoding/base32"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/mentoring"
)

// pairForm creates or edits a partnership. Each field has its own error
// line under it, filled from storage's validation, so a refused save says
// exactly what to fix where the user is looking.
type pairForm struct {
	u      *UI
	object fyne.CanvasObject
	p      mentoring.Partnership // what is being edited; ID 0 for a new one

	heading         *widget.Label
	summary         *widget.Label // "Please correct 2 fields" above the form
	title           *widget.Entry
	me, partner     personFields
	confidentiality *widget.Check
	positiveTone    *widget.Check
	noTimeWasting   *widget.Check
	rotate          *widget.Check
	firstLead       *widget.RadioGroup
	customRules     *widget.Entry
	from, until     *dateEntry
	link            *widget.Entry
	jitsi           *widget.Button
	saveBtn, cancel *widget.Button

	errs map[string]*widget.Label // field name (as storage names it) -> error line
	// zoneCands are the zones an ambiguous zone entry ("Springfield")
	// could mean, by field, for its error line.
	zoneCands map[string][]calendar.ZoneMatch

	clean string // the fields as edit filled them (snapshot)
}

// personFields are the inputs for one side of the partnership.
type personFields struct {
	name, email *widget.Entry
	zone        *widget.SelectEntry
	suggest     *zoneSuggestions
	hours       *widget.Entry
	offers      *widget.Entry
	wants       *widget.Entry
}

func newPairForm(u *UI) *pairForm {
	f := &pairForm{u: u, errs: map[string]*widget.Label{}, zoneCands: map[string][]calendar.ZoneMatch{}}
	f.heading = widget.NewLabel(lang.L("New partnership"))
	f.heading.SizeName = theme.SizeNameHeadingText
	f.heading.TextStyle.Bold = true
	f.summary = widget.NewLabel("")
	f.summary.Importance = widget.DangerImportance
	f.summary.Wrapping = fyne.TextWrapWord
	f.summary.Hide()

	f.title = newLineEntry()
	f.title.SetPlaceHolder(lang.L("e.g. Ana & Ben: leadership ⇄ social media"))
	f.me = f.newPersonFields()
	f.partner = f.newPersonFields()

	f.confidentiality = widget.NewCheck(ruleLabel(mentoring.RuleConfidentiality), nil)
	f.positiveTone = widget.NewCheck(ruleLabel(mentoring.RulePositiveTone), nil)
	f.noTimeWasting = widget.NewCheck(ruleLabel(mentoring.RuleNoTimeWasting), nil)
	f.customRules = multiLine(lang.L("Other rules you agreed, one per line"))
	f.rotate = widget.NewCheck(lang.L("Take turns leading sessions, so neither of you always drives the agenda"), func(on bool) {
		if on {
			f.firstLead.Enable()
		} else {
			f.firstLead.Disable()
		}
	})
	f.firstLead = widget.NewRadioGroup([]string{lang.L(leadMe), lang.L(leadPartner)}, nil)
	f.firstLead.Horizontal = true

	f.from = newDateEntry()
	f.until = newDateEntry()
	f.link = newEntryMax(maxLinkText)
	f.link.SetPlaceHolder(lang.L("https://meet.jit.si/… or a Zoom, Meet or Teams link"))
	f.jitsi = widget.NewButtonWithIcon(lang.L("New Jitsi room"), theme.MediaVideoIcon(), f.onNewJitsi)

	f.saveBtn = widget.NewButtonWithIcon(lang.L("Save"), theme.DocumentSaveIcon(), f.onSave)
	f.saveBtn.Importance = widget.HighImportance
	f.cancel = widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), func() { u.confirmLeave(f, u.cancelled, nil) })

	general := widget.NewForm(
		f.item(lang.L("Title"), "title", f.title),
	)
	sides := container.NewGridWithColumns(2,
		widget.NewCard(lang.L("Me"), "", f.personForm("me", f.me)),
		widget.NewCard(lang.L("Partner"), "", f.personForm("partner", f.partner)),
	)
	rules := newCard(lang.L("Ground rules"), lang.L("What you both agreed"),
		container.NewVBox(f.confidentiality, f.positiveTone, f.noTimeWasting, f.withError("rules", f.customRules),
			f.rotate, container.NewHBox(widget.NewLabel(lang.L("First to lead:")), f.firstLead)))
	programme := widget.NewCard(lang.L("Programme"), "", widget.NewForm(
		f.item(lang.L("Starts"), "from", f.from),
		f.item(lang.L("Ends"), "until", f.until),
		f.item(lang.L("Video call"), "link", container.NewBorder(nil, nil, nil, f.jitsi, f.link)),
	))
	clearOnChange(f.link, f.errs["link"])
	buttons := container.NewHBox(layout.NewSpacer(), f.cancel, f.saveBtn)
	body := container.NewVBox(f.heading, f.summary, general, sides, rules, programme)
	f.object = container.NewBorder(nil, container.NewPadded(buttons), nil, nil, container.NewVScroll(container.NewPadded(body)))
	return f
}

func (f *pairForm) newPersonFields() personFields {
	pf := personFields{
		name:   newLineEntry(),
		email:  newLineEntry(),
		zone:   widget.NewSelectEntry(nil),
		hours:  newLineEntry(),
		offers: multiLine(lang.L("What they can teach, one per line")),
		wants:  multiLine(lang.L("What they want to learn, one per line")),
	}
	limitText(&pf.zone.Entry, maxLineText)
	pf.email.SetPlaceHolder("name@example.org")
	pf.zone.SetPlaceHolder(lang.L("Type a city, e.g. Berlin"))
	pf.suggest = newZoneSuggestions(pf.zone)
	pf.hours.SetPlaceHolder("08:00-18:00")
	return pf
}

// zoneLang is the language whose zone names the user reads: German names
// ("Tokio", "Mitteleuropäische Zeit") first when lang speaks German.
func zoneLang() string { return lang.X("zone.language", "en") }

// maxZoneSuggestions is how many matches the list under a zone entry shows.
const maxZoneSuggestions = 8

// zoneSuggestions is the list under a zone entry while the user types:
// calendar.FindZones' matches as "Tokyo — Asia/Tokyo", and choosing one
// puts the IANA name in the entry. A pop-up has its own keyboard focus, so
// while it shows the list holds the focus, passes typing on to the entry
// and keeps Up, Down, Enter and Escape for itself. The entry's drop-down
// button offers the same matches.
type zoneSuggestions struct {
	widget.List
	entry    *widget.SelectEntry
	matches  []calendar.ZoneMatch
	labels   []string
	selected int
	popUp    *widget.PopUp
	quiet    bool // the entry's text is being set from a choice
}

func newZoneSuggestions(e *widget.SelectEntry) *zoneSuggestions {
	z := &zoneSuggestions{entry: e, selected: -1}
	z.List = widget.List{
		Length:     func() int { return len(z.labels) },
		CreateItem: func() fyne.CanvasObject { return widget.NewLabel("") },
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(z.labels[i]) },
		OnSelected: func(i widget.ListItemID) {
			if !z.quiet {
				z.choose(i)
			}
		},
	}
	z.ExtendBaseWidget(z)
	e.OnChanged = z.onChanged
	return z
}

// zoneLabel is how a suggestion reads: the name that matched and the zone
// it stands for, or the IANA name alone when that is what matched.
func zoneLabel(m calendar.ZoneMatch) string {
	if m.Kind == calendar.ZoneIANA {
		return m.Zone
	}
	return m.Title(zoneLang()) + " — " + m.Zone
}

// onChanged refreshes the matches on every edit, and shows them when the
// user is typing (not when the form is filled in by code).
func (z *zoneSuggestions) onChanged(typed string) {
	if z.quiet {
		return
	}
	for i, l := range z.labels {
		if l == typed { // chosen from the drop-down button's menu
			z.choose(i)
			return
		}
	}
	z.set(calendar.FindZonesIn(zoneLang(), typed, maxZoneSuggestions))
	if c := fyne.CurrentApp().Driver().CanvasForObject(z.entry); c != nil && (c.Focused() == z.entry || c.Focused() == z) {
		z.show(c)
	}
}

func (z *zoneSuggestions) set(ms []calendar.ZoneMatch) {
	z.matches, z.labels = ms, make([]string, len(ms))
	for i, m := range ms {
		z.labels[i] = zoneLabel(m)
	}
	z.entry.SetOptions(z.labels)
	z.selected = -1
	z.UnselectAll()
	z.Refresh()
}

// show puts the list under the entry, or hides it when nothing matches or
// the entry already holds the one match's IANA name.
func (z *zoneSuggestions) show(c fyne.Canvas) {
	if len(z.matches) == 0 || len(z.matches) == 1 && z.matches[0].Zone == z.entry.Text {
		z.hide()
		return
	}
	if z.popUp == nil {
		z.popUp = widget.NewPopUp(z, c)
	}
	row := widget.NewLabel("").MinSize().Height + theme.Padding()
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(z.entry).Add(fyne.NewPos(0, z.entry.Size().Height))
	z.popUp.ShowAtPosition(at)
	z.popUp.Resize(fyne.NewSize(z.entry.Size().Width, row*float32(len(z.labels))+theme.Padding()))
	c.Focus(z)
}

func (z *zoneSuggestions) hide() {
	if z.popUp != nil && z.popUp.Visible() {
		z.popUp.Hide()
	}
}

// visible reports whether the suggestions show.
func (z *zoneSuggestions) visible() bool { return z.popUp != nil && z.popUp.Visible() }

// choose puts the i-th match's IANA name into the entry.
func (z *zoneSuggestions) choose(i int) {
	if i < 0 || i >= len(z.matches) {
		return
	}
	zone := z.matches[i].Zone
	z.hide()
	z.quiet = true
	z.entry.SetText(zone)
	z.entry.CursorColumn = utf8.RuneCountInString(zone)
	z.quiet = false
	z.set(calendar.FindZonesIn(zoneLang(), zone, maxZoneSuggestions))
	if c := fyne.CurrentApp().Driver().CanvasForObject(z.entry); c != nil {
		c.Focus(z.entry)
	}
}

// FocusGained keeps the list focusable; the entry shows the cursor.
func (z *zoneSuggestions) FocusGained() {}

// FocusLost does nothing: the pop-up hides when tapped outside.
func (z *zoneSuggestions) FocusLost() {}

// TypedRune passes typing on to the entry.
func (z *zoneSuggestions) TypedRune(r rune) { z.entry.TypedRune(r) }

// TypedKey moves through the list with Up and Down, takes the highlighted
// match with Enter, closes with Escape and passes other keys on.
func (z *zoneSuggestions) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyDown, fyne.KeyUp:
		if len(z.matches) == 0 {
			return
		}
		if ev.Name == fyne.KeyDown {
			z.selected = (z.selected + 1) % len(z.matches)
		} else {
			z.selected = (z.selected - 1 + len(z.matches)) % len(z.matches)
		}
		z.ScrollTo(z.selected)
		z.quiet = true // highlight without choosing
		z.Select(z.selected)
		z.quiet = false
	case fyne.KeyReturn, fyne.KeyEnter:
		if z.selected >= 0 {
			z.choose(z.selected)
			return
		}
		z.hide()
		z.entry.TypedKey(ev)
	case fyne.KeyEscape:
		z.hide()
		if c := fyne.CurrentApp().Driver().CanvasForObject(z.entry); c != nil {
			c.Focus(z.entry)
		}
	default:
		z.entry.TypedKey(ev)
	}
}

func (f *pairForm) personForm(side string, pf personFields) fyne.CanvasObject {
	return widget.NewForm(
		f.item(lang.L("Name"), side+".name", pf.name),
		f.item(lang.L("Email"), side+".email", pf.email),
		f.item(lang.L("Time zone"), side+".zone", pf.zone),
		f.item(lang.L("Comfortable hours"), side+".hours", pf.hours),
		f.item(lang.L("Offers to teach"), side+".offers", pf.offers),
		f.item(lang.L("Wants to learn"), side+".wants", pf.wants),
	)
}

// item is a form row whose widget carries an error line for field.
func (f *pairForm) item(label, field string, w fyne.CanvasObject) *widget.FormItem {
	return widget.NewFormItem(label, f.withError(field, w))
}

func (f *pairForm) withError(field string, w fyne.CanvasObject) fyne.CanvasObject {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	f.errs[field] = l
	clearOnChange(w, l)
	return container.NewVBox(w, l)
}

// clearOnChange hides an error line as soon as the user edits its input.
func clearOnChange(input fyne.CanvasObject, l *widget.Label) {
	hide := func() {
		if l.Visible() {
			l.SetText("")
			l.Hide()
		}
	}
	var e *widget.Entry
	switch w := input.(type) {
	case *widget.Entry:
		e = w
	case *widget.SelectEntry:
		e = &w.Entry
	case *dateEntry:
		// DateEntry owns its Entry.OnChanged; it reports through its own.
		w.OnChanged = func(*time.Time) { hide() }
		return
	default:
		return
	}
	prev := e.OnChanged
	e.OnChanged = func(s string) {
		if prev != nil {
			prev(s)
		}
		hide()
	}
}

func (f *pairForm) widgetFor(field string) fyne.CanvasObject {
	side := map[string]*personFields{"me": &f.me, "partner": &f.partner}
	if s, rest, ok := strings.Cut(field, "."); ok {
		pf := side[s]
		switch rest {
		case "name":
			return pf.name
		case "email":
			return pf.email
		case "zone":
			return pf.zone
		case "hours":
			return pf.hours
		case "offers":
			return pf.offers
		case "wants":
			return pf.wants
		}
	}
	switch field {
	case "title":
		return f.title
	case "link":
		return f.link
	case "rules":
		return f.customRules
	}
	return nil
}

// The first-leader choices, in English (the radio group shows them through
// lang.L); the form speaks of roles because the names are still being typed.
const (
	leadMe      = "Me"
	leadPartner = "My partner"
)

func multiLine(placeholder string) *widget.Entry {
	e := widget.NewMultiLineEntry()
	e.SetPlaceHolder(placeholder)
	e.SetMinRowsVisible(3)
	e.Wrapping = fyne.TextWrapWord
	limitText(e, maxEntryText)
	return e
}

// edit fills the form from p.
func (f *pairForm) edit(p mentoring.Partnership) {
	f.p = p
	if p.ID == 0 {
		f.heading.SetText(lang.L("New partnership"))
	} else {
		f.heading.SetText(lang.L("Edit “{{.Title}}”", map[string]any{"Title": p.Title}))
	}
	f.title.SetText(p.Title)
	f.me.set(p.Me)
	f.partner.set(p.Partner)
	f.confidentiality.SetChecked(p.Rules.Confidentiality)
	f.positiveTone.SetChecked(p.Rules.PositiveTone)
	f.noTimeWasting.SetChecked(p.Rules.NoTimeWasting)
	f.customRules.SetText(strings.Join(p.Rules.Custom, "\n"))
	f.firstLead.SetSelected(lang.L(leadMe))
	if p.FirstLead == mentoring.SidePartner {
		f.firstLead.SetSelected(lang.L(leadPartner))
	}
	f.rotate.SetChecked(p.RotateLead)
	f.rotate.OnChanged(p.RotateLead)
	f.from.SetDate(dateTime(p.From))
	f.until.SetDate(dateTime(p.Until))
	f.link.SetText(p.Link)
	f.clearErrors()
	f.clean = f.snapshot()
}

func (f *pairForm) snapshot() string {
	return fieldState(f.title, f.me.name, f.me.email, f.me.zone, f.me.hours, f.me.offers, f.me.wants,
		f.partner.name, f.partner.email, f.partner.zone, f.partner.hours, f.partner.offers, f.partner.wants,
		f.confidentiality, f.positiveTone, f.noTimeWasting, f.customRules, f.firstLead, f.rotate,
		f.from, f.until, f.link)
}

func (f *pairForm) dirty() bool { return f.snapshot() != f.clean }

func (f *pairForm) what() string {
	if f.p.ID == 0 {
		return lang.L("the new partnership")
	}
	return lang.L("“{{.Title}}”", map[string]any{"Title": f.p.Title})
}

// saveThen saves and then, instead of showing the saved partnership, runs
// then (the user was on their way elsewhere).
func (f *pairForm) saveThen(then func()) {
	f.save(func(int64) {
		f.clean = f.snapshot()
		then()
	})
}

func (pf personFields) set(p mentoring.Person) {
	pf.name.SetText(p.Name)
	pf.email.SetText(p.Email)
	pf.zone.SetText(p.Zone)
	if p.Hours != (calendar.Window{}) {
		pf.hours.SetText(p.Hours.String())
	} else {
		pf.hours.SetText("")
	}
	pf.offers.SetText(strings.Join(p.Offers, "\n"))
	pf.wants.SetText(strings.Join(p.Wants, "\n"))
}

func dateTime(d calendar.Date) *time.Time {
	if d.IsZero() {
		return nil
	}
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.Local)
	return &t
}

func (f *pairForm) clearErrors() {
	f.zoneCands = map[string][]calendar.ZoneMatch{}
	for _, l := range f.errs {
		l.SetText("")
		l.Hide()
	}
	f.summary.Hide()
}

// read builds the partnership the form describes, with the errors of fields
// that could not even be parsed.
func (f *pairForm) read() (mentoring.Partnership, []mentoring.FieldError) {
	p := f.p
	var errs []mentoring.FieldError
	p.Title = f.title.Text
	for _, side := range []struct {
		key string
		pf  personFields
		p   *mentoring.Person
	}{{"me", f.me, &p.Me}, {"partner", f.partner, &p.Partner}} {
		side.p.Name = side.pf.name.Text
		side.p.Email = side.pf.email.Text
		side.p.Zone = f.readZone(side.key+".zone", side.pf.zone.Text)
		w, err := calendar.ParseWindow(side.pf.hours.Text)
		if err != nil {
			errs = append(errs, mentoring.FieldError{Field: side.key + ".hours", Code: hoursCode(err), Args: mentoring.Args{"Value": side.pf.hours.Text}})
		}
		side.p.Hours = w
		side.p.Offers = lines(side.pf.offers.Text)
		side.p.Wants = lines(side.pf.wants.Text)
	}
	p.Rules = mentoring.GroundRules{
		Confidentiality: f.confidentiality.Checked,
		PositiveTone:    f.positiveTone.Checked,
		NoTimeWasting:   f.noTimeWasting.Checked,
		Custom:          lines(f.customRules.Text),
	}
	p.RotateLead = f.rotate.Checked
	p.FirstLead = mentoring.SideMe
	if f.firstLead.Selected == lang.L(leadPartner) {
		p.FirstLead = mentoring.SidePartner
	}
	for _, d := range []struct {
		field string
		entry *dateEntry
		date  *calendar.Date
	}{{"from", f.from, &p.From}, {"until", f.until, &p.Until}} {
		var msg string
		if *d.date, msg = readDate(d.entry); msg != "" {
			errs = append(errs, mentoring.FieldError{Field: d.field, Code: mentoring.CodeDate, Args: mentoring.Args{"Value": d.entry.Text}})
		}
	}
	p.Link = f.link.Text
	return p, errs
}

// readZone is the IANA zone a zone entry names ("Tokyo" is Asia/Tokyo).
// An ambiguous or unknown entry stays as typed, for validation to refuse;
// an ambiguous one keeps its candidates for the error line and the
// drop-down.
func (f *pairForm) readZone(field, typed string) string {
	if strings.TrimSpace(typed) == "" {
		return typed
	}
	zone, cands, err := calendar.ResolveZoneIn(zoneLang(), typed)
	switch {
	case err == nil:
		return zone
	case errors.Is(err, calendar.ErrAmbiguousZone):
		f.zoneCands[field] = cands
	}
	return typed
}

// hoursCode says why typed hours did not parse.
func hoursCode(err error) mentoring.Code {
	switch {
	case errors.Is(err, calendar.ErrClockRange):
		return mentoring.CodeClockRange
	case errors.Is(err, calendar.ErrClockFormat):
		return mentoring.CodeClockFormat
	case errors.Is(err, calendar.ErrEmptyWindow):
		return mentoring.CodeEmptyHours
	}
	return mentoring.CodeHours
}

// readDate returns the entry's date; a typed text that is not a date is an
// error rather than silently keeping the previous date.
func readDate(e *dateEntry) (calendar.Date, string) {
	if strings.TrimSpace(e.Text) == "" {
		return calendar.Date{}, ""
	}
	if e.Validator != nil {
		if err := e.Validator(e.Text); err != nil {
			return calendar.Date{}, lang.L("{{.Text}} is not a date: write it like {{.Formats}}, or pick one from the calendar",
				map[string]any{"Text": strconv.Quote(e.Text), "Formats": dateFormats(e)})
		}
	}
	if e.Date == nil {
		return calendar.Date{}, ""
	}
	return calendar.DateOf(*e.Date), ""
}

func lines(s string) []string {
	return strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
}

// onSave validates and stores the partnership, then shows it.
func (f *pairForm) onSave() { f.save(f.u.saved) }

// save validates and stores the partnership, then runs then with its id;
// nothing is written unless every field is valid.
func (f *pairForm) save(then func(id int64)) {
	f.clearErrors()
	p, errs := f.read()
	p.Normalize()
	if err := p.Validate(); err != nil {
		var ve *mentoring.ValidationError
		if errors.As(err, &ve) {
			errs = append(errs, ve.Fields...)
		}
	}
	if len(errs) > 0 {
		f.showErrors(errs)
		return
	}
	var id int64
	var err error
	f.saveBtn.Disable()
	f.u.Run(func() {
		if p.ID == 0 {
			id, err = f.u.db().CreatePartnership(f.u.ctx, &p)
		} else {
			id, err = p.ID, f.u.db().UpdatePartnership(f.u.ctx, &p)
		}
	}, func() {
		f.saveBtn.Enable()
		var ve *mentoring.ValidationError
		if errors.As(err, &ve) {
			f.showErrors(ve.Fields)
			return
		}
		if err != nil {
			f.u.showError(lang.L("Could not save the partnership"), err)
			return
		}
		then(id)
	})
}

func (f *pairForm) showErrors(errs []mentoring.FieldError) {
	seen := map[string]bool{}
	for _, e := range errs {
		if seen[e.Field] {
			continue
		}
		seen[e.Field] = true
		if l := f.errs[e.Field]; l != nil {
			l.SetText(sentence(fieldText(e)))
			if cands := f.zoneCands[e.Field]; len(cands) > 0 {
				l.SetText(f.ambiguousZone(e.Field, cands))
			}
			l.Show()
		}
	}
	n := len(seen)
	f.summary.SetText(lang.N("Please correct the {{.Count}} fields marked below.", n, map[string]any{"Count": n}))
	f.summary.Show()
	if w, ok := f.widgetFor(errs[0].Field).(fyne.Focusable); ok {
		f.u.win.Canvas().Focus(w)
	}
}

// ambiguousZone words an entry that names several zones, and offers them
// in the entry's drop-down.
func (f *pairForm) ambiguousZone(field string, cands []calendar.ZoneMatch) string {
	pf := f.me
	if strings.HasPrefix(field, "partner.") {
		pf = f.partner
	}
	pf.suggest.set(cands)
	names := make([]string, len(cands))
	for i, c := range cands {
		names[i] = zoneLabel(c)
	}
	return lang.L("{{.Value}} could be more than one time zone; choose one from the list: {{.Zones}}",
		map[string]any{"Value": strconv.Quote(pf.zone.Text), "Zones": strings.Join(names, "; ")})
}

// sentence capitalises a validation message for display on its own line.
// It works on the first rune, not byte, so a message starting with "ä"
// or "é" stays valid UTF-8.
func sentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// onNewJitsi fills the link with a fresh, unguessable Jitsi Meet room.
func (f *pairForm) onNewJitsi() {
	f.link.SetText(NewJitsiLink())
}

// NewJitsiLink returns a new Jitsi Meet room URL with 80 random bits, so
// strangers cannot guess their way into the call.
func NewJitsiLink() string {
	b := make([]byte, 10)
	rand.Read(b)
	return "https://meet.jit.si/Twoway-" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}
