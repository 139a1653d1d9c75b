-- A report from someone who is not staff looks up the enterprise they are
-- the registered principal of (issue 9: a principal's report is for their
-- own enterprise), on every such 上报.
CREATE INDEX IF NOT EXISTS enterprises_principal ON enterprises (principal);
