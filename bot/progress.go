package bot

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"safetybot"
)

// taskProgress records 进展 <任务编号> <说明> [完成度:60%]. What the
// completion was read from is said in the reply, and so is what looked like
// one but was not read (QA6c item 2: 完成度 100% without a colon was stored
// as note text and the task stayed at 0%, in a document that is handed in).
func (e *Engine) taskProgress(ctx context.Context, r *request) (string, error) {
	if len(r.args.Words) > 0 {
		if w := r.args.Words[0]; strings.HasPrefix(w, "方案") || strings.HasPrefix(w, "#") {
			return "", e.archivedProgress(ctx, r, w)
		}
	}
	no, note, err := progressTask(r)
	if err != nil {
		return "", err
	}
	note, fix := safetybot.CutCorrection(note)
	late, err := e.lateCorrection(ctx, r, no, fix)
	if err != nil {
		return "", err
	}
	written := note
	c, note, err := readCompletion(r, note)
	if fix {
		c, note, err = correctedCompletion(r, written, c, note, err)
		r.args.Unknown = slices.DeleteFunc(r.args.Unknown, func(u string) bool { return u == safetybot.CorrectionWord }) // 更正：, read by CutCorrection
	}
	if err != nil {
		return "", err
	}
	if fix && c.pct < 0 {
		return "", correctionWithoutFigure(late, no)
	}
	if note == "" && c.pct < 0 {
		return "", r.usageError("请写明进展说明或完成度。")
	}
	t, err := e.progressTaskRead(ctx, no, late)
	if err != nil {
		return "", err
	}
	if c.pct >= 0 {
		if err := e.figureRefusal(ctx, r.user, t, c.pct, note, fix); err != nil {
			return "", err
		}
	}
	if err := e.store.AddTaskUpdate(ctx, safetybot.TaskUpdate{TaskNo: no, Actor: r.user.ID, Note: note, Progress: c.pct, Correction: fix}); err != nil {
		return "", err
	}
	var b strings.Builder
	switch {
	case fix && late == nil:
		fmt.Fprintf(&b, "已更正任务 %d 的完成度：%d%% → %d%%%s。此条记为更正，留在进展记录中，不作为进展说明（自查自评的佐证材料）。", no, t.Progress, c.pct, c.source(r.msg.Text))
	default:
		fmt.Fprintf(&b, "已记录任务 %d 的进展", no)
		if c.pct >= 0 {
			fmt.Fprintf(&b, "，完成度 %d%%%s", c.pct, c.source(r.msg.Text))
		}
		b.WriteString("。")
	}
	if late != nil {
		fmt.Fprintf(&b, "\n方案已于 %s 结束，此条记为对期末完成度的更正（原为 %d%%）：此后生成的全面总结、自查自评按 %d%% 统计；已报送的文件请一并更正。", late.end, t.Progress, c.pct)
	}
	switch {
	case c.pct >= 0 && c.pct < t.Progress && t.Progress == 100:
		fmt.Fprintf(&b, "\n注意：任务 %d 原已登记完成（100%%），本次改为 %d%%，不再算作已完成。如属误填，请发送「进展 %d 更正 完成度:100%%」。", no, c.pct, no)
	case c.pct >= 0 && c.pct < t.Progress && !fix: // a correction's reply names both figures
		fmt.Fprintf(&b, "\n注意：完成度由 %d%% 下调为 %d%%。如属误填，请发送「进展 %d 更正 完成度:%d%%」。", t.Progress, c.pct, no, t.Progress)
	}
	if len(c.notNow) > 0 {
		for i, w := range c.notNow {
			c.notNow[i] = typedAs(r.msg.Text, w)
		}
		fmt.Fprintf(&b, "\n「%s」是目标、计划或往期的数字，未作为当前完成度。", strings.Join(c.notNow, "」「"))
		if c.pct < 0 && len(c.unread) == 0 {
			fmt.Fprintf(&b, "完成度仍为 %d%%；如要登记当前完成度，请发送「进展 %d 完成度:…%%」。", t.Progress, no)
		}
	}
	if len(c.unread) > 0 {
		for i, w := range c.unread {
			c.unread[i] = typedAs(r.msg.Text, w)
		}
		fmt.Fprintf(&b, "\n未作为完成度：「%s」（保留在进展说明中，完成度仍为 %d%%）。如要登记完成度，请发送「进展 %d 完成度:…%%」。",
			strings.Join(c.unread, "」「"), t.Progress, no)
	}
	if c.notYes != "" && c.pct < 0 {
		fmt.Fprintf(&b, "\n「%s」未改变完成度（仍为 %d%%）。完成时请发送「进展 %d <说明> 完成度:100%%」。", safetybot.Truncate(typedAs(r.msg.Text, c.notYes), 20), t.Progress, no)
	}
	b.WriteString(c.othersLine(r.msg.Text))
	if len(r.args.Unknown) > 0 {
		fmt.Fprintf(&b, "\n未识别：「%s」（原文已保留在进展说明中）", strings.Join(r.args.Unknown, "」「"))
	}
	return b.String(), nil
}

// progressTask reads the task a 进展 is about from its first words (22,
// 第22项, 任务22, 任务 22, 二十二, and 22：说明 with the note after a colon,
// QA6c item 10) and returns its number and the note after it.
func progressTask(r *request) (int, string, error) {
	words := r.args.Words
	if len(words) == 0 {
		return 0, "", r.usageError("请写明任务编号（1–29）。")
	}
	used, w, fix := 1, words[0], ""
	if w == safetybot.CorrectionWord && len(words) > 1 {
		// 进展 更正 6 完成度:95%: the word before the number.
		used, w, fix = 2, words[1], safetybot.CorrectionWord
	}
	if w == "任务" && len(words) > used {
		used, w = used+1, words[used]
	}
	no, after, ok := leadingTaskNo(w)
	if !ok {
		return 0, "", r.usageError(fmt.Sprintf("「%s」不是任务编号，请写数字，例如 20。", safetybot.Truncate(typedAs(r.msg.Text, words[0]), 20)))
	}
	return no, safetybot.JoinNonEmpty(" ", fix, after, r.args.rest(used)), nil
}

// leadingTaskNo reads a task number written as a word: 22, 第22项, 任务22,
// 二十二; a colon after it starts the text after it (22:基础设施提质).
func leadingTaskNo(w string) (no int, after string, ok bool) {
	w = strings.TrimPrefix(strings.TrimPrefix(w, "任务"), "第")
	num, after, _ := strings.Cut(w, ":")
	num = strings.TrimSuffix(strings.TrimSuffix(num, "项"), "号")
	if num == "" || strings.ContainsAny(num, "+-") {
		return 0, "", false
	}
	no, ok = chineseNumber(num)
	return no, strings.TrimSpace(after), ok && no > 0
}

// completion is what a 进展 says of the task's completion.
type completion struct {
	pct    int      // -1: not given
	typed  string   // what it was read from, when that was not 完成度:N% ("完成度为90%", "80%", "完成:是")
	approx string   // 约, 左右…: the number was kept without it
	unread []string // words of the note that look like a completion but were not read
	notYes string   // a 完成: that is not 是 ("完成:否"), which sets no completion
	notNow []string // completions of a target or an earlier period (目标完成度100%), as typed: not read
	others []string // in a 更正, percentages beside the corrected figure (correctedCompletion): not read
}

// source is the reply's note on how the completion was read, quoted as
// typed in raw: "" for a plain 完成度:60%.
func (c completion) source(raw string) string {
	var parts []string
	if c.typed != "" {
		parts = append(parts, "读自「"+safetybot.Truncate(typedAs(raw, c.typed), 20)+"」")
	}
	if c.approx != "" {
		parts = append(parts, "「"+c.approx+"」未保留，按此数登记")
	}
	if len(parts) == 0 {
		return ""
	}
	return "（" + strings.Join(parts, "；") + "）"
}

// found is one completion the message gives.
type found struct {
	percent
	typed string
}

// readCompletion reads the completion of a 进展 from its 完成度 field, its
// 完成:是 (100%) or 完成:六成, a 完成度 written without a colon in the note
// (完成度 100%, 完成度为90%, 已完成九成) or, when none is, a percentage
// standing alone first or last in the note (执法培训 80%, 80% 推进中); it
// returns the note without it. Two different completions in one message
// are refused: the figure goes into the documents the office hands in, so
// neither is guessed (QA6c item 14a). A completion that is a target, a plan
// or an earlier period's (目标完成度100%, 去年完成度60%) is not the task's
// and is named, not read (QA7a item 1: it was stored as the task's, and
// the task counted as 已完成). When none was read, percentages left in the
// note are named (unread).
//
// The note is what 佐证材料 shows (report --plan): a figure read from it is
// cut with the word that leads it (实际完成度70%), and when a target or
// another figure stays beside it the note is kept as written, since what
// would be left (「实际 （目标90%）」, 「目前，目标100%」, 「目标完成度100%」)
// misreads (QA10 #14).
func readCompletion(r *request, note string) (completion, string, error) {
	c := completion{pct: -1}
	written := note
	var all []found
	if v, ok := r.args.Fields["完成度"]; ok {
		p, err := readPercent(v)
		if err != nil {
			return c, note, err
		}
		f := found{percent: p}
		if p.approx != "" {
			f.typed = "完成度:" + v
		}
		all = append(all, f)
	}
	for _, rep := range r.args.Repeated {
		if v, ok := strings.CutPrefix(rep, "完成度「"); ok {
			p, err := readPercent(strings.TrimSuffix(v, "」"))
			if err != nil || p.pct != all[0].pct {
				return c, note, safetybot.Errorf(safetybot.EINVALID, "完成度写了两次（「%s」和「%s」），未作记录。请只写一个完成度重新发送，例如「进展 <任务编号> <说明> 完成度:%s」。",
					safetybot.Truncate(strings.TrimSuffix(v, "」"), 20), safetybot.Truncate(r.args.Fields["完成度"], 20), safetybot.Truncate(r.args.Fields["完成度"], 20))
			}
		}
	}
	if v, ok := r.args.Fields["完成"]; ok {
		if yes, ok := yesNoWord(v); ok && yes {
			all = append(all, found{percent: percent{pct: 100}, typed: "完成:" + v})
		} else if p, err := readPercent(v); err == nil && looksLikePercent(v) {
			all = append(all, found{percent: p, typed: "完成:" + v})
		} else {
			c.notYes = "完成:" + v
		}
	}
	inText, notNow, note, err := completionInText(note)
	if err != nil {
		return c, note, err
	}
	all = append(all, inText...)
	c.notNow = notNow
	if len(all) == 0 {
		alone, notNow, rest := standalonePercents(note)
		if !anyCovered(alone, c.notNow) { // never both read and named as not read
			all, note = append(all, alone...), rest
		}
		c.notNow = append(c.notNow, notNow...)
	}
	for _, f := range all[min(1, len(all)):] {
		if f.pct != all[0].pct {
			return c, note, safetybot.Errorf(safetybot.EINVALID, "完成度写了两次（%d%% 和 %d%%），未作记录。请只写一个完成度重新发送。", all[0].pct, f.pct)
		}
	}
	if len(all) > 0 {
		c.pct, c.typed, c.approx = all[0].pct, all[0].typed, all[0].approx
		c.notNow = append(c.notNow, targetsIn(note, c.notNow)...)
		if note != written && len(percentsIn(note)) > 0 {
			note = written
		}
		return c, note, nil
	}
	c.notNow = append(c.notNow, targetsIn(note, c.notNow)...)
	for _, w := range percentsIn(note) {
		if !coveredBy(w, c.notNow) {
			c.unread = append(c.unread, w)
		}
	}
	return c, note, nil
}

// targetsIn are the percentages left in a note that a target, a plan or an
// earlier period's word leads (目标100%, （目标90%）), not named yet: the
// reply says they were not taken as the completion, whether or not another
// figure was (fix9 #2: 目前完成30%，目标100% read 30% and said nothing of
// the target).
func targetsIn(note string, named []string) []string {
	var out []string
	for _, w := range percentsIn(note) {
		w = strings.TrimFunc(w, func(r rune) bool { return openBracket(r) || closeBracket(r) })
		k := strings.IndexFunc(w, func(r rune) bool { return r >= '0' && r <= '9' })
		if b := strings.Index(w, "百分之"); b >= 0 && (k < 0 || b < k) {
			k = b
		}
		if k > 0 && notCurrent(w[:k]) && !coveredBy(w, named) {
			out = append(out, w)
		}
	}
	return out
}

// clauseStart reports whether byte i of s starts a clause: the start, or
// after a space, a separator or an opening bracket.
func clauseStart(s string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r == ' ' || isSeparator(r) || openBracket(r)
}

// coveredBy reports whether word w of a note is, or holds, one of the
// completions already named.
func coveredBy(w string, named []string) bool {
	for _, n := range named {
		if strings.Contains(w, n) || strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// progressName is a name of 完成度 a note may hold without a colon. A verb
// (完成 六成) is followed by the completion alone, written as one (六成,
// 60%, not 60 nor 60%的企业): 已完成60家 counts enterprises. A lead word
// (目前, 当前, 实际) says the figure beside a target is the current one
// (目标完成度90%，目前30%: fix9 #2); it counts only at the start of a
// clause, since 覆盖率目前80% is the rate's.
type progressName struct {
	name       string
	verb, lead bool
}

// progressNames are longest first, and a name before the names it starts
// (完成度 before 完成).
var progressNames = []progressName{{"完成比例", false, false}, {"完成度", false, false}, {"完成率", false, false},
	{"已完成", true, false}, {"完成了", true, false}, {"完成", true, false}, {"进度", false, false},
	{"目前", true, true}, {"当前", true, true}, {"实际", true, true}}

// completionInText finds 完成度 written without a colon in a note
// (完成度 100%, 完成度60%, 完成度为90%, 进度约50%, 已完成九成) and cuts it
// out; those that are not the task's current completion (目标完成度100%)
// are left in the note and returned as typed in notNow. A fraction
// (完成度75.5%) is refused as 完成度:75.5% is, not left unread.
func completionInText(note string) (out []found, notNow []string, rest string, err error) {
	var kept strings.Builder
	for i := 0; i < len(note); {
		f, end, ok := completionAt(note, i)
		past := ok && notCurrent(note[:i]) && !spacedName(note, i)
		if ok && f.pct < 0 && !past {
			_, err := readPercent(f.typed)
			return nil, nil, note, err
		}
		if past {
			notNow = append(notNow, clauseAt(note, i, end))
			kept.WriteString(note[i:end])
			i = end
			continue
		}
		if ok {
			out = append(out, f)
			kept.WriteByte(' ')
			i = end
			continue
		}
		_, n := utf8.DecodeRuneInString(note[i:])
		kept.WriteString(note[i : i+n])
		i += n
	}
	if len(out) == 0 {
		return nil, notNow, note, nil
	}
	return out, notNow, tidy(kept.String()), nil
}

// completionAt reads a name of 完成度 at byte i of s and the completion
// after it, up to the next space or separator (or, when what follows is not
// a completion, up to its last %): the completion and where it ends. A lead
// word before another name (实际完成度70%, 目前完成30%) is part of it, so
// it is not left behind in the note (QA10 #14). A fraction (75.5%) is
// found with pct -1 and typed the figure, for the caller to refuse.
func completionAt(s string, i int) (found, int, bool) {
	for _, pn := range progressNames {
		if !strings.HasPrefix(s[i:], pn.name) || pn.lead && !clauseStart(s, i) {
			continue
		}
		v := skipSpaces(s, i+len(pn.name))
		if pn.lead {
			if f, end, ok := completionAt(s, v); ok && startsWithName(s[v:]) {
				if f.pct >= 0 {
					f.typed = s[i:end]
				}
				return f, end, true
			}
		}
		end := strings.IndexFunc(s[v:], func(r rune) bool { return r == ' ' || isSeparator(r) })
		if end < 0 {
			end = len(s) - v
		}
		run := s[v : v+end]
		if b := strings.IndexFunc(run, openBracket); b > 0 {
			// 实际完成度70%（目标90%）: the remark stays in the note
			// (fix9 #2), a target in it named by targetsIn.
			end, run = b, run[:b]
		}
		if p, err := readPercent(run); err == nil && run != "" && (!pn.verb || looksLikePercent(run)) {
			return found{percent: p, typed: s[i : v+end]}, v + end, true
		}
		if fraction.MatchString(run) {
			return found{percent: percent{pct: -1}, typed: run}, v + end, true
		}
		if k := strings.LastIndexAny(run, "%％"); k > 0 && !pn.verb {
			run = run[:k+len("%")]
			if p, err := readPercent(run); err == nil {
				return found{percent: p, typed: s[i : v+len(run)]}, v + len(run), true
			}
		}
		return found{}, 0, false
	}
	return found{}, 0, false
}

// fraction is a completion written with a fraction: 75.5%.
var fraction = regexp.MustCompile(`^\d+\.\d+[%％]$`)

// startsWithName reports whether s starts with a name of 完成度 that is not
// a lead word.
func startsWithName(s string) bool {
	for _, pn := range progressNames {
		if !pn.lead && strings.HasPrefix(s, pn.name) {
			return true
		}
	}
	return false
}

// clauseAt is the clause of s around bytes i to end: from the space or
// separator before i, to end, as the reply quotes it.
func clauseAt(s string, i, end int) string {
	start := strings.LastIndexFunc(s[:i], func(r rune) bool { return r == ' ' || isSeparator(r) })
	if start < 0 {
		start = 0
	} else {
		_, n := utf8.DecodeRuneInString(s[start:])
		start += n
	}
	return safetybot.Truncate(s[start:end], 20)
}

// standalonePercents takes a word written as a completion (80%, 八成,
// 约50%) that ends or starts a note: 执法培训 80%, 80% 推进中, with a
// bracketed remark after it kept in the note (70%（目标90%）, fix9 #2). Not
// after a named rate (覆盖率 80%, 占比 80%): that is the rate's value, named
// as not read instead; not after a target or an earlier period (目标 100%),
// named in notNow.
func standalonePercents(note string) (out []found, notNow []string, rest string) {
	words := strings.FieldsFunc(note, func(r rune) bool { return r == ' ' || isSeparator(r) })
	if len(words) == 0 {
		return nil, nil, note
	}
	rest = note
	if word := words[len(words)-1]; looksLikePercent(percentWord(word)) {
		w := percentWord(word)
		prev := ""
		if len(words) > 1 {
			prev = words[len(words)-2]
		}
		switch {
		case strings.HasSuffix(prev, "率") || strings.HasSuffix(prev, "比") || strings.HasSuffix(prev, "比例"):
		case notCurrent(prev):
			notNow = append(notNow, safetybot.Truncate(prev+" "+w, 20))
		default:
			p, _ := readPercent(w)
			out = append(out, found{percent: p, typed: w})
			rest = tidy(rest[:strings.LastIndex(rest, word)] + " " + word[len(w):])
		}
	}
	if word := words[0]; len(words) > 1 && looksLikePercent(percentWord(word)) && !strings.HasPrefix(words[1], "的") {
		w := percentWord(word)
		p, _ := readPercent(w)
		out = append(out, found{percent: p, typed: w})
		rest = tidy(word[len(w):] + " " + rest[strings.Index(rest, word)+len(word):])
	}
	return out, notNow, rest
}

// percentWord is a word without the bracketed remark after a completion:
// 70% of 70%（目标90%）.
func percentWord(w string) string {
	if b := strings.IndexFunc(w, openBracket); b > 0 && looksLikePercent(w[:b]) {
		return w[:b]
	}
	return w
}

// progressTaskRead is task no as taskProgress reports on it: the one a late
// correction has read already (lateCorrection checks who typed its last
// completion), else read now, after the completion is read, so a missing
// task is told of only once the message itself is understood.
func (e *Engine) progressTaskRead(ctx context.Context, no int, late *lateFix) (*safetybot.Task, error) {
	if late != nil {
		return late.task, nil
	}
	t, _, err := e.store.Task(ctx, no)
	return t, err
}
