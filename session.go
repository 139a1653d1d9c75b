package safetybot

import (
	"context"
	"time"
)

// ErrTokenInvalid is returned for a sign-in link that is unknown, used or
// expired; the dashboard says so without telling which.
// It says what to ask an administrator for: the reader of a sign-in link
// is rarely the one who can make one.
var ErrTokenInvalid = Errorf(EFORBIDDEN, "登录链接无效、已使用或已过期（每个链接只能用一次，且有有效期）。"+
	"请联系管理员为您重新生成登录链接，并告诉管理员您的企业微信账号。")

// ErrNoSession is returned for a session cookie that is unknown or expired.
var ErrNoSession = Errorf(EFORBIDDEN, "登录已过期，请重新登录。")

// SessionService is the dashboard's one-time login links and sessions.
//
// Errors a user can act on are *Error (see error.go) with the code each
// method names; any other error is internal (an outage, a bug) and only
// logged. Times are absolute instants; Date is a day in Asia/Shanghai.
type SessionService interface {
	// CreateLoginToken makes a one-time sign-in token for userID valid for ttl.
	// Expired and used tokens are purged on the way. Its errors are internal.
	CreateLoginToken(ctx context.Context, userID string, ttl time.Duration) (string, time.Time, error)

	// RedeemLoginToken uses up a sign-in token and returns whose it was. A second
	// use, an unknown or an expired token gives ErrTokenInvalid.
	RedeemLoginToken(ctx context.Context, token string) (string, error)

	// CreateSession starts a dashboard session for userID; the returned id goes
	// into the cookie and only its hash is kept. Expired sessions are purged.
	// Its errors are internal.
	CreateSession(ctx context.Context, userID string, ttl time.Duration) (string, time.Time, error)

	// SessionUser returns the user of a live session, or ErrNoSession.
	SessionUser(ctx context.Context, id string) (string, error)

	// DeleteSession ends a session (sign-out). Its errors are internal.
	DeleteSession(ctx context.Context, id string) error
}
