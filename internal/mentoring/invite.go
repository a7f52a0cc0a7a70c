package mentoring

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
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
	Sent        bool
	Sequence    int
	Method      string
	SentAt      time.Time
	SentICS     string
	Fingerprint string
	Cancelled   bool
	// PartStat is the partner's answer to the whole series, if any.
	PartStat  string
	RepliedAt time.Time
}

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
}

// Methods of the messages Twoway sends.
const (
	MethodRequest = ics.MethodRequest
	MethodCancel  = ics.MethodCancel
)

// ErrNoSchedule is returned when an invite is asked for a partnership
// without a schedule.
var ErrNoSchedule = errors.New("set a schedule before sending an invite")

// fingerprint identifies the content of a series, ignoring DTSTAMP and
// SEQUENCE, so an unchanged series is resent with the same SEQUENCE.
func Fingerprint(series ics.Series) (string, error) {
	series.Sequence = 0
	series.Stamp = time.Unix(0, 0).UTC()
	b, err := ics.Publish(series)
	if err != nil {
		return "", fmt.Errorf("prepare invite: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// BuildSeries turns a partnership, its cadence and its exceptions into the
// recurring event the partner receives. Private notes never go in.
func BuildSeries(p Partnership, c calendar.Cadence, exc []Exception, uid string, now time.Time) (ics.Series, error) {
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
		Description:   Description(p),
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

// Description is the invite's text: what the pair is for and the rules
// they agreed, so the partner has them in every calendar entry.
func Description(p Partnership) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Reciprocal mentoring: %s and %s teach each other.\n", p.Me.Name, p.Partner.Name)
	if len(p.Me.Offers) > 0 {
		fmt.Fprintf(&b, "%s offers: %s.\n", firstName(p.Me.Name), strings.Join(p.Me.Offers, "; "))
	}
	if len(p.Partner.Offers) > 0 {
		fmt.Fprintf(&b, "%s offers: %s.\n", firstName(p.Partner.Name), strings.Join(p.Partner.Offers, "; "))
	}
	if p.Agenda != "" {
		b.WriteString("\nAgenda for the next session:\n" + p.Agenda + "\n")
	}
	if rules := p.Rules.Agreed(); len(rules) > 0 {
		b.WriteString("\nOur ground rules:\n")
		for _, r := range rules {
			b.WriteString("- " + r + "\n")
		}
	}
	if p.Link != "" {
		b.WriteString("\nJoin the call: " + p.Link + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// InviteText is the readable body of an invite email, with the next
// sessions in both partners' local times.
func InviteText(p Partnership, c calendar.Cadence, out Outgoing) string {
	var b strings.Builder
	me, partner, err := p.People()
	if err != nil {
		return Description(p)
	}
	switch {
	case out.Method == MethodCancel && out.Instance != nil:
		fmt.Fprintf(&b, "The session on %s is cancelled. The other sessions stay as they are.\n\n",
			out.Instance.In(partner.Zone).Format("Monday 2 January 2006 at 15:04 MST"))
	case out.Method == MethodCancel:
		fmt.Fprintf(&b, "%s has cancelled the series \"%s\".\n\n", p.Me.Name, p.Title)
	default:
		loc := c.AnchorZone(me.Zone, partner.Zone)
		fmt.Fprintf(&b, "%s\n\n", c.Describe(loc))
		if checks, err := calendar.Plan(c, me, partner); err == nil && len(checks) > 0 {
			ch := checks[0]
			fmt.Fprintf(&b, "First session: %s for %s, %s for %s.\n\n",
				ch.Me.Start.Format("Mon 2 Jan 2006 15:04 MST"), me.Name,
				ch.Partner.Start.Format("Mon 2 Jan 2006 15:04 MST"), partner.Name)
		}
	}
	b.WriteString(Description(p))
	return b.String()
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

// Describe says in a sentence what the partner answered, with a proposed
// time in both partners' local times, for the Invites screen and the CLI.
func (r Response) Describe(p Partnership) string {
	me, partner, err := p.People()
	if err != nil {
		return r.Method + " " + r.PartStat
	}
	what := "the series"
	if !r.RecurrenceID.IsZero() {
		what = "the session of " + r.RecurrenceID.In(me.Zone).Format("Mon 2 Jan")
	}
	var out string
	if r.Method == ics.MethodCounter {
		out = fmt.Sprintf("%s proposes a new time for %s: %s for %s, %s for %s.", partner.Name, what,
			r.ProposedStart.In(me.Zone).Format("Mon 2 Jan 15:04"), me.Name,
			r.ProposedStart.In(partner.Zone).Format("Mon 2 Jan 15:04"), partner.Name)
	} else {
		verb := map[string]string{"ACCEPTED": "accepted", "DECLINED": "declined", "TENTATIVE": "tentatively accepted"}[r.PartStat]
		if verb == "" {
			verb = "answered (" + strings.ToLower(r.PartStat) + ")"
		}
		out = fmt.Sprintf("%s %s %s.", partner.Name, verb, what)
	}
	if r.Comment != "" {
		out += " “" + r.Comment + "”"
	}
	return out
}

func SessionKey(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
