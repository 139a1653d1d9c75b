package bot

import (
	"context"
	"testing"
)

// QA13 item 2: 「提醒 恢复 ９、１０」, 「提醒 暂停 9，10」 and 「提醒 暂停 #10，
// 提醒 恢复 9」 acted on the first rule only and named only it.
func TestRemindSeveral(t *testing.T) {
	tests := []struct {
		text   string
		want   []string
		not    []string
		paused map[int64]bool // the rules' state after the message
	}{
		{"提醒 暂停 9，10", []string{"已暂停提醒 2 条", "#9 ", "#10 ", "提醒 恢复 9、10"}, nil, map[int64]bool{9: true, 10: true}},
		{"提醒 暂停 ９、１０", []string{"已暂停提醒 2 条"}, nil, map[int64]bool{9: true, 10: true}},
		{"提醒 暂停 9 10 11", []string{"已暂停提醒 3 条", "#11 "}, nil, map[int64]bool{9: true, 10: true, 11: true}},
		{"提醒 暂停 9-11", []string{"已暂停提醒 3 条"}, nil, map[int64]bool{9: true, 10: true, 11: true, 12: false}},
		{"提醒 暂停 #10，提醒 恢复 9", []string{"已暂停提醒 1 条", "#10 ", "已恢复提醒 1 条", "#9 "}, nil, map[int64]bool{9: false, 10: true}},
		{"提醒 暂停 9、9999", []string{"已暂停提醒 1 条", "未能暂停 1 条", "没有编号为 9999"}, nil, map[int64]bool{9: true}},
		{"提醒 暂停 9，提醒 全部", []string{"只能单独发送", "未执行任何操作"}, []string{"已暂停"}, map[int64]bool{9: false}},
		{"提醒 暂停 9、十", []string{"应为数字", "未执行任何操作"}, []string{"已暂停"}, map[int64]bool{9: false}},
		{"提醒 暂停 1-500", []string{"一次最多操作 50 条"}, []string{"已暂停"}, map[int64]bool{1: false}},
		{"提醒 暂停 9", []string{"已暂停提醒 #9 "}, []string{"1 条"}, map[int64]bool{9: true}},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			f := withDuties(newFixture(t))
			ctx := context.Background()
			if tc.text == "提醒 暂停 #10，提醒 恢复 9" {
				f.say("admin", "提醒 暂停 9")
			}
			f.converse([]step{{user: "admin", text: tc.text, want: tc.want, not: tc.not}})
			rules, err := f.store.Rules(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rules {
				if want, ok := tc.paused[r.ID]; ok && r.Paused != want {
					t.Errorf("#%d paused=%v, want %v", r.ID, r.Paused, want)
				}
			}
		})
	}
}
