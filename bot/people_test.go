package bot

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"safetybot"
)

// TestTypedPeopleAreKnownAccounts: the person a command names is read as the
// account the ledger knows (qa6a #2, #8, #12; qa6b #5). WeCom userids are
// case-insensitive, so Zhangsan, ZHAO and LI are the accounts already there,
// not second people; a name is read as its account when exactly one person
// has it; an account never seen is accepted with a warning; and a name that
// is no one's, or several people's, is refused before anything is stored.
func TestTypedPeopleAreKnownAccounts(t *testing.T) {
	f := withDuties(newNamedFixture(t, &fakeBook{denied: true}))
	f.converse([]step{
		{"admin", "授权 zhao 工作人员 道路运输", []string{"已授予 zhao 工作人员（道路（水上）运输工作专班）"}, nil},
		{"admin", "授权 li 工作人员", nil, nil},
		{"admin", "姓名 wang 王强", []string{"已设置"}, nil},
		{"admin", "姓名 sunzong 孙局长", []string{"已设置"}, nil},
		{"li", "上报 K12+300 护栏缺失 领域:公路运营", []string{"YH2026-0001"}, nil},
		{"admin", "指派 YH2026-0001 zhangsan", []string{"指派给 zhangsan"}, nil},
		{"admin", "指派 YH2026-0001 li", nil, nil},
		{"admin", "指派 YH2026-0001 zhangsan", nil, nil},
	})
	f.converse([]step{
		// Upper and lower case name one account.
		{"admin", "授权 ZHAO 工作人员", []string{"已授予 zhao 工作人员 角色", "不再只限", "不区分大小写，「ZHAO」即 zhao"}, []string{"已授予 ZHAO"}},
		{"admin", "授权 LI 领导", []string{"已授予 li 领导", "「LI」即 li"}, nil},
		{"li", "摘要", nil, []string{"仅限领导"}},
		{"admin", "撤权 Li 领导", []string{"已撤销 li 的 领导 角色"}, nil},
		{"admin", "指派 YH2026-0001 Zhangsan", []string{"已由 zhangsan 负责", "「Zhangsan」即 zhangsan"}, []string{"改派", "不再负责"}},
		{"zhangsan", "整改 YH2026-0001 护栏已订货", []string{"已记录"}, []string{"只有工作人员或该隐患的责任人"}},
		{"admin", "姓名 WANG 王强", []string{"已设置：wang 显示为「王强」"}, []string{"已设置：WANG"}},
		// An account never seen is stored with a warning.
		{"admin", "指派 YH2026-0001 nobody_xyz", []string{"指派给 nobody_xyz", "系统中还没有账号 nobody_xyz 的任何记录", "请核对"}, nil},
		{"admin", "授权 nobody_abc 受理人", []string{"已授予 nobody_abc 受理人", "请核对"}, nil},
		// 提醒 对象:用户: takes a userid in any case or a person's name.
		{"admin", "提醒 添加 0 9 * * 1 周例会 对象:用户:孙局长 名称:x1", []string{"已添加提醒", "发给孙局长（sunzong）", "「孙局长」按姓名识别为 孙局长（sunzong）"}, nil},
		{"admin", "提醒 添加 0 9 * * 1 周例会 对象:用户:WANG,领导 名称:x2", []string{"已添加提醒", "发给王强（wang）、领导", "「WANG」即 王强（wang）"}, nil},
		{"admin", "提醒 添加 0 9 * * 1 周例会 对象:用户:不存在的人 名称:x3", []string{"「不存在的人」不是企业微信账号", "也不是已知人员的姓名", "提醒未添加"}, []string{"已添加"}},
		{"admin", "提醒 添加 0 9 * * 1 周例会 对象:用户:nobody_q 名称:x4", []string{"已添加提醒", "发给nobody_q", "请核对"}, nil},
		// Two people called 王强: a name alone is refused, and said apart.
		{"admin", "姓名 li 王强", []string{"已设置：li 显示为「王强」", "注意：wang 也显示为「王强」", "姓名 li 王强（科室）"}, nil},
		{"admin", "提醒 添加 0 9 * * 1 周例会 对象:用户:王强 名称:x5", []string{"有 2 人叫「王强」", "王强（li）", "王强（wang）", "请写明 userid", "提醒未添加"}, []string{"已添加"}},
		{"admin", "指派 YH2026-0001 王强", []string{"有 2 人叫「王强」"}, []string{"已将"}},
		// QA7a item 6: the bot's own 名字（userid） is read as that account
		// when the name matches, and refused when it does not.
		{"admin", "提醒 添加 0 9 * * 1 周例会 对象:用户:王强（wang） 名称:x6", []string{"已添加提醒", "发给王强（wang）"}, []string{"不是企业微信账号"}},
		{"admin", "指派 YH2026-0001 王强（li）", []string{"指派给 王强（li）"}, []string{"不是企业微信账号"}},
		{"admin", "授权 王强(WANG) 受理人", []string{"已授予 王强（wang） 受理人", "「WANG」即 王强（wang）"}, nil},
		{"admin", "撤权 王强（wang） 受理人", []string{"已撤销 王强（wang） 的 受理人 角色"}, nil},
		{"admin", "授权 孙局长（wang） 受理人", []string{"账号 wang 显示为「王强」", "与所写的姓名「孙局长」不符", "未执行"}, []string{"已授予"}},
		{"admin", "指派 YH2026-0001 王强（nobody_r）", []string{"账号 nobody_r 显示为（没有设置姓名）", "不符"}, []string{"已将"}},
		{"admin", "授权 wang 工作人员", nil, nil},
		{"admin", "授权 wang 工作人员", []string{"王强（wang） 已有 工作人员 角色"}, nil},
		{"admin", "撤权 li 受理人", []string{"王强（li） 没有 受理人 角色"}, nil},
		{"wang", "完成 年度总结 已报送", []string{"已记录"}, nil},
		{"admin", "完成 撤销 年度总结", []string{"已撤销 王强（wang） 登记的「年度总结」"}, nil},
	})
	ctx := context.Background()
	// User reads roles in any case (fix10 #3), so the rows are looked at.
	grants, err := f.store.Grants(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range grants {
		if slices.Contains([]string{"ZHAO", "LI", "Zhangsan", "WANG"}, g.UserID) {
			t.Errorf("%s holds %v: a second person beside %s", g.UserID, g, strings.ToLower(g.UserID))
		}
	}
	rules, err := f.store.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		if r.Kind == safetybot.RuleCustom && strings.Contains(r.Audience, "user:") && !strings.Contains(r.Audience, "user:sunzong") &&
			!strings.Contains(r.Audience, "user:wang") && !strings.Contains(r.Audience, "user:nobody_q") {
			t.Errorf("rule %s stored for %q", r.Name, r.Audience)
		}
	}
}

// TestSplitNameID: 名字（userid） as NameWithID writes it, the account being
// the last item in the last pair of brackets; brackets that end in no
// userid are part of a name.
func TestSplitNameID(t *testing.T) {
	for _, tc := range []struct {
		typed, name, id string
		ok              bool
	}{
		{"王强（wang）", "王强", "wang", true},
		{"王强(li)", "王强", "li", true},
		{"王强 （ wang ）", "王强", "wang", true},
		{"孙总（局长，sunzong）", "孙总（局长）", "sunzong", true},
		{"孙总(局长, sunzong)", "孙总（局长）", "sunzong", true},
		{"孙总（局长）", "", "", false},
		{"王强", "", "", false},
		{"（wang）", "", "", false},
		{"wang", "", "", false},
	} {
		name, id, ok := splitNameID(tc.typed)
		if name != tc.name || id != tc.id || ok != tc.ok {
			t.Errorf("splitNameID(%q) = %q, %q, %v; want %q, %q, %v", tc.typed, name, id, ok, tc.name, tc.id, tc.ok)
		}
	}
}

// TestPersonArg: the person a command names is one word as typed, the
// bot's own 名字（备注，userid） included although the reader splits words at
// its comma (fix9 #1), and a person run on into the next word past the
// closing bracket is two (QA8 #4); the words after it keep their offsets.
func TestPersonArg(t *testing.T) {
	now := time.Date(2026, 11, 28, 10, 0, 0, 0, safetybot.Shanghai)
	for _, tc := range []struct {
		text string
		at   int
		want []string
		rest string // rest(at+1)
	}{
		{"孙总（局长，sunzong） 工作人员", 0, []string{"孙总（局长，sunzong）", "工作人员"}, "工作人员"},
		{"孙总（局长，sunzong）工作人员", 0, []string{"孙总（局长，sunzong）", "工作人员"}, "工作人员"},
		{"孙总(局长,sunzong)领导", 0, []string{"孙总(局长,sunzong)", "领导"}, "领导"},
		{"孙总（局长、 sunzong）工作人员 公路运营", 0, []string{"孙总（局长、sunzong）", "工作人员", "公路运营"}, "工作人员 公路运营"},
		{"王强（wang）工作人员 公路运营", 0, []string{"王强（wang）", "工作人员", "公路运营"}, "工作人员 公路运营"},
		{"王强（wang），工作人员", 0, []string{"王强（wang）", "工作人员"}, "工作人员"},
		{"wang，工作人员", 0, []string{"wang", "工作人员"}, "工作人员"},
		{"wang 工作人员", 0, []string{"wang", "工作人员"}, "工作人员"},
		{"孙总（局长，sunzong 工作人员", 0, []string{"孙总（局长", "sunzong", "工作人员"}, "sunzong 工作人员"},
		{"a）b", 0, []string{"a）b"}, ""},
		{"YH2026-0001 给 孙总（局长，sunzong）", 2, []string{"YH2026-0001", "给", "孙总（局长，sunzong）"}, ""},
	} {
		a := readArgs(tc.text, fields(), now)
		a.personArg(tc.at)
		if !slices.Equal(a.Words, tc.want) || a.rest(tc.at+1) != tc.rest {
			t.Errorf("personArg(%q, %d): %q, rest %q; want %q, rest %q", tc.text, tc.at, a.Words, a.rest(tc.at+1), tc.want, tc.rest)
		}
	}
	if got := fieldsOutsideBrackets("用户:孙总（局长，sunzong），领导、用户:wang", func(r rune) bool { return r == '，' || r == '、' }); !slices.Equal(got, []string{"用户:孙总（局长，sunzong）", "领导", "用户:wang"}) {
		t.Errorf("fieldsOutsideBrackets: %q", got)
	}
}

// TestPersonWithNoteInBrackets: 名字（备注，userid）, as the bot writes a
// person whose name ends in brackets, names that account wherever a person
// is named (fix9 #1: 授权 孙总（局长，sunzong）工作人员 was refused with
// 角色「sunzong）工作…」无法识别), and 名字（userid） run on into the role
// too (QA8 #4); commas outside the brackets still separate.
func TestPersonWithNoteInBrackets(t *testing.T) {
	f := withDuties(newNamedFixture(t, &fakeBook{denied: true}))
	f.converse([]step{
		{"admin", "姓名 wang 王强", []string{"已设置"}, nil},
		{"admin", "姓名 sunzong 孙总（局长）", []string{"已设置"}, nil},
		{"admin", "授权 王强（wang）工作人员", []string{"已授予", "wang"}, []string{"请写明 userid 和角色"}},
		{"admin", "撤权 王强（wang）工作人员", []string{"wang"}, []string{"请写明 userid 和角色"}},
		{"admin", "授权 王强（wang）工作人员 公路运营", []string{"已授予 王强（wang） 工作人员（公路运营工作专班）"}, []string{"内部错误"}},
		{"admin", "授权 孙总（局长，sunzong）工作人员", []string{"已授予 孙总（局长，sunzong） 工作人员 角色"}, []string{"无法识别"}},
		{"admin", "撤权 孙总（局长，sunzong） 工作人员", []string{"已撤销 孙总（局长，sunzong） 的 工作人员 角色"}, nil},
		{"admin", "授权 孙总(局长,sunzong)，领导", []string{"已授予 孙总（局长，sunzong） 领导 角色"}, nil},
		{"admin", "授权 孙总（副局长，sunzong） 受理人", []string{"显示为「孙总（局长）」", "不符", "未执行"}, []string{"已授予"}},
		{"wang", "上报 K12+300 护栏缺失 领域:公路运营", []string{"YH2026-0001"}, nil},
		{"admin", "指派 YH2026-0001 孙总（局长，sunzong） 期限:12月5日", []string{"指派给 孙总（局长，sunzong）"}, []string{"不是企业微信账号"}},
		{"admin", "指派 YH2026-0001 给 王强（wang）", []string{"指派给 王强（wang）"}, nil},
		{"admin", "姓名 孙总（局长，sunzong） 孙总（副局长）", []string{"已设置：sunzong 显示为「孙总（副局长）」"}, nil},
		{"admin", "提醒 添加 0 9 * * 1 周例会 对象:用户:孙总（副局长，sunzong），领导 名称:x1", []string{"已添加提醒", "发给孙总（副局长，sunzong）、领导"}, []string{"未添加"}},
	})
}
