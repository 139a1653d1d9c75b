package wecom

import (
	"context"
	"log/slog"
	"testing"

	"safetybot/bot"
)

// repliesEngine answers every message with its replies.
type repliesEngine []bot.Reply

func (repliesEngine) Sensitive(bot.Message) bool { return false }

func (e repliesEngine) Handle(context.Context, bot.Message) []bot.Reply { return e }

// TestRobotRunIsMarkdown: what the robot answers is markdown, and a plain
// reply in it reads as typed: escaped alone, or joined to a markdown one
// (the joined text is then markdown throughout), while a markdown reply is
// kept as written; the welcome, a text message, is left plain.
func TestRobotRunIsMarkdown(t *testing.T) {
	const typed = "描述：[点我](http://evil.example) **紧急**"
	const escaped = "描述：［点我］(http://evil.example) ＊＊紧急＊＊"
	const md = "**安全生产每日摘要**\n> YH2026-0001 码头护栏缺失"
	for _, c := range []struct {
		name    string
		replies []bot.Reply
		answer  Answer
		want    string
	}{
		{"plain", []bot.Reply{{Text: typed}}, AnswerText, escaped},
		{"markdown", []bot.Reply{{Text: md, Markdown: true}}, AnswerText, md},
		{"joined", []bot.Reply{{Text: md, Markdown: true}, {Text: typed}}, AnswerText, md + "\n\n" + escaped},
		{"click", []bot.Reply{{Text: typed}}, AnswerClick, escaped},
		{"welcome", []bot.Reply{{Text: typed}}, AnswerWelcome, typed},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := &Robot{runner{engine: repliesEngine(c.replies), log: slog.New(slog.DiscardHandler)}, "aibot"}
			w := Work{Answer: c.answer, run: r.handler(bot.Message{Text: "x"})}
			if got, _ := r.Run(context.Background(), w); got != c.want {
				t.Errorf("Run = %q, want %q", got, c.want)
			}
		})
	}
}
