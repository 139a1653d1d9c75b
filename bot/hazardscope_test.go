package bot

import (
	"testing"

	"safetybot"
)

// A staffer limited to one 专班 is refused every change to another field's
// hazard with the same words (QA12 #1: 指派 moved a 公路运营 重大 hazard's
// deadline for a 道路运输 staffer, taking it off the overdue lists and the
// 9:00 escalation, while 修改 of the same deadline was refused).
func TestHazardScopeRefusesOtherFields(t *testing.T) {
	tests := []struct {
		text string
		want string
	}{
		{"指派 YH2026-0001 zhao 期限:明年6月30日", "您所在专班无权指派"},
		{"指派 YH2026-0001 给 wang", "您所在专班无权指派"},
		{"修改 YH2026-0001 期限:明年6月30日", "您所在专班无权修改"},
		{"整改 YH2026-0001 已更换护栏，完成:是", "您所在专班无权记录整改"},
		{"整改 YH2026-0001 正在施工", "您所在专班无权记录整改"},
		{"销号 YH2026-0001 已验收", "您所在专班无权销号"},
		{"驳回 YH2026-0001 重复上报", "您所在专班无权驳回"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			f := newFixture(t)
			f.converse([]step{
				{"admin", "授权 wang 工作人员 道路运输", nil, nil},
				{"admin", "授权 li 工作人员 公路运营", nil, nil},
				{"admin", "上报 隧道照明失效 领域:公路运营 等级:重大 期限:2026-12-01", []string{"YH2026-0001"}, nil},
				{"li", "确认 YH2026-0001", []string{"已确认"}, nil},
				{"li", "指派 YH2026-0001 qian", []string{"已将"}, nil},
				{"wang", tt.text, []string{"隐患 YH2026-0001 属于「公路运营」领域", tt.want, "请联系该领域工作人员"}, []string{"已将", "已记录", "已销号。", "已驳回。", "已修改"}},
			})
			h := f.hazard("YH2026-0001")
			if h.Deadline != "2026-12-01" || h.Assignee != "qian" || h.Status != safetybot.StatusRectifying {
				t.Errorf("changed by an out-of-scope staffer: %+v", h)
			}
		})
	}
}

// Within scope, and for the responsible person whoever he is, the same
// commands go through.
func TestHazardScopeAllowsOwnFieldAndAssignee(t *testing.T) {
	f := newFixture(t)
	f.converse([]step{
		{"admin", "授权 wang 工作人员 道路运输", nil, nil},
		{"admin", "授权 li 工作人员 公路运营", nil, nil},
		{"admin", "上报 隧道照明失效 领域:公路运营 期限:2026-12-01", []string{"YH2026-0001"}, nil},
		{"li", "指派 YH2026-0001 wang 期限:12月20日", []string{"已将 YH2026-0001 指派给 wang", "期限由 12月1日 改为 12月20日"}, nil},
		// wang is its responsible person: he records the rectification
		{"wang", "整改 YH2026-0001 已更换灯具，完成:是", []string{"待验收"}, nil},
		{"wang", "销号 YH2026-0001 验收通过", []string{"无权销号"}, nil},
		{"li", "销号 YH2026-0001 验收通过", []string{"YH2026-0001 已销号。"}, nil},
	})
}

// An unclassified hazard (领域 未分类) belongs to no 专班: a 专班 staffer is
// told to classify it first and how, and may do so (QA12 #2: 驳回 and 确认
// were refused with 「请联系该领域工作人员」, and no staff cover 未分类).
func TestHazardScopeUnclassified(t *testing.T) {
	f := newFixture(t)
	f.converse([]step{
		{"admin", "授权 wang 工作人员 道路运输", nil, nil},
		{"zhangsan", "上报 仓库门口堆放杂物", []string{"YH2026-0001"}, nil},
	})
	if d := f.hazard("YH2026-0001").Domain; d != "" {
		t.Fatalf("the report was classified as %q; the test needs an unclassified one", d)
	}
	f.converse([]step{
		{"wang", "确认 YH2026-0001", []string{"尚未分类", "「修改 YH2026-0001 领域:道路运输」", "再确认"}, []string{"请联系该领域工作人员", "已确认"}},
		{"wang", "驳回 YH2026-0001 重复上报", []string{"尚未分类", "「修改 YH2026-0001 领域:道路运输」", "再驳回"}, []string{"请联系该领域工作人员", "已驳回。"}},
		{"wang", "指派 YH2026-0001 zhao", []string{"尚未分类", "再指派"}, []string{"已将"}},
		{"wang", "修改 YH2026-0001 期限:12月20日", []string{"尚未分类", "「修改 YH2026-0001 领域:道路运输」"}, []string{"已修改"}},
		{"wang", "修改 YH2026-0001 领域:道路运输 期限:12月20日", []string{"已修改 YH2026-0001", "领域：— → 道路运输"}, nil},
		{"wang", "确认 YH2026-0001", []string{"已确认 YH2026-0001"}, nil},
	})
	// Classified into another field, it is that field's: the usual refusal.
	f.converse([]step{
		{"zhangsan", "上报 仓库门口堆放杂物二", []string{"YH2026-0002"}, nil},
		{"wang", "修改 YH2026-0002 领域:公路运营", []string{"已修改 YH2026-0002", "领域：— → 公路运营"}, nil},
		{"wang", "确认 YH2026-0002", []string{"属于「公路运营」领域", "无权确认"}, nil},
		// bureau-wide staff cover unclassified hazards as before
		{"admin", "授权 liu 工作人员", nil, nil},
		{"zhangsan", "上报 仓库门口堆放杂物三", []string{"YH2026-0003"}, nil},
		{"liu", "确认 YH2026-0003", []string{"已确认 YH2026-0003"}, nil},
	})
}

// 撤销 of one's own change within 30 minutes is still a change to the
// hazard: a staffer whose 专班 was taken away (撤权) or who no longer covers
// the hazard's field may not undo his 销号, 确认, 指派 or 驳回 of it, with
// inScope's words; within scope the undo goes through as before.
func TestUndoRechecksScope(t *testing.T) {
	tests := []struct {
		act, status string
	}{
		{"销号 YH2026-0001 验收通过", "已销号"},
		{"驳回 YH2026-0001 重复上报", "已驳回"},
		{"确认 YH2026-0001", "整改中"},
	}
	for _, tt := range tests {
		t.Run(tt.act, func(t *testing.T) {
			f := newFixture(t)
			f.converse([]step{
				{"admin", "授权 li 工作人员 公路运营", nil, nil},
				{"zhangsan", "上报 隧道照明失效 领域:公路运营", []string{"YH2026-0001"}, nil},
			})
			if tt.status == "已销号" {
				f.converse([]step{
					{"li", "确认 YH2026-0001", nil, nil},
					{"li", "指派 YH2026-0001 qian", nil, nil},
					{"qian", "整改 YH2026-0001 已更换灯具，完成:是", []string{"待验收"}, nil},
				})
			}
			f.converse([]step{
				{"li", tt.act, nil, nil},
				{"admin", "授权 li 工作人员 道路运输", nil, nil},
				{"admin", "撤权 li 工作人员 公路运营", nil, nil},
				{"li", "撤销 YH2026-0001", []string{"属于「公路运营」领域", "无权撤销"}, []string{"已撤销"}},
			})
			if got := f.hazard("YH2026-0001").Status; string(got) != tt.status {
				t.Errorf("status %s after a refused undo, want %s", got, tt.status)
			}
			f.converse([]step{
				{"admin", "授权 li 工作人员 公路运营", nil, nil},
				{"li", "撤销 YH2026-0001", []string{"撤销"}, []string{"无权"}},
			})
			if got := f.hazard("YH2026-0001").Status; string(got) == tt.status {
				t.Errorf("status still %s after an undo within scope", got)
			}
		})
	}
}
