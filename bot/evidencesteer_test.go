package bot

import (
	"strings"
	"testing"
	"time"
)

// A photo of a responsible person that no 上报 or 附照片 this process
// remembers goes nowhere, and its reply lists the hazards he is fixing
// first, with the 附照片 to send; the one he reported before a restart is
// named too, as for any reporter (QA16 #5: boss1, fixing YH2026-0002 and
// -0007, was pointed at YH2026-0006 alone, a hazard he reported).
func TestPhotoOfAssigneeListsHisHazards(t *testing.T) {
	tests := []struct {
		name      string
		wait      time.Duration // from the 上报s to the photo
		restart   bool          // the process restarts before the photo
		want, not []string
	}{
		{"reported, then a restart", time.Minute, true,
			[]string{"这张照片未保存", "机器人重启过", "您负责整改的隐患：YH2026-0002、YH2026-0007", "「附照片 YH2026-0002」",
				"您 10 分钟内上报的隐患 YH2026-0006（码头系缆桩松动）", "「附照片 YH2026-0006」"},
			[]string{"已将"}},
		{"no 上报", 20 * time.Minute, false,
			[]string{"这张照片未保存", "您负责整改的隐患：YH2026-0002、YH2026-0007", "「附照片 YH2026-0002」"},
			[]string{"已将", "YH2026-0006", "机器人重启过"}},
		{"no 上报, a restart", 20 * time.Minute, true,
			[]string{"这张照片未保存", "您负责整改的隐患：YH2026-0002、YH2026-0007", "「附照片 YH2026-0002」"},
			[]string{"已将", "YH2026-0006", "机器人重启过"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			media := &fakeMedia{files: map[string][]byte{"m1": jpeg}}
			for i := 1; i <= 7; i++ {
				if i == 6 { // his own report, fixed by someone else
					f.say("boss1", "上报 码头系缆桩松动 领域:水上")
					continue
				}
				f.say("zhangsan", "上报 码头护栏缺失 领域:水上")
			}
			f.converse([]step{
				{"admin", "指派 YH2026-0002 boss1 期限:12月20日", []string{"已将"}, nil},
				{"admin", "指派 YH2026-0007 boss1 期限:12月25日", []string{"已将"}, nil},
				{"admin", "指派 YH2026-0006 zhao 期限:12月25日", []string{"已将"}, nil},
			})
			f.clock.Add(tt.wait)
			if tt.restart {
				f.restart()
			}
			got := f.send(Message{Source: "app", ChatType: ChatSingle, UserID: "boss1", Kind: KindImage, MediaID: "m1", Media: media})
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("reply lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(got, w) {
					t.Errorf("reply has %q:\n%s", w, got)
				}
			}
			if media.calls != 0 {
				t.Errorf("downloaded %d times", media.calls)
			}
		})
	}
}
