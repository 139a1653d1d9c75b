package wecom_test

import (
	"bytes"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"safetybot/wecom/wecomtest"
)

// signedReports builds n distinct, correctly signed and encrypted 上报
// callbacks (a repeated body would be deduplicated and measure nothing).
func signedReports(e *env, n int, prefix string) []wecomtest.Signed {
	reqs := make([]wecomtest.Signed, n)
	for i := range reqs {
		reqs[i] = e.app.Sign(e.app.XML(wecomtest.AppMessage{FromUser: "zhangsan", MsgType: "text",
			MsgID: prefix + strconv.Itoa(i), Content: "上报 危货车辆未安装智能视频监控 单位:某运输公司 领域:道路运输 期限:2026-12-31"}))
	}
	return reqs
}

// benchClient keeps connections alive for up to 64 concurrent senders.
var benchClient = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, MaxConnsPerHost: 64}}

// post sends one callback; failures are reported with Error (safe from
// any goroutine).
func post(b *testing.B, e *env, s wecomtest.Signed) {
	resp, err := benchClient.Post(e.app.URL+"?"+s.Query.Encode(), "text/xml", bytes.NewReader(s.Body))
	if err != nil {
		b.Error(err)
		return
	}
	var buf [2048]byte
	n, _ := resp.Body.Read(buf[:])
	for { // drain for keep-alive
		if _, err := resp.Body.Read(buf[n:]); err != nil {
			break
		}
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || n == 0 {
		b.Errorf("status %d, %d bytes", resp.StatusCode, n)
	}
}

// BenchmarkAppCallback is one encrypted 上报 callback end to end over
// loopback HTTP: signature check, decrypt, XML, dedup claim (committed),
// engine (role lookup, hazard transaction), encrypted passive reply. Client
// work (encryption) is done before the timer; allocations include the
// client's HTTP round trip.
func BenchmarkAppCallback(b *testing.B) {
	e := newEnv(b, 0)
	reqs := signedReports(e, b.N, "s")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		post(b, e, reqs[i])
	}
}

// BenchmarkAppCallbackParallel16 is the closed-loop throughput with 16
// concurrent clients, reporting callbacks/s and the p99 latency.
func BenchmarkAppCallbackParallel16(b *testing.B) {
	e := newEnv(b, 0)
	reqs := signedReports(e, b.N, "p")
	lat := make([]time.Duration, b.N)
	var next atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					return
				}
				t0 := time.Now()
				post(b, e, reqs[i])
				lat[i] = time.Since(t0)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "callbacks/s")
	b.ReportMetric(float64(percentile(lat, 0.99).Microseconds())/1000, "p99-ms")
}

// BenchmarkAppCallbackAt1000PerSecond sends at a constant 1,000 callbacks/s
// (open model) and reports p50/p99 measured from each request's intended
// send time, so a stall is not hidden by a waiting client.
func BenchmarkAppCallbackAt1000PerSecond(b *testing.B) {
	e := newEnv(b, 0)
	n := max(b.N, 2000)
	reqs := signedReports(e, n, "r")
	lat := make([]time.Duration, n)
	const interval = time.Millisecond
	sem := make(chan struct{}, 64)
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for i := range n {
		intended := start.Add(time.Duration(i) * interval)
		if d := time.Until(intended); d > 0 {
			time.Sleep(d)
		}
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			post(b, e, reqs[i])
			lat[i] = time.Since(intended)
		})
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(float64(percentile(lat, 0.50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(percentile(lat, 0.99).Microseconds())/1000, "p99-ms")
}

func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, int(float64(len(s))*p))]
}
