package bot

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"safetybot/export"
)

// QA16 #2, as reported: another 专班's 30% on task 6 is refused, lu's
// correction (the bot's own advice) sets the figure, and 表7 of the plan
// report (export.LoadPlan and the writers report --plan uses) shows the
// lead 专班's figure with its notes as evidence: not 「更正」, not the
// correction's reason, not the refused note.
func TestPlanReviewShowsLeadFigureNotCorrections(t *testing.T) {
	f := newFixture(t)
	f.say("admin", "授权 lu 工作人员 道路（水上）运输")
	f.say("admin", "授权 cs 工作人员 城市客运")
	f.converse([]step{
		{user: "lu", text: "进展 6 督导检查两客一危企业 完成度:85%", want: []string{"完成度 85%"}},
		{user: "cs", text: "进展 6 城市客运专班补充 完成度:30%", want: []string{"由牵头的道路（水上）运输工作专班登记", "未记录"}, not: []string{"已记录"}},
		{user: "lu", text: "进展 6 复查 完成度:80%", want: []string{"如属误填，请发送「进展 6 更正 完成度:85%」"}},
		{user: "lu", text: "进展 6 更正 刚才填错了 完成度:95%", want: []string{"已更正任务 6 的完成度：80% → 95%"}},
		{user: "lu", text: "任务 6", want: []string{"更正完成度：刚才填错了（95%）"}},
	})
	ctx := context.Background()
	a, err := export.LoadPlan(ctx, f.store, 0, f.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	r := a.Tasks.Review[5]
	if r.No != 6 || r.Progress != 95 || r.Evidence != "2026-11-28 复查；2026-11-28 督导检查两客一危企业" {
		t.Errorf("表7 task %d: %d%%, evidence %q", r.No, r.Progress, r.Evidence)
	}
	var xlsx, docx bytes.Buffer
	if err := export.WriteAnnualXLSX(&xlsx, a); err != nil {
		t.Fatal(err)
	}
	if err := export.WriteDOCX(&docx, a.Document(), a.Generated); err != nil {
		t.Fatal(err)
	}
	wb, err := excelize.OpenReader(&xlsx)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := wb.GetRows(export.SheetReview)
	wb.Close()
	if err != nil || len(rows) < 7 {
		t.Fatalf("自查自评 sheet: %d rows, %v", len(rows), err)
	}
	if row := strings.Join(rows[6], "|"); rows[6][0] != "6" || !strings.Contains(row, "|95%|") || !strings.Contains(row, "督导检查两客一危企业") {
		t.Errorf("自查自评 row 6: %s", row)
	}
	text := docxXML(t, docx.Bytes())
	for _, w := range []string{"督导检查两客一危企业", "95%"} {
		if !strings.Contains(text, w) {
			t.Errorf("the document lacks %q", w)
		}
	}
	for _, w := range []string{"更正", "刚才填错了", "城市客运专班补充", "30%"} {
		if row := strings.Join(rows[6], "|"); strings.Contains(row, w) {
			t.Errorf("自查自评 row 6 quotes %q: %s", w, row)
		}
		if w != "30%" && w != "更正" && strings.Contains(text, w) {
			t.Errorf("the document quotes %q", w)
		}
	}
}

// docxXML is the body of a Word file.
func docxXML(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.Open("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	x, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(x)
}
