package bot

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"safetybot"
	"safetybot/export"
	"safetybot/internal/storetest"
)

// returnedFixture is a hazard of two staff, wang and lu, that its
// responsible person boss1 reported finished: YH2026-0001, 待验收.
func returnedFixture(t *testing.T) *fixture {
	f := newFixture(t)
	f.converse([]step{
		{"admin", "授权 wang 工作人员", []string{"已授予"}, nil},
		{"admin", "授权 lu 工作人员", []string{"已授予"}, nil},
		{"zhangsan", "上报 危货车辆动态监控设备未安装 领域:道路运输", []string{"YH2026-0001"}, nil},
		{"wang", "确认 YH2026-0001", []string{"整改中"}, nil},
		{"wang", "指派 YH2026-0001 boss1 期限:12月30日", []string{"已将"}, nil},
		{"boss1", "整改 YH2026-0001 已安装监控 完成:是", []string{"待验收"}, nil},
	})
	return f
}

// A 销号 typed against 待验收 does not close a hazard a colleague sent back
// a moment before (QA16 #3: wang's 验收不通过 and lu's 销号 both went
// through, lu's reply never said so). The refusal names who and when and
// gives the command that closes it anyway; a 退回 of one's own, an old one
// or one taken back does not stand in the way.
func TestCloseAfterColleagueReturned(t *testing.T) {
	refused := []string{"未销号", "wang 于 11-28 10:00（刚刚）退回整改（验收不通过，监控未联网）", "隐患已回到整改中", "「销号 YH2026-0001 仍销号:是 <验收说明>」"}
	tests := []struct {
		name   string
		before []step        // after wang's 驳回
		wait   time.Duration // before the 销号
		user   string        // who sends the 销号
		text   string        // the 销号
		want   []string      // in its reply
		status safetybot.Status
	}{
		{"colleague's 销号 at once", nil, 0, "lu", "销号 YH2026-0001 验收合格", refused, safetybot.StatusRectifying},
		{"colleague's 销号 with a note in other words", nil, 0, "lu", "销号 YH2026-0001，现场复核，监控已安装到位", refused, safetybot.StatusRectifying},
		{"仍销号:否 is no 仍销号", nil, 0, "lu", "销号 YH2026-0001 仍销号:否", refused, safetybot.StatusRectifying},
		{"仍销号:是 closes it", nil, 0, "lu", "销号 YH2026-0001 仍销号:是 已电话核实，监控已联网", []string{"YH2026-0001 已销号"}, safetybot.StatusClosed},
		{"仍要销号：是, full-width", nil, 0, "lu", "销号 YH2026-0001，仍要销号：是，验收合格", []string{"YH2026-0001 已销号"}, safetybot.StatusClosed},
		{"his own 退回", nil, 0, "wang", "销号 YH2026-0001 复核后合格", []string{"YH2026-0001 已销号"}, safetybot.StatusClosed},
		{"a 退回 half an hour old", nil, 31 * time.Minute, "lu", "销号 YH2026-0001 验收合格", []string{"YH2026-0001 已销号"}, safetybot.StatusClosed},
		{"within the half hour", nil, 29 * time.Minute, "lu", "销号 YH2026-0001 验收合格", []string{"未销号", "wang 于 11-28 10:00（29 分钟前）"}, safetybot.StatusRectifying},
		{"退回 taken back", []step{{"wang", "撤销 YH2026-0001", []string{"已撤销"}, nil}}, 0, "lu", "销号 YH2026-0001 验收合格", []string{"YH2026-0001 已销号"}, safetybot.StatusClosed},
		{"finished again", []step{{"boss1", "整改 YH2026-0001 已联网 完成:是", []string{"待验收"}, nil}}, 0, "lu", "销号 YH2026-0001 验收合格", []string{"YH2026-0001 已销号"}, safetybot.StatusClosed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := returnedFixture(t)
			f.converse(append([]step{{"wang", "驳回 YH2026-0001 验收不通过，监控未联网", []string{"已退回整改"}, nil}}, tt.before...))
			f.clock.Add(tt.wait)
			got := f.say(tt.user, tt.text)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("reply lacks %q:\n%s", w, got)
				}
			}
			h, _, err := f.store.Hazard(context.Background(), "YH2026-0001")
			if err != nil {
				t.Fatal(err)
			}
			if h.Status != tt.status {
				t.Errorf("status %s, want %s", h.Status, tt.status)
			}
		})
	}
}

// The responsible person's 整改完成 taken back is a way out of 待验收 too.
func TestCloseAfterFinishUndone(t *testing.T) {
	f := returnedFixture(t)
	f.converse([]step{
		{"boss1", "撤销 YH2026-0001", []string{"已撤销"}, nil},
		{"lu", "销号 YH2026-0001 验收合格", []string{"未销号", "boss1 于 11-28 10:00（刚刚）撤销了整改完成", "仍销号:是"}, []string{"已销号"}},
	})
}

// 仍销号:是 is recorded in the trail, and wang, whose 退回 was overruled,
// is told; the ledger row of the hazard closed so has a 完成时间 (the
// 销号's) and says there was no 企业自验收, as does any hazard closed
// without a report of it finished (QA16 #3: empty cells beside 已销号).
func TestCloseAnywayTellsAndLedger(t *testing.T) {
	f := returnedFixture(t)
	ctx := context.Background()
	f.say("wang", "驳回 YH2026-0001 验收不通过，监控未联网")
	if _, err := storetest.DueOutbox(ctx, f.store, 100); err != nil {
		t.Fatal(err)
	}
	f.clock.Add(5 * time.Minute)
	if got := f.say("lu", "销号 YH2026-0001 仍销号:是 已电话核实"); !strings.Contains(got, "已销号") {
		t.Fatalf("销号: %s", got)
	}
	_, evs, err := f.store.Hazard(ctx, "YH2026-0001")
	if err != nil {
		t.Fatal(err)
	}
	if last := evs[len(evs)-1]; last.Action != "销号" || last.Note != "已电话核实；退回整改后仍销号" {
		t.Errorf("销号 recorded as %q %q", last.Action, last.Note)
	}
	due, err := storetest.DueOutbox(ctx, f.store, 100)
	if err != nil {
		t.Fatal(err)
	}
	var told string
	for _, m := range due {
		if m.Target == "wang" {
			told = m.Body
		}
	}
	if !strings.Contains(told, "隐患 YH2026-0001") || !strings.Contains(told, "在您 11-28 10:00 退回整改后，已由 lu 仍予销号") {
		t.Errorf("wang was told %q", told)
	}
	f.converse([]step{
		{"zhangsan", "上报 站台护栏松动 领域:道路运输", []string{"YH2026-0002"}, nil},
		{"wang", "销号 YH2026-0002 当场紧固", []string{"已销号"}, nil},
	})
	rows := ledgerRows(t, f)
	for _, num := range []string{"YH2026-0001", "YH2026-0002"} {
		row := rows[num]
		if row["完成时间"] == "" || row["完成时间"] != row["销号时间"] {
			t.Errorf("%s 完成时间 %q, 销号时间 %q", num, row["完成时间"], row["销号时间"])
		}
		if !strings.Contains(row["企业自验收（人、日期）"], "未报整改完成") {
			t.Errorf("%s 企业自验收 %q", num, row["企业自验收（人、日期）"])
		}
	}
}

// Two staff at once, as QA16 #3 sent them: whichever commits first, the
// other is refused and told by whom, never both (a 销号 over the 退回).
func TestReturnAndCloseAtOnce(t *testing.T) {
	for range 10 {
		f := returnedFixture(t)
		var wg sync.WaitGroup
		var returned, closed string
		wg.Go(func() { returned = f.say("wang", "驳回 YH2026-0001 验收不通过，监控未联网") })
		wg.Go(func() { closed = f.say("lu", "销号 YH2026-0001 验收合格") })
		wg.Wait()
		h, _, err := f.store.Hazard(context.Background(), "YH2026-0001")
		if err != nil {
			t.Fatal(err)
		}
		switch h.Status {
		case safetybot.StatusRectifying: // the 退回 first
			if !strings.Contains(returned, "已退回整改") || !strings.Contains(closed, "未销号：wang") {
				t.Fatalf("退回 first: wang %q, lu %q", returned, closed)
			}
		case safetybot.StatusClosed: // the 销号 first
			if !strings.Contains(closed, "已销号") || !strings.Contains(returned, "已由 lu 于") {
				t.Fatalf("销号 first: wang %q, lu %q", returned, closed)
			}
		default:
			t.Fatalf("status %s: wang %q, lu %q", h.Status, returned, closed)
		}
	}
}

// ledgerRows is the exported ledger: each hazard's row by number, its
// cells by column.
func ledgerRows(t *testing.T, f *fixture) map[string]map[string]string {
	t.Helper()
	l, err := export.LoadLedger(context.Background(), f.store, export.Filter{}, f.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]map[string]string{}
	for _, r := range l.Rows() {
		cells := map[string]string{}
		for i, c := range export.Columns {
			cells[c] = r[i]
		}
		rows[cells["编号"]] = cells
	}
	return rows
}
