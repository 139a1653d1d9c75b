package safetybot

import "strings"

// enterpriseMarks are words that make a unit name an enterprise whatever
// else it says (县交通运输局下属的某某运输有限公司 is a company).
var enterpriseMarks = []string{"公司", "集团", "厂", "合作社", "项目部", "商行", "个体", "车队", "客运站", "汽车站", "货运场", "码头", "驾校"}

// governmentEnds are how the names of government bodies and public
// institutions end: bureaus, committees, offices, the highway sections,
// administration offices, enforcement brigades.
var governmentEnds = []string{"局", "委", "委员会", "政府", "人民政府", "办", "办公室", "段", "管理所", "运管所", "海事所", "派出所",
	"管理处", "大队", "支队", "中队", "执法中心", "服务中心", "事务中心", "管理中心", "监测中心", "治超站", "检查站", "超限站"}

// IsGovernmentBody reports whether a unit name names a government body or
// public institution (县交通运输局, 县公路段, 县运管所, 综合行政执法大队) rather
// than an enterprise: by its ending, unless it carries an enterprise word
// (公司, 集团, 项目部, 客运站…). Enterprise principals' quarterly inspections
// and their coverage count enterprises only. A name this cannot tell is an
// enterprise.
func IsGovernmentBody(name string) bool {
	name = strings.TrimSpace(name)
	// 县公路段（养护站）: judged by the name before a trailing bracket (qa5 #1).
	if i := strings.LastIndexAny(name, "(（【["); i > 0 && strings.ContainsAny(name[len(name)-1:], ")]") ||
		i > 0 && (strings.HasSuffix(name, "）") || strings.HasSuffix(name, "】")) {
		name = strings.TrimSpace(name[:i])
	}
	for _, m := range enterpriseMarks {
		if strings.Contains(name, m) {
			return false
		}
	}
	for _, e := range governmentEnds {
		if strings.HasSuffix(name, e) {
			return true
		}
	}
	return false
}

// IsEnterprise is the one rule for which units count as enterprises in the
// principals' quarterly inspections, their reminders and their coverage
// (the 企业 list, the report, the dashboard): an enterprise registered with
// 企业 <单位> <负责人> always counts; any other unit counts unless its name
// names a government body (IsGovernmentBody).
func IsEnterprise(name string, registered bool) bool {
	return registered || !IsGovernmentBody(name)
}
