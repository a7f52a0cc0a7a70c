// Package report words the domain's facts in English for the user who
// reads them outside the window: the CLI's output and the exported history
// (Markdown and CSV). The screens word the same facts in the user's own
// language through lang; the partner's email is mailtext's.
package report

import (
	"fmt"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/mentoring"
)

// HealthText is one or two sentences on how the series is going, with
// dates in loc.
func HealthText(h mentoring.Health, loc *time.Location) string {
	var text string
	switch h.Status {
	case mentoring.HealthNoSchedule:
		text = "No schedule yet."
	case mentoring.HealthNotStarted:
		text = "First session " + h.Next.In(loc).Format("Mon 2 Jan 15:04") + "."
	case mentoring.HealthUnlogged:
		text = fmt.Sprintf("Not logged yet: %s since %s (%s).", CountNoun(h.RunUnlogged, "session"),
			h.UnloggedSince.In(loc).Format("Jan 2"), tally(h))
	case mentoring.HealthMissed:
		text = fmt.Sprintf("%s skipped in a row since %s (%s).", CountNoun(h.Missed, "session"),
			h.MissedSince.In(loc).Format("Jan 2"), tally(h))
	case mentoring.HealthOnTrack:
		text = fmt.Sprintf("On track: %d of %d sessions held.", h.Held, h.Past)
	default:
		text = fmt.Sprintf("Back on track: the last session was held (%s).", tally(h))
	}
	switch {
	case h.Ends.IsZero():
	case h.Ended:
		text += " The programme ended on " + longDate(h.Ends) + "."
	case h.HasSchedule:
		text += fmt.Sprintf(" The programme ends on %s (in %s, %s to go).", longDate(h.Ends),
			CountNoun(h.WeeksLeft, "week"), CountNoun(h.SessionsLeft, "session"))
	default:
		text += fmt.Sprintf(" The programme ends on %s (in %s).", longDate(h.Ends), CountNoun(h.WeeksLeft, "week"))
	}
	return text
}

// tally is what became of the past sessions, adding up to all of them:
// "2 of 4 held, 1 skipped, 1 not logged".
func tally(h mentoring.Health) string {
	t := fmt.Sprintf("%d of %d held", h.Held, h.Past)
	if h.Skipped > 0 {
		t += fmt.Sprintf(", %d skipped", h.Skipped)
	}
	if h.Unlogged > 0 {
		t += fmt.Sprintf(", %d not logged", h.Unlogged)
	}
	return t
}

// HintText is the balance card's suggestion for partnership p.
func HintText(p mentoring.Partnership, r mentoring.Reciprocity) string {
	me, partner := mentoring.FirstName(p.Me.Name), mentoring.FirstName(p.Partner.Name)
	dominant, other := me, partner
	share := r.MeShare
	if r.Dominant == mentoring.SidePartner {
		dominant, other, share = partner, me, 1-r.MeShare
	}
	switch r.Hint {
	case mentoring.HintLedMostly:
		on := fmt.Sprintf("%q", r.Suggestion)
		if r.Suggestion == "" {
			on = "something " + other + " offers"
		}
		return fmt.Sprintf("%s has led %.0f%% of the time so far. Perhaps %s leads the next session, on %s.",
			dominant, 100*share, other, on)
	case mentoring.HintTeachesAll:
		what := fmt.Sprintf("%q", r.Suggestion)
		switch {
		case r.Suggestion != "":
		case r.Dominant == mentoring.SidePartner:
			what = "what does " + partner + " want to learn?"
		default:
			what = "what do you want to learn from " + partner + "?"
		}
		return fmt.Sprintf("Every topic so far has %s teaching. Add one %s teaches: %s.", dominant, other, what)
	case mentoring.HintEarly:
		return fmt.Sprintf("Early days: %s has led %.0f%% of the time so far, %s %.0f%%.", me, 100*r.MeShare, partner, 100*(1-r.MeShare))
	case mentoring.HintBalanced:
		return fmt.Sprintf("A two-way exchange: %s led %.0f%% of the time, %s %.0f%%.", me, 100*r.MeShare, partner, 100*(1-r.MeShare))
	}
	return "Nothing logged yet: mark sessions held and note who led, and this shows the balance."
}

// CountNoun is "1 session", "2 sessions".
func CountNoun(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func longDate(d calendar.Date) string {
	return d.At(0, time.UTC).Format("2 Jan 2006")
}
