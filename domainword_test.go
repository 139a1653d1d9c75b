package safetybot_test

import (
	"strings"
	"testing"

	"safetybot"
	"safetybot/plan"
)

// ParseDomain is the one reader of 领域 (chat's 领域:, export's --domain):
// a name, an unambiguous beginning, a trade; a generic or unknown word is
// refused naming the domains (QA 6: --domain 水上 / 海运 quietly exported
// nothing).
func TestParseDomain(t *testing.T) {
	domains := plan.Default().Domains
	for _, tc := range []struct{ in, want string }{
		{"水上交通", "水上交通"},
		{"水上", "水上交通"},
		{" 水上领域 ", "水上交通"},
		{"水运", "水上交通"},
		{"渡口", "水上交通"},
		{"水路运输", "水上交通"}, // QA8 #13
		{"水路运输行业", "水上交通"},
		{"道路", "道路运输"},
		{"危货", "道路运输"},
		{"公路运营行业", "公路运营"},
		{"隧道", "公路运营"},
		{"消防", "消防/人员密集场所"},
		{"海运", ""},
		{"交通", ""}, // a generic tail is asked back, not guessed
		{"运输", ""},
		{"", ""},
	} {
		got, err := safetybot.ParseDomain(domains, tc.in)
		if got != tc.want || (err == nil) != (tc.want != "") {
			t.Errorf("ParseDomain(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
		if err != nil && (safetybot.ErrorCode(err) != safetybot.EINVALID || !strings.Contains(safetybot.ErrorMessage(err), "请填：道路运输、水上交通")) {
			t.Errorf("ParseDomain(%q): %v, want EINVALID naming the domains", tc.in, err)
		}
	}
}
