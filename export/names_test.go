package export_test

import (
	"bytes"
	"context"
	"slices"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"safetybot"
	"safetybot/export"
	"safetybot/internal/fixture"
	"safetybot/internal/storetest"
)

type names map[string]string

func (n names) Name(_ context.Context, id string) string {
	if v, ok := n[id]; ok {
		return v
	}
	return id
}

// TestLedgerShowsNamesAndKeepsUserIDs: 发现人, 责任人, 部门复核 and the
// history's 操作人 show names; the userids stay in columns of their own.
func TestLedgerShowsNamesAndKeepsUserIDs(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t, func() time.Time { return fixture.Now })
	defer s.Close()
	h := &safetybot.Hazard{Description: "护栏缺失", Grade: safetybot.GradeGeneral, Source: safetybot.SourceSelfCheck,
		Reporter: "zhangsan", Assignee: "yanghu_wu", Status: safetybot.StatusVerifying}
	if err := s.CreateHazard(ctx, h, "zhangsan", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ChangeHazard(ctx, h.Number, "sunzong", func(h *safetybot.Hazard) (safetybot.HazardChange, error) {
		h.Status = safetybot.StatusClosed
		return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "销号"}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	tip := &safetybot.Hazard{Description: "超载", Grade: safetybot.GradeGeneral, Source: safetybot.SourceTip}
	if err := s.CreateHazard(ctx, tip, "h1", nil); err != nil {
		t.Fatal(err)
	}
	l, err := export.LoadLedger(ctx, s, export.Filter{}, fixture.Now)
	if err != nil {
		t.Fatal(err)
	}
	l.Name(ctx, names{"zhangsan": "张三", "yanghu_wu": "吴杨虎", "sunzong": "孙总"})
	col := func(row []string, name string) string { return row[slices.Index(export.Columns, name)] }
	rows := l.Rows()
	for name, want := range map[string]string{
		"发现人": "张三", "责任单位/责任人": "吴杨虎", "发现人账号": "zhangsan", "责任人账号": "yanghu_wu",
	} {
		if got := col(rows[0], name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if got := col(rows[0], "部门复核（人、日期、结论）"); got[:len("孙总")] != "孙总" {
		t.Errorf("部门复核 = %q, want it to start with the name", got)
	}
	if col(rows[1], "发现人") != safetybot.Anonymous || col(rows[1], "发现人账号") != "" {
		t.Errorf("a hazard from an anonymous report: 发现人 %q, 账号 %q", col(rows[1], "发现人"), col(rows[1], "发现人账号"))
	}
	var buf bytes.Buffer
	if err := export.WriteXLSX(&buf, l); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	evs, err := f.GetRows(export.SheetEvents)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(evs[0], export.EventColumns) {
		t.Fatalf("history header %v", evs[0])
	}
	who, acct := slices.Index(export.EventColumns, "操作人"), slices.Index(export.EventColumns, "操作人账号")
	var closed []string
	for _, r := range evs[1:] {
		if slices.Contains(r, "销号") {
			closed = r
		}
	}
	if closed == nil || closed[who] != "孙总" || closed[acct] != "sunzong" {
		t.Errorf("history row of 销号: %v", closed)
	}
}
