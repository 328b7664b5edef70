// Package demo generates a realistic, deterministic demo book of business:
// accounts with people maps, timelines, success plans, commitments, risks,
// checklists and handoffs, built from word and phrase lists so that the
// app can be shown, explored and load-tested without real customer data.
//
// The same Options (seed and Now included) always produce byte-identical
// records, and records are produced one account at a time so that memory
// stays flat however large the book.
//
// Generate only makes model values and hands them to its caller; Fill is
// the one place that writes them, through the store, into an empty book.
// The package must never draw UI or do any other I/O. It must never use random entropy (such as
// model.NewID or the global random source), or the output would stop being
// reproducible.
package demo
