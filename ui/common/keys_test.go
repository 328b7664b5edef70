package common

import (
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/x/ansi"
)

func TestParseKeyConfig(t *testing.T) {
	cases := []struct {
		name, in, wantErr string
		check             func(*KeyMap) bool
	}{
		{"rebind", "# mine\nquit = Q, ctrl+q\n\nfilter = ctrl+f", "", func(k *KeyMap) bool {
			return strings.Join(k.Quit.Keys(), " ") == "Q ctrl+q" && k.Filter.Keys()[0] == "ctrl+f" && k.Quit.Help().Key == "Q"
		}},
		{"unknown action", "teleport = x", `unknown action "teleport"`, nil},
		{"unknown key", "quit = ctrl+banana", `"ctrl+banana" is not a key name`, nil},
		{"no equals", "quit q", "line 1", nil},
		{"empty key", "quit = ", `"" is not a key name`, nil},
		{"one key, two actions", "delete = x", `line 1: "x" would do two things, delete and export`, nil},
		{"a second line takes a key", "quit = Q\nhelp = Q", `line 2: "Q" would do two things`, nil},
		{"space twice", "trash = space", `"space" would do two things`, nil},
		{"swap two keys", "delete = x\nexport = d", "", func(k *KeyMap) bool {
			return k.Delete.Keys()[0] == "x" && k.Export.Keys()[0] == "d"
		}},
		{"keys the defaults already share", "back = ctrl+g\nclear-filter = ctrl+g", "", func(k *KeyMap) bool {
			return k.Back.Keys()[0] == "ctrl+g"
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			k := DefaultKeyMap()
			err := k.ParseKeyConfig(strings.NewReader(c.in))
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !c.check(k) {
				t.Fatalf("bindings not applied: quit=%v filter=%v delete=%v", k.Quit.Keys(), k.Filter.Keys(), k.Delete.Keys())
			}
		})
	}
}

func TestValidKeyName(t *testing.T) {
	for _, k := range []string{"a", "G", "/", "?", "enter", "ctrl+c", "alt+x", "alt+ctrl+x", "f5", "shift+tab", "pgdown"} {
		if !ValidKeyName(k) {
			t.Errorf("%q rejected", k)
		}
	}
	for _, k := range []string{"", "ctrl+", "f0", "f21", "hyper+x", "enterr", "ctrl+ctrl+x"} {
		if ValidKeyName(k) {
			t.Errorf("%q accepted", k)
		}
	}
}

func TestLabeled(t *testing.T) {
	k := DefaultKeyMap()
	if err := k.ParseKeyConfig(strings.NewReader("select = ctrl+x\n")); err != nil {
		t.Fatal(err)
	}
	b := Labeled(k.Select, "done/reopen")
	if b.Help().Key != "ctrl+x" || b.Help().Desc != "done/reopen" || strings.Join(b.Keys(), ",") != "ctrl+x" {
		t.Errorf("Labeled: keys %v, help %+v", b.Keys(), b.Help())
	}
	if k.Select.Help().Desc != "select" {
		t.Errorf("Labeled changed the key map's own words: %q", k.Select.Help().Desc)
	}
}

// A yes/no question's help bar shows both answers: the bound yes key and
// what any other key does.
func TestAnswersShowBothAnswers(t *testing.T) {
	k := DefaultKeyMap()
	bar := help.New().ShortHelpView(k.Answers("delete", "keep"))
	for _, want := range []string{"y delete", "other keys keep"} {
		if !strings.Contains(ansi.Strip(bar), want) {
			t.Errorf("help bar %q lacks %q", ansi.Strip(bar), want)
		}
	}
}
