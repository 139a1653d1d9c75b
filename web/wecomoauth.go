package web

import (
	"context"
	"errors"
	"net/url"

	"safetybot/wecom/wecomapi"
)

// WeComOAuth is WeCom web login: silent authorisation (snsapi_base) inside
// the WeCom client, QR-code login in a desktop browser, then
// auth/getuserinfo (through the app's wecomapi client, its access token and
// WECOM_API_BASE) for the member's userid. The user's role comes from the
// store, never from WeCom.
type WeComOAuth struct {
	api     *wecomapi.Client
	agentID string
}

// NewWeComOAuth builds the login for the self-built application agentID of
// api's corp. Share api with the sender: one access token per app.
func NewWeComOAuth(api *wecomapi.Client, agentID string) *WeComOAuth {
	return &WeComOAuth{api: api, agentID: agentID}
}

// AuthURL implements OAuth: open.weixin.qq.com's authorize page inside the
// WeCom client (its #wechat_redirect fragment is required), the
// qrConnect page elsewhere.
func (w *WeComOAuth) AuthURL(callback, state string, inWeCom bool) string {
	q := url.Values{"appid": {w.api.CorpID()}, "redirect_uri": {callback}, "state": {state}}
	if inWeCom {
		q.Set("response_type", "code")
		q.Set("scope", "snsapi_base")
		return "https://open.weixin.qq.com/connect/oauth2/authorize?" + q.Encode() + "#wechat_redirect"
	}
	q.Set("agentid", w.agentID)
	return "https://open.work.weixin.qq.com/wwopen/sso/qrConnect?" + q.Encode()
}

// userInfo is auth/getuserinfo's answer: userid for a member, openid for
// anyone else.
type userInfo struct {
	wecomapi.Status
	UserID string `json:"userid"`
}

// UserID implements OAuth (auth/getuserinfo, document 91023). Errors: the
// client's (*wecomapi.Error for a bad or used code), or "not a member".
func (w *WeComOAuth) UserID(ctx context.Context, code string) (string, error) {
	var res userInfo
	if err := w.api.Call(ctx, "auth/getuserinfo", url.Values{"code": {code}}, nil, &res); err != nil {
		return "", err
	}
	if res.UserID == "" {
		return "", errors.New("wecom oauth: not a member of the corp (no userid)")
	}
	return res.UserID, nil
}
