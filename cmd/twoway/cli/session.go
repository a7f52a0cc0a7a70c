package cli

import (
	"flag"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/mailtext"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/report"
	"github.com/twoway-app/twoway/storage"
)

func init() {
	register("session", "log", `record a session: ID YYYY-MM-DD --held|--skipped|--moved-to "YYYY-MM-DD HH:MM" [--leader me|partner] [--notes T [--shared]] [--covered TOPIC_ID[:who]]... [--action "owner:text[:due]"]... [--close ACTION_ID]... (--help lists all)`, sessionLog)
	register("session", "list", "every session in both local times with outcome, leaders and topics covered: ID [--json]", sessionList)
	register("session", "actions", "list action items, open ones first: ID [--open] [--json]", sessionActions)
	register("session", "done", "mark an action item done (or open again with --undo): ACTION_ID [--undo]", sessionDone)
}

// sessionLogFlags maps storage's session log fields to flags.
var sessionLogFlags = map[string]string{
	"outcome": "--held/--skipped/--moved-to", "moved_to": "--moved-to", "leader": "--leader", "minutes": "--minutes",
	"notes": "--notes", "my_reflection": "--reflection-me", "partner_reflection": "--reflection-partner",
	"covered": "--covered", "action": "--action", "owner": "--action", "closed": "--close",
}

// coverArg is one --covered: a topic and who led it ("" for the topic's
// teacher, who usually does).
type coverArg struct {
	topic int64
	ledBy mentoring.Side
}

func parseCovered(s string) (coverArg, error) {
	idText, who, hasWho := strings.Cut(strings.TrimSpace(s), ":")
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || id <= 0 {
		return coverArg{}, usagef("--covered: %q is not TOPIC_ID[:me|partner|both] (see `twoway topic list ID`)", s)
	}
	c := coverArg{topic: id}
	if hasWho {
		if c.ledBy, err = mentoring.ParseSide(who); err != nil {
			return c, usagef("--covered: topic %d: %v", id, err)
		}
	}
	return c, nil
}

var dueDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// parseAction reads "owner:text[:YYYY-MM-DD]". The text may hold colons
// of its own ("Read: chapter 3"); only a trailing date is taken as due.
func parseAction(s string) (mentoring.ActionItem, error) {
	var a mentoring.ActionItem
	owner, rest, ok := strings.Cut(s, ":")
	if !ok || strings.TrimSpace(rest) == "" {
		return a, usagef(`--action: %q is not "owner:text[:YYYY-MM-DD]"`, s)
	}
	side, err := mentoring.ParseSide(owner)
	if err != nil || side == mentoring.SideBoth {
		return a, usagef("--action: owner %q is not me or partner", owner)
	}
	a.Owner, a.Text = side, rest
	if i := strings.LastIndex(rest, ":"); i >= 0 && dueDate.MatchString(strings.TrimSpace(rest[i+1:])) {
		if a.Due, err = calendar.ParseDate(strings.TrimSpace(rest[i+1:])); err != nil {
			return a, usagef("--action: due date: %v", err)
		}
		a.Text = rest[:i]
	}
	return a, nil
}

// parseWallClock reads "YYYY-MM-DD HH:MM" as session move does, so the
// same text means the same time in both commands.
func parseWallClock(flagName, text string) (calendar.Date, calendar.Clock, error) {
	dayText, clockText, ok := strings.Cut(strings.TrimSpace(text), " ")
	day, err1 := calendar.ParseDate(dayText)
	clock, err2 := calendar.ParseClock(strings.TrimSpace(clockText))
	if !ok || err1 != nil || err2 != nil {
		return day, clock, usagef(`%s: %q is not "YYYY-MM-DD HH:MM"`, flagName, text)
	}
	return day, clock, nil
}

// wallTimeIn places a date and clock in loc, refusing a time the clocks
// skip there.
func wallTimeIn(flagName string, day calendar.Date, clock calendar.Clock, loc *time.Location) (time.Time, error) {
	start, wall := calendar.WallTime(day, clock, loc)
	if wall == calendar.WallGap {
		return start, usagef("%s: %s %s does not exist in %s (the clocks skip it)", flagName, day, clock, loc)
	}
	return start, nil
}

func sessionLog(env *Env, args []string) error {
	const name = "session log"
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	held := fs.Bool("held", false, "the session took place")
	skipped := fs.Bool("skipped", false, "the session did not take place (the invite drops it)")
	movedTo := fs.String("moved-to", "", `the session was moved to "YYYY-MM-DD HH:MM", read in the series' zone`)
	leader := fs.String("leader", "", "who led it: me or partner (default: the rotation's choice)")
	minutes := fs.Int("minutes", 0, "how long it ran, if not as planned")
	notes := fs.String("notes", "", "notes on the session (private unless --shared)")
	shared := fs.Bool("shared", false, "share the notes with the partner (invite and export)")
	myRefl := fs.String("reflection-me", "", "my reflection")
	partnerRefl := fs.String("reflection-partner", "", "the partner's reflection")
	var covered, actions, closes listFlag
	fs.Var(&covered, "covered", "a topic covered, TOPIC_ID[:me|partner|both] for who led it (repeatable)")
	fs.Var(&actions, "action", `a new action item, "owner:text[:YYYY-MM-DD]" (repeatable)`)
	fs.Var(&closes, "close", "an action item this session finished (repeatable)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("%s: want a partnership ID and the session's date (see `twoway session list ID`)", name)
	}
	if _, err := idArg(name, pos[:1]); err != nil {
		return err
	}
	given := visited(fs)

	// Read every flag before opening the database: bad input changes nothing.
	l := mentoring.SessionLog{}
	n := 0
	for _, o := range []struct {
		set     bool
		outcome mentoring.Outcome
	}{{*held, mentoring.OutcomeHeld}, {*skipped, mentoring.OutcomeSkipped}, {given["moved-to"], mentoring.OutcomeMoved}} {
		if o.set {
			l.Outcome = o.outcome
			n++
		}
	}
	if n != 1 {
		return usagef(`%s: give exactly one of --held, --skipped or --moved-to "YYYY-MM-DD HH:MM"`, name)
	}
	var moveDay calendar.Date
	var moveClock calendar.Clock
	if l.Outcome == mentoring.OutcomeMoved {
		if moveDay, moveClock, err = parseWallClock("--moved-to", *movedTo); err != nil {
			return err
		}
	}
	var lead mentoring.Side
	if given["leader"] {
		if lead, err = mentoring.ParseSide(*leader); err != nil || lead == mentoring.SideBoth {
			return usagef("--leader: %q is not me or partner", *leader)
		}
	}
	var covers []coverArg
	for _, c := range covered {
		ca, err := parseCovered(c)
		if err != nil {
			return err
		}
		covers = append(covers, ca)
	}
	for _, text := range actions {
		a, err := parseAction(text)
		if err != nil {
			return err
		}
		l.NewActions = append(l.NewActions, a)
	}
	for _, c := range closes {
		id, err := strconv.ParseInt(strings.TrimSpace(c), 10, 64)
		if err != nil || id <= 0 {
			return usagef("--close: %q is not an action item ID (see `twoway session actions ID`)", c)
		}
		l.Closed = append(l.Closed, id)
	}

	s, p, err := loadPair(env, name, pos[:1])
	if err != nil {
		return err
	}
	defer s.Close()
	orig, err := sessionOn(env, s, p, "WHEN", pos[1])
	if err != nil {
		return err
	}
	h, err := s.History(env.Ctx, p.ID)
	if err != nil {
		return err
	}
	// Logging a session again keeps what the user does not give again, as
	// the window's form does by showing it.
	var cur mentoring.Session
	for _, ss := range h.Sessions {
		if ss.Original.Equal(orig) {
			cur = ss
		}
	}
	l.Original = orig
	if cur.Logged {
		l.Leader, l.Minutes, l.Notes, l.NotesShared = cur.Leader, cur.Minutes, cur.Notes, cur.NotesShared
		l.MyReflection, l.PartnerReflection, l.Covered = cur.MyReflection, cur.PartnerReflection, cur.Covered
	}
	if given["leader"] {
		l.Leader = lead
	} else if l.Leader == "" && l.Outcome == mentoring.OutcomeHeld {
		l.Leader = cur.Planned
	}
	if given["minutes"] {
		l.Minutes = *minutes
	}
	if given["notes"] {
		l.Notes = *notes
	}
	if given["shared"] {
		l.NotesShared = *shared
	}
	if given["reflection-me"] {
		l.MyReflection = *myRefl
	}
	if given["reflection-partner"] {
		l.PartnerReflection = *partnerRefl
	}
	if len(covers) > 0 {
		l.Covered = nil
		for _, c := range covers {
			t, ok := h.Topic(c.topic)
			if !ok {
				return usagef("--covered: topic %d is not one of partnership %d's topics (see `twoway topic list %d`)", c.topic, p.ID, p.ID)
			}
			if c.ledBy == "" {
				c.ledBy = t.Teacher
			}
			l.Covered = append(l.Covered, mentoring.Coverage{TopicID: t.ID, LedBy: c.ledBy})
		}
	}
	if l.Outcome == mentoring.OutcomeMoved {
		if l.MovedTo, err = wallTimeIn("--moved-to", moveDay, moveClock, orig.Location()); err != nil {
			return err
		}
	}
	before := map[int64]bool{}
	for _, a := range h.Actions {
		before[a.ID] = true
	}
	if err := newCore(env, s).LogSession(env.Ctx, p.ID, l, now()); err != nil {
		return fieldsError(err, sessionLogFlags)
	}

	w := env.Stdout
	fmt.Fprintf(w, "Logged %s: %s", orig.Format("Mon 2 Jan 2006 15:04 MST"), l.Outcome)
	if l.Outcome == mentoring.OutcomeMoved {
		fmt.Fprintf(w, " to %s", l.MovedTo.Format("Mon 2 Jan 2006 15:04 MST"))
	}
	if l.Leader != "" {
		fmt.Fprintf(w, ", led by %s", mailtext.SideName(p, l.Leader))
	}
	if len(l.Covered) > 0 {
		fmt.Fprintf(w, ", %s covered", report.CountNoun(len(l.Covered), "topic"))
	}
	fmt.Fprintln(w, ".")
	after, err := s.ActionItems(env.Ctx, p.ID)
	if err != nil {
		return err
	}
	for _, a := range after {
		if !before[a.ID] {
			fmt.Fprintf(w, "Action item %d: %s\n", a.ID, actionText(p, a))
		}
	}
	if l.Outcome != mentoring.OutcomeHeld {
		fmt.Fprintf(w, "Send the update with `twoway invite export %d`.\n", p.ID)
	}
	return nil
}

// actionText is one action item as a line: "Ben: Post once a week (due 2027-01-10)".
func actionText(p mentoring.Partnership, a mentoring.ActionItem) string {
	s := mailtext.SideName(p, a.Owner) + ": " + a.Text
	if !a.Due.IsZero() {
		s += " (due " + a.Due.String() + ")"
	}
	return s
}

type coveredJSON struct {
	TopicID int64  `json:"topic_id"`
	Title   string `json:"title"`
	LedBy   string `json:"led_by"`
}

type sessionRowJSON struct {
	// When is the date that names the session in `session log` (its
	// original date on the series' clock).
	When          string `json:"when"`
	OriginalUTC   string `json:"original_utc"`
	StartUTC      string `json:"start_utc"`
	MeLocal       string `json:"me_local"`
	PartnerLocal  string `json:"partner_local"`
	Outcome       string `json:"outcome"` // held, skipped, moved, planned or unlogged
	Logged        bool   `json:"logged"`
	PlannedLeader string `json:"planned_leader"`
	Leader        string `json:"leader"`
	Minutes       int    `json:"minutes"`
	// Covered lists the topics covered, in the topics' order.
	Covered           []coveredJSON `json:"covered"`
	Notes             string        `json:"notes"`
	NotesShared       bool          `json:"notes_shared"`
	MyReflection      string        `json:"my_reflection"`
	PartnerReflection string        `json:"partner_reflection"`
	// Orphan marks a logged session the current cadence no longer has.
	Orphan bool `json:"orphan,omitempty"`
}

// outcomeWord is a session's outcome for a script: a past session nobody
// logged is "unlogged", a future one "planned".
func outcomeWord(s mentoring.Session, at time.Time) string {
	switch {
	case s.Outcome != mentoring.OutcomePlanned:
		return string(s.Outcome)
	case s.Start.After(at):
		return "planned"
	}
	return "unlogged"
}

func sessionList(env *Env, args []string) error {
	fs := flag.NewFlagSet("session list", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	s, p, err := loadPair(env, "session list", pos)
	if err != nil {
		return err
	}
	defer s.Close()
	h, err := s.History(env.Ctx, p.ID)
	if err != nil {
		return err
	}
	me, partner, err := p.People()
	if err != nil {
		return err
	}
	clock := me.Zone
	if h.Cadence != nil {
		clock = h.Cadence.AnchorZone(me.Zone, partner.Zone)
	}
	at := now()
	rows := make([]sessionRowJSON, 0, len(h.Sessions))
	for _, ss := range h.Sessions {
		r := sessionRowJSON{
			When:        calendar.DateOf(ss.Original.In(clock)).String(),
			OriginalUTC: ss.Original.UTC().Format(time.RFC3339), StartUTC: ss.Start.UTC().Format(time.RFC3339),
			MeLocal: ss.Start.In(me.Zone).Format(time.RFC3339), PartnerLocal: ss.Start.In(partner.Zone).Format(time.RFC3339),
			Outcome: outcomeWord(ss, at), Logged: ss.Logged, PlannedLeader: string(ss.Planned), Leader: string(ss.Leader),
			Minutes: ss.Minutes, Covered: []coveredJSON{}, Notes: ss.Notes, NotesShared: ss.NotesShared,
			MyReflection: ss.MyReflection, PartnerReflection: ss.PartnerReflection, Orphan: ss.Orphan,
		}
		for _, c := range ss.Covered {
			t, _ := h.Topic(c.TopicID)
			r.Covered = append(r.Covered, coveredJSON{c.TopicID, t.Title, string(c.LedBy)})
		}
		rows = append(rows, r)
	}
	if *asJSON {
		return writeJSON(env, rows)
	}
	if len(rows) == 0 {
		fmt.Fprintf(env.Stdout, "No sessions yet: set a schedule with `twoway schedule set %d ...`.\n", p.ID)
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "WHEN\t%s (%s)\t%s (%s)\tOUTCOME\tPLANNED\tLEADER\tCOVERED\n",
		strings.ToUpper(me.Name), p.Me.Zone, strings.ToUpper(partner.Name), p.Partner.Zone)
	for i, ss := range h.Sessions {
		r := rows[i]
		outcome := r.Outcome
		if outcome == "unlogged" {
			outcome = "not logged"
		}
		if ss.Outcome == mentoring.OutcomeHeld && !ss.Start.Equal(ss.Original) {
			outcome = "held (moved)"
		}
		var titles []string
		for _, c := range r.Covered {
			titles = append(titles, c.Title)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.When,
			ss.Start.In(me.Zone).Format("Mon 2 Jan 2006 15:04"), ss.Start.In(partner.Zone).Format("Mon 2 Jan 15:04"),
			outcome, orDash(mailtext.SideName(p, ss.Planned)), orDash(mailtext.SideName(p, ss.Leader)), orDash(strings.Join(titles, "; ")))
	}
	return tw.Flush()
}

type actionJSON struct {
	ID       int64  `json:"id"`
	Owner    string `json:"owner"`
	Text     string `json:"text"`
	Due      string `json:"due"`
	Done     bool   `json:"done"`
	RaisedIn string `json:"raised_in"`
	DoneIn   string `json:"done_in"`
}

func utcOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func sessionActions(env *Env, args []string) error {
	fs := flag.NewFlagSet("session actions", flag.ContinueOnError)
	open := fs.Bool("open", false, "only the items not done yet")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	s, p, err := loadPair(env, "session actions", pos)
	if err != nil {
		return err
	}
	defer s.Close()
	all, err := s.ActionItems(env.Ctx, p.ID)
	if err != nil {
		return err
	}
	var items []mentoring.ActionItem
	out := []actionJSON{}
	for _, a := range all {
		if *open && a.Done {
			continue
		}
		items = append(items, a)
		out = append(out, actionJSON{a.ID, string(a.Owner), a.Text, a.Due.String(), a.Done, utcOrEmpty(a.RaisedIn), utcOrEmpty(a.DoneIn)})
	}
	if *asJSON {
		return writeJSON(env, out)
	}
	if len(items) == 0 {
		fmt.Fprintln(env.Stdout, "No action items.")
		return nil
	}
	me, _, err := p.People()
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATE\tOWNER\tACTION\tDUE\tRAISED")
	for _, a := range items {
		state := "open"
		if a.Done {
			state = "done"
		}
		raised := "-"
		if !a.RaisedIn.IsZero() {
			raised = a.RaisedIn.In(me.Zone).Format("2 Jan 2006")
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", a.ID, state, mailtext.SideName(p, a.Owner), a.Text, orDash(a.Due.String()), raised)
	}
	return tw.Flush()
}

func sessionDone(env *Env, args []string) error {
	fs := flag.NewFlagSet("session done", flag.ContinueOnError)
	undo := fs.Bool("undo", false, "mark the item open again")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	id, err := oneID("session done", "valid action item ID", "(see `twoway session actions ID`)", pos)
	if err != nil {
		return err
	}
	return withStore(env, func(s *storage.Store) error {
		if err := s.SetActionDone(env.Ctx, id, !*undo); err != nil {
			return err
		}
		state := "done"
		if *undo {
			state = "open again"
		}
		fmt.Fprintf(env.Stdout, "Action item %d is %s.\n", id, state)
		return nil
	})
}
