package export_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"safetybot"
	"safetybot/export"
	"safetybot/internal/fixture"
	"safetybot/internal/storetest"
)

// TestExportIsOneMoment exports again and again while writers register
// hazards and record their progress: every export's 处置记录 must name
// exactly the hazards of its 隐患台账.
func TestExportIsOneMoment(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t, func() time.Time { return fixture.Now })
	defer s.Close()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var written atomic.Int64
	for w := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				h := &safetybot.Hazard{Description: fmt.Sprintf("写入者%d的第%d条", w, i), Domain: "水上交通", Grade: safetybot.GradeGeneral, Reporter: "zhang", Source: safetybot.SourceSelfCheck}
				if err := s.CreateHazard(ctx, h, "zhang", nil); err != nil {
					t.Error(err)
					return
				}
				if _, err := s.ChangeHazard(ctx, h.Number, "li", func(*safetybot.Hazard) (safetybot.HazardChange, error) {
					return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: string(safetybot.TransProgress), Note: "已设置警示"}}, nil
				}); err != nil {
					t.Error(err)
					return
				}
				written.Add(1)
			}
		})
	}
	defer func() { close(stop); wg.Wait() }()
	for written.Load() < 20 { // the writers are under way
		time.Sleep(time.Millisecond)
	}
	// Export at least 40 times, and on until 20 more hazards were written
	// meanwhile, so the writers ran beside the exports however the machine
	// shares its cores between them.
	start := written.Load()
	for round := 0; round < 40 || written.Load() < start+20; round++ {
		if round == 100_000 {
			t.Fatalf("only %d hazards written in %d exports: the writers did not run beside the exports", written.Load()-start, round)
		}
		l, err := export.LoadLedger(ctx, s, export.Filter{}, fixture.Now)
		if err != nil {
			t.Fatal(err)
		}
		inLedger := map[string]bool{}
		for _, r := range l.Rows() {
			inLedger[r[0]] = true
		}
		inEvents := map[string]int{}
		for _, r := range l.EventRows() {
			inEvents[r[0]]++
		}
		for n := range inEvents {
			if !inLedger[n] {
				t.Fatalf("export %d: 处置记录 lists %s, 隐患台账 (%d hazards) does not", round, n, len(inLedger))
			}
		}
		for n := range inLedger {
			if inEvents[n] == 0 {
				t.Fatalf("export %d: %s has no event in 处置记录", round, n)
			}
		}
	}
}
