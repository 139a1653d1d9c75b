package wecom_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"safetybot"
	"safetybot/internal/storetest"
	"safetybot/wecom"
)

// TestAnonymousReportLeavesNoLogLine: a 举报 through the callback is answered
// and leaves no line in the callback log, as the engine leaves none.
func TestAnonymousReportLeavesNoLogLine(t *testing.T) {
	e := newEnv(t, 0)
	r := must(t)(e.app.SendText("whistle_x9", "4400000000000000002", "举报 某运输公司夜间超载运输危化品"))
	if !strings.Contains(r.Content, "回执码") {
		t.Fatalf("举报: %q", r.Content)
	}
	if logs := e.logs.String(); logs != "" {
		t.Fatalf("a 举报 callback was logged:\n%s", logs)
	}
	must(t)(e.app.SendText("lisi", "4400000000000000003", "帮助"))
	if !strings.Contains(e.logs.String(), "msg_type=text") {
		t.Fatal("an ordinary callback was not logged")
	}
}

// directSender records what AppConfig.Direct sent.
type directSender struct {
	mu   sync.Mutex
	sent []safetybot.OutboxMessage
}

func (d *directSender) Send(_ context.Context, m safetybot.OutboxMessage) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.sent = append(d.sent, m)
	return nil
}

func (d *directSender) wait(t *testing.T) []safetybot.OutboxMessage {
	t.Helper()
	for range 250 {
		d.mu.Lock()
		n := len(d.sent)
		d.mu.Unlock()
		if n > 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.sent)
}

// TestSlowAnonymousReportLeavesNoTrace: a 举报 whose answer is too slow for
// the passive reply is sent directly, never through the outbox table, and
// neither the sender nor the receipt code reaches the database or the log.
func TestSlowAnonymousReportLeavesNoTrace(t *testing.T) {
	e := newEnv(t, 50*time.Millisecond)
	direct := &directSender{}
	d, err := wecom.NewDedup(t.Context(), e.store, wecom.DedupOptions{})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(e.logs, nil))
	h, err := wecom.NewAppHandler(wecom.AppConfig{CorpID: corpID, Token: e.appToken, EncodingAESKey: e.appKey,
		Engine: e.engine, Store: e.store, Dedup: d, Logger: log, SlowAfter: 50 * time.Millisecond, Direct: direct})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	e.app.URL = srv.URL
	e.engine.delay.Store(int64(200 * time.Millisecond))
	r := must(t)(e.app.SendText("whistle_x9", "4400000000000000001", "举报 某运输公司夜间超载运输危化品"))
	if !r.Empty {
		t.Fatalf("slow 举报: want an empty answer, got %+v", r)
	}
	// A retry while it is still being handled: answered empty, no line either.
	if r := must(t)(e.app.SendText("whistle_x9", "4400000000000000001", "举报 某运输公司夜间超载运输危化品")); !r.Empty {
		t.Fatalf("retry of a slow 举报: %+v", r)
	}
	sent := direct.wait(t)
	if len(sent) != 1 || sent[0].Target != "whistle_x9" || !strings.Contains(sent[0].Body, "回执码") {
		t.Fatalf("direct sends = %+v", sent)
	}
	due, _ := storetest.DueOutbox(context.Background(), e.store, 10)
	if len(due) != 0 {
		t.Fatalf("the reply went to the outbox: %+v", due)
	}
	e.store.Close()
	for _, f := range []string{e.dbFile, e.dbFile + "-wal"} {
		data, _ := os.ReadFile(f)
		if bytes.Contains(data, []byte("whistle_x9")) || bytes.Contains(data, []byte("4400000000000000001")) {
			t.Errorf("%s holds the reporter or the message id", filepath.Base(f))
		}
	}
	if strings.Contains(e.logs.String(), "whistle_x9") {
		t.Errorf("log names the reporter:\n%s", e.logs.String())
	}
	// Not a line at all, not even the callback's own (its time would name
	// the reporter beside their other messages).
	if logs := e.logs.String(); logs != "" {
		t.Errorf("the slow 举报 left log lines:\n%s", logs)
	}
}
