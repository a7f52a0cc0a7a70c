package cli

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/report"
	"github.com/twoway-app/twoway/storage"
)

func init() {
	register("schedule", "set", "set the recurring cadence: ID --every N --unit week|month --days MO[,TH] --at HH:MM ...", scheduleSet)
	register("schedule", "show", "list every session in both local times: ID [--json]", scheduleShow)
	register("slots", "", "rank weekly slots that suit both partners: ID [--json] [--limit N]", slotsCmd)
}

// cadenceFlags are the flags that describe a cadence, shared by `schedule
// set` and `slots`.
type cadenceFlags struct {
	every       *int
	unit, days  *string
	nth         *int
	at          *string
	minutes     *int
	from, until *string
	count       *int
	anchor      *string
}

func addCadenceFlags(fs *flag.FlagSet) cadenceFlags {
	return cadenceFlags{
		every:   fs.Int("every", 1, "repeat every N units"),
		unit:    fs.String("unit", "week", "week or month"),
		days:    fs.String("days", "", "weekdays, e.g. MO,TH (monthly: one day)"),
		nth:     fs.Int("nth", 0, "monthly: which weekday of the month, 1-5 or -1 for the last"),
		at:      fs.String("at", "", "start time HH:MM, read in the anchor zone"),
		minutes: fs.Int("minutes", 60, "length of each session in minutes"),
		from:    fs.String("from", "", "first date YYYY-MM-DD (default: the programme start, else today)"),
		until:   fs.String("until", "", "last date YYYY-MM-DD (default: the programme end)"),
		count:   fs.Int("count", 0, "number of sessions, instead of --until"),
		anchor:  fs.String("anchor", "me", "whose clock stays fixed: me, partner or utc"),
	}
}

// cadence builds the cadence the flags describe, filling the defaults from
// the partnership. needTime is false for the slot finder, which picks
// days and time itself.
func (f cadenceFlags) cadence(p mentoring.Partnership, needTime bool) (calendar.Cadence, error) {
	c := calendar.Cadence{Interval: *f.every, Nth: *f.nth, Minutes: *f.minutes, Count: *f.count,
		Unit: calendar.Unit(*f.unit), Anchor: calendar.Anchor(*f.anchor)}
	switch c.Unit {
	case calendar.Weekly, calendar.Monthly:
	default:
		return c, usagef("--unit: %q is neither week nor month", *f.unit)
	}
	switch c.Anchor {
	case calendar.AnchorMe, calendar.AnchorPartner, calendar.AnchorUTC:
	default:
		return c, usagef("--anchor: %q is not me, partner or utc", *f.anchor)
	}
	var err error
	if needTime || *f.days != "" {
		if c.Days, err = calendar.ParseWeekdays(*f.days); err != nil {
			return c, usagef("--days: %v", err)
		}
	}
	if needTime || *f.at != "" {
		if c.At, err = calendar.ParseClock(*f.at); err != nil {
			return c, usagef("--at: %v", err)
		}
	}
	switch {
	case *f.from != "":
		if c.From, err = calendar.ParseDate(*f.from); err != nil {
			return c, usagef("--from: %v", err)
		}
	case !p.From.IsZero():
		c.From = p.From
	default:
		c.From = calendar.DateOf(time.Now())
	}
	if *f.until != "" {
		if c.Until, err = calendar.ParseDate(*f.until); err != nil {
			return c, usagef("--until: %v", err)
		}
	} else if c.Count == 0 {
		c.Until = p.Until // the programme's end
	}
	if c.Count == 0 && c.Until.IsZero() {
		return c, usagef("--count or --until: the series needs an end (or give the partnership an end date)")
	}
	return c, nil
}

// cadenceFlagNames maps calendar.CadenceError fields to flags.
var cadenceFlagNames = map[string]string{
	"unit": "--unit", "interval": "--every", "days": "--days", "nth": "--nth", "time": "--at",
	"minutes": "--minutes", "from": "--from", "end": "--count/--until", "count": "--count",
	"until": "--until", "anchor": "--anchor", "series": "schedule",
}

func cadenceError(err error) error {
	var ce *calendar.CadenceError
	if errors.As(err, &ce) {
		name := cadenceFlagNames[ce.Field]
		if name == "" {
			name = ce.Field
		}
		return usagef("%s: %s", name, ce.Msg)
	}
	return err
}

func loadPair(env *Env, cmd string, pos []string) (*storage.Store, mentoring.Partnership, error) {
	id, err := idArg(cmd, pos)
	if err != nil {
		return nil, mentoring.Partnership{}, err
	}
	s, err := openStore(env)
	if err != nil {
		return nil, mentoring.Partnership{}, err
	}
	p, err := s.GetPartnership(env.Ctx, id)
	if err != nil {
		s.Close()
		return nil, p, err
	}
	return s, p, nil
}

func scheduleSet(env *Env, args []string) error {
	fs := flag.NewFlagSet("schedule set", flag.ContinueOnError)
	cf := addCadenceFlags(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	s, p, err := loadPair(env, "schedule set", pos)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := organizerOnly("schedule set", p); err != nil {
		return err
	}
	c, err := cf.cadence(p, true)
	if err != nil {
		return err
	}
	me, partner, err := p.People()
	if err != nil {
		return err
	}
	checks, err := calendar.Plan(c, me, partner)
	if err != nil {
		return cadenceError(err)
	}
	if fe := mentoring.CheckInProgramme(p, c); fe != nil {
		which := map[string]string{"from": "first", "until": "last"}[fe.Field]
		return usagef("the %s session, %s", which, report.FieldText(*fe))
	}
	if err := s.SetSchedule(env.Ctx, p.ID, c); err != nil {
		return cadenceError(err)
	}
	fmt.Fprintln(env.Stdout, c.Describe(c.AnchorZone(me.Zone, partner.Zone)))
	fmt.Fprintln(env.Stdout, calendar.Summary(checks, me, partner))
	if d := calendar.DriftSummary(checks, me, partner); d != "" {
		fmt.Fprintln(env.Stdout, d)
	}
	return nil
}

type occurrenceJSON struct {
	N               int      `json:"n"`
	StartUTC        string   `json:"start_utc"`
	EndUTC          string   `json:"end_utc"`
	MeLocal         string   `json:"me_local"`
	MeEndLocal      string   `json:"me_end_local"`
	PartnerLocal    string   `json:"partner_local"`
	PartnerEndLocal string   `json:"partner_end_local"`
	OutsideHours    []string `json:"outside_hours"`
	// Shift is, per side, how many minutes this session moved from that
	// side's usual local time (DST changing on different dates).
	MeShiftMinutes      int    `json:"me_shift_minutes"`
	PartnerShiftMinutes int    `json:"partner_shift_minutes"`
	Note                string `json:"note,omitempty"`
	// Status is planned, skipped or moved; a moved session says where it
	// was (OriginalStartUTC) and is listed at its new time.
	Status           string `json:"status"`
	OriginalStartUTC string `json:"original_start_utc,omitempty"`
}

func scheduleShow(env *Env, args []string) error {
	fs := flag.NewFlagSet("schedule show", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	s, p, err := loadPair(env, "schedule show", pos)
	if err != nil {
		return err
	}
	defer s.Close()
	c, err := s.GetSchedule(env.Ctx, p.ID)
	if errors.Is(err, storage.ErrNotFound) {
		return fmt.Errorf("partnership %d has no schedule yet: set one with `twoway schedule set %d ...`", p.ID, p.ID)
	}
	if err != nil {
		return err
	}
	me, partner, err := p.People()
	if err != nil {
		return err
	}
	exc, err := s.Exceptions(env.Ctx, p.ID)
	if err != nil {
		return err
	}
	// The series as it will take place: with its skips and moves, as
	// `session list` and the invite have it.
	plan, err := mentoring.PlanSessions(p, c, exc)
	if err != nil {
		return cadenceError(err)
	}
	// Comfort is judged on the sessions that take place; drift (whose time
	// moves when the clocks change) on those at the cadence's own time.
	checks := make([]calendar.Check, 0, len(plan))
	var regular []calendar.Check
	for _, ps := range plan {
		if !ps.Skipped {
			checks = append(checks, ps.Check)
		}
		if !ps.Skipped && !ps.Moved {
			regular = append(regular, ps.Check)
		}
	}
	if *asJSON {
		out := make([]occurrenceJSON, len(plan))
		for i, ps := range plan {
			ch := ps.Check
			o := occurrenceJSON{N: i + 1,
				StartUTC: ch.Start.UTC().Format(time.RFC3339), EndUTC: ch.End.UTC().Format(time.RFC3339),
				MeLocal: ch.Me.Start.Format(time.RFC3339), MeEndLocal: ch.Me.End.Format(time.RFC3339),
				PartnerLocal: ch.Partner.Start.Format(time.RFC3339), PartnerEndLocal: ch.Partner.End.Format(time.RFC3339),
				OutsideHours:   []string{},
				MeShiftMinutes: int(ch.Me.Shift / time.Minute), PartnerShiftMinutes: int(ch.Partner.Shift / time.Minute),
				Note: ch.Note, Status: "planned"}
			switch {
			case ps.Skipped:
				o.Status = "skipped"
			case ps.Moved:
				o.Status, o.OriginalStartUTC = "moved", ps.Original.UTC().Format(time.RFC3339)
			}
			if !ch.Me.Fits {
				o.OutsideHours = append(o.OutsideHours, "me")
			}
			if !ch.Partner.Fits {
				o.OutsideHours = append(o.OutsideHours, "partner")
			}
			out[i] = o
		}
		return writeJSON(env, out)
	}
	w := env.Stdout
	fmt.Fprintln(w, c.Describe(c.AnchorZone(me.Zone, partner.Zone)))
	if n := len(plan) - len(checks); n > 0 {
		fmt.Fprintf(w, "Skipped: %s.\n", report.CountNoun(n, "session"))
	}
	fmt.Fprintln(w, calendar.Summary(checks, me, partner))
	if d := calendar.DriftSummary(regular, me, partner); d != "" {
		fmt.Fprintln(w, d)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "#\t%s (%s)\t%s (%s)\t\n", strings.ToUpper(mentoring.FirstName(me.Name)), p.Me.Zone, strings.ToUpper(mentoring.FirstName(partner.Name)), p.Partner.Zone)
	for i, ps := range plan {
		ch := ps.Check
		var flags []string
		switch {
		case ps.Skipped:
			flags = append(flags, "skipped")
		case ps.Moved:
			flags = append(flags, "moved from "+ps.Original.In(me.Zone).Format("Mon 2 Jan 15:04"))
		}
		if !ps.Skipped && !ch.Me.Fits {
			flags = append(flags, "outside "+mentoring.FirstName(me.Name)+"'s hours")
		}
		if !ps.Skipped && !ch.Partner.Fits {
			flags = append(flags, "outside "+mentoring.FirstName(partner.Name)+"'s hours")
		}
		if ch.Note != "" {
			flags = append(flags, ch.Note)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", i+1, localSpan(ch.Me), localSpan(ch.Partner), strings.Join(flags, "; "))
	}
	return tw.Flush()
}

func localSpan(s calendar.Side) string {
	return s.Start.Format("Mon 2 Jan 2006 15:04") + "-" + s.End.Format("15:04")
}

type slotJSON struct {
	Rank         int    `json:"rank"`
	Day          string `json:"day"`
	At           string `json:"at"`
	Anchor       string `json:"anchor_zone"`
	Fits         int    `json:"fits"`
	Total        int    `json:"total"`
	MeLocal      string `json:"me_local"`
	PartnerLocal string `json:"partner_local"`
	Distance     int    `json:"distance_minutes"`
}

func slotsCmd(env *Env, args []string) error {
	fs := flag.NewFlagSet("slots", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print JSON")
	limit := fs.Int("limit", 10, "how many slots to list")
	cf := addCadenceFlags(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	s, p, err := loadPair(env, "slots", pos)
	if err != nil {
		return err
	}
	defer s.Close()
	tmpl, err := s.GetSchedule(env.Ctx, p.ID)
	if errors.Is(err, storage.ErrNotFound) || flagsGiven(fs) {
		// Without a stored schedule, or when the user describes one, use the flags.
		if tmpl, err = cf.cadence(p, false); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	me, partner, err := p.People()
	if err != nil {
		return err
	}
	slots, err := calendar.FindSlots(me, partner, tmpl, *limit)
	if err != nil {
		return cadenceError(err)
	}
	anchor := tmpl.AnchorZone(me.Zone, partner.Zone).String()
	if *asJSON {
		out := make([]slotJSON, len(slots))
		for i, sl := range slots {
			out[i] = slotJSON{i + 1, calendar.FormatWeekdays([]time.Weekday{sl.Day}), sl.At.String(), anchor,
				sl.Fits, sl.Total, sl.Me.String(), sl.Partner.String(), sl.Distance}
		}
		return writeJSON(env, out)
	}
	if len(slots) == 0 {
		fmt.Fprintln(env.Stdout, "No weekly slot fits both partners' hours: widen someone's comfortable hours or shorten the call.")
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "#\tSLOT (%s)\t%s\t%s\tFITS\n", anchor, strings.ToUpper(mentoring.FirstName(me.Name)), strings.ToUpper(mentoring.FirstName(partner.Name)))
	for i, sl := range slots {
		fmt.Fprintf(tw, "%d\t%s %s\t%s\t%s\t%d/%d\n", i+1, sl.Day.String()[:3], sl.At, sl.Me, sl.Partner, sl.Fits, sl.Total)
	}
	return tw.Flush()
}

// flagsGiven reports whether any cadence flag was set on the command line.
func flagsGiven(fs *flag.FlagSet) bool {
	given := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name != "json" && f.Name != "limit" {
			given = true
		}
	})
	return given
}
