#!/bin/sh
# Fuzzes every Fuzz* function in the tree for $FUZZTIME each (go test
# fuzzes one target per run), from the repository root. A failing input is
# saved by Go under the package's testdata/fuzz/FuzzName/ and replayed by
# every later `go test`: commit it with the fix. Minimizing a new input may
# take at most 3 s, so it cannot eat a short budget. Runs every target, then
# exits 1 if any failed.
#
# Go 1.26 can end a duration-bounded run with a bare "context deadline
# exceeded" when a worker is starved at the deadline (golang/go#75804, fixed
# in Go 1.27). Such a run wrote no failing input; it is reported, not failed.
set -eu
go=${GO:-go}
tags=${TAGS:-migrated_fynedo}
fuzztime=${FUZZTIME:-8s}
status=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for file in $(grep -rl --include='*_test.go' '^func Fuzz' . | sort); do
	dir=$(dirname "$file")
	for fn in $(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' "$file"); do
		printf '%s %s (%s): ' "$dir" "$fn" "$fuzztime"
		if LANG=en_US.UTF-8 "$go" test -tags "$tags" -run '^$' -fuzz "^$fn\$" \
			-fuzztime "$fuzztime" -fuzzminimizetime 3s "$dir" >"$out" 2>&1; then
			grep '^fuzz: elapsed' "$out" | tail -n 1 | sed 's/^fuzz: //'
		elif grep -q 'context deadline exceeded' "$out" && ! grep -q 'Failing input written to' "$out"; then
			echo "stopped by golang/go#75804 after $(grep '^fuzz: elapsed' "$out" | tail -n 1 | sed 's/^fuzz: //'); no failing input"
		else
			echo FAILED
			cat "$out"
			status=1
		fi
	done
done
exit $status
