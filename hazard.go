package safetybot

import (
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
	Halted      bool   // 是否停产停业
}

// FundsText is 整改资金 as people read it (3.6万元); see ShowFunds.
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
