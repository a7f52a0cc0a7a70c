package cli

import (
	"flag"
	"fmt"

	"github.com/twoway-app/twoway/storage"
)

func init() {
	register("agenda", "set", "set the next session's agenda (goes into the invite): ID --text TEXT", agendaSet)
	register("agenda", "show", "print the next session's agenda: ID", agendaShow)
}

func agendaSet(env *Env, args []string) error {
	fs := flag.NewFlagSet("agenda set", flag.ContinueOnError)
	text := fs.String("text", "", "the agenda; use \\n-separated lines or quote a multi-line string")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	id, err := idArg("agenda set", pos)
	if err != nil {
		return err
	}
	return withStore(env, func(s *storage.Store) error {
		if err := s.SetAgenda(env.Ctx, id, *text); err != nil {
			if storage.IsValidation(err) {
				return usagef("--text: %s", err.(*storage.ValidationError).Fields[0].Message)
			}
			return err
		}
		fmt.Fprintf(env.Stdout, "Saved. Send the update with `twoway invite send %d` or `twoway invite export %d`.\n", id, id)
		return nil
	})
}

func agendaShow(env *Env, args []string) error {
	fs := flag.NewFlagSet("agenda show", flag.ContinueOnError)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	id, err := idArg("agenda show", pos)
	if err != nil {
		return err
	}
	return withStore(env, func(s *storage.Store) error {
		p, err := s.GetPartnership(env.Ctx, id)
		if err != nil {
			return err
		}
		if p.Agenda != "" {
			fmt.Fprintln(env.Stdout, p.Agenda)
		}
		return nil
	})
}
