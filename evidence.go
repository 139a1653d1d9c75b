package safetybot

import (
	"context"
	"fmt"
	"time"
)

// Evidence kinds.
const (
	EvidenceImage    = "image"
	EvidenceLocation = "location"
)

// Evidence is a photo or a location attached to a hazard.
type Evidence struct {
	ID          int64
	HazardID    int64
	Kind        string // EvidenceImage or EvidenceLocation
	ContentType string // image only, e.g. image/jpeg
	Size        int    // image bytes
	Data        []byte // image bytes; filled by EvidencePhoto, not by Evidence
	Lat, Lng    float64
	Label       string // the location's address as WeCom gave it
	Actor       string
	At          time.Time
	// Rectified marks evidence the responsible person sent as such (整改后,
	// after 附照片 as 责任人). It is not a column of its own: it is said in
	// the 证据 line of the trail (Describe, RectifiedPrefix), which is where
	// the ledger's 整改前后照片 column reads it from.
	Rectified bool
}

// RectifiedPrefix starts the trail note (Describe) of rectification evidence.
const RectifiedPrefix = "整改后"

// Describe is the audit note of a piece of evidence.
func (ev *Evidence) Describe() string {
	var d string
	switch {
	case ev.Kind == EvidenceImage:
		d = fmt.Sprintf("照片（%d KB）", (len(ev.Data)+1023)/1024)
	case ev.Label != "":
		d = fmt.Sprintf("位置 %s（%.6f, %.6f）", ev.Label, ev.Lat, ev.Lng)
	default:
		d = fmt.Sprintf("位置（%.6f, %.6f）", ev.Lat, ev.Lng)
	}
	if ev.Rectified {
		d = RectifiedPrefix + d
	}
	return d
}

// EvidenceRefusal says why evidence of kind may not go to h, or nil: a
// hazard that takes no more changes (已驳回, 已销号) takes no photo either,
// where it would lie hidden on a hazard nobody works on any more. The store
// decides it in the transaction that files the evidence, so a 驳回 committed
// at the same instant cannot let one through.
func (h *Hazard) EvidenceRefusal(kind string) error {
	if h.Status.Open() {
		return nil
	}
	what, this := "照片", "这张照片"
	if kind == EvidenceLocation {
		what, this = "位置", "这个位置"
	}
	return Errorf(ECONFLICT, "隐患 %s（%s）%s，不能再附%s，%s未保存。", h.Number, Truncate(h.Description, 20), h.Status, what, this)
}

// EvidenceService holds the photos and locations attached to hazards.
//
// Errors a user can act on are *Error (see error.go) with the code each
// method names; any other error is internal (an outage, a bug) and only
// logged. Times are absolute instants; Date is a day in Asia/Shanghai.
type EvidenceService interface {
	// AddEvidence attaches ev to the hazard with the given number and records
	// the 证据 event in the audit trail, in one transaction. ev.ID, HazardID and
	// At are filled in. An unknown number is ENOTFOUND; a hazard no longer
	// open is ECONFLICT (EvidenceRefusal), read in that same transaction.
	AddEvidence(ctx context.Context, number string, ev *Evidence) error

	// Evidence lists the evidence of a hazard, oldest first, without image bytes
	// (Size says how large each is; EvidencePhoto returns them).
	// An unknown hazard number is ENOTFOUND.
	Evidence(ctx context.Context, hazardNumber string) ([]Evidence, error)

	// EvidencePhoto returns one photo's bytes and content type, by evidence id
	// (for the dashboard). A location or an unknown id is ENOTFOUND.
	EvidencePhoto(ctx context.Context, id int64) (data []byte, contentType string, err error)

	// PhotoCounts returns the number of photos attached to each hazard, by
	// hazard number (for the ledger's 整改前后照片 column). Its errors are internal.
	PhotoCounts(ctx context.Context) (map[string]int, error)
}
