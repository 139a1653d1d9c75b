package bot

// The handlers' decisions on an anonymous report (查实, 不予受理, 奖励) and
// the figures of the desk: what leaves a trace in the ledger or the
// leaders' notes. The reading and replying side is tips.go.

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"safetybot"
)

func (e *Engine) tipVerify(ctx context.Context, r *request) (string, error) {
	id, err := e.tipID(r)
	if err != nil {
		return "", err
	}
	var h *safetybot.Hazard
	var hr hazardReading
	link := r.args.Fields["隐患"]
	if link != "" {
		num, ok := parseHazardNumber(link)
		if !ok {
			return "", r.usageError(fmt.Sprintf("「%s」不是隐患编号，例如 YH2026-0001。", safetybot.Truncate(link, 20)))
		}
		lh, events, err := e.store.Hazard(ctx, num)
		if err != nil {
			return "", err
		}
		if lh.Status == safetybot.StatusRejected {
			return "", e.linkedRejected(ctx, id, num, events)
		}
		link = num
	} else {
		// Only what the handler writes reaches the ledger, never the report.
		desc := strings.TrimSpace(r.args.rest(1))
		if desc == "" {
			desc = "匿名举报查实的隐患（详情由受理人掌握，请补充描述）"
		}
		if n := utf8.RuneCountInString(desc); n > 500 {
			return "", r.usageError(fmt.Sprintf("隐患描述过长（%d 字），请控制在 500 字以内。", n))
		}
		h = &safetybot.Hazard{Description: desc, Location: r.args.Fields["地点"], Grade: safetybot.GradeGeneral}
		// Read as 上报 reads (qa3 items 1, 2), the unit matched as 上报
		// matches it (QA item 2: 通达危货 was stored as typed).
		if hr, err = e.readHazard(ctx, r, h, "受理人"); err != nil {
			return "", err
		}
	}
	var leaders []string
	if h != nil && (h.Grade == safetybot.GradeMajor || hr.suspect) {
		if leaders, err = e.leaders(ctx); err != nil {
			return "", err
		}
	}
	t, err := e.store.ChangeTip(ctx, id, r.user.ID, func(t *safetybot.Tip) (safetybot.TipChange, error) {
		next, err := t.Next(safetybot.TipVerify)
		if err != nil {
			return safetybot.TipChange{}, err
		}
		t.Status = next
		if link != "" {
			t.HazardNumber = link
		}
		return safetybot.TipChange{Action: string(safetybot.TipVerify), Hazard: h, HazardNotes: verifiedNotice(hr.suspect)}, nil
	})
	if err != nil {
		return "", err
	}
	reply := fmt.Sprintf("举报 %s 已查实，", safetybot.TipRef(t.ID))
	if h != nil {
		reply += fmt.Sprintf("已登记隐患 %s（%s，来源：举报查实，未带举报原文）。", h.Number, h.Grade) + e.verifiedLines(ctx, r, h, hr, leaders)
	} else {
		reply += "已关联隐患 " + link + "。" + linkedIgnored(r.args, link)
	}
	reply += fmt.Sprintf("\n如符合奖励条件，请「奖励 %d 罚款:<罚款金额> 待审核」。", t.ID)
	return reply, nil
}

// linkedRejected refuses to verify report id into hazard number, which was
// rejected (驳回): a report verified into a rejected hazard does not count
// as verified and gets no reward (Tip.CountsVerified), so it was accepted,
// invited 奖励 … 待审核, and then refused (QA10 #15). The reply says when,
// by whom and why the hazard was rejected, and what may be done instead.
func (e *Engine) linkedRejected(ctx context.Context, id int64, number string, events []safetybot.HazardEvent) error {
	why := "已被驳回"
	for i := len(events) - 1; i >= 0; i-- {
		if ev := events[i]; ev.Action == string(safetybot.TransReject) && !ev.Undone {
			why = fmt.Sprintf("已于 %s 被 %s 驳回（%s）", ev.At.In(safetybot.Shanghai).Format("01-02"), e.name(ctx, ev.Actor), safetybot.Truncate(ev.Note, 60))
			break
		}
	}
	return safetybot.Errorf(safetybot.ECONFLICT, "隐患 %s %s，不能作为举报 %s 查实的隐患，未作处理。如属误驳回，本领域工作人员可「撤销 %s」恢复后再查实；举报所说的是另一处隐患的，请「查实 %d <隐患描述>」登记。",
		number, why, safetybot.TipRef(id), number, id)
}

// verifiedLines are 查实's reply after the new hazard's number: what was
// read and what was not, as 上报 says it, and the grade's consequences.
func (e *Engine) verifiedLines(ctx context.Context, r *request, h *safetybot.Hazard, hr hazardReading, leaders []string) string {
	rd := hr.rd
	rd.got = append([]string{"领域：" + orText(h.Domain, "未填"), "单位：" + orText(h.Unit, "未填") + hr.unitNote,
		"地点：" + orText(h.Location, "未填"), "期限：" + orText(string(h.Deadline), "未填") + e.pastNote(h.Deadline)}, rd.got...)
	reply := rd.summary(r.args, "描述")
	switch {
	case h.Grade == safetybot.GradeMajor && len(leaders) > 0:
		reply += "\n重大隐患，已通知领导。"
	case h.Grade == safetybot.GradeMajor:
		reply += "\n重大隐患，但尚未设置领导，未能通知，请管理员发送「授权 <userid> 领导」。"
	case hr.suspect:
		reply += fmt.Sprintf("\n请确认等级：描述提到「重大」，但未写明等级，暂按一般登记，已告知领导「可能为重大」。如属重大隐患，请工作人员发送「修改 %s 等级:重大」。", h.Number)
	}
	if hr.unitAsk != nil {
		reply += "\n" + e.ask(ctx, r.msg, hr.unitAsk(h.Number))
	}
	if len(rd.keys) > 0 {
		reply += fmt.Sprintf("\n未能读取的字段请工作人员补全：「修改 %s %s」。", h.Number, strings.Join(rd.keys, ":… ")+":…")
	}
	if h.Domain == "" || (h.Unit == "" && hr.unitAsk == nil) {
		reply += fmt.Sprintf("\n单位或领域未填，请工作人员补全后「确认 %s」并「指派」。", h.Number)
	}
	return reply
}

// linkedIgnored is the line saying that what 查实 was given besides 隐患:
// was not applied to the linked hazard, which it does not change: nothing
// typed is dropped without a word. "" when nothing else was given.
func linkedIgnored(a args, number string) string {
	var keys []string
	if strings.TrimSpace(a.rest(1)) != "" {
		keys = append(keys, "描述")
	}
	for _, f := range verifyFields.specs {
		if _, ok := a.Fields[f.key]; ok && f.key != "隐患" {
			keys = append(keys, f.key)
		}
	}
	keys = append(keys, a.Unknown...)
	if len(keys) == 0 {
		return ""
	}
	return fmt.Sprintf("\n未采用：%s（关联已有隐患时不修改它；如需更正，请工作人员发送「修改 %s 字段:值」）。", strings.Join(keys, "、"), number)
}

// verifiedNotice tells leaders of a hazard registered from a verified
// report: a major one with the same card as any hazard registered 重大
// (确认, 督办, 详情), so they can act on it alike; one whose description
// mentions 重大 without a grade as 上报's 可能为重大 notice (qa3 item 1: it
// was stored 一般 and nobody was told). Neither names a reporter: the
// reporter is anonymous, and the card carries the handler's words only.
func verifiedNotice(suspect bool) func(h *safetybot.Hazard) []safetybot.Notification {
	return func(h *safetybot.Hazard) []safetybot.Notification {
		switch {
		case h.Grade == safetybot.GradeMajor:
			return []safetybot.Notification{majorCard(h, "举报查实，请确认并督办", "")}
		case suspect:
			return []safetybot.Notification{suspectNotice(h, "查实时未写明等级，暂按一般登记；受理人写的描述提到「重大」，已请受理人确认。", "")}
		}
		return nil
	}
}

func (e *Engine) tipDecline(ctx context.Context, r *request) (string, error) {
	id, err := e.tipID(r)
	if err != nil {
		return "", err
	}
	reason, err := e.tipRestText(r)
	if err != nil {
		return "", r.usageError("请写明不予受理的原因（举报人可见）。")
	}
	t, err := e.store.ChangeTip(ctx, id, r.user.ID, func(t *safetybot.Tip) (safetybot.TipChange, error) {
		next, err := t.Next(safetybot.TipDecline)
		if err != nil {
			return safetybot.TipChange{}, err
		}
		t.Status, t.DeclineReason = next, reason
		return safetybot.TipChange{Action: string(safetybot.TipDecline), Reply: safetybot.DeclineReply(reason)}, nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("举报 %s 已不予受理，原因已告知举报人。%d 天后删除。", safetybot.TipRef(t.ID), e.tips.RetentionDays()), nil
}

func (e *Engine) tipReward(ctx context.Context, r *request) (string, error) {
	id, err := e.tipID(r)
	if err != nil {
		return "", err
	}
	var status safetybot.RewardStatus
	var amount int64 = -1
	var basis string // how a fine became the amount
	for _, w := range r.args.Words[1:] {
		if st, ok := safetybot.ParseRewardStatus(w); ok {
			status = st
			continue
		}
		v, err := safetybot.ParseYuan(w)
		if err != nil {
			return "", r.usageError(fmt.Sprintf("「%s」既不是金额也不是奖励状态（待审核、已批准、已发放、不予奖励）。", safetybot.Truncate(w, 12)))
		}
		amount = v
	}
	if fine, ok := r.args.Fields["罚款"]; ok {
		v, err := safetybot.ParseYuan(fine)
		if err != nil {
			return "", err
		}
		if amount >= 0 {
			return "", r.usageError("金额和罚款只写一个：写罚款时按 15% 自动计算。")
		}
		amount = safetybot.RewardForFine(v)
		basis = rewardBasis(v, amount)
	}
	if status == "" {
		return "", r.usageError("请写明奖励状态：待审核、已批准、已发放 或 不予奖励。")
	}
	if status == safetybot.RewardRefused {
		amount = 0
	} else if amount >= 0 {
		if err := safetybot.CheckRewardAmount(amount); err != nil {
			return "", err
		}
	}
	var was string // the reward recorded before, when this changes it
	t, err := e.store.ChangeTip(ctx, id, r.user.ID, func(t *safetybot.Tip) (safetybot.TipChange, error) {
		if _, err := t.Next(safetybot.TipReward); err != nil {
			return safetybot.TipChange{}, err
		}
		// A new amount, or an approval taken back, changes what the
		// reporter was told: the reply says what it replaced.
		was = ""
		changed := amount >= 0 && amount != t.RewardYuan
		back := t.Reward == safetybot.RewardApproved && status == safetybot.RewardPending
		if t.Reward != safetybot.RewardNone && (changed || back) {
			was = rewardText(t.Reward, t.RewardYuan)
		}
		if amount < 0 {
			if t.RewardYuan == 0 {
				return safetybot.TipChange{}, safetybot.Errorf(safetybot.EINVALID, "首次记录奖励请写金额或「罚款:金额」，例如「奖励 %d 罚款:100000 待审核」。", t.ID)
			}
			amount = t.RewardYuan
		}
		next, err := t.NextReward(status)
		if err != nil {
			return safetybot.TipChange{}, err
		}
		t.Status, t.RewardYuan, t.Reward = next, amount, status
		return safetybot.TipChange{Action: string(safetybot.TipReward) + string(status)}, nil
	})
	if err != nil {
		return "", err
	}
	reply := fmt.Sprintf("举报 %s 奖励：%s", safetybot.TipRef(t.ID), rewardText(status, t.RewardYuan))
	if basis != "" {
		reply += "（" + basis + "）"
	}
	if was != "" {
		reply += "，原记录为" + was + "，已更改"
	}
	reply += "。举报人凭回执码「查询」可见。"
	if t.Status == safetybot.TipClosed {
		reply += fmt.Sprintf("举报已办结，%d 天后删除。", e.tips.RetentionDays())
	} else if status == safetybot.RewardApproved {
		reply += "请用「回复」告知举报人凭回执码领取的方式。"
	}
	return reply, nil
}

// rewardText is a reward as the replies show it: 待审核 15,000 元, 不予奖励.
func rewardText(status safetybot.RewardStatus, yuan int64) string {
	if status == safetybot.RewardRefused {
		return string(status)
	}
	return fmt.Sprintf("%s %s 元", status, safetybot.FormatYuan(yuan))
}

// rewardBasis says how fine became reward: 15% of it, or the rule's minimum
// or maximum when 15% falls outside them, so a handler who wrote 罚款:1万
// is told the 1,500 元 was raised to 3,000 元 instead of finding it so.
func rewardBasis(fine, reward int64) string {
	pct := fine * safetybot.RewardPercentage / 100
	basis := fmt.Sprintf("罚款 %s 元的 %d%% 为 %s 元", safetybot.FormatYuan(fine), safetybot.RewardPercentage, safetybot.FormatYuan(pct))
	switch {
	case pct < reward:
		return basis + fmt.Sprintf("，低于最低 %s 元，按最低额记录", safetybot.FormatYuan(safetybot.RewardMinYuan))
	case pct > reward:
		return basis + fmt.Sprintf("，高于最高 %s 元，按最高额记录", safetybot.FormatYuan(safetybot.RewardMaxYuan))
	}
	return basis
}

func (e *Engine) tipStats(ctx context.Context, r *request) (string, error) {
	c, err := e.store.TipCounts(ctx)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "匿名举报统计（仅数量，不含内容）：共 %d 条\n", c.Total())
	for _, st := range safetybot.TipStatuses {
		fmt.Fprintf(&b, "%s %d｜", st, c.ByStatus[st])
	}
	s := strings.TrimSuffix(b.String(), "｜")
	b.Reset()
	b.WriteString(s)
	if c.VerifiedRejected > 0 {
		// counted apart, as the annual summary leaves them out of 属实
		fmt.Fprintf(&b, "｜%s %d\n（查实后登记的隐患经核查被驳回的举报，不计入已查实、已办结，与年度总结的「属实」同一口径）", safetybot.TipStatusHazardRejected, c.VerifiedRejected)
	}
	b.WriteString("\n奖励：")
	for _, st := range safetybot.RewardStatuses {
		fmt.Fprintf(&b, "%s %d｜", st, c.ByReward[st])
	}
	if c.RewardSuspended > 0 {
		// by Tip.RewardShown: not in 待审核 or 已批准
		fmt.Fprintf(&b, "已暂停 %d（隐患被驳回，不再审核、发放）｜", c.RewardSuspended)
	}
	fmt.Fprintf(&b, "已发放合计 %s 元", safetybot.FormatYuan(c.PaidYuan))
	return b.String(), nil
}

// rejectedSince is what the handler reads beside 已查实为隐患 <number> when
// that hazard was rejected after the verification: by whom, when and why,
// and that the report no longer counts as verified (the annual summary
// leaves it out). "" while the hazard stands.
func (e *Engine) rejectedSince(ctx context.Context, number string) string {
	h, events, err := e.store.Hazard(ctx, number)
	if err != nil || h.Status != safetybot.StatusRejected {
		return ""
	}
	for i := len(events) - 1; i >= 0; i-- {
		if ev := events[i]; ev.Action == string(safetybot.TransReject) {
			return fmt.Sprintf("（该隐患已于 %s 被 %s 驳回：%s；本举报不再计入查实数，如需告知举报人请「回复」）",
				ev.At.In(safetybot.Shanghai).Format("01-02"), e.name(ctx, ev.Actor), safetybot.Truncate(ev.Note, 60))
		}
	}
	return "（该隐患已被驳回；本举报不再计入查实数，如需告知举报人请「回复」）"
}

// rejectedTipsNotice tells the handlers that hazard h, into which reports
// tips were verified, was rejected by who for reason: the 查实 no longer
// stands in the figures, and only a handler may tell the reporter.
func rejectedTipsNotice(h *safetybot.Hazard, tips []int64, who, reason string) safetybot.Notification {
	refs := make([]string, len(tips))
	for i, id := range tips {
		refs[i] = safetybot.TipRef(id)
	}
	return safetybot.NotifyRole(safetybot.RoleHandler, fmt.Sprintf("【查实的隐患被驳回】隐患 %s（由举报 %s 查实登记）已被 %s 驳回：%s。该举报不再计入查实数；已记录待审核或已批准的奖励随之暂停，不能批准或发放，举报人查询时奖励显示为「暂无」。请「受理 %d」核实，如需告知举报人请「回复 %d <内容>」。",
		h.Number, strings.Join(refs, "、"), who, safetybot.Truncate(reason, 60), tips[0], tips[0]))
}
