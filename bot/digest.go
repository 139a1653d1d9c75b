package bot

import (
	"context"

	"safetybot/digest"
)

func (e *Engine) digestCommands() []*command {
	return []*command{
		// privateOnly: the digest names the people responsible and counts the
		// anonymous reports awaiting triage, which a group's other members
		// may not read (举报统计 is private for the same reason); the 08:30
		// digest goes to each leader alone.
		{verb: "摘要", alias: "digest", perm: permLeader, usage: "摘要", markdown: true, privateOnly: true,
			summary: "现在查看今日安全生产摘要（每天 8:30 也会自动发送；只在私聊中使用）", run: e.digest},
	}
}

// digest renders the same digest the scheduler sends at 08:30, now.
func (e *Engine) digest(ctx context.Context, _ *request) (string, error) {
	return digest.Build(ctx, e.store, e.dir, e.now())
}
