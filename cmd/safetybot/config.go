package main

import (
	"fmt"
	"maps"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"safetybot/wecom"
	"safetybot/wecom/sender"
)

// config is every setting of the program: the environment variables of the
// architecture page and README, read once in run by loadConfig, validated
// there and passed down. Nothing else reads the environment. Strings are
// trimmed; "" means unset.
type config struct {
	DB       string   // SAFETYBOT_DB: the SQLite file (default ./safetybot.db)
	Addr     string   // SAFETYBOT_ADDR: host:port serve listens on (default :8080)
	Admins   []string // SAFETYBOT_ADMINS: userids (adminList), as typed until openApp reads them as the ledger's accounts
	PlanFile string   // SAFETYBOT_PLAN: a plan JSON file replacing the built-in plan
	Holidays string   // SAFETYBOT_HOLIDAYS: override file of official holidays and 调休 working days
	BotNames []string // WECOM_BOT_NAME: the names the bot is @mentioned by (nameList)
	// PublicURL is SAFETYBOT_PUBLIC_URL without its trailing slash: an
	// absolute http(s) URL (https://safety.example.gov.cn), or "".
	PublicURL string
	// MetricsToken is SAFETYBOT_METRICS_TOKEN: the bearer token /metrics
	// accepts from other than loopback ("": loopback only).
	MetricsToken string
	// TrustProxy is SAFETYBOT_TRUST_PROXY (true/false/1/0): a reverse proxy
	// on this host forwards to serve, so X-Forwarded-For keys the report
	// page's in-memory rate limits.
	TrustProxy bool
	// TipRetentionDays is SAFETYBOT_TIP_RETENTION_DAYS, 1..36500 (0: the
	// desk's default, 365): how long closed anonymous reports are kept.
	TipRetentionDays int
	// PProf is SAFETYBOT_PPROF, a host:port such as 127.0.0.1:6060 where
	// serve offers net/http/pprof on a listener of its own, never on the
	// public mux ("": off).
	PProf string
	// GCPercentSet: GOGC is set (the Go runtime reads and checks it
	// itself), so serve leaves its own default, defaultGCPercent, out.
	GCPercentSet bool
	WeComIn      wecomInConfig
	WeComOut     wecomOutConfig
	hooks        testHooks
}

// testHooks let tests reach what no environment variable should: a slower
// engine and a shorter wait before a callback is answered empty. Zero in
// production.
type testHooks struct {
	slowAfter  time.Duration                   // wecom.AppConfig.SlowAfter (0: the default)
	now        func() time.Time                // the administrator's clock for plan import (nil: time.Now)
	wrapEngine func(wecom.Engine) wecom.Engine // wraps the engine the callbacks use
	// track is told of every goroutine serve starts (by name) and returns
	// the function called when it ends (nil: nothing is told).
	track func(name string) (done func())
}

// wecomInConfig is the inbound side of WeCom: the app callback (on when
// Token and EncodingAESKey are set, with CorpID) and the intelligent
// robot's callback (on when both of its variables are set). Secrets.
type wecomInConfig struct {
	CorpID         string // WECOM_CORP_ID
	Token          string // WECOM_TOKEN
	EncodingAESKey string // WECOM_ENCODING_AES_KEY
	AIBotToken     string // WECOM_AIBOT_TOKEN
	AIBotAESKey    string // WECOM_AIBOT_ENCODING_AES_KEY
	PublicURL      string // SAFETYBOT_PUBLIC_URL: where a card the robot updates links
}

func (c wecomInConfig) appOn() bool { return c.Token != "" || c.EncodingAESKey != "" }
func (c wecomInConfig) botOn() bool { return c.AIBotToken != "" || c.AIBotAESKey != "" }

// wecomOutConfig is the outbound side of WeCom: the app's credentials for
// message/send and appchat, the group robots' webhook keys, and the
// intelligent robot's long connection. Each part is off when its variables
// are empty.
type wecomOutConfig struct {
	APIBase     string            // WECOM_API_BASE, an absolute http(s) URL ("": WeCom's)
	CorpID      string            // WECOM_CORP_ID
	AgentID     string            // WECOM_AGENT_ID, digits
	Secret      string            // WECOM_SECRET
	WebhookKeys map[string]string // WECOM_WEBHOOK_KEYS, name=key,name=key, parsed
	AIBotID     string            // WECOM_AIBOT_ID
	AIBotSecret string            // WECOM_AIBOT_SECRET
	AIBotWSURL  string            // WECOM_AIBOT_WS_URL, ws:// or wss:// ("": WeCom's)
	AppMarkdown bool              // WECOM_APP_MARKDOWN (true/false/1/0): app messages as markdown
	// KickWaitMin and KickWaitMax are WECOM_WS_RECONNECT_AFTER_KICK, parsed
	// by parseKickWait (0: longconn's defaults).
	KickWaitMin, KickWaitMax time.Duration
	PublicURL                string // SAFETYBOT_PUBLIC_URL: where a card's 详情 button links
}

// appOn reports whether the app's sending credentials are set.
func (c wecomOutConfig) appOn() bool { return c.AgentID != "" || c.Secret != "" }

// webhookNames are the group robots WECOM_WEBHOOK_KEYS names, sorted: what
// a reminder may be sent to (提醒 添加, plan import) and what serve checks
// stored reminders against.
func (c wecomOutConfig) webhookNames() []string { return slices.Sorted(maps.Keys(c.WebhookKeys)) }

// longConnOn reports whether the intelligent robot's long connection is set.
func (c wecomOutConfig) longConnOn() bool { return c.AIBotID != "" || c.AIBotSecret != "" }

// now is the time the administrator's commands act at.
func (c config) now() time.Time {
	if c.hooks.now != nil {
		return c.hooks.now()
	}
	return time.Now()
}

// loadConfig reads and validates every variable of environ (os.Environ's
// KEY=value form). A bad value, a credential group set only in part, or a
// variable with our prefix that nothing reads (a misspelling) is a usage
// error (exit 2) naming the variable and what is wrong with it; secrets'
// values are never repeated.
func loadConfig(environ []string) (config, error) {
	getenv := lookup(environ)
	env := func(k string) string { return strings.TrimSpace(getenv(k)) }
	c := config{
		DB: env("SAFETYBOT_DB"), Addr: env("SAFETYBOT_ADDR"), PlanFile: env("SAFETYBOT_PLAN"),
		Holidays: env("SAFETYBOT_HOLIDAYS"), MetricsToken: env("SAFETYBOT_METRICS_TOKEN"),
		BotNames: nameList(getenv("WECOM_BOT_NAME")),
		WeComIn: wecomInConfig{CorpID: env("WECOM_CORP_ID"), Token: env("WECOM_TOKEN"), EncodingAESKey: env("WECOM_ENCODING_AES_KEY"),
			AIBotToken: env("WECOM_AIBOT_TOKEN"), AIBotAESKey: env("WECOM_AIBOT_ENCODING_AES_KEY")},
		WeComOut: wecomOutConfig{CorpID: env("WECOM_CORP_ID"), AgentID: env("WECOM_AGENT_ID"), Secret: env("WECOM_SECRET"),
			AIBotID: env("WECOM_AIBOT_ID"), AIBotSecret: env("WECOM_AIBOT_SECRET")},
	}
	if c.DB == "" {
		c.DB = "./safetybot.db"
	}
	if c.Addr == "" {
		c.Addr = ":8080"
	}
	// A misspelt name is reported before the errors it may cause (a group
	// "set in part" because one of its names is misspelt).
	err := unknownVar(environ)
	check := func(e error) {
		if err == nil {
			err = e
		}
	}
	check(checkAddr("SAFETYBOT_ADDR", c.Addr))
	// The runtime reads GOGC and GOMAXPROCS itself, untrimmed, as 32-bit
	// integers, and takes a bad value for its default without a word
	// (serve would then also leave its own GOGC out). A bad GOMEMLIMIT
	// stops the runtime before run (README, 内存).
	if g := getenv("GOGC"); g != "" {
		if n, err := strconv.ParseInt(g, 10, 32); g != "off" && (err != nil || n < 0) {
			check(usagef("GOGC=%q：应为不小于 0 的整数（回收后堆可增长的百分比）或 off", g))
		}
		c.GCPercentSet = true
	}
	if p := getenv("GOMAXPROCS"); p != "" {
		if n, err := strconv.ParseInt(p, 10, 32); err != nil || n < 1 {
			check(usagef("GOMAXPROCS=%q：应为正整数（同时运行 Go 代码的 CPU 核数，默认为本机核数）", p))
		}
	}
	if c.PProf = env("SAFETYBOT_PPROF"); c.PProf != "" {
		check(checkAddr("SAFETYBOT_PPROF", c.PProf))
		if c.PProf == c.Addr {
			check(usagef("SAFETYBOT_PPROF=%q：不能与 SAFETYBOT_ADDR 相同，性能分析只在单独的地址上提供（如 127.0.0.1:6060）", c.PProf))
		}
	}
	var e error
	c.Admins, e = adminList(getenv("SAFETYBOT_ADMINS"))
	check(e)
	c.PublicURL, e = httpURL("SAFETYBOT_PUBLIC_URL", env("SAFETYBOT_PUBLIC_URL"))
	check(e)
	c.WeComOut.PublicURL = c.PublicURL
	c.WeComIn.PublicURL = c.PublicURL
	c.WeComOut.APIBase, e = httpURL("WECOM_API_BASE", env("WECOM_API_BASE"))
	check(e)
	c.TrustProxy, e = boolVar("SAFETYBOT_TRUST_PROXY", env("SAFETYBOT_TRUST_PROXY"))
	check(e)
	c.WeComOut.AppMarkdown, e = boolVar("WECOM_APP_MARKDOWN", env("WECOM_APP_MARKDOWN"))
	check(e)
	if v := env("SAFETYBOT_TIP_RETENTION_DAYS"); v != "" {
		n, e := strconv.Atoi(v)
		if e != nil || n < 1 || n > 36500 {
			check(usagef("SAFETYBOT_TIP_RETENTION_DAYS=%q：应为 1 到 36500 之间的天数（默认 365）", v))
		}
		c.TipRetentionDays = n
	}
	if v := c.WeComOut.AgentID; v != "" {
		if n, e := strconv.Atoi(v); e != nil || n < 0 {
			check(usagef("WECOM_AGENT_ID=%q：应为自建应用的数字 AgentId", v))
		}
	}
	c.WeComOut.WebhookKeys, e = sender.ParseWebhookKeys(env("WECOM_WEBHOOK_KEYS"))
	if e != nil {
		check(usagef("WECOM_WEBHOOK_KEYS：%v", e))
	}
	if v := env("WECOM_AIBOT_WS_URL"); v != "" {
		if u, e := url.Parse(v); e != nil || (u.Scheme != "ws" && u.Scheme != "wss") || u.Host == "" {
			check(usagef("WECOM_AIBOT_WS_URL=%q：应为 wss:// 开头的完整地址（默认 wss://openws.work.weixin.qq.com）", v))
		}
		c.WeComOut.AIBotWSURL = v
	}
	kick := env("WECOM_WS_RECONNECT_AFTER_KICK")
	c.WeComOut.KickWaitMin, c.WeComOut.KickWaitMax, e = parseKickWait(kick)
	check(e)
	check(checkGroups(c, env))
	check(aesKey("WECOM_ENCODING_AES_KEY", c.WeComIn.EncodingAESKey))
	check(aesKey("WECOM_AIBOT_ENCODING_AES_KEY", c.WeComIn.AIBotAESKey))
	if err != nil {
		return config{}, err
	}
	return c, nil
}

// checkGroups refuses credentials set in part: each WeCom channel needs all
// of its variables, and a variable that only some channel uses must not be
// set without it (it would be ignored silently).
func checkGroups(c config, env func(string) string) error {
	groups := []struct {
		on   bool
		vars []string
	}{
		{c.WeComIn.appOn(), []string{"WECOM_TOKEN", "WECOM_ENCODING_AES_KEY", "WECOM_CORP_ID"}},
		{c.WeComIn.botOn(), []string{"WECOM_AIBOT_TOKEN", "WECOM_AIBOT_ENCODING_AES_KEY"}},
		{c.WeComOut.appOn(), []string{"WECOM_CORP_ID", "WECOM_AGENT_ID", "WECOM_SECRET"}},
		{c.WeComOut.longConnOn(), []string{"WECOM_AIBOT_ID", "WECOM_AIBOT_SECRET"}},
	}
	for _, g := range groups {
		if !g.on {
			continue
		}
		for _, k := range g.vars {
			if env(k) == "" {
				return usagef("%s 未设置（须与 %s 一起设置）", k, strings.Join(g.vars, "、"))
			}
		}
	}
	if c.WeComIn.CorpID != "" && !c.WeComIn.appOn() && !c.WeComOut.appOn() {
		return usagef("WECOM_CORP_ID 已设置但没有用到：发送消息还需 WECOM_AGENT_ID、WECOM_SECRET，接收应用消息还需 WECOM_TOKEN、WECOM_ENCODING_AES_KEY")
	}
	if !c.WeComOut.longConnOn() {
		for _, k := range []string{"WECOM_AIBOT_WS_URL", "WECOM_WS_RECONNECT_AFTER_KICK"} {
			if env(k) != "" {
				return usagef("%s 只用于智能机器人长连接，须同时设置 WECOM_AIBOT_ID 和 WECOM_AIBOT_SECRET", k)
			}
		}
	}
	return nil
}

// aesKey accepts "" or an EncodingAESKey as WeCom's console makes them: 43
// characters of base64 for a 32-byte key. The reason gives the length, never
// the value (it is a secret).
func aesKey(name, v string) error {
	if v == "" {
		return nil
	}
	if _, err := wecom.DecodeAESKey(v); err != nil {
		why := fmt.Sprintf("现在是 %d 个字符", utf8.RuneCountInString(v))
		if len(v) == 43 {
			why = "现在的值含有字母和数字以外的字符"
		}
		return usagef("%s：应为管理后台「随机获取」的 43 位 EncodingAESKey（字母和数字），%s", name, why)
	}
	return nil
}

// checkAddr accepts a listen address as net.Listen takes it for TCP:
// host:port with an optional host and a port number 0..65535.
func checkAddr(name, v string) error {
	_, port, err := net.SplitHostPort(v)
	if err == nil {
		var n int
		if n, err = strconv.Atoi(port); err == nil && (n < 0 || n > 65535) {
			err = strconv.ErrRange
		}
	}
	if err != nil {
		return usagef("%s=%q：应为「主机:端口」形式的监听地址，如 :8080 或 127.0.0.1:8080", name, v)
	}
	return nil
}

// httpURL accepts "" or an absolute http(s) URL with a host and no query
// or fragment, and returns it without its trailing slash.
func httpURL(name, v string) (string, error) {
	if v == "" {
		return "", nil
	}
	if strings.ContainsAny(v, "@?") {
		// A password or a token may be in it (user:pw@host, ?token=),
		// even when it does not parse: say why, never the value.
		return "", usagef("%s：网址里不能带用户名、密码或 ? 后的参数，只写 http(s)://主机[:端口][/路径]", name)
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Fragment != "" {
		return "", usagef("%s=%q：应为 http:// 或 https:// 开头的完整网址，如 https://safety.example.gov.cn", name, v)
	}
	return strings.TrimRight(v, "/"), nil
}

// boolVar accepts "" (false), true/false and 1/0, in any case.
func boolVar(name, v string) (bool, error) {
	switch strings.ToLower(v) {
	case "", "0", "false":
		return false, nil
	case "1", "true":
		return true, nil
	}
	return false, usagef("%s=%q：应为 true、false、1 或 0", name, v)
}

// lookup is os.Getenv over environ: the first of a repeated name counts,
// as it does for os.Getenv on Unix.
func lookup(environ []string) func(string) string {
	m := make(map[string]string, len(environ))
	for _, kv := range environ {
		k, v, _ := strings.Cut(kv, "=")
		if _, dup := m[k]; !dup {
			m[k] = v
		}
	}
	return func(k string) string { return m[k] }
}
