package store

import (
	"context"
	"reflect"
	"testing"
	"time"

	"safetybot"
	"safetybot/internal/testkit"
)

// digestFactsByScan is DigestFacts as it was before the tallies (counts
// and sorted lists over the hazards themselves): the reference the new one
// must agree with.
func digestFactsByScan(ctx context.Context, s *Store, now time.Time, limit int) (*safetybot.DigestFacts, error) {
	f := &safetybot.DigestFacts{Now: now}
	today := safetybot.DateOf(now)
	soon := safetybot.DateOf(now.In(safetybot.Shanghai).AddDate(0, 0, 3))
	const open = "status NOT IN ('已销号', '已驳回')"
	year := now.In(safetybot.Shanghai).Year()
	err := s.q.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM hazards WHERE found_at >= ?),
		(SELECT count(*) FROM hazards WHERE `+open+` AND grade = '重大'),
		(SELECT count(*) FROM hazards WHERE `+open+` AND deadline <> '' AND deadline < ?),
		(SELECT count(*) FROM hazards WHERE `+open+` AND deadline <> '' AND deadline < ? AND grade = '重大'),
		(SELECT count(*) FROM hazards WHERE `+open+` AND deadline >= ? AND deadline <= ?),
		(SELECT count(*) FROM hazards WHERE year = ? AND status <> '已驳回'),
		(SELECT count(*) FROM hazards WHERE year = ? AND status = '已销号'),
		(SELECT count(*) FROM hazards WHERE year = ? AND status <> '已驳回'),
		(SELECT count(*) FROM hazards WHERE year = ? AND status = '已销号'),
		(SELECT count(*) FROM hazards WHERE `+open+`)`,
		ms(now.Add(-24*time.Hour)), today, today, today, soon, year, year, year-1, year-1).
		Scan(&f.New24h, &f.OpenMajor, &f.Overdue, &f.OverdueMajor, &f.DueSoon, &f.YearTotal, &f.YearClosed, &f.LastYearTotal, &f.LastYearClosed, &f.OpenTotal)
	if err != nil {
		return nil, err
	}
	lists := []struct {
		dst   *[]*safetybot.Hazard
		where string
		order string
		args  []any
	}{
		{&f.OverdueList, open + " AND deadline <> '' AND deadline < ?", "grade = '重大' DESC, deadline, id", []any{today}},
		{&f.MajorList, open + " AND grade = '重大'", "deadline IS NULL, deadline, id", nil},
		{&f.DueSoonList, open + " AND deadline >= ? AND deadline <= ?", "grade = '重大' DESC, deadline, id", []any{today, soon}},
		{&f.NewList, "found_at >= ?", "grade = '重大' DESC, id DESC", []any{ms(now.Add(-24 * time.Hour))}},
	}
	for _, l := range lists {
		if err := s.appendHazards(ctx, l.dst, listPart{l.where, l.order, l.args}, limit); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// TestDigestFactsFromTallies: the digest's counts and lists, read from the
// tallies and in parts from the indexes, are those of the scan they
// replace, on a ledger of random changes, at several moments and lengths.
func TestDigestFactsFromTallies(t *testing.T) {
	ctx := context.Background()
	clk := testkit.NewClock(time.Date(2025, 11, 1, 9, 0, 0, 0, safetybot.Shanghai))
	s, _ := openCopy(t, clk.Now)
	defer s.Close()
	randomLedger(t, s, clk, 200, func(int) {})
	end := clk.Now()
	for _, now := range []time.Time{end, end.AddDate(0, 0, -20), end.AddDate(0, -2, 0), end.Add(-time.Hour)} {
		for _, limit := range []int{1, 3, 8, 100} {
			got, err := s.DigestFacts(ctx, now, limit)
			if err != nil {
				t.Fatal(err)
			}
			want, err := digestFactsByScan(ctx, s, now, limit)
			if err != nil {
				t.Fatal(err)
			}
			// Tasks and tips are read as before; compare the ledger's part.
			got.TasksBehind, got.TipsAwaiting, got.TipsAwaitingOK = nil, 0, false
			if !reflect.DeepEqual(got, want) {
				t.Errorf("at %s, limit %d:\n got %+v\nwant %+v", now, limit, got, want)
			}
			if got.Overdue == 0 || got.OpenMajor == 0 || len(got.MajorList) == 0 {
				t.Errorf("at %s: the ledger tests too little: %+v", now, got)
			}
		}
	}
}
