package reportpage_test

import (
	"bytes"
	"context"
	"html"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/internal/photo"
	"safetybot/internal/photo/phototest"
	"safetybot/web/reportpage"
)

// file is one file part of a multipart post.
type file struct {
	name string
	data []byte
}

// multipartBody is a browser's multipart/form-data post of fields (in
// order, code before content as the page's forms have them) and files,
// all named photo.
func multipartBody(t testing.TB, fields [][2]string, files []file) ([]byte, string) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for _, f := range fields {
		w.WriteField(f[0], f[1])
	}
	for _, f := range files {
		part, err := w.CreateFormFile("photo", f.name)
		if err != nil {
			t.Fatal(err)
		}
		part.Write(f.data)
	}
	w.Close()
	return b.Bytes(), w.FormDataContentType()
}

// upload posts fields and files to path as a browser on the same origin.
func (e *env) upload(path, remote string, fields [][2]string, files ...file) *httptest.ResponseRecorder {
	e.t.Helper()
	body, ctype := multipartBody(e.t, fields, files)
	req := httptest.NewRequest("POST", path, bytes.NewReader(body))
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.RemoteAddr = remote
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return rec
}

func (e *env) count(table string) int {
	e.t.Helper()
	tips, err := e.store.Tips(context.Background(), safetybot.TipFilter{}, "test")
	if err != nil {
		e.t.Fatal(err)
	}
	if table == "tips" {
		return len(tips)
	}
	n := 0
	for _, t := range tips {
		n += t.Photos
	}
	return n
}

// textarea is what the page's textarea holds.
func textarea(body string) string {
	m := regexp.MustCompile(`(?s)<textarea[^>]*>(.*?)</textarea>`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// TestReportWithPhotos: a report takes up to MaxTipPhotos photos, with or
// without the page's script; a photo that is not an image, is over 10 MB
// or cannot be read, one too many, or a body past the limit refuses the
// whole report with the reason, the text as typed back in the form, and
// nothing stored.
func TestReportWithPhotos(t *testing.T) {
	const text = "顺达客运站 3 号车超载，车牌浙A12345，每天早上发车"
	phone := phototest.JPEG(64, 48, 6)
	for _, tc := range []struct {
		name    string
		files   []file
		status  int
		want    string // in the answer
		photos  int    // stored with the report
		keepsIt bool   // the typed text is back in the form
	}{
		{"no photo, empty file input", []file{{"", nil}}, 200, "只显示这一次", 0, false},
		{"two phone photos", []file{{phototest.FileName, phone}, {"IMG_20261207_142400.jpg", phototest.PNG(30, 20)}}, 200, "已收到照片 2 张", 2, false},
		{"three scaled by the script", []file{{"照片1.jpg", phone}, {"照片2.jpg", phone}, {"照片3.jpg", phone}}, 200, "已收到照片 3 张", 3, false},
		{"four photos", []file{{"a.jpg", phone}, {"b.jpg", phone}, {"c.jpg", phone}, {"d.jpg", phone}}, 400, "最多附 3 张照片，这次提交的内容都没有保存", 0, true},
		{"an iPhone HEIC", []file{{"IMG_4501.HEIC", phototest.HEIC()}}, 400, "第 1 张照片是 HEIC 格式（苹果手机默认的照片格式），本页面无法读取。请在相册中截图后上传截图，或在手机「设置 → 相机 → 格式」中选「兼容性最佳」", 0, true},
		{"a document named .jpg", []file{{"a.jpg", phone}, {"合同.jpg", []byte("%PDF-1.7 合同")}}, 400, "第 2 个文件不是图片", 0, true},
		{"over 10 MB", []file{{"big.jpg", append(append([]byte{}, phone...), make([]byte, photo.MaxBytes)...)}}, 400, "第 1 张照片超过 10 MB", 0, true},
		{"a broken JPEG", []file{{"x.jpg", phone[:40]}}, 400, "第 1 张照片无法识别", 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			rec := e.upload("/report", remoteIP+":4242", [][2]string{{"content", text}}, tc.files...)
			body := rec.Body.String()
			if rec.Code != tc.status || !strings.Contains(body, tc.want) {
				t.Fatalf("POST = %d, want %d with %q\n%s", rec.Code, tc.status, tc.want, body)
			}
			checkHeaders(t, rec)
			if got := textarea(body); tc.keepsIt && got != text {
				t.Errorf("the form holds %q, not the text typed", got)
			}
			if tips, photos := e.count("tips"), e.count("photos"); tc.status == 200 && (tips != 1 || photos != tc.photos) || tc.status != 200 && tips != 0 {
				t.Errorf("stored %d reports with %d photos", tips, photos)
			}
		})
	}
}

// TestReportBodyPastTheLimit: a post past MaxUploadBody is refused (413)
// with the text typed before the photos back in the form.
func TestReportBodyPastTheLimit(t *testing.T) {
	e := newEnv(t)
	const text = "码头消防通道被锁"
	body, ctype := multipartBody(t, [][2]string{{"content", text}, {"padding", strings.Repeat("x", reportpage.MaxUploadBody)}}, nil)
	req := httptest.NewRequest("POST", "/report", bytes.NewReader(body))
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	if rec.Code != 413 || !strings.Contains(rec.Body.String(), "照片总计过大") || textarea(rec.Body.String()) != text {
		t.Fatalf("POST = %d\n%s", rec.Code, rec.Body)
	}
	if e.count("tips") != 0 {
		t.Fatal("stored")
	}
}

// TestPhotosKeepOnlyThePixels is the confidentiality byte scan for
// photos: a phone's JPEG carries its position, the second it was taken and
// the camera's serial in EXIF, and its file name the time again; neither
// the database files nor the logs hold any of it, the stored photo has no
// Exif segment, and the reporter reads only how many photos arrived.
func TestPhotosKeepOnlyThePixels(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	phone := phototest.JPEG(640, 480, 6)
	rec := e.upload("/report", remoteIP+":4242", [][2]string{{"content", "危化品车辆夜间停在居民区"}}, file{phototest.FileName, phone})
	code := codeRE.FindString(rec.Body.String())
	if rec.Code != 200 || code == "" || !strings.Contains(rec.Body.String(), "已收到照片 1 张") {
		t.Fatalf("POST /report = %d\n%s", rec.Code, rec.Body)
	}
	// 查询 says how many, and shows none of them.
	st := e.post("/report/status", remoteIP+":4242", map[string][]string{"code": {code}})
	if st.Code != 200 || !strings.Contains(st.Body.String(), "已收到照片 1 张") || strings.Contains(st.Body.String(), "<img") {
		t.Fatalf("status = %d\n%s", st.Code, st.Body)
	}
	// An addition brings one more, named as a phone names it.
	add := e.upload("/report/add", remoteIP+":4242", [][2]string{{"code", code}, {"content", "车牌见照片"}}, file{"IMG_20261207_142311(1).jpg", phone})
	if add.Code != 200 || !strings.Contains(add.Body.String(), "补充内容和照片 1 张已收到") || !strings.Contains(add.Body.String(), "已收到照片 2 张") {
		t.Fatalf("add = %d\n%s", add.Code, add.Body)
	}
	// Two more would make four: refused, the text kept, nothing added.
	full := e.upload("/report/add", remoteIP+":4242", [][2]string{{"code", code}, {"content", "再补两张"}}, file{"a.jpg", phone}, file{"b.jpg", phone})
	if full.Code != 400 || !strings.Contains(full.Body.String(), "最多还能补充 1 张") || textarea(full.Body.String()) != "再补两张" {
		t.Fatalf("a fourth photo = %d\n%s", full.Code, full.Body)
	}

	tips, err := e.store.Tips(ctx, safetybot.TipFilter{}, "h1")
	if err != nil || len(tips) != 1 || tips[0].Photos != 2 {
		t.Fatalf("stored %+v, %v", tips, err)
	}
	if st := e.post("/report/status", remoteIP+":4242", map[string][]string{"code": {code}}); strings.Count(st.Body.String(), "您的补充") != 1 {
		t.Fatalf("the refused addition was kept:\n%s", st.Body)
	}
	photos, err := e.store.TipPhotos(ctx, tips[0].ID, "h1")
	if err != nil || len(photos) != 2 {
		t.Fatalf("photos %d, %v", len(photos), err)
	}
	for i, p := range photos {
		img, err := jpeg.Decode(bytes.NewReader(p))
		if err != nil {
			t.Fatalf("photo %d: %v", i+1, err)
		}
		if b := img.Bounds(); b.Dx() != 480 || b.Dy() != 640 {
			t.Errorf("photo %d is %dx%d: not turned upright", i+1, b.Dx(), b.Dy())
		}
	}
	logs := e.logs.Bytes()
	needles := phototest.Needles()
	needles["file name (second photo)"] = []byte("IMG_20261207_142311(1)")
	for what, needle := range needles {
		for _, f := range []string{e.file, e.file + "-wal", e.file + "-shm"} {
			if b, _ := os.ReadFile(f); bytes.Contains(b, needle) {
				t.Errorf("the %s is stored in %s", what, filepath.Base(f))
			}
		}
		if bytes.Contains(logs, needle) {
			t.Errorf("the %s is logged:\n%s", what, logs)
		}
	}
}

// FuzzParseUpload: whatever the body, reading it never panics, keeps to
// its limits, and fails only with a user's error.
func FuzzParseUpload(f *testing.F) {
	body, ctype := multipartBody(f, [][2]string{{"code", "1234 5678 9012 3456"}, {"content", "举报内容"}}, []file{{phototest.FileName, phototest.JPEG(8, 8, 1)}, {"", nil}})
	boundary := ctype[strings.Index(ctype, "boundary=")+len("boundary="):]
	f.Add(body, boundary)
	dup, _ := multipartBody(f, [][2]string{{"content", "a"}, {"content", "b"}}, nil)
	f.Add(dup, boundary)
	f.Add([]byte("--"+boundary+"\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"x\"\r\n\r\n\xff\xd8\xff\r\n--"+boundary+"--\r\n"), boundary)
	f.Add([]byte("garbage"), "")
	f.Fuzz(func(t *testing.T, body []byte, boundary string) {
		form, err := reportpage.ParseUpload(bytes.NewReader(body), boundary)
		if err != nil && safetybot.ErrorCode(err) != safetybot.EINVALID {
			t.Fatalf("error %v is not a user error", err)
		}
		if len(form.Photos) > safetybot.MaxTipPhotos || len(form.Code) > reportpage.MaxCodeField || len(form.Content) > reportpage.MaxBody {
			t.Fatalf("past a limit: %d photos, code %d bytes, content %d bytes", len(form.Photos), len(form.Code), len(form.Content))
		}
		for _, p := range form.Photos {
			if len(p) == 0 || len(p) > photo.MaxBytes {
				t.Fatalf("a photo of %d bytes", len(p))
			}
		}
		if !utf8Valid(form.Content) || !utf8Valid(form.Code) || strings.Contains(form.Content, "\r\n") {
			t.Fatalf("form %+v", form)
		}
	})
}

// TestPhotosDoNotLiftTheRateLimit: reports with photos count as any other
// (five an hour from one source); the sixth is refused before its photos
// are decoded, with its text kept.
func TestPhotosDoNotLiftTheRateLimit(t *testing.T) {
	e := newEnv(t)
	phone := phototest.JPEG(32, 32, 1)
	for i := range 5 {
		if rec := e.upload("/report", "192.0.2.5:1", [][2]string{{"content", "批量举报 " + string(rune('A'+i))}}, file{"a.jpg", phone}); rec.Code != 200 {
			t.Fatalf("report %d = %d", i+1, rec.Code)
		}
	}
	rec := e.upload("/report", "192.0.2.5:1", [][2]string{{"content", "第六条"}}, file{"a.jpg", phone})
	if rec.Code != 429 || textarea(rec.Body.String()) != "第六条" {
		t.Fatalf("sixth report in an hour = %d\n%s", rec.Code, rec.Body)
	}
	if e.count("tips") != 5 || e.count("photos") != 5 {
		t.Fatalf("stored %d reports, %d photos", e.count("tips"), e.count("photos"))
	}
}

// slowReader gives its bytes in two halves with a pause between, as a
// phone on a slow connection sends a photo.
type slowReader struct {
	b     []byte
	pause time.Duration
	half  bool
}

func (s *slowReader) Read(p []byte) (int, error) {
	if len(s.b) == 0 {
		return 0, io.EOF
	}
	if !s.half {
		s.half = true
		n := copy(p[:min(len(p), len(s.b)/2)], s.b)
		s.b = s.b[n:]
		return n, nil
	}
	if s.pause > 0 {
		time.Sleep(s.pause)
		s.pause = 0
	}
	n := copy(p, s.b)
	s.b = s.b[n:]
	return n, nil
}

// TestSlowUploadOutlastsTheServersTimeouts: serve's read timeout suits a
// form; a report with photos sent as taken may take longer to arrive,
// and is read to the end (UploadTime) rather than cut off.
func TestSlowUploadOutlastsTheServersTimeouts(t *testing.T) {
	e := newEnv(t)
	srv := httptest.NewUnstartedServer(e.h)
	srv.Config.ReadTimeout, srv.Config.WriteTimeout = 300*time.Millisecond, 600*time.Millisecond
	srv.Start()
	t.Cleanup(srv.Close)
	body, ctype := multipartBody(t, [][2]string{{"content", "慢速网络上传的举报"}}, []file{{"a.jpg", phototest.JPEG(64, 64, 1)}})
	req, _ := http.NewRequest("POST", srv.URL+"/report", &slowReader{b: body, pause: 900 * time.Millisecond})
	req.ContentLength = int64(len(body))
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || !strings.Contains(string(b), "已收到照片 1 张") {
		t.Fatalf("slow upload = %d\n%s", res.StatusCode, b)
	}
}

// TestUploadsAreBoundedAtOnce: while as many posts with photos as the page
// reads at once are being read, another waits, then is answered busy (503)
// with its text back in the form and nothing stored; once a slot is free,
// the same post goes through.
func TestUploadsAreBoundedAtOnce(t *testing.T) {
	const text = "客运站安全出口上锁，晚上九点以后"
	e := newEnv(t)
	release := reportpage.HoldUploadSlots(50 * time.Millisecond)
	rec := e.upload("/report", remoteIP+":4242", [][2]string{{"content", text}}, file{"照片1.jpg", phototest.JPEG(32, 32, 1)})
	release()
	body := rec.Body.String()
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(body, "同时提交照片的人较多") {
		t.Fatalf("POST while busy = %d\n%s", rec.Code, body)
	}
	if got := textarea(body); got != text {
		t.Errorf("the form holds %q, not the text typed", got)
	}
	if n := e.count("tips"); n != 0 {
		t.Errorf("%d reports stored from a busy answer", n)
	}
	rec = e.upload("/report", remoteIP+":4242", [][2]string{{"content", text}}, file{"照片1.jpg", phototest.JPEG(32, 32, 1)})
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "已收到照片 1 张") {
		t.Fatalf("POST with a free slot = %d\n%s", rec.Code, rec.Body.String())
	}
}
