package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/mailtext"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/storage"
)

// Today is the demo's "now": sessions before it are logged as a pair
// would have logged them, later ones are still to come. It is fixed, not
// the clock, so a seed always gives the same database; on a machine whose
// clock is earlier, the clock wins, so nothing is logged in the future.
var Today = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

// maxGeneratedLogs bounds the sessions logged per generated partnership
// (the most recent ones), which keeps a 1,000-pair demo quick to make; the
// handcrafted pairs have their whole history.
const maxGeneratedLogs = 4

// Templates of a logged session. {t} is the topic, {L} who led it, {l}
// who learned.
var (
	logNotes = []string{
		"{L} walked through {t} with real examples; {l} tried it live.",
		"Mostly {t}. {l} asked for a checklist, {L} will share one.",
		"Started with last week's actions, then {t}. Good energy.",
		"{t}: {L} showed what good looks like, we compared it with {l}'s draft.",
		"Short one: {t} and a plan for the next two sessions.",
	}
	myReflections = []string{
		"I learned more about {t} than I expected.",
		"I should prepare one concrete example next time.",
		"Good pace. I talked too much in the first half.",
	}
	partnerReflections = []string{
		"Helpful: the practical tips on {t}.",
		"Would like more hands-on practice.",
		"Clear and friendly; I feel more confident.",
	}
	actionTexts = []string{
		"Try {t} once before the next session",
		"Send two links about {t}",
		"Draft a first attempt at {t} and share it",
		"Ask a colleague for feedback on {t}",
	}
)

// writeHistory gives a scheduled demo partnership topics (one for each
// thing a partner wants to learn), a log of its past sessions with who led,
// what was covered, notes, reflections and action items, topics finished
// along the way, and an agenda for the next session planning open topics.
func (d demoPlan) writeHistory(ctx context.Context, s *storage.Store, id int64, rng *rand.Rand, st *Stats) error {
	if _, err := s.SeedTopics(ctx, id); err != nil {
		return err
	}
	if d.extraTopic != "" {
		t := mentoring.Topic{PartnershipID: id, Title: d.extraTopic, Teacher: mentoring.SideBoth, Status: mentoring.TopicAgreed}
		if _, err := s.AddTopic(ctx, &t); err != nil {
			return err
		}
	}
	p, err := s.GetPartnership(ctx, id)
	if err != nil {
		return err
	}
	topics, err := s.Topics(ctx, id)
	if err != nil {
		return err
	}
	st.Topics += len(topics)
	if len(topics) == 0 {
		return nil
	}
	sessions, err := s.Sessions(ctx, id)
	if err != nil {
		return err
	}
	cutoff := Today
	if now := time.Now(); now.Before(cutoff) {
		cutoff = now
	}
	var past []mentoring.Session
	for _, ss := range sessions {
		if ss.Start.Before(cutoff) && ss.Outcome != mentoring.OutcomeSkipped {
			past = append(past, ss)
		}
	}
	// The latest one stays unlogged: the pair has yet to write it up.
	if len(past) > 0 {
		past = past[:len(past)-1]
	}
	if d.maxLogs > 0 && len(past) > d.maxLogs {
		past = past[len(past)-d.maxLogs:]
	}
	covered := map[int64]int{}
	for n, ss := range past {
		t := topics[n%len(topics)]
		l := mentoring.SessionLog{Original: ss.Original, Outcome: mentoring.OutcomeHeld, Leader: ss.Planned,
			Covered: []mentoring.Coverage{{TopicID: t.ID, LedBy: t.Teacher}}}
		if ss.Outcome == mentoring.OutcomeMoved {
			l.Outcome, l.MovedTo = mentoring.OutcomeMoved, ss.Start
		}
		if l.Leader == "" {
			l.Leader = t.Teacher
			if l.Leader == mentoring.SideBoth {
				l.Leader = mentoring.SideMe
			}
		}
		teacher, learner := t.Teacher, t.Teacher.Other()
		if teacher == mentoring.SideBoth {
			teacher, learner = l.Leader, l.Leader.Other()
		}
		fill := strings.NewReplacer("{t}", t.Title, "{L}", mailtext.SideName(p, teacher), "{l}", mailtext.SideName(p, learner))
		l.Notes = fill.Replace(logNotes[rng.IntN(len(logNotes))])
		l.NotesShared = rng.IntN(3) > 0
		if rng.IntN(3) == 0 {
			l.MyReflection = fill.Replace(myReflections[rng.IntN(len(myReflections))])
			l.PartnerReflection = fill.Replace(partnerReflections[rng.IntN(len(partnerReflections))])
		}
		if rng.IntN(5) == 0 {
			l.Minutes = int(ss.End.Sub(ss.Start).Minutes()) + 15 // ran over
		}
		// Close what earlier sessions asked for, most of the time.
		open, err := s.ActionItems(ctx, id)
		if err != nil {
			return err
		}
		for _, a := range open {
			if !a.Done && rng.IntN(4) > 0 {
				l.Closed = append(l.Closed, a.ID)
			}
		}
		if rng.IntN(2) == 0 {
			owner := learner
			if owner == mentoring.SideBoth {
				owner = mentoring.SideMe
			}
			l.NewActions = []mentoring.ActionItem{{Text: fill.Replace(actionTexts[rng.IntN(len(actionTexts))]), Owner: owner,
				Due: calendar.DateOf(ss.Start.AddDate(0, 0, 7))}}
			st.Actions++
		}
		if err := s.LogSession(ctx, id, l); err != nil {
			return fmt.Errorf("log session %s: %w", ss.Original.Format(time.RFC3339), err)
		}
		st.Logged++
		covered[t.ID]++
	}
	// A topic covered three times is done; open ones go on the agenda.
	var next []int64
	for _, t := range topics {
		if covered[t.ID] >= 3 {
			if err := s.SetTopicStatus(ctx, t.ID, mentoring.TopicDone); err != nil {
				return err
			}
		} else if len(next) < 2 {
			next = append(next, t.ID)
		}
	}
	if d.agenda != "" {
		if err := s.SetAgendaPlan(ctx, id, d.agenda, next); err != nil {
			return err
		}
		st.Agendas++
	}
	return nil
}

// extraTopics are what a pair may add to the topics seeded from their
// wants: things both bring to the table.
var extraTopics = []string{"Our goals for the programme", "Working across time zones", "Feedback on how we work together"}
