package bot

import (
	"context"
	"strings"
	"testing"
)

func TestCleanUnitName(t *testing.T) {
	for _, c := range []struct{ typed, name, base, sub string }{
		{"县公路段", "县公路段", "县公路段", ""},
		{"“县公路段”", "县公路段", "县公路段", ""},
		{"‘县公路段’", "县公路段", "县公路段", ""},
		{"『县公路段』", "县公路段", "县公路段", ""},
		{"「 县公路段 」", "县公路段", "县公路段", ""},
		{"《县公路段》", "县公路段", "县公路段", ""},
		{"【县公路段】", "县公路段", "县公路段", ""},
		{"[县公路段]", "县公路段", "县公路段", ""},
		{"\"通达危货\"", "通达危货", "通达危货", ""},
		{"'通达危货'", "通达危货", "通达危货", ""},
		{"（通达危货）", "通达危货", "通达危货", ""},
		{"(通达危货)", "通达危货", "通达危货", ""},
		{"“（通达危货）”", "通达危货", "通达危货", ""},
		{"县　公路段", "县公路段", "县公路段", ""},
		{"通达\u200b危货", "通达危货", "通达危货", ""},
		{"Tongda Logistics", "Tongda Logistics", "Tongda Logistics", ""},
		{"县公路段(养护站)", "县公路段(养护站)", "县公路段", "养护站"},
		{"县公路段（养护站）", "县公路段（养护站）", "县公路段", "养护站"},
		{"“县公路段（养护站）”", "县公路段（养护站）", "县公路段", "养护站"},
		{"（县公路段）（养护站）", "（县公路段）（养护站）", "（县公路段）", "养护站"},
		{"“”", "", "", ""},
		{`<font color="warning">测试码头</font>`, "测试码头", "测试码头", ""},
		{"<b>“县公路段”</b>", "县公路段", "县公路段", ""},
		{"A<B公司", "A<B公司", "A<B公司", ""}, // no tag: refused by unitNameProblem, not cut
	} {
		name, base, sub := cleanUnitName(c.typed)
		if name != c.name || base != c.base || sub != c.sub {
			t.Errorf("cleanUnitName(%q) = %q, %q, %q; want %q, %q, %q", c.typed, name, base, sub, c.name, c.base, c.sub)
		}
	}
}

func TestUnitNameProblem(t *testing.T) {
	for _, c := range []struct {
		name string
		want string // "" for a plausible name, else a word of the reason
	}{
		{"县公路段", ""},
		{"沁水县通达危险货物运输有限公司", ""},
		{"G207线3号养护站", ""},
		{"Tongda Logistics", ""},
		{"县公路段（养护站）", ""},
		{"A&B物流", ""},
		{"@SUM(1+1)*cmd|'/C calc'", "表格公式"},
		{"=HYPERLINK(\"x\")", "表格公式"},
		{"+86码头", "表格公式"},
		{"-1+1", "表格公式"},
		{"测试码头|cmd", "「|」"},
		{"码头*2", "「*」"},
		{"A<B公司", "「<」"},
		{"###", "没有文字"},
		{"123", "没有文字"},
		{"……", "没有文字"},
	} {
		got := unitNameProblem(c.name)
		if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("unitNameProblem(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}

// fix9-10 #2: units typed with markup, as formulas or as a full name of a
// registered short one each became an enterprise next to the registered
// ones (企业 listed 5 for 2 registered); now 企业 lists the 2.
func TestJunkUnitsAreNoEnterprises(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.say("admin", "企业 测试码头 lisi")
	f.say("admin", "企业 某运输公司 wangwu")
	for _, text := range []string{
		`上报 码头护栏缺失 单位:<font color="warning">测试码头</font>`,
		"上报 码头照明不足 单位:@SUM(1+1)*cmd|'/C calc'",
		"上报 码头消防栓损坏 单位:测试码头有限公司", // asked 是/否, unanswered
		"上报 码头积水 单位:###",
		"检查 测试码头有限公司 总经理带队检查码头", // asked 是/否, unanswered
		"检查 @SUM(1+1) 总经理带队检查",
		"上报 码头护栏缺失，单位 领导已到场查看",    // fix10 #3: a clause, not a unit
		"上报 码头护栏缺失\n企业 负责人正在现场处置", // nor after a line break
	} {
		f.say("admin", text)
	}
	got, err := f.store.Enterprises(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range got {
		names = append(names, e.Name)
	}
	if strings.Join(names, "、") != "某运输公司、测试码头" {
		t.Errorf("enterprises %v, want 某运输公司、测试码头", names)
	}
	if reply := f.say("admin", "检查 测试码头有限公司 总经理带队检查码头"); !strings.Contains(reply, "是否指「测试码头」") {
		t.Errorf("检查 of a full name of a registered unit: %s", reply)
	}
}

// TestLooksLikeUnitName: what a spaced 单位 label takes (fix10 #3): names
// of units and their short forms, not clauses about a unit.
func TestLooksLikeUnitName(t *testing.T) {
	for _, c := range []struct {
		typed string
		want  bool
	}{
		{"县公路段", true},
		{"沁水县公路管理段", true},
		{"县公路段（养护站）", true},
		{"测试码头", true},
		{"通达危货", true},
		{"顺达客运", true},
		{"城关汽车站", true},
		{"某危险货物运输有限公司", true},
		{"县交通运输局", true},
		{"县安委办", true},
		{"综合行政执法大队", true},
		{"“县公路段”", true},
		{"领导已到场查看", false},
		{"负责人正在现场处置", false},
		{"人员已到现场", false},
		{"已停产整顿", false},
		{"该路段", false},
		{"护栏缺失多处", false},
		{"已督办", false},
		{"@SUM(1+1)*cmd", false},
		{"###", false},
		{"", false},
	} {
		if got := looksLikeUnitName(c.typed); got != c.want {
			t.Errorf("looksLikeUnitName(%q) = %v, want %v", c.typed, got, c.want)
		}
	}
}
