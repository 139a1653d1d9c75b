package web_test

import (
	"context"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"safetybot"
	"safetybot/internal/fixture"
	"safetybot/web"
)

// TestOverviewFromTalliesAgrees: the overview computed from the store's
// tallies (issue 12 §8) shows exactly what it showed when computed from
// every hazard, on the fixture's ledger, on several days (month and year
// boundaries, and a day before most deadlines).
func TestOverviewFromTalliesAgrees(t *testing.T) {
	d := newDashboard(t, nil)
	for _, now := range []time.Time{fixture.Now, fixture.Now.AddDate(0, 1, 4), fixture.Now.AddDate(0, -6, 0),
		time.Date(2026, 1, 1, 0, 5, 0, 0, safetybot.Shanghai)} {
		newer, older, err := d.OverviewFigures(context.Background(), now)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(newer, older) {
			t.Errorf("on %s the overview from the tallies differs:\n got %+v\nwant %+v", now, newer, older)
		}
	}
}

// TestHazardCountsFromTallies: the tally behind /metrics and the pages
// counts what a scan of the ledger counts.
func TestHazardCountsFromTallies(t *testing.T) {
	ctx := context.Background()
	counts, err := world.Store.HazardCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	hs, err := world.Store.Hazards(ctx, safetybot.HazardFilter{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{}
	for _, h := range hs {
		want[string(h.Status)+"|"+string(h.Grade)]++
	}
	got := map[string]int{}
	for _, c := range counts {
		got[string(c.Status)+"|"+string(c.Grade)] += c.N
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("HazardCounts %v, ledger %v", got, want)
	}
}

// TestHazardListPagesAgree: every page of the hazard list, read from the
// store's count and one page of its urgency index (or, with a keyword, a
// walk of the filtered ledger), lists what the whole ledger sorted in Go
// lists, and the same total, for filters of every kind and pages past the
// last.
func TestHazardListPagesAgree(t *testing.T) {
	c := newClient(t, newDashboard(t, nil))
	c.signIn(fixture.Leader)
	ctx := context.Background()
	today := safetybot.DateOf(fixture.Now)
	totalRE := regexp.MustCompile(`<b id="total">(\d+)</b>`)
	for _, query := range []string{"", "status=open", "status=open&overdue=1", "grade=重大", "status=已销号&year=2026",
		"domain=道路运输", "domain=水上交通&status=整改中", "q=消防", "q=K1&status=open", "q=刘&overdue=1", "sort=number", "sort=number&q=县",
		"status=nothing", "overdue=1&grade=一般&year=2025"} {
		v, _ := url.ParseQuery(query)
		hq, _ := web.ParseHazardQuery(v)
		all, err := world.Store.Hazards(ctx, safetybot.HazardFilter{Domain: hq.Domain, Year: hq.Year})
		if err != nil {
			t.Fatal(err)
		}
		var want []*safetybot.Hazard
		for _, h := range all {
			if hq.Match(today, func(id string) string { return id }, h) {
				want = append(want, h)
			}
		}
		if hq.Sort == "" {
			web.SortByUrgency(want, today)
		}
		pages := max((len(want)+web.PageSize-1)/web.PageSize, 1)
		for _, page := range []int{1, 2, pages, pages + 3} {
			v.Set("page", strconv.Itoa(page))
			code, body := c.get("/hazards?" + v.Encode())
			if code != 200 {
				t.Fatalf("%s page %d: %d", query, page, code)
			}
			if m := totalRE.FindStringSubmatch(body); m == nil || m[1] != strconv.Itoa(len(want)) {
				t.Errorf("%s: total %v, want %d", query, m, len(want))
			}
			p := min(page, pages)
			lo := (p - 1) * web.PageSize
			var wantNums, gotNums []string
			for _, h := range want[lo:min(lo+web.PageSize, len(want))] {
				wantNums = append(wantNums, h.Number)
			}
			for _, r := range rowRE.FindAllStringSubmatch(body, -1) {
				gotNums = append(gotNums, r[1])
			}
			if !slices.Equal(gotNums, wantNums) {
				t.Errorf("%s page %d:\n got %v\nwant %v", query, page, gotNums, wantNums)
			}
		}
	}
}
