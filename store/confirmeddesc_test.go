package store

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"safetybot"
)

// TestConfirmedDesc pins the desc FreshenCard gives a card whose 确认
// button it dropped: the last standing 确认, by the name the store knows.
func TestConfirmedDesc(t *testing.T) {
	for _, tc := range []struct {
		name      string
		confirm   string // who confirms ("": nobody)
		undo      bool   // the 确认 is undone
		book, set string // user_names of the confirmer
		want      string
	}{
		{name: "none", want: "已确认"},
		{name: "userid", confirm: "wang", want: "已确认 · wang 11-28 10:00"},
		{name: "book name", confirm: "wang", book: "王五", want: "已确认 · 王五 11-28 10:00"},
		{name: "set name first", confirm: "wang", book: "王五", set: "王局长", want: "已确认 · 王局长 11-28 10:00"},
		{name: "undone", confirm: "wang", undo: true, want: "已确认"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openTest(t)
			ctx := context.Background()
			h := &safetybot.Hazard{Description: "桥", Grade: safetybot.GradeMajor, Source: safetybot.SourceSelfCheck}
			if err := s.CreateHazard(ctx, h, "u", nil); err != nil {
				t.Fatal(err)
			}
			if tc.confirm != "" {
				if _, err := s.ChangeHazard(ctx, h.Number, tc.confirm, func(*safetybot.Hazard) (safetybot.HazardChange, error) {
					return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "确认"}}, nil
				}); err != nil {
					t.Fatal(err)
				}
			}
			if tc.undo {
				if _, err := s.exec(ctx, "UPDATE hazard_events SET undone = 1 WHERE action = '确认'"); err != nil {
					t.Fatal(err)
				}
			}
			if tc.book != "" {
				if err := s.SaveBookName(ctx, tc.confirm, tc.book, safetybot.BookOK, time.Now()); err != nil {
					t.Fatal(err)
				}
			}
			if tc.set != "" {
				if err := s.SetName(ctx, tc.confirm, tc.set, "admin"); err != nil {
					t.Fatal(err)
				}
			}
			var got string
			err := s.write(ctx, func(tx *sql.Tx) (err error) {
				got, err = confirmedDesc(ctx, tx, h.ID)
				return err
			})
			if err != nil || got != tc.want {
				t.Fatalf("confirmedDesc = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}
