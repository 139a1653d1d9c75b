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

// TestStaffListShapes: the shapes of staff list testers pasted into 授权
// that were refused (fix10 #1), each in a fresh system where liqiang is
// 李强: a WPS table with a 序号 column (its number was read as the
// account), a second line of only 名字（userid），领导 (glued onto the first
// as its 专班), a name in quote marks (the quotes were part of the name, or
// 」 the role), and a table of 姓名 and userid with the role on the 授权
// line, or nowhere, when the role is asked for and nothing is granted.
func TestStaffListShapes(t *testing.T) {
	for _, tc := range []struct {
		name, msg string
		want, not []string
		grants    map[string]safetybot.Role // userid → the one role held afterwards; "" none
	}{
		{"序号 column", "授权 序号\t姓名\t账号\t角色\n1\t张三\tzhangsan\t工作人员\n2\t李四\tlisi\t领导",
			[]string{"表头「序号 姓名 账号 角色」已跳过", "第 1 行：已授予 张三（zhangsan） 工作人员", "第 2 行：已授予 李四（lisi） 领导"}, []string{"无法识别", "未授权"},
			map[string]safetybot.Role{"zhangsan": safetybot.RoleStaff, "lisi": safetybot.RoleLeader, "1": "", "2": ""}},
		{"序号 column with 专班, trailing cell empty", "授权\n序号\t姓名\t账号\t角色\t专班\n1\t张三\tzhangsan\t工作人员\t铁路沿线\n2\t李四\tlisi\t工作人员",
			[]string{"第 1 行：已授予 张三（zhangsan） 工作人员（铁路沿线工作专班）", "第 2 行：已授予 李四（lisi） 工作人员 角色"}, []string{"未授权"},
			map[string]safetybot.Role{"zhangsan": safetybot.RoleStaff, "lisi": safetybot.RoleStaff}},
		{"second line 名字（id），领导", "授权 王五（wangwu） 工作人员\n孙总（sunzong），领导",
			[]string{"第 1 行：已授予 王五（wangwu） 工作人员 角色", "第 2 行：已授予 孙总（sunzong） 领导"}, []string{"无法识别"},
			map[string]safetybot.Role{"wangwu": safetybot.RoleStaff, "sunzong": safetybot.RoleLeader}},
		{"name in “”", "授权 “李强” 工作人员", []string{"已授予 李强（liqiang） 工作人员", "「李强」按姓名识别为 李强（liqiang）"}, []string{"“"},
			map[string]safetybot.Role{"liqiang": safetybot.RoleStaff}},
		{"名字（id） in 「」", "授权 「李强（liqiang）」 领导", []string{"已授予 李强（liqiang） 领导"}, []string{"」」", "无法识别"},
			map[string]safetybot.Role{"liqiang": safetybot.RoleLeader}},
		{"名字（id） in “” run on", "授权 “李强（liqiang）”工作人员", []string{"已授予 李强（liqiang） 工作人员"}, nil,
			map[string]safetybot.Role{"liqiang": safetybot.RoleStaff}},
		{"role on the 授权 line over 姓名 userid", "授权 工作人员\n姓名\tuserid\n张三\tzhangsan\n李四\tlisi",
			[]string{"表头「姓名 userid」已跳过", "未写角色的人按第一行授予「工作人员」", "第 1 行：已授予 张三（zhangsan） 工作人员", "第 2 行：已授予 李四（lisi） 工作人员"}, []string{"未授权"},
			map[string]safetybot.Role{"zhangsan": safetybot.RoleStaff, "lisi": safetybot.RoleStaff}},
		{"role and 专班 on the 授权 line over userids", "授权 工作人员 城市客运\nzhangsan\n李四 lisi",
			[]string{"第 1 行：已授予 zhangsan 工作人员（城市客运工作专班）", "第 2 行：已授予 李四（lisi） 工作人员（城市客运工作专班）"}, []string{"未授权"},
			map[string]safetybot.Role{"zhangsan": safetybot.RoleStaff, "lisi": safetybot.RoleStaff}},
		{"no role anywhere, with a header", "授权 姓名\tuserid\n张三\tzhangsan\n李四\tlisi",
			[]string{"表头「姓名 userid」已跳过", "表中没有写角色，未授权", "请问授予他们什么角色", "授权 工作人员"}, []string{"已授予"},
			map[string]safetybot.Role{"zhangsan": "", "lisi": ""}},
		{"no role anywhere, without a header", "授权\n张三\tzhangsan\n李四\tlisi",
			[]string{"表中没有写角色，未授权", "请问授予他们什么角色"}, []string{"已授予"},
			map[string]safetybot.Role{"zhangsan": "", "lisi": ""}},
		// Quote marks around a name are no part of it (qa14 #1: saved as
		// “刘一”; a table cell “李强” made （LiQiang） the role).
		{"quoted name beside a userid", "授权 “刘一” liuyi 工作人员", []string{"已授予 刘一（liuyi） 工作人员", "已按所写记为「刘一」"}, []string{"“", "”"},
			map[string]safetybot.Role{"liuyi": safetybot.RoleStaff}},
		{"quoted name（userid）", "授权 “刘一”（liuyi） 领导", []string{"已授予 刘一（liuyi） 领导", "已按所写记为「刘一」"}, []string{"“", "无法识别"},
			map[string]safetybot.Role{"liuyi": safetybot.RoleLeader}},
		{"quoted name cell under a header", "授权 姓名\t账号\t角色\n“王平”\tWangPing\t工作人员\n\"赵六\"\tzhaoliu\t领导",
			[]string{"第 1 行：已授予 王平（WangPing） 工作人员", "第 2 行：已授予 赵六（zhaoliu） 领导"}, []string{"“", "\"", "无法识别", "未授权"},
			map[string]safetybot.Role{"WangPing": safetybot.RoleStaff, "zhaoliu": safetybot.RoleLeader}},
		{"quoted name cell under 序号", "授权 序号\t姓名\t账号\t角色\n1\t\"王平\"\tWangPing\t工作人员",
			[]string{"已授予 王平（WangPing） 工作人员"}, []string{"\"", "无法识别", "未授权"},
			map[string]safetybot.Role{"WangPing": safetybot.RoleStaff}},
		{"quoted name cell, no header", "授权 “王平”\tWangPing\t工作人员", []string{"已授予 王平（WangPing） 工作人员"}, []string{"“", "无法识别"},
			map[string]safetybot.Role{"WangPing": safetybot.RoleStaff}},
		// A line may name the role first (qa14 #2: refused).
		{"role first", "授权 领导 孙总（sunzong）", []string{"已授予 孙总（sunzong） 领导"}, []string{"无法识别"},
			map[string]safetybot.Role{"sunzong": safetybot.RoleLeader}},
		{"role first with a colon", "授权 领导：周局（zhouju）", []string{"已授予 周局（zhouju） 领导"}, []string{"请写明"},
			map[string]safetybot.Role{"zhouju": safetybot.RoleLeader}},
		{"role first, userid and 专班", "授权 工作人员 zhangsan 城市客运", []string{"已授予 zhangsan 工作人员（城市客运工作专班）"}, []string{"无法识别"},
			map[string]safetybot.Role{"zhangsan": safetybot.RoleStaff}},
		{"role first, several lines", "授权 领导 孙总（sunzong）\n工作人员：王五（wangwu）\n李四（lisi），受理人",
			[]string{"第 1 行：已授予 孙总（sunzong） 领导", "第 2 行：已授予 王五（wangwu） 工作人员", "第 3 行：已授予 李四（lisi） 受理人"}, []string{"未授权", "按第一行"},
			map[string]safetybot.Role{"sunzong": safetybot.RoleLeader, "wangwu": safetybot.RoleStaff, "lisi": safetybot.RoleHandler}},
		// A first line of separators only is no role line (it panicked).
		{"a first line of a comma", "授权 ，\nzhangsan 工作人员\nlisi 领导", []string{"已授予 zhangsan 工作人员", "已授予 lisi 领导"}, nil,
			map[string]safetybot.Role{"zhangsan": safetybot.RoleStaff, "lisi": safetybot.RoleLeader}},
		// A first line whose person's name begins with a role is a grant.
		{"a person named 领导…", "授权 领导小组（lingdao） 工作人员\n孙总（sunzong），领导",
			[]string{"第 1 行：已授予 领导小组（lingdao） 工作人员", "第 2 行：已授予 孙总（sunzong） 领导"}, []string{"按第一行"},
			map[string]safetybot.Role{"lingdao": safetybot.RoleStaff, "sunzong": safetybot.RoleLeader}},
		// Under a role line a userid is no role: admin is an account.
		{"userid admin under a role line", "授权 工作人员\n张三 admin2\n李四 admin",
			[]string{"已授予 张三（admin2） 工作人员", "已授予 李四（admin） 工作人员"}, []string{"管理员 角色"},
			map[string]safetybot.Role{"admin2": safetybot.RoleStaff}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newNamedFixture(t, &fakeBook{denied: true})
			f.say("admin", "姓名 liqiang 李强")
			f.converse([]step{{"admin", tc.msg, tc.want, tc.not}})
			for id, want := range tc.grants {
				u, err := f.store.User(context.Background(), id)
				if err != nil {
					t.Fatal(err)
				}
				if want == "" && len(u.Grants) > 0 || want != "" && (len(u.Grants) != 1 || u.Grants[0].Role != want) {
					t.Errorf("%s holds %v, want %q", id, u.Grants, want)
				}
			}
		})
	}
}

// TestStaffListWithoutGrant: a staff table pasted without 授权, its header
// beginning 姓名, is not the 姓名 command (qa14 #3: 「账号」不是企业微信账号):
// the reply says it looks like a staff list and to send it after 授权, and
// nothing is granted or named.
func TestStaffListWithoutGrant(t *testing.T) {
	for _, msg := range []string{
		"姓名\t账号\t角色\n张三\tzhangsan\t工作人员\n李四\tlisi\t领导",
		"姓名\tuserid\t角色\t专班\n张三\tzhangsan\t工作人员\t城市客运",
		"姓名 账号\n张三 zhangsan",
		"序号\t姓名\t账号\t角色\n1\t张三\tzhangsan\t工作人员", // QA15 #4: WPS tables start with 序号
	} {
		t.Run(msg, func(t *testing.T) {
			f := newFixture(t)
			f.converse([]step{{"admin", msg, []string{"这看起来是一张人员名单", "不是「姓名」命令，未执行", "请在名单前加「授权」再发送"}, []string{"不是企业微信账号", "已授予", "已设置"}}})
			u, err := f.store.User(context.Background(), "zhangsan")
			if err != nil {
				t.Fatal(err)
			}
			if len(u.Grants) > 0 {
				t.Errorf("zhangsan holds %v", u.Grants)
			}
		})
	}
	f := newFixture(t) // 姓名 itself still sets a name
	f.converse([]step{{"admin", "姓名 zhangsan 张三", []string{"张三"}, []string{"人员名单"}}})
}
