//go:build unix

package handoff

import (
	"syscall"
	"time"
)

// processCPU is the CPU time (user and system) this process has used: on
// a machine shared with other work, the figure that load does not inflate.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
