package safetybot

// Ledger figures: the orders a hazard list is read in and the counts the
// dashboard, the digest and 隐患 show, read from tallies a store keeps as
// the hazards change (issue 12 §8), so a page costs what it shows, not the
// size of the ledger.

// HazardOrder is the order of a hazard list (HazardFilter.Order).
type HazardOrder string

const (
	// OrderNewest lists the newest hazard first (the highest id).
	OrderNewest HazardOrder = ""
	// OrderUrgency lists hazards as SortByUrgency sorts them: open first,
	// 重大 first, then the earliest deadline (the most days overdue) first
	// and no deadline last, then the newest first. A store serves it from
	// an index, so a page costs its length (plus the hazards skipped by
	// Offset), not the ledger's.
	OrderUrgency HazardOrder = "urgency"
)

// Tally is how many hazards (N) share one status, grade, domain ("" when
// none) and year (the year of the number, e.g. 2026 for YH2026-0001).
type Tally struct {
	Status Status
	Grade  Grade
	Domain string
	Year   int
	N      int
}

// MonthFlow is how many hazards were found, and how many closed, in one
// calendar month in Asia/Shanghai.
type MonthFlow struct {
	Month         string // YYYY-MM
	Found, Closed int
}
