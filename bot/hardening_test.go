package bot

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// Chat-side field hardening (issue 10 §7, §13–§15, §17): roles audited, one
// notify-the-leaders rule, scoped rejection, per-user limits, bot names.

func TestGrantsAreAudited(t *testing.T) {
	f := newFixture(t)
	f.converse([]step{
		{"admin", "授权 admin2 管理员", []string{"已授予"}, nil},
		{"admin2", "授权 admin2 受理人", []string{"已授予"}, nil},
		{"admin2", "授权 admin2 受理人", []string{"无需重复授权"}, nil},
		{"admin", "授权", []string{"admin：管理员", "最近的授权记录", "admin2 授权 admin2 受理人", "admin 授权 admin2 管理员", "配置（SAFETYBOT_ADMINS） 授权 admin 管理员"}, nil},
		{"admin", "撤权 admin2 管理员", []string{"已撤销 admin2 的 管理员"}, nil},
		{"admin", "撤权 admin 管理员", []string{"最后一位管理员", "不能撤销"}, nil},
		{"admin", "授权", []string{"admin 撤权 admin2 管理员"}, nil},
	})
	if got := f.outboxTo("admin"); len(got) != 1 || !strings.Contains(got[0], "admin2 给自己授予了「受理人」") {
		t.Errorf("admin was told %q", got)
	}
}

// TestGrantToAnotherGroupSaysWhatItReplaced: staff hold one 专班 or none,
// so a grant with another range replaces the one held; the reply says from
// which to which, and the user loses the old group's domains (QA item 15:
// 授权 wu 工作人员 铁路 silently dropped wu's 道路（水上）专班).
func TestGrantToAnotherGroupSaysWhatItReplaced(t *testing.T) {
	f := newFixture(t)
	f.converse([]step{
		{"admin", "上报 渡船救生衣数量不足 领域:水上交通", []string{"YH2026-0001"}, nil},
		{"admin", "授权 wu 工作人员 道路（水上）运输", []string{"已授予 wu 工作人员（道路（水上）运输工作专班） 角色。"}, []string{"取代", "不再只限"}},
		{"admin", "授权 wu 工作人员 道路（水上）运输", []string{"无需重复授权"}, nil},
		{"admin", "授权 wu 工作人员 铁路", []string{"已授予 wu 工作人员（铁路沿线工作专班） 角色，取代原来的「道路（水上）运输工作专班」",
			"原专班的权限已收回", "「授权 wu 工作人员」"}, nil},
		{"wu", "驳回 YH2026-0001 重复", []string{"无权"}, nil},
		{"admin", "授权 wu 工作人员", []string{"已授予 wu 工作人员 角色，不再只限「铁路沿线工作专班」，今后覆盖全部领域"}, nil},
		{"admin", "授权 wu 工作人员 铁路沿线", []string{"已授予 wu 工作人员（铁路沿线工作专班） 角色，取代原来的不限专班", "其他领域的权限已收回"}, nil},
		{"admin", "授权 wu 领导", []string{"已授予 wu 领导 角色。"}, []string{"取代", "不再只限"}},
		{"admin", "授权", []string{"wu：工作人员（铁路沿线工作专班）"}, []string{"wu：工作人员（道路"}},
	})
}

func TestConfiguredAdminHearsOfMajorHazards(t *testing.T) {
	f := newFixture(t)
	f.converse([]step{
		{"zhangsan", majorReport, []string{"已通知领导"}, nil},
		{"admin", "上报 桥梁护栏缺失 领域:公路运营", []string{"YH2026-0002"}, nil},
		{"admin", "确认 YH2026-0002 等级:重大", []string{"【重大】"}, nil},
	})
	got := f.outboxTo("admin")
	// the first is a card; the second, within the minute, comes as its text
	if len(got) != 2 || !strings.Contains(got[0], "YH2026-0001") || !strings.Contains(got[1], "YH2026-0002（经确认定为重大") {
		t.Errorf("admin was told %q", got)
	}
}

func TestRejectIsScopedAndMajorRejectionTold(t *testing.T) {
	f := newFixture(t)
	f.converse([]step{
		{"admin", "授权 leader1 领导", nil, nil},
		{"admin", "授权 wang 工作人员 公路运营", nil, nil},
		{"zhangsan", majorReport, []string{"YH2026-0001"}, nil},
		{"wang", "驳回 YH2026-0001 不属实", []string{"无权驳回"}, []string{"已驳回"}},
		{"admin", "确认 YH2026-0001 等级:一般", []string{"【一般】"}, nil},
	})
	got := f.outboxTo("leader1")
	if len(got) != 2 || !strings.Contains(got[0], "【重大隐患】YH2026-0001") || !strings.Contains(got[1], "由重大改为一般") {
		t.Errorf("leader1 was told %q", got)
	}
}

func TestReportLimitPerUser(t *testing.T) {
	f := newFixture(t)
	const n = 40
	var wg sync.WaitGroup
	replies := make([]string, n)
	for i := range n {
		wg.Go(func() { replies[i] = f.say("flooder", "上报 测试隐患 等级:重大") })
	}
	wg.Wait()
	registered, refused := 0, 0
	for _, r := range replies {
		switch {
		case strings.Contains(r, "已登记隐患"):
			registered++
		case strings.Contains(r, "达到上限，这一条未登记"):
			refused++
		default:
			t.Errorf("unexpected reply %q", r)
		}
	}
	if want := DefaultReportLimits.Others.LoudPerHour; registered != want || refused != n-want {
		t.Errorf("registered %d, refused %d; want %d and %d", registered, refused, want, n-want)
	}
	// 一般 reports tell nobody: the overall cap is far higher.
	if got := f.say("flooder", "上报 路灯不亮 等级:一般"); !strings.Contains(got, "已登记隐患") {
		t.Errorf("a 一般 report after the 重大 limit: %s", got)
	}
	f.clock.Add(time.Hour + time.Second)
	if got := f.say("flooder", "上报 一小时后 等级:重大"); !strings.Contains(got, "已登记隐患") {
		t.Errorf("after an hour: %s", got)
	}
}

func TestInspectionByPrincipalOnly(t *testing.T) {
	f := newFixture(t)
	f.converse([]step{
		{"admin", "企业 沁水县通达危险货物运输有限公司 boss_li", nil, nil},
		{"boss_li", "检查 通达危货 带队检查车辆", []string{"已记录 沁水县通达危险货物运输有限公司（按「通达危货」匹配）"}, nil},
		{"admin", "企业 沁水县顺达客运有限公司 boss_zhang", nil, nil},
		{"stranger", "检查 通达危货 带队检查车辆", []string{"只有企业登记的主要负责人本人或工作人员", "如您是「沁水县通达危险货物运输有限公司」的主要负责人，请联系管理员登记"}, []string{"联系工作人员"}},
		// a registered principal is told his own enterprise, not to register (qa6 A11)
		{"boss_li", "检查 顺达客运 总经理带队检查车辆", []string{"您是「沁水县通达危险货物运输有限公司」登记的主要负责人，只能登记本企业的检查",
			"「沁水县顺达客运有限公司」的检查由该企业主要负责人或工作人员登记，未作记录", "「检查 沁水县通达危险货物运输有限公司 <检查情况>」"},
			[]string{"如您是", "请联系", "已记录"}},
		{"boss_li", "检查 某客运站 带队检查", []string{"您是「沁水县通达危险货物运输有限公司」登记的主要负责人", "「某客运站」的检查"}, []string{"请联系"}},
		{"boss_zhang", "检查 顺达客运 带队检查", []string{"已记录 沁水县顺达客运有限公司"}, nil},
	})
}

func TestHelpFitsPassiveReply(t *testing.T) {
	f := newFixture(t)
	if got := f.say("newcomer", "帮助"); len(got) > 2048 {
		t.Errorf("help for a newcomer is %d bytes", len(got))
	}
}

func TestBotNameWithSpace(t *testing.T) {
	f := newFixture(t)
	e, err := NewEngine(context.Background(), f.store, Config{Now: f.clock.Now, BotNames: []string{"Safety Bot", "安全助手"}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	f.engine = e
	for i, text := range []string{
		"@Safety Bot 上报 桥面坑槽 领域:公路运营",
		"上报 码头护栏缺失 领域:水上 @Safety Bot",
		"上报 隧道照明不足 @安全助手 领域:公路运营",
	} {
		got := f.sayInGroup("zhangsan", "wr001", text)
		num := fmt.Sprintf("YH2026-%04d", i+1)
		if !strings.Contains(got, num) {
			t.Fatalf("%q: %s", text, got)
		}
		if h := f.hazard(num); strings.Contains(h.Description, "@") || strings.Contains(h.Description, "Bot") || strings.Contains(h.Description, "安全助手") {
			t.Errorf("%q stored description %q", text, h.Description)
		}
	}
}

func TestSensitiveReadsBotNames(t *testing.T) {
	f := newFixture(t)
	e, err := NewEngine(context.Background(), f.store, Config{Now: f.clock.Now, BotNames: []string{"Safety Bot"}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]bool{
		"@Safety Bot 举报 群里举报测试": true,
		"@Safety  Bot 查询 1234":  true,
		"@Safety Bot 上报 桥面坑槽":   false,
	} {
		if got := e.Sensitive(Message{Source: "aibot", ChatType: ChatGroup, ChatID: "g1", UserID: "u", Text: text}); got != want {
			t.Errorf("Sensitive(%q) = %v", text, got)
		}
	}
	f.engine = e
	if got := f.sayInGroup("u", "g1", "@Safety  Bot 上报 隧道照明损坏 领域:公路运营"); !strings.Contains(got, "YH2026-0001") {
		t.Errorf("double space in the bot name: %s", got)
	}
}
