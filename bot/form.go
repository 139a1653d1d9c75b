package bot

import (
	"context"
	"fmt"
	"strings"

	"safetybot"
)

// FormSource is the Message.Source of a report made on the web form. Its
// 是/否 questions (a unit name that is only a guess) are asked in the
// user's private chat with the app, where they can be answered.
const FormSource = "app"

// Report registers a hazard from the report form (上报表单) for userID,
// through the same permission check and the same handler as a typed 上报.
// fields holds the form's values by canonical 上报 field key (描述, 单位, 领域,
// 等级, 期限, 地点, 来源, 原因, 依据, 管控, 停产, 措施, 资金); each is read as in
// chat (等级 重大|一般, 期限 2026-12-31 or any date form chat reads, 单位
// matched against the known units). It returns the new hazard's number and
// the reply chat would give. Errors: EINVALID for a key 上报 does not know,
// a value that is not valid UTF-8 or too long, or no 描述; EFORBIDDEN when
// the user may not report; ELIMIT past the hourly limit; the store's errors
// otherwise. A field that cannot be read does not refuse the report: the
// reply says which was left empty, as in chat.
func (e *Engine) Report(ctx context.Context, userID string, fields map[string]string) (number, reply string, err error) {
	cmd := e.byVerb["上报"]
	clean := map[string]string{}
	total := 0
	for k, v := range fields {
		spec, ok := hazardFields.byName[k]
		if !ok || spec.key != k {
			return "", "", safetybot.Errorf(safetybot.EINVALID, "上报表单中有不认识的字段「%s」。", safetybot.Truncate(k, 10))
		}
		v, problem := checkText(v)
		if problem != "" {
			return "", "", safetybot.Errorf(safetybot.EINVALID, "%s：%s", k, problem)
		}
		if v = strings.TrimSpace(strings.ReplaceAll(v, "\n", " ")); v != "" {
			clean[k] = v
			total += len([]rune(v))
		}
	}
	if total > MaxMessageRunes {
		return "", "", safetybot.Errorf(safetybot.EINVALID, "填写的内容过长（超过 %d 字），请精简后再提交。", MaxMessageRunes)
	}
	m := Message{Source: FormSource, ChatType: ChatSingle, UserID: strings.TrimSpace(userID)}
	if m.UserID == "" {
		return "", "", safetybot.Errorf(safetybot.EFORBIDDEN, "请先登录再上报。")
	}
	start := e.now()
	user, err := e.user(ctx, m.UserID)
	if err == nil {
		err = e.authorize(cmd, user, m)
	}
	if err == nil {
		req := &request{msg: m, user: user, args: args{Fields: clean}, cmd: cmd}
		number, reply, err = e.registerSafely(ctx, req)
	}
	attrs := []any{"cmd", cmd.verb, "source", "form", "user", m.UserID, "took", e.now().Sub(start)}
	switch code := safetybot.ErrorCode(err); {
	case err == nil:
		e.log.InfoContext(ctx, "command", append(attrs, "hazard", number)...)
	case code == safetybot.EINTERNAL:
		e.log.ErrorContext(ctx, "command failed", append(attrs, "err", err)...)
	default:
		e.log.InfoContext(ctx, "command refused", append(attrs, "code", code)...)
	}
	return number, reply, err
}

// registerSafely is registerHazard with a panic turned into an error, as
// Handle does for chat.
func (e *Engine) registerSafely(ctx context.Context, req *request) (number, reply string, err error) {
	defer func() {
		if r := recover(); r != nil {
			e.log.ErrorContext(ctx, "handler panic", "cmd", req.cmd.verb, "panic", r)
			number, reply, err = "", "", fmt.Errorf("handler %s panicked: %v", req.cmd.verb, r)
		}
	}()
	return e.registerHazard(ctx, req)
}
