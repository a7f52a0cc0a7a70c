package shared

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-ical"
)

// Encode writes o as a CalDAV calendar object (RFC 4791 section 4.1): one
// VCALENDAR without METHOD holding o's component (a VTODO for a topic or an
// action, a VJOURNAL for a session or a profile) and the VTIMEZONEs its
// unknown properties need; CRLF line ends, lines folded at 75 octets.
func Encode(o Object) ([]byte, error) { return EncodeAs(o, "") }

// EncodeAs is Encode with the component chosen: ComponentToDo writes a
// session or a profile as a VTODO, for servers that refuse VJOURNAL
// (Google's CalDAV has none); "" is the kind's usual component. A topic or
// an action is always a VTODO.
func EncodeAs(o Object, component string) ([]byte, error) {
	r, err := recordOf(o)
	if err != nil {
		return nil, err
	}
	return encodeRecord(r, component)
}

func encodeRecord(r record, component string) ([]byte, error) {
	comp, zones, err := build(r, component, "")
	if err != nil {
		return nil, err
	}
	cal := newCalendar()
	cal.Children = append(zones, comp)
	return write(cal, MaxObjectSize)
}

// Publish writes objs as one email attachment (RFC 5546 PUBLISH, sections
// 3.4 and 3.5): one VCALENDAR with METHOD:PUBLISH holding every object's
// component, each with ORGANIZER set to from (the sender; PUBLISH requires
// it, and a message sent by mail goes through no scheduling server). The
// PRIORITY, SUMMARY, DTSTART and DESCRIPTION those sections require are
// added where a record has none, marked X-TWOWAY-FILL=TRUE so that
// ParseBundle drops them again.
func Publish(from string, objs ...Object) ([]byte, error) {
	org := cleanEmail(from)
	if org == "" {
		return nil, fmt.Errorf("shared: a published record needs the sender's email")
	}
	if len(objs) == 0 {
		return nil, fmt.Errorf("shared: nothing to publish")
	}
	cal := newCalendar()
	cal.Props.SetText(ical.PropMethod, methodPublish)
	var comps, zones []*ical.Component
	haveZone := map[string]bool{}
	seen := map[string]bool{}
	for _, o := range objs {
		r, err := recordOf(o)
		if err != nil {
			return nil, err
		}
		if seen[r.ObjectUID()] {
			return nil, fmt.Errorf("shared: UID %q is published twice", r.ObjectUID())
		}
		seen[r.ObjectUID()] = true
		comp, zs, err := build(r, "", org)
		if err != nil {
			return nil, err
		}
		for _, z := range zs {
			if id := z.Props.Get(ical.PropTimezoneID).Value; !haveZone[id] {
				haveZone[id] = true
				zones = append(zones, z)
			}
		}
		comps = append(comps, comp)
	}
	cal.Children = append(zones, comps...)
	return write(cal, MaxBundleSize)
}

func newCalendar() *ical.Calendar {
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, productID)
	return cal
}

// write encodes cal through the folding writer and refuses output that
// Decode or ParseBundle would refuse for its size.
func write(cal *ical.Calendar, limit int) ([]byte, error) {
	var buf bytes.Buffer
	if err := ical.NewEncoder(&foldWriter{w: &buf}).Encode(cal); err != nil {
		return nil, fmt.Errorf("shared: %w", err)
	}
	if buf.Len() > limit {
		return nil, fmt.Errorf("shared: %d bytes is more than the %d a shared record may have", buf.Len(), limit)
	}
	return buf.Bytes(), nil
}

// recordOf returns a normalized copy of o.
func recordOf(o Object) (record, error) {
	var r record
	switch v := o.(type) {
	case Topic:
		r = &v
	case Action:
		r = &v
	case Session:
		r = &v
	case Profile:
		r = &v
	case *Topic:
		if v != nil {
			c := *v
			r = &c
		}
	case *Action:
		if v != nil {
			c := *v
			r = &c
		}
	case *Session:
		if v != nil {
			c := *v
			r = &c
		}
	case *Profile:
		if v != nil {
			c := *v
			r = &c
		}
	}
	if r == nil {
		return nil, fmt.Errorf("shared: cannot encode %T", o)
	}
	r.normalize()
	return r, nil
}

// props adds content lines to a component.
type props struct{ c *ical.Component }

// raw adds a property whose value is written as given; params are pairs
// of name and value.
func (b props) raw(name, value string, params ...string) {
	p := ical.Prop{Name: name, Params: ical.Params{}, Value: value}
	for i := 0; i+1 < len(params); i += 2 {
		p.Params[params[i]] = []string{params[i+1]}
	}
	b.c.Props[name] = append(b.c.Props[name], p)
}

// text adds a TEXT property, escaped.
func (b props) text(name, value string, params ...string) {
	b.raw(name, escapeText(value), params...)
}

// email adds an identity as a mailto: value.
func (b props) email(name, email string) {
	if email != "" {
		b.text(name, "mailto:"+email)
	}
}

func (b props) has(name string) bool { return len(b.c.Props[name]) > 0 }

// mailtoParam is an identity as a parameter value.
func mailtoParam(party string) string {
	if party == Both || party == "" {
		return party
	}
	return "mailto:" + party
}

// build makes r's component. organizer, when set, makes it a PUBLISH
// component (ORGANIZER and the required properties filled in).
func build(r record, component string, organizer string) (*ical.Component, []*ical.Component, error) {
	kind := r.Kind()
	if component == "" {
		component = naturalComponent(kind)
	}
	component = strings.ToUpper(component)
	switch {
	case component == ComponentToDo:
	case component == ComponentJournal && (kind == KindSession || kind == KindProfile):
	default:
		return nil, nil, fmt.Errorf("shared: a %s cannot be written as %s", kind, component)
	}
	uid := r.ObjectUID()
	if uid == "" {
		return nil, nil, fmt.Errorf("shared: a %s without UID", kind)
	}
	mod, by := r.stamps()
	if mod.IsZero() {
		return nil, nil, fmt.Errorf("shared: %s %q has no Modified time", kind, uid)
	}
	c := ical.NewComponent(component)
	b := props{c}
	b.text(ical.PropUID, uid)
	b.raw(ical.PropDateTimeStamp, mod.Format(utcLayout))
	b.raw(ical.PropLastModified, mod.Format(utcLayout))
	b.raw(propKind, string(kind))
	b.email(propEditedBy, *by)

	var err error
	switch v := r.(type) {
	case *Topic:
		err = buildTopic(b, v)
	case *Action:
		err = buildAction(b, v)
	case *Session:
		err = buildSession(b, v, component)
	case *Profile:
		err = buildProfile(b, v)
	}
	if err != nil {
		return nil, nil, err
	}
	zones, err := addExtra(b, kind, *r.extra())
	if err != nil {
		return nil, nil, fmt.Errorf("shared: %s %q: %w", kind, uid, err)
	}
	if organizer != "" {
		b.raw(ical.PropOrganizer, "mailto:"+organizer)
		fill := func(name, value string, params ...string) {
			if !b.has(name) {
				b.raw(name, value, append(params, paramFill, "TRUE")...)
			}
		}
		// libical drops a property with an empty value, so the filled
		// texts are the kind's name.
		if component == ComponentToDo {
			fill(ical.PropPriority, "0")
			fill(ical.PropSummary, string(kind))
		} else {
			fill(ical.PropDescription, string(kind))
		}
		fill(ical.PropDateTimeStart, mod.Format(utcLayout))
	}
	return c, zones, nil
}

func buildTopic(b props, t *Topic) error {
	rfc, ok := topicRFC[t.Status]
	if !ok {
		return fmt.Errorf("shared: topic %q: status %q is none of proposed, agreed, in_progress, done, dropped", t.UID, t.Status)
	}
	if t.Title != "" {
		b.text(ical.PropSummary, t.Title)
	}
	if t.Notes != "" {
		b.text(ical.PropDescription, t.Notes)
	}
	b.raw(ical.PropStatus, rfc)
	b.raw(propStatus, t.Status)
	switch t.Teacher {
	case "":
	case Both:
		b.raw(propTeacher, Both)
	default:
		b.email(propTeacher, t.Teacher)
	}
	b.email(propAddedBy, t.AddedBy)
	for _, res := range t.Resources {
		b.text(propResource, res)
		if isWebLink(res) {
			b.raw(ical.PropAttach, res, ical.ParamValue, string(ical.ValueURI))
		}
	}
	if !t.Completed.IsZero() {
		b.raw(ical.PropCompleted, t.Completed.Format(utcLayout))
	}
	return nil
}

func buildAction(b props, a *Action) error {
	if a.Text != "" {
		b.text(ical.PropSummary, a.Text)
	}
	if a.Done {
		b.raw(ical.PropStatus, "COMPLETED")
	} else {
		b.raw(ical.PropStatus, "NEEDS-ACTION")
	}
	if !a.Completed.IsZero() {
		b.raw(ical.PropCompleted, a.Completed.Format(utcLayout))
	}
	if a.Due != "" {
		d, err := dateValue(a.Due)
		if err != nil {
			return fmt.Errorf("shared: action %q: due %w", a.UID, err)
		}
		b.raw(ical.PropDue, d, ical.ParamValue, string(ical.ValueDate))
	}
	if a.RaisedIn != "" {
		b.text(ical.PropRelatedTo, a.RaisedIn)
	}
	b.email(propOwner, a.Owner)
	b.email(propAddedBy, a.AddedBy)
	return nil
}

func buildSession(b props, s *Session, component string) error {
	if s.Original.IsZero() {
		return fmt.Errorf("shared: session %q has no original start", s.UID)
	}
	b.raw(ical.PropDateTimeStart, s.Original.Format(utcLayout))
	if s.Title != "" {
		b.text(ical.PropSummary, s.Title)
	}
	if s.Agenda != "" {
		b.text(ical.PropDescription, s.Agenda)
	}
	// STATUS is written for other applications only; the outcome is read
	// back from X-TWOWAY-OUTCOME.
	status := map[string][2]string{
		"": {"NEEDS-ACTION", "DRAFT"}, OutcomeMoved: {"NEEDS-ACTION", "DRAFT"},
		OutcomeHeld: {"COMPLETED", "FINAL"}, OutcomeSkipped: {"CANCELLED", "CANCELLED"},
	}
	st, ok := status[s.Outcome]
	if !ok {
		return fmt.Errorf("shared: session %q: outcome %q is none of held, skipped, moved", s.UID, s.Outcome)
	}
	if component == ComponentToDo {
		b.raw(ical.PropStatus, st[0])
	} else {
		b.raw(ical.PropStatus, st[1])
	}
	if s.Outcome != "" {
		b.raw(propOutcome, s.Outcome)
	}
	if !s.MovedTo.IsZero() {
		b.raw(propMovedTo, s.MovedTo.Format(utcLayout), ical.ParamValue, string(ical.ValueDateTime))
	}
	b.email(propLeader, s.Leader)
	if s.Minutes != 0 {
		b.raw(propMinutes, strconv.Itoa(s.Minutes), ical.ParamValue, string(ical.ValueInt))
	}
	if s.SharedNotes != "" {
		b.text(propNotes, s.SharedNotes)
	}
	for _, author := range sortedKeys(s.Reflections) {
		b.text(propReflection, s.Reflections[author], paramAuthor, mailtoParam(author))
	}
	for _, cov := range s.Covered {
		if cov.LedBy == "" {
			b.text(propCovered, cov.TopicUID)
		} else {
			b.text(propCovered, cov.TopicUID, paramLedBy, mailtoParam(cov.LedBy))
		}
	}
	if s.SeriesUID != "" {
		b.text(ical.PropRelatedTo, s.SeriesUID)
	}
	return nil
}

func buildProfile(b props, p *Profile) error {
	if p.Title != "" {
		b.text(ical.PropSummary, p.Title)
	}
	for i, q := range p.People {
		slot := strconv.Itoa(i + 1)
		email := ""
		if q.Email != "" {
			email = "mailto:" + q.Email
		}
		b.text(propPerson, email, paramSlot, slot)
		for _, f := range []struct{ name, value string }{{propName, q.Name}, {propZone, q.Zone}, {propHours, q.Hours}} {
			if f.value != "" {
				b.text(f.name, f.value, paramSlot, slot)
			}
		}
		for _, o := range q.Offers {
			b.text(propOffer, o, paramSlot, slot)
		}
		for _, w := range q.Wants {
			b.text(propWant, w, paramSlot, slot)
		}
	}
	for _, rule := range p.Rules {
		b.text(propRule, rule)
	}
	for _, d := range []struct{ name, value, what string }{{propStart, p.Start, "start"}, {propEnd, p.End, "end"}} {
		if d.value == "" {
			continue
		}
		v, err := dateValue(d.value)
		if err != nil {
			return fmt.Errorf("shared: profile %q: %s %w", p.UID, d.what, err)
		}
		b.raw(d.name, v, ical.ParamValue, string(ical.ValueDate))
	}
	if p.Link != "" {
		b.raw(ical.PropURL, p.Link)
	}
	return nil
}

// dateValue turns YYYY-MM-DD into an iCalendar DATE.
func dateValue(s string) (string, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return "", fmt.Errorf("%q is no YYYY-MM-DD date", s)
	}
	return t.Format("20060102"), nil
}

// addExtra writes the unknown properties back after the record's own, and
// returns the time zones among them as components.
func addExtra(b props, kind Kind, extra []Property) ([]*ical.Component, error) {
	var zones []*ical.Component
	haveZone := map[string]bool{}
	for _, p := range extra {
		if p.Name == zoneProp {
			z, err := zoneComponent(p.Value)
			if err != nil {
				return nil, err
			}
			if id := z.Props.Get(ical.PropTimezoneID).Value; !haveZone[id] {
				haveZone[id] = true
				zones = append(zones, z)
			}
			continue
		}
		if !validName(p.Name) || p.Name == "BEGIN" || p.Name == "END" {
			return nil, fmt.Errorf("property name %q", p.Name)
		}
		if isOwned(kind, p.Name) {
			continue
		}
		params := ical.Params{}
		for _, k := range sortedKeys(p.Params) {
			if !validName(k) {
				return nil, fmt.Errorf("%s: parameter name %q", p.Name, k)
			}
			params[k] = append([]string(nil), p.Params[k]...)
		}
		b.c.Props[p.Name] = append(b.c.Props[p.Name], ical.Prop{Name: p.Name, Params: params, Value: p.Value})
	}
	sort.SliceStable(zones, func(i, j int) bool {
		return zones[i].Props.Get(ical.PropTimezoneID).Value < zones[j].Props.Get(ical.PropTimezoneID).Value
	})
	return zones, nil
}

// zoneComponent reads back a VTIMEZONE kept in Extra.
func zoneComponent(v string) (*ical.Component, error) {
	cal, err := parse([]byte("BEGIN:VCALENDAR\r\n"+v+"\r\nEND:VCALENDAR\r\n"), MaxObjectSize)
	if err != nil {
		return nil, fmt.Errorf("a kept VTIMEZONE does not parse (%s)", strings.TrimPrefix(err.Error(), "shared: "))
	}
	if len(cal.Children) != 1 || cal.Children[0].Name != ical.CompTimezone || cal.Children[0].Props.Get(ical.PropTimezoneID) == nil {
		return nil, fmt.Errorf("a kept VTIMEZONE is no single time zone")
	}
	return cal.Children[0], nil
}
