package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestBadConfigExits2: every malformed variable, and every credential group
// set in part, stops run before anything is opened with a usage error
// (exit status 2) whose one line names the variable and what is wrong.
func TestBadConfigExits2(t *testing.T) {
	for _, tc := range []struct {
		vars map[string]string
		want []string // in the reason
	}{
		{map[string]string{"SAFETYBOT_TRUST_PROXY": "yes"}, []string{"SAFETYBOT_TRUST_PROXY", `"yes"`, "true、false、1 或 0"}},
		{map[string]string{"WECOM_APP_MARKDOWN": "on"}, []string{"WECOM_APP_MARKDOWN", "true、false、1 或 0"}},
		{map[string]string{"SAFETYBOT_PUBLIC_URL": "safety.example.gov.cn"}, []string{"SAFETYBOT_PUBLIC_URL", "http:// 或 https://"}},
		{map[string]string{"SAFETYBOT_PUBLIC_URL": "ftp://safety.example.gov.cn"}, []string{"SAFETYBOT_PUBLIC_URL", "完整网址"}},
		{map[string]string{"SAFETYBOT_PUBLIC_URL": "https://"}, []string{"SAFETYBOT_PUBLIC_URL"}},
		{map[string]string{"SAFETYBOT_PUBLIC_URL": "https://admin:pw@safety.example.gov.cn"}, []string{"SAFETYBOT_PUBLIC_URL", "用户名、密码"}},
		{map[string]string{"GOGC": "abc"}, []string{"GOGC", "off"}},
		{map[string]string{"GOGC": "-5"}, []string{"GOGC", "整数"}},
		{map[string]string{"GOGC": " 50"}, []string{`GOGC=" 50"`, "整数"}},
		{map[string]string{"GOMAXPROCS": "abc"}, []string{`GOMAXPROCS="abc"`, "正整数"}},
		{map[string]string{"GOMAXPROCS": "0"}, []string{"GOMAXPROCS", "正整数"}},
		{map[string]string{"GOGC": "5000000000"}, []string{"GOGC"}},
		{map[string]string{"SAFETYBOT_PUBLIC_URL": "https://a.cn/?x=1"}, []string{"SAFETYBOT_PUBLIC_URL"}},
		{map[string]string{"WECOM_API_BASE": "qyapi.weixin.qq.com"}, []string{"WECOM_API_BASE", "http:// 或 https://"}},
		{map[string]string{"WECOM_API_BASE": "http://%zz"}, []string{"WECOM_API_BASE"}},
		{map[string]string{"WECOM_CORP_ID": "c", "WECOM_AGENT_ID": "abc", "WECOM_SECRET": "s"}, []string{"WECOM_AGENT_ID", `"abc"`, "数字"}},
		{map[string]string{"SAFETYBOT_TIP_RETENTION_DAYS": "一年"}, []string{"SAFETYBOT_TIP_RETENTION_DAYS", "1 到 36500"}},
		{map[string]string{"SAFETYBOT_TIP_RETENTION_DAYS": "0"}, []string{"SAFETYBOT_TIP_RETENTION_DAYS"}},
		{map[string]string{"SAFETYBOT_ADDR": "8080"}, []string{"SAFETYBOT_ADDR", `"8080"`, "主机:端口"}},
		{map[string]string{"SAFETYBOT_ADDR": ":99999"}, []string{"SAFETYBOT_ADDR"}},
		{map[string]string{"SAFETYBOT_ADDR": "localhost:http-alt"}, []string{"SAFETYBOT_ADDR"}},
		{map[string]string{"SAFETYBOT_PPROF": "6060"}, []string{"SAFETYBOT_PPROF", "主机:端口"}},
		{map[string]string{"SAFETYBOT_PPROF": "127.0.0.1:8080", "SAFETYBOT_ADDR": "127.0.0.1:8080"}, []string{"SAFETYBOT_PPROF", "SAFETYBOT_ADDR"}},
		{map[string]string{"WECOM_WEBHOOK_KEYS": "justakey"}, []string{"WECOM_WEBHOOK_KEYS：", "名字=key"}},
		{map[string]string{"WECOM_WEBHOOK_KEYS": "wr001=693a91f6-aaaa，ops=0f3c1111"}, []string{"WECOM_WEBHOOK_KEYS：", "wr001", "英文逗号"}},
		{map[string]string{"WECOM_AIBOT_ID": "b", "WECOM_AIBOT_SECRET": "s", "WECOM_AIBOT_WS_URL": "http://x"}, []string{"WECOM_AIBOT_WS_URL", "wss://"}},
		{map[string]string{"WECOM_AIBOT_ID": "b", "WECOM_AIBOT_SECRET": "s", "WECOM_WS_RECONNECT_AFTER_KICK": "soon"}, []string{"WECOM_WS_RECONNECT_AFTER_KICK", "10m-30m", "至少 1m"}},
		{map[string]string{"WECOM_AIBOT_ID": "b", "WECOM_AIBOT_SECRET": "s", "WECOM_WS_RECONNECT_AFTER_KICK": "30m-10m"}, []string{"WECOM_WS_RECONNECT_AFTER_KICK", "10m-30m"}},
		// Credential groups set in part: the missing variable is named.
		{map[string]string{"WECOM_AGENT_ID": "1000002", "WECOM_SECRET": "s"}, []string{"WECOM_CORP_ID 未设置", "WECOM_AGENT_ID"}},
		{map[string]string{"WECOM_CORP_ID": "c", "WECOM_SECRET": "s"}, []string{"WECOM_AGENT_ID 未设置"}},
		{map[string]string{"WECOM_CORP_ID": "c", "WECOM_AGENT_ID": "1000002"}, []string{"WECOM_SECRET 未设置"}},
		{map[string]string{"WECOM_TOKEN": "t", "WECOM_ENCODING_AES_KEY": "k"}, []string{"WECOM_CORP_ID 未设置"}},
		{map[string]string{"WECOM_CORP_ID": "c", "WECOM_TOKEN": "t"}, []string{"WECOM_ENCODING_AES_KEY 未设置"}},
		{map[string]string{"WECOM_AIBOT_TOKEN": "t"}, []string{"WECOM_AIBOT_ENCODING_AES_KEY 未设置"}},
		{map[string]string{"WECOM_AIBOT_SECRET": "s"}, []string{"WECOM_AIBOT_ID 未设置"}},
		// Keys that cannot be EncodingAESKeys: refused by every command, not
		// only by serve once it has started (QA 12 F4).
		{map[string]string{"WECOM_CORP_ID": "c", "WECOM_TOKEN": "t", "WECOM_ENCODING_AES_KEY": "short"}, []string{"WECOM_ENCODING_AES_KEY", "43"}},
		{map[string]string{"WECOM_CORP_ID": "c", "WECOM_TOKEN": "t", "WECOM_ENCODING_AES_KEY": "abcdefghijklmnopqrstuvwxyz0123456789ABCDE!@"}, []string{"WECOM_ENCODING_AES_KEY", "43"}},
		{map[string]string{"WECOM_AIBOT_TOKEN": "t", "WECOM_AIBOT_ENCODING_AES_KEY": "short"}, []string{"WECOM_AIBOT_ENCODING_AES_KEY", "43"}},
		// Set without what would use them: refused, not ignored.
		{map[string]string{"WECOM_CORP_ID": "c"}, []string{"WECOM_CORP_ID", "没有用到"}},
		{map[string]string{"WECOM_AIBOT_WS_URL": "wss://example.cn"}, []string{"WECOM_AIBOT_WS_URL", "WECOM_AIBOT_ID"}},
		{map[string]string{"WECOM_WS_RECONNECT_AFTER_KICK": "10m"}, []string{"WECOM_WS_RECONNECT_AFTER_KICK", "长连接"}},
		// Misspelt names: refused with the closest known name, never read.
		{map[string]string{"SAFETYBOT_TRUST_PROXI": "1"}, []string{"未知的环境变量 SAFETYBOT_TRUST_PROXI，是否应为 SAFETYBOT_TRUST_PROXY？"}},
		{map[string]string{"SAFETYBOT_TRUST_PROXI": "1", "WECOM_TOKN": "x"}, []string{"未知的环境变量 SAFETYBOT_TRUST_PROXI（是否应为 SAFETYBOT_TRUST_PROXY？）、WECOM_TOKN（是否应为 WECOM_TOKEN？）"}},
		{map[string]string{"WECOM_TOKN": "t", "WECOM_CORP_ID": "c", "WECOM_ENCODING_AES_KEY": "k"}, []string{"WECOM_TOKN，是否应为 WECOM_TOKEN"}},
		{map[string]string{"WECOM_CORPID": "c", "WECOM_AGENT_ID": "1000002", "WECOM_SECRET": "s"}, []string{"WECOM_CORPID，是否应为 WECOM_CORP_ID"}},
		{map[string]string{"SAFETYBOT_ADMIN": "a"}, []string{"SAFETYBOT_ADMIN，是否应为 SAFETYBOT_ADMINS"}},
		{map[string]string{"SAFETYBOT_PUBLICURL": "https://a.cn", "SAFETYBOT_DBFILE": "x"}, []string{"SAFETYBOT_DBFILE（是否应为 SAFETYBOT_DB？）", "SAFETYBOT_PUBLICURL（是否应为 SAFETYBOT_PUBLIC_URL？）"}},
		{map[string]string{"WECOM_AIBOT_ENCODING_AESKEY": ""}, []string{"WECOM_AIBOT_ENCODING_AESKEY", "WECOM_AIBOT_ENCODING_AES_KEY"}},
		{map[string]string{"SAFETYBOT_X\nY": "1"}, []string{`"SAFETYBOT_X\nY"`}},
		// Names are case-sensitive: a known name in another case is read by
		// nothing, so it is refused with the name meant.
		{map[string]string{"wecom_token": "t"}, []string{"环境变量名区分大小写：wecom_token 应为 WECOM_TOKEN"}},
		{map[string]string{"Safetybot_db": "x.db"}, []string{"环境变量名区分大小写：Safetybot_db 应为 SAFETYBOT_DB"}},
		{map[string]string{"safetybot_chromium": "x"}, []string{"safetybot_chromium 应为 SAFETYBOT_CHROMIUM"}},
		{map[string]string{"safetybot_trust_proxi": "1"}, []string{"未知的环境变量 safetybot_trust_proxi，是否应为 SAFETYBOT_TRUST_PROXY？"}},
		{map[string]string{"SAFETYBOT_TRUST_PROXI": "1", "wecom_token": "x"}, []string{"未知的环境变量 SAFETYBOT_TRUST_PROXI（是否应为 SAFETYBOT_TRUST_PROXY？）、wecom_token（应为 WECOM_TOKEN，变量名区分大小写）"}},
	} {
		dir := t.TempDir()
		tc.vars["SAFETYBOT_DB"] = filepath.Join(dir, "x.db")
		for _, args := range [][]string{nil, {"chat", "--user", "u"}} {
			err := run(context.Background(), args, env(tc.vars), strings.NewReader(""), io.Discard, io.Discard)
			var u usageError
			if !errors.As(err, &u) {
				t.Errorf("%v %v: err %v, want a usage error (exit 2)", tc.vars, args, err)
				continue
			}
			for _, w := range tc.want {
				if !strings.Contains(u.msg, w) {
					t.Errorf("%v: reason %q lacks %q", tc.vars, u.msg, w)
				}
			}
			if strings.Count(u.msg, "WECOM_WEBHOOK_KEYS") > 1 || !hanRE.MatchString(u.msg) {
				t.Errorf("%v: want a Chinese reason naming the variable once, got %q", tc.vars, u.msg)
			}
			if strings.Contains(u.msg, "\n") {
				t.Errorf("%v: reason is not one line: %q", tc.vars, u.msg)
			}
		}
		if _, err := os.Stat(tc.vars["SAFETYBOT_DB"]); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%v: a bad configuration left a database file (%v)", tc.vars, err)
		}
	}
}

var hanRE = regexp.MustCompile(`\p{Han}`)

// TestConfigNeverEchoesSecrets: a reason about a credential group names the
// variables, never a secret's value.
func TestConfigNeverEchoesSecrets(t *testing.T) {
	for _, vars := range []map[string]string{
		{"WECOM_SECRET": "SECRET-VALUE-1"},
		{"WECOM_TOKEN": "SECRET-VALUE-1", "WECOM_CORP_ID": "c"},
		{"WECOM_AIBOT_SECRET": "SECRET-VALUE-1"},
		{"WECOM_CORP_ID": "c", "WECOM_TOKEN": "t", "WECOM_ENCODING_AES_KEY": "SECRET-VALUE-1"},
		{"WECOM_AIBOT_TOKEN": "t", "WECOM_AIBOT_ENCODING_AES_KEY": "SECRET-VALUE-1"},
		{"WECOM_SECRT": "SECRET-VALUE-1", "WECOM_CORP_ID": "c", "WECOM_AGENT_ID": "1000002"},
		// A URL may carry a password or a token (QA of issue 12).
		{"SAFETYBOT_PUBLIC_URL": "https://admin:SECRET-VALUE-1@safety.example.gov.cn"},
		{"WECOM_API_BASE": "http://u:SECRET-VALUE-1@[::1"},
		{"WECOM_API_BASE": "https://qyapi.example.cn/?token=SECRET-VALUE-1"},
	} {
		_, err := loadConfig(env(vars))
		if err == nil || strings.Contains(err.Error(), "SECRET-VALUE-1") {
			t.Errorf("%v: %v", vars, err)
		}
	}
}

// TestConfigReadsValues: good values arrive in the struct, normalised.
func TestConfigReadsValues(t *testing.T) {
	cfg, err := loadConfig(env(map[string]string{
		"SAFETYBOT_TRUST_PROXY": "TRUE", "WECOM_APP_MARKDOWN": "1", "SAFETYBOT_PUBLIC_URL": " https://safety.example.cn/ ",
		"SAFETYBOT_TIP_RETENTION_DAYS": "30", "SAFETYBOT_ADMINS": "a, b,,", "WECOM_BOT_NAME": "安全助手,Safety Bot",
		"SAFETYBOT_PPROF": "127.0.0.1:6060", "WECOM_AIBOT_ID": "b", "WECOM_AIBOT_SECRET": "s",
		"WECOM_WS_RECONNECT_AFTER_KICK": "10m-30m", "WECOM_WEBHOOK_KEYS": "ops=k1", "SAFETYBOT_METRICS_TOKEN": " tok ",
		"GOGC": "off", "GOMAXPROCS": "2",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.TrustProxy || !cfg.WeComOut.AppMarkdown || cfg.PublicURL != "https://safety.example.cn" || cfg.WeComOut.PublicURL != cfg.PublicURL ||
		cfg.TipRetentionDays != 30 || strings.Join(cfg.Admins, "|") != "a|b" || strings.Join(cfg.BotNames, "|") != "安全助手|Safety Bot" ||
		cfg.PProf != "127.0.0.1:6060" || cfg.WeComOut.KickWaitMin != 10*time.Minute || cfg.WeComOut.KickWaitMax != 30*time.Minute ||
		cfg.WeComOut.WebhookKeys["ops"] != "k1" || cfg.MetricsToken != "tok" || cfg.DB != "./safetybot.db" || cfg.Addr != ":8080" || !cfg.GCPercentSet {
		t.Errorf("config: %+v", cfg)
	}
}
