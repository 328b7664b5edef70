package model

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"
)

// newestWith is the People tab's rule: the entries linking a person, newest
// first (ties in canonical order), the first RecentPerPerson of them.
func newestWith(entries []TimelineEntry, person string) []string {
	var out []TimelineEntry
	for _, e := range entries {
		if slices.Contains(e.People, person) {
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].When.After(out[j].When) })
	var ids []string
	for i, e := range out {
		if i == RecentPerPerson {
			break
		}
		ids = append(ids, e.ID)
	}
	return ids
}

// TestTouchEntriesDecideAsTheWholeTimeline: on the entries TouchEntries
// keeps, the last touch, each person's last touch and newest entries are
// what the whole timeline gives, and far fewer entries are kept.
func TestTouchEntriesDecideAsTheWholeTimeline(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	people := []string{"p1", "p2", "p3", "p4", "p5"}
	base := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	for round := range 50 {
		var all []TimelineEntry
		n := 1 + r.IntN(400)
		for i := range n {
			e := TimelineEntry{ID: fmt.Sprintf("%03d-%04d", r.IntN(1000), i), When: base.Add(-time.Duration(r.IntN(n/4+1)) * time.Hour),
				Internal: r.IntN(3) == 0}
			for _, p := range people {
				if r.IntN(4) == 0 {
					e.People = append(e.People, p)
				}
			}
			all = append(all, e)
		}
		rec := AccountRecord{Timeline: all}
		rec.Canonicalize()
		all = rec.Timeline
		kept := TouchEntries(all)
		if !LastTouch(kept).Equal(LastTouch(all)) || !maps.Equal(LastTouches(kept), LastTouches(all)) {
			t.Fatalf("round %d: last touches differ", round)
		}
		for _, p := range people {
			if got, want := newestWith(kept, p), newestWith(all, p); !slices.Equal(got, want) {
				t.Fatalf("round %d: newest of %s %v, want %v", round, p, got, want)
			}
		}
		if n > 200 && len(kept) > n/2 {
			t.Fatalf("round %d: kept %d of %d", round, len(kept), n)
		}
	}
}
