package cli

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/service"
	"github.com/twoway-app/twoway/storage"
	"github.com/twoway-app/twoway/storage/secrets"
)

func init() {
	register("invite", "send", "email the invite (or update, or cancellation) to the partner: ID [--method request|cancel] [--session DATE] [--password-stdin]", inviteSend)
	register("invite", "publish", "store the series in your CalDAV calendar, updating it in place: ID [--password-stdin]", invitePublish)
}

// newCore builds the delivery service over s.
func newCore(env *Env, s *storage.Store) *service.Core {
	return &service.Core{Store: s, Secrets: secretStore(env), Now: now}
}

// passwordHint turns a missing password into a usage error naming the flag.
func passwordHint(err error) error {
	var pe *service.PasswordError
	if !errors.As(err, &pe) {
		return err
	}
	if errors.Is(err, secrets.ErrNoKeyring) {
		return usagef("--password-stdin: No system keyring found, so Twoway cannot remember your password; give the password for %s on standard input", pe.Account)
	}
	return usagef("--password-stdin: no password saved for %s; give it on standard input (or save it with `twoway settings ... --password-stdin`)", pe.Account)
}

func inviteSend(env *Env, args []string) error {
	fs := flag.NewFlagSet("invite send", flag.ContinueOnError)
	method := fs.String("method", "request", "request (invite or update) or cancel")
	session := fs.String("session", "", "with --method cancel: cancel only the session on this date (YYYY-MM-DD)")
	pwStdin := fs.Bool("password-stdin", false, "read the mail password from standard input")
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
		return usagef("--session: only with --method cancel")
	}
	var pw string
	if pw, err = stdinPassword(env, *pwStdin); err != nil {
		return err
	}
	s, p, err := loadPair(env, "invite send", pos)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := organizerOnly("invite send", p); err != nil {
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
	out, err := newCore(env, s).SendInvite(env.Ctx, p.ID, m, instance, pw)
	if err != nil {
		return passwordHint(flagError(err))
	}
	fmt.Fprintf(env.Stdout, "sent %s (sequence %d) to %s\n", out.Method, out.Sequence, p.Partner.Email)
	return nil
}

func invitePublish(env *Env, args []string) error {
	fs := flag.NewFlagSet("invite publish", flag.ContinueOnError)
	pwStdin := fs.Bool("password-stdin", false, "read the calendar password from standard input")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	var pw string
	if pw, err = stdinPassword(env, *pwStdin); err != nil {
		return err
	}
	s, p, err := loadPair(env, "invite publish", pos)
	if err != nil {
		return err
	}
	defer s.Close()
	pub, err := newCore(env, s).Publish(env.Ctx, p.ID, pw)
	if err != nil {
		return passwordHint(flagError(err))
	}
	fmt.Fprintf(env.Stdout, "published %s (etag %s)\n", pub.ObjectPath, pub.ETag)
	return nil
}
