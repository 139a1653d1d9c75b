package store

import (
	"context"
	"database/sql"
	"strings"
	"sync"
	"testing"

	"safetybot"
)

func newHazard(t *testing.T, s *Store) string {
	t.Helper()
	h := &safetybot.Hazard{Description: "码头护栏缺失", Grade: safetybot.GradeGeneral, Source: safetybot.SourceSelfCheck}
	if err := s.CreateHazard(context.Background(), h, "zhangsan", nil); err != nil {
		t.Fatal(err)
	}
	return h.Number
}

// evidenceRows counts a hazard's evidence rows and 证据 events.
func evidenceRows(t *testing.T, s *Store, number string) (rows, events int) {
	t.Helper()
	err := s.q.QueryRowContext(context.Background(), `SELECT
		(SELECT count(*) FROM hazard_evidence e JOIN hazards h ON h.id = e.hazard_id WHERE h.number = ?),
		(SELECT count(*) FROM hazard_events e JOIN hazards h ON h.id = e.hazard_id WHERE h.number = ? AND e.action = '证据')`,
		number, number).Scan(&rows, &events)
	if err != nil {
		t.Fatal(err)
	}
	return rows, events
}

// The status is read inside the write transaction: a status set earlier in
// that same transaction (as a 驳回 committed just before would be) refuses
// the evidence, with the reply's text, and nothing is inserted.
func TestAddEvidenceRefusesInsideTheTransaction(t *testing.T) {
	tests := []struct {
		status safetybot.Status
		kind   string
		want   string // "" when the evidence is filed
	}{
		{safetybot.StatusRejected, safetybot.EvidenceImage, "（码头护栏缺失）已驳回，不能再附照片，这张照片未保存。"},
		{safetybot.StatusClosed, safetybot.EvidenceLocation, "（码头护栏缺失）已销号，不能再附位置，这个位置未保存。"},
		{safetybot.StatusVerifying, safetybot.EvidenceImage, ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.status), func(t *testing.T) {
			s, _ := openTest(t)
			ctx := context.Background()
			number := newHazard(t, s)
			ev := &safetybot.Evidence{Kind: tt.kind, ContentType: "image/png", Data: []byte("png"), Lat: 1, Lng: 2, Actor: "zhangsan"}
			err := s.write(ctx, func(tx *sql.Tx) error {
				if _, err := tx.ExecContext(ctx, "UPDATE hazards SET status = ? WHERE number = ?", tt.status, number); err != nil {
					return err
				}
				return addEvidenceTx(ctx, tx, s.now(), number, ev)
			})
			rows, events := evidenceRows(t, s, number)
			if tt.want == "" {
				if err != nil || rows != 1 || events != 1 {
					t.Fatalf("open hazard: err %v, %d rows, %d events", err, rows, events)
				}
				return
			}
			if safetybot.ErrorCode(err) != safetybot.ECONFLICT || !strings.Contains(safetybot.ErrorMessage(err), number+tt.want) {
				t.Fatalf("err = %v, want ECONFLICT %q", err, tt.want)
			}
			if rows != 0 || events != 0 {
				t.Fatalf("refused evidence left %d rows, %d events", rows, events)
			}
		})
	}
}

// TestRejectRacesEvidence races a 驳回 against photos whose senders saw the
// hazard open just before (as the bot checks before downloading): no
// evidence may be filed after the rejection, and every photo is either
// filed (before it) or refused with ECONFLICT.
func TestRejectRacesEvidence(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	rounds := 60
	if testing.Short() || raceEnabled {
		rounds = 15
	}
	late := 0
	for range rounds {
		number := newHazard(t, s)
		var wg sync.WaitGroup
		start := make(chan struct{})
		var mu sync.Mutex
		filed := 0
		wg.Go(func() {
			<-start
			if _, err := s.ChangeHazard(ctx, number, "admin", func(h *safetybot.Hazard) (safetybot.HazardChange, error) {
				to, err := h.Next(safetybot.TransReject)
				h.Status = to
				return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "驳回"}}, err
			}); err != nil {
				t.Error(err)
			}
		})
		for range 4 {
			wg.Go(func() {
				<-start
				for range 5 {
					h, _, err := s.Hazard(ctx, number)
					if err != nil || !h.Status.Open() {
						continue // refused before the write, as the bot does
					}
					err = s.AddEvidence(ctx, number, &safetybot.Evidence{Kind: safetybot.EvidenceImage, ContentType: "image/png", Data: []byte("png"), Actor: "zhangsan"})
					mu.Lock()
					switch safetybot.ErrorCode(err) {
					case "":
						filed++
					case safetybot.ECONFLICT:
						late++ // saw it open, but the 驳回 committed first
					default:
						t.Error(err)
					}
					mu.Unlock()
				}
			})
		}
		close(start)
		wg.Wait()
		var after int
		if err := s.q.QueryRowContext(ctx, `SELECT count(*) FROM hazard_events e JOIN hazards h ON h.id = e.hazard_id
			WHERE h.number = ? AND e.action = '证据' AND e.id > (SELECT max(r.id) FROM hazard_events r
			WHERE r.hazard_id = h.id AND r.action = '驳回')`, number).Scan(&after); err != nil {
			t.Fatal(err)
		}
		if rows, events := evidenceRows(t, s, number); after != 0 || rows != filed || events != filed {
			t.Fatalf("%s: %d photos filed after its 驳回; %d rows, %d events, %d calls succeeded", number, after, rows, events, filed)
		}
	}
	t.Logf("%d rounds; %d photos saw the hazard open and were refused in the transaction", rounds, late)
}
