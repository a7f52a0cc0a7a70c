package cli

import (
	"errors"
	"flag"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/twoway-app/twoway/calendar/caldavpub"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/service"
	"github.com/twoway-app/twoway/storage"
)

func init() {
	register("share", "", "keep the partnership's record in a calendar both partners can write, and sync it: ID --calendar URL [--user U] [--password-stdin]; without --calendar, show the sync state", shareCmd)
	register("sync", "", "sync the shared record of one partnership, or of every shared one: [ID] [--password-stdin]", syncCmd)
}

// splitCalendarURL splits https://dav.example.org/remote.php/dav/calendars/ana/pair/
// into the server and the collection's path.
func splitCalendarURL(raw string) (server, path string, err error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path == "" || u.Path == "/" {
		return "", "", usagef("--calendar: %q is not a calendar address like https://dav.example.org/ana/pair/", raw)
	}
	if u.User != nil {
		return "", "", usagef("--calendar: give the user with --user and the password on standard input, not in the address")
	}
	path = u.EscapedPath()
	if !strings.HasSuffix(path, "/") {
		path += "/"
	}
	return u.Scheme + "://" + u.Host + "/", path, nil
}

func shareCmd(env *Env, args []string) error {
	fs := flag.NewFlagSet("share", flag.ContinueOnError)
	cal := fs.String("calendar", "", "the calendar collection both partners can write, e.g. https://dav.example.org/ana/pair/ (created when missing)")
	user := fs.String("user", "", "your login on that server (default: the user of `twoway settings caldav`)")
	pwStdin := fs.Bool("password-stdin", false, "read the password from standard input and save it in the system keyring")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	s, p, err := loadPair(env, "share", pos)
	if err != nil {
		return err
	}
	defer s.Close()
	core := newCore(env, s)
	if *cal == "" {
		st, err := core.Status(env.Ctx, p.ID)
		if errors.Is(err, mentoring.ErrNotShared) {
			return usagef("share: partnership %d is not shared; give --calendar URL", p.ID)
		}
		if err != nil {
			return err
		}
		printStatus(env, p, st)
		return nil
	}
	server, path, err := splitCalendarURL(*cal)
	if err != nil {
		return err
	}
	u := strings.TrimSpace(*user)
	if u == "" {
		if c, err := s.CalDAVSettings(env.Ctx); err == nil {
			u = c.Username
		}
	}
	if u == "" {
		return usagef("--user: required (or save the account with `twoway settings caldav`)")
	}
	var pw string
	if pw, err = stdinPassword(env, *pwStdin); err != nil {
		return err
	}
	rep, err := core.StartSharing(env.Ctx, mentoring.Share{PartnershipID: p.ID, ServerURL: server, Username: u, Calendar: path}, pw)
	if err != nil && !errors.Is(err, service.ErrPasswordNotSaved) {
		return syncError(passwordHint(err))
	}
	fmt.Fprintf(env.Stdout, "sharing partnership %d in %s%s\n", p.ID, strings.TrimSuffix(server, "/"), path)
	printReport(env, p.ID, rep)
	if err != nil {
		fmt.Fprintf(env.Stderr, "twoway: %v; give the password with --password-stdin next time\n", err)
	}
	return nil
}

func syncCmd(env *Env, args []string) error {
	fs := flag.NewFlagSet("sync", flag.ContinueOnError)
	pwStdin := fs.Bool("password-stdin", false, "read the calendar password from standard input")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	var pw string
	if pw, err = stdinPassword(env, *pwStdin); err != nil {
		return err
	}
	s, err := openStore(env)
	if err != nil {
		return err
	}
	defer s.Close()
	var ids []int64
	if len(pos) > 0 {
		id, err := idArg("sync", pos)
		if err != nil {
			return err
		}
		if _, err := s.GetPartnership(env.Ctx, id); err != nil {
			return err
		}
		ids = []int64{id}
	} else {
		shares, err := s.Shares(env.Ctx)
		if err != nil {
			return err
		}
		if len(shares) == 0 {
			return usagef("sync: no partnership is shared yet; start with `twoway share ID --calendar URL`")
		}
		for _, sh := range shares {
			ids = append(ids, sh.PartnershipID)
		}
	}
	core := newCore(env, s)
	var failed error
	for _, id := range ids {
		rep, err := core.Sync(env.Ctx, id, pw)
		if errors.Is(err, mentoring.ErrNotShared) {
			return usagef("sync: partnership %d is not shared; start with `twoway share %d --calendar URL`", id, id)
		}
		if err != nil {
			fmt.Fprintf(env.Stderr, "twoway: partnership %d: %v\n", id, oneLine(syncError(passwordHint(err)).Error()))
			failed = err
			continue
		}
		printReport(env, id, rep)
	}
	if failed != nil {
		return errSilent{failed}
	}
	return nil
}

// errSilent fails the command after its messages were printed.
type errSilent struct{ error }

// syncError words the errors a sync meets in the user's terms.
func syncError(err error) error {
	switch {
	case errors.Is(err, caldavpub.ErrForbidden):
		return fmt.Errorf("%w (ask the calendar's owner to give your account write access to it)", err)
	case errors.Is(err, storage.ErrNotFound):
		return err
	}
	return err
}

func printReport(env *Env, id int64, rep service.SyncReport) {
	fmt.Fprintf(env.Stdout, "partnership %d synced: %d taken from your partner, %d sent, %d deleted\n", id, rep.Pulled, rep.Pushed, rep.Deleted)
	for _, c := range rep.Conflicts {
		what := c.Field
		if c.Key != "" {
			what += " of " + c.Key
		}
		fmt.Fprintf(env.Stdout, "conflict in %s %s (%s): both changed it; kept %q, the other version was %q\n",
			c.Kind, c.UID, what, c.Kept, c.Other)
	}
}

func printStatus(env *Env, p mentoring.Partnership, st service.SyncStatus) {
	sh := st.Share
	fmt.Fprintf(env.Stdout, "Shared in: %s%s as %s\n", strings.TrimSuffix(sh.ServerURL, "/"), sh.Calendar, sh.Username)
	if sh.LastSynced.IsZero() {
		fmt.Fprintln(env.Stdout, "Last sync: never")
	} else {
		fmt.Fprintf(env.Stdout, "Last sync: %s\n", sh.LastSynced.In(time.Local).Format("2006-01-02 15:04"))
	}
	fmt.Fprintf(env.Stdout, "Objects:   %d shared, %d local changes waiting\n", st.Objects, st.Pending)
	if sh.LastError != "" {
		fmt.Fprintf(env.Stdout, "Error:     %s\n", oneLine(sh.LastError))
	}
}
