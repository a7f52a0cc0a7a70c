package ui

// Twoway's words in the user's language. Every text the screens show goes
// through Fyne's lang package (lang.L for a sentence that is its own key,
// lang.N when it depends on a count, lang.X for a date layout), which
// picks the translation from the system locale. The translations live in
// translations/<language>.json; i18n_test.go checks that every key the code
// uses is there in each language.

import (
	"embed"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/calendar/ics"
	"github.com/twoway-app/twoway/internal/mentoring"
)

//go:embed translations
var translations embed.FS

func init() {
	if err := lang.AddTranslationsFS(translations, "translations"); err != nil {
		fyne.LogError("Could not load Twoway's translations", err)
	}
}

// weekdayName is a day's full name, as Go's time package gives it in English.
func weekdayName(d time.Weekday) string {
	switch d {
	case time.Monday:
		return lang.L("Monday")
	case time.Tuesday:
		return lang.L("Tuesday")
	case time.Wednesday:
		return lang.L("Wednesday")
	case time.Thursday:
		return lang.L("Thursday")
	case time.Friday:
		return lang.L("Friday")
	case time.Saturday:
		return lang.L("Saturday")
	case time.Sunday:
		return lang.L("Sunday")
	}
	return d.String()
}

// weekdayShort is a day's abbreviation, "Mon" in English.
func weekdayShort(d time.Weekday) string {
	switch d {
	case time.Monday:
		return lang.X("day.Mon", "Mon")
	case time.Tuesday:
		return lang.X("day.Tue", "Tue")
	case time.Wednesday:
		return lang.X("day.Wed", "Wed")
	case time.Thursday:
		return lang.X("day.Thu", "Thu")
	case time.Friday:
		return lang.X("day.Fri", "Fri")
	case time.Saturday:
		return lang.X("day.Sat", "Sat")
	case time.Sunday:
		return lang.X("day.Sun", "Sun")
	}
	return d.String()[:3]
}

// monthNames are the full and short names of each month, January first.
func monthNames() [12][2]string {
	return [12][2]string{
		{lang.L("January"), lang.X("month.Jan", "Jan")},
		{lang.L("February"), lang.X("month.Feb", "Feb")},
		{lang.L("March"), lang.X("month.Mar", "Mar")},
		{lang.L("April"), lang.X("month.Apr", "Apr")},
		{lang.X("month.May.long", "May"), lang.X("month.May", "May")},
		{lang.L("June"), lang.X("month.Jun", "Jun")},
		{lang.L("July"), lang.X("month.Jul", "Jul")},
		{lang.L("August"), lang.X("month.Aug", "Aug")},
		{lang.L("September"), lang.X("month.Sep", "Sep")},
		{lang.L("October"), lang.X("month.Oct", "Oct")},
		{lang.L("November"), lang.X("month.Nov", "Nov")},
		{lang.L("December"), lang.X("month.Dec", "Dec")},
	}
}

// formatTime is t.Format(layout) with the day and month names in the
// user's language. layout comes from lang.X, so a language can also order
// the parts its own way ("2. Jan" in German). In English it is exactly
// t.Format(layout).
func formatTime(t time.Time, layout string) string {
	out := t.Format(layout)
	// Full names first: the replacer tries its pairs in order, and "Mon"
	// would otherwise match the start of "Monday".
	var full, short []string
	for d := time.Sunday; d <= time.Saturday; d++ {
		if n := weekdayName(d); n != d.String() {
			full = append(full, d.String(), n)
		}
		if n := weekdayShort(d); n != d.String()[:3] {
			short = append(short, d.String()[:3], n)
		}
	}
	for i, names := range monthNames() {
		m := time.Month(i + 1)
		if names[0] != m.String() {
			full = append(full, m.String(), names[0])
		}
		if names[1] != m.String()[:3] {
			short = append(short, m.String()[:3], names[1])
		}
	}
	if len(full)+len(short) == 0 {
		return out
	}
	return strings.NewReplacer(append(full, short...)...).Replace(out)
}

// statusLabel names a topic status; mentoring.TopicStatus.Label in English.
func statusLabel(st mentoring.TopicStatus) string {
	switch st {
	case mentoring.TopicProposed:
		return lang.L("Proposed")
	case mentoring.TopicAgreed:
		return lang.L("Agreed")
	case mentoring.TopicInProgress:
		return lang.L("In progress")
	case mentoring.TopicDone:
		return lang.L("Done")
	case mentoring.TopicDropped:
		return lang.L("Dropped")
	}
	return string(st)
}

// direction says who teaches whom in a topic taught by side
// (mailtext.Direction in English).
func direction(p mentoring.Partnership, side mentoring.Side) string {
	me, partner := mentoring.FirstName(p.Me.Name), mentoring.FirstName(p.Partner.Name)
	switch side {
	case mentoring.SideMe:
		return lang.L("{{.Teacher}} teaches {{.Learner}}", map[string]any{"Teacher": me, "Learner": partner})
	case mentoring.SidePartner:
		return lang.L("{{.Teacher}} teaches {{.Learner}}", map[string]any{"Teacher": partner, "Learner": me})
	}
	return lang.L("{{.Me}} and {{.Partner}} teach each other", map[string]any{"Me": me, "Partner": partner})
}

// sideName is who side is in partnership p: a first name, or both.
func sideName(p mentoring.Partnership, side mentoring.Side) string {
	switch side {
	case mentoring.SideMe:
		return mentoring.FirstName(p.Me.Name)
	case mentoring.SidePartner:
		return mentoring.FirstName(p.Partner.Name)
	case mentoring.SideBoth:
		return lang.L("Both")
	}
	return ""
}

// ruleLabel shows one of the usual ground rules in the user's language.
func ruleLabel(rule mentoring.UsualRule) string {
	switch rule {
	case mentoring.RuleConfidentiality:
		return lang.L("What we share stays between us")
	case mentoring.RulePositiveTone:
		return lang.L("Keep a positive, constructive tone")
	case mentoring.RuleNoTimeWasting:
		return lang.L("Respect each other's time: start on time, come prepared")
	}
	return string(rule)
}

// describeResponse says in a sentence what the partner answered, with a
// proposed time in both partners' local times.
func describeResponse(p mentoring.Partnership, r mentoring.Response) string {
	me, partner, err := p.People()
	if err != nil {
		return r.Method + " " + r.PartStat
	}
	day := formatTime(r.RecurrenceID.In(me.Zone), lang.X("layout.weekdayDay", "Mon 2 Jan"))
	layout := lang.X("layout.weekdayDayClock", "Mon 2 Jan 15:04")
	mine, theirs := formatTime(r.ProposedStart.In(me.Zone), layout), formatTime(r.ProposedStart.In(partner.Zone), layout)
	answer := strings.ToLower(r.PartStat)
	series := r.RecurrenceID.IsZero()
	var out string
	switch {
	case r.Method == ics.MethodCounter && series:
		out = lang.L("{{.Partner}} proposes a new time for the series: {{.MyTime}} for {{.Me}}, {{.PartnerTime}} for {{.Partner}}.",
			map[string]any{"Partner": partner.Name, "Me": me.Name, "MyTime": mine, "PartnerTime": theirs})
	case r.Method == ics.MethodCounter:
		out = lang.L("{{.Partner}} proposes a new time for the session of {{.Day}}: {{.MyTime}} for {{.Me}}, {{.PartnerTime}} for {{.Partner}}.",
			map[string]any{"Partner": partner.Name, "Me": me.Name, "Day": day, "MyTime": mine, "PartnerTime": theirs})
	case series && r.PartStat == "ACCEPTED":
		out = lang.L("{{.Partner}} accepted the series.", map[string]any{"Partner": partner.Name})
	case series && r.PartStat == "DECLINED":
		out = lang.L("{{.Partner}} declined the series.", map[string]any{"Partner": partner.Name})
	case series && r.PartStat == "TENTATIVE":
		out = lang.L("{{.Partner}} tentatively accepted the series.", map[string]any{"Partner": partner.Name})
	case series:
		out = lang.L("{{.Partner}} answered the series ({{.Answer}}).", map[string]any{"Partner": partner.Name, "Answer": answer})
	case r.PartStat == "ACCEPTED":
		out = lang.L("{{.Partner}} accepted the session of {{.Day}}.", map[string]any{"Partner": partner.Name, "Day": day})
	case r.PartStat == "DECLINED":
		out = lang.L("{{.Partner}} declined the session of {{.Day}}.", map[string]any{"Partner": partner.Name, "Day": day})
	case r.PartStat == "TENTATIVE":
		out = lang.L("{{.Partner}} tentatively accepted the session of {{.Day}}.", map[string]any{"Partner": partner.Name, "Day": day})
	default:
		out = lang.L("{{.Partner}} answered the session of {{.Day}} ({{.Answer}}).", map[string]any{"Partner": partner.Name, "Day": day, "Answer": answer})
	}
	if r.Comment != "" {
		out += " “" + r.Comment + "”"
	}
	return out
}

// healthText words how the series is going (mentoring.Health), with dates
// in loc: the first sentence the headline, the second the programme's end.
func healthText(h mentoring.Health, loc *time.Location) string {
	var text string
	switch h.Status {
	case mentoring.HealthNoSchedule:
		text = lang.L("No schedule yet.")
	case mentoring.HealthNotStarted:
		text = lang.L("First session {{.When}}.", map[string]any{
			"When": formatTime(h.Next.In(loc), lang.X("layout.weekdayDayClock", "Mon 2 Jan 15:04"))})
	case mentoring.HealthUnlogged:
		text = lang.N("Not logged yet: {{.Count}} sessions since {{.Since}} ({{.Tally}}).", h.RunUnlogged, map[string]any{
			"Count": h.RunUnlogged, "Since": formatTime(h.UnloggedSince.In(loc), lang.X("layout.dayMonth", "2 Jan")), "Tally": tallyText(h)})
	case mentoring.HealthMissed:
		text = lang.N("{{.Count}} sessions skipped in a row since {{.Since}} ({{.Tally}}).", h.Missed, map[string]any{
			"Count": h.Missed, "Since": formatTime(h.MissedSince.In(loc), lang.X("layout.dayMonth", "2 Jan")), "Tally": tallyText(h)})
	case mentoring.HealthOnTrack:
		text = lang.L("On track: {{.Held}} of {{.Past}} sessions held.", map[string]any{"Held": h.Held, "Past": h.Past})
	default:
		text = lang.L("Back on track: the last session was held ({{.Tally}}).", map[string]any{"Tally": tallyText(h)})
	}
	if h.Ends.IsZero() {
		return text
	}
	ends := formatTime(h.Ends.At(0, time.UTC), lang.X("layout.date", "2 Jan 2006"))
	switch {
	case h.Ended:
		text += " " + lang.L("The programme ended on {{.Date}}.", map[string]any{"Date": ends})
	case h.HasSchedule:
		text += " " + lang.N("The programme ends on {{.Date}} (in {{.Count}} weeks, {{.Sessions}} to go).", h.WeeksLeft,
			map[string]any{"Date": ends, "Count": h.WeeksLeft, "Sessions": lang.N("{{.Count}} sessions", h.SessionsLeft, map[string]any{"Count": h.SessionsLeft})})
	default:
		text += " " + lang.N("The programme ends on {{.Date}} (in {{.Count}} weeks).", h.WeeksLeft, map[string]any{"Date": ends, "Count": h.WeeksLeft})
	}
	return text
}

// tallyText is what became of the past sessions, adding up to all of
// them: "2 of 4 held, 1 skipped, 1 not logged".
func tallyText(h mentoring.Health) string {
	t := lang.L("{{.Held}} of {{.Past}} held", map[string]any{"Held": h.Held, "Past": h.Past})
	if h.Skipped > 0 {
		t += ", " + lang.L("{{.Count}} skipped", map[string]any{"Count": h.Skipped})
	}
	if h.Unlogged > 0 {
		t += ", " + lang.L("{{.Count}} not logged", map[string]any{"Count": h.Unlogged})
	}
	return t
}

// hintText words the balance card's suggestion (mentoring.Reciprocity).
func hintText(p mentoring.Partnership, r mentoring.Reciprocity) string {
	me, partner := mentoring.FirstName(p.Me.Name), mentoring.FirstName(p.Partner.Name)
	dominant, other, share := me, partner, r.MeShare
	if r.Dominant == mentoring.SidePartner {
		dominant, other, share = partner, me, 1-r.MeShare
	}
	pct := func(f float64) string { return fmt.Sprintf("%.0f", 100*f) }
	quoted := "“" + r.Suggestion + "”"
	switch r.Hint {
	case mentoring.HintLedMostly:
		if r.Suggestion == "" {
			return lang.L("{{.Leader}} has led {{.Share}}% of the time so far. Perhaps {{.Other}} leads the next session, on something {{.Other}} offers.",
				map[string]any{"Leader": dominant, "Share": pct(share), "Other": other})
		}
		return lang.L("{{.Leader}} has led {{.Share}}% of the time so far. Perhaps {{.Other}} leads the next session, on {{.Topic}}.",
			map[string]any{"Leader": dominant, "Share": pct(share), "Other": other, "Topic": quoted})
	case mentoring.HintTeachesAll:
		if r.Suggestion == "" {
			return lang.L("Every topic so far has {{.Teacher}} teaching. Add one {{.Other}} teaches: what does {{.Learner}} want to learn?",
				map[string]any{"Teacher": dominant, "Other": other, "Learner": dominant})
		}
		return lang.L("Every topic so far has {{.Teacher}} teaching. Add one {{.Other}} teaches: {{.Topic}}.",
			map[string]any{"Teacher": dominant, "Other": other, "Topic": quoted})
	case mentoring.HintEarly:
		return lang.L("Early days: {{.Me}} has led {{.MeShare}}% of the time so far, {{.Partner}} {{.PartnerShare}}%.",
			map[string]any{"Me": me, "MeShare": pct(r.MeShare), "Partner": partner, "PartnerShare": pct(1 - r.MeShare)})
	case mentoring.HintBalanced:
		return lang.L("A two-way exchange: {{.Me}} led {{.MeShare}}% of the time, {{.Partner}} {{.PartnerShare}}%.",
			map[string]any{"Me": me, "MeShare": pct(r.MeShare), "Partner": partner, "PartnerShare": pct(1 - r.MeShare)})
	}
	return lang.L("Nothing logged yet: mark sessions held and note who led, and this shows the balance.")
}

// agendaText words a drafted agenda (mentoring.AgendaDraft) in the user's
// language, for them to edit before it goes to the partner.
func agendaText(p mentoring.Partnership, d mentoring.AgendaDraft) string {
	var parts []string
	if d.Leader != "" {
		parts = append(parts, lang.L("{{.Name}} leads this session.", map[string]any{"Name": sideName(p, d.Leader)}))
	}
	if d.LastNotes != "" {
		parts = append(parts, lang.L("From last time ({{.Date}}):", map[string]any{
			"Date": formatTime(d.LastHeld.In(mentoring.ZoneOrUTC(p.Me.Zone)), lang.X("layout.dayMonth", "2 Jan"))})+"\n"+d.LastNotes)
	}
	topics := func(title string, ts []mentoring.Topic, more int) {
		if len(ts) == 0 {
			return
		}
		lines := []string{title}
		for _, t := range ts {
			lines = append(lines, "- "+t.Title+" ("+direction(p, t.Teacher)+")")
		}
		if more > 0 {
			lines = append(lines, "- "+lang.L("and {{.Count}} more", map[string]any{"Count": more}))
		}
		parts = append(parts, strings.Join(lines, "\n"))
	}
	topics(lang.L("Carried over from last time:"), d.Carried, d.MoreCarried)
	topics(lang.L("In progress:"), d.Progress, d.MoreProgress)
	topics(lang.L("Next up:"), d.Upcoming, d.MoreUpcoming)
	if len(d.Actions) > 0 {
		lines := []string{lang.L("Open action items:")}
		for _, a := range d.Actions {
			lines = append(lines, "- "+actionText(p, a))
		}
		if d.MoreActions > 0 {
			lines = append(lines, "- "+lang.L("and {{.Count}} more", map[string]any{"Count": d.MoreActions}))
		}
		parts = append(parts, strings.Join(lines, "\n"))
	}
	text := strings.Join(parts, "\n\n")
	if r := []rune(text); len(r) > mentoring.MaxAgenda {
		text = string(r[:mentoring.MaxAgenda-1]) + "…"
	}
	return text
}

// fieldText says what is wrong with a field (mentoring.FieldError) as a
// phrase that follows the field's name; a problem in one entry of a list
// names the entry.
func fieldText(e mentoring.FieldError) string {
	text := problemText(e.Code, e.Args)
	if entry, ok := e.Args["Entry"]; ok {
		return lang.L("entry {{.Entry}} {{.Problem}}", map[string]any{"Entry": strconv.Quote(fmt.Sprint(entry)), "Problem": text})
	}
	return text
}

func problemText(c mentoring.Code, a mentoring.Args) string {
	value := strconv.Quote(fmt.Sprint(a["Value"]))
	switch c {
	case mentoring.CodeRequired:
		return lang.L("is required")
	case mentoring.CodeInvalidText:
		return lang.L("contains invalid characters")
	case mentoring.CodeTooLong:
		return lang.L("is longer than {{.Max}} characters", map[string]any{"Max": a["Max"]})
	case mentoring.CodeLineBreak:
		return lang.L("must be a single line")
	case mentoring.CodeTab:
		return lang.L("contains a tab; use spaces")
	case mentoring.CodeNUL:
		return lang.L("contains a NUL byte")
	case mentoring.CodeControl:
		return lang.L("contains the control character {{.Char}}", map[string]any{"Char": a["Char"]})
	case mentoring.CodeTooMany:
		return lang.L("has more than {{.Max}} entries", map[string]any{"Max": a["Max"]})
	case mentoring.CodeEmail:
		return lang.L("{{.Value}} is not an email address (want name@example.org)", map[string]any{"Value": value})
	case mentoring.CodeLink:
		return lang.L("{{.Value}} is not a web link (want https://...)", map[string]any{"Value": value})
	case mentoring.CodeZoneRequired:
		return lang.L("is required: type a city and pick its zone")
	case mentoring.CodeZone:
		return lang.L("Unknown time zone {{.Value}}: type a city and pick its zone", map[string]any{"Value": value})
	case mentoring.CodeHours:
		return lang.L("{{.Value}} is not a range of hours (want 08:00-17:00)", map[string]any{"Value": value})
	case mentoring.CodeClockFormat:
		return lang.L("{{.Value}}: want HH:MM-HH:MM, e.g. 08:00-18:00", map[string]any{"Value": value})
	case mentoring.CodeClockRange:
		return lang.L("{{.Value}}: hours run 00-23 and minutes 00-59", map[string]any{"Value": value})
	case mentoring.CodeEmptyHours:
		return lang.L("the hours must not start when they end")
	case mentoring.CodeYear:
		return lang.L("the year {{.Year}} is out of range; choose a date between {{.Min}} and {{.Max}}",
			map[string]any{"Year": a["Year"], "Min": a["Min"], "Max": a["Max"]})
	case mentoring.CodeDate:
		return lang.L("{{.Text}} is not a date: pick one from the calendar", map[string]any{"Text": value})
	case mentoring.CodeEndsBeforeStart:
		return lang.L("the programme ends ({{.End}}) before it starts ({{.Start}})", map[string]any{"End": dateArg(a["End"]), "Start": dateArg(a["Start"])})
	case mentoring.CodeSide:
		return lang.L("{{.Value}} is not me, partner or both", map[string]any{"Value": value})
	case mentoring.CodeOwner:
		return lang.L("{{.Value}} is not me or partner", map[string]any{"Value": value})
	case mentoring.CodeStatus:
		return lang.L("{{.Value}} is not a topic status", map[string]any{"Value": value})
	case mentoring.CodeOutcome:
		return lang.L("{{.Value}} is not held, skipped or moved", map[string]any{"Value": value})
	case mentoring.CodeRange:
		return lang.L("must be between {{.Min}} and {{.Max}}", map[string]any{"Min": a["Min"], "Max": a["Max"]})
	case mentoring.CodeNotANumber:
		return lang.L("{{.Text}} is not a number (usually 465 or 587)", map[string]any{"Text": value})
	case mentoring.CodeTopicLimit:
		return lang.L("a partnership holds at most {{.Max}} topics", map[string]any{"Max": a["Max"]})
	case mentoring.CodeNotInPair:
		return lang.L("is not one of this partnership's")
	case mentoring.CodeHost:
		return lang.L("{{.Value}} is not a server name (want smtp.example.org, without port or scheme)", map[string]any{"Value": value})
	case mentoring.CodePort:
		return lang.L("{{.Value}} is not a port (want 1-65535, usually 465 or 587)", map[string]any{"Value": a["Value"]})
	case mentoring.CodeSecurity:
		return lang.L("{{.Value}} is not one of tls, starttls, plain", map[string]any{"Value": value})
	case mentoring.CodeChooseSecurity:
		return lang.L("choose how the connection is protected")
	case mentoring.CodePlainRemote:
		return lang.L("plain (unencrypted) is only allowed to this computer (localhost); choose tls or starttls")
	case mentoring.CodeServerURL:
		return lang.L("{{.Value}} is not a server address (want https://dav.example.org/)", map[string]any{"Value": value})
	case mentoring.CodeURLCredentials:
		return lang.L("must not contain a user name or password; use the user name field")
	case mentoring.CodePlainHTTP:
		return lang.L("plain http is only allowed to this computer (localhost); use https")
	case mentoring.CodePath:
		return lang.L("{{.Value}} is not a path on the server (want /user/calendar/)", map[string]any{"Value": value})
	case mentoring.CodeBeforeProgramme:
		return lang.L("{{.Date}} is before the programme starts ({{.From}})", map[string]any{"Date": dateArg(a["Date"]), "From": dateArg(a["From"])})
	case mentoring.CodeAfterProgramme:
		return lang.L("{{.Date}} is after the programme ends ({{.Until}}): end sooner, or move the programme's end",
			map[string]any{"Date": dateArg(a["Date"]), "Until": dateArg(a["Until"])})
	case mentoring.CodeNotYet:
		return lang.L("the session of {{.Date}} has not taken place yet: log it as held once it has", map[string]any{"Date": dateArg(a["Date"])})
	case mentoring.CodeNoCalendar:
		return lang.L("choose the calendar to publish into (Test connection lists them)")
	}
	return string(c)
}

// dateArg shows a date argument of a field error in the user's format.
func dateArg(v any) string {
	if d, ok := v.(calendar.Date); ok && !d.IsZero() {
		return formatTime(d.At(0, time.UTC), lang.X("layout.date", "2 Jan 2006"))
	}
	return fmt.Sprint(v)
}

// comfortText says whether the sessions suit both partners
// (calendar.OutsideHours), in the user's language.
func comfortText(checks []calendar.Check, me, partner calendar.Person) string {
	n := len(checks)
	if n == 0 {
		return lang.L("No sessions.")
	}
	var parts []string
	for _, who := range []struct {
		p       calendar.Person
		partner bool
	}{{me, false}, {partner, true}} {
		if gs := calendar.OutsideHours(checks, who.partner); len(gs) > 0 {
			count := calendar.Count(gs)
			parts = append(parts, lang.N("{{.Count}} outside {{.Name}}'s hours ({{.When}})", count, map[string]any{
				"Count": count, "Name": who.p.Name, "When": groupsText(gs, who.p.Name, calendar.SpansYears(checks), func(g calendar.Group) string {
					return g.Start.String() + "-" + g.End.String()
				})}))
		}
	}
	if len(parts) == 0 {
		return lang.N("All {{.Count}} sessions suit both.", n, map[string]any{"Count": n})
	}
	return lang.N("{{.Count}} sessions: {{.Problems}}.", n, map[string]any{"Count": n, "Problems": strings.Join(parts, "; ")})
}

// driftText names, per partner, the sessions at an unusual local time
// (calendar.Shifted); "" when every session keeps both partners' usual
// times.
func driftText(checks []calendar.Check, me, partner calendar.Person) string {
	var parts []string
	for _, who := range []struct {
		p       calendar.Person
		partner bool
	}{{me, false}, {partner, true}} {
		if gs := calendar.Shifted(checks, who.partner); len(gs) > 0 {
			count := calendar.Count(gs)
			parts = append(parts, lang.N("{{.Name}}'s time moves on {{.Count}} sessions ({{.When}})", count, map[string]any{
				"Name": who.p.Name, "Count": count, "When": groupsText(gs, who.p.Name, calendar.SpansYears(checks), func(g calendar.Group) string {
					return lang.L("{{.Shift}}, {{.Time}} instead of {{.Usual}}", map[string]any{
						"Shift": shiftText(g.Shift), "Time": g.Start.String(), "Usual": g.Usual.String()})
				})}))
		}
	}
	return strings.Join(parts, "; ")
}

// groupsText lists groups of sessions with their dates: "15 Mar, 22 Mar:
// 12:00-13:00 for Ben".
func groupsText(gs []calendar.Group, name string, withYear bool, label func(calendar.Group) string) string {
	layout := lang.X("layout.dayMonth", "2 Jan")
	if withYear {
		layout = lang.X("layout.date", "2 Jan 2006")
	}
	out := make([]string, len(gs))
	for i, g := range gs {
		var ds []string
		for j, t := range g.Starts {
			if j == calendar.MaxListedDates {
				ds = append(ds, lang.L("and {{.Count}} more", map[string]any{"Count": len(g.Starts) - calendar.MaxListedDates}))
				break
			}
			ds = append(ds, formatTime(t, layout))
		}
		out[i] = lang.L("{{.Dates}}: {{.What}} for {{.Name}}", map[string]any{"Dates": strings.Join(ds, ", "), "What": label(g), "Name": name})
	}
	return strings.Join(out, "; ")
}

// newSelect is widget.NewSelect with its placeholder in the user's
// language (Fyne's own reads "(Select one)" whatever the locale).
func newSelect(options []string, changed func(string)) *widget.Select {
	s := widget.NewSelect(options, changed)
	s.PlaceHolder = lang.L("(Select one)")
	return s
}
