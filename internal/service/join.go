package service

import (
	"context"
	"fmt"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/calendar/ics"
	"github.com/twoway-app/twoway/internal/mailtext"
	"github.com/twoway-app/twoway/internal/mentoring"
)

// Joined is what Join did with a file from the organizer.
type Joined struct {
	ID int64
	// Created is set when the partnership is new; otherwise the joined
	// one took the organizer's update (or cancellation).
	Created   bool
	Cancelled bool // the organizer cancelled the series or one session
}

// Join reads an invitation the partner sent (the .ics attached to the
// email or saved from it) and creates the partnership as the user's side
// of it, or updates the one joined from the same series. A CANCEL from the
// organizer skips the session (or ends the series) it names. Nothing
// changes when the file is malformed, foreign or older than what is here.
func (s *Core) Join(ctx context.Context, data []byte) (Joined, error) {
	msg, err := ics.Parse(data)
	if err != nil {
		return Joined{}, err
	}
	if msg.Method == ics.MethodCancel {
		var original time.Time
		if !msg.RecurrenceID.IsZero() {
			original = msg.RecurrenceID
		}
		id, err := s.Store.CancelJoined(ctx, msg.UID, msg.Sequence, original)
		return Joined{ID: id, Cancelled: true}, err
	}
	j, err := mentoring.Join(msg)
	if err != nil {
		return Joined{}, err
	}
	id, created, err := s.Store.JoinPartnership(ctx, j)
	return Joined{ID: id, Created: created}, err
}

// PrepareAnswer builds the user's REPLY to the invite of partnership id
// (one they joined): partstat for the series (instance nil) or one
// session. Nothing is recorded until it is delivered.
func (s *Core) PrepareAnswer(ctx context.Context, id int64, partstat string, instance *time.Time, comment string, now time.Time) (mentoring.Outgoing, error) {
	p, c, exc, st, err := s.joined(ctx, id)
	if err != nil {
		return mentoring.Outgoing{}, err
	}
	out, err := mentoring.Answer(p, c, exc, st, partstat, instance, comment, now)
	if err != nil {
		return out, err
	}
	out.Subject = mailtext.AnswerSubject(p, out)
	out.Text = mailtext.AnswerText(p, out, time.Time{})
	return out, nil
}

// PrepareProposal builds the user's COUNTER: the series (instance nil) or
// one session from start for the series' length instead.
func (s *Core) PrepareProposal(ctx context.Context, id int64, instance *time.Time, start time.Time, comment string, now time.Time) (mentoring.Outgoing, error) {
	p, c, exc, st, err := s.joined(ctx, id)
	if err != nil {
		return mentoring.Outgoing{}, err
	}
	out, err := mentoring.Propose(p, c, exc, st, instance, start, start.Add(c.Duration()), comment, now)
	if err != nil {
		return out, err
	}
	out.Subject = mailtext.AnswerSubject(p, out)
	out.Text = mailtext.AnswerText(p, out, start)
	return out, nil
}

func (s *Core) joined(ctx context.Context, id int64) (mentoring.Partnership, calendar.Cadence, []mentoring.Exception, mentoring.InviteState, error) {
	var st mentoring.InviteState
	p, c, err := s.scheduled(ctx, id)
	if err != nil {
		return p, c, nil, st, err
	}
	if p.Role != mentoring.RoleAttendee {
		return p, c, nil, st, fmt.Errorf("partnership %d: %w", id, mentoring.ErrNotAttendee)
	}
	exc, err := s.Store.Exceptions(ctx, id)
	if err != nil {
		return p, c, nil, st, err
	}
	st, err = s.Store.Invite(ctx, id)
	return p, c, exc, st, err
}
