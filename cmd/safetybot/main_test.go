package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"safetybot/internal/storetest"
)

// env builds an environment (os.Environ's form) from a map, so tests never
// read the real one.
func env(kv map[string]string) []string {
	out := make([]string, 0, len(kv))
	for k, v := range kv {
		out = append(out, k+"="+v)
	}
	return out
}

// mustConfig is loadConfig over vars, for tests that add hooks.
func mustConfig(t *testing.T, vars map[string]string) config {
	t.Helper()
	cfg, err := loadConfig(env(vars))
	if err != nil {
		t.Fatalf("loadConfig: %v", err)
	}
	return cfg
}

// chatAs runs `safetybot chat --user user` with input on stdin.
func chatAs(t *testing.T, db, user, input string, extra ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	args := append([]string{"chat", "--user", user}, extra...)
	err := run(context.Background(), args, env(map[string]string{"SAFETYBOT_DB": db, "SAFETYBOT_ADMINS": "admin"}),
		strings.NewReader(input), &out, &errOut)
	if err != nil {
		t.Fatalf("chat --user %s: %v (stderr %s)", user, err, errOut.String())
	}
	return out.String()
}

func TestChatLifecycle(t *testing.T) {
	db := storetest.File(t)
	out := chatAs(t, db, "zhangsan", "上报 危货车辆未安装智能视频监控 单位:某运输公司 领域:道路运输 等级:重大 期限:2026-12-31\n")
	num := regexp.MustCompile(`YH\d{4}-\d{4}`).FindString(out)
	if num == "" {
		t.Fatalf("上报 answered without a number: %s", out)
	}
	if out := chatAs(t, db, "admin", "授权 staff1 工作人员\n"); !strings.Contains(out, "已授予") {
		t.Fatalf("grant: %s", out)
	}
	if out := chatAs(t, db, "staff1", "隐患 "+num+"\n"); !strings.Contains(out, "危货车辆未安装智能视频监控") || !strings.Contains(out, "上报") {
		t.Fatalf("staff view: %s", out)
	}
	if out := chatAs(t, db, "zhangsan", "销号 "+num+"\n"); !strings.Contains(out, "仅限工作人员") {
		t.Fatalf("close by non-staff: %s", out)
	}
	out = chatAs(t, db, "admin", strings.Join([]string{
		"确认 " + num,
		"指派 " + num + " lisi 期限:2026-12-20",
		"整改 " + num + " 设备已安装 完成:是",
		"销号 " + num + " 复核合格",
		"隐患 " + num,
	}, "\n")+"\n")
	for _, want := range []string{"已确认", "指派给 lisi", "待验收", num + " 已销号", "已销号\n描述"} {
		if !strings.Contains(out, want) {
			t.Errorf("admin lifecycle output lacks %q:\n%s", want, out)
		}
	}
}

func TestChatInGroup(t *testing.T) {
	db := storetest.File(t)
	out := chatAs(t, db, "zhangsan", "@安全助手 上报 渡口缺救生衣 领域:水上交通\n", "--group", "wrChat1")
	if !strings.Contains(out, "YH") {
		t.Fatalf("group report: %s", out)
	}
}

func TestUsageErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "u.db")
	for _, args := range [][]string{{"chat"}, {"nonsense"}, {"backup"}, {"chat", "--bogus"}} {
		err := run(context.Background(), args, env(map[string]string{"SAFETYBOT_DB": db}), strings.NewReader(""), io.Discard, io.Discard)
		var u usageError
		if !errors.As(err, &u) {
			t.Errorf("run %v: err %v, want a usage error (exit 2)", args, err)
		}
	}
}

func TestServeHealthzAndBackup(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "serve.db")
	srv := startServe(t, map[string]string{"SAFETYBOT_DB": db})
	resp, err := http.Get(srv.base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %s", resp.Status)
	}
	// chat works on the same database while serve runs.
	if out := chatAs(t, db, "zhangsan", "上报 并行使用 领域:水上\n"); !strings.Contains(out, "YH") {
		t.Fatalf("chat beside serve: %s", out)
	}
	resp, err = http.Get(srv.base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `safetybot_hazards{status="待确认",grade="一般"} 1`) {
		t.Errorf("metrics:\n%s", body)
	}
	backup := filepath.Join(dir, "copy.db")
	var said strings.Builder
	if err := run(context.Background(), []string{"backup", backup}, env(map[string]string{"SAFETYBOT_DB": db}), nil, io.Discard, &said); err != nil {
		t.Fatalf("backup: %v", err)
	}
	if want := "数据库已备份到 " + backup + "\n"; said.String() != want { // QA 11b §7: user text is Chinese
		t.Errorf("backup says %q, want %q", said.String(), want)
	}
	if out := chatAs(t, backup, "admin", "隐患\n"); !strings.Contains(out, "并行使用") {
		t.Fatalf("backup lacks the hazard: %s", out)
	}
	srv.stop()
}

// TestServeListensFirst: a serve that cannot listen (the port, or the
// profiling port, is taken by another process) stops before it opens the
// database: no migration, no scheduler lease taken, no catch-up of missed
// reminders by a process that is about to exit (QA 12 F7).
func TestServeListensFirst(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	for _, vars := range []map[string]string{
		{"SAFETYBOT_ADDR": taken.Addr().String()},
		{"SAFETYBOT_ADDR": "127.0.0.1:0", "SAFETYBOT_PPROF": taken.Addr().String()},
	} {
		db := filepath.Join(t.TempDir(), "s.db")
		vars["SAFETYBOT_DB"] = db
		err := run(context.Background(), nil, env(vars), strings.NewReader(""), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "端口已被占用") || !strings.Contains(err.Error(), "address already in use") {
			t.Errorf("%v: serve returned %v, want the listen error in Chinese, the system's words kept", vars, err)
		}
		if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%v: serve opened the database before it could listen (%v)", vars, err)
		}
	}
}
