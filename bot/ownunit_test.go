package bot

import (
	"context"
	"testing"

	"safetybot"
)

// QA13 item 4: a principal typing 本企业 was refused and told to type the
// name; with one enterprise it is that one, with several he is asked.
func TestInspectionOwnEnterprise(t *testing.T) {
	f := newFixture(t)
	f.converse([]step{
		{"admin", "企业 沁水县通达危险货物运输有限公司 boss_li", nil, nil},
		{"admin", "企业 沁水县顺达客运有限公司 boss_wang", nil, nil},
		{"admin", "企业 沁水县顺达物流有限公司 boss_wang", nil, nil},
		{"boss_li", "检查 本企业，总经理带队检查车辆动态监控", []string{"已记录 沁水县通达危险货物运输有限公司（按「本企业」匹配）"}, []string{"只能登记", "未作记录"}},
		{"boss_li", "检查 我公司 带队检查停车场消防设施", []string{"已记录 沁水县通达危险货物运输有限公司", "本季度第 2 次"}, nil},
		{"boss_wang", "检查 本单位 总经理带队检查", []string{"单位「本单位」是否指「沁水县顺达客运有限公司」", "沁水县顺达物流有限公司", "回复后才登记"}, []string{"已记录"}},
		{"boss_wang", "否", []string{"沁水县顺达物流有限公司"}, []string{"已记录"}},
		{"boss_wang", "是", []string{"已记录 沁水县顺达物流有限公司"}, nil},
		{"stranger", "检查 本企业 带队检查", []string{"「本企业」指哪家单位", "请写明单位名称", "未登记检查"}, []string{"已记录"}},
	})
	recs, err := f.store.DutyRecords(context.Background(), safetybot.DutyInspection, safetybot.Quarter(f.clock.Now()))
	if err != nil {
		t.Fatal(err)
	}
	units := map[string]int{}
	for _, r := range recs {
		units[r.Unit]++
	}
	if units["沁水县通达危险货物运输有限公司"] != 2 || units["沁水县顺达物流有限公司"] != 1 || len(units) != 2 {
		t.Errorf("inspections recorded: %v", units)
	}
}
