package bot

import (
	"testing"
	"time"
)

// Of two staff acting on one hazard, the one who comes second is told who
// closed or rejected it and when, from its trail (QA12 #5: 「已销号，不能再销号」
// without either).
func TestSettledSaysWhoAndWhen(t *testing.T) {
	tests := []struct {
		name  string
		first string // by wang at 10:00
		then  string // by li at 10:05
		want  []string
	}{
		{"close twice", "销号 YH2026-0001 验收通过", "销号 YH2026-0001 合格",
			[]string{"隐患 YH2026-0001 已由 wang 于 11-28 10:00 销号，不能再销号。", "误销号可由销号人 30 分钟内「撤销 YH2026-0001」"}},
		{"reject after close", "销号 YH2026-0001", "驳回 YH2026-0001 不是隐患",
			[]string{"已由 wang 于 11-28 10:00 销号，不能再驳回。"}},
		{"confirm after reject", "驳回 YH2026-0001 重复上报", "确认 YH2026-0001",
			[]string{"已由 wang 于 11-28 10:00 驳回（重复上报），不能再确认。", "误驳回可由本领域工作人员「撤销 YH2026-0001」"}},
		{"assign after close", "销号 YH2026-0001", "指派 YH2026-0001 zhao",
			[]string{"已由 wang 于 11-28 10:00 销号，不能再指派。"}},
		{"rectify after close", "销号 YH2026-0001", "整改 YH2026-0001 已修好 完成:是",
			[]string{"已由 wang 于 11-28 10:00 销号，不能再报整改完成。"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			f.converse([]step{
				{"admin", "授权 wang 工作人员 公路运营", nil, nil},
				{"admin", "授权 li 工作人员 公路运营", nil, nil},
				{"zhangsan", "上报 护栏缺失 领域:公路运营", []string{"YH2026-0001"}, nil},
				{"wang", tt.first, []string{"YH2026-0001 已"}, nil},
			})
			f.clock.Add(5 * time.Minute)
			f.converse([]step{{"li", tt.then, tt.want, nil}})
		})
	}
}

// Once the close is undone the hazard is open and the step goes through.
func TestSettledUndoneClose(t *testing.T) {
	f := newFixture(t)
	f.converse([]step{
		{"admin", "上报 护栏缺失 领域:公路运营", []string{"YH2026-0001"}, nil},
		{"admin", "销号 YH2026-0001", []string{"YH2026-0001 已销号。"}, nil},
		{"admin", "撤销 YH2026-0001", []string{"已撤销"}, nil},
		{"admin", "销号 YH2026-0001", []string{"YH2026-0001 已销号。"}, []string{"不能再"}},
		{"admin", "销号 YH2026-0001", []string{"已由 admin 于 11-28 10:00 销号，不能再销号。"}, nil},
	})
}
