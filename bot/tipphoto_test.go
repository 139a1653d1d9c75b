package bot

import (
	"fmt"
	"strings"
	"testing"

	"safetybot/internal/photo/phototest"
)

// TestPhotosAfterATipGoToTheWebPage: a photo sent in chat after 举报 is
// still refused (it carries the sender's account and the second it was
// sent); the report page now takes photos, keeping the pixels only, so
// the receipt and the refusal both say how to hand in words (补充) and
// photos (the page's 补充, in the phone's own browser), and neither says
// the page takes text only (qa13 #2 held while it did).
func TestPhotosAfterATipGoToTheWebPage(t *testing.T) {
	f := newTipFixture(t)
	receipt := f.say("wb_photo", "举报 顺达客运站停车场夜里有危化品车辆违规停放")
	photo := f.send(Message{Source: "test", ChatType: ChatSingle, UserID: "wb_photo", Kind: KindImage, MediaID: "m1"})
	for _, tc := range []struct{ name, got string }{
		{"receipt", receipt},
		{"photo after 举报", photo},
	} {
		for _, want := range []string{"补充 <回执码> <内容>", "https://example.gov.cn/report/status", "不要在企业微信里打开", "最多 3 张"} {
			if !strings.Contains(tc.got, want) {
				t.Errorf("%s does not say %q:\n%s", tc.name, want, tc.got)
			}
		}
		if strings.Contains(tc.got, "网页举报也不能上传照片") || strings.Contains(tc.got, "举报只收文字") {
			t.Errorf("%s still says the page takes text only:\n%s", tc.name, tc.got)
		}
	}
	if !strings.Contains(photo, "一律不保存") {
		t.Errorf("the photo is not refused:\n%s", photo)
	}
}

// TestTipDetailSaysWhereThePhotosAre: the handler's detail (受理 <编号>)
// says how many photos a report holds and links the dashboard page that
// shows them; a report without photos says nothing of photos.
func TestTipDetailSaysWhereThePhotosAre(t *testing.T) {
	f := newTipFixture(t)
	f.say("admin", "授权 h1 受理人")
	jpeg := []byte("\xff\xd8\xffpixels")
	with, err := f.store.CreateTip(t.Context(), []byte("hash-with"), "码头消防通道被锁", [][]byte{jpeg, jpeg})
	if err != nil {
		t.Fatal(err)
	}
	without, err := f.store.CreateTip(t.Context(), []byte("hash-without"), "客运站安检仪停用", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id   int64
		want string
	}{
		{with.ID, fmt.Sprintf("照片：2 张，只在驾驶舱查看（以受理人身份登录，查看会留痕）：/tips/%d/photos", with.ID)},
		{without.ID, ""},
	} {
		got := f.say("h1", fmt.Sprintf("受理 %d", tc.id))
		if tc.want != "" && !strings.Contains(got, tc.want) || tc.want == "" && strings.Contains(got, "照片") {
			t.Errorf("受理 %d:\n%s\nwant %q", tc.id, got, tc.want)
		}
	}
}

// TestVerifiedTipLeavesItsPhotosBehind: 查实 registers the hazard without
// the report's photos (a photo from inside a workplace can tell who took
// it); they stay with the report for its handlers.
func TestVerifiedTipLeavesItsPhotosBehind(t *testing.T) {
	f := newTipFixture(t)
	f.say("admin", "授权 h1 受理人")
	tip, err := f.store.CreateTip(t.Context(), []byte("hash"), "某危货运输公司车辆超载运输甲醇", [][]byte{[]byte("\xff\xd8\xffpixels")})
	if err != nil {
		t.Fatal(err)
	}
	got := f.say("h1", fmt.Sprintf("查实 %d 某危货运输公司车辆超载运输甲醇 单位:某危货运输公司 领域:道路运输 等级:重大", tip.ID))
	if !strings.Contains(got, "YH2026-0001") {
		t.Fatalf("查实:\n%s", got)
	}
	evs, err := f.store.Evidence(t.Context(), "YH2026-0001")
	if err != nil || len(evs) != 0 {
		t.Fatalf("the hazard has %d evidence items (%v)", len(evs), err)
	}
	if photos, err := f.store.TipPhotos(t.Context(), tip.ID, "h1"); err != nil || len(photos) != 1 {
		t.Fatalf("the report keeps %d photos (%v)", len(photos), err)
	}
}

// TestTipStatusSaysHowManyPhotos: the reporter's 查询 in chat says how
// many photos the report holds (sent on the page), never more.
func TestTipStatusSaysHowManyPhotos(t *testing.T) {
	f := newTipFixture(t)
	desk := f.engine.Tips()
	code, err := desk.Submit(t.Context(), desk.WebClient("203.0.113.9"), "码头消防通道被锁", [][]byte{phototest.JPEG(16, 16, 1), phototest.PNG(8, 8)})
	if err != nil {
		t.Fatal(err)
	}
	got := f.say("wb_status", "查询 "+code)
	if !strings.Contains(got, "已收到照片 2 张") || strings.Contains(got, "/tips/") {
		t.Errorf("查询:\n%s", got)
	}
}
