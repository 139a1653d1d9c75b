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
		{"危货运输", "道路运输"}, // QA12 #3: 领域:危货运输 was refused
		{"危险货物运输", "道路运输"},
		{"危化品运输", "道路运输"},
		{"危货运输企业", "道路运输"},
		{"货运", "道路运输"},
		{"驾培", "道路运输"},
		{"驾驶员培训", "道路运输"},
		{"机动车维修行业", "道路运输"},
		{"道路运输企业", "道路运输"},
		{"公交", "城市客运"},
		{"出租", "城市客运"},
		{"出租车行业", "城市客运"},
		{"网约车", "城市客运"},
		{"公路", "公路运营"},
		{"桥梁", "公路运营"},
		{"水运", "水上交通"},
		{"水上交通运输", "水上交通"},
		{"铁路", "铁路沿线"},
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

// TestParseDomainAsksATradeOfSeveral: a trade several domains cover (客运
// is 道路客运, 城市客运 or 水路客运; 维修 is 机动车维修 or 公路养护) is asked
// back naming each with what it covers, never guessed (QA12 #3).
func TestParseDomainAsksATradeOfSeveral(t *testing.T) {
	domains := plan.Default().Domains
	for _, tc := range []struct{ in, want string }{
		{"客运", "领域「客运」可指：道路运输（道路客运、客运站）、城市客运（公交、出租车、网约车）、水上交通（渡口、客船），请写明是哪一个。"},
		{"客运行业", "领域「客运行业」可指：道路运输（道路客运、客运站）"},
		{"维修", "领域「维修」可指：道路运输（机动车维修）、公路运营（公路、桥梁养护维修）"},
	} {
		got, err := safetybot.ParseDomain(domains, tc.in)
		if got != "" || safetybot.ErrorCode(err) != safetybot.EINVALID || !strings.Contains(safetybot.ErrorMessage(err), tc.want) {
			t.Errorf("ParseDomain(%q) = %q, %v; want EINVALID %s", tc.in, got, err, tc.want)
		}
	}
}
