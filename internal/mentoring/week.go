package mentoring

import (
	"fmt"
	"sort"
	"time"

	"github.com/twoway-app/twoway/calendar/ics"
)

// Between sessions: what is coming across all partnerships, what needs the
// user, and when to remind them. Pure rules over what the store holds; the
// front ends word the facts.

// WeekInput is one partnership as the week view needs it.
type WeekInput struct {
	History   History
	Invite    InviteState
	Responses []Response
}

// Coming is one session ahead.
type Coming struct {
	PartnershipID int64
	Title         string
	Partner       string // the partner's name
	MyZone        string
	PartnerZone   string
	Original      time.Time // names the session
	Start, End    time.Time
	Moved         bool
	AgendaSet     bool   // the next session's agenda is written (for the first coming session only)
	Answer        string // the partner's answer to the series (ics PARTSTAT), "" when none came
	Link          string
}

// TodoKind names what needs the user.
type TodoKind string

// The things that need the user.
const (
	TodoCounter  TodoKind = "counter"  // a counter-proposal to accept or decline
	TodoLog      TodoKind = "log"      // a session that ended and is not logged
	TodoAction   TodoKind = "action"   // an action item of the user's, due soon or overdue
	TodoNoAnswer TodoKind = "noanswer" // the partner has not answered the invite for days
	TodoUnlogged TodoKind = "unlogged" // two or more sessions in a row went unlogged
)

// Todo is one thing that needs the user.
type Todo struct {
	Kind          TodoKind
	PartnershipID int64
	Title         string
	Partner       string
	When          time.Time // the session, the due day, when the invite was sent
	Text          string    // an action item's text
	ResponseID    int64     // TodoCounter
	ActionID      int64     // TodoAction
	Count         int       // TodoUnlogged: sessions in the run
}

// Week is what is coming and what needs the user.
type Week struct {
	From, Until time.Time
	Sessions    []Coming
	Todos       []Todo
}

// How long the rules look back and wait.
const (
	// LogWithin is how far back an unlogged session still asks to be logged.
	LogWithin = 14 * 24 * time.Hour
	// AnswerWait is how long after an invite no answer becomes a nudge.
	AnswerWait = 3 * 24 * time.Hour
	// UnloggedRun is the run of unlogged sessions that becomes a nudge.
	UnloggedRun = 2
)

// ThisWeek is the rule behind the week view and `twoway upcoming`: the
// sessions starting in [now, now+days) (skipped ones left out), and what
// needs the user: open counter-proposals, sessions ended in the last two
// weeks and not logged, the user's open action items due by the end of the
// window (overdue ones too), an invite the partner has not answered for
// three days, a run of two or more unlogged sessions.
func ThisWeek(inputs []WeekInput, now time.Time, days int) Week {
	w := Week{From: now, Until: now.AddDate(0, 0, days)}
	for _, in := range inputs {
		p := in.History.Partnership
		partner := FirstName(p.Partner.Name)
		first := true
		for _, s := range in.History.Sessions {
			if s.Outcome == OutcomeSkipped || s.Orphan {
				continue
			}
			if !s.Start.Before(now) && s.Start.Before(w.Until) && !in.Invite.Cancelled {
				c := Coming{PartnershipID: p.ID, Title: p.Title, Partner: partner, MyZone: p.Me.Zone, PartnerZone: p.Partner.Zone,
					Original: s.Original, Start: s.Start, End: s.End, Moved: s.Outcome == OutcomeMoved, Link: p.Link}
				if first {
					c.AgendaSet = p.Agenda != ""
					first = false
				}
				if p.Role != RoleAttendee {
					c.Answer = in.Invite.PartStat
				}
				w.Sessions = append(w.Sessions, c)
			}
			if s.End.Before(now) && !s.End.Before(now.Add(-LogWithin)) && !s.Logged {
				w.Todos = append(w.Todos, Todo{Kind: TodoLog, PartnershipID: p.ID, Title: p.Title, Partner: partner, When: s.Original})
			}
		}
		for _, r := range in.Responses {
			if r.Method == ics.MethodCounter && r.State == ResponseOpen {
				w.Todos = append(w.Todos, Todo{Kind: TodoCounter, PartnershipID: p.ID, Title: p.Title, Partner: partner,
					When: r.Received, ResponseID: r.ID})
			}
		}
		for _, a := range in.History.Actions {
			if a.Owner != SideMe || a.Done || a.Due.IsZero() {
				continue
			}
			if due := a.Due.At(0, ZoneOrUTC(p.Me.Zone)); due.Before(w.Until) {
				w.Todos = append(w.Todos, Todo{Kind: TodoAction, PartnershipID: p.ID, Title: p.Title, Partner: partner,
					When: due, Text: a.Text, ActionID: a.ID})
			}
		}
		answered := false // any reply or counter since the invite went out is an answer
		for _, r := range in.Responses {
			answered = answered || !r.Received.Before(in.Invite.SentAt)
		}
		if st := in.Invite; p.Role != RoleAttendee && st.Sent && !st.Cancelled && st.PartStat == "" && !answered &&
			!st.SentAt.IsZero() && now.Sub(st.SentAt) >= AnswerWait {
			w.Todos = append(w.Todos, Todo{Kind: TodoNoAnswer, PartnershipID: p.ID, Title: p.Title, Partner: partner, When: st.SentAt})
		}
		if h := in.History.Health(now); h.RunUnlogged >= UnloggedRun {
			w.Todos = append(w.Todos, Todo{Kind: TodoUnlogged, PartnershipID: p.ID, Title: p.Title, Partner: partner,
				When: h.UnloggedSince, Count: h.RunUnlogged})
		}
	}
	sort.SliceStable(w.Sessions, func(i, j int) bool { return w.Sessions[i].Start.Before(w.Sessions[j].Start) })
	sort.SliceStable(w.Todos, func(i, j int) bool { return w.Todos[i].When.Before(w.Todos[j].When) })
	return w
}

// ReminderKind names a desktop notification.
type ReminderKind string

// Reminders.
const (
	RemindStart ReminderKind = "start" // the session begins soon: join the call
	RemindLog   ReminderKind = "log"   // the session ended: how did it go?
)

// Reminder is one notification due at At.
type Reminder struct {
	Kind          ReminderKind
	PartnershipID int64
	Original      time.Time // the session
	Start, End    time.Time
	At            time.Time
}

// Key names a reminder so it is shown once, across restarts.
func (r Reminder) Key() string {
	return fmt.Sprintf("%s/%d/%s", r.Kind, r.PartnershipID, SessionKey(r.Original))
}

// Reminders lists the notifications of h's sessions from the schedule as
// it is now (skips and moves included, never a stale copy): before the
// start of each session (before <= 0: none), and at the end of each one
// not logged. A reminder whose moment passed while the computer was off
// is still due if its session has not ended (start) or within LogWithin
// (log); a start reminder for a session already over is dropped. Those in
// shown (by Key) were shown already.
func Reminders(h History, before time.Duration, now time.Time, shown map[string]bool) []Reminder {
	var out []Reminder
	for _, s := range h.Sessions {
		if s.Outcome == OutcomeSkipped || s.Orphan {
			continue
		}
		if before > 0 {
			r := Reminder{Kind: RemindStart, PartnershipID: h.Partnership.ID, Original: s.Original, Start: s.Start, End: s.End,
				At: s.Start.Add(-before)}
			if !shown[r.Key()] && !now.Before(r.At) && now.Before(s.End) {
				out = append(out, r)
			}
		}
		r := Reminder{Kind: RemindLog, PartnershipID: h.Partnership.ID, Original: s.Original, Start: s.Start, End: s.End, At: s.End}
		if !s.Logged && !shown[r.Key()] && !now.Before(s.End) && now.Sub(s.End) <= LogWithin {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// NextReminder is when the next reminder of h falls due after now (zero
// when none will): the moment to wake up for.
func NextReminder(h History, before time.Duration, now time.Time) time.Time {
	var next time.Time
	consider := func(t time.Time) {
		if t.After(now) && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	for _, s := range h.Sessions {
		if s.Outcome == OutcomeSkipped || s.Orphan {
			continue
		}
		if before > 0 {
			consider(s.Start.Add(-before))
		}
		if !s.Logged {
			consider(s.End)
		}
	}
	return next
}
