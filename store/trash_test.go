package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bob/model"
)

func TestPurgeTrash(t *testing.T) {
	s, _ := openTest(t)
	var ids []string
	for _, name := range []string{"Acme", "Globex", "Initech"} {
		a := model.Account{ID: model.NewID(), Name: name}
		if _, err := s.PutAccount(a); err != nil {
			t.Fatal(err)
		}
		id, err := s.DeleteAccount(a.ID)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	// An unknown item stops the whole purge: nothing is deleted.
	if _, err := s.PurgeTrash(ids[0], "nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("purging an unknown item: %v", err)
	}
	if items, _ := s.Trash(); len(items) != 3 {
		t.Fatalf("%d items after a refused purge, want 3", len(items))
	}
	backup, err := s.PurgeTrash(ids[:2]...)
	if err != nil {
		t.Fatal(err)
	}
	if items, _ := s.Trash(); len(items) != 1 || items[0].ID != ids[2] {
		t.Fatalf("after purging two: %+v", items)
	}
	if _, err := os.Stat(backup); err != nil || !strings.Contains(filepath.Base(backup), "-trash.db") {
		t.Errorf("no backup before the purge: %q, %v", backup, err)
	}
	if b, err := s.PurgeTrash(); err != nil || b != "" {
		t.Errorf("purging nothing: %q, %v", b, err)
	}
}
