// Package sender delivers outbox rows to WeCom over silenceper/wechat/v2:
// app messages to users (message/send, text and markdown, with
// enable_duplicate_check), appchat sends to groups the app created, group
// robot webhooks (WECOM_WEBHOOK_KEYS) and the intelligent robot's proactive
// pushes (through the long connection). It splits long texts under WeCom's
// byte limits, paces every recipient under WeCom's silent rate limits, and
// turns WeCom's errcodes into the outbox's retry classes.
//
// silenceper's high-level Send and RobotBroadcast take no context, so a hung
// WeCom would hold the outbox worker (and shutdown) until a process-global
// client timeout. This package therefore uses silenceper's access-token
// handle and cache key, its request types and its context-aware HTTP helpers
// (util.PostJSONContext, which honour the URI modifier), and checks every
// errcode itself, including the webhook's (RobotBroadcast answers err == nil
// on a non-zero errcode).
package sender

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/silenceper/wechat/v2/credential"
	"github.com/silenceper/wechat/v2/util"
	"github.com/silenceper/wechat/v2/work"
	"github.com/silenceper/wechat/v2/work/appchat"
	workcfg "github.com/silenceper/wechat/v2/work/config"
	"github.com/silenceper/wechat/v2/work/message"
	"github.com/silenceper/wechat/v2/work/robot"

	"safetybot"
	"safetybot/outbox"
)

// DefaultAPIBase is WeCom's API origin.
const DefaultAPIBase = "https://qyapi.weixin.qq.com"

// Byte limits of WeCom's message contents.
const (
	LimitText            = 2048 // message/send, appchat/send and webhook text
	LimitAppMarkdown     = 2048 // message/send and appchat/send markdown
	LimitWebhookMarkdown = 4096 // webhook markdown (over: 40058)
	LimitAIBotMarkdown   = 4096 // aibot_send_msg markdown (not documented; kept modest)
)

// Pusher sends a proactive markdown message to a chat of the intelligent
// robot (aibot_send_msg over the long connection). An error should be
// marked outbox.Unavailable when the connection is down.
type Pusher interface {
	Push(ctx context.Context, chatID, markdown string) error
}

// Config configures a Sender. Each channel is optional; a message for an
// unconfigured channel is dead-lettered with the name of the missing setting.
type Config struct {
	APIBase                 string // WECOM_API_BASE (default DefaultAPIBase)
	CorpID, AgentID, Secret string // WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET
	WebhookKeys             map[string]string
	AIBot                   Pusher // the long connection, when WECOM_AIBOT_ID is set
	// AppMarkdown (WECOM_APP_MARKDOWN=1) sends markdown messages through the
	// app (message/send, appchat/send) as markdown. Off by default: the
	// WeChat plugin (微信插件) shows markdown as nothing, so they go as text
	// converted by safetybot.PlainText. Group robots and the intelligent
	// robot always get markdown.
	AppMarkdown bool
	// PublicURL (SAFETYBOT_PUBLIC_URL) is where a card's 详情 button links
	// (<PublicURL>/hazards/<编号>); empty: cards have no link.
	PublicURL string
	Limits    Limits        // pacing (default DefaultLimits)
	Timeout   time.Duration // one HTTP call (default 10 s)
	// DuplicateCheckInterval is message/send's duplicate_check_interval: a
	// retry inside it (after a lost answer or a crash) is not shown twice.
	// Default and maximum 4 h.
	DuplicateCheckInterval time.Duration
	HTTPClient             *http.Client // default util.DefaultHTTPClient
	Now                    safetybot.Clock
	Log                    *slog.Logger
}

// Sender implements outbox.Sender for every WeCom channel.
type Sender struct {
	cfg     Config
	base    string
	agentID int
	token   credential.AccessTokenContextHandle
	cache   *tokenCache
	pacer   *Pacer
	log     *slog.Logger
}

// New builds a Sender. It registers cfg.APIBase for cfg.CorpID with the
// process-wide silenceper URI modifier (see routeTokenURL).
func New(cfg Config) (*Sender, error) {
	if cfg.APIBase == "" {
		cfg.APIBase = DefaultAPIBase
	}
	base := strings.TrimRight(cfg.APIBase, "/")
	if u, err := url.Parse(base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("WECOM_API_BASE %q: want an http(s) origin such as %s", cfg.APIBase, DefaultAPIBase)
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.DuplicateCheckInterval <= 0 || cfg.DuplicateCheckInterval > 4*time.Hour {
		cfg.DuplicateCheckInterval = 4 * time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	s := &Sender{cfg: cfg, base: base, pacer: NewPacer(cfg.Limits, cfg.Now), log: cfg.Log, cache: newTokenCache()}
	if s.appConfigured() {
		id, err := strconv.Atoi(cfg.AgentID)
		if err != nil {
			return nil, fmt.Errorf("WECOM_AGENT_ID %q: want the app's numeric AgentId", cfg.AgentID)
		}
		s.agentID = id
		wk := work.NewWork(&workcfg.Config{CorpID: cfg.CorpID, CorpSecret: cfg.Secret, AgentID: cfg.AgentID, Cache: s.cache})
		h, ok := wk.GetContext().AccessTokenHandle.(credential.AccessTokenContextHandle)
		if !ok {
			return nil, errors.New("silenceper: work access token handle has no context method")
		}
		s.token = h
		registerBase(cfg.CorpID, base)
	}
	return s, nil
}

func (s *Sender) appConfigured() bool {
	return s.cfg.CorpID != "" && s.cfg.AgentID != "" && s.cfg.Secret != ""
}

// TokenCacheKey is where silenceper caches the app's access token; it never
// drops it on 40014/42001 by itself.
func (s *Sender) TokenCacheKey() string {
	return fmt.Sprintf("%s_access_token_%s_%s", credential.CacheKeyWorkPrefix, s.cfg.CorpID, s.cfg.AgentID)
}

// Send delivers one outbox row, routed by its target kind.
func (s *Sender) Send(ctx context.Context, m safetybot.OutboxMessage) error {
	if m.Format == safetybot.FormatCard || m.Format == safetybot.FormatCardUpdate {
		return s.sendCardRow(ctx, m)
	}
	var limit int
	var send func(ctx context.Context, part string) error
	switch m.TargetKind {
	case safetybot.TargetUser, safetybot.TargetAppChat:
		if !s.appConfigured() {
			return outbox.Permanent(errors.New("企业微信应用未配置：请设置 WECOM_CORP_ID、WECOM_AGENT_ID、WECOM_SECRET / WeCom app not configured: WECOM_CORP_ID, WECOM_AGENT_ID and WECOM_SECRET are required for " + m.TargetKind + " messages"))
		}
		markdown := m.Markdown && s.cfg.AppMarkdown
		limit = LimitAppMarkdown
		if !markdown {
			limit = LimitText
		}
		if m.Markdown && !markdown {
			m.Body = safetybot.PlainText(m.Body)
		}
		if m.TargetKind == safetybot.TargetUser {
			send = func(ctx context.Context, part string) error { return s.sendApp(ctx, m.Target, markdown, part) }
		} else {
			send = func(ctx context.Context, part string) error { return s.sendAppChat(ctx, m.Target, markdown, part) }
		}
	case safetybot.TargetWebhook:
		key, ok := s.cfg.WebhookKeys[m.Target]
		if !ok {
			return outbox.Permanent(fmt.Errorf("群机器人「%s」未配置：请在 WECOM_WEBHOOK_KEYS 中加入 %s=<key> / webhook %q missing from WECOM_WEBHOOK_KEYS", m.Target, m.Target, m.Target))
		}
		limit = LimitWebhookMarkdown
		if !m.Markdown {
			limit = LimitText
		}
		send = func(ctx context.Context, part string) error {
			return s.sendWebhook(ctx, m.Target, key, m.Markdown, part)
		}
	case safetybot.TargetAIBot:
		if s.cfg.AIBot == nil {
			return outbox.Permanent(errors.New("智能机器人长连接未配置：请设置 WECOM_AIBOT_ID 和 WECOM_AIBOT_SECRET / intelligent robot long connection not configured: WECOM_AIBOT_ID and WECOM_AIBOT_SECRET are required for aibot messages"))
		}
		limit = LimitAIBotMarkdown
		send = func(ctx context.Context, part string) error {
			if err := s.cfg.AIBot.Push(ctx, m.Target, part); err != nil {
				return classify("aibot_send_msg", err)
			}
			return nil
		}
	default:
		return outbox.Permanent(fmt.Errorf("未知的通知对象类型 %q / unknown target kind %q", m.TargetKind, m.TargetKind))
	}
	parts := Split(m.Body, limit)
	done := min(m.PartsSent, len(parts))
	for done < len(parts) {
		if ok, until := s.pacer.Reserve(m.TargetKind, m.Target); !ok {
			return partial(done, m.PartsSent, &outbox.Postponed{Until: until})
		}
		if err := send(ctx, parts[done]); err != nil {
			return partial(done, m.PartsSent, err)
		}
		done++
	}
	return nil
}

func partial(done, before int, err error) error {
	if done > before {
		return outbox.Partial(done, err)
	}
	return err
}

// appMsg is message/send's text and markdown request (silenceper has no
// markdown type); chatMsg is the same for appchat/send.
type appMsg struct {
	*message.SendRequestCommon
	Text     *message.TextField `json:"text,omitempty"`
	Markdown *message.TextField `json:"markdown,omitempty"`
}

type chatMsg struct {
	*appchat.SendRequestCommon
	Text     *appchat.TextField `json:"text,omitempty"`
	Markdown *appchat.TextField `json:"markdown,omitempty"`
}

func (s *Sender) sendApp(ctx context.Context, user string, markdown bool, content string) error {
	req := appMsg{SendRequestCommon: &message.SendRequestCommon{
		ToUser: user, MsgType: "text", AgentID: strconv.Itoa(s.agentID),
		EnableDuplicateCheck: 1, DuplicateCheckInterval: int(s.cfg.DuplicateCheckInterval / time.Second),
	}}
	if markdown {
		req.MsgType, req.Markdown = "markdown", &message.TextField{Content: content}
	} else {
		req.Text = &message.TextField{Content: content}
	}
	var res message.SendResponse
	if err := s.withToken(ctx, "message/send", func(tok string) error {
		return s.post(ctx, "/cgi-bin/message/send?access_token="+url.QueryEscape(tok), "MessageSend", req, &res)
	}); err != nil {
		return err
	}
	if res.InvalidUser != "" || res.UnlicensedUser != "" {
		return outbox.Permanent(fmt.Errorf("接收人无效：该 userid 不存在、不在应用可见范围或未获许可 / recipient rejected by message/send (invaliduser=%t unlicenseduser=%t)",
			res.InvalidUser != "", res.UnlicensedUser != ""))
	}
	return nil
}

func (s *Sender) sendAppChat(ctx context.Context, chatID string, markdown bool, content string) error {
	req := chatMsg{SendRequestCommon: &appchat.SendRequestCommon{ChatID: chatID, MsgType: "text"}}
	if markdown {
		req.MsgType, req.Markdown = "markdown", &appchat.TextField{Content: content}
	} else {
		req.Text = &appchat.TextField{Content: content}
	}
	var res appchat.SendResponse
	return s.withToken(ctx, "appchat/send", func(tok string) error {
		return s.post(ctx, "/cgi-bin/appchat/send?access_token="+url.QueryEscape(tok), "AppChatSend", req, &res)
	})
}

func (s *Sender) sendWebhook(ctx context.Context, name, key string, markdown bool, content string) error {
	var req any
	if markdown {
		o := robot.WebhookSendMarkdownOption{MsgType: "markdown"}
		o.Markdown.Content = content
		req = o
	} else {
		o := robot.WebhookSendTextOption{MsgType: "text"}
		o.Text.Content = content
		req = o
	}
	var res robot.WebhookSendResponse
	err := s.post(ctx, "/cgi-bin/webhook/send?key="+url.QueryEscape(key), "WebhookSend", req, &res)
	if err != nil {
		return s.classifyWebhook(name, err)
	}
	return nil
}

// post sends req as JSON and decodes res, turning a non-zero errcode into a
// *util.CommonError.
func (s *Sender) post(ctx context.Context, path, api string, req, res any) error {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	body, err := util.PostJSONContext(ctx, s.base+path, req)
	if err != nil {
		return redact(err)
	}
	return util.DecodeWithError(body, res, api)
}

// redact hides credentials that silenceper's and net/http's errors carry
// in the URLs they quote (corpsecret, access_token, a webhook key), so they
// reach neither the log nor the outbox's last_error (shown by 失败投递).
// The wrapped error stays reachable for errors.Is/As.
func redact(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if red := secretRe.ReplaceAllString(msg, "${1}=***"); red != msg {
		return &redacted{msg: red, err: err}
	}
	return err
}

var secretRe = regexp.MustCompile(`(corpsecret|access_token|key)=[^&\s"']*`)

type redacted struct {
	msg string
	err error
}

func (r *redacted) Error() string { return r.msg }
func (r *redacted) Unwrap() error { return r.err }

// withToken runs call with the app's access token. On 40014/42001 it drops
// the cached token (only if it is still the one that failed: a concurrent
// call may have refreshed it already), fetches a new one and retries once.
func (s *Sender) withToken(ctx context.Context, api string, call func(tok string) error) error {
	for try := 0; ; try++ {
		tok, err := s.accessToken(ctx)
		if err != nil {
			// no token means the whole app channel is down (or misconfigured,
			// which an administrator fixes and restarts): keep the message
			if err = classify("gettoken", err); !outbox.IsPermanent(err) && !outbox.IsUnavailable(err) {
				err = outbox.Unavailable(err)
			}
			return err
		}
		err = call(tok)
		if code, ok := errCode(err); ok && (code == 40014 || code == 42001) {
			s.cache.deleteIf(s.TokenCacheKey(), tok)
			if try == 0 {
				s.log.Info("wecom access token rejected, fetching a new one", "api", api, "errcode", code)
				continue
			}
		}
		if err != nil {
			return classify(api, err)
		}
		return nil
	}
}

func (s *Sender) accessToken(ctx context.Context) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	tok, err := s.token.GetAccessTokenContext(ctx)
	return tok, redact(err)
}

// FetchMedia downloads a temporary media file (media/get; WeCom keeps them
// three days) and returns its bytes and content type. Files over 20 MiB are
// refused.
func (s *Sender) FetchMedia(ctx context.Context, mediaID string) ([]byte, string, error) {
	if !s.appConfigured() {
		return nil, "", outbox.Permanent(errors.New("企业微信应用未配置，无法下载图片 / WeCom app not configured: WECOM_CORP_ID, WECOM_AGENT_ID and WECOM_SECRET are required to fetch media"))
	}
	var data []byte
	var ctype string
	err := s.withToken(ctx, "media/get", func(tok string) error {
		var err error
		data, ctype, err = s.getMedia(ctx, tok, mediaID)
		return err
	})
	return data, ctype, err
}

const maxMedia = 20 << 20

func (s *Sender) getMedia(ctx context.Context, tok, mediaID string) ([]byte, string, error) {
	ctx, cancel := context.WithTimeout(ctx, 4*s.cfg.Timeout) // a photo may take longer than a JSON call
	defer cancel()
	u := s.base + "/cgi-bin/media/get?access_token=" + url.QueryEscape(tok) + "&media_id=" + url.QueryEscape(mediaID)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, "", err
	}
	resp, err := s.httpClient().Do(req)
	if err != nil {
		return nil, "", redact(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, "", fmt.Errorf("media/get: HTTP %d", resp.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxMedia+1))
	if err != nil {
		return nil, "", err
	}
	if len(data) > maxMedia {
		return nil, "", outbox.Permanent(errors.New("media/get: file over 20 MiB"))
	}
	ctype := resp.Header.Get("Content-Type")
	if mt, _, _ := mime.ParseMediaType(ctype); mt == "application/json" || mt == "text/plain" {
		// WeCom answers errors as JSON with status 200
		if err := util.DecodeWithCommonError(data, "MediaGet"); err != nil {
			return nil, "", err
		}
		if mt == "application/json" {
			return nil, "", errors.New("media/get: JSON answer without a file")
		}
	}
	return data, ctype, nil
}

func (s *Sender) httpClient() *http.Client {
	if s.cfg.HTTPClient != nil {
		return s.cfg.HTTPClient
	}
	return util.DefaultHTTPClient
}

// errCode extracts WeCom's errcode from err: a *util.CommonError, or the
// text silenceper's gettoken error carries ("errcode=40001").
func errCode(err error) (int64, bool) {
	if err == nil {
		return 0, false
	}
	var ce *util.CommonError
	if errors.As(err, &ce) {
		return ce.ErrCode, true
	}
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Code, true
	}
	var coded interface{ WeComErrCode() int64 }
	if errors.As(err, &coded) {
		return coded.WeComErrCode(), true
	}
	if m := errcodeRe.FindStringSubmatch(err.Error()); m != nil {
		n, perr := strconv.ParseInt(m[1], 10, 64)
		return n, perr == nil
	}
	return 0, false
}

var errcodeRe = regexp.MustCompile(`errcode\s*[=:]\s*(-?\d+)`)

// APIError is a non-zero errcode from a WeCom API that has no silenceper
// error type (the long connection's acks).
type APIError struct {
	API  string
	Code int64
	Msg  string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("%s: errcode=%d errmsg=%s", e.API, e.Code, e.Msg)
}

// classify maps an error of api to the outbox's retry classes:
//   - -1 (busy), 45009 (rate limit), 45033 (concurrency limit), network
//     errors, timeouts, HTTP errors: Unavailable (back off, keep queued);
//   - 60020 (server IP not trusted) and 81013 (no valid recipient):
//     Permanent, with a reason an administrator can act on;
//   - 40001, 40013, 40056, 40082 (bad credentials, from gettoken):
//     Unavailable with a reason naming the settings to check, so nothing is
//     lost while an administrator fixes them;
//   - anything else: retried with backoff up to the worker's MaxAttempts.
func classify(api string, err error) error {
	if err == nil {
		return nil
	}
	if outbox.IsPermanent(err) || outbox.IsUnavailable(err) {
		return err
	}
	var post *outbox.Postponed
	if errors.As(err, &post) {
		return err
	}
	if code, ok := errCode(err); ok {
		switch code {
		case -1, 45009, 45033:
			return outbox.Unavailable(fmt.Errorf("企业微信繁忙或限流（%d），稍后重试 / WeCom busy or rate-limited: %w", code, err))
		case 60020:
			return outbox.Permanent(fmt.Errorf("企业微信拒绝了本服务器的 IP（60020）：请在应用管理「企业可信IP」中加入本服务器的出口 IP / server IP is not in the app's trusted IPs (60020): %w", err))
		case 81013:
			return outbox.Permanent(fmt.Errorf("没有有效的接收人（81013）：userid 不存在、已离职或不在应用可见范围内 / no valid recipient (81013): %w", err))
		case 40001, 40013, 40056, 40082:
			return outbox.Unavailable(fmt.Errorf("企业微信凭据无效（%d）：请检查 WECOM_CORP_ID、WECOM_SECRET、WECOM_AGENT_ID / invalid WeCom credentials: %w", code, err))
		}
		return fmt.Errorf("%s: %w", api, err)
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, io.EOF) || strings.Contains(err.Error(), "statusCode=") || strings.Contains(err.Error(), "HTTP ") {
		return outbox.Unavailable(fmt.Errorf("企业微信无法访问，稍后重试 / WeCom unreachable (%s): %w", api, err))
	}
	return fmt.Errorf("%s: %w", api, err)
}

// classifyWebhook adds the robot's name to a webhook error; 93000 (bad key)
// is a configuration error.
func (s *Sender) classifyWebhook(name string, err error) error {
	if code, ok := errCode(err); ok && code == 93000 {
		return outbox.Permanent(fmt.Errorf("群机器人「%s」的 webhook key 无效（93000）：请检查 WECOM_WEBHOOK_KEYS / webhook key of %q is invalid (93000): %w", name, name, err))
	}
	return classify("webhook/send", err)
}

// ParseWebhookKeys reads WECOM_WEBHOOK_KEYS, "name=key,name=key". A full
// webhook URL is accepted in place of the key.
func ParseWebhookKeys(s string) (map[string]string, error) {
	out := map[string]string{}
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		name, key, ok := strings.Cut(item, "=")
		name, key = strings.TrimSpace(name), strings.TrimSpace(key)
		if strings.HasPrefix(key, "http") {
			if u, err := url.Parse(key); err == nil && u.Query().Get("key") != "" {
				key = u.Query().Get("key")
			}
		}
		if !ok || name == "" || key == "" {
			return nil, fmt.Errorf("WECOM_WEBHOOK_KEYS: %q is not name=key", redactKey(item))
		}
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("WECOM_WEBHOOK_KEYS: name %q given twice", name)
		}
		out[name] = key
	}
	return out, nil
}

func redactKey(item string) string {
	if name, _, ok := strings.Cut(item, "="); ok {
		return name + "=…"
	}
	if len(item) > 4 {
		return item[:4] + "…"
	}
	return item
}

// tokenCache is a thread-safe silenceper cache.Cache (silenceper's
// cache.Memory reads its map without the lock: a data race under -race).
type tokenCache struct {
	mu   sync.Mutex
	data map[string]cached
}

type cached struct {
	val any
	exp time.Time
}

func newTokenCache() *tokenCache { return &tokenCache{data: map[string]cached{}} }

func (c *tokenCache) Get(key string) any {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.data[key]
	if !ok || time.Now().After(v.exp) {
		delete(c.data, key)
		return nil
	}
	return v.val
}

func (c *tokenCache) Set(key string, val any, timeout time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.data[key] = cached{val, time.Now().Add(timeout)}
	return nil
}

func (c *tokenCache) IsExist(key string) bool { return c.Get(key) != nil }

func (c *tokenCache) Delete(key string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.data, key)
	return nil
}

// deleteIf drops key only while it still holds val.
func (c *tokenCache) deleteIf(key string, val any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.data[key]; ok && v.val == val {
		delete(c.data, key)
	}
}

// The silenceper URI modifier is process-global: its token handle fetches
// https://qyapi.weixin.qq.com/cgi-bin/gettoken, and only the modifier can
// redirect that. Every Sender registers its API base for its corp ID, and one
// modifier, installed once, routes gettoken by the corpid in its query. The
// Sender builds every other URL from its own base, so senders pointed at
// different fakes in one test binary never fight over the global.
var (
	routesMu  sync.RWMutex
	routes    = map[string]string{} // corp ID → API base
	routeOnce sync.Once
)

func registerBase(corpID, base string) {
	routeOnce.Do(func() { util.SetURIModifier(routeTokenURL) })
	routesMu.Lock()
	defer routesMu.Unlock()
	routes[corpID] = base
}

// routeTokenURL rewrites silenceper's WeCom URLs to the API base registered
// for the corp ID they carry; others pass unchanged.
func routeTokenURL(uri string) string {
	if !strings.HasPrefix(uri, DefaultAPIBase+"/") {
		return uri
	}
	u, err := url.Parse(uri)
	if err != nil {
		return uri
	}
	routesMu.RLock()
	base, ok := routes[u.Query().Get("corpid")]
	routesMu.RUnlock()
	if !ok || base == DefaultAPIBase {
		return uri
	}
	return base + strings.TrimPrefix(uri, DefaultAPIBase)
}
