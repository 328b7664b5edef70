#!/usr/bin/env bash
# bench-export.sh times `bob export --all` of a whole book, the way the
# target in docs/performance.md is measured: each run's wall time, its CPU
# time (user + system, all threads), its largest resident size and the
# load average before and after it, since the machine may be shared.
#
# Usage: BOOK=path/to/book.db scripts/bench-export.sh
#        RUNS=5 BOOK=... scripts/bench-export.sh
# The book is copied into a temporary folder (a reflink where the file
# system allows) and never written to; the bundle is written there too,
# unencrypted and without marking the accounts, and removed on exit.
# Needs Go and GNU time (/usr/bin/time).
set -euo pipefail

RUNS=${RUNS:-3}
: "${BOOK:?set BOOK to the book to export, for example the 10,000-account demo book}"
SESSION=bench-export-$$
# shellcheck source=scripts/tmpenv.sh
. "$(dirname "$0")/tmpenv.sh"

CGO_ENABLED=0 go build -o "$work/bob" . # as README installs it
cp --reflink=auto "$BOOK" "$work/book.db"
export HOME=$work
"$work/bob" id create --name "Sam Rivera" --email sam@example.com >/dev/null

printf '%-5s %9s %9s %11s %13s\n' run wall_s cpu_s resident_MB load
for i in $(seq "$RUNS"); do
	sync # each run pays only for its own writes (see bench-import.sh)
	before=$(cut -d' ' -f1 /proc/loadavg)
	/usr/bin/time -f '%e %U %S %M' -o "$work/time" \
		"$work/bob" --db "$work/book.db" export --to "Alex Kim" --all --no-encrypt --no-mark --yes \
		-o "$work/all.bob.zip" >/dev/null
	after=$(cut -d' ' -f1 /proc/loadavg)
	read -r wall user sys rss <"$work/time"
	printf '%-5s %9.1f %9.1f %11d %13s\n' "$i" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" $((rss / 1024)) "$before..$after"
done
