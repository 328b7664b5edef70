package store

import (
	bolt "go.etcd.io/bbolt"

	"bob/internal/entryjson"
	"bob/model"
)

// decodeEntry decodes the stored timeline entry raw (under key) into e,
// which must be the zero entry: with entryjson's parser for the JSON the
// store writes (reading the entries was about a third of an export),
// else with encoding/json, which reads or refuses anything else as it
// always did.
func decodeEntry(key, raw []byte, e *model.TimelineEntry) error {
	if entryjson.Decode(raw, e) {
		return nil
	}
	return unmarshal(key, raw, e)
}

// getEntry is getJSON for a timeline entry, read by decodeEntry.
func getEntry(b *bolt.Bucket, key []byte, e *model.TimelineEntry) (bool, error) {
	raw := b.Get(key)
	if raw == nil {
		return false, nil
	}
	return true, decodeEntry(key, raw, e)
}
