package calendar

import (
	"errors"
	"slices"
	"testing"
	"unicode"
)

func TestResolveZone(t *testing.T) {
	tests := []struct {
		query, want string
	}{
		// Cities, with and without accents, in English and German.
		{"Tokyo", "Asia/Tokyo"},
		{"tokyo", "Asia/Tokyo"},
		{"Tokio", "Asia/Tokyo"},
		{"Mumbai", "Asia/Kolkata"},
		{"San Francisco", "America/Los_Angeles"},
		{"São Paulo", "America/Sao_Paulo"},
		{"Sao Paulo", "America/Sao_Paulo"},
		{"sao-paulo", "America/Sao_Paulo"},
		{"Zürich", "Europe/Zurich"},
		{"Zurich", "Europe/Zurich"},
		{"Zuerich", "Europe/Zurich"},
		{"Wien", "Europe/Vienna"},
		{"Moskau", "Europe/Moscow"},
		{"Kopenhagen", "Europe/Copenhagen"},
		{"New York", "America/New_York"},
		{"  Berlin ", "Europe/Berlin"},
		// A city far larger than the others of its name.
		{"London", "Europe/London"},
		// Countries with one zone, or CLDR's primary one.
		{"Japan", "Asia/Tokyo"},
		{"Deutschland", "Europe/Berlin"},
		{"Germany", "Europe/Berlin"},
		{"Schweiz", "Europe/Zurich"},
		// Generic names: the metazone's golden zone for the world.
		{"Pacific Time", "America/Los_Angeles"},
		{"Pacific Standard Time", "America/Los_Angeles"},
		{"Central European Time", "Europe/Paris"},
		{"Mitteleuropäische Zeit", "Europe/Paris"},
		{"Mitteleuropaeische Sommerzeit", "Europe/Paris"},
		{"British Summer Time", "Europe/London"},
		{"MEZ", "Europe/Paris"},
		// Windows names.
		{"Tokyo Standard Time", "Asia/Tokyo"},
		{"W. Europe Standard Time", "Europe/Berlin"},
		// IANA names, in any case, and aliases Go loads.
		{"Asia/Tokyo", "Asia/Tokyo"},
		{"asia/tokyo", "Asia/Tokyo"},
		{"America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"},
		{"US/Pacific", "US/Pacific"},
		{"UTC", "UTC"},
	}
	for _, tt := range tests {
		got, cands, err := ResolveZone(tt.query)
		if err != nil || got != tt.want || cands != nil {
			t.Errorf("ResolveZone(%q) = %q, %v, %v; want %q", tt.query, got, cands, err, tt.want)
		}
	}
}

func TestResolveZoneAmbiguous(t *testing.T) {
	tests := []struct {
		query string
		want  []string // among the candidates, in this order
	}{
		{"Springfield", []string{"America/New_York", "America/Chicago"}},
		{"CST", []string{"Asia/Shanghai", "America/Chicago", "America/Havana"}},
		{"PST", []string{"America/Los_Angeles", "Asia/Manila"}},
		{"GMT", []string{"Europe/London"}},
		{"United States", []string{"America/New_York", "America/Chicago", "America/Los_Angeles"}},
		{"Córdoba", []string{"America/Argentina/Cordoba", "Europe/Madrid"}},
	}
	for _, tt := range tests {
		got, cands, err := ResolveZone(tt.query)
		if !errors.Is(err, ErrAmbiguousZone) || got != "" {
			t.Errorf("ResolveZone(%q) = %q, %v; want ErrAmbiguousZone", tt.query, got, err)
			continue
		}
		var zones []string
		for _, c := range cands {
			zones = append(zones, c.Zone)
			if c.Quality != MatchExact {
				t.Errorf("ResolveZone(%q): candidate %+v is not an exact match", tt.query, c)
			}
		}
		last := -1
		for _, w := range tt.want {
			i := slices.Index(zones, w)
			if i <= last {
				t.Errorf("ResolveZone(%q) candidates %v: want %v among them in that order", tt.query, zones, tt.want)
				break
			}
			last = i
		}
	}
	// A partial entry is ambiguous unless one zone alone matches it.
	if _, cands, err := ResolveZone("Tok"); !errors.Is(err, ErrAmbiguousZone) || len(cands) < 2 || cands[0].Zone != "Asia/Tokyo" {
		t.Errorf(`ResolveZone("Tok") = %v, %v; want ambiguous, Tokyo first`, cands, err)
	}
}

func TestResolveZoneUnknown(t *testing.T) {
	for _, q := range []string{"", "  ", "xyzzy", "Local", "Mars/Olympus"} {
		if got, cands, err := ResolveZone(q); !errors.Is(err, ErrUnknownZone) || got != "" || cands != nil {
			t.Errorf("ResolveZone(%q) = %q, %v, %v; want ErrUnknownZone", q, got, cands, err)
		}
	}
}

func TestFindZones(t *testing.T) {
	tests := []struct {
		lang, query string
		zone, name  string
		kind        ZoneKind
		quality     MatchQuality
	}{
		{"", "Asia/Tokyo", "Asia/Tokyo", "Asia/Tokyo", ZoneIANA, MatchExact},
		{"", "Tokyo", "Asia/Tokyo", "Tokyo", ZoneCity, MatchExact},
		{"", "Tok", "Asia/Tokyo", "Tokyo", ZoneCity, MatchPrefix},
		{"de", "Tok", "Asia/Tokyo", "Tokio", ZoneCity, MatchPrefix},
		{"", "sao pa", "America/Sao_Paulo", "São Paulo", ZoneCity, MatchPrefix},
		{"", "Japan", "Asia/Tokyo", "Japan", ZoneCountry, MatchExact},
		{"", "pacific time", "America/Los_Angeles", "Pacific Time", ZoneGenericName, MatchExact},
		{"de", "mitteleurop", "Europe/Paris", "Mitteleuropäische Zeit", ZoneGenericName, MatchPrefix},
		{"", "Tokyo Standard", "Asia/Tokyo", "Tokyo Standard Time", ZoneWindowsName, MatchPrefix},
		{"", "cst", "Asia/Shanghai", "CST", ZoneAbbreviation, MatchExact},
		{"", "york", "Europe/London", "York", ZoneCity, MatchExact},
		{"", "aires", "America/Argentina/Buenos_Aires", "Buenos Aires", ZoneCity, MatchWordPrefix},
		{"", "ancisc", "America/Los_Angeles", "San Francisco", ZoneCity, MatchSubstring},
		// Larger cities first.
		{"", "Springfield", "America/New_York", "Springfield", ZoneCity, MatchExact},
		{"", "San", "America/Santiago", "Santiago", ZoneCity, MatchPrefix},
	}
	for _, tt := range tests {
		ms := FindZonesIn(tt.lang, tt.query, 10)
		if len(ms) == 0 {
			t.Errorf("FindZonesIn(%q, %q) found nothing", tt.lang, tt.query)
			continue
		}
		m := ms[0]
		if m.Zone != tt.zone || m.Name != tt.name || m.Kind != tt.kind || m.Quality != tt.quality {
			t.Errorf("FindZonesIn(%q, %q)[0] = %+v; want %s %q %s quality %d", tt.lang, tt.query, m, tt.zone, tt.name, tt.kind, tt.quality)
		}
	}
	// Each zone once, no more than the limit, and nothing for nothing.
	ms := FindZones("sa", 25)
	if len(ms) != 25 {
		t.Errorf(`FindZones("sa", 25) = %d matches`, len(ms))
	}
	seen := map[string]bool{}
	for i, m := range ms {
		if seen[m.Zone] {
			t.Errorf("FindZones lists %s twice", m.Zone)
		}
		seen[m.Zone] = true
		if i > 0 && m.Quality < ms[i-1].Quality {
			t.Errorf("FindZones: %+v ranked after the worse %+v", m, ms[i-1])
		}
	}
	if ms := FindZones(" ", 5); ms != nil {
		t.Errorf("FindZones of a space = %v", ms)
	}
	if ms := FindZones("c", 0); slices.ContainsFunc(ms, func(m ZoneMatch) bool { return m.Kind == ZoneAbbreviation }) {
		t.Errorf("FindZones(\"c\") suggests abbreviations from their first letter")
	}
}

func TestZoneMatchTitle(t *testing.T) {
	_, cands, _ := ResolveZone("Springfield")
	if got := cands[0].Title("en"); got != "Springfield, Massachusetts, United States" {
		t.Errorf("Title(en) = %q", got)
	}
	if got := cands[0].Title("de"); got != "Springfield, Massachusetts, Vereinigte Staaten" {
		t.Errorf("Title(de) = %q", got)
	}
	if got := FindZones("Tokyo", 1)[0].Title("en"); got != "Tokyo" {
		t.Errorf("Title of Tokyo = %q", got)
	}
}

// TestZoneSearchData checks the generated table: every zone loads, every
// row points to a zone, and every Latin letter of every name folds to
// ASCII (else "Sao Paulo" would not find a city spelled with it).
func TestZoneSearchData(t *testing.T) {
	for _, z := range zsZones {
		if _, err := LoadZone(z); err != nil {
			t.Errorf("generated zone %q does not load: %v", z, err)
		}
	}
	kinds := map[ZoneKind]int{}
	for _, n := range zsNames {
		if int(n.zone) >= len(zsZones) {
			t.Fatalf("%q points to zone %d of %d", n.name, n.zone, len(zsZones))
		}
		kinds[n.kind]++
		for _, r := range foldName(n.name) {
			if r >= 0x80 && unicode.In(r, unicode.Latin) {
				t.Errorf("%q folds to %q, keeping %q", n.name, foldName(n.name), r)
			}
		}
		if n.lang == 0 || n.lang > 3 {
			t.Errorf("%q has language bits %d", n.name, n.lang)
		}
	}
	for _, k := range []ZoneKind{ZoneCity, ZoneCountry, ZoneGenericName, ZoneAbbreviation, ZoneWindowsName} {
		if kinds[k] < 50 {
			t.Errorf("only %d names of kind %s", kinds[k], k)
		}
	}
	for code, n := range zsCountries {
		if n[0] == "" || n[1] == "" {
			t.Errorf("country %s has names %q", code, n)
		}
	}
}

func TestFoldName(t *testing.T) {
	tests := map[string]string{
		"São Paulo":        "sao paulo",
		"ZÜRICH":           "zurich",
		"Port-au-Prince":   "port au prince",
		"St. John’s":       "st johns",
		"America/New_York": "america/new york",
		"Ærøskøbing":       "aeroskobing",
		"Łódź":             "lodz",
		"Straße":           "strasse",
		"Hồ Chí Minh":      "ho chi minh",
		"  a  b ":          "a b",
		"Sa\u0303o":        "sao", // decomposed
		"東京":               "東京",
	}
	for in, want := range tests {
		if got := foldName(in); got != want {
			t.Errorf("foldName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := foldUmlauts("Mitteleuropäische Zeit"); got != "mitteleuropaeische zeit" {
		t.Errorf("foldUmlauts = %q", got)
	}
}

// The zone entry calls FindZones on every keystroke; a one- or two-letter
// prefix matches the most names, so it is the slow case. SearchZones, the
// substring search over the IANA names it replaces, is the baseline.
func BenchmarkFindZonesPrefix(b *testing.B) {
	FindZones("x", 1) // builds the index outside the timing
	for _, q := range []string{"t", "to", "san"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				FindZones(q, 40)
			}
		})
	}
}

func BenchmarkSearchZones(b *testing.B) {
	for _, q := range []string{"t", "to", "san"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				SearchZones(q)
			}
		})
	}
}

func BenchmarkZoneIndexBuild(b *testing.B) {
	for b.Loop() {
		zsIndex = zsIndex[:0]
		zsBuild()
	}
}
