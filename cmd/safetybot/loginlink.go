package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"safetybot"
	"safetybot/store"
	"safetybot/web"
	"safetybot/wecom/wecomapi"
)

// loginLinkUsage is how to call login-link, in every refusal.
const loginLinkUsage = "用法：login-link --user ID [--form | --tip 举报编号] [--ttl 15m]，例如 safetybot login-link --user zhangsan"

// loginLinkTTL is how long a printed sign-in link stays usable.
const loginLinkTTL = 15 * time.Minute

// loginLink prints a one-time sign-in link to what the user may open: the
// dashboard for staff, leaders and admins; with --form, the report form
// (/hazards/new), which any member may use (上报 is open to all); with
// --tip, a report's photos, for a 受理人 (the photo page's sign-in tells
// a handler without WeCom sign-in to ask for this link). Anyone else is
// told what they can do instead (loginRefusal).
func loginLink(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("login-link", flag.ContinueOnError)
	user := fs.String("user", "", "以哪个企业微信 userid（或姓名）登录")
	ttl := fs.Duration("ttl", loginLinkTTL, "链接的有效时间（最长 24h）")
	form := fs.Bool("form", false, "上报表单的登录链接，没有角色的成员也可用")
	tipArg := fs.String("tip", "", "查看该匿名举报照片的登录链接，仅受理人可用，例如 --tip 12")
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
	var tip int64
	if *tipArg != "" {
		if *form {
			return usagef("login-link：--form 和 --tip 只能选一个。%s", loginLinkUsage)
		}
		var ok bool
		if tip, ok = parseTipRef(*tipArg); !ok {
			return usagef("login-link：--tip 的值「%s」不是举报编号，应为数字，例如 --tip 12", *tipArg)
		}
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
	next, what := "", "登录链接"
	switch {
	case *form:
		next, what = "&next=%2Fhazards%2Fnew", "上报表单登录链接"
	case tip != 0:
		if !u.HandlesTips() {
			// no role to ask for: each handler more may learn who reported
			return fmt.Errorf("用户 %s 不是受理人，匿名举报的照片只有受理人可以查看，未生成链接。", id)
		}
		if err := tipExists(ctx, s, tip, id); err != nil {
			return err
		}
		next, what = "&next="+url.QueryEscape(safetybot.TipPhotosPath(tip)), "举报 "+safetybot.TipRef(tip)+" 照片的登录链接"
	case !u.IsStaff() && !isAdmin(cfg, id):
		return loginRefusal(u)
	}
	tok, exp, err := s.CreateLoginToken(ctx, id, *ttl)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s/login?token=%s%s\n", publicURL(cfg), tok, next)
	fmt.Fprintf(stderr, "一次性%s（%s），%s 前有效，仅能使用一次。\n", what, id, exp.In(safetybot.Shanghai).Format("2006-01-02 15:04"))
	return nil
}

// loginRefusal tells whoever runs login-link for u, who may not use the
// dashboard, which link u can have instead. An enterprise's principal is
// never pointed to 工作人员: that role shows every company's hazards and
// who reported them (QA17 #8; the dashboard's and chat's refusals say the
// same, web memberRefusal and bot memberCan).
func loginRefusal(u safetybot.User) error {
	id := u.ID
	switch {
	case u.HandlesTips():
		return fmt.Errorf("用户 %s 是受理人，不能登录驾驶舱，但可以用登录链接查看某件匿名举报的照片：加 --tip <举报编号>，例如 safetybot login-link --user %s --tip 12"+
			"（编号即照片页网址 /tips/<编号>/photos 中的数字）；只需上报表单时加 --form", id, id)
	case len(u.Enterprises) > 0:
		return fmt.Errorf("用户 %s 是企业负责人（%s），驾驶舱只向本局工作人员、领导和管理员开放，未生成链接。"+
			"该负责人可以：用上报表单登记隐患（加 --form 生成上报表单的登录链接）；在企业微信中私聊机器人，发送「隐患」查看指派给本人整改的隐患，"+
			"「整改 <编号> <进展>」记录整改进展，整改完成后发送「整改 <编号> <说明> 完成:是」提交验收；本季度带队检查后发送「检查 %s <检查情况>」登记。",
			id, strings.Join(u.Enterprises, "、"), u.Enterprises[0])
	}
	return fmt.Errorf("用户 %s 不是工作人员、领导或管理员，无法登录驾驶舱，未生成链接。只需上报表单时加 --form；"+
		"如其是本局工作人员，请管理员先在企业微信中发送「授权 %s 工作人员」", id, id)
}

// errTipFound ends tipExists's look without a change.
var errTipFound = errors.New("found")

// tipExists refuses a link to the photos of a report that is not there (a
// mistyped number, or one purged after its retention), before a one-time
// link is used up on a page that says so (QA18 #2). It looks through
// ChangeTip, changing nothing: every read of a report's content is audited,
// and this one reads none.
func tipExists(ctx context.Context, s *store.Store, tip int64, actor string) error {
	_, err := s.ChangeTip(ctx, tip, actor, func(*safetybot.Tip) (safetybot.TipChange, error) {
		return safetybot.TipChange{}, errTipFound
	})
	switch {
	case errors.Is(err, errTipFound):
		return nil
	case safetybot.ErrorCode(err) == safetybot.ENOTFOUND:
		return fmt.Errorf("没有编号为 %s 的举报（或它已按规定期限删除），未生成链接。举报编号可在与机器人的私聊中发送「受理」查看。", safetybot.TipRef(tip))
	}
	return err
}

// parseTipRef reads a report's number as the chat and the photo page write
// it: 12, #12 or ＃12, in full-width digits too.
func parseTipRef(s string) (int64, bool) {
	s = strings.TrimLeft(strings.TrimSpace(safetybot.Fold(s)), "#＃")
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n > 0
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
