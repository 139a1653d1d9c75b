package store

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"safetybot"
)

// knownUnitsByScan is how KnownUnits was computed before migration 0029:
// the registry, the distinct units of the hazards, and the units with an
// inspection recorded, each row read and merged by name.
func knownUnitsByScan(t *testing.T, s *Store) []safetybot.Enterprise {
	t.Helper()
	var out []safetybot.Enterprise
	if err := s.each(context.Background(), `SELECT name, max(principal), max(registered) FROM (
			SELECT name, COALESCE(principal, '') AS principal, 1 AS registered FROM enterprises
			UNION ALL SELECT DISTINCT unit, '', 0 FROM hazards WHERE unit <> ''
			UNION ALL SELECT DISTINCT unit, '', 0 FROM duty_records WHERE duty = ? AND unit <> '')
		GROUP BY name ORDER BY name`, func(r scanner) error {
		var e safetybot.Enterprise
		err := r.Scan(&e.Name, &e.Principal, &e.Registered)
		out = append(out, e)
		return err
	}, safetybot.DutyInspection); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkUnits compares every unit figure the store reads from the units
// table with the same figure computed the old way, classifying in Go with
// safetybot.IsEnterprise.
func checkUnits(t *testing.T, s *Store, when string, periods ...string) {
	t.Helper()
	ctx := context.Background()
	// The stored class is the Go rule's, and registered is the registry's.
	if err := s.each(ctx, `SELECT u.name, u.enterprise, u.registered, e.name IS NOT NULL FROM units u
		LEFT JOIN enterprises e ON e.name = u.name`, func(r scanner) error {
		var name string
		var enterprise, registered, inRegistry bool
		if err := r.Scan(&name, &enterprise, &registered, &inRegistry); err != nil {
			return err
		}
		if registered != inRegistry || enterprise != safetybot.IsEnterprise(name, registered) {
			t.Errorf("%s: unit %s stored enterprise=%v registered=%v; registry %v, IsEnterprise %v",
				when, name, enterprise, registered, inRegistry, safetybot.IsEnterprise(name, inRegistry))
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	known := knownUnitsByScan(t, s)
	if got, err := s.KnownUnits(ctx); err != nil || !reflect.DeepEqual(got, known) {
		t.Errorf("%s: KnownUnits\n got %v, %v\nwant %v", when, got, err, known)
	}
	var ents []safetybot.Enterprise
	names := map[string]bool{}
	for _, e := range known {
		if safetybot.IsEnterprise(e.Name, e.Registered) {
			ents = append(ents, e)
			names[e.Name] = true
		}
	}
	if got, err := s.Enterprises(ctx); err != nil || !reflect.DeepEqual(got, ents) {
		t.Errorf("%s: Enterprises\n got %v, %v\nwant %v", when, got, err, ents)
	}
	if n, err := s.CountEnterprises(ctx); err != nil || n != len(ents) {
		t.Errorf("%s: CountEnterprises = %d, %v; want %d", when, n, err, len(ents))
	}
	counts, err := s.DutyCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var wantCounts []safetybot.DutyCount
	for _, c := range counts {
		if c.Duty != safetybot.DutyInspection || names[c.Unit] {
			wantCounts = append(wantCounts, c)
		}
	}
	if got, err := s.EnterpriseDutyCounts(ctx); err != nil || !reflect.DeepEqual(got, wantCounts) {
		t.Errorf("%s: EnterpriseDutyCounts\n got %v, %v\nwant %v", when, got, err, wantCounts)
	}
	for _, period := range periods {
		recs, err := s.DutyRecords(ctx, safetybot.DutyInspection, period)
		if err != nil {
			t.Fatal(err)
		}
		var missing []safetybot.Enterprise
		for _, e := range ents {
			if !slices.ContainsFunc(recs, func(r safetybot.DutyRecord) bool { return r.Unit == e.Name }) {
				missing = append(missing, e)
			}
		}
		if got, err := s.UninspectedEnterprises(ctx, period); err != nil || !reflect.DeepEqual(got, missing) {
			t.Errorf("%s: UninspectedEnterprises(%s)\n got %v, %v\nwant %v", when, period, got, err, missing)
		}
		if all, err := s.EnterprisesInspected(ctx, period); err != nil || all != (len(missing) == 0) {
			t.Errorf("%s: EnterprisesInspected(%s) = %v, %v; %d missing", when, period, all, err, len(missing))
		}
	}
}

// TestUnitsFollowEveryChange: reports naming units (companies, government
// bodies, names that are both), edits of a hazard's unit, 撤销, inspections
// recorded and taken back, and registry changes (a government body
// registered, an enterprise taken off the registry) keep the stored class
// equal to safetybot.IsEnterprise and every figure equal to the old scan.
func TestUnitsFollowEveryChange(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	const q1, q2 = "2026-Q1", "2026-Q2"
	step := 0
	check := func(what string) {
		t.Helper()
		step++
		checkUnits(t, s, fmt.Sprintf("step %d (%s)", step, what), q1, q2)
	}
	check("empty")
	units := []string{"县公路段", "县交通运输局", "沁水县通达危险货物运输有限公司", "县交通运输局下属宏达运输有限公司",
		"综合行政执法大队", "城关客运站", "某某合作社", "长河航运", " 县运管所 "}
	var numbers []string
	for i, u := range units {
		h := &safetybot.Hazard{Description: fmt.Sprintf("隐患%d", i), Unit: u, Grade: safetybot.GradeGeneral,
			Source: safetybot.SourceSelfCheck, Reporter: "zhangsan"}
		if err := s.CreateHazard(ctx, h, "zhangsan", nil); err != nil {
			t.Fatal(err)
		}
		numbers = append(numbers, h.Number)
	}
	check("reports")
	setUnit := func(number, unit string) {
		t.Helper()
		if _, err := s.ChangeHazard(ctx, number, "zhangsan", func(h *safetybot.Hazard) (safetybot.HazardChange, error) {
			h.Unit = unit
			return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "修改"}}, nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	setUnit(numbers[0], "县公路段养护项目部")
	setUnit(numbers[7], "")
	check("edits of the unit")
	inspect := func(unit, period string) {
		t.Helper()
		if err := s.RecordDuty(ctx, safetybot.DutyRecord{Duty: safetybot.DutyInspection, Period: period, Unit: unit, Actor: "zhangsan"}); err != nil {
			t.Fatal(err)
		}
	}
	inspect("沁水县通达危险货物运输有限公司", q1)
	inspect("县交通运输局", q1)
	inspect("新华驾校", q1)
	inspect("县交通运输局下属宏达运输有限公司", q2)
	if err := s.RecordDuty(ctx, safetybot.DutyRecord{Duty: "safety_meeting", Period: q1, Unit: "某学习单位", Actor: "zhangsan"}); err != nil {
		t.Fatal(err)
	}
	check("inspections")
	for _, e := range []safetybot.Enterprise{{Name: "县公路段", Principal: "wang"}, {Name: "通达物流有限公司", Principal: "li"}, {Name: "长河航运"}} {
		if err := s.AddEnterprise(ctx, e, "admin"); err != nil {
			t.Fatal(err)
		}
	}
	check("registrations")
	if err := s.AddEnterprise(ctx, safetybot.Enterprise{Name: "县公路段", Principal: "zhao"}, "admin"); err != nil {
		t.Fatal(err)
	}
	check("a principal changed")
	if _, err := s.UndoDuty(ctx, safetybot.DutyInspection, q2, "zhangsan", false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UndoHazard(ctx, numbers[len(numbers)-1], "zhangsan", func(*safetybot.Hazard, safetybot.LastChange) (safetybot.HazardChange, error) {
		return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "撤销"}}, nil
	}); err != nil && safetybot.ErrorCode(err) != safetybot.ENOTFOUND {
		t.Fatal(err)
	}
	check("undo")
	// No command takes an enterprise off the registry or renames it; the
	// triggers follow such a change all the same.
	for _, q := range []string{"DELETE FROM enterprises WHERE name = '县公路段'", "UPDATE enterprises SET name = '长河航运公司' WHERE name = '长河航运'"} {
		if _, err := s.w.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	check("registry edited by hand")
	// Every enterprise inspected in Q1 and Q2.
	ents, err := s.Enterprises(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		inspect(e.Name, q1)
		inspect(e.Name, q2)
	}
	check("all inspected")
	if all, _ := s.EnterprisesInspected(ctx, q1); !all {
		t.Errorf("EnterprisesInspected(%s) false after every enterprise was inspected", q1)
	}
	// Matching reads: a name once typed stays known, registered or not.
	for name, want := range map[string][2]bool{"县公路段": {true, false}, "通达物流有限公司": {true, true}, "长河航运": {true, false},
		"新华驾校": {true, false}, "没有这个单位": {false, false}, "某学习单位": {false, false}} {
		found, registered, err := s.LookupUnit(ctx, name)
		if err != nil || [2]bool{found, registered} != want {
			t.Errorf("LookupUnit(%s) = %v, %v, %v; want %v", name, found, registered, err, want)
		}
	}
	for _, c := range []struct {
		typed               string
		registered, inOrder bool
		want                []string
	}{
		{"通达", true, false, []string{"通达物流有限公司"}},
		{"通达", false, false, []string{"沁水县通达危险货物运输有限公司"}},
		{"通达危货", false, true, []string{"沁水县通达危险货物运输有限公司"}},
		{"交通局", false, true, []string{"县交通运输局", "县交通运输局下属宏达运输有限公司"}},
		{"*", false, false, nil},
		{"", true, false, []string{"通达物流有限公司", "长河航运公司"}},
	} {
		got, err := s.UnitNamesLike(ctx, c.typed, c.registered, c.inOrder)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("UnitNamesLike(%q, %v, %v) = %v, %v; want %v", c.typed, c.registered, c.inOrder, got, err, c.want)
		}
	}
}
