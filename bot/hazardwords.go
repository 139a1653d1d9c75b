package bot

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"safetybot"
)

// This file reads the words of the hazard ledger: numbers, grades, sources,
// domains and userids, the way staff write them.

// hazardNumber reads the first word as a hazard number.
func (r *request) hazardNumber() (string, error) {
	if len(r.args.Words) == 0 {
		return "", r.usageError("请写明隐患编号，例如 YH2026-0001。")
	}
	typed := r.args.Words[0]
	n, ok := r.args.takeNumber()
	if !ok {
		if full, short := fullNumber(r.args.Words, r.args.year); short {
			// 整改 0002 (QA16 #8): the README allows no short form, so
			// the refusal shows the full one to copy.
			return "", r.usageError(fmt.Sprintf("「%s」不是完整的隐患编号，请写完整编号，如 %s。", safetybot.Truncate(typed, 20), full))
		}
		return "", r.usageError(fmt.Sprintf("「%s」不是隐患编号，编号形如 YH2026-0001。", safetybot.Truncate(typed, 20)))
	}
	row, ok := r.pasted.number()
	if !ok && r.cmd != nil {
		row, ok = labelledNumber(r.rest, n)
	}
	if ok && row != n && r.cmd != nil {
		// 修改 YH2026-0128 with YH2026-0131's ledger row pasted under it
		// wrote 0131's description, unit and deadline into 0128 (QA10 #1):
		// which of the two was meant, only the sender knows.
		return "", safetybot.Errorf(safetybot.EINVALID, "粘贴的这一行编号是 %s，命令写的是 %s，两者不一致，未作任何改动。这一行属于 %s 的，请发送「%s %s」连同这一行；属于 %s 的，请删去这一行的编号一栏后再发。",
			row, n, row, r.cmd.verb, row, n)
	}
	return n, nil
}

// labelledNumberRE finds a hazard number written as a field or a cell of
// its own rather than in running text: after 编号 or 隐患编号 (with or
// without a colon), or alone between tabs, with or without its YH.
var labelledNumberRE = regexp.MustCompile(`(?im)(?:编号\s*[:：]?\s*|(?:^|\t))(?:YH)?\s*(\d{4})\s*[-—–]\s*(\d+)\s*(?:\t|$|[，,。；;\s])`)

// labelledNumber is the first hazard number in text, the text after a
// command's verb, written as a 编号 field or a table cell that is not own,
// the number the command names: QA11 #1 found a row pasted under 隐患编号,
// a number without YH and 编号：YH… as a field each applied to the hazard
// the command named, where the pasted 编号 column is refused.
func labelledNumber(text, own string) (string, bool) {
	for _, m := range labelledNumberRE.FindAllStringSubmatch(text, -1) {
		if n, ok := parseHazardNumber("YH" + m[1] + "-" + m[2]); ok && n != own {
			return n, true
		}
	}
	return "", false
}

// parseHazardNumber is the one reading of a hazard number as people write
// it, for every command that takes one: YH2026-0001 in any case, with the
// sequence written with fewer or more leading zeros (yh2026-1,
// YH2026-003), YH apart from the year (YH 2026-0002), or without YH as
// the ledger writes the sequence, four digits (2026-0002: 2026-12 is a
// month, not YH2026-0012). The number is the year and the sequence, so
// every command reads the same hazard from the same digits (qa6b #10:
// 销号 YH2026-003 was refused while 隐患 yh2026-3 was found; QA16 #8:
// 整改 2026-0002 was refused while 上报 2026-0002 named the hazard).
// Full-width digits are folded before (safetybot.Fold).
func parseHazardNumber(s string) (string, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	rest, yh := strings.CutPrefix(s, "YH")
	if yh {
		rest = strings.TrimLeft(rest, " ")
	} else if len(rest) != 9 {
		return "", false
	}
	if len(rest) < 6 || rest[4] != '-' || !safetybot.AllDigits(rest[:4]) || !safetybot.AllDigits(rest[5:]) {
		return "", false
	}
	year, _ := strconv.Atoi(rest[:4])
	digits := strings.TrimLeft(rest[5:], "0")
	if year < 2000 || year > 2100 || digits == "" || len(digits) > 9 {
		return "", false
	}
	seq, _ := strconv.Atoi(digits)
	return fmt.Sprintf("YH%d-%04d", year, seq), true
}

// leadNumber reads the hazard number words begin with (parseHazardNumber):
// one word, or YH and the number written apart (整改 YH 2026-0002 …);
// used is how many words it took, 0 when they begin with none.
func leadNumber(words []string) (number string, used int) {
	if len(words) == 0 {
		return "", 0
	}
	if n, ok := parseHazardNumber(words[0]); ok {
		return n, 1
	}
	if len(words) > 1 && strings.EqualFold(words[0], "YH") {
		if n, ok := parseHazardNumber("YH" + words[1]); ok {
			return n, 2
		}
	}
	return "", 0
}

// takeNumber reads the hazard number a's words begin with (leadNumber) and
// makes it one word, so that Words[1] and rest(1) are what follows the
// number however it was written.
func (a *args) takeNumber() (string, bool) {
	n, used := leadNumber(a.Words)
	if used == 0 {
		return "", false
	}
	a.Words = slices.Concat([]string{n}, a.Words[used:])
	if len(a.starts) >= used {
		a.starts = slices.Concat(a.starts[:1], a.starts[used:])
	}
	return n, true
}

// shortNumberRE is a hazard number cut short: the sequence alone (0002, 2),
// or the year and a sequence of other than four digits without YH (2026-2).
var shortNumberRE = regexp.MustCompile(`(?i)^(?:YH)?(?:(\d{4})-)?(\d{1,4})$`)

// fullNumber is the number words begin with written in full, when they
// begin with a short one (0002 in 2026 → YH2026-0002), so a refusal can
// show it filled in.
func fullNumber(words []string, year int) (string, bool) {
	if len(words) > 1 && strings.EqualFold(words[0], "YH") {
		words = words[1:]
	}
	if len(words) == 0 || year == 0 {
		return "", false
	}
	m := shortNumberRE.FindStringSubmatch(words[0])
	if m == nil {
		return "", false
	}
	if m[1] != "" {
		year, _ = strconv.Atoi(m[1])
	}
	seq, _ := strconv.Atoi(m[2])
	if m[1] == "" && seq >= 2000 && seq <= 2100 {
		return "", false // 2026 is a year, not the 2026th hazard
	}
	if seq == 0 || year < 2000 || year > 2100 {
		return "", false
	}
	return fmt.Sprintf("YH%d-%04d", year, seq), true
}

// hazardNumberRE finds a hazard number as typed or transcribed from speech
// (YH2026-0013, yh 2026—13); findHazardNumber then reads it.
var hazardNumberRE = regexp.MustCompile(`(?i)YH\s*\d{4}\s*[-—–]\s*\d+`)

// findHazardNumber reads the first hazard number in running text, written
// with spaces or a dash other than "-" as speech input and WPS leave it
// (yh 2026—13), as parseHazardNumber reads it. 查询's hint and a pasted
// ledger row's 编号 each had a copy of this scan: one scan, so both find the
// same hazard in the same text.
func findHazardNumber(s string) (string, bool) {
	m := hazardNumberRE.FindString(s)
	if m == "" {
		return "", false
	}
	return parseHazardNumber(strings.Map(func(r rune) rune {
		switch {
		case r == '—' || r == '–':
			return '-'
		case unicode.IsSpace(r):
			return -1
		}
		return r
	}, m))
}

// parseGrade reads 重大 or 一般, with or without 隐患 or the standard's
// own 事故隐患 (重大事故隐患, 2007 rule 16号令).
func parseGrade(s string) (safetybot.Grade, error) {
	// 特别重大, Ⅰ级重大: a short word saying 重大 is never read as less.
	if mentionsMajor(s) && !strings.ContainsAny(s, "非不 （）()【】[]") && utf8.RuneCountInString(s) <= 8 {
		return safetybot.GradeMajor, nil
	}
	switch strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(s, "隐患"), "事故"), "级")) {
	case "重大", "major":
		return safetybot.GradeMajor, nil
	case "一般", "general", "minor":
		return safetybot.GradeGeneral, nil
	}
	return "", safetybot.Errorf(safetybot.EINVALID, "等级「%s」无法识别，请填 重大 或 一般。", s)
}

// sourceWords are the ways staff name how a hazard was found. 群众举报 is
// 群众上报: 举报查实 is only ever set by 查实 of a tip the desk accepted,
// so the summary's count of verified tips stays the tip desk's.
var sourceWords = map[string]string{
	"自查": safetybot.SourceSelfCheck, "企业自查": safetybot.SourceSelfCheck, "日常自查": safetybot.SourceSelfCheck, "自检": safetybot.SourceSelfCheck,
	"督导检查": safetybot.SourceInspection, "检查": safetybot.SourceInspection, "督查": safetybot.SourceInspection, "巡查": safetybot.SourceInspection,
	"日常巡查": safetybot.SourceInspection, "日常检查": safetybot.SourceInspection, "执法检查": safetybot.SourceInspection,
	"专项检查": safetybot.SourceInspection, "明查暗访": safetybot.SourceInspection, "暗访": safetybot.SourceInspection, "督导": safetybot.SourceInspection,
	"上级交办": safetybot.SourceAssigned, "交办": safetybot.SourceAssigned, "转办": safetybot.SourceAssigned, "上级转办": safetybot.SourceAssigned,
	"上级督办": safetybot.SourceAssigned, "督办": safetybot.SourceAssigned, "省厅交办": safetybot.SourceAssigned, "市局交办": safetybot.SourceAssigned,
	"上级部门交办": safetybot.SourceAssigned, "省厅督办": safetybot.SourceAssigned, "市局督办": safetybot.SourceAssigned,
	"群众上报": safetybot.SourceChat, "群众反映": safetybot.SourceChat, "投诉": safetybot.SourceChat, "群众投诉": safetybot.SourceChat,
	"群众举报": safetybot.SourceChat, "举报": safetybot.SourceChat,
}

// unstatedWords are what the ledger writes for no 来源 (QA7b #8): a row
// pasted back, or 修改 来源:未注明 taking a wrong one out, means none.
var unstatedWords = []string{safetybot.SourceUnstated, "未填", "不详", "无"}

// parseSource reads a 来源; "" with no error is none (未注明).
func parseSource(s string) (string, error) {
	s = strings.TrimSpace(s)
	if src, ok := sourceWords[s]; ok {
		return src, nil
	}
	if slices.Contains(unstatedWords, s) {
		return "", nil
	}
	return "", safetybot.Errorf(safetybot.EINVALID, "来源「%s」无法识别，请填 企业自查、督导检查、上级交办 或 群众上报。", safetybot.Truncate(s, 20))
}

func isStatus(s string) bool {
	for _, st := range safetybot.Statuses {
		if s == string(st) {
			return true
		}
	}
	return false
}

// parseDomain reads a domain as staff write it (safetybot.ParseDomain:
// the name, an unambiguous beginning, a trade it covers).
func (e *Engine) parseDomain(s string) (string, error) {
	return safetybot.ParseDomain(e.plan.Domains, s)
}

func (e *Engine) domainNames() string { return safetybot.DomainList(e.plan.Domains) }

// domainHow is what a reply says to fill in for a 领域 it could not read:
// the domains a trade of several may mean (客运), else every domain.
func (e *Engine) domainHow(v string) string {
	if choices := safetybot.DomainChoices(e.plan.Domains, v); choices != nil {
		return "可指：" + strings.Join(choices, "、") + "，请写明是哪一个"
	}
	return "可填：" + e.domainNames()
}

func (e *Engine) groupDomains() map[string][]string {
	m := map[string][]string{}
	for _, d := range e.plan.Domains {
		m[d.Group] = append(m[d.Group], d.Name)
	}
	return m
}

func orDash(s string) string { return orText(s, "—") }

func orText(s, alt string) string {
	if strings.TrimSpace(s) == "" {
		return alt
	}
	return s
}

// today is the engine's current Shanghai date.
func (e *Engine) today() safetybot.Date { return safetybot.DateOf(e.now()) }

func isHazardNumber(s string) bool {
	_, ok := parseHazardNumber(s)
	return ok
}
