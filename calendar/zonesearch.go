package calendar

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// People name a time zone by their city ("Tokyo"), their country ("Japan",
// "Deutschland"), what their clock is called ("Pacific Time",
// "Mitteleuropäische Zeit", "CST", Windows' "Tokyo Standard Time") or, rarely,
// by its IANA name. FindZones turns any of these into IANA zones while they
// type, and ResolveZone into the one zone they meant, or the candidates when
// it cannot tell. The names come from zonesearch_data.go (see
// gen_zonesearch.sh for the sources and their licenses).

// ErrAmbiguousZone is returned by ResolveZone when an entry names more than
// one zone ("Springfield", "CST"); the candidates come with it.
var ErrAmbiguousZone = errors.New("ambiguous time zone")

// ZoneKind says what kind of name matched.
type ZoneKind uint8

// The kinds of names FindZones matches.
const (
	ZoneIANA         ZoneKind = iota + 1 // "Asia/Tokyo"
	ZoneCity                             // an exemplar city or a city of the table: "Tokyo", "München"
	ZoneCountry                          // "Japan", "Deutschland"
	ZoneGenericName                      // "Pacific Time", "Mitteleuropäische Sommerzeit"
	ZoneAbbreviation                     // "CST", "MEZ"
	ZoneWindowsName                      // "Tokyo Standard Time"
)

func (k ZoneKind) String() string {
	switch k {
	case ZoneIANA:
		return "IANA"
	case ZoneCity:
		return "city"
	case ZoneCountry:
		return "country"
	case ZoneGenericName:
		return "name"
	case ZoneAbbreviation:
		return "abbreviation"
	case ZoneWindowsName:
		return "Windows name"
	}
	return fmt.Sprintf("ZoneKind(%d)", uint8(k))
}

// MatchQuality orders how well a name matched what was typed.
type MatchQuality uint8

// From best to worst.
const (
	MatchExact      MatchQuality = iota // the whole name
	MatchPrefix                         // the name starts with it
	MatchWordPrefix                     // a word of the name starts with it ("york")
	MatchSubstring                      // somewhere inside
)

// ZoneMatch is one zone FindZones suggests, with the name that matched.
type ZoneMatch struct {
	Zone    string   // the IANA name; it loads with LoadZone
	Kind    ZoneKind // what kind of name matched
	Name    string   // the name as written, in the language it matched
	Lang    string   // "en", "de", or "" when the name is the same in both
	Quality MatchQuality
	// Population is a city's, or a country's people in this zone, in
	// thousands; 0 when not known. It ranks the matches.
	Population int
	// Country (ISO 3166 code) and Region are set for a city whose name
	// other cities share, to tell them apart: Springfield, Missouri, US.
	Country, Region string
}

// Title is the match as a person reads it: the name, and for a city whose
// name is shared its region and country ("Springfield, Missouri, United
// States"), with the country named in lang ("de" or English).
func (m ZoneMatch) Title(lang string) string {
	parts := []string{m.Name}
	if m.Region != "" && m.Region != m.Name {
		parts = append(parts, m.Region)
	}
	if m.Country != "" {
		parts = append(parts, CountryName(m.Country, lang))
	}
	return strings.Join(parts, ", ")
}

// CountryName is the name of the country with ISO 3166 code in lang ("de"
// for German, English otherwise), or the code when it has no zones here.
func CountryName(code, lang string) string {
	n, ok := zsCountries[code]
	if !ok {
		return code
	}
	if lang == "de" {
		return n[1]
	}
	return n[0]
}

// zsName is one row of zonesearch_data.go.
type zsName struct {
	name            string
	zone            uint16
	kind            ZoneKind
	lang            uint8 // 1 English, 2 German, 3 both
	pop             int32 // thousands
	country, region string
}

// zsItem is one searchable key: a folded name and what it stands for.
type zsItem struct {
	key  string
	name int32 // index into zsNames, or -1-i for zoneNames[i]
}

var (
	zsOnce  sync.Once
	zsIndex []zsItem
	zsPop   []int32 // people per zsNames row, exemplar cities given their table city's
)

// zsBuild folds every name once, on the first search, so programs that
// never search pay nothing at start-up.
func zsBuild() {
	zsPop = make([]int32, len(zsNames))
	best := map[string]int32{} // folded city name + zone -> people
	for i, n := range zsNames {
		zsPop[i] = n.pop
		if n.kind == ZoneCity {
			k := foldName(n.name) + "\x00" + zsZones[n.zone]
			best[k] = max(best[k], n.pop)
		}
	}
	for i, n := range zsNames {
		key := foldName(n.name)
		if n.kind == ZoneCity {
			zsPop[i] = best[key+"\x00"+zsZones[n.zone]]
		}
		zsIndex = append(zsIndex, zsItem{key, int32(i)})
		// Germans type "Zuerich" for Zürich where the keyboard lacks ü.
		if alt := foldUmlauts(n.name); alt != key {
			zsIndex = append(zsIndex, zsItem{alt, int32(i)})
		}
	}
	for i, z := range zoneNames {
		if isIANAName(z) {
			zsIndex = append(zsIndex, zsItem{foldName(z), int32(-1 - i)})
		}
	}
}

// isIANAName tells the region/city names and UTC from tzdata's legacy
// names (EST, CET, CST6CDT): those mean what their abbreviation means, so
// they are searched as abbreviations rather than taken as zones.
func isIANAName(z string) bool {
	return strings.Contains(z, "/") || z == "UTC"
}

// FindZones returns up to limit zones (all when limit <= 0) whose names
// match query, best first, one match per zone. See FindZonesIn.
func FindZones(query string, limit int) []ZoneMatch {
	return FindZonesIn("", query, limit)
}

// FindZonesIn is FindZones preferring names in lang ("de" or "en") among
// equally good matches, so a German user sees "Tokio" and "Mitteleuropäische
// Zeit". Names match ignoring case, accents ("Sao Paulo" finds São Paulo),
// and "_", "-" or "." against a space. The order: an exact IANA name, then
// exact names before names starting with query, before names with a word
// starting with it (two letters or more), before names containing it
// (three or more);
// within each, cities and countries by population, then generic names,
// Windows names, abbreviations (matched only whole) and IANA names.
func FindZonesIn(lang, query string, limit int) []ZoneMatch {
	q := foldName(query)
	if q == "" {
		return nil
	}
	if lang == "" {
		lang = "en"
	}
	zsOnce.Do(zsBuild)
	type cand struct {
		item    int
		quality MatchQuality
	}
	var found []cand
	for i, it := range zsIndex {
		var qual MatchQuality
		switch {
		case it.key == q:
			qual = MatchExact
		case it.name >= 0 && zsNames[it.name].kind == ZoneAbbreviation:
			continue
		case strings.HasPrefix(it.key, q):
			qual = MatchPrefix
		case len(q) >= 2 && wordPrefix(it.key, q):
			qual = MatchWordPrefix
		case len(q) >= 3 && strings.Contains(it.key, q):
			qual = MatchSubstring
		default:
			continue
		}
		found = append(found, cand{i, qual})
	}
	matches := make([]ZoneMatch, len(found))
	for i, c := range found {
		matches[i] = zsMatch(zsIndex[c.item].name, c.quality)
	}
	slices.SortFunc(matches, func(a, b ZoneMatch) int { return compareMatches(a, b, lang) })
	seen := map[string]bool{}
	out := matches[:0]
	for _, m := range matches {
		if seen[m.Zone] {
			continue
		}
		seen[m.Zone] = true
		out = append(out, m)
		if limit > 0 && len(out) == limit {
			break
		}
	}
	return out
}

func zsMatch(ref int32, q MatchQuality) ZoneMatch {
	if ref < 0 {
		z := zoneNames[-1-ref]
		return ZoneMatch{Zone: z, Kind: ZoneIANA, Name: z, Quality: q}
	}
	n := zsNames[ref]
	m := ZoneMatch{Zone: zsZones[n.zone], Kind: n.kind, Name: n.name, Quality: q,
		Population: int(zsPop[ref]), Country: n.country, Region: n.region}
	switch n.lang {
	case 1:
		m.Lang = "en"
	case 2:
		m.Lang = "de"
	}
	return m
}

// kindRank groups the kinds for ordering: places first, IANA names last.
func kindRank(k ZoneKind) int {
	switch k {
	case ZoneCity, ZoneCountry:
		return 0
	case ZoneGenericName:
		return 1
	case ZoneWindowsName:
		return 2
	case ZoneAbbreviation:
		return 3
	}
	return 4
}

// compareMatches orders a before b (negative) when it is the better match.
func compareMatches(a, b ZoneMatch, lang string) int {
	if a.Quality != b.Quality {
		return cmp.Compare(a.Quality, b.Quality)
	}
	if ai, bi := a.Kind == ZoneIANA && a.Quality == MatchExact, b.Kind == ZoneIANA && b.Quality == MatchExact; ai != bi {
		if ai {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(kindRank(a.Kind), kindRank(b.Kind)); c != 0 {
		return c
	}
	if c := cmp.Compare(b.Population, a.Population); c != 0 {
		return c
	}
	if pa, pb := a.Lang == "" || a.Lang == lang, b.Lang == "" || b.Lang == lang; pa != pb {
		if pa {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(len(a.Name), len(b.Name)); c != 0 {
		return c
	}
	return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.Zone, b.Zone), cmp.Compare(a.Kind, b.Kind))
}

// wordPrefix reports whether a word of key after the first starts with q.
func wordPrefix(key, q string) bool {
	for i := 0; i < len(key); i++ {
		if (key[i] == ' ' || key[i] == '/') && strings.HasPrefix(key[i+1:], q) {
			return true
		}
	}
	return false
}

// dominance is how many times more people the largest city of a name must
// have than every other city of that name for ResolveZone to take it
// without asking: London (8 million) over London, Ontario (340,000), but
// not Springfield, Massachusetts (287,000) over Springfield, Missouri.
const dominance = 10

// maxCandidates bounds the candidates ResolveZone returns.
const maxCandidates = 12

// ResolveZone returns the IANA zone an entry names: an IANA name (in any
// case, or an alias Go loads such as "US/Pacific"); a name matching exactly
// one zone ("Tokyo", "Japan", "Pacific Time", which CLDR maps to
// America/Los_Angeles); a city far larger than the others of its name; or a
// partial name only one zone matches. Otherwise it returns the candidates,
// best first, with an error wrapping ErrAmbiguousZone, or one wrapping
// ErrUnknownZone when nothing matches.
func ResolveZone(query string) (zone string, candidates []ZoneMatch, err error) {
	return ResolveZoneIn("", query)
}

// ResolveZoneIn is ResolveZone with the candidates named preferably in lang.
func ResolveZoneIn(lang, query string) (zone string, candidates []ZoneMatch, err error) {
	q := strings.TrimSpace(query)
	if q == "" {
		return "", nil, fmt.Errorf("%w: empty; type a city, a country or an IANA name such as Europe/Berlin", ErrUnknownZone)
	}
	for _, z := range zoneNames {
		if isIANAName(z) && strings.EqualFold(z, q) {
			return z, nil, nil
		}
	}
	if strings.Contains(q, "/") {
		if _, err := LoadZone(q); err == nil {
			return q, nil, nil
		}
	}
	all := FindZonesIn(lang, q, 0)
	if len(all) == 0 {
		return "", nil, fmt.Errorf("%w %q: type a city, a country or an IANA name such as Europe/Berlin", ErrUnknownZone, q)
	}
	var exact []ZoneMatch
	for _, m := range all {
		if m.Quality == MatchExact {
			exact = append(exact, m)
		}
	}
	switch {
	case len(exact) == 1:
		return exact[0].Zone, nil, nil
	case len(exact) > 1:
		if dominant(exact) {
			return exact[0].Zone, nil, nil
		}
		all = exact
	case len(all) == 1:
		return all[0].Zone, nil, nil
	}
	if len(all) > maxCandidates {
		all = all[:maxCandidates]
	}
	return "", all, fmt.Errorf("%w %q: %d candidates, such as %s", ErrAmbiguousZone, q, len(all), all[0].Zone)
}

// dominant reports whether the first match, a city, has dominance times the
// people of each other match.
func dominant(ms []ZoneMatch) bool {
	if ms[0].Kind != ZoneCity || ms[0].Population == 0 {
		return false
	}
	for _, m := range ms[1:] {
		if m.Kind != ZoneCity || ms[0].Population < dominance*m.Population {
			return false
		}
	}
	return true
}

// foldName is s as the search compares it: lower case, Latin letters
// without their accents (ß as ss, æ as ae), "_", "-" and "," as a space,
// "." and apostrophes dropped, spaces collapsed.
func foldName(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // drops leading spaces
	for _, r := range s {
		r = unicode.ToLower(r)
		switch {
		case r == '_' || r == '-' || r == ',' || unicode.IsSpace(r):
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		case r == '.' || r == '\'' || r == '’' || r == 'ʻ' || r == '`':
			continue
		case r < 0x80:
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r):
			continue // a combining accent
		default:
			if f, ok := latinFold[r]; ok {
				b.WriteString(f)
			} else {
				b.WriteRune(r)
			}
		}
		space = false
	}
	return strings.TrimSuffix(b.String(), " ")
}

// foldUmlauts is foldName spelling ä, ö, ü as ae, oe, ue, as Germans do
// without the letters.
func foldUmlauts(s string) string {
	if !strings.ContainsAny(s, "äöüÄÖÜ") {
		return foldName(s)
	}
	return foldName(strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "Ae", "Ö", "Oe", "Ü", "Ue").Replace(s))
}

// latinFold maps the lower-case accented Latin letters of place names to
// ASCII. Unicode decomposition would do most of it, but not ø, ł, đ, ß or
// æ, and it would bring a dependency into this package.
var latinFold = func() map[rune]string {
	m := map[rune]string{'æ': "ae", 'œ': "oe", 'ß': "ss", 'þ': "th", 'ĳ': "ij", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d", 'ħ': "h", 'ı': "i", 'ŀ': "l", 'ŋ': "n", 'ŧ': "t", 'ſ': "s"}
	for base, letters := range map[string]string{
		"a": "àáâãäåāăąǎạảấầẩẫậắằẳẵặ",
		"c": "çćĉċč",
		"d": "ď",
		"e": "èéêëēĕėęěẹẻẽếềểễệ",
		"g": "ĝğġģ",
		"h": "ĥ",
		"i": "ìíîïĩīĭįǐỉị",
		"j": "ĵ",
		"k": "ķ",
		"l": "ĺļľ",
		"n": "ñńņňŉ",
		"o": "òóôõöōŏőơǒọỏốồổỗộớờởỡợ",
		"r": "ŕŗř",
		"s": "śŝşšș",
		"t": "ţťț",
		"u": "ùúûüũūŭůűųưǔǖǘǚǜụủứừửữự",
		"w": "ŵ",
		"y": "ýÿŷỳỵỷỹ",
		"z": "źżž",
	} {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()
