package cli

import (
	"flag"
	"fmt"
	"strings"

	"github.com/twoway-app/twoway/internal/mentoring"
)

func init() {
	register("settings", "imap", "set the mailbox the partner's answers are read from: --host H --port N --security tls|starttls|plain --user U [--mailbox INBOX] [--password-stdin]", settingsIMAP)
	register("fetch", "", "read the partner's replies, counter-proposals and shared records from the mailbox and import them: [--password-stdin]", fetchCmd)
}

func settingsIMAP(env *Env, args []string) error {
	fs := flag.NewFlagSet("settings imap", flag.ContinueOnError)
	host := fs.String("host", "", "incoming mail server, e.g. imap.example.org")
	port := fs.Int("port", 0, "port: usually 993 (tls) or 143 (starttls)")
	security := fs.String("security", "", "tls, starttls, or plain (only to localhost)")
	user := fs.String("user", "", "login user name")
	mailbox := fs.String("mailbox", "", "the folder to read (default INBOX)")
	pwStdin := fs.Bool("password-stdin", false, "read the password from standard input and save it in the system keyring")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("settings imap: unexpected argument %q", pos[0])
	}
	m := mentoring.IMAPSettings{Host: strings.TrimSpace(*host), Port: *port, Security: strings.ToLower(strings.TrimSpace(*security)),
		Username: strings.TrimSpace(*user), Mailbox: strings.TrimSpace(*mailbox)}
	var pw string
	if pw, err = stdinPassword(env, *pwStdin); err != nil {
		return err
	}
	s, err := openStore(env)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := savedSettings(newCore(env, s).SaveIMAPSettings(env.Ctx, s, m, pw)); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "mailbox %s@%s:%d (%s) saved\n", m.Username, m.Host, m.Port, m.Security)
	return nil
}

func fetchCmd(env *Env, args []string) error {
	fs := flag.NewFlagSet("fetch", flag.ContinueOnError)
	pwStdin := fs.Bool("password-stdin", false, "read the mailbox password from standard input")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("fetch: unexpected argument %q", pos[0])
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
	rep, err := newCore(env, s).FetchMail(env.Ctx, s, pw)
	if err != nil {
		return passwordHint(flagError(err))
	}
	for _, r := range rep.Answers {
		p, err := s.GetPartnership(env.Ctx, r.PartnershipID)
		if err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, describeResponse(p, r))
	}
	for _, id := range rep.Records {
		fmt.Fprintf(env.Stdout, "partnership %d: the partner's shared record merged\n", id)
	}
	fmt.Fprintf(env.Stdout, "%d imported, %d not for Twoway, %d to retry\n", len(rep.Answers)+len(rep.Records), rep.Foreign, rep.Fetch.Failed)
	if rep.Fetch.Failed > 0 {
		return errSilent{rep.Fetch.Errors[0]}
	}
	return nil
}
