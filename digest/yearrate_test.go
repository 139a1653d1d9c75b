package digest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"safetybot"
)

// QA13 item 4: on 2027-01-04 the digest closed with 「2027年隐患整改销号率
// —（0/0）」; a year with no hazard yet shows last year's rate, said as such.
func TestDigestRateEarlyInTheYear(t *testing.T) {
	s := fullStore(t, 10)
	ctx := context.Background()
	f, err := s.DigestFacts(ctx, now, 1)
	if err != nil {
		t.Fatal(err)
	}
	if f.YearTotal == 0 {
		t.Fatal("the fixture has no hazard this year")
	}
	year := now.In(safetybot.Shanghai).Year()
	jan := time.Date(year+1, 1, 4, 9, 0, 0, 0, safetybot.Shanghai)
	for _, tc := range []struct {
		at        time.Time
		want, not string
	}{
		{now, fmt.Sprintf("%d年隐患整改销号率 ", year), "暂无新登记隐患"},
		{jan, fmt.Sprintf("📈 %d年暂无新登记隐患；%d年隐患整改销号率 ", year+1, year), "—（0/0）"},
	} {
		got, err := Build(ctx, s, nil, tc.at)
		if err != nil {
			t.Fatal(err)
		}
		frac := fmt.Sprintf("（%d/%d），在办 %d 条", f.YearClosed, f.YearTotal, f.OpenTotal)
		if !strings.Contains(got, tc.want) || !strings.Contains(got, frac) || strings.Contains(got, tc.not) {
			t.Errorf("at %s, want %q and %q, not %q:\n%s", tc.at, tc.want, frac, tc.not, got)
		}
	}
}
