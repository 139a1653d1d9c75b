package web_test

import (
	"encoding/csv"
	"io"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"safetybot/export"
	"safetybot/internal/fixture"
)

var listRowRE = regexp.MustCompile(`(?s)<tr data-number="([^"]+)">.*?data-overdue="(\d+)"`)

// The download of a filtered list has the list's rows in the list's order
// (urgency: 重大 first, then days overdue, then deadline) and its 逾期天数,
// page after page.
func TestDownloadInScreenOrder(t *testing.T) {
	c := newClient(t, newDashboard(t, nil))
	c.signIn(fixture.Leader)
	for _, query := range []string{
		"status=open&domain=" + url.QueryEscape("道路运输"),
		"status=open&domain=" + url.QueryEscape("道路运输") + "&sort=number",
	} {
		var shown [][2]string // number, days overdue ("" when none)
		var href string
		for p := 1; ; p++ {
			_, page := c.get("/hazards?" + query + "&page=" + strconv.Itoa(p))
			for _, m := range listRowRE.FindAllStringSubmatch(page, -1) {
				days := m[2]
				if days == "0" {
					days = ""
				}
				shown = append(shown, [2]string{m[1], days})
			}
			if href == "" {
				i := strings.Index(page, `id="dl-csv" class="button" href="`)
				href = page[i+len(`id="dl-csv" class="button" href="`):]
				href = strings.ReplaceAll(href[:strings.Index(href, `"`)], "&amp;", "&")
			}
			if !strings.Contains(page, "下一页") || p >= 9 {
				break
			}
		}
		if len(shown) < 2 {
			t.Fatalf("%s: the fixture shows %d hazards", query, len(shown))
		}
		res, err := c.http.Get(c.srv.URL + href)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\uFEFF"))).ReadAll()
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("csv: %d %v", res.StatusCode, err)
		}
		col := slices.Index(rows[0], export.ColumnDaysOverdue)
		if col < 0 || rows[0][col-1] != "是否逾期" {
			t.Fatalf("%s: header %q has no 逾期天数 after 是否逾期", query, rows[0])
		}
		var got [][2]string
		for _, r := range rows[1:] {
			got = append(got, [2]string{r[0], r[col]})
		}
		if !slices.Equal(got, shown) {
			t.Errorf("%s: the download is not the screen\ndownload %q\nscreen   %q", query, got, shown)
		}
	}
}
