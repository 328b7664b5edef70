package store

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"bob/model"
)

// throughCopy makes every write of whole records in the test go through a
// working copy, a few accounts per transaction.
func throughCopy(t *testing.T) {
	t.Helper()
	above, batch, index := copyAbove, batchGrowth, indexBatch
	t.Cleanup(func() { copyAbove, batchGrowth, indexBatch, afterBatch = above, batch, index, nil })
	copyAbove, batchGrowth, indexBatch = 0, 64<<10, 5
}

// manyRecords are n sample accounts, an hour apart.
func manyRecords(n int) []model.AccountRecord {
	recs := make([]model.AccountRecord, n)
	for i := range recs {
		recs[i] = sampleRecord(fmt.Sprintf("Account %03d", i), t0.Add(time.Duration(i)*time.Hour))
	}
	return recs
}

func readBook(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// noWorkingCopy: nothing is left beside the book.
func noWorkingCopy(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Stat(workingCopyPath(path)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the working copy is left beside the book (%v)", err)
	}
}

// A write through the working copy leaves the book the one transaction
// would have: the same dump, a passing check, a private file, nothing
// beside it; and an account given again replaces the one there.
func TestWriteThroughCopyIsTheOneTransactionsWrite(t *testing.T) {
	old := manyRecords(30)
	again := sampleRecord("Account 007 renamed", t0)
	again.Account.ID = old[7].Account.ID
	for i := range again.People {
		again.People[i].AccountID = again.Account.ID
	}
	for i := range again.Edges {
		again.Edges[i].AccountID = again.Account.ID
	}
	for i := range again.Timeline {
		again.Timeline[i].AccountID = again.Account.ID
	}
	for i := range again.Plans {
		again.Plans[i].AccountID = again.Account.ID
	}
	for i := range again.Commitments {
		again.Commitments[i].AccountID = again.Account.ID
	}
	for i := range again.Risks {
		again.Risks[i].AccountID = again.Account.ID
	}
	for i := range again.Checklists {
		again.Checklists[i].AccountID = again.Account.ID
	}
	second := append(manyRecords(40)[30:], again, old[3])

	one, _ := openTest(t)
	for _, recs := range [][]model.AccountRecord{old, second} {
		if err := one.ReplaceRecords(recs); err != nil {
			t.Fatal(err)
		}
	}
	want := dump(t, one)

	throughCopy(t)
	batches := 0
	afterBatch = func(int) error { batches++; return nil }
	st, path := openTest(t)
	if err := st.ReplaceRecords(old[:5]); err != nil {
		t.Fatal(err)
	}
	if err := st.ReplaceRecords(old[5:]); err != nil {
		t.Fatal(err)
	}
	var seen []int
	if err := st.ReplaceRecordsWith(second, func(done, total int) { seen = append(seen, done) }); err != nil {
		t.Fatal(err)
	}
	if batches < 6 {
		t.Errorf("%d transactions in all, want several per write", batches)
	}
	if got := dump(t, st); got != want {
		t.Error("the book written through a working copy differs from the one written in one transaction")
	}
	if problems, err := st.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
	if len(seen) == 0 || seen[len(seen)-1] != len(second) {
		t.Errorf("progress %v, want it to end at %d", seen, len(second))
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != FileMode {
		t.Errorf("the book put in place has mode %04o, want %04o", fi.Mode().Perm(), FileMode)
	}
	noWorkingCopy(t, path)
	// This handle knows the book it put in place: no change to report.
	if ch, replaced, err := st.Changes(); err != nil || replaced || len(ch) > 0 {
		t.Errorf("Changes after its own write: %v, replaced %v, %v", ch, replaced, err)
	}
}

// A write that fails half-way through the working copy (after some of
// its transactions are committed to it) leaves the book byte for byte as
// it was, and no working copy.
func TestWriteThroughCopyFailingHalfWay(t *testing.T) {
	throughCopy(t)
	st, path := openTest(t)
	if err := st.ReplaceRecords(manyRecords(3)); err != nil {
		t.Fatal(err)
	}
	before := readBook(t, path)
	stop := errors.New("the disk is full")
	afterBatch = func(n int) error {
		if n == 3 {
			return stop
		}
		return nil
	}
	err := st.ReplaceRecords(manyRecords(40)[3:])
	if !errors.Is(err, stop) {
		t.Fatalf("err = %v, want the failure", err)
	}
	if !bytes.Equal(readBook(t, path), before) {
		t.Error("a failed write through the working copy changed the book")
	}
	noWorkingCopy(t, path)
	if n, err := st.Count(); err != nil || n != 3 {
		t.Errorf("the book holds %d accounts (%v), want 3", n, err)
	}
}

// The last check of the write (an entry ID of another account, found as
// the timeline's ID index is written, after every account) refuses all of
// it: the book is as it was.
func TestWriteThroughCopyRefusedAtTheEnd(t *testing.T) {
	throughCopy(t)
	st, path := openTest(t)
	recs := manyRecords(20)
	if err := st.ReplaceRecords(recs[:2]); err != nil {
		t.Fatal(err)
	}
	before := readBook(t, path)
	thief := recs[19]
	thief.Timeline[0].ID = recs[0].Timeline[0].ID
	err := st.ReplaceRecords(append(recs[2:19], thief))
	if err == nil || !strings.Contains(err.Error(), "another account") {
		t.Fatalf("err = %v, want an entry of another account refused", err)
	}
	if !bytes.Equal(readBook(t, path), before) {
		t.Error("a refused write through the working copy changed the book")
	}
	noWorkingCopy(t, path)
}

// A record found invalid as it is staged, after other accounts were
// written to the copy, refuses the whole write with the error a write of
// one transaction gives (the first invalid record in order): the book is
// as it was.
func TestWriteThroughCopyRefusesAnInvalidRecord(t *testing.T) {
	recs := manyRecords(30)
	recs[25].Account.Name = ""
	recs[27].People[0].AccountID = recs[0].Account.ID
	st, _ := openTest(t)
	want := st.ReplaceRecords(recs)
	if want == nil {
		t.Fatal("an invalid record was written")
	}
	throughCopy(t)
	st, path := openTest(t)
	if err := st.ReplaceRecords(recs[:2]); err != nil {
		t.Fatal(err)
	}
	before := readBook(t, path)
	err := st.ReplaceRecords(recs[2:])
	if err == nil || err.Error() != want.Error() {
		t.Fatalf("err = %v, want %v", err, want)
	}
	if !bytes.Equal(readBook(t, path), before) {
		t.Error("a refused write through the working copy changed the book")
	}
	noWorkingCopy(t, path)
}

// The write lets go of each record once it is staged, from a list of its
// own: the caller's records are as they were.
func TestWriteThroughCopyLeavesTheCallersRecords(t *testing.T) {
	throughCopy(t)
	st, _ := openTest(t)
	recs := manyRecords(12)
	want := slices.Clone(recs)
	if err := st.ReplaceRecords(recs); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(recs, want) {
		t.Error("a write through the working copy changed the records it was given")
	}
	got, err := st.Record(recs[11].Account.ID)
	if err != nil || got.Account.Name != recs[11].Account.Name {
		t.Errorf("the last account reads back as %q (%v)", got.Account.Name, err)
	}
}

// A full disk while the working copy is made: nothing is written.
func TestWriteThroughCopyOnAFullDisk(t *testing.T) {
	throughCopy(t)
	st, path := openTest(t)
	if err := st.ReplaceRecords(manyRecords(3)); err != nil {
		t.Fatal(err)
	}
	before := readBook(t, path)
	real := fileWriter
	t.Cleanup(func() { fileWriter = real })
	fileWriter = func(*os.File) io.Writer { return &fullDisk{n: 4096} }
	if err := st.ReplaceRecords(manyRecords(10)[3:]); err == nil {
		t.Fatal("a write whose working copy could not be made succeeded")
	}
	if !bytes.Equal(readBook(t, path), before) {
		t.Error("a write that failed to copy the book changed it")
	}
	noWorkingCopy(t, path)
}

// A write planned from one version of the book, when another bob wrote
// to it since, is refused with nothing written: the book keeps the other
// write, byte for byte, and no working copy is left.
func TestWriteThroughCopySinceAChangedBook(t *testing.T) {
	throughCopy(t)
	st, path := openTest(t)
	recs := manyRecords(12)
	if err := st.ReplaceRecords(recs[:2]); err != nil {
		t.Fatal(err)
	}
	_, v, err := st.RecordsFoundAt([]string{recs[0].Account.ID})
	if err != nil {
		t.Fatal(err)
	}
	other, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.PutAccount(model.Account{Name: "Written meanwhile", Health: model.HealthGreen}); err != nil {
		t.Fatal(err)
	}
	other.Close()
	before := readBook(t, path)
	if err := st.ReplaceRecordsSince(recs[2:], nil, v); !errors.Is(err, ErrChanged) {
		t.Fatalf("err = %v, want ErrChanged", err)
	}
	if !bytes.Equal(readBook(t, path), before) {
		t.Error("a write refused as planned from an older book changed it")
	}
	noWorkingCopy(t, path)
}

// A working copy left by a write that was stopped (a crash, a kill) is
// removed by the next one, which succeeds; the book was never touched.
func TestWriteThroughCopyAfterACrash(t *testing.T) {
	throughCopy(t)
	st, path := openTest(t)
	if err := os.WriteFile(workingCopyPath(path), []byte("half a book"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := st.ReplaceRecords(manyRecords(8)); err != nil {
		t.Fatal(err)
	}
	if n, err := st.Count(); err != nil || n != 8 {
		t.Errorf("the book holds %d accounts (%v), want 8", n, err)
	}
	noWorkingCopy(t, path)
}

// Another bob's write while a write goes through the working copy waits
// for the lock, and then lands in the new book: it is neither lost with
// the old file nor overwritten.
func TestWriteDuringAWriteThroughCopy(t *testing.T) {
	throughCopy(t)
	st, path := openTest(t)
	other, err := Open(path, &Options{LockTimeout: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	started := make(chan struct{})
	wrote := make(chan error)
	afterBatch = func(n int) error {
		if n == 2 {
			close(started)
			time.Sleep(300 * time.Millisecond) // the other write waits for the lock
		}
		return nil
	}
	var meanwhile model.Account
	go func() {
		<-started
		var err error
		meanwhile, err = other.PutAccount(model.Account{Name: "Written meanwhile", Health: model.HealthGreen})
		wrote <- err
	}()
	if err := st.ReplaceRecords(manyRecords(10)); err != nil {
		t.Fatal(err)
	}
	if err := <-wrote; err != nil {
		t.Fatal(err)
	}
	if n, err := st.Count(); err != nil || n != 11 {
		t.Errorf("the book holds %d accounts (%v), want the 10 written and the one written meanwhile", n, err)
	}
	if _, err := st.Record(meanwhile.ID); err != nil {
		t.Errorf("the write made meanwhile: %v", err)
	}
}

// A process killed half-way through a write through the working copy
// leaves the book byte for byte as it was; the working copy it left is
// removed by the next such write, which succeeds.
func TestWriteThroughCopyKilledHalfWay(t *testing.T) {
	if os.Getenv("BOB_TEST_COPY_KILLED") != "" {
		return
	}
	st, path := openTest(t)
	if err := st.ReplaceRecords(manyRecords(3)); err != nil {
		t.Fatal(err)
	}
	before := readBook(t, path)
	cmd := exec.Command(os.Args[0], "-test.run=TestHelperWriteThroughCopy")
	cmd.Env = append(os.Environ(), "BOB_TEST_COPY_KILLED="+path)
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "half-way\n" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("the writer did not get half-way: %q %v", line, err)
	}
	cmd.Process.Kill()
	cmd.Wait()
	if !bytes.Equal(readBook(t, path), before) {
		t.Error("a write killed half-way changed the book")
	}
	if _, err := os.Stat(workingCopyPath(path)); err != nil {
		t.Fatalf("the killed write left no working copy (%v): it was not killed half-way", err)
	}
	throughCopy(t)
	if err := st.ReplaceRecords(manyRecords(12)[3:]); err != nil {
		t.Fatal(err)
	}
	noWorkingCopy(t, path)
	if problems, err := st.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
	if n, err := st.Count(); err != nil || n != 12 {
		t.Errorf("the book holds %d accounts (%v), want 12", n, err)
	}
}

func TestHelperWriteThroughCopy(t *testing.T) {
	path := os.Getenv("BOB_TEST_COPY_KILLED")
	if path == "" {
		t.Skip("helper process for TestWriteThroughCopyKilledHalfWay")
	}
	throughCopy(t)
	afterBatch = func(n int) error {
		if n == 2 {
			fmt.Println("half-way")
			time.Sleep(time.Minute) // until killed
		}
		return nil
	}
	st, err := Open(path, nil)
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	st.ReplaceRecords(manyRecords(40)[3:])
	fmt.Println("not killed")
}

// A book reached through a symbolic link is replaced where it lives: the
// link stays a link, and the working copy is made beside the file.
func TestWriteThroughCopyFollowsALink(t *testing.T) {
	throughCopy(t)
	dir := t.TempDir()
	real := filepath.Join(dir, "real", "book.db")
	if err := os.MkdirAll(filepath.Dir(real), 0o700); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "book.db")
	if err := os.Symlink(real, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	st, err := Open(link, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.ReplaceRecords(manyRecords(6)); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link to the book was replaced by a file (%v)", err)
	}
	other, err := Open(real, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if n, err := other.Count(); err != nil || n != 6 {
		t.Errorf("the book the link names holds %d accounts (%v), want 6", n, err)
	}
	noWorkingCopy(t, real)
}

// A write that fails through the working copy returns only once the work
// it started beside it (staging the next records, making the ID index)
// has stopped: none of it is left reading the records it was given.
func TestWriteThroughCopyFailingLeavesNothingRunning(t *testing.T) {
	throughCopy(t)
	st, _ := openTest(t)
	// Long timelines, whose ID index takes a while to make.
	recs := manyRecords(20)
	for i := range recs {
		r := &recs[i]
		for k := range 5000 {
			at := t0.Add(time.Duration(k) * time.Minute)
			r.Timeline = append(r.Timeline, model.TimelineEntry{ID: model.NewIDAt(at), AccountID: r.Account.ID,
				When: at, Kind: model.KindNote, Title: "note", Created: at, Updated: at})
		}
	}
	afterBatch = func(int) error { return errors.New("disk full") }
	if err := st.ReplaceRecords(recs); err == nil {
		t.Fatal("the write did not fail")
	}
	buf := make([]byte, 1<<20)
	if stacks := string(buf[:runtime.Stack(buf, true)]); strings.Contains(stacks, "writeCopy.func") {
		t.Errorf("the failed write left goroutines running:\n%s", stacks)
	}
}
