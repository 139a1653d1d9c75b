package bot

import (
	"context"
	"strings"
	"testing"

	"safetybot"
	"safetybot/internal/storetest"
)

// cardOf returns the card queued to user about number (kind), from the outbox.
func (f *fixture) cardOf(user string, kind safetybot.CardKind) *safetybot.Card {
	f.t.Helper()
	due, err := storetest.PendingOutbox(context.Background(), f.store, 1000)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, m := range due {
		if m.Card != nil && m.Card.Kind == kind && strings.Contains("|"+m.Target+"|", "|"+user+"|") {
			return m.Card
		}
	}
	f.t.Fatalf("no %s card to %s in the outbox", kind, user)
	return nil
}

// lastUpdate returns the newest card update in the outbox (nil for none),
// checking it goes to every recipient of its card.
func (f *fixture) lastUpdate() *safetybot.CardUpdate {
	f.t.Helper()
	due, err := storetest.PendingOutbox(context.Background(), f.store, 1000)
	if err != nil {
		f.t.Fatal(err)
	}
	var update *safetybot.CardUpdate
	for _, m := range due {
		if m.Update != nil {
			update = m.Update
		}
	}
	return update
}

func (f *fixture) click(user string, c *safetybot.Card, key, code string) string {
	f.t.Helper()
	replies := f.engine.Handle(context.Background(), Message{Source: "test", ChatType: ChatSingle, UserID: user,
		Kind: KindCardClick, TaskID: c.TaskID, EventKey: key, ResponseCode: code})
	var texts []string
	for _, r := range replies {
		texts = append(texts, r.Text)
	}
	return strings.Join(texts, "\n")
}

func TestSuperviseAndUrge(t *testing.T) {
	f := newFixture(t)
	f.converse([]step{
		{"admin", "授权 leader1 领导", nil, nil},
		{"admin", "授权 wang 工作人员 道路运输", nil, nil},
		{"admin", "授权 zhao 工作人员", nil, nil},
		{"zhangsan", majorReport, []string{"YH2026-0001"}, nil},
		// unassigned: the field's staff are told to assign
		{"leader1", "督办 YH2026-0001 请本周内落实", []string{"已督办 YH2026-0001", "尚未指派责任人"}, nil},
		{"zhao", "督办 YH2026-0001", []string{"仅限领导"}, nil},
		{"zhangsan", "催办 YH2026-0001", []string{"仅限工作人员"}, nil},
		{"admin", "指派 YH2026-0001 lisi", nil, nil},
		{"zhao", "催办 YH2026-0001 明天检查", []string{"已催办 YH2026-0001", "已通知责任人 lisi"}, nil},
		{"leader1", "督办", []string{"请写明隐患编号"}, nil},
		{"leader1", "隐患 YH2026-0001", []string{"督办", "请本周内落实", "催办", "明天检查"}, nil},
	})
	if got := f.outboxTo("wang"); len(got) != 1 || !strings.Contains(got[0], "【督办】leader1 督办隐患 YH2026-0001") ||
		!strings.Contains(got[0], "请本周内落实") || !strings.Contains(got[0], "指派 YH2026-0001") {
		t.Errorf("field staff were told %q", got)
	}
	var urged bool
	for _, m := range f.outboxTo("lisi") {
		urged = urged || strings.Contains(m, "【催办】zhao 催办隐患 YH2026-0001") && strings.Contains(m, "整改 YH2026-0001")
	}
	if !urged {
		t.Errorf("lisi was told %q", f.outboxTo("lisi"))
	}
	f.converse([]step{
		{"admin", "驳回 YH2026-0001 重复上报", []string{"已驳回"}, nil},
		{"leader1", "督办 YH2026-0001", []string{"已驳回，无需督办"}, nil},
	})
}

func TestCardClickRunsTheButtonsCommand(t *testing.T) {
	f := newFixture(t)
	f.say("admin", "授权 leader1 领导")
	f.say("zhangsan", majorReport)
	c := f.cardOf("leader1", safetybot.CardMajor)
	if !strings.Contains(c.Text(), "确认：回复「确认 YH2026-0001」") || !strings.Contains(c.Text(), "督办：回复「督办 YH2026-0001」") {
		t.Fatalf("card text does not say what to type: %q", c.Text())
	}
	// a stranger: the command's refusal, nothing recorded
	if got := f.click("nobody", c, "确认 YH2026-0001", "rc1"); !strings.Contains(got, "仅限工作人员") {
		t.Fatalf("stranger: %q", got)
	}
	if h := f.hazard("YH2026-0001"); h.Confirmed {
		t.Fatal("a stranger's click confirmed the hazard")
	}
	if got := f.click("leader1", c, "督办 YH2026-0001", "rc2"); !strings.Contains(got, "已督办 YH2026-0001") {
		t.Fatalf("leader: %q", got)
	}
	update := f.lastUpdate()
	// 督办 finished only its own button: 确认 stays, for everyone
	if update == nil || update.ResponseCode != "rc2" || update.ReplaceName != "" || update.TaskID != c.TaskID ||
		update.Card == nil || len(update.Card.Buttons) != 1 || update.Card.Buttons[0].Text != "确认" ||
		update.Card.Desc != "已督办 · leader1 11-28 10:00" {
		t.Fatalf("update: %+v", update)
	}
	if got := f.click("leader1", c, "督办 YH2026-0001", "rc3"); !strings.Contains(got, "已处理：已督办 · leader1 11-28 10:00") {
		t.Fatalf("second click on 督办: %q", got)
	}
	// unknown task_id and a key the card never had: no answer, a log line
	before := len(f.logs.String())
	if got := f.click("leader1", &safetybot.Card{TaskID: "forged_1"}, "确认 YH2026-0001", ""); got != "" {
		t.Fatalf("unknown task: %q", got)
	}
	if got := f.click("leader1", c, "销号 YH2026-0001", ""); got != "" {
		t.Fatalf("foreign key: %q", got)
	}
	if logs := f.logs.String()[before:]; !strings.Contains(logs, "unknown task_id ignored") || !strings.Contains(logs, "key the card does not have ignored") {
		t.Fatalf("logs: %s", logs)
	}
}

// A finished rectification asks the field's staff by card; the
// verification card's 验收通过 closes the hazard.
func TestVerificationCard(t *testing.T) {
	f := newFixture(t)
	f.converse([]step{
		{"admin", "授权 wang 工作人员 道路运输", nil, nil},
		{"admin", "上报 客运站护栏缺失 领域:道路运输", nil, nil},
		{"admin", "指派 YH2026-0001 lisi", nil, nil},
		{"lisi", "整改 YH2026-0001 已更换 完成:是", []string{"待验收"}, nil},
	})
	a := f.cardOf("lisi", safetybot.CardAssign)
	v := f.cardOf("wang", safetybot.CardVerify)
	if got := f.click("lisi", a, a.Buttons[1].Key, "rc1"); !strings.Contains(got, "已处理") || !strings.Contains(got, "待验收") {
		t.Fatalf("assignment card after 完成: %q", got)
	}
	if got := f.click("wang", v, v.Buttons[0].Key, "rc2"); !strings.Contains(got, "已销号") {
		t.Fatalf("验收通过: %q", got)
	}
	if h := f.hazard("YH2026-0001"); h.Status != safetybot.StatusClosed {
		t.Fatalf("status %s", h.Status)
	}
}

// QA 1, 2: a click finishes only its own button. 收到 leaves 整改完成, which
// then reports the rectification done; 确认 leaves 督办; a second click on
// a finished button answers 已处理 and records nothing.
func TestCardClickKeepsTheOtherButtons(t *testing.T) {
	f := newFixture(t)
	f.converse([]step{
		{"admin", "授权 leader1 领导", nil, nil},
		{"admin", "授权 wang 工作人员 道路运输", nil, nil},
		{"zhangsan", majorReport, []string{"YH2026-0001"}, nil},
	})
	m := f.cardOf("leader1", safetybot.CardMajor)
	if got := f.click("leader1", m, "确认 YH2026-0001", "rc1"); !strings.Contains(got, "已确认 YH2026-0001") {
		t.Fatalf("确认: %q", got)
	}
	if u := f.lastUpdate(); u == nil || u.Card == nil || len(u.Card.Buttons) != 1 || u.Card.Buttons[0].Text != "督办" ||
		!strings.Contains(u.Card.Desc, "已确认 · leader1") || !strings.Contains(u.Card.Text(), "督办：回复「督办 YH2026-0001」") {
		t.Fatalf("update after 确认: %+v", u)
	}
	if got := f.click("leader1", m, "督办 YH2026-0001", "rc2"); !strings.Contains(got, "已督办 YH2026-0001") {
		t.Fatalf("督办 after 确认: %q", got)
	}
	if u := f.lastUpdate(); u == nil || u.Card != nil || u.ReplaceName != "已督办 · leader1 11-28 10:00" {
		t.Fatalf("update after 督办: %+v", u)
	}
	if got := f.click("leader1", m, "督办 YH2026-0001", "rc3"); !strings.Contains(got, "已处理：已督办") {
		t.Fatalf("督办 again: %q", got)
	}

	f.say("admin", "指派 YH2026-0001 lisi")
	a := f.cardOf("lisi", safetybot.CardAssign)
	if got := f.click("lisi", a, a.Buttons[0].Key, "rc4"); !strings.Contains(got, "YH2026-0001") || strings.Contains(got, "已处理") {
		t.Fatalf("收到: %q", got)
	}
	if u := f.lastUpdate(); u == nil || u.Card == nil || len(u.Card.Buttons) != 1 || u.Card.Buttons[0].Text != "整改完成" ||
		!strings.Contains(u.Card.Desc, "已收到 · lisi") {
		t.Fatalf("update after 收到: %+v", u)
	}
	if got := f.click("lisi", a, a.Buttons[0].Key, "rc5"); !strings.Contains(got, "已处理：已收到 · lisi") {
		t.Fatalf("收到 again: %q", got)
	}
	if got := f.click("lisi", a, a.Buttons[1].Key, "rc6"); !strings.Contains(got, "待验收") {
		t.Fatalf("整改完成 after 收到: %q", got)
	}
	if h := f.hazard("YH2026-0001"); h.Status != safetybot.StatusVerifying {
		t.Fatalf("status %s", h.Status)
	}
	if got := f.click("lisi", a, a.Buttons[1].Key, "rc7"); !strings.Contains(got, "已处理") {
		t.Fatalf("整改完成 again: %q", got)
	}
}

// QA 7: the 责任人 row of the assignment and verification cards shows the
// responsible person's name, as the replies do.
func TestCardsNameTheResponsiblePerson(t *testing.T) {
	f := newNamedFixture(t, &fakeBook{names: map[string]string{"lisi": "李四"}})
	f.converse([]step{
		{"admin", "授权 wang 工作人员 道路运输", nil, nil},
		{"admin", "上报 客运站护栏缺失 领域:道路运输", nil, nil},
		{"admin", "指派 YH2026-0001 lisi", nil, nil},
		{"lisi", "整改 YH2026-0001 已更换 完成:是", []string{"待验收"}, nil},
	})
	for _, c := range []*safetybot.Card{f.cardOf("lisi", safetybot.CardAssign), f.cardOf("wang", safetybot.CardVerify)} {
		var row string
		for _, r := range c.Rows {
			if r.Label == "责任人" {
				row = r.Value
			}
		}
		if row != "李四" {
			t.Errorf("%s card: 责任人 %q", c.Kind, row)
		}
	}
}

// QA 8: the history line of 指派 names the responsible person, with the
// userid beside the name for tracing.
func TestAssignHistoryNamesTheResponsiblePerson(t *testing.T) {
	f := newNamedFixture(t, &fakeBook{names: map[string]string{"lisi": "李四"}})
	f.converse([]step{
		{"admin", "上报 客运站护栏缺失 领域:道路运输", nil, nil},
		{"admin", "指派 YH2026-0001 lisi 期限:2026-12-20", nil, nil},
		{"admin", "隐患 YH2026-0001", []string{"指派：责任人 李四（lisi），期限 2026-12-20"}, nil},
	})
}

// QA 13: the 重大 card sent when staff confirm a hazard as 重大 shows the
// reporter by name, as the card for a 重大 report does.
func TestConfirmedMajorCardNamesTheReporter(t *testing.T) {
	f := newNamedFixture(t, &fakeBook{names: map[string]string{"zhangsan": "张三"}})
	f.converse([]step{
		{"admin", "授权 leader1 领导", nil, nil},
		{"admin", "授权 wang 工作人员 道路运输", nil, nil},
		{"zhangsan", "上报 客运站安检机故障，领域：道路运输，等级：一般", []string{"YH2026-0001"}, nil},
		{"wang", "确认 YH2026-0001 等级：重大", []string{"已确认 YH2026-0001【重大】"}, nil},
	})
	c := f.cardOf("leader1", safetybot.CardMajor)
	var row string
	for _, r := range c.Rows {
		if r.Label == "上报人" {
			row = r.Value
		}
	}
	if row != "张三" {
		t.Errorf("上报人 %q, want 张三", row)
	}
}

// QA 13: a click on the card of a hazard that moved on (rejected) says
// 已处理 and the state once, not 「已处理：已处理 · 当前已驳回。… 当前状态：已驳回」.
func TestClickOnAMovedOnHazardSaysHandledOnce(t *testing.T) {
	f := newFixture(t)
	f.converse([]step{
		{"admin", "授权 leader1 领导", nil, nil},
		{"zhangsan", majorReport, []string{"YH2026-0001"}, nil},
		{"admin", "驳回 YH2026-0001 重复上报", []string{"已驳回"}, nil},
	})
	c := f.cardOf("leader1", safetybot.CardMajor)
	got := f.click("leader1", c, "确认 YH2026-0001", "rc1")
	if !strings.HasPrefix(got, "已处理") || strings.Count(got, "已处理") != 1 || strings.Count(got, "已驳回") != 1 ||
		!strings.Contains(got, "当前状态：已驳回") {
		t.Fatalf("click after 驳回: %q", got)
	}
}

// QA 13: after a click the card's 状态 row is the hazard's status now, in
// the app's update (outbox) and in the robot's (the answer to the click):
// 「已确认 · leader1」 beside 「状态：待确认」 contradicted itself.
func TestClickUpdateShowsTheStatusNow(t *testing.T) {
	f := newFixture(t)
	f.converse([]step{
		{"admin", "授权 leader1 领导", nil, nil},
		{"zhangsan", majorReport, []string{"YH2026-0001"}, nil},
	})
	c := f.cardOf("leader1", safetybot.CardMajor)
	status := func(c *safetybot.Card) string {
		for _, r := range c.Rows {
			if r.Label == "状态" {
				return r.Value
			}
		}
		return ""
	}
	if got := status(c); got != "待确认" {
		t.Fatalf("sent card: 状态 %q", got)
	}
	replies := f.engine.Handle(context.Background(), Message{Source: "test", ChatType: ChatSingle, UserID: "leader1",
		Kind: KindCardClick, TaskID: c.TaskID, EventKey: "确认 YH2026-0001", ResponseCode: "rc1"})
	if len(replies) == 0 || replies[0].Card == nil || replies[0].Card.Update.Card == nil {
		t.Fatalf("no card in the answer: %+v", replies)
	}
	if got := status(replies[0].Card.Update.Card); got != "整改中" {
		t.Errorf("robot update: 状态 %q", got)
	}
	u := f.lastUpdate()
	if u == nil || u.Card == nil {
		t.Fatalf("app update: %+v", u)
	}
	if got := status(u.Card); got != "整改中" {
		t.Errorf("app update: 状态 %q", got)
	}
}
