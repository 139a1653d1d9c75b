package bot

import (
	"context"
	"fmt"
	"sync"
	"testing"
)

// The clerk and the leader register the same meeting at the same moment:
// each check for the same event ran before either insert, so both were
// stored and the year-end summary counted two topics. One is stored, the
// other is told it was registered already.
func TestSimultaneousDutyRegisteredOnce(t *testing.T) {
	f := withDuties(newFixture(t)) // today is 2026-11-28
	f.say("admin", "授权 clerk 工作人员")
	f.say("admin", "授权 leader 领导")
	const rounds = 10
	for i := range rounds {
		text := fmt.Sprintf("议题 研究第%d次冬季道路运输安全", i+1)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for _, user := range []string{"clerk", "leader"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				f.engine.Handle(context.Background(), Message{Source: "test", ChatType: ChatSingle, UserID: user, Text: text})
			}()
		}
		close(start)
		wg.Wait()
	}
	if n := dutyTotal(t, f); n != rounds {
		t.Errorf("%d meetings sent twice at once stored %d records, want %d", rounds, n, rounds)
	}
}
