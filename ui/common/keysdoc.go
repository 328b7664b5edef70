package common

import (
	"fmt"
	"strings"
)

// KeysMarkdown documents every action of the key map: its name in
// keys.conf, its keys, and what it does. docs/keys.md is generated from it
// (a test keeps the two equal), so the docs cannot drift from the code.
func (k *KeyMap) KeysMarkdown() string {
	var b strings.Builder
	b.WriteString("# Keys\n\n")
	b.WriteString("Generated from the key map in `ui/common/keys.go`; `?` in the app shows the same list.\n")
	b.WriteString("A key that cannot act where you are says why in the status line.\n\n")
	b.WriteString("| action (name in keys.conf) | keys | what it does |\n| --- | --- | --- |\n")
	actions := k.Actions()
	for _, name := range sortedNames(actions) {
		bnd := actions[name]
		keys := make([]string, len(bnd.Keys()))
		for i, key := range bnd.Keys() {
			if key == " " {
				key = "space"
			}
			keys[i] = "`" + key + "`"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", name, strings.Join(dedupe(keys), " "), bnd.Help().Desc)
	}
	b.WriteString(`
ctrl+c always quits. Keys 1-9 jump to a tab in the account view.

## Rebinding keys

Write ` + "`$XDG_CONFIG_HOME/bob/keys.conf`" + ` (` + "`~/.config/bob/keys.conf`" + `), one action a line:

` + "```" + `
# Lines starting with # are comments.
quit = Q, ctrl+q
filter = ctrl+f
` + "```" + `

An unknown action or key name stops bob at start-up with a message naming the line,
and so does a key that would do two things: binding ` + "`delete = x`" + ` while ` + "`x`" + ` still
exports is refused ("x" would do two things, delete and export); give the other
action another key in the same file. Actions that share a key by default (esc for
back and clear-filter) never meet on one screen and may keep sharing one.
`)
	return b.String()
}

func dedupe(s []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
