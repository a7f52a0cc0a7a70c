package mentoring

import (
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/twoway-app/twoway/calendar"
)

// Person is one side of a partnership.
type Person struct {
	Name  string
	Email string
	// Zone is an IANA time zone name such as "Europe/Berlin".
	Zone string
	// Hours are the daily hours, in Zone, this person finds comfortable for calls.
	Hours calendar.Window
	// Offers lists what this person can teach; Wants what they want to learn.
	// Reciprocal mentoring means both lists exist for both people.
	Offers []string
	Wants  []string
}

// Address formats p for people to read: "Ana Ruiz <ana@example.org>".
// (Mail headers use net/mail's quoting instead.)
func (p Person) Address() string {
	return p.Name + " <" + p.Email + ">"
}

// GroundRules are what the partners agreed about how they work together.
type GroundRules struct {
	Confidentiality bool
	PositiveTone    bool
	NoTimeWasting   bool
	Custom          []string
}

// UsualRule names one of the three ground rules most reciprocal mentoring
// programmes start from; the front ends word them.
type UsualRule string

const (
	RuleConfidentiality UsualRule = "confidentiality" // what we share stays between us
	RulePositiveTone    UsualRule = "positive_tone"   // a positive, constructive tone
	RuleNoTimeWasting   UsualRule = "no_time_wasting" // start on time, come prepared
)

// Usual lists the usual rules the pair agreed, in their usual order; the
// pair's own rules are in Custom.
func (g GroundRules) Usual() []UsualRule {
	var out []UsualRule
	if g.Confidentiality {
		out = append(out, RuleConfidentiality)
	}
	if g.PositiveTone {
		out = append(out, RulePositiveTone)
	}
	if g.NoTimeWasting {
		out = append(out, RuleNoTimeWasting)
	}
	return out
}

// Partnership is a reciprocal mentoring pair.
type Partnership struct {
	ID      int64
	Title   string
	Me      Person
	Partner Person
	Rules   GroundRules
	// From and Until bound the programme; either may be unset.
	From, Until calendar.Date
	// Link is the video-call URL (Jitsi, Zoom, Meet, Teams...).
	Link string
	// Agenda is what the next session will cover, shared with the partner
	// in the invite. Several lines.
	Agenda string
	// RotateLead alternates who leads the sessions, starting with
	// FirstLead, so neither partner always drives the agenda. FirstLead
	// is SidePartner or, by default, empty for the user.
	RotateLead bool
	FirstLead  Side
	// Role says who writes the schedule: RoleOrganizer (the user made the
	// partnership and sends the invites) or RoleAttendee (the user joined
	// from the partner's invite and answers it).
	Role    Role
	Created time.Time
	Updated time.Time
}

// Role is the user's side of a partnership's invite (RFC 5546): the
// organizer is the only writer of the schedule.
type Role string

// Roles. The zero value is the organizer, which every partnership made in
// Twoway before joining existed is.
const (
	RoleOrganizer Role = ""
	RoleAttendee  Role = "attendee"
)

// Summary is what the sidebar shows of a partnership.
type Summary struct {
	ID          int64
	Title       string
	MeName      string
	PartnerName string
	PartnerZone string
	// Topics are the titles of its topics, for search.
	Topics []string
}

// Limits on free text, so a pasted novel cannot bloat the file or the UI.
const (
	maxShortText = 200
	maxItemText  = 1000
	maxItems     = 100
)

// Normalize trims whitespace and drops empty list entries, so that what is
// validated is what is stored.
func (p *Partnership) Normalize() {
	p.Title = strings.TrimSpace(p.Title)
	p.Link = strings.TrimSpace(p.Link)
	p.Agenda = NormalizeText(p.Agenda)
	for _, person := range []*Person{&p.Me, &p.Partner} {
		person.Name = strings.TrimSpace(person.Name)
		person.Email = strings.TrimSpace(person.Email)
		person.Zone = strings.TrimSpace(person.Zone)
		person.Offers = cleanList(person.Offers)
		person.Wants = cleanList(person.Wants)
	}
	p.Rules.Custom = cleanList(p.Rules.Custom)
}

func cleanList(in []string) []string {
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Validate checks every field and returns a *ValidationError naming each bad one.
func (p *Partnership) Validate() error {
	var errs problems
	errs.add("title", checkText(p.Title, maxShortText, true))
	for _, side := range []struct {
		key string
		p   *Person
	}{{"me", &p.Me}, {"partner", &p.Partner}} {
		errs.add(side.key+".name", checkText(side.p.Name, maxShortText, true))
		errs.add(side.key+".email", CheckEmail(side.p.Email))
		if side.p.Zone == "" {
			errs.code(side.key+".zone", CodeZoneRequired, nil)
		} else if _, err := calendar.LoadZone(side.p.Zone); err != nil {
			errs.code(side.key+".zone", CodeZone, Args{"Value": side.p.Zone})
		}
		errs.add(side.key+".hours", CheckHours(side.p.Hours))
		errs.add(side.key+".offers", checkList(side.p.Offers, maxItems))
		errs.add(side.key+".wants", checkList(side.p.Wants, maxItems))
	}
	errs.add("rules", checkList(p.Rules.Custom, maxItems))
	errs.add("from", CheckDate(p.From))
	errs.add("until", CheckDate(p.Until))
	if !p.From.IsZero() && !p.Until.IsZero() && p.Until.Before(p.From) {
		errs.code("until", CodeEndsBeforeStart, Args{"Start": p.From, "End": p.Until})
	}
	errs.add("link", CheckLink(p.Link))
	errs.add("agenda", CheckAgenda(p.Agenda))
	return errs.err()
}

// CheckHours returns what is wrong with daily hours w, or nil.
func CheckHours(w calendar.Window) *Problem {
	switch err := w.Validate(); {
	case errors.Is(err, calendar.ErrEmptyWindow):
		return &Problem{Code: CodeEmptyHours}
	case err != nil:
		return &Problem{Code: CodeHours, Args: Args{"Value": w.String()}}
	}
	return nil
}

// CheckDate returns why d cannot be a programme's date, or nil; an unset
// date is fine.
func CheckDate(d calendar.Date) *Problem {
	if d.IsZero() || (d.Year >= calendar.MinYear && d.Year <= calendar.MaxYear) {
		return nil
	}
	return &Problem{Code: CodeYear, Args: Args{"Year": d.Year, "Min": calendar.MinYear, "Max": calendar.MaxYear}}
}

// CheckEmail returns why s is not a plain email address, or nil.
func CheckEmail(s string) *Problem {
	if s == "" {
		return &Problem{Code: CodeRequired}
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return &Problem{Code: CodeEmail, Args: Args{"Value": s}}
	}
	if at := strings.LastIndexByte(s, '@'); at < 1 || !strings.Contains(s[at:], ".") {
		return &Problem{Code: CodeEmail, Args: Args{"Value": s}}
	}
	return nil
}

// MaxAgenda bounds the agenda: it travels in every invite.
const MaxAgenda = 4000

// CheckAgenda returns why s cannot be an agenda, or nil.
func CheckAgenda(s string) *Problem {
	switch {
	case !utf8.ValidString(s):
		return &Problem{Code: CodeInvalidText}
	case utf8.RuneCountInString(s) > MaxAgenda:
		return &Problem{Code: CodeTooLong, Args: Args{"Max": MaxAgenda}}
	}
	return controlChar(agendaLayout.Replace(s))
}

// agendaLayout drops the control characters that lay an agenda out (line
// breaks, tabs); any other (NUL, a terminal escape) is no text a partner
// should receive.
var agendaLayout = strings.NewReplacer("\r\n", "", "\n", "", "\r", "", "\t", "")

// controlChar says which control character s contains, or nil. A line
// break is the usual one, in a field that must hold one line.
func controlChar(s string) *Problem {
	i := strings.IndexFunc(s, unicode.IsControl)
	if i < 0 {
		return nil
	}
	switch r, _ := utf8.DecodeRuneInString(s[i:]); r {
	case '\n', '\r', '\v', '\f', '\u0085':
		return &Problem{Code: CodeLineBreak}
	case '\t':
		return &Problem{Code: CodeTab}
	case 0:
		return &Problem{Code: CodeNUL}
	default:
		return &Problem{Code: CodeControl, Args: Args{"Char": fmt.Sprintf("%U", r)}}
	}
}

// maxLink bounds a video-call link.
const maxLink = 2000

// CheckLink returns why s is not a usable video-call link, or nil. Empty
// is fine.
func CheckLink(s string) *Problem {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return &Problem{Code: CodeLink, Args: Args{"Value": s}}
	}
	if len(s) > maxLink {
		return &Problem{Code: CodeTooLong, Args: Args{"Max": maxLink}}
	}
	return nil
}

func checkText(s string, max int, required bool) *Problem {
	switch {
	case required && s == "":
		return &Problem{Code: CodeRequired}
	case !utf8.ValidString(s):
		return &Problem{Code: CodeInvalidText}
	case utf8.RuneCountInString(s) > max:
		return &Problem{Code: CodeTooLong, Args: Args{"Max": max}}
	}
	return controlChar(s)
}

// checkList checks a list of at most max one-line entries; a problem with
// one entry names it (Args "Entry").
func checkList(items []string, max int) *Problem {
	if len(items) > max {
		return &Problem{Code: CodeTooMany, Args: Args{"Max": max}}
	}
	for _, s := range items {
		if p := checkText(s, maxItemText, false); p != nil {
			args := Args{"Entry": truncate(s, 30)}
			for k, v := range p.Args {
				args[k] = v
			}
			return &Problem{Code: p.Code, Args: args}
		}
	}
	return nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// NewPartnership returns a blank partnership with the defaults a new user
// expects: "me" in this machine's zone, office hours on both sides, and the
// usual three ground rules agreed.
func NewPartnership() Partnership {
	hours := calendar.Window{Start: 9 * 60, End: 17 * 60}
	return Partnership{
		Me:      Person{Zone: calendar.SystemZone(), Hours: hours},
		Partner: Person{Hours: hours},
		Rules:   GroundRules{Confidentiality: true, PositiveTone: true, NoTimeWasting: true},
	}
}

// NewPartnershipWith is NewPartnership with the user as they described
// themselves last time (name, email, zone, hours), so a second
// partnership does not start from an empty "me".
func NewPartnershipWith(me Person) Partnership {
	p := NewPartnership()
	p.Me.Name, p.Me.Email = me.Name, me.Email
	if _, err := calendar.LoadZone(me.Zone); err == nil {
		p.Me.Zone = me.Zone
	}
	if me.Hours.Validate() == nil {
		p.Me.Hours = me.Hours
	}
	return p
}

// NormalizeText trims the agenda and uses LF line ends throughout.
func NormalizeText(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	return strings.TrimSpace(s)
}

// People returns the two partners as the scheduler sees them, by first
// name, as its summaries address them ("outside Ben's hours").
func (p Partnership) People() (me, partner calendar.Person, err error) {
	meZone, err := calendar.LoadZone(p.Me.Zone)
	if err != nil {
		return me, partner, fmt.Errorf("my time zone: %w", err)
	}
	pZone, err := calendar.LoadZone(p.Partner.Zone)
	if err != nil {
		return me, partner, fmt.Errorf("%s's time zone: %w", p.Partner.Name, err)
	}
	return calendar.Person{Name: FirstName(p.Me.Name), Zone: meZone, Hours: p.Me.Hours},
		calendar.Person{Name: FirstName(p.Partner.Name), Zone: pZone, Hours: p.Partner.Hours}, nil
}

// FirstName is how sentences address a person: the first word of name.
func FirstName(name string) string {
	if f := strings.Fields(name); len(f) > 0 {
		return f[0]
	}
	return name
}

// FirstLeader is who leads the first session under rotation.
func (p Partnership) FirstLeader() Side {
	if p.FirstLead == SidePartner {
		return SidePartner
	}
	return SideMe
}

// DefaultCadence is the cadence offered to a partnership without one:
// weekly for an hour over the programme (twelve sessions from today when it
// has no end), on the weekday and at the time that suit both best, else
// the first day's weekday at 17:00 in the user's zone.
func DefaultCadence(p Partnership, today calendar.Date) calendar.Cadence {
	c := calendar.Cadence{Unit: calendar.Weekly, Interval: 1, Minutes: 60, Anchor: calendar.AnchorMe,
		From: p.From, Until: p.Until}
	if c.From.IsZero() {
		c.From = today
	}
	if c.Until.IsZero() {
		c.Count = 12
	}
	c.Days = []time.Weekday{c.From.Weekday()}
	c.At = 17 * 60
	me, partner, err := p.People()
	if err != nil {
		return c
	}
	if slots, err := calendar.FindSlots(me, partner, c, 1); err == nil && len(slots) > 0 {
		c.Days, c.At = []time.Weekday{slots[0].Day}, slots[0].At
	}
	return c
}
