package store

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"safetybot"
)

// TestHazardPagePastTheEndIsTheLastPage: HazardPage is Hazards(f) from
// f.Offset and CountHazards(f), with or without a keyword (one scan for
// both), in either order; a page past the end (an old link, a hand-typed
// page) is the last page, with the total, and no match an empty one.
func TestHazardPagePastTheEndIsTheLastPage(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	for i := range 23 {
		h := &safetybot.Hazard{Description: fmt.Sprintf("第%d处护栏缺失", i), Unit: "县公路段", Domain: "公路运营",
			Grade: safetybot.GradeGeneral, Source: safetybot.SourceInspection}
		if i%3 == 0 {
			h.Description, h.Grade, h.Deadline = fmt.Sprintf("第%d处渡口救生衣不足", i), safetybot.GradeMajor, "2026-12-01"
		}
		if err := s.CreateHazard(ctx, h, "staff1", nil); err != nil {
			t.Fatal(err)
		}
	}
	const limit = 5
	for _, tc := range []struct {
		name    string
		keyword string
		grade   safetybot.Grade
		offset  int
		want    int // the offset of the page returned
	}{
		{name: "first page", offset: 0, want: 0},
		{name: "last page", offset: 20, want: 20},
		{name: "past the end", offset: 25, want: 20},
		{name: "far past the end", offset: 5000, want: 20},
		{name: "a filter, past the end", grade: safetybot.GradeMajor, offset: 10, want: 5},
		{name: "keyword, first page", keyword: "护栏", offset: 0, want: 0},
		{name: "keyword, last page", keyword: "护栏", offset: 10, want: 10},
		{name: "keyword, past the end", keyword: "护栏", offset: 15, want: 10},
		{name: "keyword, far past the end", keyword: "护栏", offset: 5000, want: 10},
		{name: "keyword, a full last page", keyword: "渡口", offset: 5, want: 5},
		{name: "keyword, past a full last page", keyword: "渡口", offset: 10, want: 5},
		{name: "keyword, no match", keyword: "无此词", offset: 5, want: 0},
	} {
		for _, order := range []safetybot.HazardOrder{safetybot.OrderNewest, safetybot.OrderUrgency} {
			f := safetybot.HazardFilter{Keyword: tc.keyword, Grade: tc.grade, Order: order, Limit: limit, Offset: tc.offset}
			hs, n, err := s.HazardPage(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			f.Offset = tc.want
			want, err := s.Hazards(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			total, err := s.CountHazards(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if n != total || !slices.Equal(pageNumbers(hs), pageNumbers(want)) {
				t.Errorf("%s (order %v): page %v of %d, want %v of %d", tc.name, order, pageNumbers(hs), n, pageNumbers(want), total)
			}
		}
	}
}

func pageNumbers(hs []*safetybot.Hazard) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.Number
	}
	return out
}
