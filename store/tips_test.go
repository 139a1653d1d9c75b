package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"safetybot"
)

func openTipStore(t *testing.T, now *time.Time) (*Store, string) {
	t.Helper()
	return openCopy(t, func() time.Time { return *now })
}

func TestTipLifecycleAndRetention(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 15, 4, 5, 0, safetybot.Shanghai)
	s, file := openTipStore(t, &now)

	salt, err := s.TipSalt(ctx)
	if err != nil || len(salt) != 32 {
		t.Fatalf("salt %x, %v", salt, err)
	}
	again, _ := s.TipSalt(ctx)
	if !bytes.Equal(salt, again) {
		t.Fatal("the salt changed between calls")
	}

	hash := bytes.Repeat([]byte{7}, 32)
	tip, err := s.CreateTip(ctx, hash, "某码头夜间违规装卸危险货物 SECRET-BODY-TEXT", [][]byte{[]byte("\xff\xd8\xffPHOTO-ONE-PIXELS")})
	if err != nil {
		t.Fatal(err)
	}
	if tip.ID < 100000 || tip.Day != "2026-03-02" {
		t.Fatalf("tip %+v", tip)
	}
	if n, err := s.TipsAwaitingTriage(ctx); err != nil || n != 1 {
		t.Fatalf("awaiting %d, %v", n, err)
	}
	if _, err := s.TipByReceipt(ctx, bytes.Repeat([]byte{8}, 32)); !errors.Is(err, safetybot.ErrNoTip) {
		t.Fatalf("wrong hash: %v", err)
	}
	if _, err := s.AddTipInfo(ctx, hash, "补充：每周三晚上 ADDED-TEXT", [][]byte{[]byte("\xff\xd8\xffPHOTO-TWO-PIXELS")}); err != nil {
		t.Fatal(err)
	}
	// Past MaxTipPhotos the whole addition is refused: neither its text nor
	// any of its photos is kept.
	two := [][]byte{[]byte("\xff\xd8\xffPHOTO-X"), []byte("\xff\xd8\xffPHOTO-Y")}
	if _, err := s.AddTipInfo(ctx, hash, "补充 NOT-KEPT", two); safetybot.ErrorCode(err) != safetybot.ECONFLICT {
		t.Fatalf("a fourth photo: %v", err)
	}
	if got, _ := s.TipByReceipt(ctx, hash); got.Photos != 2 || len(got.Messages) != 1 {
		t.Fatalf("after the refused addition: %d photos, %d messages", got.Photos, len(got.Messages))
	}
	photos, err := s.TipPhotos(ctx, tip.ID, "handler1")
	if err != nil || len(photos) != 2 || !bytes.HasSuffix(photos[0], []byte("PHOTO-ONE-PIXELS")) || !bytes.HasSuffix(photos[1], []byte("PHOTO-TWO-PIXELS")) {
		t.Fatalf("TipPhotos: %q, %v", photos, err)
	}
	if audit, _ := s.TipAudit(ctx, tip.ID); len(audit) != 1 || audit[0].Action != safetybot.TipPhotosViewed || audit[0].Actor != "handler1" {
		t.Fatalf("reading the photos was not audited: %+v", audit)
	}
	if _, err := s.TipPhotos(ctx, 1234, "handler1"); safetybot.ErrorCode(err) != safetybot.ENOTFOUND {
		t.Fatalf("photos of no report: %v", err)
	}

	got, err := s.ChangeTip(ctx, tip.ID, "handler1", func(t *safetybot.Tip) (safetybot.TipChange, error) {
		t.Status = safetybot.TipVerified
		t.NewInfo = false
		return safetybot.TipChange{Action: "查实", Reply: "已核实，谢谢 REPLY-TEXT",
			Hazard: &safetybot.Hazard{Description: "码头违规装卸", Grade: safetybot.GradeMajor}}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	h, _, err := s.Hazard(ctx, got.HazardNumber)
	if err != nil || h.Source != safetybot.SourceTip || h.Reporter != "" {
		t.Fatalf("hazard %+v, %v", h, err)
	}
	view, err := s.TipByReceipt(ctx, hash)
	if err != nil || view.Status != safetybot.TipVerified || len(view.Messages) != 2 || !view.Messages[1].FromHandler {
		t.Fatalf("view %+v, %v", view, err)
	}
	audit, _ := s.TipAudit(ctx, tip.ID)
	if len(audit) != 2 || audit[1].Actor != "handler1" || audit[1].Action != "查实" {
		t.Fatalf("audit %+v", audit)
	}

	// Settle the reward: the report closes today and is kept for the period.
	if _, err := s.ChangeTip(ctx, tip.ID, "handler1", func(t *safetybot.Tip) (safetybot.TipChange, error) {
		t.RewardYuan, t.Reward, t.Status = 15000, safetybot.RewardPaid, safetybot.TipClosed
		return safetybot.TipChange{Action: "奖励"}, nil
	}); err != nil {
		t.Fatal(err)
	}
	c, err := s.TipCounts(ctx)
	if err != nil || c.ByStatus[safetybot.TipClosed] != 1 || c.PaidYuan != 15000 || c.Total() != 1 {
		t.Fatalf("counts %+v, %v", c, err)
	}
	if n, err := s.PurgeClosedTips(ctx, "2026-03-02"); err != nil || n != 0 {
		t.Fatalf("purged %d before the period, %v", n, err)
	}
	if n, err := s.PurgeClosedTips(ctx, "2026-03-03"); err != nil || n != 1 {
		t.Fatalf("purged %d, %v", n, err)
	}
	if _, err := s.TipByReceipt(ctx, hash); !errors.Is(err, safetybot.ErrNoTip) {
		t.Fatalf("after purge: %v", err)
	}
	for _, table := range []string{"tips", "tip_messages", "tip_photos", "tip_audit"} {
		var n int
		s.r.QueryRow("SELECT count(*) FROM " + table).Scan(&n)
		if n != 0 {
			t.Errorf("%s keeps %d rows after the purge", table, n)
		}
	}
	// secure_delete and the WAL truncation leave no copy of the text in the files.
	for _, f := range []string{file, file + "-wal", file + "-shm"} {
		b, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		for _, needle := range []string{"SECRET-BODY-TEXT", "ADDED-TEXT", "REPLY-TEXT", "PHOTO-ONE-PIXELS", "PHOTO-TWO-PIXELS"} {
			if bytes.Contains(b, []byte(needle)) {
				t.Errorf("%s still holds %s after the purge", filepath.Base(f), needle)
			}
		}
	}
}
