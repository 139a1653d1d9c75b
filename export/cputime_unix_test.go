//go:build unix

package export_test

import (
	"syscall"
	"time"
)

// cpuTime is the process's user and system CPU time: on a shared machine
// a fairer measure than the wall clock of ns/op.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
