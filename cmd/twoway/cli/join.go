package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/twoway-app/twoway/calendar/ics"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/storage"
)

func init() {
	register("join", "", "join the partnership an invitation from the partner's Twoway describes (or take its update or cancellation); prints the id: FILE", joinCmd)
	register("invite", "answer", "answer a joined partnership's invite: ID --accept|--decline|--tentative [--session DATE] [--comment TEXT] [-o FILE | --password-stdin]", inviteAnswer)
	register("invite", "propose", `propose another time to the organizer: ID --to "YYYY-MM-DD HH:MM" [--session DATE] [--comment TEXT] [-o FILE | --password-stdin]`, invitePropose)
}

func joinCmd(env *Env, args []string) error {
	fs := flag.NewFlagSet("join", flag.ContinueOnError)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("join: want one FILE (the invite.ics from the partner's email)")
	}
	data, err := os.ReadFile(pos[0])
	if err != nil {
		return fmt.Errorf("join: %w", err)
	}
	s, err := openStore(env)
	if err != nil {
		return err
	}
	defer s.Close()
	j, err := newCore(env, s).Join(env.Ctx, data)
	switch {
	case errors.Is(err, mentoring.ErrForeignInvite), errors.Is(err, mentoring.ErrNotInvite),
		errors.Is(err, mentoring.ErrNewerJoinFormat), errors.Is(err, storage.ErrOwnInvite),
		errors.Is(err, storage.ErrStaleInvite):
		return usagef("join %s: %v", pos[0], joinReason(err))
	case errors.Is(err, storage.ErrNotFound):
		return usagef("join %s: this cancellation is for a partnership you have not joined", pos[0])
	case err != nil:
		return flagError(err)
	}
	fmt.Fprintln(env.Stdout, j.ID)
	return nil
}

// joinReason is the sentence of a refused join, without the packages'
// prefixes.
func joinReason(err error) string {
	for _, e := range []error{mentoring.ErrForeignInvite, mentoring.ErrNotInvite, mentoring.ErrNewerJoinFormat,
		storage.ErrOwnInvite, storage.ErrStaleInvite} {
		if errors.Is(err, e) {
			return e.Error()
		}
	}
	return err.Error()
}

// joinedPair loads a partnership the user joined, refusing one they
// organize.
func joinedPair(env *Env, cmd string, pos []string) (*storage.Store, mentoring.Partnership, error) {
	s, p, err := loadPair(env, cmd, pos)
	if err != nil {
		return nil, p, err
	}
	if p.Role != mentoring.RoleAttendee {
		s.Close()
		return nil, p, usagef("%s: you organize partnership %d; answers come from your partner (use `twoway invite send`)", cmd, p.ID)
	}
	return s, p, nil
}

type answerFlags struct {
	session, comment, out *string
	pwStdin               *bool
}

func addAnswerFlags(fs *flag.FlagSet) answerFlags {
	return answerFlags{
		session: fs.String("session", "", "answer only for the session on this date (YYYY-MM-DD)"),
		comment: fs.String("comment", "", "a note for the organizer"),
		out:     fs.String("o", "", "write the answer to FILE (to send yourself) instead of emailing it"),
		pwStdin: fs.Bool("password-stdin", false, "read the mail password from standard input"),
	}
}

// deliverAnswer emails out (or writes it with -o) and says what happened.
func (f answerFlags) deliver(env *Env, s *storage.Store, p mentoring.Partnership, out mentoring.Outgoing) error {
	core := newCore(env, s)
	if *f.out != "" {
		if err := core.SaveInvite(env.Ctx, out, output(env, *f.out)); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "wrote %s (%s); send it to %s\n", *f.out, out.Method, p.Partner.Email)
		return nil
	}
	var pw string
	if *f.pwStdin {
		var err error
		if pw, err = readPassword(env); err != nil {
			return err
		}
	}
	if err := core.SendPrepared(env.Ctx, out, pw); err != nil {
		return passwordHint(flagError(err))
	}
	fmt.Fprintf(env.Stdout, "sent %s to %s\n", out.Method, p.Partner.Email)
	return nil
}

func (f answerFlags) instance(env *Env, s *storage.Store, p mentoring.Partnership) (*time.Time, error) {
	if *f.session == "" {
		return nil, nil
	}
	t, err := sessionOn(env, s, p, "--session", *f.session)
	return &t, err
}

func inviteAnswer(env *Env, args []string) error {
	fs := flag.NewFlagSet("invite answer", flag.ContinueOnError)
	accept := fs.Bool("accept", false, "accept")
	decline := fs.Bool("decline", false, "decline")
	tentative := fs.Bool("tentative", false, "maybe")
	af := addAnswerFlags(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	var partstat string
	n := 0
	for _, a := range []struct {
		set  bool
		stat string
	}{{*accept, ics.PartStatAccepted}, {*decline, ics.PartStatDeclined}, {*tentative, ics.PartStatTentative}} {
		if a.set {
			partstat = a.stat
			n++
		}
	}
	if n != 1 {
		return usagef("invite answer: give one of --accept, --decline, --tentative")
	}
	s, p, err := joinedPair(env, "invite answer", pos)
	if err != nil {
		return err
	}
	defer s.Close()
	instance, err := af.instance(env, s, p)
	if err != nil {
		return err
	}
	out, err := newCore(env, s).PrepareAnswer(env.Ctx, p.ID, partstat, instance, strings.TrimSpace(*af.comment), now())
	if err != nil {
		return err
	}
	return af.deliver(env, s, p, out)
}

func invitePropose(env *Env, args []string) error {
	fs := flag.NewFlagSet("invite propose", flag.ContinueOnError)
	to := fs.String("to", "", `the time you propose, "YYYY-MM-DD HH:MM" in your zone`)
	af := addAnswerFlags(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *to == "" {
		return usagef(`--to: required, "YYYY-MM-DD HH:MM" in your time zone`)
	}
	s, p, err := joinedPair(env, "invite propose", pos)
	if err != nil {
		return err
	}
	defer s.Close()
	instance, err := af.instance(env, s, p)
	if err != nil {
		return err
	}
	day, clock, err := parseWallClock("--to", *to)
	if err != nil {
		return err
	}
	me, _, err := p.People()
	if err != nil {
		return err
	}
	start, err := wallTimeIn("--to", day, clock, me.Zone)
	if err != nil {
		return err
	}
	out, err := newCore(env, s).PrepareProposal(env.Ctx, p.ID, instance, start, strings.TrimSpace(*af.comment), now())
	if err != nil {
		return err
	}
	return af.deliver(env, s, p, out)
}

// organizerOnly refuses a schedule change on a joined partnership: the
// organizer is its only writer (RFC 5546), the user proposes instead.
func organizerOnly(cmd string, p mentoring.Partnership) error {
	if p.Role == mentoring.RoleAttendee {
		return usagef("%s: %s organizes partnership %d and keeps its schedule; propose another time with `twoway invite propose %d`",
			cmd, p.Partner.Name, p.ID, p.ID)
	}
	return nil
}
