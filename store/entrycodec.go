package store

import (
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
