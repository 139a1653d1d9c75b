package export_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/export"
	"safetybot/internal/fixture"
	"safetybot/internal/storetest"
)

// The 部门复核 and 整改前后照片 cells say the hazard's current state, read
// from its trail (QA12 #5: after a failed verification, a new 完成 and a
// 销号 taken back, the cell still said 「…不通过，退回整改」 beside 待验收).
func TestLedgerReviewAndPhotosFollowTheTrail(t *testing.T) {
	type step struct {
		actor string
		to    safetybot.Status // "" for an undo of the newest change
		note  string
	}
	finish := step{"zhao", safetybot.StatusVerifying, "整改完成"}
	fail := step{"wang", safetybot.StatusRectifying, "护栏高度不够"}
	pass := step{"wang", safetybot.StatusClosed, "验收通过"}
	undo := step{"wang", "", ""}
	// the verification card's buttons (QA17 #10: the cell said
	// 「不通过，退回整改，验收不通过，退回整改」)
	cardFail := step{"wang", safetybot.StatusRectifying, safetybot.CardReturnNote}
	cardPass := step{"wang", safetybot.StatusClosed, safetybot.CardPassNote}
	tests := []struct {
		name   string
		steps  []step
		status safetybot.Status
		review string // "" for an empty cell; else its conclusion
	}{
		{"failed", []step{finish, fail}, safetybot.StatusRectifying, "不通过，退回整改"},
		{"failed, finished again", []step{finish, fail, finish}, safetybot.StatusVerifying, ""},
		{"failed, finished again, close undone", []step{finish, fail, finish, pass, undo}, safetybot.StatusVerifying, ""},
		{"failed, then passed", []step{finish, fail, finish, pass}, safetybot.StatusClosed, "通过"},
		{"close undone, no failure before", []step{finish, pass, undo}, safetybot.StatusVerifying, ""},
		{"card 退回", []step{finish, cardFail}, safetybot.StatusRectifying, "不通过，退回整改"},
		{"card 验收通过", []step{finish, cardPass}, safetybot.StatusClosed, "通过"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			now := fixture.Now
			s := storetest.Open(t, func() time.Time { return now })
			defer s.Close()
			h := &safetybot.Hazard{Description: "护栏缺失", Domain: "公路运营", Grade: safetybot.GradeGeneral, Assignee: "zhao"}
			if err := s.CreateHazard(ctx, h, "zhangsan", nil); err != nil {
				t.Fatal(err)
			}
			for _, st := range tt.steps {
				now = now.Add(time.Hour)
				var err error
				if st.to == "" {
					_, err = s.UndoHazard(ctx, h.Number, st.actor, func(*safetybot.Hazard, safetybot.LastChange) (safetybot.HazardChange, error) {
						return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "撤销"}}, nil
					})
				} else {
					_, err = s.ChangeHazard(ctx, h.Number, st.actor, func(x *safetybot.Hazard) (safetybot.HazardChange, error) {
						x.Status = st.to
						return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: string(st.to), Note: st.note}}, nil
					})
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			l, err := export.LoadLedger(ctx, s, export.Filter{}, now)
			if err != nil {
				t.Fatal(err)
			}
			row := l.Rows()[0]
			cell := func(col string) string { return row[slices.Index(export.Columns, col)] }
			if got := cell("当前状态"); got != string(tt.status) {
				t.Fatalf("当前状态 %q, want %q", got, tt.status)
			}
			got := cell("部门复核（人、日期、结论）")
			if (got == "") != (tt.review == "") || (tt.review != "" && !containsConclusion(got, tt.review)) {
				t.Errorf("部门复核 %q, want conclusion %q", got, tt.review)
			}
			if strings.Count(got, "通过") > 1 {
				t.Errorf("部门复核 %q says its verdict twice", got)
			}
		})
	}
}

// containsConclusion reports whether a 部门复核 cell (人，日期，结论，说明)
// states conclusion: 「，通过」 is not in 「，不通过」.
func containsConclusion(cell, conclusion string) bool {
	return strings.Contains(cell, "，"+conclusion)
}

// Photos the responsible person sent as 整改后 are told apart from the
// others in 整改前后照片; a hazard with none keeps the plain count.
func TestLedgerPhotoCell(t *testing.T) {
	tests := []struct {
		name      string
		rectified []bool // one photo each
		want      string
	}{
		{"none", nil, ""},
		{"scene only", []bool{false, false}, "2 张"},
		{"both", []bool{false, false, true}, "整改前 2 张，整改后 1 张"},
		{"rectified only", []bool{true}, "整改后 1 张"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := storetest.Open(t, func() time.Time { return fixture.Now })
			defer s.Close()
			h := &safetybot.Hazard{Description: "护栏缺失", Grade: safetybot.GradeGeneral}
			if err := s.CreateHazard(ctx, h, "zhangsan", nil); err != nil {
				t.Fatal(err)
			}
			for _, r := range tt.rectified {
				ev := &safetybot.Evidence{Kind: safetybot.EvidenceImage, ContentType: "image/jpeg", Data: []byte("\xff\xd8\xff\xe0"), Actor: "zhao", Rectified: r}
				if err := s.AddEvidence(ctx, h.Number, ev); err != nil {
					t.Fatal(err)
				}
			}
			l, err := export.LoadLedger(ctx, s, export.Filter{}, fixture.Now)
			if err != nil {
				t.Fatal(err)
			}
			if got := l.Rows()[0][slices.Index(export.Columns, "整改前后照片")]; got != tt.want {
				t.Errorf("整改前后照片 %q, want %q", got, tt.want)
			}
		})
	}
}
