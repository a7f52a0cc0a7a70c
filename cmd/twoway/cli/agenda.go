package cli

import (
	"flag"
	"fmt"

	"github.com/twoway-app/twoway/internal/mailtext"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/report"
	"github.com/twoway-app/twoway/storage"
)

func init() {
	register("agenda", "set", "set the next session's agenda (goes into the invite): ID --text TEXT", agendaSet)
	register("agenda", "show", "print the next session's agenda: ID", agendaShow)
	register("agenda", "draft", "propose the next session's agenda from topics and open action items: ID [--save]", agendaDraft)
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
			if mentoring.IsValidation(err) {
				return usagef("--text: %s", report.FieldText(err.(*mentoring.ValidationError).Fields[0]))
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

// agendaDraft prints the agenda DraftAgenda proposes (only the text, so it
// can be edited and passed to `agenda set`) and, with --save,
// makes it the next session's agenda, remembering the topics it plans so
// those left uncovered carry over to the draft after.
func agendaDraft(env *Env, args []string) error {
	fs := flag.NewFlagSet("agenda draft", flag.ContinueOnError)
	save := fs.Bool("save", false, "make the draft the next session's agenda (replacing the current one)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	id, err := idArg("agenda draft", pos)
	if err != nil {
		return err
	}
	return withStore(env, func(s *storage.Store) error {
		h, err := s.History(env.Ctx, id)
		if err != nil {
			return err
		}
		d := h.DraftAgenda(now())
		text := mailtext.Agenda(h.Partnership, d)
		if text == "" {
			// Saving an empty draft would wipe an agenda the user wrote.
			fmt.Fprintf(env.Stdout, "Nothing to propose: no topics in progress or agreed and no open action items (see `twoway topic add %d`).\n", id)
			return nil
		}
		fmt.Fprintln(env.Stdout, text)
		if !*save {
			return nil
		}
		if err := s.SetAgendaPlan(env.Ctx, id, text, d.Topics); err != nil {
			return fieldsError(err, map[string]string{"agenda": "agenda"})
		}
		fmt.Fprintf(env.Stdout, "\nSaved. Send the update with `twoway invite send %d` or `twoway invite export %d`.\n", id, id)
		return nil
	})
}
