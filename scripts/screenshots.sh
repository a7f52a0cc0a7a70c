#!/bin/sh
# Regenerates the README's screenshots from the real app under Xvfb, on a
# throw-away demo database (`twoway demo`).
set -eu
cd "$(dirname "$0")/.."
bin=${BIN:-bin/twoway}
tmp=$(mktemp -d)
trap 'kill $app $xvfb 2>/dev/null || true; rm -rf "$tmp"' EXIT
db="$tmp/demo.db"
# The demo's handcrafted pairs, with topics and a logged history.
"$bin" demo --db "$db" >/dev/null
# A pool to pair: the 12-person sign-up export the CLI tests use.
"$bin" --db "$db" pool import cmd/twoway/cli/testdata/pool/signup.csv --pool "Spring 2027" >/dev/null
display=:$((100 + $$ % 50))
Xvfb "$display" -screen 0 1100x760x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
sleep 1
DISPLAY=$display FYNE_PLATFORM=x11 DBUS_SESSION_BUS_ADDRESS=disabled: XDG_CONFIG_HOME="$tmp/cfg" XDG_CACHE_HOME="$tmp/cache" LANG=en_US.UTF-8 \
	"$bin" --db "$db" >/dev/null 2>&1 & app=$!
sleep 6
mkdir -p docs
shot() { sleep 2; import -display "$display" -window root "docs/screenshot-$1.png"; echo "wrote docs/screenshot-$1.png"; }
shot main
DISPLAY=$display xdotool key ctrl+2; shot schedule
DISPLAY=$display xdotool key ctrl+3; shot topics
DISPLAY=$display xdotool key ctrl+4 ctrl+l; shot sessions
DISPLAY=$display xdotool key ctrl+5; shot invites
DISPLAY=$display xdotool key ctrl+e; shot editor
DISPLAY=$display xdotool key ctrl+9; shot pools
