package mentoring

import (
	"math"
	"time"

	"github.com/twoway-app/twoway/calendar"
)

// History is everything recorded about one partnership: what the Sessions,
// Topics and Reciprocity views show, what the agenda is drafted from and
// what is exported. It is loaded once and computed on in memory.
type History struct {
	Partnership Partnership
	// Cadence is nil when no schedule is set.
	Cadence  *calendar.Cadence
	Sessions []Session
	Topics   []Topic
	Actions  []ActionItem
	// AgendaTopics are the topics the current agenda plans.
	AgendaTopics []int64
}

// Topic finds a topic by id.
func (h History) Topic(id int64) (Topic, bool) {
	for _, t := range h.Topics {
		if t.ID == id {
			return t, true
		}
	}
	return Topic{}, false
}

// Next is the first session after now that is still to take place.
func (h History) Next(now time.Time) (Session, bool) {
	for _, s := range h.Sessions {
		if s.Start.After(now) && s.Outcome != OutcomeSkipped && s.Outcome != OutcomeHeld && !s.Orphan {
			return s, true
		}
	}
	return Session{}, false
}

// LastHeld is the latest session held by now.
func (h History) LastHeld(now time.Time) (Session, bool) {
	for i := len(h.Sessions) - 1; i >= 0; i-- {
		if s := h.Sessions[i]; s.Outcome == OutcomeHeld && !s.Start.After(now) {
			return s, true
		}
	}
	return Session{}, false
}

// OpenActions lists the action items not done yet.
func (h History) OpenActions() []ActionItem {
	var out []ActionItem
	for _, a := range h.Actions {
		if !a.Done {
			out = append(out, a)
		}
	}
	return out
}

// HealthStatus is the headline of a series' health.
type HealthStatus int

const (
	// HealthNoSchedule: no cadence set and nothing logged.
	HealthNoSchedule HealthStatus = iota
	// HealthNotStarted: the first session is still to come (Next).
	HealthNotStarted
	// HealthMissed: the Missed sessions since MissedSince were all
	// skipped.
	HealthMissed
	// HealthUnlogged: of the Missed sessions since MissedSince, RunUnlogged
	// are not logged yet: the user has something to record, which is not
	// the same as a session that did not take place.
	HealthUnlogged
	// HealthOnTrack: every past session was held.
	HealthOnTrack
	// HealthBackOnTrack: some were missed, but the last one was held.
	HealthBackOnTrack
)

// Health says at a glance whether the pair keeps to its cadence. It holds
// facts; each front end words them.
type Health struct {
	Status                        HealthStatus
	Past, Held, Skipped, Unlogged int
	// Missed counts the sessions since the last one held (or since the
	// start) that were skipped or not logged; MissedSince is the first and
	// RunUnlogged how many of them are not logged. Held + Skipped +
	// Unlogged is always Past.
	Missed      int
	MissedSince time.Time
	RunUnlogged int
	// UnloggedSince is the first of the RunUnlogged sessions.
	UnloggedSince time.Time
	Next          time.Time
	// Ends is the programme's last day: its end date, else the last
	// session's. Ended says it is over; otherwise WeeksLeft and, with a
	// schedule (HasSchedule), SessionsLeft say what remains.
	Ends         calendar.Date
	Ended        bool
	WeeksLeft    int
	SessionsLeft int
	HasSchedule  bool
	// Warning is set when two or more sessions in a row were missed.
	Warning bool
}

// Health reports how the series is going as of now.
func (h History) Health(now time.Time) Health {
	r := Health{HasSchedule: h.Cadence != nil}
	p := h.Partnership
	loc := ZoneOrUTC(p.Me.Zone)
	for _, s := range h.Sessions {
		if s.Orphan && s.Outcome != OutcomeHeld {
			continue
		}
		if s.Start.After(now) {
			if r.Next.IsZero() && s.Outcome != OutcomeSkipped {
				r.Next = s.Start
			}
			if s.Outcome != OutcomeSkipped && !s.Orphan {
				r.SessionsLeft++
			}
			continue
		}
		r.Past++
		switch s.Outcome {
		case OutcomeHeld:
			r.Held++
			r.Missed, r.MissedSince, r.RunUnlogged, r.UnloggedSince = 0, time.Time{}, 0, time.Time{}
			continue
		case OutcomeSkipped:
			r.Skipped++
		default:
			r.Unlogged++
			if r.RunUnlogged == 0 {
				r.UnloggedSince = s.Start
			}
			r.RunUnlogged++
		}
		if r.Missed == 0 {
			r.MissedSince = s.Start
		}
		r.Missed++
	}
	r.Ends = p.Until
	if r.Ends.IsZero() {
		for i := len(h.Sessions) - 1; i >= 0; i-- {
			if !h.Sessions[i].Orphan {
				r.Ends = calendar.DateOf(h.Sessions[i].Start.In(loc))
				break
			}
		}
	}
	today := calendar.DateOf(now.In(loc))
	r.Ended = !r.Ends.IsZero() && r.Ends.Before(today)
	if !r.Ends.IsZero() && !r.Ended {
		r.WeeksLeft = int(math.Ceil(r.Ends.At(0, loc).Sub(now).Hours() / (24 * 7)))
	}
	switch {
	case h.Cadence == nil && r.Past == 0:
		r.Status = HealthNoSchedule
	case r.Past == 0 && !r.Next.IsZero():
		r.Status = HealthNotStarted
	case r.Missed > 0 && r.RunUnlogged > 0:
		r.Status, r.Warning = HealthUnlogged, r.Missed >= 2
	case r.Missed > 0:
		r.Status, r.Warning = HealthMissed, r.Missed >= 2
	case r.Held == r.Past:
		r.Status = HealthOnTrack
	default:
		r.Status = HealthBackOnTrack
	}
	return r
}

// ZoneOrUTC is the named zone, or UTC for a name that is not one: for
// showing a record whose zone was valid when saved, never for saving one.
func ZoneOrUTC(name string) *time.Location {
	if loc, err := calendar.LoadZone(name); err == nil {
		return loc
	}
	return time.UTC
}

// HintKind is what the balance card suggests.
type HintKind int

const (
	// HintNothingLogged: no session held with a leader yet.
	HintNothingLogged HintKind = iota
	// HintEarly: something was led, but under an hour and a half.
	HintEarly
	// HintBalanced: a two-way exchange.
	HintBalanced
	// HintLedMostly: Dominant led more than two thirds of the time; the
	// other partner might lead next, on Suggestion.
	HintLedMostly
	// HintTeachesAll: Dominant teaches every topic; the other might
	// teach Suggestion.
	HintTeachesAll
)

// Reciprocity is how much each partner led over the programme.
type Reciprocity struct {
	// Minutes led by each: a session's go to its leader; a session
	// without one splits by who led each topic (both: half each).
	MeMinutes, PartnerMinutes float64
	// Sessions each led (by the session's leader).
	MeSessions, PartnerSessions int
	// Topics each teaches (a shared topic counts for both), and how many
	// of those are done. Dropped topics do not count.
	MeTopics, PartnerTopics int
	MeDone, PartnerDone     int
	// MeShare is the share of the led time that was the user's, 0..1;
	// NaN when nothing was led yet.
	MeShare float64
	OneWay  bool
	// Hint is what to suggest; Dominant is the partner who leads or
	// teaches too much (for HintLedMostly, HintTeachesAll), and Suggestion
	// something the other partner could take on: what the learner wants,
	// else what the other offers ("" when neither lists anything).
	Hint       HintKind
	Dominant   Side
	Suggestion string
}

// Reciprocity sums up who led what in the sessions held.
func (h History) Reciprocity() Reciprocity {
	var r Reciprocity
	p := h.Partnership
	for _, s := range h.Sessions {
		if s.Outcome != OutcomeHeld {
			continue
		}
		// One rule, so the balance never contradicts "Led by": a
		// session's minutes go to its leader. Only a session logged without
		// a leader splits its minutes by who led each topic it covered.
		mins := s.Length().Minutes()
		switch s.Leader {
		case SideMe:
			r.MeSessions++
			r.MeMinutes += mins
			continue
		case SidePartner:
			r.PartnerSessions++
			r.PartnerMinutes += mins
			continue
		}
		if len(s.Covered) == 0 {
			continue
		}
		part := mins / float64(len(s.Covered))
		for _, c := range s.Covered {
			switch c.LedBy {
			case SideMe:
				r.MeMinutes += part
			case SidePartner:
				r.PartnerMinutes += part
			default:
				r.MeMinutes += part / 2
				r.PartnerMinutes += part / 2
			}
		}
	}
	for _, t := range h.Topics {
		if t.Status == TopicDropped {
			continue
		}
		done := 0
		if t.Status == TopicDone {
			done = 1
		}
		if t.Teacher == SideMe || t.Teacher == SideBoth {
			r.MeTopics++
			r.MeDone += done
		}
		if t.Teacher == SidePartner || t.Teacher == SideBoth {
			r.PartnerTopics++
			r.PartnerDone += done
		}
	}
	total := r.MeMinutes + r.PartnerMinutes
	r.MeShare = math.NaN()
	if total > 0 {
		r.MeShare = r.MeMinutes / total
	}
	// A third is the line: below it one partner mostly listens. The hint
	// waits for an hour and a half of sessions so one long first session
	// does not raise it.
	const lopsided, enough = 1.0 / 3, 90.0
	// meNext is what the user could take on (the partner's wants, else
	// the user's offers), partnerNext the reverse.
	meNext, partnerNext := first(p.Partner.Wants, p.Me.Offers), first(p.Me.Wants, p.Partner.Offers)
	switch {
	case total >= enough && r.MeShare < lopsided:
		r.Hint, r.Dominant, r.Suggestion = HintLedMostly, SidePartner, meNext
	case total >= enough && 1-r.MeShare < lopsided:
		r.Hint, r.Dominant, r.Suggestion = HintLedMostly, SideMe, partnerNext
	case r.MeTopics+r.PartnerTopics >= 3 && r.MeTopics == 0:
		r.Hint, r.Dominant, r.Suggestion = HintTeachesAll, SidePartner, meNext
	case r.MeTopics+r.PartnerTopics >= 3 && r.PartnerTopics == 0:
		r.Hint, r.Dominant, r.Suggestion = HintTeachesAll, SideMe, partnerNext
	case total > 0 && total < enough:
		r.Hint = HintEarly
	case total > 0:
		r.Hint = HintBalanced
	}
	r.OneWay = r.Hint == HintLedMostly || r.Hint == HintTeachesAll
	return r
}

// first is the first entry of the first non-empty list, or "".
func first(lists ...[]string) string {
	for _, l := range lists {
		if len(l) > 0 {
			return l[0]
		}
	}
	return ""
}

// AgendaDraft is what the next session's agenda could hold: who leads,
// the notes the user shared from the last session, the topics to carry over,
// in progress or next up, and the open action items. Each list holds at
// most MaxAgendaItems; More counts what did not fit. The front ends word it
// (mailtext.Agenda in English, the screens in the user's language).
type AgendaDraft struct {
	// Leader is who the rotation has lead it ("" without rotation).
	Leader Side
	Next   time.Time
	// LastNotes are the last held session's notes when they were shared
	// (cut to MaxSharedNotes), LastHeld its start.
	LastNotes string
	LastHeld  time.Time
	Carried   []Topic
	Progress  []Topic
	Upcoming  []Topic
	Actions   []ActionItem
	// More counts, per list, the entries left out.
	MoreCarried, MoreProgress, MoreUpcoming, MoreActions int
	// Topics are the ids of the topics listed, which the agenda plans.
	Topics []int64
}

// Empty reports whether there is nothing to put on an agenda.
func (d AgendaDraft) Empty() bool {
	return d.Leader == "" && d.LastNotes == "" && len(d.Carried)+len(d.Progress)+len(d.Upcoming)+len(d.Actions) == 0
}

// MaxAgendaItems bounds each list of a draft, and MaxSharedNotes the notes
// carried from the last session, so the draft fits an invite.
const (
	MaxAgendaItems = 8
	MaxSharedNotes = 600
)

// DraftAgenda proposes the next session's agenda: who leads, the notes of
// the last session if they were shared, the topics planned last time but
// not covered, the topics in progress (or, if none, the next two agreed
// ones) and the open action items.
func (h History) DraftAgenda(now time.Time) AgendaDraft {
	var d AgendaDraft
	if next, ok := h.Next(now); ok {
		d.Next, d.Leader = next.Start, next.Planned
	}
	listed := map[int64]bool{}
	var carried, progress, upcoming []Topic
	last, held := h.LastHeld(now)
	if held {
		covered := map[int64]bool{}
		for _, c := range last.Covered {
			covered[c.TopicID] = true
		}
		for _, id := range last.PlannedTopics {
			if t, ok := h.Topic(id); ok && !covered[id] && t.Status.Open() && !listed[id] {
				carried = append(carried, t)
				listed[id] = true
			}
		}
		// Notes the user chose to share travel on; private ones never do.
		if last.NotesShared && last.Notes != "" {
			d.LastHeld, d.LastNotes = last.Start, last.Notes
			if r := []rune(d.LastNotes); len(r) > MaxSharedNotes {
				d.LastNotes = string(r[:MaxSharedNotes]) + "…"
			}
		}
	}
	for _, t := range h.Topics {
		if t.Status == TopicInProgress && !listed[t.ID] {
			progress = append(progress, t)
			listed[t.ID] = true
		}
	}
	if len(carried)+len(progress) == 0 {
		for _, t := range h.Topics {
			if t.Status == TopicAgreed && len(upcoming) < 2 {
				upcoming = append(upcoming, t)
			}
		}
	}
	d.Carried, d.MoreCarried = capped(carried)
	d.Progress, d.MoreProgress = capped(progress)
	d.Upcoming, d.MoreUpcoming = capped(upcoming)
	d.Actions, d.MoreActions = capped(h.OpenActions())
	for _, l := range [][]Topic{d.Carried, d.Progress, d.Upcoming} {
		for _, t := range l {
			d.Topics = append(d.Topics, t.ID)
		}
	}
	return d
}

// capped keeps the first MaxAgendaItems of l and counts the rest.
func capped[T any](l []T) ([]T, int) {
	if len(l) > MaxAgendaItems {
		return l[:MaxAgendaItems], len(l) - MaxAgendaItems
	}
	return l, 0
}
