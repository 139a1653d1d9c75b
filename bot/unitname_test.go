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
