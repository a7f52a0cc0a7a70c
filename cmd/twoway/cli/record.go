package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/twoway-app/twoway/internal/service"
)

func init() {
	register("record", "export", "write the shared record as a METHOD:PUBLISH .ics for a partner without a common calendar server (no private notes): ID [-o FILE]", recordExport)
	register("record", "send", "email the shared record to the partner, as its own message: ID [--password-stdin]", recordSend)
	register("record", "import", "merge a shared record the partner exported or mailed: FILE", recordImport)
}

func recordExport(env *Env, args []string) error {
	fs := flag.NewFlagSet("record export", flag.ContinueOnError)
	outPath := fs.String("o", "", "write to FILE instead of standard output")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	s, p, err := loadPair(env, "record export", pos)
	if err != nil {
		return err
	}
	defer s.Close()
	data, err := newCore(env, s).ExportRecord(env.Ctx, p.ID)
	if err != nil {
		return err
	}
	if err := output(env, *outPath)(data); err != nil {
		return err
	}
	if *outPath != "" {
		fmt.Fprintf(env.Stdout, "wrote %s; send it to %s, who imports it with `twoway record import`\n", *outPath, p.Partner.Email)
	}
	return nil
}

func recordSend(env *Env, args []string) error {
	fs := flag.NewFlagSet("record send", flag.ContinueOnError)
	pwStdin := fs.Bool("password-stdin", false, "read the mail password from standard input")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	var pw string
	if pw, err = stdinPassword(env, *pwStdin); err != nil {
		return err
	}
	s, p, err := loadPair(env, "record send", pos)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := newCore(env, s).SendRecord(env.Ctx, p.ID, pw); err != nil {
		return passwordHint(flagError(err))
	}
	fmt.Fprintf(env.Stdout, "sent the shared record to %s\n", p.Partner.Email)
	return nil
}

func recordImport(env *Env, args []string) error {
	fs := flag.NewFlagSet("record import", flag.ContinueOnError)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("record import: want one FILE")
	}
	data, err := os.ReadFile(pos[0])
	if err != nil {
		return fmt.Errorf("record import: %w", err)
	}
	s, err := openStore(env)
	if err != nil {
		return err
	}
	defer s.Close()
	id, rep, err := newCore(env, s).ImportRecord(env.Ctx, data)
	if errors.Is(err, service.ErrNotForAnyPartnership) {
		return usagef("record import %s: %v", pos[0], service.ErrNotForAnyPartnership)
	}
	if err != nil {
		return usagef("record import %s: not a shared record from Twoway (an invitation opens with `twoway join`): %v", pos[0], err)
	}
	printReport(env, id, rep)
	return nil
}
