package bot

import (
	"strings"
	"testing"
)

// Naming the responsible person again changes nothing and tells nobody
// again; a new deadline alone is one notice of the change, not another
// 【整改指派】 card (QA12 #3: three identical 指派 sent three cards and wrote
// three history lines).
func TestAssignSamePersonAgain(t *testing.T) {
	tests := []struct {
		name    string
		again   []string // 指派 after the first
		want    string   // in the last reply
		cards   int      // 【整改指派】 cards zhao got in all
		notices []string // other messages zhao got, in order
		events  int      // 指派 lines in the history
	}{
		{"same deadline thrice", []string{"指派 YH2026-0001 赵经理 期限:下周五", "指派 YH2026-0001 zhao 期限：下周五"},
			"YH2026-0001 已由 zhao 负责，期限未变，未重复通知。当前期限：2026-12-04。", 1, nil, 1},
		{"no deadline written", []string{"指派 YH2026-0001 @zhao"},
			"已由 zhao 负责，期限未变，未重复通知", 1, nil, 1},
		{"deadline moved", []string{"指派 YH2026-0001 赵经理 期限:12月31日", "指派 YH2026-0001 赵经理 期限:12月31日"},
			"已由 zhao 负责，期限未变", 1, []string{"将整改期限由 12月4日 改为 12月31日，仍由您负责整改"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			f.converse([]step{
				{"admin", "授权 wang 工作人员 公路运营", nil, nil},
				{"admin", "姓名 zhao 赵经理", nil, nil},
				{"admin", "上报 护栏缺失 领域:公路运营", []string{"YH2026-0001"}, nil},
				{"wang", "指派 YH2026-0001 赵经理 期限:下周五", []string{"已将 YH2026-0001 指派给 zhao", "已通知责任人"}, nil},
			})
			var got string
			for _, text := range tt.again {
				got = f.say("wang", text)
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("last reply %q, want %q", got, tt.want)
			}
			var cards int
			var notices []string
			for _, m := range f.outboxTo("zhao") {
				if strings.Contains(m, "【整改指派】") {
					cards++
				} else {
					notices = append(notices, m)
				}
			}
			if cards != tt.cards || len(notices) != len(tt.notices) {
				t.Fatalf("zhao got %d cards and %q", cards, notices)
			}
			for i, w := range tt.notices {
				if !strings.Contains(notices[i], w) {
					t.Errorf("notice %d %q lacks %q", i, notices[i], w)
				}
			}
			if n := strings.Count(f.say("wang", "隐患 YH2026-0001"), " 指派："); n != tt.events {
				t.Errorf("%d 指派 lines in the history, want %d", n, tt.events)
			}
		})
	}
}

// A moved deadline for the same person is said as a change in the reply.
func TestAssignSamePersonNewDeadlineReply(t *testing.T) {
	f := newFixture(t)
	f.converse([]step{
		{"admin", "上报 护栏缺失 领域:公路运营", []string{"YH2026-0001"}, nil},
		{"admin", "指派 YH2026-0001 zhao 期限:12月18日", []string{"已将 YH2026-0001 指派给 zhao"}, nil},
		{"admin", "指派 YH2026-0001 zhao 期限:12月31日", []string{"YH2026-0001 仍由 zhao 负责，期限由 12月18日 改为 12月31日，已通知责任人。"}, []string{"已将"}},
	})
}
