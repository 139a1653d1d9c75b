package main

import (
	"errors"
	"strings"
	"testing"
)

// FuzzLoadConfig: whatever the environment holds, loadConfig never panics;
// it either accepts it or refuses with a one-line usage error (exit 2) that
// never repeats a secret's value. A variable with our prefix that nothing
// reads (extra, holding the secret as a misspelt WECOM_SECRT would) is
// always refused.
func FuzzLoadConfig(f *testing.F) {
	f.Add("yes", "http://[::1", "x1", "s3cr3t-value", "-5", ":99999", "1m-", "a=k,b", "")
	f.Add("1", "https://safety.example.gov.cn", "1000002", "s3cr3t-value", "30", "127.0.0.1:8080", "20m", "ops=abc", "TRUST_PROXI")
	f.Add("1", "https://safety.example.gov.cn", "1000002", "s3cr3t-value", "30", "127.0.0.1:8080", "20m", "ops=abc", "DB")
	f.Fuzz(func(t *testing.T, trust, url, agent, secret, days, addr, kick, keys, extra string) {
		vars := map[string]string{
			"SAFETYBOT_TRUST_PROXY": trust, "SAFETYBOT_PUBLIC_URL": url, "WECOM_API_BASE": url,
			"WECOM_CORP_ID": "ww1", "WECOM_AGENT_ID": agent, "WECOM_SECRET": secret,
			"SAFETYBOT_TIP_RETENTION_DAYS": days, "SAFETYBOT_ADDR": addr, "SAFETYBOT_PPROF": addr,
			"WECOM_WS_RECONNECT_AFTER_KICK": kick, "WECOM_WEBHOOK_KEYS": keys,
			"WECOM_AIBOT_ID": "bot", "WECOM_AIBOT_SECRET": secret,
		}
		secrets := map[string]bool{"WECOM_SECRET": true, "WECOM_AIBOT_SECRET": true}
		name := "SAFETYBOT_" + extra
		_, taken := vars[name]
		unknown := false
		if extra != "" && !strings.Contains(extra, "=") && !taken {
			vars[name], secrets[name] = secret, true
			unknown = !isKnown(name) && !foreignVars[name]
		}
		_, err := loadConfig(env(vars))
		if err == nil {
			if unknown {
				t.Fatalf("%s is read by nothing, yet accepted", name)
			}
			return
		}
		var u usageError
		if !errors.As(err, &u) {
			t.Fatalf("not a usage error: %v", err)
		}
		msg := err.Error()
		if msg == "" || strings.ContainsAny(msg, "\n\r") {
			t.Fatalf("want one line, got %q", msg)
		}
		s := strings.TrimSpace(secret)
		elsewhere := strings.Contains(name, s) || strings.Contains(strings.Join(knownVars, " "), s) || strings.Contains(caseOf(name), s) // text a message may name
		for k, v := range vars {
			if !secrets[k] && strings.Contains(v, s) {
				elsewhere = true
			}
		}
		if len(s) >= 8 && !elsewhere && strings.Contains(msg, s) {
			t.Fatalf("the message repeats the secret: %q", msg)
		}
	})
}
