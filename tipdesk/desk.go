// Package tipdesk owns the reporter's side of anonymous reports (举报): the
// desk every channel uses to submit a report, look it up and add to it by
// receipt code (the chat engine in bot, the public page in web/reportpage),
// its in-memory rate limits keyed by an unlinkable hash of the source, the
// texts a reporter reads, and the retention of closed reports. Nothing of a
// sender reaches the database or the logs. The handlers' side (受理, 回复,
// 查实…) stays with the chat commands in bot.
package tipdesk

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"safetybot"
)

// MaxRunes is the longest report or addition accepted, in runes: the chat
// engine's message limit (bot.MaxMessageRunes, which a bot test holds
// equal), so a chat report is never cut by one and refused by the other.
const MaxRunes = 2000

// Config configures a Desk. Zero values take the defaults named.
type Config struct {
	Params safetybot.ReceiptParams // zero: safetybot.DefaultReceiptParams
	Now    safetybot.Clock
	Logger *slog.Logger
	// ReportURL is the public report page, named in replies ("" : /report).
	ReportURL string
	// RetentionDays keeps closed reports this long (0: 365).
	RetentionDays int
	// SubmitsPerHour limits new reports per source (a WeCom account, an
	// IPv4 address, an IPv6 /64; default 5) and SubmitsPerHourNet per IPv6
	// /48 (default 20): over them a report is refused. SubmitsPerHourTotal
	// (default 300) is everyone together: over it reports are slowed down,
	// never refused.
	SubmitsPerHour, SubmitsPerHourNet, SubmitsPerHourTotal int
	// SlowDown is how long a request waits when a shared limit (an IPv6
	// /48's wrong codes, everyone's reports or wrong codes) is exceeded
	// (default 2 s). Shared limits slow everyone down; only a source's own
	// limits refuse.
	SlowDown time.Duration
}

// Store is what the report desk uses: the tips, and the outbox for the
// notices to handlers.
type Store interface {
	safetybot.TipService
	safetybot.OutboxService
}

// Desk is the reporter's side of anonymous reports, for every channel.
type Desk struct {
	store     Store
	hasher    *safetybot.ReceiptHasher
	failures  *rateLog // wrong receipt codes
	submits   *rateLog // new reports
	now       safetybot.Clock
	log       *slog.Logger
	clientKey []byte // per process: throttle keys are unlinkable after a restart
	reportURL string
	retention int
	slowDown  time.Duration
}

// New loads (or creates) the deployment's receipt salt.
func New(ctx context.Context, s Store, cfg Config) (*Desk, error) {
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
	if cfg.SubmitsPerHourNet <= 0 {
		cfg.SubmitsPerHourNet = 20
	}
	if cfg.SubmitsPerHourTotal <= 0 {
		cfg.SubmitsPerHourTotal = 300
	}
	if cfg.SlowDown <= 0 {
		cfg.SlowDown = 2 * time.Second
	}
	key := make([]byte, 32)
	rand.Read(key)
	return &Desk{
		store: s, hasher: safetybot.NewReceiptHasher(salt, cfg.Params, 2), failures: newFailureLog(),
		submits: newRateLog(
			rateRule{scope: scopeOwn, within: time.Hour, max: cfg.SubmitsPerHour},
			rateRule{scope: scopeNet, within: time.Hour, max: cfg.SubmitsPerHourNet},
			rateRule{scope: scopeAll, within: time.Hour, max: cfg.SubmitsPerHourTotal, slow: true}),
		now: cfg.Now, log: cfg.Logger, clientKey: key, reportURL: cfg.ReportURL, retention: cfg.RetentionDays,
		slowDown: cfg.SlowDown,
	}, nil
}

// RetentionDays is how long closed reports are kept, in days.
func (d *Desk) RetentionDays() int { return d.retention }

// ReportURL is where the public report page is.
func (d *Desk) ReportURL() string { return d.reportURL }

// CheckText validates the text of a report or an addition.
func CheckText(body string) (string, error) {
	body = strings.TrimSpace(body)
	switch {
	case body == "":
		return "", safetybot.Errorf(safetybot.EINVALID, "请写明举报内容：什么单位、什么地点、存在什么隐患或违法行为。")
	case !utf8.ValidString(body):
		return "", safetybot.Errorf(safetybot.EINVALID, "内容包含无法识别的字符，请重新输入。")
	case utf8.RuneCountInString(body) > MaxRunes:
		return "", safetybot.Errorf(safetybot.EINVALID, "内容过长（超过 %d 字），请精简，或先提交主要情况，再用回执码分次补充。", MaxRunes)
	}
	return body, nil
}

// ErrTooManyReports is returned when a source (or its IPv6 /48) has sent
// too many reports in the last hour.
var ErrTooManyReports = safetybot.Errorf(safetybot.EFORBIDDEN, "提交过于频繁，请一小时后再试。如情况紧急，请拨打当地安全生产举报电话 12350。")

// Submit stores a new report from client, with photos as uploaded (at
// most safetybot.MaxTipPhotos; each is checked and re-encoded, CleanPhotos,
// before anything is stored), and returns its receipt code, the only copy
// there will ever be. The client's own limits (and its /48's) refuse with
// ErrTooManyReports; everyone's limit only slows it down.
func (d *Desk) Submit(ctx context.Context, client Client, body string, photos [][]byte) (string, error) {
	body, err := CheckText(body)
	if err != nil {
		return "", err
	}
	if len(photos) > safetybot.MaxTipPhotos {
		return "", safetybot.ErrTipPhotosFull(0)
	}
	ticket, slow, ok := d.submits.take(client, d.now())
	if !ok {
		return "", ErrTooManyReports
	}
	if err := d.wait(ctx, slow); err != nil {
		d.submits.refund(ticket)
		return "", err
	}
	clean, err := CleanPhotos(ctx, photos)
	if err != nil {
		d.submits.refund(ticket)
		return "", err
	}
	code := safetybot.NewReceipt()
	hash, err := d.hasher.Hash(ctx, code)
	if err == nil {
		_, err = d.store.CreateTip(ctx, hash, body, clean)
	}
	if err != nil {
		d.submits.refund(ticket) // nothing was stored
		return "", err
	}
	return code, nil
}

// Lookup returns the report whose code is in text (safetybot.ExtractReceipt)
// for its reporter. Text without a code gets ErrReceiptFormat; a wrong
// code safetybot.ErrNoTip, counted against client.
func (d *Desk) Lookup(ctx context.Context, client Client, text string) (*safetybot.Tip, error) {
	return d.withReceipt(ctx, client, text, func(hash []byte) (*safetybot.Tip, error) {
		return d.store.TipByReceipt(ctx, hash)
	})
}

// AddInfo appends the reporter's addition, with photos as uploaded (as
// for Submit), to the report whose code is in codeText. A wrong code is
// refused before the text or the photos are judged.
func (d *Desk) AddInfo(ctx context.Context, client Client, codeText, body string, photos [][]byte) (*safetybot.Tip, error) {
	body, bodyErr := CheckText(body)
	if bodyErr == nil && len(photos) > safetybot.MaxTipPhotos {
		bodyErr = safetybot.ErrTipPhotosFull(0)
	}
	return d.withReceipt(ctx, client, codeText, func(hash []byte) (*safetybot.Tip, error) {
		if bodyErr != nil {
			// Only a right code learns what is wrong with the text.
			if _, err := d.store.TipByReceipt(ctx, hash); err != nil {
				return nil, err
			}
			return nil, bodyErr
		}
		clean, err := CleanPhotos(ctx, photos)
		if err != nil {
			return nil, err
		}
		return d.store.AddTipInfo(ctx, hash, body, clean)
	})
}

// ErrThrottled is returned while a source has made too many wrong attempts
// of its own. Other sources' wrong attempts never cause it.
var ErrThrottled = safetybot.Errorf(safetybot.EFORBIDDEN, "回执码错误次数过多。为防止他人猜测回执码，请约 1 分钟后再试，并仔细核对 16 位数字。")

// ErrReceiptFormat answers text that holds no 16-digit code at all: a
// hint, not a wrong attempt (nothing was guessed, nothing is counted).
var ErrReceiptFormat = safetybot.Errorf(safetybot.EINVALID, "没有找到回执码。回执码是举报时收到的 16 位数字，例如 1234 5678 9012 3456（可带空格、点或短横线）。请核对后重新输入；这次不计入错误次数。")

// withReceipt reads the code in raw (safetybot.ExtractReceipt, so a code
// pasted with punctuation counts as the code) and runs fn with its hash.
// Text without a 16-digit code gets ErrReceiptFormat and is not counted.
// An attempt is reserved against client's limits before the code is
// checked, atomically, so parallel guesses cannot all slip past the count;
// a right code (or a failure that is not a wrong code) gives it back.
func (d *Desk) withReceipt(ctx context.Context, client Client, raw string, fn func(hash []byte) (*safetybot.Tip, error)) (*safetybot.Tip, error) {
	code, _, ok := safetybot.ExtractReceipt(raw)
	if !ok {
		return nil, ErrReceiptFormat
	}
	ticket, slow, ok := d.failures.take(client, d.now())
	if !ok {
		d.log.WarnContext(ctx, "tip receipt throttled", "channel", client.channel)
		return nil, ErrThrottled
	}
	if err := d.wait(ctx, slow); err != nil {
		d.failures.refund(ticket)
		return nil, err
	}
	hash, err := d.hasher.Hash(ctx, code)
	if err != nil {
		d.failures.refund(ticket)
		return nil, err
	}
	t, err := fn(hash)
	if !errors.Is(err, safetybot.ErrNoTip) {
		d.failures.refund(ticket)
		return t, err
	}
	// Logged without the code, the client or the text.
	d.log.InfoContext(ctx, "tip receipt refused", "channel", client.channel)
	return nil, err
}

// wait delays a request that exceeded a shared limit by the desk's
// SlowDown, or until ctx ends.
func (d *Desk) wait(ctx context.Context, slow bool) error {
	if !slow {
		return nil
	}
	t := time.NewTimer(d.slowDown)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Retain deletes reports closed more than the retention period ago, with
// everything linked, and reminds handlers of reports awaiting them (counts
// only, queued once a day so no notification reveals when a report came).
// The scheduler calls it daily; serve runs it on a daily ticker otherwise.
func (d *Desk) Retain(ctx context.Context) (int, error) {
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
func (d *Desk) RunDaily(ctx context.Context, tick <-chan time.Time) {
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
