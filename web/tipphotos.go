package web

import (
	"encoding/base64"
	"html/template"
	"net/http"
	"regexp"
	"strconv"

	"safetybot"
)

// A report's photos (匿名举报的照片) are for its handlers alone: those who may
// 受理 it in chat (safetybot.User.HandlesTips, the rule both apply), signed
// in to the dashboard, whether or not they are also staff. The chat's
// report detail (受理 <编号>) links here.

var tipPhotosRE = regexp.MustCompile(`^/tips/[0-9]+/photos$`)

// tipPhotosOnly reports whether a sign-in may be kept for a handler
// without a dashboard role: only to reach a report's photos.
func tipPhotosOnly(next string) bool { return tipPhotosRE.MatchString(next) }

type tipPhotosData struct {
	Ref    string
	Photos []tipPhoto
}

type tipPhoto struct {
	N   int          // from 1, in the order they came
	URL template.URL // a data: URI of the JPEG
}

// tipPhotos shows report id's photos to a handler. Reading them is audited
// (阅览照片, with the chat's 阅览). The photos are inlined as data: URIs: one
// request, one audit row, and no address that serves a photo by itself;
// like every answer of the dashboard it is no-store (ServeHTTP), so no
// browser or proxy keeps a copy.
func (d *Dashboard) tipPhotos(w http.ResponseWriter, r *http.Request, u *safetybot.User) {
	if !u.HandlesTips() {
		d.log.InfoContext(r.Context(), "tip photos refused: not a handler", "user", u.ID)
		// No role to ask for: each handler more is one more who may learn
		// who reported (QA17 #10); an administrator decides who handles.
		d.fail(w, r, u, safetybot.Errorf(safetybot.EFORBIDDEN, "匿名举报的照片只有受理人可以查看。如有疑问，请联系管理员。"))
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		d.notFound(w, r, u)
		return
	}
	photos, err := d.store.TipPhotos(r.Context(), id, u.ID)
	if err != nil {
		if safetybot.ErrorCode(err) == safetybot.ENOTFOUND {
			// the chat's message tells to send 受理, which a browser cannot
			d.missing(w, r, u, "没有编号为 "+safetybot.TipRef(id)+" 的举报，或它已按规定期限删除。", link{})
			return
		}
		d.fail(w, r, u, err)
		return
	}
	data := &tipPhotosData{Ref: safetybot.TipRef(id)}
	for i, p := range photos {
		// The store holds only JPEGs the desk re-encoded (tip_photos CHECK).
		data.Photos = append(data.Photos, tipPhoto{i + 1, template.URL("data:image/jpeg;base64," + base64.StdEncoding.EncodeToString(p))})
	}
	d.render(w, r, http.StatusOK, "tipphotos", &page{User: u, Title: "举报 " + data.Ref + " 的照片", Data: data})
}
