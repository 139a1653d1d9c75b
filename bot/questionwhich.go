package bot

import (
	"fmt"
	"slices"
	"strings"
)

// A person's open questions may wait in several chats: a group's and his
// private chat's (QA16 #9c: the group's question, asked while a private
// one waited, said 「回复 是 / 否」, and his bare 是 in private answered the
// private one). The rule: a question asked while any other of his waits,
// in any chat, names its hazard in the answer it expects, and a bare 是
// answers only when it is his one open question; else it is asked which.

// otherRefs names the sender's other open questions for ask: every one in
// a private chat; in a group this chat's, the rest only counted, since
// they may have been asked privately.
func otherRefs(m Message, here []string, away []pending) string {
	refs := slices.Clone(here)
	if m.ChatID == "" {
		for _, p := range away {
			refs = append(refs, p.q.ref())
		}
	} else if len(away) > 0 {
		refs = append(refs, fmt.Sprintf("其他聊天中 %d 个", len(away)))
	}
	return strings.Join(refs, "、")
}

// whichQuestion answers a bare 是/否 when the sender's questions wait here
// and in other chats: which it answers only he knows. This chat's are
// listed with the answer that names each; the others too in a private
// chat, in a group only where and when they were asked (awayWhere).
func whichQuestion(m Message, open, away []pending) string {
	s := fmt.Sprintf("您有 %d 个问题待回答，请在 是 / 否 后写明回答的是哪一个：", len(open)+len(away)) + listQuestions(open)
	where, private := awayWhere(m, away)
	if m.ChatID == "" {
		return s + fmt.Sprintf("\n在%s中待回答的：", where) + listQuestions(away)
	}
	s += fmt.Sprintf("\n另有 %d 个在%s中待回答，请到那里回复", len(away), where)
	if private < len(away) {
		s += "，或在与机器人的单聊中发送「是」查看"
	}
	return s + "。"
}

// stillOpen is what an answer adds of the sender's questions that still
// wait, here and in his other chats, "" for none: the count is all of
// them; a private chat lists them all, a group lists its own and says
// where the others wait (they may have been asked privately).
func stillOpen(m Message, here, away []pending) string {
	n := len(here) + len(away)
	switch {
	case n == 0:
		return ""
	case len(away) == 0 && n == 1:
		return "\n还有一个问题待回答：" + here[0].q.prompt(false)
	case len(away) == 0:
		return fmt.Sprintf("\n还有 %d 个问题待回答：", n) + listQuestions(here)
	}
	where, _ := awayWhere(m, away)
	switch {
	case len(here) == 0 && m.ChatID == "":
		return fmt.Sprintf("\n还有 %d 个问题在%s中待回答：", n, where) + listQuestions(away)
	case len(here) == 0:
		return fmt.Sprintf("\n还有 %d 个问题在%s中待回答，请到那里回复。", n, where)
	case m.ChatID == "":
		return fmt.Sprintf("\n还有 %d 个问题待回答：", n) + listQuestions(here) + fmt.Sprintf("\n在%s中待回答的：", where) + listQuestions(away)
	}
	return fmt.Sprintf("\n还有 %d 个问题待回答：", n) + listQuestions(here) + fmt.Sprintf("\n另有 %d 个在%s中待回答，请到那里回复。", len(away), where)
}
