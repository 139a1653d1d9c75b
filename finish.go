package safetybot

import "time"

// Finish is a hazard's current round of rectification as its trail tells
// it: the ledger's 完成时间 and 企业自验收（人、日期）, and the hazard page's
// 完成时间, read by one rule so they agree.
type Finish struct {
	At time.Time // 完成时间; zero while not finished
	By string    // who reported it finished (完成:是); "" when Direct
	// Direct: closed with no report of it finished standing (a 一般
	// hazard fixed on the spot, or closed with 仍销号:是 after a 退回), so
	// the 销号 itself is when it was found finished: At is the 销号's time,
	// and there was no 企业自验收.
	Direct bool
}

// FinishOf reads evs, a hazard's trail oldest first. A report of it
// finished (to 待验收) sets At and By; a 退回 (待验收 to 整改中) clears
// them until it is reported finished again; a 销号 with none standing is
// Direct. A change taken back by 撤销 counts for nothing (QA16 #3: a
// hazard closed from 整改中 showed empty 完成时间 and 企业自验收 in the
// ledger, as if it were closed unfinished).
func FinishOf(evs []HazardEvent) Finish {
	var f Finish
	for _, e := range evs {
		if e.Undone || e.Action == "撤销" {
			continue
		}
		switch {
		case e.ToStatus == StatusVerifying && e.FromStatus != StatusVerifying:
			f = Finish{At: e.At, By: e.Actor}
		case e.FromStatus == StatusVerifying && e.ToStatus == StatusRectifying:
			f = Finish{}
		case e.ToStatus == StatusClosed && e.FromStatus != StatusClosed && f.At.IsZero():
			f = Finish{At: e.At, Direct: true}
		}
	}
	return f
}
