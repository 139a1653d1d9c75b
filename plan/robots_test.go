package plan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"safetybot"
)

// TestParseImportRobots reads every robot-*.json under testdata/plans (the
// 2027 file with a duty's reminders sent to group robots, in the exported
// form webhook:NAME and in the forms typed in chat, 群:NAME and
// 群机器人:NAME) against configurations of WECOM_WEBHOOK_KEYS: a robot not
// configured is refused as 提醒 添加 refuses it, with the line, the field
// path and the configured robots, or how to configure one when there are
// none. ParseFile alone (SAFETYBOT_PLAN) accepts them all.
func TestParseImportRobots(t *testing.T) {
	tests := []struct {
		file     string
		webhooks []string
		want     []string // substrings of the refusal; nil: accepted
	}{
		{"robot-webhook.json", nil, []string{"第 98 行 duties[0].audience：", "群机器人「安全群」未配置", "尚未配置任何群机器人（WECOM_WEBHOOK_KEYS 为空）",
			"加入「安全群=<key>」", "重启 serve", "role:leader"}},
		{"robot-webhook.json", []string{"wr001", "值班群"}, []string{"第 98 行 duties[0].audience：", "群机器人「安全群」未配置",
			"已配置的群机器人：wr001、值班群（WECOM_WEBHOOK_KEYS 中的名字）", "例如 webhook:wr001", "加入「安全群=<key>」"}},
		{"robot-webhook.json", []string{"安全群"}, nil},
		{"robot-chinese.json", nil, []string{"第 136 行 duties[2].audience：", "群机器人「安全群」未配置", "WECOM_WEBHOOK_KEYS 为空"}},
		{"robot-chinese.json", []string{"wr001"}, []string{"第 136 行 duties[2].audience：", "「安全群」未配置", "已配置的群机器人：wr001"}},
		{"robot-chinese.json", []string{"wr001", "安全群"}, nil},
		{"robot-two.json", []string{"wr001"}, []string{"第 136 行 duties[2].audience：", "群机器人「值班群」未配置", "已配置的群机器人：wr001"}},
		{"robot-two.json", []string{"值班群"}, []string{"第 136 行 duties[2].audience：", "群机器人「wr001」未配置", "已配置的群机器人：值班群"}},
		{"robot-two.json", []string{"wr001", "值班群"}, nil},
		{"good-2027.json", nil, nil},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		seen[tt.file] = true
		t.Run(tt.file+"/"+strings.Join(tt.webhooks, ","), func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(plansDir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := ParseFile(b); err != nil {
				t.Fatalf("ParseFile (SAFETYBOT_PLAN) refuses it: %v", err)
			}
			_, err = ParseImport(b, tt.webhooks)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("ParseImport: %v", err)
				}
				return
			}
			if safetybot.ErrorCode(err) != safetybot.EINVALID {
				t.Fatalf("ParseImport: %v, want EINVALID", err)
			}
			msg := safetybot.ErrorMessage(err)
			if strings.Contains(msg, "\n") {
				t.Errorf("reason is not one line: %q", msg)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("reason %q lacks %q", msg, w)
				}
			}
		})
	}
	files, _ := filepath.Glob(filepath.Join(plansDir, "robot-*.json"))
	if len(files) == 0 {
		t.Fatal("no robot-*.json")
	}
	for _, f := range files {
		if !seen[filepath.Base(f)] {
			t.Errorf("%s is not in the table", filepath.Base(f))
		}
	}
}

// TestBuiltinPlanNamesNoRobot: the embedded plan and duties send to no
// group robot, so they import, and serve starts without a warning, where
// WECOM_WEBHOOK_KEYS is empty.
func TestBuiltinPlanNamesNoRobot(t *testing.T) {
	f, err := ParseImport(campaign, nil)
	if err != nil {
		t.Fatalf("the embedded plan: %v", err)
	}
	sch, err := FileSchedule(f, time.Date(2026, 11, 30, 12, 0, 0, 0, safetybot.Shanghai))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range sch.Rules {
		parts, err := safetybot.ParseAudience(r.Audience)
		if err != nil {
			t.Fatalf("rule %s: %v", r.Name, err)
		}
		if robots := safetybot.UnconfiguredWebhooks(parts, nil); len(robots) > 0 {
			t.Errorf("built-in rule %s sends to group robots %v", r.Name, robots)
		}
	}
}
