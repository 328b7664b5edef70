package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"sync/atomic"
	"time"
)

// The page walk reads the bbolt file with plain reads, never through the
// memory mapping, and checks every page it would follow before following
// it: a page number inside the file, the page type expected there, and
// element offsets inside the page. It exists because bbolt trusts its
// file: on a damaged one it panics, or follows a page number past the end
// of the mapping and the process dies of SIGSEGV or SIGBUS. bbolt's own
// check and the book's rules run only on a file that passed this walk.
//
// The layout read here is bbolt's on-disk format (version 2): a 16-byte
// page header {id u64, flags u16, count u16, overflow u32}; meta pages 0
// and 1; branch elements {pos u32, ksize u32, pgid u64}; leaf elements
// {flags u32, pos u32, ksize u32, vsize u32}, where pos counts from the
// element itself; a bucket's value starts {root u64, sequence u64} and an
// inline bucket (root 0) carries its page right after.

const (
	pageHeader   = 16
	elemSize     = 16
	flagBranch   = 0x01
	flagLeaf     = 0x02
	flagMeta     = 0x04
	flagFreelist = 0x10
	leafIsBucket = 0x01
	boltMagic    = 0xED0CDAED
	boltVersion  = 2
	maxDepth     = 64
)

type fileMeta struct {
	pageSize uint32
	root     uint64
	freelist uint64
	pgid     uint64 // the high-water mark: pages below it are in use or free
	txid     uint64
}

// readMeta reads meta page n with the given page size; ok is false when
// its magic, version or checksum is wrong.
func readMeta(f io.ReaderAt, n int64, pageSize int64) (fileMeta, bool) {
	buf := make([]byte, pageHeader+64)
	if _, err := f.ReadAt(buf, n*pageSize); err != nil {
		return fileMeta{}, false
	}
	le := binary.LittleEndian
	if le.Uint16(buf[8:])&flagMeta == 0 {
		return fileMeta{}, false
	}
	m := buf[pageHeader:]
	h := fnv.New64a()
	h.Write(m[:56])
	if le.Uint32(m[0:]) != boltMagic || le.Uint32(m[4:]) != boltVersion || h.Sum64() != le.Uint64(m[56:]) {
		return fileMeta{}, false
	}
	return fileMeta{pageSize: le.Uint32(m[8:]), root: le.Uint64(m[16:]), freelist: le.Uint64(m[32:]),
		pgid: le.Uint64(m[40:]), txid: le.Uint64(m[48:])}, true
}

// pageWalk is one walk over a file.
type pageWalk struct {
	f    io.ReaderAt
	size int64
	meta fileMeta
	seen pageSet
	head [pageHeader]byte // read's buffer: one header per page
	bufs [][]byte         // read's buffers, one per depth
	// readFlags is flagLeaf when read found a leaf and, checking its
	// header only, returned no page.
	readFlags uint16
	stop      *atomic.Bool // set: give up (the store is closing)
	problems  []Problem
	mode      walkMode
	// span is the part of the book walkSpan walks.
	span span
	// visit, when set, is given every key and value of the span's bucket
	// as the walk reads its leaf pages whole (see readLeaves); the slices
	// are the walk's buffers, good only for the call. Its first error
	// stops the walk and is kept in visitErr.
	visit    func(key, value []byte) error
	visitErr error
}

// span is a part of one of the book's buckets that a read uses: the keys
// that start with prefix, or the whole bucket when prefix is nil.
type span struct {
	bucket []byte
	prefix []byte
}

// whole is the span of a whole bucket.
func whole(bucket []byte) span { return span{bucket: bucket} }

// keysOf is the span of an account's records in a bucket keyed by
// "<account id>/...".
func keysOf(bucket []byte, accountID string) span {
	return span{bucket: bucket, prefix: accountPrefix(accountID)}
}

// keyOf is the span of one key.
func keyOf(bucket []byte, key string) span { return span{bucket: bucket, prefix: []byte(key)} }

// pageSet is a set of page numbers below the file's high-water mark, one
// bit each (a map of a quarter of a million pages costs more than the
// walk itself).
type pageSet []uint64

func (s pageSet) has(id uint64) bool { return s[id/64]&(1<<(id%64)) != 0 }
func (s pageSet) add(id uint64)      { s[id/64] |= 1 << (id % 64) }

// walkMode is how far a walk goes.
type walkMode int

const (
	// walkTop: the meta pages and the root page of each of the book's
	// buckets. The freelist is left to the walk of every page that
	// follows (walkTree): only a write reads it, and no write starts
	// before that walk has ended. (A book that had freed many pages has a
	// freelist of hundreds of kilobytes, which its first screen waited
	// for.)
	walkTop walkMode = iota
	// walkTree: every branch page, and every leaf page by its header:
	// cheap enough for every open.
	walkTree
	// walkFull: every page whole, every entry's bounds (bob check).
	walkFull
	// walkSpan: the root bucket, and in one of the book's buckets only
	// the pages a read of one span can reach (see walkSpans): a read of
	// one account checks a handful of pages, not the whole file. A whole
	// bucket (a nil prefix) is walked as walkTree walks it.
	walkSpan
)

func (w *pageWalk) add(where, format string, args ...any) {
	if len(w.problems) < 100 {
		w.problems = append(w.problems, Problem{where, fmt.Sprintf(format, args...)})
	}
}

// walkFile checks the file at path page by page, as far as mode says.
func walkFile(path string, mode walkMode) ([]Problem, error) {
	return walkFileWith(path, mode, nil)
}

// walkFileWith is walkFile that gives up, without a problem, once stop
// is set. The walk reads without a lock, so another bob may write while
// it runs, and a page freed and reused meanwhile looks damaged: what it
// finds is confirmed by a second walk holding the file's shared lock
// (which waits for a writer to finish).
func walkFileWith(path string, mode walkMode, stop *atomic.Bool) ([]Problem, error) {
	ps, err := walkOnce(path, mode, stop)
	if err != nil || len(ps) == 0 {
		return ps, err
	}
	unlock, err := sharedLock(path, time.Second)
	if err != nil {
		return ps, nil
	}
	defer unlock()
	return walkOnce(path, mode, stop)
}

// walkSpans checks the pages of the file at path that reads of the given
// spans can reach: the meta pages, the root bucket, and in each span's
// bucket the branch pages on the way to its keys and the leaf pages that
// hold them (and their neighbours, where a cursor steps past the span's
// ends). It runs inside a read transaction, under the file's shared lock,
// so no writer can change the file meanwhile.
func walkSpans(path string, spans []span) ([]Problem, error) {
	return walkOpen(path, pageWalk{mode: walkSpan}, func(w *pageWalk) {
		for _, sp := range spans {
			w.span = sp
			w.seen = nil
			if w.run(); len(w.problems) > 0 {
				break
			}
		}
	})
}

// readLeaves reads every key and value of bucket with plain reads of the
// file at path, checking each page on the way as walkSpans does, and
// gives them to visit in the order of the bucket's pages (the slices are
// good only for the call). It runs inside a read transaction, under the
// file's shared lock. A whole bucket read through bbolt's memory mapping
// faults each of its pages into a mapping made afresh for every
// transaction, and unmaps them at its end: for the 10,000 summaries of
// the list's head that was two thirds of the read, and reading the pages
// the walk checks anyway costs next to nothing more.
func readLeaves(path string, bucket []byte, visit func(key, value []byte) error) ([]Problem, error) {
	var visitErr error
	problems, err := walkOpen(path, pageWalk{mode: walkSpan, span: whole(bucket), visit: visit}, func(w *pageWalk) {
		w.run()
		visitErr = w.visitErr
	})
	if err == nil && len(problems) == 0 {
		err = visitErr
	}
	return problems, err
}

// openForWalk opens the file a walk reads; tests make it fail.
var openForWalk = os.Open

// walkOnce is one walk of the file, as it is while it runs.
func walkOnce(path string, mode walkMode, stop *atomic.Bool) ([]Problem, error) {
	return walkOpen(path, pageWalk{mode: mode, stop: stop}, (*pageWalk).run)
}

// walkOpen opens the file at path for w and hands w to walk; it returns
// the problems walk found.
func walkOpen(path string, w pageWalk, walk func(*pageWalk)) ([]Problem, error) {
	f, err := openForWalk(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	w.f, w.size = f, fi.Size()
	walk(&w)
	return w.problems, nil
}

func (w *pageWalk) run() {
	if w.size == 0 {
		w.add("database file", "is empty (0 bytes)")
		return
	}
	m0, ok0 := readMeta(w.f, 0, 4096)
	psz := int64(m0.pageSize)
	if !ok0 {
		for _, try := range []int64{int64(os.Getpagesize()), 4096, 8192, 16384, 32768, 65536} {
			if _, ok := readMeta(w.f, 1, try); ok {
				psz = try
				break
			}
		}
		w.add("database page 0", "the first meta page is damaged")
	} else if m0.pageSize != 4096 {
		m0, ok0 = readMeta(w.f, 0, psz)
	}
	if psz == 0 {
		w.add("database file", "has no readable meta page: it is not a bbolt file, or both copies of its header are damaged")
		return
	}
	m1, ok1 := readMeta(w.f, 1, psz)
	if !ok1 {
		w.add("database page 1", "the second meta page is damaged")
	}
	switch {
	case ok0 && (!ok1 || m0.txid >= m1.txid):
		w.meta = m0
	case ok1:
		w.meta = m1
	default:
		w.add("database file", "has no readable meta page: it is not a bbolt file, or both copies of its header are damaged")
		return
	}
	if w.meta.pageSize < 512 || w.meta.pageSize > 1<<20 {
		w.add("database file", "the page size %d is not possible", w.meta.pageSize)
		return
	}
	if need := int64(w.meta.pgid) * int64(w.meta.pageSize); need > w.size {
		w.add("database file", "is cut short: %d bytes, the book needs %d", w.size, need)
		return
	}
	if w.seen == nil || len(w.seen) != int((w.meta.pgid+63)/64) {
		w.seen = make(pageSet, (w.meta.pgid+63)/64)
	} else {
		clear(w.seen)
	}
	w.seen.add(0)
	w.seen.add(1)
	// A read never follows the freelist (bbolt reads it only to write):
	// the walk of every page checks it, before any write.
	if w.meta.freelist != ^uint64(0) && w.mode != walkSpan && w.mode != walkTop { // bbolt's "no freelist" marker
		w.freelist(w.meta.freelist)
	}
	w.page("root bucket", w.meta.root, 0, 0)
}

// read returns page id with its overflow pages, or nil after adding a
// problem. With leafHeader, a leaf page is only checked by its header
// (its id, type, size and entry count) and read returns nil without a
// problem: what Open does for the book's big buckets.
//
// The page comes in a buffer kept for its depth in the tree (depth < 0:
// a new one): a page's buffer is in use only while the pages below it,
// one level deeper, are walked, and a walk of a big book reads thousands
// of branch pages that would otherwise each be garbage.
func (w *pageWalk) read(where string, id uint64, leafHeader bool, depth int) []byte {
	w.readFlags = 0
	if w.stop != nil && w.stop.Load() || w.visitErr != nil {
		return nil
	}
	psz := int64(w.meta.pageSize)
	if id < 2 || id >= w.meta.pgid {
		w.add(where, "points at page %d, outside the file's %d pages", id, w.meta.pgid)
		return nil
	}
	// A walk of every leaf reads a quarter of a million leaves by their
	// header alone; every other read is of a page used whole, read in one
	// call rather than its header first.
	var head []byte
	var buf []byte
	if leafHeader {
		head = w.head[:]
	} else {
		buf = w.buffer(depth, int(psz))
		head = buf
	}
	if _, err := w.f.ReadAt(head, int64(id)*psz); err != nil {
		w.add(where, "page %d cannot be read: %v", id, err)
		return nil
	}
	le := binary.LittleEndian
	if got := le.Uint64(head); got != id {
		w.add(where, "page %d says it is page %d", id, got)
		return nil
	}
	over := uint64(le.Uint32(head[12:]))
	if id+over >= w.meta.pgid {
		w.add(where, "page %d runs %d pages past the end of the file", id, id+over-w.meta.pgid+1)
		return nil
	}
	for i := id; i <= id+over; i++ {
		if w.seen.has(i) {
			w.add(where, "page %d is used twice", i)
			return nil
		}
		w.seen.add(i)
	}
	if leafHeader && le.Uint16(head[8:]) == flagLeaf {
		w.readFlags = flagLeaf
		if count := int64(le.Uint16(head[10:])); pageHeader+count*elemSize > int64(over+1)*psz {
			w.add(where, "page %d claims %d entries, more than it holds", id, count)
		}
		return nil
	}
	if buf != nil && over == 0 {
		return buf
	}
	buf = w.buffer(depth, int(int64(over+1)*psz))
	if _, err := w.f.ReadAt(buf, int64(id)*psz); err != nil {
		w.add(where, "page %d cannot be read: %v", id, err)
		return nil
	}
	return buf
}

// buffer returns a buffer of n bytes for a page at depth.
func (w *pageWalk) buffer(depth, n int) []byte {
	if depth < 0 {
		return make([]byte, n)
	}
	for len(w.bufs) <= depth {
		w.bufs = append(w.bufs, nil)
	}
	if cap(w.bufs[depth]) < n {
		w.bufs[depth] = make([]byte, n)
	}
	return w.bufs[depth][:n]
}

func (w *pageWalk) freelist(id uint64) {
	buf := w.read("freelist", id, false, -1)
	if buf == nil {
		return
	}
	le := binary.LittleEndian
	if le.Uint16(buf[8:])&flagFreelist == 0 {
		w.add("freelist", "page %d is not a freelist page", id)
		return
	}
	n, at := uint64(le.Uint16(buf[10:])), uint64(pageHeader)
	if n == 0xFFFF {
		n, at = le.Uint64(buf[pageHeader:]), pageHeader+8
	}
	if n > uint64(len(buf)) || at+n*8 > uint64(len(buf)) {
		w.add("freelist", "page %d claims %d free pages, more than it holds", id, n)
		return
	}
	for i := uint64(0); i < n; i++ {
		if p := le.Uint64(buf[at+i*8:]); p < 2 || p >= w.meta.pgid {
			w.add("freelist", "lists page %d, outside the file", p)
			return
		}
	}
}

// page checks the page id of the bucket named where, and what hangs below,
// and returns the page's type (its flags; 0 when it could not be read).
// depth counts pages followed (a loop guard); level counts buckets (the
// root bucket is 0, the book's buckets 1).
func (w *pageWalk) page(where string, id uint64, depth, level int) uint16 {
	if depth > maxDepth {
		w.add(where, "the tree is deeper than %d levels: its pages form a loop", maxDepth)
		return 0
	}
	buf := w.read(where, id, w.leafHeaders() && level > 0, depth)
	if buf == nil {
		return w.readFlags
	}
	w.node(where, buf, depth, level)
	return binary.LittleEndian.Uint16(buf[8:])
}

// leafHeaders: below the root bucket, leaf pages are checked by their
// header alone (walkTree, and walkSpan over a whole bucket).
func (w *pageWalk) leafHeaders() bool {
	return (w.mode == walkTree || w.mode == walkSpan && w.span.prefix == nil) && w.visit == nil
}

// spanChildren returns the first and last child of the branch page in
// buf that a read of the span can reach: the children whose keys may
// start with the span's prefix, and one more on each side, where a
// cursor that steps past the span's first or last key goes.
func (w *pageWalk) spanChildren(buf []byte, count int) (first, last int) {
	le := binary.LittleEndian
	key := func(i int) []byte {
		e := pageHeader + i*elemSize
		pos, ksize := int(le.Uint32(buf[e:])), int(le.Uint32(buf[e+4:]))
		if pos < 0 || ksize < 0 || e+pos+ksize > len(buf) || e+pos+ksize < e {
			return nil // node reports it
		}
		return buf[e+pos : e+pos+ksize]
	}
	p := w.span.prefix
	// bbolt follows the last child whose first key is at most the one
	// it seeks (the first child for a smaller key).
	for i := 1; i < count; i++ {
		if bytes.Compare(key(i), p) <= 0 {
			first = i
		}
	}
	last = first
	for i := first + 1; i < count && bytes.HasPrefix(key(i), p); i++ {
		last = i
	}
	return max(first-1, 0), min(last+1, count-1)
}

// node checks one branch or leaf page held in buf (a page of the file, or
// an inline bucket's page).
func (w *pageWalk) node(where string, buf []byte, depth, level int) {
	le := binary.LittleEndian
	if len(buf) < pageHeader {
		w.add(where, "an inline bucket is cut short")
		return
	}
	flags, count := le.Uint16(buf[8:]), int(le.Uint16(buf[10:]))
	if pageHeader+count*elemSize > len(buf) {
		w.add(where, "page %d claims %d entries, more than it holds", le.Uint64(buf), count)
		return
	}
	from, to := 0, count-1
	if flags == flagBranch && w.mode == walkSpan && level > 0 && w.span.prefix != nil && count > 0 {
		from, to = w.spanChildren(buf, count)
	}
	for i := 0; i < count; i++ {
		e := pageHeader + i*elemSize
		switch flags {
		case flagBranch:
			pos, ksize, child := int(le.Uint32(buf[e:])), int(le.Uint32(buf[e+4:])), le.Uint64(buf[e+8:])
			if e+pos+ksize > len(buf) || pos < 0 || ksize < 0 || e+pos+ksize < e {
				w.add(where, "branch page %d has a key outside the page", le.Uint64(buf))
				return
			}
			// Out of the span, a read never goes.
			if i >= from && i <= to && (w.mode != walkTop || level == 0) {
				w.page(where, child, depth+1, level)
			}
		case flagLeaf:
			lf, pos, ksize, vsize := le.Uint32(buf[e:]), int(le.Uint32(buf[e+4:])), int(le.Uint32(buf[e+8:])), int(le.Uint32(buf[e+12:]))
			end := e + pos + ksize + vsize
			if pos < 0 || ksize < 0 || vsize < 0 || end > len(buf) || end < e {
				w.add(where, "leaf page %d has an entry outside the page", le.Uint64(buf))
				return
			}
			if lf&leafIsBucket == 0 {
				if w.visit != nil && level > 0 && w.visitErr == nil {
					w.visitErr = w.visit(buf[e+pos:e+pos+ksize], buf[e+pos+ksize:end])
				}
				continue
			}
			name := string(buf[e+pos : e+pos+ksize])
			val := buf[e+pos+ksize : end]
			if len(val) < 16 {
				w.add(where, "bucket %q has a damaged header", name)
				continue
			}
			if w.mode != walkFull && level > 0 {
				continue
			}
			if w.mode == walkSpan && name != string(w.span.bucket) {
				continue
			}
			sub := "bucket " + name
			if root := le.Uint64(val); root == 0 {
				w.node(sub, val[16:], depth+1, level+1)
			} else {
				w.page(sub, root, depth+1, level+1)
			}
		default:
			w.add(where, "page %d is neither a branch nor a leaf (flags %#x)", le.Uint64(buf), flags)
			return
		}
	}
}
