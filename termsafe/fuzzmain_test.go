package termsafe

import (
	"flag"
	"os"
	"testing"

	"bob/internal/fuzzbound"
)

// TestMain bounds the fuzzer's input shrinking (see package fuzzbound).
func TestMain(m *testing.M) {
	flag.Parse()
	fuzzbound.Bound()
	os.Exit(m.Run())
}
