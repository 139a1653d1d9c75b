package store

import (
	"context"
	"strings"
	"testing"

	"safetybot"
)

// TestFreshenCardRows: a 重大 card that waited out the coalescing goes with
// the hazard's rows as they are when it is sent, not as they were when it
// was queued (qa6 B6: 期限 2026-12-18 on a card sent after the deadline was
// moved to 2026-12-28 and the hazard re-assigned).
func TestFreshenCardRows(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(h *safetybot.Hazard)
		want   map[string]string // row → value; "" for a row that must be gone
	}{
		{name: "deadline moved", change: func(h *safetybot.Hazard) { h.Deadline = "2026-12-28" },
			want: map[string]string{"期限": "2026-12-28", "状态": "整改中"}},
		{name: "re-assigned, shown by name", change: func(h *safetybot.Hazard) { h.Assignee = "wq" },
			want: map[string]string{"责任人": "王强", "期限": "2026-12-18"}},
		{name: "assigned to someone unnamed", change: func(h *safetybot.Hazard) { h.Assignee = "lisi" },
			want: map[string]string{"责任人": "lisi"}},
		{name: "closed after 修改", change: func(h *safetybot.Hazard) {
			h.Deadline, h.Unit, h.Status = "2026-12-28", "县第二运输公司", safetybot.StatusClosed
		}, want: map[string]string{"期限": "2026-12-28", "单位": "县第二运输公司", "状态": "已销号", "依据": "《判定标准》第3条"}},
		{name: "deadline cleared", change: func(h *safetybot.Hazard) { h.Deadline = "" },
			want: map[string]string{"期限": ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openTest(t)
			ctx := context.Background()
			if err := s.SetName(ctx, "wq", "王强", "admin"); err != nil {
				t.Fatal(err)
			}
			h := &safetybot.Hazard{Description: "桥梁护栏缺失", Unit: "县第一运输公司", Domain: "公路运营", Grade: safetybot.GradeMajor,
				Source: safetybot.SourceSelfCheck, Status: safetybot.StatusRectifying, Assignee: "zhangsan", Deadline: "2026-12-18"}
			if err := s.CreateHazard(ctx, h, "u", nil); err != nil {
				t.Fatal(err)
			}
			c := safetybot.HazardCard(safetybot.CardMajor, h, "【重大隐患】", "请督办")
			c.Rows = append(c.Rows, safetybot.CardRow{Label: "依据", Value: "《判定标准》第3条"})
			n := safetybot.NotifyCard(safetybot.TargetUser, "leader1", c)
			n.Coalesce = "leaders"
			if err := s.Queue(ctx, n); err != nil {
				t.Fatal(err)
			}
			if _, err := s.ChangeHazard(ctx, h.Number, "u", func(h *safetybot.Hazard) (safetybot.HazardChange, error) {
				tc.change(h)
				return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "修改"}}, nil
			}); err != nil {
				t.Fatal(err)
			}
			due, err := s.PendingOutbox(ctx, 10)
			if err != nil || len(due) != 1 {
				t.Fatalf("outbox: %v, %v", due, err)
			}
			m := due[0]
			if err := s.FreshenCard(ctx, &m); err != nil {
				t.Fatal(err)
			}
			rows := map[string]string{}
			for _, r := range m.Card.Rows {
				rows[r.Label] = r.Value
			}
			for label, want := range tc.want {
				if rows[label] != want {
					t.Errorf("row %s = %q, want %q (rows %v)", label, rows[label], want, m.Card.Rows)
				}
			}
			rec, err := s.Card(ctx, m.Card.TaskID)
			if err != nil {
				t.Fatal(err)
			}
			if got := rec.Card.Text(); got != m.Card.Text() {
				t.Errorf("the card's record differs from what is sent:\n%s\n%s", got, m.Card.Text())
			}
		})
	}
}

// TestFreshenCardEveryKind: every card is brought up to date when it goes,
// not only one the coalescing held back (QA17 #6: 【待验收】 and 【退回整改】
// cards queued by chat went after the hazard was closed, with live buttons
// and 状态 待验收 / 整改中).
func TestFreshenCardEveryKind(t *testing.T) {
	for _, tc := range []struct {
		kind     safetybot.CardKind
		title    string
		coalesce string
		status   safetybot.Status
		buttons  int // left on the card sent
		desc     string
	}{
		{safetybot.CardVerify, "【待验收】", "", safetybot.StatusClosed, 0, "已处理 · 当前已销号"},
		{safetybot.CardAssign, "【退回整改】", "", safetybot.StatusClosed, 0, "已处理 · 当前已销号"},
		{safetybot.CardAssign, "【整改指派】", "", safetybot.StatusRejected, 0, "已处理 · 当前已驳回"},
		{safetybot.CardOverdue, "【隐患逾期】", "", safetybot.StatusClosed, 0, "已处理 · 当前已销号"},
		{safetybot.CardMajor, "【重大隐患】", "leaders", safetybot.StatusClosed, 0, "已处理 · 当前已销号"},
		{safetybot.CardVerify, "【待验收】", "", safetybot.StatusVerifying, 2, "整改完成，请现场验收"},
	} {
		t.Run(tc.title+string(tc.status), func(t *testing.T) {
			s, _ := openTest(t)
			ctx := context.Background()
			h := &safetybot.Hazard{Description: "客运站安检仪故障", Unit: "县汽车站", Domain: "道路运输", Grade: safetybot.GradeGeneral,
				Source: safetybot.SourceSelfCheck, Status: safetybot.StatusVerifying, Assignee: "lisi", Deadline: "2026-12-18"}
			if err := s.CreateHazard(ctx, h, "u", nil); err != nil {
				t.Fatal(err)
			}
			c := safetybot.HazardCard(tc.kind, h, tc.title, "整改完成，请现场验收")
			n := safetybot.NotifyCard(safetybot.TargetUser, "wang", c)
			n.Coalesce = tc.coalesce
			if err := s.Queue(ctx, n); err != nil {
				t.Fatal(err)
			}
			if _, err := s.ChangeHazard(ctx, h.Number, "u", func(h *safetybot.Hazard) (safetybot.HazardChange, error) {
				h.Status = tc.status
				return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "修改"}}, nil
			}); err != nil {
				t.Fatal(err)
			}
			due, err := s.PendingOutbox(ctx, 10)
			if err != nil || len(due) != 1 {
				t.Fatalf("outbox: %v, %v", due, err)
			}
			m := due[0]
			if err := s.FreshenCard(ctx, &m); err != nil {
				t.Fatal(err)
			}
			if len(m.Card.Buttons) != tc.buttons || m.Card.Desc != tc.desc || !strings.Contains(m.Body, "状态："+string(tc.status)) {
				t.Errorf("sent: %d buttons, desc %q, body %q", len(m.Card.Buttons), m.Card.Desc, m.Body)
			}
			rec, err := s.Card(ctx, m.Card.TaskID)
			if err != nil {
				t.Fatal(err)
			}
			if done := !rec.DoneAt.IsZero(); done != (tc.buttons == 0) || rec.Card.Text() != m.Card.Text() {
				t.Errorf("record: done %v, card %q", done, rec.Card.Text())
			}
		})
	}
}
