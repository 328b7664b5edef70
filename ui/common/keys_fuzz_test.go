package common

import (
	"strings"
	"testing"

	"bob/termsafe"
)

// FuzzParseKeyConfig feeds keys.conf any text: it never panics, a file it
// accepts leaves every action with valid keys, and an error is one safe
// line.
func FuzzParseKeyConfig(f *testing.F) {
	for _, seed := range []string{
		"",
		"# my keys\nquit = x\n",
		"up = k, up\ndown = j , down\n",
		"filter = ctrl+f # find\n",
		"open = enter\nback = esc\n",
		"quit = n\n",             // n is new: a conflict
		"nonsense = x\n",         // unknown action
		"quit = ctrl+shift+\n",   // not a key name
		"quit\n",                 // no =
		"select = space\n",       // space is spelled " " by Bubble Tea
		"help = ?\nhelp = f1\n",  // rebound twice
		"quit = \x1b]0;x\x07\n",  // an escape in a key name
		"up = k\r\ndown = j\r\n", // Windows line ends
		strings.Repeat("up = k\n", 50),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, conf string) {
		k := DefaultKeyMap()
		err := k.ParseKeyConfig(strings.NewReader(conf))
		if err != nil {
			msg := err.Error()
			if strings.Contains(msg, "\n") || termsafe.Line(msg) != msg {
				t.Fatalf("error is not one safe line: %q", msg)
			}
			return
		}
		for name, b := range k.Actions() {
			if len(b.Keys()) == 0 {
				t.Fatalf("%s has no key after %q", name, conf)
			}
			for _, kk := range b.Keys() {
				if kk != " " && !ValidKeyName(kk) {
					t.Fatalf("%s is bound to %q, not a key name", name, kk)
				}
			}
		}
	})
}
