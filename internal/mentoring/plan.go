package mentoring

import (
	"time"

	"github.com/twoway-app/twoway/calendar"
)

// PlannedSession is one session of the series as it will take place: the
// comfort check at its time (the moved one, when it was moved), and
// whether it was skipped or moved away from Original.
type PlannedSession struct {
	calendar.Check
	Original time.Time
	Skipped  bool
	Moved    bool
}

// PlanSessions is the series with its skips and moves applied, each session
// checked against both partners' hours: what `twoway schedule show` lists,
// so it tells the same as the session list and the invite.
func PlanSessions(p Partnership, c calendar.Cadence, exc []Exception) ([]PlannedSession, error) {
	me, partner, err := p.People()
	if err != nil {
		return nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	occs, err := c.Expand(c.AnchorZone(me.Zone, partner.Zone))
	if err != nil {
		return nil, err
	}
	byOriginal := make(map[int64]Exception, len(exc))
	for _, e := range exc {
		byOriginal[e.Original.Unix()] = e
	}
	out := make([]PlannedSession, len(occs))
	placed := make([]calendar.Occurrence, len(occs))
	for i, o := range occs {
		out[i].Original = o.Start
		placed[i] = o
		if e, ok := byOriginal[o.Start.Unix()]; ok {
			switch {
			case e.Skipped:
				out[i].Skipped = true
			default:
				out[i].Moved = true
				placed[i] = calendar.Occurrence{Start: e.Start.In(o.Start.Location()), End: e.End.In(o.Start.Location())}
			}
		}
	}
	for i, ch := range calendar.CheckSeries(placed, me, partner) {
		out[i].Check = ch
	}
	return out, nil
}

// CheckInProgramme says what of cadence c falls outside p's programme: a
// first session before it starts, or a last one after it ends (Field
// "from" or "until", Args Date and From or Until); nil when the series
// fits or the programme has no dates.
func CheckInProgramme(p Partnership, c calendar.Cadence) *FieldError {
	if p.From.IsZero() && p.Until.IsZero() {
		return nil
	}
	me, partner, err := p.People()
	if err != nil {
		return nil // the zones are reported on their own fields
	}
	loc := c.AnchorZone(me.Zone, partner.Zone)
	occs, err := c.Expand(loc)
	if err != nil || len(occs) == 0 {
		return nil // the cadence's own errors are reported by Validate
	}
	first, last := calendar.DateOf(occs[0].Start), calendar.DateOf(occs[len(occs)-1].Start)
	if !p.From.IsZero() && first.Before(p.From) {
		return &FieldError{Field: "from", Code: CodeBeforeProgramme, Args: Args{"Date": first, "From": p.From}}
	}
	if !p.Until.IsZero() && p.Until.Before(last) {
		return &FieldError{Field: "until", Code: CodeAfterProgramme, Args: Args{"Date": last, "Until": p.Until}}
	}
	return nil
}

// CheckSessionTime says why a session cannot be put at start in p's
// programme (Field field): before it starts or after it ends; nil when it
// fits. Dates are the user's.
func CheckSessionTime(p Partnership, field string, start time.Time) *FieldError {
	d := calendar.DateOf(start.In(ZoneOrUTC(p.Me.Zone)))
	switch {
	case !p.From.IsZero() && d.Before(p.From):
		return &FieldError{Field: field, Code: CodeBeforeProgramme, Args: Args{"Date": d, "From": p.From}}
	case !p.Until.IsZero() && p.Until.Before(d):
		return &FieldError{Field: field, Code: CodeAfterProgramme, Args: Args{"Date": d, "Until": p.Until}}
	}
	return nil
}

// CheckLog refuses a log that cannot be true: a session logged as held
// before it took place (it starts at start), or moved outside the
// programme.
func CheckLog(p Partnership, l SessionLog, start, now time.Time) *FieldError {
	switch l.Outcome {
	case OutcomeHeld:
		if start.After(now) {
			return &FieldError{Field: "outcome", Code: CodeNotYet,
				Args: Args{"Date": calendar.DateOf(start.In(ZoneOrUTC(p.Me.Zone)))}}
		}
	case OutcomeMoved:
		if !l.MovedTo.IsZero() {
			return CheckSessionTime(p, "moved_to", l.MovedTo)
		}
	}
	return nil
}
