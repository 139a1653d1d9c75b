package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"safetybot/internal/fixture"
)

// A web page speaks to whoever reads it: it never tells them to send a
// chat command or to run a server command, things they may not be able
// to do; it says where to look or whom to ask instead.
func TestPagesNeverPointToCommands(t *testing.T) {
	ctx := context.Background()
	d := newActingDashboard(t)
	leader, nobody := newClient(t, d), newClient(t, d)
	leader.signIn(fixture.Leader)
	tok, _, err := world.Store.CreateLoginToken(ctx, fixture.Nobody, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	nobody.post("/login", url.Values{"token": {tok}, "next": {"/hazards/new"}}, nil)
	// a used link, for the dashboard and for the form
	used := func(next string) func() (int, string) {
		return func() (int, string) {
			tok, _, err := world.Store.CreateLoginToken(ctx, fixture.Staff, time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			c := newClient(t, d)
			c.post("/login", url.Values{"token": {tok}, "next": {next}}, nil)
			return newClient(t, d).post("/login", url.Values{"token": {tok}, "next": {next}}, nil)
		}
	}
	for _, tc := range []struct {
		name string
		do   func() (int, string)
		code int
		want []string
	}{
		{"a hazard number not in the ledger", func() (int, string) { return leader.get("/hazards/YH2026-9999") },
			404, []string{"隐患台账中没有编号为 YH2026-9999 的隐患", `href="/hazards" id="back"`}},
		{"a 督办 of a hazard number not in the ledger", func() (int, string) {
			return leader.post("/hazards/YH2026-9999/supervise", url.Values{"kind": {"督办"}, "csrf": {leader.csrf("/hazards")}}, nil)
		}, 404, []string{"隐患台账中没有编号为 YH2026-9999 的隐患"}},
		{"a hazard number as typed, not upper-cased", func() (int, string) { return leader.get("/hazards/abc") },
			404, []string{"隐患台账中没有编号为 abc 的隐患"}},
		{"a 督办 note past the limit, posted directly", func() (int, string) {
			return leader.post("/hazards/YH2026-9999/supervise", url.Values{"kind": {"督办"}, "note": {strings.Repeat("请于本周内完成护栏修复并报送照片。", 13)},
				"csrf": {leader.csrf("/hazards")}}, nil)
		}, 400, []string{"督办说明过长（221 字）", "未作记录", `<textarea id="kept" readonly rows="6">请于本周内完成护栏修复并报送照片。请于`,
			`href="/hazards/YH2026-9999" id="back">返回隐患 YH2026-9999</a>`}},
		{"a task number not in the plan", func() (int, string) { return leader.get("/tasks/99") },
			404, []string{"方案中没有第 99 项任务", `href="/tasks" id="back"`}},
		{"an archived plan not in the store", func() (int, string) { return leader.get("/summary?plan=" + url.QueryEscape("方案99")) },
			404, []string{"没有「方案99」这个方案", "总览页的下载链接"}},
		{"a used sign-in link", used(""), 403, []string{"请联系管理员为您重新生成登录链接", "企业微信账号"}},
		{"a used sign-in link to the form", used("/hazards/new"), 403, []string{"请联系管理员", "上报表单的链接"}},
		{"the sign-in page", func() (int, string) { return newClient(t, d).get("/login") }, 200, []string{"请联系管理员为您生成一次性登录链接"}},
		{"a form result not found, for a member without a role", func() (int, string) { return nobody.get("/hazards/new?done=YH2026-9999") },
			200, []string{"没有找到这次上报的结果", "企业微信应用消息"}},
		{"a form report by a member without a role", func() (int, string) {
			return nobody.multipartPost("/hazards/new", url.Values{"描述": {"公交站台顶棚破损，雨天漏水"}, "csrf": {nobody.csrf("/hazards/new")}}, nil, nil)
		}, 200, []string{"已登记隐患", `id="follow-up"`, "企业微信应用消息通知您"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := tc.do()
			if code != tc.code {
				t.Errorf("status %d, want %d", code, tc.code)
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("no %q in\n%.3000s", w, body)
				}
			}
			main := body[strings.Index(body, "<main"):] // the page, not the menu
			for _, bad := range []string{"发送「隐患」", "发送「任务」", "发送「方案」", "请重新运行", "safetybot login-link --user 您", "WECOM_"} {
				if strings.Contains(main, bad) {
					t.Errorf("the page says %q", bad)
				}
			}
			if tc.name == "a form result not found, for a member without a role" && strings.Contains(main, "隐患台账") {
				t.Error("a member without a role is pointed to the ledger")
			}
		})
	}
}
