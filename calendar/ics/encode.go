package ics

import (
	"bytes"
	"fmt"
	"net/mail"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-ical"
)

// iTIP methods (RFC 5546 section 1.4).
const (
	MethodPublish        = "PUBLISH"
	MethodRequest        = "REQUEST"
	MethodReply          = "REPLY"
	MethodAdd            = "ADD"
	MethodCancel         = "CANCEL"
	MethodRefresh        = "REFRESH"
	MethodCounter        = "COUNTER"
	MethodDeclineCounter = "DECLINECOUNTER"
)

// Participation statuses an attendee may reply with (RFC 5545 3.2.12).
const (
	PartStatNeedsAction = "NEEDS-ACTION"
	PartStatAccepted    = "ACCEPTED"
	PartStatDeclined    = "DECLINED"
	PartStatTentative   = "TENTATIVE"
	PartStatDelegated   = "DELEGATED"
)

// Event statuses (RFC 5545 3.8.1.11).
const (
	StatusConfirmed = "CONFIRMED"
	StatusTentative = "TENTATIVE"
	StatusCancelled = "CANCELLED"
)

// ProdID identifies Twoway as the producer of every object it writes.
const ProdID = "-//Twoway//Twoway//EN"

// maxInput bounds what Parse reads: a real invite is a few kilobytes, and
// refusing more keeps a hostile attachment from costing memory and time.
const maxInput = 1 << 20

// Person is an organizer or attendee: a display name and an email address.
type Person struct {
	Name  string
	Email string
}

// Override changes a single instance of a series. RecurrenceID is the
// instance's original start. A moved instance gets its new Start and End (End
// zero means Start plus the series' Duration); a cancelled one has
// Cancelled set and its times are ignored.
type Override struct {
	RecurrenceID time.Time
	Start, End   time.Time
	Cancelled    bool
}

// Series is a recurring video call as the organizer sees it.
//
// Start is the first instance in the organizer's zone: it must be in a named
// IANA *time.Location (or UTC), never time.Local, because the series follows
// that zone's daylight-saving changes and its name becomes the TZID.
// RRule is an RFC 5545 RECUR value without the "RRULE:" prefix, e.g.
// "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;UNTIL=20270630T215959Z"; Start must be
// one of its instances. An empty RRule makes a single event. ExDates and
// Overrides name instances by their original start.
//
// Sequence must grow with every change the partner must see (time, rule,
// exceptions, status); Gmail duplicates the event otherwise. Stamp is the
// moment the message is made (DTSTAMP): callers pass time.Now(), tests a
// fixed time.
type Series struct {
	UID         string // stable for the life of the series
	Sequence    int
	Summary     string
	Description string
	// Location is a free-text place. With a ConferenceURL it moves into
	// the description and LOCATION holds the link, the one place every
	// client makes clickable.
	Location string
	// ConferenceURL is the video call link (http or https), written as
	// RFC 7986 CONFERENCE, URL, LOCATION and in DESCRIPTION.
	ConferenceURL string
	Organizer     Person
	Attendee      Person // required by Request and Cancel
	Start         time.Time
	Duration      time.Duration
	RRule         string
	ExDates       []time.Time
	Overrides     []Override
	AlarmBefore   time.Duration // 0: no reminder
	Status        string        // "" or CONFIRMED, or TENTATIVE
	Stamp         time.Time
	// Extra are non-standard properties (names starting with "X-") written
	// on the series' main VEVENT, where calendar clients ignore them.
	Extra []XProp
}

// XProp is a non-standard TEXT property (RFC 5545 3.8.8.2), e.g.
// X-TWOWAY-ZONE;X-TWOWAY-WHO=ORGANIZER:Europe/Berlin. Clients keep and
// ignore such properties, so an application can carry its own data in an
// object every calendar shows.
type XProp struct {
	Name   string            // upper case, starting with "X-"
	Params map[string]string // parameter names starting with "X-"
	Value  string            // plain text; escaped when written
}

// prepared is a validated Series with what every encoder needs.
type prepared struct {
	s        Series
	loc      *time.Location
	utc      bool // the anchor zone is UTC: date-times are written with Z
	rule     string
	rr       *wallRule
	exdates  []time.Time // sorted, in loc, including cancelled overrides
	moved    []Override  // sorted, in loc
	first    time.Time
	last     time.Time // latest instant any written time reaches
	conflink *url.URL
}

func prepare(s Series) (*prepared, error) {
	p := &prepared{s: s}
	if strings.TrimSpace(s.UID) == "" {
		return nil, fmt.Errorf("ics: series has no UID")
	}
	for _, x := range s.Extra {
		if err := checkXName(x.Name); err != nil {
			return nil, err
		}
		for k := range x.Params {
			if err := checkXName(k); err != nil {
				return nil, err
			}
		}
	}
	if strings.ContainsFunc(s.UID, func(r rune) bool { return r < 0x20 || r == 0x7F }) {
		return nil, fmt.Errorf("ics: UID %q contains control characters", s.UID)
	}
	if s.Sequence < 0 {
		return nil, fmt.Errorf("ics: negative SEQUENCE %d", s.Sequence)
	}
	if s.Stamp.IsZero() {
		return nil, fmt.Errorf("ics: series %s has no Stamp (pass time.Now())", s.UID)
	}
	if s.Start.IsZero() {
		return nil, fmt.Errorf("ics: series %s has no Start", s.UID)
	}
	if s.Duration <= 0 {
		return nil, fmt.Errorf("ics: series %s: Duration must be positive, got %v", s.UID, s.Duration)
	}
	if s.AlarmBefore < 0 {
		return nil, fmt.Errorf("ics: series %s: AlarmBefore must not be negative", s.UID)
	}
	if err := checkEmail(s.Organizer, "organizer"); err != nil {
		return nil, err
	}
	if s.Attendee.Email != "" {
		if err := checkEmail(s.Attendee, "attendee"); err != nil {
			return nil, err
		}
	}
	p.loc = s.Start.Location()
	if p.loc == time.UTC {
		p.utc = true
	} else if err := checkNamedZone(p.loc); err != nil {
		return nil, err
	}
	if s.ConferenceURL != "" {
		u, err := url.Parse(s.ConferenceURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, fmt.Errorf("ics: conference URL %q is not an http(s) URL", s.ConferenceURL)
		}
		p.conflink = u
	}

	start := s.Start.In(p.loc).Truncate(time.Second)
	p.s.Start = start
	p.first, p.last = start, start.Add(s.Duration)
	if s.RRule != "" {
		rule, rr, err := normalizeRRule(s.RRule, start)
		if err != nil {
			return nil, err
		}
		if first := rr.After(start, true); !first.Equal(start) {
			return nil, fmt.Errorf("ics: series %s: Start %s is not an instance of RRULE %s; clients disagree on such series",
				s.UID, start.Format(time.RFC3339), rule)
		}
		p.rule, p.rr = rule, rr
		p.last = lastOccurrence(rr, start).Add(s.Duration)
	} else if len(s.ExDates) > 0 || len(s.Overrides) > 0 {
		return nil, fmt.Errorf("ics: series %s: ExDates and Overrides need an RRule", s.UID)
	}

	isInstance := func(t time.Time) bool { return p.rr != nil && isOccurrence(p.rr, t) }
	ex := map[int64]bool{}
	for _, d := range s.ExDates {
		d = d.In(p.loc).Truncate(time.Second)
		if !isInstance(d) {
			return nil, fmt.Errorf("ics: series %s: EXDATE %s is not an instance of the series", s.UID, d.Format(time.RFC3339))
		}
		if !ex[d.Unix()] {
			ex[d.Unix()] = true
			p.exdates = append(p.exdates, d)
		}
	}
	seen := map[int64]bool{}
	for _, o := range s.Overrides {
		rid := o.RecurrenceID.In(p.loc).Truncate(time.Second)
		if !isInstance(rid) {
			return nil, fmt.Errorf("ics: series %s: override of %s, which is not an instance of the series", s.UID, rid.Format(time.RFC3339))
		}
		if seen[rid.Unix()] {
			return nil, fmt.Errorf("ics: series %s: two overrides of %s", s.UID, rid.Format(time.RFC3339))
		}
		seen[rid.Unix()] = true
		if o.Cancelled {
			if !ex[rid.Unix()] {
				ex[rid.Unix()] = true
				p.exdates = append(p.exdates, rid)
			}
			continue
		}
		if ex[rid.Unix()] {
			return nil, fmt.Errorf("ics: series %s: %s is both excluded and moved; a moved instance must not also be an EXDATE",
				s.UID, rid.Format(time.RFC3339))
		}
		if o.Start.IsZero() {
			return nil, fmt.Errorf("ics: series %s: override of %s has no Start", s.UID, rid.Format(time.RFC3339))
		}
		o.RecurrenceID = rid
		o.Start = o.Start.In(p.loc).Truncate(time.Second)
		if o.End.IsZero() {
			o.End = o.Start.Add(s.Duration)
		}
		o.End = o.End.In(p.loc).Truncate(time.Second)
		if !o.End.After(o.Start) {
			return nil, fmt.Errorf("ics: series %s: override of %s ends before it starts", s.UID, rid.Format(time.RFC3339))
		}
		p.moved = append(p.moved, o)
		if o.Start.Before(p.first) {
			p.first = o.Start
		}
		if o.End.After(p.last) {
			p.last = o.End
		}
	}
	sort.Slice(p.exdates, func(i, j int) bool { return p.exdates[i].Before(p.exdates[j]) })
	sort.Slice(p.moved, func(i, j int) bool { return p.moved[i].RecurrenceID.Before(p.moved[j].RecurrenceID) })
	return p, nil
}

func checkEmail(p Person, role string) error {
	a, err := mail.ParseAddress(p.Email)
	if err != nil || a.Address != strings.TrimSpace(p.Email) || strings.ContainsAny(p.Email, " \t\r\n\"<>") {
		return fmt.Errorf("ics: %s email %q is not a plain address", role, p.Email)
	}
	return nil
}

// Request returns an iTIP REQUEST (RFC 5546 3.2.2) inviting the attendee to
// the series, or updating it when sent again with a higher Sequence.
func Request(s Series) ([]byte, error) {
	if s.Attendee.Email == "" {
		return nil, fmt.Errorf("ics: a REQUEST needs an attendee")
	}
	return encodeSeries(s, MethodRequest)
}

// Publish returns the series as a calendar object resource for CalDAV
// storage (RFC 4791 4.1): the same object as Request but without METHOD,
// which a stored object must not have.
func Publish(s Series) ([]byte, error) {
	return encodeSeries(s, "")
}

func encodeSeries(s Series, method string) ([]byte, error) {
	p, err := prepare(s)
	if err != nil {
		return nil, err
	}
	status := strings.ToUpper(s.Status)
	switch status {
	case "":
		status = StatusConfirmed
	case StatusConfirmed, StatusTentative:
	default:
		return nil, fmt.Errorf("ics: series %s: status %q in an invite; use Cancel to cancel", s.UID, s.Status)
	}
	cal := p.calendar(method)
	master := p.event(status)
	p.setTimes(master, p.s.Start, p.s.Start.Add(s.Duration))
	if p.rr != nil {
		setRaw(master.Props, ical.PropRecurrenceRule, p.rule)
		for _, d := range p.exdates {
			master.Props.Add(p.dateTime(ical.PropExceptionDates, d))
		}
	}
	p.addAlarm(master)
	cal.Children = append(cal.Children, master)
	for _, o := range p.moved {
		ev := p.event(status)
		ev.Props.Set(p.dateTime(ical.PropRecurrenceID, o.RecurrenceID))
		p.setOverrideTimes(ev, o.Start, o.End)
		p.addAlarm(ev)
		cal.Children = append(cal.Children, ev)
	}
	return p.encode(cal)
}

// Cancel returns an iTIP CANCEL (RFC 5546 3.2.5). With instance nil it
// cancels the whole series; otherwise only the instance whose original start
// is *instance, identified by RECURRENCE-ID. The caller passes a Series whose
// Sequence is higher than the last one sent, as RFC 5546 requires.
func Cancel(s Series, instance *time.Time) ([]byte, error) {
	if s.Attendee.Email == "" {
		return nil, fmt.Errorf("ics: a CANCEL needs the attendee it is sent to")
	}
	s.Extra = nil // a cancellation is nothing to join
	p, err := prepare(s)
	if err != nil {
		return nil, err
	}
	cal := p.calendar(MethodCancel)
	ev := p.event(StatusCancelled)
	// Nothing to answer in a cancellation: no RSVP, no reminder.
	if a := ev.Props.Get(ical.PropAttendee); a != nil {
		a.Params.Del(ical.ParamRSVP)
		a.Params.Del(ical.ParamParticipationStatus)
	}
	if instance == nil {
		p.setTimes(ev, p.s.Start, p.s.Start.Add(s.Duration))
		if p.rr != nil {
			setRaw(ev.Props, ical.PropRecurrenceRule, p.rule)
			for _, d := range p.exdates {
				ev.Props.Add(p.dateTime(ical.PropExceptionDates, d))
			}
		}
	} else {
		rid := instance.In(p.loc).Truncate(time.Second)
		if p.rr == nil {
			return nil, fmt.Errorf("ics: series %s is not recurring; cancel it whole", s.UID)
		}
		if !isOccurrence(p.rr, rid) {
			return nil, fmt.Errorf("ics: series %s: %s is not an instance of the series", s.UID, rid.Format(time.RFC3339))
		}
		start, end := rid, rid.Add(s.Duration)
		for _, o := range p.moved {
			if o.RecurrenceID.Equal(rid) {
				start, end = o.Start, o.End
			}
		}
		ev.Props.Set(p.dateTime(ical.PropRecurrenceID, rid))
		p.setOverrideTimes(ev, start, end)
	}
	cal.Children = append(cal.Children, ev)
	return p.encode(cal)
}

// DeclineCounter returns an iTIP DECLINECOUNTER (RFC 5546 3.2.8): the
// organizer's answer refusing the time counter proposed. To accept a
// counter, send a new Request with the new time and a higher Sequence
// instead. comment, if not empty, tells the attendee why.
func DeclineCounter(s Series, counter *Message, comment string) ([]byte, error) {
	if counter == nil || counter.Method != MethodCounter {
		return nil, fmt.Errorf("ics: DECLINECOUNTER answers a COUNTER message")
	}
	if counter.UID != s.UID {
		return nil, fmt.Errorf("ics: COUNTER is for UID %q, not series %q", counter.UID, s.UID)
	}
	s.Attendee = counter.Attendee
	if err := checkEmail(s.Attendee, "countering attendee"); err != nil {
		return nil, err
	}
	p, err := prepare(s)
	if err != nil {
		return nil, err
	}
	cal := p.calendar(MethodDeclineCounter)
	ev := ical.NewComponent(ical.CompEvent)
	ev.Props.SetText(ical.PropUID, s.UID)
	ev.Props.Set(utcProp(ical.PropDateTimeStamp, s.Stamp))
	setRaw(ev.Props, ical.PropSequence, strconv.Itoa(s.Sequence))
	ev.Props.Set(personProp(ical.PropOrganizer, s.Organizer))
	ev.Props.Set(personProp(ical.PropAttendee, s.Attendee))
	if !counter.RecurrenceID.IsZero() {
		ev.Props.Set(p.dateTime(ical.PropRecurrenceID, counter.RecurrenceID.In(p.loc)))
	}
	if comment != "" {
		ev.Props.SetText(ical.PropComment, cleanText(comment))
	}
	cal.Children = append(cal.Children, ev)
	return p.encode(cal)
}

func (p *prepared) calendar(method string) *ical.Calendar {
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropProductID, ProdID)
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropCalendarScale, "GREGORIAN")
	if method != "" {
		cal.Props.SetText(ical.PropMethod, method)
	}
	return cal
}

// event builds a VEVENT with the properties every part of the series shares.
func (p *prepared) event(status string) *ical.Component {
	s := p.s
	ev := ical.NewComponent(ical.CompEvent)
	ev.Props.SetText(ical.PropUID, s.UID)
	ev.Props.Set(utcProp(ical.PropDateTimeStamp, s.Stamp))
	setRaw(ev.Props, ical.PropSequence, strconv.Itoa(s.Sequence))
	ev.Props.SetText(ical.PropStatus, status)
	ev.Props.SetText(ical.PropTransparency, "OPAQUE")
	if s.Summary != "" {
		ev.Props.SetText(ical.PropSummary, cleanText(s.Summary))
	}
	ev.Props.Set(personProp(ical.PropOrganizer, s.Organizer))
	if s.Attendee.Email != "" {
		a := personProp(ical.PropAttendee, s.Attendee)
		a.Params.Set(ical.ParamRole, "REQ-PARTICIPANT")
		a.Params.Set(ical.ParamParticipationStatus, PartStatNeedsAction)
		a.Params.Set(ical.ParamRSVP, "TRUE")
		a.Params.Set(ical.ParamCalendarUserType, "INDIVIDUAL")
		ev.Props.Set(a)
	}
	// Apple Calendar and Thunderbird ignore CONFERENCE, so the link also
	// goes in LOCATION (clickable in every client) and DESCRIPTION.
	desc := cleanText(s.Description)
	loc := cleanText(s.Location)
	if p.conflink != nil {
		link := p.conflink.String()
		var extra []string
		if loc != "" && loc != link {
			extra = append(extra, "Location: "+loc)
		}
		extra = append(extra, "Join the video call: "+link)
		if desc != "" {
			desc += "\n\n"
		}
		desc += strings.Join(extra, "\n")
		loc = link
		u := ical.NewProp(ical.PropURL)
		u.Value = link
		ev.Props.Set(u)
		// go-ical's SetURI drops VALUE=URI (it is CONFERENCE's default in
		// its table), but RFC 7986 5.11 requires it: set it by hand.
		c := ical.NewProp(ical.PropConference)
		c.Params.Set(ical.ParamValue, string(ical.ValueURI))
		c.Params.Set(ical.ParamFeature, "VIDEO")
		c.Params.Set(ical.ParamLabel, cleanParam(conferenceLabel(p.conflink)))
		c.Value = link
		ev.Props.Set(c)
	}
	if loc != "" {
		ev.Props.SetText(ical.PropLocation, loc)
	}
	if desc != "" {
		ev.Props.SetText(ical.PropDescription, desc)
	}
	for _, x := range s.Extra {
		prop := ical.NewProp(x.Name)
		prop.SetText(cleanText(x.Value))
		prop.Params.Del(ical.ParamValue) // TEXT is an x-name's default
		for k, v := range x.Params {
			prop.Params.Set(k, cleanParam(v))
		}
		ev.Props.Add(prop)
	}
	return ev
}

// conferenceLabel names the video service after the link's host.
func conferenceLabel(u *url.URL) string {
	return "Video call (" + u.Hostname() + ")"
}

// clockBacks are how far clocks go back when a zone leaves summer time:
// an hour almost everywhere, half an hour on Lord Howe Island.
var clockBacks = []time.Duration{time.Hour, 30 * time.Minute}

// wallAmbiguous reports whether t's wall-clock time in its zone also names
// an earlier instant. RFC 5545 (3.3.5) reads a local time that occurs twice
// as its first occurrence, so t would be misread.
func wallAmbiguous(t time.Time) bool {
	for _, d := range clockBacks {
		if sameWall(t, t.Add(-d)) {
			return true
		}
	}
	return false
}

// repeatedWall reports whether t's wall-clock time in its zone names two
// instants (t is either of them).
func repeatedWall(t time.Time) bool {
	for _, d := range clockBacks {
		if sameWall(t, t.Add(-d)) || sameWall(t, t.Add(d)) {
			return true
		}
	}
	return false
}

// sameWall reports whether b shows the same wall-clock time as a in a's
// zone.
func sameWall(a, b time.Time) bool {
	const layout = "2006-01-02T15:04:05"
	return a.Location() != time.UTC && a.Format(layout) == b.In(a.Location()).Format(layout)
}

// setTimes writes a series' start and end as local times with the
// series' TZID. When the end's local time occurs twice (the hour an autumn
// clock change repeats) and would be read as its first occurrence, the end
// goes as DURATION instead, which RFC 5545 allows in place of DTEND (never
// both).
func (p *prepared) setTimes(ev *ical.Component, start, end time.Time) {
	ev.Props.Set(p.dateTime(ical.PropDateTimeStart, start))
	if wallAmbiguous(end.In(p.loc)) {
		ev.Props.Del(ical.PropDateTimeEnd)
		setRaw(ev.Props, ical.PropDuration, formatDuration(end.Sub(start)))
		return
	}
	ev.Props.Set(p.dateTime(ical.PropDateTimeEnd, end))
}

// setOverrideTimes writes one moved session's times. A session moved into
// an hour that occurs twice is written in UTC: readers disagree on which
// occurrence a repeated local time means (RFC 5545 says the first; Python's
// icalendar reads the second), while an instant in UTC has one reading.
// RECURRENCE-ID keeps the series' own form, as calendar clients require.
func (p *prepared) setOverrideTimes(ev *ical.Component, start, end time.Time) {
	if !p.utc && (repeatedWall(start.In(p.loc)) || repeatedWall(end.In(p.loc))) {
		ev.Props.Set(utcProp(ical.PropDateTimeStart, start))
		ev.Props.Set(utcProp(ical.PropDateTimeEnd, end))
		return
	}
	p.setTimes(ev, start, end)
}

// dateTime writes t as a DATE-TIME in the anchor zone: with TZID for a named
// zone, with Z for UTC. DTSTART, DTEND, EXDATE and RECURRENCE-ID all go
// through here, so they always share value type and TZID (Apple drops a
// series whose EXDATEs differ from DTSTART; Exchange ignores them).
func (p *prepared) dateTime(name string, t time.Time) *ical.Prop {
	if p.utc {
		return utcProp(name, t)
	}
	prop := ical.NewProp(name)
	prop.Params.Set(ical.ParamTimezoneID, p.loc.String())
	prop.Value = t.In(p.loc).Format("20060102T150405")
	return prop
}

func utcProp(name string, t time.Time) *ical.Prop {
	prop := ical.NewProp(name)
	prop.Value = t.UTC().Format("20060102T150405Z")
	return prop
}

func personProp(name string, who Person) *ical.Prop {
	prop := ical.NewProp(name)
	if n := cleanParam(who.Name); n != "" {
		prop.Params.Set(ical.ParamCommonName, n)
	}
	prop.Value = "mailto:" + strings.TrimSpace(who.Email)
	return prop
}

func (p *prepared) addAlarm(ev *ical.Component) {
	if p.s.AlarmBefore <= 0 {
		return
	}
	a := ical.NewComponent(ical.CompAlarm)
	a.Props.SetText(ical.PropAction, "DISPLAY")
	setRaw(a.Props, ical.PropTrigger, "-"+formatDuration(p.s.AlarmBefore))
	text := cleanText(p.s.Summary)
	if text == "" {
		text = "Reminder"
	}
	a.Props.SetText(ical.PropDescription, text)
	ev.Children = append(ev.Children, a)
}

// formatDuration writes an RFC 5545 DURATION such as PT15M, PT1H30M or P1D.
// Written by hand because go-ical's SetDuration writes whole seconds
// ("PT900S"), which some clients show oddly in reminder pickers.
func formatDuration(d time.Duration) string {
	sec := int64(d.Round(time.Second) / time.Second)
	if sec == 0 {
		return "PT0S"
	}
	var b strings.Builder
	b.WriteString("P")
	if days := sec / 86400; days > 0 && sec%86400 == 0 {
		if days%7 == 0 {
			fmt.Fprintf(&b, "%dW", days/7)
		} else {
			fmt.Fprintf(&b, "%dD", days)
		}
		return b.String()
	}
	if days := sec / 86400; days > 0 {
		fmt.Fprintf(&b, "%dD", days)
		sec %= 86400
	}
	b.WriteString("T")
	if h := sec / 3600; h > 0 {
		fmt.Fprintf(&b, "%dH", h)
	}
	if m := sec / 60 % 60; m > 0 {
		fmt.Fprintf(&b, "%dM", m)
	}
	if s := sec % 60; s > 0 {
		fmt.Fprintf(&b, "%dS", s)
	}
	return b.String()
}

// encode adds the VTIMEZONE (first, so one-pass readers such as
// python-icalendar know it before they meet a TZID) and writes the object
// with CRLF endings and folded lines.
func (p *prepared) encode(cal *ical.Calendar) ([]byte, error) {
	if !p.utc {
		tz, err := vtimezone(p.loc, p.first, p.last)
		if err != nil {
			return nil, err
		}
		cal.Children = append([]*ical.Component{tz}, cal.Children...)
	}
	var buf bytes.Buffer
	if err := ical.NewEncoder(newFoldWriter(&buf)).Encode(cal); err != nil {
		return nil, fmt.Errorf("ics: encoding %s: %w", p.s.UID, err)
	}
	return buf.Bytes(), nil
}

// checkXName accepts an x-name (RFC 5545 3.1): "X-" then letters, digits
// and dashes, upper case so a reader's case-insensitive match is trivial.
func checkXName(name string) error {
	if !strings.HasPrefix(name, "X-") || len(name) < 3 {
		return fmt.Errorf("ics: %q is not an X- name", name)
	}
	for _, r := range name {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return fmt.Errorf("ics: %q is not an X- name (A-Z, 0-9 and - only)", name)
		}
	}
	return nil
}

// Reply returns an iTIP REPLY (RFC 5546 3.2.3) from s.Attendee to
// s.Organizer: partstat (ACCEPTED, DECLINED or TENTATIVE) for the whole
// series (instance nil) or for the one session whose original start is
// *instance. s is the series as the attendee received it, with the
// organizer's Sequence: a reply does not change the series. comment, if
// not empty, goes to the organizer.
func Reply(s Series, partstat string, instance *time.Time, comment string) ([]byte, error) {
	switch partstat {
	case PartStatAccepted, PartStatDeclined, PartStatTentative:
	default:
		return nil, fmt.Errorf("ics: a REPLY answers ACCEPTED, DECLINED or TENTATIVE, not %q", partstat)
	}
	p, ev, err := attendeeEvent(s, instance, comment)
	if err != nil {
		return nil, err
	}
	ev.Props.Get(ical.PropAttendee).Params.Set(ical.ParamParticipationStatus, partstat)
	if instance == nil {
		p.setTimes(ev, p.s.Start, p.s.Start.Add(s.Duration))
		if p.rr != nil {
			setRaw(ev.Props, ical.PropRecurrenceRule, p.rule)
		}
	}
	cal := p.calendar(MethodReply)
	cal.Children = append(cal.Children, ev)
	return p.encode(cal)
}

// Counter returns an iTIP COUNTER (RFC 5546 3.2.7): the attendee proposes
// that the series (instance nil; the recurrence keeps its rule and moves to
// the new first start) or the one session *instance take place from start
// to end instead. The organizer answers with a new REQUEST or a
// DECLINECOUNTER.
func Counter(s Series, instance *time.Time, start, end time.Time, comment string) ([]byte, error) {
	if !end.After(start) {
		return nil, fmt.Errorf("ics: a proposed time must end after it starts")
	}
	p, ev, err := attendeeEvent(s, instance, comment)
	if err != nil {
		return nil, err
	}
	if s.Summary != "" {
		ev.Props.SetText(ical.PropSummary, cleanText(s.Summary))
	}
	start, end = start.In(p.loc).Truncate(time.Second), end.In(p.loc).Truncate(time.Second)
	if instance == nil {
		p.setTimes(ev, start, end)
		if p.rr != nil {
			setRaw(ev.Props, ical.PropRecurrenceRule, p.rule)
		}
	} else {
		p.setOverrideTimes(ev, start, end)
	}
	if end.After(p.last) {
		p.last = end
	}
	if start.Before(p.first) {
		p.first = start
	}
	cal := p.calendar(MethodCounter)
	cal.Children = append(cal.Children, ev)
	return p.encode(cal)
}

// attendeeEvent is what REPLY and COUNTER share: UID, DTSTAMP, the
// organizer's SEQUENCE, ORGANIZER, the one ATTENDEE who answers, and the
// RECURRENCE-ID of the session answered.
func attendeeEvent(s Series, instance *time.Time, comment string) (*prepared, *ical.Component, error) {
	if err := checkEmail(s.Attendee, "answering attendee"); err != nil {
		return nil, nil, err
	}
	if err := checkEmail(s.Organizer, "organizer"); err != nil {
		return nil, nil, err
	}
	s.Extra = nil
	p, err := prepare(s)
	if err != nil {
		return nil, nil, err
	}
	ev := ical.NewComponent(ical.CompEvent)
	ev.Props.SetText(ical.PropUID, s.UID)
	ev.Props.Set(utcProp(ical.PropDateTimeStamp, s.Stamp))
	setRaw(ev.Props, ical.PropSequence, strconv.Itoa(s.Sequence))
	ev.Props.Set(personProp(ical.PropOrganizer, s.Organizer))
	ev.Props.Set(personProp(ical.PropAttendee, s.Attendee))
	if instance != nil {
		rid := instance.In(p.loc).Truncate(time.Second)
		if p.rr == nil || !isOccurrence(p.rr, rid) {
			return nil, nil, fmt.Errorf("ics: series %s: %s is not an instance of the series", s.UID, rid.Format(time.RFC3339))
		}
		ev.Props.Set(p.dateTime(ical.PropRecurrenceID, rid))
	}
	if comment != "" {
		ev.Props.SetText(ical.PropComment, cleanText(comment))
	}
	return p, ev, nil
}
