//go:build !unix

package export_test

import "time"

// cpuTime is not measured here: the benchmarks leave out cpu-s/op.
func cpuTime() time.Duration { return 0 }
