package web

import (
	"context"
	"errors"
	"net/url"

	"github.com/silenceper/wechat/v2/cache"
	"github.com/silenceper/wechat/v2/work"
	workcfg "github.com/silenceper/wechat/v2/work/config"
	"github.com/silenceper/wechat/v2/work/oauth"
)

// WeComOAuth is WeCom web login through silenceper's work/oauth: silent
// authorisation (snsapi_base) inside the WeCom client, QR-code login in a
// desktop browser, then auth/getuserinfo for the member's userid. The
// user's role comes from the store, never from WeCom.
type WeComOAuth struct {
	o *oauth.Oauth
}

// NewWeComOAuth builds the login for a self-built application.
func NewWeComOAuth(corpID, agentID, secret string) *WeComOAuth {
	wk := work.NewWork(&workcfg.Config{CorpID: corpID, AgentID: agentID, CorpSecret: secret, Cache: cache.NewMemory()})
	return &WeComOAuth{o: wk.GetOauth()}
}

// AuthURL implements OAuth. silenceper fixes the state (STATE, or a random
// one for the QR page); ours replaces it so the callback can check it.
func (w *WeComOAuth) AuthURL(callback, state string, inWeCom bool) string {
	raw := w.o.GetQrContentTargetURL(callback)
	if inWeCom {
		raw = w.o.GetTargetURL(callback)
	}
	return withState(raw, state)
}

// withState sets the state parameter of an authorisation URL, keeping the
// fragment (#wechat_redirect) WeCom requires.
func withState(raw, state string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	q.Set("state", state)
	u.RawQuery = q.Encode()
	return u.String()
}

// UserID implements OAuth.
func (w *WeComOAuth) UserID(ctx context.Context, code string) (string, error) {
	res, err := w.o.GetUserInfo(code)
	if err != nil {
		return "", err
	}
	if res.UserID == "" {
		return "", errors.New("wecom oauth: not a member of the corp (no userid)")
	}
	return res.UserID, nil
}
