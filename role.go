package safetybot

import (
	"context"
	"strings"
	"time"
)

// Role is what a user may do. A user may hold several.
type Role string

const (
	RoleAdmin   Role = "admin"   // 管理员: grants roles, changes reminder rules
	RoleLeader  Role = "leader"  // 领导: digest, everything staff may do
	RoleStaff   Role = "staff"   // 工作人员: the ledger, tasks, duties
	RoleHandler Role = "handler" // 受理人: the only role that reads anonymous reports
)

var roleNames = map[Role]string{
	RoleAdmin: "管理员", RoleLeader: "领导", RoleStaff: "工作人员", RoleHandler: "受理人",
}

// Chinese returns the name users read.
func (r Role) Chinese() string { return roleNames[r] }

// ParseRole accepts the Chinese name or the English key.
func ParseRole(s string) (Role, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for r, zh := range roleNames {
		if s == string(r) || s == zh {
			return r, true
		}
	}
	return "", false
}

// Grant is one role held by a user; WorkingGroup narrows staff to a 专班's domains.
type Grant struct {
	UserID       string
	Role         Role
	WorkingGroup string // empty: the whole bureau
}

// ConfiguredAdmins is the grantor recorded for the admins SAFETYBOT_ADMINS
// names: the chat engine and the dashboard each record them as grants
// (EnsureGrant) when they start, so every rule that asks who holds a role
// reads the store alone.
const ConfiguredAdmins = "SAFETYBOT_ADMINS"

// User is who sent a message, with what the store knows of them.
type User struct {
	ID     string
	Grants []Grant
	// Enterprises are the registered enterprises whose principal the user
	// is, sorted: a principal's own report defaults to their enterprise.
	Enterprises []string
}

// Has reports whether the user holds r.
func (u User) Has(r Role) bool {
	for _, g := range u.Grants {
		if g.Role == r {
			return true
		}
	}
	return false
}

// IsStaff reports whether the user may work the ledger: staff, leaders and admins.
func (u User) IsStaff() bool { return u.Has(RoleStaff) || u.Has(RoleLeader) || u.Has(RoleAdmin) }

// HandlesTips reports whether the user may read anonymous reports and act
// on them (受理, 回复, 查实…, and their photos): handlers only. It is the
// one rule the chat commands and the dashboard's photo page both apply.
func (u User) HandlesTips() bool { return u.Has(RoleHandler) }

// IsLeader reports whether the user gets leaders' views: leaders and admins.
func (u User) IsLeader() bool { return u.Has(RoleLeader) || u.Has(RoleAdmin) }

// CoversDomain reports whether the user may act for hazards of domain: admins,
// leaders and bureau-wide staff cover every domain; a 专班's staff cover the
// domains of their working group (groupDomains maps group key to domains).
func (u User) CoversDomain(domain string, groupDomains map[string][]string) bool {
	if u.Has(RoleAdmin) || u.Has(RoleLeader) {
		return true
	}
	for _, g := range u.Grants {
		if g.Role != RoleStaff {
			continue
		}
		if g.WorkingGroup == "" {
			return true
		}
		for _, d := range groupDomains[g.WorkingGroup] {
			if d == domain {
				return true
			}
		}
	}
	return false
}

// GrantEvent is one line of the role audit.
type GrantEvent struct {
	At     time.Time
	Actor  string // who granted or revoked; "SAFETYBOT_ADMINS" for the configured admins
	Grant  Grant
	Action string // 授权 or 撤权
}

// RoleService is who may do what: role grants, their audit trail, and the
// holders of a role.
//
// Errors a user can act on are *Error (see error.go) with the code each
// method names; any other error is internal (an outage, a bug) and only
// logged. Times are absolute instants; Date is a day in Asia/Shanghai.
type RoleService interface {
	// User returns userID with the roles the store holds for them; admins named
	// in the configuration hold the admin role without a row. userID is
	// matched ignoring ASCII case, as WeCom userids are case-insensitive: a
	// grant to Admin is admin's, whose messages WeCom sends as admin.
	//
	// Roles are cached per user with the role_version they were read at
	// (triggers bump it on every change to user_roles, from any process). A
	// lookup reads the current version first and uses the cache only when it is
	// unchanged, so a grant or revoke committed before the lookup starts (from
	// this process or another) is always seen. Its errors are internal.
	User(ctx context.Context, userID string) (User, error)

	// Grant gives g.Role to g.UserID (replacing the working group if already
	// held), recording who granted it in grant_events; notes (e.g. telling the
	// other admins) are queued in the same transaction. Its errors are internal.
	Grant(ctx context.Context, g Grant, by string, notes ...Notification) error

	// EnsureGrant gives g unless the user already holds g.Role, so a configured
	// admin is recorded once, not at every start. Its errors are internal.
	EnsureGrant(ctx context.Context, g Grant, by string) error

	// Revoke removes a role, held under any case of userID, recording who
	// revoked it; it reports whether the user held it. Revoking the last admin is refused (ECONFLICT): nobody could
	// grant anything after it.
	Revoke(ctx context.Context, userID string, r Role, by string) (bool, error)

	// GrantEvents lists the newest limit role changes, newest first.
	// Its errors are internal.
	GrantEvents(ctx context.Context, limit int) ([]GrantEvent, error)

	// Grants lists every role held, for the admin's overview.
	// Its errors are internal.
	Grants(ctx context.Context) ([]Grant, error)

	// UsersWithRole lists the holders of r. Its errors are internal.
	UsersWithRole(ctx context.Context, r Role) ([]string, error)

	// GroupStaff lists the staff limited to a working group.
	// Its errors are internal.
	GroupStaff(ctx context.Context, group string) ([]string, error)
}

// Verifiers are who verify and close (验收, 销号) the hazards of a domain
// whose working group is group ("" for a domain without one): the staff
// limited to that group; while it has none, the bureau-wide staff (staff
// limited to another group would be refused the 销号). Nil when there are
// none either: the caller asks the leaders, who cover every domain. The 待验收
// card, the morning escalation of a 待验收 hazard past its deadline and a
// 催办 of one go to them, not to the responsible person, who has done his
// part; so does the morning escalation of an overdue hazard nobody was
// assigned: the staff answerable for the domain, not those of another
// group, whose field it is not.
// Its errors are internal.
func Verifiers(ctx context.Context, rs RoleService, group string) ([]string, error) {
	if group != "" {
		staff, err := rs.GroupStaff(ctx, group)
		if err != nil || len(staff) > 0 {
			return staff, err
		}
	}
	grants, err := rs.Grants(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, g := range grants {
		if g.Role == RoleStaff && g.WorkingGroup == "" {
			out = append(out, g.UserID)
		}
	}
	return out, nil
}

// ValidUserID reports whether s can be a WeCom userid: 1–64 bytes of ASCII
// letters, digits and _-@., the first a letter or digit (通讯录 API doc
// 90195, 创建成员). A display name such as 张三 cannot be one.
func ValidUserID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i, c := range []byte(s) {
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		if !alnum && (i == 0 || c != '_' && c != '-' && c != '@' && c != '.') {
			return false
		}
	}
	return true
}
