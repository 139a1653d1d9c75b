package web_test

import (
	"context"
	"encoding/csv"
	"io"
	"net/url"
	"strings"
	"testing"

	"safetybot"
	"safetybot/export"
	"safetybot/internal/fixture"
)

// TestDownloadIsWhatIsOnScreen: the ledger's download keeps every filter
// of the list (status, grade, overdue, keyword), not only year and domain.
func TestDownloadIsWhatIsOnScreen(t *testing.T) {
	c := newClient(t, newDashboard(t, nil))
	c.signIn(fixture.Leader)
	query := "status=open&grade=" + url.QueryEscape("重大") + "&overdue=1&domain=" + url.QueryEscape("道路运输")
	_, page := c.get("/hazards?" + query)
	shown := rowRE.FindAllStringSubmatch(page, -1)
	if len(shown) == 0 {
		t.Fatal("the fixture has no overdue 重大 road hazard")
	}
	m := strings.Index(page, `id="dl-csv" class="button" href="`)
	href := page[m+len(`id="dl-csv" class="button" href="`):]
	href = strings.ReplaceAll(href[:strings.Index(href, `"`)], "&amp;", "&")
	for _, want := range []string{"status=open", "overdue=1", "grade=", "domain="} {
		if !strings.Contains(href, want) {
			t.Errorf("download link %q lacks %s", href, want)
		}
	}
	res, err := c.http.Get(c.srv.URL + href)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\uFEFF"))).ReadAll()
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("csv: %d %v", res.StatusCode, err)
	}
	got := map[string]bool{}
	for _, r := range rows[1:] {
		got[r[0]] = true
	}
	if len(rows)-1 != len(shown) {
		t.Errorf("the download has %d rows, the screen %d", len(rows)-1, len(shown))
	}
	for _, s := range shown {
		if !got[s[1]] {
			t.Errorf("%s is on screen but not in the download", s[1])
		}
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, url.PathEscape("未销号·重大·逾期")) {
		t.Errorf("the file name does not say what was filtered: %q", cd)
	}
}

// TestSentBackClearsFinished: a hazard reported finished and then sent back
// by a failed verification has no 完成时间, on its page and in the ledger,
// until it is reported finished again.
func TestSentBackClearsFinished(t *testing.T) {
	ctx := context.Background()
	s := world.Store
	h := &safetybot.Hazard{Description: "桥梁伸缩缝破损", Grade: safetybot.GradeGeneral, Domain: "公路运营", Reporter: fixture.Staff}
	if err := s.CreateHazard(ctx, h, fixture.Staff, nil); err != nil {
		t.Fatal(err)
	}
	move := func(action string, to safetybot.Status) {
		t.Helper()
		if _, err := s.ChangeHazard(ctx, h.Number, fixture.Staff, func(x *safetybot.Hazard) (safetybot.HazardChange, error) {
			x.Status, x.Confirmed = to, true
			return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: action}}, nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	finished := func() (page, ledger string) {
		t.Helper()
		c := newClient(t, newDashboard(t, nil))
		c.signIn(fixture.Leader)
		_, body := c.get("/hazards/" + h.Number)
		i := strings.Index(body, `<dd id="finished">`)
		page = body[i+len(`<dd id="finished">`):]
		page = page[:strings.Index(page, "</dd>")]
		l, err := export.LoadLedger(ctx, s, export.Filter{Hazards: safetybot.HazardFilter{Keyword: h.Number}, Label: "一条"}, fixture.Now)
		if err != nil || len(l.Hazards) != 1 {
			t.Fatalf("ledger: %v", err)
		}
		col := -1
		for i, name := range export.Columns {
			if name == "完成时间" {
				col = i
			}
		}
		return page, l.Rows()[0][col]
	}
	move("确认", safetybot.StatusRectifying)
	move("完成整改", safetybot.StatusVerifying)
	if p, l := finished(); p == "—" || l == "" {
		t.Fatalf("reported finished: page %q, ledger %q", p, l)
	}
	move("退回整改", safetybot.StatusRectifying) // verification failed
	if p, l := finished(); p != "—" || l != "" {
		t.Errorf("sent back: page %q, ledger %q; want both empty", p, l)
	}
	move("完成整改", safetybot.StatusVerifying)
	if p, l := finished(); p == "—" || l == "" {
		t.Errorf("finished again: page %q, ledger %q", p, l)
	}
}
