#!/usr/bin/env bash
# bench-tui.sh times bob against fzf on the same 10,000 account names, in
# tmux, the way a person sees them:
#   start:  from starting the program to its first full screen of the list
#           (bob: the list header counts every account and the help bar is
#           drawn; fzf: its counter shows every name);
#   filter: from typing a 22-character name into the filter to the
#           screen that shows only that account (fzf's filter is open from
#           the start; bob's is opened with "/" before the clock starts,
#           and the script waits for its prompt).
# Each is run RUNS times (default 5); the table shows medians and the ratio
# bob/fzf (at most 1.0 means bob is no slower), and bob's resident memory
# with the book open. Next to the times on screen it shows the CPU time
# each program used for the same step (all its threads, from the kernel's
# schedstat), which depends much less on what else the machine is doing.
#
# Usage: scripts/bench-tui.sh            (makes a demo book, ~2 minutes)
#        BOOK=path/to/book.db scripts/bench-tui.sh   (reuses a book)
# Needs tmux (3.2 or later), mawk and Go; installs fzf from the
# distribution's packages if it is missing. Everything it writes goes to
# a temporary folder.
set -euo pipefail

RUNS=${RUNS:-5}
ACCOUNTS=${ACCOUNTS:-10000}
SESSION=bench-tui-$$
# shellcheck source=scripts/tmpenv.sh
. "$(dirname "$0")/tmpenv.sh"

if ! command -v fzf >/dev/null; then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	echo "installing fzf from the distribution's packages…" >&2
	$sudo apt-get install -y fzf >/dev/null 2>&1 || { $sudo apt-get update >/dev/null && $sudo apt-get install -y fzf >/dev/null; } ||
		{ echo "could not install fzf: install it (apt-get install fzf) and run this again" >&2; exit 1; }
fi

# Built as README's install builds it: static, without cgo.
CGO_ENABLED=0 go build -o "$work/bob" .
book=${BOOK:-$work/book.db}
if [ ! -e "$book" ]; then
	echo "making a demo book of $ACCOUNTS accounts…" >&2
	"$work/bob" demo --accounts "$ACCOUNTS" --db "$book" >/dev/null 2>&1
fi
"$work/bob" list --all --json --db "$book" | sed -n 's/^    "name": "\(.*\)",$/\1/p' >"$work/names"
total=$(wc -l <"$work/names")
# A name of exactly 22 characters that no other account has.
name=$(awk 'length($0) == 22 && !/'"'"'/' "$work/names" | sort | uniq -u | awk 'NR == 1')
[ -n "$name" ] || { echo "no unique 22-character name in the book" >&2; exit 1; }
grouped=$(echo "$total" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta') # as bob writes it: 10,000

# The screen is watched through a tmux control-mode client (tmux(1),
# CONTROL MODE): tmux tells it of every write the program makes to its
# pane, and after each write the script asks tmux whether the screen
# matches (display-message's #{C/r:...}, a search of the pane in tmux
# itself), over the same connection. Nothing is started per look, nothing
# polls, and the screen's text never passes through the shell (bash reads
# a pipe one byte at a time): while a program draws, the script sleeps
# in read. mawk shortens the write notifications to their first word.
# Polling with a new tmux client, grep and date per look took 4 to 11 ms
# a look on this two-core machine, competed with the program for the
# cores, and put up to a look's worth of error on every figure. Keys are
# sent over the same connection, so no process start is timed either.

# ms US: US µs in ms, to a tenth.
ms() { printf '%d.%d' "$(($1 / 1000))" "$(($1 % 1000 / 100))"; }

# ctl_start CMD: starts CMD in a new session of 120x40 whose control
# client is the coprocess CTL; ctl_pid is the program's process ID (tmux
# prints it in new-session's reply).
ctl_start() {
	coproc CTL {
		tmux -C new-session -P -F '#{pane_pid}' -s "$SESSION" -x 120 -y 40 "exec $1" 2>/dev/null |
			mawk -W interactive '/^%output / { print "%output"; next } { print }'
	}
	ctl_dirty=1
	ctl_reply # new-session's own reply
	ctl_pid=${ctl_out%$'\n'}
}

# ctl_reply: reads up to the end of the next command reply, into
# ctl_out; ctl_dirty is set when the pane wrote something meanwhile.
ctl_reply() {
	local line in=0
	ctl_out=""
	while IFS= read -r -t 30 line <&"${CTL[0]}"; do
		case $in$line in
		0%begin*) in=1 ;;
		1%end* | 1%error*) return 0 ;;
		0%output*) ctl_dirty=1 ;;
		0%exit*) echo "the session ended: $line" >&2; return 1 ;;
		1*) ctl_out+=${line}$'\n' ;;
		esac
	done
	echo "tmux's control client stopped answering" >&2
	return 1
}

# ctl COMMAND: runs a tmux command over the control client; its output
# is in ctl_out.
ctl() {
	printf '%s\n' "$1" >&"${CTL[1]}"
	ctl_reply
}

# wait_for PATTERN: reads the screen after each write to it until it
# matches (an extended regular expression) and sets seen_at to the time
# (µs) the matching screen was read, or fails after 30 s. (It runs in
# the script's own shell, not in $(...): it keeps the client's state.)
wait_for() {
	local deadline=$((${EPOCHREALTIME%.*} + 30)) line
	while :; do
		if ((ctl_dirty)); then
			ctl_dirty=0
			ctl "display-message -p -t $SESSION '#{C/r:$1}'" || return 1
			if [ "${ctl_out%$'\n'}" != 0 ]; then
				seen_at=${EPOCHREALTIME/./}
				return 0
			fi
		fi
		if IFS= read -r -t 1 line <&"${CTL[0]}"; then
			case $line in
			%output*) ctl_dirty=1 ;;
			%exit*) echo "the program ended while waiting for /$1/" >&2; return 1 ;;
			esac
		fi
		if ((${EPOCHREALTIME%.*} > deadline)); then
			echo "timed out waiting for /$1/ on:" >&2
			ctl "capture-pane -p -t $SESSION" && echo "$ctl_out" >&2
			return 1
		fi
	done
}

# ctl_stop: ends the session and its control client.
ctl_stop() {
	printf 'kill-session -t %s\n' "$SESSION" >&"${CTL[1]}" 2>/dev/null || true
	wait "$CTL_PID" 2>/dev/null || true
}

# cpu_ms PID: the CPU time all of PID's threads have used, in ms.
cpu_ms() {
	cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ns += $1} END {printf "%d", ns / 1e6}'
}

# run TOOL: one start and one filter measurement,
# "start_ms filter_ms rss_kb start_cpu_ms filter_cpu_ms".
run() {
	local cmd ready typed open_filter
	case $1 in
	bob)
		cmd="$work/bob --db $book"
		ready="Accounts +$grouped "
		typed="Accounts +1 of $grouped "
		open_filter="/"
		;;
	fzf)
		cmd="fzf <$work/names"
		ready=" $total/$total"
		typed=" 1/$total"
		open_filter=""
		;;
	esac
	tmux kill-session -t "$SESSION" 2>/dev/null || true
	local t0 t1 t2 t3 pid rss
	t0=${EPOCHREALTIME/./}
	ctl_start "$cmd"
	pid=$ctl_pid
	wait_for "$ready"
	t1=$seen_at
	# The CPU to the first screen is read as soon as it is seen: bob
	# reads the rest of its list 30 ms after its first screen, and on a
	# loaded machine the round trips to tmux that came first (the help
	# bar's check, asking for the pane's process) took that long, so the
	# column counted some of that read too.
	c1=$(cpu_ms "$pid")
	if [ "$1" = bob ]; then
		wait_for "all keys" # the help bar: the whole frame is up
	fi
	# The timed part is typing the name into the filter: fzf's is open
	# from the start, bob's opens with "/" first (its prompt showing).
	if [ -n "$open_filter" ]; then
		ctl "send-keys -t $SESSION $open_filter"
		wait_for "/ name, tag or domain"
	fi
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
	ctl "display-message -p ready" # reads what was written meanwhile
	ctl_dirty=0
	c2=$(cpu_ms "$pid")
	t2=${EPOCHREALTIME/./}
	ctl "send-keys -t $SESSION -l '$name'"
	wait_for "$typed"
	t3=$seen_at
	c3=$(cpu_ms "$pid")
	ctl_stop
	echo "$(ms $((t1 - t0))) $(ms $((t3 - t2))) $rss $c1 $((c3 - c2))"
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
