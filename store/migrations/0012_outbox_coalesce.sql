-- Notices of one kind to one person within a minute go out as one message
-- (issue 10 §17: 40 major reports in a minute must not make 40 pushes to
-- each leader). coalesce names the kind ('' never coalesces).
ALTER TABLE outbox ADD COLUMN coalesce TEXT NOT NULL DEFAULT '';
