package store

import "safetybot"

// Store implements every service of package safetybot; these assertions
// keep it so at compile time.
var (
	_ safetybot.Store           = (*Store)(nil)
	_ safetybot.HazardService   = (*Store)(nil)
	_ safetybot.EvidenceService = (*Store)(nil)
	_ safetybot.TaskService     = (*Store)(nil)
	_ safetybot.PlanService     = (*Store)(nil)
	_ safetybot.DutyService     = (*Store)(nil)
	_ safetybot.RuleService     = (*Store)(nil)
	_ safetybot.ScheduleService = (*Store)(nil)
	_ safetybot.UnitService     = (*Store)(nil)
	_ safetybot.TipService      = (*Store)(nil)
	_ safetybot.RoleService     = (*Store)(nil)
	_ safetybot.OutboxService   = (*Store)(nil)
	_ safetybot.InboundService  = (*Store)(nil)
	_ safetybot.NameService     = (*Store)(nil)
	_ safetybot.CardService     = (*Store)(nil)
	_ safetybot.QuestionService = (*Store)(nil)
	_ safetybot.SessionService  = (*Store)(nil)
	_ safetybot.DigestService   = (*Store)(nil)
	_ safetybot.HealthService   = (*Store)(nil)
)
