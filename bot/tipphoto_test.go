package bot

import (
	"strings"
	"testing"
)

// TestNoReplySendsAPhotoToTheWebPage: the report page takes text only, so
// neither the chat receipt nor the reply to a photo sent after 举报 may
// tell the whistleblower to hand in photos there (qa13 #2); both say how
// to add in words instead.
func TestNoReplySendsAPhotoToTheWebPage(t *testing.T) {
	f := newTipFixture(t)
	receipt := f.say("wb_photo", "举报 顺达客运站停车场夜里有危化品车辆违规停放")
	for _, tc := range []struct{ name, got string }{
		{"receipt", receipt},
		{"photo after 举报", errAfterTip.Error()},
	} {
		for _, bad := range []string{"需要交照片请用网页举报", "需要交照片时请使用网页"} {
			if strings.Contains(tc.got, bad) {
				t.Errorf("%s promises what the page cannot do (%q):\n%s", tc.name, bad, tc.got)
			}
		}
		if !strings.Contains(tc.got, "补充 <回执码> <内容>") || !strings.Contains(tc.got, "网页举报也不能上传照片") {
			t.Errorf("%s does not say how to add in words:\n%s", tc.name, tc.got)
		}
	}
}
