package bot

import (
	"strings"
	"testing"
)

// TestReceiptPastedWithPunctuation: a right code pasted the way people
// paste it is the right code, in 查询 and 补充; text without a 16-digit
// code gets a format hint and is not counted as a wrong attempt.
func TestReceiptPastedWithPunctuation(t *testing.T) {
	f := newTipFixture(t)
	code := f.report("whistle_p1", "某码头夜间无人值守")
	bare := strings.ReplaceAll(code, " ", "")
	fullWidth := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '０' + (r - '0')
		}
		return r
	}, code)
	zw := strings.Join(strings.Split(bare, ""), "\u200b")
	for _, pasted := range []string{
		bare + "。",
		"「" + bare + "」",
		"「" + code + "」。",
		strings.ReplaceAll(code, " ", "."),
		strings.ReplaceAll(code, " ", "-"),
		strings.ReplaceAll(code, " ", " - "),
		fullWidth,
		zw,
		"\u200b" + bare + "\ufeff",
		"回执码：" + code,
	} {
		if got := f.say("whistle_p1", "查询 "+pasted); !strings.Contains(got, "举报状态：待受理") {
			t.Errorf("查询 %q: %s", pasted, got)
		}
	}
	if got := f.say("whistle_p1", "补充 「"+code+"」。 二号泊位，晚上十点后"); !strings.Contains(got, "补充内容已收到") {
		t.Fatalf("补充 with a wrapped code: %s", got)
	}
	if got := f.say("whistle_p1", "查询 "+zw+"。"); !strings.Contains(got, "您的补充：1 条") {
		t.Fatalf("the addition is not on the report: %s", got)
	}

	// Twenty messages without a code: a hint each, none counted. Nine
	// wrong codes after them are still answered, not throttled.
	guesser := "guesser_p2"
	for _, text := range []string{"查询 12345", "查询 我忘了", "查询 1234 5678 9012 345", "补充 没有回执码的补充", "查询 12345678901234567"} {
		for range 4 {
			if got := f.say(guesser, text); !strings.Contains(got, "没有找到回执码") || !strings.Contains(got, "不计入错误次数") {
				t.Fatalf("%q: %s", text, got)
			}
		}
	}
	for i := range 9 {
		if got := f.say(guesser, "查询 1111 2222 3333 444"+string(rune('0'+i))); !strings.Contains(got, "回执码不正确") {
			t.Fatalf("wrong code %d after the hints: %s", i+1, got)
		}
	}
	if got := f.say(guesser, "查询 "+code); !strings.Contains(got, "错误次数过多") {
		t.Fatalf("the tenth wrong attempt is throttled as before: %s", got)
	}
}
