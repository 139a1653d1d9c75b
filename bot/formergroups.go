package bot

import (
	"context"
	"strings"
)

// A plan revision may drop a working group while staff still hold grants
// limited to it (qa6a #6). Such a grant covers no domain and no group's
// duties; wherever it is shown it is named by the name the group had,
// marked as gone, never by its key (railway) nor as 领导组办公室, which is
// how a task without a group is shown.

// inPlan reports whether the current plan has the working group key.
func (e *Engine) inPlan(key string) bool {
	for _, g := range e.plan.Groups {
		if g.Key == key || g.Name == key {
			return true
		}
	}
	return false
}

// grantGroupName is how a grant's working group is shown: its name in the
// current plan, or the name it had in the newest archived plan that had
// it, marked 已从当前方案删除.
func (e *Engine) grantGroupName(ctx context.Context, key string) string {
	if e.inPlan(key) {
		return e.groupName(key)
	}
	return formerName(ctx, e, key) + "，已从当前方案删除"
}

// formerName finds the name the working group key had in an archived
// plan, newest first; the key itself when none had it.
func formerName(ctx context.Context, e *Engine, key string) string {
	vs, err := e.store.PlanVersions(ctx)
	if err != nil {
		e.log.WarnContext(ctx, "reading archived plans failed", "err", err)
		return key
	}
	for i := len(vs) - 1; i >= 0; i-- {
		f, _, err := e.store.ArchivedPlan(ctx, vs[i].ID)
		if err != nil {
			e.log.WarnContext(ctx, "reading an archived plan failed", "err", err)
			return key
		}
		for _, g := range f.Groups {
			if g.Key == key {
				return strings.TrimSpace(g.Name)
			}
		}
	}
	return key
}
