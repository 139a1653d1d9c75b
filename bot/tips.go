package bot

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"safetybot"
	"safetybot/tipdesk"
)

// Anonymous reports (举报). The reporter's side (举报, 查询, 补充) is shared by
// the chat and the public web page through tipdesk.Desk; the handlers' side
// (受理, 回复, 查实, 不予受理, 奖励) and the leaders' counts (举报统计) are chat
// commands. Nothing of the sender is stored or logged: the reporter's
// commands are flagged sensitive (the engine writes no log line for them,
// and transports never persist their replies), and the desk keeps its rate
// limits in memory under a keyed hash of the sender (package tipdesk).

// verifyFields are 上报's fields but 来源 (always 举报查实) and 描述 (the
// text; 隐患 is a synonym of 描述 there), and 隐患 to link an existing
// hazard: 查实 reads a hazard as 上报 does (qa3 item 2).
var verifyFields = fields("单位", "领域", "等级", "期限", "地点", "原因", "依据", "管控", "停产", "措施", "资金", "隐患")

func (e *Engine) tipCommands() []*command {
	return []*command{
		{verb: tipVerb, alias: "tip", perm: permAnyone, privateOnly: true, sensitive: true,
			usage:   "举报 <内容>",
			summary: "匿名举报隐患或违法行为（仅限私聊），返回回执码；不保存您的账号", run: e.tipSubmit,
			longHint: "可先举报主要情况，收到回执码后用「补充 <回执码> <内容>」分多次补充详细材料。"},
		{verb: tipStatusVerb, alias: "status", perm: permAnyone, privateOnly: true, sensitive: true,
			usage:   "查询 <回执码>",
			summary: "凭回执码查看匿名举报的处理进展、受理人回复和奖励情况", run: e.tipStatus,
			longHint: "查询只需发送「查询 <回执码>」（16 位数字）。"},
		{verb: "补充", alias: "addinfo", perm: permAnyone, privateOnly: true, sensitive: true,
			usage:   "补充 <回执码> <内容>",
			summary: "凭回执码为匿名举报补充情况", run: e.tipAddInfo,
			longHint: "可分多次发送「补充 <回执码> <内容>」。"},
		{verb: "受理", alias: "triage", perm: permHandler, privateOnly: true, confidential: true,
			usage:   "受理 [编号] 或 受理 [状态|全部]",
			summary: "列出待处理的匿名举报，或阅览一条（阅览会留痕）", run: e.tipTriage},
		{verb: "回复", alias: "reply", perm: permHandler, privateOnly: true,
			usage:   "回复 <编号> <文本>",
			summary: "回复举报人（举报人凭回执码查看）", run: e.tipReply,
			longHint: "可分多次发送「回复 <编号> <文本>」。"},
		{verb: "查实", alias: "verify", perm: permHandler, privateOnly: true, fields: verifyFields,
			usage:   "查实 <编号> [隐患描述] [单位:] [领域:] [等级:重大|一般] [地点:] [期限:] [停产:] [资金:] … 或 查实 <编号> 隐患:YH2026-0001",
			summary: "举报查实：登记为隐患（来源「举报查实」，不带举报原文）或关联已有隐患", run: e.tipVerify},
		{verb: "不予受理", alias: "decline", perm: permHandler, privateOnly: true,
			usage:   "不予受理 <编号> <原因>",
			summary: "不予受理并说明原因（举报人可见）", run: e.tipDecline},
		{verb: "奖励", alias: "reward", perm: permHandler, privateOnly: true, fields: fields("罚款"),
			usage:   "奖励 <编号> <金额|罚款:金额> <待审核|已批准|已发放|不予奖励>",
			summary: "记录举报奖励（罚款的 15%，3000 元至 30 万元）；已发放或不予奖励即办结", run: e.tipReward},
		{verb: "举报统计", alias: "tipstats", perm: permLeader, privateOnly: true,
			usage:   "举报统计",
			summary: "匿名举报的数量统计（不含内容）", run: e.tipStats},
	}
}

// tipVerb is the anonymous-report command; the engine remembers (in memory,
// hashed) who used it lately so a photo sent after it is not filed.
const tipVerb = "举报"

// tipStatusVerb is 查询, the reporter's look-up by receipt code.
const tipStatusVerb = "查询"

// hazardQueryHint reads the text after 查询 as a question about a hazard
// rather than a receipt code: 隐患, or a hazard number, and no receipt code.
// 查询 is also the everyday word for a look-up, and a spoken 「查询隐患
// YH2026-0013」 (QA2 item 15) was told no receipt code was found, in a group
// even told to withdraw a 举报. The reply names the command instead of
// answering it, as for other verbs people use (verbVariants).
func hazardQueryHint(rest string) (string, bool) {
	if _, _, isCode := safetybot.ExtractReceipt(rest); isCode {
		return "", false
	}
	t := strings.TrimLeft(rest, " ，,。.：:")
	number, ok := findHazardNumber(t)
	const what = "「查询」用于凭回执码查看匿名举报的进展。"
	switch {
	case ok:
		return fmt.Sprintf(what+"查看隐患 %s 请发送「隐患 %s」。", number, number), true
	case strings.HasPrefix(t, "隐患"):
		return what + "查看隐患请发送「隐患 <编号>」（如「隐患 YH2026-0001」），或发送「隐患」查看清单。", true
	}
	return "", false
}

func (e *Engine) tipClient(r *request) tipdesk.Client { return e.tips.ChatClient(r.user.ID) }

func (e *Engine) tipSubmit(ctx context.Context, r *request) (string, error) {
	// The text after the verb, fields included: a report is free text.
	_, body := splitVerb(mustText(r.msg.Text), e.verbs)
	if strings.TrimSpace(body) == "" {
		return "", r.usageError("请写明举报内容：什么单位、什么地点、存在什么隐患或违法行为。")
	}
	code, err := e.tips.Submit(ctx, e.tipClient(r), body, nil)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf(`已收到您的匿名举报。您的回执码（只显示这一次）：

%s

请立即抄写或截图保存，不要告诉他人；保存后可删除本条消息。
· 查看进展和受理人回复：私聊发送「查询 <回执码>」
· 补充情况：发送「补充 <回执码> <内容>」
· 回执码是领取举报奖励的唯一凭证，遗失无法补发，任何人都无法替您查回。
· 请不要在这里发照片：照片带着您的账号和发送时刻，10 分钟内发来的照片和位置一律不保存。%s

我们保存了什么：举报内容和收到的日期（不含时刻）。
没有保存：您的企业微信账号、会话、消息编号和发送时刻；日志也不记录发送人。
请注意：企业微信平台本身（以及单位如开通的会话内容存档）知道这条消息是谁发的，因此这里是「保密」而非完全匿名。如需完全匿名，请使用无需登录的网页举报：%s ，并避免在内容中写出能认出您的细节。`,
		safetybot.FormatReceipt(code), tipPhotoHint(e.tips.ReportURL()), e.tips.ReportURL()), nil
}

// mustText is the message text as the engine cleaned it.
func mustText(s string) string {
	t, _ := checkText(s)
	return t
}

func (e *Engine) tipStatus(ctx context.Context, r *request) (string, error) {
	// The text after the verb as sent: a pasted code may look like a field
	// (回执码：…) or carry punctuation the field reader would take apart.
	_, rest := splitVerb(mustText(r.msg.Text), e.verbs)
	if strings.TrimSpace(rest) == "" {
		return "", r.usageError("请写上 16 位回执码。")
	}
	t, err := e.tips.Lookup(ctx, e.tipClient(r), rest)
	if err != nil {
		return "", err
	}
	return tipdesk.StatusText(t), nil
}

func (e *Engine) tipAddInfo(ctx context.Context, r *request) (string, error) {
	_, rest := splitVerb(mustText(r.msg.Text), e.verbs)
	code, body, ok := safetybot.ExtractReceipt(rest)
	if !ok {
		return "", tipdesk.ErrReceiptFormat // a hint; not counted as a wrong code
	}
	if _, err := e.tips.AddInfo(ctx, e.tipClient(r), code, body, nil); err != nil {
		return "", err
	}
	return "补充内容已收到，受理人会看到。发送「查询 <回执码>」查看进展和回复。", nil
}

// The ids the store gives reports (store's randomTipID): seven digits, the
// first not 0.
const (
	minTipID = 1_000_000
	maxTipID = 9_999_999
)

func (e *Engine) tipTriage(ctx context.Context, r *request) (string, error) {
	f := safetybot.TipFilter{OpenOnly: true}
	if len(r.args.Words) > 0 {
		w := r.args.Words[0]
		switch {
		case w == "全部" || strings.EqualFold(w, "all"):
			f.OpenOnly = false
		case isTipStatus(w):
			f.Status, _ = safetybot.ParseTipStatus(w)
		default:
			id, err := e.tipID(r)
			if safetybot.ErrorCode(err) == safetybot.ENOTFOUND {
				return "", err // a number, but no report's
			}
			if err != nil {
				return "", r.usageError("请写举报编号，或状态（待受理、受理中、已查实、不予受理、已办结）、全部。")
			}
			return e.tipRead(ctx, r.user.ID, id)
		}
	}
	tips, err := e.store.Tips(ctx, f, r.user.ID)
	if err != nil {
		return "", err
	}
	if len(tips) == 0 {
		return "没有符合条件的匿名举报。", nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "匿名举报共 %d 条（阅览：受理 <编号>）：\n", len(tips))
	for i, t := range tips {
		if i == 30 {
			fmt.Fprintf(&b, "……另有 %d 条，请按状态筛选。", len(tips)-30)
			break
		}
		fmt.Fprintf(&b, "%s %s %s", safetybot.TipRef(t.ID), t.Day, t.Shown())
		if t.NewInfo {
			b.WriteString("【有新补充】")
		}
		switch {
		case t.RewardSuspended():
			b.WriteString(" 奖励已暂停")
		case t.Reward != "":
			fmt.Fprintf(&b, " 奖励%s", t.Reward)
		}
		b.WriteString("\n")
	}
	return strings.TrimRight(b.String(), "\n"), nil
}

func isTipStatus(s string) bool {
	_, ok := safetybot.ParseTipStatus(s)
	return ok
}

func (e *Engine) tipRead(ctx context.Context, actor string, id int64) (string, error) {
	t, err := e.store.ChangeTip(ctx, id, actor, func(t *safetybot.Tip) (safetybot.TipChange, error) {
		var err error
		t.Status, err = t.Next(safetybot.TipRead)
		t.NewInfo = false
		return safetybot.TipChange{Action: string(safetybot.TipRead)}, err
	})
	if err != nil {
		return "", err
	}
	audit, err := e.store.TipAudit(ctx, id)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "举报 %s｜%s｜收到于 %s\n", safetybot.TipRef(t.ID), t.Shown(), t.Day)
	fmt.Fprintf(&b, "内容：%s\n", t.Body)
	if t.Photos > 0 {
		// The photos are not sent in chat: WeCom would keep copies outside
		// the retention, and a forwarded chat message reaches anyone.
		fmt.Fprintf(&b, "照片：%d 张，只在驾驶舱查看（以受理人身份登录，查看会留痕）：%s%s\n", t.Photos, e.dashURL, safetybot.TipPhotosPath(t.ID))
	}
	for _, m := range t.Messages {
		who := "举报人补充"
		if m.FromHandler {
			who = "回复"
		}
		fmt.Fprintf(&b, "%s %s：%s\n", m.Day, who, m.Body)
	}
	if t.HazardNumber != "" {
		fmt.Fprintf(&b, "已查实为隐患 %s%s\n", t.HazardNumber, e.rejectedSince(ctx, t.HazardNumber))
	}
	if t.DeclineReason != "" && !t.DeclineReplied() {
		fmt.Fprintf(&b, "不予受理原因：%s\n", t.DeclineReason)
	}
	switch {
	case t.RewardSuspended():
		fmt.Fprintf(&b, "奖励：已暂停（原记录 %s %s 元；登记的隐患已被驳回，不能批准或发放，举报人查询看到「暂无」。误驳回的请该领域工作人员「撤销 %s」后恢复，确定不奖励的请「奖励 %d 不予奖励」办结，如需告知举报人请「回复」）\n",
			t.Reward, safetybot.FormatYuan(t.RewardYuan), t.HazardNumber, t.ID)
	case t.Reward != "":
		fmt.Fprintf(&b, "奖励：%s %s 元\n", t.Reward, safetybot.FormatYuan(t.RewardYuan))
	}
	b.WriteString("经手记录：")
	for _, a := range audit {
		fmt.Fprintf(&b, "%s %s %s；", time.UnixMilli(a.At).In(safetybot.Shanghai).Format("01-02 15:04"), e.name(ctx, a.Actor), a.Action)
	}
	b.WriteString("\n保密提示：不得向被举报方或无关人员透露举报内容；转交时请删去可能识别举报人的细节。")
	b.WriteString("\n" + tipNextSteps(t))
	return b.String(), nil
}

// tipNextSteps is what a handler may do next with t, asked of the
// lifecycle (Tip.Next) so it never offers what would be refused (QA: a
// report already 已查实 was still offered 查实 and 不予受理).
func tipNextSteps(t *safetybot.Tip) string {
	steps := []string{fmt.Sprintf("「回复 %d <文本>」", t.ID)}
	if _, err := t.Next(safetybot.TipVerify); err == nil {
		steps = append(steps, fmt.Sprintf("「查实 %d <隐患描述> 单位:… 领域:…」", t.ID))
	}
	if _, err := t.Next(safetybot.TipDecline); err == nil {
		steps = append(steps, fmt.Sprintf("「不予受理 %d <原因>」", t.ID))
	}
	if _, err := t.Next(safetybot.TipReward); err == nil {
		switch {
		case !t.CountsVerified(): // 查实后被驳回: no reward but its refusal (Tip.NextReward)
			steps = append(steps, fmt.Sprintf("「奖励 %d 不予奖励」", t.ID))
		case t.Reward == safetybot.RewardNone:
			steps = append(steps, fmt.Sprintf("「奖励 %d 罚款:<罚款金额> 待审核」", t.ID), fmt.Sprintf("「奖励 %d 不予奖励」", t.ID))
		case t.Reward == safetybot.RewardPending:
			steps = append(steps, fmt.Sprintf("「奖励 %d 已批准」", t.ID), fmt.Sprintf("「奖励 %d 不予奖励」", t.ID))
		case t.Reward == safetybot.RewardApproved:
			steps = append(steps, fmt.Sprintf("「奖励 %d 已发放」", t.ID))
		}
	}
	if len(steps) == 1 {
		return fmt.Sprintf("此举报当前为「%s」，只能%s。", t.Status, steps[0])
	}
	return "下一步：" + strings.Join(steps[:len(steps)-1], "") + "或" + steps[len(steps)-1] + "。"
}

func (e *Engine) tipReply(ctx context.Context, r *request) (string, error) {
	id, err := e.tipID(r)
	if err != nil {
		return "", err
	}
	text, err := e.tipRestText(r)
	if err != nil {
		return "", err
	}
	t, err := e.store.ChangeTip(ctx, id, r.user.ID, func(t *safetybot.Tip) (safetybot.TipChange, error) {
		var err error
		t.Status, err = t.Next(safetybot.TipReply)
		return safetybot.TipChange{Action: string(safetybot.TipReply), Reply: text}, err
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("已回复举报 %s（%s）。举报人凭回执码「查询」即可看到。", safetybot.TipRef(t.ID), t.Status), nil
}

// tipRestText is the free text after the id, as written (a reply is prose:
// nothing in it is taken as a field), the id read as every tip command
// reads it (splitTipNumber).
func (e *Engine) tipRestText(r *request) (string, error) {
	_, rest := splitVerb(mustText(r.msg.Text), e.verbs)
	_, text := splitTipNumber(rest)
	if text == "" {
		return "", r.usageError("请在编号后写上内容。")
	}
	if n := utf8.RuneCountInString(text); n > 1000 {
		return "", r.usageError(fmt.Sprintf("内容过长（%d 字），请控制在 1000 字以内。", n))
	}
	return text, nil
}
