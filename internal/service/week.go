package service

import (
	"context"

	"github.com/twoway-app/twoway/internal/mentoring"
)

// WeekStore is what the week view reads besides the Store.
type WeekStore interface {
	PartnershipIDs(ctx context.Context) ([]int64, error)
	History(ctx context.Context, id int64) (mentoring.History, error)
	Responses(ctx context.Context, id int64) ([]mentoring.Response, error)
}

// Inputs loads every partnership as the week view and the reminders need
// it.
func Inputs(ctx context.Context, st WeekStore, invite func(context.Context, int64) (mentoring.InviteState, error)) ([]mentoring.WeekInput, error) {
	ids, err := st.PartnershipIDs(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]mentoring.WeekInput, 0, len(ids))
	for _, id := range ids {
		var in mentoring.WeekInput
		if in.History, err = st.History(ctx, id); err != nil {
			return nil, err
		}
		if in.Invite, err = invite(ctx, id); err != nil {
			return nil, err
		}
		if in.Responses, err = st.Responses(ctx, id); err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, nil
}

// Week is what is coming in the next days days across all partnerships,
// and what needs the user (mentoring.ThisWeek).
func (s *Core) Week(ctx context.Context, st WeekStore, days int) (mentoring.Week, error) {
	in, err := Inputs(ctx, st, s.Store.Invite)
	if err != nil {
		return mentoring.Week{}, err
	}
	return mentoring.ThisWeek(in, s.now(), days), nil
}
