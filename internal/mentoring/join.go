package mentoring

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/calendar/ics"
)

// What an invite carries so that the partner's Twoway can mirror the
// partnership. Calendar clients keep and ignore X- properties (RFC 5545
// 3.8.8.2); nothing private is among them: the people's zones and
// comfortable hours, what each offers and wants, the ground rules, the
// programme dates and who leads first. Lists are one property per item,
// so no separator needs escaping.
const (
	xVersion   = "X-TWOWAY-VERSION"   // "1": the invite was made by Twoway and can be joined
	xZone      = "X-TWOWAY-ZONE"      // IANA zone, per person
	xHours     = "X-TWOWAY-HOURS"     // "09:00-17:00", per person
	xOffer     = "X-TWOWAY-OFFER"     // one per item, per person
	xWant      = "X-TWOWAY-WANT"      // one per item, per person
	xRule      = "X-TWOWAY-RULE"      // a usual rule's code (confidentiality, ...)
	xOwnRule   = "X-TWOWAY-OWN-RULE"  // a rule in the pair's own words
	xProgramme = "X-TWOWAY-PROGRAMME" // "2027-01-04/2027-06-30", either side may be empty
	xLead      = "X-TWOWAY-LEAD"      // ORGANIZER or ATTENDEE leads first; absent: no rotation
	xWho       = "X-TWOWAY-WHO"       // parameter: ORGANIZER or ATTENDEE
	xTitle     = "X-TWOWAY-TITLE"     // the partnership's title (SUMMARY may be worded)
	joinFormat = "1"
	organizer  = "ORGANIZER"
	attendee   = "ATTENDEE"
)

// Errors of joining, for the front ends to word.
var (
	// ErrForeignInvite: the file is an invitation, but not one Twoway made
	// (or made before joining existed), so it lacks what a partnership needs.
	ErrForeignInvite = errors.New("this invitation was not made by Twoway, so there is no partnership to join")
	// ErrNotInvite: the file is no invitation (a reply, a cancellation).
	ErrNotInvite = errors.New("this file is not an invitation")
	// ErrNewerJoinFormat: made by a newer Twoway.
	ErrNewerJoinFormat = errors.New("this invitation was made by a newer Twoway; update to join it")
	// ErrNotOrganizer: only the organizer sends invites and changes the
	// schedule; the partner answers.
	ErrNotOrganizer = errors.New("only the organizer changes the schedule and sends invites")
	// ErrNotAttendee: answering an invite is the attendee's part.
	ErrNotAttendee = errors.New("only the partner who joined from an invite answers it")
)

// JoinProps are the X- properties BuildSeries adds to the organizer's
// series so that the partner can join.
func JoinProps(p Partnership) []ics.XProp {
	out := []ics.XProp{{Name: xVersion, Value: joinFormat}, {Name: xTitle, Value: p.Title}}
	person := func(who string, q Person) {
		w := map[string]string{xWho: who}
		out = append(out, ics.XProp{Name: xZone, Params: w, Value: q.Zone},
			ics.XProp{Name: xHours, Params: w, Value: q.Hours.String()})
		for _, o := range q.Offers {
			out = append(out, ics.XProp{Name: xOffer, Params: w, Value: o})
		}
		for _, o := range q.Wants {
			out = append(out, ics.XProp{Name: xWant, Params: w, Value: o})
		}
	}
	person(organizer, p.Me)
	person(attendee, p.Partner)
	for _, r := range p.Rules.Usual() {
		out = append(out, ics.XProp{Name: xRule, Value: string(r)})
	}
	for _, r := range p.Rules.Custom {
		out = append(out, ics.XProp{Name: xOwnRule, Value: r})
	}
	if !p.From.IsZero() || !p.Until.IsZero() {
		out = append(out, ics.XProp{Name: xProgramme, Value: dateText(p.From) + "/" + dateText(p.Until)})
	}
	if p.RotateLead {
		lead := organizer
		if p.FirstLeader() == SidePartner {
			lead = attendee
		}
		out = append(out, ics.XProp{Name: xLead, Value: lead})
	}
	return out
}

func dateText(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// Joined is the partnership an invite describes, seen from its attendee:
// the organizer is the partner, the attendee is me.
type Joined struct {
	Partnership Partnership
	Cadence     calendar.Cadence
	Exceptions  []Exception
	UID         string
	Sequence    int
	Fingerprint string // of the series as received, see Fingerprint
}

// Join reads the partnership out of an invitation Twoway made (a REQUEST
// or PUBLISH): people, zones, hours, offers and wants, ground rules,
// programme, link and the cadence from its RRULE, EXDATEs and overrides.
// The result is validated like a partnership typed in the app.
func Join(msg *ics.Message) (Joined, error) {
	if msg.Method != ics.MethodRequest && msg.Method != ics.MethodPublish && msg.Method != "" {
		return Joined{}, fmt.Errorf("join: %s: %w", msg.Method, ErrNotInvite)
	}
	x := map[string][]ics.XProp{}
	for _, p := range msg.Extra {
		x[p.Name] = append(x[p.Name], p)
	}
	switch v := x[xVersion]; {
	case len(v) == 0:
		return Joined{}, fmt.Errorf("join: %w", ErrForeignInvite)
	case v[0].Value != joinFormat:
		if n, err := strconv.Atoi(v[0].Value); err == nil && n > 1 {
			return Joined{}, fmt.Errorf("join: format %d: %w", n, ErrNewerJoinFormat)
		}
		return Joined{}, fmt.Errorf("join: format %q: %w", v[0].Value, ErrForeignInvite)
	}
	j := Joined{UID: msg.UID, Sequence: msg.Sequence}
	p := &j.Partnership
	p.Role = RoleAttendee
	p.Title = msg.Summary
	if t := x[xTitle]; len(t) > 0 && t[0].Value != "" {
		p.Title = t[0].Value
	}
	p.Partner = Person{Name: msg.Organizer.Name, Email: msg.Organizer.Email}
	p.Me = Person{Name: msg.Attendee.Name, Email: msg.Attendee.Email}
	var errs problems
	for _, side := range []struct {
		who, key string
		q        *Person
	}{{organizer, "partner", &p.Partner}, {attendee, "me", &p.Me}} {
		for _, z := range x[xZone] {
			if z.Params[xWho] == side.who {
				side.q.Zone = z.Value
			}
		}
		for _, h := range x[xHours] {
			if h.Params[xWho] != side.who {
				continue
			}
			w, err := calendar.ParseWindow(h.Value)
			if err != nil {
				errs.code(side.key+".hours", CodeClockFormat, Args{"Value": h.Value})
			}
			side.q.Hours = w
		}
		for _, o := range x[xOffer] {
			if o.Params[xWho] == side.who {
				side.q.Offers = append(side.q.Offers, o.Value)
			}
		}
		for _, o := range x[xWant] {
			if o.Params[xWho] == side.who {
				side.q.Wants = append(side.q.Wants, o.Value)
			}
		}
	}
	for _, r := range x[xRule] {
		switch UsualRule(r.Value) {
		case RuleConfidentiality:
			p.Rules.Confidentiality = true
		case RulePositiveTone:
			p.Rules.PositiveTone = true
		case RuleNoTimeWasting:
			p.Rules.NoTimeWasting = true
		default:
			p.Rules.Custom = append(p.Rules.Custom, r.Value) // a rule this version does not know: keep its words
		}
	}
	for _, r := range x[xOwnRule] {
		p.Rules.Custom = append(p.Rules.Custom, r.Value)
	}
	if pr := x[xProgramme]; len(pr) > 0 {
		from, until, _ := strings.Cut(pr[0].Value, "/")
		var err error
		if from != "" {
			if p.From, err = calendar.ParseDate(from); err != nil {
				errs.code("from", CodeDate, Args{"Value": from})
			}
		}
		if until != "" {
			if p.Until, err = calendar.ParseDate(until); err != nil {
				errs.code("until", CodeDate, Args{"Value": until})
			}
		}
	}
	if l := x[xLead]; len(l) > 0 {
		p.RotateLead = true
		if l[0].Value == organizer {
			p.FirstLead = SidePartner
		}
	}
	if u, err := url.Parse(msg.Location); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
		p.Link = msg.Location
	}
	if err := errs.err(); err != nil {
		return j, fmt.Errorf("join: %w", err)
	}
	if err := p.Validate(); err != nil {
		return j, fmt.Errorf("join: %w", err)
	}
	var err error
	if j.Cadence, err = cadenceOf(msg, *p); err != nil {
		return j, fmt.Errorf("join: %w", err)
	}
	for _, d := range msg.ExDates {
		j.Exceptions = append(j.Exceptions, Exception{Original: d.UTC(), Skipped: true})
	}
	for _, o := range msg.Overrides {
		e := Exception{Original: o.RecurrenceID.UTC(), Skipped: o.Cancelled}
		if !o.Cancelled {
			e.Start, e.End = o.Start.UTC(), o.End.UTC()
			if o.End.IsZero() {
				e.End = o.Start.Add(j.Cadence.Duration()).UTC()
			}
		}
		j.Exceptions = append(j.Exceptions, e)
	}
	return j, nil
}

// cadenceOf reads the series' cadence; its anchor is whichever person's
// zone DTSTART is written in.
func cadenceOf(msg *ics.Message, p Partnership) (calendar.Cadence, error) {
	loc := time.UTC
	anchor := calendar.AnchorUTC
	if msg.Zone != nil {
		loc = msg.Zone
		switch msg.TZID {
		case p.Partner.Zone:
			anchor = calendar.AnchorPartner
		case p.Me.Zone:
			anchor = calendar.AnchorMe
		default:
			return calendar.Cadence{}, fmt.Errorf("the series is kept in %s, neither partner's zone: %w", msg.TZID, ErrForeignInvite)
		}
	}
	start := msg.Start.In(loc)
	length := msg.End.Sub(msg.Start)
	rule := msg.RRule
	if rule == "" {
		rule = "FREQ=WEEKLY;COUNT=1" // a single call is a series of one
	}
	c, err := calendar.CadenceFromRule(rule, start, length)
	if err != nil {
		return c, err
	}
	c.Anchor = anchor
	return c, nil
}
