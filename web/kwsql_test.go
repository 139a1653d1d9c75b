package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"safetybot"
	"safetybot/export"
	"safetybot/internal/fixture"
)

// nameBook is a directory of a few display names; others are their userid.
type nameBook map[string]string

func (b nameBook) Name(_ context.Context, id string) string {
	if n, ok := b[id]; ok {
		return n
	}
	return id
}

// TestKeywordSQLMatchesGo: the keyword the store tests in SQL (instr over
// the filtered rows, the units and people it stands for) lists exactly the
// hazards, in the same order, that the tests' Go reading match keeps of the
// store's year/domain walk; and the ledger download of the same query
// (withKeyword, download) has exactly those rows, in the list's order.
// Keywords are folded as the page folds them (full-width), numbers typed
// in lower case, short forms of units, responsible persons by name, and %
// and _, which LIKE would read as wildcards.
func TestKeywordSQLMatchesGo(t *testing.T) {
	ctx := context.Background()
	w := fixture.New(t, 60)
	for _, h := range []safetybot.Hazard{
		{Description: "护栏缺失100%未修复", Unit: "县运输公司", Domain: "道路运输", Grade: safetybot.GradeGeneral, Assignee: "zhangsan"},
		{Description: "标志_牌倾斜", Unit: "城关第12运输有限公司", Domain: "道路运输", Grade: safetybot.GradeMajor, Assignee: "lisi"},
		{Description: "Abc 标线 abc", Location: "S205 K12+300", Domain: "公路建设", Grade: safetybot.GradeGeneral},
		{Description: "渡口救生衣不足", Unit: "水上客运站", Location: "城关渡口", Domain: "水上交通", Grade: safetybot.GradeGeneral, Assignee: "wangwu"},
	} {
		h := h
		if err := w.Store.CreateHazard(ctx, &h, fixture.Leader, nil); err != nil {
			t.Fatal(err)
		}
	}
	book := nameBook{"zhangsan": "张三", "lisi": "李四（站长）", "wangwu": "王五"}
	d, err := New(ctx, Config{Store: w.Store, Now: w.Clock.Now, Directory: book})
	if err != nil {
		t.Fatal(err)
	}
	today := d.today()
	for _, query := range []string{
		"q=护栏", "q=１００％", "q=100%25", "q=%25", "q=_", "q=标志_牌", "q=标志%25牌", "q=护%25", "q=abc", "q=ABC", "q=Abc",
		"q=ｙｈ", "q=yh", "q=YH", "q=ｙｈ" + "2026-000", "q=-0001", "q=张三", "q=李四", "q=站长", "q=（", "q=王",
		"q=zhangsan", "q=li", "q=县运公司", "q=县运输公司", "q=城关第12运输", "q=城关", "q=S205", "q=K12%2B3",
		"q=渡口", "q=公司", "q=无此词", "q=护栏&grade=一般", "q=公司&status=open", "q=公司&overdue=1",
		"q=公司&domain=道路运输&sort=number", "q=县&year=2026", "q=隐患&status=已销号",
	} {
		v, err := url.ParseQuery(query)
		if err != nil {
			t.Fatal(err)
		}
		q, problems := parseHazardQuery(v, d.plan.Domains)
		if len(problems) > 0 {
			t.Fatalf("%s: %v", query, problems)
		}
		parsed := q
		if q, err = d.withUnits(ctx, q); err != nil {
			t.Fatal(err)
		}
		// Go: the store's walk without the keyword, kept by match.
		walk := q.filter(today)
		walk.Keyword, walk.KeywordUnits, walk.Status, walk.Grade, walk.OpenOnly, walk.Overdue = "", nil, "", "", false, false
		keep := q.match(today, d.name)
		var want []string
		if err := w.Store.EachHazard(ctx, walk, func(h *safetybot.Hazard) error {
			if keep(h) {
				want = append(want, h.Number)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		// SQL: every filter in the store.
		if q, err = d.withNames(ctx, q, q.filter(today)); err != nil {
			t.Fatal(err)
		}
		if again, err := d.withKeyword(ctx, parsed, today); err != nil || !reflect.DeepEqual(again.filter(today), q.filter(today)) {
			t.Fatalf("%s: withKeyword resolves %+v, the steps %+v (%v)", query, again.filter(today), q.filter(today), err)
		}
		f := q.filter(today)
		hs, err := w.Store.Hazards(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range hs {
			got = append(got, h.Number)
		}
		n, err := w.Store.CountHazards(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) || n != len(want) {
			t.Errorf("%s: SQL lists %d (count %d) %v,\nGo keeps %d %v", query, len(got), n, got, len(want), want)
		}
		// The download: the same filter, in the list's order.
		var buf bytes.Buffer
		if _, err := export.ExportLedger(ctx, w.Store, export.FormatCSV, q.download(today), w.Clock.Now(), &buf, book); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\uFEFF"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var downloaded []string
		for _, r := range rows[1:] {
			downloaded = append(downloaded, r[0])
		}
		if !slices.Equal(downloaded, got) {
			t.Errorf("%s: the download has %v,\nthe list %v", query, downloaded, got)
		}
		if testing.Verbose() {
			t.Logf("%s: %d", query, len(want))
		}
	}
}
