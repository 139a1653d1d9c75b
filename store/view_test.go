package store

import (
	"context"
	"errors"
	"testing"

	"safetybot"
)

// TestViewIsASnapshot: a View sees the database as it was when View was
// called, whatever commits meanwhile; it cannot write, and closing it
// leaves its Store open.
func TestViewIsASnapshot(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	add := func(desc string) {
		t.Helper()
		h := &safetybot.Hazard{Description: desc, Domain: "公路运营", Grade: safetybot.GradeGeneral, Reporter: "zhang"}
		if err := s.CreateHazard(ctx, h, "zhang", nil); err != nil {
			t.Fatal(err)
		}
	}
	add("第一条")
	if err := s.Grant(ctx, safetybot.Grant{UserID: "zhang", Role: safetybot.RoleStaff}, "admin"); err != nil {
		t.Fatal(err)
	}
	err := s.View(ctx, func(v safetybot.Store) error {
		add("第二条") // committed after the snapshot began
		if _, err := s.Revoke(ctx, "zhang", safetybot.RoleStaff, "test"); err != nil {
			t.Fatal(err)
		}
		hs, err := v.Hazards(ctx, safetybot.HazardFilter{})
		if err != nil {
			return err
		}
		evs, err := v.HazardEvents(ctx, safetybot.HazardFilter{})
		if err != nil {
			return err
		}
		if len(hs) != 1 || len(evs) != 1 {
			t.Errorf("the view sees %d hazards and %d events, want the 1 and 1 of its moment", len(hs), len(evs))
		}
		if u, err := v.User(ctx, "zhang"); err != nil || !u.Has(safetybot.RoleStaff) {
			t.Errorf("the view's user %+v, %v: want the grant of its moment", u, err)
		}
		if err := v.CreateHazard(ctx, &safetybot.Hazard{Description: "不许", Domain: "公路运营", Grade: safetybot.GradeGeneral}, "x", nil); !errors.Is(err, ErrClosed) {
			t.Errorf("a write through the view: %v, want ErrClosed", err)
		}
		return v.(*Store).Close() // a no-op on a view
	})
	if err != nil {
		t.Fatal(err)
	}
	hs, err := s.Hazards(ctx, safetybot.HazardFilter{})
	if err != nil || len(hs) != 2 {
		t.Fatalf("after the view: %d hazards, %v (the store must stay open)", len(hs), err)
	}
}
