#!/usr/bin/env bash
# bench-tui.sh times bob against fzf on the same 10,000 account names, in
# tmux, the way a person sees them:
#   start:  from starting the program to its first full screen of the list
#           (bob: the list header counts every account and the help bar is
#           drawn; fzf: its counter shows every name);
#   filter: from typing a 22-character name (bob: "/" and the name) to the
#           screen that shows only that account.
# Each is run RUNS times (default 5); the table shows medians and the ratio
# bob/fzf (at most 1.0 means bob is no slower), and bob's resident memory
# with the book open. Next to the times on screen it shows the CPU time
# each program used for the same step (all its threads, from the kernel's
# schedstat), which depends much less on what else the machine is doing.
#
# Usage: scripts/bench-tui.sh            (makes a demo book, ~2 minutes)
#        BOOK=path/to/book.db scripts/bench-tui.sh   (reuses a book)
# Needs tmux and Go; installs fzf from the distribution's packages if it
# is missing. Everything it writes goes to a temporary folder.
set -euo pipefail

RUNS=${RUNS:-5}
ACCOUNTS=${ACCOUNTS:-10000}
SESSION=bench-tui-$$
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'tmux kill-session -t "$SESSION" 2>/dev/null || true; rm -rf "$work"' EXIT
export XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME"

if ! command -v fzf >/dev/null; then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	echo "installing fzf from the distribution's packages…" >&2
	$sudo apt-get install -y fzf >/dev/null 2>&1 || { $sudo apt-get update >/dev/null && $sudo apt-get install -y fzf >/dev/null; } ||
		{ echo "could not install fzf: install it (apt-get install fzf) and run this again" >&2; exit 1; }
fi

go build -o "$work/bob" .
book=${BOOK:-$work/book.db}
if [ ! -e "$book" ]; then
	echo "making a demo book of $ACCOUNTS accounts…" >&2
	"$work/bob" demo --accounts "$ACCOUNTS" --db "$book" >/dev/null 2>&1
fi
"$work/bob" list --all --json --db "$book" | sed -n 's/^    "name": "\(.*\)",$/\1/p' >"$work/names"
total=$(wc -l <"$work/names")
# A name of exactly 22 characters that no other account has.
name=$(awk 'length($0) == 22' "$work/names" | sort | uniq -u | head -n 1)
[ -n "$name" ] || { echo "no unique 22-character name in the book" >&2; exit 1; }
grouped=$(echo "$total" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta') # as bob writes it: 10,000

now_ms() { date +%s%3N; }

# wait_for PATTERN: polls the screen until it matches (an extended
# regular expression) and prints the time it did, or fails after 30 s.
wait_for() {
	local deadline=$(($(now_ms) + 30000))
	while :; do
		if tmux capture-pane -p -t "$SESSION" 2>/dev/null | grep -qE "$1"; then
			now_ms
			return 0
		fi
		if (($(now_ms) > deadline)); then
			echo "timed out waiting for /$1/ on:" >&2
			tmux capture-pane -p -t "$SESSION" >&2 || true
			return 1
		fi
	done
}

# cpu_ms PID: the CPU time all of PID's threads have used, in ms.
cpu_ms() {
	cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ns += $1} END {printf "%d", ns / 1e6}'
}

# run TOOL: one start and one filter measurement,
# "start_ms filter_ms rss_kb start_cpu_ms filter_cpu_ms".
run() {
	local cmd ready typed filter_keys
	case $1 in
	bob)
		cmd="$work/bob --db $book"
		ready="Accounts +$grouped "
		typed="Accounts +1 of $grouped "
		filter_keys="/"
		;;
	fzf)
		cmd="fzf <$work/names"
		ready=" $total/$total"
		typed=" 1/$total"
		filter_keys=""
		;;
	esac
	tmux kill-session -t "$SESSION" 2>/dev/null || true
	local t0 t1 t2 t3 pid rss
	t0=$(now_ms)
	tmux new-session -d -s "$SESSION" -x 120 -y 40 "exec $cmd"
	t1=$(wait_for "$ready")
	if [ "$1" = bob ]; then
		wait_for "all keys" >/dev/null # the help bar: the whole frame is up
	fi
	pid=$(tmux display-message -p -t "$SESSION" '#{pane_pid}')
	c1=$(cpu_ms "$pid")
	# Nobody types within a second of starting: let both finish what they
	# do after the first screen first (bob checks a big book's pages in
	# the background), until they use no CPU for 200 ms (at most 10 s).
	sleep 1
	local prev now_cpu
	for _ in $(seq 50); do
		prev=$(cpu_ms "$pid")
		sleep 0.2
		now_cpu=$(cpu_ms "$pid")
		((now_cpu - prev < 2)) && break
	done
	rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
	c2=$(cpu_ms "$pid")
	t2=$(now_ms)
	if [ -n "$filter_keys" ]; then
		tmux send-keys -t "$SESSION" "$filter_keys"
	fi
	tmux send-keys -t "$SESSION" -l "$name"
	t3=$(wait_for "$typed")
	c3=$(cpu_ms "$pid")
	tmux kill-session -t "$SESSION"
	echo "$((t1 - t0)) $((t3 - t2)) $rss $c1 $((c3 - c2))"
}

median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

: >"$work/bob.txt"
: >"$work/fzf.txt"
for i in $(seq "$RUNS"); do
	# Alternate, so that neither always runs on a warmer machine.
	run bob >>"$work/bob.txt"
	run fzf >>"$work/fzf.txt"
done

bs=$(cut -d' ' -f1 "$work/bob.txt" | median)
fs=$(cut -d' ' -f1 "$work/fzf.txt" | median)
bf=$(cut -d' ' -f2 "$work/bob.txt" | median)
ff=$(cut -d' ' -f2 "$work/fzf.txt" | median)
rss=$(cut -d' ' -f3 "$work/bob.txt" | median)
bsc=$(cut -d' ' -f4 "$work/bob.txt" | median)
fsc=$(cut -d' ' -f4 "$work/fzf.txt" | median)
bfc=$(cut -d' ' -f5 "$work/bob.txt" | median)
ffc=$(cut -d' ' -f5 "$work/fzf.txt" | median)

echo "bob and fzf on $total names, $RUNS runs each (medians, ms); filter: \"$name\""
echo "machine: $(nproc) cores, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg), fzf $(fzf --version | cut -d' ' -f1)"
ratio() { echo "$1 $2" | awk '{printf "%.2f", ($2 > 0) ? $1 / $2 : 0}'; }
printf '%-28s %8s %8s %8s   %8s %8s %8s\n' "" "bob ms" "fzf ms" "bob/fzf" "bob cpu" "fzf cpu" "bob/fzf"
printf '%-28s %8s %8s %8s   %8s %8s %8s\n' "start to first full screen" "$bs" "$fs" "$(ratio "$bs" "$fs")" "$bsc" "$fsc" "$(ratio "$bsc" "$fsc")"
printf '%-28s %8s %8s %8s   %8s %8s %8s\n' "typing the name to 1 match" "$bf" "$ff" "$(ratio "$bf" "$ff")" "$bfc" "$ffc" "$(ratio "$bfc" "$ffc")"
echo "bob resident memory with the book open: $((${rss%.*} / 1024)) MB"
echo "runs (start_ms filter_ms rss_kb start_cpu_ms filter_cpu_ms): bob: $(paste -sd, "$work/bob.txt"); fzf: $(paste -sd, "$work/fzf.txt")"
