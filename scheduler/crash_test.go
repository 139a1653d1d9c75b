package scheduler

// crash stops the scheduler the way a killed process stops: the lease is
// left to expire.
func (sc *Scheduler) crash() {
	sc.mu.Lock()
	sc.crashed = true
	sc.mu.Unlock()
	sc.Stop()
}
