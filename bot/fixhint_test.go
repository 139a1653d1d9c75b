package bot

import (
	"context"
	"testing"
	"time"

	"safetybot"
)

// fix10-10 #2: a hint names only a command its reader may run. An assignee
// who is not staff, past the 30 minutes to 撤销 his 整改, was told to use
// 修改, which refuses him.
func TestHintsNameCommandsTheSenderMayRun(t *testing.T) {
	f := newFixture(t)
	f.converse([]step{
		{"admin", "上报 码头护栏缺损 领域：水上交通", []string{"YH2026-0001"}, nil},
		{"admin", "确认 YH2026-0001", nil, nil},
		{"admin", "指派 YH2026-0001 worker1", nil, nil},
		{"worker1", "整改 YH2026-0001 已更换护栏 资金：5000元（含人工）", []string{"请发送「整改 YH2026-0001 资金:…」更正"}, []string{"「修改"}},
	})
	f.clock.Add(31 * time.Minute)
	f.converse([]step{
		{"worker1", "撤销 YH2026-0001", []string{"已超过 30 分钟", "请联系「水上交通」领域的工作人员更正"}, []string{"修改"}},
	})
}

// The other hints that named 修改 or 指派 to whoever sent the message: the
// answer to the unit question after the department confirmed the hazard,
// a pasted row whose 编号 is in the ledger, and the 责任单位/责任人 cell.
func TestHintsOfferOnlyPermittedCommands(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for _, en := range []safetybot.Enterprise{{Name: "沁水县通达危险货物运输有限公司"}, {Name: "沁水县通达客运有限公司"}} {
		if err := f.store.AddEnterprise(ctx, en, "admin"); err != nil {
			t.Fatal(err)
		}
	}
	f.converse([]step{
		{"zhangsan", "上报 车辆动态监控离线，单位：通达，领域：道路运输", []string{"是否指「"}, nil},
		{"admin", "确认 YH2026-0001", nil, nil},
		{"zhangsan", "否", []string{"是否指「"}, nil},
		{"zhangsan", "否", []string{"按所写登记为「通达」。如需更正，联系「道路运输」领域的工作人员。"}, []string{"修改"}},
		{"admin", "指派 YH2026-0001 worker1", nil, nil},
		{"worker1", "上报 YH2026-0001", []string{"要更正请联系「道路运输」领域的工作人员"}, []string{"修改"}},
		{"admin", "上报 YH2026-0001", []string{"要更正请发送「修改 YH2026-0001 字段:值」"}, nil},
		{"zhangsan", "上报\n隐患名称/描述\t所属单位\t责任单位/责任人\t行业领域\n渡船消防器材过期\t县渡口管理站\t刘总\t水上交通",
			[]string{"责任人由工作人员用「指派 <编号> <责任人>」指定"}, nil},
	})
}

// QA16 #9b: a hazard not yet put in a field sent whoever could not correct
// it to 「联系「相关」领域的工作人员」, a field that does not exist; it is
// the bureau's staff.
func TestHintsForHazardWithoutField(t *testing.T) {
	for _, tc := range []struct {
		name    string
		confirm bool
		wait    time.Duration
		steps   []step
	}{
		{name: "reporter after 确认", confirm: true, steps: []step{
			{"zhangsan", "修改 YH2026-0001 地点:K12+300", []string{"已经部门确认，上报人不能再修改；请联系局里的工作人员更正。"}, []string{"相关"}}}},
		{name: "reporter past 30 minutes", wait: 31 * time.Minute, steps: []step{
			{"zhangsan", "修改 YH2026-0001 地点:K12+300", []string{"上报已超过 30 分钟，请联系局里的工作人员更正 YH2026-0001。"}, []string{"相关"}}}},
		{name: "assignee pastes its number", confirm: true, steps: []step{
			{"worker1", "上报 YH2026-0001", []string{"要更正请联系局里的工作人员"}, []string{"相关", "修改"}}}},
		{name: "assignee undoes late", confirm: true, steps: []step{
			{"worker1", "整改 YH2026-0001 已设置警示牌 资金:5000元", nil, nil},
			{"", "", nil, nil}, // the clock moves here
			{"worker1", "撤销 YH2026-0001", []string{"请联系局里的工作人员更正"}, []string{"相关"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.converse([]step{{"zhangsan", "上报 护网缺口", []string{"YH2026-0001", "领域：未填"}, nil}})
			if tc.confirm {
				f.converse([]step{{"admin", "确认 YH2026-0001", nil, nil}, {"admin", "指派 YH2026-0001 worker1", nil, nil}})
			}
			f.clock.Add(tc.wait)
			for _, s := range tc.steps {
				if s.user == "" {
					f.clock.Add(31 * time.Minute)
					continue
				}
				f.converse([]step{s})
			}
		})
	}
}
