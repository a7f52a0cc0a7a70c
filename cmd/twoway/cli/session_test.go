package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/storage"
)

// historyPair is the Berlin/New York pair meeting Mondays at 17:00 Berlin
// from Jan 4 2027, with topics 1 (Social media, Ben teaches) and 2
// (Leadership, Ana teaches), plus partnership 2 (no schedule) with topic 3.
// The clock stands at Feb 1 2027, so four sessions are past.
func historyPair(t *testing.T) string {
	t.Helper()
	db := newPair(t)
	runOK(t, db, "schedule", "set", "1", "--days", "MO", "--at", "17:00", "--from", "2027-01-04")
	runOK(t, db, "topic", "add", "1", "--title", "Social media", "--teacher", "partner")
	runOK(t, db, "topic", "add", "1", "--title", "Leadership", "--teacher", "me")
	runOK(t, db, with("--title", "Someone else")...)
	runOK(t, db, "topic", "add", "2", "--title", "Not ours", "--teacher", "me")
	atClock(t, time.Date(2027, 2, 1, 12, 0, 0, 0, time.UTC))
	return db
}

func sessionRow(t *testing.T, db, when string) sessionRowJSON {
	t.Helper()
	for _, r := range decode[[]sessionRowJSON](t, db, "session", "list", "1", "--json") {
		if r.When == when {
			return r
		}
	}
	t.Fatalf("no session %s", when)
	return sessionRowJSON{}
}

func TestSessionLogHeldSkippedMoved(t *testing.T) {
	db := historyPair(t)
	// When Jan 4 is logged as held, covering both topics, raising two action items
	out := runOK(t, db, "session", "log", "1", "2027-01-04", "--held", "--leader", "partner", "--minutes", "50",
		"--notes", "Reels first, then feedback", "--shared", "--reflection-me", "Learned a lot",
		"--covered", "1", "--covered", "2:both",
		"--action", "me:Post once a week:2027-01-10", "--action", "partner:Read: chapter 3")
	for _, want := range []string{"Logged Mon 4 Jan 2027 17:00 CET: held, led by Ben, 2 topics covered.",
		"Action item 1: Ana: Post once a week (due 2027-01-10)", "Action item 2: Ben: Read: chapter 3"} {
		if !strings.Contains(out, want) {
			t.Errorf("session log printed %q, want %q", out, want)
		}
	}
	// Then the session list has it, a covered topic led by its teacher by default
	r := sessionRow(t, db, "2027-01-04")
	if r.Outcome != "held" || !r.Logged || r.Leader != "partner" || r.Minutes != 50 || !r.NotesShared ||
		r.Notes != "Reels first, then feedback" || r.MyReflection != "Learned a lot" || r.StartUTC != "2027-01-04T16:00:00Z" ||
		r.MeLocal != "2027-01-04T17:00:00+01:00" || r.PartnerLocal != "2027-01-04T11:00:00-05:00" {
		t.Errorf("Jan 4 = %+v", r)
	}
	if len(r.Covered) != 2 || r.Covered[0] != (coveredJSON{1, "Social media", "partner"}) || r.Covered[1] != (coveredJSON{2, "Leadership", "both"}) {
		t.Errorf("covered = %+v", r.Covered)
	}
	// And the covered topics are in progress
	for _, tp := range decode[[]topicJSON](t, db, "topic", "list", "1", "--json") {
		if tp.Status != "in_progress" {
			t.Errorf("topic %q is %s after being covered, want in_progress", tp.Title, tp.Status)
		}
	}
	acts := decode[[]actionJSON](t, db, "session", "actions", "1", "--json")
	if len(acts) != 2 || acts[0].Text != "Post once a week" || acts[0].Due != "2027-01-10" || acts[0].Owner != "me" ||
		acts[0].RaisedIn != "2027-01-04T16:00:00Z" || acts[1].Text != "Read: chapter 3" || acts[1].Due != "" || acts[1].Owner != "partner" {
		t.Errorf("actions = %+v", acts)
	}

	// A skip and a move change the series and say to send the update
	if out := runOK(t, db, "session", "log", "1", "2027-01-11", "--skipped", "--notes", "Ben ill"); !strings.Contains(out, "twoway invite export 1") {
		t.Errorf("skip printed %q", out)
	}
	runOK(t, db, "session", "log", "1", "2027-01-18", "--moved-to", "2027-01-19 18:00")
	if r := sessionRow(t, db, "2027-01-11"); r.Outcome != "skipped" || r.Notes != "Ben ill" || r.NotesShared {
		t.Errorf("Jan 11 = %+v", r)
	}
	if r := sessionRow(t, db, "2027-01-18"); r.Outcome != "moved" || r.StartUTC != "2027-01-19T17:00:00Z" || r.OriginalUTC != "2027-01-18T16:00:00Z" {
		t.Errorf("Jan 18 = %+v", r)
	}
	if r := sessionRow(t, db, "2027-01-25"); r.Outcome != "unlogged" || r.Logged {
		t.Errorf("Jan 25 = %+v", r)
	}
	if r := sessionRow(t, db, "2027-02-01"); r.Outcome != "planned" {
		t.Errorf("Feb 1 17:00 (after the clock's 12:00 UTC) = %+v", r)
	}

	// Logging Jan 4 again keeps what is not given again, and closes an action
	runOK(t, db, "session", "log", "1", "2027-01-04", "--held", "--minutes", "45", "--close", "1")
	r2 := sessionRow(t, db, "2027-01-04")
	if r2.Minutes != 45 || r2.Notes != r.Notes || !r2.NotesShared || r2.Leader != "partner" || len(r2.Covered) != 2 {
		t.Errorf("Jan 4 after a second log = %+v", r2)
	}
	// Giving --covered replaces the list, --shared=false unshares
	runOK(t, db, "session", "log", "1", "2027-01-04", "--held", "--covered", "2:me", "--shared=false")
	if r3 := sessionRow(t, db, "2027-01-04"); len(r3.Covered) != 1 || r3.Covered[0].LedBy != "me" || r3.NotesShared {
		t.Errorf("Jan 4 after a third log = %+v", r3)
	}
	open := decode[[]actionJSON](t, db, "session", "actions", "1", "--open", "--json")
	if len(open) != 1 || open[0].ID != 2 {
		t.Errorf("open actions after --close 1 = %+v", open)
	}
	runOK(t, db, "session", "done", "2")
	if open := decode[[]actionJSON](t, db, "session", "actions", "1", "--open", "--json"); len(open) != 0 {
		t.Errorf("open actions after done = %+v", open)
	}
	runOK(t, db, "session", "done", "2", "--undo")
	if open := decode[[]actionJSON](t, db, "session", "actions", "1", "--open", "--json"); len(open) != 1 {
		t.Errorf("open actions after --undo = %+v", open)
	}

	// The text list shows both local times, outcomes and titles
	out = runOK(t, db, "session", "list", "1")
	for _, want := range []string{"ANA (Europe/Berlin)", "BEN (America/New_York)", "Mon 4 Jan 2027 17:00", "Mon 4 Jan 11:00",
		"held", "skipped", "moved", "not logged", "planned", "Leadership", "Ben"} {
		if !strings.Contains(out, want) {
			t.Errorf("session list lacks %q:\n%s", want, out)
		}
	}
	out = runOK(t, db, "session", "actions", "1")
	if !strings.Contains(out, "Post once a week") || !strings.Contains(out, "done") || !strings.Contains(out, "4 Jan 2027") {
		t.Errorf("session actions = %q", out)
	}
}

func TestSessionLogDefaultsToTheRotation(t *testing.T) {
	db := historyPair(t)
	// Given lead rotation starting with Ben (set in the window; no flag yet)
	ctx := context.Background()
	s, err := storage.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.GetPartnership(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	p.RotateLead, p.FirstLead = true, mentoring.SidePartner
	if err := s.UpdatePartnership(ctx, &p); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// When Jan 11 (Ana's turn) is held without --leader, and Jan 18 is skipped
	runOK(t, db, "session", "log", "1", "2027-01-11", "--held")
	runOK(t, db, "session", "log", "1", "2027-01-18", "--skipped")
	for _, tt := range []struct{ when, planned, leader string }{
		{"2027-01-04", "partner", ""}, {"2027-01-11", "me", "me"}, {"2027-01-18", "", ""}, {"2027-01-25", "partner", ""},
	} {
		if r := sessionRow(t, db, tt.when); r.PlannedLeader != tt.planned || r.Leader != tt.leader {
			t.Errorf("%s: planned %q leader %q, want %q %q", tt.when, r.PlannedLeader, r.Leader, tt.planned, tt.leader)
		}
	}
}

func TestSessionLogBadInput(t *testing.T) {
	db := historyPair(t)
	runOK(t, db, "session", "log", "1", "2027-01-04", "--held", "--action", "me:Post once a week")
	log := func(extra ...string) []string {
		return append([]string{"session", "log", "1", "2027-01-11"}, extra...)
	}
	tests := []struct {
		name string
		args []string
		code int
		msgs []string
	}{
		{"no outcome", log("--notes", "x"), ExitUsage, []string{"exactly one of --held, --skipped or --moved-to"}},
		{"two outcomes", log("--held", "--skipped"), ExitUsage, []string{"exactly one"}},
		{"no WHEN", []string{"session", "log", "1", "--held"}, ExitUsage, []string{"want a partnership ID and the session's date"}},
		{"WHEN is no session", []string{"session", "log", "1", "2027-01-12", "--held"}, ExitUsage, []string{"WHEN: no session on 2027-01-12"}},
		{"WHEN is no date", []string{"session", "log", "1", "2027-02-30", "--held"}, ExitUsage, []string{"WHEN"}},
		{"WHEN after the series", []string{"session", "log", "1", "2028-01-03", "--held"}, ExitUsage, []string{"WHEN: no session"}},
		{"no schedule", []string{"session", "log", "2", "2027-01-04", "--held"}, ExitError, []string{"no schedule"}},
		{"unknown partnership", []string{"session", "log", "9", "2027-01-04", "--held"}, ExitError, []string{"not found"}},
		{"moved to words", log("--moved-to", "tomorrow"), ExitUsage, []string{`--moved-to: "tomorrow" is not "YYYY-MM-DD HH:MM"`}},
		{"moved into the DST gap", log("--moved-to", "2027-03-28 02:30"), ExitUsage, []string{"--moved-to", "does not exist"}},
		{"another pair's topic", log("--held", "--covered", "1", "--covered", "3"), ExitUsage, []string{"--covered: topic 3 is not one of partnership 1's topics"}},
		{"unknown topic", log("--held", "--covered", "999"), ExitUsage, []string{"--covered: topic 999 is not one"}},
		{"covered by nobody", log("--held", "--covered", "1:everyone"), ExitUsage, []string{"--covered: topic 1", `"everyone" is not me, partner or both`}},
		{"covered not an id", log("--held", "--covered", "Social media"), ExitUsage, []string{"--covered", "TOPIC_ID"}},
		{"action without owner", log("--held", "--action", "Post daily"), ExitUsage, []string{`--action: "Post daily" is not "owner:text[:YYYY-MM-DD]"`}},
		{"action owned by both", log("--held", "--action", "both:Post daily"), ExitUsage, []string{"--action: owner", "not me or partner"}},
		{"action without text", log("--held", "--action", "me:"), ExitUsage, []string{"--action"}},
		{"action blank text", log("--held", "--action", "me: :2027-02-01"), ExitUsage, []string{"--action: is required"}},
		{"action impossible due", log("--held", "--action", "me:Post:2027-02-30"), ExitUsage, []string{"--action: due date"}},
		{"action invalid UTF-8", log("--held", "--action", "me:Po\xffst"), ExitUsage, []string{"--action: contains invalid characters"}},
		{"notes invalid UTF-8", log("--held", "--notes", "\xc3\x28"), ExitUsage, []string{"--notes: contains invalid characters"}},
		{"reflection invalid UTF-8", log("--held", "--reflection-partner", "ok\xfe"), ExitUsage, []string{"--reflection-partner: contains invalid characters"}},
		{"leader both", log("--held", "--leader", "both"), ExitUsage, []string{`--leader: "both" is not me or partner`}},
		{"every bad field at once", log("--held", "--minutes", "-5", "--reflection-me", "a\x00b"), ExitUsage, []string{"--minutes: must be between 0 and 1440", "--reflection-me: contains a NUL"}},
		{"close unknown item", log("--held", "--covered", "1", "--action", "me:New thing", "--close", "999"), ExitUsage, []string{"--close: action item 999 is not one of this partnership's"}},
		{"close not an id", log("--held", "--close", "first"), ExitUsage, []string{`--close: "first" is not an action item ID`}},
		{"unknown flag", log("--held", "--colour", "red"), ExitUsage, []string{"--colour"}},
		{"done unknown item", []string{"session", "done", "999"}, ExitError, []string{"action item 999", "not found"}},
		{"done bad id", []string{"session", "done", "x"}, ExitUsage, []string{"not a valid action item ID"}},
	}
	state := func() string {
		return runOK(t, db, "session", "list", "1", "--json") + runOK(t, db, "topic", "list", "1", "--json") +
			runOK(t, db, "session", "actions", "1", "--json") + runOK(t, db, "schedule", "show", "1", "--json")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := state()
			out, errOut, code := run(t, db, tt.args...)
			if code != tt.code || out != "" || strings.Count(errOut, "\n") != 1 {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d, one stderr line", code, out, errOut, tt.code)
			}
			for _, m := range tt.msgs {
				if !strings.Contains(errOut, m) {
					t.Errorf("stderr %q does not say %q", errOut, m)
				}
			}
			if after := state(); after != before {
				t.Errorf("refused command changed the history")
			}
		})
	}
}

func TestAgendaDraft(t *testing.T) {
	db := historyPair(t)
	// Given no session logged: the draft proposes the agreed topics
	draft := runOK(t, db, "agenda", "draft", "1")
	if !strings.Contains(draft, "Next up:\n- Social media (") || !strings.Contains(draft, "\n- Leadership (") {
		t.Errorf("first draft = %q", draft)
	}
	if got := runOK(t, db, "agenda", "show", "1"); got != "" {
		t.Errorf("a draft without --save set the agenda to %q", got)
	}
	// When it is saved and Jan 4 covers only Social media, raising an action item
	runOK(t, db, "agenda", "draft", "1", "--save")
	if got := runOK(t, db, "agenda", "show", "1"); got != draft {
		t.Errorf("saved agenda = %q, want the draft %q", got, draft)
	}
	runOK(t, db, "session", "log", "1", "2027-01-04", "--held", "--covered", "1", "--action", "partner:Send two links")
	// Then the next draft carries Leadership over and lists the open item
	draft = runOK(t, db, "agenda", "draft", "1")
	for _, want := range []string{"Carried over from last time:\n- Leadership", "In progress:\n- Social media", "Open action items:\n- Ben: Send two links"} {
		if !strings.Contains(draft, want) {
			t.Errorf("second draft lacks %q:\n%s", want, draft)
		}
	}

	// A pair with nothing to propose keeps the agenda it has, even with --save
	db = newPair(t)
	runOK(t, db, "agenda", "set", "1", "--text", "Our own plan")
	if out := runOK(t, db, "agenda", "draft", "1", "--save"); !strings.HasPrefix(out, "Nothing to propose") {
		t.Errorf("empty draft printed %q", out)
	}
	if got := runOK(t, db, "agenda", "show", "1"); got != "Our own plan\n" {
		t.Errorf("agenda after an empty draft = %q", got)
	}
	if _, e, code := run(t, db, "agenda", "draft", "9"); code != ExitError || !strings.Contains(e, "not found") {
		t.Errorf("draft of an unknown partnership: %d %q", code, e)
	}
}
