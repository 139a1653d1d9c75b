package safetybot

import (
	"context"
	"fmt"
	"time"
)

// Status is a hazard's place in its lifecycle. The values are the words users
// read; they keep their meaning forever (architecture contract).
type Status string

const (
	StatusPending    Status = "待确认" // reported, awaiting department confirmation
	StatusRectifying Status = "整改中" // confirmed (or assigned) and being fixed
	StatusVerifying  Status = "待验收" // the responsible party reports it fixed
	StatusClosed     Status = "已销号" // verified and closed
	StatusRejected   Status = "已驳回" // not a hazard, or a duplicate
)

// Statuses lists every status in lifecycle order.
var Statuses = []Status{StatusPending, StatusRectifying, StatusVerifying, StatusClosed, StatusRejected}

// Open reports whether the hazard still needs work.
func (s Status) Open() bool { return s != StatusClosed && s != StatusRejected }

// Grade is 一般 or 重大 (2007 rule 16号令).
type Grade string

const (
	GradeGeneral Grade = "一般"
	GradeMajor   Grade = "重大"
)

// Source is how a hazard was found (ledger column 发现来源).
const (
	SourceSelfCheck  = "企业自查"
	SourceInspection = "督导检查"
	SourceTip        = "举报查实"
	SourceAssigned   = "上级交办"
	SourceChat       = "群众上报"
)

// SourceUnstated is what the ledger, the summary and chat show for a
// hazard whose reporter gave no 来源. It is never stored: a guess from who
// reported (staff → 督导检查, anyone else → 企业自查) put a driver's report
// under 企业自查 and the summary stated sources nobody entered (QA6c C8).
const SourceUnstated = "未注明"

// SourceLabel is h's 发现来源 as shown: SourceUnstated when none was given.
func (h *Hazard) SourceLabel() string {
	if h.Source == "" {
		return SourceUnstated
	}
	return h.Source
}

// Hazard is one row of the ledger (隐患台账).
type Hazard struct {
	ID          int64
	Number      string // YH2026-0001
	Description string
	Unit        string // 所属单位
	Domain      string // 行业领域
	Location    string
	Grade       Grade
	Source      string
	Status      Status
	Reporter    string // userid; empty for hazards verified from anonymous reports
	Assignee    string
	Deadline    Date // "" when none
	Confirmed   bool
	FoundAt     time.Time
	ClosedAt    time.Time // zero while open
	UpdatedAt   time.Time

	// Ledger details (domain notes §1), filled in as the hazard is judged
	// and fixed; empty until someone gives them.
	Cause       string // 产生原因
	Basis       string // 判定依据: the clause of the major-hazard standard
	Measures    string // 整改措施
	Funds       string // 整改资金
	Interim     string // 临时管控措施
	Supervision string // 挂牌督办: level, supervising unit, document number
	Halted      Answer // 是否停产停业; AnswerNone until someone answers

	// Moved is the newest change of Status not taken back (who, when, what:
	// a 退回整改 is from StatusVerifying to StatusRectifying), as the
	// hazard stood before the change. ChangeHazard reads it in the
	// hazard's transaction, so a step can tell a colleague's change the
	// sender could not have seen (a 销号 typed against 待验收 a moment
	// after someone sent it back, QA16 #3). Zero where hazards are listed
	// or looked up: only a change needs it.
	Moved HazardEvent
}

// Answer is a 是/否 a person may not have given (是否停产停业): AnswerNone
// until someone answers, so the ledger leaves it empty instead of stating
// 否 for them. Its text is what the ledger shows.
type Answer string

const (
	AnswerNone Answer = ""
	AnswerYes  Answer = "是"
	AnswerNo   Answer = "否"
)

// AnswerOf is yes as an Answer.
func AnswerOf(yes bool) Answer {
	if yes {
		return AnswerYes
	}
	return AnswerNo
}

// FundsText is 整改资金 as 隐患 and the dashboard show it: in 万元
// (0.8万元 for 8000 yuan), the figure the ledger's 整改资金（万元） column
// holds; other text as it was recorded.
func (h *Hazard) FundsText() string { return ShowFunds(h.Funds) }

// Overdue reports whether an open hazard is past its deadline on day today.
func (h *Hazard) Overdue(today Date) bool {
	return h.Status.Open() && h.Deadline != "" && h.Deadline < today
}

// HazardEvent is one line of a hazard's audit trail (全程留痕).
type HazardEvent struct {
	HazardID   int64
	At         time.Time
	Actor      string
	Action     string // 上报, 确认, 指派, 整改, 完成整改, 销号, 驳回, 退回整改, 证据…
	Note       string
	FromStatus Status
	ToStatus   Status
	// Undone marks a change later taken back by 撤销: it stays in the trail
	// but no longer counts (the ledger's 完成时间 and 部门复核 skip it).
	Undone bool
}

// Transition names a lifecycle step a user asks for.
type Transition string

const (
	TransConfirm  Transition = "确认"
	TransAssign   Transition = "指派"
	TransProgress Transition = "整改"
	TransFinish   Transition = "完成整改"
	TransClose    Transition = "销号"
	TransReject   Transition = "驳回"
)

// Next decides where transition t takes h, or why it may not. It is the one
// place the lifecycle lives: 待确认 → (确认) 整改中 → (完成整改) 待验收 → (销号) 已销号;
// 驳回 rejects an unfinished hazard, or sends a 待验收 one back to 整改中.
// A 一般 hazard may be closed at once (it can be fixed on the spot); a 重大 one
// only after confirmation and reported rectification.
func (h *Hazard) Next(t Transition) (Status, error) {
	if !h.Status.Open() {
		return "", Errorf(ECONFLICT, "隐患 %s %s，不能再%s。", h.Number, h.Status, t)
	}
	switch t {
	case TransConfirm:
		if h.Confirmed {
			return "", Errorf(ECONFLICT, "隐患 %s 已确认，当前状态：%s。", h.Number, h.Status)
		}
		return StatusRectifying, nil
	case TransAssign, TransProgress:
		if h.Status == StatusPending && t == TransAssign {
			return StatusPending, nil
		}
		return h.Status, nil
	case TransFinish:
		if h.Status == StatusVerifying {
			return "", Errorf(ECONFLICT, "隐患 %s 已报整改完成，等待验收销号。", h.Number)
		}
		if h.Grade == GradeMajor && !h.Confirmed {
			return "", Errorf(ECONFLICT, "重大隐患 %s 尚未确认，请先由工作人员发送「确认 %s」。", h.Number, h.Number)
		}
		return StatusVerifying, nil
	case TransClose:
		if h.Grade == GradeMajor {
			if !h.Confirmed {
				return "", Errorf(ECONFLICT, "重大隐患 %s 尚未确认，不能销号。请先发送「确认 %s」，整改完成验收后再销号。", h.Number, h.Number)
			}
			if h.Status != StatusVerifying {
				return "", Errorf(ECONFLICT, "重大隐患 %s 尚未报整改完成（当前：%s），不能销号。整改完成后请责任人发送「整改 %s 已完成 完成:是」。", h.Number, h.Status, h.Number)
			}
		}
		return StatusClosed, nil
	case TransReject:
		if h.Status == StatusVerifying {
			return StatusRectifying, nil // 验收不通过，退回整改
		}
		return StatusRejected, nil
	}
	return "", fmt.Errorf("unknown transition %q", t)
}

// LedgerEvent is one audit event with the number of its hazard.
type LedgerEvent struct {
	Number string
	HazardEvent
}

// HazardChange is what a lifecycle step did, returned by the function given
// to ChangeHazard.
type HazardChange struct {
	Event HazardEvent
	Notes []Notification
}

// HazardFilter narrows a hazard list. Zero fields do not filter.
type HazardFilter struct {
	Domain   string
	Status   Status
	Grade    Grade
	Assignee string
	Year     int
	OpenOnly bool
	Overdue  bool        // open and past deadline on Today
	Today    Date        // required with Overdue
	Order    HazardOrder // OrderNewest (zero): newest first
	Limit    int         // 0: no limit
	Offset   int         // hazards skipped before the first listed (with Limit)

	// Keyword, when set, keeps the hazards that hold it (an exact,
	// case-sensitive substring, as the caller folded it) in their
	// description, unit, location or assignee userid, or, upper-cased, in
	// their number (yh2026-0006 finds YH2026-0006); or whose unit is one of
	// KeywordUnits (the units Keyword stands for as a short form:
	// 通达危货 → 沁水县通达危险货物运输有限公司), or whose assignee is one of
	// KeywordAssignees (the userids whose display name holds Keyword,
	// which only the directory knows). The store tests it before reading
	// the rows, so a search costs a scan of the filtered hazards, not
	// their materialisation. The lists do nothing without Keyword.
	Keyword          string
	KeywordUnits     []string
	KeywordAssignees []string
}

// HazardCount is the number of hazards with one status and grade.
type HazardCount struct {
	Status Status
	Grade  Grade
	N      int
}

// ReportLimits bound what one reporter may register in a clock hour
// (issue 10 §17). Loud counts the reports that tell the leaders (重大, or
// possibly 重大): those are what a flood turns into pushes on leaders' phones.
type ReportLimits struct {
	PerHour     int // every report
	LoudPerHour int // reports that notify the leaders
}

// LastChange is the newest change to a hazard that has not been undone.
type LastChange struct {
	Event HazardEvent // who, when, what
	Prior Hazard      // the hazard as it was before
}

// HazardService is the hazard ledger (隐患台账): reports, the events of each
// hazard's history, edits and their undo, supervision (督办/催办), and
// streams of the ledger for exports. A change and the notifications it
// queues commit together or not at all.
//
// Errors a user can act on are *Error (see error.go) with the code each
// method names; any other error is internal (an outage, a bug) and only
// logged. Times are absolute instants; Date is a day in Asia/Shanghai.
type HazardService interface {
	// CreateHazard registers h, allocating its number from the per-year sequence
	// (no COUNT(*) on the hot path), and writes the 上报 event and notes in the
	// same transaction. h.ID, h.Number, h.Status and the times are filled in.
	// Its errors are internal.
	CreateHazard(ctx context.Context, h *Hazard, actor string, notes func(*Hazard) []Notification) error

	// ChangeHazard loads the hazard by number inside a write transaction and
	// lets fn decide the change (mutating h); the row, the audit event and the
	// notifications are then written atomically. fn returning an error changes
	// nothing. An unknown number is ENOTFOUND; fn's error is returned as is.
	ChangeHazard(ctx context.Context, number, actor string, fn func(h *Hazard) (HazardChange, error)) (*Hazard, error)

	// Hazard returns one hazard and its history, oldest first.
	// An unknown number is ENOTFOUND.
	Hazard(ctx context.Context, number string) (*Hazard, []HazardEvent, error)

	// Hazards lists hazards matching f, in f.Order, at most f.Limit of them
	// (all when 0) after skipping f.Offset. Its errors are internal.
	Hazards(ctx context.Context, f HazardFilter) ([]*Hazard, error)

	// EachHazard calls fn with each hazard matching f, in f.Order, one row
	// at a time: what it holds does not grow with the ledger. fn's error stops
	// the walk and is returned. Other errors are internal.
	EachHazard(ctx context.Context, f HazardFilter, fn func(*Hazard) error) error

	// CountHazards counts the hazards Hazards(f) lists, ignoring f.Limit,
	// f.Offset and f.Order. Without f.Assignee and f.Keyword it reads the
	// tallies, not the hazards: its cost does not grow with the ledger.
	// With them it is one count(*) over the filtered hazards. Its errors
	// are internal.
	CountHazards(ctx context.Context, f HazardFilter) (int, error)

	// HazardPage returns one page of Hazards(f) (f.Limit from f.Offset)
	// and CountHazards(f), the total the page belongs to. Call it in a View
	// for the two to agree. With f.Keyword, which no index serves, both
	// come from one scan of the filtered hazards rather than two. A page
	// past the end is the last page (f.Offset brought back to the last
	// multiple of f.Limit before the total), with the total; no match is
	// an empty page. Its errors are internal.
	HazardPage(ctx context.Context, f HazardFilter) (page []*Hazard, total int, err error)

	// HazardAssignees lists the distinct responsible persons (userids) of
	// the hazards Hazards(f) lists (f.Limit and f.Offset aside), in no set
	// order; hazards without one add nothing. A search by name resolves
	// them before walking the hazards. Its errors are internal.
	HazardAssignees(ctx context.Context, f HazardFilter) ([]string, error)

	// HazardCounts groups the ledger by status and grade. Its errors are internal.
	HazardCounts(ctx context.Context) ([]HazardCount, error)

	// HazardTally returns the whole ledger's counts by status, grade,
	// domain and year (of the number): one Tally per key with at least one
	// hazard, in no set order. It reads one row per key, never the hazards.
	// Its errors are internal.
	HazardTally(ctx context.Context) ([]Tally, error)

	// OpenDue returns the counts of open hazards whose deadline is a day in
	// [from, to) (YYYY-MM-DD compared as text; from "" means since ever),
	// one Tally per status, grade, domain and year with at least one; a
	// hazard without a deadline is never counted. Overdue on day today is
	// OpenDue(ctx, "", today). It reads one row per deadline day and key in
	// the range, never the hazards. Its errors are internal.
	OpenDue(ctx context.Context, from, to Date) ([]Tally, error)

	// HazardMonths returns the months from..to (YYYY-MM, Asia/Shanghai,
	// both included) that have a hazard found or closed in them, oldest
	// first. Its errors are internal.
	HazardMonths(ctx context.Context, from, to string) ([]MonthFlow, error)

	// NewestHazardOf returns the id of the newest hazard of domain, 0 when
	// there is none. It reads every hazard of the domain: meant for domains
	// outside the plan, which few hazards carry. Its errors are internal.
	NewestHazardOf(ctx context.Context, domain string) (int64, error)

	// HazardEvents lists the audit events of the hazards matching f, by
	// hazard then in order (f's Order, Limit and Offset do not apply).
	// Its errors are internal.
	HazardEvents(ctx context.Context, f HazardFilter) ([]LedgerEvent, error)

	// ReportHazard is CreateHazard for a 上报 from chat, refused with ELIMIT
	// when h.Reporter already registered lim.PerHour hazards in this clock hour,
	// or lim.LoudPerHour that told the leaders when loud is true. The count is
	// one row of report_counts read and bumped in the report's own write
	// transaction: parallel reports cannot slip past the limit together, and
	// the cost does not grow with what a reporter registered before.
	ReportHazard(ctx context.Context, h *Hazard, lim ReportLimits, loud bool, notes func(*Hazard) []Notification) error

	// RecentReport returns the hazard userID reported most recently at or after
	// since, or nil when there is none (where evidence sent now belongs).
	// Its errors are internal.
	RecentReport(ctx context.Context, userID string, since time.Time) (*Hazard, error)

	// UndoHazard takes back the newest change to a hazard that has not been
	// undone (撤销, issue 9 §3). fn sees the hazard as it is now and that change,
	// and decides whether the caller may undo it (an error changes nothing);
	// the hazard then gets its prior fields back, the change is marked undone
	// and a 撤销 event with fn's notes is written, in one transaction. Changes
	// are undone newest first: an older change cannot be undone past a newer one.
	// A hazard with no change to undo gets ENOTFOUND.
	UndoHazard(ctx context.Context, number, actor string, fn func(h *Hazard, last LastChange) (HazardChange, error)) (*Hazard, error)

	// SuperviseHazard is the one 督办/催办 rule (Supervision) for every
	// surface: the chat commands, card buttons and the dashboard. It records
	// sv on hazard number as an event in the hazard's history and queues its
	// notices in the same transaction: to the responsible person, or while
	// there is none, to the staff of the working group groupOf(domain) names
	// for the hazard's field (every staff member while that group has none).
	// The hazard does not change; it is returned as it stands, with the
	// notices queued (for Told). Errors:
	// EINVALID for another kind or a note too long; ENOTFOUND for an unknown
	// number; ECONFLICT when the hazard is closed or rejected. Nothing is
	// written on error.
	SuperviseHazard(ctx context.Context, number string, sv Supervision, groupOf func(domain string) string) (*Hazard, []Notification, error)

	// EachLedgerHazard calls fn with each hazard matching f, oldest first
	// (f's Order, Limit and Offset do not apply), with its audit events in
	// order, reading one row at a time: the ledger export holds one hazard
	// at a time however large the ledger grows. f is the dashboard list's
	// own filter, so a download is what the list shows. fn's error stops
	// the walk and is returned; evs is fn's to keep. Other errors are
	// internal.
	EachLedgerHazard(ctx context.Context, f HazardFilter, fn func(h *Hazard, evs []HazardEvent) error) error

	// EachHazardEvent calls fn with each audit event of the hazards matching
	// f (its Order, Limit and Offset do not apply), by hazard then in
	// order, one row at a time. fn's error stops the walk and is returned.
	// Other errors are internal.
	EachHazardEvent(ctx context.Context, f HazardFilter, fn func(LedgerEvent) error) error
}
