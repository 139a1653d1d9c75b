package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// knownVars are the variables loadConfig reads. Any other variable set with
// one of namePrefixes is taken for a misspelling and stops every command
// (exit 2): SAFETYBOT_TRUST_PROXI=1 must not leave the report page's rate
// limits keyed by the proxy's address without anyone noticing.
// TestKnownVarsAreRead keeps this list and loadConfig in step.
var knownVars = []string{
	"SAFETYBOT_DB", "SAFETYBOT_ADDR", "SAFETYBOT_ADMINS", "SAFETYBOT_PLAN", "SAFETYBOT_HOLIDAYS",
	"SAFETYBOT_PUBLIC_URL", "SAFETYBOT_METRICS_TOKEN", "SAFETYBOT_TRUST_PROXY",
	"SAFETYBOT_TIP_RETENTION_DAYS", "SAFETYBOT_PPROF",
	"WECOM_BOT_NAME", "WECOM_CORP_ID", "WECOM_TOKEN", "WECOM_ENCODING_AES_KEY",
	"WECOM_AIBOT_TOKEN", "WECOM_AIBOT_ENCODING_AES_KEY", "WECOM_API_BASE", "WECOM_AGENT_ID",
	"WECOM_SECRET", "WECOM_WEBHOOK_KEYS", "WECOM_AIBOT_ID", "WECOM_AIBOT_SECRET",
	"WECOM_AIBOT_WS_URL", "WECOM_APP_MARKDOWN", "WECOM_WS_RECONNECT_AFTER_KICK",
}

// foreignVars carry our prefixes but are read by other programs that run
// from the same shell as serve; the server tolerates them without reading
// them. Each needs its reason.
var foreignVars = map[string]bool{
	// web/browser_test.go: where its screenshots go; .ci/run exports it
	// before `go test ./...`.
	"SAFETYBOT_ARTIFACTS": true,
	// web/browser_test.go: the chromium binary it drives (README, 开发).
	"SAFETYBOT_CHROMIUM": true,
	// ../shared/perf's gen-callbacks.mjs: where Node finds @wecom/crypto;
	// run.sh sets it for the generator only, but whoever reproduces a run by
	// hand exports it in the shell serve is started from.
	"WECOM_CRYPTO_PATH": true,
}

// namePrefixes are matched in any case: wecom_token is read by nothing (a
// name's case counts), yet whoever typed it believes WECOM_TOKEN is set.
var namePrefixes = []string{"SAFETYBOT_", "WECOM_"}

// unknownVar refuses every variable of environ that has one of our
// prefixes and is neither read nor tolerated, naming each (in name order,
// so the message is stable) with the name meant: the known or tolerated
// name it spells in another case, else the closest known name. Only names
// are repeated, never a value: a misspelt WECOM_SECRT holds a secret.
func unknownVar(environ []string) error {
	var unknown []string
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if hasPrefix(name) && !isKnown(name) && !foreignVars[name] {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	if len(unknown) == 1 {
		name := unknown[0]
		if meant := caseOf(name); meant != "" {
			return usagef("环境变量名区分大小写：%s 应为 %s", shownName(name), meant)
		}
		return usagef("未知的环境变量 %s，是否应为 %s？", shownName(name), closestVar(name))
	}
	// All of them at once: fixing one to meet the next is a slow way to
	// learn of two typos.
	each := make([]string, len(unknown))
	for i, name := range unknown {
		if meant := caseOf(name); meant != "" {
			each[i] = fmt.Sprintf("%s（应为 %s，变量名区分大小写）", shownName(name), meant)
		} else {
			each[i] = fmt.Sprintf("%s（是否应为 %s？）", shownName(name), closestVar(name))
		}
	}
	return usagef("未知的环境变量 %s", strings.Join(each, "、"))
}

// caseOf is the known or tolerated name that name spells in another case
// (WECOM_TOKEN for wecom_token), or "".
func caseOf(name string) string {
	if up := strings.ToUpper(name); up != name && (isKnown(up) || foreignVars[up]) {
		return up
	}
	return ""
}

// shownName is a name as the message shows it: bare when it is made of
// letters, digits and underscores as names are, quoted otherwise so that
// the message stays one line whatever the environment holds.
func shownName(name string) string {
	for _, r := range name {
		if !(r == '_' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
			return strconv.Quote(name)
		}
	}
	return name
}

func hasPrefix(name string) bool {
	up := strings.ToUpper(name)
	for _, p := range namePrefixes {
		if strings.HasPrefix(up, p) {
			return true
		}
	}
	return false
}

func isKnown(name string) bool {
	for _, k := range knownVars {
		if k == name {
			return true
		}
	}
	return false
}

// closestVar is the known name fewest single-character edits away from
// name in upper case (the first such in knownVars): a dropped, doubled,
// swapped or mistyped letter is one or two edits from what was meant,
// whatever the case it was typed in.
func closestVar(name string) string {
	name = strings.ToUpper(name)
	best, bestD := "", -1
	for _, k := range knownVars {
		if d := editDistance(name, k); bestD < 0 || d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes
// (variable names are ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			sub := prev[j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
