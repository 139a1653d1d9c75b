package sender

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"

	"safetybot/outbox"
	"safetybot/wecom/wecomapi"
)

// APIError is a non-zero errcode from WeCom: an API's answer or an ack of
// the long connection.
type APIError = wecomapi.Error

// classifyCall classifies the error of an authenticated call. A failed
// gettoken means the whole app channel is down (or misconfigured, which an
// administrator fixes and restarts): the message is kept (Unavailable)
// unless the errcode says it never will go (60020).
func classifyCall(api string, err error) error {
	var te *wecomapi.TokenError
	if !errors.As(err, &te) {
		return classify(api, err)
	}
	if err = classify("gettoken", te.Err); !outbox.IsPermanent(err) && !outbox.IsUnavailable(err) {
		err = outbox.Unavailable(err)
	}
	return err
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
	if code, ok := wecomapi.ErrCode(err); ok {
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
	var se *wecomapi.StatusError
	if errors.As(err, &ne) || errors.As(err, &se) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return outbox.Unavailable(fmt.Errorf("企业微信无法访问，稍后重试 / WeCom unreachable (%s): %w", api, err))
	}
	return fmt.Errorf("%s: %w", api, err)
}

// ParseWebhookKeys reads WECOM_WEBHOOK_KEYS, "name=key,name=key". A full
// webhook URL is accepted in place of the key. A key is letters, digits, -
// and _ (WeCom's are UUIDs): anything else is a mistake that would only show
// as 93000 later, such as a full-width comma or a semicolon between two
// items. Reasons are in Chinese, for the caller to prefix with the
// variable's name; they never repeat a key.
func ParseWebhookKeys(s string) (map[string]string, error) {
	out := map[string]string{}
	for i, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		name, key, ok := strings.Cut(item, "=")
		name, key = strings.TrimSpace(name), strings.TrimSpace(key)
		if !ok || name == "" || key == "" {
			return nil, fmt.Errorf("第 %d 项%s不是「名字=key」的写法（多个用英文逗号分隔，如 wr001=<key>,ops=<key>）", i+1, itemName(name, ok))
		}
		if strings.HasPrefix(key, "http://") || strings.HasPrefix(key, "https://") {
			u, err := url.Parse(key)
			if err != nil || u.Query().Get("key") == "" {
				return nil, fmt.Errorf("%s 的值是网址，但网址里没有 key=（请粘贴群机器人的完整 webhook 地址，或只写 key）", name)
			}
			key = u.Query().Get("key")
		}
		if !webhookKey(key) {
			return nil, fmt.Errorf("%s 的 key 含有字母、数字、- 和 _ 以外的字符（多个之间用英文逗号「,」分隔，不用「，」「;」或空格）", name)
		}
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("名字 %s 写了两次", name)
		}
		out[name] = key
	}
	return out, nil
}

// webhookKey reports whether k can be a webhook key.
func webhookKey(k string) bool {
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// itemName names a malformed item by what it says is its name, never by
// any part of what may be a key (a bare key is a secret).
func itemName(name string, named bool) string {
	if named && name != "" {
		return "（" + name + "=…）"
	}
	return ""
}
