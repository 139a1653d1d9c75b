package main

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"safetybot"
	"safetybot/server"
	"safetybot/store"
	"safetybot/wecom/longconn"
)

// parseKickWait reads WECOM_WS_RECONNECT_AFTER_KICK: how long the long
// connection waits before reconnecting after another connection for the
// same bot replaced it. "MIN-MAX" (e.g. "10m-30m") waits a random duration
// in between, a single duration exactly that long; "" gives the default
// 10–30 min (zero values, longconn's defaults). Durations are Go's
// (time.ParseDuration), at least one minute, so two instances never fight
// at backoff pace.
func parseKickWait(s string) (lo, hi time.Duration, err error) {
	if s == "" {
		return 0, 0, nil
	}
	a, b, isRange := strings.Cut(s, "-")
	if lo, err = time.ParseDuration(strings.TrimSpace(a)); err == nil {
		hi = lo
		if isRange {
			hi, err = time.ParseDuration(strings.TrimSpace(b))
		}
	}
	if err != nil || lo < time.Minute || hi < lo {
		return 0, 0, usagef("WECOM_WS_RECONNECT_AFTER_KICK=%q：应为「最短-最长」如 10m-30m，或一个时长如 20m，每个至少 1m", s)
	}
	return lo, hi, nil
}

// tellAdminsDisplaced returns longconn's OnDisplaced: the administrators
// (SAFETYBOT_ADMINS and the holders of the admin role) get one message
// through the outbox saying the robot is offline and why.
func tellAdminsDisplaced(s *store.Store, admins []string, log *slog.Logger) func(context.Context, time.Duration) {
	return func(ctx context.Context, wait time.Duration) {
		ids, err := s.UsersWithRole(ctx, safetybot.RoleAdmin)
		if err != nil {
			log.Error("aibot long connection displaced: admins not told", "err", err)
			return
		}
		ids = append(ids, admins...)
		slices.Sort(ids)
		ids = slices.Compact(ids)
		body := fmt.Sprintf("【系统提醒】智能机器人的长连接被另一个连接挤下线（同一个机器人只能有一个长连接，可能还有另一个 safetybot 实例在运行）。"+
			"本实例约 %d 分钟后重连，在此之前群聊 @机器人 和单聊机器人暂不可用；应用私聊不受影响。请停止多余的实例；运行状态见 /healthz。",
			int(wait.Round(time.Minute)/time.Minute))
		notes := make([]safetybot.Notification, 0, len(ids))
		for _, id := range ids {
			notes = append(notes, safetybot.NotifyUser(id, body))
		}
		if len(notes) == 0 {
			log.Warn("aibot long connection displaced: no administrator to tell (SAFETYBOT_ADMINS is empty)")
			return
		}
		if err := s.Queue(ctx, notes...); err != nil {
			log.Error("aibot long connection displaced: admins not told", "err", err)
		}
	}
}

// channelStates reports the WeCom channels serve runs, for /healthz and
// /metrics.
func channelStates(in *inboundHandlers, out *outbound) func() []server.ChannelState {
	return func() []server.ChannelState {
		var cs []server.ChannelState
		if in.app != nil {
			cs = append(cs, server.ChannelState{Name: "app_callback", State: "listening", Up: true, LostReplies: in.app.LostReplies()})
		}
		if in.aibot != nil {
			cs = append(cs, server.ChannelState{Name: "aibot_callback", State: "listening", Up: true, LostReplies: in.aibot.LostReplies()})
		}
		if out.conn != nil {
			st := out.conn.Status()
			cs = append(cs, server.ChannelState{Name: "aibot_ws", State: st.State, Up: st.State == longconn.StateConnected, Displaced: st.Displaced})
		}
		return cs
	}
}
