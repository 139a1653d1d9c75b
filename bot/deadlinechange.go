package bot

import (
	"fmt"
	"strings"
	"time"

	"safetybot"
)

// extensionWords begin a 期限 that moves the current deadline on by a span
// (延长15天, 顺延一个月, 再延期两周); before a date they are datePrefixes
// (延期至明年1月15日 is that date).
var extensionWords = []string{"延长", "延期", "顺延", "推迟", "推后", "延后", "宽限"}

// extension reads 期限 written as a span added to the current deadline:
// the span (15天, 一个月), and ok false for any other value.
func extension(v string) (span string, ok bool) {
	s := strings.TrimPrefix(strings.ReplaceAll(strings.TrimSpace(v), " ", ""), "再")
	for _, w := range extensionWords {
		rest, found := strings.CutPrefix(s, w)
		if !found {
			continue
		}
		rest = strings.TrimSuffix(strings.TrimPrefix(rest, "了"), "内")
		if _, ok := spanDate(rest, time.Now()); ok {
			return rest, true
		}
	}
	return "", false
}

// editDeadline reads the 期限 of a 修改 of a hazard whose deadline is cur:
// an extension (延长15天) counted from cur, not from today (QA12 #3: 期限 延长15天
// and 期限：延期至明年1月15日 were refused), or any date parseDate reads. hint
// is what the reply adds, saying the change as 「期限由 … 改为 …」 when the
// value was written as an extension or a 延期至.
func (e *Engine) editDeadline(v string, cur safetybot.Date) (d safetybot.Date, hint string, err error) {
	today := e.today()
	if span, ok := extension(v); ok {
		from, err := cur.Time()
		if cur == "" || err != nil {
			return "", "", safetybot.Errorf(safetybot.EINVALID, "「%s」从原期限起算，但该隐患还没有期限，请写具体日期（如 期限:12月31日）或「期限:15天内」。", safetybot.Truncate(v, 20))
		}
		t, _ := spanDate(span, from)
		d = safetybot.DateOf(t)
		return d, fmt.Sprintf("（期限由 %s 改为 %s：原期限延长%s）%s", dayText(cur, today), dayText(d, today), span, e.pastNote(d)), nil
	}
	if d, err = parseDate(v, e.now()); err != nil {
		return "", "", err
	}
	if isPostponement(v) && cur != "" && d < cur {
		// 推迟到下周五 read as a date before the deadline moved it earlier,
		// silently (qa14 #7): the word and the date disagree, so neither is
		// taken.
		return "", "", safetybot.Errorf(safetybot.EINVALID, "「%s」读作 %s，早于原期限 %s；推迟、延期后的期限不能比原期限早，未修改。"+
			"如确要把期限提前，请直接写日期（如 期限:%s）；如要延期，请写原期限之后的日期或「期限:延长15天」。",
			safetybot.Truncate(strings.TrimSpace(v), 20), dayText(d, today), dayText(cur, today), dayText(d, today))
	}
	if isPostponement(v) && cur != "" && cur != d {
		hint = fmt.Sprintf("（期限由 %s 改为 %s）%s", dayText(cur, today), dayText(d, today), e.pastNote(d))
	}
	return d, hint, nil
}

// isPostponement reports whether a date was written as a change of the
// deadline: 延期至明年1月15日, 推迟到12月31日.
func isPostponement(v string) bool {
	return startsWithAny(strings.TrimSpace(v), extensionWords)
}

// extensionOnly refuses an extension where there is no deadline of a
// hazard to count from (上报, 指派): parseDate does not read it.
func extensionOnly(v string) error {
	if _, ok := extension(v); !ok {
		return nil
	}
	return safetybot.Errorf(safetybot.EINVALID, "「%s」是从原期限起算的延期，只能用「修改 <编号> 期限:%s」；这里请写具体日期（如 12月31日）或「15天内」。",
		safetybot.Truncate(v, 20), safetybot.Truncate(strings.TrimSpace(v), 20))
}
