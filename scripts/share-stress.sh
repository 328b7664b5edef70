#!/usr/bin/env bash
# share-stress.sh runs the app on a book in tmux, ticking and unticking a
# checklist step every 0.4 s, while a loop of command-line reads and writes
# (bob playbooks apply, bob step done, bob agenda, bob show) runs against
# the same book for SECONDS_TO_RUN seconds (default 60). Then it runs bob
# check and counts:
#   done:    commands that did what they were asked;
#   refused: commands bob refused by a rule of the book (a playbook that
#            is still open on the account): not a failure of sharing;
#   failed:  anything else, a lock message included. Must be 0.
# It also checks that the open app showed the command line's changes
# ("changed outside:" in its status line).
#
# Usage: scripts/share-stress.sh                  (a 40-account demo book)
#        ACCOUNTS=10000 scripts/share-stress.sh   (~25 s more to make it)
# Needs tmux and Go. Everything it writes goes to a temporary folder.
set -euo pipefail

SECONDS_TO_RUN=${SECONDS_TO_RUN:-60}
ACCOUNTS=${ACCOUNTS:-40}
SESSION=share-stress-$$
# shellcheck source=scripts/tmpenv.sh
. "$(dirname "$0")/tmpenv.sh"
bob=$work/bob
db=$work/book.db
go build -o "$bob" .
"$bob" demo --accounts "$ACCOUNTS" --db "$db" >/dev/null 2>&1
"$bob" list --json --db "$db" | python3 -c 'import json,sys; [print(a["name"]) for a in json.load(sys.stdin)]' >"$work/names"
mapfile -t names <"$work/names"

tmux new -d -s "$SESSION" -x 100 -y 30 "$bob --db $db"
sleep 2
tmux send-keys -t "$SESSION" Enter
sleep 1
tmux send-keys -t "$SESSION" 5
(for _ in $(seq 1 $((SECONDS_TO_RUN * 5 / 2))); do
	tmux send-keys -t "$SESSION" Space 2>/dev/null || exit 0
	sleep 0.4
done) &
ticker=$!

done=0 refused=0 failed=0 seen=0
end=$((SECONDS + SECONDS_TO_RUN))
while [ $SECONDS -lt $end ]; do
	a=${names[$((RANDOM % ${#names[@]}))]}
	rc=0
	case $((RANDOM % 4)) in
	0) out=$("$bob" playbooks apply adoption "$a" --db "$db" 2>&1) || rc=$? ;;
	1)
		id=$("$bob" show "$a" --json --db "$db" | python3 -c 'import json,sys,random
r=json.load(sys.stdin)
s=[s["id"] for c in r.get("checklists") or [] for s in c["steps"] if s.get("state","") in ("","open")]
print(random.choice(s) if s else "")')
		[ -n "$id" ] || continue
		out=$("$bob" step done "$id" --db "$db" 2>&1) || rc=$?
		;;
	2) out=$("$bob" agenda --db "$db" 2>&1 >/dev/null) || rc=$? ;;
	3) out=$("$bob" show "$a" --db "$db" 2>&1 >/dev/null) || rc=$? ;;
	esac
	if [ $rc -eq 0 ]; then
		done=$((done + 1))
	elif grep -q "is still open" <<<"$out"; then
		refused=$((refused + 1))
	else
		failed=$((failed + 1))
		echo "FAILED: $out" >&2
	fi
	if tmux capture-pane -p -t "$SESSION" | grep -q "changed outside:"; then
		seen=$((seen + 1))
	fi
done
kill "$ticker" 2>/dev/null || true
wait "$ticker" 2>/dev/null || true
sleep 1
tmux kill-session -t "$SESSION"
echo "commands: $done done, $refused refused by a rule, $failed failed; the app showed an outside change after $seen of them"
"$bob" check --db "$db"
[ "$failed" -eq 0 ]
