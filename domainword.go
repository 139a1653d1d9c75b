package safetybot

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// domainWords are what staff write for a domain besides its name: the
// trades each covers (危货 and 客运 are 道路运输, 渡口 is 水上交通…).
var domainWords = map[string][]string{
	"道路运输": {"危货", "危险货物", "危化品", "危化品运输", "危险品", "危险化学品", "道路客运", "道路货运", "客运站", "汽车站",
		"汽车客运", "长途客运", "客运班线", "旅游包车", "包车客运", "普货", "普货运输", "驾培", "驾校", "驾驶培训", "驾驶员培训",
		"机动车维修", "汽车维修", "汽修", "货运"},
	"水上交通":      {"水运", "水路", "水路运输", "水上运输", "船舶", "渡口", "渡船", "渡运", "码头", "港口", "航道", "水上", "水上客运", "水路客运"},
	"公路运营":      {"公路", "桥梁", "隧道", "养护", "路政", "收费站", "公路养护", "公路桥梁", "公路隧道", "农村公路", "国省道", "国省干线"},
	"工程建设":      {"在建工程", "施工", "工地", "公路工程", "交通工程", "建设工程"},
	"城市客运":      {"公交", "公交车", "公共汽车", "出租车", "出租", "出租汽车", "巡游出租车", "网约车", "网约出租车", "城市公交"},
	"铁路沿线":      {"铁路", "铁路安全", "铁道", "高铁", "铁路道口"},
	"消防/人员密集场所": {"消防", "人员密集", "人员密集场所", "火灾"},
}

// domainChoices are trades of more than one domain (客运 is 道路客运, 城市客运
// or 水路客运; 维修 is 机动车维修 or 公路养护): asked back naming each
// domain with what it covers, never guessed.
var domainChoices = map[string][]string{
	"客运":   {"道路运输（道路客运、客运站）", "城市客运（公交、出租车、网约车）", "水上交通（渡口、客船）"},
	"旅客运输": {"道路运输（道路客运、客运站）", "城市客运（公交、出租车、网约车）", "水上交通（渡口、客船）"},
	"维修":   {"道路运输（机动车维修）", "公路运营（公路、桥梁养护维修）"},
	"养护维修": {"道路运输（机动车维修）", "公路运营（公路、桥梁养护维修）"},
}

// domainTails are what may follow a trade without changing it: 危货运输 is
// 危货, 出租车行业 is 出租车, 道路运输企业 is 道路运输.
var domainTails = []string{"领域", "行业", "企业", "单位", "运输"}

// ParseDomain reads a domain as people write it, against the plan's
// domains: its name, an unambiguous beginning of it ("道路" → 道路运输), a
// trade it covers (危货, 危货运输 → 道路运输), with or without a trailing 行业,
// 领域 or 企业. It is the one reader of domains, so what chat accepts
// (领域:水上) an export's --domain accepts too. Anything else is EINVALID:
// a trade of several domains (客运) names them to choose from; any other
// word names every domain.
func ParseDomain(domains []Domain, s string) (string, error) {
	d, choices := readDomain(domains, s)
	switch {
	case d != "":
		return d, nil
	case choices != nil:
		return "", Errorf(EINVALID, "领域「%s」可指：%s，请写明是哪一个。", Truncate(strings.TrimSpace(s), 20), strings.Join(choices, "、"))
	}
	return "", Errorf(EINVALID, "领域「%s」无法识别，请填：%s。", Truncate(strings.TrimSpace(s), 20), DomainList(domains))
}

// DomainChoices are the domains, each with what it covers, that s may
// mean when it is a trade of several (客运): nil for any other s.
func DomainChoices(domains []Domain, s string) []string {
	_, choices := readDomain(domains, s)
	return choices
}

// readDomain is the domain s names, or the choices when it is a trade of
// several, cutting domainTails one at a time until either is found.
func readDomain(domains []Domain, s string) (string, []string) {
	s = strings.TrimSpace(s)
	for {
		if d, ok := domainOf(domains, s); ok {
			return d, nil
		}
		if choices, ok := domainChoices[s]; ok {
			return "", choices
		}
		cut := false
		for _, t := range domainTails {
			if rest, ok := strings.CutSuffix(s, t); ok && rest != "" {
				s, cut = rest, true
				break
			}
		}
		if !cut {
			return "", nil
		}
	}
}

// domainOf is the domain s names: a name, an unambiguous beginning, or one
// of domainWords.
func domainOf(domains []Domain, s string) (string, bool) {
	var matches []string
	for _, d := range domains {
		if d.Name == s {
			return d.Name, true
		}
		// A part counts only as the name's beginning ("道路" → 道路运输); a
		// generic tail such as 交通 or 运输 is asked back, not guessed.
		if utf8.RuneCountInString(s) >= 2 && strings.HasPrefix(d.Name, s) {
			matches = append(matches, d.Name)
		}
	}
	if len(matches) == 1 {
		return matches[0], true
	}
	if len(matches) == 0 {
		for _, d := range domains {
			if slices.Contains(domainWords[d.Name], s) {
				return d.Name, true
			}
		}
	}
	return "", false
}

// DomainList names the domains, 、-separated, for a reply.
func DomainList(domains []Domain) string {
	names := make([]string, len(domains))
	for i, d := range domains {
		names[i] = d.Name
	}
	return strings.Join(names, "、")
}
