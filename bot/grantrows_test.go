package bot

import (
	"context"
	"testing"

	"safetybot"
)

// TestDayOneStaffList: the staff list of the five working groups pasted
// into 授权 on a fresh system, where nobody has a name yet (fix9 #9): a
// name beside a userid is recorded, a header row is skipped and named,
// each line of several is its own grant, a WPS row's name and userid are
// read from their cells, a short group name reads as 完成 reads it, and a
// role run on into its group is read.
func TestDayOneStaffList(t *testing.T) {
	f := newNamedFixture(t, &fakeBook{denied: true})
	f.converse([]step{
		{"admin", "授权 王强（wangqiang）　工作人员　公路运营专班", []string{"已授予 王强（wangqiang） 工作人员（公路运营工作专班）", "已按所写记为「王强」"}, []string{"不符"}},
		{"admin", "授权 姓名\t账号\t角色\t专班\n钱五\tqianwu\t工作人员\t公路运营专班",
			[]string{"表头「姓名 账号 角色 专班」已跳过", "已授予 钱五（qianwu） 工作人员（公路运营工作专班）"}, []string{"无法识别"}},
		{"admin", "授权 李明（liming） 工作人员 道路运输\n授权 郑六（zhengliu） 工作人员 道路运输",
			[]string{"第 1 行：已授予 李明（liming）", "第 2 行：已授予 郑六（zhengliu） 工作人员（道路（水上）运输工作专班）"}, []string{"无法识别"}},
		{"admin", "授权 孙七（sunqi） 工作人员 铁路沿线\n赵四（zhaosi） 工作人员 安监\n授权 周八（zhouba） 工作人员 水上交通",
			[]string{"第 1 行：已授予 孙七（sunqi）", "第 2 行：「赵四（zhaosi） 工作人员 安监」未授权：专班「安监」无法识别", "第 3 行：已授予 周八（zhouba）", "1 行未授权"}, nil},
		{"admin", "授权 zhaosi 工作人员 公路建设", []string{"已授予 zhaosi 工作人员（公路工程建设工作专班）"}, nil},
		{"admin", "授权 吴九（wujiu） 工作人员铁路沿线", []string{"已授予 吴九（wujiu） 工作人员（铁路沿线工作专班）"}, nil},
		// A line of one word is the line before's rest, as before.
		{"admin", "授权 chen 工作人员\n城市客运", []string{"已授予 chen 工作人员（城市客运工作专班）"}, []string{"第 2 行"}},
		// A name that differs from the one recorded is still refused.
		{"admin", "授权 王刚（wangqiang） 领导", []string{"账号 wangqiang 显示为「王强」", "不符"}, []string{"已授予"}},
		{"admin", "授权 姓名 账号 角色 专班", []string{"表头「姓名 账号 角色 专班」已跳过", "表头下没有人员"}, []string{"已授予"}},
	})
	ctx := context.Background()
	for id, want := range map[string]string{"wangqiang": "highway_ops", "qianwu": "highway_ops", "liming": "road_water",
		"zhengliu": "road_water", "sunqi": "railway", "zhaosi": "highway_construction", "wujiu": "railway"} {
		u, err := f.store.User(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(u.Grants) != 1 || u.Grants[0].Role != safetybot.RoleStaff || u.Grants[0].WorkingGroup != want {
			t.Errorf("%s holds %v, want staff of %s", id, u.Grants, want)
		}
	}
	if p, ok, err := f.store.PersonName(ctx, "qianwu"); err != nil || !ok || p.Set != "钱五" {
		t.Errorf("qianwu's name: %+v %v %v, want 钱五", p, ok, err)
	}
}
