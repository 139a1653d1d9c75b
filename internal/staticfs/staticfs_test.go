package staticfs

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func TestNoListing(t *testing.T) {
	fsys := fstest.MapFS{
		"style.css":     {Data: []byte("body{}")},
		"img/logo.svg":  {Data: []byte("<svg/>")},
		"img/index.txt": {Data: []byte("x")},
	}
	h := http.StripPrefix("/static/", Handler(fsys))
	for _, tc := range []struct {
		path string
		code int
		body string
	}{
		{"/static/style.css", 200, "body{}"},
		{"/static/img/logo.svg", 200, "<svg/>"},
		{"/static/", 404, ""},
		{"/static/img/", 404, ""},
		{"/static/img", 404, ""},
		{"/static/missing.css", 404, ""},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tc.path, nil))
		if rec.Code != tc.code || !strings.Contains(rec.Body.String(), tc.body) || strings.Contains(rec.Body.String(), "style.css") {
			t.Errorf("GET %s = %d %q, want %d with %q and no listing", tc.path, rec.Code, rec.Body.String(), tc.code, tc.body)
		}
	}
}
