package reportpage

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"safetybot"
	"safetybot/internal/photo"
	"safetybot/tipdesk"
)

// Photos come with the report and the addition as multipart/form-data:
// the fields content and code, and up to safetybot.MaxTipPhotos files
// named photo. The parts are read here, in memory, within MaxUploadBody:
// never through http.Request.ParseMultipartForm, which writes a large
// file to a temporary file on disk, where the photo as sent (EXIF and
// all) would stay in the free blocks after it is removed. A part's file
// name is never read: a phone's names the second the photo was taken.

// MaxUploadBody is the largest multipart post: the photos at their limit
// and the fields, with room for the parts' headers.
const MaxUploadBody = safetybot.MaxTipPhotos*photo.MaxBytes + MaxBody + 64<<10

// UploadTime is how long a multipart post may take to arrive: 30 MB at
// about 2 Mbit/s.
const UploadTime = 2 * time.Minute

// errUploadTooLarge answers a post past MaxUploadBody.
var errUploadTooLarge = safetybot.Errorf(safetybot.EINVALID,
	"提交的照片总计过大（上限 %d MB），这次提交的内容都没有保存。请少选几张，或压缩后重新提交（已填写的文字仍在下面）。", MaxUploadBody>>20)

// readUpload reads a multipart post within MaxUploadBody. What it read of
// the fields before an error is returned with the error, so the page can
// show the typed text again.
func readUpload(w http.ResponseWriter, r *http.Request, boundary string) (Form, error) {
	// serve's read and write timeouts (30 s, 60 s from the request's start)
	// suit a form; photos sent as taken, without the page's script, take
	// longer on a slow phone connection. Where the server cannot extend
	// them (a test's recorder), they stay as they are.
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Now().Add(UploadTime))
	rc.SetWriteDeadline(time.Now().Add(UploadTime + 30*time.Second))
	f, err := ParseUpload(http.MaxBytesReader(w, r.Body, MaxUploadBody), boundary)
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return f, errUploadTooLarge
	}
	return f, err
}

// ParseUpload reads a multipart/form-data body with boundary (the part of
// ReadForm that does not touch the request, for fuzzing): the fields
// content and code at most once each, valid UTF-8, within MaxBody and
// MaxCodeField; files named photo, at most safetybot.MaxTipPhotos, each at
// most photo.MaxBytes (an empty one is the file input left unchosen).
// Other parts are skipped. Photos are returned as sent, unchecked: the
// desk checks and re-encodes them (tipdesk.CleanPhotos).
func ParseUpload(body io.Reader, boundary string) (Form, error) {
	var f Form
	if boundary == "" {
		return f, errBadForm
	}
	mr := multipart.NewReader(body, boundary)
	seen := map[string]bool{}
	for {
		part, err := mr.NextRawPart() // raw: no decoding a part says it needs
		if err == io.EOF {
			return f, nil
		}
		if err != nil {
			return f, uploadError(err)
		}
		name := part.FormName()
		switch name {
		case "content", "code":
			if seen[name] {
				return f, errBadForm
			}
			seen[name] = true
			limit := MaxBody
			if name == "code" {
				limit = MaxCodeField
			}
			b, err := io.ReadAll(io.LimitReader(part, int64(limit)+1))
			if err != nil {
				return f, uploadError(err)
			}
			if len(b) > limit {
				if name == "code" {
					return f, errBadForm
				}
				return f, errTooLarge
			}
			v := string(b)
			if !utf8.ValidString(v) {
				return f, errBadText
			}
			if name == "content" {
				f.Content = strings.ReplaceAll(v, "\r\n", "\n")
			} else {
				f.Code = v
			}
		case "photo":
			data, err := io.ReadAll(io.LimitReader(part, photo.MaxBytes+1))
			if err != nil {
				return f, uploadError(err)
			}
			if len(data) == 0 {
				continue // the file input left unchosen
			}
			if len(f.Photos) == safetybot.MaxTipPhotos {
				return f, safetybot.ErrTipPhotosFull(0)
			}
			if len(data) > photo.MaxBytes {
				return f, tipdesk.PhotoError(len(f.Photos), photo.TooLarge)
			}
			f.Photos = append(f.Photos, data)
		default:
			if _, err := io.Copy(io.Discard, part); err != nil {
				return f, uploadError(err)
			}
		}
	}
}

// uploadError is what a failed read of the body answers: the limit's own
// error passes (readUpload words it), anything else is a malformed form.
func uploadError(err error) error {
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return err
	}
	return errBadForm
}
