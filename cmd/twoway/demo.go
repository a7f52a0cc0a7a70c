package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/twoway-app/twoway/cmd/twoway/cli"
	"github.com/twoway-app/twoway/internal/demo"
)

// runDemo starts the app on a fresh database of demo partnerships in a
// temporary folder, so that someone trying Twoway can use every screen
// (edit, schedule, skip, log, even restore) without touching their own data.
// The folder is removed when the app quits; a demo to keep is made with
// `twoway demo --db FILE` and opened with --db.
func runDemo(stderr io.Writer) int {
	dir, err := os.MkdirTemp("", "twoway-demo-")
	if err != nil {
		fmt.Fprintln(stderr, "twoway: demo:", err)
		return cli.ExitError
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "demo.db")
	opts := demo.Options{Partnerships: demo.DefaultPartnerships, Seed: 1}
	if _, err := demo.NewDatabase(context.Background(), path, opts); err != nil {
		fmt.Fprintln(stderr, "twoway:", err)
		return cli.ExitError
	}
	fmt.Fprintf(stderr, "twoway: demo data in %s, removed when the app quits\n", path)
	return runGUI(path, stderr, false)
}
