package main

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"safetybot/internal/storetest"
	"safetybot/wecom/wecomtest"
)

// runEnv runs the program with args against db and the extra variables.
func runEnv(t *testing.T, db string, vars map[string]string, args ...string) (string, error) {
	t.Helper()
	return runInput(db, vars, "", args...)
}

// runInput is runEnv with input on stdin.
func runInput(db string, vars map[string]string, input string, args ...string) (string, error) {
	all := map[string]string{"SAFETYBOT_DB": db, "SAFETYBOT_ADMINS": "admin"}
	for k, v := range vars {
		all[k] = v
	}
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, env(all), strings.NewReader(input), &out, &errOut)
	return out.String(), err
}

// TestPlanImportRefusesUnconfiguredRobot: a plan file whose reminders go to
// a group robot WECOM_WEBHOOK_KEYS does not name is refused by plan import
// and --dry-run as 提醒 添加 refuses it: exit 2, one line naming the file,
// the line, the field and the configured robots (or how to configure
// one), and nothing changes. With the robot configured it imports.
func TestPlanImportRefusesUnconfiguredRobot(t *testing.T) {
	db := newDB(t, filepath.Join(t.TempDir(), "r.db"))
	webhook, two := filepath.Join(plansDir, "robot-webhook.json"), filepath.Join(plansDir, "robot-two.json")
	before := mustRun(t, db, "plan", "export", "--out", "-")
	for _, tc := range []struct {
		name string
		keys string // WECOM_WEBHOOK_KEYS
		args []string
		want string // the whole reason
	}{
		{"none configured", "", []string{"plan", "import", "--now", webhook},
			"方案文件 " + webhook + " 有误，未作任何改动：第 98 行 duties[0].audience：群机器人「安全群」未配置：尚未配置任何群机器人（WECOM_WEBHOOK_KEYS 为空）。" +
				"请在 serve 和 plan import 的 WECOM_WEBHOOK_KEYS 中加入「安全群=<key>」并重启 serve 后再导入，或改用 role:leader、group:<专班代号>、appchat:<群聊ID> 等对象"},
		{"dry run, others configured", "wr001=k-1,值班群=k-2", []string{"plan", "import", "--dry-run", webhook},
			"方案文件 " + webhook + " 有误，未作任何改动：第 98 行 duties[0].audience：群机器人「安全群」未配置。已配置的群机器人：wr001、值班群（WECOM_WEBHOOK_KEYS 中的名字），例如 webhook:wr001。" +
				"新的群机器人请先在 serve 和 plan import 的 WECOM_WEBHOOK_KEYS 中加入「安全群=<key>」并重启 serve"},
		{"second robot missing", "wr001=k-1", []string{"plan", "import", "--now", two},
			"方案文件 " + two + " 有误，未作任何改动：第 136 行 duties[2].audience：群机器人「值班群」未配置。已配置的群机器人：wr001（WECOM_WEBHOOK_KEYS 中的名字），例如 webhook:wr001。" +
				"新的群机器人请先在 serve 和 plan import 的 WECOM_WEBHOOK_KEYS 中加入「值班群=<key>」并重启 serve"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := runEnv(t, db, map[string]string{"WECOM_WEBHOOK_KEYS": tc.keys}, tc.args...)
			var u usageError
			if !errors.As(err, &u) {
				t.Fatalf("%v: %v, want a usage error (exit 2)", tc.args, err)
			}
			if u.msg != tc.want {
				t.Errorf("reason\n%s\nwant\n%s", u.msg, tc.want)
			}
		})
	}
	if after := mustRun(t, db, "plan", "export", "--out", "-"); after != before {
		t.Fatal("a refused import changed the plan")
	}
	out, err := runEnv(t, db, map[string]string{"WECOM_WEBHOOK_KEYS": "安全群=k-3"}, "plan", "import", "--now", webhook)
	if err != nil || !strings.Contains(out, "已将原方案归档为「方案1」") {
		t.Fatalf("import with 安全群 configured: %v\n%s", err, out)
	}
	if exported := mustRun(t, db, "plan", "export", "--out", "-"); !strings.Contains(exported, `"audience": "role:leader,webhook:安全群"`) {
		t.Errorf("the robot is not in the imported plan:\n%s", exported)
	}
}

// TestServeWarnsOfUnconfiguredRobot: serve starts, but warns on stderr
// naming each reminder rule whose group robot WECOM_WEBHOOK_KEYS lacks:
// one an administrator added while the robot's key was configured, and
// one SAFETYBOT_PLAN brings. On the console (no WeCom channel), where
// every message is printed, it says nothing.
func TestServeWarnsOfUnconfiguredRobot(t *testing.T) {
	api := wecomtest.NewFakeAPI(t, wecomtest.FakeAPIOptions{})
	db := storetest.File(t)
	added, err := runInput(db, map[string]string{"WECOM_WEBHOOK_KEYS": "安全群=k-1,wr001=k-2"},
		"提醒 添加 「30 8 * * 1」 周一晨检 对象:领导,群:安全群 名称:晨检\n提醒 添加 「0 9 * * 5」 周五例会 对象:群:wr001 名称:例会\n",
		"chat", "--user", "admin")
	if err != nil || strings.Count(added, "已添加") != 2 {
		t.Fatalf("adding the rules: %v\n%s", err, added)
	}

	// The operator removed 安全群's key.
	srv := startServe(t, map[string]string{"SAFETYBOT_DB": db, "WECOM_API_BASE": api.URL, "WECOM_WEBHOOK_KEYS": "wr001=k-2"})
	srv.stop()
	log := srv.stderr.String()
	if !strings.Contains(log, "level=WARN") || !strings.Contains(log, "rule=晨检") || !strings.Contains(log, "robot=安全群") ||
		!strings.Contains(log, "configured=wr001") || !strings.Contains(log, "加入「安全群=<key>」") || !strings.Contains(log, "失败投递") {
		t.Errorf("no warning naming the rule and the robot:\n%s", log)
	}
	if strings.Contains(log, "rule=例会") {
		t.Errorf("warned about a rule whose robot is configured:\n%s", log)
	}

	// SAFETYBOT_PLAN names a robot never configured: serve starts and warns.
	srv = startServe(t, map[string]string{"WECOM_API_BASE": api.URL, "WECOM_WEBHOOK_KEYS": "wr001=k-2",
		"SAFETYBOT_PLAN": filepath.Join(plansDir, "robot-webhook.json")})
	srv.stop()
	if log := srv.stderr.String(); !strings.Contains(log, "rule=党组议题·月初") || !strings.Contains(log, "robot=安全群") {
		t.Errorf("no warning for SAFETYBOT_PLAN's robot:\n%s", log)
	}

	// On the console nothing is sent to WeCom, so nothing is said.
	srv = startServe(t, map[string]string{"SAFETYBOT_DB": db})
	srv.stop()
	if log := srv.stderr.String(); strings.Contains(log, "robot=") {
		t.Errorf("warned on the console:\n%s", log)
	}
}
