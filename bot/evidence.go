package bot

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"safetybot"
)

// MediaFetcher downloads a media file a user sent (WeCom media ids expire
// after three days, so evidence is fetched at once). wecom/sender implements
// it over the app's media/get; tests use a fake.
type MediaFetcher interface {
	FetchMedia(ctx context.Context, mediaID string) (data []byte, contentType string, err error)
}

// EvidenceWindow is how long after a 上报 a photo or location from the same
// user still attaches to that hazard.
const EvidenceWindow = 10 * time.Minute

// errAfterTip refuses a photo or location sent within EvidenceWindow of the
// sender's 举报; the reply is afterTipReply.
var errAfterTip = safetybot.Errorf(safetybot.EFORBIDDEN, "为保护举报人，使用匿名举报后 10 分钟内发送的照片和位置一律不保存，也不附到任何隐患。")

// afterTipReply answers a photo or location sent within EvidenceWindow of
// the sender's 举报: nothing is kept, and how to hand it in instead.
func (e *Engine) afterTipReply() string {
	return safetybot.ErrorMessage(errAfterTip) + "补充文字请发送「补充 <回执码> <内容>」。" + tipPhotoHint(e.tips.ReportURL())
}

// tipPhotoHint tells a whistleblower in chat how to hand in what a photo
// shows. Not here: a photo sent in chat carries the sender's account and
// the second it was sent, which the platform keeps whatever we do. Words
// go by 补充; photos by the report page's 补充, which knows no sender and
// keeps the pixels only (tipdesk.CleanPhotos), opened in the phone's own
// browser, not WeCom's, which belongs to the platform that knows the user.
func tipPhotoHint(reportURL string) string {
	return fmt.Sprintf("要交照片，请用手机自带的浏览器（不要在企业微信里打开）打开网页 %s/status ，输入回执码后在「补充情况」中附上"+
		"（最多 %d 张；照片在服务器上重新生成，拍摄时间、位置、手机型号等信息一律去掉）。", reportURL, safetybot.MaxTipPhotos)
}

// recent is the engine's memory, in memory only, of who may file a photo
// where: the keyed hashes (tipdesk.Client.Key, whose key is new at every
// start) of senders of a 举报, so a photo sent within EvidenceWindow of it
// is not filed under their name, and each user's last 上报 (or 附照片), the
// only hazard a photo attaches to by itself. Both live and die together: a
// restart forgets who sent a 举报, so it must forget where photos go too
// (QA4 item 2: the 上报 found in the database filed a whistleblower's photo
// under their name after a restart). Nothing of it reaches the database or
// the logs.
type recent struct {
	mu      sync.Mutex
	tips    map[string]time.Time
	reports map[string]lastReport // by userid
}

// lastReport is the hazard a user's photos go to, and since when; chosen
// when 附照片 named it rather than a 上报 (the replies say which); rectified
// when the user named it as its responsible person: his photos show the
// rectification (整改后).
type lastReport struct {
	number    string
	at        time.Time
	chosen    bool
	rectified bool
}

func (t *recent) noteTip(key string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.tips = prune(t.tips, now, func(at time.Time) time.Time { return at })
	t.tips[key] = now
}

func (t *recent) noteReport(user, number string, now time.Time, chosen bool) {
	t.note(user, lastReport{number: number, at: now, chosen: chosen})
}

func (t *recent) note(user string, r lastReport) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.reports = prune(t.reports, r.at, func(r lastReport) time.Time { return r.at })
	t.reports[user] = r
}

// prune makes m, or drops its entries older than EvidenceWindow once it is
// large, so the memory stays bounded however many users write.
func prune[V any](m map[string]V, now time.Time, at func(V) time.Time) map[string]V {
	if m != nil && len(m) <= 10000 {
		return m
	}
	fresh := map[string]V{}
	for k, v := range m {
		if now.Sub(at(v)) < EvidenceWindow {
			fresh[k] = v
		}
	}
	return fresh
}

func (t *recent) tipSince(key string, since time.Time) bool {
	return !t.tipAt(key, since).IsZero()
}

// tipAt is when key last sent a 举报 after since, zero for none.
func (t *recent) tipAt(key string, since time.Time) time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	if at, ok := t.tips[key]; ok && at.After(since) {
		return at
	}
	return time.Time{}
}

// reportSince is the hazard user last reported (or chose with 附照片) after
// since, with number "" for none this process remembers.
func (t *recent) reportSince(user string, since time.Time) lastReport {
	t.mu.Lock()
	defer t.mu.Unlock()
	r, ok := t.reports[user]
	if !ok || !r.at.After(since) {
		return lastReport{}
	}
	return r
}

// MaxEvidenceBytes is the largest photo kept (WeCom's own image limit is 10 MB).
const MaxEvidenceBytes = 10 << 20

// attachEvidence files an image or a location under the hazard the sender
// reported within EvidenceWindow.
func (e *Engine) attachEvidence(ctx context.Context, m Message) []Reply {
	start := e.now()
	reply, err := e.evidence(ctx, m)
	if err == errAfterTip {
		// Not even a refusal line: its time would date someone's 举报.
		return []Reply{{Text: e.afterTipReply()}}
	}
	attrs := []any{"cmd", "证据", "kind", m.Kind, "source", m.Source, "took", e.now().Sub(start)}
	if err != nil {
		if safetybot.ErrorCode(err) == safetybot.EINTERNAL {
			e.log.ErrorContext(ctx, "evidence failed", append(attrs, "err", err)...)
		} else {
			e.log.InfoContext(ctx, "evidence refused", append(attrs, "code", safetybot.ErrorCode(err))...)
		}
		return []Reply{{Text: safetybot.ErrorMessage(err)}}
	}
	e.log.InfoContext(ctx, "evidence", attrs...)
	return []Reply{{Text: reply}}
}

func (e *Engine) evidence(ctx context.Context, m Message) (string, error) {
	what, kind := "照片", safetybot.EvidenceImage
	if m.Kind == KindLocation {
		what, kind = "位置", safetybot.EvidenceLocation
	}
	if strings.TrimSpace(m.UserID) == "" {
		return "", safetybot.Errorf(safetybot.EFORBIDDEN, "无法识别发送人，请在企业微信内使用本机器人。")
	}
	since := e.now().Add(-EvidenceWindow)
	if e.recent.tipSince(e.tips.ChatClient(m.UserID).Key(), since) {
		// A photo right after a 举报 is most likely evidence for it: filed
		// under the sender's 上报 with its exact time, it would name them.
		return "", errAfterTip
	}
	last := e.recent.reportSince(m.UserID, since)
	if last.number == "" {
		return "", e.noTarget(ctx, m.UserID, what, since)
	}
	h, _, err := e.store.Hazard(ctx, last.number)
	if err != nil {
		return "", err
	}
	// Checked before the download, so nothing is fetched that will not be
	// kept; AddEvidence decides it again in its transaction.
	if err := h.EvidenceRefusal(kind); err != nil {
		return "", afterReport(err, last.chosen)
	}
	ev := &safetybot.Evidence{Actor: m.UserID, Rectified: last.rectified}
	switch m.Kind {
	case KindImage:
		if m.Media == nil || m.MediaID == "" {
			return "", safetybot.Errorf(safetybot.EINVALID, "暂时无法下载图片（未配置企业微信素材接口），照片未保存。请在上报描述中用文字说明现场情况。")
		}
		data, ctype, err := m.Media.FetchMedia(ctx, m.MediaID)
		if err != nil {
			// The sender can only send again (an expired media_id, 40007,
			// heals so); the app's settings are the operator's, in the log.
			e.log.ErrorContext(ctx, "evidence download failed", "source", m.Source, "err", err)
			return "", safetybot.Errorf(safetybot.EINVALID, "图片下载失败，照片未保存。请重新发送这张照片；如仍失败，请联系管理员。")
		}
		if len(data) == 0 {
			return "", safetybot.Errorf(safetybot.EINVALID, "收到的图片为空，请重新发送。")
		}
		if len(data) > MaxEvidenceBytes {
			return "", safetybot.Errorf(safetybot.EINVALID, "图片过大（超过 10 MB），请压缩后重新发送。")
		}
		if ctype = imageType(data); ctype == "" {
			return "", safetybot.Errorf(safetybot.EINVALID, "收到的文件不是图片（支持 JPEG、PNG、GIF、WebP），请重新发送照片。")
		}
		ev.Kind, ev.Data, ev.ContentType = safetybot.EvidenceImage, data, ctype
	case KindLocation:
		if m.Lat < -90 || m.Lat > 90 || m.Lng < -180 || m.Lng > 180 || (m.Lat == 0 && m.Lng == 0) {
			return "", safetybot.Errorf(safetybot.EINVALID, "收到的位置无效，请重新发送位置。")
		}
		ev.Kind, ev.Lat, ev.Lng, ev.Label = safetybot.EvidenceLocation, m.Lat, m.Lng, safetybot.Truncate(strings.TrimSpace(m.Label), 200)
	}
	if err := e.store.AddEvidence(ctx, h.Number, ev); err != nil {
		return "", afterReport(err, last.chosen)
	}
	if ev.Kind == safetybot.EvidenceLocation && ev.Label != "" {
		what = "位置「" + ev.Label + "」"
	}
	if ev.Rectified {
		what = safetybot.RectifiedPrefix + what
	}
	return fmt.Sprintf("已将%s附到隐患 %s（%s）。10 分钟内可继续发送照片或位置；工作人员发送「隐患 %s」可查看全部证据。",
		what, h.Number, safetybot.Truncate(h.Description, 20), h.Number), nil
}

// afterReport words EvidenceRefusal for the sender of the 上报 the photo
// would have gone to, or of the 附照片 (chosen) that named the hazard, as
// the sender knows it; any other error is returned as is.
func afterReport(err error, chosen bool) error {
	if safetybot.ErrorCode(err) != safetybot.ECONFLICT {
		return err
	}
	how := "您 10 分钟内上报的"
	if chosen {
		how = "您用「附照片」指定的"
	}
	return safetybot.Errorf(safetybot.ECONFLICT, "%s%s\n"+
		"如是新的隐患，请先发送「上报 <隐患描述>」，再在 10 分钟内发送照片或位置。", how, safetybot.ErrorMessage(err))
}

// noTarget says why a photo was not kept when this process remembers no
// 上报 of the sender's: either none, or one from before a restart, which
// the database shows but which is not trusted by itself, since the restart
// also forgot whether the sender has sent a 举报 since. The sender names the
// hazard with 附照片 instead.
func (e *Engine) noTarget(ctx context.Context, user, what string, since time.Time) error {
	h, err := e.store.RecentReport(ctx, user, since)
	if err != nil {
		return err
	}
	if h != nil {
		if nums, first := e.assigned(ctx, user); first != "" {
			// He is fixing hazards too: his photo may well be of their
			// rectification, so they are listed first, as for any photo of
			// his with no 上报 (QA16 #5: boss1, fixing two hazards, was
			// steered to the one he had reported only).
			return safetybot.Errorf(safetybot.ENOTFOUND, "这张%s未保存：机器人重启过，不再自动附照片。请先用「附照片 <编号>」指定隐患，再在 10 分钟内重新发送照片或位置：\n"+
				"您负责整改的隐患：%s，附整改后照片请发送「附照片 <编号>」，如「附照片 %s」；\n"+
				"您 10 分钟内上报的隐患 %s（%s），附现场照片请发送「附照片 %s」。\n"+
				"（匿名举报请不要发送照片，补充材料请用「补充 <回执码> <内容>」。）",
				what, nums, first, h.Number, safetybot.Truncate(h.Description, 20), h.Number)
		}
		return safetybot.Errorf(safetybot.ENOTFOUND, "这张%s未保存：您上报隐患 %s（%s）之后机器人重启过，不再自动附照片。\n"+
			"如要附到这项隐患，请发送「附照片 %s」，再在 10 分钟内重新发送照片或位置。\n"+
			"（匿名举报请不要发送照片，补充材料请用「补充 <回执码> <内容>」。）",
			what, h.Number, safetybot.Truncate(h.Description, 20), h.Number)
	}
	return safetybot.Errorf(safetybot.ENOTFOUND, "没有找到您 10 分钟内上报的隐患，这张%s未保存。\n"+
		"附现场照片或位置的方法：先发送「上报 <隐患描述>」，再在 10 分钟内发送照片或位置（可发多张），即附到该隐患；"+
		"要附到自己以前上报的隐患，或附到您负责整改的隐患（整改后照片），先发送「附照片 <编号>」。%s\n"+
		"（匿名举报请不要发送照片，补充材料请用「补充 <回执码> <内容>」。）", what, e.assignedHint(ctx, user))
}

// assignedHint names the open hazards user is responsible for, with the
// 附照片 to send: a responsible person sending his rectification photos
// has no 上报 they could go to (QA12 #4). Which one they are for is his to
// say; a photo is never filed by a guess. "" when there are none.
func (e *Engine) assignedHint(ctx context.Context, user string) string {
	nums, first := e.assigned(ctx, user)
	if first == "" {
		return ""
	}
	return fmt.Sprintf("您负责整改的隐患：%s；例如发送「附照片 %s」。", nums, first)
}

// assigned lists the numbers of the open hazards user is responsible for,
// most urgent first, at most three and 「……」 for more, and the first of
// them; "", "" for none, or when they cannot be read (only a hint: the
// refusal it goes with stands without it).
func (e *Engine) assigned(ctx context.Context, user string) (nums, first string) {
	const shown = 3
	hs, err := e.store.Hazards(ctx, safetybot.HazardFilter{Assignee: user, OpenOnly: true, Order: safetybot.OrderUrgency, Limit: shown + 1})
	if err != nil || len(hs) == 0 {
		return "", ""
	}
	var list []string
	for i, h := range hs {
		if i == shown {
			list = append(list, "……")
			break
		}
		list = append(list, h.Number)
	}
	return strings.Join(list, "、"), hs[0].Number
}

func (e *Engine) evidenceCommands() []*command {
	return []*command{
		{verb: "附照片", alias: "attach", perm: permAnyone, privateOnly: true, appOnly: true, usage: "附照片 <编号>",
			summary: "指定自己上报的、或由您负责整改的一项隐患，之后 10 分钟内发送的照片或位置附到该隐患", run: e.attachTo},
	}
}

// attachTo is 附照片: the sender names one of their own hazards as where
// their photos go for EvidenceWindow, as a 上报 does. It is how a photo
// reaches a hazard reported before a restart, or earlier than that.
func (e *Engine) attachTo(ctx context.Context, r *request) (string, error) {
	num, _ := r.args.takeNumber()
	if num == "" {
		return "", r.usageError("请写明要附照片的隐患编号（如 YH2026-0001），编号见上报时的回复。")
	}
	h, _, err := e.store.Hazard(ctx, num)
	if safetybot.ErrorCode(err) == safetybot.ENOTFOUND {
		// not 「隐患」's list: a sender without a role sees only hazards assigned to him there
		return "", safetybot.Errorf(safetybot.ENOTFOUND, "没有编号为 %s 的隐患，请核对编号。「附照片」用于您自己上报的隐患，编号见上报时机器人的回复（如 YH2026-0001）。", num)
	} else if err != nil {
		return "", err
	}
	// Its reporter (现场照片) and its responsible person (整改后照片, QA12
	// #4: zhao, who was fixing it, was told 「不是您上报的」).
	rectified := h.Assignee == r.user.ID
	if h.Reporter != r.user.ID && !rectified {
		return "", safetybot.Errorf(safetybot.EFORBIDDEN, "隐患 %s 不是您上报的，也没有指派给您整改。「附照片」只能由该隐患的上报人（现场照片）或整改责任人（整改后照片）使用；"+
			"新发现的隐患请发送「上报 <隐患描述>」。", num)
	}
	if !h.Status.Open() {
		return "", safetybot.Errorf(safetybot.ECONFLICT, "隐患 %s（%s）%s，不能再附照片或位置。\n如是新的隐患，请先发送「上报 <隐患描述>」，再在 10 分钟内发送照片或位置。",
			h.Number, safetybot.Truncate(h.Description, 20), h.Status)
	}
	if at := e.recent.tipAt(e.tips.ChatClient(r.user.ID).Key(), e.now().Add(-EvidenceWindow)); !at.IsZero() {
		// Photos now would be refused (errAfterTip): say so now, not after
		// they are sent. A reply, not an error, so that the log line is a
		// 附照片's like any other and does not date a 举报.
		left := int((at.Add(EvidenceWindow).Sub(e.now()) + time.Minute - 1) / time.Minute)
		return fmt.Sprintf("「附照片」未生效：为保护举报人，举报后 10 分钟内发送的照片和位置一律不保存，接下来 %d 分钟内无法接收照片。"+
			"请 %d 分钟后再发送「附照片 %s」，然后发送照片或位置。", left, left, h.Number), nil
	}
	e.recent.note(r.user.ID, lastReport{number: h.Number, at: e.now(), chosen: true, rectified: rectified})
	if rectified {
		return fmt.Sprintf("好的。请在 10 分钟内发送整改后的照片或位置（可发多张），将作为整改后照片附到隐患 %s（%s）。", h.Number, safetybot.Truncate(h.Description, 20)), nil
	}
	return fmt.Sprintf("好的。请在 10 分钟内发送照片或位置（可发多张），将附到隐患 %s（%s）。", h.Number, safetybot.Truncate(h.Description, 20)), nil
}

// imageType sniffs the content type of a photo from its first bytes; ""
// when it is none of the formats WeCom sends. The declared type is ignored so
// nothing else (SVG with script, HTML) is ever served as evidence.
func imageType(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return "image/jpeg"
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return "image/gif"
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return "image/webp"
	}
	return ""
}

// evidenceLines renders a hazard's evidence for 隐患 <编号>.
func evidenceLines(evs []safetybot.Evidence) string {
	if len(evs) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n证据（%d）：", len(evs))
	for _, ev := range evs {
		b.WriteString("\n" + ev.At.Format("01-02 15:04") + " ")
		if ev.Kind == safetybot.EvidenceImage {
			fmt.Fprintf(&b, "照片 %d KB", (ev.Size+1023)/1024)
		} else {
			if ev.Label != "" {
				b.WriteString("位置 " + safetybot.Truncate(ev.Label, 40) + " ")
			}
			fmt.Fprintf(&b, "（%.6f, %.6f）", ev.Lat, ev.Lng)
		}
	}
	return b.String()
}
