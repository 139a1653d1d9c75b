package wecom_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"safetybot/internal/storetest"
)

// TestAppRepliesArePlainText: the app's passive reply is a text message,
// which the WeChat plugin shows as is: the digest (markdown) reaches the
// app as plain text, while the intelligent robot, which renders markdown,
// keeps it. A digest too slow for the passive answer is queued marked as
// markdown, for the sender to send as text unless WECOM_APP_MARKDOWN=1.
func TestAppRepliesArePlainText(t *testing.T) {
	e := newEnv(t, 0)
	app := must(t)(e.app.SendText("admin", "md-1", "摘要"))
	if !strings.Contains(app.Content, "安全生产每日摘要") || strings.Contains(app.Content, "**") || strings.Contains(app.Content, "\n>") {
		t.Fatalf("app 摘要 is not plain text:\n%s", app.Content)
	}
	if again := must(t)(e.app.SendText("admin", "md-1", "摘要")); again.Content != app.Content {
		t.Fatalf("retry answered differently:\n%s", again.Content)
	}
	robot := must(t)(e.aibot.SendSingleText("admin", "md-2", "摘要", ""))
	if !strings.Contains(robot.Content, "**安全生产每日摘要**") {
		t.Fatalf("robot 摘要 lost its markdown:\n%s", robot.Content)
	}

	slow := newEnv(t, 20*time.Millisecond)
	slow.engine.delay.Store(int64(200 * time.Millisecond))
	if r := must(t)(slow.app.SendText("admin", "md-4", "摘要")); !r.Empty {
		t.Fatalf("slow 摘要 answered at once: %+v", r)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		due, err := storetest.DueOutbox(context.Background(), slow.store, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(due) == 1 {
			if !due[0].Markdown || due[0].Target != "admin" || !strings.Contains(due[0].Body, "**安全生产每日摘要**") {
				t.Fatalf("queued digest = %+v", due[0])
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("slow digest never queued")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
