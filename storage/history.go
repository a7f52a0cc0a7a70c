package storage

import (
	"context"
	"errors"

	"github.com/twoway-app/twoway/internal/mentoring"
)

// History loads partnership id's history, all from one snapshot of the
// database, so a session logged meanwhile cannot appear in the sessions but
// not in the topics it covered.
func (s *Store) History(ctx context.Context, id int64) (h mentoring.History, err error) {
	err = s.read(ctx, func(view *Store) error {
		h, err = view.history(ctx, id)
		return err
	})
	return h, err
}

func (s *Store) history(ctx context.Context, id int64) (mentoring.History, error) {
	var h mentoring.History
	var err error
	if h.Partnership, err = s.GetPartnership(ctx, id); err != nil {
		return h, err
	}
	c, err := s.GetSchedule(ctx, id)
	switch {
	case errors.Is(err, ErrNotFound):
	case err != nil:
		return h, err
	default:
		h.Cadence = &c
	}
	if h.Sessions, err = s.Sessions(ctx, id); err != nil {
		return h, err
	}
	if h.Topics, err = s.Topics(ctx, id); err != nil {
		return h, err
	}
	if h.Actions, err = s.ActionItems(ctx, id); err != nil {
		return h, err
	}
	if h.AgendaTopics, err = s.AgendaTopics(ctx, id); err != nil {
		return h, err
	}
	return h, nil
}
