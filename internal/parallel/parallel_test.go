package parallel

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
)

func TestEach(t *testing.T) {
	for _, workers := range []int{0, 1, 2, 7} {
		for _, n := range []int{0, 1, 5, 100} {
			seen := make([]atomic.Int32, n)
			if err := Each(n, workers, func(i int) error {
				seen[i].Add(1)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			for i := range seen {
				if c := seen[i].Load(); c != 1 {
					t.Errorf("n=%d workers=%d: piece %d ran %d times", n, workers, i, c)
				}
			}
		}
	}
}

func TestEachStopsAtAnError(t *testing.T) {
	bad := errors.New("bad piece")
	var ran atomic.Int32
	err := Each(1000, 2, func(i int) error {
		ran.Add(1)
		if i == 10 {
			return bad
		}
		return nil
	})
	if !errors.Is(err, bad) {
		t.Fatalf("err = %v, want %v", err, bad)
	}
	if r := ran.Load(); r >= 1000 {
		t.Errorf("all %d pieces ran after the error", r)
	}
}

func TestEachInOrderReturnsTheFirstInOrder(t *testing.T) {
	for range 20 {
		err := EachInOrder(50, 4, func(i int) error {
			if i == 7 || i == 30 {
				return fmt.Errorf("piece %d", i)
			}
			return nil
		})
		if err == nil || err.Error() != "piece 7" {
			t.Fatalf("err = %v, want piece 7", err)
		}
	}
}
