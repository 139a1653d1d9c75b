package bot

import (
	"fmt"
	"strings"

	"safetybot"
)

// A hazard's description goes only to whom 隐患 <编号> shows it
// (mayViewHazard: staff and the hazard's assignee; the README's rule). In a
// group the bot cannot know who reads its answer — the reported company,
// the employee who reported it — so there 隐患 lists no row and shows no
// detail: a list is answered with its count, and the sender is told the
// same command in the private chat shows the rows (QA16 #7: staff's 隐患
// in a group listed every company's hazards, a principal's his own). The
// rows are not pushed to the private chat unasked: a reply goes back where
// the message came from, and the intelligent robot has no way to the app's
// chat.

// groupHazardDetail refuses 隐患 <编号> in a group, whoever asks, before
// the hazard is read: the answer is the same whether it exists or not.
func groupHazardDetail(number string) error {
	return safetybot.Errorf(safetybot.EFORBIDDEN, "群聊中不显示隐患的描述和全程记录（群里的人不一定都能查看这条隐患）。"+
		"请在与机器人的私聊中发送「隐患 %s」查看。", number)
}

// groupHazardCount is 隐患's answer in a group: how many hazards the filter
// holds, and the command that lists them privately.
func groupHazardCount(title string, total int, words []string) string {
	if total == 0 {
		return title + "：无。"
	}
	cmd := strings.TrimSpace("隐患 " + strings.Join(words, " "))
	return fmt.Sprintf("%s共 %d 条。群聊中不列出隐患描述，请在与机器人的私聊中发送「%s」查看。", title, total, cmd)
}
