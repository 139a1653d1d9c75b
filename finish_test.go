package safetybot

import (
	"testing"
	"time"
)

// FinishOf is the one rule of 完成时间 and 企业自验收 (ledger and hazard
// page): a hazard closed with no report of it finished standing is Direct,
// finished at its 销号 (QA16 #3: its ledger row showed them empty).
func TestFinishOf(t *testing.T) {
	t0 := time.Date(2026, 12, 8, 8, 0, 0, 0, Shanghai)
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	ev := func(h int, actor string, from, to Status) HazardEvent {
		return HazardEvent{At: at(h), Actor: actor, Action: "x", FromStatus: from, ToStatus: to}
	}
	report := HazardEvent{At: t0, Actor: "zhangsan", Action: "上报", ToStatus: StatusPending}
	confirm := ev(0, "wang", StatusPending, StatusRectifying)
	finish := ev(1, "boss1", StatusRectifying, StatusVerifying)
	back := ev(2, "wang", StatusVerifying, StatusRectifying)
	closeV := ev(3, "lu", StatusVerifying, StatusClosed)
	closeR := ev(3, "lu", StatusRectifying, StatusClosed)
	undone := closeR
	undone.Undone = true
	tests := []struct {
		name string
		evs  []HazardEvent
		want Finish
	}{
		{"open", []HazardEvent{report, confirm}, Finish{}},
		{"finished", []HazardEvent{report, confirm, finish}, Finish{At: at(1), By: "boss1"}},
		{"closed after verification", []HazardEvent{report, confirm, finish, closeV}, Finish{At: at(1), By: "boss1"}},
		{"sent back", []HazardEvent{report, confirm, finish, back}, Finish{}},
		{"closed from 整改中", []HazardEvent{report, confirm, closeR}, Finish{At: at(3), Direct: true}},
		{"closed from 待确认", []HazardEvent{report, ev(3, "lu", StatusPending, StatusClosed)}, Finish{At: at(3), Direct: true}},
		{"closed anyway after a 退回", []HazardEvent{report, confirm, finish, back, closeR}, Finish{At: at(3), Direct: true}},
		{"close undone", []HazardEvent{report, confirm, undone}, Finish{}},
	}
	for _, tt := range tests {
		if got := FinishOf(tt.evs); got != tt.want {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
		}
	}
}
