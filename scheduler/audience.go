package scheduler

import (
	"context"
	"fmt"
	"strings"
	"time"

	"safetybot"
)

// This file turns a rule's audience into notifications: the staff of a
// working group, the principals of the enterprises a reminder concerns, and
// the assignees and leaders of the morning escalation of overdue hazards.

func missingLine(missing []safetybot.Enterprise, period string) string {
	if len(missing) == 0 {
		return "（尚无企业名录：登记隐患或检查时写明单位后，本提醒将列出未检查的企业。）"
	}
	names := make([]string, 0, len(missing))
	for i, e := range missing {
		if i == 20 {
			names = append(names, fmt.Sprintf("等 %d 家", len(missing)))
			break
		}
		names = append(names, e.Name)
	}
	return fmt.Sprintf("%s尚未登记主要负责人带队检查的企业（%d 家）：%s。", safetybot.PeriodName(period), len(missing), strings.Join(names, "、"))
}

// ownLine is what a principal reads of the quarter's inspections: only his
// own enterprises not yet inspected (names), never the others', which may
// be his competitors.
func ownLine(names []string, period string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = "「" + n + "」"
	}
	return fmt.Sprintf("贵企业%s%s尚未登记主要负责人带队检查。检查后请发送「检查 %s <检查情况>」登记。",
		strings.Join(quoted, "、"), safetybot.PeriodName(period), names[0])
}

// audience expands a stored audience into notifications without bodies.
// principals are the enterprises whose principals a reminder concerns.
// With period set (the quarter of the inspection duty), principals are
// those not yet inspected, and each principal's notification carries in
// its Body his own line (ownLine), which the caller sends him instead of
// the list of every enterprise that staff read.
func (sc *Scheduler) audience(ctx context.Context, aud string, principals []safetybot.Enterprise, period string) ([]safetybot.Notification, error) {
	parts, err := safetybot.ParseAudience(aud)
	if err != nil {
		return nil, err
	}
	var out []safetybot.Notification
	for _, p := range parts {
		switch p.Kind {
		case safetybot.AudienceRole:
			out = append(out, safetybot.NotifyRole(safetybot.Role(p.Target), ""))
		case safetybot.AudienceGroup:
			users, err := sc.store.GroupStaff(ctx, p.Target)
			if err != nil {
				return nil, err
			}
			if len(users) == 0 { // nobody assigned to the 专班 yet: the leaders must know
				out = append(out, safetybot.NotifyRole(safetybot.RoleLeader, ""))
			}
			for _, u := range users {
				out = append(out, safetybot.NotifyUser(u, ""))
			}
		case safetybot.AudiencePrincipals:
			if principals == nil {
				all, err := sc.store.Enterprises(ctx)
				if err != nil {
					return nil, err
				}
				principals = all
			}
			var heads []string // principals, in the enterprises' order
			own := map[string][]string{}
			for _, e := range principals {
				if e.Principal != "" {
					if own[e.Principal] == nil {
						heads = append(heads, e.Principal)
					}
					own[e.Principal] = append(own[e.Principal], e.Name)
				}
			}
			for _, u := range heads {
				n := safetybot.NotifyUser(u, "")
				if period != "" {
					n.Body = ownLine(own[u], period)
				}
				out = append(out, n)
			}
			if len(heads) == 0 { // no principal registered: the staff who supervise them
				out = append(out, safetybot.NotifyRole(safetybot.RoleStaff, ""))
			}
		case safetybot.AudienceWebhook:
			out = append(out, safetybot.Notification{TargetKind: safetybot.TargetWebhook, Target: p.Target})
		case safetybot.AudienceAppChat:
			out = append(out, safetybot.Notification{TargetKind: safetybot.TargetAppChat, Target: p.Target})
		case safetybot.AudienceUser:
			out = append(out, safetybot.NotifyUser(p.Target, ""))
		}
	}
	return out, nil
}

// overdue builds the morning escalation: each open hazard past its deadline
// reminds its assignee (when nobody is assigned, who would verify it; its
// verifiers once it is reported done and awaits 验收: see ask), and a major
// one the leaders too; the dedup key makes it once a day per hazard
// whatever runs it. The verifiers of a working group are read once a run
// (two store reads each), not once an overdue hazard: a county with
// hundreds of them overdue has a handful of groups.
func (sc *Scheduler) overdue(ctx context.Context, now time.Time) ([]safetybot.Notification, error) {
	today := safetybot.DateOf(now)
	hs, err := sc.store.Hazards(ctx, safetybot.HazardFilter{Overdue: true, Today: today})
	if err != nil || len(hs) == 0 {
		return nil, err
	}
	p, err := sc.store.Plan(ctx)
	if err != nil {
		return nil, err
	}
	groupOf := map[string]string{}
	for _, d := range p.Domains {
		groupOf[d.Name] = d.Group
	}
	verifiers := map[string][]string{} // by working group, this run only
	verifiersOf := func(group string) ([]string, error) {
		staff, ok := verifiers[group]
		if !ok {
			var err error
			if staff, err = safetybot.Verifiers(ctx, sc.store, group); err != nil {
				return nil, err
			}
			verifiers[group] = staff
		}
		return staff, nil
	}
	var out []safetybot.Notification
	names := safetybot.NewNames(sc.opt.Directory)
	for _, h := range hs {
		days := 0
		if d, err := h.Deadline.Time(); err == nil {
			days = int(now.Sub(d).Hours()) / 24
		}
		unit := ""
		if h.Unit != "" {
			unit = h.Unit + "："
		}
		dedup := "overdue:" + h.Number + ":" + string(today)
		staff, err := verifiersOf(groupOf[h.Domain])
		if err != nil {
			return nil, err
		}
		assignee := ""
		if h.Assignee != "" {
			assignee = names.Name(ctx, h.Assignee)
		}
		targets := overdueSteps(h, unit, days, staff, assignee)
		if h.Grade == safetybot.GradeMajor {
			who := "尚未指派责任人"
			switch {
			case h.Status == safetybot.StatusVerifying:
				who = "已报整改完成，待验收"
			case h.Assignee != "":
				who = "责任人：" + names.Name(ctx, h.Assignee)
			}
			if h.Status == safetybot.StatusPending {
				who = "尚未确认，" + who // 确认 is the step it waits on
			}
			// a card to the leaders: 催办 (the chat command) and 详情
			c := safetybot.HazardCard(safetybot.CardOverdue, h, "【重大隐患逾期】", fmt.Sprintf("已逾期 %d 天，报领导（%s）", days, who))
			if h.Assignee != "" {
				c.SetRow("责任人", names.Name(ctx, h.Assignee))
			}
			targets = append(targets, safetybot.NotifyCard(safetybot.TargetRole, string(safetybot.RoleLeader), c))
		}
		for i := range targets {
			targets[i].DedupKey = dedup
		}
		out = append(out, targets...)
	}
	return out, nil
}

// ask is the escalation of an overdue hazard that waits on its verifiers
// (safetybot.Verifiers: staff), to assign it or to verify it: each of them
// reads body; while there is nobody, the leaders read none, which says so
// when it has to.
func ask(staff []string, body, none string) []safetybot.Notification {
	if len(staff) == 0 {
		return []safetybot.Notification{safetybot.NotifyRole(safetybot.RoleLeader, none)}
	}
	out := make([]safetybot.Notification, 0, len(staff))
	for _, u := range staff {
		out = append(out, safetybot.NotifyUser(u, body))
	}
	return out
}
