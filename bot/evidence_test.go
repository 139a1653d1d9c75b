package bot

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeMedia is a MediaFetcher over a map, counting downloads.
type fakeMedia struct {
	mu      sync.Mutex
	files   map[string][]byte
	calls   int
	onFetch func() // runs during each download, if set
}

func (f *fakeMedia) FetchMedia(_ context.Context, id string) ([]byte, string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.onFetch != nil {
		f.onFetch()
	}
	data, ok := f.files[id]
	if !ok {
		return nil, "", errors.New("40007 invalid media_id")
	}
	return data, "application/octet-stream", nil
}

var jpeg = append([]byte("\xff\xd8\xff\xe0"), make([]byte, 3000)...)

func TestEvidenceAttachesToRecentReport(t *testing.T) {
	f := newFixture(t)
	media := &fakeMedia{files: map[string][]byte{"m1": jpeg, "m2": []byte("<svg onload=alert(1)>"), "m3": jpeg}}
	image := func(user, id string) string {
		return f.send(Message{Source: "test", ChatType: ChatSingle, UserID: user, Kind: KindImage, MediaID: id, Media: media})
	}
	location := func(user string, lat, lng float64, label string) string {
		return f.send(Message{Source: "test", ChatType: ChatSingle, UserID: user, Kind: KindLocation, Lat: lat, Lng: lng, Label: label})
	}

	// No report yet: a clear answer, nothing downloaded.
	if got := image("zhangsan", "m1"); !strings.Contains(got, "先发送「上报") {
		t.Fatalf("image with no report: %s", got)
	}
	if media.calls != 0 {
		t.Fatal("downloaded an image that belongs to nothing")
	}
	f.say("zhangsan", "上报 码头护栏缺失 领域:水上")
	f.clock.Add(5 * time.Minute)
	if got := image("zhangsan", "m1"); !strings.Contains(got, "已将照片附到隐患 YH2026-0001") {
		t.Fatalf("image: %s", got)
	}
	if got := location("zhangsan", 28.1234567, 112.9876543, "三号码头"); !strings.Contains(got, "位置「三号码头」附到隐患 YH2026-0001") {
		t.Fatalf("location: %s", got)
	}
	// Not an image; another user's photo; an invalid location.
	if got := image("zhangsan", "m2"); !strings.Contains(got, "不是图片") {
		t.Fatalf("svg accepted: %s", got)
	}
	if got := image("lisi", "m1"); !strings.Contains(got, "没有找到") {
		t.Fatalf("another user's image attached: %s", got)
	}
	if got := location("zhangsan", 200, 0, ""); !strings.Contains(got, "位置无效") {
		t.Fatalf("bad location: %s", got)
	}
	// An expired media_id (40007): the sender is asked to send it again, and
	// is not shown the server's settings.
	if got := image("zhangsan", "gone"); !strings.Contains(got, "图片下载失败") || !strings.Contains(got, "请重新发送这张照片") || strings.Contains(got, "WECOM") {
		t.Fatalf("failed download: %s", got)
	}
	// The window closes ten minutes after the report.
	f.clock.Add(6 * time.Minute)
	if got := image("zhangsan", "m3"); !strings.Contains(got, "没有找到") {
		t.Fatalf("late image attached: %s", got)
	}

	detail := f.say("admin", "隐患 YH2026-0001")
	for _, want := range []string{"证据（2）", "照片 3 KB", "位置 三号码头 （28.123457, 112.987654）", "zhangsan 证据：照片"} {
		if !strings.Contains(detail, want) {
			t.Errorf("detail lacks %q:\n%s", want, detail)
		}
	}
	evs, err := f.store.Evidence(context.Background(), "YH2026-0001")
	if err != nil || len(evs) != 2 || evs[0].ContentType != "image/jpeg" || evs[0].Size != len(jpeg) || evs[0].Data != nil {
		t.Fatalf("Evidence = %+v, %v", evs, err)
	}
	data, ctype, err := f.store.EvidencePhoto(context.Background(), evs[0].ID)
	if err != nil || ctype != "image/jpeg" || len(data) != len(jpeg) {
		t.Fatalf("EvidencePhoto: %d bytes, %q, %v", len(data), ctype, err)
	}
	if _, _, err := f.store.EvidencePhoto(context.Background(), evs[1].ID); err == nil {
		t.Fatal("a location served as a photo")
	}
}

func TestEvidenceWithoutFetcher(t *testing.T) {
	f := newFixture(t)
	f.say("zhangsan", "上报 码头护栏缺失")
	got := f.send(Message{Source: "test", ChatType: ChatSingle, UserID: "zhangsan", Kind: KindImage, MediaID: "m1"})
	if !strings.Contains(got, "无法下载图片") {
		t.Fatalf("no fetcher: %s", got)
	}
}

// A photo sent within 10 minutes of a 举报 is never filed, not even under
// the sender's own 上报 from just before (issue 10 §18): its sender and time
// would name the reporter.
func TestNoEvidenceRightAfterATip(t *testing.T) {
	f := newFixture(t)
	media := &fakeMedia{files: map[string][]byte{"m1": jpeg}}
	photo := func(user string) string {
		return f.send(Message{Source: "test", ChatType: ChatSingle, UserID: user, Kind: KindImage, MediaID: "m1", Media: media})
	}
	f.say("zhangsan", "上报 码头护栏缺失 领域:水上")
	if got := f.say("zhangsan", "举报 某危货公司夜间超载运输甲醇"); !strings.Contains(got, "请不要在这里发照片") {
		t.Fatalf("举报 reply does not warn about photos: %s", got)
	}
	before := f.logs.String()
	if got := photo("zhangsan"); !strings.Contains(got, "一律不保存") {
		t.Fatalf("photo after 举报: %s", got)
	}
	if after := f.logs.String(); after != before {
		t.Errorf("the refused photo wrote a log line: %q", strings.TrimPrefix(after, before))
	}
	if ev, err := f.store.Evidence(context.Background(), "YH2026-0001"); err != nil || len(ev) != 0 {
		t.Fatalf("evidence filed after a 举报: %v %v", ev, err)
	}
	if media.calls != 0 {
		t.Errorf("the photo was downloaded %d times", media.calls)
	}
	// Someone else's photo is unaffected.
	f.say("lisi", "上报 渡口救生衣不足 领域:水上")
	if got := photo("lisi"); !strings.Contains(got, "YH2026-0002") {
		t.Errorf("lisi's photo: %s", got)
	}
	f.clock.Add(EvidenceWindow + time.Second)
	f.say("zhangsan", "上报 码头照明不足 领域:水上")
	if got := photo("zhangsan"); !strings.Contains(got, "YH2026-0003") {
		t.Errorf("photo 10 minutes after the 举报, after a new 上报: %s", got)
	}
}

func TestTipStatsPrivateOnly(t *testing.T) {
	f := newFixture(t)
	if got := f.sayInGroup("admin", "wr001", "举报统计"); !strings.Contains(got, "只能在与机器人的私聊中使用") {
		t.Errorf("举报统计 in a group: %s", got)
	}
	if got := f.say("admin", "举报统计"); !strings.Contains(got, "匿名举报统计") {
		t.Errorf("举报统计 in private: %s", got)
	}
}

// A photo or location never goes to a hazard that takes no more changes
// (QA2 item 2: after 驳回 the reporter's photos still went to it, even after
// they had moved on to 修改 another hazard). Nothing is downloaded.
func TestNoEvidenceOnAFinishedHazard(t *testing.T) {
	tests := []struct {
		name, finish, status string
	}{
		{"驳回", "驳回 YH2026-0002 重复上报", "已驳回"},
		{"销号", "销号 YH2026-0002 现场已整改", "已销号"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			media := &fakeMedia{files: map[string][]byte{"m1": jpeg}}
			f.say("zhangsan", "上报 客运站安检机故障 单位:通达 领域:道路运输")
			f.say("zhangsan", "上报 客运站安检机故障（重复上报测试） 领域:道路运输")
			if got := f.say("admin", tt.finish); !strings.Contains(got, "YH2026-0002") {
				t.Fatalf("%s: %s", tt.finish, got)
			}
			f.say("zhangsan", "修改 YH2026-0001 地点:候车厅")
			got := f.send(Message{Source: "test", ChatType: ChatSingle, UserID: "zhangsan", Kind: KindImage, MediaID: "m1", Media: media})
			for _, want := range []string{"YH2026-0002", tt.status, "不能再附照片", "这张照片未保存"} {
				if !strings.Contains(got, want) {
					t.Errorf("photo reply lacks %q: %s", want, got)
				}
			}
			got = f.send(Message{Source: "test", ChatType: ChatSingle, UserID: "zhangsan", Kind: KindLocation, Lat: 35.69, Lng: 112.05, Label: "客运站"})
			if !strings.Contains(got, "这个位置未保存") {
				t.Errorf("location reply: %s", got)
			}
			if media.calls != 0 {
				t.Error("downloaded a photo that is not kept")
			}
			for _, n := range []string{"YH2026-0001", "YH2026-0002"} {
				if evs, err := f.store.Evidence(context.Background(), n); err != nil || len(evs) != 0 {
					t.Errorf("%s evidence = %+v, %v", n, evs, err)
				}
			}
		})
	}
}

// A 驳回 committed while the photo downloads, after the bot saw the hazard
// open, is decided in the store's transaction: the reply is the one a photo
// sent after the 驳回 gets, and nothing is filed.
func TestEvidenceRejectedDuringDownload(t *testing.T) {
	f := newFixture(t)
	f.say("zhangsan", "上报 码头护栏缺失 领域:水上")
	media := &fakeMedia{files: map[string][]byte{"m1": jpeg}, onFetch: func() {
		if got := f.say("admin", "驳回 YH2026-0001 重复上报"); !strings.Contains(got, "已驳回") {
			t.Errorf("驳回: %s", got)
		}
	}}
	got := f.send(Message{Source: "test", ChatType: ChatSingle, UserID: "zhangsan", Kind: KindImage, MediaID: "m1", Media: media})
	want := "您 10 分钟内上报的隐患 YH2026-0001（码头护栏缺失）已驳回，不能再附照片，这张照片未保存。\n" +
		"如是新的隐患，请先发送「上报 <隐患描述>」，再在 10 分钟内发送照片或位置。"
	if got != want {
		t.Errorf("photo during 驳回:\n got %q\nwant %q", got, want)
	}
	if media.calls != 1 {
		t.Fatalf("%d downloads, want the one during which it was rejected", media.calls)
	}
	if evs, err := f.store.Evidence(context.Background(), "YH2026-0001"); err != nil || len(evs) != 0 {
		t.Errorf("evidence = %+v, %v", evs, err)
	}
}
