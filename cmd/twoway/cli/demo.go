package cli

import (
	"flag"
	"fmt"

	"github.com/twoway-app/twoway/internal/demo"
)

func init() {
	register("demo", "", "fill a NEW database with realistic demo partnerships: --db FILE [--partnerships N] [--seed S]", demoCmd)
}

func demoCmd(env *Env, args []string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	db := fs.String("db", env.DBPath, "the new database file to fill (required: never your own data file)")
	n := fs.Int("partnerships", demo.DefaultPartnerships, "how many partnerships to create")
	seed := fs.Uint64("seed", 1, "seed of the generated partnerships after the first eight")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("demo: unexpected argument %q", pos[0])
	}
	if *db == "" {
		return usagef("demo: --db FILE is required, so demo data never lands in your own data file")
	}
	if *n < 1 || *n > demo.MaxPartnerships {
		return usagef("--partnerships: %d is not possible; choose 1 to %d", *n, demo.MaxPartnerships)
	}
	st, err := demo.NewDatabase(env.Ctx, *db, demo.Options{Partnerships: *n, Seed: *seed})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Created %d partnerships in %s: %d scheduled with %d sessions (%d skipped, %d moved), %d agendas, %d topics, %d sessions logged, %d action items.\n",
		st.Partnerships, *db, st.Scheduled, st.Sessions, st.Skipped, st.Moved, st.Agendas, st.Topics, st.Logged, st.Actions)
	fmt.Fprintf(env.Stdout, "Open it with `twoway --db %s`.\n", *db)
	return nil
}
