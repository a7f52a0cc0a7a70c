package mentoring

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/calendar/ics"
)

// Exception is one session of the series that is not as the cadence says:
// skipped, or moved to Start-End. Original is the start the cadence gives it,
// which identifies it to calendar clients (RECURRENCE-ID, EXDATE).
type Exception struct {
	Original   time.Time
	Skipped    bool
	Start, End time.Time
}

// InviteState is what the partner already has of a partnership's invite.
type InviteState struct {
	UID string
	// Sent is false until a message has really left; Sequence and Method
	// are then the last message's.
	Sent     bool
	Sequence int
	Method   string
	// Via is how the last message left: ViaEmail, ViaFile, or "" for one
	// recorded before Twoway kept it.
	Via         string
	SentAt      time.Time
	SentICS     string
	Fingerprint string
	Cancelled   bool
	// PartStat is the partner's answer to the whole series, if any.
	PartStat  string
	RepliedAt time.Time
}

// How a message reached the partner.
const (
	ViaEmail = "email" // sent by Twoway to the partner's address
	ViaFile  = "file"  // saved or copied for the user to pass on
)

// Outgoing is a message ready to go to the partner. Nothing is recorded
// until RecordSent: a message that fails to leave consumes no sequence
// number.
type Outgoing struct {
	PartnershipID int64
	Method        string     // ics.MethodRequest or ics.MethodCancel
	Instance      *time.Time // the one session a CANCEL is about, or nil
	Sequence      int
	ICS           []byte
	Fingerprint   string
	Series        ics.Series
	Subject       string
	Text          string // the readable body of the email
	// Changed reports whether the partner has not seen this content yet.
	Changed bool
	// Via is how it is delivered (ViaEmail, ViaFile), set by whoever
	// delivers it and recorded with it.
	Via string
	// PartStat is the attendee's answer a REPLY carries.
	PartStat string
}

// Methods of the messages Twoway sends.
const (
	MethodRequest = ics.MethodRequest
	MethodCancel  = ics.MethodCancel
)

// ErrNoSchedule is returned when an invite is asked for a partnership
// without a schedule.
var ErrNoSchedule = errors.New("set a schedule before sending an invite")

// Fingerprint identifies the content of a series, ignoring DTSTAMP and
// SEQUENCE, so an unchanged series is resent with the same SEQUENCE.
func Fingerprint(series ics.Series) (string, error) {
	series.Sequence = 0
	series.Stamp = time.Unix(0, 0).UTC()
	// What joining needs is not something the partner's calendar shows:
	// a changed offer is no reason to update their event.
	series.Extra = nil
	b, err := ics.Publish(series)
	if err != nil {
		return "", fmt.Errorf("prepare invite: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// BuildSeries turns a partnership, its cadence and its exceptions into the
// recurring event the partner receives, with description (the words
// mailtext.Description writes) as its text. Private notes never go in.
func BuildSeries(p Partnership, c calendar.Cadence, exc []Exception, uid, description string, now time.Time) (ics.Series, error) {
	me, partner, err := p.People()
	if err != nil {
		return ics.Series{}, err
	}
	if err := c.Validate(); err != nil {
		return ics.Series{}, err
	}
	loc := c.AnchorZone(me.Zone, partner.Zone)
	first, err := c.FirstDate()
	if err != nil {
		return ics.Series{}, err
	}
	occs, err := c.Expand(loc)
	if err != nil {
		return ics.Series{}, err
	}
	isSession := map[int64]bool{}
	for _, o := range occs {
		isSession[o.Start.Unix()] = true
	}
	series := ics.Series{
		UID:           uid,
		Summary:       p.Title,
		Description:   description,
		Location:      p.Link,
		ConferenceURL: p.Link,
		Organizer:     ics.Person{Name: p.Me.Name, Email: p.Me.Email},
		Attendee:      ics.Person{Name: p.Partner.Name, Email: p.Partner.Email},
		Start:         first.At(c.At, loc),
		Duration:      c.Duration(),
		RRule:         c.RRule(loc),
		AlarmBefore:   15 * time.Minute,
		Status:        ics.StatusConfirmed,
		Stamp:         now.UTC(),
	}
	if p.Role == RoleAttendee {
		// The mirror of the organizer's series, for answering it.
		series.Organizer, series.Attendee = series.Attendee, series.Organizer
		series.AlarmBefore = 0
	} else {
		series.Extra = JoinProps(p)
	}
	for _, e := range exc {
		if !isSession[e.Original.Unix()] {
			continue // the schedule changed since: that session no longer exists
		}
		if e.Skipped {
			series.ExDates = append(series.ExDates, e.Original.In(loc))
		} else {
			series.Overrides = append(series.Overrides, ics.Override{RecurrenceID: e.Original.In(loc),
				Start: e.Start.In(loc), End: e.End.In(loc)})
		}
	}
	return series, nil
}

// Response is an answer from the partner: a REPLY (accepted, declined,
// tentative) or a COUNTER proposing another time.
type Response struct {
	ID            int64
	PartnershipID int64
	Received      time.Time
	Method        string
	Attendee      string
	PartStat      string
	RecurrenceID  time.Time // zero: about the whole series
	ProposedStart time.Time // COUNTER only
	ProposedEnd   time.Time
	Comment       string
	State         string // open, accepted, declined, noted
	Raw           string
}

// SessionKey names a session by its original start, the key under which
// its log and exception are kept.
func SessionKey(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// ErrNothingToCancel is returned when a cancellation is asked for a series
// the partner never received.
var ErrNothingToCancel = errors.New("nothing to cancel: no invite has been sent for this partnership")

// Sequence is the sequencing rule of RFC 5546 as Twoway applies it: the
// SEQUENCE the next message of method carries, given what the partner has
// (st) and the content about to go (fingerprint), and whether that content
// is new to them. A first invite is 0; a changed series, a re-invite after a
// cancellation and every cancellation are one more than the last sent; an
// unchanged series is resent with the same number, so the partner's
// calendar sees no update.
func Sequence(st InviteState, method, fingerprint string) (seq int, changed bool, err error) {
	switch method {
	case MethodRequest:
		changed = !st.Sent || st.Fingerprint != fingerprint || st.Cancelled
		switch {
		case !st.Sent:
			return 0, changed, nil
		case changed:
			return st.Sequence + 1, changed, nil
		}
		return st.Sequence, changed, nil
	case MethodCancel:
		if !st.Sent {
			return 0, false, ErrNothingToCancel
		}
		return st.Sequence + 1, true, nil
	}
	return 0, false, fmt.Errorf("prepare invite: unknown method %q", method)
}

// Prepare builds the next message for a partnership: a REQUEST (the series
// as it now is) or a CANCEL of the whole series (instance nil) or of one
// session. Subject and Text are left for the caller to word (mailtext).
// Nothing is recorded: that happens once the message has left.
func Prepare(p Partnership, c calendar.Cadence, exc []Exception, st InviteState, method string, instance *time.Time, description string, now time.Time) (Outgoing, error) {
	if p.Role == RoleAttendee {
		return Outgoing{}, fmt.Errorf("prepare invite: %w", ErrNotOrganizer)
	}
	series, err := BuildSeries(p, c, exc, st.UID, description, now)
	if err != nil {
		return Outgoing{}, err
	}
	fp, err := Fingerprint(series)
	if err != nil {
		return Outgoing{}, err
	}
	out := Outgoing{PartnershipID: p.ID, Method: method, Instance: instance, Fingerprint: fp}
	if out.Sequence, out.Changed, err = Sequence(st, method, fp); err != nil {
		return out, err
	}
	series.Sequence = out.Sequence
	if method == MethodCancel {
		series.Status = ics.StatusCancelled
		out.ICS, err = ics.Cancel(series, instance)
	} else {
		out.ICS, err = ics.Request(series)
	}
	if err != nil {
		return out, fmt.Errorf("prepare invite: %w", err)
	}
	out.Series = series
	return out, nil
}

// Response states, as kept with each answer.
const (
	ResponseOpen     = "open"     // a counter-proposal not answered yet
	ResponseAccepted = "accepted" // a counter-proposal the user took
	ResponseDeclined = "declined" // a counter-proposal the user turned down
	ResponseNoted    = "noted"    // a reply: nothing to decide
)

// ErrNotOpenCounter is returned when accepting or declining a response that
// is not an open counter-proposal (a reply, or one already answered).
var ErrNotOpenCounter = errors.New("not an open counter-proposal")

// CounterChange is what accepting a counter-proposal changes: one session
// moved (Move), or the whole series' cadence (Cadence).
type CounterChange struct {
	Move    *Exception
	Cadence *calendar.Cadence
}

// AcceptCounter is the rule for taking a partner's proposed time: for one
// session, that session moves to the proposed start (keeping the series'
// length); for the series, the cadence moves to the proposed weekday and
// time read in its anchor zone, and to the proposed length when it is one
// a cadence allows.
func AcceptCounter(p Partnership, c calendar.Cadence, r Response) (CounterChange, error) {
	if r.Method != ics.MethodCounter || r.State != ResponseOpen {
		return CounterChange{}, fmt.Errorf("accept counter: response %d: %w", r.ID, ErrNotOpenCounter)
	}
	me, partner, err := p.People()
	if err != nil {
		return CounterChange{}, err
	}
	loc := c.AnchorZone(me.Zone, partner.Zone)
	if !r.RecurrenceID.IsZero() {
		ok, err := IsSession(c, loc, r.RecurrenceID)
		if err != nil {
			return CounterChange{}, err
		}
		if !ok {
			return CounterChange{}, fmt.Errorf("accept counter: %s: %w", r.RecurrenceID.UTC().Format(time.RFC3339), ErrNotASession)
		}
		return CounterChange{Move: &Exception{Original: r.RecurrenceID, Start: r.ProposedStart,
			End: r.ProposedStart.Add(c.Duration())}}, nil
	}
	start := r.ProposedStart.In(loc)
	c.At = calendar.ClockOf(start)
	c.From = calendar.DateOf(start)
	if c.Unit == calendar.Weekly && len(c.Days) == 1 || c.Unit == calendar.Monthly {
		c.Days = []time.Weekday{start.Weekday()}
	}
	if m := int(r.ProposedEnd.Sub(r.ProposedStart) / time.Minute); m >= calendar.MinMinutes && m <= calendar.MaxMinutes {
		c.Minutes = m
	}
	if err := c.Validate(); err != nil {
		return CounterChange{}, fmt.Errorf("accept counter: %w", err)
	}
	return CounterChange{Cadence: &c}, nil
}

// ErrNotASession is returned when a date names no session of the series.
var ErrNotASession = errors.New("no session of the series starts then")

// IsSession reports whether original is the start of one of cadence c's
// sessions in zone loc.
func IsSession(c calendar.Cadence, loc *time.Location, original time.Time) (bool, error) {
	occs, err := c.Expand(loc)
	if err != nil {
		return false, err
	}
	for _, o := range occs {
		if o.Start.Equal(original) {
			return true, nil
		}
	}
	return false, nil
}

// SessionOn finds the session of p's series that starts on day d in the
// series' anchor zone; ok is false when none does.
func SessionOn(p Partnership, c calendar.Cadence, d calendar.Date) (start time.Time, ok bool, err error) {
	me, partner, err := p.People()
	if err != nil {
		return time.Time{}, false, err
	}
	occs, err := c.Expand(c.AnchorZone(me.Zone, partner.Zone))
	if err != nil {
		return time.Time{}, false, err
	}
	for _, o := range occs {
		if calendar.DateOf(o.Start) == d {
			return o.Start, true, nil
		}
	}
	return time.Time{}, false, nil
}
