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
// sender's 举报.
var errAfterTip = safetybot.Errorf(safetybot.EFORBIDDEN, "为保护举报人，使用匿名举报后 10 分钟内发送的照片和位置一律不保存，也不附到任何隐患。"+
	"补充举报材料请用文字：「补充 <回执码> <内容>」；需要交照片时请使用网页匿名举报。")

// recentTips remembers, in memory only, the keyed hashes (tipdesk.Client.Key,
// whose key is new at every start) of senders of a 举报 and when, for
// EvidenceWindow, so a photo sent right after it is not filed under their
// name. Nothing of it reaches the database or the logs.
type recentTips struct {
	mu sync.Mutex
	at map[string]time.Time
}

func (t *recentTips) note(key string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.at == nil || len(t.at) > 10000 {
		fresh := map[string]time.Time{}
		for k, v := range t.at {
			if now.Sub(v) < EvidenceWindow {
				fresh[k] = v
			}
		}
		t.at = fresh
	}
	t.at[key] = now
}

func (t *recentTips) within(key string, since time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	at, ok := t.at[key]
	return ok && at.After(since)
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
		return []Reply{{Text: safetybot.ErrorMessage(err)}}
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
	if e.recentTips.within(e.tips.ChatClient(m.UserID).Key(), e.now().Add(-EvidenceWindow)) {
		// A photo right after a 举报 is most likely evidence for it: filed
		// under the sender's 上报 with its exact time, it would name them.
		return "", errAfterTip
	}
	h, err := e.store.RecentReport(ctx, m.UserID, e.now().Add(-EvidenceWindow))
	if err != nil {
		return "", err
	}
	if h == nil {
		return "", safetybot.Errorf(safetybot.ENOTFOUND, "没有找到您 10 分钟内上报的隐患，这张%s未保存。\n"+
			"附现场照片或位置的方法：先发送「上报 <隐患描述>」，再在 10 分钟内发送照片或位置（可发多张），即附到该隐患。\n"+
			"（匿名举报请不要发送照片，补充材料请用「补充 <回执码> <内容>」。）", what)
	}
	// Checked before the download, so nothing is fetched that will not be
	// kept; AddEvidence decides it again in its transaction.
	if err := h.EvidenceRefusal(kind); err != nil {
		return "", afterReport(err)
	}
	ev := &safetybot.Evidence{Actor: m.UserID}
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
			return "", safetybot.Errorf(safetybot.EINVALID, "图片下载失败，照片未保存。请重新发送这张照片（上报后 10 分钟内发来的照片才会附上）；如仍失败，请联系管理员。")
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
		return "", afterReport(err)
	}
	if ev.Kind == safetybot.EvidenceLocation && ev.Label != "" {
		what = "位置「" + ev.Label + "」"
	}
	return fmt.Sprintf("已将%s附到隐患 %s（%s）。10 分钟内可继续发送照片或位置；工作人员发送「隐患 %s」可查看全部证据。",
		what, h.Number, safetybot.Truncate(h.Description, 20), h.Number), nil
}

// afterReport words EvidenceRefusal for the sender of the 上报 the photo
// would have gone to; any other error is returned as is.
func afterReport(err error) error {
	if safetybot.ErrorCode(err) != safetybot.ECONFLICT {
		return err
	}
	return safetybot.Errorf(safetybot.ECONFLICT, "您 10 分钟内上报的%s\n"+
		"如是新的隐患，请先发送「上报 <隐患描述>」，再在 10 分钟内发送照片或位置。", safetybot.ErrorMessage(err))
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
