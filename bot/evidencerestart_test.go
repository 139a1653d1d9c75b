package bot

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// restart replaces the fixture's engine with a new one on the same
// database, as a serve restart does: whatever the engine kept in memory is
// gone.
func (f *fixture) restart() {
	f.t.Helper()
	e, err := NewEngine(context.Background(), f.store, Config{Admins: []string{"admin"}, Now: f.clock.Now, Logger: slog.New(slog.NewTextHandler(f.logs, nil))})
	if err != nil {
		f.t.Fatal(err)
	}
	f.engine = e
}

// A photo attaches by itself only to a 上报 this process remembers (QA4
// item 2): after a restart the engine no longer knows who sent a 举报, so a
// 上报 found in the database must not take the photo; the reply names that
// hazard and the exact 附照片 command, and nothing is downloaded or filed.
func TestEvidenceAfterRestart(t *testing.T) {
	tests := []struct {
		name   string
		before []string // mix1's messages before the restart
		want   []string // in the photo's reply after the restart
	}{
		{"举报 then restart", []string{"上报 收费站岗亭玻璃破损，存在划伤风险 领域:公路运营", "举报 站长把罚没款私分"},
			[]string{"这张照片未保存", "机器人重启过", "「附照片 YH2026-0001」"}},
		{"上报 then restart", []string{"上报 收费站岗亭玻璃破损，存在划伤风险 领域:公路运营"},
			[]string{"这张照片未保存", "YH2026-0001（收费站岗亭玻璃破损，存在划伤风险）", "「附照片 YH2026-0001」"}},
		{"no 上报", nil, []string{"没有找到您 10 分钟内上报的隐患", "附照片 <编号>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			media := &fakeMedia{files: map[string][]byte{"m1": jpeg}}
			photo := func() string {
				return f.send(Message{Source: "test", ChatType: ChatSingle, UserID: "mix1", Kind: KindImage, MediaID: "m1", Media: media})
			}
			for _, text := range tt.before {
				f.say("mix1", text)
			}
			f.clock.Add(time.Minute)
			f.restart()
			got := photo()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("photo after restart lacks %q:\n%s", w, got)
				}
			}
			if media.calls != 0 {
				t.Errorf("downloaded %d times", media.calls)
			}
			if len(tt.before) == 0 {
				return
			}
			if evs, err := f.store.Evidence(context.Background(), "YH2026-0001"); err != nil || len(evs) != 0 {
				t.Fatalf("filed after a restart: %+v %v", evs, err)
			}
			// Named explicitly, the photo goes to the reporter's own hazard.
			if got := f.say("mix1", "附照片 YH2026-0001"); !strings.Contains(got, "将附到隐患 YH2026-0001") {
				t.Fatalf("附照片: %s", got)
			}
			if got := photo(); !strings.Contains(got, "已将照片附到隐患 YH2026-0001") {
				t.Fatalf("photo after 附照片: %s", got)
			}
		})
	}
}

// 附照片 names a hazard only its reporter may attach to, while it is open;
// a 举报 after it still keeps the next photos out.
func TestAttachTo(t *testing.T) {
	f := newFixture(t)
	media := &fakeMedia{files: map[string][]byte{"m1": jpeg}}
	photo := func(user string) string {
		return f.send(Message{Source: "test", ChatType: ChatSingle, UserID: user, Kind: KindImage, MediaID: "m1", Media: media})
	}
	f.say("zhangsan", "上报 渡口救生衣不足 领域:水上")
	f.say("zhangsan", "上报 码头护栏缺失 领域:水上")
	f.say("admin", "驳回 YH2026-0002 重复上报")
	f.converse([]step{
		{user: "zhangsan", text: "附照片", want: []string{"请写明要附照片的隐患编号", "用法：附照片 <编号>"}},
		{user: "zhangsan", text: "附照片 YH2026-0099", want: []string{"没有编号为 YH2026-0099 的隐患", "编号见上报时机器人的回复"}},
		{user: "lisi", text: "附照片 YH2026-0001", want: []string{"不是您上报的"}},
		{user: "zhangsan", text: "附照片 YH2026-0002", want: []string{"已驳回", "不能再附照片或位置"}},
		{user: "zhangsan", text: "附照片 yh2026-1", want: []string{"将附到隐患 YH2026-0001（渡口救生衣不足）"}},
	})
	if got := f.sayInGroup("zhangsan", "wr001", "附照片 YH2026-0001"); !strings.Contains(got, "只能在与机器人的私聊中使用") {
		t.Errorf("附照片 in a group: %s", got)
	}
	if got := photo("zhangsan"); !strings.Contains(got, "已将照片附到隐患 YH2026-0001") {
		t.Fatalf("photo after 附照片: %s", got)
	}
	f.say("zhangsan", "举报 某危货公司夜间超载运输甲醇")
	f.clock.Add(3 * time.Minute)
	if got := f.say("zhangsan", "附照片 YH2026-0001"); !strings.Contains(got, "接下来 7 分钟内无法接收照片") {
		t.Errorf("附照片 after 举报: %s", got)
	}
	if got := photo("zhangsan"); !strings.Contains(got, "一律不保存") {
		t.Fatalf("photo after 举报 and 附照片: %s", got)
	}
	if evs, _ := f.store.Evidence(context.Background(), "YH2026-0001"); len(evs) != 1 {
		t.Fatalf("evidence = %+v, want the one photo before the 举报", evs)
	}
}

// What 附照片 says where its photos cannot come (qa5 #5, #6, #7): in the
// intelligent robot's chats, which take no photos, it sends the user to the
// app at once; within 10 minutes of a 举报 it says photos cannot be taken
// for the minutes left and names nothing; an unknown number points to the
// user's own reports, not to 「隐患」, which lists what is assigned to them.
func TestAttachToWhereNoPhotoComes(t *testing.T) {
	for _, tc := range []struct {
		name   string
		before []string // sent by zhangsan, a minute apart
		msg    Message
		want   []string
		not    []string
	}{
		{"robot single chat", nil,
			Message{Source: "aibot", ChatType: ChatSingle, UserID: "zhangsan", Text: "附照片 YH2026-0001"},
			[]string{"智能机器人收不到照片和位置", "「安全生产助手」应用的私聊中发送「附照片 <编号>」"}, []string{"好的"}},
		{"robot long connection, group", nil,
			Message{Source: "aibot-ws", ChatType: ChatGroup, ChatID: "wrG1", UserID: "zhangsan", Text: "附照片 YH2026-0001"},
			[]string{"智能机器人收不到照片和位置"}, []string{"请私聊机器人"}},
		{"right after a 举报", []string{"举报 某危货公司夜间超载运输甲醇"},
			Message{Source: "app", ChatType: ChatSingle, UserID: "zhangsan", Text: "附照片 YH2026-0001"},
			[]string{"「附照片」未生效", "举报后 10 分钟内", "接下来 9 分钟内无法接收照片", "9 分钟后再发送「附照片 YH2026-0001」"}, []string{"好的"}},
		{"unknown number, no role", nil,
			Message{Source: "app", ChatType: ChatSingle, UserID: "zhangsan", Text: "附照片 YH2026-9999"},
			[]string{"没有编号为 YH2026-9999 的隐患", "您自己上报的隐患"}, []string{"发送「隐患」"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.say("zhangsan", "上报 渡口救生衣不足 领域:水上")
			for _, text := range tc.before {
				f.say("zhangsan", text)
				f.clock.Add(time.Minute)
			}
			got := f.send(tc.msg)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("reply lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(got, w) {
					t.Errorf("reply has %q:\n%s", w, got)
				}
			}
			// nothing was chosen: a photo in the app's chat is not filed under a 附照片
			f.clock.Add(EvidenceWindow)
			photo := f.send(Message{Source: "app", ChatType: ChatSingle, UserID: "zhangsan", Kind: KindImage, MediaID: "m1",
				Media: &fakeMedia{files: map[string][]byte{"m1": jpeg}}})
			if strings.Contains(photo, "已将照片附到") {
				t.Errorf("photo filed after %s: %s", tc.name, photo)
			}
		})
	}
}

// A photo refused because the hazard 附照片 chose was closed meanwhile names
// the hazard as chosen, not as 「您 10 分钟内上报的」 (qa5 #7).
func TestAttachToClosedMeanwhile(t *testing.T) {
	f := newFixture(t)
	f.say("zhangsan", "上报 渡口救生衣不足 领域:水上")
	f.clock.Add(EvidenceWindow + time.Minute)
	f.say("zhangsan", "附照片 YH2026-0001")
	f.say("admin", "驳回 YH2026-0001 重复上报")
	got := f.send(Message{Source: "app", ChatType: ChatSingle, UserID: "zhangsan", Kind: KindImage, MediaID: "m1",
		Media: &fakeMedia{files: map[string][]byte{"m1": jpeg}}})
	if want := "您用「附照片」指定的隐患 YH2026-0001（渡口救生衣不足）已驳回"; !strings.HasPrefix(got, want) {
		t.Errorf("got %q, want %s…", got, want)
	}
}
