package shared

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-ical"
)

// Decode reads one CalDAV calendar object: a VCALENDAR with a single VTODO
// or VJOURNAL (VTIMEZONEs aside). It returns a Topic, Action, Session or
// Profile value, in the form Encode writes back unchanged; ErrUnknownKind
// (wrapped) for an object that is no Twoway record. A METHOD, an ORGANIZER,
// ATTENDEEs and VALARMs are dropped: a shared record has none.
func Decode(data []byte) (Object, error) { return decodeObject(data, false) }

// DecodeStored is Decode for data that Encode or EncodeAs wrote, such as
// the last synced copy of an object a sync keeps: it returns what Decode
// returns for such data, but skips most of the check that what was read
// can be written back. That check encodes the record again, in its own
// component and in the kind's usual one, and was a quarter of a sync's
// work on a large record; for data that encodeRecord itself wrote in that
// component it cannot fail (what Decode reads, Encode writes back
// unchanged: FuzzDecode), so only the kind's usual component is still
// tried when the data is in the other one (a session or profile kept as a
// VTODO for a server without VJOURNAL). Data from anywhere else, such as a
// server's copy, takes Decode.
func DecodeStored(data []byte) (Object, error) { return decodeObject(data, true) }

func decodeObject(data []byte, stored bool) (Object, error) {
	cal, err := parse(data, MaxObjectSize)
	if err != nil {
		return nil, err
	}
	mains := mainComponents(cal)
	switch len(mains) {
	case 0:
		return nil, fmt.Errorf("shared: the object holds no component")
	case 1:
	default:
		return nil, fmt.Errorf("shared: the object holds %d components; a shared record is one", len(mains))
	}
	r, _, err := decodeComponent(mains[0], zonesOf(cal), stored)
	if err != nil {
		return nil, err
	}
	return valueOf(r), nil
}

// Bundle is what ParseBundle read from a PUBLISH message.
type Bundle struct {
	// From is the ORGANIZER: who published it.
	From    string
	Objects []Object
	// Skipped counts components of no kind this package knows (a newer
	// Twoway's, another application's), left out.
	Skipped int
}

// ParseBundle reads what Publish wrote: a VCALENDAR with METHOD:PUBLISH
// and any number of records, all from one ORGANIZER.
func ParseBundle(data []byte) (Bundle, error) {
	var b Bundle
	cal, err := parse(data, MaxBundleSize)
	if err != nil {
		return b, err
	}
	if m := cal.Props.Get(ical.PropMethod); m == nil || !strings.EqualFold(strings.TrimSpace(m.Value), methodPublish) {
		return b, fmt.Errorf("shared: a bundle is METHOD:PUBLISH")
	}
	mains := mainComponents(cal)
	if len(mains) == 0 {
		return b, fmt.Errorf("shared: the bundle holds no component")
	}
	zones := zonesOf(cal)
	seen := map[string]bool{}
	for i, c := range mains {
		r, org, err := decodeComponent(c, zones, false)
		if errors.Is(err, ErrUnknownKind) {
			b.Skipped++
			continue
		}
		if err != nil {
			return Bundle{}, fmt.Errorf("%w (component %d of the bundle)", err, i+1)
		}
		if org == "" || (b.From != "" && org != b.From) {
			return Bundle{}, fmt.Errorf("shared: component %d of the bundle: ORGANIZER %q, want one sender for all", i+1, org)
		}
		b.From = org
		if seen[r.ObjectUID()] {
			return Bundle{}, fmt.Errorf("shared: UID %q is in the bundle twice", r.ObjectUID())
		}
		seen[r.ObjectUID()] = true
		b.Objects = append(b.Objects, valueOf(r))
	}
	return b, nil
}

func mainComponents(cal *ical.Calendar) []*ical.Component {
	var out []*ical.Component
	for _, c := range cal.Children {
		if c.Name != ical.CompTimezone {
			out = append(out, c)
		}
	}
	return out
}

// zonesOf returns the file's VTIMEZONEs by TZID, each as its unfolded
// content lines.
func zonesOf(cal *ical.Calendar) map[string]string {
	zones := map[string]string{}
	for _, c := range cal.Children {
		id := c.Props.Get(ical.PropTimezoneID)
		if c.Name != ical.CompTimezone || id == nil {
			continue
		}
		var buf bytes.Buffer
		wrap := &ical.Calendar{Component: &ical.Component{Name: ical.CompCalendar, Props: ical.Props{}, Children: []*ical.Component{c}}}
		wrap.Props.SetText(ical.PropVersion, "2.0")
		wrap.Props.SetText(ical.PropProductID, productID)
		if err := ical.NewEncoder(&buf).Encode(wrap); err != nil {
			continue // not a zone go-ical can write: what refers to it stays unresolved
		}
		text := buf.String()
		begin := strings.Index(text, "BEGIN:VTIMEZONE\r\n")
		end := strings.LastIndex(text, "END:VTIMEZONE\r\n")
		if _, dup := zones[id.Value]; !dup && begin >= 0 && end > begin {
			zones[id.Value] = text[begin : end+len("END:VTIMEZONE")]
		}
	}
	return zones
}

// valueOf returns the value a record points at.
func valueOf(r record) Object {
	switch v := r.(type) {
	case *Topic:
		return *v
	case *Action:
		return *v
	case *Session:
		return *v
	case *Profile:
		return *v
	}
	return nil
}

// reader takes a component's properties one name at a time; what no
// record field takes is left for Extra.
type reader struct {
	props ical.Props
	used  map[string]bool
	kept  []Property // instances of names a field takes only some of
	err   error
}

func (r *reader) all(name string) []ical.Prop {
	r.used[name] = true
	return r.props[name]
}

func (r *reader) first(name string) *ical.Prop {
	if ps := r.all(name); len(ps) > 0 {
		return &ps[0]
	}
	return nil
}

func (r *reader) text(name string) string {
	if p := r.first(name); p != nil {
		return unescapeText(p.Value)
	}
	return ""
}

func (r *reader) email(name string) string { return cleanEmail(r.text(name)) }

func (r *reader) keep(p ical.Prop) { r.kept = append(r.kept, property(p)) }

func (r *reader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

func (r *reader) time(name string) time.Time {
	p := r.first(name)
	if p == nil {
		return time.Time{}
	}
	t, err := parseTime(*p)
	if err != nil {
		r.fail(fmt.Errorf("shared: %s: %w", name, err))
	}
	return t
}

func (r *reader) date(name string) string {
	p := r.first(name)
	if p == nil {
		return ""
	}
	d, err := parseDate(p.Value)
	if err != nil {
		r.fail(fmt.Errorf("shared: %s: %w", name, err))
	}
	return d
}

// parent takes the first RELATED-TO naming a parent (RELTYPE absent or
// PARENT); any other stays in Extra.
func (r *reader) parent() string {
	var out string
	found := false
	for _, p := range r.all(ical.PropRelatedTo) {
		rel := strings.ToUpper(p.Params.Get(ical.ParamRelationshipType))
		if !found && (rel == "" || rel == "PARENT") {
			out, found = unescapeText(p.Value), true
			continue
		}
		r.keep(p)
	}
	return out
}

// extra returns what no field took, in the form cleanExtra gives, with the
// time zones those properties refer to.
func (r *reader) extra(kind Kind, zones map[string]string) []Property {
	out := r.kept
	for _, name := range sortedKeys(r.props) {
		if r.used[name] || isOwned(kind, name) || neverExtra[name] {
			continue
		}
		ps := r.props[name]
		if atMostOne[name] && len(ps) > 1 {
			ps = ps[:1]
		}
		for _, p := range ps {
			out = append(out, property(p))
		}
	}
	tzids := map[string]bool{}
	for _, p := range out {
		for _, id := range p.Params["TZID"] {
			tzids[id] = true
		}
	}
	for _, id := range sortedKeys(tzids) {
		if z, ok := zones[id]; ok {
			out = append(out, Property{Name: zoneProp, Params: map[string][]string{"TZID": {id}}, Value: z})
		}
	}
	return cleanExtra(out, kind)
}

func property(p ical.Prop) Property {
	q := Property{Name: p.Name, Value: p.Value}
	if len(p.Params) > 0 {
		q.Params = make(map[string][]string, len(p.Params))
		for k, v := range p.Params {
			q.Params[k] = append([]string(nil), v...)
		}
	}
	return q
}

// decodeComponent reads one record; organizer is its ORGANIZER's email.
// stored says c is what encodeRecord wrote (DecodeStored), so writing it
// again in its own component is known to work.
func decodeComponent(c *ical.Component, zones map[string]string, stored bool) (rec record, organizer string, err error) {
	// What Publish filled in for RFC 5546 is no part of the record.
	ps := ical.Props{}
	for name, list := range c.Props {
		for _, p := range list {
			if _, fill := p.Params[paramFill]; !fill {
				ps[name] = append(ps[name], p)
			}
		}
	}
	r := &reader{props: ps, used: map[string]bool{}}
	kind := Kind(strings.ToLower(strings.TrimSpace(r.text(propKind))))
	switch {
	case c.Name == ical.CompToDo && kind == "":
		kind = KindAction // a to-do another application added: an action nobody owns yet
	case c.Name == ical.CompToDo && (kind == KindTopic || kind == KindAction || kind == KindSession || kind == KindProfile):
	case c.Name == ical.CompJournal && (kind == KindSession || kind == KindProfile):
	default:
		return nil, "", fmt.Errorf("%w: %s with %s %q", ErrUnknownKind, c.Name, propKind, kind)
	}
	uid := r.text(ical.PropUID)
	if uid == "" {
		return nil, "", fmt.Errorf("shared: a %s without UID", c.Name)
	}
	modified := r.time(ical.PropLastModified)
	if stamp := r.time(ical.PropDateTimeStamp); modified.IsZero() {
		modified = stamp
	}
	editedBy := r.email(propEditedBy)
	if p := r.first(ical.PropOrganizer); p != nil {
		organizer = cleanEmail(p.Value)
	}

	switch kind {
	case KindTopic:
		t := &Topic{UID: uid, Title: r.text(ical.PropSummary), Notes: r.text(ical.PropDescription),
			Teacher: cleanParty(r.text(propTeacher)), AddedBy: r.email(propAddedBy)}
		t.Status = decodeStatus(r)
		t.Completed = r.time(ical.PropCompleted)
		t.Resources = decodeResources(r)
		rec = t
	case KindAction:
		a := &Action{UID: uid, Text: r.text(ical.PropSummary), Owner: r.email(propOwner),
			AddedBy: r.email(propAddedBy), Due: r.date(ical.PropDue)}
		rfc := strings.ToUpper(strings.TrimSpace(r.text(ical.PropStatus)))
		a.Completed = r.time(ical.PropCompleted)
		a.Done = rfc == "COMPLETED" || rfc == "" && r.first(ical.PropCompleted) != nil
		a.RaisedIn = r.parent()
		rec = a
	case KindSession:
		s := &Session{UID: uid, Original: r.time(ical.PropDateTimeStart), Title: r.text(ical.PropSummary),
			Agenda: r.text(ical.PropDescription), Outcome: strings.ToLower(r.text(propOutcome)),
			MovedTo: r.time(propMovedTo), Leader: r.email(propLeader), SharedNotes: r.text(propNotes)}
		switch s.Outcome {
		case "", OutcomeHeld, OutcomeSkipped, OutcomeMoved:
		default:
			r.fail(fmt.Errorf("shared: %s %q is no outcome this version knows", propOutcome, s.Outcome))
		}
		if s.Original.IsZero() {
			r.fail(fmt.Errorf("shared: session %q has no DTSTART", uid))
		}
		if p := r.first(propMinutes); p != nil {
			n, err := strconv.Atoi(strings.TrimSpace(p.Value))
			if err != nil {
				r.fail(fmt.Errorf("shared: %s %q is no number", propMinutes, p.Value))
			}
			s.Minutes = n
		}
		for _, p := range r.all(propReflection) {
			author, text := cleanEmail(p.Params.Get(paramAuthor)), unescapeText(p.Value)
			if _, dup := s.Reflections[author]; !dup && author != "" && text != "" {
				if s.Reflections == nil {
					s.Reflections = map[string]string{}
				}
				s.Reflections[author] = text
			}
		}
		for _, p := range r.all(propCovered) {
			s.Covered = append(s.Covered, Coverage{TopicUID: unescapeText(p.Value), LedBy: cleanParty(p.Params.Get(paramLedBy))})
		}
		s.SeriesUID = r.parent()
		rec = s
	case KindProfile:
		p := &Profile{UID: uid, Title: r.text(ical.PropSummary), Start: r.date(propStart), End: r.date(propEnd)}
		if u := r.first(ical.PropURL); u != nil {
			p.Link = u.Value
		}
		slotOf := func(prop ical.Prop) int {
			n, err := strconv.Atoi(strings.TrimSpace(prop.Params.Get(paramSlot)))
			if err != nil || n < 1 || n > len(p.People) {
				return -1
			}
			return n - 1
		}
		for i, prop := range r.all(propPerson) {
			slot := slotOf(prop)
			if prop.Params.Get(paramSlot) == "" && i < len(p.People) {
				// Written before slots existed: the structured value.
				p.People[i] = decodePerson(prop.Value)
				continue
			}
			if slot < 0 {
				r.keep(prop)
				continue
			}
			p.People[slot].Email = cleanEmail(unescapeText(prop.Value))
		}
		for _, f := range []struct {
			name string
			set  func(q *Person, v string)
		}{
			{propName, func(q *Person, v string) { q.Name = v }},
			{propZone, func(q *Person, v string) { q.Zone = v }},
			{propHours, func(q *Person, v string) { q.Hours = v }},
			{propOffer, func(q *Person, v string) { q.Offers = append(q.Offers, v) }},
			{propWant, func(q *Person, v string) { q.Wants = append(q.Wants, v) }},
		} {
			for _, prop := range r.all(f.name) {
				if slot := slotOf(prop); slot >= 0 {
					f.set(&p.People[slot], unescapeText(prop.Value))
				}
			}
		}
		for _, prop := range r.all(propRule) {
			p.Rules = append(p.Rules, unescapeText(prop.Value))
		}
		rec = p
	}
	mod, by := rec.stamps()
	*mod, *by = modified, editedBy
	*rec.extra() = r.extra(kind, zones)
	if r.err != nil {
		return nil, "", r.err
	}
	rec.normalize()
	// What was read must be writable again, in its own component and in
	// the kind's usual one, or a sync could not send it back.
	comps := []string{c.Name, ""}
	switch {
	case stored && c.Name == naturalComponent(kind):
		comps = nil
	case stored:
		comps = comps[1:]
	}
	for _, comp := range comps {
		if _, err := encodeRecord(rec, comp); err != nil {
			return nil, "", fmt.Errorf("shared: %s %q cannot be written back: %s", kind, uid, strings.TrimPrefix(err.Error(), "shared: "))
		}
	}
	return rec, organizer, nil
}

// decodeStatus reads a topic's status. X-TWOWAY-STATUS is exact, but
// another application (tasks.org, Thunderbird) changes only STATUS: when the
// two disagree, STATUS wins, mapped to the nearest topic status (a topic
// reopened to NEEDS-ACTION is agreed again).
func decodeStatus(r *reader) string {
	rfc := strings.ToUpper(strings.TrimSpace(r.text(ical.PropStatus)))
	if rfc == "" && r.first(ical.PropCompleted) != nil {
		rfc = "COMPLETED"
	}
	exact := strings.ToLower(strings.TrimSpace(r.text(propStatus)))
	_, valid := topicRFC[exact]
	known := rfc == "NEEDS-ACTION" || fromRFC[rfc] != ""
	switch {
	case valid && (!known || topicRFC[exact] == rfc):
		return exact
	case fromRFC[rfc] != "":
		return fromRFC[rfc]
	case rfc == "NEEDS-ACTION" && valid:
		return StatusAgreed
	}
	return StatusProposed
}

// decodeResources reads a topic's resources: X-TWOWAY-RESOURCE holds them
// all in order, ATTACH the web links again for other applications. When
// another application changed the attachments, they win: a link whose
// ATTACH is gone is dropped, a new ATTACH is added at the end.
func decodeResources(r *reader) []string {
	var listed, attached []string
	for _, p := range r.all(propResource) {
		listed = append(listed, unescapeText(p.Value))
	}
	for _, p := range r.all(ical.PropAttach) {
		vt := strings.ToUpper(p.Params.Get(ical.ParamValue))
		if (vt == "" || vt == string(ical.ValueURI)) && p.Params.Get(ical.ParamEncoding) == "" && isWebLink(p.Value) {
			attached = append(attached, p.Value)
		} else {
			r.keep(p)
		}
	}
	isAttached, isListed := map[string]bool{}, map[string]bool{}
	for _, a := range attached {
		isAttached[a] = true
	}
	var out []string
	for _, s := range listed {
		if !isWebLink(s) || isAttached[s] {
			out = append(out, s)
			isListed[s] = true
		}
	}
	for _, a := range attached {
		if !isListed[a] {
			out = append(out, a)
			isListed[a] = true
		}
	}
	return out
}

// decodePerson reads X-TWOWAY-PERSON's structured value: email; name;
// zone; hours; offers; wants (lists comma-separated). Components after the
// sixth are ignored.
func decodePerson(v string) Person {
	parts := splitEscaped(v, ';')
	for len(parts) < 6 {
		parts = append(parts, "")
	}
	return Person{Email: cleanEmail(unescapeText(parts[0])), Name: unescapeText(parts[1]),
		Zone: unescapeText(parts[2]), Hours: unescapeText(parts[3]),
		Offers: unescapeList(parts[4]), Wants: unescapeList(parts[5])}
}

// parseTime reads a DATE-TIME (UTC, floating read as UTC, or with a TZID
// the system knows) or a DATE (midnight UTC).
func parseTime(p ical.Prop) (time.Time, error) {
	v := strings.ToUpper(strings.TrimSpace(p.Value))
	if strings.EqualFold(p.Params.Get(ical.ParamValue), string(ical.ValueDate)) || len(v) == 8 {
		t, err := time.Parse("20060102", v)
		if err != nil {
			return time.Time{}, fmt.Errorf("%q is no date", p.Value)
		}
		return t, nil
	}
	if strings.HasSuffix(v, "Z") {
		t, err := time.Parse(utcLayout, v)
		if err != nil {
			return time.Time{}, fmt.Errorf("%q is no UTC time", p.Value)
		}
		return t, nil
	}
	loc := time.UTC
	if tz := strings.TrimPrefix(p.Params.Get(ical.ParamTimezoneID), "/"); tz != "" {
		l, err := time.LoadLocation(tz)
		if err != nil || tz == "Local" {
			return time.Time{}, fmt.Errorf("time zone %q is unknown", tz)
		}
		loc = l
	}
	t, err := time.ParseInLocation("20060102T150405", v, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is no date and time", p.Value)
	}
	return t.UTC(), nil
}

// parseDate reads a DATE, or the date part of a DATE-TIME as written.
func parseDate(v string) (string, error) {
	v = strings.TrimSpace(v)
	if len(v) < 8 || (len(v) > 8 && v[8] != 'T') {
		return "", fmt.Errorf("%q is no date", v)
	}
	t, err := time.Parse("20060102", v[:8])
	if err != nil {
		return "", fmt.Errorf("%q is no date", v)
	}
	return t.Format(dateLayout), nil
}
