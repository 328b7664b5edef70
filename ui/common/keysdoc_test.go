package common

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var updateDocs = flag.Bool("update", false, "rewrite docs/keys.md")

func TestKeysDocIsUpToDate(t *testing.T) {
	path := filepath.Join("..", "..", "docs", "keys.md")
	got := DefaultKeyMap().KeysMarkdown()
	if *updateDocs {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./ui/common -update)", err)
	}
	if string(want) != got {
		t.Fatal("docs/keys.md is out of date with the key map: run go test ./ui/common -update")
	}
}
