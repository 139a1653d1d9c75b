package sender_test

import (
	"testing"
	"time"

	. "safetybot/wecom/sender"
)

func TestPacerSlidingWindow(t *testing.T) {
	c := newClock()
	p := NewPacer(Limits{"user": {{Limit: 3, Per: time.Minute}, {Limit: 5, Per: time.Hour}}}, c.Now)
	for i := range 3 {
		if ok, _ := p.Reserve("user", "zhangsan"); !ok {
			t.Fatalf("send %d refused", i)
		}
		c.Add(10 * time.Second)
	}
	ok, until := p.Reserve("user", "zhangsan")
	if ok || !until.Equal(c.Now().Add(-30*time.Second).Add(time.Minute)) {
		t.Fatalf("4th send in a minute: ok=%v until=%v (now %v)", ok, until, c.Now())
	}
	if ok, _ := p.Reserve("user", "lisi"); !ok {
		t.Fatal("another recipient shares the budget")
	}
	c.Add(until.Sub(c.Now()))
	if ok, _ := p.Reserve("user", "zhangsan"); !ok {
		t.Fatal("refused after the window moved on")
	}
	c.Add(time.Minute)
	p.Reserve("user", "zhangsan") // 5th in the hour
	c.Add(time.Minute)
	ok, until = p.Reserve("user", "zhangsan")
	if ok || until.Sub(c.Now()) < 50*time.Minute {
		t.Fatalf("hourly limit: ok=%v wait=%v", ok, until.Sub(c.Now()))
	}
	if ok, _ := p.Reserve("webhook", "x"); !ok {
		t.Fatal("a kind without limits refused")
	}
}
