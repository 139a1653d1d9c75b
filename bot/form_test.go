package bot

import (
	"context"
	"strings"
	"testing"

	"safetybot"
	"safetybot/internal/storetest"
)

// TestReportFromForm: the form's fields go through 上报's handler: the same
// reading of 等级 and 期限, the same unit matching and question (answered
// in the app chat), the same leader notice and hourly limit.
func TestReportFromForm(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.say("admin", "授权 leader1 领导")
	f.say("admin", "企业 沁水县通达危险货物运输有限公司 tongda")
	f.say("admin", "企业 沁水县通达客运有限公司 tongke")
	number, reply, err := f.engine.Report(ctx, "zhangsan", map[string]string{
		"描述": "危货车辆未安装智能视频监控", "单位": "通达", "领域": "道路运输", "等级": "重大", "期限": "2026-12-31", "地点": "城东停车场",
	})
	if err != nil || number != "YH2026-0001" || !strings.Contains(reply, "已登记隐患 YH2026-0001") || !strings.Contains(reply, "已通知领导") {
		t.Fatalf("report: %q %q %v", number, reply, err)
	}
	h, _, _ := f.store.Hazard(ctx, number)
	if h.Grade != safetybot.GradeMajor || h.Deadline != "2026-12-31" || h.Domain != "道路运输" || h.Location != "城东停车场" || h.Reporter != "zhangsan" {
		t.Errorf("hazard %+v", h)
	}
	if !strings.Contains(reply, "是否指") {
		t.Errorf("an ambiguous unit asks, as in chat: %q", reply)
	}
	// The question is answered in the user's private chat with the app.
	if got := f.send(Message{Source: FormSource, ChatType: ChatSingle, UserID: "zhangsan", Text: "是"}); !strings.Contains(got, "已将 YH2026-0001 的单位改为") {
		t.Errorf("answer in app chat: %q", got)
	}
	out, _ := storetest.PendingOutbox(ctx, f.store, 10)
	if len(out) != 1 || out[0].Target != "leader1" || !strings.Contains(out[0].Body, "【重大隐患】YH2026-0001") {
		t.Errorf("leader notice %+v", out)
	}
	// An unreadable date registers the hazard without it and says so.
	_, reply, err = f.engine.Report(ctx, "zhangsan", map[string]string{"描述": "护栏缺失", "期限": "明年春天"})
	if err != nil || !strings.Contains(reply, "未能读取：期限「明年春天」") {
		t.Errorf("unclear date: %q %v", reply, err)
	}
	for _, bad := range []map[string]string{
		{"描述": "x", "颜色": "红"},    // no such field
		{"描述": "x", "整改期限": "明天"}, // a synonym is not a canonical key
		{"单位": "某公司"},             // no description
		{"描述": "\xff"},
		{"描述": "\u200b\ufeff\t"}, // only invisible characters (qa4 #1)
		{"描述": "隐患描述：", "单位": "县公路段"},
	} {
		_, _, err := f.engine.Report(ctx, "zhangsan", bad)
		if safetybot.ErrorCode(err) != safetybot.EINVALID || strings.Contains(safetybot.ErrorMessage(err), "用法") {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if _, _, err := f.engine.Report(ctx, "", map[string]string{"描述": "x"}); safetybot.ErrorCode(err) != safetybot.EFORBIDDEN {
		t.Errorf("no user: %v", err)
	}
	// One 重大 report so far: the hourly limit on reports that reach the
	// leaders holds for the form as for chat.
	loud := DefaultReportLimits.Others.LoudPerHour
	for range loud - 1 {
		if _, _, err := f.engine.Report(ctx, "zhangsan", map[string]string{"描述": "路面坑槽", "等级": "重大"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := f.engine.Report(ctx, "zhangsan", map[string]string{"描述": "路面坑槽", "等级": "重大"}); safetybot.ErrorCode(err) != safetybot.ELIMIT {
		t.Errorf("hourly limit: %v", err)
	}
	hs, _ := f.store.Hazards(ctx, safetybot.HazardFilter{})
	if len(hs) != loud+1 {
		t.Errorf("%d hazards, want %d", len(hs), loud+1)
	}
}

func TestHelpOffersTheForm(t *testing.T) {
	f := newFixture(t)
	if got := f.say("zhangsan", "帮助"); strings.Contains(got, "hazards/new") {
		t.Errorf("no form URL configured, yet help names it: %q", got)
	}
	f.engine.formURL = "https://safety.example.cn/hazards/new"
	if got := f.say("zhangsan", "帮助"); !strings.Contains(got, "手机填表上报") || !strings.Contains(got, "https://safety.example.cn/hazards/new") {
		t.Errorf("help: %q", got)
	}
}
