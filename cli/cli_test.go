package cli

import (
	"path/filepath"
	"testing"
)

func TestBookAndConfigPaths(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("BOB_DB", "")
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("XDG_CONFIG_HOME", "")
	if got, want := (&app{}).bookPath(), filepath.Join(home, ".local", "share", "bob", "book.db"); got != want {
		t.Errorf("book without XDG_DATA_HOME: %s, want %s", got, want)
	}
	if got, want := configDir(), filepath.Join(home, ".config", "bob"); got != want {
		t.Errorf("config without XDG_CONFIG_HOME: %s, want %s", got, want)
	}
	t.Setenv("XDG_DATA_HOME", "/data")
	t.Setenv("XDG_CONFIG_HOME", "/config")
	if got, want := (&app{}).bookPath(), filepath.Join("/data", "bob", "book.db"); got != want {
		t.Errorf("book with XDG_DATA_HOME: %s, want %s", got, want)
	}
	if got, want := configDir(), filepath.Join("/config", "bob"); got != want {
		t.Errorf("config with XDG_CONFIG_HOME: %s, want %s", got, want)
	}
	t.Setenv("BOB_DB", "/elsewhere/b.db")
	if got := (&app{}).bookPath(); got != "/elsewhere/b.db" {
		t.Errorf("book with BOB_DB: %s", got)
	}
	if got := (&app{dbPath: "x.db"}).bookPath(); got != "x.db" {
		t.Errorf("book with --db: %s", got)
	}
}
