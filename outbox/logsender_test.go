package outbox_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"safetybot"
	"safetybot/internal/storetest"
	"safetybot/outbox"
)

// Without WeCom the console shows a card as its text, which says what to
// type for each button.
func TestLogSenderPrintsCardText(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t, nil)
	defer s.Close()
	h := &safetybot.Hazard{Number: "YH2026-0003", Description: "隧道照明失效", Grade: safetybot.GradeMajor, Status: safetybot.StatusPending}
	c := safetybot.HazardCard(safetybot.CardMajor, h, "【重大隐患】", "")
	if err := s.Queue(ctx, safetybot.NotifyCard(safetybot.TargetUser, "leader1|leader2", c)); err != nil {
		t.Fatal(err)
	}
	rows, err := storetest.PendingOutbox(ctx, s, 10)
	if err != nil || len(rows) != 1 || rows[0].Card == nil || rows[0].Card.TaskID == "" {
		t.Fatalf("rows %+v, %v", rows, err)
	}
	var out bytes.Buffer
	if err := (outbox.LogSender{W: &out}).Send(ctx, rows[0]); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if !strings.HasPrefix(got, "【卡片 → user:leader1|leader2】【重大隐患】YH2026-0003") || !strings.Contains(got, "确认：回复「确认 YH2026-0003」") ||
		strings.Contains(got, "task_id") {
		t.Fatalf("console printed %q", got)
	}
	rec, err := s.Card(ctx, rows[0].Card.TaskID)
	if err != nil || strings.Join(rec.Recipients, ",") != "leader1,leader2" || !rec.DoneAt.IsZero() {
		t.Fatalf("card record %+v, %v", rec, err)
	}
}
