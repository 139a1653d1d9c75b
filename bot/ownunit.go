package bot

import (
	"context"
	"time"

	"safetybot"
)

// selfUnitWords are how a principal names his own enterprise in 检查.
var selfUnitWords = map[string]bool{
	"本企业": true, "本单位": true, "本公司": true, "我公司": true, "我单位": true,
	"我企业": true, "我司": true, "本司": true, "我们公司": true, "我们单位": true,
}

// ownInspection records the inspection of a principal who wrote 本企业 (or
// 本单位, 我公司…) for the enterprise he is the registered principal of: he
// knows no other name to type for it, and was refused (QA13 item 4). With
// several enterprises it asks which, one at a time as any other guess is
// asked; with none, it says to write the name. ok is false when typed is no
// such word.
func (e *Engine) ownInspection(ctx context.Context, r *request, typed, note string, day time.Time, on safetybot.Date, notice string) (reply string, ok bool, err error) {
	if !selfUnitWords[typed] {
		return "", false, nil
	}
	mine := r.user.Enterprises
	switch len(mine) {
	case 0:
		return "", true, r.usageError("「" + typed + "」指哪家单位？您不是登记的企业主要负责人，请写明单位名称，未登记检查。")
	case 1:
		reply, err = e.saveInspection(ctx, r.user.ID, mine[0], typed, note, day, on, notice)
		return reply, true, err
	}
	reply, err = e.ask(ctx, r.msg, question{Kind: questionInspection, Unit: mine[0], Alts: mine[1:], Typed: typed, Note: note,
		Actor: r.user.ID, Day: day.UnixMilli(), On: string(on), Told: notice != ""}), nil
	return reply, true, err
}
