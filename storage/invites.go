package storage

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/calendar/ics"
)

// Exception is one session of the series that is not as the cadence says:
// skipped, or moved to Start-End. Original is the start the cadence gives it,
// which identifies it to calendar clients (RECURRENCE-ID, EXDATE).
type Exception struct {
	Original   time.Time
	Skipped    bool
	Start, End time.Time
}

// Exceptions lists partnership id's skipped and moved sessions, in order.
func (s *Store) Exceptions(ctx context.Context, id int64) ([]Exception, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT original_start, kind, new_start, new_end
		FROM session_exception WHERE partnership_id = ? ORDER BY original_start`, id)
	if err != nil {
		return nil, fmt.Errorf("list exceptions of partnership %d: %w", id, err)
	}
	defer rows.Close()
	var out []Exception
	for rows.Next() {
		var orig, kind, start, end string
		if err := rows.Scan(&orig, &kind, &start, &end); err != nil {
			return nil, fmt.Errorf("list exceptions of partnership %d: %w", id, err)
		}
		e := Exception{Skipped: kind == "skipped"}
		e.Original, _ = time.Parse(time.RFC3339, orig)
		e.Start, _ = time.Parse(time.RFC3339, start)
		e.End, _ = time.Parse(time.RFC3339, end)
		out = append(out, e)
	}
	return out, rows.Err()
}

// ErrNotASession is returned when a date names no session of the series.
var ErrNotASession = errors.New("no session of the series starts then")

// sessionAt checks that original is a session of id's schedule.
func (s *Store) sessionAt(ctx context.Context, id int64, original time.Time) (calendar.Cadence, error) {
	p, err := s.GetPartnership(ctx, id)
	if err != nil {
		return calendar.Cadence{}, err
	}
	c, err := s.GetSchedule(ctx, id)
	if err != nil {
		return c, err
	}
	me, partner, err := p.People()
	if err != nil {
		return c, err
	}
	occs, err := c.Expand(c.AnchorZone(me.Zone, partner.Zone))
	if err != nil {
		return c, err
	}
	for _, o := range occs {
		if o.Start.Equal(original) {
			return c, nil
		}
	}
	return c, fmt.Errorf("%s: %w", original.UTC().Format(time.RFC3339), ErrNotASession)
}

// SkipSession marks one session as not taking place.
func (s *Store) SkipSession(ctx context.Context, id int64, original time.Time) error {
	if _, err := s.sessionAt(ctx, id, original); err != nil {
		return fmt.Errorf("skip session: %w", err)
	}
	return s.putException(ctx, s.db, id, Exception{Original: original, Skipped: true})
}

// MoveSession moves one session to start at start (keeping its length).
func (s *Store) MoveSession(ctx context.Context, id int64, original, start time.Time) error {
	c, err := s.sessionAt(ctx, id, original)
	if err != nil {
		return fmt.Errorf("move session: %w", err)
	}
	return s.putException(ctx, s.db, id, Exception{Original: original, Start: start, End: start.Add(c.Duration())})
}

// RestoreSession undoes a skip or move.
func (s *Store) RestoreSession(ctx context.Context, id int64, original time.Time) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM session_exception WHERE partnership_id = ? AND original_start = ?`,
		id, original.UTC().Format(time.RFC3339))
	if err != nil {
		return fmt.Errorf("restore session: %w", err)
	}
	return nil
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func (s *Store) putException(ctx context.Context, db execer, id int64, e Exception) error {
	kind, start, end := "moved", e.Start.UTC().Format(time.RFC3339), e.End.UTC().Format(time.RFC3339)
	if e.Skipped {
		kind, start, end = "skipped", "", ""
	}
	_, err := db.ExecContext(ctx, `INSERT INTO session_exception (partnership_id, original_start, kind, new_start, new_end)
		VALUES (?,?,?,?,?) ON CONFLICT (partnership_id, original_start) DO UPDATE SET
		kind=excluded.kind, new_start=excluded.new_start, new_end=excluded.new_end`,
		id, e.Original.UTC().Format(time.RFC3339), kind, start, end)
	if err != nil {
		return fmt.Errorf("record %s session: %w", kind, err)
	}
	return nil
}

// InviteState is what the partner already has of a partnership's invite.
type InviteState struct {
	UID string
	// Sent is false until a message has really left; Sequence and Method
	// are then the last message's.
	Sent        bool
	Sequence    int
	Method      string
	SentAt      time.Time
	SentICS     string
	Fingerprint string
	Cancelled   bool
	// PartStat is the partner's answer to the whole series, if any.
	PartStat  string
	RepliedAt time.Time
}

// Invite returns partnership id's invite state, giving it a UID on first
// use. The UID then stays the same for the life of the series, as calendar
// clients require.
func (s *Store) Invite(ctx context.Context, id int64) (InviteState, error) {
	uid := newUID()
	if _, err := s.db.ExecContext(ctx, `INSERT INTO invite (partnership_id, uid) SELECT ?, ?
		WHERE EXISTS (SELECT 1 FROM partnership WHERE id = ?) ON CONFLICT DO NOTHING`, id, uid, id); err != nil {
		return InviteState{}, fmt.Errorf("invite of partnership %d: %w", id, err)
	}
	var st InviteState
	var sentAt, repliedAt string
	err := s.db.QueryRowContext(ctx, `SELECT uid, sent, sequence, method, sent_at, sent_ics, fingerprint,
		cancelled, partstat, replied_at FROM invite WHERE partnership_id = ?`, id).Scan(
		&st.UID, &st.Sent, &st.Sequence, &st.Method, &sentAt, &st.SentICS, &st.Fingerprint,
		&st.Cancelled, &st.PartStat, &repliedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return st, fmt.Errorf("partnership %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return st, fmt.Errorf("invite of partnership %d: %w", id, err)
	}
	st.SentAt, _ = time.Parse(timeFormat, sentAt)
	st.RepliedAt, _ = time.Parse(timeFormat, repliedAt)
	return st, nil
}

func newUID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b) + "@twoway.app"
}

// Outgoing is a message ready to go to the partner. Nothing is recorded
// until RecordSent: a message that fails to leave consumes no sequence
// number.
type Outgoing struct {
	PartnershipID int64
	Method        string     // ics.MethodRequest or ics.MethodCancel
	Instance      *time.Time // the one session a CANCEL is about, or nil
	Sequence      int
	ICS           []byte
	Fingerprint   string
	Series        ics.Series
	Subject       string
	Text          string // the readable body of the email
	// Changed reports whether the partner has not seen this content yet.
	Changed bool
}

// Methods of the messages Twoway sends.
const (
	MethodRequest = ics.MethodRequest
	MethodCancel  = ics.MethodCancel
)

// ErrNoSchedule is returned when an invite is asked for a partnership
// without a schedule.
var ErrNoSchedule = errors.New("set a schedule before sending an invite")

// PrepareInvite builds the next message for partnership id: a REQUEST (the
// series as it now is: a first invite, an update, or a resend of what the
// partner already has with the same SEQUENCE), or a CANCEL of the whole
// series (instance nil) or of one session.
func (s *Store) PrepareInvite(ctx context.Context, id int64, method string, instance *time.Time, now time.Time) (Outgoing, error) {
	p, err := s.GetPartnership(ctx, id)
	if err != nil {
		return Outgoing{}, err
	}
	c, err := s.GetSchedule(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return Outgoing{}, fmt.Errorf("partnership %d: %w", id, ErrNoSchedule)
	}
	if err != nil {
		return Outgoing{}, err
	}
	exc, err := s.Exceptions(ctx, id)
	if err != nil {
		return Outgoing{}, err
	}
	st, err := s.Invite(ctx, id)
	if err != nil {
		return Outgoing{}, err
	}
	series, err := BuildSeries(p, c, exc, st.UID, now)
	if err != nil {
		return Outgoing{}, err
	}
	fp, err := fingerprint(series)
	if err != nil {
		return Outgoing{}, err
	}
	out := Outgoing{PartnershipID: id, Method: method, Instance: instance, Fingerprint: fp}
	switch method {
	case MethodRequest:
		out.Changed = !st.Sent || st.Fingerprint != fp || st.Cancelled
		switch {
		case !st.Sent:
			out.Sequence = 0
		case out.Changed:
			out.Sequence = st.Sequence + 1
		default:
			out.Sequence = st.Sequence
		}
		series.Sequence = out.Sequence
		out.ICS, err = ics.Request(series)
		out.Subject = "Invitation: " + p.Title
		if st.Sent && out.Changed {
			out.Subject = "Updated invitation: " + p.Title
		}
	case MethodCancel:
		if !st.Sent {
			return out, errors.New("nothing to cancel: no invite has been sent for this partnership")
		}
		out.Changed = true
		out.Sequence = st.Sequence + 1
		series.Sequence = out.Sequence
		series.Status = ics.StatusCancelled
		out.ICS, err = ics.Cancel(series, instance)
		out.Subject = "Cancelled: " + p.Title
		if instance != nil {
			out.Subject = "Cancelled session on " + instance.Format("Mon 2 Jan") + ": " + p.Title
		}
	default:
		return out, fmt.Errorf("prepare invite: unknown method %q", method)
	}
	if err != nil {
		return out, fmt.Errorf("prepare invite: %w", err)
	}
	out.Series = series
	out.Text = InviteText(p, c, out)
	return out, nil
}

// RecordSent notes that out really reached the partner (or was saved for
// them), so the next message continues from its SEQUENCE.
func (s *Store) RecordSent(ctx context.Context, out Outgoing, now time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var seq int
		var sent bool
		if err := tx.QueryRowContext(ctx, `SELECT sequence, sent FROM invite WHERE partnership_id = ?`,
			out.PartnershipID).Scan(&seq, &sent); err != nil {
			return fmt.Errorf("record sent invite: %w", err)
		}
		if sent && out.Sequence < seq {
			return fmt.Errorf("record sent invite: sequence %d is older than %d already sent; prepare it again", out.Sequence, seq)
		}
		cancelled := out.Method == MethodCancel && out.Instance == nil
		fp := out.Fingerprint
		if out.Method == MethodCancel {
			fp = "" // whatever is prepared next differs from a cancellation
		}
		if _, err := tx.ExecContext(ctx, `UPDATE invite SET sent = 1, sequence = ?, method = ?, fingerprint = ?,
			sent_at = ?, sent_ics = ?, cancelled = ? WHERE partnership_id = ?`,
			out.Sequence, out.Method, fp, now.UTC().Format(timeFormat), string(out.ICS), cancelled, out.PartnershipID); err != nil {
			return fmt.Errorf("record sent invite: %w", err)
		}
		if out.Instance != nil {
			return s.putException(ctx, tx, out.PartnershipID, Exception{Original: *out.Instance, Skipped: true})
		}
		return nil
	})
}

// fingerprint identifies the content of a series, ignoring DTSTAMP and
// SEQUENCE, so an unchanged series is resent with the same SEQUENCE.
func fingerprint(series ics.Series) (string, error) {
	series.Sequence = 0
	series.Stamp = time.Unix(0, 0).UTC()
	b, err := ics.Publish(series)
	if err != nil {
		return "", fmt.Errorf("prepare invite: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// BuildSeries turns a partnership, its cadence and its exceptions into the
// recurring event the partner receives. Private notes never go in.
func BuildSeries(p Partnership, c calendar.Cadence, exc []Exception, uid string, now time.Time) (ics.Series, error) {
	me, partner, err := p.People()
	if err != nil {
		return ics.Series{}, err
	}
	if err := c.Validate(); err != nil {
		return ics.Series{}, err
	}
	loc := c.AnchorZone(me.Zone, partner.Zone)
	first, err := c.FirstDate()
	if err != nil {
		return ics.Series{}, err
	}
	occs, err := c.Expand(loc)
	if err != nil {
		return ics.Series{}, err
	}
	isSession := map[int64]bool{}
	for _, o := range occs {
		isSession[o.Start.Unix()] = true
	}
	series := ics.Series{
		UID:           uid,
		Summary:       p.Title,
		Description:   Description(p),
		Location:      p.Link,
		ConferenceURL: p.Link,
		Organizer:     ics.Person{Name: p.Me.Name, Email: p.Me.Email},
		Attendee:      ics.Person{Name: p.Partner.Name, Email: p.Partner.Email},
		Start:         first.At(c.At, loc),
		Duration:      c.Duration(),
		RRule:         c.RRule(loc),
		AlarmBefore:   15 * time.Minute,
		Status:        ics.StatusConfirmed,
		Stamp:         now.UTC(),
	}
	for _, e := range exc {
		if !isSession[e.Original.Unix()] {
			continue // the schedule changed since: that session no longer exists
		}
		if e.Skipped {
			series.ExDates = append(series.ExDates, e.Original.In(loc))
		} else {
			series.Overrides = append(series.Overrides, ics.Override{RecurrenceID: e.Original.In(loc),
				Start: e.Start.In(loc), End: e.End.In(loc)})
		}
	}
	return series, nil
}

// Description is the invite's text: what the pair is for and the rules
// they agreed, so the partner has them in every calendar entry.
func Description(p Partnership) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Reciprocal mentoring: %s and %s teach each other.\n", p.Me.Name, p.Partner.Name)
	if len(p.Me.Offers) > 0 {
		fmt.Fprintf(&b, "%s offers: %s.\n", firstName(p.Me.Name), strings.Join(p.Me.Offers, "; "))
	}
	if len(p.Partner.Offers) > 0 {
		fmt.Fprintf(&b, "%s offers: %s.\n", firstName(p.Partner.Name), strings.Join(p.Partner.Offers, "; "))
	}
	if p.Agenda != "" {
		b.WriteString("\nAgenda for the next session:\n" + p.Agenda + "\n")
	}
	if rules := p.Rules.Agreed(); len(rules) > 0 {
		b.WriteString("\nOur ground rules:\n")
		for _, r := range rules {
			b.WriteString("- " + r + "\n")
		}
	}
	if p.Link != "" {
		b.WriteString("\nJoin the call: " + p.Link + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// InviteText is the readable body of an invite email, with the next
// sessions in both partners' local times.
func InviteText(p Partnership, c calendar.Cadence, out Outgoing) string {
	var b strings.Builder
	me, partner, err := p.People()
	if err != nil {
		return Description(p)
	}
	switch {
	case out.Method == MethodCancel && out.Instance != nil:
		fmt.Fprintf(&b, "The session on %s is cancelled. The other sessions stay as they are.\n\n",
			out.Instance.In(partner.Zone).Format("Monday 2 January 2006 at 15:04 MST"))
	case out.Method == MethodCancel:
		fmt.Fprintf(&b, "%s has cancelled the series \"%s\".\n\n", p.Me.Name, p.Title)
	default:
		loc := c.AnchorZone(me.Zone, partner.Zone)
		fmt.Fprintf(&b, "%s\n\n", c.Describe(loc))
		if checks, err := calendar.Plan(c, me, partner); err == nil && len(checks) > 0 {
			ch := checks[0]
			fmt.Fprintf(&b, "First session: %s for %s, %s for %s.\n\n",
				ch.Me.Start.Format("Mon 2 Jan 2006 15:04 MST"), me.Name,
				ch.Partner.Start.Format("Mon 2 Jan 2006 15:04 MST"), partner.Name)
		}
	}
	b.WriteString(Description(p))
	return b.String()
}

// Response is an answer from the partner: a REPLY (accepted, declined,
// tentative) or a COUNTER proposing another time.
type Response struct {
	ID            int64
	PartnershipID int64
	Received      time.Time
	Method        string
	Attendee      string
	PartStat      string
	RecurrenceID  time.Time // zero: about the whole series
	ProposedStart time.Time // COUNTER only
	ProposedEnd   time.Time
	Comment       string
	State         string // open, accepted, declined, noted
	Raw           string
}

// Describe says in a sentence what the partner answered, with a proposed
// time in both partners' local times, for the Invites screen and the CLI.
func (r Response) Describe(p Partnership) string {
	me, partner, err := p.People()
	if err != nil {
		return r.Method + " " + r.PartStat
	}
	what := "the series"
	if !r.RecurrenceID.IsZero() {
		what = "the session of " + r.RecurrenceID.In(me.Zone).Format("Mon 2 Jan")
	}
	var out string
	if r.Method == ics.MethodCounter {
		out = fmt.Sprintf("%s proposes a new time for %s: %s for %s, %s for %s.", partner.Name, what,
			r.ProposedStart.In(me.Zone).Format("Mon 2 Jan 15:04"), me.Name,
			r.ProposedStart.In(partner.Zone).Format("Mon 2 Jan 15:04"), partner.Name)
	} else {
		verb := map[string]string{"ACCEPTED": "accepted", "DECLINED": "declined", "TENTATIVE": "tentatively accepted"}[r.PartStat]
		if verb == "" {
			verb = "answered (" + strings.ToLower(r.PartStat) + ")"
		}
		out = fmt.Sprintf("%s %s %s.", partner.Name, verb, what)
	}
	if r.Comment != "" {
		out += " “" + r.Comment + "”"
	}
	return out
}

// ErrForeignInvite is returned when an imported file is about a series
// Twoway did not send.
var ErrForeignInvite = errors.New("this file answers an invite Twoway did not send")

// ImportResponse reads a partner's reply or counter-proposal and records it
// against the partnership whose invite it answers. A malformed or foreign
// file changes nothing.
func (s *Store) ImportResponse(ctx context.Context, data []byte, now time.Time) (Response, error) {
	msg, err := ics.ParseITIP(data)
	if err != nil {
		return Response{}, err
	}
	if msg.Method != ics.MethodReply && msg.Method != ics.MethodCounter {
		return Response{}, fmt.Errorf("import: a %s message is not an answer to an invite (want a REPLY or COUNTER)", msg.Method)
	}
	var id int64
	var partnerEmail string
	err = s.db.QueryRowContext(ctx, `SELECT i.partnership_id, p.partner_email FROM invite i
		JOIN partnership p ON p.id = i.partnership_id WHERE i.uid = ? AND i.sent = 1`, msg.UID).Scan(&id, &partnerEmail)
	if errors.Is(err, sql.ErrNoRows) {
		return Response{}, fmt.Errorf("import: UID %s: %w", msg.UID, ErrForeignInvite)
	}
	if err != nil {
		return Response{}, fmt.Errorf("import: %w", err)
	}
	if !strings.EqualFold(msg.Attendee.Email, partnerEmail) {
		return Response{}, fmt.Errorf("import: the answer comes from %s, not from the partner (%s)", msg.Attendee.Email, partnerEmail)
	}
	r := Response{PartnershipID: id, Received: now.UTC(), Method: msg.Method, Attendee: msg.Attendee.Email,
		PartStat: msg.PartStat, RecurrenceID: msg.RecurrenceID, Comment: msg.Comment, State: "noted", Raw: string(data)}
	if msg.Method == ics.MethodCounter {
		r.ProposedStart, r.ProposedEnd, r.State = msg.Start, msg.End, "open"
		if r.ProposedStart.IsZero() || !r.ProposedEnd.After(r.ProposedStart) {
			return Response{}, errors.New("import: the counter-proposal has no usable new time")
		}
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO invite_response (partnership_id, received_at, method, attendee,
			partstat, recurrence_id, proposed_start, proposed_end, comment, state, raw) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
			id, r.Received.Format(timeFormat), r.Method, r.Attendee, r.PartStat, rfc3339(r.RecurrenceID),
			rfc3339(r.ProposedStart), rfc3339(r.ProposedEnd), r.Comment, r.State, r.Raw)
		if err != nil {
			return err
		}
		r.ID, _ = res.LastInsertId()
		if msg.Method == ics.MethodReply && msg.RecurrenceID.IsZero() {
			_, err = tx.ExecContext(ctx, `UPDATE invite SET partstat = ?, replied_at = ? WHERE partnership_id = ?`,
				r.PartStat, r.Received.Format(timeFormat), id)
		}
		return err
	})
	if err != nil {
		return Response{}, fmt.Errorf("import: %w", err)
	}
	return r, nil
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// Responses lists what the partner answered, newest first.
func (s *Store) Responses(ctx context.Context, id int64) ([]Response, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, received_at, method, attendee, partstat, recurrence_id,
		proposed_start, proposed_end, comment, state, raw FROM invite_response WHERE partnership_id = ? ORDER BY id DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("list responses: %w", err)
	}
	defer rows.Close()
	var out []Response
	for rows.Next() {
		r := Response{PartnershipID: id}
		var received, rid, ps, pe string
		if err := rows.Scan(&r.ID, &received, &r.Method, &r.Attendee, &r.PartStat, &rid, &ps, &pe, &r.Comment, &r.State, &r.Raw); err != nil {
			return nil, fmt.Errorf("list responses: %w", err)
		}
		r.Received, _ = time.Parse(timeFormat, received)
		r.RecurrenceID, _ = time.Parse(time.RFC3339, rid)
		r.ProposedStart, _ = time.Parse(time.RFC3339, ps)
		r.ProposedEnd, _ = time.Parse(time.RFC3339, pe)
		out = append(out, r)
	}
	return out, rows.Err()
}

// AcceptCounter applies a counter-proposal: for one session it moves that
// session; for the whole series it moves the cadence to the proposed
// weekday and time (read in the series' anchor zone). The caller then
// sends the updated REQUEST.
func (s *Store) AcceptCounter(ctx context.Context, responseID int64) error {
	r, err := s.response(ctx, responseID)
	if err != nil {
		return err
	}
	if r.Method != ics.MethodCounter || r.State != "open" {
		return fmt.Errorf("accept counter: response %d is not an open counter-proposal", responseID)
	}
	if !r.RecurrenceID.IsZero() {
		if err := s.MoveSession(ctx, r.PartnershipID, r.RecurrenceID, r.ProposedStart); err != nil {
			return fmt.Errorf("accept counter: %w", err)
		}
	} else {
		p, err := s.GetPartnership(ctx, r.PartnershipID)
		if err != nil {
			return err
		}
		c, err := s.GetSchedule(ctx, r.PartnershipID)
		if err != nil {
			return err
		}
		me, partner, err := p.People()
		if err != nil {
			return err
		}
		start := r.ProposedStart.In(c.AnchorZone(me.Zone, partner.Zone))
		c.At = calendar.ClockOf(start)
		c.From = calendar.DateOf(start)
		if c.Unit == calendar.Weekly && len(c.Days) == 1 || c.Unit == calendar.Monthly {
			c.Days = []time.Weekday{start.Weekday()}
		}
		if m := int(r.ProposedEnd.Sub(r.ProposedStart) / time.Minute); m >= calendar.MinMinutes && m <= calendar.MaxMinutes {
			c.Minutes = m
		}
		if err := s.SetSchedule(ctx, r.PartnershipID, c); err != nil {
			return fmt.Errorf("accept counter: %w", err)
		}
	}
	return s.setResponseState(ctx, responseID, "accepted")
}

// DeclineCounter builds the DECLINECOUNTER answering response responseID
// and marks the response declined. The caller delivers the bytes.
func (s *Store) DeclineCounter(ctx context.Context, responseID int64, comment string, now time.Time) ([]byte, error) {
	r, err := s.response(ctx, responseID)
	if err != nil {
		return nil, err
	}
	if r.Method != ics.MethodCounter || r.State != "open" {
		return nil, fmt.Errorf("decline counter: response %d is not an open counter-proposal", responseID)
	}
	msg, err := ics.ParseITIP([]byte(r.Raw))
	if err != nil {
		return nil, fmt.Errorf("decline counter: %w", err)
	}
	out, err := s.PrepareInvite(ctx, r.PartnershipID, MethodRequest, nil, now)
	if err != nil {
		return nil, err
	}
	st, err := s.Invite(ctx, r.PartnershipID)
	if err != nil {
		return nil, err
	}
	series := out.Series
	series.Sequence = st.Sequence
	b, err := ics.DeclineCounter(series, msg, comment)
	if err != nil {
		return nil, fmt.Errorf("decline counter: %w", err)
	}
	return b, s.setResponseState(ctx, responseID, "declined")
}

func (s *Store) response(ctx context.Context, id int64) (Response, error) {
	var pid int64
	if err := s.db.QueryRowContext(ctx, `SELECT partnership_id FROM invite_response WHERE id = ?`, id).Scan(&pid); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return Response{}, fmt.Errorf("response %d: %w", id, ErrNotFound)
		}
		return Response{}, err
	}
	all, err := s.Responses(ctx, pid)
	if err != nil {
		return Response{}, err
	}
	for _, r := range all {
		if r.ID == id {
			return r, nil
		}
	}
	return Response{}, fmt.Errorf("response %d: %w", id, ErrNotFound)
}

func (s *Store) setResponseState(ctx context.Context, id int64, state string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE invite_response SET state = ? WHERE id = ?`, state, id)
	return err
}
