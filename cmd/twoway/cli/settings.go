package cli

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/service"
	"github.com/twoway-app/twoway/storage/secrets"
)

func init() {
	register("settings", "smtp", "set the outgoing mail server: --host H --port N --security tls|starttls|plain [--user U] --from ADDR [--password-stdin]", settingsSMTP)
	register("settings", "caldav", "set the calendar account: --url URL --user U [--calendar PATH] [--password-stdin]", settingsCalDAV)
	register("settings", "show", "print the mail and calendar settings (never the passwords) [--json]", settingsShow)
	for field, name := range map[string]string{
		"smtp.host": "--host", "smtp.port": "--port", "smtp.security": "--security", "smtp.username": "--user",
		"smtp.from": "--from", "caldav.url": "--url", "caldav.username": "--user", "caldav.calendar": "--calendar",
		"imap.host": "--host", "imap.port": "--port", "imap.security": "--security", "imap.username": "--user", "imap.mailbox": "--mailbox",
	} {
		fieldFlags[field] = name
	}
}

// secretStore is the keyring the commands use.
func secretStore(env *Env) secrets.Store {
	if env.Secrets != nil {
		return env.Secrets
	}
	return secrets.System()
}

// stdinPassword reads the password from standard input when on
// (--password-stdin), else returns "" so the saved one is used.
func stdinPassword(env *Env, on bool) (string, error) {
	if !on {
		return "", nil
	}
	return readPassword(env)
}

// readPassword reads one line from standard input, for --password-stdin.
func readPassword(env *Env) (string, error) {
	in := env.Stdin
	if in == nil {
		in = os.Stdin
	}
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("--password-stdin: read the password: %w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", usagef("--password-stdin: standard input holds no password")
	}
	return pw, nil
}

// savedSettings words what saving settings returned: bad fields name
// their flags; a password the keyring refused comes after the settings were
// saved.
func savedSettings(err error) error {
	switch {
	case err == nil:
		return nil
	case mentoring.IsValidation(err):
		return flagError(err)
	case errors.Is(err, secrets.ErrNoKeyring):
		return fmt.Errorf("settings saved, but %w; pass --password-stdin to each send or publish", err)
	case errors.Is(err, service.ErrPasswordNotSaved):
		return fmt.Errorf("settings saved, but %w", err)
	}
	return err
}

func settingsSMTP(env *Env, args []string) error {
	fs := flag.NewFlagSet("settings smtp", flag.ContinueOnError)
	host := fs.String("host", "", "mail server name, e.g. smtp.example.org")
	port := fs.Int("port", 0, "port: usually 465 (tls) or 587 (starttls)")
	security := fs.String("security", "", "tls, starttls, or plain (only to localhost)")
	user := fs.String("user", "", "login user name; empty when the server needs no login")
	from := fs.String("from", "", "your email address, the envelope sender")
	pwStdin := fs.Bool("password-stdin", false, "read the password from standard input and save it in the system keyring")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("settings smtp: unexpected argument %q", pos[0])
	}
	m := mentoring.MailSettings{Host: strings.TrimSpace(*host), Port: *port, Security: strings.ToLower(strings.TrimSpace(*security)),
		Username: strings.TrimSpace(*user), From: strings.TrimSpace(*from)}
	var pw string
	if *pwStdin {
		if m.Username == "" {
			return usagef("--password-stdin: give --user too; without a user name no password is sent")
		}
		if pw, err = readPassword(env); err != nil {
			return err
		}
	}
	s, err := openStore(env)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := savedSettings(newCore(env, s).SaveMailSettings(env.Ctx, m, pw)); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "mail server %s:%d (%s) saved\n", m.Host, m.Port, m.Security)
	return nil
}

func settingsCalDAV(env *Env, args []string) error {
	fs := flag.NewFlagSet("settings caldav", flag.ContinueOnError)
	u := fs.String("url", "", "the server's CalDAV address, e.g. https://dav.example.org/")
	user := fs.String("user", "", "login user name")
	cal := fs.String("calendar", "", "path of the calendar to publish into, e.g. /ana/mentoring/")
	pwStdin := fs.Bool("password-stdin", false, "read the password from standard input and save it in the system keyring")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("settings caldav: unexpected argument %q", pos[0])
	}
	c := mentoring.CalDAVSettings{URL: strings.TrimSpace(*u), Username: strings.TrimSpace(*user), Calendar: strings.TrimSpace(*cal)}
	var pw string
	if pw, err = stdinPassword(env, *pwStdin); err != nil {
		return err
	}
	s, err := openStore(env)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := savedSettings(newCore(env, s).SaveCalDAVSettings(env.Ctx, c, pw)); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "calendar account %s at %s saved\n", c.Username, c.URL)
	if c.Calendar == "" {
		fmt.Fprintln(env.Stdout, "choose a calendar with --calendar before publishing")
	}
	return nil
}

func settingsShow(env *Env, args []string) error {
	fs := flag.NewFlagSet("settings show", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	s, err := openStore(env)
	if err != nil {
		return err
	}
	defer s.Close()
	m, err := s.MailSettings(env.Ctx)
	if err != nil {
		return err
	}
	c, err := s.CalDAVSettings(env.Ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env, map[string]any{
			"smtp":   map[string]any{"host": m.Host, "port": m.Port, "security": m.Security, "user": m.Username, "from": m.From},
			"caldav": map[string]any{"url": c.URL, "user": c.Username, "calendar": c.Calendar},
		})
	}
	if m.Configured() {
		fmt.Fprintf(env.Stdout, "smtp: %s:%d %s user %q from %s\n", m.Host, m.Port, m.Security, m.Username, m.From)
	} else {
		fmt.Fprintln(env.Stdout, "smtp: not set")
	}
	if c.Configured() {
		fmt.Fprintf(env.Stdout, "caldav: %s user %q calendar %q\n", c.URL, c.Username, c.Calendar)
	} else {
		fmt.Fprintln(env.Stdout, "caldav: not set")
	}
	return nil
}
