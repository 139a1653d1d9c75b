package wecom

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"safetybot"
	"safetybot/bot"
)

// Engine is the bot as the transports see it (*bot.Engine). Sensitive
// reports, before handling, whether m is an anonymous-report command
// (bot.Engine.Sensitive).
type Engine interface {
	Handle(ctx context.Context, m bot.Message) []bot.Reply
	Sensitive(m bot.Message) bool
}

// Timing and size limits shared by both callbacks.
const (
	// MaxBody is the largest callback body read (http.MaxBytesReader).
	MaxBody = 1 << 20
	// MaxSkew is how far a POST's timestamp may be from our clock.
	MaxSkew = 10 * time.Minute
	// DefaultSlowAfter is how long a callback waits for the engine before
	// answering empty and sending the reply later (WeCom waits 5 s).
	DefaultSlowAfter = 4 * time.Second
	// workTimeout bounds a message's work once detached from its request.
	workTimeout = 2 * time.Minute
)

// inbound is what the app callback and the robot webhook share: the crypto
// check of a request, dedup, the engine, and the fast or slow answer.
type inbound struct {
	runner
	crypto    *Crypto
	dedup     *Dedup
	now       safetybot.Clock
	slowAfter time.Duration
	work      *inflight // detached work still running (Wait)
	// lost counts anonymous-report replies that reached nobody (every way
	// failed): the only trace they leave, for /metrics (LostReplies).
	lost *atomic.Int64
}

// runner runs messages through the engine for one transport.
type runner struct {
	kind   string // "app", "aibot" or "aibot-ws", in log lines
	engine Engine
	log    *slog.Logger
	// note: the transport logs one line per message itself, with the
	// command's verb (bot.WithLogNote); otherwise the engine logs it.
	note bool
}

// newInbound is the shared half of a callback handler, with the defaults
// for what its config left zero: time.Now, slog.Default, DefaultSlowAfter.
func newInbound(kind string, cr *Crypto, e Engine, d *Dedup, now safetybot.Clock, log *slog.Logger, slow time.Duration) inbound {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.Default()
	}
	if slow == 0 {
		slow = DefaultSlowAfter
	}
	return inbound{runner: runner{kind: kind, engine: e, log: log, note: true}, crypto: cr, dedup: d, now: now, slowAfter: slow, work: &inflight{}, lost: &atomic.Int64{}}
}

// httpError is a refusal with its 4xx status. The reason stays generic: no
// signature, token or payload is ever echoed or logged.
type httpError struct {
	status int
	reason string
}

func (e *httpError) Error() string { return e.reason }

func refuse(status int, reason string) error { return &httpError{status, reason} }

// query is a callback's signed parameters.
type query struct {
	signature, timestamp, nonce string
}

func readQuery(r *http.Request) query {
	q := r.URL.Query()
	return query{q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce")}
}

// MaxEchoBytes is the longest decrypted echostr the GET URL check answers.
// WeCom's echostr is a short random token (90238: "1616140317555161061" in
// the official vector); anything longer, or shaped like a message, is not a
// URL check.
const MaxEchoBytes = 64

// verifyURL answers WeCom's GET URL check (90238, 101033): the decrypted
// echostr, as is. The check must not become a decryption oracle for captured
// POST bodies or passive replies (same key, same signature scheme): it
// enforces the POST timestamp window (MaxSkew) and answers only a short
// token (echoToken); anything else is 403, logged without content.
func (in *inbound) verifyURL(w http.ResponseWriter, r *http.Request) error {
	q := readQuery(r)
	echo := r.URL.Query().Get("echostr")
	if q.signature == "" || q.timestamp == "" || q.nonce == "" || echo == "" {
		return refuse(http.StatusBadRequest, "missing parameters")
	}
	if err := in.fresh(q.timestamp); err != nil {
		return err
	}
	msg, err := in.crypto.Open(q.signature, q.timestamp, q.nonce, echo)
	if err != nil {
		return cryptoRefusal(err)
	}
	if !echoToken(msg) {
		return refuse(http.StatusForbidden, "echostr is not a url-check token")
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write(msg)
	return nil
}

// echoToken reports whether a decrypted echostr looks like WeCom's URL-check
// token: at most MaxEchoBytes printable ASCII bytes, neither '<' nor '{' (an
// XML or JSON message, which the check must never reveal). Control bytes
// (newlines, NUL) are no token's: echoing them back could smuggle anything.
func echoToken(b []byte) bool {
	if len(b) == 0 || len(b) > MaxEchoBytes || bytes.ContainsAny(b, "<{") {
		return false
	}
	for _, c := range b {
		if c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

// fresh checks a signed timestamp (Unix seconds) against our clock: more
// than MaxSkew either way is 403, unparsable is 400.
func (in *inbound) fresh(timestamp string) error {
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return refuse(http.StatusBadRequest, "bad timestamp")
	}
	if skew := in.now().Sub(time.Unix(ts, 0)); skew > MaxSkew || skew < -MaxSkew {
		return refuse(http.StatusForbidden, "stale timestamp")
	}
	return nil
}

// readBody reads a POST body of at most MaxBody bytes and checks that the
// request carries a signature and a fresh timestamp.
func (in *inbound) readBody(w http.ResponseWriter, r *http.Request) (query, []byte, error) {
	q := readQuery(r)
	if q.signature == "" || q.timestamp == "" || q.nonce == "" {
		return q, nil, refuse(http.StatusBadRequest, "missing parameters")
	}
	if err := in.fresh(q.timestamp); err != nil {
		return q, nil, err
	}
	body, err := readAll(http.MaxBytesReader(w, r.Body, MaxBody), r.ContentLength)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return q, nil, refuse(http.StatusRequestEntityTooLarge, "body too large")
		}
		return q, nil, refuse(http.StatusBadRequest, "unreadable body")
	}
	return q, body, nil
}

// presize is the most readAll reserves ahead on a client's word (its
// Content-Length): a callback's envelope is a few KB, and a larger body
// grows as it arrives, as io.ReadAll's would.
const presize = 64 << 10

// readAll is io.ReadAll into a buffer sized from the declared length
// (up to presize, plus one byte to see EOF without growing): io.ReadAll
// starts at 512 bytes and doubles, three allocations and twice the body
// for an ordinary callback; bytes.Buffer.ReadFrom would reserve 512 bytes
// more than the body.
func readAll(r io.Reader, declared int64) ([]byte, error) {
	b := make([]byte, 0, min(max(declared, 0), presize)+1)
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // grow as io.ReadAll does
		}
	}
}

func cryptoRefusal(err error) error {
	switch {
	case errors.Is(err, ErrSignature):
		return refuse(http.StatusForbidden, "bad signature")
	case errors.Is(err, ErrReceiveID):
		return refuse(http.StatusForbidden, "wrong receiveid")
	}
	return refuse(http.StatusBadRequest, "bad ciphertext")
}

// decoded is a decrypted callback as its receiver understands it.
type decoded struct {
	msgType string
	job     *job                                     // nil: nothing to do, acknowledge with an empty 200
	reply   func(w http.ResponseWriter, out Outcome) // writes the encrypted passive answer
}

// serve is a callback's whole HTTP exchange: GET verifies the URL; POST is
// checked, decrypted, decoded, run once and answered. envelope extracts the
// ciphertext of a POST body, decode reads the plaintext.
func (in *inbound) serve(w http.ResponseWriter, r *http.Request, envelope func([]byte) (string, error), decode func([]byte) (decoded, error)) {
	start := time.Now()
	msgType, out, err := "verify", Outcome{}, error(nil)
	switch r.Method {
	case http.MethodGet:
		err = in.verifyURL(w, r)
	case http.MethodPost:
		msgType, out, err = in.post(w, r, envelope, decode)
	default:
		w.Header().Set("Allow", "GET, POST")
		err = refuse(http.StatusMethodNotAllowed, "method not allowed")
	}
	status := http.StatusOK
	if err != nil {
		status = writeError(w, err)
	}
	in.done(start, msgType, status, out, err)
}

func (in *inbound) post(w http.ResponseWriter, r *http.Request, envelope func([]byte) (string, error), decode func([]byte) (decoded, error)) (string, Outcome, error) {
	q, body, err := in.readBody(w, r)
	if err != nil {
		return "", Outcome{}, err
	}
	enc, err := envelope(body)
	if err != nil {
		return "", Outcome{}, err
	}
	plain, err := in.crypto.Open(q.signature, q.timestamp, q.nonce, enc)
	if err != nil {
		return "", Outcome{}, cryptoRefusal(err)
	}
	d, err := decode(plain)
	if err != nil {
		return "", Outcome{}, err
	}
	if d.job == nil {
		w.WriteHeader(http.StatusOK)
		return d.msgType, Outcome{}, nil
	}
	out, err := in.process(r.Context(), *d.job)
	if err != nil {
		return d.msgType, out, err
	}
	if out.Text == "" && out.Card == nil {
		w.WriteHeader(http.StatusOK)
		return d.msgType, out, nil
	}
	d.reply(w, out)
	return d.msgType, out, nil
}

// job is one message's work (run not under the request's context) under
// its dedup key; later delivers the reply when the callback was already
// answered empty, and a click's text, which the passive answer (the card
// update alone) leaves out. Sensitive replies (anonymous reports) must not
// be persisted on the way.
type job struct {
	Work
	key   string
	later func(ctx context.Context, r reply) error
}

// reply is the engine's answer to one message.
type reply struct {
	text      string
	sensitive bool // bot.Reply.Sensitive: never persisted, nor its recipient
	markdown  bool // bot.Reply.Markdown: WeCom markdown (摘要)
	card      *bot.CardUpdate
	cmd       string // bot.LogNote: the command's verb, for the log line
}

// outcome is r as the callback answers it now.
func (r reply) outcome() Outcome {
	return Outcome{Text: r.text, Sensitive: r.sensitive, Markdown: r.markdown, Cmd: r.cmd}
}

// process runs a job once per dedup key and returns what to answer now,
// Sensitive when the job or its reply is.
func (in *inbound) process(ctx context.Context, j job) (Outcome, error) {
	if j.NoRecord {
		wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), in.slowAfter)
		defer cancel()
		out := in.safeRun(wctx, j.run).outcome()
		out.Sensitive = out.Sensitive || j.Sensitive
		return out, nil
	}
	start := time.Now() // the wait for the dedup record counts against WeCom's 5 s
	c, first, err := in.dedup.Begin(ctx, j.key)
	if err != nil {
		return Outcome{}, err
	}
	if first {
		in.work.add()
		go func() {
			defer in.work.done()
			wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), workTimeout)
			defer cancel()
			r := in.safeRun(wctx, j.run)
			out := r.outcome()
			textApart := j.Answer == AnswerClick
			if textApart {
				out.Text, out.Card = "", r.card
			}
			if (c.finish(out) || textApart) && r.text != "" {
				// An anonymous report's failure leaves no line: its time
				// beside the sender's other messages would name them. It
				// is only counted.
				if err := j.later(wctx, r); err != nil && (r.sensitive || j.Sensitive) {
					in.lost.Add(1)
				} else if err != nil {
					in.log.Error("wecom: slow reply not delivered", "kind", in.kind, "err", err)
				}
			}
		}()
	}
	out := c.Await(ctx, in.slowAfter-time.Since(start))
	out.Sensitive = out.Sensitive || j.Sensitive
	return out, nil
}

// safeRun keeps a panic in the work from killing the process; the user gets
// the engine's generic internal-error text.
func (in *runner) safeRun(ctx context.Context, run func(context.Context) reply) (r reply) {
	defer func() {
		if v := recover(); v != nil {
			in.log.Error("wecom: message handling panicked", "kind", in.kind) // the value may hold message text
			r = reply{text: safetybot.ErrorMessage(errors.New("panic"))}
		}
	}()
	return run(ctx)
}

// handle runs the engine and joins its replies. The engine leaves a
// successful command's verb for the callback's own log line (bot.LogNote)
// rather than logging a second line.
func (in *runner) handle(ctx context.Context, m bot.Message) reply {
	var note bot.LogNote
	if in.note {
		ctx = bot.WithLogNote(ctx, &note)
	}
	replies := in.engine.Handle(ctx, m)
	r := reply{cmd: note.Cmd}
	texts := make([]string, 0, len(replies))
	for _, rp := range replies {
		r.markdown = r.markdown || rp.Markdown
	}
	for _, rp := range replies {
		switch {
		case rp.Text == "":
		case r.markdown && !rp.Markdown: // joined to markdown: its text must read as typed there too
			texts = append(texts, safetybot.EscapeMarkdown(rp.Text))
		default:
			texts = append(texts, rp.Text)
		}
		r.sensitive = r.sensitive || rp.Sensitive
		if rp.Card != nil {
			r.card = rp.Card
		}
	}
	r.text = strings.Join(texts, "\n\n")
	return r
}

// handler returns the work of running m through the engine.
func (in *runner) handler(m bot.Message) func(context.Context) reply {
	return func(ctx context.Context) reply { return in.handle(ctx, m) }
}

// hello is the first line of the app's and the webhook's welcome.
const hello = "您好，我是安全生产助手，可以登记隐患、查看任务、接收提醒。\n"

// welcome greets a user who opens the chat, with hello and the commands
// they may use; when that is longer than maxBytes, with a pointer to 帮助
// instead of the commands.
func (in *runner) welcome(m bot.Message, hello string, maxBytes int) func(context.Context) reply {
	m.Text = "帮助"
	return func(ctx context.Context) reply {
		r := in.handle(ctx, m)
		r.text = hello + r.text
		if len(r.text) > maxBytes {
			r.text = hello + "例如「上报 <隐患描述> 领域:…」登记隐患，上报后 10 分钟内可发送现场照片或位置。发送「帮助」查看您可以使用的全部命令。"
		}
		return r
	}
}

func constant(text string) func(context.Context) reply {
	return func(context.Context) reply { return reply{text: text} }
}

// done logs one callback: kind, message type, status, latency and the
// command's verb only. Typed attributes, five of them for an ordinary
// callback, fit in the log record without an allocation.
func (in *inbound) done(start time.Time, msgType string, status int, out Outcome, err error) {
	var buf [7]slog.Attr
	attrs := append(buf[:0], slog.String("kind", in.kind), slog.String("msg_type", msgType), slog.Int("status", status), slog.Duration("took", time.Since(start)))
	if out.Later {
		attrs = append(attrs, slog.String("reply", "later"))
	}
	if out.Cmd != "" {
		attrs = append(attrs, slog.String("cmd", out.Cmd))
	}
	ctx := context.Background()
	var he *httpError
	switch {
	case errors.As(err, &he):
		in.log.LogAttrs(ctx, slog.LevelWarn, "wecom callback refused", append(attrs, slog.String("reason", he.reason))...)
	case err != nil:
		in.log.LogAttrs(ctx, slog.LevelError, "wecom callback failed", append(attrs, slog.Any("err", err))...)
	case out.Sensitive:
		// 举报 and its follow-ups: no line at all, as in the engine.
	default:
		in.log.LogAttrs(ctx, slog.LevelInfo, "wecom callback", attrs...)
	}
}

// writeError answers a refusal with its status, or 500 for anything else
// (WeCom then retries).
func writeError(w http.ResponseWriter, err error) int {
	var he *httpError
	if errors.As(err, &he) {
		http.Error(w, he.reason, he.status)
		return he.status
	}
	http.Error(w, "internal error", http.StatusInternalServerError)
	return http.StatusInternalServerError
}

// nonce returns a fresh reply nonce.
func nonce() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// validMsgType keeps a message type fit for a log line (it comes from the
// sender's payload, after decryption).
func validMsgType(s string) string {
	if len(s) > 32 {
		return "invalid"
	}
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return "invalid"
		}
	}
	return s
}
