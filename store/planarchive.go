package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"safetybot"
)

// PlanVersions lists the archived plans, oldest first, with their numbers
// of tasks and archived task updates.
func (s *Store) PlanVersions(ctx context.Context) ([]safetybot.PlanVersion, error) {
	return list(ctx, s.q, `SELECT id, title, start, end, archived_at, archived_by, json_array_length(body, '$.tasks'),
		(SELECT count(*) FROM plan_archive_updates u WHERE u.plan_id = a.id)
		FROM plan_archive a ORDER BY id`, func(r scanner) (v safetybot.PlanVersion, err error) {
		err = r.Scan(&v.ID, &v.Title, &v.Start, &v.End, (*msTime)(&v.ArchivedAt), &v.ArchivedBy, &v.Tasks, &v.Updates)
		return v, err
	})
}

// ArchivedPlan returns archived plan id as it was when archived, its tasks'
// Progress and Updates filled from its archived updates, and those updates,
// oldest first. An unknown id is ENOTFOUND.
func (s *Store) ArchivedPlan(ctx context.Context, id int64) (*safetybot.PlanFile, []safetybot.TaskUpdate, error) {
	var body string
	err := s.q.QueryRowContext(ctx, "SELECT body FROM plan_archive WHERE id = ?", id).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, safetybot.Errorf(safetybot.ENOTFOUND, "没有「方案%d」。发送「方案」查看当前方案和历史方案。", id)
	}
	if err != nil {
		return nil, nil, err
	}
	var f safetybot.PlanFile
	if err := json.Unmarshal([]byte(body), &f); err != nil {
		return nil, nil, err
	}
	ups, err := list(ctx, s.q, "SELECT task_no, at, actor, note, progress FROM plan_archive_updates WHERE plan_id = ? ORDER BY id",
		func(r scanner) (u safetybot.TaskUpdate, err error) {
			err = r.Scan(&u.TaskNo, (*msTime)(&u.At), &u.Actor, &u.Note, &u.Progress)
			return u, err
		}, id)
	if err != nil {
		return nil, nil, err
	}
	safetybot.ApplyUpdates(f.Tasks, ups)
	groupDomains(&f.Plan)
	return &f, ups, nil
}

// PlanOfYear returns the plan whose reports cover year, with its tasks
// (progress filled) and all its task updates, oldest first: the loaded plan
// when its period includes the year or no archived plan's does, otherwise
// the most recently archived plan whose period includes it.
func (s *Store) PlanOfYear(ctx context.Context, year int) (*safetybot.Plan, []*safetybot.Task, []safetybot.TaskUpdate, error) {
	p, err := s.Plan(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	if !p.Covers(year) {
		vs, err := s.PlanVersions(ctx)
		if err != nil {
			return nil, nil, nil, err
		}
		for i := len(vs) - 1; i >= 0; i-- {
			v := &safetybot.Plan{Phases: []safetybot.Phase{{Start: vs[i].Start, End: vs[i].End}}}
			if !v.Covers(year) {
				continue
			}
			f, ups, err := s.ArchivedPlan(ctx, vs[i].ID)
			if err != nil {
				return nil, nil, nil, err
			}
			return &f.Plan, taskPointers(f.Tasks), ups, nil
		}
	}
	ups, err := s.TaskUpdates(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	return p, taskPointers(p.Tasks), ups, nil
}

func taskPointers(ts []safetybot.Task) []*safetybot.Task {
	out := make([]*safetybot.Task, len(ts))
	for i := range ts {
		out[i] = &ts[i]
	}
	return out
}
