package service

// Matching (issue 17): from a pool of people to reciprocal pairs.
//
// The front ends call these methods of Core (the pool is named by its id;
// PoolNamed finds it by name for the CLI):
//
//	Pools(ctx) ([]pool.Summary, error)
//	Pool(ctx, poolID) (pool.Pool, error)
//	PoolNamed(ctx, name) (pool.Pool, error)
//	CreatePool(ctx, name) (poolID, error)                  // with pool.DefaultSynonyms
//	DeletePool(ctx, poolID) error                          // its partnerships stay
//	ImportPool(ctx, name, r, pool.CSVOptions, commit) (ImportResult, error)
//	AddPerson(ctx, poolID, *pool.Person) error
//	UpdatePerson(ctx, poolID, email, *pool.Person) error   // email: the member's current one
//	RemovePerson(ctx, poolID, email) error
//	SetSynonyms(ctx, poolID, [][]string) error
//	Lock / Unlock / Forbid / Unforbid (ctx, poolID, emailA, emailB) error
//	Match(ctx, poolID, pool.Mode) (pool.Proposal, error)
//	AcceptPair(ctx, poolID, emailA, emailB) (partnershipID, error)
//	NotAFit(ctx, partnershipID) (pool.Link, error)
//	PoolLinkOf(ctx, partnershipID) (pool.Link, error)           // ErrNotFromPool when made by hand
//	Cohort(ctx, poolID) ([]pool.CohortRow, error)          // report.CohortCSV writes it
//
// Everything returned is facts and codes: pool.Proposal keeps each pair's
// pool.Score (who teaches whom what, at which rank; the overlap per
// stretch), pool.Unmatched a pool.Reason, an import each row's
// mentoring.FieldError. The errors a user meets in a known way are the
// sentinels below (and storage.ErrNotFound for a pool or partnership that
// is not there, mentoring.ValidationError for a bad person); each front end
// words them.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/pool"
	"github.com/twoway-app/twoway/storage"
)

// PoolStore is what matching needs from the database (*storage.Store).
// Core finds it in Store, so the front ends set up nothing new.
type PoolStore interface {
	Pools(ctx context.Context) ([]pool.Summary, error)
	PoolID(ctx context.Context, name string) (int64, error)
	Pool(ctx context.Context, id int64) (pool.Pool, error)
	CreatePool(ctx context.Context, name string, synonyms [][]string) (int64, error)
	DeletePool(ctx context.Context, id int64) error
	ImportPool(ctx context.Context, name string, synonyms [][]string, people []pool.Person) (id int64, added, updated int, err error)
	AddPoolPerson(ctx context.Context, id int64, m *pool.Person) error
	UpdatePoolPerson(ctx context.Context, id int64, email string, m *pool.Person) error
	RemovePoolPerson(ctx context.Context, id int64, email string) error
	SetSynonyms(ctx context.Context, id int64, groups [][]string) error
	SetPoolRule(ctx context.Context, id int64, kind pool.Rule, pr pool.Pair, on bool) error
	PoolLinks(ctx context.Context, id int64) ([]pool.Link, error)
	CreatePoolPartnership(ctx context.Context, id int64, pr pool.Pair, p *mentoring.Partnership, topics []mentoring.Topic, c calendar.Cadence) (int64, error)
	EndPoolPair(ctx context.Context, partnershipID int64) (pool.Link, error)
	PoolLinkOf(ctx context.Context, partnershipID int64) (pool.Link, error)
	History(ctx context.Context, id int64) (mentoring.History, error)
}

// Errors of matching a user can meet.
var (
	// ErrNotInPool: an email names no member of the pool.
	ErrNotInPool = errors.New("not in the pool")
	// ErrSamePerson: a pair of one person.
	ErrSamePerson = errors.New("a pair needs two people")
	// ErrForbiddenPair: accepting or locking a forbidden pair.
	ErrForbiddenPair = errors.New("the pair is forbidden")
	// ErrAlreadyPaired: one of the two has a running partnership from the
	// pool (or is locked with someone else).
	ErrAlreadyPaired = errors.New("already paired")
	// ErrNotFromPool: NotAFit on a partnership made by hand.
	ErrNotFromPool = errors.New("the partnership was not made from a pool")
	// ErrImportProblems: a commit of a file with problem rows; nothing was
	// written, ImportResult lists the rows.
	ErrImportProblems = errors.New("some rows have problems")
	// ErrNoPoolStore: Core.Store cannot keep pools.
	ErrNoPoolStore = errors.New("this store keeps no pools")
)

// ExcludedError is returned by AcceptPair for a pair that is no
// candidate: Excluded says why (one way, no common hours...).
type ExcludedError struct {
	Pair     pool.Pair
	Excluded pool.Exclusion
}

func (e *ExcludedError) Error() string {
	return fmt.Sprintf("pair %s and %s is no candidate: %s", e.Pair.A, e.Pair.B, e.Excluded)
}

func (s *Core) pools() (PoolStore, error) {
	ps, ok := s.Store.(PoolStore)
	if !ok {
		return nil, ErrNoPoolStore
	}
	return ps, nil
}

// today is the first day of the year over which overlaps are computed.
func (s *Core) today() calendar.Date { return calendar.DateOf(s.now().UTC()) }

// Pools lists the pools by name.
func (s *Core) Pools(ctx context.Context) ([]pool.Summary, error) {
	ps, err := s.pools()
	if err != nil {
		return nil, err
	}
	return ps.Pools(ctx)
}

// Pool loads a pool with its people and rules.
func (s *Core) Pool(ctx context.Context, id int64) (pool.Pool, error) {
	ps, err := s.pools()
	if err != nil {
		return pool.Pool{}, err
	}
	return ps.Pool(ctx, id)
}

// PoolNamed loads the pool called name (ignoring case).
func (s *Core) PoolNamed(ctx context.Context, name string) (pool.Pool, error) {
	ps, err := s.pools()
	if err != nil {
		return pool.Pool{}, err
	}
	id, err := ps.PoolID(ctx, name)
	if err != nil {
		return pool.Pool{}, err
	}
	return ps.Pool(ctx, id)
}

// CreatePool makes an empty pool with the default synonym groups;
// storage.ErrExists when the name is taken.
func (s *Core) CreatePool(ctx context.Context, name string) (int64, error) {
	ps, err := s.pools()
	if err != nil {
		return 0, err
	}
	return ps.CreatePool(ctx, name, pool.DefaultSynonyms())
}

// DeletePool removes a pool; the partnerships made from it stay.
func (s *Core) DeletePool(ctx context.Context, id int64) error {
	ps, err := s.pools()
	if err != nil {
		return err
	}
	return ps.DeletePool(ctx, id)
}

// ImportResult is what an import read and, when committed, wrote.
type ImportResult struct {
	Import         pool.Import
	PoolID         int64
	Added, Updated int
	Committed      bool
}

// ImportPool reads a sign-up form's CSV export into the pool called name
// (created with the default synonyms when there is none). A dry run
// (commit false) writes nothing and returns each row's problems. A commit
// writes all rows in one transaction, or, when any row has a problem,
// nothing (ErrImportProblems, with the rows in the result). A member whose
// email the pool has is replaced, so a fresh export of the same form can be
// imported again.
func (s *Core) ImportPool(ctx context.Context, name string, r io.Reader, opt pool.CSVOptions, commit bool) (ImportResult, error) {
	ps, err := s.pools()
	if err != nil {
		return ImportResult{}, err
	}
	im, err := pool.ParseCSV(r, opt)
	if err != nil {
		// the columns read so far stay in the result, to map them again
		return ImportResult{Import: im}, fmt.Errorf("import pool %q: %w", name, err)
	}
	res := ImportResult{Import: im}
	if !commit {
		if id, err := ps.PoolID(ctx, name); err == nil {
			res.PoolID = id
		}
		return res, nil
	}
	if !im.OK() {
		return res, fmt.Errorf("import pool %q: %w", name, ErrImportProblems)
	}
	res.PoolID, res.Added, res.Updated, err = ps.ImportPool(ctx, name, pool.DefaultSynonyms(), im.People())
	if err != nil {
		return res, err
	}
	res.Committed = true
	return res, nil
}

// AddPerson adds a member by hand.
func (s *Core) AddPerson(ctx context.Context, id int64, m *pool.Person) error {
	ps, err := s.pools()
	if err != nil {
		return err
	}
	return ps.AddPoolPerson(ctx, id, m)
}

// UpdatePerson replaces the member whose email is email.
func (s *Core) UpdatePerson(ctx context.Context, id int64, email string, m *pool.Person) error {
	ps, err := s.pools()
	if err != nil {
		return err
	}
	return ps.UpdatePoolPerson(ctx, id, email, m)
}

// RemovePerson removes a member (their partnerships stay).
func (s *Core) RemovePerson(ctx context.Context, id int64, email string) error {
	ps, err := s.pools()
	if err != nil {
		return err
	}
	return ps.RemovePoolPerson(ctx, id, email)
}

// SetSynonyms replaces the pool's synonym groups.
func (s *Core) SetSynonyms(ctx context.Context, id int64, groups [][]string) error {
	ps, err := s.pools()
	if err != nil {
		return err
	}
	return ps.SetSynonyms(ctx, id, groups)
}

// members loads the pool and checks both emails name members.
func (s *Core) members(ctx context.Context, ps PoolStore, id int64, a, b string) (pool.Pool, pool.Person, pool.Person, error) {
	p, err := ps.Pool(ctx, id)
	if err != nil {
		return p, pool.Person{}, pool.Person{}, err
	}
	ma, ok := p.Person(a)
	if !ok {
		return p, ma, pool.Person{}, fmt.Errorf("%s: %w", a, ErrNotInPool)
	}
	mb, ok := p.Person(b)
	if !ok {
		return p, ma, mb, fmt.Errorf("%s: %w", b, ErrNotInPool)
	}
	if pool.Key(a) == pool.Key(b) {
		return p, ma, mb, fmt.Errorf("%s: %w", a, ErrSamePerson)
	}
	return p, ma, mb, nil
}

func (s *Core) rule(ctx context.Context, id int64, kind pool.Rule, a, b string, on bool) error {
	ps, err := s.pools()
	if err != nil {
		return err
	}
	p, _, _, err := s.members(ctx, ps, id, a, b)
	if err != nil {
		return err
	}
	pr := pool.MakePair(a, b)
	if kind == pool.RuleLocked && on {
		if has(p.Forbidden, pr) || has(p.Past, pr) {
			return fmt.Errorf("lock %s and %s: %w", a, b, ErrForbiddenPair)
		}
		for _, l := range p.Locked {
			if l != pr && (l.Has(a) || l.Has(b)) {
				return fmt.Errorf("lock %s and %s: %w", a, b, ErrAlreadyPaired)
			}
		}
	}
	if kind == pool.RuleForbidden && on {
		// A forbidden pair cannot stay locked.
		if err := ps.SetPoolRule(ctx, id, pool.RuleLocked, pr, false); err != nil {
			return err
		}
	}
	return ps.SetPoolRule(ctx, id, kind, pr, on)
}

func has(ps []pool.Pair, pr pool.Pair) bool {
	for _, p := range ps {
		if pool.MakePair(p.A, p.B) == pr {
			return true
		}
	}
	return false
}

// Lock keeps a and b together in every proposal.
func (s *Core) Lock(ctx context.Context, id int64, a, b string) error {
	return s.rule(ctx, id, pool.RuleLocked, a, b, true)
}

// Unlock lets the matching decide about a and b again.
func (s *Core) Unlock(ctx context.Context, id int64, a, b string) error {
	return s.rule(ctx, id, pool.RuleLocked, a, b, false)
}

// Forbid keeps a and b apart (a reporting line, a pair that was not a
// fit); a lock on them goes.
func (s *Core) Forbid(ctx context.Context, id int64, a, b string) error {
	return s.rule(ctx, id, pool.RuleForbidden, a, b, true)
}

// Unforbid lifts Forbid. Past partners stay apart.
func (s *Core) Unforbid(ctx context.Context, id int64, a, b string) error {
	return s.rule(ctx, id, pool.RuleForbidden, a, b, false)
}

// Match proposes the pairing of the whole pool in mode, with the overlap
// over the year from today.
func (s *Core) Match(ctx context.Context, id int64, mode pool.Mode) (pool.Proposal, error) {
	p, err := s.Pool(ctx, id)
	if err != nil {
		return pool.Proposal{}, err
	}
	prop, err := pool.Propose(p, pool.Options{Mode: mode, From: s.today()})
	if err != nil {
		return prop, fmt.Errorf("match pool %q: %w", p.Name, err)
	}
	return prop, nil
}

// Cadence minutes an accepted pair starts with: an hour when their common
// time allows, else 45 or 30 minutes.
var acceptMinutes = []int{60, 45, 30}

// AcceptPair turns a and b of the pool into a partnership, a as "me" and b
// as the partner: their offers and wants, the usual ground rules, a topic
// for each want the other meets (taught by the other), and a weekly
// cadence of twelve sessions from tomorrow at the slot that suits both
// best, as long as their smallest common time allows (60, 45 or 30 min).
// It is ready to invite. The pair must be a candidate (ExcludedError
// otherwise), not forbidden or past partners (ErrForbiddenPair), and
// neither may be in a running pair of the pool (ErrAlreadyPaired).
func (s *Core) AcceptPair(ctx context.Context, id int64, a, b string) (int64, error) {
	ps, err := s.pools()
	if err != nil {
		return 0, err
	}
	p, ma, mb, err := s.members(ctx, ps, id, a, b)
	if err != nil {
		return 0, err
	}
	// The user is "me" when they are one of the two (their mail address
	// is B's); a coordinator pairing others gets A as "me".
	if m, err := s.Store.MailSettings(ctx); err == nil && m.From != "" {
		from := m.From
		if addr, err := mail.ParseAddress(m.From); err == nil {
			from = addr.Address
		}
		if pool.Key(from) == pool.Key(mb.Email) {
			ma, mb = mb, ma
		}
	}
	pr := pool.MakePair(a, b)
	if has(p.Forbidden, pr) || has(p.Past, pr) {
		return 0, fmt.Errorf("accept %s and %s: %w", a, b, ErrForbiddenPair)
	}
	for _, acc := range p.Paired {
		if acc.Has(a) || acc.Has(b) {
			return 0, fmt.Errorf("accept %s and %s: %w", a, b, ErrAlreadyPaired)
		}
	}
	today := s.today()
	sc, err := pool.NewScorer(p.Synonyms, pool.DefaultWeights, today).Score(ma, mb)
	if err != nil {
		return 0, err
	}
	if !sc.Candidate() {
		return 0, &ExcludedError{Pair: pr, Excluded: sc.Excluded}
	}
	part := mentoring.Partnership{
		Title:   mentoring.FirstName(ma.Name) + " & " + mentoring.FirstName(mb.Name),
		Me:      mentoring.Person{Name: ma.Name, Email: ma.Email, Zone: ma.Zone, Hours: ma.Hours, Offers: ma.Offers, Wants: ma.Wants},
		Partner: mentoring.Person{Name: mb.Name, Email: mb.Email, Zone: mb.Zone, Hours: mb.Hours, Offers: mb.Offers, Wants: mb.Wants},
		Rules:   mentoring.GroundRules{Confidentiality: true, PositiveTone: true, NoTimeWasting: true},
	}
	var topics []mentoring.Topic
	for _, dir := range []struct {
		g       pool.Gain
		teacher mentoring.Side
	}{{sc.Gain(mb.Email), mentoring.SideMe}, {sc.Gain(ma.Email), mentoring.SidePartner}} {
		for _, m := range dir.g.Met {
			topics = append(topics, mentoring.Topic{Title: m.Want, Teacher: dir.teacher, Status: mentoring.TopicProposed})
		}
	}
	c, err := acceptCadence(part, sc.Overlap, today)
	if err != nil {
		return 0, fmt.Errorf("accept %s and %s: %w", a, b, err)
	}
	pid, err := ps.CreatePoolPartnership(ctx, id, pr, &part, topics, c)
	if errors.Is(err, storage.ErrExists) {
		return 0, fmt.Errorf("accept %s and %s: %w", a, b, ErrAlreadyPaired)
	}
	return pid, err
}

// acceptCadence is weekly, twelve sessions from tomorrow, as long as the
// pair's smallest daily overlap allows, at calendar.FindSlots' best slot.
func acceptCadence(p mentoring.Partnership, o pool.Overlap, today calendar.Date) (calendar.Cadence, error) {
	minutes := acceptMinutes[len(acceptMinutes)-1]
	for _, m := range acceptMinutes {
		if o.Min >= m {
			minutes = m
			break
		}
	}
	from := today.AddDays(1)
	c := calendar.Cadence{Unit: calendar.Weekly, Interval: 1, Days: []time.Weekday{from.Weekday()}, At: 17 * 60,
		Minutes: minutes, From: from, Count: 12, Anchor: calendar.AnchorMe}
	me, partner, err := p.People()
	if err != nil {
		return c, err
	}
	slots, err := calendar.FindSlots(me, partner, c, 1)
	if err != nil {
		return c, err
	}
	if len(slots) > 0 {
		c.Days, c.At = []time.Weekday{slots[0].Day}, slots[0].At
	}
	return c, nil
}

// PoolLinkOf is the pool pair partnership id was made from, or
// ErrNotFromPool for a partnership made by hand.
func (s *Core) PoolLinkOf(ctx context.Context, partnershipID int64) (pool.Link, error) {
	ps, err := s.pools()
	if err != nil {
		return pool.Link{}, err
	}
	l, err := ps.PoolLinkOf(ctx, partnershipID)
	if errors.Is(err, storage.ErrNotFound) {
		return l, fmt.Errorf("partnership %d: %w", partnershipID, ErrNotFromPool)
	}
	return l, err
}

// NotAFit returns both people of the pool pair partnership id was made
// from to the pool and forbids the pair; the partnership and its history
// stay. ErrNotFromPool for a partnership made by hand.
func (s *Core) NotAFit(ctx context.Context, partnershipID int64) (pool.Link, error) {
	ps, err := s.pools()
	if err != nil {
		return pool.Link{}, err
	}
	l, err := ps.EndPoolPair(ctx, partnershipID)
	if errors.Is(err, storage.ErrNotFound) {
		return l, fmt.Errorf("partnership %d: %w", partnershipID, ErrNotFromPool)
	}
	return l, err
}

// Cohort is every partnership made from the pool, oldest first, with its
// health now and its balance (mentoring.History's Health and Reciprocity,
// as the Overview shows them).
func (s *Core) Cohort(ctx context.Context, id int64) ([]pool.CohortRow, error) {
	ps, err := s.pools()
	if err != nil {
		return nil, err
	}
	if _, err := ps.Pool(ctx, id); err != nil {
		return nil, err
	}
	links, err := ps.PoolLinks(ctx, id)
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := make([]pool.CohortRow, 0, len(links))
	for _, l := range links {
		h, err := ps.History(ctx, l.PartnershipID)
		if err != nil {
			return nil, fmt.Errorf("cohort of pool %d: %w", id, err)
		}
		out = append(out, pool.CohortRow{Link: l, Partnership: h.Partnership, Health: h.Health(now), Reciprocity: h.Reciprocity()})
	}
	return out, nil
}
