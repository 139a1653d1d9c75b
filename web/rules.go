package web

import (
	"net/http"
	"sort"
	"time"

	"safetybot"
	"safetybot/plan"
)

// ruleRow is one reminder rule with its next occurrence.
type ruleRow struct {
	*safetybot.Rule
	KindName string
	Audience string
	Words    string    // the schedule in words (每月最后一个工作日 9:00)
	Next     time.Time // zero: no occurrence within a year (ended)
	State    string    // 待发送, 本期已完成, 已暂停, 已结束, 规则有误
	Problem  string
}

var ruleKinds = map[string]string{
	safetybot.RuleDuty: "方案职责", safetybot.RuleCustom: "自定义", safetybot.RuleDigest: "每日摘要", safetybot.RuleOverdue: "逾期督办",
}

// rules lists the scheduler's reminder rules, soonest first, with whether
// the duty they remind of is already done for that period (the scheduler
// then stays silent).
func (d *Dashboard) rules(w http.ResponseWriter, r *http.Request, u *safetybot.User) {
	ctx := r.Context()
	rules, err := d.store.Rules(ctx)
	if err != nil {
		d.fail(w, r, u, err)
		return
	}
	duties, err := d.store.Duties(ctx)
	if err != nil {
		d.fail(w, r, u, err)
		return
	}
	counts, err := d.store.DutyCounts(ctx)
	if err != nil {
		d.fail(w, r, u, err)
		return
	}
	periodOf := map[string]string{}
	for _, du := range duties {
		periodOf[du.Key] = du.Period
	}
	done := map[[2]string]bool{}
	for _, c := range counts {
		done[[2]string{c.Duty, c.Period}] = true
	}
	now := d.now()
	all := r.URL.Query().Get("all") == "1"
	data := &rulesData{All: all}
	rows := make([]ruleRow, 0, len(rules))
	for _, rl := range rules {
		row := ruleRow{Rule: rl, KindName: ruleKinds[rl.Kind], Audience: safetybot.AudienceName(rl.Audience, d.groupName), Words: plan.Describe(rl)}
		sched, err := plan.ParseSpec(rl.Spec)
		switch {
		case err != nil:
			row.State, row.Problem = "规则有误", safetybot.ErrorMessage(err)
		default:
			row.Next = plan.Next(rl, sched, now)
			switch {
			case rl.Paused:
				row.State = "已暂停"
			case row.Next.IsZero():
				row.State = "已结束"
			case rl.Kind == safetybot.RuleDuty && periodOf[rl.Duty] != "" &&
				done[[2]string{rl.Duty, safetybot.PeriodKey(periodOf[rl.Duty], row.Next)}]:
				row.State = "本期已完成"
			default:
				row.State = "待发送"
			}
		}
		if row.State == "已结束" && !all {
			data.Ended++ // an ended rule fires no more: listed only on request
			continue
		}
		rows = append(rows, row)
	}
	rank := func(x ruleRow) int {
		switch {
		case x.Problem != "":
			return 0
		case x.Paused || x.Next.IsZero():
			return 2
		}
		return 1
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if a, b := rank(rows[i]), rank(rows[j]); a != b {
			return a < b
		}
		return rows[i].Next.Before(rows[j].Next)
	})
	data.Rows = rows
	d.render(w, r, http.StatusOK, "rules", &page{User: u, Title: "提醒规则", Nav: "rules", Data: data})
}

// rulesData is the rules page: the rules still to fire (or all of them
// with ?all=1) and how many ended ones are left out.
type rulesData struct {
	Rows  []ruleRow
	Ended int
	All   bool
}
