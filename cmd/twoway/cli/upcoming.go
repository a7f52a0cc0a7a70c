package cli

import (
	"flag"
	"fmt"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/mentoring"
)

func init() {
	register("upcoming", "", "the sessions of the next days across all partnerships, and what needs you: [--days N] [--json]", upcomingCmd)
}

type comingJSON struct {
	PartnershipID int64  `json:"partnership_id"`
	Title         string `json:"title"`
	Partner       string `json:"partner"`
	StartUTC      string `json:"start_utc"`
	EndUTC        string `json:"end_utc"`
	MeLocal       string `json:"me_local"`
	PartnerLocal  string `json:"partner_local"`
	Moved         bool   `json:"moved"`
	AgendaSet     bool   `json:"agenda_set"`
	// Answer is the partner's answer to the invite (ACCEPTED, DECLINED,
	// TENTATIVE) or "" when none came (or the user joined it).
	Answer string `json:"answer"`
	Link   string `json:"link"`
}

type todoJSON struct {
	Kind          string `json:"kind"` // counter, log, action, noanswer, unlogged
	PartnershipID int64  `json:"partnership_id"`
	Title         string `json:"title"`
	When          string `json:"when_utc"`
	Text          string `json:"text,omitempty"`
	ResponseID    int64  `json:"response_id,omitempty"`
	ActionID      int64  `json:"action_id,omitempty"`
	Count         int    `json:"count,omitempty"`
	Do            string `json:"do"` // the command that deals with it
}

func upcomingCmd(env *Env, args []string) error {
	fs := flag.NewFlagSet("upcoming", flag.ContinueOnError)
	days := fs.Int("days", 7, "how many days ahead (1-366)")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("upcoming: unexpected argument %q", pos[0])
	}
	if *days < 1 || *days > 366 {
		return usagef("--days: %d is not between 1 and 366", *days)
	}
	s, err := openStore(env)
	if err != nil {
		return err
	}
	defer s.Close()
	w, err := newCore(env, s).Week(env.Ctx, s, *days)
	if err != nil {
		return err
	}
	local := func(t time.Time, zone string) string {
		return t.In(mentoring.ZoneOrUTC(zone)).Format("Mon 2 Jan 15:04 MST")
	}
	if *asJSON {
		out := struct {
			From     string       `json:"from_utc"`
			Until    string       `json:"until_utc"`
			Sessions []comingJSON `json:"sessions"`
			Todos    []todoJSON   `json:"needs_you"`
		}{From: w.From.UTC().Format(time.RFC3339), Until: w.Until.UTC().Format(time.RFC3339),
			Sessions: []comingJSON{}, Todos: []todoJSON{}}
		for _, c := range w.Sessions {
			out.Sessions = append(out.Sessions, comingJSON{PartnershipID: c.PartnershipID, Title: c.Title, Partner: c.Partner,
				StartUTC: c.Start.UTC().Format(time.RFC3339), EndUTC: c.End.UTC().Format(time.RFC3339),
				MeLocal: local(c.Start, c.MyZone), PartnerLocal: local(c.Start, c.PartnerZone),
				Moved: c.Moved, AgendaSet: c.AgendaSet, Answer: c.Answer, Link: c.Link})
		}
		for _, td := range w.Todos {
			out.Todos = append(out.Todos, todoJSON{Kind: string(td.Kind), PartnershipID: td.PartnershipID, Title: td.Title,
				When: td.When.UTC().Format(time.RFC3339), Text: td.Text, ResponseID: td.ResponseID, ActionID: td.ActionID,
				Count: td.Count, Do: todoCommand(td)})
		}
		return writeJSON(env, out)
	}
	zone := time.UTC // the window in the user's zone, as the first partnership gives it
	if len(w.Sessions) > 0 {
		zone = mentoring.ZoneOrUTC(w.Sessions[0].MyZone)
	}
	fmt.Fprintf(env.Stdout, "Coming up (%s to %s):\n", w.From.In(zone).Format("Mon 2 Jan 15:04"), w.Until.In(zone).Format("Mon 2 Jan 15:04 MST"))
	if len(w.Sessions) == 0 {
		fmt.Fprintln(env.Stdout, "  no sessions")
	}
	for _, c := range w.Sessions {
		line := fmt.Sprintf("  %s (%s for %s)  %s", local(c.Start, c.MyZone), c.Start.In(mentoring.ZoneOrUTC(c.PartnerZone)).Format("15:04 MST"),
			c.Partner, c.Title)
		if c.Moved {
			line += ", moved"
		}
		if c.AgendaSet {
			line += ", agenda set"
		} else {
			line += ", no agenda yet"
		}
		switch c.Answer {
		case "ACCEPTED":
			line += ", " + c.Partner + " accepted"
		case "DECLINED":
			line += ", " + c.Partner + " declined"
		case "TENTATIVE":
			line += ", " + c.Partner + " might come"
		}
		fmt.Fprintln(env.Stdout, line)
	}
	fmt.Fprintln(env.Stdout, "Needs you:")
	if len(w.Todos) == 0 {
		fmt.Fprintln(env.Stdout, "  nothing")
	}
	for _, td := range w.Todos {
		fmt.Fprintf(env.Stdout, "  %s  (%s)\n", todoText(td), todoCommand(td))
	}
	return nil
}

func todoText(td mentoring.Todo) string {
	day := td.When.Format("Mon 2 Jan") // in the zone the fact is kept in: the series', the user's
	switch td.Kind {
	case mentoring.TodoCounter:
		return fmt.Sprintf("%s proposed a new time for %s", td.Partner, td.Title)
	case mentoring.TodoLog:
		return fmt.Sprintf("log the session of %s with %s", day, td.Partner)
	case mentoring.TodoAction:
		return fmt.Sprintf("%q, due %s (%s)", td.Text, day, td.Title)
	case mentoring.TodoNoAnswer:
		return fmt.Sprintf("%s has not answered the invite sent %s: ask them, or send it again", td.Partner, day)
	case mentoring.TodoUnlogged:
		return fmt.Sprintf("%d sessions with %s in a row are not logged, since %s", td.Count, td.Partner, day)
	}
	return string(td.Kind)
}

func todoCommand(td mentoring.Todo) string {
	switch td.Kind {
	case mentoring.TodoCounter:
		return fmt.Sprintf("twoway invite accept-counter %d | decline-counter %d", td.ResponseID, td.ResponseID)
	case mentoring.TodoLog, mentoring.TodoUnlogged:
		return fmt.Sprintf("twoway session log %d %s --held|--skipped", td.PartnershipID, calendar.DateOf(td.When).String())
	case mentoring.TodoAction:
		return fmt.Sprintf("twoway session done %d", td.ActionID)
	case mentoring.TodoNoAnswer:
		return fmt.Sprintf("twoway invite send %d", td.PartnershipID)
	}
	return ""
}
