package wecomtest

// The fake's answers: what each endpoint does with a call that is not
// faulted, WeCom's per-recipient limits and the token check.

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"
)

func errMsg(code int) string {
	switch code {
	case 0:
		return "ok"
	case ErrBusy:
		return "system busy"
	case ErrInvalidToken:
		return "invalid access_token"
	case ErrTokenExpired:
		return "access_token expired"
	case ErrFreqLimit:
		return "api freq out of limit"
	case ErrConcurrencyLimit:
		return "api concurrent out of limit"
	case ErrIPNotTrusted:
		return "not allow to access from your ip"
	case ErrNoValidRecipient:
		return "no valid recipient"
	case ErrInvalidWebhook:
		return "invalid webhook url"
	case ErrNoPrivilege:
		return "no privilege to access/modify contact/party/agent"
	case ErrUserNotFound:
		return "userid not found"
	}
	return fmt.Sprintf("error %d", code)
}

func answer(code int) map[string]any {
	return map[string]any{"errcode": code, "errmsg": errMsg(code)}
}

// handleLocked answers a call that is not faulted. It returns a JSON object,
// or raw bytes with their content type (media/get).
func (f *FakeAPI) handleLocked(ep string, q url.Values, body []byte, now time.Time) (map[string]any, []byte, string) {
	switch ep {
	case EndpointToken:
		if f.opts.CorpID != "" && q.Get("corpid") != f.opts.CorpID {
			return answer(40013), nil, ""
		}
		if f.opts.Secret != "" && q.Get("corpsecret") != f.opts.Secret {
			return answer(ErrInvalidCredential), nil, ""
		}
		f.tokenSeq++
		tok := fmt.Sprintf("fake-token-%d", f.tokenSeq)
		f.tokens[tok] = now.Add(f.opts.TokenTTL)
		res := answer(0)
		res["access_token"] = tok
		res["expires_in"] = int(f.opts.TokenTTL / time.Second)
		return res, nil, ""
	case EndpointUserGet:
		if code := f.checkTokenLocked(q.Get("access_token"), now); code != 0 {
			return answer(code), nil, ""
		}
		return f.userGetLocked(q), nil, ""
	case EndpointUserInfo:
		if code := f.checkTokenLocked(q.Get("access_token"), now); code != 0 {
			return answer(code), nil, ""
		}
		return f.userInfoLocked(q), nil, ""
	case EndpointMessage, EndpointAppChat, EndpointMedia, EndpointUpdateCard:
		if code := f.checkTokenLocked(q.Get("access_token"), now); code != 0 {
			return answer(code), nil, ""
		}
	case EndpointWebhook:
		if key := q.Get("key"); key == "" || (f.opts.WebhookKeys != nil && !contains(f.opts.WebhookKeys, key)) {
			return answer(ErrInvalidWebhook), nil, ""
		}
	case EndpointAIBotResponse:
	default:
		return answer(40035), nil, "" // unknown API
	}
	switch ep {
	case EndpointUpdateCard:
		return f.updateCardLocked(body, now), nil, ""
	case EndpointMedia:
		m, ok := f.media[q.Get("media_id")]
		if !ok || now.Sub(m.at) > 72*time.Hour {
			return answer(ErrInvalidMediaID), nil, ""
		}
		return nil, m.data, m.contentType
	case EndpointAIBotResponse:
		id := q.Get("response_code")
		created, ok := f.responses[id]
		if !ok || now.Sub(created) > time.Hour {
			return answer(ErrInvalidMediaID), nil, "" // WeCom: invalid response_code
		}
		delete(f.responses, id) // usable once
		var m struct {
			MsgType  string `json:"msgtype"`
			Markdown struct {
				Content string `json:"content"`
			} `json:"markdown"`
			Text struct {
				Content string `json:"content"`
			} `json:"text"`
		}
		if json.Unmarshal(body, &m) != nil {
			return answer(40005), nil, ""
		}
		content := m.Markdown.Content
		if m.MsgType == "text" {
			content = m.Text.Content
		}
		f.delivered = append(f.delivered, Delivery{ep, id, m.MsgType, content, now})
		return answer(0), nil, ""
	}
	var m struct {
		ToUser   string `json:"touser"`
		ChatID   string `json:"chatid"`
		MsgType  string `json:"msgtype"`
		AgentID  json.RawMessage
		Text     struct{ Content string } `json:"text"`
		Markdown struct{ Content string } `json:"markdown"`
		DupCheck int                      `json:"enable_duplicate_check"`
		DupIntvl int                      `json:"duplicate_check_interval"`
	}
	if err := json.Unmarshal(body, &m); err != nil {
		return answer(40005), nil, ""
	}
	if ep == EndpointMessage && m.MsgType == "template_card" {
		return f.sendCardLocked(m.ToUser, body, now), nil, ""
	}
	content := m.Text.Content
	if m.MsgType == "markdown" {
		content = m.Markdown.Content
	}
	limit := 2048
	if ep == EndpointWebhook && m.MsgType == "markdown" {
		limit = 4096
	}
	if len(content) > limit {
		if m.MsgType == "markdown" && ep == EndpointWebhook {
			return answer(ErrMarkdownTooLong), nil, ""
		}
		return answer(44004), nil, "" // WeCom truncates; the fake refuses so tests notice
	}
	to := ""
	res := answer(0)
	switch ep {
	case EndpointMessage:
		var valid, invalid []string
		for _, u := range strings.Split(m.ToUser, "|") {
			if u == "" {
				continue
			}
			if f.opts.Users != nil && !contains(f.opts.Users, u) {
				invalid = append(invalid, u)
			} else {
				valid = append(valid, u)
			}
		}
		if len(valid) == 0 {
			res = answer(ErrNoValidRecipient)
			res["invaliduser"] = strings.Join(invalid, "|")
			return res, nil, ""
		}
		if len(invalid) > 0 {
			res["invaliduser"] = strings.Join(invalid, "|")
		}
		to = strings.Join(valid, "|")
	case EndpointAppChat:
		if m.ChatID == "" || (f.opts.AppChats != nil && !contains(f.opts.AppChats, m.ChatID)) {
			return answer(ErrInvalidChatID), nil, ""
		}
		to = m.ChatID
	case EndpointWebhook:
		to = q.Get("key")
	}
	d := Delivery{ep, to, m.MsgType, content, now}
	if ep == EndpointMessage && m.DupCheck == 1 {
		intvl := time.Duration(m.DupIntvl) * time.Second
		if intvl == 0 {
			intvl = defaultDupCheckInterval
		}
		key := to + "\x00" + m.MsgType + "\x00" + content
		if at, ok := f.dupSeen[key]; ok && now.Sub(at) < intvl {
			res["msgid"] = "dup"
			return res, nil, "" // suppressed: WeCom answers ok and shows nothing
		}
		f.dupSeen[key] = now
	}
	if f.opts.EnforceLimits && !f.withinLimitLocked(ep, to, now) {
		f.dropped = append(f.dropped, d)
		return res, nil, ""
	}
	f.delivered = append(f.delivered, d)
	res["msgid"] = fmt.Sprintf("msg%d", len(f.delivered))
	return res, nil, ""
}

// withinLimitLocked applies WeCom's per-recipient limits: 30 messages a
// minute per member (app), 20 a minute per robot (webhook).
func (f *FakeAPI) withinLimitLocked(ep, to string, now time.Time) bool {
	limit := 0
	switch ep {
	case EndpointMessage:
		limit = 30
	case EndpointWebhook:
		limit = 20
	default:
		return true
	}
	ok := true
	for _, who := range strings.Split(to, "|") {
		key := ep + "\x00" + who
		var kept []time.Time
		for _, t := range f.sentTimes[key] {
			if now.Sub(t) < time.Minute {
				kept = append(kept, t)
			}
		}
		if len(kept) >= limit {
			ok = false
		} else {
			kept = append(kept, now)
		}
		f.sentTimes[key] = kept
	}
	return ok
}

func (f *FakeAPI) checkTokenLocked(tok string, now time.Time) int {
	exp, ok := f.tokens[tok]
	switch {
	case tok == "":
		return 41001 // access_token missing
	case !ok && strings.HasPrefix(tok, "fake-token-"):
		return ErrTokenExpired
	case !ok:
		return ErrInvalidToken
	case now.After(exp):
		return ErrTokenExpired
	}
	return 0
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
