package ui

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"bob/model"
	"bob/store"
	"bob/ui/uitest"
)

// outsideStore opens a second handle on the app's book, as another bob
// (the command line, a second app) would.
func outsideStore(t *testing.T, st *store.Store) *store.Store {
	t.Helper()
	other, err := store.Open(st.Path(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	return other
}

// TestOutsideChangesShowInTheApp: what another bob writes appears on the
// list and the open account, and the status line says who changed what.
func TestOutsideChangesShowInTheApp(t *testing.T) {
	a, ctx := start(t, 100, 30, book...)
	other := outsideStore(t, ctx.Store)
	if _, err := other.PutAccount(model.Account{Name: "Umbrella Corp", Health: model.HealthGreen}); err != nil {
		t.Fatal(err)
	}
	uitest.Drive(a, a.look()())
	v := uitest.Plain(a.View())
	if !strings.Contains(v, "Umbrella Corp") || !strings.Contains(v, "changed outside: ") || !strings.Contains(v, "changed Umbrella Corp") {
		t.Fatalf("the list does not show the outside change:\n%s", v)
	}
	uitest.Drive(a, uitest.Keys("enter")...) // the first account, Acme Logistics
	acme, err := ctx.Store.FindAccount("Acme Logistics")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.PutEntry(model.TimelineEntry{AccountID: acme.ID, When: ctx.Now(), Kind: model.KindCall, Title: "Call from the command line"}); err != nil {
		t.Fatal(err)
	}
	uitest.Drive(a, a.look()())
	if v = uitest.Plain(a.View()); !strings.Contains(v, "changed outside: ") || !strings.Contains(v, "changed Acme Logistics") {
		t.Fatalf("the status line does not say what changed:\n%s", v)
	}
	uitest.Drive(a, uitest.Keys("2")...)
	if v = uitest.Plain(a.View()); !strings.Contains(v, "Call from the command line") {
		t.Fatalf("the open account does not show the outside entry:\n%s", v)
	}
	// Nothing new: the status line is left alone and nothing reloads.
	if msg := a.look()().(outsideMsg); len(msg.changes) != 0 || msg.replaced {
		t.Fatalf("a second look reports %+v", msg)
	}
}

// TestAppAndCommandLineWritesInterleaved writes from the app's own store
// (as its screens do) and from other handles in goroutines (as the
// command line does), in a seeded random order with the app looking for
// changes in between; then every write that reported success is in the
// book, the book passes its check, and the app's list shows every account.
func TestAppAndCommandLineWritesInterleaved(t *testing.T) {
	a, ctx := start(t, 100, 30, "Acme Logistics")
	for seed := uint64(1); seed <= 3; seed++ {
		rng := rand.New(rand.NewPCG(seed, 14))
		others := []*store.Store{outsideStore(t, ctx.Store), outsideStore(t, ctx.Store)}
		var names []string
		done := make(chan []string)
		for i, o := range others {
			go func(i int, o *store.Store, n int) {
				rng := rand.New(rand.NewPCG(seed, uint64(i)))
				var mine []string
				for j := 0; j < n; j++ {
					name := fmt.Sprintf("CLI %d-%d-%d", seed, i, j)
					if _, err := o.PutAccount(model.Account{Name: name, Health: model.HealthYellow}); err != nil {
						t.Errorf("command-line write: %v", err)
						break
					}
					mine = append(mine, name)
					time.Sleep(time.Duration(rng.IntN(3)) * time.Millisecond)
				}
				done <- mine
			}(i, o, 5+rng.IntN(5))
		}
		for j := 0; j < 15; j++ {
			switch rng.IntN(3) {
			case 0:
				name := fmt.Sprintf("App %d-%d", seed, j)
				if _, err := ctx.Store.PutAccount(model.Account{Name: name, Health: model.HealthGreen}); err != nil {
					t.Fatalf("app write: %v", err)
				}
				names = append(names, name)
			case 1:
				uitest.Drive(a, a.look()())
			default:
				time.Sleep(time.Millisecond)
			}
		}
		for range others {
			names = append(names, <-done...)
		}
		uitest.Drive(a, a.look()())
		for _, n := range names {
			if _, err := ctx.Store.FindAccount(n); err != nil {
				t.Fatalf("seed %d: write of %s reported done but: %v", seed, n, err)
			}
		}
		if probs, err := ctx.Store.Check(); err != nil || len(probs) != 0 {
			t.Fatalf("seed %d: check: %v %v", seed, probs, err)
		}
		sums, _ := ctx.Store.Summaries()
		if got := strings.Count(uitest.Plain(a.Top().View()), "\n"); got == 0 || len(sums) == 0 {
			t.Fatalf("seed %d: nothing on screen", seed)
		}
		if msg := a.look()().(outsideMsg); len(msg.changes) != 0 {
			t.Fatalf("seed %d: changes left unreported: %+v", seed, msg.changes)
		}
	}
}
