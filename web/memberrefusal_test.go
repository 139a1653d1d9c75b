package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/internal/fixture"
	"safetybot/web"
)

var messageText = regexp.MustCompile(`(?s)<p id="message">(.*?)</p>`)

// TestMemberRefusalSaysWhatHeCan (QA16 #4): an enterprise's principal who
// opens the dashboard — signed in for the form (login-link --form), or with
// a dashboard link — is told what he can do (the form, his assigned
// hazards, 整改 … 完成:是, 检查 for his enterprise), by his name, never his
// userid, and never to ask for 工作人员: that grant would show a company's
// boss every company's hazards and who reported them.
func TestMemberRefusalSaysWhatHeCan(t *testing.T) {
	ctx := context.Background()
	w := fixture.New(t, 0)
	if err := w.Store.AddEnterprise(ctx, safetybot.Enterprise{Name: "通达危货", Principal: "boss1", Registered: true}, fixture.Admin); err != nil {
		t.Fatal(err)
	}
	dir := &mapDir{names: map[string]string{"boss1": "王老板"}, asked: map[string]bool{}}
	d, err := web.New(ctx, web.Config{Store: w.Store, Now: w.Clock.Now, Logger: quietLog(), Directory: dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, next string
		extra      []string // besides what every refusal says
	}{
		{"signed in for the form, opens /", "/hazards/new", []string{"继续使用上报表单"}},
		{"signed in with a dashboard link", "", []string{"请管理员生成上报表单的登录链接"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(t, d)
			tok, _, err := w.Store.CreateLoginToken(ctx, "boss1", time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			code, body := c.post("/login", url.Values{"token": {tok}, "next": {tc.next}}, nil)
			if tc.next != "" {
				code, body = c.get("/")
			}
			if code != http.StatusForbidden {
				t.Fatalf("code %d", code)
			}
			if strings.Contains(body, "boss1") {
				t.Errorf("the page shows the userid:\n%s", body)
			}
			m := messageText.FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("no message:\n%s", body)
			}
			msg := html.UnescapeString(m[1])
			for _, want := range append([]string{"您（王老板）没有访问安全生产驾驶舱的权限", "发送「隐患」查看指派给您整改的隐患",
				"「整改 <编号> <进展>」", "完成:是", "检查 通达危货"}, tc.extra...) {
				if !strings.Contains(msg, want) {
					t.Errorf("want %q in %s", want, msg)
				}
			}
			for _, not := range []string{"授权", "联系管理员在企业微信中发送", "如需开通"} {
				if strings.Contains(msg, not) {
					t.Errorf("%q in %s", not, msg)
				}
			}
		})
	}
}
