package server

import "net/http"

// addRoutes is the whole HTTP surface in one place.
func addRoutes(mux *http.ServeMux, d Deps, m *metrics) {
	mux.Handle("GET /healthz", handleHealthz(d.Store, d.Channels))
	mux.Handle("GET /metrics", metricsGuard(d.MetricsToken, handleMetrics(d.Store, m, d.Channels)))
	if d.Report != nil {
		mux.Handle("/report", d.Report)
		mux.Handle("/report/", d.Report)
	}
	if d.WeComCallback != nil {
		mux.Handle("GET /wecom/callback", d.WeComCallback)
		mux.Handle("POST /wecom/callback", d.WeComCallback)
	}
	if d.Dashboard != nil {
		mux.Handle("/", d.Dashboard)
	}
	if d.AIBot != nil {
		mux.Handle("GET /wecom/aibot", d.AIBot)
		mux.Handle("POST /wecom/aibot", d.AIBot)
	}
}
