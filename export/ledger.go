// Package export turns the store into the documents regulators and leaders
// read: the hazard ledger (隐患台账) as xlsx or csv, and the annual summary
// draft (年度工作总结 statistics) and the campaign's 全面总结 as a Word document
// (GB/T 9704 layout) with an xlsx workbook of the figures.
// The CLI (safetybot export / report) and the dashboard's download button
// both call it, so the file a leader downloads is the file the CLI writes.
package export

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"safetybot"
)

// Columns is the ledger's header row: the suggested columns of the domain
// notes (§1, 隐患台账), then 当前状态 and 是否逾期. 企业自验收 is not collected
// as its own step: the responsible person's 完成:是 report stands for it,
// so its column shows who reported the rectification finished and on which
// day (as the README promises), beside that report's 完成时间.
// People are shown by name (发现人, 责任人, 部门复核); their WeCom userids
// follow at the end (发现人账号, 责任人账号), for tracing a row back.
var Columns = []string{
	"编号", "隐患名称/描述", "产生原因", "所属单位", "行业领域", "位置/路段/船名",
	"隐患等级", "判定依据", "发现来源", "发现时间", "发现人", "整改措施",
	"责任单位/责任人", ColumnFunds, "整改期限", "临时管控措施", "挂牌督办（级别、督办单位、文号）",
	"是否停产停业", "进展记录", "完成时间", "企业自验收（人、日期）", "部门复核（人、日期、结论）",
	"销号时间", "整改前后照片", "当前状态", "是否逾期", "发现人账号", "责任人账号",
}

// ColumnFunds is the 整改资金 column. Its header carries the unit because
// the bureau's ledgers are kept in 万元 (as the chat and the dashboard show
// funds): a bare 30000 under 整改资金 reads as 30000万元.
const ColumnFunds = "整改资金（万元）"

// EventColumns is the header of the second sheet, the event history.
// 操作人 is the name; 操作人账号 the userid.
var EventColumns = []string{"编号", "时间", "操作人", "操作", "说明", "原状态", "新状态", "操作人账号"}

// Filter narrows the ledger; zero values do not filter.
type Filter struct {
	// Hazards is which hazards the ledger holds: the year in the hazard
	// number (YH2026-…) and the 行业领域 for the CLI's export; on the
	// dashboard's download, the list's own filter (status, grade, overdue,
	// keyword and what it stands for), so a download is what is on screen.
	// Its Order, Limit and Offset do not apply: Order below does.
	Hazards safetybot.HazardFilter
	// Label names the filters beyond year and domain, for the title
	// ("未销号·重大"); "" when there are none.
	Label string
	// Order, when set, is the order of the dashboard's hazard list, so a
	// download reads as the screen does: OrderUrgency
	// (safetybot.SortByUrgency) or OrderNumber (newest number first). The
	// ledger sheet then also has the list's 逾期天数 column, after 是否逾期.
	// "" keeps the ledger's own order (oldest number first) and columns,
	// as the CLI's export writes them.
	Order string
}

// Orders of Filter.Order: the dashboard hazard list's.
const (
	OrderUrgency = "urgency"
	OrderNumber  = "number"
)

// ColumnDaysOverdue is the column a dashboard download adds after 是否逾期:
// the whole days an open hazard is past its deadline, as the list shows.
const ColumnDaysOverdue = "逾期天数"

// screenColumns is Columns with 逾期天数 after 是否逾期.
func screenColumns() []string {
	i := slices.Index(Columns, "是否逾期") + 1
	return slices.Insert(slices.Clone(Columns), i, ColumnDaysOverdue)
}

// Ledger is everything one export needs, read once from the store.
type Ledger struct {
	Filter  Filter
	Hazards []*safetybot.Hazard     // oldest first
	Events  []safetybot.LedgerEvent // by hazard, in order
	Photos  map[string]int          // evidence count by hazard number, when the store keeps evidence
	Today   safetybot.Date
	events  map[int64][]safetybot.HazardEvent
	names   map[string]string // userid → name to show (Name)
}

// Name looks up, through d, the name of every person the ledger shows
// (reporters, assignees, who acted); until it is called, or for a nil d,
// the ledger shows userids. Call it after LoadLedger, outside the store's
// snapshot: a look-up may wait on WeCom. Anonymous reporters have no
// userid and are never looked up.
func (l *Ledger) Name(ctx context.Context, d safetybot.Directory) {
	names := safetybot.NewNames(d)
	l.names = map[string]string{}
	add := func(id string) {
		if id != "" {
			if _, ok := l.names[id]; !ok {
				l.names[id] = names.Name(ctx, id)
			}
		}
	}
	for _, h := range l.Hazards {
		add(h.Reporter)
		add(h.Assignee)
	}
	for _, e := range l.Events {
		add(e.Actor)
	}
}

// person is how the ledger shows userid id.
func (l *Ledger) person(id string) string {
	if n := l.names[id]; n != "" {
		return n
	}
	return id
}

// LoadLedger reads the hazards and their histories matching f, all from
// one snapshot (store.View): a hazard committed while the export runs is in
// both sheets or in neither.
func LoadLedger(ctx context.Context, s safetybot.Store, f Filter, now time.Time) (*Ledger, error) {
	var l *Ledger
	err := s.View(ctx, func(v safetybot.Store) error {
		var err error
		l, err = loadLedger(ctx, v, f, now)
		return err
	})
	return l, err
}

func loadLedger(ctx context.Context, s safetybot.Store, f Filter, now time.Time) (*Ledger, error) {
	hf := f.Hazards
	hf.Order, hf.Limit, hf.Offset = safetybot.OrderNewest, 0, 0
	hs, err := s.Hazards(ctx, hf)
	if err != nil {
		return nil, err
	}
	slices.Reverse(hs) // the store lists newest first; a ledger reads oldest first
	evs, err := s.HazardEvents(ctx, hf)
	if err != nil {
		return nil, err
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
func (l *Ledger) Title() string { return l.Filter.Title() }

// Title names the ledger of f: 隐患台账, 2026年隐患台账（道路运输）…
func (f Filter) Title() string {
	t := "隐患台账"
	if f.Hazards.Year != 0 {
		t = fmt.Sprintf("%d年%s", f.Hazards.Year, t)
	}
	if f.Hazards.Domain != "" {
		t += "（" + f.Hazards.Domain + "）"
	}
	if f.Label != "" {
		t += "（" + f.Label + "）"
	}
	return t
}

// Rows returns one row per hazard, in the order of Columns.
func (l *Ledger) Rows() [][]string {
	rows := make([][]string, 0, len(l.Hazards))
	for _, h := range l.Hazards {
		rows = append(rows, ledgerRow(h, l.events[h.ID], l.Photos, l.Today, l.person))
	}
	return rows
}

// EventRows returns the event history, one row per event.
func (l *Ledger) EventRows() [][]string {
	rows := make([][]string, 0, len(l.Events))
	for _, e := range l.Events {
		rows = append(rows, eventRow(e, l.person))
	}
	return rows
}

// source walks the ledger held in memory.
func (l *Ledger) source() ledgerSource {
	return ledgerSource{
		today:  l.Today,
		photos: l.Photos,
		person: l.person,
		hazards: func(fn func(*safetybot.Hazard, []safetybot.HazardEvent) error) error {
			for _, h := range l.Hazards {
				if err := fn(h, l.events[h.ID]); err != nil {
					return err
				}
			}
			return nil
		},
		events: func(fn func(safetybot.LedgerEvent) error) error {
			for _, e := range l.Events {
				if err := fn(e); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

// ledgerSource is where a ledger's rows come from: a Ledger in memory, or
// the store read one row at a time (ExportLedger). Both give the same rows.
type ledgerSource struct {
	today   safetybot.Date
	screen  bool           // the dashboard's download: screenColumns
	photos  map[string]int // photos by hazard number
	person  func(userID string) string
	hazards func(fn func(*safetybot.Hazard, []safetybot.HazardEvent) error) error
	events  func(fn func(safetybot.LedgerEvent) error) error
}

// columns is the ledger sheet's header: Columns, or on a dashboard
// download screenColumns.
func (src ledgerSource) columns() []string {
	if src.screen {
		return screenColumns()
	}
	return Columns
}

// row is h's row under src.columns().
func (src ledgerSource) row(h *safetybot.Hazard, evs []safetybot.HazardEvent) []string {
	r := ledgerRow(h, evs, src.photos, src.today, src.person)
	if src.screen {
		days := ""
		if n := h.DaysOverdue(src.today); n > 0 {
			days = strconv.Itoa(n)
		}
		r = slices.Insert(r, slices.Index(Columns, "是否逾期")+1, days)
	}
	return r
}

// ledgerRow is h's row under Columns, from its events in order.
// person shows a userid (by name when the export was given a directory).
func ledgerRow(h *safetybot.Hazard, evs []safetybot.HazardEvent, photoCounts map[string]int, today safetybot.Date, person func(string) string) []string {
	var progress []string
	var review string
	var rectified int // photos the responsible person sent as 整改后
	for _, e := range evs {
		if e.Undone || e.Action == "撤销" {
			continue // a change taken back counts for nothing
		}
		switch {
		case e.Action == "证据" && strings.HasPrefix(e.Note, safetybot.RectifiedPrefix+"照片"):
			rectified++
		case e.Action == string(safetybot.TransProgress) && e.Note != "":
			progress = append(progress, e.At.Format("01-02 ")+e.Note)
		case e.ToStatus == safetybot.StatusVerifying && e.FromStatus != safetybot.StatusVerifying:
			// reported finished (again): it awaits a new verification, and
			// a 不通过 of the rectification before is not its state (QA12 #5:
			// a close undone after a failed verification brought the old
			// 「…不通过」 back beside 待验收)
			review = ""
			if e.Note != "" {
				progress = append(progress, e.At.Format("01-02 ")+e.Note)
			}
		case e.ToStatus == safetybot.StatusClosed && e.FromStatus != safetybot.StatusClosed:
			review = safetybot.JoinNonEmpty("，", person(e.Actor), e.At.Format(time.DateOnly), "通过", safetybot.VerdictNote(e.Note))
		case e.FromStatus == safetybot.StatusVerifying && e.ToStatus == safetybot.StatusRectifying:
			review = safetybot.JoinNonEmpty("，", person(e.Actor), e.At.Format(time.DateOnly), "不通过，退回整改", safetybot.VerdictNote(e.Note))
		}
	}
	finished, selfCheck := finishCells(safetybot.FinishOf(evs), person)
	reporter := person(h.Reporter)
	if reporter == "" && h.Source == safetybot.SourceTip {
		reporter = safetybot.Anonymous
	}
	photos := photoCell(photoCounts[h.Number], rectified)
	overdue := "否"
	if h.Overdue(today) {
		overdue = "是"
	}
	return []string{
		h.Number, h.Description, h.Cause, h.Unit, h.Domain, h.Location,
		string(h.Grade), h.Basis, h.SourceLabel(), dateTime(h.FoundAt), reporter, h.Measures,
		person(h.Assignee), fundsCell(h.Funds), string(h.Deadline), h.Interim, h.Supervision,
		string(h.Halted), joinNewest(progress, "；", MaxCellChars), finished, selfCheck, review,
		dateTime(h.ClosedAt), photos, string(h.Status), overdue, h.Reporter, h.Assignee,
	}
}

// finishCells are the 完成时间 and 企业自验收（人、日期） cells of f: who
// reported the rectification finished and the day; for a hazard closed
// with no such report, the 销号's time and a word that there was none, so
// a closed row never reads as closed unfinished (QA16 #3).
func finishCells(f safetybot.Finish, person func(string) string) (finished, selfCheck string) {
	switch {
	case f.At.IsZero():
		return "", ""
	case f.Direct:
		return dateTime(f.At), SelfCheckNone
	}
	return dateTime(f.At), safetybot.JoinNonEmpty("，", person(f.By), f.At.In(safetybot.Shanghai).Format(time.DateOnly))
}

// SelfCheckNone is the 企业自验收 cell of a hazard closed with no report of
// it finished: its 完成时间 is the 销号's.
const SelfCheckNone = "无（未报整改完成，验收时直接销号）"

// fundsCell is 整改资金 in 万元 as a plain number (3.6 for 36000 yuan), so
// the ledger can sum it and reads as the chat shows it; the header
// (ColumnFunds) names the unit. Funds written before amounts were read stay
// as their text (已申请专项资金, 3.5万元).
func fundsCell(funds string) string {
	if wan, ok := safetybot.FundsWan(funds); ok {
		return wan
	}
	return funds
}

// eventRow is e's row under EventColumns: the actor by name, and by userid
// in the last column. A change taken back by 撤销 is marked in 操作, as the
// chat and the hazard page mark it, so its 原状态 → 新状态 does not read as
// standing.
func eventRow(e safetybot.LedgerEvent, person func(string) string) []string {
	action := e.Action
	if e.Undone {
		action += "（已撤销）"
	}
	return []string{e.Number, dateTime(e.At), person(e.Actor), action, e.Note, string(e.FromStatus), string(e.ToStatus), e.Actor}
}

func dateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(safetybot.Shanghai).Format("2006-01-02 15:04")
}

// photoCell is the 整改前后照片 cell: n photos, of which rectified were
// sent by the responsible person as 整改后 (附照片 as 责任人); the others
// are the 整改前 (现场) photos. A hazard without rectification photos keeps
// the plain count.
func photoCell(n, rectified int) string {
	switch {
	case n <= 0:
		return ""
	case rectified <= 0:
		return fmt.Sprintf("%d 张", n)
	case rectified >= n:
		return fmt.Sprintf("整改后 %d 张", n)
	}
	return fmt.Sprintf("整改前 %d 张，整改后 %d 张", n-rectified, rectified)
}
