// Package cli implements twoway's headless subcommands, the scripting
// contract other tools and checks rely on: `twoway [--db PATH] pair add`,
// `pair list`, `pair show` and the rest. It never opens a window.
//
// Every command prints its result on stdout and, on failure, one line on
// stderr naming what was wrong, with exit status 2 for bad input and 1 for
// anything else.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/storage"
	"github.com/twoway-app/twoway/storage/secrets"
)

// Exit statuses.
const (
	ExitOK    = 0
	ExitError = 1
	ExitUsage = 2
)

// Env is what a command runs with.
type Env struct {
	Ctx    context.Context
	DBPath string
	Stdout io.Writer
	Stderr io.Writer
	// Stdin is read by --password-stdin; os.Stdin when nil.
	Stdin io.Reader
	// Secrets holds account passwords; the system keyring when nil.
	Secrets secrets.Store
}

// usageError is bad input from the user: exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

type command struct {
	summary string
	run     func(env *Env, args []string) error
}

var commands = map[string]map[string]command{}

func register(group, name, summary string, run func(*Env, []string) error) {
	if commands[group] == nil {
		commands[group] = map[string]command{}
	}
	commands[group][name] = command{summary, run}
}

// Is reports whether name is a headless subcommand (and not a GUI start).
func Is(name string) bool {
	_, ok := commands[name]
	return ok
}

// Run runs the subcommand in args (e.g. ["pair", "list", "--json"]) and
// returns the process exit status.
func Run(env *Env, args []string) int {
	if len(args) == 0 || !Is(args[0]) {
		fmt.Fprintln(env.Stderr, "twoway: unknown command; run `twoway help`")
		return ExitUsage
	}
	group := commands[args[0]]
	var sub command
	var rest []string
	if c, ok := group[""]; ok {
		// A group may have a default command and named ones (`match NAME`,
		// `match accept ...`): a named one wins.
		sub, rest = c, args[1:]
		if len(args) > 1 {
			if named, ok := group[args[1]]; ok && args[1] != "" {
				sub, rest = named, args[2:]
			}
		}
	} else {
		if len(args) < 2 {
			fmt.Fprintf(env.Stderr, "twoway %s: missing subcommand (%s)\n", args[0], strings.Join(names(group), ", "))
			return ExitUsage
		}
		if args[1] == "-h" || args[1] == "--help" || args[1] == "help" {
			fmt.Fprintf(env.Stdout, "Commands of twoway %s (each takes --help):\n", args[0])
			for _, n := range names(group) {
				fmt.Fprintf(env.Stdout, "  %-16s %s\n", n, group[n].summary)
			}
			return ExitOK
		}
		c, ok := group[args[1]]
		if !ok {
			fmt.Fprintf(env.Stderr, "twoway %s: unknown subcommand %q (%s)\n", args[0], args[1], strings.Join(names(group), ", "))
			return ExitUsage
		}
		sub, rest = c, args[2:]
	}
	if err := sub.run(env, rest); err != nil {
		var help helpText
		if errors.As(err, &help) {
			fmt.Fprint(env.Stdout, string(help))
			return ExitOK
		}
		var quiet errSilent
		if errors.As(err, &quiet) {
			return ExitError // the command printed what went wrong
		}
		var ue usageError
		var ve *mentoring.ValidationError
		msg := err.Error()
		if !errors.As(err, &ue) && errors.As(err, &ve) {
			msg = flagError(ve).Error() // the fields in words, never the codes
		}
		fmt.Fprintf(env.Stderr, "twoway: %s\n", oneLine(msg))
		if errors.As(err, &ue) || errors.As(err, &ve) || errors.Is(err, flag.ErrHelp) {
			return ExitUsage
		}
		return ExitError
	}
	return ExitOK
}

// Usage writes the list of commands.
func Usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: twoway [--db PATH] [COMMAND ...]")
	fmt.Fprintln(w, "Without a command, twoway opens its window. Commands:")
	var groups []string
	for g := range commands {
		groups = append(groups, g)
	}
	sort.Strings(groups)
	for _, g := range groups {
		for _, n := range names(commands[g]) {
			fmt.Fprintf(w, "  %-22s %s\n", strings.TrimSpace(g+" "+n), commands[g][n].summary)
		}
	}
}

func names(group map[string]command) []string {
	var out []string
	for n := range group {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

// parse parses flags that may come before or after positional arguments
// (`pair show 3 --json` as well as `pair show --json 3`) and returns the
// positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, help(fs)
			}
			// The flag package names flags with one dash; our docs use two.
			msg := oneDash.ReplaceAllString(err.Error(), "${1}--$2")
			return nil, usagef("%s: %s", fs.Name(), msg)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// flagList names fs's flags, for a message that says which exist.
func flagList(fs *flag.FlagSet) string {
	var out []string
	fs.VisitAll(func(f *flag.Flag) { out = append(out, "--"+f.Name) })
	return strings.Join(out, " ")
}

// oneDash finds a flag named with the flag package's one dash ("flag
// -limit", "flag provided but not defined: -x").
var oneDash = regexp.MustCompile(`(^|[\s:])-([a-z][a-z0-9-]*)`)

// helpText is what --help prints: not an error, though it ends the command.
type helpText string

func (h helpText) Error() string { return string(h) }

// help is a subcommand's usage: what it does and what each flag means.
func help(fs *flag.FlagSet) helpText {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: twoway %s [flags]\n", fs.Name())
	if group, name, ok := strings.Cut(fs.Name(), " "); ok {
		if c, found := commands[group][name]; found {
			fmt.Fprintf(&b, "%s\n", c.summary)
		}
	} else if c, found := commands[fs.Name()][""]; found {
		fmt.Fprintf(&b, "%s\n", c.summary)
	}
	var rows [][2]string
	width := 0
	fs.VisitAll(func(f *flag.Flag) {
		arg, usage := flag.UnquoteUsage(f)
		left := "--" + f.Name
		if arg != "" {
			left += " " + strings.ToUpper(arg)
		}
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && !strings.Contains(usage, "default") {
			usage += " (default " + f.DefValue + ")"
		}
		rows = append(rows, [2]string{left, usage})
		width = max(width, len(left))
	})
	if len(rows) > 0 {
		b.WriteString("Flags:\n")
		for _, r := range rows {
			fmt.Fprintf(&b, "  %-*s  %s\n", width, r[0], r[1])
		}
	}
	return helpText(b.String())
}

// openStore opens the database named by --db (or the default path).
func openStore(env *Env) (*storage.Store, error) {
	path := env.DBPath
	if path == "" {
		p, err := storage.DefaultPath()
		if err != nil {
			return nil, err
		}
		path = p
	}
	return storage.Open(env.Ctx, path)
}

// withStore runs fn on the database, closing it afterwards.
func withStore(env *Env, fn func(*storage.Store) error) error {
	s, err := openStore(env)
	if err != nil {
		return err
	}
	defer s.Close()
	return fn(s)
}
