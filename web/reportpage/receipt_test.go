package reportpage_test

import (
	"net/url"
	"strings"
	"testing"
)

// TestStatusPageReadsPastedCodes: the status page reads a code pasted with
// punctuation, full-width digits or zero-width spaces; a field without a
// 16-digit code gets a hint and does not count as a wrong attempt.
func TestStatusPageReadsPastedCodes(t *testing.T) {
	e := newEnv(t)
	rec := e.post("/report", remoteIP+":1", url.Values{"content": {"某工地塔吊无证操作"}})
	code := codeRE.FindString(rec.Body.String())
	if code == "" {
		t.Fatalf("no receipt:\n%s", rec.Body)
	}
	bare := strings.ReplaceAll(code, " ", "")
	fullWidth := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '０' + (r - '0')
		}
		return r
	}, code)
	for _, pasted := range []string{bare + "。", "「" + code + "」", strings.ReplaceAll(code, " ", "."), strings.ReplaceAll(code, " ", "-"),
		fullWidth, strings.Join(strings.Split(bare, ""), "\u200b"), " 回执码：" + code + " "} {
		st := e.post("/report/status", remoteIP+":1", url.Values{"code": {pasted}})
		if st.Code != 200 || !strings.Contains(st.Body.String(), "待受理") {
			t.Errorf("code pasted as %q: %d", pasted, st.Code)
		}
	}
	add := e.post("/report/add", remoteIP+":1", url.Values{"code": {"「" + fullWidth + "」。"}, "content": {"三号塔吊"}})
	if add.Code != 200 || !strings.Contains(add.Body.String(), "补充内容已收到") {
		t.Fatalf("add with a pasted code: %d\n%s", add.Code, add.Body)
	}

	guesser := "192.0.2.50:9"
	for i := range 30 {
		rec := e.post("/report/status", guesser, url.Values{"code": {[]string{"12345", "我忘了", "1234 5678 9012 345", "12345678901234567"}[i%4]}})
		if rec.Code != 400 || !strings.Contains(rec.Body.String(), "没有找到回执码") {
			t.Fatalf("malformed code %d: %d\n%s", i, rec.Code, rec.Body)
		}
	}
	if rec := e.post("/report/status", guesser, url.Values{"code": {code}}); rec.Code != 200 {
		t.Fatalf("the right code after 30 malformed ones: %d\n%s", rec.Code, rec.Body)
	}
}
