package pool

import (
	"fmt"
	"math"
	"math/rand"
	"reflect"
	"sync"
	"testing"

	"github.com/twoway-app/twoway/calendar"
)

// benchPool is a made-up sign-up of n people shaped like a real programme:
// most people in a dozen big zones and the rest spread over two dozen more,
// comfortable hours from a handful of typical windows (office hours, early
// mornings, evenings), one to four offers and one to five ranked wants
// from a vocabulary of 40 topics in which a few are far more popular than
// the rest (as "leadership" and "public speaking" are on real forms), and
// English plus often a second language. The popular topics make the
// candidate graph dense-ish: a person gains both ways with a few percent of
// the pool. Seeded, so every run scores the same pool.
func benchPool(n int, seed int64) Pool {
	rng := rand.New(rand.NewSource(seed))
	bigZones := []string{
		"America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/London",
		"Europe/Berlin", "Europe/Paris", "Asia/Kolkata", "Asia/Singapore", "Australia/Sydney",
		"America/Sao_Paulo", "Africa/Lagos", "Asia/Tokyo",
	}
	smallZones := []string{
		"America/Denver", "America/Phoenix", "America/Toronto", "America/Mexico_City",
		"America/Bogota", "America/Argentina/Buenos_Aires", "America/Halifax", "Pacific/Auckland",
		"Europe/Madrid", "Europe/Rome", "Europe/Amsterdam", "Europe/Stockholm", "Europe/Warsaw",
		"Europe/Athens", "Europe/Istanbul", "Europe/Dublin", "Europe/Lisbon", "Africa/Nairobi",
		"Africa/Johannesburg", "Africa/Cairo", "Asia/Dubai", "Asia/Karachi", "Asia/Dhaka",
		"Asia/Jakarta", "Asia/Manila", "Asia/Seoul", "Australia/Perth", "Australia/Adelaide",
	}
	hours := []string{
		"09:00-17:00", "09:00-17:00", "08:00-12:00", "12:00-14:00", "17:00-21:00",
		"18:00-22:00", "07:00-09:00", "13:00-18:00", "19:00-23:00", "06:00-08:00",
	}
	topics := []string{
		"leadership", "public speaking", "social media", "excel", "negotiation", "python",
		"design", "writing", "sales", "marketing", "data analysis", "career planning",
		"project management", "networking", "finance", "budgeting", "coding", "javascript",
		"photography", "video editing", "ux research", "product management", "hiring",
		"interviewing", "time management", "mentoring", "storytelling", "spanish", "french",
		"german", "cooking", "fitness", "mindfulness", "entrepreneurship", "fundraising",
		"accounting", "law", "machine learning", "cloud computing", "cybersecurity",
	}
	// Popularity falls off as 1/rank: the first topic is chosen about
	// seven times as often as the tenth.
	var cum []float64
	var sum float64
	for i := range topics {
		sum += 1 / math.Pow(float64(i+1), 0.9)
		cum = append(cum, sum)
	}
	pickTopics := func(k int) []string {
		var out []string
		seen := map[int]bool{}
		for len(out) < k {
			x := rng.Float64() * sum
			i := 0
			for cum[i] < x {
				i++
			}
			if !seen[i] {
				seen[i] = true
				out = append(out, topics[i])
			}
		}
		return out
	}
	second := []string{"Spanish", "French", "German", "Portuguese", "Hindi", "Mandarin"}
	var p Pool
	for i := range n {
		zone := bigZones[rng.Intn(len(bigZones))]
		if rng.Intn(4) == 0 {
			zone = smallZones[rng.Intn(len(smallZones))]
		}
		w, err := calendar.ParseWindow(hours[rng.Intn(len(hours))])
		if err != nil {
			panic(err)
		}
		m := Person{
			Name:   fmt.Sprintf("Person %d", i),
			Email:  fmt.Sprintf("p%04d@example.org", i),
			Zone:   zone,
			Hours:  w,
			Offers: pickTopics(1 + rng.Intn(4)),
			Wants:  pickTopics(1 + rng.Intn(5)),
		}
		m.Languages = []string{"English"}
		if rng.Intn(3) == 0 {
			m.Languages = append(m.Languages, second[rng.Intn(len(second))])
		}
		p.People = append(p.People, m)
	}
	return p
}

var benchPools = map[int]func() Pool{
	1000: sync.OnceValue(func() Pool { return benchPool(1000, 1) }),
	5000: sync.OnceValue(func() Pool { return benchPool(5000, 2) }),
}

func benchmarkPropose(b *testing.B, n int) {
	p := benchPools[n]()
	b.ReportAllocs()
	b.ResetTimer()
	var prop Proposal
	for b.Loop() {
		var err error
		if prop, err = Propose(p, Options{From: jan1}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.Logf("n=%d: %d candidate edges, %d pairs, %d unmatched, total %d",
		n, len(prop.Edges), len(prop.Pairs), len(prop.Unmatched), prop.Total)
}

// BenchmarkPropose1000 scores every pair of a 1,000-person pool (499,500
// pairs) and pairs it.
func BenchmarkPropose1000(b *testing.B) { benchmarkPropose(b, 1000) }

// BenchmarkPropose5000 does the same for 5,000 people (MaxPeople), 12.5
// million pairs.
func BenchmarkPropose5000(b *testing.B) { benchmarkPropose(b, 5000) }

// TestProposeCachesAgreeWithFreshScores checks the shortcuts Propose takes
// on a pool of the benchmark's shape: every candidate edge is the Score a
// fresh Scorer gives the pair with an overlap computed from scratch, and
// every pair that mayGain turns away has no mutual gain.
func TestProposeCachesAgreeWithFreshScores(t *testing.T) {
	p := benchPool(150, 7)
	p.Synonyms = DefaultSynonyms()
	prop, err := Propose(p, Options{From: jan1})
	if err != nil {
		t.Fatal(err)
	}
	byEmail := map[string]Person{}
	for _, m := range p.People {
		byEmail[Key(m.Email)] = m
	}
	for _, e := range prop.Edges {
		fresh, err := NewScorer(p.Synonyms, DefaultWeights, jan1).Score(byEmail[e.A], byEmail[e.B])
		if err != nil {
			t.Fatal(err)
		}
		o, err := OverlapBetween(byEmail[e.A], byEmail[e.B], jan1)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(e, fresh) || !reflect.DeepEqual(e.Overlap, o) {
			t.Fatalf("%s–%s: Propose has %+v, a fresh score %+v (overlap %+v)", e.A, e.B, e, fresh, o)
		}
	}
	sc := NewScorer(p.Synonyms, DefaultWeights, jan1)
	members := make([]member, len(p.People))
	for i, m := range p.People {
		members[i] = sc.prepare(m)
	}
	for i := range members {
		for j := i + 1; j < len(members); j++ {
			if sc.mayGain(&members[i], &members[j]) {
				continue
			}
			if s, _ := sc.score(members[i], members[j]); s.Mutual != 0 {
				t.Fatalf("%s–%s: turned away, but Mutual %d", members[i].key, members[j].key, s.Mutual)
			}
		}
	}
	if len(prop.Edges) < 100 {
		t.Fatalf("only %d candidate edges: the pool checks too little", len(prop.Edges))
	}
}
