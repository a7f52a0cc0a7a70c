package service_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/twoway-app/twoway/internal/fixture"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/pool"
	"github.com/twoway-app/twoway/internal/service"
	"github.com/twoway-app/twoway/storage"
)

// poolCSV writes people as a sign-up form's export.
func poolCSV(people []pool.Person) string {
	var b strings.Builder
	b.WriteString("Timestamp,Full name,Email address,Time zone,Comfortable hours,I can teach,I want to learn,Languages\n")
	for _, p := range people {
		b.WriteString(strings.Join([]string{"2026/11/02 9:14:03", p.Name, p.Email, p.Zone, p.Hours.String(),
			`"` + strings.Join(p.Offers, "; ") + `"`, `"` + strings.Join(p.Wants, "; ") + `"`, `"` + strings.Join(p.Languages, "; ") + `"`}, ",") + "\n")
	}
	return b.String()
}

func pairsOf(p pool.Proposal) map[pool.Pair]pool.Status {
	out := map[pool.Pair]pool.Status{}
	for _, pr := range p.Pairs {
		out[pr.Pair()] = pr.Status
	}
	return out
}

func TestPoolFromImportToNotAFit(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	core := newCore(s, nil)
	people := fixture.PoolPeople()
	good := poolCSV(people)

	// A bad row: the dry run lists it, a commit writes nothing.
	bad := people[0]
	bad.Email, bad.Zone = "nina@", "Europe/Berln"
	withBad := poolCSV(append(append([]pool.Person(nil), people...), bad))
	res, err := core.ImportPool(ctx, "Spring", strings.NewReader(withBad), pool.CSVOptions{}, false)
	if err != nil || res.Committed || res.Import.OK() || len(res.Import.Rows[8].Problems) != 2 {
		t.Fatalf("dry run: %+v %v", res, err)
	}
	if _, err := core.ImportPool(ctx, "Spring", strings.NewReader(withBad), pool.CSVOptions{}, true); !errors.Is(err, service.ErrImportProblems) {
		t.Fatalf("commit with a bad row: %v", err)
	}
	if list, _ := core.Pools(ctx); len(list) != 0 {
		t.Fatalf("a refused import wrote %v", list)
	}
	res, err = core.ImportPool(ctx, "Spring", strings.NewReader(good), pool.CSVOptions{}, true)
	if err != nil || !res.Committed || res.Added != 8 {
		t.Fatalf("import: %+v %v", res, err)
	}
	id := res.PoolID
	ana, raj, mei, ben, lea := people[0].Email, people[1].Email, people[2].Email, people[3].Email, people[4].Email

	prop, err := core.Match(ctx, id, pool.ModeBest)
	if err != nil {
		t.Fatal(err)
	}
	want := map[pool.Pair]pool.Status{
		pool.MakePair(ana, raj): pool.StatusProposed, pool.MakePair(mei, ben): pool.StatusProposed,
		pool.MakePair(lea, people[5].Email): pool.StatusProposed, pool.MakePair(people[6].Email, people[7].Email): pool.StatusProposed,
	}
	if got := pairsOf(prop); len(got) != 4 || len(prop.Unmatched) != 0 {
		t.Fatalf("proposal %v, unmatched %v", got, prop.Unmatched)
	} else {
		for pr, st := range want {
			if got[pr] != st {
				t.Errorf("%v: %q, want %q", pr, got[pr], st)
			}
		}
	}

	pid, err := core.AcceptPair(ctx, id, ana, raj)
	if err != nil {
		t.Fatal(err)
	}
	part, err := s.GetPartnership(ctx, pid)
	if err != nil || part.Me.Email != ana || part.Partner.Email != raj || !part.Rules.Confidentiality || part.Title != "Ana & Raj" {
		t.Fatalf("partnership: %+v %v", part, err)
	}
	topics, _ := s.Topics(ctx, pid)
	var titles []string
	for _, tp := range topics {
		titles = append(titles, tp.Title+"/"+string(tp.Teacher))
	}
	if strings.Join(titles, ",") != "Leadership/me,Social media/partner,Python/partner" {
		t.Errorf("topics: %v", titles)
	}
	c, err := s.GetSchedule(ctx, pid)
	if err != nil || c.Minutes != 60 || c.Count != 12 {
		t.Fatalf("cadence: %+v %v", c, err)
	}
	// Ready to invite; every session suits both.
	if _, err := core.PrepareInvite(ctx, pid, mentoring.MethodRequest, nil, now); err != nil {
		t.Errorf("invite: %v", err)
	}
	me, partner, _ := part.People()
	occs, err := c.Expand(me.Zone)
	if err != nil {
		t.Fatal(err)
	}
	if len(occs) != 12 {
		t.Fatalf("%d sessions", len(occs))
	}
	for _, o := range occs {
		if !me.Hours.Fits(o.Start.In(me.Zone), c.Duration()) || !partner.Hours.Fits(o.Start.In(partner.Zone), c.Duration()) {
			t.Errorf("session %s outside someone's hours", o.Start)
		}
	}

	prop, _ = core.Match(ctx, id, pool.ModeBest)
	if pairsOf(prop)[pool.MakePair(ana, raj)] != pool.StatusAccepted || prop.Pairs[0].PartnershipID != pid {
		t.Errorf("after accepting: %v", pairsOf(prop))
	}
	for _, tc := range []struct {
		name string
		a, b string
		err  error
	}{
		{"taken", mei, ana, service.ErrAlreadyPaired},
		{"not in pool", mei, "nobody@example.org", service.ErrNotInPool},
		{"same person", mei, strings.ToUpper(mei), service.ErrSamePerson},
	} {
		if _, err := core.AcceptPair(ctx, id, tc.a, tc.b); !errors.Is(err, tc.err) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.err)
		}
	}
	var ex *service.ExcludedError
	if _, err := core.AcceptPair(ctx, id, lea, ben); !errors.As(err, &ex) || ex.Excluded != pool.ExcludedOneWay {
		t.Errorf("one way: %v", err)
	}

	// Not a fit: both back, the pair forbidden, Ana and Raj left with no one.
	if _, err := core.NotAFit(ctx, pid); err != nil {
		t.Fatal(err)
	}
	prop, _ = core.Match(ctx, id, pool.ModeBest)
	reasons := map[string]pool.Reason{}
	for _, u := range prop.Unmatched {
		reasons[u.Email] = u.Reason
	}
	if reasons[ana] != pool.ReasonForbidden || reasons[raj] != pool.ReasonForbidden || len(prop.Pairs) != 3 {
		t.Errorf("after not a fit: pairs %v, unmatched %v", pairsOf(prop), reasons)
	}
	if _, err := core.AcceptPair(ctx, id, raj, ana); !errors.Is(err, service.ErrForbiddenPair) {
		t.Errorf("accept a forbidden pair: %v", err)
	}
	rows, err := core.Cohort(ctx, id)
	if err != nil || len(rows) != 1 || !rows[0].Ended || rows[0].Partnership.ID != pid || rows[0].Health.Status != mentoring.HealthNotStarted {
		t.Errorf("cohort: %+v %v", rows, err)
	}

	hand := fixture.Pair()
	handID, _ := s.CreatePartnership(ctx, &hand)
	if _, err := core.NotAFit(ctx, handID); !errors.Is(err, service.ErrNotFromPool) {
		t.Errorf("not a fit of a partnership made by hand: %v", err)
	}
	if _, err := core.Cohort(ctx, 99); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("cohort of no pool: %v", err)
	}
}

func TestPoolRules(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	core := newCore(s, nil)
	people := fixture.PoolPeople()
	res, err := core.ImportPool(ctx, "Rules", strings.NewReader(poolCSV(people)), pool.CSVOptions{}, true)
	if err != nil {
		t.Fatal(err)
	}
	id := res.PoolID
	ana, raj, mei, ben := people[0].Email, people[1].Email, people[2].Email, people[3].Email
	// Lock Ana with Mei (no candidate): the proposal keeps them; Raj and
	// Ben lose their partners.
	if err := core.Lock(ctx, id, ana, mei); err != nil {
		t.Fatal(err)
	}
	if err := core.Lock(ctx, id, ana, ben); !errors.Is(err, service.ErrAlreadyPaired) {
		t.Errorf("second lock of Ana: %v", err)
	}
	prop, _ := core.Match(ctx, id, pool.ModeBest)
	if pairsOf(prop)[pool.MakePair(ana, mei)] != pool.StatusLocked {
		t.Errorf("locked: %v", pairsOf(prop))
	}
	// Forbidding drops the lock.
	if err := core.Forbid(ctx, id, mei, ana); err != nil {
		t.Fatal(err)
	}
	p, _ := core.Pool(ctx, id)
	if len(p.Locked) != 0 || len(p.Forbidden) != 1 {
		t.Errorf("after forbid: locked %v forbidden %v", p.Locked, p.Forbidden)
	}
	if err := core.Lock(ctx, id, ana, mei); !errors.Is(err, service.ErrForbiddenPair) {
		t.Errorf("lock a forbidden pair: %v", err)
	}
	if err := core.Unforbid(ctx, id, ana, mei); err != nil {
		t.Fatal(err)
	}
	if err := core.Forbid(ctx, id, ana, raj); err != nil {
		t.Fatal(err)
	}
	prop, _ = core.Match(ctx, id, pool.ModeBest)
	if _, ok := pairsOf(prop)[pool.MakePair(ana, raj)]; ok {
		t.Error("a forbidden pair was proposed")
	}
	// By hand: add, update, remove.
	extra := pool.Person{Name: "Zoe Park", Email: "zoe@example.org", Zone: "Asia/Seoul", Hours: people[0].Hours,
		Offers: []string{"Leadership"}, Wants: []string{"Python"}}
	if err := core.AddPerson(ctx, id, &extra); err != nil {
		t.Fatal(err)
	}
	extra.Zone = "Asia/Seul"
	var ve *mentoring.ValidationError
	if err := core.UpdatePerson(ctx, id, extra.Email, &extra); !errors.As(err, &ve) || ve.Fields[0].Code != pool.CodeUnknownZone {
		t.Errorf("bad zone: %v", err)
	}
	if err := core.RemovePerson(ctx, id, extra.Email); err != nil {
		t.Error(err)
	}
	if err := core.SetSynonyms(ctx, id, [][]string{{"python", "coding"}}); err != nil {
		t.Error(err)
	}
	if p, _ := core.PoolNamed(ctx, "rules"); len(p.People) != 8 || len(p.Synonyms) != 1 {
		t.Errorf("pool: %d people, synonyms %v", len(p.People), p.Synonyms)
	}
}

// TestAcceptPairMakesTheUserMe: when the user is one of the two (their own
// mail address is B's, in any case), the partnership has them as "me"; a
// coordinator pairing others gets A as "me".
func TestAcceptPairMakesTheUserMe(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	core := newCore(s, nil)
	people := fixture.PoolPeople()
	res, err := core.ImportPool(ctx, "Spring", strings.NewReader(poolCSV(people)), pool.CSVOptions{}, true)
	if err != nil {
		t.Fatal(err)
	}
	ana, raj, mei, ben := people[0].Email, people[1].Email, people[2].Email, people[3].Email
	tests := []struct {
		from, a, b, me string
	}{
		{"", ana, raj, ana},                   // a coordinator: A is me
		{strings.ToUpper(ben), mei, ben, ben}, // the user is B
	}
	for _, tt := range tests {
		if tt.from != "" {
			if err := s.SetMailSettings(ctx, mentoring.MailSettings{Host: "smtp.example.org", Port: 587,
				Security: mentoring.SecurityStartTLS, From: tt.from}); err != nil {
				t.Fatal(err)
			}
		}
		pid, err := core.AcceptPair(ctx, res.PoolID, tt.a, tt.b)
		if err != nil {
			t.Fatal(err)
		}
		if p, _ := s.GetPartnership(ctx, pid); p.Me.Email != tt.me {
			t.Errorf("from %q, accept %s & %s: me is %s, want %s", tt.from, tt.a, tt.b, p.Me.Email, tt.me)
		}
	}
}
