package main

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"sync"
	"time"
)

// group owns the goroutines serve starts: each is started through Go, and
// Wait returns once every one has ended. It is a WaitGroup with names, so
// tests (testHooks.track) can see each goroutine start and end.
type group struct {
	wg    sync.WaitGroup
	track func(name string) (done func())
}

// Go runs f on a goroutine of the group.
func (g *group) Go(name string, f func()) {
	done := func() {}
	if g.track != nil {
		done = g.track(name)
	}
	g.wg.Go(func() {
		defer done()
		f()
	})
}

// Wait blocks until every goroutine of the group has ended.
func (g *group) Wait() { g.wg.Wait() }

// pprofServer is net/http/pprof for a listener of its own
// (SAFETYBOT_PPROF, opened by serve before anything else), for profiling
// serve under load. Its mux is separate: the public one never offers
// /debug/pprof. Profiles may take as long as asked (profile?seconds=30), so
// there is no write timeout.
func pprofServer(ctx context.Context) *http.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second,
		BaseContext: func(net.Listener) context.Context { return ctx }}
}

// loopback reports whether a listen address only accepts this machine.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// warnPProf logs where profiles are served, warning when others can reach
// them (heap and goroutine dumps describe the process's internals).
func warnPProf(log *slog.Logger, addr string) {
	if loopback(addr) {
		log.Info("pprof serving", "addr", addr)
		return
	}
	log.Warn("pprof serving on an address other machines may reach; bind SAFETYBOT_PPROF to 127.0.0.1 unless a firewall keeps it private", "addr", addr)
}
