package store

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// lockHolder finds the process holding a lock on the file in the kernel's
// list of file locks (/proc/locks), and names it by its command line.
func lockHolder(path string) (holder, bool) {
	fi, err := os.Stat(path)
	if err != nil {
		return holder{}, false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return holder{}, false
	}
	dev := uint64(st.Dev)
	major := (dev>>8)&0xfff | (dev>>32)&^uint64(0xfff)
	minor := dev&0xff | (dev>>12)&^uint64(0xff)
	want := fmt.Sprintf("%02x:%02x:%d", major, minor, st.Ino)
	f, err := os.Open("/proc/locks")
	if err != nil {
		return holder{}, false
	}
	defer f.Close()
	var found []holder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// "1: FLOCK  ADVISORY  WRITE 1234 08:02:131073 0 EOF"; a line with
		// "->" is a process waiting, not holding.
		fields := strings.Fields(sc.Text())
		if len(fields) < 6 || fields[1] == "->" || fields[5] != want {
			continue
		}
		pid, err := strconv.Atoi(fields[4])
		if err != nil {
			continue
		}
		found = append(found, holder{pid: pid, write: fields[3] == "WRITE"})
	}
	if len(found) == 0 {
		return holder{}, false
	}
	// Another process before this one; a writer before a reader.
	best := found[0]
	for _, h := range found[1:] {
		if (best.pid == os.Getpid() && h.pid != os.Getpid()) || (h.write && !best.write && h.pid != os.Getpid()) {
			best = h
		}
	}
	best.who = processName(best.pid)
	return best, true
}

func processName(pid int) string {
	if pid == os.Getpid() {
		return "this bob"
	}
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil || len(raw) == 0 {
		return "another process"
	}
	return describeArgs(strings.Split(strings.TrimRight(string(raw), "\x00"), "\x00"))
}
