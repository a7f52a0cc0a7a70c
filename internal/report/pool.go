package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/pool"
)

// Namer gives the first name of a pool member by email, for sentences.
type Namer func(email string) string

// PoolNamer names the members of p by first name, falling back to the
// email for someone not in it.
func PoolNamer(p pool.Pool) Namer {
	names := map[string]string{}
	for _, m := range p.People {
		names[pool.Key(m.Email)] = mentoring.FirstName(m.Name)
	}
	return func(email string) string {
		if n, ok := names[pool.Key(email)]; ok && n != "" {
			return n
		}
		return email
	}
}

var ordinals = []string{"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"}

// Ordinal is "first" for 1, "second" for 2, ... "11th" past ten.
func Ordinal(n int) string {
	if n >= 1 && n <= len(ordinals) {
		return ordinals[n-1]
	}
	return strconv.Itoa(n) + "th"
}

// GainText says what one person teaches the other: "Ana teaches Raj
// social media (Raj's first request) and Python (Raj's second)".
func GainText(g pool.Gain, name Namer) string {
	teacher, learner := name(g.Teacher), name(g.Learner)
	if len(g.Met) == 0 {
		return fmt.Sprintf("%s teaches %s nothing %s asked for", teacher, learner, learner)
	}
	parts := make([]string, len(g.Met))
	for i, m := range g.Met {
		what := "request"
		if i > 0 {
			what = ""
		}
		parts[i] = strings.TrimSpace(fmt.Sprintf("%s (%s's %s %s", m.Want, learner, Ordinal(m.Rank), what)) + ")"
	}
	return fmt.Sprintf("%s teaches %s %s", teacher, learner, joinAnd(parts))
}

func joinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// OverlapText says how much common time two people have: "120 min a day
// suit both, 60 from 8 to 28 March": the minutes of the longest stretch
// first, then each other stretch with its dates.
func OverlapText(o pool.Overlap) string {
	if len(o.Stretches) == 0 {
		return "no common hours"
	}
	longest := 0
	for i, s := range o.Stretches {
		if days(s) > days(o.Stretches[longest]) {
			longest = i
		}
	}
	text := fmt.Sprintf("%d min a day suit both", o.Stretches[longest].Minutes)
	var others []string
	for i, s := range o.Stretches {
		if i != longest && s.Minutes != o.Stretches[longest].Minutes {
			others = append(others, fmt.Sprintf("%d from %s", s.Minutes, dateRange(s.From, s.To)))
		}
	}
	if len(others) > 0 {
		text += ", " + strings.Join(others, ", ")
	}
	return text
}

func days(s pool.Stretch) int {
	a, b := s.From.At(0, time.UTC), s.To.At(0, time.UTC)
	return int(b.Sub(a).Hours()/24) + 1
}

// dateRange is "8 to 28 March", "29 March to 4 April", or with years when
// they differ.
func dateRange(a, b calendar.Date) string {
	ta, tb := a.At(0, time.UTC), b.At(0, time.UTC)
	switch {
	case a == b:
		return ta.Format("2 January")
	case a.Year != b.Year:
		return ta.Format("2 January 2006") + " to " + tb.Format("2 January 2006")
	case a.Month == b.Month:
		return ta.Format("2") + " to " + tb.Format("2 January")
	}
	return ta.Format("2 January") + " to " + tb.Format("2 January")
}

// ScoreReasons are the sentences that explain a pair's score, in order:
// what each teaches the other, their common time, a shared language.
func ScoreReasons(s pool.Score, name Namer) []string {
	out := []string{GainText(s.AB, name), GainText(s.BA, name)}
	if len(s.Overlap.Stretches) > 0 {
		out = append(out, OverlapText(s.Overlap))
	}
	if len(s.Languages) > 0 {
		out = append(out, "both speak "+joinAnd(s.Languages))
	}
	if s.Excluded != "" {
		out = append(out, ExclusionText(s.Excluded))
	}
	return out
}

// ExclusionText says why a pair is no candidate.
func ExclusionText(e pool.Exclusion) string {
	switch e {
	case pool.ExcludedNoGain:
		return "neither offers what the other wants"
	case pool.ExcludedOneWay:
		return "only one of them would learn something"
	case pool.ExcludedNoOverlap:
		return "their comfortable hours do not meet in some weeks of the year"
	case pool.ExcludedShortOverlap:
		return fmt.Sprintf("their comfortable hours share less than %d minutes in some weeks of the year", pool.DefaultWeights.MinOverlap)
	}
	return string(e)
}

// StatusText says how a pair of a proposal came to be, "" for a proposed
// one.
func StatusText(p pool.Proposed) string {
	switch p.Status {
	case pool.StatusAccepted:
		return fmt.Sprintf("accepted: partnership #%d", p.PartnershipID)
	case pool.StatusLocked:
		return "locked together"
	}
	return ""
}

// UnmatchedText says why someone is left unpaired.
func UnmatchedText(u pool.Unmatched) string {
	switch u.Reason {
	case pool.ReasonNoMutual:
		return "no one in the pool both gains with them"
	case pool.ReasonNoOverlap:
		return "those who would both gain with them share too few comfortable hours in some weeks"
	case pool.ReasonForbidden:
		return "every candidate is forbidden or a past partner"
	case pool.ReasonOutscored:
		return fmt.Sprintf("outscored: their %s are better paired with others", CountNoun(u.Candidates, "candidate"))
	}
	return string(u.Reason)
}

// PoolFieldText says in English what is wrong with one field of a pool
// member, as a phrase after the field's name; pool's own codes first, then
// the mentoring codes FieldText knows.
func PoolFieldText(e mentoring.FieldError) string {
	switch e.Code {
	case pool.CodeDuplicate:
		if row, _ := e.Args["Row"].(int); row > 0 {
			return fmt.Sprintf("%q is already used on line %d", e.Args["Value"], row)
		}
		return fmt.Sprintf("%q is already in the pool", e.Args["Value"])
	case pool.CodeUnknownZone:
		text := fmt.Sprintf("%q is no time zone", e.Args["Value"])
		if s, _ := e.Args["Suggestions"].([]string); len(s) > 0 {
			text += " (did you mean " + strings.Join(s, ", ") + "?)"
		} else {
			text += " (use an IANA name such as Europe/Berlin)"
		}
		return text
	case mentoring.CodeClockFormat:
		return fmt.Sprintf("%q is not written HH:MM-HH:MM", e.Args["Value"])
	case mentoring.CodeClockRange:
		return fmt.Sprintf("%q has an hour past 23 or a minute past 59", e.Args["Value"])
	}
	return FieldText(e)
}

// RowProblemsText lists a row's problems: "email: ...; zone: ...".
func RowProblemsText(ps []mentoring.FieldError) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.Field + ": " + PoolFieldText(p)
	}
	return strings.Join(parts, "; ")
}

// ColumnErrorText says what is wrong with a file's columns.
func ColumnErrorText(e *pool.ColumnError) string {
	switch e.Code {
	case pool.ColCodeNoHeader:
		return "the file is empty: want a header row naming the columns"
	case pool.ColCodeUnknown:
		return fmt.Sprintf("the file has no column %q", e.Column)
	case pool.ColCodeBadField:
		return fmt.Sprintf("%q is no field (want name, email, zone, hours, offers, wants, languages or ignore)", e.Field)
	case pool.ColCodeUnmapped:
		return fmt.Sprintf("no column holds the %s: map one with --map COLUMN=%s", e.Field, e.Field)
	case pool.ColCodeTwice:
		return fmt.Sprintf("columns %s all hold the %s: map all but one to ignore with --map COLUMN=ignore", quoteAll(e.Columns), e.Field)
	case pool.ColCodeBadSeparator:
		return "the separator must be ';' or ','"
	}
	return e.Error()
}

func quoteAll(s []string) string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = strconv.Quote(x)
	}
	return joinAnd(q)
}

// CohortCSV writes the cohort of a pool: a row per partnership with its
// people, whether it still runs, its health and its balance, in English
// for a spreadsheet.
func CohortCSV(w io.Writer, rows []pool.CohortRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"partnership", "title", "a", "b", "state", "health", "past", "held", "skipped",
		"unlogged", "a_minutes", "b_minutes", "a_share", "balance"}); err != nil {
		return fmt.Errorf("write cohort csv: %w", err)
	}
	for _, r := range rows {
		p := r.Partnership
		state := "running"
		if r.Ended {
			state = "not a fit"
		}
		share := ""
		if !math.IsNaN(r.Reciprocity.MeShare) {
			share = strconv.FormatFloat(math.Round(r.Reciprocity.MeShare*100)/100, 'f', -1, 64)
		}
		rec := []string{strconv.FormatInt(p.ID, 10), p.Title, p.Me.Email, p.Partner.Email, state,
			HealthText(r.Health, mentoring.ZoneOrUTC(p.Me.Zone)), strconv.Itoa(r.Health.Past), strconv.Itoa(r.Health.Held),
			strconv.Itoa(r.Health.Skipped), strconv.Itoa(r.Health.Unlogged),
			strconv.Itoa(int(math.Round(r.Reciprocity.MeMinutes))), strconv.Itoa(int(math.Round(r.Reciprocity.PartnerMinutes))),
			share, HintText(p, r.Reciprocity)}
		for i := range rec {
			rec[i] = csvSafe(rec[i])
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write cohort csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write cohort csv: %w", err)
	}
	return nil
}
