package safetybot

import (
	"context"
	"fmt"
	"strings"
)

// TipStatus is an anonymous report's (举报) place in triage. The values are
// the words reporters and handlers read.
type TipStatus string

const (
	TipNew        TipStatus = "待受理"  // received, no handler has acted yet
	TipInProgress TipStatus = "受理中"  // a handler replied and is looking into it
	TipVerified   TipStatus = "已查实"  // verified into the ledger; reward may follow
	TipDeclined   TipStatus = "不予受理" // closed without action, with a reason
	TipClosed     TipStatus = "已办结"  // verified, and the reward settled (paid or refused)
)

// TipStatuses lists every status in triage order.
var TipStatuses = []TipStatus{TipNew, TipInProgress, TipVerified, TipDeclined, TipClosed}

// Closed reports whether the report is finished; closed reports are deleted
// after the retention period.
func (s TipStatus) Closed() bool { return s == TipDeclined || s == TipClosed }

// ParseTipStatus accepts a status as users write it (the exact word).
func ParseTipStatus(s string) (TipStatus, bool) {
	for _, st := range TipStatuses {
		if string(st) == s {
			return st, true
		}
	}
	return "", false
}

// TipAction names a step on an anonymous report: the reporter's addition
// and the handlers' steps. The values are the words the audit trail keeps.
type TipAction string

const (
	TipRead    TipAction = "阅览"   // a handler reads the report
	TipReply   TipAction = "回复"   // a handler replies to the reporter
	TipAddInfo TipAction = "补充"   // the reporter adds information
	TipVerify  TipAction = "查实"   // a handler verifies it (into the ledger)
	TipDecline TipAction = "不予受理" // a handler declines it, with a reason
	TipReward  TipAction = "奖励"   // a handler records a reward (see NextReward)
)

// TipActions lists every action.
var TipActions = []TipAction{TipRead, TipReply, TipAddInfo, TipVerify, TipDecline, TipReward}

// Next decides the status action a leaves t in, or why a may not be taken
// (ECONFLICT, with the reason users read). It is the one place the
// lifecycle lives, with NextReward: 待受理 → (回复) 受理中; 待受理 or 受理中 →
// (查实) 已查实, or (不予受理) 不予受理; 已查实 → (奖励 已发放 or 不予奖励) 已办结.
// Reading and replying are open at every status, additions until the
// report is closed, rewards only once it is verified and not yet settled.
func (t *Tip) Next(a TipAction) (TipStatus, error) {
	switch a {
	case TipRead:
		return t.Status, nil
	case TipReply:
		if t.Status == TipNew {
			return TipInProgress, nil
		}
		return t.Status, nil
	case TipAddInfo:
		if t.Status.Closed() {
			return "", Errorf(ECONFLICT, "该举报当前为「%s」，不再接收补充材料。如有新的情况，请重新举报。", t.Status)
		}
		return t.Status, nil
	case TipVerify:
		if t.Status != TipNew && t.Status != TipInProgress {
			return "", Errorf(ECONFLICT, "举报 %s 当前为「%s」，不能再查实。", TipRef(t.ID), t.Status)
		}
		return TipVerified, nil
	case TipDecline:
		if t.Status != TipNew && t.Status != TipInProgress {
			return "", Errorf(ECONFLICT, "举报 %s 当前为「%s」，不能不予受理。", TipRef(t.ID), t.Status)
		}
		return TipDeclined, nil
	case TipReward:
		switch t.Status {
		case TipVerified:
			return t.Status, nil
		case TipNew, TipInProgress:
			return "", Errorf(ECONFLICT, "举报 %s 当前为「%s」，尚未查实：只有已查实的举报可以记录奖励。核查属实后请先「查实 %d <隐患描述> 单位:… 领域:…」，再记录奖励。", TipRef(t.ID), t.Status, t.ID)
		}
		return "", Errorf(ECONFLICT, "举报 %s 当前为「%s」：只有已查实、尚未办结的举报可以记录奖励。", TipRef(t.ID), t.Status)
	}
	return "", Errorf(EINVALID, "未知的举报操作「%s」。", a)
}

// NextReward decides the status recording reward r leaves t in, or why it
// may not be recorded (ECONFLICT): only on a verified report, 已发放 only
// after 已批准, and a settled reward (已发放, 不予奖励) closes the report.
// A reward is for a report that counts as verified (CountsVerified): once
// the hazard it was verified into is rejected (驳回), the ledger says the
// report was not true, so only 不予奖励, which closes it, may be recorded;
// lifting the 驳回 (撤销) allows a reward again.
func (t *Tip) NextReward(r RewardStatus) (TipStatus, error) {
	if _, err := t.Next(TipReward); err != nil {
		return "", err
	}
	if r != RewardRefused && !t.CountsVerified() {
		return "", Errorf(ECONFLICT, "举报 %s 当前为「%s」：根据该举报登记的隐患 %s 经复核已被驳回，不再算作查实，不能记录奖励。如驳回有误，请该领域工作人员「撤销 %s」后再记录；确定不予奖励的，请发送「奖励 %d 不予奖励」办结。",
			TipRef(t.ID), TipStatusHazardRejected, t.HazardNumber, t.HazardNumber, t.ID)
	}
	switch r {
	case RewardPending, RewardApproved, RewardRefused:
	case RewardPaid:
		if t.Reward != RewardApproved {
			was := string(t.Reward)
			if was == "" {
				was = "未记录"
			}
			return "", Errorf(ECONFLICT, "奖励须先「已批准」再「已发放」（当前：%s）。", was)
		}
	default:
		return "", Errorf(EINVALID, "请写明奖励状态：待审核、已批准、已发放 或 不予奖励。")
	}
	if r.Final() {
		return TipClosed, nil
	}
	return TipVerified, nil
}

// RewardStatus tracks a reward under the 安全生产领域举报奖励办法.
type RewardStatus string

const (
	RewardNone     RewardStatus = ""     // no reward recorded
	RewardPending  RewardStatus = "待审核"  // proposed, awaiting approval
	RewardApproved RewardStatus = "已批准"  // approved, the reporter may claim it with the receipt code
	RewardPaid     RewardStatus = "已发放"  // paid: the report is closed
	RewardRefused  RewardStatus = "不予奖励" // no reward (already known, excluded reporter…): the report is closed
)

// RewardStatuses lists the statuses a handler may set.
var RewardStatuses = []RewardStatus{RewardPending, RewardApproved, RewardPaid, RewardRefused}

// Final reports whether the reward is settled, which closes the report.
func (r RewardStatus) Final() bool { return r == RewardPaid || r == RewardRefused }

// ParseRewardStatus accepts the Chinese word or a few synonyms.
func ParseRewardStatus(s string) (RewardStatus, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "待审核", "审核中", "pending":
		return RewardPending, true
	case "已批准", "批准", "approved":
		return RewardApproved, true
	case "已发放", "发放", "paid":
		return RewardPaid, true
	case "不予奖励", "不奖励", "refused", "none":
		return RewardRefused, true
	}
	return "", false
}

// Reward bounds of the 安全生产领域举报奖励办法 (2018): 15% of the fine, at least
// ¥3,000 and at most ¥300,000, in whole yuan.
const (
	RewardMinYuan    = 3000
	RewardMaxYuan    = 300000
	RewardPercentage = 15
)

// RewardForFine is the reward the national rule gives for a fine: 15%,
// raised to the minimum and capped at the maximum.
func RewardForFine(fineYuan int64) int64 {
	r := fineYuan * RewardPercentage / 100
	return max(RewardMinYuan, min(RewardMaxYuan, r))
}

// CheckRewardAmount validates an amount a handler records.
func CheckRewardAmount(yuan int64) error {
	if yuan < RewardMinYuan || yuan > RewardMaxYuan {
		return Errorf(EINVALID, "奖励金额 %s 元不在规定范围内：按《安全生产领域举报奖励办法》，奖励为罚款的 15%%，最低 3000 元，最高 30 万元。可写「罚款:金额」由系统按 15%% 计算。", FormatYuan(yuan))
	}
	return nil
}

// Tip is one anonymous report. It holds no userid, chat id, message id, IP
// or time of day: only the calendar day it arrived.
type Tip struct {
	ID            int64 // random, so row order does not reveal arrival order
	Day           Date
	Body          string
	Status        TipStatus
	HazardNumber  string // the ledger entry it was verified into
	DeclineReason string
	RewardYuan    int64
	Reward        RewardStatus
	NewInfo       bool // the reporter added information no handler has read yet
	ClosedDay     Date
	Messages      []TipMessage
	// Photos is how many photos the reporter sent with the report and its
	// additions; the photos themselves are read only by TipPhotos, which
	// is audited.
	Photos int
	// HazardRejected is set (by the store, from the ledger) when the hazard
	// the report was verified into has since been rejected (驳回): see
	// CountsVerified.
	HazardRejected bool
}

// TipStatusHazardRejected is how a report verified into a hazard that was
// then rejected is shown in place of its status (已查实, 已办结), to the
// reporter (查询) and in the leaders' counts (举报统计) alike: it no longer
// counts as verified (CountsVerified). It is never stored; lifting the
// 驳回 (撤销) shows the stored status again.
const TipStatusHazardRejected = "查实后被驳回"

// CountsVerified reports whether t counts as verified (查实, the annual
// summary's 属实): verified into the ledger, and that hazard not rejected
// since, for the ledger then says it was not a hazard (or a duplicate).
// It is the one rule of what the reporter reads, the leaders' 举报统计 and
// the annual summary (TipYear.Verified, TipCounts); the store's counts
// apply it in SQL.
func (t *Tip) CountsVerified() bool {
	return (t.Status == TipVerified || t.Status == TipClosed || t.HazardNumber != "") && !t.HazardRejected
}

// Shown is the status as reporters and leaders read it: the stored status,
// or TipStatusHazardRejected for a verified report whose hazard was then
// rejected.
func (t *Tip) Shown() string {
	if t.HazardRejected {
		return TipStatusHazardRejected
	}
	return string(t.Status)
}

// RewardShown is the reward as every view shows it (the reporter's 查询,
// the handlers' list and detail, the leaders' counts): the recorded
// reward, except that a reward not yet settled (待审核, 已批准) on a report
// that no longer counts as verified (CountsVerified: its hazard was
// rejected) is none, for NextReward will not let it be approved or paid.
// A settled reward (已发放, 不予奖励) is history and shown as it is.
// Lifting the 驳回 (撤销) shows the recorded reward again.
func (t *Tip) RewardShown() RewardStatus {
	if t.RewardSuspended() {
		return RewardNone
	}
	return t.Reward
}

// RewardSuspended reports a reward recorded but not settled (待审核 or
// 已批准) on a report that no longer counts as verified: it stays recorded
// (a 撤销 of the 驳回 restores it) but may not be paid, and only handlers
// are told of it (the reporter reads 暂无).
func (t *Tip) RewardSuspended() bool {
	return (t.Reward == RewardPending || t.Reward == RewardApproved) && !t.CountsVerified()
}

// TipMessage is one line of the two-way anonymous channel: a reporter's
// addition (补充) or a handler's reply (回复). It carries the day only.
type TipMessage struct {
	Day         Date
	FromHandler bool
	Body        string
}

// DeclineReply is the reply a 不予受理 sends the reporter: the reason, dated
// among the handlers' replies.
func DeclineReply(reason string) string { return "不予受理：" + reason }

// DeclineReplied reports whether a handler's reply already tells the
// reporter why the report was declined (DeclineReply): where it does, a
// view of the report says the reason once, in that dated reply, not again
// on a line of its own.
func (t *Tip) DeclineReplied() bool {
	if t.Status != TipDeclined || strings.TrimSpace(t.DeclineReason) == "" {
		return false
	}
	for _, m := range t.Messages {
		if m.FromHandler && m.Body == DeclineReply(t.DeclineReason) {
			return true
		}
	}
	return false
}

// MaxTipPhotos is the most photos one report holds, additions included.
// Each photo may show where it was taken from, and so who took it; three
// show the hazard from a few sides, which is what a handler needs to
// decide whether to go and look. It is the one limit every channel and the
// store apply.
const MaxTipPhotos = 3

// ErrTipPhotosFull answers photos that would take a report holding has
// photos past MaxTipPhotos: EINVALID for a new report, ECONFLICT for an
// addition to one that holds some already.
func ErrTipPhotosFull(has int) error {
	if has == 0 { // too many in one go: the form's to fix
		return Errorf(EINVALID, "一条举报最多附 %d 张照片，这次提交的内容都没有保存。请删去几张后重新提交（已填写的文字仍在下面）。", MaxTipPhotos)
	}
	if has >= MaxTipPhotos {
		return Errorf(ECONFLICT, "一条举报最多附 %d 张照片，这条举报已收到 %d 张，不能再补充照片，这次提交的内容都没有保存；照片能说明的情况请用文字补充。", MaxTipPhotos, has)
	}
	return Errorf(ECONFLICT, "一条举报最多附 %d 张照片，这条举报已收到 %d 张，最多还能补充 %d 张。请删去几张后重新提交。", MaxTipPhotos, has, MaxTipPhotos-has)
}

// TipPhotosViewed is the audited action of a handler opening a report's
// photos.
const TipPhotosViewed = "阅览照片"

// TipPhotosPath is the dashboard's page of report id's photos, for its
// handlers alone (web; the chat's report detail links it).
func TipPhotosPath(id int64) string { return fmt.Sprintf("/tips/%d/photos", id) }

// TipRef formats a report id for handlers: #1234567.
func TipRef(id int64) string { return fmt.Sprintf("#%d", id) }

// TipYear is the anonymous reports received in a period, for the annual
// and the campaign report: numbers only, never content. A declined report
// (不予受理) is received but never accepted: Accepted = Received − Declined.
type TipYear struct {
	Received int // reports whose day falls in the period
	Declined int // of those, 不予受理
	Verified int // of those, verified (已查实, or 已办结 after verification), unless the hazard it was verified into was then rejected (驳回)
	// VerifiedRejected are the reports verified whose hazard was then
	// rejected (not a hazard after all, or a duplicate): not in Verified.
	VerifiedRejected int
	Rewarded         int   // of those, a reward paid
	PaidYuan         int64 // rewards paid on them, in yuan
}

// TipCounts counts reports by status, and how many carry a reward by reward
// status: what leaders and the dashboard may see (never content).
type TipCounts struct {
	ByStatus map[TipStatus]int // by stored status, less those in VerifiedRejected
	// VerifiedRejected are the reports verified whose hazard was then
	// rejected (TipStatusHazardRejected), counted apart so that 已查实 and
	// 已办结 count what the annual summary counts as 属实.
	VerifiedRejected int
	ByReward         map[RewardStatus]int // by Tip.RewardShown: a suspended reward is in RewardSuspended instead
	// RewardSuspended are the rewards recorded but not settled (待审核,
	// 已批准) on reports whose hazard was then rejected (Tip.RewardSuspended).
	RewardSuspended int
	NewInfo         int   // reports with reporter additions no handler has read
	PaidYuan        int64 // rewards paid in total
}

// ErrNoTip is the one answer for a receipt code that finds nothing,
// whatever the reason (malformed, never issued, mistyped, deleted after
// retention).
var ErrNoTip = Errorf(ENOTFOUND, "回执码不正确，或该举报已按规定期限删除。请核对 16 位数字后重试。")

// TipFilter narrows a handler's list.
type TipFilter struct {
	Status   TipStatus // "" with OpenOnly false: every report
	OpenOnly bool      // not 不予受理 or 已办结
}

// TipAuditEntry is one audited handler action.
type TipAuditEntry struct {
	TipID  int64
	At     int64 // Unix milliseconds
	Actor  string
	Action string
}

// TipChange is what a handler's step did to a report, returned by the
// function given to ChangeTip.
type TipChange struct {
	Action string // audited: 阅览, 回复, 查实, 不予受理, 奖励…
	Reply  string // a reply to the reporter, if any
	// Hazard, when set, is created in the ledger (source 举报查实) in the same
	// transaction and its number recorded as t.HazardNumber.
	Hazard *Hazard
	// HazardNotes, with Hazard, are queued with it (leaders for a major one).
	HazardNotes func(*Hazard) []Notification
}

// Accepted is the reports taken up (受理): received less those declined.
func (t TipYear) Accepted() int { return t.Received - t.Declined }

// Total is the number of reports held.
func (c TipCounts) Total() int {
	n := c.VerifiedRejected
	for _, v := range c.ByStatus {
		n += v
	}
	return n
}

// TipService is the anonymous report desk (举报): tips, their lifecycle
// and audit trail, and the counts reports show. Receipt hashes are the
// only link to a reporter; nothing identifies one.
//
// Errors a user can act on are *Error (see error.go) with the code each
// method names; any other error is internal (an outage, a bug) and only
// logged. Times are absolute instants; Date is a day in Asia/Shanghai.
type TipService interface {
	// TipsAwaitingTriage counts reports no handler has acted on yet (待受理), for
	// the leaders' digest. It reveals nothing but the number.
	// Its errors are internal.
	TipsAwaitingTriage(ctx context.Context) (int, error)

	// TipCounts returns the counts of every report held. Its errors are internal.
	TipCounts(ctx context.Context) (TipCounts, error)

	// TipSalt returns the deployment's receipt salt, creating it (32 bytes from
	// crypto/rand) on first use. Its errors are internal.
	TipSalt(ctx context.Context) ([]byte, error)

	// CreateTip stores a new report under receiptHash with today's day only,
	// and its photos with it, and returns it (its id is for handlers, never
	// shown to the reporter). Photos are JPEGs already cleaned of everything
	// but their pixels (tipdesk cleans them); none is stored unless all are.
	// Its errors are internal.
	CreateTip(ctx context.Context, receiptHash []byte, body string, photos [][]byte) (*Tip, error)

	// TipByReceipt returns the report whose receipt hashes to receiptHash, with
	// its messages, for the reporter.
	// An unknown receipt (or a report purged after its retention) is ErrNoTip (ENOTFOUND).
	TipByReceipt(ctx context.Context, receiptHash []byte) (*Tip, error)

	// AddTipInfo appends the reporter's addition (补充), and its photos
	// (cleaned, as for CreateTip), to the report whose receipt hashes to
	// receiptHash. A closed report takes no more additions, nor a report
	// whose photos would then number more than MaxTipPhotos.
	// An unknown receipt is ErrNoTip (ENOTFOUND); a closed report, or one
	// with no room for the photos, is ECONFLICT.
	AddTipInfo(ctx context.Context, receiptHash []byte, body string, photos [][]byte) (*Tip, error)

	// TipPhotos returns the photos of report id (JPEG), in the order they
	// came, for a handler; reading them is audited (阅览照片).
	// An unknown id is ENOTFOUND.
	TipPhotos(ctx context.Context, id int64, actor string) ([][]byte, error)

	// Tips lists reports for a handler, without their messages, newest day
	// first; the listing itself is audited. Its errors are internal.
	Tips(ctx context.Context, f TipFilter, actor string) ([]*Tip, error)

	// TipAudit returns the audit trail of one report (0: actions on no single
	// report), oldest first. Its errors are internal.
	TipAudit(ctx context.Context, tipID int64) ([]TipAuditEntry, error)

	// ChangeTip loads report id inside a write transaction and lets fn decide
	// the change (mutating t); the row, any reply or new hazard, and the audit
	// row are written atomically. fn returning an error changes nothing.
	// An unknown id is ENOTFOUND; fn's error is returned as is.
	ChangeTip(ctx context.Context, id int64, actor string, fn func(t *Tip) (TipChange, error)) (*Tip, error)

	// PurgeClosedTips deletes every report closed (不予受理 or 已办结) on a day
	// before cutoff, with its messages, photos and audit rows, and returns how
	// many. The database zeroes deleted content (secure_delete) and the WAL is
	// truncated so no copy of the text or the photos lingers in the files. Its errors are internal.
	PurgeClosedTips(ctx context.Context, cutoff Date) (int, error)

	// TipsOfHazard returns the ids of the reports verified into hazard number
	// (查实, or linked with 隐患:), oldest first, without reading or auditing
	// them: whoever changes that hazard may have the handlers told. Its errors
	// are internal.
	TipsOfHazard(ctx context.Context, number string) ([]int64, error)

	// TipsBetween counts the reports received from day from to day to, both
	// included. Reports deleted by the retention purge are no longer counted.
	// Its errors are internal.
	TipsBetween(ctx context.Context, from, to Date) (TipYear, error)
}
