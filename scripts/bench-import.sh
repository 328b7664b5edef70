#!/usr/bin/env bash
# bench-import.sh times `bob import` of a whole book's bundle, the way the
# target in docs/performance.md is measured: the book is exported once, as
# a colleague hands it over (signed, encrypted to the successor's key),
# then imported RUNS times, each into a new book, by the successor, who
# knows the sender. Each run prints its wall time, its CPU time (user +
# system, all threads), its largest resident size and the load average
# before and after it, since the machine may be shared.
#
# Usage: BOOK=path/to/book.db scripts/bench-import.sh
#        RUNS=5 BOOK=... scripts/bench-import.sh
#        PLAIN=1 BOOK=... scripts/bench-import.sh   (an unencrypted bundle)
# The book is copied into a temporary folder (a reflink where the file
# system allows) and never written to; the bundle and the new books are
# written there too and removed on exit. Needs Go and GNU time
# (/usr/bin/time).
set -euo pipefail

RUNS=${RUNS:-3}
: "${BOOK:?set BOOK to the book to export, for example the 10,000-account demo book}"
SESSION=bench-import-$$
# shellcheck source=scripts/tmpenv.sh
. "$(dirname "$0")/tmpenv.sh"

CGO_ENABLED=0 go build -o "$work/bob" . # as README installs it
cp --reflink=auto "$BOOK" "$work/book.db"
export HOME=$work
sender=$work/sender receiver=$work/receiver
mkdir -p "$sender" "$receiver"
XDG_CONFIG_HOME=$sender "$work/bob" id create --name "Sam Rivera" --email sam@example.com >/dev/null
XDG_CONFIG_HOME=$receiver "$work/bob" id create --name "Alex Kim" --email alex@example.com >/dev/null
XDG_CONFIG_HOME=$receiver "$work/bob" id show | XDG_CONFIG_HOME=$sender "$work/bob" colleagues add - >/dev/null
XDG_CONFIG_HOME=$sender "$work/bob" id show | XDG_CONFIG_HOME=$receiver "$work/bob" colleagues add - >/dev/null

bundle=$work/all.bob.zip.age
encrypt=()
if [ -n "${PLAIN:-}" ]; then
	bundle=$work/all.bob.zip
	encrypt=(--no-encrypt)
fi
XDG_CONFIG_HOME=$sender "$work/bob" --db "$work/book.db" export --to "Alex Kim" --all "${encrypt[@]}" \
	--no-mark --yes -o "$bundle" >/dev/null
echo "bundle: $(du -h "$bundle" | cut -f1)"

printf '%-5s %9s %9s %11s %13s\n' run wall_s cpu_s resident_MB load
for i in $(seq "$RUNS"); do
	rm -rf "$work/into"
	mkdir -p "$work/into"
	# The copy of the book, the bundle and the last run's book are on
	# their way to the disk: each run starts once they are there, so it
	# pays only for its own writes.
	sync
	before=$(cut -d' ' -f1 /proc/loadavg)
	XDG_CONFIG_HOME=$receiver XDG_DATA_HOME=$work/into /usr/bin/time -f '%e %U %S %M' -o "$work/time" \
		"$work/bob" import "$bundle" </dev/null >/dev/null
	after=$(cut -d' ' -f1 /proc/loadavg)
	read -r wall user sys rss <"$work/time"
	printf '%-5s %9.1f %9.1f %11d %13s\n' "$i" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" $((rss / 1024)) "$before..$after"
done
