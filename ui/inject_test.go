package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"bob/handoff"
	"bob/store"
	"bob/ui/common"
	"bob/ui/uitest"
)

// TestNoScreenDrawsRawControls opens every screen on a book whose every
// field carries escape sequences: none may reach the terminal raw.
func TestNoScreenDrawsRawControls(t *testing.T) {
	ctx := uitest.Context(t, 120, 40)
	ctx.ConfigDir = t.TempDir()
	home := t.TempDir()
	t.Setenv("HOME", home)
	if _, err := handoff.CreateIdentity(ctx.ConfigDir, "Sam Rivera", "sam@example.com"); err != nil {
		t.Fatal(err)
	}
	// A file whose name sets the terminal title, for the import screen.
	if err := os.WriteFile(filepath.Join(home, "evil\x1b]0;pwned\x07\u009b2J.bob.zip"), []byte("not a zip"), 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "hostile.db")
	uitest.HostileBook(t, path)
	st, err := store.Open(path, &store.Options{Now: func() time.Time { return uitest.Now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx.Store.Close()
	ctx.Store = st
	var a *App
	fresh := func(keys ...string) {
		a = New(ctx)
		a.infoTimeout = 0
		uitest.Drive(a, a.Init()(), tea.WindowSizeMsg{Width: 120, Height: 40})
		uitest.Drive(a, uitest.Keys(keys...)...)
	}
	check := func(where string) {
		t.Helper()
		if os.Getenv("SHOWVIEWS") != "" {
			t.Logf("%s:\n%s", where, a.View())
		}
		if c := uitest.RawControl(a.View()); c != "" {
			t.Errorf("%s: raw control %s", where, c)
		}
	}
	screens := []struct {
		where string
		keys  []string
	}{
		{"account list", nil},
		{"today", []string{"tab"}},
		{"apply a playbook", []string{"a"}},
		{"list filter", []string{"/", "a"}},
		{"tag filter", []string{"t"}},
		{"stage filter", []string{"S"}},
		{"help", []string{"?"}},
		{"account form", []string{"e"}},
		{"new account form", []string{"n"}},
		{"export wizard", []string{"x"}},
		{"export wizard, next", []string{"x", " ", "enter"}},
		{"export wizard, further", []string{"x", " ", "enter", "enter", "enter"}},
		{"import screen", []string{"I"}},
		{"import screen, a file", []string{"I", "down", "down"}},
		{"import screen, a bad file", []string{"I", "down", "down", "enter"}},
		{"delete question", []string{"d"}},
	}
	for tab := 1; tab <= 6; tab++ {
		n := fmt.Sprint(tab)
		screens = append(screens,
			struct {
				where string
				keys  []string
			}{"tab " + n, []string{"enter", n}},
			struct {
				where string
				keys  []string
			}{"tab " + n + ", open", []string{"enter", n, "enter"}},
			struct {
				where string
				keys  []string
			}{"tab " + n + ", edit", []string{"enter", n, "e"}},
			struct {
				where string
				keys  []string
			}{"tab " + n + ", new", []string{"enter", n, "n"}},
			struct {
				where string
				keys  []string
			}{"tab " + n + ", new, mention", []string{"enter", n, "n", "tab", "tab", "tab", "@"}},
		)
	}
	// Last: it moves the account to the trash.
	screens = append(screens, struct {
		where string
		keys  []string
	}{"trash", []string{"d", "y", "T"}})
	for _, s := range screens {
		fresh(s.keys...)
		check(s.where)
	}
	fresh()
	uitest.Drive(a, common.StatusMsg{Text: strings.ReplaceAll(uitest.Hostile("status"), "QXESCQ", "\x1b"), Error: true})
	check("status line")
}
