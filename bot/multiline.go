package bot

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// splitVerbs are the commands that register one record each, whose verb
// written again at the start of a later line of the same message begins
// another record. QA11 #2: two 上报 lines sent as one message became one
// hazard with both descriptions and the second line's 等级 and 期限, and
// four 检查 lines one inspection whose note held the other three. 授权 reads
// its own lines (grantrows.go); 举报 is never split, so that a tip's text
// is never answered piecemeal.
var splitVerbs = map[string]bool{"上报": true, "检查": true, "议题": true, "完成": true, "整改": true, "进展": true}

// commandLines splits text at each later line that starts with verb, the
// first line's verb, followed by a space, a colon or a separator: the
// commands it holds, in order. A message with one command is itself.
func commandLines(text, verb string) []string {
	lines := strings.Split(text, "\n")
	var out []string
	start := 0
	for i := 1; i < len(lines); i++ {
		l := strings.TrimLeftFunc(lines[i], unicode.IsSpace)
		rest, ok := strings.CutPrefix(l, verb)
		if !ok {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(rest); rest != "" && !unicode.IsSpace(r) && r != ':' && r != '：' && !isSeparator(r) {
			continue // 检查发现… is content, not 检查 again
		}
		out = append(out, strings.Join(lines[start:i], "\n"))
		start = i
	}
	return append(out, strings.Join(lines[start:], "\n"))
}

// eachCommand runs each command of a message that repeats its verb on later
// lines (commandLines) as a message of its own, and answers them in one
// reply, numbered; ok is false when the message holds one command.
func (e *Engine) eachCommand(ctx context.Context, m Message) ([]Reply, bool) {
	if !strings.Contains(m.Text, "\n") {
		return nil, false // one line, one command: not read twice
	}
	normalized, _ := normalizeRows(m.Text, e.botNames)
	verb, _ := splitVerb(normalized, e.verbs)
	if !splitVerbs[verb] {
		return nil, false
	}
	parts := commandLines(m.Text, verb)
	if len(parts) < 2 {
		return nil, false
	}
	var b strings.Builder
	fmt.Fprintf(&b, "这条消息里有 %d 条「%s」，已逐条处理：", len(parts), verb)
	for i, p := range parts {
		one := m
		one.Text = p
		replies, _ := e.command(ctx, one)
		fmt.Fprintf(&b, "\n\n【第 %d 条】", i+1)
		for _, r := range replies {
			b.WriteString("\n" + r.Text)
		}
	}
	return []Reply{{Text: b.String()}}, true
}
