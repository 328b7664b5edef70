// Package parallel spreads independent pieces of one job over the cores.
// It holds no state and knows nothing of what the pieces are.
package parallel

import (
	"runtime"
	"sync/atomic"
)

// Workers is how many goroutines a job spreads over: one per core.
func Workers() int { return runtime.GOMAXPROCS(0) }

// Each calls fn(i) for every i below n on up to workers goroutines. The
// pieces are taken in order (a piece is started only after those before
// it), so a caller that waits for them in order never waits on one that
// was not started. The first error stops the pieces not yet started, and
// Each returns it once every started piece has ended.
func Each(n, workers int, fn func(i int) error) error {
	workers = max(1, min(workers, n))
	if n <= 0 {
		return nil
	}
	var next atomic.Int64
	var stop atomic.Bool
	errs := make(chan error, workers)
	for range workers {
		go func() {
			for !stop.Load() {
				i := int(next.Add(1) - 1)
				if i >= n {
					break
				}
				if err := fn(i); err != nil {
					stop.Store(true)
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	var first error
	for range workers {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	return first
}

// EachInOrder is Each, returning the error of the first piece in order
// that failed rather than the first to fail: the same input always gives
// the same error. Every piece is run.
func EachInOrder(n, workers int, fn func(i int) error) error {
	errs := make([]error, max(n, 0))
	Each(n, workers, func(i int) error {
		errs[i] = fn(i)
		return nil
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
