package sender_test

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	. "safetybot/wecom/sender"
)

func TestSplitKeepsRunesAndLines(t *testing.T) {
	zh := strings.Repeat("隐患整改", 300) // 3,600 bytes on one line
	for _, limit := range []int{LimitText, LimitWebhookMarkdown, 100, 7} {
		parts := Split(zh, limit)
		var joined strings.Builder
		for _, p := range parts {
			if len(p) > limit {
				t.Fatalf("limit %d: part of %d bytes", limit, len(p))
			}
			if !utf8.ValidString(p) {
				t.Fatalf("limit %d: part cut inside a rune", limit)
			}
			joined.WriteString(p)
		}
		if joined.String() != zh {
			t.Fatalf("limit %d: parts do not join back", limit)
		}
	}
	lines := []string{"第一行 " + strings.Repeat("甲", 400), "第二行 " + strings.Repeat("乙", 400), "第三行"}
	parts := Split(strings.Join(lines, "\n"), LimitText)
	if len(parts) != 2 || parts[0] != lines[0] || parts[1] != lines[1]+"\n"+lines[2] {
		t.Fatalf("want a cut at the line boundary, got %d parts: %q", len(parts), parts)
	}
	if got := Split("短消息\n", LimitText); len(got) != 1 || got[0] != "短消息" {
		t.Fatalf("short: %q", got)
	}
}

func TestSplitRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "隐", "患", "\n", "😀", " ", "é"}
	for range 300 {
		var b strings.Builder
		for range r.IntN(3000) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		text := strings.TrimRight(b.String(), "\n")
		limit := 4 + r.IntN(300)
		parts := Split(text, limit)
		total := 0
		for _, p := range parts {
			if len(p) > limit || !utf8.ValidString(p) {
				t.Fatalf("limit %d: bad part %q", limit, p)
			}
			total += len(p)
		}
		// only the newlines at cuts are dropped
		if strings.ReplaceAll(strings.Join(parts, ""), "\n", "") != strings.ReplaceAll(text, "\n", "") {
			t.Fatalf("limit %d: content lost", limit)
		}
		_ = total
	}
}
