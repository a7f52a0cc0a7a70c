package service

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/shared"
)

// perspective turns this side's records (me and partner) into the shared
// objects (people by email) and back.
type perspective struct {
	me, partner string // lower-case emails
	series      string // the invite's series UID, which names the pair's sessions
	p           mentoring.Partnership
}

func newPerspective(p mentoring.Partnership, seriesUID string) perspective {
	return perspective{me: strings.ToLower(p.Me.Email), partner: strings.ToLower(p.Partner.Email), series: seriesUID, p: p}
}

func (v perspective) applyProfileTo(o shared.Profile) mentoring.Partnership {
	return v.applyProfile(v.p, o)
}

func (v perspective) email(s mentoring.Side) string {
	switch s {
	case mentoring.SideMe:
		return v.me
	case mentoring.SidePartner:
		return v.partner
	case mentoring.SideBoth:
		return shared.Both
	}
	return ""
}

func (v perspective) side(email string, fallback mentoring.Side) mentoring.Side {
	switch strings.ToLower(email) {
	case v.me:
		return mentoring.SideMe
	case v.partner:
		return mentoring.SidePartner
	case shared.Both:
		return mentoring.SideBoth
	}
	return fallback
}

// profileUID names the pair's profile object alike on both sides.
func profileUID(seriesUID string) string {
	sum := sha256.Sum256([]byte(seriesUID))
	return "profile-" + hex.EncodeToString(sum[:12])
}

// objects is the local record as shared objects, by UID. base is the last
// synced copy: a reflection is only ever changed by its author, so the
// partner's reflection goes out as last synced, whatever was typed here.
func (v perspective) objects(r mentoring.Record, base map[string]shared.Object) map[string]shared.Object {
	out := map[string]shared.Object{}
	prof := v.profile(r.Partnership)
	out[prof.UID] = prof
	for _, t := range r.Topics {
		out[t.UID] = shared.Topic{UID: t.UID, Title: t.Title, Teacher: v.email(t.Teacher), Status: string(t.Status),
			Notes: t.Notes, Resources: t.Resources, AddedBy: strings.ToLower(t.AddedBy), Modified: t.Updated, EditedBy: v.me}
	}
	for _, a := range r.Actions {
		o := shared.Action{UID: a.UID, Text: a.Text, Owner: v.email(a.Owner), Done: a.Done,
			AddedBy: strings.ToLower(a.AddedBy), Modified: a.Updated, EditedBy: v.me}
		if !a.Due.IsZero() {
			o.Due = a.Due.String()
		}
		if !a.RaisedIn.IsZero() {
			o.RaisedIn = shared.SessionUID(v.series, a.RaisedIn)
		}
		out[a.UID] = o
	}
	for _, l := range r.Logs {
		uid := shared.SessionUID(v.series, l.Original)
		s := shared.Session{UID: uid, SeriesUID: v.series, Original: l.Original.UTC(), Title: r.Partnership.Title,
			Leader: v.email(l.Leader), Minutes: l.Minutes, Modified: l.Updated, EditedBy: v.me,
			Reflections: map[string]string{}}
		if l.Held {
			s.Outcome = shared.OutcomeHeld
		}
		// Private notes never leave: only notes the user shares, or the
		// pair's shared notes kept beside private ones.
		if l.NotesShared {
			s.SharedNotes = l.Notes
		} else {
			s.SharedNotes = l.SharedNotes
		}
		s.Reflections[v.me] = l.MyReflection
		s.Reflections[v.partner] = l.PartnerReflection
		if b, ok := base[uid].(shared.Session); ok {
			s.Reflections[v.partner] = b.Reflections[v.partner]
		}
		for _, c := range l.Covered {
			s.Covered = append(s.Covered, shared.Coverage{TopicUID: c.TopicUID, LedBy: v.email(c.LedBy)})
		}
		sort.Slice(s.Covered, func(i, j int) bool { return s.Covered[i].TopicUID < s.Covered[j].TopicUID })
		out[uid] = s
	}
	// Twoway never edits other applications' properties: each object
	// carries them on as last synced.
	for uid, o := range out {
		out[uid] = withExtra(o, base[uid])
	}
	return out
}

func withExtra(o, b shared.Object) shared.Object {
	switch o := o.(type) {
	case shared.Topic:
		if b, ok := b.(shared.Topic); ok {
			o.Extra = b.Extra
		}
		return o
	case shared.Action:
		if b, ok := b.(shared.Action); ok {
			o.Extra = b.Extra
		}
		return o
	case shared.Session:
		if b, ok := b.(shared.Session); ok {
			o.Extra = b.Extra
		}
		return o
	case shared.Profile:
		if b, ok := b.(shared.Profile); ok {
			o.Extra = b.Extra
		}
		return o
	}
	return o
}

func (v perspective) profile(p mentoring.Partnership) shared.Profile {
	person := func(q mentoring.Person) shared.Person {
		return shared.Person{Name: q.Name, Email: strings.ToLower(q.Email), Zone: q.Zone, Hours: q.Hours.String(),
			Offers: q.Offers, Wants: q.Wants}
	}
	people := [2]shared.Person{person(p.Me), person(p.Partner)}
	if people[1].Email < people[0].Email {
		people[0], people[1] = people[1], people[0]
	}
	var rules []string
	for _, r := range p.Rules.Usual() {
		rules = append(rules, string(r))
	}
	rules = append(rules, p.Rules.Custom...)
	out := shared.Profile{UID: profileUID(v.series), Title: p.Title, People: people, Rules: rules, Link: p.Link,
		Modified: p.Updated, EditedBy: v.me}
	if !p.From.IsZero() {
		out.Start = p.From.String()
	}
	if !p.Until.IsZero() {
		out.End = p.Until.String()
	}
	return out
}

// applyProfile takes the merged profile into p: the title, both people
// (matched by email), the rules, the programme and the link.
func (v perspective) applyProfile(p mentoring.Partnership, o shared.Profile) mentoring.Partnership {
	p.Title = o.Title
	for _, q := range o.People {
		target := &p.Partner
		if q.Email == v.me {
			target = &p.Me
		} else if q.Email != v.partner {
			continue
		}
		target.Name, target.Zone = q.Name, q.Zone
		if w, err := calendar.ParseWindow(q.Hours); err == nil {
			target.Hours = w
		}
		target.Offers, target.Wants = q.Offers, q.Wants
	}
	p.Rules = mentoring.GroundRules{}
	for _, r := range o.Rules {
		switch mentoring.UsualRule(r) {
		case mentoring.RuleConfidentiality:
			p.Rules.Confidentiality = true
		case mentoring.RulePositiveTone:
			p.Rules.PositiveTone = true
		case mentoring.RuleNoTimeWasting:
			p.Rules.NoTimeWasting = true
		default:
			p.Rules.Custom = append(p.Rules.Custom, r)
		}
	}
	p.From, _ = calendar.ParseDate(o.Start)
	p.Until, _ = calendar.ParseDate(o.End)
	if o.Start == "" {
		p.From = calendar.Date{}
	}
	if o.End == "" {
		p.Until = calendar.Date{}
	}
	p.Link = o.Link
	return p
}

func (v perspective) topic(o shared.Topic) mentoring.Topic {
	st, err := mentoring.ParseTopicStatus(o.Status)
	if err != nil {
		st = mentoring.TopicProposed
	}
	return mentoring.Topic{UID: o.UID, Title: o.Title, Teacher: v.side(o.Teacher, mentoring.SideBoth), Status: st,
		Notes: o.Notes, Resources: o.Resources, AddedBy: o.AddedBy, Updated: o.Modified}
}

func (v perspective) action(o shared.Action) mentoring.ActionItem {
	a := mentoring.ActionItem{UID: o.UID, Text: o.Text, Owner: v.side(o.Owner, mentoring.SideMe), Done: o.Done,
		AddedBy: o.AddedBy, Updated: o.Modified}
	if a.Owner == mentoring.SideBoth {
		a.Owner = mentoring.SideMe
	}
	a.Due, _ = calendar.ParseDate(o.Due)
	a.RaisedIn = sessionStart(o.RaisedIn)
	if a.Done {
		a.DoneIn = o.Completed
	}
	return a
}

// sessionStart reads the original start back out of a SessionUID.
func sessionStart(uid string) time.Time {
	rest, ok := strings.CutPrefix(uid, "session-")
	if !ok {
		return time.Time{}
	}
	stamp, _, _ := strings.Cut(rest, "-")
	t, err := time.Parse("20060102T150405Z", stamp)
	if err != nil {
		return time.Time{}
	}
	return t
}

// log takes the merged session into local, the user's own row (nil for a
// session logged only by the partner so far): the private notes stay.
func (v perspective) log(o shared.Session, local *mentoring.LogRecord) mentoring.LogRecord {
	l := mentoring.LogRecord{Original: o.Original}
	if local != nil {
		l = *local
	}
	l.Held = o.Outcome == shared.OutcomeHeld
	l.Leader = v.side(o.Leader, "")
	if l.Leader == mentoring.SideBoth {
		l.Leader = ""
	}
	l.Minutes = o.Minutes
	if l.NotesShared {
		l.Notes = o.SharedNotes
	} else {
		l.SharedNotes = o.SharedNotes
	}
	l.MyReflection = o.Reflections[v.me]
	l.PartnerReflection = o.Reflections[v.partner]
	l.Covered = nil
	for _, c := range o.Covered {
		l.Covered = append(l.Covered, mentoring.Coverage{TopicUID: c.TopicUID, LedBy: v.side(c.LedBy, mentoring.SideBoth)})
	}
	l.Updated = o.Modified
	return l
}
