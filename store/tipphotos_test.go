package store

import (
	"bytes"
	"context"
	"testing"
	"time"

	"safetybot"
)

// TestTipPhotosGoWithTheReport: a report's photos are refused as a whole
// past MaxTipPhotos or when one is not a JPEG (nothing of the report is
// kept), and leave with the report however it is deleted (the foreign
// key cascades; the retention purge is TestTipLifecycleAndRetention).
func TestTipPhotosGoWithTheReport(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 14, 23, 11, 0, safetybot.Shanghai)
	s, _ := openTipStore(t, &now)
	jpeg := func(s string) []byte { return append([]byte("\xff\xd8\xff"), s...) }
	count := func(table string) int {
		var n int
		if err := s.r.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for i, tc := range []struct {
		name   string
		photos [][]byte
		ok     bool
	}{
		{"no photo", nil, true},
		{"three photos", [][]byte{jpeg("a"), jpeg("b"), jpeg("c")}, true},
		{"four photos", [][]byte{jpeg("a"), jpeg("b"), jpeg("c"), jpeg("d")}, false},
		{"not a JPEG", [][]byte{jpeg("a"), []byte("GIF89a…")}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tips, photos := count("tips"), count("tip_photos")
			tip, err := s.CreateTip(ctx, bytes.Repeat([]byte{byte(i + 1)}, 32), "举报内容", tc.photos)
			if !tc.ok {
				if err == nil {
					t.Fatal("stored")
				}
				if count("tips") != tips || count("tip_photos") != photos {
					t.Fatal("a refused report left rows behind")
				}
				return
			}
			if err != nil || tip.Photos != len(tc.photos) {
				t.Fatalf("CreateTip: %+v, %v", tip, err)
			}
			if _, err := s.w.ExecContext(ctx, "DELETE FROM tips WHERE id = ?", tip.ID); err != nil {
				t.Fatal(err)
			}
			var left int
			s.r.QueryRow("SELECT count(*) FROM tip_photos WHERE tip_id = ?", tip.ID).Scan(&left)
			if left != 0 {
				t.Errorf("%d photos outlived their report", left)
			}
		})
	}
}
