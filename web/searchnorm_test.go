package web_test

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"safetybot/internal/fixture"
)

// TestHazardListReadsFiltersLikeChat (qa4 #8): a keyword or filter typed
// by hand, full-width or with a pasted zero-width space, lists what its
// plain form lists; a domain is read as chat and export --domain read it
// (水上); a keyword that is a unit's short form finds that unit's hazards,
// as 上报 matches it; a filter that cannot be read is named on the page and
// filters nothing, rather than reading as "no such hazards".
func TestHazardListReadsFiltersLikeChat(t *testing.T) {
	c := newClient(t, newDashboard(t, nil))
	c.signIn(fixture.Leader)
	totalRE := regexp.MustCompile(`<b id="total">(\d+)</b>`)
	list := func(query string) (int, string) {
		t.Helper()
		v, err := url.ParseQuery(query)
		if err != nil {
			t.Fatal(err)
		}
		code, body := c.get("/hazards?" + v.Encode())
		m := totalRE.FindStringSubmatch(body)
		if code != 200 || m == nil {
			t.Fatalf("%s: %d %.300s", query, code, body)
		}
		n, _ := strconv.Atoi(m[1])
		return n, body
	}
	all, _ := list("")
	for _, tc := range []struct {
		query, same string // same: the plain form, listing the same hazards
		problem     string // what the page says it could not read
	}{
		{query: "q=ＹＨ２０２６－０００６", same: "q=YH2026-0006"},
		{query: "q=ｙｈ２０２６－０００６", same: "q=YH2026-0006"},
		{query: "q=Ｋ１", same: "q=K1"},
		{query: "q=县\u200b公路段", same: "q=县公路段"},
		{query: "q=\ufeff第１２号\u3000", same: "q=第12号"},
		{query: "q=县运公司", same: "q=县运输公司"},        // a short form, as 上报 reads it
		{query: "q=S205项目部", same: "q=S205改建项目部"}, // the same, with ASCII
		{query: "domain=水上", same: "domain=水上交通"},
		{query: "domain=渡口&status=未销号", same: "domain=水上交通&status=open"},
		{query: "grade=重大隐患", same: "grade=重大"},
		{query: "year=２０２６&status=整改中\u200b", same: "year=2026&status=整改中"},
		{query: "status=乱写", same: "", problem: "状态「乱写」无法识别"},
		{query: "domain=航空&status=open", same: "status=open", problem: "领域「航空」无法识别"},
		{query: "year=abc", same: "", problem: "年度「abc」无法识别"},
		{query: "year=1999&grade=一般", same: "grade=一般", problem: "年度「1999」无法识别"},
		{query: "overdue=yes", same: "", problem: "仅逾期「yes」无法识别"},
		{query: "grade=特级", same: "", problem: "等级「特级」无法识别"},
		{query: "sort=乱序", same: "", problem: "排序「乱序」无法识别"},
	} {
		got, body := list(tc.query)
		want, _ := list(tc.same)
		if got != want || (tc.problem == "" && want == 0) || (tc.problem != "" && got == 0) {
			t.Errorf("%s: %d hazards, %s lists %d (of %d)", tc.query, got, tc.same, want, all)
		}
		switch has := strings.Contains(body, `id="filter-problems"`); {
		case tc.problem == "" && has:
			t.Errorf("%s: a problem shown: %.400s", tc.query, body[strings.Index(body, `id="filter-problems"`):])
		case tc.problem != "" && (!has || !strings.Contains(body, tc.problem)):
			t.Errorf("%s: the page does not say %q", tc.query, tc.problem)
		}
	}
	// The download of an unreadable filter is refused, saying which.
	for query, problem := range map[string]string{"status=乱写&format=csv": "状态「乱写」无法识别", "year=abc": "年度「abc」无法识别"} {
		v, _ := url.ParseQuery(query)
		if code, body := c.get("/export?" + v.Encode()); code != 400 || !strings.Contains(body, problem) || !strings.Contains(body, "未导出") {
			t.Errorf("/export?%s: %d %.300s", query, code, body)
		}
	}
	// A short form downloads what it lists.
	v := url.Values{"q": {"县运公司"}, "format": {"csv"}}
	code, body := c.get("/export?" + v.Encode())
	n, _ := list("q=县运公司")
	if code != 200 || strings.Count(body, "县运输公司") < n {
		t.Errorf("short-form download: %d, %d rows name 县运输公司, %d listed", code, strings.Count(body, "县运输公司"), n)
	}
}
