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
)

func init() {
	register("completion", "", "print a shell completion script: bash or zsh (e.g. `source <(twoway completion bash)`)", completionCmd)
}

func completionCmd(env *Env, args []string) error {
	fs := flag.NewFlagSet("completion", flag.ContinueOnError)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || (pos[0] != "bash" && pos[0] != "zsh") {
		return usagef("completion: want bash or zsh")
	}
	if pos[0] == "zsh" {
		// zsh runs the bash function through its bash-completion layer.
		fmt.Fprintln(env.Stdout, "autoload -U +X bashcompinit && bashcompinit")
	}
	_, err = io.WriteString(env.Stdout, bashCompletion())
	return err
}

// helpFlag finds a flag in a subcommand's --help.
var helpFlag = regexp.MustCompile(`(?m)^  (--[a-z0-9-]+)`)

// commandFlags are the flags of one subcommand, read from its own --help so
// the script cannot drift from the flags the command takes.
func commandFlags(c command) []string {
	err := c.run(&Env{Ctx: context.Background(), DBPath: "/nonexistent/twoway.db", Stdout: io.Discard, Stderr: io.Discard,
		Stdin: strings.NewReader("")}, []string{"--help"})
	var h helpText
	if !errors.As(err, &h) {
		return nil
	}
	var out []string
	for _, m := range helpFlag.FindAllStringSubmatch(string(h), -1) {
		out = append(out, m[1])
	}
	return append(out, "--help")
}

// bashCompletion is a bash completion function for twoway: the commands,
// each group's subcommands, and each subcommand's flags.
func bashCompletion() string {
	var groups []string
	for g := range commands {
		groups = append(groups, g)
	}
	sort.Strings(groups)
	var b strings.Builder
	b.WriteString("# twoway completion for bash (and zsh through bashcompinit).\n_twoway() {\n")
	b.WriteString("\tlocal cur=\"${COMP_WORDS[COMP_CWORD]}\"\n")
	fmt.Fprintf(&b, "\tif [ \"$COMP_CWORD\" -eq 1 ]; then\n\t\tCOMPREPLY=($(compgen -W %q -- \"$cur\"))\n\t\treturn\n\tfi\n",
		strings.Join(append(groups, "--db", "--demo", "--version", "help"), " "))
	b.WriteString("\tif [ \"$COMP_CWORD\" -eq 2 ] && [[ \"$cur\" != -* ]]; then\n\t\tcase \"${COMP_WORDS[1]}\" in\n")
	for _, g := range groups {
		if subs := namedSubs(g); len(subs) > 0 {
			fmt.Fprintf(&b, "\t\t%s) COMPREPLY=($(compgen -W %q -- \"$cur\")) ;;\n", g, strings.Join(subs, " "))
		}
	}
	b.WriteString("\t\tesac\n\t\treturn\n\tfi\n\tif [[ \"$cur\" != -* ]]; then return; fi\n")
	// Flags: a command of its own (demo, status) by its name, a group's
	// subcommand by both words.
	// A group with a default command and named ones (match NAME, match
	// accept): the named ones first, by both words.
	b.WriteString("\tcase \"${COMP_WORDS[1]} ${COMP_WORDS[2]}\" in\n")
	for _, g := range groups {
		if _, single := commands[g][""]; single {
			for _, n := range namedSubs(g) {
				fmt.Fprintf(&b, "\t%q) COMPREPLY=($(compgen -W %q -- \"$cur\")); return ;;\n", g+" "+n, strings.Join(commandFlags(commands[g][n]), " "))
			}
		}
	}
	b.WriteString("\tesac\n")
	b.WriteString("\tcase \"${COMP_WORDS[1]}\" in\n")
	for _, g := range groups {
		if c, single := commands[g][""]; single {
			fmt.Fprintf(&b, "\t%s) COMPREPLY=($(compgen -W %q -- \"$cur\")); return ;;\n", g, strings.Join(commandFlags(c), " "))
		}
	}
	b.WriteString("\tesac\n\tcase \"${COMP_WORDS[1]} ${COMP_WORDS[2]}\" in\n")
	for _, g := range groups {
		if _, single := commands[g][""]; single {
			continue
		}
		for _, n := range names(commands[g]) {
			fmt.Fprintf(&b, "\t%q) COMPREPLY=($(compgen -W %q -- \"$cur\")) ;;\n", g+" "+n, strings.Join(commandFlags(commands[g][n]), " "))
		}
	}
	b.WriteString("\tesac\n}\ncomplete -F _twoway twoway\n")
	return b.String()
}

// namedSubs are a group's subcommands with a name (not its default).
func namedSubs(g string) []string {
	var out []string
	for _, n := range names(commands[g]) {
		if n != "" {
			out = append(out, n)
		}
	}
	return out
}
