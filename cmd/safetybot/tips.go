package main

import (
	"log/slog"
	"net/http"
	"net/url"

	"safetybot/tipdesk"
	"safetybot/web/reportpage"
)

// tipConfig is the anonymous reports' settings: how long closed reports
// are kept (SAFETYBOT_TIP_RETENTION_DAYS, 0: the desk's 365) and the report
// page's address named in chat replies (SAFETYBOT_PUBLIC_URL + /report).
func tipConfig(cfg config) tipdesk.Config {
	tc := tipdesk.Config{RetentionDays: cfg.TipRetentionDays}
	if cfg.PublicURL != "" {
		tc.ReportURL = cfg.PublicURL + "/report"
	}
	return tc
}

// reportPage is the public page at /report. SAFETYBOT_TRUST_PROXY says a
// reverse proxy on this host forwards to serve (X-Forwarded-For then keys
// the in-memory rate limits; it is never logged or stored).
func reportPage(a *app, cfg config, log *slog.Logger) (http.Handler, error) {
	origin := ""
	if u, err := url.Parse(cfg.PublicURL); err == nil && u.Scheme != "" && u.Host != "" {
		origin = u.Scheme + "://" + u.Host
	}
	page, err := reportpage.New(reportpage.Config{Desk: a.engine.Tips(), Logger: log, TrustProxy: cfg.TrustProxy, PublicOrigin: origin})
	if err != nil {
		return nil, usagef("SAFETYBOT_PUBLIC_URL: %v", err)
	}
	return page, nil
}
