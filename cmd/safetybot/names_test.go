package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"safetybot/wecom/wecomtest"
)

// TestChatAndExportShowAddressBookNames wires the program as deployed: the
// app's credentials and WECOM_API_BASE point at a fake WeCom whose user/get
// knows some members. Replies and the exported ledger show their names;
// a member the app may not read shows as the userid until 姓名 names them.
func TestChatAndExportShowAddressBookNames(t *testing.T) {
	api := wecomtest.NewFakeAPI(t, wecomtest.FakeAPIOptions{CorpID: "wwnames01", Secret: "app-secret-n"})
	api.SetBookNames(map[string]string{"zhangsan": "张三", "yanghu_wu": "吴杨虎"})
	dir := t.TempDir()
	db := filepath.Join(dir, "names.db")
	getenv := env(map[string]string{"SAFETYBOT_DB": db, "SAFETYBOT_ADMINS": "admin",
		"WECOM_API_BASE": api.URL, "WECOM_CORP_ID": "wwnames01", "WECOM_AGENT_ID": "1000002", "WECOM_SECRET": "app-secret-n"})
	chat := func(user, lines string) string {
		t.Helper()
		var out, errOut bytes.Buffer
		if err := run(context.Background(), []string{"chat", "--user", user}, getenv, strings.NewReader(lines), &out, &errOut); err != nil {
			t.Fatalf("chat: %v %s", err, errOut.String())
		}
		return out.String()
	}
	chat("admin", "授权 wang 工作人员\n")
	if got := chat("zhangsan", "上报 护栏缺失 单位:县公路段 领域:公路运营 等级:一般 期限:2026-12-31\n"); !strings.Contains(got, "YH") {
		t.Fatalf("report: %s", got)
	}
	got := chat("wang", "指派 YH2026-0001 yanghu_wu\n隐患 YH2026-0001\n")
	for _, want := range []string{"指派给 吴杨虎（yanghu_wu）", "上报人：张三", "责任人：吴杨虎"} {
		if !strings.Contains(got, want) {
			t.Errorf("reply lacks %q:\n%s", want, got)
		}
	}
	if n := api.Count(wecomtest.EndpointUserGet); n == 0 {
		t.Fatal("user/get never called")
	}
	// sunzong is outside what the app may read: the userid, then the name an admin sets
	api.DenyBook(true)
	if got := chat("admin", "授权 sunzong 领导\n"); !strings.Contains(got, "已授予 sunzong 领导") {
		t.Errorf("unreadable member: %s", got)
	}
	if got := chat("admin", "姓名 sunzong 孙建国\n授权\n"); !strings.Contains(got, "孙建国（sunzong）：领导") {
		t.Errorf("admin-set name: %s", got)
	}
	out := filepath.Join(dir, "台账.csv")
	if _, stderr, err := runCLI(t, db, "export", "--format", "csv", "--out", out); err != nil {
		t.Fatalf("export: %v %s", err, stderr)
	}
	// runCLI has no WeCom settings: the names come from the database's cache
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	csv := string(b)
	if !strings.Contains(csv, ",张三,") || !strings.Contains(csv, ",吴杨虎,") || !strings.Contains(csv, ",zhangsan,yanghu_wu\r\n") {
		t.Errorf("ledger lacks names or userid columns:\n%s", csv)
	}
}
