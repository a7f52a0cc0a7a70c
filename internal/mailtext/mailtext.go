// Package mailtext writes what the partner reads: the invite's calendar
// text, the email's subject and body. The partner may not share the user's
// language or even run Twoway, so these words are English and live here,
// apart from the screens (which speak the user's language through lang) and
// from the domain (which returns facts, never sentences).
package mailtext

import (
	"fmt"
	"strings"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/calendar/ics"
	"github.com/twoway-app/twoway/internal/mentoring"
)

// Description is the invite's text: what the pair is for and the rules
// they agreed, so the partner has them in every calendar entry.
func Description(p mentoring.Partnership) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Reciprocal mentoring: %s and %s teach each other.\n", p.Me.Name, p.Partner.Name)
	if len(p.Me.Offers) > 0 {
		fmt.Fprintf(&b, "%s offers: %s.\n", mentoring.FirstName(p.Me.Name), strings.Join(p.Me.Offers, "; "))
	}
	if len(p.Partner.Offers) > 0 {
		fmt.Fprintf(&b, "%s offers: %s.\n", mentoring.FirstName(p.Partner.Name), strings.Join(p.Partner.Offers, "; "))
	}
	if p.Agenda != "" {
		b.WriteString("\nAgenda for the next session:\n" + p.Agenda + "\n")
	}
	if rules := Rules(p.Rules); len(rules) > 0 {
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

// Subject is the email subject of out: an invitation, an update (the
// partner has an older version) or a cancellation.
func Subject(p mentoring.Partnership, out mentoring.Outgoing, alreadySent bool) string {
	switch {
	case out.Method == mentoring.MethodCancel && out.Instance != nil:
		return "Cancelled session on " + out.Instance.Format("Mon 2 Jan") + ": " + p.Title
	case out.Method == mentoring.MethodCancel:
		return "Cancelled: " + p.Title
	case alreadySent && out.Changed:
		return "Updated invitation: " + p.Title
	}
	return "Invitation: " + p.Title
}

// InviteText is the readable body of an invite email, with the first
// session in both partners' local times.
func InviteText(p mentoring.Partnership, c calendar.Cadence, out mentoring.Outgoing) string {
	var b strings.Builder
	me, partner, err := p.People()
	if err != nil {
		return Description(p)
	}
	switch {
	case out.Method == mentoring.MethodCancel && out.Instance != nil:
		fmt.Fprintf(&b, "The session on %s is cancelled. The other sessions stay as they are.\n\n",
			out.Instance.In(partner.Zone).Format("Monday 2 January 2006 at 15:04 MST"))
	case out.Method == mentoring.MethodCancel:
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

// Agenda words a drafted agenda for the invite (at most
// mentoring.MaxAgenda characters); "" when there is nothing to draft from.
func Agenda(p mentoring.Partnership, d mentoring.AgendaDraft) string {
	var b strings.Builder
	gap := func() {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
	}
	if d.Leader != "" {
		fmt.Fprintf(&b, "%s leads this session.\n", SideName(p, d.Leader))
	}
	if d.LastNotes != "" {
		gap()
		fmt.Fprintf(&b, "From last time (%s):\n%s\n", d.LastHeld.In(mentoring.ZoneOrUTC(p.Me.Zone)).Format("2 Jan"), d.LastNotes)
	}
	section := func(title string, ts []mentoring.Topic, more int) {
		if len(ts) == 0 {
			return
		}
		gap()
		b.WriteString(title + ":\n")
		for _, t := range ts {
			fmt.Fprintf(&b, "- %s (%s)\n", t.Title, Direction(p, t.Teacher))
		}
		if more > 0 {
			fmt.Fprintf(&b, "- and %d more\n", more)
		}
	}
	section("Carried over from last time", d.Carried, d.MoreCarried)
	section("In progress", d.Progress, d.MoreProgress)
	section("Next up", d.Upcoming, d.MoreUpcoming)
	if len(d.Actions) > 0 {
		gap()
		b.WriteString("Open action items:\n")
		for _, a := range d.Actions {
			fmt.Fprintf(&b, "- %s: %s", SideName(p, a.Owner), a.Text)
			if !a.Due.IsZero() {
				fmt.Fprintf(&b, " (due %s)", a.Due.At(0, time.UTC).Format("2 Jan"))
			}
			b.WriteString("\n")
		}
		if d.MoreActions > 0 {
			fmt.Fprintf(&b, "- and %d more\n", d.MoreActions)
		}
	}
	text := strings.TrimSpace(b.String())
	if r := []rune(text); len(r) > mentoring.MaxAgenda {
		text = string(r[:mentoring.MaxAgenda-1]) + "…"
	}
	return text
}

// AnswerSubject and AnswerText word the attendee's REPLY or COUNTER for
// the organizer's inbox; the calendar part carries the answer itself.
func AnswerSubject(p mentoring.Partnership, out mentoring.Outgoing) string {
	what := p.Title
	if out.Instance != nil {
		what = "session on " + out.Instance.Format("Mon 2 Jan") + ": " + p.Title
	}
	switch {
	case out.Method == mentoring.MethodCounter:
		return "New time proposed for " + what
	case out.PartStat == ics.PartStatAccepted:
		return "Accepted: " + what
	case out.PartStat == ics.PartStatDeclined:
		return "Declined: " + what
	}
	return "Tentative: " + what
}

// AnswerText is the readable body of the attendee's answer, with a
// proposed time in the organizer's zone.
func AnswerText(p mentoring.Partnership, out mentoring.Outgoing, start time.Time) string {
	_, partner, err := p.People()
	if err != nil {
		return AnswerSubject(p, out) + "\n"
	}
	var b strings.Builder
	switch {
	case out.Method == mentoring.MethodCounter:
		fmt.Fprintf(&b, "%s proposes %s instead.\n", p.Me.Name, start.In(partner.Zone).Format("Monday 2 January 2006 at 15:04 MST"))
	case out.PartStat == ics.PartStatAccepted:
		fmt.Fprintf(&b, "%s accepted.\n", p.Me.Name)
	case out.PartStat == ics.PartStatDeclined:
		fmt.Fprintf(&b, "%s declined.\n", p.Me.Name)
	default:
		fmt.Fprintf(&b, "%s might attend.\n", p.Me.Name)
	}
	b.WriteString("\nSent by Twoway for the partnership \"" + p.Title + "\".\n")
	return b.String()
}

// RecordSubject and RecordText word the email that carries the shared
// record to a partner without a common calendar server.
func RecordSubject(p mentoring.Partnership) string {
	return "Shared record: " + p.Title
}

func RecordText(p mentoring.Partnership) string {
	return p.Me.Name + " sent the latest shared record of \"" + p.Title + "\" (topics, action items, session notes and reflections).\n\n" +
		"Open the attached file in Twoway (File › Join Partnership from Invite…, or drop it on the window) to merge it.\n"
}
