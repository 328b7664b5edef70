package handoff

import (
	"runtime"
	"testing"

	"bob/model"
)

// A record that does not match its manifest entry is the error a reader
// hears, whatever order the zip holds the files in: a record listed
// before it in the manifest but stored after it in the zip is no reason
// to report a good record as unread.
func TestReadNamesTheBadRecordWhateverTheZipOrder(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1)) // one decoder: the zip's order is the decoding order
	data := raw(t, []model.AccountRecord{acme(), globex()}, nil, nil, func(m *Manifest) {
		// The zip holds Acme, then Globex; the manifest lists Globex
		// first, and Acme under a name its record does not have.
		acc, glo := m.Accounts[0], m.Accounts[1]
		acc.Name = "Acme Renamed"
		m.Accounts = []ManifestAccount{glo, acc}
	})
	o, err := ReadBytes(data, ReadOptions{})
	if o != nil {
		t.Error("Read returned a bundle along with an error")
	}
	checkErr(t, err, ErrDamaged, `the manifest calls account `+id(1)+` "Acme Renamed" but its record calls it "Acme Corp"`)
}
