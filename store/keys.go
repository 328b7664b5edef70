package store

import (
	"encoding/binary"
	"encoding/hex"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Bucket names; docs/storage.md describes what each holds.
var (
	bucketMeta        = []byte("meta")
	bucketAccounts    = []byte("accounts")
	bucketSummaries   = []byte("summaries")
	bucketPeople      = []byte("people")
	bucketEdges       = []byte("edges")
	bucketTimeline    = []byte("timeline")
	bucketTimelineIDs = []byte("timeline_ids")
	bucketPlans       = []byte("plans")
	bucketCommitments = []byte("commitments")
	bucketRisks       = []byte("risks")
	bucketChecklists  = []byte("checklists")
	bucketHandoffs    = []byte("handoffs")
	bucketTrash       = []byte("trash")
	bucketDue         = []byte("due")
	// The timeline's derived indexes (timelineindex.go).
	bucketTimelinePeople = []byte("timeline_people")
	bucketTimelineCounts = []byte("timeline_counts")
	// The account list's index and counts (listindex.go).
	bucketListNames  = []byte("list_names")
	bucketListCounts = []byte("list_counts")
)

// childKey is "<account id>/<record id>": every record of an account sits
// under one prefix, so an account's people (say) are one range scan.
func childKey(accountID, id string) []byte {
	k := make([]byte, 0, len(accountID)+1+len(id))
	k = append(k, accountID...)
	k = append(k, '/')
	return append(k, id...)
}

// accountPrefix is the common prefix of every child key of an account.
func accountPrefix(accountID string) []byte {
	return append([]byte(accountID), '/')
}

// timelineKey is "<account id>/<when>/<entry id>" where <when> is the
// entry's time as 16 hex digits that sort like the times do, so an
// account's history is a range scan in time order and the most recent
// entries are a reverse scan from the end of the prefix.
func timelineKey(accountID string, when time.Time, id string) []byte {
	return appendTimelineKey(make([]byte, 0, len(accountID)+1+16+1+len(id)), accountID, when, id)
}

// appendTimelineKey appends the entry's timelineKey to k.
func appendTimelineKey(k []byte, accountID string, when time.Time, id string) []byte {
	var b [8]byte
	// Flip the sign bit so that times before 1970 sort before later ones.
	binary.BigEndian.PutUint64(b[:], uint64(when.UnixNano())^(1<<63))
	k = append(k, accountID...)
	k = append(k, '/')
	k = hex.AppendEncode(k, b[:])
	k = append(k, '/')
	return append(k, id...)
}

// lastBefore moves c to the last key before end (to the last key of all
// when none is at or after end), where a reverse scan of a prefix ending
// at end starts.
func lastBefore(c *bolt.Cursor, end []byte) ([]byte, []byte) {
	if k, _ := c.Seek(end); k == nil {
		return c.Last()
	}
	return c.Prev()
}

// prefixEnd returns the smallest key greater than every key with prefix p.
func prefixEnd(p []byte) []byte {
	end := append([]byte(nil), p...)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}
