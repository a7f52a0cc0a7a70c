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
