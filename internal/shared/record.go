package shared

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"sort"
	"strings"
	"time"
)

// Kind names what a shared object records; it travels as X-TWOWAY-KIND.
type Kind string

const (
	KindTopic   Kind = "topic"
	KindAction  Kind = "action"
	KindSession Kind = "session"
	KindProfile Kind = "profile"
)

// The iCalendar components a record is written as.
const (
	ComponentToDo    = "VTODO"
	ComponentJournal = "VJOURNAL"
)

// Both is the teacher of a topic both partners teach, or the leader of a
// covered part both led, where an email is expected otherwise.
const Both = "both"

// Topic statuses, as internal/mentoring names them.
const (
	StatusProposed   = "proposed"
	StatusAgreed     = "agreed"
	StatusInProgress = "in_progress"
	StatusDone       = "done"
	StatusDropped    = "dropped"
)

// Session outcomes; the empty outcome is a session still planned.
const (
	OutcomeHeld    = "held"
	OutcomeSkipped = "skipped"
	OutcomeMoved   = "moved"
)

// ErrUnknownKind is returned by Decode for an object that is no record of
// this package (a VEVENT, a journal another application wrote, a kind a
// newer Twoway added). A sync leaves such objects alone.
var ErrUnknownKind = errors.New("shared: not a Twoway record")

// Object is one of Topic, Action, Session and Profile (or a pointer to
// one): what Encode writes and Decode returns.
type Object interface {
	Kind() Kind
	// ObjectUID is the object's UID, which names it on the server.
	ObjectUID() string
	sealed()
}

// Record is the type set Merge, Equal and MergeDelete work on.
type Record interface {
	Topic | Action | Session | Profile
}

// Property is a content line of another application that this package does
// not interpret (X-APPLE-SORT-ORDER, PRIORITY, CATEGORIES, DTSTART...). It
// is kept as written so that it survives a decode and encode unchanged.
// An entry named VTIMEZONE is the time zone a kept property's TZID refers
// to: its Value holds the component's content lines, CRLF-separated.
type Property struct {
	Name   string // upper case
	Params map[string][]string
	// Value is the raw value, escapes included: "a\,b,c" is CATEGORIES'
	// two categories "a,b" and "c".
	Value string
}

// Conflict is a long text both sides changed differently since the last
// sync. Merge keeps Kept (the later edit) and hands Other back so the user
// can take what they need from it.
type Conflict struct {
	Field string // "notes", "agenda", "shared_notes" or "reflection"
	Key   string // for a reflection, its author's email
	Kept  string
	Other string
}

// Topic is something one partner teaches the other.
type Topic struct {
	UID   string
	Title string
	// Teacher is the email of who teaches, or Both.
	Teacher   string
	Status    string // StatusProposed ... StatusDropped
	Notes     string
	Resources []string
	AddedBy   string // email
	// Completed is when it was done, if known; only a done topic has
	// one (COMPLETED is written when it is set).
	Completed time.Time
	// Modified is when the record last changed (LAST-MODIFIED, to the
	// second), EditedBy who changed it in Twoway: Merge's "later" side.
	// Every type has both, and Extra: what other applications wrote.
	Modified time.Time
	EditedBy string
	Extra    []Property
}

// Action is something one partner agreed to do.
type Action struct {
	UID   string
	Text  string
	Owner string // email; empty for a to-do another application added
	Due   string // YYYY-MM-DD or ""
	Done  bool
	// Completed is when it was done, as for Topic.
	Completed time.Time
	RaisedIn  string // UID of the session that raised it, or ""
	AddedBy   string
	Modified  time.Time
	EditedBy  string
	Extra     []Property
}

// Coverage is one topic a session covered and who led that part.
type Coverage struct {
	TopicUID string
	LedBy    string // email or Both
}

// Session is what both partners recorded about one session of a series.
// It has no private notes: a partner's private notes never leave their
// machine, because this type has nowhere to put them.
type Session struct {
	UID       string // SessionUID(SeriesUID, Original)
	SeriesUID string // the UID of the invite's series
	// Original is the start the cadence gives the session (UTC); it names
	// the session even after a move.
	Original time.Time
	Title    string // what other applications show; worded by the caller
	Outcome  string // "", OutcomeHeld, OutcomeSkipped, OutcomeMoved
	MovedTo  time.Time
	Leader   string // email
	Minutes  int    // how long it ran; 0 means as planned
	Agenda   string
	// SharedNotes are the notes a partner chose to share.
	SharedNotes string
	// Reflections are each partner's reflection, by author email.
	Reflections map[string]string
	Covered     []Coverage
	Modified    time.Time
	EditedBy    string
	Extra       []Property
}

// Person is one partner as both see them.
type Person struct {
	Name   string
	Email  string
	Zone   string // IANA name
	Hours  string // "09:00-17:00"
	Offers []string
	Wants  []string
}

// Profile is what the partnership agreed: who the two are, their ground
// rules, the programme's dates and the call link.
type Profile struct {
	UID   string
	Title string
	// People are the partners in an order both sides keep (Twoway sorts
	// them by email); each position merges field by field.
	People [2]Person
	// Rules are the usual rules' codes ("confidentiality") and the pair's
	// own rules in their words.
	Rules    []string
	Start    string // YYYY-MM-DD or ""
	End      string
	Link     string
	Modified time.Time
	EditedBy string
	Extra    []Property
}

func (Topic) Kind() Kind   { return KindTopic }
func (Action) Kind() Kind  { return KindAction }
func (Session) Kind() Kind { return KindSession }
func (Profile) Kind() Kind { return KindProfile }

func (t Topic) ObjectUID() string   { return t.UID }
func (a Action) ObjectUID() string  { return a.UID }
func (s Session) ObjectUID() string { return s.UID }
func (p Profile) ObjectUID() string { return p.UID }

func (Topic) sealed()   {}
func (Action) sealed()  {}
func (Session) sealed() {}
func (Profile) sealed() {}

// SessionUID is the UID of the session of series seriesUID that the
// cadence starts at original. Both partners compute it from what they
// share, so the two machines name one session alike: the same instant in
// any zone gives the same UID, to the second.
func SessionUID(seriesUID string, original time.Time) string {
	sum := sha256.Sum256([]byte(seriesUID))
	return "session-" + cleanTime(original).Format(utcLayout) + "-" + hex.EncodeToString(sum[:12])
}

const (
	utcLayout  = "20060102T150405Z"
	dateLayout = "2006-01-02"
)

// cleanTime keeps what iCalendar keeps of a time: the second, in UTC.
func cleanTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Second)
}

// record is what Merge and Equal need of each type, through a pointer.
type record interface {
	Object
	// normalize puts the value in the form Decode(Encode(v)) gives, never
	// writing into the caller's slices or maps.
	normalize()
	// fields lists the merged fields in an order fixed for the type.
	fields() []fieldRef
	stamps() (*time.Time, *string)
	extra() *[]Property
	// notes are per-key long texts (a session's reflections), or nil.
	notes() *map[string]string
}

// fieldRef points at one field of a value: ptr is a *string, *bool, *int,
// *time.Time, *[]string or *[]Coverage.
type fieldRef struct {
	name string
	long bool
	ptr  any
}

func (t *Topic) fields() []fieldRef {
	return []fieldRef{
		{"uid", false, &t.UID}, {"title", false, &t.Title}, {"teacher", false, &t.Teacher},
		{"status", false, &t.Status}, {"notes", true, &t.Notes}, {"resources", false, &t.Resources},
		{"added_by", false, &t.AddedBy}, {"completed", false, &t.Completed},
	}
}

func (a *Action) fields() []fieldRef {
	return []fieldRef{
		{"uid", false, &a.UID}, {"text", false, &a.Text}, {"owner", false, &a.Owner},
		{"due", false, &a.Due}, {"done", false, &a.Done}, {"completed", false, &a.Completed},
		{"raised_in", false, &a.RaisedIn}, {"added_by", false, &a.AddedBy},
	}
}

func (s *Session) fields() []fieldRef {
	return []fieldRef{
		{"uid", false, &s.UID}, {"series_uid", false, &s.SeriesUID}, {"original", false, &s.Original},
		{"title", false, &s.Title}, {"outcome", false, &s.Outcome}, {"moved_to", false, &s.MovedTo},
		{"leader", false, &s.Leader}, {"minutes", false, &s.Minutes}, {"agenda", true, &s.Agenda},
		{"shared_notes", true, &s.SharedNotes}, {"covered", false, &s.Covered},
	}
}

func (p *Profile) fields() []fieldRef {
	out := []fieldRef{{"uid", false, &p.UID}, {"title", false, &p.Title}}
	for i := range p.People {
		q := &p.People[i]
		pre := "people." + string(rune('0'+i)) + "."
		out = append(out, fieldRef{pre + "name", false, &q.Name}, fieldRef{pre + "email", false, &q.Email},
			fieldRef{pre + "zone", false, &q.Zone}, fieldRef{pre + "hours", false, &q.Hours},
			fieldRef{pre + "offers", false, &q.Offers}, fieldRef{pre + "wants", false, &q.Wants})
	}
	return append(out, fieldRef{"rules", false, &p.Rules}, fieldRef{"start", false, &p.Start},
		fieldRef{"end", false, &p.End}, fieldRef{"link", false, &p.Link})
}

func (t *Topic) stamps() (*time.Time, *string)   { return &t.Modified, &t.EditedBy }
func (a *Action) stamps() (*time.Time, *string)  { return &a.Modified, &a.EditedBy }
func (s *Session) stamps() (*time.Time, *string) { return &s.Modified, &s.EditedBy }
func (p *Profile) stamps() (*time.Time, *string) { return &p.Modified, &p.EditedBy }

func (t *Topic) extra() *[]Property   { return &t.Extra }
func (a *Action) extra() *[]Property  { return &a.Extra }
func (s *Session) extra() *[]Property { return &s.Extra }
func (p *Profile) extra() *[]Property { return &p.Extra }

func (*Topic) notes() *map[string]string     { return nil }
func (*Action) notes() *map[string]string    { return nil }
func (s *Session) notes() *map[string]string { return &s.Reflections }
func (*Profile) notes() *map[string]string   { return nil }

func (t *Topic) normalize() {
	t.UID, t.Title, t.Notes = cleanText(t.UID), cleanText(t.Title), cleanText(t.Notes)
	t.Teacher, t.AddedBy = cleanParty(t.Teacher), cleanEmail(t.AddedBy)
	t.Status = strings.ToLower(strings.TrimSpace(t.Status))
	t.Resources = cleanList(t.Resources)
	t.Completed = completedTime(t.Status == StatusDone, t.Completed)
	normStamps(t)
}

func (a *Action) normalize() {
	a.UID, a.Text, a.RaisedIn = cleanText(a.UID), cleanText(a.Text), cleanText(a.RaisedIn)
	a.Owner, a.AddedBy = cleanEmail(a.Owner), cleanEmail(a.AddedBy)
	a.Due = strings.TrimSpace(a.Due)
	a.Completed = completedTime(a.Done, a.Completed)
	normStamps(a)
}

func (s *Session) normalize() {
	s.UID, s.SeriesUID, s.Title = cleanText(s.UID), cleanText(s.SeriesUID), cleanText(s.Title)
	s.Agenda, s.SharedNotes = cleanText(s.Agenda), cleanText(s.SharedNotes)
	s.Original, s.MovedTo = cleanTime(s.Original), cleanTime(s.MovedTo)
	s.Outcome = strings.ToLower(strings.TrimSpace(s.Outcome))
	s.Leader = cleanEmail(s.Leader)
	s.Reflections = cleanNotes(s.Reflections)
	var cov []Coverage
	for _, c := range s.Covered {
		if c.TopicUID = cleanText(c.TopicUID); c.TopicUID != "" {
			c.LedBy = cleanParty(c.LedBy)
			cov = append(cov, c)
		}
	}
	s.Covered = cov
	normStamps(s)
}

func (p *Profile) normalize() {
	p.UID, p.Title = cleanText(p.UID), cleanText(p.Title)
	for i := range p.People {
		q := &p.People[i]
		q.Name, q.Zone, q.Hours = cleanText(q.Name), cleanText(q.Zone), cleanText(q.Hours)
		q.Email = cleanEmail(q.Email)
		q.Offers, q.Wants = cleanList(q.Offers), cleanList(q.Wants)
	}
	p.Rules = cleanList(p.Rules)
	p.Start, p.End = strings.TrimSpace(p.Start), strings.TrimSpace(p.End)
	p.Link = strings.TrimSpace(cleanRaw(p.Link))
	normStamps(p)
}

func normStamps(r record) {
	mod, by := r.stamps()
	*mod, *by = cleanTime(*mod), cleanEmail(*by)
	ex := r.extra()
	*ex = cleanExtra(*ex, r.Kind())
}

// completedTime is a done object's completion time and the zero time for
// one not done.
func completedTime(done bool, completed time.Time) time.Time {
	if !done {
		return time.Time{}
	}
	return cleanTime(completed)
}

// cleanNotes keys texts by clean email and drops empty ones; when two keys
// clean to one email, the text of the smaller original key is kept.
func cleanNotes(m map[string]string) map[string]string {
	var out map[string]string
	for _, k := range sortedKeys(m) {
		email, text := cleanEmail(k), cleanText(m[k])
		if email == "" || text == "" {
			continue
		}
		if _, dup := out[email]; dup {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[email] = text
	}
	return out
}

// neverExtra are names Extra never keeps: scheduling properties, which
// would make a CalDAV server with RFC 6638 scheduling send mail on its own.
var neverExtra = map[string]bool{"ORGANIZER": true, "ATTENDEE": true}

// cleanExtra copies ps in the form Decode gives: names upper case, values
// and parameters clean, no scheduling property and none the record holds
// itself, sorted by name (stable).
func cleanExtra(ps []Property, kind Kind) []Property {
	var out []Property
	for _, p := range ps {
		q := Property{Name: strings.ToUpper(strings.TrimSpace(p.Name))}
		if neverExtra[q.Name] || isOwned(kind, q.Name) {
			continue
		}
		if q.Name == zoneProp {
			q.Value = p.Value
		} else {
			q.Value = cleanRaw(p.Value)
		}
		for k, vs := range p.Params {
			if q.Params == nil {
				q.Params = map[string][]string{}
			}
			k = strings.ToUpper(strings.TrimSpace(k))
			for _, v := range vs {
				q.Params[k] = append(q.Params[k], cleanParam(v))
			}
		}
		out = append(out, q)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
