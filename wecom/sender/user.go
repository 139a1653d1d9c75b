package sender

import (
	"context"
	"errors"
	"net/url"

	"safetybot"
	"safetybot/wecom/wecomapi"
)

// WeCom errcodes of user/get (读取成员, document 90196; global codes,
// document 90313) that are answers about the member, not failures.
const (
	ErrNoPrivilege   = 60011 // 指定的成员/部门/标签参数无权限: outside the app's visible range, or no address-book access
	ErrAPIForbidden  = 48002 // API 接口无权限调用
	ErrUserNotFound  = 60111 // UserID 不存在
	ErrUserNotExist  = 46004 // 指定的用户不存在
	ErrInvalidUserID = 40003 // 无效的 UserID
)

// userGetAnswer is the part of user/get's answer safetybot reads.
type userGetAnswer struct {
	wecomapi.Status
	UserID string `json:"userid"`
	Name   string `json:"name"`
}

// UserName reads a member's address-book name with user/get (GET
// /cgi-bin/user/get?access_token=…&userid=…, document 90196), through the
// app's access token (re-fetched once on 40014/42001) and WECOM_API_BASE.
//
// It answers:
//   - the name and safetybot.BookOK;
//   - "" and safetybot.BookDenied when the app may not read this member
//     (60011, 48002), or user/get answers without a name (apps created
//     after 2022-06-20 may get none);
//   - "" and safetybot.BookMissing when there is no such member (60111,
//     46004, 40003);
//   - an error for everything else (WeCom unreachable, busy, bad
//     credentials, app not configured): nothing is known, ask again later.
//
// One call is bounded by Config.Timeout and by ctx.
func (s *Sender) UserName(ctx context.Context, userID string) (name, status string, err error) {
	if !s.appConfigured() {
		return "", "", errors.New("企业微信应用未配置，无法读取通讯录 / WeCom app not configured: user/get needs WECOM_CORP_ID, WECOM_AGENT_ID and WECOM_SECRET")
	}
	var res userGetAnswer
	err = s.call(ctx, "user/get", url.Values{"userid": {userID}}, nil, &res)
	if code, ok := wecomapi.ErrCode(err); ok {
		switch code {
		case ErrNoPrivilege, ErrAPIForbidden:
			return "", safetybot.BookDenied, nil
		case ErrUserNotFound, ErrUserNotExist, ErrInvalidUserID:
			return "", safetybot.BookMissing, nil
		}
	}
	if err != nil {
		return "", "", err
	}
	if res.Name == "" {
		return "", safetybot.BookDenied, nil
	}
	return res.Name, safetybot.BookOK, nil
}
