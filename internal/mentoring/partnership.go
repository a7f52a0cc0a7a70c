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

// Agreed lists every agreed rule as a sentence, the usual ones first.
func (g GroundRules) Agreed() []string {
	var out []string
	if g.Confidentiality {
		out = append(out, RuleConfidentiality)
	}
	if g.PositiveTone {
		out = append(out, RulePositiveTone)
	}
	if g.NoTimeWasting {
		out = append(out, RuleNoTimeWasting)
	}
	return append(out, g.Custom...)
}

// The usual three ground rules of reciprocal mentoring.
const (
	RuleConfidentiality = "What we share stays between us"
	RulePositiveTone    = "Keep a positive, constructive tone"
	RuleNoTimeWasting   = "Respect each other's time: start on time, come prepared"
)

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
	Created    time.Time
	Updated    time.Time
}

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

// FieldError says what is wrong with one field. Field is a stable dotted
// name ("partner.email") that the UI maps to its widget and the CLI to its
// flag.
type FieldError struct {
	Field   string
	Message string
}

func (e FieldError) Error() string { return e.Field + ": " + e.Message }

// ValidationError lists every invalid field of a record.
type ValidationError struct {
	Fields []FieldError
}

func (e *ValidationError) Error() string {
	msgs := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		msgs[i] = f.Error()
	}
	return "invalid input: " + strings.Join(msgs, "; ")
}

// For returns the message for field, or "".
func (e *ValidationError) For(field string) string {
	for _, f := range e.Fields {
		if f.Field == field {
			return f.Message
		}
	}
	return ""
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
	var errs []FieldError
	add := func(field, format string, args ...any) {
		errs = append(errs, FieldError{field, fmt.Sprintf(format, args...)})
	}
	if msg := checkText(p.Title, maxShortText, true); msg != "" {
		add("title", "%s", msg)
	}
	for _, side := range []struct {
		key string
		p   *Person
	}{{"me", &p.Me}, {"partner", &p.Partner}} {
		if msg := checkText(side.p.Name, maxShortText, true); msg != "" {
			add(side.key+".name", "%s", msg)
		}
		if msg := CheckEmail(side.p.Email); msg != "" {
			add(side.key+".email", "%s", msg)
		}
		if side.p.Zone == "" {
			add(side.key+".zone", "is required: type a city and pick its zone")
		} else if _, err := calendar.LoadZone(side.p.Zone); err != nil {
			add(side.key+".zone", "%v", err)
		}
		if err := side.p.Hours.Validate(); err != nil {
			add(side.key+".hours", "%v", err)
		}
		if msg := checkList(side.p.Offers); msg != "" {
			add(side.key+".offers", "%s", msg)
		}
		if msg := checkList(side.p.Wants); msg != "" {
			add(side.key+".wants", "%s", msg)
		}
	}
	if msg := checkList(p.Rules.Custom); msg != "" {
		add("rules", "%s", msg)
	}
	for _, d := range []struct {
		field string
		date  calendar.Date
	}{{"from", p.From}, {"until", p.Until}} {
		if msg := calendar.CheckYear(d.date); !d.date.IsZero() && msg != "" {
			add(d.field, "%s", msg)
		}
	}
	if !p.From.IsZero() && !p.Until.IsZero() && p.Until.Before(p.From) {
		add("until", "the programme ends (%s) before it starts (%s)", p.Until, p.From)
	}
	if msg := CheckLink(p.Link); msg != "" {
		add("link", "%s", msg)
	}
	if msg := CheckAgenda(p.Agenda); msg != "" {
		add("agenda", "%s", msg)
	}
	if len(errs) > 0 {
		return &ValidationError{Fields: errs}
	}
	return nil
}

// CheckEmail returns why s is not a plain email address, or "".
func CheckEmail(s string) string {
	if s == "" {
		return "is required"
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return fmt.Sprintf("%q is not an email address (want name@example.org)", s)
	}
	if at := strings.LastIndexByte(s, '@'); at < 1 || !strings.Contains(s[at:], ".") {
		return fmt.Sprintf("%q is not an email address (want name@example.org)", s)
	}
	return ""
}

// MaxAgenda bounds the agenda: it travels in every invite.
const MaxAgenda = 4000

// CheckAgenda returns why s cannot be an agenda, or "".
func CheckAgenda(s string) string {
	switch {
	case !utf8.ValidString(s):
		return "contains invalid characters"
	case utf8.RuneCountInString(s) > MaxAgenda:
		return fmt.Sprintf("is longer than %d characters", MaxAgenda)
	}
	return controlChar(agendaLayout.Replace(s))
}

// agendaLayout drops the control characters that lay an agenda out (line
// breaks, tabs); any other (NUL, a terminal escape) is no text a partner
// should receive.
var agendaLayout = strings.NewReplacer("\r\n", "", "\n", "", "\r", "", "\t", "")

// controlChar says which control character s contains, or "". A line break
// is the usual one, in a field that must hold one line.
func controlChar(s string) string {
	i := strings.IndexFunc(s, unicode.IsControl)
	if i < 0 {
		return ""
	}
	switch r, _ := utf8.DecodeRuneInString(s[i:]); r {
	case '\n', '\r', '\v', '\f', '\u0085':
		return "must be a single line"
	case '\t':
		return "contains a tab; use spaces"
	case 0:
		return "contains a NUL byte"
	default:
		return fmt.Sprintf("contains the control character %U", r)
	}
}

// CheckLink returns why s is not a usable video-call link, or "". Empty is fine.
func CheckLink(s string) string {
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Sprintf("%q is not a web link (want https://...)", s)
	}
	if len(s) > 2000 {
		return "is longer than 2000 characters"
	}
	return ""
}

func checkText(s string, max int, required bool) string {
	switch {
	case required && s == "":
		return "is required"
	case !utf8.ValidString(s):
		return "contains invalid characters"
	case utf8.RuneCountInString(s) > max:
		return fmt.Sprintf("is longer than %d characters", max)
	}
	return controlChar(s)
}

func checkList(items []string) string {
	if len(items) > maxItems {
		return fmt.Sprintf("has more than %d entries", maxItems)
	}
	for _, s := range items {
		if msg := checkText(s, maxItemText, false); msg != "" {
			return fmt.Sprintf("entry %q %s", truncate(s, 30), msg)
		}
	}
	return ""
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// IsValidation reports whether err is (or wraps) a *ValidationError.
func IsValidation(err error) bool {
	var ve *ValidationError
	return errors.As(err, &ve)
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
