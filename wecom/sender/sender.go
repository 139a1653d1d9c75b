// Package sender delivers outbox rows to WeCom: app messages to users
// (message/send, text and markdown, with enable_duplicate_check), appchat
// sends to groups the app created, template cards and their updates
// (cards.go), group robot webhooks (WECOM_WEBHOOK_KEYS) and the intelligent
// robot's proactive pushes (through the long connection). It splits long
// texts under WeCom's byte limits, paces every recipient under WeCom's
// silent rate limits (pace.go), and turns WeCom's errcodes into the outbox's
// retry classes (classify.go). It also reads the address book (user.go) and
// downloads media.
//
// The HTTP calls, the access token and the typed errcodes are
// wecom/wecomapi's; its package comment says why silenceper/wechat is no
// longer used.
package sender

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"time"

	"safetybot"
	"safetybot/outbox"
	"safetybot/wecom/wecomapi"
)

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
	APIBase                 string // WECOM_API_BASE (default wecomapi.DefaultBase)
	CorpID, AgentID, Secret string // WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET
	// Client is the app's WeCom API client, shared with the other users of
	// the app's token (web login); nil: New builds one from APIBase,
	// CorpID, Secret, Timeout and Now.
	Client      *wecomapi.Client
	WebhookKeys map[string]string
	AIBot       Pusher // the long connection, when WECOM_AIBOT_ID is set
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
	Now       safetybot.Clock
	Log       *slog.Logger
}

// duplicateCheckInterval is message/send's duplicate_check_interval in
// seconds, WeCom's maximum (4 h): a retry inside it (after a lost answer or
// a crash) is not shown twice.
const duplicateCheckInterval = 4 * 60 * 60

// Sender implements outbox.Sender for every WeCom channel.
type Sender struct {
	cfg     Config
	api     *wecomapi.Client
	agentID int
	pacer   *Pacer
	log     *slog.Logger
}

// New builds a Sender. It fails on a WECOM_API_BASE that is not an http(s)
// origin and on a non-numeric WECOM_AGENT_ID.
func New(cfg Config) (*Sender, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	s := &Sender{cfg: cfg, api: cfg.Client, pacer: NewPacer(cfg.Limits, cfg.Now), log: cfg.Log}
	if s.api == nil {
		c, err := wecomapi.New(wecomapi.Config{Base: cfg.APIBase, CorpID: cfg.CorpID, Secret: cfg.Secret,
			Timeout: cfg.Timeout, Now: cfg.Now})
		if err != nil {
			return nil, err
		}
		s.api = c
	}
	if s.appConfigured() {
		id, err := strconv.Atoi(cfg.AgentID)
		if err != nil {
			return nil, fmt.Errorf("WECOM_AGENT_ID %q: want the app's numeric AgentId", cfg.AgentID)
		}
		s.agentID = id
	}
	return s, nil
}

func (s *Sender) appConfigured() bool {
	return s.cfg.CorpID != "" && s.cfg.AgentID != "" && s.cfg.Secret != ""
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
		// aibot_send_msg carries markdown only: a plain notification (a
		// 督办, a reminder) may quote what a user typed, so it is escaped to
		// read as a text message would.
		if !m.Markdown {
			m.Body = safetybot.EscapeMarkdown(m.Body)
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

// appMsg is the request of message/send and appchat/send (ChatID set),
// and the webhook's (MsgType and content only): text, markdown or a
// template card.
type appMsg struct {
	ToUser                 string                 `json:"touser,omitempty"`
	ChatID                 string                 `json:"chatid,omitempty"`
	MsgType                string                 `json:"msgtype"`
	AgentID                string                 `json:"agentid,omitempty"`
	EnableDuplicateCheck   int                    `json:"enable_duplicate_check,omitempty"`
	DuplicateCheckInterval int                    `json:"duplicate_check_interval,omitempty"`
	Text                   *content               `json:"text,omitempty"`
	Markdown               *content               `json:"markdown,omitempty"`
	TemplateCard           *wecomapi.TemplateCard `json:"template_card,omitempty"`
}

type content struct {
	Content string `json:"content"`
}

// withContent sets m's type and content: markdown or text.
func (m appMsg) withContent(markdown bool, text string) appMsg {
	if markdown {
		m.MsgType, m.Markdown = "markdown", &content{text}
	} else {
		m.MsgType, m.Text = "text", &content{text}
	}
	return m
}

// toUsers is message/send's request head for users ("a|b"), with
// WeCom's duplicate check on.
func (s *Sender) toUsers(users string) appMsg {
	return appMsg{ToUser: users, AgentID: strconv.Itoa(s.agentID),
		EnableDuplicateCheck: 1, DuplicateCheckInterval: duplicateCheckInterval}
}

// sendAnswer is message/send's answer: the recipients it refused.
type sendAnswer struct {
	wecomapi.Status
	InvalidUser    string `json:"invaliduser"`
	UnlicensedUser string `json:"unlicenseduser"`
}

func (s *Sender) sendApp(ctx context.Context, user string, markdown bool, text string) error {
	var res sendAnswer
	if err := s.call(ctx, "message/send", nil, s.toUsers(user).withContent(markdown, text), &res); err != nil {
		return err
	}
	if res.InvalidUser != "" || res.UnlicensedUser != "" {
		return outbox.Permanent(fmt.Errorf("接收人无效：该 userid 不存在、不在应用可见范围或未获许可 / recipient rejected by message/send (invaliduser=%t unlicenseduser=%t)",
			res.InvalidUser != "", res.UnlicensedUser != ""))
	}
	return nil
}

func (s *Sender) sendAppChat(ctx context.Context, chatID string, markdown bool, text string) error {
	return s.call(ctx, "appchat/send", nil, appMsg{ChatID: chatID}.withContent(markdown, text), nil)
}

func (s *Sender) sendWebhook(ctx context.Context, name, key string, markdown bool, text string) error {
	err := s.api.Webhook(ctx, key, appMsg{}.withContent(markdown, text))
	if code, ok := wecomapi.ErrCode(err); ok && code == 93000 {
		return outbox.Permanent(fmt.Errorf("群机器人「%s」的 webhook key 无效（93000）：请检查 WECOM_WEBHOOK_KEYS / webhook key of %q is invalid (93000): %w", name, name, err))
	}
	return classify("webhook/send", err)
}

// call makes an authenticated call through the app's client and classifies
// its error for the outbox.
func (s *Sender) call(ctx context.Context, api string, q url.Values, req any, res wecomapi.Answer) error {
	return classifyCall(api, s.api.Call(ctx, api, q, req, res))
}

// FetchMedia downloads a temporary media file (media/get; WeCom keeps them
// three days) and returns its bytes and content type. Files over 20 MiB are
// refused (Permanent).
func (s *Sender) FetchMedia(ctx context.Context, mediaID string) ([]byte, string, error) {
	if !s.appConfigured() {
		return nil, "", outbox.Permanent(errors.New("企业微信应用未配置，无法下载图片 / WeCom app not configured: WECOM_CORP_ID, WECOM_AGENT_ID and WECOM_SECRET are required to fetch media"))
	}
	data, ctype, err := s.api.Media(ctx, mediaID, maxMedia)
	if errors.Is(err, wecomapi.ErrTooLarge) {
		return nil, "", outbox.Permanent(errors.New("media/get: file over 20 MiB"))
	}
	return data, ctype, classifyCall("media/get", err)
}

const maxMedia = 20 << 20
