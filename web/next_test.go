package web

import (
	"net/url"
	"strings"
	"testing"
)

// TestSafeNext: the redirect after sign-in stays on this site, whatever a
// browser would make of the target (tabs and newlines dropped, "\" read as
// "/").
func TestSafeNext(t *testing.T) {
	for _, tc := range []struct{ next, want string }{
		{"/hazards?domain=道路运输", "/hazards?domain=道路运输"},
		{"/hazards/YH2026-0001", "/hazards/YH2026-0001"},
		{"/tasks/3#top", "/tasks/3#top"},
		{"/", "/"},
		{"", ""},
		{"hazards", ""},
		{"//evil.example/", ""},
		{"/\\evil.example", ""},
		{"/\t/evil.example", ""},
		{"/\n/evil.example", ""},
		{"/\r/evil.example", ""},
		{"/ /evil.example", "/ /evil.example"}, // a space is kept by browsers: a local path
		{"/\x00/evil.example", ""},
		{"/\x7f/evil.example", ""},
		{"/\u0085/evil.example", ""},
		{"/hazards\\..\\..\\evil", ""},
		{"\\\\evil.example", ""},
		{"https://evil.example/", ""},
		{"javascript:alert(1)", ""},
		{"/%2F/evil.example", "/%2F/evil.example"}, // an escaped slash stays a path
		{"/\xff", ""},
	} {
		if got := safeNext(tc.next); got != tc.want {
			t.Errorf("safeNext(%q) = %q, want %q", tc.next, got, tc.want)
		}
	}
}

// FuzzSafeNext: whatever comes in, what goes out is empty or a path that a
// browser (dropping tabs and newlines, reading "\" as "/") resolves on the
// same host.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/hazards?x=1", "//evil", "/\t/evil", "/\\evil", "https://e/", "/%2F/e", "/a b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if got == "" {
			return
		}
		if got != next {
			t.Fatalf("safeNext(%q) rewrote it to %q", next, got)
		}
		browser := strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(strings.TrimLeft(got, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
		base, _ := url.Parse("https://safety.example.gov.cn/login")
		u, err := base.Parse(browser)
		if err != nil {
			return // the browser will not follow it at all
		}
		if u.Host != base.Host || u.Scheme != base.Scheme {
			t.Fatalf("safeNext(%q) leads to %s", next, u)
		}
	})
}
