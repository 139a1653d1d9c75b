package safetybot

import (
	"context"
	"time"
)

// DigestFacts is what the leaders' digest says about the hazard ledger:
// counts over the whole ledger and the first few hazards of each list, most
// urgent first.
type DigestFacts struct {
	Now          time.Time
	New24h       int
	NewList      []*Hazard // newest first, majors first
	OpenMajor    int
	MajorList    []*Hazard // overdue first, then by deadline
	Overdue      int
	OverdueMajor int
	OverdueList  []*Hazard // majors first, then the longest overdue
	DueSoon      int       // open, deadline today … today+3
	DueSoonList  []*Hazard
	YearTotal    int // this year's hazards, rejected ones excluded
	YearClosed   int
	// LastYearTotal and LastYearClosed are last year's, for the first days
	// of a year that has no hazard yet.
	LastYearTotal  int
	LastYearClosed int
	OpenTotal      int
	TasksBehind    []*Task
	TipsAwaiting   int
	TipsAwaitingOK bool // the count could be read
}

// DigestService gathers the facts of the leaders' daily digest (摘要).
//
// Errors a user can act on are *Error (see error.go) with the code each
// method names; any other error is internal (an outage, a bug) and only
// logged. Times are absolute instants; Date is a day in Asia/Shanghai.
type DigestService interface {
	// DigestFacts gathers the ledger's part of the digest at now, with lists of
	// at most limit hazards each. Each figure is one indexed aggregate query.
	// Its errors are internal.
	DigestFacts(ctx context.Context, now time.Time, limit int) (*DigestFacts, error)
}
