// Command twoway runs reciprocal mentoring pairs across time zones. Without
// a subcommand it opens the desktop app; with one (`pair list`, `schedule
// show`, ...) it works headless for scripts.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/twoway-app/twoway/cmd/twoway/cli"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("twoway", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", "", "database file (default: the platform's data directory)")
	showVersion := fs.Bool("version", false, "print the version and exit")
	demo := fs.Bool("demo", false, "try the app on demo partnerships in a temporary database, removed when the app quits")
	background := fs.Bool("background", false, "start in the system tray without a window (reminders keep coming); as the login start does")
	fs.Usage = func() { cli.Usage(stderr); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil {
		return cli.ExitUsage
	}
	switch {
	case *showVersion:
		fmt.Fprintln(stdout, "twoway", version)
		return cli.ExitOK
	case *demo && (*db != "" || fs.NArg() > 0):
		fmt.Fprintln(stderr, "twoway: --demo opens the app on its own temporary data: give it neither --db nor a command (for a demo file you keep: twoway demo --db FILE)")
		return cli.ExitUsage
	case *demo:
		return runDemo(stderr)
	case fs.NArg() > 0 && fs.Arg(0) == "help":
		cli.Usage(stdout)
		return cli.ExitOK
	case fs.NArg() > 0:
		return cli.Run(&cli.Env{Ctx: context.Background(), DBPath: *db, Stdout: stdout, Stderr: stderr}, fs.Args())
	}
	return runGUI(*db, stderr, *background)
}
