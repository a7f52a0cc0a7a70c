package storage

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/fixture"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/pool"
)

func TestPoolImportAndMembers(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	people := fixture.PoolPeople()
	id, added, updated, err := s.ImportPool(ctx, "Spring cohort", pool.DefaultSynonyms(), people[:3])
	if err != nil || added != 3 || updated != 0 {
		t.Fatalf("import: id %d, %d added, %d updated, %v", id, added, updated, err)
	}
	// Importing again into the same pool (any case) replaces the members it
	// has and adds the others.
	changed := append([]pool.Person(nil), people[1:4]...)
	changed[0].Hours = calendar.Window{Start: 7 * 60, End: 9 * 60}
	id2, added, updated, err := s.ImportPool(ctx, "spring COHORT", nil, changed)
	if err != nil || id2 != id || added != 1 || updated != 2 {
		t.Fatalf("reimport: id %d, %d added, %d updated, %v", id2, added, updated, err)
	}
	// An invalid person: nothing is written, not even the valid ones.
	bad := append([]pool.Person(nil), people[4:6]...)
	bad[1].Zone = "Mars/Olympus"
	if _, _, _, err := s.ImportPool(ctx, "Spring cohort", nil, bad); !mentoring.IsValidation(err) {
		t.Fatalf("invalid import: %v", err)
	}
	if _, _, _, err := s.ImportPool(ctx, "Other", nil, bad); !mentoring.IsValidation(err) {
		t.Fatalf("invalid import: %v", err)
	}
	p, err := s.Pool(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.People) != 4 || p.People[1].Hours.Start != 7*60 || p.People[0].ID == 0 {
		t.Fatalf("people: %+v", p.People)
	}
	if !reflect.DeepEqual(p.People[0].Wants, people[0].Wants) || !reflect.DeepEqual(p.People[0].Languages, people[0].Languages) {
		t.Errorf("lists read back: %+v", p.People[0])
	}
	if !reflect.DeepEqual(p.Synonyms, pool.DefaultSynonyms()) {
		t.Errorf("synonyms: %v", p.Synonyms)
	}
	list, err := s.Pools(ctx)
	if err != nil || len(list) != 1 || list[0].Name != "Spring cohort" || list[0].People != 4 {
		t.Errorf("pools: %+v %v", list, err)
	}
	if got, err := s.PoolID(ctx, " spring cohort "); err != nil || got != id {
		t.Errorf("PoolID: %d %v", got, err)
	}
	if _, err := s.PoolID(ctx, "autumn"); !errors.Is(err, ErrNotFound) {
		t.Errorf("PoolID of a missing pool: %v", err)
	}
	if _, err := s.CreatePool(ctx, "SPRING cohort", nil); !errors.Is(err, ErrExists) {
		t.Errorf("second pool of the same name: %v", err)
	}

	// By hand: a duplicate email is refused as a field error.
	dup := people[0]
	dup.Email = "ANA@example.org"
	if err := s.AddPoolPerson(ctx, id, &dup); !mentoring.IsValidation(err) {
		t.Errorf("duplicate: %v", err)
	}
	extra := people[6]
	if err := s.AddPoolPerson(ctx, id, &extra); err != nil || extra.ID == 0 {
		t.Fatalf("add: %v", err)
	}
	extra.Email = "new-address@example.org"
	if err := s.UpdatePoolPerson(ctx, id, people[6].Email, &extra); err != nil {
		t.Fatalf("update: %v", err)
	}
	extra.Email = people[0].Email // taken by another member
	if err := s.UpdatePoolPerson(ctx, id, "new-address@example.org", &extra); !mentoring.IsValidation(err) {
		t.Errorf("update to a taken email: %v", err)
	}
	if err := s.UpdatePoolPerson(ctx, id, "nobody@example.org", &extra); !errors.Is(err, ErrNotFound) {
		t.Errorf("update of a missing member: %v", err)
	}
	if err := s.RemovePoolPerson(ctx, id, "New-Address@example.org"); err != nil {
		t.Errorf("remove: %v", err)
	}
	if err := s.RemovePoolPerson(ctx, id, "New-Address@example.org"); !errors.Is(err, ErrNotFound) {
		t.Errorf("remove twice: %v", err)
	}
	if err := s.SetSynonyms(ctx, id, [][]string{{" Excel ", "spreadsheets"}, {"alone"}, {"", " "}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Synonyms(ctx, id); !reflect.DeepEqual(got, [][]string{{"Excel", "spreadsheets"}}) {
		t.Errorf("synonyms: %v", got)
	}
	if err := s.SetSynonyms(ctx, 99, nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("synonyms of a missing pool: %v", err)
	}
}

func TestPoolRulesAndPartnerships(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	people := fixture.PoolPeople()
	id, _, _, err := s.ImportPool(ctx, "Cohort", nil, people)
	if err != nil {
		t.Fatal(err)
	}
	ana, raj, mei := people[0].Email, people[1].Email, people[2].Email
	for _, r := range []struct {
		kind pool.Rule
		a, b string
	}{{pool.RuleLocked, raj, ana}, {pool.RuleForbidden, mei, ana}, {pool.RuleForbidden, mei, ana}, {pool.RulePast, mei, raj}} {
		if err := s.SetPoolRule(ctx, id, r.kind, pool.Pair{A: r.a, B: r.b}, true); err != nil {
			t.Fatal(err)
		}
	}
	p, _ := s.Pool(ctx, id)
	if !reflect.DeepEqual(p.Locked, []pool.Pair{pool.MakePair(ana, raj)}) || !reflect.DeepEqual(p.Forbidden, []pool.Pair{pool.MakePair(ana, mei)}) ||
		!reflect.DeepEqual(p.Past, []pool.Pair{pool.MakePair(mei, raj)}) {
		t.Errorf("rules: %v %v %v", p.Locked, p.Forbidden, p.Past)
	}
	if err := s.SetPoolRule(ctx, id, pool.RuleForbidden, pool.Pair{A: ana, B: mei}, false); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.Pool(ctx, id); len(p.Forbidden) != 0 {
		t.Errorf("unforbid: %v", p.Forbidden)
	}

	// Accepting Ana and Raj: one partnership, its topics and cadence, the
	// link; the lock is gone.
	part := fixture.Pair()
	topics := []mentoring.Topic{{Title: "Social media", Teacher: mentoring.SidePartner, Status: mentoring.TopicProposed},
		{Title: "Leadership", Teacher: mentoring.SideMe, Status: mentoring.TopicProposed}}
	c := fixture.Weekly(part)
	pid, err := s.CreatePoolPartnership(ctx, id, pool.Pair{A: ana, B: raj}, &part, topics, c)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := s.Topics(ctx, pid)
	if len(got) != 2 || got[1].Title != "Leadership" || got[1].Teacher != mentoring.SideMe || got[0].UID == "" {
		t.Errorf("topics: %+v", got)
	}
	if sc, err := s.GetSchedule(ctx, pid); err != nil || sc.At != c.At {
		t.Errorf("schedule: %+v %v", sc, err)
	}
	p, _ = s.Pool(ctx, id)
	if len(p.Locked) != 0 || len(p.Paired) != 1 || p.Paired[0].PartnershipID != pid || p.Paired[0].Pair != pool.MakePair(ana, raj) {
		t.Errorf("after accepting: locked %v, paired %v", p.Locked, p.Paired)
	}
	// Raj is taken: a second partnership with him is refused and nothing is
	// written.
	before, _ := s.ListPartnerships(ctx)
	again := fixture.Pair()
	if _, err := s.CreatePoolPartnership(ctx, id, pool.Pair{A: mei, B: raj}, &again, topics, c); !errors.Is(err, ErrExists) {
		t.Errorf("Raj twice: %v", err)
	}
	// A bad cadence: refused before anything is written.
	bad := fixture.Pair()
	if _, err := s.CreatePoolPartnership(ctx, id, pool.Pair{A: mei, B: people[3].Email}, &bad, topics, calendar.Cadence{}); err == nil {
		t.Error("no cadence: no error")
	}
	if after, _ := s.ListPartnerships(ctx); len(after) != len(before) {
		t.Errorf("partnerships %d → %d after refusals", len(before), len(after))
	}
	if l, err := s.PoolLinkOf(ctx, pid); err != nil || l.PoolID != id || l.Ended {
		t.Errorf("link: %+v %v", l, err)
	}
	if _, err := s.PoolLinkOf(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("link of no partnership: %v", err)
	}

	// Not a fit: back in the pool, forbidden, still a past partner, the
	// partnership kept.
	if _, err := s.EndPoolPair(ctx, pid); err != nil {
		t.Fatal(err)
	}
	p, _ = s.Pool(ctx, id)
	if len(p.Paired) != 0 || !reflect.DeepEqual(p.Forbidden, []pool.Pair{pool.MakePair(ana, raj)}) ||
		!reflect.DeepEqual(p.Past, []pool.Pair{pool.MakePair(mei, raj), pool.MakePair(ana, raj)}) {
		t.Errorf("after not a fit: paired %v forbidden %v past %v", p.Paired, p.Forbidden, p.Past)
	}
	if _, err := s.GetPartnership(ctx, pid); err != nil {
		t.Errorf("partnership gone: %v", err)
	}
	links, _ := s.PoolLinks(ctx, id)
	if len(links) != 1 || !links[0].Ended {
		t.Errorf("links: %+v", links)
	}
	if list, _ := s.Pools(ctx); list[0].Paired != 0 {
		t.Errorf("pools: %+v", list)
	}
	// Deleting the partnership drops the link with it.
	if err := s.DeletePartnership(ctx, pid); err != nil {
		t.Fatal(err)
	}
	if links, _ := s.PoolLinks(ctx, id); len(links) != 0 {
		t.Errorf("links after delete: %+v", links)
	}
	if err := s.DeletePool(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Pool(ctx, id); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleted pool: %v", err)
	}
	_ = time.Now
}
