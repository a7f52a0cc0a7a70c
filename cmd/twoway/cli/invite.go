package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/calendar/ics"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/storage"
)

func init() {
	register("invite", "export", "write the invite (or an update, or a cancellation) as .ics: ID [-o FILE] [--method request|cancel] [--session DATE]", inviteExport)
	register("invite", "import", "import the partner's reply or counter-proposal: FILE", inviteImport)
	register("invite", "accept-counter", "accept a counter-proposal: RESPONSE-ID", acceptCounter)
	register("invite", "decline-counter", "decline a counter-proposal: RESPONSE-ID [-o FILE] [--comment TEXT]", declineCounter)
	register("session", "skip", "skip one session: ID --date YYYY-MM-DD", sessionSkip)
	register("session", "move", "move one session: ID --date YYYY-MM-DD --to \"YYYY-MM-DD HH:MM\"", sessionMove)
	register("session", "restore", "undo a skip or move: ID --date YYYY-MM-DD", sessionRestore)
}

// now is the clock for DTSTAMP and records; tests may pin it.
var now = time.Now

func inviteExport(env *Env, args []string) error {
	fs := flag.NewFlagSet("invite export", flag.ContinueOnError)
	outPath := fs.String("o", "", "write to FILE instead of standard output")
	method := fs.String("method", "request", "request (invite or update) or cancel")
	session := fs.String("session", "", "with --method cancel: cancel only the session on this date (YYYY-MM-DD)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	var m string
	switch strings.ToLower(*method) {
	case "request":
		m = mentoring.MethodRequest
	case "cancel":
		m = mentoring.MethodCancel
	default:
		return usagef("--method: %q is neither request nor cancel", *method)
	}
	if *session != "" && m != mentoring.MethodCancel {
		return usagef("--session: only with --method cancel (to skip a session in an update, use `twoway session skip`)")
	}
	s, p, err := loadPair(env, "invite export", pos)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := organizerOnly("invite export", p); err != nil {
		return err
	}
	var instance *time.Time
	if *session != "" {
		t, err := sessionOn(env, s, p, "--session", *session)
		if err != nil {
			return err
		}
		instance = &t
	}
	core := newCore(env, s)
	out, err := core.PrepareInvite(env.Ctx, p.ID, m, instance, now())
	if err != nil {
		return err
	}
	if err := core.SaveInvite(env.Ctx, out, output(env, *outPath)); err != nil {
		return err
	}
	if *outPath != "" {
		fmt.Fprintf(env.Stdout, "wrote %s (%s, sequence %d)\n", *outPath, out.Method, out.Sequence)
	}
	return nil
}

// writeFileAtomic writes data to path through a temporary file, so an
// interrupted export never leaves half an invite.
func writeFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// sessionOn finds the session of p's series on date (in the anchor zone).
func sessionOn(env *Env, s *storage.Store, p mentoring.Partnership, flagName, date string) (time.Time, error) {
	d, err := calendar.ParseDate(date)
	if err != nil {
		return time.Time{}, usagef("%s: %v", flagName, err)
	}
	start, ok, err := newCore(env, s).SessionOn(env.Ctx, p.ID, d)
	if errors.Is(err, mentoring.ErrNoSchedule) {
		return time.Time{}, fmt.Errorf("partnership %d has no schedule yet", p.ID)
	}
	if err != nil {
		return time.Time{}, err
	}
	if !ok {
		return time.Time{}, usagef("%s: no session on %s (see `twoway schedule show %d`)", flagName, d, p.ID)
	}
	return start, nil
}

// output is where a command's file goes: path through a temporary file,
// or standard output when path is empty.
func output(env *Env, path string) func([]byte) error {
	return func(b []byte) error {
		if path == "" {
			_, err := env.Stdout.Write(b)
			return err
		}
		return writeFileAtomic(path, b)
	}
}

func inviteImport(env *Env, args []string) error {
	fs := flag.NewFlagSet("invite import", flag.ContinueOnError)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("invite import: want one FILE")
	}
	data, err := os.ReadFile(pos[0])
	if err != nil {
		return fmt.Errorf("invite import: %w", err)
	}
	s, err := openStore(env)
	if err != nil {
		return err
	}
	defer s.Close()
	r, err := s.ImportResponse(env.Ctx, data, now())
	if err != nil {
		return err
	}
	p, err := s.GetPartnership(env.Ctx, r.PartnershipID)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, describeResponse(p, r))
	if r.State == mentoring.ResponseOpen {
		fmt.Fprintf(env.Stdout, "Accept with `twoway invite accept-counter %d`, decline with `twoway invite decline-counter %d`.\n", r.ID, r.ID)
	}
	return nil
}

func responseArg(cmd string, pos []string) (int64, error) {
	return oneID(cmd, "response ID", "(printed by `twoway invite import`)", pos)
}

func acceptCounter(env *Env, args []string) error {
	fs := flag.NewFlagSet("invite accept-counter", flag.ContinueOnError)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	id, err := responseArg("invite accept-counter", pos)
	if err != nil {
		return err
	}
	return withStore(env, func(s *storage.Store) error {
		if err := newCore(env, s).AcceptCounter(env.Ctx, id); err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, "Accepted. Send the update with `twoway invite export ID`.")
		return nil
	})
}

func declineCounter(env *Env, args []string) error {
	fs := flag.NewFlagSet("invite decline-counter", flag.ContinueOnError)
	outPath := fs.String("o", "", "write to FILE instead of standard output")
	comment := fs.String("comment", "", "a note to the partner")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	id, err := responseArg("invite decline-counter", pos)
	if err != nil {
		return err
	}
	s, err := openStore(env)
	if err != nil {
		return err
	}
	defer s.Close()
	return newCore(env, s).DeclineCounter(env.Ctx, id, *comment, output(env, *outPath))
}

func sessionFlags(name string, args []string, withTo bool) (pos []string, date, to string, err error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	d := fs.String("date", "", "the session's date, YYYY-MM-DD")
	t := fs.String("to", "", `the new start, "YYYY-MM-DD HH:MM" in the series' zone`)
	pos, err = parse(fs, args)
	if err == nil && *d == "" {
		err = usagef("%s: --date is required", name)
	}
	if err == nil && withTo && *t == "" {
		err = usagef("%s: --to is required", name)
	}
	return pos, *d, *t, err
}

// onSession parses `session VERB ID --date D [--to T]`, finds that session
// of the series and calls fn with it.
func onSession(env *Env, name string, args []string, withTo bool,
	fn func(s *storage.Store, p mentoring.Partnership, orig time.Time, to string) error) error {
	pos, date, to, err := sessionFlags(name, args, withTo)
	if err != nil {
		return err
	}
	s, p, err := loadPair(env, name, pos)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := organizerOnly(name, p); err != nil {
		return err
	}
	orig, err := sessionOn(env, s, p, "--date", date)
	if err != nil {
		return err
	}
	return fn(s, p, orig, to)
}

func sessionSkip(env *Env, args []string) error {
	return onSession(env, "session skip", args, false, func(s *storage.Store, p mentoring.Partnership, orig time.Time, _ string) error {
		if err := s.SkipSession(env.Ctx, p.ID, orig); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "Skipped %s. Send the update with `twoway invite export %d`.\n", orig.Format("Mon 2 Jan 2006 15:04 MST"), p.ID)
		return nil
	})
}

func sessionMove(env *Env, args []string) error {
	return onSession(env, "session move", args, true, func(s *storage.Store, p mentoring.Partnership, orig time.Time, to string) error {
		return moveTo(env, s, p, orig, to)
	})
}

// moveTo moves session orig to the "YYYY-MM-DD HH:MM" in to, read on the
// series' clock, refusing a time the clocks skip.
func moveTo(env *Env, s *storage.Store, p mentoring.Partnership, orig time.Time, to string) error {
	day, clock, err := parseWallClock("--to", to)
	if err != nil {
		return err
	}
	start, err := wallTimeIn("--to", day, clock, orig.Location())
	if err != nil {
		return err
	}
	if err := newCore(env, s).MoveSession(env.Ctx, p.ID, orig, start); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Moved %s to %s. Send the update with `twoway invite export %d`.\n",
		orig.Format("Mon 2 Jan 15:04"), start.Format("Mon 2 Jan 2006 15:04 MST"), p.ID)
	return nil
}

func sessionRestore(env *Env, args []string) error {
	return onSession(env, "session restore", args, false, func(s *storage.Store, p mentoring.Partnership, orig time.Time, _ string) error {
		return s.RestoreSession(env.Ctx, p.ID, orig)
	})
}

// describeResponse says in a sentence what the partner answered, with a
// proposed time in both partners' local times.
func describeResponse(p mentoring.Partnership, r mentoring.Response) string {
	me, partner, err := p.People()
	if err != nil {
		return r.Method + " " + r.PartStat
	}
	what := "the series"
	if !r.RecurrenceID.IsZero() {
		what = "the session of " + r.RecurrenceID.In(me.Zone).Format("Mon 2 Jan")
	}
	var out string
	if r.Method == ics.MethodCounter {
		out = fmt.Sprintf("%s proposes a new time for %s: %s for %s, %s for %s.", partner.Name, what,
			r.ProposedStart.In(me.Zone).Format("Mon 2 Jan 15:04"), me.Name,
			r.ProposedStart.In(partner.Zone).Format("Mon 2 Jan 15:04"), partner.Name)
	} else {
		verb := map[string]string{"ACCEPTED": "accepted", "DECLINED": "declined", "TENTATIVE": "tentatively accepted"}[r.PartStat]
		if verb == "" {
			verb = "answered (" + strings.ToLower(r.PartStat) + ")"
		}
		out = fmt.Sprintf("%s %s %s.", partner.Name, verb, what)
	}
	if r.Comment != "" {
		out += " “" + r.Comment + "”"
	}
	return out
}
