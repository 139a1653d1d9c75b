package bot

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"safetybot"
)

// splitTipNumber splits the text after a handler's tip command (受理, 回复,
// 查实, 不予受理, 奖励) into the report number as written and the text
// after it. It is the one reading of the number every tip command uses
// (qa13 #3: 「回复 3937121，您好」 was told to write the text, while
// 「查实 3937121，…」 worked): an optional # or ＃, the digits (full-width
// ones too), then any spaces and separators (，,、：:；;。.) before the
// text. What is not digits up to the next space or separator is returned
// whole as the number, for the caller to refuse it by name.
func splitTipNumber(rest string) (number, text string) {
	s := strings.TrimSpace(rest)
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if f := safetybot.FoldRune(r); f == '#' && i == 0 {
			i += size
			continue
		}
		if isTipNumberEnd(r) {
			break
		}
		i += size
	}
	number, text = s[:i], s[i:]
	text = strings.TrimLeftFunc(text, isTipNumberEnd)
	return number, strings.TrimSpace(text)
}

// isTipNumberEnd reports the characters that end a report number: spaces
// and the separators handlers put after it.
func isTipNumberEnd(r rune) bool {
	switch safetybot.FoldRune(r) {
	case ' ', '\t', '\n', ',', '，', '、', ':', ';', '；', '。', '.':
		return true
	}
	return false
}

// tipID reads the report number of a handler's tip command
// (splitTipNumber): 1234567, #1234567, ＃１２３４５６７, followed by a
// space, comma, 顿号 or colon. Where the command's reader took the number
// and what follows it for one word (「3937121：司机酒驾」), the rest is read
// again after the number, so 查实's description and 奖励's amount are what
// the handler wrote after it.
func (e *Engine) tipID(r *request) (int64, error) {
	number, text := splitTipNumber(r.rest)
	if number == "" {
		return 0, r.usageError("请写上举报编号（发送「受理」查看列表）。")
	}
	digits := strings.Map(safetybot.FoldRune, strings.TrimLeft(number, "#＃"))
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return 0, r.usageError(fmt.Sprintf("「%s」不是举报编号，编号是 7 位数字，例如 #1234567。", safetybot.Truncate(number, 12)))
	}
	// Seven digits may still be no id (QA: #0000000 was told "编号是 7 位
	// 数字"): say which numbers are ids instead.
	id, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || id < minTipID || id > maxTipID {
		return 0, safetybot.Errorf(safetybot.ENOTFOUND, "没有编号为 #%s 的举报：举报编号是 %d 到 %d 之间的 7 位数字（首位不是 0）。发送「受理」查看举报列表。",
			safetybot.Truncate(digits, 12), minTipID, maxTipID)
	}
	if len(r.args.Words) == 0 || r.args.Words[0] != number {
		rest := digits + " " + text
		r.args = readArgs(rest, r.cmd.fields, e.now())
		sentenceSpills(rest, &r.args)
	}
	return id, nil
}
