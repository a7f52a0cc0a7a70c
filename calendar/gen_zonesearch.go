//go:build ignore

// gen_zonesearch writes zonesearch_data.go, the names people type for a time
// zone, from the unpacked npm packages that gen_zonesearch.sh downloads.
// It runs by hand only (see that script); the build never needs it.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Kinds and languages as zonesearch.go declares them.
const (
	kindCity    = "ZoneCity"
	kindCountry = "ZoneCountry"
	kindGeneric = "ZoneGenericName"
	kindAbbrev  = "ZoneAbbreviation"
	kindWindows = "ZoneWindowsName"

	langEN = 1
	langDE = 2
)

type entry struct {
	name, zone, kind string
	lang             int
	pop              int // people, for ranking cities and a country's zones
	country, region  string
}

var (
	src     = flag.String("src", "", "folder with the unpacked packages (NAME-VERSION/package)")
	zoneTab = flag.String("zonetab", "/usr/share/zoneinfo/zone.tab", "tzdata's zone.tab")
	minPop  = flag.Int("minpop", 100000, "smallest city population taken from the city table")
	year    = flag.Int("year", time.Now().Year(), "the year whose tzdata abbreviations are listed (and the next)")
	cldrV   = flag.String("cldr", "", "CLDR packages' version")
	citiesV = flag.String("cities", "", "city-timezones' version")
)

func main() {
	flag.Parse()
	log.SetFlags(0)
	g := newGen()
	g.cldrZones()
	g.metazones()
	g.windows()
	g.cities()
	g.countries()
	g.abbreviations()
	g.write(os.Stdout)
}

type gen struct {
	iana     map[string]string // CLDR's zone ID (or any alias) -> IANA name
	cldrIDs  []string          // CLDR's zone IDs, one per zone
	golden   map[string]string // metazone -> its zone for territory 001
	metazone map[string]string // IANA zone -> its metazone now
	entries  map[string]*entry
	zonePop  map[string]int // IANA zone -> people in the city table's cities there
	zoneCC   map[string]int // zone+"\x00"+country -> people

	exemplarEN, exemplarDE map[string]string // zone -> its exemplar city
}

func newGen() *gen {
	g := &gen{iana: map[string]string{}, golden: map[string]string{}, metazone: map[string]string{},
		entries: map[string]*entry{}, zonePop: map[string]int{}, zoneCC: map[string]int{},
		exemplarEN: map[string]string{}, exemplarDE: map[string]string{}}
	var bcp struct {
		Keyword struct {
			U struct {
				TZ map[string]json.RawMessage `json:"tz"`
			} `json:"u"`
		} `json:"keyword"`
	}
	read(pkg("cldr-bcp47", "bcp47/timezone.json"), &bcp)
	for _, raw := range bcp.Keyword.U.TZ {
		var z struct {
			Alias      string `json:"_alias"`
			IANA       string `json:"_iana"`
			Deprecated any    `json:"_deprecated"`
		}
		if json.Unmarshal(raw, &z) != nil || z.Alias == "" {
			continue
		}
		aliases := strings.Fields(z.Alias)
		name := aliases[0]
		if z.IANA != "" {
			name = z.IANA
		}
		for _, a := range aliases {
			g.iana[a] = name
		}
		g.iana[name] = name
		if z.Deprecated == nil && !strings.HasPrefix(aliases[0], "Etc/") && strings.Contains(aliases[0], "/") {
			g.cldrIDs = append(g.cldrIDs, aliases[0])
		}
	}
	sort.Strings(g.cldrIDs)
	return g
}

func pkg(name, file string) string {
	matches, _ := filepath.Glob(filepath.Join(*src, name+"-[0-9]*", "package", file))
	if len(matches) != 1 {
		log.Fatalf("%s/%s: found %d copies under %s", name, file, len(matches), *src)
	}
	return matches[0]
}

func read(path string, v any) {
	b, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		log.Fatalf("%s: %v", path, err)
	}
}

// zone maps a CLDR or city-table zone ID to the IANA name, and drops zones
// Go cannot load (so every generated zone loads with calendar.LoadZone).
func (g *gen) zone(id string) string {
	name := g.iana[id]
	if name == "" {
		name = id
	}
	if name == "" {
		return ""
	}
	if _, err := time.LoadLocation(name); err != nil {
		log.Printf("skipped zone %q (%q): %v", id, name, err)
		return ""
	}
	return name
}

func (g *gen) add(e entry) {
	e.name = strings.TrimSpace(e.name)
	if e.name == "" || e.zone == "" {
		return
	}
	key := e.kind + "\x00" + e.name + "\x00" + e.zone
	if old, ok := g.entries[key]; ok {
		old.lang |= e.lang
		if e.pop > old.pop {
			old.pop = e.pop
			if e.region != "" || e.country != "" {
				old.region, old.country = e.region, e.country
			}
		}
		if old.country == "" {
			old.country, old.region = e.country, e.region
		}
		return
	}
	g.entries[key] = &e
}

// zoneNames reads a locale's timeZoneNames.
type zoneNames struct {
	zone     map[string]any
	metazone map[string]struct {
		Long  map[string]string `json:"long"`
		Short map[string]string `json:"short"`
	}
}

func readZoneNames(locale string) zoneNames {
	var f struct {
		Main map[string]struct {
			Dates struct {
				TimeZoneNames struct {
					Zone     map[string]any `json:"zone"`
					Metazone map[string]struct {
						Long  map[string]string `json:"long"`
						Short map[string]string `json:"short"`
					} `json:"metazone"`
				} `json:"timeZoneNames"`
			} `json:"dates"`
		} `json:"main"`
	}
	read(pkg("cldr-dates-full", "main/"+locale+"/timeZoneNames.json"), &f)
	t := f.Main[locale].Dates.TimeZoneNames
	return zoneNames{zone: t.Zone, metazone: t.Metazone}
}

// zoneData is one zone's entry of timeZoneNames ("America/Sao_Paulo" is
// zone.America.Sao_Paulo), or nil.
func (z zoneNames) zoneData(id string) map[string]any {
	var cur any = z.zone
	for _, part := range strings.Split(id, "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[part]
	}
	m, _ := cur.(map[string]any)
	return m
}

// cldrZones adds each zone's exemplar city in English and German (CLDR
// derives a missing one from the ID, "Asia/Tokyo" → "Tokyo") and the names
// CLDR gives a single zone ("British Summer Time").
func (g *gen) cldrZones() {
	for _, loc := range []struct {
		name string
		lang int
	}{{"en", langEN}, {"de", langDE}} {
		names := readZoneNames(loc.name)
		for _, id := range g.cldrIDs {
			zone := g.zone(id)
			d := names.zoneData(id)
			city, _ := d["exemplarCity"].(string)
			if city == "" {
				parts := strings.Split(id, "/")
				city = strings.ReplaceAll(parts[len(parts)-1], "_", " ")
			}
			g.add(entry{name: city, zone: zone, kind: kindCity, lang: loc.lang})
			if loc.lang == langEN {
				g.exemplarEN[zone] = city
			} else if city != g.exemplarEN[zone] {
				g.exemplarDE[zone] = city
			}
			for _, form := range []string{"long", "short"} {
				m, _ := d[form].(map[string]any)
				for _, v := range m {
					kind := kindGeneric
					if form == "short" {
						kind = kindAbbrev
					}
					g.add(entry{name: v.(string), zone: zone, kind: kind, lang: loc.lang})
				}
			}
		}
		if d := names.zoneData("Etc/UTC"); d != nil {
			for _, form := range []string{"long", "short"} {
				m, _ := d[form].(map[string]any)
				for _, v := range m {
					kind := kindGeneric
					if form == "short" {
						kind = kindAbbrev
					}
					g.add(entry{name: v.(string), zone: "UTC", kind: kind, lang: loc.lang})
				}
			}
		}
	}
}

// metazones adds the generic, standard and daylight names of each
// metazone ("Pacific Time", "Mitteleuropäische Zeit", "CST") for its golden
// zone: the zone CLDR maps it to for the world (territory 001).
func (g *gen) metazones() {
	var f struct {
		Supplemental struct {
			MetaZones struct {
				MetazoneInfo struct {
					Timezone map[string]any `json:"timezone"`
				} `json:"metazoneInfo"`
				Metazones []struct {
					MapZone struct {
						Other     string `json:"_other"`
						Type      string `json:"_type"`
						Territory string `json:"_territory"`
					} `json:"mapZone"`
				} `json:"metazones"`
			} `json:"metaZones"`
		} `json:"supplemental"`
	}
	read(pkg("cldr-core", "supplemental/metaZones.json"), &f)
	for _, m := range f.Supplemental.MetaZones.Metazones {
		if m.MapZone.Territory == "001" {
			g.golden[m.MapZone.Other] = g.zone(m.MapZone.Type)
		}
	}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, c := range v {
				walk(prefix+"/"+k, c)
			}
		case []any:
			last, _ := v[len(v)-1].(map[string]any)["usesMetazone"].(map[string]any)
			if _, ended := last["_to"]; !ended {
				if z := g.zone(strings.TrimPrefix(prefix, "/")); z != "" {
					g.metazone[z] = last["_mzone"].(string)
				}
			}
		}
	}
	walk("", f.Supplemental.MetaZones.MetazoneInfo.Timezone)
	for _, loc := range []struct {
		name string
		lang int
	}{{"en", langEN}, {"de", langDE}} {
		for mz, n := range readZoneNames(loc.name).metazone {
			zone := g.golden[mz]
			for _, v := range n.Long {
				g.add(entry{name: v, zone: zone, kind: kindGeneric, lang: loc.lang})
			}
			for _, v := range n.Short {
				g.add(entry{name: v, zone: zone, kind: kindAbbrev, lang: loc.lang})
			}
		}
	}
}

// windows adds Windows' zone names ("Tokyo Standard Time") for the zone
// CLDR maps each to for the world.
func (g *gen) windows() {
	var f struct {
		Supplemental struct {
			WindowsZones struct {
				MapTimezones []struct {
					MapZone struct {
						Other     string `json:"_other"`
						Type      string `json:"_type"`
						Territory string `json:"_territory"`
					} `json:"mapZone"`
				} `json:"mapTimezones"`
			} `json:"windowsZones"`
		} `json:"supplemental"`
	}
	read(pkg("cldr-core", "supplemental/windowsZones.json"), &f)
	for _, m := range f.Supplemental.WindowsZones.MapTimezones {
		if m.MapZone.Territory == "001" && !strings.HasPrefix(m.MapZone.Type, "Etc/") {
			g.add(entry{name: m.MapZone.Other, zone: g.zone(m.MapZone.Type), kind: kindWindows, lang: langEN | langDE})
		}
	}
}

// cities adds the city table's cities of at least -minpop people, and
// counts every city's people per zone to rank a country's zones.
func (g *gen) cities() {
	var cities []struct {
		City     string  `json:"city"`
		Pop      float64 `json:"pop"`
		ISO2     any     `json:"iso2"` // -99 for Kosovo and Somaliland
		Province string  `json:"province"`
		Timezone string  `json:"timezone"`
	}
	read(pkg("city-timezones", "data/cityMap.json"), &cities)
	for i, c := range cities {
		if _, ok := c.ISO2.(string); !ok {
			cities[i].ISO2, c.ISO2 = "", ""
		}
		zone := g.zone(c.Timezone)
		if zone == "" {
			continue
		}
		pop := int(c.Pop)
		g.zonePop[zone] += pop
		g.zoneCC[zone+"\x00"+c.ISO2.(string)] += pop
		if pop < *minPop {
			continue
		}
		g.add(entry{name: c.City, zone: zone, kind: kindCity, lang: langEN, pop: pop, country: c.ISO2.(string), region: c.Province})
	}
	// CLDR's exemplar cities rank with the table's city of that name, and
	// the German one ("Tokio") with the English one.
	for _, e := range g.entries {
		if e.kind != kindCity || e.pop > 0 {
			continue
		}
		for _, c := range cities {
			if plain(c.City) == plain(e.name) && g.zone(c.Timezone) == e.zone && int(c.Pop) > e.pop {
				e.pop, e.country, e.region = int(c.Pop), c.ISO2.(string), c.Province
			}
		}
	}
	for zone, de := range g.exemplarDE {
		e := g.entries[kindCity+"\x00"+de+"\x00"+zone]
		en := g.entries[kindCity+"\x00"+g.exemplarEN[zone]+"\x00"+zone]
		if e != nil && en != nil && en.pop > e.pop {
			e.pop = en.pop
		}
	}
}

// countries adds each country's English and German names for its zone
// when it has one (tzdata's zone.tab) or a primary one (CLDR's
// primaryZones: Germany is Europe/Berlin though Büsingen has its own), and
// for each of its zones otherwise, ranked by the people living there.
func (g *gen) countries() {
	f, err := os.Open(*zoneTab)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	zones := map[string][]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) < 3 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		if z := g.zone(fields[2]); z != "" {
			zones[fields[0]] = append(zones[fields[0]], z)
		}
	}
	var primary struct {
		Supplemental struct {
			PrimaryZones map[string]string `json:"primaryZones"`
		} `json:"supplemental"`
	}
	read(pkg("cldr-core", "supplemental/primaryZones.json"), &primary)
	for _, loc := range []struct {
		name string
		lang int
	}{{"en", langEN}, {"de", langDE}} {
		var t struct {
			Main map[string]struct {
				LocaleDisplayNames struct {
					Territories map[string]string `json:"territories"`
				} `json:"localeDisplayNames"`
			} `json:"main"`
		}
		read(pkg("cldr-localenames-full", "main/"+loc.name+"/territories.json"), &t)
		for key, name := range t.Main[loc.name].LocaleDisplayNames.Territories {
			code, alt, _ := strings.Cut(key, "-alt-")
			if alt != "" && alt != "short" && alt != "variant" {
				continue
			}
			zs := zones[code]
			if p := primary.Supplemental.PrimaryZones[code]; p != "" && len(zs) > 1 {
				zs = []string{g.zone(p)}
			}
			for _, z := range zs {
				pop := g.zoneCC[z+"\x00"+code]
				g.add(entry{name: name, zone: z, kind: kindCountry, lang: loc.lang, pop: pop, country: code})
			}
			if alt == "" && len(zones[code]) > 0 {
				countryNames[code] = append(countryNames[code], name)
			}
		}
	}
}

var countryNames = map[string][]string{} // code -> English, German

// abbreviations adds the abbreviations tzdata uses this year and next
// ("CST" is Chicago's, Mexico City's, Havana's, Shanghai's and Taipei's).
// Zones of one metazone that keep the same offsets all year are one clock:
// the metazone's golden zone stands for them when it is among them (so
// "EST" is New York, not each of the dozen zones on Eastern Time), else the
// most populous; a group with other offsets (Panama keeps EST all year)
// stays a candidate of its own.
func (g *gen) abbreviations() {
	users := map[string]map[string]bool{}
	offsets := map[string]string{}
	for _, zone := range allZones(g) {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			continue
		}
		var offs []string
		for _, y := range []int{*year, *year + 1} {
			for _, m := range []time.Month{time.January, time.July} {
				abbr, off := time.Date(y, m, 15, 12, 0, 0, 0, time.UTC).In(loc).Zone()
				offs = append(offs, fmt.Sprint(off))
				if abbr == "" || strings.ContainsAny(abbr[:1], "+-0123456789") {
					continue
				}
				if users[abbr] == nil {
					users[abbr] = map[string]bool{}
				}
				users[abbr][zone] = true
			}
		}
		offsets[zone] = strings.Join(offs, " ")
	}
	for abbr, zs := range users {
		groups := map[string][]string{}
		for z := range zs {
			k := g.metazone[z] + "\x00" + offsets[z]
			if g.metazone[z] == "" {
				k = z
			}
			groups[k] = append(groups[k], z)
		}
		for _, members := range groups {
			sort.Strings(members)
			rep, people := members[0], 0
			for _, z := range members {
				people += g.zonePop[z]
			}
			for _, z := range members {
				if z == g.golden[g.metazone[z]] {
					rep = z
					break
				}
				if g.zonePop[z] > g.zonePop[rep] {
					rep = z
				}
			}
			g.add(entry{name: abbr, zone: rep, kind: kindAbbrev, lang: langEN | langDE, pop: people})
		}
	}
}

// plain is name in lower case without accents, to see that Córdoba and
// Cordoba are one name.
func plain(name string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(name)) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func allZones(g *gen) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range g.cldrIDs {
		if z := g.zone(id); z != "" && !seen[z] {
			seen[z] = true
			out = append(out, z)
		}
	}
	sort.Strings(out)
	return out
}

func (g *gen) write(w *os.File) {
	var list []*entry
	zoneSet := map[string]bool{}
	for _, e := range g.entries {
		list = append(list, e)
		zoneSet[e.zone] = true
	}
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.kind != b.kind {
			return a.kind < b.kind
		}
		if a.name != b.name {
			return a.name < b.name
		}
		return a.zone < b.zone
	})
	// The table's "Sao Paulo" is CLDR's "São Paulo": one entry, with accents
	// (the search folds them), the larger population, both languages.
	merged := map[string]*entry{}
	kept := list[:0]
	for _, e := range list {
		k := e.kind + "\x00" + plain(e.name) + "\x00" + e.zone
		m, ok := merged[k]
		if !ok {
			merged[k] = e
			kept = append(kept, e)
			continue
		}
		if len(e.name) > len(m.name) { // the accented spelling is longer in UTF-8
			m.name = e.name
		}
		m.lang |= e.lang
		if e.pop > m.pop {
			m.pop, m.country, m.region = e.pop, e.country, e.region
		}
	}
	list = kept
	// A city's region and country are kept only where its name is shared
	// (Springfield), to tell the candidates apart; ranking needs neither.
	shared := map[string]int{}
	for _, e := range list {
		if e.kind == kindCity {
			shared[plain(e.name)]++
		}
	}
	for _, e := range list {
		if e.kind != kindCity || shared[plain(e.name)] < 2 {
			e.country, e.region = "", ""
		}
	}
	var zones []string
	for z := range zoneSet {
		zones = append(zones, z)
	}
	sort.Strings(zones)
	index := map[string]int{}
	for i, z := range zones {
		index[z] = i
	}
	var codes []string
	for c := range countryNames {
		codes = append(codes, c)
	}
	sort.Strings(codes)

	out := bufio.NewWriter(w)
	defer out.Flush()
	p := func(format string, args ...any) { fmt.Fprintf(out, format, args...) }
	p("// Code generated by gen_zonesearch.sh; DO NOT EDIT.\n\n")
	p("package calendar\n\n")
	p("// The names people type for a time zone, from:\n")
	p("//   - Unicode CLDR %s (npm cldr-core, cldr-dates-full, cldr-localenames-full,\n", *cldrV)
	p("//     cldr-bcp47; license Unicode-3.0): exemplar cities, metazone and zone\n")
	p("//     names in English and German, Windows zone names, country names and\n")
	p("//     primary zones, CLDR's old zone IDs mapped to IANA ones;\n")
	p("//   - city-timezones %s (npm, MIT license; its fields and -99 country codes\n", *citiesV)
	p("//     are those of Natural Earth's public-domain populated places): its\n")
	p("//     cities of at least %d people, besides CLDR's exemplar cities;\n", *minPop)
	p("//   - tzdata (zone.tab: each country's zones; public domain) and the\n")
	p("//     abbreviations its zones use in %d and %d.\n\n", *year, *year+1)
	p("// zsZones are the IANA zones the names below point to.\n")
	p("var zsZones = [...]string{\n")
	for _, z := range zones {
		p("\t%q,\n", z)
	}
	p("}\n\n")
	p("// zsCountries are the English and German names of each country with zones.\n")
	p("var zsCountries = map[string][2]string{\n")
	for _, c := range codes {
		n := countryNames[c]
		if len(n) != 2 {
			log.Fatalf("country %s has names %q", c, n)
		}
		p("\t%q: {%q, %q},\n", c, n[0], n[1])
	}
	p("}\n\n")
	p("// zsNames: name, zone (index into zsZones), kind, languages (1 English,\n")
	p("// 2 German), people in thousands (a city's; a country's in that zone; for\n")
	p("// an abbreviation, the table's cities on that clock), and\n")
	p("// where cities share a name, the country and region that tell them apart.\n")
	p("var zsNames = [...]zsName{\n")
	for _, e := range list {
		p("\t{%q, %d, %s, %d, %d, %q, %q},\n", e.name, index[e.zone], e.kind, e.lang, (e.pop+500)/1000, e.country, e.region)
	}
	p("}\n")
}
