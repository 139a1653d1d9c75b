package tipdesk

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

// TestTipLimits: a source's own limits refuse; limits shared with others
// (an IPv6 /48, everyone) only slow down; a refund gives an attempt back.
func TestTipLimits(t *testing.T) {
	d := &Desk{clientKey: []byte("test key")}
	now := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	v6 := func(n int) Client { return d.WebClient(fmt.Sprintf("2001:db8:1:%x::1", n)) } // one /48, many /64
	type want struct{ ok, slow bool }
	for _, tc := range []struct {
		name   string
		log    func() *rateLog
		before func(l *rateLog) // events already taken
		client Client
		want   want
	}{
		{"fresh wrong code", newFailureLog, nil, d.ChatClient("u1"), want{true, false}},
		{"own tenth wrong code in a minute", newFailureLog, func(l *rateLog) { takeN(l, d.ChatClient("u1"), now, 9) }, d.ChatClient("u1"), want{false, false}},
		{"another account beside it", newFailureLog, func(l *rateLog) { takeN(l, d.ChatClient("u1"), now, 9) }, d.ChatClient("u2"), want{true, false}},
		{"same /64, other suffix", newFailureLog, func(l *rateLog) { takeN(l, d.WebClient("2001:db8:1:2::5"), now, 9) }, d.WebClient("2001:db8:1:2:ffff::9"), want{false, false}},
		{"IPv4-mapped is the IPv4", newFailureLog, func(l *rateLog) { takeN(l, d.WebClient("192.0.2.7"), now, 9) }, d.WebClient("::ffff:192.0.2.7"), want{false, false}},
		{"own 31st in an hour", newFailureLog, func(l *rateLog) {
			for i := range 30 {
				takeN(l, d.ChatClient("u1"), now.Add(time.Duration(i)*90*time.Second), 1)
			}
		}, d.ChatClient("u1"), want{false, false}},
		{"a /48 full of guesses slows a neighbour, never refuses", newFailureLog, func(l *rateLog) {
			for i := range 10 {
				takeN(l, v6(i), now, 3)
			}
		}, v6(99), want{true, true}},
		{"everyone's 600 a minute slow down, never refuse", newFailureLog, func(l *rateLog) {
			for i := range 67 {
				takeN(l, d.WebClient(fmt.Sprintf("198.51.100.%d", i)), now, 9)
			}
		}, d.WebClient("203.0.113.1"), want{true, true}},
		{"own sixth report in an hour", submitLog, func(l *rateLog) { takeN(l, d.ChatClient("u1"), now, 5) }, d.ChatClient("u1"), want{false, false}},
		{"a /48's 21st report", submitLog, func(l *rateLog) {
			for i := range 20 {
				takeN(l, v6(i), now, 1)
			}
		}, v6(99), want{false, false}},
		{"another /48", submitLog, func(l *rateLog) {
			for i := range 20 {
				takeN(l, v6(i), now, 1)
			}
		}, d.WebClient("2001:db8:2::1"), want{true, false}},
		{"300 reports from 300 addresses slow the next, never refuse", submitLog, func(l *rateLog) {
			for i := range 300 {
				takeN(l, d.WebClient(fmt.Sprintf("10.0.%d.%d", i/250, i%250)), now, 1)
			}
		}, d.ChatClient("new"), want{true, true}},
		{"an hour later", submitLog, func(l *rateLog) { takeN(l, d.ChatClient("u1"), now.Add(-time.Hour-time.Second), 5) }, d.ChatClient("u1"), want{true, false}},
	} {
		l := tc.log()
		if tc.before != nil {
			tc.before(l)
		}
		_, slow, ok := l.take(tc.client, now)
		if ok != tc.want.ok || slow != tc.want.slow {
			t.Errorf("%s: ok=%v slow=%v, want ok=%v slow=%v", tc.name, ok, slow, tc.want.ok, tc.want.slow)
		}
	}
}

func submitLog() *rateLog {
	return newRateLog(rateRule{scope: scopeOwn, within: time.Hour, max: 5}, rateRule{scope: scopeNet, within: time.Hour, max: 20},
		rateRule{scope: scopeAll, within: time.Hour, max: 300, slow: true})
}

func takeN(l *rateLog, c Client, at time.Time, n int) {
	for range n {
		l.take(c, at)
	}
}

// TestTipLimitTakeIsAtomic: 100 parallel attempts of one source take at
// most its nine, and refunds give them back.
func TestTipLimitTakeIsAtomic(t *testing.T) {
	d := &Desk{clientKey: []byte("test key")}
	l := newFailureLog()
	now := time.Now()
	c := d.ChatClient("guesser")
	var mu sync.Mutex
	var taken []ticket
	var wg sync.WaitGroup
	for range 100 {
		wg.Go(func() {
			if tk, _, ok := l.take(c, now); ok {
				mu.Lock()
				taken = append(taken, tk)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(taken) != 9 {
		t.Fatalf("%d of 100 parallel attempts taken, want 9", len(taken))
	}
	for _, tk := range taken {
		l.refund(tk)
	}
	if _, _, ok := l.take(c, now); !ok {
		t.Fatal("refunded attempts were not given back")
	}
}
