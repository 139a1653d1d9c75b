package reportpage_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"safetybot"
	"safetybot/bot"
	"safetybot/internal/storetest"
	"safetybot/plan"
	"safetybot/server"
	"safetybot/tipdesk"
	"safetybot/web/reportpage"
)

// channels is the web page and the WeCom chat on one desk, as serve wires
// them.
type channels struct {
	*env
	engine *bot.Engine
	msgs   int
}

// newChannels hashes receipts with p (cheap ones keep floods quick).
func newChannels(t *testing.T, p safetybot.ReceiptParams) *channels {
	e := &env{t: t, now: time.Date(2026, 11, 28, 10, 0, 0, 0, safetybot.Shanghai)}
	s := storetest.Open(t, e.clock)
	t.Cleanup(func() { s.Close() })
	if _, err := s.SeedPlan(t.Context(), plan.Default()); err != nil {
		t.Fatal(err)
	}
	e.store = s
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	engine, err := bot.NewEngine(t.Context(), s, bot.Config{Now: e.clock, Logger: log,
		Tips: tipdesk.Config{Params: p, SlowDown: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	page, err := reportpage.New(reportpage.Config{Desk: engine.Tips(), Logger: log, Now: e.clock, TrustProxy: true})
	if err != nil {
		t.Fatal(err)
	}
	e.h = server.NewServer(server.Deps{Store: s, Logger: log, Report: page})
	return &channels{env: e, engine: engine}
}

var cheap = safetybot.ReceiptParams{Time: 1, MemoryKiB: 64, Threads: 1}

// chat sends text to the bot in private chat as user.
func (c *channels) chat(user, text string) string {
	c.msgs++
	var out []string
	for _, r := range c.engine.Handle(context.Background(), bot.Message{Source: "app", ChatType: bot.ChatSingle, UserID: user,
		MsgID: fmt.Sprint("m", c.msgs), Text: text}) {
		out = append(out, r.Text)
	}
	return strings.Join(out, "\n")
}

// from posts as the client at addr behind the local proxy.
func (c *channels) from(addr, path string, form url.Values) (int, string) {
	rec := c.post(path, "127.0.0.1:5000", form, "X-Forwarded-For", addr)
	return rec.Code, rec.Body.String()
}

// TestOnePartyCannotCloseTheChannel replays the two field incidents: 300
// reports from 300 forwarded addresses, then 605 wrong codes from 67
// addresses. Every new reporter, on the web and in WeCom, still gets a
// receipt, and a right code is still answered everywhere.
func TestOnePartyCannotCloseTheChannel(t *testing.T) {
	c := newChannels(t, cheap)
	code, body := c.from("198.51.100.200", "/report", url.Values{"content": {"第一条：某隧道应急照明损坏"}})
	receipt := codeRE.FindString(body)
	if code != 200 || receipt == "" {
		t.Fatalf("first report: %d", code)
	}
	for i := range 300 {
		addr := fmt.Sprintf("10.%d.%d.%d", i/65536, i/256%256, i%256)
		if code, body := c.from(addr, "/report", url.Values{"content": {fmt.Sprintf("灌水 %d", i)}}); code != 200 {
			t.Fatalf("flood report %d: %d %s", i, code, body)
		}
	}
	if code, body := c.from("203.0.113.5", "/report", url.Values{"content": {"新举报人：某渡口超载"}}); code != 200 || !codeRE.MatchString(body) {
		t.Fatalf("a new web reporter after the flood: %d\n%s", code, body)
	}
	if got := c.chat("newcomer", "举报 新举报人：某工地无证施工"); !strings.Contains(got, "回执码") || strings.Contains(got, "过于频繁") {
		t.Fatalf("a new WeCom reporter after the flood: %s", got)
	}

	for i := range 605 {
		addr := fmt.Sprintf("192.0.2.%d", i%67)
		wrong := fmt.Sprintf("9%015d", i)
		if code, _ := c.from(addr, "/report/status", url.Values{"code": {wrong}}); code != 404 && code != 429 {
			t.Fatalf("wrong code %d: %d", i, code)
		}
	}
	if code, body := c.from("203.0.113.6", "/report/status", url.Values{"code": {receipt}}); code != 200 || !strings.Contains(body, "第一条") {
		t.Fatalf("the right code on the web after 605 wrong ones: %d\n%s", code, body)
	}
	if got := c.chat("reporter", "查询 "+receipt); !strings.Contains(got, "举报状态") {
		t.Fatalf("the right code in WeCom after 605 wrong ones: %s", got)
	}
}

// TestIPv6SourcesBy64And48: a /64 is one source; the /48 around it has a
// limit of its own for reports; another /48 is not affected.
func TestIPv6SourcesBy64And48(t *testing.T) {
	c := newChannels(t, cheap)
	report := func(addr string) int {
		code, _ := c.from(addr, "/report", url.Values{"content": {"某码头护栏缺失"}})
		return code
	}
	for i := range 5 {
		if code := report(fmt.Sprintf("2001:db8:aa:1::%x", i+1)); code != 200 {
			t.Fatalf("report %d from one /64: %d", i+1, code)
		}
	}
	if code := report("2001:db8:aa:1:ffff:ffff:ffff:ffff"); code != 429 {
		t.Fatalf("sixth report from one /64 (another suffix): %d, want 429", code)
	}
	for i := 2; i <= 16; i++ { // 5 + 15 = 20 from the /48
		if code := report(fmt.Sprintf("2001:db8:aa:%x::1", i)); code != 200 {
			t.Fatalf("report from /64 number %d: %d", i, code)
		}
	}
	if code := report("2001:db8:aa:ff::1"); code != 429 {
		t.Fatalf("21st report from one /48: %d, want 429", code)
	}
	if code := report("2001:db8:bb:1::1"); code != 200 {
		t.Fatalf("a report from another /48: %d", code)
	}

	// Wrong codes from every /64 of a /48 slow it down; a neighbour's right
	// code is still answered.
	_, body := c.from("2001:db8:cc:1::1", "/report", url.Values{"content": {"邻居的举报"}})
	receipt := codeRE.FindString(body)
	for i := range 60 {
		c.from(fmt.Sprintf("2001:db8:dd:%x::1", i%20), "/report/status", url.Values{"code": {fmt.Sprintf("8%015d", i)}})
	}
	_, body = c.from("2001:db8:dd:99::1", "/report", url.Values{"content": {"同一 /48 里的举报人"}})
	neighbour := codeRE.FindString(body)
	if code, _ := c.from("2001:db8:dd:99::1", "/report/status", url.Values{"code": {neighbour}}); code != 200 || neighbour == "" || receipt == "" {
		t.Fatalf("a right code from a /48 full of wrong guesses: %d", code)
	}
}

// TestParallelGuessesAreCountedBeforeChecking: 100 wrong codes sent at once
// by one client are checked at most nine times; the rest are throttled.
func TestParallelGuessesAreCountedBeforeChecking(t *testing.T) {
	// A hash as slow as a loaded server's: the guesses are all in flight
	// before the first is answered.
	c := newChannels(t, safetybot.ReceiptParams{Time: 1, MemoryKiB: 8 * 1024, Threads: 1})
	var mu sync.Mutex
	counts := map[int]int{}
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Go(func() {
			code, _ := c.from("192.0.2.123", "/report/status", url.Values{"code": {fmt.Sprintf("7%015d", i)}})
			mu.Lock()
			counts[code]++
			mu.Unlock()
		})
	}
	wg.Wait()
	if counts[http.StatusNotFound] != 9 || counts[http.StatusTooManyRequests] != 91 {
		t.Fatalf("answers %v: want 9 checked (404) and 91 throttled (429)", counts)
	}
}
