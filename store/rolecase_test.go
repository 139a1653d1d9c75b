package store

import (
	"context"
	"strings"
	"testing"

	"safetybot"
)

// TestRolesAnyCase (fix10 #3): SAFETYBOT_ADMINS=Admin on a fresh ledger is
// granted as Admin, and WeCom sends the sender as admin. A role is read,
// granted again, and revoked under any spelling of its userid, as WeCom
// userids are case-insensitive; the lookup searches the index, not the table.
func TestRolesAnyCase(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.EnsureGrant(ctx, safetybot.Grant{UserID: "Admin", Role: safetybot.RoleAdmin}, "SAFETYBOT_ADMINS"))
	must(s.Grant(ctx, safetybot.Grant{UserID: "Boss", Role: safetybot.RoleAdmin}, "Admin"))
	must(s.Grant(ctx, safetybot.Grant{UserID: "admin2", Role: safetybot.RoleStaff}, "Admin"))
	must(s.Grant(ctx, safetybot.Grant{UserID: "9lee", Role: safetybot.RoleLeader}, "Admin"))
	for _, tc := range []struct {
		id   string
		want string // roles held, comma-separated
	}{
		{"admin", "admin"}, {"ADMIN", "admin"}, {"Admin", "admin"}, {"aDMIN", "admin"},
		{"admin2", "staff"}, {"adm", ""}, {"admin3", ""}, {"boss", "admin"}, {"9LEE", "leader"}, {"李四", ""}, {"", ""},
	} {
		u, err := s.User(ctx, tc.id)
		must(err)
		var got []string
		for _, g := range u.Grants {
			got = append(got, string(g.Role))
		}
		if strings.Join(got, ",") != tc.want || u.ID != tc.id {
			t.Errorf("User(%q) = %+v, want roles %q", tc.id, u, tc.want)
		}
	}
	// Granted again in another case: the one row is kept, not a second.
	must(s.EnsureGrant(ctx, safetybot.Grant{UserID: "admin", Role: safetybot.RoleAdmin}, "SAFETYBOT_ADMINS"))
	must(s.Grant(ctx, safetybot.Grant{UserID: "ADMIN2", Role: safetybot.RoleStaff, WorkingGroup: "railway"}, "Admin"))
	gs, err := s.Grants(ctx)
	must(err)
	if len(gs) != 4 {
		t.Errorf("grants: %+v, want 4 rows", gs)
	}
	if u, _ := s.User(ctx, "admin2"); len(u.Grants) != 1 || u.Grants[0].WorkingGroup != "railway" {
		t.Errorf("admin2: %+v, want staff of railway", u)
	}
	// Revoked in another case; the last admin still cannot go.
	if held, err := s.Revoke(ctx, "BOSS", safetybot.RoleAdmin, "Admin"); err != nil || !held {
		t.Errorf("revoke BOSS: %v %v, want Boss's admin revoked", held, err)
	}
	if _, err := s.Revoke(ctx, "aDmIn", safetybot.RoleAdmin, "Admin"); safetybot.ErrorCode(err) != safetybot.ECONFLICT {
		t.Errorf("revoke the last admin in another case: %v, want ECONFLICT", err)
	}
	rows, err := s.r.QueryContext(ctx, "EXPLAIN QUERY PLAN SELECT role FROM user_roles WHERE "+sameUser("user_id"), "admin")
	must(err)
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		must(rows.Scan(&id, &parent, &notused, &detail))
		plan = append(plan, detail)
	}
	if p := strings.Join(plan, "; "); strings.Contains(p, "SCAN") || strings.Count(p, "INDEX sqlite_autoindex_user_roles_1 (user_id>? AND user_id<?)") != 2 {
		t.Errorf("plan: %s, want two searches of the primary key", p)
	}
}
