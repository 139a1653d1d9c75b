package safetybot

import (
	"slices"
	"strings"
	"testing"
)

// TestCheckWebhooks: one rule for chat and plan files, in each one's words.
// The chat refusals are the replies 提醒 添加 gave before the rule was
// shared, word for word.
func TestCheckWebhooks(t *testing.T) {
	tests := []struct {
		name       string
		audience   string
		configured []string
		src        AudienceSource
		want       string // the whole refusal; "" accepted
	}{
		{"configured", "role:leader,webhook:安全群", []string{"wr001", "安全群"}, AudienceTyped, ""},
		{"no robot", "领导,专班:road_water", nil, AudienceInFile, ""},
		{"typed, none configured", "群:安全群", nil, AudienceTyped,
			"群机器人「安全群」未配置，提醒未添加：尚未配置任何群机器人（WECOM_WEBHOOK_KEYS 为空）。" +
				"请在 WECOM_WEBHOOK_KEYS 中加入「安全群=<key>」并重启服务后再添加，或改用 群聊:<群聊ID>、领导、工作人员、专班:<专班> 等对象。"},
		{"typed, others configured", "webhook:wr001,群:不存在的群", []string{"wr001", "安全群"}, AudienceTyped,
			"群机器人「不存在的群」未配置，提醒未添加。已配置的群机器人：wr001、安全群（WECOM_WEBHOOK_KEYS 中的名字），例如 对象:群:wr001。" +
				"新的群机器人请先在 WECOM_WEBHOOK_KEYS 中加入「不存在的群=<key>」并重启服务。"},
		{"file, none configured", "role:staff,webhook:安全群", nil, AudienceInFile,
			"群机器人「安全群」未配置：尚未配置任何群机器人（WECOM_WEBHOOK_KEYS 为空）。" +
				"请在 serve 和 plan import 的 WECOM_WEBHOOK_KEYS 中加入「安全群=<key>」并重启 serve 后再导入，或改用 role:leader、group:<专班代号>、appchat:<群聊ID> 等对象"},
		{"file, others configured", "群机器人:值班群", []string{"wr001"}, AudienceInFile,
			"群机器人「值班群」未配置。已配置的群机器人：wr001（WECOM_WEBHOOK_KEYS 中的名字），例如 webhook:wr001。" +
				"新的群机器人请先在 serve 和 plan import 的 WECOM_WEBHOOK_KEYS 中加入「值班群=<key>」并重启 serve"},
		{"long name cut", "群:" + strings.Repeat("群", 30), []string{"wr001"}, AudienceTyped,
			"群机器人「" + strings.Repeat("群", 20) + "…」未配置，提醒未添加。已配置的群机器人：wr001（WECOM_WEBHOOK_KEYS 中的名字），例如 对象:群:wr001。" +
				"新的群机器人请先在 WECOM_WEBHOOK_KEYS 中加入「" + strings.Repeat("群", 20) + "…=<key>」并重启服务。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts, err := ParseAudience(tt.audience)
			if err != nil {
				t.Fatal(err)
			}
			err = CheckWebhooks(parts, tt.configured, tt.src)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if ErrorCode(err) != EINVALID || ErrorMessage(err) != tt.want {
				t.Errorf("got %v (%s)\nwant %s", ErrorMessage(err), ErrorCode(err), tt.want)
			}
		})
	}
}

func TestUnconfiguredWebhooks(t *testing.T) {
	parts, err := ParseAudience("webhook:b,role:leader,群:a,webhook:b,群机器人:c")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		configured, want []string
	}{
		{nil, []string{"b", "a", "c"}},
		{[]string{"a"}, []string{"b", "c"}},
		{[]string{"a", "b", "c"}, nil},
	} {
		if got := UnconfiguredWebhooks(parts, tt.configured); !slices.Equal(got, tt.want) {
			t.Errorf("configured %v: got %v, want %v", tt.configured, got, tt.want)
		}
	}
}
