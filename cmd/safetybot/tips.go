package main

import (
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"safetybot/bot"
	"safetybot/web/reportpage"
)

// tipConfig reads the anonymous reports' settings: SAFETYBOT_TIP_RETENTION_DAYS
// (how long closed reports are kept, default 365), SAFETYBOT_PUBLIC_URL (the
// report page's address named in chat replies).
func tipConfig(getenv func(string) string) (bot.TipConfig, error) {
	var tc bot.TipConfig
	if v := strings.TrimSpace(getenv("SAFETYBOT_TIP_RETENTION_DAYS")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 36500 {
			return tc, usagef("SAFETYBOT_TIP_RETENTION_DAYS=%q: want a number of days from 1 to 36500 (default 365)", v)
		}
		tc.RetentionDays = n
	}
	if u := strings.TrimRight(getenv("SAFETYBOT_PUBLIC_URL"), "/"); u != "" {
		tc.ReportURL = u + "/report"
	}
	return tc, nil
}

// reportPage is the public page at /report. SAFETYBOT_TRUST_PROXY=1 says a
// reverse proxy on this host forwards to serve (X-Forwarded-For then keys
// the in-memory rate limits; it is never logged or stored).
func reportPage(a *app, getenv func(string) string, log *slog.Logger) (http.Handler, error) {
	trust, _ := strconv.ParseBool(getenv("SAFETYBOT_TRUST_PROXY"))
	origin := ""
	if u, err := url.Parse(strings.TrimSpace(getenv("SAFETYBOT_PUBLIC_URL"))); err == nil && u.Scheme != "" && u.Host != "" {
		origin = u.Scheme + "://" + u.Host
	}
	page, err := reportpage.New(reportpage.Config{Desk: a.engine.Tips(), Logger: log, TrustProxy: trust, PublicOrigin: origin})
	if err != nil {
		return nil, usagef("SAFETYBOT_PUBLIC_URL: %v", err)
	}
	return page, nil
}
