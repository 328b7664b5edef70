package model

import (
	"time"

	"github.com/oklog/ulid/v2"
)

// NewID returns a new globally unique, time-ordered identifier (a ULID).
// IDs sort by creation time, so books written by different CSMs can be
// merged without collisions and a bucket scan returns records oldest first.
func NewID() string {
	return ulid.Make().String()
}

// NewIDAt returns an identifier whose time part is t. Generators and
// importers use it so that records created "in the past" still sort in
// time order.
func NewIDAt(t time.Time) string {
	ms := t.UnixMilli()
	if ms < 0 {
		ms = 0
	}
	return ulid.MustNew(uint64(ms), ulid.DefaultEntropy()).String()
}

// ValidID reports whether s has the shape of an identifier made by NewID.
func ValidID(s string) bool {
	_, err := ulid.ParseStrict(s)
	return err == nil
}
