#!/bin/sh
# Regenerates the README's screenshots from the real app under Xvfb, on a
# throw-away database filled through the headless commands.
set -eu
cd "$(dirname "$0")/.."
bin=${BIN:-bin/twoway}
tmp=$(mktemp -d)
trap 'kill $app $xvfb 2>/dev/null || true; rm -rf "$tmp"' EXIT
db="$tmp/demo.db"
"$bin" --db "$db" pair add --title "Ana & Ben: leadership ⇄ social media" \
	--me "Ana Ruiz <ana@example.org>" --me-tz Europe/Berlin --me-hours 08:00-18:00 \
	--partner "Ben Okafor <ben@example.com>" --partner-tz America/New_York --partner-hours 09:00-17:00 \
	--link https://meet.jit.si/Twoway-7kq2mzx4rt5vbw3d --from 2027-01-04 --until 2027-06-30 \
	--me-offers "Leading a team through change" --me-offers "Negotiating budgets" \
	--me-wants "Building an audience on social media" \
	--partner-offers "Social media strategy" --partner-offers "Blogging and newsletters" \
	--partner-wants "Leadership and managing up" --rule "Cameras on" >/dev/null
"$bin" --db "$db" schedule set 1 --days MO --at 17:00 --minutes 60 >/dev/null
"$bin" --db "$db" pair add --title "Cleo & Dev" --me "Cleo Park <cleo@example.org>" --me-tz Australia/Sydney \
	--partner "Dev Patel <dev@example.in>" --partner-tz Asia/Kolkata --me-hours 07:00-21:00 >/dev/null
"$bin" --db "$db" pair add --title "Mia & Tomás" --me "Mia Chen <mia@example.org>" --me-tz America/Los_Angeles \
	--partner "Tomás Silva <tomas@example.br>" --partner-tz America/Sao_Paulo >/dev/null
display=:$((100 + $$ % 50))
Xvfb "$display" -screen 0 1100x760x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
sleep 1
DISPLAY=$display FYNE_PLATFORM=x11 XDG_CONFIG_HOME="$tmp/cfg" XDG_CACHE_HOME="$tmp/cache" LANG=en_US.UTF-8 \
	"$bin" --db "$db" >/dev/null 2>&1 & app=$!
sleep 6
mkdir -p docs
shot() { sleep 2; import -display "$display" -window root "docs/screenshot-$1.png"; echo "wrote docs/screenshot-$1.png"; }
shot main
DISPLAY=$display xdotool key ctrl+2; shot schedule
DISPLAY=$display xdotool key ctrl+3; shot invites
