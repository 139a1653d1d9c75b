package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"safetybot"
	"safetybot/store"
	"safetybot/web"
	"safetybot/wecom/wecomapi"
)

// loginLinkUsage is how to call login-link, in every refusal.
const loginLinkUsage = "用法：login-link --user ID [--form] [--ttl 15m]，例如 safetybot login-link --user zhangsan"

// loginLinkTTL is how long a printed sign-in link stays usable.
const loginLinkTTL = 15 * time.Minute

// loginLink prints a one-time dashboard sign-in link for a user who may use
// the dashboard (staff, leaders, admins); with --form, a link to the report
// form (/hazards/new), which any member may use (上报 is open to all).
func loginLink(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("login-link", flag.ContinueOnError)
	user := fs.String("user", "", "以哪个企业微信 userid（或姓名）登录")
	ttl := fs.Duration("ttl", loginLinkTTL, "链接的有效时间（最长 24h）")
	form := fs.Bool("form", false, "上报表单的登录链接，没有角色的成员也可用")
	if err := parseFlags(fs, args, "login-link", loginLinkUsage, map[string]string{"ttl": "时长，例如 15m、2h（最长 24h）"}); err != nil {
		return err
	}
	id := strings.TrimSpace(*user)
	if id == "" {
		return usagef("login-link：请用 --user 写明为谁生成登录链接。%s", loginLinkUsage)
	}
	if *ttl <= 0 || *ttl > 24*time.Hour {
		return usagef("login-link：--ttl %s 超出范围，应在 1s 到 24h 之间", *ttl)
	}
	if err := requireDB("login-link", cfg.DB, stderr); err != nil {
		return err
	}
	s, err := store.Open(ctx, cfg.DB, nil)
	if err != nil {
		return err
	}
	defer s.Close()
	if id, err = loginUser(ctx, s, id, stderr); err != nil {
		return err
	}
	u, err := s.User(ctx, id)
	if err != nil {
		return err
	}
	if !*form && !u.IsStaff() && !isAdmin(cfg, id) {
		return fmt.Errorf("用户 %s 不是工作人员、领导或管理员，无法登录驾驶舱。请管理员先在企业微信中发送「授权 %s 工作人员」；只需上报表单时加 --form", id, id)
	}
	tok, exp, err := s.CreateLoginToken(ctx, id, *ttl)
	if err != nil {
		return err
	}
	next, what := "", "登录链接"
	if *form {
		next, what = "&next=%2Fhazards%2Fnew", "上报表单登录链接"
	}
	fmt.Fprintf(stdout, "%s/login?token=%s%s\n", publicURL(cfg), tok, next)
	fmt.Fprintf(stderr, "一次性%s（%s），%s 前有效，仅能使用一次。\n", what, id, exp.In(safetybot.Shanghai).Format("2006-01-02 15:04"))
	return nil
}

// isAdmin reports whether SAFETYBOT_ADMINS names id, in any case (WeCom
// userids are case-insensitive).
func isAdmin(cfg config, id string) bool {
	for _, a := range cfg.Admins {
		if strings.EqualFold(a, id) {
			return true
		}
	}
	return false
}

// publicURL is where browsers reach the dashboard: SAFETYBOT_PUBLIC_URL, or
// this machine at SAFETYBOT_ADDR's port.
func publicURL(cfg config) string {
	if cfg.PublicURL != "" {
		return cfg.PublicURL
	}
	host, port, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return "http://localhost:8080"
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// dashboard builds the web dashboard for serve, with WeCom web login when
// the application's credentials are set, and the report form at
// /hazards/new going through the chat engine's 上报.
// api is the app's WeCom client (nil: no WeCom login), shared with the
// sender for one access token.
func dashboard(ctx context.Context, cfg config, s *store.Store, dir safetybot.Directory, reporter web.Reporter, api *wecomapi.Client, log *slog.Logger) (http.Handler, error) {
	wc := web.Config{Store: s, Admins: cfg.Admins, Logger: log, PublicURL: cfg.PublicURL, Directory: dir, Reporter: reporter}
	if api != nil {
		wc.OAuth = web.NewWeComOAuth(api, cfg.WeComOut.AgentID)
	}
	return web.New(ctx, wc)
}
