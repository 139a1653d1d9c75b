package safetybot

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// domainWords are what staff write for a domain besides its name: the
// trades each covers (危货 and 客运 are 道路运输, 渡口 is 水上交通…).
var domainWords = map[string][]string{
	"道路运输":      {"危货", "危险货物", "危化品运输", "道路客运", "道路货运", "客运站", "汽车站", "驾培", "驾校", "机动车维修", "货运"},
	"水上交通":      {"水运", "水路", "水路运输", "水上运输", "船舶", "渡口", "渡船", "码头", "港口", "航道", "水上"},
	"公路运营":      {"公路", "桥梁", "隧道", "养护", "路政", "收费站", "公路养护"},
	"工程建设":      {"在建工程", "施工", "工地", "公路工程", "交通工程", "建设工程"},
	"城市客运":      {"公交", "公交车", "出租车", "出租", "网约车", "城市公交"},
	"铁路沿线":      {"铁路", "铁路安全", "铁道"},
	"消防/人员密集场所": {"消防", "人员密集", "人员密集场所", "火灾"},
}

// ParseDomain reads a domain as people write it, against the plan's
// domains: its name, an unambiguous beginning of it ("道路" → 道路运输), a
// trade it covers (危货 → 道路运输), with or without a trailing 行业 or 领域.
// It is the one reader of domains, so what chat accepts (领域:水上) an
// export's --domain accepts too. Anything else is EINVALID, naming the
// domains to choose from.
func ParseDomain(domains []Domain, s string) (string, error) {
	orig := s
	s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(s), "领域"), "行业")
	var matches []string
	for _, d := range domains {
		if d.Name == s {
			return d.Name, nil
		}
		// A part counts only as the name's beginning ("道路" → 道路运输); a
		// generic tail such as 交通 or 运输 is asked back, not guessed.
		if utf8.RuneCountInString(s) >= 2 && strings.HasPrefix(d.Name, s) {
			matches = append(matches, d.Name)
		}
	}
	if len(matches) == 1 {
		return matches[0], nil
	}
	if len(matches) == 0 {
		for _, d := range domains {
			if slices.Contains(domainWords[d.Name], s) {
				return d.Name, nil
			}
		}
	}
	return "", Errorf(EINVALID, "领域「%s」无法识别，请填：%s。", Truncate(orig, 20), DomainList(domains))
}

// DomainList names the domains, 、-separated, for a reply.
func DomainList(domains []Domain) string {
	names := make([]string, len(domains))
	for i, d := range domains {
		names[i] = d.Name
	}
	return strings.Join(names, "、")
}
