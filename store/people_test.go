package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"safetybot"
)

// TestKnownUserIDs: an account is known from each place the ledger keeps
// people, found as typed or in any case (qa6a #12, qa6b #5); a name set
// or in the address book finds its accounts.
func TestKnownUserIDs(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	at := time.Date(2026, 11, 28, 10, 0, 0, 0, safetybot.Shanghai)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.Grant(ctx, safetybot.Grant{UserID: "zhao", Role: safetybot.RoleStaff}, "admin"))
	must(s.SetName(ctx, "wang", "王强", "admin"))
	must(s.SetName(ctx, "li", "王强", "admin"))
	must(s.SaveBookName(ctx, "sunzong", "孙建国", safetybot.BookOK, at))
	must(s.SaveBookName(ctx, "ghost", "", safetybot.BookMissing, at))
	must(s.AddEnterprise(ctx, safetybot.Enterprise{Name: "通达客运", Principal: "TongDa"}, "admin"))
	h := &safetybot.Hazard{Description: "护栏缺失", Domain: "公路运营", Grade: safetybot.GradeGeneral, Reporter: "Reporter1"}
	must(s.CreateHazard(ctx, h, "Reporter1", nil))
	if _, err := s.ChangeHazard(ctx, h.Number, "admin", func(h *safetybot.Hazard) (safetybot.HazardChange, error) {
		h.Assignee = "zhangsan"
		return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "指派"}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"zhaNGsan", "zhangsan2", "zhb", "Z", "ZHANGSAO"} { // neighbours in the index
		h := &safetybot.Hazard{Description: "护栏缺失", Domain: "公路运营", Grade: safetybot.GradeGeneral, Reporter: who}
		must(s.CreateHazard(ctx, h, who, nil))
	}
	for _, tc := range []struct {
		typed string
		want  []string
	}{
		{"zhao", []string{"zhao"}},
		{"ZHAO", []string{"zhao"}},
		{"Wang", []string{"wang"}},
		{"SUNZONG", []string{"sunzong"}},
		{"tongda", []string{"TongDa"}},
		{"reporter1", []string{"Reporter1"}},
		{"ZhangSan", []string{"zhaNGsan", "zhangsan"}},
		{"zhangsan2", []string{"zhangsan2"}},
		{"ZHANGSAN2", []string{"zhangsan2"}},
		{"z", []string{"Z"}},
		{"zhangsa", nil},
		{"ghost", nil}, // the address book said there is no such member
		{"nobody", nil},
		{"", nil},
	} {
		got, err := s.KnownUserIDs(ctx, tc.typed)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("KnownUserIDs(%q) = %q, want %q", tc.typed, got, tc.want)
		}
	}
	for name, want := range map[string][]string{"王强": {"li", "wang"}, "孙建国": {"sunzong"}, "张三": nil} {
		got, err := s.UserIDsNamed(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("UserIDsNamed(%q) = %q, want %q", name, got, want)
		}
	}
}
