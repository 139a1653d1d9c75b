package store

import (
	"context"
	"testing"
	"time"

	"safetybot"
)

// DutyCountsBetween counts a record by its day in Asia/Shanghai: the day a
// backfill gives, else the day it was made, both ends of the period
// included (QA9 #1).
func TestDutyCountsBetweenCountsByDay(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 12, 1, 0, 0, 0, 0, safetybot.Shanghai)
	s, _ := openCopy(t, func() time.Time { return at })
	for _, tc := range []struct {
		made time.Time
		on   safetybot.Date
		in   bool
	}{
		{time.Date(2026, 11, 30, 23, 59, 0, 0, safetybot.Shanghai), "", false},
		{time.Date(2026, 12, 1, 0, 0, 0, 0, safetybot.Shanghai), "", true},
		{time.Date(2026, 12, 7, 23, 59, 0, 0, safetybot.Shanghai), "", true},
		{time.Date(2026, 12, 8, 0, 0, 0, 0, safetybot.Shanghai), "", false},
		{time.Date(2026, 12, 9, 9, 0, 0, 0, safetybot.Shanghai), "2026-12-07", true},  // a backfill of a day in it
		{time.Date(2026, 12, 3, 9, 0, 0, 0, safetybot.Shanghai), "2026-11-30", false}, // made in it, of a day before
	} {
		at = tc.made
		if err := s.RecordDuty(ctx, safetybot.DutyRecord{Duty: safetybot.DutyPartyTopic, Period: safetybot.Month(tc.made), Note: "议题", Actor: "clerk", On: tc.on}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.DutyCountsBetween(ctx, "2026-12-01", "2026-12-07")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range got {
		n += c.N
	}
	if n != 3 {
		t.Errorf("DutyCountsBetween 2026-12-01..07 = %v, want 3 records", got)
	}
	if _, err := s.DutyCountsBetween(ctx, "2026-12-1", "2026-12-07"); safetybot.ErrorCode(err) != safetybot.EINVALID {
		t.Errorf("a day that does not parse: %v, want EINVALID", err)
	}
}
