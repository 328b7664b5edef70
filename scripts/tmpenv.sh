# tmpenv.sh is sourced by the scripts beside it, after they set SESSION:
# it moves to the repository's root and makes the temporary folder $work
# that holds everything the script writes, its own XDG_DATA_HOME and
# XDG_CONFIG_HOME included, so the user's real book is never touched. On
# exit it ends the tmux session $SESSION and removes the folder.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
work=$(mktemp -d)
trap 'tmux kill-session -t "$SESSION" 2>/dev/null || true; rm -rf "$work"' EXIT
export XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME"
