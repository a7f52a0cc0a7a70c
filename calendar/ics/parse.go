package ics

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"
)

// Message is what Parse reads from an iCalendar object: an iTIP message
// coming back from the partner (REPLY, COUNTER, CANCEL, REFRESH), or an
// invite or stored object a user imports (REQUEST, PUBLISH, no METHOD).
//
// The fields describe the object's main VEVENT: the one without
// RECURRENCE-ID, or, when every VEVENT has one (a reply or counter about a
// single instance), the first. All times are absolute instants in the zone
// their TZID resolved to; floating times are read as UTC.
type Message struct {
	Method    string // "" for an object without METHOD (CalDAV, export)
	UID       string
	Sequence  int
	Stamp     time.Time // DTSTAMP
	Organizer Person
	// Attendee is the replying or countering attendee for REPLY, COUNTER
	// and REFRESH, and the first attendee otherwise.
	Attendee Person
	// PartStat is the Attendee's PARTSTAT (ACCEPTED, DECLINED, TENTATIVE,
	// NEEDS-ACTION, DELEGATED), upper case; NEEDS-ACTION when absent.
	PartStat  string
	Attendees []Person
	// RecurrenceID is the original start of the one instance the message is
	// about; zero when it is about the whole series.
	RecurrenceID time.Time
	// Start and End are the event's times; for a COUNTER, the proposed
	// times. AllDay is set when DTSTART is a DATE.
	Start, End  time.Time
	AllDay      bool
	Summary     string
	Description string
	Location    string
	Comment     string
	Status      string
	RRule       string // RECUR value without "RRULE:", as written
	ExDates     []time.Time
	Overrides   []Override // other VEVENTs of the same UID (moved or cancelled instances)
	// TZID is DTSTART's TZID as written, and Zone what it resolved to (nil
	// for UTC, floating or DATE values).
	TZID string
	Zone *time.Location
	// Extra are the main VEVENT's non-standard properties (X-...), in
	// order, with their X- parameters.
	Extra []XProp
}

// Parse reads one iCalendar object. It accepts objects with or without
// METHOD; use ParseITIP for mail, where METHOD is required. It never panics:
// malformed, foreign, binary or oversized input (over 1 MiB) gives an error
// starting with "ics: ".
func Parse(data []byte) (msg *Message, err error) {
	defer func() {
		// go-ical's decoder panics on some malformed parameter lists; turn
		// that into an error rather than take the app down.
		if r := recover(); r != nil {
			msg, err = nil, fmt.Errorf("ics: malformed iCalendar data: %v", r)
		}
	}()
	cal, err := decode(data)
	if err != nil {
		return nil, err
	}
	return readMessage(cal)
}

// ParseITIP reads an iTIP message (RFC 5546), as carried by iMIP mail: like
// Parse, but an object without METHOD is an error.
func ParseITIP(data []byte) (*Message, error) {
	m, err := Parse(data)
	if err != nil {
		return nil, err
	}
	if m.Method == "" {
		return nil, fmt.Errorf("ics: scheduling message %s has no METHOD", m.UID)
	}
	return m, nil
}

// ErrTooLarge is returned (wrapped) for input over the 1 MiB limit.
var ErrTooLarge = errors.New("ics: input larger than 1 MiB")

func decode(data []byte) (*ical.Calendar, error) {
	if len(data) > maxInput {
		return nil, fmt.Errorf("%w (%d bytes)", ErrTooLarge, len(data))
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("ics: empty input")
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, fmt.Errorf("ics: binary data, not iCalendar")
	}
	if !bytes.HasPrefix(bytes.ToUpper(bytes.TrimSpace(data[:min(len(data), 64)])), []byte("BEGIN:VCALENDAR")) {
		return nil, fmt.Errorf("ics: not iCalendar data (it does not start with BEGIN:VCALENDAR)")
	}
	if !utf8.Valid(data) {
		// Some exporters write Latin-1; keep what is readable.
		data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
	}
	cal, err := ical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		return nil, fmt.Errorf("ics: malformed iCalendar data: %w", err)
	}
	return cal, nil
}

func readMessage(cal *ical.Calendar) (*Message, error) {
	m := &Message{}
	if p := cal.Props.Get(ical.PropMethod); p != nil {
		m.Method = strings.ToUpper(strings.TrimSpace(p.Value))
		switch m.Method {
		case MethodPublish, MethodRequest, MethodReply, MethodAdd, MethodCancel,
			MethodRefresh, MethodCounter, MethodDeclineCounter:
		default:
			return nil, fmt.Errorf("ics: unknown METHOD %q", p.Value)
		}
	}
	zones := newZoneResolver(cal)
	var events []*ical.Component
	var other []string
	for _, c := range cal.Children {
		switch c.Name {
		case ical.CompEvent:
			events = append(events, c)
		case ical.CompTimezone:
		default:
			other = append(other, c.Name)
		}
	}
	if len(events) == 0 {
		if len(other) > 0 {
			return nil, fmt.Errorf("ics: no VEVENT (found %s); only events are supported", strings.Join(other, ", "))
		}
		return nil, fmt.Errorf("ics: no VEVENT in the calendar")
	}
	var main *ical.Component
	for _, ev := range events {
		uid, _ := ev.Props.Text(ical.PropUID)
		uid = strings.TrimSpace(uid)
		if uid == "" {
			return nil, fmt.Errorf("ics: VEVENT without UID")
		}
		if m.UID == "" {
			m.UID = uid
		} else if uid != m.UID {
			return nil, fmt.Errorf("ics: more than one UID (%q, %q) in one object; expected one event series", m.UID, uid)
		}
		if ev.Props.Get(ical.PropRecurrenceID) == nil {
			if main != nil {
				return nil, fmt.Errorf("ics: two VEVENTs for UID %q without RECURRENCE-ID", uid)
			}
			main = ev
		}
	}
	if main == nil {
		main = events[0]
	}
	if err := m.readEvent(main, zones); err != nil {
		return nil, fmt.Errorf("ics: event %s: %w", m.UID, err)
	}
	for _, ev := range events {
		if ev == main {
			continue
		}
		o, err := readOverride(ev, zones)
		if err != nil {
			return nil, fmt.Errorf("ics: event %s: %w", m.UID, err)
		}
		m.Overrides = append(m.Overrides, o)
	}
	if err := m.check(); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *Message) readEvent(ev *ical.Component, zones *zoneResolver) error {
	var err error
	m.Summary = propText(ev, ical.PropSummary)
	m.Description = propText(ev, ical.PropDescription)
	m.Location = propText(ev, ical.PropLocation)
	m.Comment = propText(ev, ical.PropComment)
	m.Status = strings.ToUpper(strings.TrimSpace(propText(ev, ical.PropStatus)))
	if p := ev.Props.Get(ical.PropSequence); p != nil {
		if m.Sequence, err = strconv.Atoi(strings.TrimSpace(p.Value)); err != nil || m.Sequence < 0 {
			return fmt.Errorf("bad SEQUENCE %q", p.Value)
		}
	}
	if p := ev.Props.Get(ical.PropDateTimeStamp); p != nil {
		if m.Stamp, _, err = zones.dateTime(p); err != nil {
			return fmt.Errorf("DTSTAMP: %w", err)
		}
	}
	if p := ev.Props.Get(ical.PropOrganizer); p != nil {
		m.Organizer = person(p)
	}
	if p := ev.Props.Get(ical.PropRecurrenceID); p != nil {
		if m.RecurrenceID, _, err = zones.dateTime(p); err != nil {
			return fmt.Errorf("RECURRENCE-ID: %w", err)
		}
	}
	if err := m.readAttendees(ev); err != nil {
		return err
	}
	if p := ev.Props.Get(ical.PropDateTimeStart); p != nil {
		if m.Start, m.AllDay, err = zones.dateTime(p); err != nil {
			return fmt.Errorf("DTSTART: %w", err)
		}
		m.TZID = p.Params.Get(ical.ParamTimezoneID)
		if m.TZID != "" && !m.AllDay {
			m.Zone = m.Start.Location()
		}
		if m.End, err = eventEnd(ev, m.Start, m.AllDay, zones); err != nil {
			return err
		}
	}
	if p := ev.Props.Get(ical.PropRecurrenceRule); p != nil {
		m.RRule = strings.TrimSpace(p.Value)
	}
	m.Extra = readExtra(ev)
	for _, p := range ev.Props.Values(ical.PropExceptionDates) {
		ts, err := zones.dateTimes(&p)
		if err != nil {
			return fmt.Errorf("EXDATE: %w", err)
		}
		m.ExDates = append(m.ExDates, ts...)
	}
	return nil
}

// readAttendees picks the attendee the message is about. In a REPLY or
// COUNTER that is the single ATTENDEE RFC 5546 requires; some clients add
// the others unchanged, so the one whose PARTSTAT is not NEEDS-ACTION wins.
func (m *Message) readAttendees(ev *ical.Component) error {
	props := ev.Props.Values(ical.PropAttendee)
	best := -1
	for i, p := range props {
		m.Attendees = append(m.Attendees, person(&p))
		ps := strings.ToUpper(p.Params.Get(ical.ParamParticipationStatus))
		if best < 0 || (ps != "" && ps != PartStatNeedsAction && m.PartStat == PartStatNeedsAction) {
			best = i
			m.PartStat = ps
			if m.PartStat == "" {
				m.PartStat = PartStatNeedsAction
			}
		}
	}
	if best >= 0 {
		m.Attendee = m.Attendees[best]
	}
	return nil
}

// propText reads a single TEXT value. Unlike go-ical's Text, it does not
// split at unescaped commas, which Outlook leaves in TZIDs ("(UTC+05:30)
// Chennai, Kolkata, ...") and sloppy writers in summaries, and it accepts
// unknown escapes instead of failing.
func propText(c *ical.Component, name string) string {
	p := c.Props.Get(name)
	if p == nil {
		return ""
	}
	return unescapeText(p.Value)
}

func unescapeText(v string) string {
	if !strings.Contains(v, `\`) {
		return v
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c == '\\' && i+1 < len(v) {
			i++
			switch v[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				b.WriteByte(v[i])
			}
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func person(p *ical.Prop) Person {
	addr := strings.TrimSpace(p.Value)
	if len(addr) >= 7 && strings.EqualFold(addr[:7], "mailto:") {
		addr = addr[7:]
	}
	// A CN with an unquoted comma arrives split into several values;
	// some writers also backslash-escape it as if it were TEXT.
	name := strings.Join(p.Params.Values(ical.ParamCommonName), ",")
	name = strings.ReplaceAll(name, `\,`, ",")
	return Person{Name: name, Email: addr}
}

func eventEnd(ev *ical.Component, start time.Time, allDay bool, zones *zoneResolver) (time.Time, error) {
	if p := ev.Props.Get(ical.PropDateTimeEnd); p != nil {
		end, _, err := zones.dateTime(p)
		if err != nil {
			return time.Time{}, fmt.Errorf("DTEND: %w", err)
		}
		return end, nil
	}
	if p := ev.Props.Get(ical.PropDuration); p != nil {
		d, err := p.Duration()
		if err != nil {
			return time.Time{}, fmt.Errorf("DURATION: %w", err)
		}
		return start.Add(d), nil
	}
	if allDay {
		return start.AddDate(0, 0, 1), nil
	}
	return start, nil
}

func readOverride(ev *ical.Component, zones *zoneResolver) (Override, error) {
	var o Override
	var err error
	if o.RecurrenceID, _, err = zones.dateTime(ev.Props.Get(ical.PropRecurrenceID)); err != nil {
		return o, fmt.Errorf("RECURRENCE-ID: %w", err)
	}
	o.Cancelled = strings.EqualFold(strings.TrimSpace(propText(ev, ical.PropStatus)), StatusCancelled)
	if p := ev.Props.Get(ical.PropDateTimeStart); p != nil {
		var allDay bool
		if o.Start, allDay, err = zones.dateTime(p); err != nil {
			return o, fmt.Errorf("DTSTART: %w", err)
		}
		if o.End, err = eventEnd(ev, o.Start, allDay, zones); err != nil {
			return o, err
		}
	}
	return o, nil
}

// check applies the per-method requirements of RFC 5546 section 3.2.
func (m *Message) check() error {
	switch m.Method {
	case MethodReply, MethodRefresh:
		if m.Attendee.Email == "" {
			return fmt.Errorf("ics: %s for %s has no ATTENDEE", m.Method, m.UID)
		}
	case MethodCounter:
		if m.Attendee.Email == "" {
			return fmt.Errorf("ics: COUNTER for %s has no ATTENDEE", m.UID)
		}
		if m.Start.IsZero() {
			return fmt.Errorf("ics: COUNTER for %s proposes no DTSTART", m.UID)
		}
	case MethodRequest, MethodAdd:
		if m.Organizer.Email == "" {
			return fmt.Errorf("ics: %s for %s has no ORGANIZER", m.Method, m.UID)
		}
		if m.Start.IsZero() {
			return fmt.Errorf("ics: %s for %s has no DTSTART", m.Method, m.UID)
		}
	case MethodPublish, "":
		if m.Start.IsZero() {
			return fmt.Errorf("ics: event %s has no DTSTART", m.UID)
		}
	}
	return nil
}

// maxZonesPerObject bounds the VTIMEZONEs one object may make Parse build;
// an invite uses one or two.
const maxZonesPerObject = 16

// zoneResolver turns TZIDs into locations: the VTIMEZONE in the object
// first (it is what the sender meant), then IANA names, then the Windows
// names Outlook writes. A VTIMEZONE that cannot be read falls back to the
// name; only a TZID that is neither defined nor known is an error.
type zoneResolver struct {
	defs  map[string]*ical.Component
	cache map[string]*time.Location
}

func newZoneResolver(cal *ical.Calendar) *zoneResolver {
	z := &zoneResolver{defs: map[string]*ical.Component{}, cache: map[string]*time.Location{}}
	for _, c := range cal.Children {
		if c.Name != ical.CompTimezone {
			continue
		}
		if id := propText(c, ical.PropTimezoneID); id != "" {
			if _, dup := z.defs[id]; !dup {
				z.defs[id] = c
			}
		}
	}
	return z
}

func (z *zoneResolver) location(tzid string) (*time.Location, error) {
	if loc, ok := z.cache[tzid]; ok {
		return loc, nil
	}
	if len(z.cache) >= maxZonesPerObject {
		return nil, fmt.Errorf("more than %d time zones in one object", maxZonesPerObject)
	}
	var defErr error
	var loc *time.Location
	if def, ok := z.defs[tzid]; ok {
		loc, defErr = locationFromVTimezone(def)
	}
	if loc == nil {
		loc = knownZone(tzid)
	}
	if loc == nil {
		if defErr != nil {
			return nil, defErr
		}
		return nil, fmt.Errorf("unknown TZID %q and no VTIMEZONE defines it", tzid)
	}
	z.cache[tzid] = loc
	return loc, nil
}

// knownZone resolves a TZID without a VTIMEZONE: an IANA name, an IANA
// name behind a vendor prefix ("/mozilla.org/20070129_1/Europe/Berlin"), or
// a Windows zone name.
func knownZone(tzid string) *time.Location {
	tzid = strings.TrimSpace(tzid)
	if loc := ianaZone(tzid); loc != nil {
		return loc
	}
	if strings.HasPrefix(tzid, "/") {
		rest := tzid
		for {
			i := strings.IndexByte(rest, '/')
			if i < 0 {
				break
			}
			rest = rest[i+1:]
			if loc := ianaZone(rest); loc != nil {
				return loc
			}
		}
	}
	for win, iana := range windowsZones {
		if strings.EqualFold(win, tzid) {
			loc, err := time.LoadLocation(iana)
			if err == nil {
				return loc
			}
		}
	}
	return nil
}

func ianaZone(name string) *time.Location {
	if name == "" || name == "Local" || len(name) > 64 || strings.Contains(name, "..") ||
		strings.ContainsFunc(name, func(r rune) bool {
			return !(r == '/' || r == '_' || r == '-' || r == '+' ||
				(r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z'))
		}) {
		return nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil
	}
	return loc
}

// dateTime reads a DATE or DATE-TIME property value as an instant.
func (z *zoneResolver) dateTime(p *ical.Prop) (time.Time, bool, error) {
	if p == nil {
		return time.Time{}, false, fmt.Errorf("missing")
	}
	return z.value(p, strings.TrimSpace(p.Value))
}

// dateTimes reads a property that may hold a comma-separated list.
func (z *zoneResolver) dateTimes(p *ical.Prop) ([]time.Time, error) {
	var out []time.Time
	for _, v := range strings.Split(p.Value, ",") {
		t, _, err := z.value(p, strings.TrimSpace(v))
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

func (z *zoneResolver) value(p *ical.Prop, v string) (time.Time, bool, error) {
	isDate := strings.EqualFold(p.Params.Get(ical.ParamValue), "DATE") || len(v) == 8
	if isDate {
		t, err := time.ParseInLocation("20060102", v, time.UTC)
		if err != nil {
			return time.Time{}, false, fmt.Errorf("bad date %q", v)
		}
		return t, true, nil
	}
	if strings.HasSuffix(v, "Z") || strings.HasSuffix(v, "z") {
		t, err := time.Parse("20060102T150405", v[:len(v)-1])
		if err != nil {
			return time.Time{}, false, fmt.Errorf("bad date-time %q", v)
		}
		return t.UTC(), false, nil
	}
	loc := time.UTC
	if tzid := p.Params.Get(ical.ParamTimezoneID); tzid != "" {
		var err error
		if loc, err = z.location(tzid); err != nil {
			return time.Time{}, false, err
		}
	}
	t, err := time.ParseInLocation("20060102T150405", v, loc)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("bad date-time %q", v)
	}
	return t, false, nil
}

// readExtra collects the X- properties of ev in their written order
// (go-ical keeps them in a map, so the order within one name is kept and
// names are sorted).
func readExtra(ev *ical.Component) []XProp {
	var names []string
	for name := range ev.Props {
		if strings.HasPrefix(strings.ToUpper(name), "X-") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var out []XProp
	for _, name := range names {
		for _, p := range ev.Props[name] {
			x := XProp{Name: strings.ToUpper(name), Value: unescapeText(p.Value)}
			for k, vs := range p.Params {
				if strings.HasPrefix(strings.ToUpper(k), "X-") && len(vs) > 0 {
					if x.Params == nil {
						x.Params = map[string]string{}
					}
					x.Params[strings.ToUpper(k)] = vs[0]
				}
			}
			out = append(out, x)
		}
	}
	return out
}
