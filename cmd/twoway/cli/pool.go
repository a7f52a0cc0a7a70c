package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/pool"
	"github.com/twoway-app/twoway/internal/report"
	"github.com/twoway-app/twoway/internal/service"
	"github.com/twoway-app/twoway/storage"
)

func init() {
	register("pool", "import", "import people from a sign-up form's CSV export: FILE [--pool NAME] [--map COLUMN=FIELD ...] [--separator ';'] [--dry-run]", poolImport)
	register("pool", "list", "list the pools", poolList)
	register("pool", "show", "show a pool's people and rules: NAME", poolShow)
	register("pool", "cohort", "every partnership made from a pool, with health and balance: NAME [--csv]", poolCohort)
	register("match", "", "propose pairs for a pool: NAME [--json] [--max-pairs]; also match accept, forbid, lock and unlock", matchCmd)
	register("match", "accept", "make a proposed pair a partnership (A is me, unless B is your own address); prints its id: NAME EMAIL_A EMAIL_B", matchAccept)
	register("match", "forbid", "never pair two people of a pool: NAME EMAIL_A EMAIL_B", matchForbid)
	register("match", "lock", "keep two people of a pool together in every proposal (match unlock undoes it): NAME EMAIL_A EMAIL_B", matchLock)
	register("match", "unlock", "no longer keep two people of a pool together: NAME EMAIL_A EMAIL_B", matchUnlock)
	register("pool", "add", "add a person to a pool by hand: NAME --name N --email E --zone Z --hours HH:MM-HH:MM --offers 'a; b' --wants 'a; b' [--languages 'a; b']", poolAdd)
	register("pool", "synonyms", "show or set the words that match in a pool: NAME [--set 'excel, spreadsheets; social media, instagram']", poolSynonyms)
	register("pair", "not-a-fit", "return a pool pair's people to the pool and forbid the pair: ID", pairNotAFit)
}

// poolError words the errors of matching a user can meet.
func poolError(err error) error {
	var ce *pool.ColumnError
	var ex *service.ExcludedError
	var ve *mentoring.ValidationError
	switch {
	case errors.As(err, &ce):
		return usagef("%s", report.ColumnErrorText(ce))
	case errors.As(err, &ex):
		return usagef("%s and %s are no candidate pair: %s", ex.Pair.A, ex.Pair.B, report.ExclusionText(ex.Excluded))
	case errors.As(err, &ve):
		return usagef("%s", report.RowProblemsText(ve.Fields))
	case errors.Is(err, service.ErrNotInPool):
		return usagef("%s (see `twoway pool show`)", err)
	case errors.Is(err, service.ErrSamePerson), errors.Is(err, service.ErrForbiddenPair), errors.Is(err, service.ErrAlreadyPaired):
		return usagef("%s", err)
	case errors.Is(err, service.ErrNotFromPool):
		return usagef("%s", err)
	case errors.Is(err, pool.ErrCSV):
		return usagef("%s", err)
	}
	return err
}

// withPool runs fn on the core and the pool called name.
func withPool(env *Env, name string, fn func(core *service.Core, p pool.Pool) error) error {
	return withStore(env, func(s *storage.Store) error {
		core := newCore(env, s)
		p, err := core.PoolNamed(env.Ctx, name)
		if errors.Is(err, storage.ErrNotFound) {
			return usagef("no pool called %q (see `twoway pool list`)", name)
		}
		if err != nil {
			return err
		}
		return fn(core, p)
	})
}

func poolImport(env *Env, args []string) error {
	fs := flag.NewFlagSet("pool import", flag.ContinueOnError)
	name := fs.String("pool", "", "the pool to import into (default: the file's name)")
	sep := fs.String("separator", "", "what separates several answers in one cell: ';' or ',' (default: ';' when the cell has one, else ',')")
	dry := fs.Bool("dry-run", false, "list each row's problems and write nothing")
	var maps listFlag
	fs.Var(&maps, "map", "COLUMN=FIELD: read a column as name, email, zone, hours, offers, wants, languages or ignore (repeatable)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("pool import: want one CSV file")
	}
	opt := pool.CSVOptions{Map: map[string]pool.Field{}}
	switch *sep {
	case "":
	case ";", ",":
		opt.Separator = rune((*sep)[0])
	default:
		return usagef("pool import: --separator must be ';' or ','")
	}
	for _, m := range maps {
		col, field, ok := strings.Cut(m, "=")
		f, valid := pool.ParseField(field)
		if !ok || strings.TrimSpace(col) == "" || !valid {
			return usagef("pool import: --map %q: want COLUMN=FIELD, FIELD one of name, email, zone, hours, offers, wants, languages, ignore", m)
		}
		opt.Map[strings.TrimSpace(col)] = f
	}
	data, err := os.ReadFile(pos[0])
	if err != nil {
		return usagef("pool import: %v", err)
	}
	if *name == "" {
		*name = strings.TrimSuffix(filepath.Base(pos[0]), filepath.Ext(pos[0]))
	}
	// Read the file before opening the database, so a bad file creates nothing.
	im, err := pool.ParseCSV(bytes.NewReader(data), opt)
	if err != nil {
		return poolError(err)
	}
	printRows := func() int {
		bad := 0
		for _, r := range im.Rows {
			if len(r.Problems) > 0 {
				bad++
				fmt.Fprintf(env.Stdout, "line %d (%s): %s\n", r.Line, orDash(r.Person.Email), report.RowProblemsText(r.Problems))
			}
		}
		return bad
	}
	if *dry {
		for _, c := range im.Columns {
			switch {
			case c.Field != "":
				fmt.Fprintf(env.Stdout, "column %q: %s\n", c.Header, c.Field)
			case c.Meta:
				fmt.Fprintf(env.Stdout, "column %q: ignored (the form's own)\n", c.Header)
			default:
				fmt.Fprintf(env.Stdout, "column %q: ignored\n", c.Header)
			}
		}
		bad := printRows()
		fmt.Fprintf(env.Stdout, "%s read, %d with problems; nothing written (dry run)\n", report.CountNoun(len(im.Rows), "row"), bad)
		if bad > 0 {
			return errSilent{errors.New("rows with problems")}
		}
		return nil
	}
	if !im.OK() {
		var msgs []string
		for _, r := range im.Rows {
			if len(r.Problems) > 0 {
				msgs = append(msgs, fmt.Sprintf("line %d: %s", r.Line, report.RowProblemsText(r.Problems)))
			}
		}
		return usagef("pool import: nothing imported, fix these rows (or see --dry-run): %s", strings.Join(msgs, " | "))
	}
	return withStore(env, func(s *storage.Store) error {
		res, err := newCore(env, s).ImportPool(env.Ctx, *name, bytes.NewReader(data), opt, true)
		if err != nil {
			return poolError(err)
		}
		fmt.Fprintf(env.Stdout, "Pool %s: %d added, %d updated.\n", *name, res.Added, res.Updated)
		return nil
	})
}

func poolList(env *Env, args []string) error {
	fs := flag.NewFlagSet("pool list", flag.ContinueOnError)
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("pool list: unexpected argument %q", pos[0])
	}
	return withStore(env, func(s *storage.Store) error {
		list, err := newCore(env, s).Pools(env.Ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tPEOPLE\tPAIRED")
		for _, p := range list {
			fmt.Fprintf(tw, "%s\t%d\t%d\n", p.Name, p.People, p.Paired)
		}
		return tw.Flush()
	})
}

func oneName(cmd string, pos []string, extra int, what string) ([]string, error) {
	if len(pos) != 1+extra {
		return nil, usagef("%s: want %s", cmd, what)
	}
	return pos, nil
}

func poolShow(env *Env, args []string) error {
	fs := flag.NewFlagSet("pool show", flag.ContinueOnError)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if pos, err = oneName("pool show", pos, 0, "a pool's NAME"); err != nil {
		return err
	}
	return withPool(env, pos[0], func(_ *service.Core, p pool.Pool) error {
		w := env.Stdout
		fmt.Fprintf(w, "%s: %s\n", p.Name, people(len(p.People)))
		for _, m := range p.People {
			fmt.Fprintf(w, "- %s <%s>, %s, comfortable %s\n", m.Name, m.Email, m.Zone, m.Hours)
			fmt.Fprintf(w, "  offers: %s\n  wants:  %s\n", strings.Join(m.Offers, "; "), strings.Join(m.Wants, "; "))
			if len(m.Languages) > 0 {
				fmt.Fprintf(w, "  speaks: %s\n", strings.Join(m.Languages, ", "))
			}
		}
		for _, r := range []struct {
			label string
			pairs []pool.Pair
		}{{"Locked", p.Locked}, {"Forbidden", p.Forbidden}, {"Past partners", p.Past}} {
			if len(r.pairs) == 0 {
				continue
			}
			var ps []string
			for _, pr := range r.pairs {
				ps = append(ps, pr.A+" + "+pr.B)
			}
			fmt.Fprintf(w, "%s: %s\n", r.label, strings.Join(ps, "; "))
		}
		for _, a := range p.Paired {
			fmt.Fprintf(w, "Paired: %s + %s (partnership #%d)\n", a.A, a.B, a.PartnershipID)
		}
		if len(p.Synonyms) > 0 {
			var gs []string
			for _, g := range p.Synonyms {
				gs = append(gs, strings.Join(g, " = "))
			}
			fmt.Fprintf(w, "Synonyms: %s\n", strings.Join(gs, "; "))
		}
		return nil
	})
}

type matchJSON struct {
	Pairs     []matchPairJSON      `json:"pairs"`
	Unmatched []matchUnmatchedJSON `json:"unmatched"`
	Edges     []matchEdgeJSON      `json:"edges"`
}

type matchPairJSON struct {
	A       string   `json:"a"`
	B       string   `json:"b"`
	Score   int      `json:"score"`
	Reasons []string `json:"reasons"`
}

type matchUnmatchedJSON struct {
	Email  string `json:"email"`
	Reason string `json:"reason"`
}

type matchEdgeJSON struct {
	A      string `json:"a"`
	B      string `json:"b"`
	Weight int    `json:"weight"`
}

func matchCmd(env *Env, args []string) error {
	fs := flag.NewFlagSet("match", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print JSON: pairs, unmatched and every candidate edge")
	maxPairs := fs.Bool("max-pairs", false, "pair as many people as possible (default: the best pairs)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if pos, err = oneName("match", pos, 0, "a pool's NAME (see `twoway pool list`)"); err != nil {
		return err
	}
	mode := pool.ModeBest
	if *maxPairs {
		mode = pool.ModeMaxPairs
	}
	return withPool(env, pos[0], func(core *service.Core, p pool.Pool) error {
		prop, err := core.Match(env.Ctx, p.ID, mode)
		if err != nil {
			return poolError(err)
		}
		name := report.PoolNamer(p)
		reasons := func(pr pool.Proposed) []string {
			rs := report.ScoreReasons(pr.Score, name)
			if st := report.StatusText(pr); st != "" {
				rs = append([]string{st}, rs...)
			}
			return rs
		}
		if *asJSON {
			out := matchJSON{Pairs: []matchPairJSON{}, Unmatched: []matchUnmatchedJSON{}, Edges: []matchEdgeJSON{}}
			for _, pr := range prop.Pairs {
				out.Pairs = append(out.Pairs, matchPairJSON{pr.A, pr.B, pr.Total, reasons(pr)})
			}
			for _, u := range prop.Unmatched {
				out.Unmatched = append(out.Unmatched, matchUnmatchedJSON{u.Email, report.UnmatchedText(u)})
			}
			for _, e := range prop.Edges {
				out.Edges = append(out.Edges, matchEdgeJSON{e.A, e.B, e.Total})
			}
			return writeJSON(env, out)
		}
		w := env.Stdout
		label := "best pairs"
		if mode == pool.ModeMaxPairs {
			label = "as many pairs as possible"
		}
		fmt.Fprintf(w, "%s: %s of %s, total %d (%s, from %s)\n", p.Name, report.CountNoun(len(prop.Pairs), "pair"),
			people(len(p.People)), prop.Total, label, report.CountNoun(len(prop.Edges), "candidate pair"))
		for _, pr := range prop.Pairs {
			fmt.Fprintf(w, "\n%s + %s: %d\n", pr.A, pr.B, pr.Total)
			for _, r := range reasons(pr) {
				fmt.Fprintf(w, "  %s\n", r)
			}
		}
		if len(prop.Unmatched) > 0 {
			fmt.Fprintln(w, "\nUnmatched:")
			for _, u := range prop.Unmatched {
				fmt.Fprintf(w, "  %s: %s\n", u.Email, report.UnmatchedText(u))
			}
		}
		var next []string
		for _, m := range p.People {
			k := pool.Key(m.Email)
			var opts []string
			for _, s := range prop.NextBest[k] {
				opts = append(opts, fmt.Sprintf("%s (%d)", s.Pair().Other(k), s.Total))
			}
			if len(opts) > 0 {
				next = append(next, fmt.Sprintf("  %s: %s", k, strings.Join(opts, ", ")))
			}
		}
		if len(next) > 0 {
			fmt.Fprintln(w, "\nNext best:")
			fmt.Fprintln(w, strings.Join(next, "\n"))
		}
		return nil
	})
}

func matchAccept(env *Env, args []string) error {
	fs := flag.NewFlagSet("match accept", flag.ContinueOnError)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if pos, err = oneName("match accept", pos, 2, "NAME EMAIL_A EMAIL_B"); err != nil {
		return err
	}
	return withPool(env, pos[0], func(core *service.Core, p pool.Pool) error {
		id, err := core.AcceptPair(env.Ctx, p.ID, pos[1], pos[2])
		if err != nil {
			return poolError(err)
		}
		fmt.Fprintln(env.Stdout, id)
		return nil
	})
}

func matchForbid(env *Env, args []string) error {
	return pairRule(env, args, "match forbid", (*service.Core).Forbid, "%s and %s will not be paired.\n")
}

func matchLock(env *Env, args []string) error {
	return pairRule(env, args, "match lock", (*service.Core).Lock, "%s and %s are kept together.\n")
}

func matchUnlock(env *Env, args []string) error {
	return pairRule(env, args, "match unlock", (*service.Core).Unlock, "%s and %s are no longer kept together.\n")
}

// pairRule runs one of the pool's pair rules (forbid, lock, unlock) on
// NAME EMAIL_A EMAIL_B and says what it did.
func pairRule(env *Env, args []string, cmd string, rule func(*service.Core, context.Context, int64, string, string) error, done string) error {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if pos, err = oneName(cmd, pos, 2, "NAME EMAIL_A EMAIL_B"); err != nil {
		return err
	}
	return withPool(env, pos[0], func(core *service.Core, p pool.Pool) error {
		if err := rule(core, env.Ctx, p.ID, pos[1], pos[2]); err != nil {
			return poolError(err)
		}
		fmt.Fprintf(env.Stdout, done, pool.Key(pos[1]), pool.Key(pos[2]))
		return nil
	})
}

// poolAdd adds one person by hand, as the window's Add Person… does.
func poolAdd(env *Env, args []string) error {
	fs := flag.NewFlagSet("pool add", flag.ContinueOnError)
	name := fs.String("name", "", "the person's full name")
	email := fs.String("email", "", "their email address (one person per address in a pool)")
	zone := fs.String("zone", "", "their time zone: an IANA name, a city or a zone's name")
	hours := fs.String("hours", "", "the hours of their day they are happy to be on a call, HH:MM-HH:MM")
	offers := fs.String("offers", "", "what they can teach, separated by ; or ,")
	wants := fs.String("wants", "", "what they want to learn, most wanted first, separated by ; or ,")
	langs := fs.String("languages", "", "the languages they can hold a call in, separated by ; or ,")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if pos, err = oneName("pool add", pos, 0, "NAME and the person's flags"); err != nil {
		return err
	}
	m := pool.Person{Name: *name, Email: *email, Zone: *zone,
		Offers: pool.SplitAnswers(*offers, 0), Wants: pool.SplitAnswers(*wants, 0), Languages: pool.SplitAnswers(*langs, 0)}
	w, prob := pool.ParseHours(*hours)
	if prob != nil {
		return usagef("--hours: %s", report.PoolFieldText(mentoring.FieldError{Field: pool.FieldHours, Code: prob.Code, Args: prob.Args}))
	}
	m.Hours = w
	return withPool(env, pos[0], func(core *service.Core, p pool.Pool) error {
		if err := core.AddPerson(env.Ctx, p.ID, &m); err != nil {
			if errors.Is(err, storage.ErrExists) {
				return usagef("%s is in pool %s already", pool.Key(m.Email), p.Name)
			}
			return poolError(err)
		}
		fmt.Fprintf(env.Stdout, "Added %s <%s> (%s) to %s.\n", m.Name, m.Email, m.Zone, p.Name)
		return nil
	})
}

// poolSynonyms prints the pool's groups of words that match, or replaces
// them with --set: groups separated by ';', words by ','.
func poolSynonyms(env *Env, args []string) error {
	fs := flag.NewFlagSet("pool synonyms", flag.ContinueOnError)
	set := fs.String("set", "", "the new groups: words that mean the same separated by ',', groups by ';' (replaces all)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if pos, err = oneName("pool synonyms", pos, 0, "NAME [--set GROUPS]"); err != nil {
		return err
	}
	return withPool(env, pos[0], func(core *service.Core, p pool.Pool) error {
		groups := p.Synonyms
		if *set != "" {
			groups = nil
			for _, g := range strings.Split(*set, ";") {
				if words := pool.SplitAnswers(g, ','); len(words) > 1 {
					groups = append(groups, words)
				}
			}
			if err := core.SetSynonyms(env.Ctx, p.ID, groups); err != nil {
				return poolError(err)
			}
		}
		for _, g := range groups {
			fmt.Fprintln(env.Stdout, strings.Join(g, ", "))
		}
		return nil
	})
}

func pairNotAFit(env *Env, args []string) error {
	fs := flag.NewFlagSet("pair not-a-fit", flag.ContinueOnError)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	id, err := idArg("pair not-a-fit", pos)
	if err != nil {
		return err
	}
	return withStore(env, func(s *storage.Store) error {
		l, err := newCore(env, s).NotAFit(env.Ctx, id)
		if err != nil {
			return poolError(err)
		}
		fmt.Fprintf(env.Stdout, "%s and %s are back in the pool; they will not be paired again.\n", l.A, l.B)
		return nil
	})
}

func poolCohort(env *Env, args []string) error {
	fs := flag.NewFlagSet("pool cohort", flag.ContinueOnError)
	asCSV := fs.Bool("csv", false, "print CSV for a spreadsheet")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if pos, err = oneName("pool cohort", pos, 0, "a pool's NAME"); err != nil {
		return err
	}
	return withPool(env, pos[0], func(core *service.Core, p pool.Pool) error {
		rows, err := core.Cohort(env.Ctx, p.ID)
		if err != nil {
			return err
		}
		if *asCSV {
			return report.CohortCSV(env.Stdout, rows)
		}
		if len(rows) == 0 {
			fmt.Fprintf(env.Stdout, "No partnership from %s yet (see `twoway match %s`).\n", p.Name, p.Name)
			return nil
		}
		for _, r := range rows {
			pa := r.Partnership
			state := ""
			if r.Ended {
				state = " (not a fit)"
			}
			fmt.Fprintf(env.Stdout, "#%d %s%s: %s %s\n", pa.ID, pa.Title, state,
				report.HealthText(r.Health, mentoring.ZoneOrUTC(pa.Me.Zone)), report.HintText(pa, r.Reciprocity))
		}
		return nil
	})
}

// people counts people: "1 person", "12 people".
func people(n int) string {
	if n == 1 {
		return "1 person"
	}
	return fmt.Sprintf("%d people", n)
}
