package safetybot

import "strings"

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

// User is who sent a message, with what the store knows of them.
type User struct {
	ID     string
	Grants []Grant
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
