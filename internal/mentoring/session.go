package mentoring

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/twoway-app/twoway/calendar"
)

// Outcome is what became of one session.
type Outcome string

const (
	// OutcomePlanned is a session still to come, or past but not logged.
	OutcomePlanned Outcome = ""
	OutcomeHeld    Outcome = "held"
	OutcomeSkipped Outcome = "skipped"
	OutcomeMoved   Outcome = "moved"
)

// ParseOutcome accepts what a user types for a logged session.
func ParseOutcome(s string) (Outcome, error) {
	switch o := Outcome(strings.ToLower(strings.TrimSpace(s))); o {
	case OutcomeHeld, OutcomeSkipped, OutcomeMoved:
		return o, nil
	}
	return "", fmt.Errorf("%q is not held, skipped or moved", s)
}

// Coverage is one topic a session covered and who led that part.
type Coverage struct {
	TopicID int64
	LedBy   Side
	// TopicUID names the topic in the shared record.
	TopicUID string
}

// ActionItem is something one partner agreed to do before a later session.
// Open items carry over from session to session until done.
type ActionItem struct {
	ID            int64
	PartnershipID int64
	Text          string
	Owner         Side
	Due           calendar.Date
	// RaisedIn is the original start of the session that raised it (zero
	// for items added outside a session); DoneIn the one that closed it.
	RaisedIn time.Time
	Done     bool
	DoneIn   time.Time
	Created  time.Time
	// UID names the item in the record shared with the partner, AddedBy
	// is the email of who added it, Updated its last change.
	UID     string
	AddedBy string
	Updated time.Time
}

// Validate checks an action item's fields.
func (a *ActionItem) Validate() error {
	a.Text = strings.TrimSpace(a.Text)
	var errs problems
	errs.add("action", checkText(a.Text, maxActionText, true))
	if a.Owner != SideMe && a.Owner != SidePartner {
		errs.code("owner", CodeOwner, Args{"Value": string(a.Owner)})
	}
	return errs.err()
}

// SessionLog is what the user records about one session.
type SessionLog struct {
	// Original is the start the cadence gives the session; it names the
	// session even after a move.
	Original time.Time
	Outcome  Outcome
	// MovedTo is the new start when Outcome is OutcomeMoved.
	MovedTo time.Time
	Leader  Side
	// Minutes is how long the session ran; 0 means as planned.
	Minutes int
	// Notes are private unless NotesShared: only shared notes go into the
	// invite and the history shared with the partner.
	Notes             string
	NotesShared       bool
	MyReflection      string
	PartnerReflection string
	Covered           []Coverage
	// NewActions are action items raised in this session; Closed the ids of
	// open items the session finished.
	NewActions []ActionItem
	Closed     []int64
	// Reopened are items the log had closed that are open again (see
	// ReopenedActions).
	Reopened []int64
}

// ReopenedActions is the rule for unticking: of the items a session log
// showed (shown, by id), those that were done and are not among closed now
// are open again.
func ReopenedActions(actions []ActionItem, shown, closed []int64) []int64 {
	isShown, isClosed := map[int64]bool{}, map[int64]bool{}
	for _, id := range shown {
		isShown[id] = true
	}
	for _, id := range closed {
		isClosed[id] = true
	}
	var out []int64
	for _, a := range actions {
		if a.Done && isShown[a.ID] && !isClosed[a.ID] {
			out = append(out, a.ID)
		}
	}
	return out
}

// Session is one occurrence of a partnership's series with what was
// recorded about it.
type Session struct {
	// Original identifies the session; Start and End are when it takes
	// place (moved or not).
	Original, Start, End time.Time
	Outcome              Outcome
	// Planned is the leader the rotation gives this session.
	Planned Side
	// Logged is set when anything was recorded; the fields below are then
	// filled.
	Logged            bool
	Leader            Side
	Minutes           int
	Notes             string
	NotesShared       bool
	MyReflection      string
	PartnerReflection string
	Covered           []Coverage
	// PlannedTopics are the topics the agenda planned for it.
	PlannedTopics []int64
	// Orphan marks a logged session the current cadence no longer has.
	Orphan bool
}

// Past reports whether s has started by now.
func (s Session) Past(now time.Time) bool { return !s.Start.After(now) }

// Length is how long s ran or will run.
func (s Session) Length() time.Duration {
	if s.Minutes > 0 {
		return time.Duration(s.Minutes) * time.Minute
	}
	return s.End.Sub(s.Start)
}

// Limits on a session's free text.
const maxReflection = 2000

func (l *SessionLog) Validate() error {
	var errs problems
	l.Notes = NormalizeText(l.Notes)
	l.MyReflection = NormalizeText(l.MyReflection)
	l.PartnerReflection = NormalizeText(l.PartnerReflection)
	switch l.Outcome {
	case OutcomeHeld, OutcomeSkipped:
	case OutcomeMoved:
		if l.MovedTo.IsZero() {
			errs.code("moved_to", CodeRequired, nil)
		}
	default:
		errs.code("outcome", CodeOutcome, Args{"Value": string(l.Outcome)})
	}
	switch l.Leader {
	case "", SideMe, SidePartner:
	default:
		errs.code("leader", CodeOwner, Args{"Value": string(l.Leader)})
	}
	if l.Minutes < 0 || l.Minutes > 24*60 {
		errs.code("minutes", CodeRange, Args{"Min": 0, "Max": 24 * 60})
	}
	errs.add("notes", checkLong(l.Notes, MaxNotes))
	errs.add("my_reflection", checkLong(l.MyReflection, maxReflection))
	errs.add("partner_reflection", checkLong(l.PartnerReflection, maxReflection))
	for _, c := range l.Covered {
		if c.LedBy != SideMe && c.LedBy != SidePartner && c.LedBy != SideBoth {
			errs.code("covered", CodeSide, Args{"Value": string(c.LedBy)})
		}
	}
	for i := range l.NewActions {
		var ve *ValidationError
		if errors.As(l.NewActions[i].Validate(), &ve) {
			errs = append(errs, ve.Fields...)
		}
	}
	return errs.err()
}

// MergeSessions joins the cadence's occurrences with skips, moves and
// logs, and gives each session its leader under the rotation.
func MergeSessions(p Partnership, occs []calendar.Occurrence, exc []Exception, logs map[string]Session) []Session {
	excBy := make(map[string]Exception, len(exc))
	for _, e := range exc {
		excBy[SessionKey(e.Original)] = e
	}
	out := make([]Session, 0, len(occs)+len(logs))
	seen := make(map[string]bool, len(occs))
	for _, o := range occs {
		key := SessionKey(o.Start)
		seen[key] = true
		ss := Session{Original: o.Start, Start: o.Start, End: o.End}
		if l, ok := logs[key]; ok {
			l.Original, l.Start, l.End = ss.Original, ss.Start, ss.End
			ss = l
		}
		if e, ok := excBy[key]; ok {
			if e.Skipped {
				ss.Outcome = OutcomeSkipped
			} else {
				ss.Start, ss.End = e.Start, e.End
				if ss.Outcome != OutcomeHeld {
					ss.Outcome = OutcomeMoved
				}
			}
		}
		out = append(out, ss)
	}
	for key, l := range logs {
		if seen[key] {
			continue
		}
		l.Orphan = true
		out = append(out, l)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	// The rotation counts the sessions that take place, so a skip does not
	// hand the same person two in a row.
	turn := 0
	for i := range out {
		if !p.RotateLead || out[i].Outcome == OutcomeSkipped {
			continue
		}
		out[i].Planned = p.FirstLeader()
		if turn%2 == 1 {
			out[i].Planned = p.FirstLeader().Other()
		}
		turn++
	}
	return out
}
