package bot

import (
	"slices"
	"strings"
	"time"

	"safetybot"
)

// fieldSpec is one field a command accepts: its canonical key, the names
// staff write for it, and how far its value runs.
type fieldSpec struct {
	key   string   // canonical key, e.g. 等级
	names []string // synonyms, the English alias last
	// fits reports whether v is the whole value. For a field with a closed
	// form (a date, a grade, 是/否, an amount) the reader tries the value up
	// to the separator, then fewer and fewer words, and gives the words that
	// do not fit back to the free text ("等级:重大 护栏缺失"). nil: free text,
	// which may hold spaces ("地点：龙港隧道 2号洞口").
	fits func(v string, now time.Time) bool
	// list: the value is a list whose items are separated by commas or 、
	// (对象:领导,群:安全群), so only ；。 and line breaks end it.
	list bool
	// prose: a sentence (措施:更换护栏，增设警示标志), so commas and 、 do
	// not end it either; a key after them still does.
	prose bool
}

// oneWord fits a value without spaces: a domain, a source.
func oneWord(v string, _ time.Time) bool { return v != "" && !strings.Contains(v, " ") }

// fitsDate: a date, or an extension of the deadline (期限 延长15天).
func fitsDate(v string, now time.Time) bool {
	_, err := parseDate(v, now)
	_, extends := extension(v)
	return err == nil || extends
}
func fitsGrade(v string, _ time.Time) bool  { _, err := parseGrade(v); return err == nil }
func fitsYesNo(v string, _ time.Time) bool  { _, ok := yesNoWord(v); return ok }
func fitsAmount(v string, _ time.Time) bool { _, err := safetybot.ParseYuan(v); return err == nil }
func fitsPercent(v string, _ time.Time) bool {
	_, err := parsePercent(v)
	return err == nil
}

// fieldTable is every field the commands read, with the names county staff
// use for them (issue 9: 等级/级别/隐患等级…). Help lists them from here.
var fieldTable = []fieldSpec{
	{key: "描述", names: []string{"隐患名称", "隐患描述", "隐患内容", "隐患情况", "问题描述", "存在问题", "发现问题", "隐患", "问题", "内容", "情况", "说明", "备注", "description"}, prose: true},
	{key: "单位", names: []string{"所属单位", "所属企业", "责任单位", "企业名称", "单位名称", "企业", "公司", "unit"}},
	{key: "领域", names: []string{"行业领域", "所属领域", "所属行业", "行业", "domain"}, fits: oneWord},
	{key: "等级", names: []string{"隐患等级", "隐患级别", "级别", "grade"}, fits: fitsGrade},
	{key: "期限", names: []string{"整改期限", "整改时限", "完成时限", "完成期限", "整改时间", "截止时间", "截止日期", "时限", "deadline"}, fits: fitsDate},
	{key: "地点", names: []string{"具体位置", "具体地点", "位置", "路段", "地址", "桩号", "location"}},
	{key: "来源", names: []string{"发现来源", "隐患来源", "发现方式", "source"}, fits: oneWord},
	{key: "原因", names: []string{"产生原因", "隐患原因", "原因分析", "cause"}, prose: true},
	{key: "依据", names: []string{"判定依据", "认定依据", "basis"}, prose: true},
	{key: "管控", names: []string{"临时管控措施", "临时管控", "管控措施", "临时措施", "interim"}, prose: true},
	{key: "停产", names: []string{"是否停产停业", "是否停产", "停产停业", "halted"}, fits: fitsYesNo},
	{key: "措施", names: []string{"整改措施", "处理措施", "measures"}, prose: true},
	{key: "资金", names: []string{"整改资金", "整改费用", "投入资金", "资金投入", "费用", "funds"}, fits: fitsAmount},
	{key: "督办", names: []string{"挂牌督办", "督办情况", "supervision"}, prose: true},
	{key: "完成", names: []string{"是否完成", "整改完成", "done"}, fits: fitsYesNo},
	// 仍销号 closes a hazard a colleague has just sent back (closeguard.go).
	{key: "仍销号", names: []string{"仍要销号", "坚持销号", "force"}, fits: fitsYesNo},
	{key: "完成度", names: []string{"完成比例", "完成率", "进度", "progress"}, fits: fitsPercent},
	{key: "对象", names: []string{"to"}, list: true},
	{key: "名称", names: []string{"name"}},
	{key: "罚款", names: []string{"罚款金额", "fine"}, fits: fitsAmount},
	{key: "隐患", names: []string{"隐患编号", "hazard"}, fits: oneWord},
	// 日期 is the day a duty was done, when 议题/完成/检查 record it afterwards (补记).
	{key: "日期", names: []string{"检查日期", "研究日期", "议题日期", "会议日期", "完成日期", "补记日期",
		"会议时间", "开会时间", "召开时间", "检查时间", "研究时间", "时间", "date"}, fits: fitsDoneDate},
}

// notFieldHeaders are the exported ledger's column headers whose parts name
// a field they are not: 责任单位/责任人 holds the assignee's name, which
// read as 责任单位 replaced the hazard's unit with a person (QA7b #2).
// They are read as names no command takes, so the reply says so.
var notFieldHeaders = map[string]bool{"责任单位/责任人": true}

// fieldSet is the fields one command accepts, looked up by any of their
// names (ASCII names without case).
type fieldSet struct {
	byName map[string]*fieldSpec
	names  []string // longest first, so 整改期限 wins over 期限
	specs  []*fieldSpec
}

// fields builds a command's field set from canonical keys of fieldTable.
func fields(keys ...string) *fieldSet {
	fs := &fieldSet{byName: map[string]*fieldSpec{}}
	for _, k := range keys {
		i := slices.IndexFunc(fieldTable, func(f fieldSpec) bool { return f.key == k })
		if i < 0 {
			panic("bot: unknown field " + k) // a typo in the command table
		}
		spec := &fieldTable[i]
		fs.specs = append(fs.specs, spec)
		for _, n := range append([]string{spec.key}, spec.names...) {
			if other := fs.byName[strings.ToLower(n)]; other != nil {
				panic("bot: field name " + n + " names both " + other.key + " and " + k) // 隐患 is 描述 in 上报, the number in 查实
			}
			fs.byName[strings.ToLower(n)] = spec
			fs.names = append(fs.names, strings.ToLower(n))
		}
	}
	slices.SortStableFunc(fs.names, func(a, b string) int { return len(b) - len(a) })
	return fs
}

// has reports whether the set accepts canonical key k.
func (fs *fieldSet) has(k string) bool {
	return fs != nil && slices.ContainsFunc(fs.specs, func(f *fieldSpec) bool { return f.key == k })
}

// synonyms is the help line for a set: "等级（级别、隐患等级…）".
func (fs *fieldSet) synonyms() string {
	var parts []string
	for _, f := range fs.specs {
		var zh []string
		for _, n := range f.names {
			if !safetybot.IsASCII(n) {
				zh = append(zh, n)
			}
		}
		part := f.key
		if len(zh) > 0 {
			part += "（" + strings.Join(zh, "、") + "）"
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, "；")
}
