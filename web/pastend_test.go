package web_test

import (
	"fmt"
	"regexp"
	"slices"
	"testing"

	"safetybot/internal/fixture"
)

var pagesRE = regexp.MustCompile(`，第 (\d+)/(\d+) 页`)

// TestHazardListPastTheEndShowsTheLastPage: a page past the end of the
// list (an old link, a hand-typed page) shows the last page, the same rows
// and "第 N/N 页" as the last page's own link, with a keyword (one walk of
// the ledger, HazardPage) as without.
func TestHazardListPastTheEndShowsTheLastPage(t *testing.T) {
	c := newClient(t, newDashboard(t, nil))
	c.signIn(fixture.Leader)
	for _, query := range []string{"", "q=%E5%85%AC%E5%8F%B8&"} { // 公司
		_, first := c.get("/hazards?" + query)
		m := pagesRE.FindStringSubmatch(first)
		if m == nil {
			t.Fatalf("%q: one page only; the fixture should fill more", query)
		}
		last := m[2]
		_, lastPage := c.get("/hazards?" + query + "page=" + last)
		for _, page := range []string{last + "1", "99999"} {
			_, got := c.get("/hazards?" + query + "page=" + page)
			if want := fmt.Sprintf("，第 %s/%s 页", last, last); pagesRE.FindString(got) != want {
				t.Errorf("%q page %s: %q, want %q", query, page, pagesRE.FindString(got), want)
			}
			if g, w := rowRE.FindAllString(got, -1), rowRE.FindAllString(lastPage, -1); len(w) == 0 || !slices.Equal(g, w) {
				t.Errorf("%q page %s lists %d rows, the last page (%s) %d", query, page, len(g), last, len(w))
			}
		}
	}
}
