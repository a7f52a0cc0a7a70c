// Package pool is the domain of matching: a pool of people who signed up
// for reciprocal mentoring (often a spreadsheet exported from a sign-up
// form), the score of each possible pair and the proposal that pairs the
// whole pool at once.
//
// A pair is a candidate only when both gain: what A offers meets one of B's
// ranked wants AND what B offers meets one of A's, and the two share
// comfortable hours in every stretch of the next twelve months between the
// two zones' daylight-saving changes. The score is an integer built from
// parts that are all kept (Score), so a front end can say why a pair was
// proposed in its own language. The pairing itself is a maximum-weight
// matching on the general graph of candidates (internal/matching).
//
// Like internal/mentoring, the package is pure: no storage, no screens, no
// sentences. Problems are mentoring.FieldError codes; reasons are codes
// with facts beside them.
package pool

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/mentoring"
)

// Person is one member of a pool as they answered the sign-up form.
type Person struct {
	ID    int64 // the store's id; 0 before it is stored
	Name  string
	Email string
	// Zone is an IANA time zone name such as "Europe/Berlin".
	Zone string
	// Hours are the daily hours, in Zone, this person finds comfortable
	// for calls (every day of the week).
	Hours calendar.Window
	// Offers is what the person can teach.
	Offers []string
	// Wants is what the person wants to learn, most wanted first: the
	// rank of a want (1 for the first) weighs how much meeting it counts.
	Wants []string
	// Languages are the languages the person can hold a call in.
	Languages []string
}

// Pair names two people of a pool by email. Use MakePair, which orders
// the two, so a pair and its mirror compare equal.
type Pair struct {
	A, B string
}

// MakePair returns the pair of emails a and b in a fixed order (lower
// case, the smaller first).
func MakePair(a, b string) Pair {
	a, b = Key(a), Key(b)
	if b < a {
		a, b = b, a
	}
	return Pair{a, b}
}

// Has reports whether email is one of the pair.
func (p Pair) Has(email string) bool { k := Key(email); return p.A == k || p.B == k }

// Other returns the partner of email in the pair.
func (p Pair) Other(email string) string {
	if Key(email) == p.A {
		return p.B
	}
	return p.A
}

// Key is how emails are compared: trimmed and in lower case, since
// Ana@Example.org and ana@example.org reach the same person.
func Key(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// Pool is a programme's people and the rules for pairing them.
type Pool struct {
	ID     int64
	Name   string
	People []Person
	// Synonyms are groups of words that mean the same to this pool
	// ("excel", "spreadsheets"): an offer meets a want when both fall in
	// one group.
	Synonyms [][]string
	// Locked pairs are kept together by every proposal; Forbidden pairs
	// are never proposed (a reporting line, a pair that was not a fit);
	// Past partners are never paired again.
	Locked, Forbidden, Past []Pair
	// Paired are the pairs accepted as partnerships that are still
	// running: their people are out of the next proposal.
	Paired []Accepted
}

// Accepted is a pair of the pool that became a partnership.
type Accepted struct {
	Pair
	PartnershipID int64
}

// Person returns the member with email, if any.
func (p Pool) Person(email string) (Person, bool) {
	k := Key(email)
	for _, m := range p.People {
		if Key(m.Email) == k {
			return m, true
		}
	}
	return Person{}, false
}

// Codes of the problems particular to a pool, besides mentoring's.
const (
	// CodeDuplicate: Value (an email) is already used by the member on
	// Row: the index in Pool.People of the member who has it (ParseCSV
	// rewrites it to that member's line of the file).
	CodeDuplicate mentoring.Code = "duplicate_email"
	// CodeUnknownZone: Value is no IANA zone; Suggestions ([]string) are
	// the closest zone names, perhaps none.
	CodeUnknownZone mentoring.Code = "unknown_zone"
)

// Field names of a person's problems: the same as the CSV fields.
const (
	FieldName      = "name"
	FieldEmail     = "email"
	FieldZone      = "zone"
	FieldHours     = "hours"
	FieldOffers    = "offers"
	FieldWants     = "wants"
	FieldLanguages = "languages"
)

// Limits on a member's lists and the pool, so a pasted novel stays out.
const (
	maxText   = 200
	maxItems  = 30
	MaxPeople = 5000
)

// Normalize trims every field and drops empty list entries and entries
// repeated in one list (the first stays: it carries the rank).
func (p *Person) Normalize() {
	p.Name = strings.Join(strings.Fields(p.Name), " ")
	p.Email = strings.TrimSpace(p.Email)
	p.Zone = strings.TrimSpace(p.Zone)
	// Sign-up forms ask for a city or a zone's name ("Mumbai", "Pacific
	// Time"): what names exactly one zone becomes that zone.
	if _, err := calendar.LoadZone(p.Zone); err != nil && p.Zone != "" {
		if z, _, err := calendar.ResolveZone(p.Zone); err == nil {
			p.Zone = z
		}
	}
	p.Offers, p.Wants, p.Languages = cleanList(p.Offers), cleanList(p.Wants), cleanList(p.Languages)
}

func cleanList(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range in {
		s = strings.Join(strings.Fields(s), " ")
		if s == "" || seen[strings.ToLower(s)] {
			continue
		}
		seen[strings.ToLower(s)] = true
		out = append(out, s)
	}
	return out
}

// Problems lists what is wrong with p, field by field; none when p can
// join a pool. Offers and wants are required: reciprocal mentoring needs
// both lists from everyone.
func (p Person) Problems() []mentoring.FieldError {
	var out []mentoring.FieldError
	add := func(field string, pr *mentoring.Problem) {
		if pr != nil {
			out = append(out, mentoring.FieldError{Field: field, Code: pr.Code, Args: pr.Args})
		}
	}
	add(FieldName, checkText(p.Name, true))
	add(FieldEmail, mentoring.CheckEmail(p.Email))
	add(FieldZone, CheckZone(p.Zone))
	add(FieldHours, mentoring.CheckHours(p.Hours))
	add(FieldOffers, checkList(p.Offers, true))
	add(FieldWants, checkList(p.Wants, true))
	add(FieldLanguages, checkList(p.Languages, false))
	return out
}

// Validate is Problems as an error (*mentoring.ValidationError), nil when
// there are none.
func (p Person) Validate() error {
	if ps := p.Problems(); len(ps) > 0 {
		return &mentoring.ValidationError{Fields: ps}
	}
	return nil
}

func checkText(s string, required bool) *mentoring.Problem {
	switch {
	case required && s == "":
		return &mentoring.Problem{Code: mentoring.CodeRequired}
	case len([]rune(s)) > maxText:
		return &mentoring.Problem{Code: mentoring.CodeTooLong, Args: mentoring.Args{"Max": maxText}}
	}
	return nil
}

func checkList(items []string, required bool) *mentoring.Problem {
	if required && len(items) == 0 {
		return &mentoring.Problem{Code: mentoring.CodeRequired}
	}
	if len(items) > maxItems {
		return &mentoring.Problem{Code: mentoring.CodeTooMany, Args: mentoring.Args{"Max": maxItems}}
	}
	for _, s := range items {
		if pr := checkText(s, false); pr != nil {
			r := []rune(s)
			pr.Args["Entry"] = string(r[:min(len(r), 30)])
			return pr
		}
	}
	return nil
}

// CheckZone returns why name is not a usable zone, or nil. An unknown
// zone comes with the closest names (CodeUnknownZone, Args Suggestions),
// so "New York" or "Europe/Berln" can be corrected with one choice.
func CheckZone(name string) *mentoring.Problem {
	if name == "" {
		return &mentoring.Problem{Code: mentoring.CodeZoneRequired}
	}
	if _, err := calendar.LoadZone(name); err != nil {
		return &mentoring.Problem{Code: CodeUnknownZone, Args: mentoring.Args{"Value": name, "Suggestions": zoneSuggestions(name, 3)}}
	}
	return nil
}

// zoneSuggestions are the zones an ambiguous entry may mean ("Springfield",
// "CST"), or else those SuggestZones finds close to it.
func zoneSuggestions(typed string, limit int) []string {
	_, cands, err := calendar.ResolveZone(typed)
	if !errors.Is(err, calendar.ErrAmbiguousZone) {
		cands = nil // what merely contains a word of it is no suggestion
	}
	var out []string
	seen := map[string]bool{}
	for _, c := range cands {
		if !seen[c.Zone] && len(out) < limit {
			seen[c.Zone] = true
			out = append(out, c.Zone)
		}
	}
	if len(out) > 0 {
		return out
	}
	return SuggestZones(typed, limit)
}

// SuggestZones returns up to limit IANA zone names close to what someone
// typed: first the zones containing every word of it ("new york",
// "(GMT+01:00) Berlin"), then those whose name or city is a few typing
// mistakes away ("Europe/Berln"). Ties go alphabetically, so the answer is
// the same every time.
func SuggestZones(typed string, limit int) []string {
	words := zoneWords(typed)
	if len(words) == 0 || limit <= 0 {
		return nil
	}
	type cand struct {
		name string
		dist int
	}
	var cands []cand
	q := strings.Join(words, " ")
	for _, z := range calendar.ZoneNames() {
		hay := strings.ToLower(strings.ReplaceAll(z, "_", " "))
		all := true
		for _, w := range words {
			if !strings.Contains(hay, w) {
				all = false
				break
			}
		}
		if all {
			cands = append(cands, cand{z, -1})
			continue
		}
		city := hay[strings.LastIndexByte(hay, '/')+1:]
		d := min(editDistance(q, hay), editDistance(q, city))
		for _, w := range words { // "(GMT+01:00) Berlim": one word near the city
			if len(w) >= 4 {
				d = min(d, editDistance(w, city)+1)
			}
		}
		if d <= max(2, len(q)/4) {
			cands = append(cands, cand{z, d})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].dist != cands[j].dist {
			return cands[i].dist < cands[j].dist
		}
		return cands[i].name < cands[j].name
	})
	var out []string
	for _, c := range cands {
		if len(out) == limit {
			break
		}
		out = append(out, c.name)
	}
	return out
}

// zoneWords are the lower-case words of a typed zone, without the
// "(GMT+01:00)" or "UTC+1" decoration forms add.
func zoneWords(s string) []string {
	s = strings.ToLower(strings.NewReplacer("_", " ", "/", " ", "(", " ", ")", " ", ",", " ").Replace(s))
	var out []string
	for _, w := range strings.Fields(s) {
		if strings.HasPrefix(w, "gmt") || strings.HasPrefix(w, "utc") || strings.ContainsAny(w, "0123456789+") {
			continue
		}
		out = append(out, w)
	}
	return out
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// ErrTooMany is returned for a pool over MaxPeople.
var ErrTooMany = errors.New("pool: too many people")

// Check returns the problems of every member of the pool, by index, and
// the emails used twice (CodeDuplicate on the later member).
func (p Pool) Check() (map[int][]mentoring.FieldError, error) {
	if len(p.People) > MaxPeople {
		return nil, fmt.Errorf("%w: %d, at most %d", ErrTooMany, len(p.People), MaxPeople)
	}
	out := map[int][]mentoring.FieldError{}
	seen := map[string]int{}
	for i, m := range p.People {
		if ps := m.Problems(); len(ps) > 0 {
			out[i] = ps
		}
		k := Key(m.Email)
		if k == "" {
			continue
		}
		if first, dup := seen[k]; dup {
			out[i] = append(out[i], mentoring.FieldError{Field: FieldEmail, Code: CodeDuplicate, Args: mentoring.Args{"Value": m.Email, "Row": first}})
			continue
		}
		seen[k] = i
	}
	return out, nil
}

// Rule is the kind of a pair rule a pool keeps.
type Rule string

// Pair rules.
const (
	RuleLocked    Rule = "locked"
	RuleForbidden Rule = "forbidden"
	RulePast      Rule = "past"
)

// Summary is what a list of pools shows.
type Summary struct {
	ID     int64
	Name   string
	People int
	// Paired is how many running partnerships came from the pool.
	Paired int
}

// Link is a partnership made from a pair of the pool. Ended is set when
// the pair was found not a fit: the partnership stays, its people are
// back in the pool.
type Link struct {
	PoolID        int64
	PartnershipID int64
	Pair
	Ended bool
}

// CohortRow is one partnership of a pool in the cohort view: how its
// series goes and how balanced it is, as internal/mentoring reckons.
type CohortRow struct {
	Link
	Partnership mentoring.Partnership
	Health      mentoring.Health
	Reciprocity mentoring.Reciprocity
}
