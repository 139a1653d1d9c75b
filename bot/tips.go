package bot

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"safetybot"
	"safetybot/store"
)

// Anonymous reports (举报). The reporter's side (举报, 查询, 补充) is shared by
// the chat and the public web page through TipDesk; the handlers' side
// (受理, 回复, 查实, 不予受理, 奖励) and the leaders' counts (举报统计) are chat
// commands. Nothing of the sender is stored or logged: the reporter's
// commands are flagged sensitive (the engine writes no log line for them,
// and transports never persist their replies), and the desk keeps its rate
// limits in memory under a keyed hash of the sender.

// MaxTipRunes is the longest report or addition accepted.
const MaxTipRunes = MaxMessageRunes

// TipConfig configures a TipDesk.
type TipConfig struct {
	Params safetybot.ReceiptParams // zero: safetybot.DefaultReceiptParams
	Now    safetybot.Clock
	Logger *slog.Logger
	// ReportURL is the public report page, named in replies ("" : /report).
	ReportURL string
	// RetentionDays keeps closed reports this long (0: 365).
	RetentionDays int
	// SubmitsPerHour limits new reports per client (default 5), and
	// SubmitsPerHourTotal for everyone together (default 300).
	SubmitsPerHour, SubmitsPerHourTotal int
}

// TipDesk is the reporter's side of anonymous reports, for every channel.
type TipDesk struct {
	store     *store.Store
	hasher    *safetybot.ReceiptHasher
	failures  *rateLog // wrong receipt codes
	submits   *rateLog // new reports
	now       safetybot.Clock
	log       *slog.Logger
	clientKey []byte // per process: throttle keys are unlinkable after a restart
	reportURL string
	retention int
}

// NewTipDesk loads (or creates) the deployment's receipt salt.
func NewTipDesk(ctx context.Context, s *store.Store, cfg TipConfig) (*TipDesk, error) {
	salt, err := s.TipSalt(ctx)
	if err != nil {
		return nil, err
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.ReportURL == "" {
		cfg.ReportURL = "/report"
	}
	if cfg.RetentionDays <= 0 {
		cfg.RetentionDays = 365
	}
	if cfg.SubmitsPerHour <= 0 {
		cfg.SubmitsPerHour = 5
	}
	if cfg.SubmitsPerHourTotal <= 0 {
		cfg.SubmitsPerHourTotal = 300
	}
	key := make([]byte, 32)
	rand.Read(key)
	return &TipDesk{
		store: s, hasher: safetybot.NewReceiptHasher(salt, cfg.Params, 2), failures: newFailureLog(),
		submits: newRateLog(rateRule{time.Hour, cfg.SubmitsPerHour, false}, rateRule{time.Hour, cfg.SubmitsPerHourTotal, true}),
		now:     cfg.Now, log: cfg.Logger, clientKey: key, reportURL: cfg.ReportURL, retention: cfg.RetentionDays,
	}, nil
}

// ReportURL is where the public report page is.
func (d *TipDesk) ReportURL() string { return d.reportURL }

// ClientKey turns whoever is asking (a WeCom userid, a web client's
// address) into an opaque throttle key: HMAC-SHA256 under a key that lives
// only in this process's memory. kind keeps the channels apart.
func (d *TipDesk) ClientKey(kind, id string) string {
	m := hmac.New(sha256.New, d.clientKey)
	m.Write([]byte(kind + "\x00" + id))
	return kind + ":" + hex.EncodeToString(m.Sum(nil)[:16])
}

// CheckTipText validates the text of a report or an addition.
func CheckTipText(body string) (string, error) {
	body = strings.TrimSpace(body)
	switch {
	case body == "":
		return "", safetybot.Errorf(safetybot.EINVALID, "请写明举报内容：什么单位、什么地点、存在什么隐患或违法行为。")
	case !utf8.ValidString(body):
		return "", safetybot.Errorf(safetybot.EINVALID, "内容包含无法识别的字符，请重新输入。")
	case utf8.RuneCountInString(body) > MaxTipRunes:
		return "", safetybot.Errorf(safetybot.EINVALID, "内容过长（超过 %d 字），请精简，或先提交主要情况，再用回执码分次补充。", MaxTipRunes)
	}
	return body, nil
}

// ErrTooManyReports is returned when a client (or everyone together) has
// sent too many reports in the last hour.
var ErrTooManyReports = safetybot.Errorf(safetybot.EFORBIDDEN, "提交过于频繁，请一小时后再试。如情况紧急，请拨打当地安全生产举报电话 12350。")

// Submit stores a new report from client (a ClientKey) and returns its
// receipt code, the only copy there will ever be.
func (d *TipDesk) Submit(ctx context.Context, client, body string) (string, error) {
	body, err := CheckTipText(body)
	if err != nil {
		return "", err
	}
	if !d.submits.take(client, d.now()) {
		return "", ErrTooManyReports
	}
	code := safetybot.NewReceipt()
	hash, err := d.hasher.Hash(ctx, code)
	if err != nil {
		return "", err
	}
	if _, err := d.store.CreateTip(ctx, hash, body); err != nil {
		return "", err
	}
	return code, nil
}

// Lookup returns the report of code for its reporter. client is a
// ClientKey; wrong codes from one client are throttled.
func (d *TipDesk) Lookup(ctx context.Context, client, code string) (*safetybot.Tip, error) {
	return d.withReceipt(ctx, client, code, func(hash []byte) (*safetybot.Tip, error) {
		return d.store.TipByReceipt(ctx, hash)
	})
}

// AddInfo appends the reporter's addition to the report of code. A wrong
// code is refused before the text is judged.
func (d *TipDesk) AddInfo(ctx context.Context, client, code, body string) (*safetybot.Tip, error) {
	body, bodyErr := CheckTipText(body)
	return d.withReceipt(ctx, client, code, func(hash []byte) (*safetybot.Tip, error) {
		if bodyErr != nil {
			// Only a right code learns what is wrong with the text.
			if _, err := d.store.TipByReceipt(ctx, hash); err != nil {
				return nil, err
			}
			return nil, bodyErr
		}
		return d.store.AddTipInfo(ctx, hash, body)
	})
}

// ErrThrottled is returned while a client has made too many wrong attempts.
var ErrThrottled = safetybot.Errorf(safetybot.EFORBIDDEN, "回执码错误次数过多。为防止他人猜测回执码，请约 1 分钟后再试，并仔细核对 16 位数字。")

// ErrReceiptFormat answers text that holds no 16-digit code at all: a
// hint, not a wrong attempt (nothing was guessed, nothing is counted).
var ErrReceiptFormat = safetybot.Errorf(safetybot.EINVALID, "没有找到回执码。回执码是举报时收到的 16 位数字，例如 1234 5678 9012 3456（可带空格、点或短横线）。请核对后重新输入；这次不计入错误次数。")

// withReceipt reads the code in raw (safetybot.ExtractReceipt, so a code
// pasted with punctuation counts as the code) and runs fn with its hash.
// Text without a 16-digit code gets ErrReceiptFormat and is not counted;
// a code that matches no report is a wrong attempt.
func (d *TipDesk) withReceipt(ctx context.Context, client, raw string, fn func(hash []byte) (*safetybot.Tip, error)) (*safetybot.Tip, error) {
	code, _, ok := safetybot.ExtractReceipt(raw)
	if !ok {
		return nil, ErrReceiptFormat
	}
	now := d.now()
	if !d.failures.allow(client, now) {
		d.log.WarnContext(ctx, "tip receipt throttled", "channel", channelOf(client))
		return nil, ErrThrottled
	}
	hash, err := d.hasher.Hash(ctx, code)
	if err != nil {
		return nil, err
	}
	t, err := fn(hash)
	if errors.Is(err, store.ErrNoTip) {
		d.failures.record(client, now)
		// Logged without the code, the client or the text.
		d.log.InfoContext(ctx, "tip receipt refused", "channel", channelOf(client))
	}
	return t, err
}

func channelOf(client string) string {
	kind, _, _ := strings.Cut(client, ":")
	return kind
}

// Retain deletes reports closed more than the retention period ago, with
// everything linked, and reminds handlers of reports awaiting them (counts
// only, queued once a day so no notification reveals when a report came).
// The scheduler calls it daily; serve runs it on a daily ticker otherwise.
func (d *TipDesk) Retain(ctx context.Context) (int, error) {
	now := d.now()
	cutoff := safetybot.DateOf(now.AddDate(0, 0, -d.retention))
	n, err := d.store.PurgeClosedTips(ctx, cutoff)
	if err != nil {
		return n, err
	}
	if n > 0 {
		d.log.InfoContext(ctx, "closed anonymous reports deleted after the retention period", "count", n, "retention_days", d.retention)
	}
	c, err := d.store.TipCounts(ctx)
	if err != nil {
		return n, err
	}
	if waiting := c.ByStatus[safetybot.TipNew]; waiting > 0 || c.NewInfo > 0 {
		note := safetybot.NotifyRole(safetybot.RoleHandler, fmt.Sprintf(
			"【匿名举报】待受理 %d 条，有新补充 %d 条。请私聊发送「受理」查看。", waiting, c.NewInfo))
		note.DedupKey = "tips-daily|" + string(safetybot.DateOf(now))
		err = d.store.Queue(ctx, note)
	}
	return n, err
}

// RunDaily calls Retain now and then every 24 hours until ctx ends, for a
// serve without a scheduler hook. tick is injectable for tests (nil: a real
// 24-hour ticker).
func (d *TipDesk) RunDaily(ctx context.Context, tick <-chan time.Time) {
	if tick == nil {
		t := time.NewTicker(24 * time.Hour)
		defer t.Stop()
		tick = t.C
	}
	for {
		if _, err := d.Retain(ctx); err != nil && ctx.Err() == nil {
			d.log.ErrorContext(ctx, "anonymous report retention failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick:
		}
	}
}

// rateLog remembers recent events (wrong codes, new reports) per client in
// memory only, and admits a client while every rule holds.
type rateLog struct {
	mu    sync.Mutex
	rules []rateRule
	keep  time.Duration // the longest window
	seen  map[string][]time.Time
	all   []time.Time
}

// rateRule allows at most max events within a window, per client or for
// everyone together (a guessing attack spread over many clients).
type rateRule struct {
	within   time.Duration
	max      int
	everyone bool
}

func newRateLog(rules ...rateRule) *rateLog {
	l := &rateLog{rules: rules, seen: map[string][]time.Time{}}
	for _, r := range rules {
		l.keep = max(l.keep, r.within)
	}
	return l
}

// Wrong receipt codes: the tenth in a minute from one client is refused,
// and so is the 31st in an hour, or the 601st in a minute from everyone.
func newFailureLog() *rateLog {
	return newRateLog(rateRule{time.Minute, 9, false}, rateRule{time.Hour, 30, false}, rateRule{time.Minute, 600, true})
}

// allow reports whether key may try now.
func (l *rateLog) allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.ok(key, now)
}

// record adds an event of key at now.
func (l *rateLog) record(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.add(key, now)
}

// take records an event of key if it is allowed, atomically.
func (l *rateLog) take(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.ok(key, now) {
		return false
	}
	l.add(key, now)
	return true
}

func (l *rateLog) ok(key string, now time.Time) bool {
	l.all = since(l.all, now.Add(-l.keep))
	mine := since(l.seen[key], now.Add(-l.keep))
	if len(mine) == 0 {
		delete(l.seen, key)
	} else {
		l.seen[key] = mine
	}
	for _, r := range l.rules {
		ts := mine
		if r.everyone {
			ts = l.all
		}
		if len(since(ts, now.Add(-r.within))) >= r.max {
			return false
		}
	}
	return true
}

func (l *rateLog) add(key string, now time.Time) {
	l.seen[key] = append(l.seen[key], now)
	l.all = append(l.all, now)
	if len(l.seen) > 10000 { // forget clients with nothing recent
		for k, ts := range l.seen {
			if len(since(ts, now.Add(-l.keep))) == 0 {
				delete(l.seen, k)
			}
		}
	}
}

// since drops the times before cutoff (times are appended in order).
func since(ts []time.Time, cutoff time.Time) []time.Time {
	i := 0
	for i < len(ts) && ts[i].Before(cutoff) {
		i++
	}
	return ts[i:]
}

// --- chat commands -------------------------------------------------------

var verifyFields = fields("单位", "unit", "领域", "domain", "等级", "grade", "期限", "deadline", "地点", "location", "隐患", "hazard")

func (e *Engine) tipCommands() []*command {
	return []*command{
		{verb: "举报", alias: "tip", perm: permAnyone, privateOnly: true, sensitive: true,
			usage:   "举报 <内容>",
			summary: "匿名举报隐患或违法行为（仅限私聊），返回回执码；不保存您的账号", run: e.tipSubmit},
		{verb: "查询", alias: "status", perm: permAnyone, privateOnly: true, sensitive: true,
			usage:   "查询 <回执码>",
			summary: "凭回执码查看匿名举报的处理进展、受理人回复和奖励情况", run: e.tipStatus},
		{verb: "补充", alias: "addinfo", perm: permAnyone, privateOnly: true, sensitive: true,
			usage:   "补充 <回执码> <内容>",
			summary: "凭回执码为匿名举报补充情况", run: e.tipAddInfo},
		{verb: "受理", alias: "triage", perm: permHandler, privateOnly: true, confidential: true,
			usage:   "受理 [编号] 或 受理 [状态|全部]",
			summary: "列出待处理的匿名举报，或阅览一条（阅览会留痕）", run: e.tipTriage},
		{verb: "回复", alias: "reply", perm: permHandler, privateOnly: true,
			usage:   "回复 <编号> <文本>",
			summary: "回复举报人（举报人凭回执码查看）", run: e.tipReply},
		{verb: "查实", alias: "verify", perm: permHandler, privateOnly: true, fields: verifyFields,
			usage:   "查实 <编号> [隐患描述] [单位:] [领域:] [等级:重大|一般] [地点:] [期限:] 或 查实 <编号> 隐患:YH2026-0001",
			summary: "举报查实：登记为隐患（来源「举报查实」，不带举报原文）或关联已有隐患", run: e.tipVerify},
		{verb: "不予受理", alias: "decline", perm: permHandler, privateOnly: true,
			usage:   "不予受理 <编号> <原因>",
			summary: "不予受理并说明原因（举报人可见）", run: e.tipDecline},
		{verb: "奖励", alias: "reward", perm: permHandler, privateOnly: true, fields: fields("罚款", "fine"),
			usage:   "奖励 <编号> <金额|罚款:金额> <待审核|已批准|已发放|不予奖励>",
			summary: "记录举报奖励（罚款的 15%，3000 元至 30 万元）；已发放或不予奖励即办结", run: e.tipReward},
		{verb: "举报统计", alias: "tipstats", perm: permLeader,
			usage:   "举报统计",
			summary: "匿名举报的数量统计（不含内容）", run: e.tipStats},
	}
}

func (e *Engine) tipClient(r *request) string { return e.tips.ClientKey("wecom", r.user.ID) }

func (e *Engine) tipSubmit(ctx context.Context, r *request) (string, error) {
	// The text after the verb, fields included: a report is free text.
	_, body := splitVerb(mustText(r.msg.Text), e.verbs)
	if strings.TrimSpace(body) == "" {
		return "", r.usageError("请写明举报内容：什么单位、什么地点、存在什么隐患或违法行为。")
	}
	code, err := e.tips.Submit(ctx, e.tipClient(r), body)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf(`已收到您的匿名举报。您的回执码（只显示这一次）：

%s

请立即抄写或截图保存，不要告诉他人；保存后可删除本条消息。
· 查看进展和受理人回复：私聊发送「查询 <回执码>」
· 补充情况：发送「补充 <回执码> <内容>」
· 回执码是领取举报奖励的唯一凭证，遗失无法补发，任何人都无法替您查回。

我们保存了什么：举报内容和收到的日期（不含时刻）。
没有保存：您的企业微信账号、会话、消息编号和发送时刻；日志也不记录发送人。
请注意：企业微信平台本身（以及单位如开通的会话内容存档）知道这条消息是谁发的，因此这里是「保密」而非完全匿名。如需完全匿名，请使用无需登录的网页举报：%s ，并避免在内容中写出能认出您的细节。`,
		safetybot.FormatReceipt(code), e.tips.ReportURL()), nil
}

// mustText is the message text as the engine cleaned it.
func mustText(s string) string {
	t, _ := checkText(s)
	return t
}

func (e *Engine) tipStatus(ctx context.Context, r *request) (string, error) {
	// The text after the verb as sent: a pasted code may look like a field
	// (回执码：…) or carry punctuation the field reader would take apart.
	_, rest := splitVerb(mustText(r.msg.Text), e.verbs)
	if strings.TrimSpace(rest) == "" {
		return "", r.usageError("请写上 16 位回执码。")
	}
	t, err := e.tips.Lookup(ctx, e.tipClient(r), rest)
	if err != nil {
		return "", err
	}
	return TipStatusText(t), nil
}

// TipStatusText is what the reporter reads about their report.
func TipStatusText(t *safetybot.Tip) string {
	var b strings.Builder
	fmt.Fprintf(&b, "举报状态：%s（收到于 %s）\n", t.Status, t.Day)
	fmt.Fprintf(&b, "举报内容：%s\n", safetybot.Truncate(t.Body, 60))
	var added int
	var replies []safetybot.TipMessage
	for _, m := range t.Messages {
		if m.FromHandler {
			replies = append(replies, m)
		} else {
			added++
		}
	}
	if added > 0 {
		fmt.Fprintf(&b, "您的补充：%d 条\n", added)
	}
	if len(replies) == 0 {
		b.WriteString("受理人回复：暂无\n")
	} else {
		b.WriteString("受理人回复：\n")
		for _, m := range replies {
			fmt.Fprintf(&b, "· %s：%s\n", m.Day, m.Body)
		}
	}
	switch {
	case t.Status == safetybot.TipDeclined:
		fmt.Fprintf(&b, "不予受理的原因：%s\n", orText(t.DeclineReason, "见受理人回复"))
	case t.Status == safetybot.TipVerified || t.Status == safetybot.TipClosed:
		b.WriteString("您举报的情况已查实，感谢您。\n")
	}
	b.WriteString(RewardText(t) + "\n")
	if t.Status.Closed() {
		b.WriteString("本举报已结束，将在规定期限后删除。")
	} else {
		b.WriteString("补充情况请发送「补充 <回执码> <内容>」。")
	}
	return b.String()
}

// RewardText is the reward line the reporter reads.
func RewardText(t *safetybot.Tip) string {
	switch t.Reward {
	case safetybot.RewardPending:
		return fmt.Sprintf("奖励：待审核（拟 %s 元）", safetybot.FormatYuan(t.RewardYuan))
	case safetybot.RewardApproved:
		return fmt.Sprintf("奖励：已批准 %s 元。请凭回执码按受理人回复的方式领取；回执码是唯一凭证。", safetybot.FormatYuan(t.RewardYuan))
	case safetybot.RewardPaid:
		return fmt.Sprintf("奖励：已发放 %s 元。", safetybot.FormatYuan(t.RewardYuan))
	case safetybot.RewardRefused:
		return "奖励：不予奖励（原因见受理人回复）。"
	}
	return "奖励：暂无（查实后按规定核定，凭回执码领取）。"
}

func (e *Engine) tipAddInfo(ctx context.Context, r *request) (string, error) {
	_, rest := splitVerb(mustText(r.msg.Text), e.verbs)
	code, body, ok := safetybot.ExtractReceipt(rest)
	if !ok {
		return "", ErrReceiptFormat // a hint; not counted as a wrong code
	}
	if _, err := e.tips.AddInfo(ctx, e.tipClient(r), code, body); err != nil {
		return "", err
	}
	return "补充内容已收到，受理人会看到。发送「查询 <回执码>」查看进展和回复。", nil
}

// parseTipID reads a report id as handlers write it: 123456 or #123456.
func parseTipID(r *request) (int64, error) {
	if len(r.args.Words) == 0 {
		return 0, r.usageError("请写上举报编号（发送「受理」查看列表）。")
	}
	s := strings.TrimLeft(r.args.Words[0], "#＃")
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, r.usageError(fmt.Sprintf("「%s」不是举报编号，编号是 6 位数字，例如 #123456。", safetybot.Truncate(r.args.Words[0], 12)))
	}
	return id, nil
}

func (e *Engine) tipTriage(ctx context.Context, r *request) (string, error) {
	f := store.TipFilter{OpenOnly: true}
	if len(r.args.Words) > 0 {
		w := r.args.Words[0]
		switch {
		case w == "全部" || strings.EqualFold(w, "all"):
			f.OpenOnly = false
		case isTipStatus(w):
			f.Status = safetybot.TipStatus(w)
		default:
			id, err := parseTipID(r)
			if err != nil {
				return "", r.usageError("请写举报编号，或状态（待受理、受理中、已查实、不予受理、已办结）、全部。")
			}
			return e.tipRead(ctx, r.user.ID, id)
		}
	}
	tips, err := e.store.Tips(ctx, f, r.user.ID)
	if err != nil {
		return "", err
	}
	if len(tips) == 0 {
		return "没有符合条件的匿名举报。", nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "匿名举报共 %d 条（阅览：受理 <编号>）：\n", len(tips))
	for i, t := range tips {
		if i == 30 {
			fmt.Fprintf(&b, "……另有 %d 条，请按状态筛选。", len(tips)-30)
			break
		}
		fmt.Fprintf(&b, "%s %s %s", safetybot.TipRef(t.ID), t.Day, t.Status)
		if t.NewInfo {
			b.WriteString("【有新补充】")
		}
		if t.Reward != "" {
			fmt.Fprintf(&b, " 奖励%s", t.Reward)
		}
		b.WriteString("\n")
	}
	return strings.TrimRight(b.String(), "\n"), nil
}

func isTipStatus(s string) bool {
	for _, st := range safetybot.TipStatuses {
		if string(st) == s {
			return true
		}
	}
	return false
}

func (e *Engine) tipRead(ctx context.Context, actor string, id int64) (string, error) {
	t, err := e.store.ChangeTip(ctx, id, actor, func(t *safetybot.Tip) (store.TipChange, error) {
		t.NewInfo = false
		return store.TipChange{Action: "阅览"}, nil
	})
	if err != nil {
		return "", err
	}
	audit, err := e.store.TipAudit(ctx, id)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "举报 %s｜%s｜收到于 %s\n", safetybot.TipRef(t.ID), t.Status, t.Day)
	fmt.Fprintf(&b, "内容：%s\n", t.Body)
	for _, m := range t.Messages {
		who := "举报人补充"
		if m.FromHandler {
			who = "回复"
		}
		fmt.Fprintf(&b, "%s %s：%s\n", m.Day, who, m.Body)
	}
	if t.HazardNumber != "" {
		fmt.Fprintf(&b, "已查实为隐患 %s\n", t.HazardNumber)
	}
	if t.DeclineReason != "" {
		fmt.Fprintf(&b, "不予受理原因：%s\n", t.DeclineReason)
	}
	if t.Reward != "" {
		fmt.Fprintf(&b, "奖励：%s %s 元\n", t.Reward, safetybot.FormatYuan(t.RewardYuan))
	}
	b.WriteString("经手记录：")
	for _, a := range audit {
		fmt.Fprintf(&b, "%s %s %s；", time.UnixMilli(a.At).In(safetybot.Shanghai).Format("01-02 15:04"), a.Actor, a.Action)
	}
	b.WriteString("\n保密提示：不得向被举报方或无关人员透露举报内容；转交时请删去可能识别举报人的细节。")
	fmt.Fprintf(&b, "\n下一步：「回复 %d <文本>」「查实 %d <隐患描述> 单位:… 领域:…」或「不予受理 %d <原因>」。", t.ID, t.ID, t.ID)
	return b.String(), nil
}

func (e *Engine) tipReply(ctx context.Context, r *request) (string, error) {
	id, err := parseTipID(r)
	if err != nil {
		return "", err
	}
	text, err := e.tipRestText(r)
	if err != nil {
		return "", err
	}
	t, err := e.store.ChangeTip(ctx, id, r.user.ID, func(t *safetybot.Tip) (store.TipChange, error) {
		if t.Status == safetybot.TipNew {
			t.Status = safetybot.TipInProgress
		}
		return store.TipChange{Action: "回复", Reply: text}, nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("已回复举报 %s（%s）。举报人凭回执码「查询」即可看到。", safetybot.TipRef(t.ID), t.Status), nil
}

// tipRestText is the free text after the id, as written (a reply is prose:
// nothing in it is taken as a field).
func (e *Engine) tipRestText(r *request) (string, error) {
	_, rest := splitVerb(mustText(r.msg.Text), e.verbs)
	rest = strings.TrimSpace(rest)
	_, text, _ := strings.Cut(rest, " ")
	text = strings.TrimSpace(text)
	if text == "" {
		return "", r.usageError("请在编号后写上内容。")
	}
	if n := utf8.RuneCountInString(text); n > 1000 {
		return "", r.usageError(fmt.Sprintf("内容过长（%d 字），请控制在 1000 字以内。", n))
	}
	return text, nil
}

func (e *Engine) tipVerify(ctx context.Context, r *request) (string, error) {
	id, err := parseTipID(r)
	if err != nil {
		return "", err
	}
	var h *safetybot.Hazard
	link := r.args.Fields["隐患"]
	if link != "" {
		num, ok := parseHazardNumber(link)
		if !ok {
			return "", r.usageError(fmt.Sprintf("「%s」不是隐患编号，例如 YH2026-0001。", safetybot.Truncate(link, 20)))
		}
		if _, _, err := e.store.Hazard(ctx, num); err != nil {
			return "", err
		}
		link = num
	} else {
		// Only what the handler writes reaches the ledger, never the report.
		desc := strings.TrimSpace(r.args.rest(1))
		if desc == "" {
			desc = "匿名举报查实的隐患（详情由受理人掌握，请补充描述）"
		}
		if n := utf8.RuneCountInString(desc); n > 500 {
			return "", r.usageError(fmt.Sprintf("隐患描述过长（%d 字），请控制在 500 字以内。", n))
		}
		h = &safetybot.Hazard{Description: desc, Unit: r.args.Fields["单位"], Location: r.args.Fields["地点"], Grade: safetybot.GradeGeneral}
		if v, ok := r.args.Fields["领域"]; ok {
			if h.Domain, err = e.parseDomain(v); err != nil {
				return "", err
			}
		}
		if v, ok := r.args.Fields["等级"]; ok {
			if h.Grade, err = parseGrade(v); err != nil {
				return "", err
			}
		}
		if v, ok := r.args.Fields["期限"]; ok {
			if h.Deadline, err = parseDate(v, e.now()); err != nil {
				return "", err
			}
		}
	}
	t, err := e.store.ChangeTip(ctx, id, r.user.ID, func(t *safetybot.Tip) (store.TipChange, error) {
		if t.Status != safetybot.TipNew && t.Status != safetybot.TipInProgress {
			return store.TipChange{}, safetybot.Errorf(safetybot.ECONFLICT, "举报 %s 当前为「%s」，不能再查实。", safetybot.TipRef(t.ID), t.Status)
		}
		t.Status = safetybot.TipVerified
		if link != "" {
			t.HazardNumber = link
		}
		return store.TipChange{Action: "查实", Hazard: h, HazardNotes: majorHazardNotice}, nil
	})
	if err != nil {
		return "", err
	}
	reply := fmt.Sprintf("举报 %s 已查实，", safetybot.TipRef(t.ID))
	if h != nil {
		reply += fmt.Sprintf("已登记隐患 %s（%s，来源：举报查实，未带举报原文）。", h.Number, h.Grade)
		if h.Domain == "" || h.Unit == "" {
			reply += fmt.Sprintf("单位或领域未填，请工作人员补全后「确认 %s」并「指派」。", h.Number)
		}
	} else {
		reply += "已关联隐患 " + link + "。"
	}
	reply += fmt.Sprintf("\n如符合奖励条件，请「奖励 %d 罚款:<罚款金额> 待审核」。", t.ID)
	return reply, nil
}

// majorHazardNotice tells leaders of a major hazard verified from a report,
// in the handler's words only.
func majorHazardNotice(h *safetybot.Hazard) []safetybot.Notification {
	if h.Grade != safetybot.GradeMajor {
		return nil
	}
	return []safetybot.Notification{safetybot.NotifyRole(safetybot.RoleLeader, fmt.Sprintf(
		"【重大隐患】%s %s\n单位：%s｜领域：%s｜来源：举报查实\n请督办。发送「隐患 %s」查看详情。",
		h.Number, h.Description, orDash(h.Unit), orDash(h.Domain), h.Number))}
}

func (e *Engine) tipDecline(ctx context.Context, r *request) (string, error) {
	id, err := parseTipID(r)
	if err != nil {
		return "", err
	}
	reason, err := e.tipRestText(r)
	if err != nil {
		return "", r.usageError("请写明不予受理的原因（举报人可见）。")
	}
	t, err := e.store.ChangeTip(ctx, id, r.user.ID, func(t *safetybot.Tip) (store.TipChange, error) {
		if t.Status != safetybot.TipNew && t.Status != safetybot.TipInProgress {
			return store.TipChange{}, safetybot.Errorf(safetybot.ECONFLICT, "举报 %s 当前为「%s」，不能不予受理。", safetybot.TipRef(t.ID), t.Status)
		}
		t.Status, t.DeclineReason = safetybot.TipDeclined, reason
		return store.TipChange{Action: "不予受理", Reply: "不予受理：" + reason}, nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("举报 %s 已不予受理，原因已告知举报人。%d 天后删除。", safetybot.TipRef(t.ID), e.tips.retention), nil
}

func (e *Engine) tipReward(ctx context.Context, r *request) (string, error) {
	id, err := parseTipID(r)
	if err != nil {
		return "", err
	}
	var status safetybot.RewardStatus
	var amount int64 = -1
	for _, w := range r.args.Words[1:] {
		if st, ok := safetybot.ParseRewardStatus(w); ok {
			status = st
			continue
		}
		v, err := safetybot.ParseYuan(w)
		if err != nil {
			return "", r.usageError(fmt.Sprintf("「%s」既不是金额也不是奖励状态（待审核、已批准、已发放、不予奖励）。", safetybot.Truncate(w, 12)))
		}
		amount = v
	}
	if fine, ok := r.args.Fields["罚款"]; ok {
		v, err := safetybot.ParseYuan(fine)
		if err != nil {
			return "", err
		}
		if amount >= 0 {
			return "", r.usageError("金额和罚款只写一个：写罚款时按 15% 自动计算。")
		}
		amount = safetybot.RewardForFine(v)
	}
	if status == "" {
		return "", r.usageError("请写明奖励状态：待审核、已批准、已发放 或 不予奖励。")
	}
	if status == safetybot.RewardRefused {
		amount = 0
	} else if amount >= 0 {
		if err := safetybot.CheckRewardAmount(amount); err != nil {
			return "", err
		}
	}
	t, err := e.store.ChangeTip(ctx, id, r.user.ID, func(t *safetybot.Tip) (store.TipChange, error) {
		if t.Status != safetybot.TipVerified {
			return store.TipChange{}, safetybot.Errorf(safetybot.ECONFLICT, "举报 %s 当前为「%s」：只有已查实、尚未办结的举报可以记录奖励。", safetybot.TipRef(t.ID), t.Status)
		}
		if amount < 0 {
			if t.RewardYuan == 0 {
				return store.TipChange{}, safetybot.Errorf(safetybot.EINVALID, "首次记录奖励请写金额或「罚款:金额」，例如「奖励 %d 罚款:100000 待审核」。", t.ID)
			}
			amount = t.RewardYuan
		}
		if status == safetybot.RewardPaid && t.Reward != safetybot.RewardApproved {
			return store.TipChange{}, safetybot.Errorf(safetybot.ECONFLICT, "奖励须先「已批准」再「已发放」（当前：%s）。", orText(string(t.Reward), "未记录"))
		}
		t.RewardYuan, t.Reward = amount, status
		if status.Final() {
			t.Status = safetybot.TipClosed
		}
		return store.TipChange{Action: "奖励" + string(status)}, nil
	})
	if err != nil {
		return "", err
	}
	reply := fmt.Sprintf("举报 %s 奖励：%s", safetybot.TipRef(t.ID), status)
	if status != safetybot.RewardRefused {
		reply += fmt.Sprintf(" %s 元", safetybot.FormatYuan(t.RewardYuan))
	}
	reply += "。举报人凭回执码「查询」可见。"
	if t.Status == safetybot.TipClosed {
		reply += fmt.Sprintf("举报已办结，%d 天后删除。", e.tips.retention)
	} else if status == safetybot.RewardApproved {
		reply += "请用「回复」告知举报人凭回执码领取的方式。"
	}
	return reply, nil
}

func (e *Engine) tipStats(ctx context.Context, r *request) (string, error) {
	c, err := e.store.TipCounts(ctx)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "匿名举报统计（仅数量，不含内容）：共 %d 条\n", c.Total())
	for _, st := range safetybot.TipStatuses {
		fmt.Fprintf(&b, "%s %d｜", st, c.ByStatus[st])
	}
	s := strings.TrimSuffix(b.String(), "｜")
	b.Reset()
	b.WriteString(s)
	b.WriteString("\n奖励：")
	for _, st := range safetybot.RewardStatuses {
		fmt.Fprintf(&b, "%s %d｜", st, c.ByReward[st])
	}
	fmt.Fprintf(&b, "已发放合计 %s 元", safetybot.FormatYuan(c.PaidYuan))
	return b.String(), nil
}
