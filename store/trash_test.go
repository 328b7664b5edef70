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

func TestDeleteHandoff(t *testing.T) {
	s, _ := openTest(t)
	a := model.Account{ID: model.NewID(), Name: "Acme"}
	if _, err := s.PutAccount(a); err != nil {
		t.Fatal(err)
	}
	h, err := s.PutHandoff(model.Handoff{AccountID: a.ID, From: "Ana", To: "Sam", Status: model.HandoffSent, Note: "renewal in May"})
	if err != nil {
		t.Fatal(err)
	}
	sum := func() model.AccountSummary {
		t.Helper()
		sums, err := s.Summaries()
		if err != nil || len(sums) != 1 {
			t.Fatalf("summaries: %v %v", sums, err)
		}
		return sums[0]
	}
	if sum().Handoff != model.HandoffSent {
		t.Fatalf("summary before: %+v", sum())
	}
	if got, err := s.Handoff(h.ID); err != nil || got.Note != h.Note || got.AccountID != a.ID {
		t.Fatalf("Handoff(%s) = %+v, %v", h.ID, got, err)
	}
	if _, err := s.Handoff("nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("an unknown handoff: %v", err)
	}
	if _, err := s.DeleteHandoff(a.ID, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting an unknown handoff: %v", err)
	}
	trashID, err := s.DeleteHandoff(a.ID, h.ID)
	if err != nil {
		t.Fatal(err)
	}
	if hs, _ := s.Handoffs(a.ID); len(hs) != 0 {
		t.Fatalf("handoffs after delete: %+v", hs)
	}
	if got := sum(); got.Handoff != model.HandoffNone {
		t.Errorf("the list column still shows %q after the delete", got.Handoff)
	}
	if err := s.RestoreTrash(trashID); err != nil {
		t.Fatal(err)
	}
	if hs, _ := s.Handoffs(a.ID); len(hs) != 1 || hs[0] != h {
		t.Fatalf("handoffs after restore: %+v", hs)
	}
	if sum().Handoff != model.HandoffSent {
		t.Errorf("the list column after restore: %+v", sum())
	}
}
