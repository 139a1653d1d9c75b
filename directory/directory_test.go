package directory_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/directory"
	"safetybot/internal/storetest"
	"safetybot/internal/testkit"
	"safetybot/store"
	"safetybot/wecom/sender"
	"safetybot/wecom/wecomtest"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

type rig struct {
	dir   *directory.Directory
	store *store.Store
	fake  *wecomtest.FakeAPI
	clock *testkit.Clock
}

// newRig joins a fresh store and a sender pointed at a fake WeCom, as
// cmd/safetybot does.
func newRig(t *testing.T, mod func(*directory.Config)) *rig {
	t.Helper()
	c := testkit.NewClock(time.Date(2026, 11, 30, 9, 0, 0, 0, safetybot.Shanghai))
	s := storetest.Open(t, c.Now)
	t.Cleanup(func() { s.Close() })
	corp := "ww" + strings.ReplaceAll(t.Name(), "/", "_")
	f := wecomtest.NewFakeAPI(t, wecomtest.FakeAPIOptions{CorpID: corp, Secret: "s", Now: c.Now})
	snd, err := sender.New(sender.Config{APIBase: f.URL, CorpID: corp, AgentID: "1000002", Secret: "s", Now: c.Now, Log: quiet, Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	cfg := directory.Config{Store: s, Book: snd, Now: c.Now, Log: quiet, Wait: 2 * time.Second}
	if mod != nil {
		mod(&cfg)
	}
	d := directory.New(cfg)
	t.Cleanup(d.Wait)
	return &rig{d, s, f, c}
}

// lookups counts user/get calls that reached the address book: a call
// refused for an expired token (the fake clock runs past 2 h) and then
// retried is one look-up.
func (r *rig) lookups() int {
	n := 0
	for _, c := range r.fake.Calls(wecomtest.EndpointUserGet) {
		if c.ErrCode != wecomtest.ErrTokenExpired {
			n++
		}
	}
	return n
}

func TestNameMissFetchesOnceAndStores(t *testing.T) {
	r := newRig(t, nil)
	r.fake.SetBookNames(map[string]string{"yanghu_wu": "吴杨虎"})
	ctx := context.Background()
	if got := r.dir.Name(ctx, "yanghu_wu"); got != "吴杨虎" {
		t.Fatalf("miss: got %q", got)
	}
	if n := r.lookups(); n != 1 {
		t.Fatalf("miss: %d user/get calls, want 1", n)
	}
	p, ok, err := r.store.PersonName(ctx, "yanghu_wu")
	if err != nil || !ok || p.Book != "吴杨虎" || p.BookStatus != safetybot.BookOK || p.CheckedAt.IsZero() {
		t.Fatalf("not stored: %+v %v %v", p, ok, err)
	}
	// a cache hit asks WeCom nothing
	r.clock.Add(23 * time.Hour)
	if got := r.dir.Name(ctx, "yanghu_wu"); got != "吴杨虎" {
		t.Fatalf("hit: got %q", got)
	}
	r.dir.Wait()
	if n := r.lookups(); n != 1 {
		t.Fatalf("hit: %d user/get calls, want still 1", n)
	}
	if got := r.dir.Name(ctx, ""); got != "" {
		t.Fatalf("empty userid (anonymous) must stay empty, got %q", got)
	}
	if n := r.lookups(); n != 1 {
		t.Fatalf("an empty userid was looked up")
	}
}

func TestNameNoPermissionFallsBackAndSetNameWins(t *testing.T) {
	r := newRig(t, nil)
	r.fake.SetBookNames(map[string]string{"sunzong": "孙总"})
	r.fake.DenyBook(true)
	ctx := context.Background()
	if got := r.dir.Name(ctx, "sunzong"); got != "sunzong" {
		t.Fatalf("no permission: got %q, want the userid", got)
	}
	p, _, _ := r.store.PersonName(ctx, "sunzong")
	if p.BookStatus != safetybot.BookDenied {
		t.Fatalf("60011 not remembered: %+v", p)
	}
	r.dir.Name(ctx, "sunzong")
	if n := r.lookups(); n != 1 {
		t.Fatalf("a denied member was asked again the same day: %d calls", n)
	}
	if err := r.store.SetName(ctx, "sunzong", "孙建国", "admin"); err != nil {
		t.Fatal(err)
	}
	if got := r.dir.Name(ctx, "sunzong"); got != "孙建国" {
		t.Fatalf("admin-set name: got %q", got)
	}
	// the set name wins over the address book too, once it can be read
	r.fake.DenyBook(false)
	r.clock.Add(25 * time.Hour)
	if n, err := r.dir.Refresh(ctx); err != nil || n != 1 {
		t.Fatalf("refresh: %d %v", n, err)
	}
	if got := r.dir.Name(ctx, "sunzong"); got != "孙建国" {
		t.Fatalf("after refresh: got %q, want the admin-set name", got)
	}
	if p, _, _ := r.store.PersonName(ctx, "sunzong"); p.Book != "孙总" {
		t.Fatalf("refresh did not store the book name: %+v", p)
	}
	if err := r.store.SetName(ctx, "sunzong", "", "admin"); err != nil {
		t.Fatal(err)
	}
	if got := r.dir.Name(ctx, "sunzong"); got != "孙总" {
		t.Fatalf("cleared set name: got %q, want the book name", got)
	}
}

func TestNameUnknownMemberIsTheUserID(t *testing.T) {
	r := newRig(t, nil)
	if got := r.dir.Name(context.Background(), "ghost"); got != "ghost" {
		t.Fatalf("got %q", got)
	}
	if p, _, _ := r.store.PersonName(context.Background(), "ghost"); p.BookStatus != safetybot.BookMissing {
		t.Fatalf("60111 not remembered: %+v", p)
	}
}

func TestNameSlowLookupDoesNotHoldTheReply(t *testing.T) {
	r := newRig(t, func(c *directory.Config) { c.Wait = 30 * time.Millisecond })
	r.fake.SetBookNames(map[string]string{"yanghu_wu": "吴杨虎"})
	// The answer takes slow; Name must return before it arrives, however
	// loaded the machine: the bound is the answer's own delay, not a
	// guess at how fast Name runs.
	const slow = time.Second
	r.fake.FailNext(wecomtest.EndpointUserGet, wecomtest.Fault{Delay: slow})
	ctx := context.Background()
	start := time.Now()
	if got := r.dir.Name(ctx, "yanghu_wu"); got != "yanghu_wu" {
		t.Fatalf("slow: got %q, want the userid at once", got)
	}
	if took := time.Since(start); took >= slow {
		t.Fatalf("Name waited %v for a user/get that took %v", took, slow)
	}
	r.dir.Wait() // the look-up goes on and is stored
	if got := r.dir.Name(ctx, "yanghu_wu"); got != "吴杨虎" {
		t.Fatalf("after the slow answer: got %q", got)
	}
	if n := r.lookups(); n != 1 {
		t.Fatalf("%d user/get calls, want 1", n)
	}
}

func TestNameFailureBacksOff(t *testing.T) {
	r := newRig(t, nil)
	r.fake.SetBookNames(map[string]string{"yanghu_wu": "吴杨虎"})
	r.fake.FailNext(wecomtest.EndpointUserGet, wecomtest.Fault{Status: 502})
	ctx := context.Background()
	if got := r.dir.Name(ctx, "yanghu_wu"); got != "yanghu_wu" {
		t.Fatalf("502: got %q", got)
	}
	if got := r.dir.Name(ctx, "yanghu_wu"); got != "yanghu_wu" {
		t.Fatalf("within backoff: got %q", got)
	}
	if n := r.lookups(); n != 1 {
		t.Fatalf("asked again within the backoff: %d calls", n)
	}
	if p, ok, _ := r.store.PersonName(ctx, "yanghu_wu"); ok {
		t.Fatalf("a failure was stored as an answer: %+v", p)
	}
	r.clock.Add(2 * time.Minute)
	if got := r.dir.Name(ctx, "yanghu_wu"); got != "吴杨虎" {
		t.Fatalf("after the backoff: got %q", got)
	}
}

func TestNameStaleEntryShowsAndRefreshes(t *testing.T) {
	r := newRig(t, nil)
	r.fake.SetBookNames(map[string]string{"yanghu_wu": "吴杨虎"})
	ctx := context.Background()
	r.dir.Name(ctx, "yanghu_wu")
	r.fake.SetBookNames(map[string]string{"yanghu_wu": "吴扬虎"}) // renamed in the address book
	r.clock.Add(25 * time.Hour)
	if got := r.dir.Name(ctx, "yanghu_wu"); got != "吴杨虎" {
		t.Fatalf("stale entry: got %q, want the cached name at once", got)
	}
	r.dir.Wait()
	if got := r.dir.Name(ctx, "yanghu_wu"); got != "吴扬虎" {
		t.Fatalf("after refresh: got %q", got)
	}
	if n := r.lookups(); n != 2 {
		t.Fatalf("%d user/get calls, want 2", n)
	}
}

func TestNameWithoutAddressBook(t *testing.T) {
	r := newRig(t, func(c *directory.Config) { c.Book = nil })
	ctx := context.Background()
	if got := r.dir.Name(ctx, "yanghu_wu"); got != "yanghu_wu" {
		t.Fatalf("got %q", got)
	}
	r.store.SetName(ctx, "yanghu_wu", "吴杨虎", "admin")
	if got := r.dir.Name(ctx, "yanghu_wu"); got != "吴杨虎" {
		t.Fatalf("set name without address book: got %q", got)
	}
	if got := safetybot.NameWithID(ctx, r.dir, "yanghu_wu"); got != "吴杨虎（yanghu_wu）" {
		t.Fatalf("NameWithID: %q", got)
	}
	if got := safetybot.NameWithID(ctx, r.dir, "zhang"); got != "zhang" {
		t.Fatalf("NameWithID without a name: %q", got)
	}
}
