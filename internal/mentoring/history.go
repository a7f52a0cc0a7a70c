package mentoring

import (
	"fmt"
	"math"
	"strings"
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

// Health says at a glance whether the pair keeps to its cadence.
type Health struct {
	Past, Held, Skipped, Unlogged int
	// Missed counts the sessions since the last one held (or since the
	// start) that were skipped or not logged; MissedSince is the first.
	Missed      int
	MissedSince time.Time
	Next        time.Time
	// Ends is the programme's last day: its end date, else the last
	// session's.
	Ends    calendar.Date
	Ended   bool
	Warning bool
	// Text is one or two sentences for the Overview and the CLI.
	Text string
}

// Health reports how the series is going as of now.
func (h History) Health(now time.Time) Health {
	var r Health
	p := h.Partnership
	loc := zoneOr(p.Me.Zone)
	for _, s := range h.Sessions {
		if s.Orphan && s.Outcome != OutcomeHeld {
			continue
		}
		if s.Start.After(now) {
			if r.Next.IsZero() && s.Outcome != OutcomeSkipped {
				r.Next = s.Start
			}
			continue
		}
		r.Past++
		switch s.Outcome {
		case OutcomeHeld:
			r.Held++
			r.Missed, r.MissedSince = 0, time.Time{}
			continue
		case OutcomeSkipped:
			r.Skipped++
		default:
			r.Unlogged++
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

	var parts []string
	switch {
	case h.Cadence == nil && r.Past == 0:
		parts = append(parts, "No schedule yet.")
	case r.Past == 0 && !r.Next.IsZero():
		parts = append(parts, "First session "+r.Next.In(loc).Format("Mon 2 Jan 15:04")+".")
	case r.Missed > 0:
		r.Warning = r.Missed >= 2
		parts = append(parts, fmt.Sprintf("%s missed since %s (%d of %d held).",
			countNoun(r.Missed, "session"), r.MissedSince.In(loc).Format("Jan 2"), r.Held, r.Past))
	case r.Held == r.Past:
		parts = append(parts, fmt.Sprintf("On track: %d of %d sessions held.", r.Held, r.Past))
	default:
		parts = append(parts, fmt.Sprintf("Back on track: the last session was held (%d of %d held).", r.Held, r.Past))
	}
	switch {
	case r.Ends.IsZero():
	case r.Ended:
		parts = append(parts, "The programme ended on "+longDate(r.Ends)+".")
	default:
		left := 0
		for _, s := range h.Sessions {
			if s.Start.After(now) && s.Outcome != OutcomeSkipped && !s.Orphan {
				left++
			}
		}
		weeks := int(math.Ceil(r.Ends.At(0, loc).Sub(now).Hours() / (24 * 7)))
		msg := fmt.Sprintf("The programme ends on %s (in %s", longDate(r.Ends), countNoun(weeks, "week"))
		if h.Cadence != nil {
			msg += ", " + countNoun(left, "session") + " to go"
		}
		parts = append(parts, msg+").")
	}
	r.Text = strings.Join(parts, " ")
	return r
}

func zoneOr(name string) *time.Location {
	if loc, err := calendar.LoadZone(name); err == nil {
		return loc
	}
	return time.UTC
}

func longDate(d calendar.Date) string {
	return d.At(0, time.UTC).Format("2 Jan 2006")
}

func countNoun(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Reciprocity is how much each partner led over the programme.
type Reciprocity struct {
	// Minutes led by each; a topic led by both counts half to each.
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
	Hint    string
}

// Reciprocity sums up who led what in the sessions held.
func (h History) Reciprocity() Reciprocity {
	var r Reciprocity
	p := h.Partnership
	for _, s := range h.Sessions {
		if s.Outcome != OutcomeHeld {
			continue
		}
		mins := s.Length().Minutes()
		switch s.Leader {
		case SideMe:
			r.MeSessions++
		case SidePartner:
			r.PartnerSessions++
		}
		if len(s.Covered) == 0 {
			switch s.Leader {
			case SideMe:
				r.MeMinutes += mins
			case SidePartner:
				r.PartnerMinutes += mins
			}
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
	me, partner := FirstName(p.Me.Name), FirstName(p.Partner.Name)
	total := r.MeMinutes + r.PartnerMinutes
	r.MeShare = math.NaN()
	if total > 0 {
		r.MeShare = r.MeMinutes / total
	}
	// A third is the line: below it one partner mostly listens. The hint
	// waits for an hour and a half of sessions so one long first session
	// does not raise it.
	const lopsided, enough = 1.0 / 3, 90.0
	switch {
	case total >= enough && r.MeShare < lopsided:
		r.OneWay = true
		r.Hint = fmt.Sprintf("%s has led %.0f%% of the time so far. Perhaps %s leads the next session, on %s.",
			partner, 100*(1-r.MeShare), me, suggestion(p.Partner.Wants, p.Me.Offers, "something "+me+" offers"))
	case total >= enough && 1-r.MeShare < lopsided:
		r.OneWay = true
		r.Hint = fmt.Sprintf("%s has led %.0f%% of the time so far. Perhaps %s leads the next session, on %s.",
			me, 100*r.MeShare, partner, suggestion(p.Me.Wants, p.Partner.Offers, "something "+partner+" offers"))
	case r.MeTopics+r.PartnerTopics >= 3 && r.MeTopics == 0:
		r.OneWay = true
		r.Hint = fmt.Sprintf("Every topic so far has %s teaching. Add one %s teaches: %s.", partner, me,
			suggestion(p.Partner.Wants, p.Me.Offers, "what does "+partner+" want to learn?"))
	case r.MeTopics+r.PartnerTopics >= 3 && r.PartnerTopics == 0:
		r.OneWay = true
		r.Hint = fmt.Sprintf("Every topic so far has %s teaching. Add one %s teaches: %s.", me, partner,
			suggestion(p.Me.Wants, p.Partner.Offers, "what do you want to learn from "+partner+"?"))
	case total > 0 && total < enough:
		r.Hint = fmt.Sprintf("Early days: %s has led %.0f%% of the time so far, %s %.0f%%.", me, 100*r.MeShare, partner, 100*(1-r.MeShare))
	case total > 0:
		r.Hint = fmt.Sprintf("A two-way exchange: %s led %.0f%% of the time, %s %.0f%%.", me, 100*r.MeShare, partner, 100*(1-r.MeShare))
	default:
		r.Hint = "Nothing logged yet: mark sessions held and note who led, and this shows the balance."
	}
	return r
}

// suggestion picks something the learner wants, else something the
// teacher offers, quoted; fallback otherwise.
func suggestion(wants, offers []string, fallback string) string {
	for _, l := range [][]string{wants, offers} {
		if len(l) > 0 {
			return fmt.Sprintf("%q", l[0])
		}
	}
	return fallback
}

// AgendaDraft is a proposed agenda for the next session and the topics it
// plans.
type AgendaDraft struct {
	Text   string
	Topics []int64
	// Leader is who the rotation has lead it ("" without rotation).
	Leader Side
	Next   time.Time
}

// maxAgendaItems bounds each section of a draft, and maxSharedNotes the
// notes carried from the last session, so the draft fits an invite.
const (
	maxAgendaItems = 8
	maxSharedNotes = 600
)

// DraftAgenda proposes the next session's agenda: who leads, the notes of
// the last session if they were shared, the topics planned last time but
// not covered, the topics in progress (or, if none,
// the next agreed ones) and the open action items.
func (h History) DraftAgenda(now time.Time) AgendaDraft {
	var d AgendaDraft
	p := h.Partnership
	if next, ok := h.Next(now); ok {
		d.Next, d.Leader = next.Start, next.Planned
	}
	listed := map[int64]bool{}
	var carried, progress, upcoming []Topic
	if last, ok := h.LastHeld(now); ok {
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
				listed[t.ID] = true
			}
		}
	}
	var b strings.Builder
	if d.Leader != "" {
		fmt.Fprintf(&b, "%s leads this session.\n", d.Leader.Name(p))
	}
	// Notes the user chose to share travel on; private ones never do.
	if last, ok := h.LastHeld(now); ok && last.NotesShared && last.Notes != "" {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		notes := last.Notes
		if r := []rune(notes); len(r) > maxSharedNotes {
			notes = string(r[:maxSharedNotes]) + "…"
		}
		fmt.Fprintf(&b, "From last time (%s):\n%s\n", last.Start.In(zoneOr(p.Me.Zone)).Format("2 Jan"), notes)
	}
	section := func(title string, ts []Topic) {
		if len(ts) == 0 {
			return
		}
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString(title + ":\n")
		for i, t := range ts {
			if i == maxAgendaItems {
				fmt.Fprintf(&b, "- and %d more\n", len(ts)-i)
				break
			}
			fmt.Fprintf(&b, "- %s (%s)\n", t.Title, t.Direction(p))
			d.Topics = append(d.Topics, t.ID)
		}
	}
	section("Carried over from last time", carried)
	section("In progress", progress)
	section("Next up", upcoming)
	if open := h.OpenActions(); len(open) > 0 {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString("Open action items:\n")
		for i, a := range open {
			if i == maxAgendaItems {
				fmt.Fprintf(&b, "- and %d more\n", len(open)-i)
				break
			}
			fmt.Fprintf(&b, "- %s: %s", a.Owner.Name(p), a.Text)
			if !a.Due.IsZero() {
				fmt.Fprintf(&b, " (due %s)", a.Due.At(0, time.UTC).Format("2 Jan"))
			}
			b.WriteString("\n")
		}
	}
	d.Text = strings.TrimSpace(b.String())
	if r := []rune(d.Text); len(r) > MaxAgenda {
		d.Text = string(r[:MaxAgenda-1]) + "…"
	}
	return d
}
