package handoff

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"bob/demo"
	"bob/playbooks"
	"bob/store"
)

// benchBook is a demo book of n accounts (about 100 timeline entries
// each) and their IDs.
func benchBook(b *testing.B, n int) (*store.Store, []string) {
	b.Helper()
	st, err := store.Open(filepath.Join(b.TempDir(), "book.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	if err := demo.Fill(st, demo.Options{Accounts: n, Seed: 3, Now: now}, nil); err != nil {
		b.Fatal(err)
	}
	sums, err := st.Summaries()
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]string, len(sums))
	for i, s := range sums {
		ids[i] = s.ID
	}
	return st, ids
}

// BenchmarkExport40 writes a bundle of 40 demo accounts, unencrypted (the
// passphrase's key stretching is a fixed cost that is not bob's work).
func BenchmarkExport40(b *testing.B) { benchExport(b, 40) }

// BenchmarkExport1000 is BenchmarkExport40 at 1,000 accounts: the cost
// per account must stay flat as the bundle grows.
func BenchmarkExport1000(b *testing.B) { benchExport(b, 1000) }

func benchExport(b *testing.B, n int) {
	st, ids := benchBook(b, n)
	dir := b.TempDir()
	b.ResetTimer()
	cpu := startCPU(b)
	for b.Loop() {
		res, err := Export(st, filepath.Join(dir, "out.bob"), ExportOptions{AccountIDs: ids,
			From: Identity{Name: "Sam Rivera"}, To: Party{Name: "Alex Kim"}, Encryption: Encryption{None: true}, Now: now})
		if err != nil || res.Accounts != n {
			b.Fatal(res.Accounts, err)
		}
	}
	cpu.report()
}

// BenchmarkImport40 reads a bundle of 40 demo accounts and imports it
// into an empty book: the read, the checks, the plan, the backup and the
// one transaction.
func BenchmarkImport40(b *testing.B) { benchImport(b, 40, false) }

// BenchmarkImport1000 is BenchmarkImport40 at 1,000 accounts (about
// 100,000 timeline entries in one transaction): the cost per account must
// stay flat as the bundle grows.
func BenchmarkImport1000(b *testing.B) { benchImport(b, 1000, false) }

// BenchmarkImport1000Checklist is BenchmarkImport1000 as bob import runs
// by default: the incoming transition checklist starts on every account
// (ApplyOptions.NewAccount).
func BenchmarkImport1000Checklist(b *testing.B) { benchImport(b, 1000, true) }

func benchImport(b *testing.B, n int, checklist bool) {
	st, ids := benchBook(b, n)
	path := filepath.Join(b.TempDir(), "in.bob")
	if _, err := Export(st, path, ExportOptions{AccountIDs: ids,
		From: Identity{Name: "Sam Rivera"}, To: Party{Name: "Alex Kim"}, Encryption: Encryption{None: true}, Now: now}); err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	round := 0
	b.ResetTimer()
	cpu := startCPU(b)
	for b.Loop() {
		b.StopTimer()
		round++
		into, err := store.Open(filepath.Join(dir, fmt.Sprintf("book%d.db", round)), nil)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		opened, err := ReadFile(path, ReadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		var opts ApplyOptions
		if checklist {
			pb, _ := playbooks.Builtin(playbooks.TransitionIncoming)
			opts.NewAccount = StartChecklist(pb, now)
		}
		res, err := ApplyWith(into, opened, PolicyKeep, opts)
		if err != nil || res.Written != n || checklist && res.Owned.Started != n {
			b.Fatal(res.Written, res.Owned.Started, err)
		}
		b.StopTimer()
		into.Close()
		b.StartTimer()
	}
	cpu.report()
}

// cpuMeter reports a benchmark's CPU time per operation ("cpu-ms/op"),
// the figure to compare on a machine shared with other work. It counts
// the whole process, so it includes what runs while the timer is stopped
// (closing a book between imports), which is small.
type cpuMeter struct {
	b     *testing.B
	start time.Duration
	ok    bool
}

func startCPU(b *testing.B) *cpuMeter {
	start, ok := processCPU()
	return &cpuMeter{b: b, start: start, ok: ok}
}

func (m *cpuMeter) report() {
	end, ok := processCPU()
	if !m.ok || !ok || m.b.N == 0 {
		return
	}
	m.b.ReportMetric(float64((end-m.start).Milliseconds())/float64(m.b.N), "cpu-ms/op")
}

// TestDefaultLimitsTakeTenThousandAccounts: a bundle of all 10,000
// accounts bob is built for (two files each, with the manifest, the
// brief and the note) is not refused as too large.
func TestDefaultLimitsTakeTenThousandAccounts(t *testing.T) {
	if files := 2*10_000 + 3; DefaultLimits.MaxEntries < files {
		t.Fatalf("MaxEntries %d refuses a bundle of 10,000 accounts (%d files)", DefaultLimits.MaxEntries, files)
	}
}
