package bot

import (
	"context"
	"strings"
	"testing"
	"time"
)

// The responsible person attaches his rectification photos with 附照片, as
// the reporter attaches his; they are told apart as 整改后 in the trail, and
// anyone else is told who may attach (QA12 #4: zhao, the assignee, was told
// 「不是您上报的」, and his lone photo 「没有找到您10分钟内上报的隐患」).
func TestAttachByAssignee(t *testing.T) {
	f := newFixture(t)
	media := &fakeMedia{files: map[string][]byte{"m1": jpeg}}
	photo := func(user string) string {
		return f.send(Message{Source: "app", ChatType: ChatSingle, UserID: user, Kind: KindImage, MediaID: "m1", Media: media})
	}
	f.converse([]step{
		{"zhangsan", "上报 码头护栏缺失 领域:水上", []string{"YH2026-0001"}, nil},
		{"admin", "确认 YH2026-0001", []string{"已确认"}, nil},
		{"admin", "指派 YH2026-0001 zhao 期限:12月20日", []string{"已将"}, nil},
	})
	f.clock.Add(20 * time.Minute) // the reporter's own window is over
	tests := []struct {
		user, text string // text "" sends a photo
		want, not  []string
	}{
		{"zhao", "", []string{"没有找到您 10 分钟内上报的隐患", "这张照片未保存", "您负责整改的隐患：YH2026-0001", "「附照片 YH2026-0001」"}, []string{"已将"}},
		{"lisi", "附照片 YH2026-0001", []string{"不是您上报的，也没有指派给您整改", "上报人（现场照片）或整改责任人（整改后照片）"}, []string{"好的"}},
		{"lisi", "", []string{"没有找到您 10 分钟内上报的隐患"}, []string{"您负责整改的隐患："}},
		{"zhao", "附照片 yh2026-1", []string{"好的", "将作为整改后照片附到隐患 YH2026-0001（码头护栏缺失）"}, []string{"不是您上报的"}},
		{"zhao", "", []string{"已将整改后照片附到隐患 YH2026-0001"}, nil},
		{"zhangsan", "附照片 YH2026-0001", []string{"将附到隐患 YH2026-0001"}, []string{"整改后"}},
		{"zhangsan", "", []string{"已将照片附到隐患 YH2026-0001"}, []string{"整改后"}},
		{"admin", "隐患 YH2026-0001", []string{"证据（2）", "zhao 证据：整改后照片（3 KB）", "zhangsan 证据：照片（3 KB）"}, nil},
	}
	for i, tt := range tests {
		var got string
		if tt.text == "" {
			got = photo(tt.user)
		} else {
			got = f.say(tt.user, tt.text)
		}
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("step %d %s %q: reply lacks %q:\n%s", i+1, tt.user, tt.text, w, got)
			}
		}
		for _, w := range tt.not {
			if strings.Contains(got, w) {
				t.Errorf("step %d %s %q: reply has %q:\n%s", i+1, tt.user, tt.text, w, got)
			}
		}
	}
	if evs, err := f.store.Evidence(context.Background(), "YH2026-0001"); err != nil || len(evs) != 2 {
		t.Fatalf("evidence %+v %v, want zhao's and zhangsan's photo", evs, err)
	}
}
