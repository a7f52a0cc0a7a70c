package service

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/twoway-app/twoway/calendar/caldavpub"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/shared"
	"github.com/twoway-app/twoway/storage"
	"github.com/twoway-app/twoway/storage/secrets"
)

// maxRetries bounds how often one object is fetched, merged and sent again
// after the server answered 412 (someone wrote it in between).
const maxRetries = 3

// SyncReport is what one sync did.
type SyncReport struct {
	Pulled  int // objects changed here from the server's copy
	Pushed  int // objects sent to the server
	Deleted int // objects deleted here or there
	// Conflicts are long texts both partners changed differently since
	// the last sync: Merge kept one and hands back the other.
	Conflicts []SyncConflict
}

// SyncConflict is a text both sides changed: Kept is in the record now,
// Other is the version that lost, for the user to take what they need.
type SyncConflict struct {
	UID  string
	Kind string
	shared.Conflict
}

// ShareKey is the keyring key of the account a shared record lives in.
func ShareKey(sh mentoring.Share) string {
	return secrets.Key("caldav", sh.Username, strings.TrimSuffix(sh.ServerURL, "/"))
}

// StartSharing keeps partnership id's record in the calendar collection
// sh.Calendar on sh.ServerURL (created with MKCALENDAR when missing), saves
// the password in the keyring, and syncs for the first time.
func (s *Core) StartSharing(ctx context.Context, sh mentoring.Share, password string) (SyncReport, error) {
	if !strings.HasSuffix(sh.Calendar, "/") {
		sh.Calendar += "/"
	}
	p, err := s.Store.GetPartnership(ctx, sh.PartnershipID)
	if err != nil {
		return SyncReport{}, err
	}
	acct := s.Account(mentoring.CalDAVSettings{URL: sh.ServerURL, Username: sh.Username}, password)
	if password == "" {
		if acct.Password, err = s.password("", ShareKey(sh), "the calendar server "+hostOf(sh.ServerURL)); err != nil {
			return SyncReport{}, err
		}
	}
	err = caldavpub.MakeCalendar(ctx, acct, sh.Calendar, p.Title+" (Twoway)", shared.ComponentToDo, shared.ComponentJournal)
	if err != nil && !errors.Is(err, caldavpub.ErrExists) {
		return SyncReport{}, err
	}
	if err := s.Store.SetShare(ctx, sh); err != nil {
		return SyncReport{}, err
	}
	var saveErr error
	if password != "" {
		saveErr = s.savePassword(ShareKey(sh), password)
	}
	rep, err := s.Sync(ctx, sh.PartnershipID, acct.Password)
	if err == nil {
		err = saveErr
	}
	return rep, err
}

func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return u.Host
	}
	return raw
}

// remoteCopy is an object as the server has it.
type remoteCopy struct {
	obj  shared.Object
	etag string
	path string
}

// Sync brings partnership id's shared record and the server's copy
// together: it pulls what changed there (RFC 6578 sync-collection, or the
// ETags of every object where the server lacks it or forgot the token),
// merges each object field by field against the last synced copy, applies
// the result here in one transaction, then sends what the partner lacks
// with If-Match / If-None-Match, fetching and merging again on 412.
// password is used when given, else the saved one. An error leaves the
// local record as it was or as the last completed step left it; the next
// sync continues from there and sends nothing twice.
func (s *Core) Sync(ctx context.Context, id int64, password string) (SyncReport, error) {
	var rep SyncReport
	sh, err := s.Store.Share(ctx, id)
	if errors.Is(err, storage.ErrNotFound) {
		return rep, fmt.Errorf("partnership %d: %w", id, mentoring.ErrNotShared)
	}
	if err != nil {
		return rep, err
	}
	pw, err := s.password(password, ShareKey(sh), "the calendar server "+hostOf(sh.ServerURL))
	if err != nil {
		return rep, err
	}
	acct := s.Account(mentoring.CalDAVSettings{URL: sh.ServerURL, Username: sh.Username}, pw)
	rep, token, version, err := s.sync(ctx, acct, sh)
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	if serr := s.Store.SyncState(ctx, id, token, s.now(), msg); serr != nil && err == nil {
		err = serr
	}
	if vs, ok := s.Store.(versionedStore); ok && err == nil && version >= 0 {
		err = vs.SetSyncedVersion(ctx, id, version)
	}
	return rep, err
}

// versionedStore is a Store that counts the changes to each shared record
// (*storage.Store does, in triggers, so every writer counts). Through it a
// sync that finds nothing new on the server and nothing changed here since
// the last completed sync stops after its one request: merging every
// object again (most of a no-change sync's time on a large record) would
// change nothing. Through a Store without it, every sync merges.
type versionedStore interface {
	SyncVersions(ctx context.Context, id int64) (record, synced int64, err error)
	ApplySyncedRecord(ctx context.Context, id int64, ch mentoring.RecordChange, from int64) (int64, error)
	SetSyncedVersion(ctx context.Context, id int64, version int64) error
}

// pathKey compares server paths: servers percent-encode differently
// (Radicale writes @ as %40).
func pathKey(p string) string {
	if u, err := url.PathUnescape(p); err == nil {
		return u
	}
	return p
}

// sync is one sync; version is the change count (versionedStore) the
// record is in step with the server at when it worked, -1 when unknown.
func (s *Core) sync(ctx context.Context, acct caldavpub.Account, sh mentoring.Share) (rep SyncReport, _ *string, version int64, err error) {
	id := sh.PartnershipID
	// The count is read before the record, so an edit made while this
	// sync runs is never counted as synced.
	vs, versioned := s.Store.(versionedStore)
	version, unchangedHere := -1, false
	if versioned {
		var synced int64
		if version, synced, err = vs.SyncVersions(ctx, id); err != nil {
			return rep, nil, -1, err
		}
		unchangedHere = version == synced
	}
	apply := func(ch mentoring.RecordChange) error {
		if !versioned {
			return s.Store.ApplyRecord(ctx, id, ch)
		}
		var err error
		version, err = vs.ApplySyncedRecord(ctx, id, ch, version)
		return err
	}

	// Pull.
	changed, deleted, token, err := caldavpub.SyncCollection(ctx, acct, sh.Calendar, sh.SyncToken)
	full := sh.SyncToken == ""
	switch {
	case errors.Is(err, caldavpub.ErrSyncToken):
		// The server forgot where we were: list everything again; the
		// UIDs keep it free of duplicates.
		changed, deleted, token, err = caldavpub.SyncCollection(ctx, acct, sh.Calendar, "")
		full = true
	case errors.Is(err, caldavpub.ErrNoSync):
		changed, err = caldavpub.List(ctx, acct, sh.Calendar)
		deleted, token, full = nil, "", true
	}
	if err != nil {
		return rep, nil, -1, err
	}
	if unchangedHere && !full && len(changed) == 0 && len(deleted) == 0 {
		// Nothing new there since our token, nothing changed here since
		// the last completed sync: the merge below would change nothing.
		return rep, &token, version, nil
	}

	st, err := s.Store.Invite(ctx, id)
	if err != nil {
		return rep, nil, -1, err
	}
	rec, err := s.Store.Record(ctx, id)
	if err != nil {
		return rep, nil, -1, err
	}
	v := newPerspective(rec.Partnership, st.UID)
	known, err := s.Store.SyncObjects(ctx, id)
	if err != nil {
		return rep, nil, -1, err
	}
	objects := map[string]mentoring.SyncObject{}
	byPath := map[string]string{}
	base := map[string]shared.Object{}
	for _, o := range known {
		// Every base is what syncObject or a push encoded, so the check
		// that it can be written back again (a quarter of a sync's work
		// on a large record) is skipped.
		if b, err := shared.DecodeStored(o.Base); err == nil {
			base[o.UID] = b
		}
		if strings.HasPrefix(o.Path, mailPath) {
			continue // merged from an emailed record, never on this server
		}
		objects[o.UID] = o
		byPath[pathKey(o.Path)] = o.UID
	}
	var onServer []mentoring.SyncObject
	for _, o := range known {
		if !strings.HasPrefix(o.Path, mailPath) {
			onServer = append(onServer, o)
		}
	}
	known = onServer

	gone := map[string]bool{}
	for _, d := range deleted {
		if uid, ok := byPath[pathKey(d)]; ok {
			gone[uid] = true
		}
	}
	if full {
		present := map[string]bool{}
		for _, c := range changed {
			present[pathKey(c.Path)] = true
		}
		for _, o := range known {
			if !present[pathKey(o.Path)] {
				gone[o.UID] = true
			}
		}
	}
	var fetch []string
	for _, c := range changed {
		if uid, ok := byPath[pathKey(c.Path)]; ok && objects[uid].ETag == c.ETag && c.ETag != "" {
			continue // what we wrote last time
		}
		fetch = append(fetch, c.Path)
	}
	remote := map[string]remoteCopy{}
	if len(fetch) > 0 {
		got, err := caldavpub.Multiget(ctx, acct, sh.Calendar, fetch)
		if err != nil {
			return rep, nil, -1, err
		}
		for _, o := range got {
			obj, err := shared.Decode(o.Data)
			if err != nil {
				continue // another application's object, or one this version cannot read: left alone
			}
			remote[obj.ObjectUID()] = remoteCopy{obj: obj, etag: o.ETag, path: o.Path}
			delete(gone, obj.ObjectUID())
		}
	}

	// Merge.
	local := v.objects(rec, base)
	logs := map[string]*mentoring.LogRecord{}
	for i := range rec.Logs {
		logs[shared.SessionUID(st.UID, rec.Logs[i].Original)] = &rec.Logs[i]
	}
	var ch mentoring.RecordChange
	type push struct {
		obj        shared.Object
		path, etag string // etag "" creates
	}
	var pushes []push
	var removes []mentoring.SyncObject
	uids := map[string]bool{}
	for u := range local {
		uids[u] = true
	}
	for u := range objects {
		uids[u] = true
	}
	for u := range remote {
		uids[u] = true
	}
	order := make([]string, 0, len(uids))
	for u := range uids {
		order = append(order, u)
	}
	sort.Strings(order)
	for _, uid := range order {
		l, hasL := local[uid]
		b, hasB := base[uid]
		known, wasSynced := objects[uid]
		r, fetched := remote[uid]
		hasR := fetched || (wasSynced && !gone[uid])
		if !fetched && hasR {
			r = remoteCopy{obj: b, etag: known.ETag, path: known.Path}
		}
		if !hasB {
			b = nil
		}
		path := caldavpub.ObjectPath(sh.Calendar, uid)
		if wasSynced {
			path = known.Path
		}
		switch {
		case hasL && hasR:
			m, conflicts := mergeObjects(b, l, r.obj)
			for _, c := range conflicts {
				rep.Conflicts = append(rep.Conflicts, SyncConflict{UID: uid, Kind: string(m.Kind()), Conflict: c})
			}
			if !equalObjects(m, l) {
				v.apply(&ch, m, logs[uid])
				rep.Pulled++
			}
			switch {
			case !equalObjects(m, r.obj):
				pushes = append(pushes, push{m, r.path, r.etag})
			case fetched || b == nil || !equalObjects(b, m):
				ch.PutObjects = append(ch.PutObjects, syncObject(m, r.path, r.etag, sh.Component))
			default:
				// Unchanged on both sides: its base row stays as it is.
			}
		case hasL && !hasR:
			if wasSynced && !keepAfterDelete(b, l) {
				v.remove(&ch, l) // deleted there, unchanged here
				ch.DeleteObjects = append(ch.DeleteObjects, uid)
				rep.Deleted++
				continue
			}
			pushes = append(pushes, push{l, path, ""}) // new here, or edited here after a deletion there
		case !hasL && hasR:
			if wasSynced && !fetched {
				// Deleted here and unchanged there: delete there too.
				removes = append(removes, known)
				continue
			}
			if wasSynced && !keepAfterDelete(b, r.obj) {
				removes = append(removes, mentoring.SyncObject{UID: uid, Path: r.path, ETag: r.etag})
				continue
			}
			if r.obj.Kind() == shared.KindProfile {
				// The profile is never deleted here; take the server's.
				v.apply(&ch, r.obj, nil)
			} else {
				v.apply(&ch, r.obj, logs[uid])
			}
			rep.Pulled++
			ch.PutObjects = append(ch.PutObjects, syncObject(r.obj, r.path, r.etag, sh.Component))
		default:
			if wasSynced {
				ch.DeleteObjects = append(ch.DeleteObjects, uid)
			}
		}
	}
	if err := apply(ch); err != nil {
		return rep, nil, -1, err
	}

	// Push.
	var sent mentoring.RecordChange
	ours := map[string]string{} // path -> the ETag we now expect there
	defer func() {
		if len(sent.PutObjects)+len(sent.DeleteObjects)+len(sent.PutTopics)+len(sent.PutActions)+len(sent.PutLogs) > 0 {
			// What was sent is kept even when a later step failed. When
			// keeping it fails, the record is not in step: no version.
			if aerr := apply(sent); aerr != nil {
				version = -1
			}
		}
		if err != nil {
			version = -1
		}
	}()
	for _, p := range pushes {
		obj, path, etag := p.obj, p.path, p.etag
		for try := 0; ; try++ {
			data, err := shared.EncodeAs(obj, componentFor(obj, sh.Component))
			if err != nil {
				return rep, nil, -1, err
			}
			newETag, err := caldavpub.PutObject(ctx, acct, path, data, etag)
			if err == nil {
				rep.Pushed++
				sent.PutObjects = append(sent.PutObjects, mentoring.SyncObject{UID: obj.ObjectUID(), Kind: string(obj.Kind()),
					Path: path, ETag: newETag, Base: data})
				ours[pathKey(path)] = newETag
				break
			}
			if !errors.Is(err, caldavpub.ErrConflict) || try >= maxRetries {
				return rep, nil, -1, err
			}
			// Someone wrote it since we looked: merge their copy in and try again.
			cur, gerr := caldavpub.Get(ctx, acct, path)
			if errors.Is(gerr, caldavpub.ErrNotFound) {
				etag = ""
				continue
			}
			if gerr != nil {
				return rep, nil, -1, gerr
			}
			theirs, derr := shared.Decode(cur.Data)
			if derr != nil {
				return rep, nil, -1, fmt.Errorf("sync: the server's copy of %s cannot be read: %w", obj.ObjectUID(), derr)
			}
			m, conflicts := mergeObjects(base[obj.ObjectUID()], obj, theirs)
			for _, c := range conflicts {
				rep.Conflicts = append(rep.Conflicts, SyncConflict{UID: obj.ObjectUID(), Kind: string(m.Kind()), Conflict: c})
			}
			if !equalObjects(m, obj) {
				v.apply(&sent, m, logs[obj.ObjectUID()])
				rep.Pulled++
			}
			if equalObjects(m, theirs) {
				sent.PutObjects = append(sent.PutObjects, syncObject(m, path, cur.ETag, sh.Component))
				ours[pathKey(path)] = cur.ETag
				break
			}
			obj, etag = m, cur.ETag
		}
	}
	for _, o := range removes {
		err := caldavpub.Delete(ctx, acct, o.Path, o.ETag)
		if err != nil && !errors.Is(err, caldavpub.ErrNotFound) {
			if errors.Is(err, caldavpub.ErrConflict) {
				continue // changed there meanwhile: an edit beats a deletion, the next sync brings it back
			}
			return rep, nil, -1, err
		}
		rep.Deleted++
		sent.DeleteObjects = append(sent.DeleteObjects, o.UID)
		ours[pathKey(o.Path)] = ""
	}

	// A token that covers our own writes, so the next sync with no change
	// anywhere is one request. If someone else wrote meanwhile, keep the
	// earlier token: the next sync fetches their change.
	if len(ours) > 0 && token != "" {
		ch2, del2, token2, err := caldavpub.SyncCollection(ctx, acct, sh.Calendar, token)
		if err == nil && onlyOurs(ch2, del2, ours) {
			token = token2
		}
	}
	return rep, &token, version, nil
}

func onlyOurs(changed []caldavpub.Change, deleted []string, ours map[string]string) bool {
	for _, c := range changed {
		if etag, ok := ours[pathKey(c.Path)]; !ok || etag != c.ETag {
			return false
		}
	}
	for _, d := range deleted {
		if etag, ok := ours[pathKey(d)]; !ok || etag != "" {
			return false
		}
	}
	return true
}

func syncObject(o shared.Object, path, etag, component string) mentoring.SyncObject {
	data, _ := shared.EncodeAs(o, componentFor(o, component))
	return mentoring.SyncObject{UID: o.ObjectUID(), Kind: string(o.Kind()), Path: path, ETag: etag, Base: data}
}

// apply records the merged object o as a change of the local record.
func (v perspective) apply(ch *mentoring.RecordChange, o shared.Object, local *mentoring.LogRecord) {
	switch o := o.(type) {
	case shared.Profile:
		p := v.applyProfileTo(o)
		ch.Profile = &p
	case shared.Topic:
		ch.PutTopics = append(ch.PutTopics, v.topic(o))
	case shared.Action:
		ch.PutActions = append(ch.PutActions, v.action(o))
	case shared.Session:
		ch.PutLogs = append(ch.PutLogs, v.log(o, local))
	}
}

// remove records the deletion of o here.
func (v perspective) remove(ch *mentoring.RecordChange, o shared.Object) {
	switch o := o.(type) {
	case shared.Topic:
		ch.DeleteTopics = append(ch.DeleteTopics, o.UID)
	case shared.Action:
		ch.DeleteActions = append(ch.DeleteActions, o.UID)
	case shared.Session:
		ch.DeleteLogs = append(ch.DeleteLogs, o.Original)
	}
}

func mergeObjects(b, l, r shared.Object) (shared.Object, []shared.Conflict) {
	switch l.(type) {
	case shared.Topic:
		return mergeAs[shared.Topic](b, l, r)
	case shared.Action:
		return mergeAs[shared.Action](b, l, r)
	case shared.Session:
		return mergeAs[shared.Session](b, l, r)
	case shared.Profile:
		return mergeAs[shared.Profile](b, l, r)
	}
	return l, nil
}

func mergeAs[T shared.Record](b, l, r shared.Object) (shared.Object, []shared.Conflict) {
	lv, ok1 := l.(T)
	rv, ok2 := r.(T)
	if !ok1 || !ok2 {
		return l, nil // one UID, two kinds: keep ours
	}
	var bp *T
	if bv, ok := b.(T); ok {
		bp = &bv
	}
	m, c := shared.Merge(bp, lv, rv)
	return any(m).(shared.Object), c
}

func equalObjects(a, b shared.Object) bool {
	switch av := a.(type) {
	case shared.Topic:
		bv, ok := b.(shared.Topic)
		return ok && shared.Equal(av, bv)
	case shared.Action:
		bv, ok := b.(shared.Action)
		return ok && shared.Equal(av, bv)
	case shared.Session:
		bv, ok := b.(shared.Session)
		return ok && shared.Equal(av, bv)
	case shared.Profile:
		bv, ok := b.(shared.Profile)
		return ok && shared.Equal(av, bv)
	}
	return false
}

// keepAfterDelete is the rule "an edit beats a deletion": the surviving
// copy stays when it changed since the last sync.
func keepAfterDelete(b, survivor shared.Object) bool {
	return b == nil || !equalObjects(b, survivor)
}

// componentFor is what o is written as: topics and action items are
// always tasks; sessions and the profile are journals unless the share
// falls back to tasks.
func componentFor(o shared.Object, share string) string {
	switch o.Kind() {
	case shared.KindTopic, shared.KindAction:
		return shared.ComponentToDo
	}
	return share
}

// SyncStatus is what the screens and `twoway share` show of a share.
type SyncStatus struct {
	Share mentoring.Share
	// Objects is how many shared objects were last synced; Pending how
	// many local changes (new, edited or deleted objects) wait to go out.
	Objects, Pending int
}

// Status reports partnership id's share without touching the network,
// with mentoring.ErrNotShared when it has none.
func (s *Core) Status(ctx context.Context, id int64) (SyncStatus, error) {
	var out SyncStatus
	sh, err := s.Store.Share(ctx, id)
	if errors.Is(err, storage.ErrNotFound) {
		return out, fmt.Errorf("partnership %d: %w", id, mentoring.ErrNotShared)
	}
	if err != nil {
		return out, err
	}
	out.Share = sh
	st, err := s.Store.Invite(ctx, id)
	if err != nil {
		return out, err
	}
	rec, err := s.Store.Record(ctx, id)
	if err != nil {
		return out, err
	}
	known, err := s.Store.SyncObjects(ctx, id)
	if err != nil {
		return out, err
	}
	base := map[string]shared.Object{}
	for _, o := range known {
		if b, err := shared.DecodeStored(o.Base); err == nil {
			base[o.UID] = b
		}
	}
	out.Objects = len(known)
	local := newPerspective(rec.Partnership, st.UID).objects(rec, base)
	for uid, l := range local {
		if b, ok := base[uid]; !ok || !equalObjects(b, l) {
			out.Pending++
		}
	}
	for uid := range base {
		if _, ok := local[uid]; !ok {
			out.Pending++
		}
	}
	return out, nil
}
