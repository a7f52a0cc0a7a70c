package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/twoway-app/twoway/internal/mailtext"
	"github.com/twoway-app/twoway/internal/mentoring"
)

// ExportOptions chooses what an export of the history includes.
type ExportOptions struct {
	// Private includes notes the user did not mark shared. Off by default:
	// the Markdown summary is meant for the partner.
	Private bool
	// Now separates past sessions from planned ones.
	Now time.Time
}

// Markdown is a readable summary of the partnership's history to share
// with the partner: who they are, the rules, the topics, every session
// held or missed with what it covered, open action items and the balance.
func Markdown(h mentoring.History, o ExportOptions) string {
	p := h.Partnership
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", mdInline(p.Title))
	fmt.Fprintf(&b, "Reciprocal mentoring between %s (%s) and %s (%s).\n", mdInline(p.Me.Name), p.Me.Zone,
		mdInline(p.Partner.Name), p.Partner.Zone)
	if !p.From.IsZero() || !p.Until.IsZero() {
		fmt.Fprintf(&b, "Programme: %s to %s.\n", dateOrOpen(p.From), dateOrOpen(p.Until))
	}
	if h.Cadence != nil {
		fmt.Fprintf(&b, "Cadence: %s.\n", h.Cadence.Describe(h.Cadence.AnchorZone(mentoring.ZoneOrUTC(p.Me.Zone), mentoring.ZoneOrUTC(p.Partner.Zone))))
	}
	fmt.Fprintf(&b, "\n%s\n", HealthText(h.Health(o.Now), mentoring.ZoneOrUTC(p.Me.Zone)))
	if rules := mailtext.Rules(p.Rules); len(rules) > 0 {
		b.WriteString("\n## Ground rules\n\n")
		for _, r := range rules {
			fmt.Fprintf(&b, "- %s\n", mdInline(r))
		}
	}
	if len(h.Topics) > 0 {
		b.WriteString("\n## Topics\n\n| Topic | Who teaches whom | Status | Resources |\n|---|---|---|---|\n")
		for _, t := range h.Topics {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", mdCell(t.Title), mailtext.Direction(p, t.Teacher), mailtext.StatusLabel(t.Status),
				mdCell(strings.Join(t.Resources, ", ")))
		}
	}
	b.WriteString("\n## Sessions\n")
	me, partner := mentoring.ZoneOrUTC(p.Me.Zone), mentoring.ZoneOrUTC(p.Partner.Zone)
	logged := 0
	for _, s := range h.Sessions {
		if s.Start.After(o.Now) && !s.Logged && s.Outcome != mentoring.OutcomeSkipped {
			continue
		}
		logged++
		fmt.Fprintf(&b, "\n### %s: %s\n\n", s.Start.In(me).Format("Mon 2 Jan 2006, 15:04 MST"), outcomeText(s, o.Now))
		fmt.Fprintf(&b, "%s for %s.", s.Start.In(partner).Format("Mon 2 Jan 15:04 MST"), mdInline(p.Partner.Name))
		if s.Outcome == mentoring.OutcomeMoved || (s.Outcome == mentoring.OutcomeHeld && !s.Start.Equal(s.Original)) {
			fmt.Fprintf(&b, " Moved from %s.", s.Original.In(me).Format("Mon 2 Jan 15:04"))
		}
		if s.Leader != "" {
			fmt.Fprintf(&b, " Led by %s.", mailtext.SideName(p, s.Leader))
		}
		b.WriteString("\n")
		if len(s.Covered) > 0 {
			b.WriteString("\nCovered:\n")
			for _, c := range s.Covered {
				if t, ok := h.Topic(c.TopicID); ok {
					fmt.Fprintf(&b, "- %s (led by %s)\n", mdInline(t.Title), mailtext.SideName(p, c.LedBy))
				}
			}
		}
		if s.Notes != "" && (s.NotesShared || o.Private) {
			label := "Notes"
			if !s.NotesShared {
				label = "Private notes"
			}
			fmt.Fprintf(&b, "\n%s:\n\n%s\n", label, mdQuote(s.Notes))
		}
		for _, r := range []struct{ who, text string }{{p.Me.Name, s.MyReflection}, {p.Partner.Name, s.PartnerReflection}} {
			if r.text != "" {
				fmt.Fprintf(&b, "\n%s reflects:\n\n%s\n", mdInline(mentoring.FirstName(r.who)), mdQuote(r.text))
			}
		}
		var raised []string
		for _, a := range h.Actions {
			if a.RaisedIn.Equal(s.Original) {
				raised = append(raised, actionLine(p, a))
			}
		}
		if len(raised) > 0 {
			b.WriteString("\nAction items:\n")
			for _, l := range raised {
				b.WriteString("- " + l + "\n")
			}
		}
	}
	if logged == 0 {
		b.WriteString("\nNo sessions yet.\n")
	}
	if open := h.OpenActions(); len(open) > 0 {
		b.WriteString("\n## Open action items\n\n")
		for _, a := range open {
			b.WriteString("- " + actionLine(p, a) + "\n")
		}
	}
	r := h.Reciprocity()
	b.WriteString("\n## Reciprocity\n\n")
	fmt.Fprintf(&b, "| | %s | %s |\n|---|---|---|\n", mdCell(mentoring.FirstName(p.Me.Name)), mdCell(mentoring.FirstName(p.Partner.Name)))
	fmt.Fprintf(&b, "| Minutes led | %.0f | %.0f |\n", r.MeMinutes, r.PartnerMinutes)
	fmt.Fprintf(&b, "| Sessions led | %d | %d |\n", r.MeSessions, r.PartnerSessions)
	fmt.Fprintf(&b, "| Topics taught (done) | %d (%d) | %d (%d) |\n", r.MeTopics, r.MeDone, r.PartnerTopics, r.PartnerDone)
	fmt.Fprintf(&b, "\n%s\n", HintText(p, r))
	return b.String()
}

func actionLine(p mentoring.Partnership, a mentoring.ActionItem) string {
	box := "[ ]"
	if a.Done {
		box = "[x]"
	}
	s := fmt.Sprintf("%s %s: %s", box, mailtext.SideName(p, a.Owner), mdInline(a.Text))
	if !a.Due.IsZero() {
		s += " (due " + a.Due.String() + ")"
	}
	return s
}

func outcomeText(s mentoring.Session, now time.Time) string {
	switch s.Outcome {
	case mentoring.OutcomeHeld:
		return "held"
	case mentoring.OutcomeSkipped:
		return "skipped"
	case mentoring.OutcomeMoved:
		if s.Start.After(now) {
			return "moved"
		}
		return "moved, not logged"
	}
	if s.Start.After(now) {
		return "planned"
	}
	return "not logged"
}

func dateOrOpen(d interface{ IsZero() bool }) string {
	if d.IsZero() {
		return "open"
	}
	return fmt.Sprint(d)
}

// mdInline keeps user text on one line and stops it from being read as
// Markdown markup.
func mdInline(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	r := strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", `\<`, "#", `\#`)
	return r.Replace(s)
}

func mdCell(s string) string { return strings.ReplaceAll(mdInline(s), "|", `\|`) }

// mdQuote quotes multi-line text as a block quote, so its own line breaks
// and any markup in it stay as the user wrote them.
func mdQuote(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = "> " + strings.NewReplacer(`\`, `\\`, "<", `\<`).Replace(l)
	}
	return strings.Join(lines, "\n")
}

// CSVHeader names the columns of WriteCSV.
var CSVHeader = []string{"start_utc", "my_local", "partner_local", "original_start_utc", "outcome", "planned_leader",
	"leader", "minutes", "topics_covered", "notes", "my_reflection", "partner_reflection", "action_items"}

// WriteCSV writes one row per past or logged session, for spreadsheets.
// Private notes are left out unless o.Private.
func WriteCSV(w io.Writer, h mentoring.History, o ExportOptions) error {
	p := h.Partnership
	me, partner := mentoring.ZoneOrUTC(p.Me.Zone), mentoring.ZoneOrUTC(p.Partner.Zone)
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	for _, s := range h.Sessions {
		if s.Start.After(o.Now) && !s.Logged && s.Outcome != mentoring.OutcomeSkipped {
			continue
		}
		var topics, actions []string
		for _, c := range s.Covered {
			if t, ok := h.Topic(c.TopicID); ok {
				topics = append(topics, t.Title+" ("+string(c.LedBy)+")")
			}
		}
		for _, a := range h.Actions {
			if a.RaisedIn.Equal(s.Original) {
				actions = append(actions, actionLine(p, a))
			}
		}
		notes := ""
		if s.NotesShared || o.Private {
			notes = s.Notes
		}
		mins := ""
		if s.Outcome == mentoring.OutcomeHeld {
			mins = strconv.Itoa(int(math.Round(s.Length().Minutes())))
		}
		rec := []string{mentoring.SessionKey(s.Start), s.Start.In(me).Format("2006-01-02 15:04"), s.Start.In(partner).Format("2006-01-02 15:04"),
			mentoring.SessionKey(s.Original), outcomeText(s, o.Now), string(s.Planned), string(s.Leader), mins,
			strings.Join(topics, "; "), notes, s.MyReflection, s.PartnerReflection, strings.Join(actions, "; ")}
		for i := range rec {
			rec[i] = csvSafe(rec[i])
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// csvSafe stops a spreadsheet from running user text as a formula
// (CSV injection): a leading =, +, - or @ gets a quote mark.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
