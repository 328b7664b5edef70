package handoff

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"bob/demo"
	"bob/internal/parallel"
	"bob/model"
)

// A file compressed on a packing goroutine goes into the zip byte for
// byte as if the zip writer had compressed it: bundles stay what they
// were, whichever way they are written.
func TestPackedFileIsWhatAddWrites(t *testing.T) {
	long := bytes.Repeat([]byte(`{"when": "2025-03-01T15:04:00Z", "body": "Renewal call"}`+"\n"), 3000)
	files := []struct {
		name string
		data []byte
	}{
		{AccountPath(id(1)), long},
		{"brief/acme-corp.md", []byte("# Acme Corp\n")},
		{"brief/empty.md", nil},
		{"brief/café~.md", []byte("UTF-8 in a name sets the zip's UTF-8 flag")},
	}
	var write func(packed bool) []byte
	write = func(packed bool) []byte {
		var buf bytes.Buffer
		zw := &zipWriter{zw: zip.NewWriter(&buf), modified: created}
		zw.zw.RegisterCompressor(zip.Deflate, fastDeflate)
		var listed []ManifestFile
		for _, f := range files {
			var mf ManifestFile
			var err error
			if packed {
				var p packedFile
				if p, err = packFile(f.name, f.data); err == nil {
					mf, err = zw.addPacked(p)
				}
			} else {
				mf, err = zw.add(f.name, f.data)
			}
			if err != nil {
				t.Fatal(err)
			}
			listed = append(listed, mf)
		}
		if err := zw.zw.Close(); err != nil {
			t.Fatal(err)
		}
		if packed {
			want := write(false)
			if !bytes.Equal(buf.Bytes(), want) {
				t.Error("the packed files make other bytes than add")
			}
		}
		for i, f := range unzip(t, buf.Bytes()) {
			if f.name != files[i].name || !bytes.Equal(f.data, files[i].data) || listed[i].Size != int64(len(files[i].data)) {
				t.Errorf("file %d: %s, %d bytes (listed %d), want %s, %d bytes", i, f.name, len(f.data), listed[i].Size, files[i].name, len(files[i].data))
			}
		}
		return buf.Bytes()
	}
	write(true)
}

// Export packs accounts on every core and writes them as it reads them;
// the bundle is the same, byte for byte, as Write makes of the same
// records held in memory. Enough accounts to run past the packing window.
func TestExportWritesWhatWriteWrites(t *testing.T) {
	st := openStore(t)
	n := 2*packWindow + 5
	if err := demo.Fill(st, demo.Options{Accounts: n, Seed: 7, Now: now}, nil); err != nil {
		t.Fatal(err)
	}
	sums, err := st.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range sums {
		ids = append(ids, s.ID)
	}
	ana := Identity{Name: "Ana Lima", Email: "ana@example.com", SigningKey: testSigner()}
	for _, redact := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "out.bob.zip")
		var calls atomic.Int32
		res, err := Export(st, path, ExportOptions{AccountIDs: ids, From: ana, To: Party{Name: "Ben Okoro"},
			Encryption: Encryption{None: true}, Redact: redact, Note: "Call Dana first.", Now: now,
			Progress: func(done, total int) { calls.Add(1) }})
		if err != nil || res.Accounts != n {
			t.Fatalf("Export: %d accounts, %v", res.Accounts, err)
		}
		if calls.Load() != int32(n+1) {
			t.Errorf("progress called %d times, want %d", calls.Load(), n+1)
		}
		recs, err := st.Records(ids)
		if err != nil {
			t.Fatal(err)
		}
		want := mustWrite(t, Bundle{From: Party{Name: ana.Name, Email: ana.Email}, To: Party{Name: "Ben Okoro"},
			CreatedAt: now, Records: recs, Note: "Call Dana first."},
			WriteOptions{Signer: testSigner(), Encryption: Encryption{None: true}, Redact: redact})
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("redact=%v: Export wrote other bytes than Write", redact)
		}
		gaps, err := Gaps(st, ids, now)
		if err != nil {
			t.Fatal(err)
		}
		// Export checks whole records; Gaps reads only the entries
		// touches depend on: the findings are the same.
		if !reflect.DeepEqual(res.Gaps, gaps) || len(gaps) == 0 {
			t.Errorf("Export found gaps in %d accounts, Gaps in %d: they differ", len(res.Gaps), len(gaps))
		}
	}
}

// A record the packers refuse, a source that fails, or an ID two accounts
// share stops the writing with the error of the first account in the
// bundle's order, and the packers stop.
func TestWriteBundleStops(t *testing.T) {
	base := make([]model.AccountRecord, 3*packWindow)
	accounts := make([]model.Account, len(base))
	for i := range base {
		r := model.AccountRecord{Account: globex().Account}
		r.Account.ID = model.NewIDAt(created.Add(time.Duration(i) * time.Second))
		r.Account.Name = "Account " + string(rune('a'+i%26)) + r.Account.ID
		base[i] = r
	}
	sortRecs := func(recs []model.AccountRecord) {
		for i := range recs {
			accounts[i] = recs[i].Account
		}
		sortAccounts(accounts)
		byID := map[string]model.AccountRecord{}
		for _, r := range recs {
			byID[r.Account.ID] = r
		}
		for i, a := range accounts {
			recs[i] = byID[a.ID]
		}
	}
	sortRecs(base)
	failing := errors.New("the book went away")
	tests := []struct {
		name string
		mod  func(recs []model.AccountRecord)
		fail int // the source fails at this account (-1: never)
		want string
	}{
		{"invalid record", func(recs []model.AccountRecord) { recs[50].Account.Name = "" }, -1, "name"},
		{"shared ID", func(recs []model.AccountRecord) { recs[20].Account.ID = recs[10].Account.ID }, -1, "used in two accounts"},
		{"source fails", nil, 60, failing.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs := append([]model.AccountRecord(nil), base...)
			for i := range recs {
				recs[i] = cloneRecord(recs[i])
			}
			if tt.mod != nil {
				tt.mod(recs)
			}
			accs := make([]model.Account, len(recs))
			for i, r := range recs {
				accs[i] = r.Account
			}
			var packed atomic.Int32
			src := func(pack func(i int, rec model.AccountRecord) error) error {
				return parallel.Each(len(recs), 2, func(i int) error {
					if i == tt.fail {
						return failing
					}
					packed.Add(1)
					return pack(i, recs[i])
				})
			}
			var buf bytes.Buffer
			_, err := writeBundle(&buf, Bundle{From: Party{Name: "Ana Lima"}, To: Party{Name: "Ben Okoro"}, CreatedAt: now},
				accs, src, false, plain())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if p := packed.Load(); p >= int32(len(recs)) {
				t.Errorf("all %d accounts were packed after the error", p)
			}
		})
	}
}
