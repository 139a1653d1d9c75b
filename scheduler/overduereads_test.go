package scheduler

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"safetybot"
)

// readCounter counts the reads safetybot.Verifiers makes of a store.
type readCounter struct {
	safetybot.Store
	groupStaff, grants int
}

func (c *readCounter) GroupStaff(ctx context.Context, group string) ([]string, error) {
	c.groupStaff++
	return c.Store.GroupStaff(ctx, group)
}

func (c *readCounter) Grants(ctx context.Context) ([]safetybot.Grant, error) {
	c.grants++
	return c.Store.Grants(ctx)
}

// TestOverdueReadsVerifiersOncePerGroup: the morning escalation resolves
// the verifiers of a working group once a run, however many of its
// hazards are overdue unassigned or 待验收, not once a hazard (two store
// reads each), and every hazard's notice still goes to them.
func TestOverdueReadsVerifiersOncePerGroup(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, filepath.Join(t.TempDir(), "r.db"))
	defer s.Close()
	for _, g := range []safetybot.Grant{{UserID: "wang", Role: safetybot.RoleStaff, WorkingGroup: "highway_ops"}, {UserID: "clerk", Role: safetybot.RoleStaff}} {
		if err := s.Grant(ctx, g, "admin"); err != nil {
			t.Fatal(err)
		}
	}
	domains := []string{"公路运营", "水上交通", "消防/人员密集场所"} // a group with staff, one without, no group
	const perDomain = 4
	for i := range perDomain * len(domains) {
		h := &safetybot.Hazard{Description: fmt.Sprintf("第%d处护栏缺失", i), Unit: "县公路段", Domain: domains[i%len(domains)],
			Grade: safetybot.GradeGeneral, Source: safetybot.SourceInspection, Status: safetybot.StatusRectifying, Deadline: "2020-01-01"}
		if i%2 == 1 {
			h.Status, h.Assignee = safetybot.StatusVerifying, "liuzong"
		}
		if err := s.CreateHazard(ctx, h, "staff1", nil); err != nil {
			t.Fatal(err)
		}
	}
	c := &readCounter{Store: s}
	notes, err := New(c, Options{Log: quiet}).overdue(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != perDomain*len(domains) {
		t.Errorf("%d notices, want one a hazard", len(notes))
	}
	// 公路运营 reads its group's staff; 水上交通 its group's and then the
	// grants; a domain without a group the grants.
	if c.groupStaff > 2 || c.grants > 2 {
		t.Errorf("verifiers read %d×GroupStaff, %d×Grants for %d hazards in %d groups: once a group, not once a hazard",
			c.groupStaff, c.grants, perDomain*len(domains), len(domains))
	}
}
