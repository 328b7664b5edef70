// Package fuzzbound keeps Go's fuzzer fuzzing instead of shrinking inputs.
//
// Go's minimizer tries removing every range of bytes from each new
// interesting input, which is quadratic in the input's size: for a
// kilobyte-sized bundle, dump, CSV or vCard file that is millions of runs,
// so its default of 60 seconds is always used up and, with every worker
// shrinking, fuzzing stops for a minute at a time (the progress line shows
// 0 execs/sec). Every package with a fuzz target calls Bound from its
// TestMain, so `go test -fuzz` runs at full speed without extra flags.
//
// It is imported only by tests.
package fuzzbound

import "flag"

// Runs is how many runs the fuzzer may spend shrinking one input unless
// -fuzzminimizetime is given on the command line.
const Runs = "2000x"

// Bound sets -test.fuzzminimizetime to Runs unless it was given. Call it from
// TestMain after flag.Parse.
func Bound() {
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.fuzzminimizetime" })
	if given || flag.Lookup("test.fuzzminimizetime") == nil {
		return
	}
	if err := flag.Set("test.fuzzminimizetime", Runs); err != nil {
		panic("fuzzbound: " + err.Error())
	}
}
