package cli

// Golden tests of every command's output.
//
// Each testdata/golden/NAME.txtar is a small story told in commands, all run
// against one fresh database ($WORK/twoway.db) in one fresh temporary
// directory ($WORK). The archive holds:
//
//   - a comment (before the first file): what the story shows;
//   - cmd: the script, one line per command;
//   - N.stdout, N.stderr, N.exit: what command N (counted from 1, commands
//     only) printed and, when not 0, its exit status. A missing file means
//     "nothing" (no output, exit 0);
//   - any other file: an input, written to $WORK/NAME before each command.
//
// Lines of cmd:
//
//	# a comment; blank lines are ignored
//	twoway pair add --title "Ana & Ben" ...   a command that must succeed
//	! twoway pair show 42                     a command that must fail (exit != 0)
//	stdin: TEXT      the next command reads TEXT and a newline on standard input
//	                 (otherwise its standard input is empty)
//	clock: RFC3339   the clock the following commands read (`now`); the
//	                 default is 2027-02-01T12:00:00Z, a Monday
//	keyring: off|on  the in-memory keyring of the archive refuses (off) or
//	                 keeps (on, the default) passwords
//
// Words are split as a shell would, with 'single quotes' taken literally and
// "double quotes" understanding \n \t \r \" \\ \$ and \xHH; $WORK, outside
// single quotes, is the temporary directory. As in package main, a leading
// `--db PATH` names the database, and `twoway help` prints Usage on stdout;
// everything else goes to Run. The keyring is never the system's and
// standard input never the test's.
//
// Before comparing, the output is normalised, and only so:
//
//   - the temporary directory is written $WORK;
//   - an invite UID (32 hex digits @twoway.app) is written <uid-N>, N
//     numbering the UIDs of the archive in order of first appearance; input
//     files may say <uid-N> and $WORK too, filled in when written;
//   - the random part of a temporary file's name (os.CreateTemp's digits
//     before .tmp, as an error may show) is written <random>;
//   - a carriage return is written ␍ (so .ics lines end in ␍ and no editor
//     or Git setting can strip them);
//   - output not ending in a newline gets one, then the line
//     `\ No newline at end of output`.
//
// Nothing else varies: the clock is pinned (so DTSTAMP and "now" are exact),
// and the commands that would read the system zone or today's date are
// given them explicitly. A command run with --json that succeeds must print
// valid JSON.
//
// `go test -run Golden -update` rewrites the expected files (keeping the
// comment, cmd and inputs); without -update a difference fails with a line
// diff. TestGoldenCoverage fails when a registered command appears in no
// archive, when it only appears failing (see errorPathOnly), or when it
// takes --json and no archive runs it with --json successfully.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/twoway-app/twoway/storage/secrets"
)

var update = flag.Bool("update", false, "rewrite the expected outputs in testdata/golden/*.txtar")

const goldenDir = "testdata/golden"

// goldenClock is the default `now` of an archive.
var goldenClock = time.Date(2027, 2, 1, 12, 0, 0, 0, time.UTC)

// errorPathOnly are the commands an archive may cover by their failures
// alone, with the reason.
var errorPathOnly = map[string]string{
	"invite send":    "a real send needs an SMTP server (internal/testservers, Python); the archive shows its refusals",
	"invite publish": "a real publish needs a CalDAV server (internal/testservers, Python); the archive shows its refusals",
	"record send":    "a real send needs an SMTP server: internal/service's TestRecordByEmailWithoutAServer sends it; the archive shows its refusals",
	"fetch":          "a real fetch needs an IMAP server: internal/service's TestAnswersFetchedFromTheMailbox runs it against Dovecot; the archive shows its refusals",
	"share":          "a real share needs a CalDAV server: TestShareAndSyncHeadless runs it against Radicale; the archive shows its refusals",
	"sync":           "a real sync needs a CalDAV server: TestShareAndSyncHeadless runs it against Radicale; the archive shows its refusals",
}

const noNewline = `\ No newline at end of output`

// goldenStep is one command of a script, with the settings it runs under.
type goldenStep struct {
	line       int    // in cmd, from 1
	text       string // as written
	args       []string
	mustFail   bool
	stdin      string
	clock      time.Time
	keyringOff bool
}

// parseGoldenScript reads a cmd file; $WORK in words becomes work.
func parseGoldenScript(script, work string) ([]goldenStep, error) {
	var steps []goldenStep
	clock, keyringOff := goldenClock, false
	var stdin *string
	for i, line := range strings.Split(script, "\n") {
		n := i + 1
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
			continue
		case strings.HasPrefix(line, "stdin:"):
			s := strings.TrimPrefix(strings.TrimPrefix(line, "stdin:"), " ") + "\n"
			stdin = &s
			continue
		case strings.HasPrefix(line, "clock:"):
			c, err := time.Parse(time.RFC3339, strings.TrimSpace(strings.TrimPrefix(line, "clock:")))
			if err != nil {
				return nil, fmt.Errorf("cmd:%d: %v", n, err)
			}
			clock = c
			continue
		case strings.HasPrefix(line, "keyring:"):
			switch strings.TrimSpace(strings.TrimPrefix(line, "keyring:")) {
			case "off":
				keyringOff = true
			case "on":
				keyringOff = false
			default:
				return nil, fmt.Errorf("cmd:%d: keyring: want on or off", n)
			}
			continue
		}
		st := goldenStep{line: n, text: line, clock: clock, keyringOff: keyringOff}
		if rest, ok := strings.CutPrefix(line, "! "); ok {
			st.mustFail, line = true, rest
		}
		words, err := splitWords(line, work)
		if err != nil {
			return nil, fmt.Errorf("cmd:%d: %v", n, err)
		}
		if len(words) < 2 || words[0] != "twoway" {
			return nil, fmt.Errorf("cmd:%d: %q is not `twoway COMMAND ...`", n, line)
		}
		st.args = words[1:]
		if stdin != nil {
			st.stdin, stdin = *stdin, nil
		}
		steps = append(steps, st)
	}
	if stdin != nil {
		return nil, errors.New("cmd: stdin: with no command after it")
	}
	return steps, nil
}

// splitWords splits a command line as described in the package comment.
func splitWords(line, work string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == ' ' || c == '\t':
			if inWord {
				words, inWord = append(words, cur.String()), false
				cur.Reset()
			}
		case c == '\'':
			j := strings.IndexByte(line[i+1:], '\'')
			if j < 0 {
				return nil, errors.New("unclosed '")
			}
			cur.WriteString(line[i+1 : i+1+j])
			i, inWord = i+1+j, true
		case c == '"':
			inWord = true
			for i++; ; i++ {
				if i >= len(line) {
					return nil, errors.New(`unclosed "`)
				}
				if line[i] == '"' {
					break
				}
				if strings.HasPrefix(line[i:], "$WORK") {
					cur.WriteString(work)
					i += len("$WORK") - 1
					continue
				}
				if line[i] != '\\' {
					cur.WriteByte(line[i])
					continue
				}
				if i++; i >= len(line) {
					return nil, errors.New(`unclosed "`)
				}
				switch e := line[i]; e {
				case 'n':
					cur.WriteByte('\n')
				case 't':
					cur.WriteByte('\t')
				case 'r':
					cur.WriteByte('\r')
				case '"', '\\', '$':
					cur.WriteByte(e)
				case 'x':
					if i+2 >= len(line) {
						return nil, errors.New(`\x wants two hex digits`)
					}
					b, err := strconv.ParseUint(line[i+1:i+3], 16, 8)
					if err != nil {
						return nil, fmt.Errorf(`\x%s: %v`, line[i+1:i+3], err)
					}
					cur.WriteByte(byte(b))
					i += 2
				default:
					return nil, fmt.Errorf(`unknown escape \%c`, e)
				}
			}
		case c == '\\' && i+1 < len(line):
			i++
			cur.WriteByte(line[i])
			inWord = true
		case strings.HasPrefix(line[i:], "$WORK"):
			cur.WriteString(work)
			i += len("$WORK") - 1
			inWord = true
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// globalDB strips a leading --db PATH (as package main reads it) from args.
func globalDB(args []string) (db string, rest []string, ok bool) {
	if len(args) > 0 {
		if v, found := strings.CutPrefix(args[0], "--db="); found {
			return v, args[1:], true
		}
		if (args[0] == "--db" || args[0] == "-db") && len(args) > 1 {
			return args[1], args[2:], true
		}
	}
	return "", args, false
}

// commandKey is the registered command args run ("pair add", "slots"), or
// "" when they name none.
func commandKey(args []string) string {
	_, args, _ = globalDB(args)
	if len(args) == 0 {
		return ""
	}
	group, ok := commands[args[0]]
	if !ok {
		return ""
	}
	// A named subcommand wins over the group's default, as in Run.
	if len(args) > 1 && args[1] != "" {
		if _, ok := group[args[1]]; ok {
			return args[0] + " " + args[1]
		}
	}
	if _, ok := group[""]; ok {
		return args[0]
	}
	return ""
}

// goldenNormaliser turns output into its archived form and input files
// back into what the commands read.
type goldenNormaliser struct {
	dirs []string // the temporary directory as it may be spelt
	uids []string // the UIDs seen, <uid-1> first
}

var (
	uidPattern      = regexp.MustCompile(`[0-9a-f]{32}@twoway\.app`)
	tempNamePattern = regexp.MustCompile(`\.[0-9]+\.tmp\b`)
)

func newGoldenNormaliser(work string) *goldenNormaliser {
	n := &goldenNormaliser{dirs: []string{work}}
	if real, err := filepath.EvalSymlinks(work); err == nil && real != work {
		n.dirs = append(n.dirs, real)
	}
	return n
}

func (n *goldenNormaliser) output(b []byte) string {
	s := uidPattern.ReplaceAllStringFunc(string(b), func(uid string) string {
		for i, u := range n.uids {
			if u == uid {
				return fmt.Sprintf("<uid-%d>", i+1)
			}
		}
		n.uids = append(n.uids, uid)
		return fmt.Sprintf("<uid-%d>", len(n.uids))
	})
	for _, d := range n.dirs {
		s = strings.ReplaceAll(s, d, "$WORK")
	}
	s = tempNamePattern.ReplaceAllString(s, ".<random>.tmp")
	s = strings.ReplaceAll(s, "\r", "␍")
	if s != "" && !strings.HasSuffix(s, "\n") {
		s += "\n" + noNewline + "\n"
	}
	return s
}

func (n *goldenNormaliser) input(b []byte) []byte {
	s := strings.ReplaceAll(string(b), "␍", "\r")
	for i, u := range n.uids {
		s = strings.ReplaceAll(s, fmt.Sprintf("<uid-%d>", i+1), u)
	}
	return []byte(strings.ReplaceAll(s, "$WORK", n.dirs[0]))
}

var outputName = regexp.MustCompile(`^([1-9][0-9]*)\.(stdout|stderr|exit)$`)

// goldenArchive is an archive split into its parts.
type goldenArchive struct {
	comment []byte
	script  string
	inputs  []txtar.File
	want    map[string]string // N.stdout, N.stderr, N.exit
}

func readGoldenArchive(path string) (*goldenArchive, error) {
	ar, err := txtar.ParseFile(path)
	if err != nil {
		return nil, err
	}
	g := &goldenArchive{comment: ar.Comment, want: map[string]string{}}
	hasScript := false
	for _, f := range ar.Files {
		switch {
		case f.Name == "cmd":
			g.script, hasScript = string(f.Data), true
		case outputName.MatchString(f.Name):
			g.want[f.Name] = string(f.Data)
		case strings.Contains(f.Name, "..") || filepath.IsAbs(f.Name):
			return nil, fmt.Errorf("input file %q must stay inside $WORK", f.Name)
		default:
			g.inputs = append(g.inputs, f)
		}
	}
	if !hasScript {
		return nil, errors.New("no cmd file")
	}
	return g, nil
}

func goldenFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(goldenDir, "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no %s/*.txtar (%v)", goldenDir, err)
	}
	return files
}

func TestGolden(t *testing.T) {
	for _, path := range goldenFiles(t) {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) { runGoldenArchive(t, path) })
	}
}

func runGoldenArchive(t *testing.T, path string) {
	g, err := readGoldenArchive(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	work := t.TempDir()
	steps, err := parseGoldenScript(g.script, work)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(steps) == 0 {
		t.Fatalf("%s: cmd runs no command", path)
	}
	oldNow := now
	t.Cleanup(func() { now = oldNow })
	norm := newGoldenNormaliser(work)
	keys := secrets.NewMemory()
	got := map[string]string{}
	for i, st := range steps {
		n := i + 1
		for _, f := range g.inputs {
			p := filepath.Join(work, filepath.FromSlash(f.Name))
			if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, norm.input(f.Data), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		clock := st.clock
		now = func() time.Time { return clock }
		keys.Unavailable = st.keyringOff
		stdout, stderr, code := runGoldenStep(t, path, st, work, keys)
		where := fmt.Sprintf("%s:cmd:%d (command %d: %s)", path, st.line, n, st.text)
		switch {
		case st.mustFail && code == ExitOK:
			t.Errorf("%s: succeeded, but the line says it must fail (!)", where)
		case !st.mustFail && code != ExitOK:
			t.Errorf("%s: exit %d, stderr %q; mark it `! ` if it must fail", where, code, stderr)
		}
		if code == ExitOK && containsWord(st.args, "--json") && !json.Valid(stdout) {
			t.Errorf("%s: --json printed invalid JSON:\n%s", where, stdout)
		}
		if s := norm.output(stdout); s != "" {
			got[fmt.Sprintf("%d.stdout", n)] = s
		}
		if s := norm.output(stderr); s != "" {
			got[fmt.Sprintf("%d.stderr", n)] = s
		}
		if code != ExitOK {
			got[fmt.Sprintf("%d.exit", n)] = fmt.Sprintf("%d\n", code)
		}
	}

	if *update {
		writeGoldenArchive(t, path, g, got, len(steps))
		return
	}
	for _, name := range sortedOutputNames(g.want, got) {
		want, have := g.want[name], got[name]
		if m := outputName.FindStringSubmatch(name); m != nil {
			if k, _ := strconv.Atoi(m[1]); k > len(steps) {
				t.Errorf("%s: %s is for command %d, but cmd has %d commands (run with -update to drop it)", path, name, k, len(steps))
				continue
			}
		}
		if want != have {
			k, _ := strconv.Atoi(strings.Split(name, ".")[0])
			st := steps[k-1]
			t.Errorf("%s:cmd:%d: %s of `%s` differs (-want +got; run `go test -run Golden -update` to accept):\n%s",
				path, st.line, name, st.text, lineDiff(want, have))
		}
	}
}

// runGoldenStep runs one command as package main would, but never on the
// user's own database, keyring or standard input.
func runGoldenStep(t *testing.T, path string, st goldenStep, work string, keys secrets.Store) ([]byte, []byte, int) {
	var out, errb bytes.Buffer
	db, args, given := globalDB(st.args)
	if !given {
		db = filepath.Join(work, "twoway.db")
	}
	if db == "" {
		t.Fatalf("%s:cmd:%d: --db \"\" would open the user's own database", path, st.line)
	}
	if len(args) > 0 && args[0] == "help" {
		Usage(&out)
		return out.Bytes(), errb.Bytes(), ExitOK
	}
	code := Run(&Env{Ctx: context.Background(), DBPath: db, Stdout: &out, Stderr: &errb,
		Stdin: strings.NewReader(st.stdin), Secrets: keys}, args)
	return out.Bytes(), errb.Bytes(), code
}

func containsWord(words []string, w string) bool {
	for _, x := range words {
		if x == w {
			return true
		}
	}
	return false
}

// sortedOutputNames lists the output files of both maps by command, then
// stdout, stderr, exit.
func sortedOutputNames(maps ...map[string]string) []string {
	seen := map[string]bool{}
	var names []string
	for _, m := range maps {
		for name := range m {
			if !seen[name] {
				seen[name] = true
				names = append(names, name)
			}
		}
	}
	rank := map[string]int{"stdout": 0, "stderr": 1, "exit": 2}
	sort.Slice(names, func(i, j int) bool {
		a, b := outputName.FindStringSubmatch(names[i]), outputName.FindStringSubmatch(names[j])
		na, _ := strconv.Atoi(a[1])
		nb, _ := strconv.Atoi(b[1])
		if na != nb {
			return na < nb
		}
		return rank[a[2]] < rank[b[2]]
	})
	return names
}

func writeGoldenArchive(t *testing.T, path string, g *goldenArchive, got map[string]string, steps int) {
	t.Helper()
	ar := &txtar.Archive{Comment: g.comment, Files: []txtar.File{{Name: "cmd", Data: []byte(g.script)}}}
	ar.Files = append(ar.Files, g.inputs...)
	for _, name := range sortedOutputNames(got) {
		ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(got[name])})
	}
	data := txtar.Format(ar)
	// An output line that looks like a file marker would not read back.
	back := txtar.Parse(data)
	if len(back.Files) != len(ar.Files) {
		t.Fatalf("%s: an output has a line of the form `-- NAME --`, which txtar cannot hold", path)
	}
	for i, f := range back.Files {
		if f.Name != ar.Files[i].Name || !bytes.Equal(f.Data, ar.Files[i].Data) && !bytes.Equal(f.Data, append(ar.Files[i].Data, '\n')) {
			t.Fatalf("%s: %s does not read back from the archive", path, ar.Files[i].Name)
		}
	}
	old, _ := os.ReadFile(path)
	if bytes.Equal(old, data) {
		return
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("updated %s (%d commands)", path, steps)
}

// lineDiff is a line diff of want and got, unchanged runs shortened to
// three lines of context.
func lineDiff(want, got string) string {
	a, b := diffLines(want), diffLines(got)
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type op struct {
		kind byte
		text string
	}
	var ops []op
	for i, j := 0, 0; i < len(a) || j < len(b); {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			ops = append(ops, op{' ', a[i]})
			i, j = i+1, j+1
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, op{'-', a[i]})
			i++
		default:
			ops = append(ops, op{'+', b[j]})
			j++
		}
	}
	const context = 3
	var sb strings.Builder
	skipped := false
	for i, o := range ops {
		if o.kind == ' ' {
			near := false
			for k := max(0, i-context); k <= min(len(ops)-1, i+context); k++ {
				near = near || ops[k].kind != ' '
			}
			if !near {
				if !skipped {
					sb.WriteString("  ...\n")
				}
				skipped = true
				continue
			}
		}
		skipped = false
		fmt.Fprintf(&sb, "%c %s\n", o.kind, o.text)
	}
	return sb.String()
}

func diffLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// TestGoldenCoverage: every registered command has a golden, a successful
// one unless errorPathOnly says why not, and one with --json when it takes
// --json.
func TestGoldenCoverage(t *testing.T) {
	type seen struct{ any, ok, okJSON bool }
	cover := map[string]*seen{}
	for _, path := range goldenFiles(t) {
		g, err := readGoldenArchive(path)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		steps, err := parseGoldenScript(g.script, "$WORK")
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, st := range steps {
			key := commandKey(st.args)
			if key == "" {
				continue
			}
			if cover[key] == nil {
				cover[key] = &seen{}
			}
			c := cover[key]
			c.any = true
			if !st.mustFail {
				c.ok = true
				c.okJSON = c.okJSON || containsWord(st.args, "--json")
			}
		}
	}
	db := filepath.Join(t.TempDir(), "none.db")
	var all []string
	for group, subs := range commands {
		for name := range subs {
			all = append(all, strings.TrimSpace(group+" "+name))
		}
	}
	sort.Strings(all)
	for _, key := range all {
		c := cover[key]
		_, errOnly := errorPathOnly[key]
		switch {
		case c == nil:
			t.Errorf("command %q appears in no %s/*.txtar: add it to a story (see golden_test.go)", key, goldenDir)
			continue
		case !c.ok && !errOnly:
			t.Errorf("command %q appears in %s/*.txtar only failing (`! `): add a successful run", key, goldenDir)
		}
		// The flags a command takes are what it lists for --help.
		_, stderr, _ := run(t, db, append(strings.Fields(key), "--help")...)
		if strings.Contains(stderr, " --json") && !c.okJSON && !errOnly {
			t.Errorf("command %q takes --json, but no %s/*.txtar runs it with --json successfully", key, goldenDir)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Errorf("`COMMAND --help` created the database %s", db)
	}
	for key := range errorPathOnly {
		if !containsWord(all, key) {
			t.Errorf("errorPathOnly names %q, which is not a registered command", key)
		}
	}
}
