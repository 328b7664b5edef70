package common

import (
	"os"
	"testing"
)

func TestTempText(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	path, err := TempText("bob-*.md", "hello")
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(path)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	if b, _ := os.ReadFile(path); string(b) != "hello" {
		t.Errorf("wrote %q", b)
	}
	t.Setenv("TMPDIR", "/nonexistent-dir-for-bob-test")
	if p, err := TempText("bob-*.md", "x"); err == nil || p != "" {
		t.Errorf("in a missing folder: %q, %v", p, err)
	}
}
