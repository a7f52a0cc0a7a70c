#!/bin/sh
# Regenerates zonesearch_data.go, the names FindZones and ResolveZone know
# for each time zone. Run by hand (it needs the npm registry); the build and
# CI use the committed file. zonesearch_test.go checks every zone loads.
#
# Sources, pinned here (bump a version, rerun, read the diff):
#   - Unicode CLDR JSON (license Unicode-3.0): cldr-core (metazones, Windows
#     zones, primary zones), cldr-dates-full (exemplar cities, zone names in
#     en and de), cldr-localenames-full (country names), cldr-bcp47 (old
#     CLDR zone IDs to IANA names);
#   - city-timezones (MIT; cities with population and IANA zone; its fields
#     and -99 country codes are those of Natural Earth's public-domain
#     populated places): only cities of at least MINPOP people, which keeps
#     the table near 3,000 cities and the generated file near 260 KB;
#   - the system's tzdata (Debian: package tzdata): zone.tab for each
#     country's zones, and the abbreviations Go's zone data uses this year.
set -eu
CLDR=48.2.0
CITIES=1.3.4
MINPOP=100000
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for p in cldr-core cldr-dates-full cldr-localenames-full cldr-bcp47; do
	(cd "$tmp" && npm pack --silent "$p@$CLDR" >/dev/null)
done
(cd "$tmp" && npm pack --silent "city-timezones@$CITIES" >/dev/null)
for f in "$tmp"/*.tgz; do
	d="$tmp/$(basename "$f" .tgz)"
	mkdir "$d"
	tar -xzf "$f" -C "$d"
done
go run gen_zonesearch.go -src "$tmp" -minpop "$MINPOP" -cldr "$CLDR" -cities "$CITIES" \
	-zonetab /usr/share/zoneinfo/zone.tab >zonesearch_data.go.new
mv zonesearch_data.go.new zonesearch_data.go
gofmt -w zonesearch_data.go
