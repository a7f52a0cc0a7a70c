package mentoring

import (
	"fmt"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/calendar/ics"
)

// Methods of the attendee's answers (RFC 5546 3.2.3 and 3.2.7).
const (
	MethodReply   = ics.MethodReply
	MethodCounter = ics.MethodCounter
)

// Answer builds the attendee's REPLY to the organizer's series: partstat
// (ics.PartStatAccepted, Declined or Tentative) for the series (instance
// nil) or one session. It carries the organizer's SEQUENCE: an answer
// changes nothing in the series.
func Answer(p Partnership, c calendar.Cadence, exc []Exception, st InviteState, partstat string, instance *time.Time, comment string, now time.Time) (Outgoing, error) {
	series, err := attendeeSeries(p, c, exc, st, now)
	if err != nil {
		return Outgoing{}, err
	}
	out := Outgoing{PartnershipID: p.ID, Method: MethodReply, Instance: instance, Sequence: st.Sequence, Series: series, Changed: true, PartStat: partstat}
	if out.ICS, err = ics.Reply(series, partstat, instance, comment); err != nil {
		return out, fmt.Errorf("answer invite: %w", err)
	}
	return out, nil
}

// Propose builds the attendee's COUNTER: the series (instance nil) or one
// session from start to end instead. The schedule stays as it is until
// the organizer sends the new time.
func Propose(p Partnership, c calendar.Cadence, exc []Exception, st InviteState, instance *time.Time, start, end time.Time, comment string, now time.Time) (Outgoing, error) {
	series, err := attendeeSeries(p, c, exc, st, now)
	if err != nil {
		return Outgoing{}, err
	}
	out := Outgoing{PartnershipID: p.ID, Method: MethodCounter, Instance: instance, Sequence: st.Sequence, Series: series, Changed: true}
	if out.ICS, err = ics.Counter(series, instance, start, end, comment); err != nil {
		return out, fmt.Errorf("propose a time: %w", err)
	}
	return out, nil
}

func attendeeSeries(p Partnership, c calendar.Cadence, exc []Exception, st InviteState, now time.Time) (ics.Series, error) {
	if p.Role != RoleAttendee {
		return ics.Series{}, fmt.Errorf("answer invite: %w", ErrNotAttendee)
	}
	series, err := BuildSeries(p, c, exc, st.UID, "", now)
	if err != nil {
		return series, err
	}
	series.Sequence = st.Sequence
	return series, nil
}
