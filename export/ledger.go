// Package export turns the store into the documents regulators and leaders
// read: the hazard ledger (隐患台账) as xlsx or csv, and the annual summary
// draft (年度工作总结 statistics) as an xlsx workbook plus Markdown text.
// The CLI (safetybot export / report) and the dashboard's download button
// both call it, so the file a leader downloads is the file the CLI writes.
package export

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"safetybot"
	"safetybot/store"
)

// Columns is the ledger's header row: the suggested columns of the domain
// notes (§1, 隐患台账), then 当前状态 and 是否逾期. 企业自验收 is not collected
// as its own step (the 完成:是 report stands for it, under 完成时间); the
// column stays, empty, so the layout regulators expect never changes.
var Columns = []string{
	"编号", "隐患名称/描述", "产生原因", "所属单位", "行业领域", "位置/路段/船名",
	"隐患等级", "判定依据", "发现来源", "发现时间", "发现人", "整改措施",
	"责任单位/责任人", "整改资金", "整改期限", "临时管控措施", "挂牌督办（级别、督办单位、文号）",
	"是否停产停业", "进展记录", "完成时间", "企业自验收（人、日期）", "部门复核（人、日期、结论）",
	"销号时间", "整改前后照片", "当前状态", "是否逾期",
}

// EventColumns is the header of the second sheet, the event history.
var EventColumns = []string{"编号", "时间", "操作人", "操作", "说明", "原状态", "新状态"}

// Filter narrows the ledger; zero values do not filter.
type Filter struct {
	Year   int    // the year in the hazard number (YH2026-…)
	Domain string // 行业领域
	// Keep, when set, keeps only the hazards it returns true for (and
	// their events): the dashboard's other filters (status, grade, overdue,
	// keyword), so a download is what is on screen.
	Keep func(*safetybot.Hazard) bool
	// Label names what Keep keeps, for the title ("未销号·重大"); "" when
	// Keep is nil.
	Label string
}

// Ledger is everything one export needs, read once from the store.
type Ledger struct {
	Filter  Filter
	Hazards []*safetybot.Hazard // oldest first
	Events  []store.LedgerEvent // by hazard, in order
	Photos  map[string]int      // evidence count by hazard number, when the store keeps evidence
	Today   safetybot.Date
	events  map[int64][]safetybot.HazardEvent
}

// LoadLedger reads the hazards and their histories matching f, all from
// one snapshot (store.View): a hazard committed while the export runs is in
// both sheets or in neither.
func LoadLedger(ctx context.Context, s *store.Store, f Filter, now time.Time) (*Ledger, error) {
	var l *Ledger
	err := s.View(ctx, func(v *store.Store) error {
		var err error
		l, err = loadLedger(ctx, v, f, now)
		return err
	})
	return l, err
}

func loadLedger(ctx context.Context, s *store.Store, f Filter, now time.Time) (*Ledger, error) {
	hs, err := s.Hazards(ctx, store.HazardFilter{Year: f.Year, Domain: f.Domain})
	if err != nil {
		return nil, err
	}
	slices.Reverse(hs) // the store lists newest first; a ledger reads oldest first
	evs, err := s.HazardEvents(ctx, f.Year, f.Domain)
	if err != nil {
		return nil, err
	}
	if f.Keep != nil {
		kept := map[int64]bool{}
		hs = slices.DeleteFunc(hs, func(h *safetybot.Hazard) bool {
			kept[h.ID] = f.Keep(h)
			return !kept[h.ID]
		})
		evs = slices.DeleteFunc(evs, func(e store.LedgerEvent) bool { return !kept[e.HazardID] })
	}
	photos, err := evidenceCounts(ctx, s)
	if err != nil {
		return nil, err
	}
	l := &Ledger{Filter: f, Hazards: hs, Events: evs, Photos: photos, Today: safetybot.DateOf(now)}
	l.index()
	return l, nil
}

func (l *Ledger) index() {
	l.events = make(map[int64][]safetybot.HazardEvent, len(l.Hazards))
	for _, e := range l.Events {
		l.events[e.HazardID] = append(l.events[e.HazardID], e.HazardEvent)
	}
}

// Title names the ledger for a sheet title or a file name.
func (l *Ledger) Title() string {
	t := "隐患台账"
	if l.Filter.Year != 0 {
		t = fmt.Sprintf("%d年%s", l.Filter.Year, t)
	}
	if l.Filter.Domain != "" {
		t += "（" + l.Filter.Domain + "）"
	}
	if l.Filter.Label != "" {
		t += "（" + l.Filter.Label + "）"
	}
	return t
}

// Rows returns one row per hazard, in the order of Columns.
func (l *Ledger) Rows() [][]string {
	rows := make([][]string, 0, len(l.Hazards))
	for _, h := range l.Hazards {
		rows = append(rows, l.row(h))
	}
	return rows
}

func (l *Ledger) row(h *safetybot.Hazard) []string {
	var progress []string
	var finished, review string
	for _, e := range l.events[h.ID] {
		if e.Undone || e.Action == "撤销" {
			continue // a change taken back counts for nothing
		}
		switch {
		case e.Action == string(safetybot.TransProgress) && e.Note != "":
			progress = append(progress, e.At.Format("01-02 ")+e.Note)
		case e.ToStatus == safetybot.StatusVerifying && e.FromStatus != safetybot.StatusVerifying:
			finished = dateTime(e.At)
			if e.Note != "" {
				progress = append(progress, e.At.Format("01-02 ")+e.Note)
			}
		case e.ToStatus == safetybot.StatusClosed && e.FromStatus != safetybot.StatusClosed:
			review = safetybot.JoinNonEmpty("，", e.Actor, e.At.Format(time.DateOnly), "通过", e.Note)
		case e.FromStatus == safetybot.StatusVerifying && e.ToStatus == safetybot.StatusRectifying:
			review = safetybot.JoinNonEmpty("，", e.Actor, e.At.Format(time.DateOnly), "不通过，退回整改", e.Note)
			finished = "" // sent back: the rectification is not finished until reported again
		}
	}
	reporter := h.Reporter
	if reporter == "" && h.Source == safetybot.SourceTip {
		reporter = "匿名举报"
	}
	photos := ""
	if n := l.Photos[h.Number]; n > 0 {
		photos = fmt.Sprintf("%d 张", n)
	}
	overdue := "否"
	if h.Overdue(l.Today) {
		overdue = "是"
	}
	halted := "否"
	if h.Halted {
		halted = "是"
	}
	return []string{
		h.Number, h.Description, h.Cause, h.Unit, h.Domain, h.Location,
		string(h.Grade), h.Basis, h.Source, dateTime(h.FoundAt), reporter, h.Measures,
		h.Assignee, fundsCell(h.Funds), string(h.Deadline), h.Interim, h.Supervision,
		halted, joinNewest(progress, "；", MaxCellChars), finished, "", review,
		dateTime(h.ClosedAt), photos, string(h.Status), overdue,
	}
}

// fundsCell is 整改资金 in yuan as a plain number (36000), so the ledger can
// sum it; funds written before amounts were read stay as their text.
func fundsCell(funds string) string {
	if n := strings.TrimSuffix(funds, "元"); plainNumber.MatchString(n) {
		return n
	}
	return funds
}

// EventRows returns the event history, one row per event.
func (l *Ledger) EventRows() [][]string {
	rows := make([][]string, 0, len(l.Events))
	for _, e := range l.Events {
		rows = append(rows, []string{e.Number, dateTime(e.At), e.Actor, e.Action, e.Note, string(e.FromStatus), string(e.ToStatus)})
	}
	return rows
}

func dateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(safetybot.Shanghai).Format("2006-01-02 15:04")
}
