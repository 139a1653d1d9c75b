// Package bot is the brain of safetybot: a Message in, Replies out. It owns
// the chat grammar, the command table (which also generates help), the one
// permission check, and the handlers. It knows the store and the plan, never
// WeCom, HTTP or the scheduler.
package bot

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"safetybot"
	"safetybot/tipdesk"
)

// ChatType tells a private chat from a group chat.
type ChatType string

const (
	ChatSingle ChatType = "single"
	ChatGroup  ChatType = "group"
)

// Message is one inbound chat message, whatever transport carried it.
type Message struct {
	Source   string // "chat" (terminal), "app", "aibot", "aibot-ws"
	ChatID   string // group chat id; empty in a private chat
	ChatType ChatType
	UserID   string
	MsgID    string
	Text     string

	// Kind is KindText (the zero value), KindImage, KindLocation or
	// KindCardClick. Images and locations are evidence for the sender's
	// latest 上报 (evidence.go); a card click runs its button's command
	// (cards.go).
	Kind    Kind
	MediaID string       // image: the transport's media id, fetched through Media
	Media   MediaFetcher // image: how to download MediaID; set by the transport
	Lat     float64      // location
	Lng     float64      // location
	Label   string       // location: the address WeCom gives

	// KindCardClick: a button of a card the bot sent was pressed
	// (template_card_event): the card's task_id, the button's key and
	// the click's response_code (one use within 72 h; empty when the
	// transport gives none). See cardClick (cards.go).
	TaskID       string
	EventKey     string
	ResponseCode string
}

// Kind is what a message carries.
type Kind string

const (
	KindText      Kind = ""
	KindImage     Kind = "image"
	KindLocation  Kind = "location"
	KindCardClick Kind = "card_click"
)

// Reply is one answer to send back to where the message came from.
type Reply struct {
	Text string
	// Sensitive marks the answer to an anonymous-report command (举报 and
	// its follow-ups, or a handler reading a report): a transport must not
	// persist it nor whom it went to (no outbox row), e.g. when a reply is
	// too slow for a passive answer.
	Sensitive bool
	// Markdown marks a reply written in WeCom markdown (摘要). Transports
	// that reach the WeChat plugin send it as plain text unless told
	// otherwise (safetybot.PlainText; WECOM_APP_MARKDOWN).
	Markdown bool
	// Card, on the answer to a card click (KindCardClick), is how the click
	// changed the clicked card, for transports that update the card in
	// their answer to the click (the intelligent robot); nil when the card
	// stays as it is (a refusal, an unknown card). See CardUpdate (cards.go).
	Card *CardUpdate
}

// ConfiguredAdmins is the grantor recorded for the admins SAFETYBOT_ADMINS names.
const ConfiguredAdmins = safetybot.ConfiguredAdmins

// verbVariants are words people type for a command; the reply names the
// command instead of guessing (a wrong guess would change the ledger).
var verbVariants = map[string]string{
	"撤消": "撤销", "撤回": "撤销", "取消": "撤销", "更正": "修改", "更改": "修改", "修正": "修改", "改正": "修改", "编辑": "修改",
	"报告": "上报", "汇报": "上报", "登记": "上报", "提交": "上报", "查看": "隐患", "列表": "隐患", "台账": "隐患",
	"验收": "销号", "关闭": "销号", "退回": "驳回", "分配": "指派", "交办": "指派", "整改完成": "整改",
}

// MaxMessageRunes is the longest message the bot reads.
const MaxMessageRunes = 2000

// Config is what the engine needs besides the store.
type Config struct {
	Admins []string // SAFETYBOT_ADMINS: admins from the start
	Now    safetybot.Clock
	Logger *slog.Logger
	Tips   tipdesk.Config // anonymous reports; Now and Logger default to the engine's
	// BotNames are the names people @mention the bot by in groups
	// (WECOM_BOT_NAME; default 安全助手); "@<name>" is removed wherever it
	// stands, even when the name holds a space.
	BotNames []string
	// ReportLimits bound 上报 per user and hour; zero: DefaultReportLimits.
	ReportLimits ReportLimits
	// Directory gives people's names for replies and notifications
	// (default safetybot.IDs: userids). It is never asked about the
	// sender of an anonymous report.
	Directory safetybot.Directory
	// FormURL is the report form's address (<SAFETYBOT_PUBLIC_URL>/hazards/new);
	// when set, 帮助 offers it to those who may 上报.
	FormURL      string
	DashboardURL string // SAFETYBOT_PUBLIC_URL: 受理 <编号> links a report's photos there (empty: the path alone)
	// Webhooks are the names of the group robots messages can go to
	// (WECOM_WEBHOOK_KEYS): 提醒 添加 refuses a 群: target none of them
	// names, which would only fail when the reminder fires (QA2 item 6).
	Webhooks []string
}

// Engine routes messages to command handlers.
type Engine struct {
	store            safetybot.Store
	admins           map[string]bool
	now              safetybot.Clock
	log              *slog.Logger
	commands         []*command
	byVerb           map[string]*command
	verbs            []string
	plan             *safetybot.Plan
	tips             *tipdesk.Desk
	botNames         []string
	dir              safetybot.Directory // names.go
	limits           ReportLimits
	formURL, dashURL string   // Config.FormURL, Config.DashboardURL
	webhooks         []string // Config.Webhooks

	recent recent     // who sent a 举报, and where photos go, in the last EvidenceWindow (evidence.go)
	dutyMu sync.Mutex // held by recordDuty across its duplicate check and insert
}

// NewEngine builds the engine and its command table; the plan must already
// be in the store.
func NewEngine(ctx context.Context, s safetybot.Store, cfg Config) (*Engine, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	p, err := s.Plan(ctx)
	if err != nil {
		return nil, err
	}
	e := &Engine{store: s, admins: map[string]bool{}, now: cfg.Now, log: cfg.Logger, plan: p, byVerb: map[string]*command{}, botNames: mentionNames(cfg.BotNames), formURL: cfg.FormURL, dashURL: strings.TrimRight(cfg.DashboardURL, "/")}
	if e.dir = cfg.Directory; e.dir == nil {
		e.dir = safetybot.IDs{}
	}
	e.webhooks = slices.Clone(cfg.Webhooks)
	e.limits = cfg.ReportLimits
	if e.limits == (ReportLimits{}) {
		e.limits = DefaultReportLimits
	}
	for _, a := range cfg.Admins {
		if a = strings.TrimSpace(a); a != "" {
			e.admins[a] = true
			// Recorded as a grant, so every rule that asks "who are the
			// admins" (notifications above all) finds them in one place.
			if err := s.EnsureGrant(ctx, safetybot.Grant{UserID: a, Role: safetybot.RoleAdmin}, ConfiguredAdmins); err != nil {
				return nil, err
			}
		}
	}
	if cfg.Tips.Now == nil {
		cfg.Tips.Now = cfg.Now
	}
	if cfg.Tips.Logger == nil {
		cfg.Tips.Logger = cfg.Logger
	}
	if e.tips, err = tipdesk.New(ctx, s, cfg.Tips); err != nil {
		return nil, err
	}
	for _, group := range [][]*command{
		e.helpCommands(),
		e.hazardCommands(),
		e.evidenceCommands(),
		e.superviseCommands(),
		e.editCommands(),
		e.taskCommands(),
		e.planCommands(),
		e.dutyCommands(),
		e.reminderCommands(),
		e.digestCommands(),
		e.adminCommands(),
		e.tipCommands(),
	} {
		e.commands = append(e.commands, group...)
	}
	for _, c := range e.commands {
		e.byVerb[c.verb] = c
		e.verbs = append(e.verbs, c.verb)
		if c.alias != "" {
			e.byVerb[c.alias] = c
			e.verbs = append(e.verbs, c.alias)
		}
	}
	// Longest verbs first, so prefix matching never takes a shorter verb
	// that begins a longer one.
	slices.SortStableFunc(e.verbs, func(a, b string) int { return len(b) - len(a) })
	return e, nil
}

// Tips is the reporter's side of anonymous reports, for the web page.
func (e *Engine) Tips() *tipdesk.Desk { return e.tips }

// Handle answers one message. It never panics on any input and always
// answers, even if only to say what went wrong; the one exception is a card
// click for an unknown task_id or key, which is ignored with a log line
// (nil replies; see cardClick).
func (e *Engine) Handle(ctx context.Context, m Message) []Reply {
	switch m.Kind {
	case KindImage, KindLocation:
		return e.attachEvidence(ctx, m)
	case KindCardClick:
		return e.cardClick(ctx, m)
	}
	if replies, ok := e.eachCommand(ctx, m); ok {
		return replies
	}
	replies, _ := e.command(ctx, m)
	return replies
}

// command runs a text message as a command and returns its replies and
// the handler's error (nil when it succeeded), for a card click that must
// know whether its command did anything.
func (e *Engine) command(ctx context.Context, m Message) ([]Reply, error) {
	text, problem := checkText(m.Text)
	if problem == tooLong && m.ChatType == ChatGroup && e.Sensitive(m) {
		// A long 举报 (or tip) in a group is refused as a short one is,
		// with the prompt to withdraw it, not told how to send the rest.
		verb := tipVerb
		if c := e.commandOf(m.Text); c != nil {
			verb = c.verb
		}
		return []Reply{{Text: e.tipGroupRefusal(verb), Sensitive: true}}, errNoCommand
	}
	if problem == tooLong {
		problem = e.tooLongReply(ctx, m)
	}
	if problem != "" {
		return []Reply{{Text: problem}}, safetybot.Errorf(safetybot.EINVALID, "%s", problem)
	}
	normalized, pasted := normalizeRows(text, e.botNames)
	verb, rest := splitVerb(normalized, e.verbs)
	if verb == "" {
		return []Reply{{Text: "请发送命令，例如「上报 <隐患描述> 单位:… 领域:…」。发送「帮助」查看可用命令。"}}, errNoCommand
	}
	cmd := e.byVerb[verb]
	if cmd == nil {
		cmd = e.byVerb[strings.ToLower(verb)]
	}
	if cmd == nil {
		if tr := readTip(normalized); tr.kind != notTip {
			return []Reply{e.tipIntentReply(ctx, m, tr)}, errNoCommand
		}
		if to, ok := verbVariants[verb]; ok {
			// In a group the example is the command's usage, not the text
			// sent: a group never reads a message quoted back (tipintent.go).
			example := to + " " + safetybot.Truncate(rest, 30)
			if m.ChatType == ChatGroup {
				example = e.byVerb[to].usage
			}
			return []Reply{{Text: fmt.Sprintf("未识别的命令「%s」。您是否要发送「%s」？例如「%s」。发送「帮助」查看可用命令。", verb, to, example)}}, errNoCommand
		}
		if after, ok := strings.CutPrefix(strings.TrimSpace(rest), "姓名"); verb == "序号" && ok && staffListNotName(after) != nil {
			return []Reply{{Text: safetybot.ErrorMessage(staffListNotName(after))}}, errNoCommand // a WPS staff table without 授权 (QA15 #4)
		}
		if reply, ok := e.answer(ctx, m, verb+" "+rest); ok {
			return []Reply{{Text: reply}}, nil
		}
		if ok, only := ack(normalized); ok { // 收到, 好的: the next step, no scolding
			return []Reply{{Text: e.ackReply(ctx, m, only)}}, errNoCommand
		}
		if m.ChatType == ChatGroup {
			return []Reply{{Text: groupUnknownReply}}, errNoCommand
		}
		return []Reply{{Text: "未识别的命令「" + safetybot.Truncate(verb, 20) + "」。发送「帮助」查看可用命令。"}}, errNoCommand
	}
	if len(pasted.content) > 0 && !cmd.fields.has("等级") {
		// A row read by its cells' content is a hazard's: for 检查, 议题 …
		// its cells stay their text, as before (fix10 #1).
		normalized, pasted = normalizeTable(text, e.botNames, false)
		_, rest = splitVerb(normalized, e.verbs)
	}
	rest = pasted.withSupervision(rest, cmd.fields)
	if cmd.verb == tipStatusVerb {
		if hint, ok := hazardQueryHint(rest); ok {
			return []Reply{{Text: hint}}, errNoCommand
		}
	}
	start := e.now()
	user, err := e.user(ctx, m.UserID)
	if err == nil {
		err = e.authorize(cmd, user, m)
	}
	var reply string
	if err == nil {
		req := &request{msg: m, user: user, args: readArgs(rest, cmd.fields, e.now()), cmd: cmd, rest: rest, pasted: pasted}
		sentenceSpills(rest, &req.args)
		reply, err = e.run(ctx, cmd, req)
		if err == nil && !cmd.sensitive {
			reply += pasted.systemNote(rest, cmd.fields, user)
		}
		if note := extraRowsNote(pasted.extra); note != "" && !cmd.sensitive {
			if err == nil {
				reply += note
			} else if code := safetybot.ErrorCode(err); code != safetybot.EINTERNAL {
				err = safetybot.Errorf(code, "%s%s", safetybot.ErrorMessage(err), note)
			}
		}
		if err == nil && cmd.verb == tipVerb {
			e.recent.noteTip(e.tips.ChatClient(m.UserID).Key(), e.now())
		}
	}
	if cmd.sensitive && safetybot.ErrorCode(err) != safetybot.EINTERNAL {
		// No log line at all for 举报 and its follow-ups: even without the
		// sender, its time beside the sender's other commands would name them.
		if err != nil {
			return []Reply{{Text: safetybot.ErrorMessage(err), Sensitive: true}}, err
		}
		return []Reply{{Text: reply, Sensitive: true}}, nil
	}
	if err == nil && !cmd.confidential {
		if n, ok := ctx.Value(logNoteKey{}).(*LogNote); ok {
			n.Cmd = cmd.verb // the transport's one line per message says it
			return []Reply{{Text: reply, Markdown: cmd.markdown}}, nil
		}
	}
	attrs := []any{"cmd", cmd.verb, "source", m.Source, "chat_type", m.ChatType, "took", e.now().Sub(start)}
	if !cmd.sensitive {
		attrs = append(attrs, "user", m.UserID)
	}
	if err != nil {
		code := safetybot.ErrorCode(err)
		if code == safetybot.EINTERNAL {
			if !cmd.sensitive {
				attrs = append(attrs, "err", err)
			}
			e.log.ErrorContext(ctx, "command failed", attrs...)
		} else {
			e.log.InfoContext(ctx, "command refused", append(attrs, "code", code)...)
		}
		return []Reply{{Text: safetybot.ErrorMessage(err), Sensitive: cmd.sensitive}}, err
	}
	e.log.InfoContext(ctx, "command", attrs...)
	return []Reply{{Text: reply, Sensitive: cmd.confidential, Markdown: cmd.markdown}}, nil
}

// LogNote is what a successful command leaves for the transport that
// carried it, instead of a log line of its own (WithLogNote).
type LogNote struct {
	Cmd string // the command's verb; "" when the engine logged, or ran no command
}

type logNoteKey struct{}

// WithLogNote returns a context under which Handle, for a command that
// succeeds, writes the verb into n instead of logging its "command" line:
// a transport that logs a line for every message it serves (wecom's
// callbacks) adds the verb to it, and a message costs one line, not two.
// Refusals, failures and confidential commands log as they always do;
// anonymous-report commands never log. n is written by the goroutine that
// calls Handle, before Handle returns.
func WithLogNote(ctx context.Context, n *LogNote) context.Context {
	return context.WithValue(ctx, logNoteKey{}, n)
}

// errNoCommand is command's error for a text that names no command.
var errNoCommand = safetybot.Errorf(safetybot.EINVALID, "no command")

// Sensitive reports whether m is an anonymous-report command (举报 and its
// follow-ups: the command table's sensitive flag) or, naming no command,
// reads as a tip or a relay (readTip), read the way Handle reads it but without
// handling it. Transports ask before they handle: such a message leaves no
// log line even when its answer comes late, and a 举报 refused in a group
// leaves no deduplication record either (the refusal says nothing was
// recorded).
func (e *Engine) Sensitive(m Message) bool {
	if m.Kind != KindText {
		return false
	}
	// An over-long 举报 is refused, but it is still a 举报: its text must
	// not reach a log line either.
	if _, problem := checkText(m.Text); problem != "" && problem != tooLong {
		return false
	}
	cmd := e.commandOf(m.Text)
	if cmd == nil {
		return readTip(normalize(m.Text, e.botNames)).kind != notTip // 我要匿名举报…: tipintent.go
	}
	return cmd.sensitive
}

// commandOf is the command text starts with, read as Handle reads it
// ("@Safety Bot 举报 …"), or nil.
func (e *Engine) commandOf(text string) *command {
	verb, _ := splitVerb(normalize(text, e.botNames), e.verbs)
	cmd := e.byVerb[verb]
	if cmd == nil {
		cmd = e.byVerb[strings.ToLower(verb)]
	}
	return cmd
}

// tooLongReply refuses a message over MaxMessageRunes with a way to send
// the rest that the sender may use (qa3 item 7): a command with its own
// way (举报 and 补充 by receipt code, 回复, 整改 and 进展 in several
// messages) gives it (its longHint); otherwise staff are told of 整改 and
// 进展, and anyone else, who cannot use those, how a 上报 is kept short.
func (e *Engine) tooLongReply(ctx context.Context, m Message) string {
	cmd := e.commandOf(m.Text)
	hint := ""
	if cmd != nil {
		hint = cmd.longHint
	}
	if hint == "" {
		if u, err := e.user(ctx, m.UserID); err == nil && u.IsStaff() {
			return tooLong
		}
		if cmd == nil || cmd.verb != "上报" {
			return fmt.Sprintf("消息过长（超过 %d 字），未登记，请精简后重发。", MaxMessageRunes)
		}
		hint = reportLongHint
	}
	return fmt.Sprintf("消息过长（超过 %d 字），未登记，请精简后重发；%s", MaxMessageRunes, hint)
}

// reportLongHint is how someone without a role sends a long 上报: what
// the reporter may add with 修改 in the 30 minutes after.
const reportLongHint = "隐患描述限 500 字，请先上报主要情况；登记后 30 分钟内可用「修改 <编号> 原因:… 措施:…」补充。"

// tooLong is checkText's refusal of a message over MaxMessageRunes, as
// staff read it; tooLongReply adapts it to the command.
const tooLong = "消息过长（超过 2000 字），请精简后重发；详细材料可在「整改」或「进展」中分多次补充。"

// run calls the handler, turning a panic into an internal error so one bad
// handler cannot take the bot down.
func (e *Engine) run(ctx context.Context, cmd *command, req *request) (reply string, err error) {
	defer func() {
		if r := recover(); r != nil {
			if cmd.sensitive {
				r = "(not logged: sensitive command)"
			}
			e.log.ErrorContext(ctx, "handler panic", "cmd", cmd.verb, "panic", r)
			reply, err = "", fmt.Errorf("handler %s panicked: %v", cmd.verb, r)
		}
	}()
	return cmd.run(ctx, req)
}

func checkText(s string) (string, string) {
	switch {
	case !utf8.ValidString(s):
		return "", "消息包含无法识别的字符（编码错误），请重新输入。"
	case utf8.RuneCountInString(s) > MaxMessageRunes:
		return "", tooLong
	}
	s = strings.Map(func(r rune) rune {
		if r == 0 || (r < 0x20 && r != '\n' && r != '\t') {
			return -1
		}
		return r
	}, s)
	return s, ""
}

// user loads the caller's roles; configured admins hold admin from the start.
func (e *Engine) user(ctx context.Context, id string) (safetybot.User, error) {
	if strings.TrimSpace(id) == "" {
		return safetybot.User{}, safetybot.Errorf(safetybot.EFORBIDDEN, "无法识别发送人，请在企业微信内使用本机器人。")
	}
	u, err := e.store.User(ctx, id)
	if err != nil {
		return u, err
	}
	return u, nil
}
