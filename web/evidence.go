package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"safetybot"
)

// evidenceList lists a hazard's photos (served through the authenticated
// evidence route) and locations.
func (d *Dashboard) evidenceList(r *http.Request, number string) ([]evidenceItem, error) {
	evs, err := d.store.Evidence(r.Context(), number)
	if err != nil {
		return nil, err
	}
	var out []evidenceItem
	for _, ev := range evs {
		it := evidenceItem{Caption: fmt.Sprintf("%s %s", ev.At.In(safetybot.Shanghai).Format("2006-01-02 15:04"), d.name(ev.Actor))}
		switch ev.Kind {
		case safetybot.EvidenceImage:
			it.URL = fmt.Sprintf("/hazards/%s/evidence/%d", number, ev.ID)
			it.Caption += fmt.Sprintf("（%d KB）", (ev.Size+1023)/1024)
		case safetybot.EvidenceLocation:
			it.Location = strings.TrimSpace(fmt.Sprintf("%s（%.6f, %.6f）", ev.Label, ev.Lat, ev.Lng))
		}
		out = append(out, it)
	}
	return out, nil
}

// evidenceImage serves one photo of the hazard named in the path; a photo
// of another hazard is not found, so links cannot be walked by id alone.
func (d *Dashboard) evidenceImage(w http.ResponseWriter, r *http.Request, u *safetybot.User) {
	number := strings.ToUpper(r.PathValue("number"))
	id, err := strconv.ParseInt(r.PathValue("n"), 10, 64)
	if err != nil {
		d.notFound(w, r, u)
		return
	}
	evs, err := d.store.Evidence(r.Context(), number)
	if err != nil {
		d.fail(w, r, u, err)
		return
	}
	if !slices.ContainsFunc(evs, func(ev safetybot.Evidence) bool { return ev.ID == id && ev.Kind == safetybot.EvidenceImage }) {
		d.notFound(w, r, u)
		return
	}
	data, ctype, err := d.store.EvidencePhoto(r.Context(), id)
	if err != nil {
		d.fail(w, r, u, err)
		return
	}
	if !strings.HasPrefix(ctype, "image/") || ctype == "image/svg+xml" {
		ctype = "application/octet-stream" // never let stored bytes run as a page
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Cache-Control", "no-store") // as every answer (ServeHTTP): a revoked user's browser must not keep it
	w.Write(data)
}
