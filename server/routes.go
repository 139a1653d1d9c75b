package server

import "net/http"

// addRoutes is the whole HTTP surface in one place.
func addRoutes(mux *http.ServeMux, d Deps, m *metrics) {
	mux.Handle("GET /healthz", handleHealthz(d.Store))
	mux.Handle("GET /metrics", handleMetrics(d.Store, m))
}
