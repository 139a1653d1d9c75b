package main

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"safetybot/internal/testkit"
	"strings"
	"testing"

	"safetybot/wecom/wecomtest"
)

// TestServeAnonymousReportsLeaveNoTrace runs serve as deployed and sends 举报
// as user whistle_x9 through the encrypted app callback and the intelligent
// robot, and through the public web page from a distinctive client address
// (a loopback alias, behind a "proxy" naming another address). Then every
// byte of the database files (main, WAL, SHM) and everything serve printed
// is scanned: neither the userid, nor the chat, nor any client address is
// there.
func TestServeAnonymousReportsLeaveNoTrace(t *testing.T) {
	const (
		who      = "whistle_x9"
		group    = "wrGroupWhistle"
		clientIP = "127.8.9.10"    // the web client's own address
		fwdIP    = "198.51.100.77" // the address a local proxy reports
	)
	api := wecomtest.NewFakeAPI(t, wecomtest.FakeAPIOptions{})
	vars := callbackVars(api.URL)
	vars["SAFETYBOT_ADMINS"], vars["SAFETYBOT_TRUST_PROXY"], vars["SAFETYBOT_PUBLIC_URL"] = "admin", "1", "https://safety.example.gov.cn"
	srv := startServe(t, vars, "serve")
	db, base, stdout, stderr, stop := vars["SAFETYBOT_DB"], srv.base, srv.stdout, srv.stderr, srv.stop
	receipt := regexp.MustCompile(`\d{4} \d{4} \d{4} \d{4}`)

	// The app callback: report, retry (WeCom resends the same MsgId), follow up.
	app, err := wecomtest.NewAppClient(base+"/wecom/callback", vars["WECOM_TOKEN"], vars["WECOM_ENCODING_AES_KEY"], vars["WECOM_CORP_ID"])
	if err != nil {
		t.Fatal(err)
	}
	r, err := app.SendText(who, "7700000000000000001", "举报 某危化品码头罐区报警器长期关闭 APP-REPORT")
	if err != nil || !receipt.MatchString(r.Content) || !strings.Contains(r.Content, "https://safety.example.gov.cn/report") {
		t.Fatalf("app 举报: %+v %v", r, err)
	}
	code := receipt.FindString(r.Content)
	again, err := app.SendText(who, "7700000000000000001", "举报 某危化品码头罐区报警器长期关闭 APP-REPORT")
	if err != nil || again.Content != r.Content {
		t.Fatalf("a retried callback must get the same answer and store nothing new: %+v %v", again, err)
	}
	if r, err := app.SendText(who, "7700000000000000002", "补充 "+code+" 夜班尤其严重"); err != nil || !strings.Contains(r.Content, "已收到") {
		t.Fatalf("app 补充: %+v %v", r, err)
	}
	if r, err := app.SendText(who, "7700000000000000003", "查询 "+code); err != nil || !strings.Contains(r.Content, "待受理") {
		t.Fatalf("app 查询: %+v %v", r, err)
	}

	// The intelligent robot: a single chat reports; a group is refused.
	robot, err := wecomtest.NewAIBotClient(base+"/wecom/aibot", vars["WECOM_AIBOT_TOKEN"], vars["WECOM_AIBOT_ENCODING_AES_KEY"])
	if err != nil {
		t.Fatal(err)
	}
	s, err := robot.SendSingleText(who, "aibot-whistle-1", "举报 某客运站安检仪停用 ROBOT-REPORT", api.ResponseURL())
	if err != nil || !receipt.MatchString(s.Content) {
		t.Fatalf("robot 举报: %+v %v", s, err)
	}
	g, err := robot.SendGroupText(group, who, "aibot-whistle-2", "@安全助手 举报 GROUP-REPORT 某公司", api.ResponseURL())
	if err != nil || !strings.Contains(g.Content, "私聊") || receipt.MatchString(g.Content) {
		t.Fatalf("robot group 举报: %+v %v", g, err)
	}

	// The web page, from a distinctive address behind a "proxy".
	web := &http.Client{Transport: &http.Transport{DialContext: (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(clientIP)}}).DialContext}}
	form := url.Values{"content": {"某渡口超载 WEB-REPORT"}}
	req, _ := http.NewRequest("POST", base+"/report", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", fwdIP)
	resp, err := web.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !receipt.Match(page) || resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("web report: %d %s", resp.StatusCode, page)
	}
	webCode := receipt.FindString(string(page))
	form = url.Values{"code": {webCode}}
	req, _ = http.NewRequest("POST", base+"/report/status", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", fwdIP)
	if resp, err = web.Do(req); err != nil || resp.StatusCode != 200 {
		t.Fatalf("web status: %v %v", resp, err)
	}
	resp.Body.Close()

	// Three reports arrived (the retry and the group message added none).
	rows := chatAs(t, db, "admin", "举报统计")
	if !strings.Contains(rows, "共 3 条") {
		t.Fatalf("举报统计: %s", rows)
	}

	needles := []string{who, group, clientIP, fwdIP, "GROUP-REPORT", "7700000000000000001", "aibot-whistle-1",
		strings.ReplaceAll(code, " ", ""), strings.ReplaceAll(webCode, " ", "")}
	scan := func(when string) {
		t.Helper()
		scanForTraces(t, when, db, needles, append(needles, "APP-REPORT", "ROBOT-REPORT", "WEB-REPORT"), stdout, stderr)
	}
	if _, err := os.Stat(db + "-wal"); err != nil {
		t.Fatalf("the WAL should exist while serving: %v", err)
	}
	scan("while serving")
	stop()
	scan("after shutdown")
	if !strings.Contains(stderr.String(), "wecom callback") {
		t.Fatalf("expected serve's request log to be captured:\n%s", stderr.String())
	}
}

// scanForTraces fails the test when any of dbNeedles is in the database
// files (main, WAL, SHM) or any of outNeedles in what serve printed.
func scanForTraces(t *testing.T, when, db string, dbNeedles, outNeedles []string, stdout, stderr *testkit.Buffer) {
	t.Helper()
	for _, f := range []string{db, db + "-wal", db + "-shm"} {
		b, err := os.ReadFile(f)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range dbNeedles {
			if bytes.Contains(b, []byte(n)) {
				t.Errorf("%s: %q is in %s", when, n, filepath.Base(f))
			}
		}
	}
	for name, out := range map[string]string{"stdout": stdout.String(), "stderr": stderr.String()} {
		for _, n := range outNeedles {
			if strings.Contains(out, n) {
				t.Errorf("%s: %q printed on %s:\n%s", when, n, name, out)
			}
		}
	}
}
