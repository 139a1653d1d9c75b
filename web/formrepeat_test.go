package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"safetybot/internal/fixture"
)

// QA 3: the form starts with no 等级 chosen, and a report left without one
// goes through chat's 可能为重大 rule: registered as 一般, the leaders told.
func TestFormGradeUnchosenIsLikeChat(t *testing.T) {
	c := newClient(t, newActingDashboard(t))
	c.signIn(fixture.Staff)
	tok := c.csrf("/hazards/new")
	_, page := c.get("/hazards/new")
	sel := regexp.MustCompile(`(?s)<select name="等级".*?</select>`).FindString(page)
	if !strings.Contains(sel, `<option value="">`) || strings.Contains(sel, "selected") {
		t.Fatalf("等级 pick-list arrives chosen: %s", sel)
	}
	code, body := c.multipartPost("/hazards/new", url.Values{"描述": {"码头系缆桩松动，存在重大事故隐患"}, "等级": {""}, "csrf": {tok}}, nil,
		map[string]string{"Accept": "application/json"})
	if code != 200 || !strings.Contains(body, "暂按一般登记") || !strings.Contains(body, "已告知领导「可能为重大」") {
		t.Fatalf("possible 重大 without a grade: %d %s", code, body)
	}
}

// QA 10: a plain post answers with a redirect to its result (a refresh
// does not post again), and the same submission posted again within the
// window gets the first answer: one hazard, not two. Other values under
// the same form are a new report.
func TestFormPostRedirectsAndRepeatsRegisterOnce(t *testing.T) {
	c := newClient(t, newActingDashboard(t))
	c.signIn(fixture.Staff)
	_, page := c.get("/hazards/new")
	tok := csrfField.FindStringSubmatch(page)[1]
	sub := regexp.MustCompile(`name="submission" value="([0-9a-f]+)"`).FindStringSubmatch(page)
	if sub == nil {
		t.Fatal("the form has no submission id")
	}
	fields := url.Values{"描述": {"渡口救生衣破损"}, "csrf": {tok}, "submission": {sub[1]}}
	c.http.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	n := countHazards(t)
	code, _ := c.multipartPost("/hazards/new", fields, map[string][]byte{"a.png": pngOf(20, 10)}, nil)
	if code != http.StatusSeeOther || countHazards(t) != n+1 {
		t.Fatalf("post: %d, %d hazards registered", code, countHazards(t)-n)
	}
	c.http.CheckRedirect = nil
	code, body := c.multipartPost("/hazards/new", fields, map[string][]byte{"a.png": pngOf(20, 10)}, nil)
	m := regexp.MustCompile(`id="number">(YH2026-\d{4})<`).FindStringSubmatch(body)
	if code != 200 || m == nil || countHazards(t) != n+1 || !strings.Contains(body, "已登记隐患 "+m[1]) || !strings.Contains(body, `id="photo-count">1<`) {
		t.Fatalf("repeat: %d, %d hazards registered, %.300s", code, countHazards(t)-n, body)
	}
	code, body = c.multipartPost("/hazards/new", fields, map[string][]byte{"a.png": pngOf(20, 10)}, map[string]string{"Accept": "application/json"})
	if code != 200 || !strings.Contains(body, `"number":"`+m[1]+`"`) || countHazards(t) != n+1 {
		t.Fatalf("repeat as JSON: %d %s", code, body)
	}
	fields.Set("描述", "渡口救生圈缺失")
	if c.multipartPost("/hazards/new", fields, nil, nil); countHazards(t) != n+2 {
		t.Fatalf("a different report under the same form: %d hazards registered", countHazards(t)-n)
	}
}
