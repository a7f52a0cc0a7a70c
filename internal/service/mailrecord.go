package service

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/twoway-app/twoway/internal/mailtext"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/shared"
)

// mailPath marks the base copy of an object merged from an emailed record
// rather than synced with a calendar server.
const mailPath = "mail:"

// ErrNotForAnyPartnership is returned when an imported record names no
// partnership here (the profile of a series this database has not joined).
var ErrNotForAnyPartnership = errors.New("this shared record belongs to no partnership here; join the partner's invite first")

// ExportRecord is partnership id's shared record as one METHOD:PUBLISH
// calendar file (RFC 5546 3.4, 3.5), for a pair without a common calendar
// server: the partner imports it with ImportRecord and it merges by the
// same rules as a sync. Private notes are not in it.
func (s *Core) ExportRecord(ctx context.Context, id int64) ([]byte, error) {
	st, err := s.Store.Invite(ctx, id)
	if err != nil {
		return nil, err
	}
	rec, err := s.Store.Record(ctx, id)
	if err != nil {
		return nil, err
	}
	base, err := s.bases(ctx, id)
	if err != nil {
		return nil, err
	}
	v := newPerspective(rec.Partnership, st.UID)
	local := v.objects(rec, base)
	uids := make([]string, 0, len(local))
	for u := range local {
		uids = append(uids, u)
	}
	sort.Strings(uids)
	objs := make([]shared.Object, 0, len(uids))
	for _, u := range uids {
		objs = append(objs, local[u])
	}
	return shared.Publish(rec.Partnership.Me.Email, objs...)
}

// SendRecord emails the shared record to the partner as its own message
// (separate from the invite).
func (s *Core) SendRecord(ctx context.Context, id int64, password string) error {
	data, err := s.ExportRecord(ctx, id)
	if err != nil {
		return err
	}
	p, err := s.Store.GetPartnership(ctx, id)
	if err != nil {
		return err
	}
	m, pw, err := s.mailSettings(ctx, password)
	if err != nil {
		return err
	}
	out := mentoring.Outgoing{PartnershipID: id, Method: "PUBLISH", ICS: data,
		Subject: mailtext.RecordSubject(p), Text: mailtext.RecordText(p)}
	return s.send(ctx, m, pw, out, s.now())
}

func (s *Core) bases(ctx context.Context, id int64) (map[string]shared.Object, error) {
	known, err := s.Store.SyncObjects(ctx, id)
	if err != nil {
		return nil, err
	}
	base := map[string]shared.Object{}
	for _, o := range known {
		// the last synced copy, which Twoway wrote itself
		if b, err := shared.DecodeStored(o.Base); err == nil {
			base[o.UID] = b
		}
	}
	return base, nil
}

// ImportRecord merges a record the partner exported (a PUBLISH file or the
// calendar part of their email) into the partnership it belongs to, object
// by object against the last merged copy, as a sync does. Deletions do not
// travel this way: an object missing from the file stays. It returns the
// partnership and what changed; a file that is malformed, from neither
// partner or for no partnership here changes nothing.
func (s *Core) ImportRecord(ctx context.Context, data []byte) (int64, SyncReport, error) {
	var rep SyncReport
	b, err := shared.ParseBundle(data)
	if err != nil {
		return 0, rep, err
	}
	var prof *shared.Profile
	for _, o := range b.Objects {
		if p, ok := o.(shared.Profile); ok {
			prof = &p
		}
	}
	if prof == nil {
		return 0, rep, fmt.Errorf("import record: the file has no profile: %w", ErrNotForAnyPartnership)
	}
	id, err := s.partnershipOfProfile(ctx, prof.UID)
	if err != nil {
		return 0, rep, err
	}
	st, err := s.Store.Invite(ctx, id)
	if err != nil {
		return id, rep, err
	}
	rec, err := s.Store.Record(ctx, id)
	if err != nil {
		return id, rep, err
	}
	v := newPerspective(rec.Partnership, st.UID)
	if b.From != v.partner && b.From != v.me {
		return id, rep, fmt.Errorf("import record: sent by %s, who is not in this partnership: %w", b.From, ErrNotForAnyPartnership)
	}
	base, err := s.bases(ctx, id)
	if err != nil {
		return id, rep, err
	}
	known, _ := s.Store.SyncObjects(ctx, id)
	paths := map[string]mentoring.SyncObject{}
	for _, o := range known {
		paths[o.UID] = o
	}
	local := v.objects(rec, base)
	logs := map[string]*mentoring.LogRecord{}
	for i := range rec.Logs {
		logs[shared.SessionUID(st.UID, rec.Logs[i].Original)] = &rec.Logs[i]
	}
	var ch mentoring.RecordChange
	for _, r := range b.Objects {
		uid := r.ObjectUID()
		l, hasL := local[uid]
		bo := base[uid]
		m := r
		switch {
		case hasL:
			var conflicts []shared.Conflict
			m, conflicts = mergeObjects(bo, l, r)
			for _, c := range conflicts {
				rep.Conflicts = append(rep.Conflicts, SyncConflict{UID: uid, Kind: string(m.Kind()), Conflict: c})
			}
			if !equalObjects(m, l) {
				v.apply(&ch, m, logs[uid])
				rep.Pulled++
			}
		case bo != nil && !keepAfterDelete(bo, r):
			continue // deleted here, unchanged there: stays deleted
		default:
			v.apply(&ch, r, nil)
			rep.Pulled++
		}
		// The merged copy is the base of the next merge; a server path
		// and ETag, if the pair also syncs, stay as they were.
		o := syncObject(m, paths[uid].Path, paths[uid].ETag, shared.ComponentJournal)
		if o.Path == "" {
			o.Path = mailPath + uid
		}
		ch.PutObjects = append(ch.PutObjects, o)
	}
	if err := s.Store.ApplyRecord(ctx, id, ch); err != nil {
		return id, rep, err
	}
	return id, rep, nil
}

// partnershipOfProfile finds the partnership whose series names the
// profile profileUID.
func (s *Core) partnershipOfProfile(ctx context.Context, profileUID string) (int64, error) {
	ids, err := s.Store.PartnershipIDs(ctx)
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		st, err := s.Store.Invite(ctx, id)
		if err == nil && st.UID != "" && profileUIDOf(st.UID) == profileUID {
			return id, nil
		}
	}
	return 0, fmt.Errorf("import record: %w", ErrNotForAnyPartnership)
}

func profileUIDOf(seriesUID string) string { return profileUID(seriesUID) }
