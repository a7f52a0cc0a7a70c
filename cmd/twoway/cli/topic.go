package cli

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/twoway-app/twoway/internal/mailtext"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/report"
	"github.com/twoway-app/twoway/storage"
)

func init() {
	register("topic", "add", "add a topic: ID --title T --teacher me|partner|both [--status S] [--notes N] [--resource URL]... [--json]", topicAdd)
	register("topic", "list", "list a partnership's topics in order: ID [--status S] [--teacher X] [--json]", topicList)
	register("topic", "set", "change a topic: TOPIC_ID [--title] [--status] [--teacher] [--notes] [--resource]...", topicSet)
	register("topic", "delete", "delete a topic: TOPIC_ID", topicDelete)
	register("topic", "move", "move a topic one place: TOPIC_ID up|down", topicMove)
	register("topic", "seed", "propose a topic for each thing a partner wants to learn: ID", topicSeed)
}

// topicFlags maps storage's topic fields to the flags that set them.
var topicFlags = map[string]string{
	"title": "--title", "teacher": "--teacher", "status": "--status", "notes": "--notes", "resources": "--resource",
}

// fieldsError rewrites a storage validation error in terms of the flags in
// names, every bad field on the one line, so the user sees all that is
// wrong at once. Other errors pass through.
func fieldsError(err error, names map[string]string) error {
	var ve *mentoring.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	msgs := make([]string, 0, len(ve.Fields))
	for _, f := range ve.Fields {
		name := names[f.Field]
		if name == "" {
			name = f.Field
		}
		msgs = append(msgs, name+": "+report.FieldText(f))
	}
	return usageError{strings.Join(msgs, "; ")}
}

func topicArg(cmd string, pos []string) (int64, error) {
	return oneID(cmd, "topic ID", "(see `twoway topic list ID`)", pos)
}

// topicInputs are the flags add and set share. Parsing the words people
// type happens here, before the database is opened.
type topicInputs struct {
	title, teacher, status, notes *string
	resources                     *listFlag
}

func addTopicFlags(fs *flag.FlagSet, defaultStatus string) topicInputs {
	in := topicInputs{
		title:     fs.String("title", "", "what is taught"),
		teacher:   fs.String("teacher", "", "who teaches: me, partner or both"),
		status:    fs.String("status", defaultStatus, "proposed, agreed, in_progress, done or dropped"),
		notes:     fs.String("notes", "", "notes on the topic"),
		resources: &listFlag{},
	}
	fs.Var(in.resources, "resource", "a link or reference for the learner (repeatable)")
	return in
}

// apply copies the flags the user gave onto t; given names the flags set
// on the command line.
func (in topicInputs) apply(t *mentoring.Topic, given map[string]bool) error {
	if given["title"] {
		t.Title = *in.title
	}
	if given["teacher"] {
		side, err := mentoring.ParseSide(*in.teacher)
		if err != nil {
			return usagef("--teacher: %v", err)
		}
		t.Teacher = side
	}
	if given["status"] {
		st, err := mentoring.ParseTopicStatus(*in.status)
		if err != nil {
			return usagef("--status: %v", err)
		}
		t.Status = st
	}
	if given["notes"] {
		t.Notes = *in.notes
	}
	if given["resource"] {
		// Given at all, the list replaces the old one; `--resource ''` clears it.
		t.Resources = append([]string(nil), (*in.resources)...)
	}
	return nil
}

func visited(fs *flag.FlagSet) map[string]bool {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	return given
}

type topicJSON struct {
	ID        int64    `json:"id"`
	Position  int      `json:"position"`
	Title     string   `json:"title"`
	Teacher   string   `json:"teacher"`
	Direction string   `json:"direction"`
	Status    string   `json:"status"`
	Notes     string   `json:"notes"`
	Resources []string `json:"resources"`
}

func toTopicJSON(p mentoring.Partnership, t mentoring.Topic, pos int) topicJSON {
	return topicJSON{t.ID, pos, t.Title, string(t.Teacher), mailtext.Direction(p, t.Teacher), string(t.Status), t.Notes, nonNil(t.Resources)}
}

func topicAdd(env *Env, args []string) error {
	fs := flag.NewFlagSet("topic add", flag.ContinueOnError)
	in := addTopicFlags(fs, string(mentoring.TopicAgreed))
	asJSON := fs.Bool("json", false, "print the new topic as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	id, err := idArg("topic add", pos)
	if err != nil {
		return err
	}
	given := visited(fs)
	if !given["teacher"] {
		return usagef("--teacher: required (me, partner or both)")
	}
	t := mentoring.Topic{PartnershipID: id, Status: mentoring.TopicAgreed}
	if err := in.apply(&t, given); err != nil {
		return err
	}
	// Validate before opening the database, so bad input never creates a file.
	if err := t.Validate(); err != nil {
		return fieldsError(err, topicFlags)
	}
	s, p, err := loadPair(env, "topic add", pos)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := s.AddTopic(env.Ctx, &t); err != nil {
		return fieldsError(err, topicFlags)
	}
	if *asJSON {
		all, err := s.Topics(env.Ctx, id)
		if err != nil {
			return err
		}
		return writeJSON(env, toTopicJSON(p, t, len(all)))
	}
	fmt.Fprintln(env.Stdout, t.ID)
	return nil
}

func topicList(env *Env, args []string) error {
	fs := flag.NewFlagSet("topic list", flag.ContinueOnError)
	status := fs.String("status", "", "only topics with this status")
	teacher := fs.String("teacher", "", "only topics this side teaches: me, partner or both")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if _, err := idArg("topic list", pos); err != nil {
		return err
	}
	var wantStatus mentoring.TopicStatus
	if *status != "" {
		if wantStatus, err = mentoring.ParseTopicStatus(*status); err != nil {
			return usagef("--status: %v", err)
		}
	}
	var wantTeacher mentoring.Side
	if *teacher != "" {
		if wantTeacher, err = mentoring.ParseSide(*teacher); err != nil {
			return usagef("--teacher: %v", err)
		}
	}
	s, p, err := loadPair(env, "topic list", pos)
	if err != nil {
		return err
	}
	defer s.Close()
	all, err := s.Topics(env.Ctx, p.ID)
	if err != nil {
		return err
	}
	out := []topicJSON{}
	for i, t := range all {
		if wantStatus != "" && t.Status != wantStatus || wantTeacher != "" && t.Teacher != wantTeacher {
			continue
		}
		out = append(out, toTopicJSON(p, t, i+1))
	}
	if *asJSON {
		return writeJSON(env, out)
	}
	if len(out) == 0 {
		fmt.Fprintf(env.Stdout, "No topics. Add one with `twoway topic add %d --title T --teacher me|partner|both`, or `twoway topic seed %d`.\n", p.ID, p.ID)
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tID\tTOPIC\tWHO TEACHES WHOM\tSTATUS\tRESOURCES")
	for _, t := range out {
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%d\n", t.Position, t.ID, t.Title, t.Direction,
			mailtext.StatusLabel(mentoring.TopicStatus(t.Status)), len(t.Resources))
	}
	return tw.Flush()
}

func topicSet(env *Env, args []string) error {
	fs := flag.NewFlagSet("topic set", flag.ContinueOnError)
	in := addTopicFlags(fs, "")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	tid, err := topicArg("topic set", pos)
	if err != nil {
		return err
	}
	given := visited(fs)
	if len(given) == 0 {
		return usagef("topic set: nothing to change (flags: %s)", flagList(fs))
	}
	// Parse the words before opening the database.
	var probe mentoring.Topic
	if err := in.apply(&probe, given); err != nil {
		return err
	}
	return withStore(env, func(s *storage.Store) error {
		t, err := s.GetTopic(env.Ctx, tid)
		if err != nil {
			return err
		}
		if err := in.apply(&t, given); err != nil {
			return err
		}
		if err := s.UpdateTopic(env.Ctx, &t); err != nil {
			return fieldsError(err, topicFlags)
		}
		fmt.Fprintf(env.Stdout, "Topic %d: %s, %s.\n", t.ID, t.Title, strings.ToLower(mailtext.StatusLabel(t.Status)))
		return nil
	})
}

func topicDelete(env *Env, args []string) error {
	fs := flag.NewFlagSet("topic delete", flag.ContinueOnError)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	tid, err := topicArg("topic delete", pos)
	if err != nil {
		return err
	}
	return withStore(env, func(s *storage.Store) error { return s.DeleteTopic(env.Ctx, tid) })
}

func topicMove(env *Env, args []string) error {
	fs := flag.NewFlagSet("topic move", flag.ContinueOnError)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("topic move: want TOPIC_ID up|down")
	}
	var delta int
	switch strings.ToLower(pos[1]) {
	case "up":
		delta = -1
	case "down":
		delta = 1
	default:
		return usagef("topic move: %q is neither up nor down", pos[1])
	}
	tid, err := topicArg("topic move", pos[:1])
	if err != nil {
		return err
	}
	return withStore(env, func(s *storage.Store) error { return s.MoveTopic(env.Ctx, tid, delta) })
}

func topicSeed(env *Env, args []string) error {
	fs := flag.NewFlagSet("topic seed", flag.ContinueOnError)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	s, p, err := loadPair(env, "topic seed", pos)
	if err != nil {
		return err
	}
	defer s.Close()
	n, err := s.SeedTopics(env.Ctx, p.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Proposed %s from what each partner wants to learn.\n", report.CountNoun(n, "new topic"))
	return nil
}
