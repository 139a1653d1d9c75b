package bot

import (
	"context"
	"slices"
	"testing"

	"safetybot"
	"safetybot/plan"
)

// withPlanEnd adds the plan-end duty (方案到期, for admins) as serve does.
func withPlanEnd(f *fixture) *fixture {
	f.t.Helper()
	d, r, ok := plan.EndDuty(plan.Default(), f.clock.Now())
	if !ok {
		f.t.Fatal("no plan-end duty")
	}
	if _, err := f.store.EnsureDuty(context.Background(), d, r); err != nil {
		f.t.Fatal(err)
	}
	return f
}

// QA report items 4 and 16: who may record a duty done. Staff prefix-matched
// the admins' 方案到期 (完成 方案) and closed it, and 方案 then said an admin
// had; staff limited to one working group recorded another group's study.
// A duty meant for admins alone is theirs to record, a working group's
// study is that group's (or bureau-wide staff's, leaders', admins'); a
// refusal says which duty was understood and that nothing was recorded.
func TestWhoMayRecordDuty(t *testing.T) {
	f := withPlanEnd(withDuties(newFixture(t)))
	ctx := context.Background()
	f.say("admin", "授权 zhaoke 工作人员")
	f.say("admin", "授权 liwei 工作人员 公路运营")
	f.say("admin", "授权 rail 工作人员 铁路沿线")
	f.say("admin", "授权 boss 领导")
	f.say("admin", "姓名 zhaoke 赵科")
	refused := []string{"已记录", "已补记", "本期剩余提醒"}
	f.converse([]step{
		// The admins' item, by prefix and by name.
		{user: "zhaoke", text: "完成 方案", want: []string{"「方案到期」", "只能由管理员", "未作登记"}, not: refused},
		{user: "zhaoke", text: "完成 方案到期 常态化职责已确认", want: []string{"「方案到期」", "只能由管理员", "未作登记"}, not: refused},
		{user: "boss", text: "done 方案到期", want: []string{"只能由管理员"}, not: refused},
		{user: "zhaoke", text: "方案", want: []string{"提醒管理员导入下一期方案"}, not: []string{"已确认"}},
		// Another working group's study.
		{user: "liwei", text: "完成 专班研究 铁路沿线 越权测试", want: []string{"「铁路沿线专班研究」", "公路运营工作专班", "未作登记"}, not: refused},
		{user: "liwei", text: "完成 铁路沿线专班研究 研究沿线隐患", want: []string{"「铁路沿线专班研究」", "未作登记"}, not: refused},
		{user: "liwei", text: "完成 专班研究 城市客运 日期:2026-11-20", want: []string{"「城市客运专班研究」", "未作登记"}, not: refused},
		{user: "rail", text: "完成 公路运营专班研究", want: []string{"「公路运营专班研究」", "铁路沿线工作专班", "未作登记"}, not: refused},
		// What each may record.
		{user: "liwei", text: "完成 专班研究 研究了冬季养护", want: []string{"已记录2026年11月「公路运营专班研究」完成：研究了冬季养护"}},
		{user: "liwei", text: "完成 专班研究 公路运营 补充研究", want: []string{"「公路运营专班研究」完成"}},
		{user: "liwei", text: "完成 年度总结 已报送县安委办", want: []string{"已记录2026年「年度总结」完成"}},
		{user: "zhaoke", text: "完成 专班研究 铁路沿线 研究沿线隐患", want: []string{"「铁路沿线专班研究」完成"}},
		{user: "boss", text: "完成 专班研究 城市客运 研究公交安全", want: []string{"「城市客运专班研究」完成"}},
		{user: "admin", text: "完成 方案 常态化职责已确认", want: []string{"已记录「方案到期」完成"}},
		{user: "zhaoke", text: "方案", want: []string{"方案到期（2026-12-31）：管理员已确认"}},
	})
	for _, tc := range []struct {
		duty, period string
		actors       []string
	}{
		{"group_study:railway", "2026-11", []string{"zhaoke"}},
		{"group_study:urban_transit", "2026-11", []string{"boss"}},
		{"group_study:highway_ops", "2026-11", []string{"liwei", "liwei"}},
		{plan.EndDutyKey + "2026-12-31", safetybot.PeriodOnce, []string{"admin"}},
	} {
		recs, err := f.store.DutyRecords(ctx, tc.duty, tc.period)
		if err != nil {
			t.Fatal(err)
		}
		var actors []string
		for _, r := range recs {
			actors = append(actors, r.Actor)
		}
		if !slices.Equal(actors, tc.actors) {
			t.Errorf("%s %s recorded by %v, want %v", tc.duty, tc.period, actors, tc.actors)
		}
	}
}

// A plan-end record left by staff before they were refused is not shown as
// an admin's confirmation: 方案 names who recorded it and how an admin
// takes it back.
func TestPlanEndRecordedByStaff(t *testing.T) {
	f := withPlanEnd(withDuties(newFixture(t)))
	f.say("admin", "授权 zhaoke 工作人员")
	f.say("admin", "姓名 zhaoke 赵科")
	if err := f.store.RecordDuty(context.Background(), safetybot.DutyRecord{
		Duty: plan.EndDutyKey + "2026-12-31", Period: safetybot.PeriodOnce, Actor: "zhaoke"}); err != nil {
		t.Fatal(err)
	}
	who := f.engine.name(context.Background(), "zhaoke")
	f.converse([]step{
		{user: "admin", text: "方案", want: []string{"方案到期（2026-12-31）：" + who + "登记已确认", "不是管理员", "完成 撤销 方案到期"}, not: []string{"管理员已确认"}},
		{user: "admin", text: "完成 撤销 方案到期", want: []string{"已撤销 " + who + " 登记的「方案到期」本期完成", "提醒将照常发送"}},
		{user: "admin", text: "方案", want: []string{"提醒管理员导入下一期方案"}, not: []string{"已确认"}},
	})
}
