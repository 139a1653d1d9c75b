package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"safetybot"
)

// RecentReport returns the hazard userID reported most recently at or after
// since, or nil when there is none (where evidence sent now belongs).
func (s *Store) RecentReport(ctx context.Context, userID string, since time.Time) (*safetybot.Hazard, error) {
	if userID == "" {
		return nil, nil
	}
	h, err := scanHazard(s.q.QueryRowContext(ctx, "SELECT "+hazardColumns+
		" FROM hazards WHERE reporter = ? AND found_at >= ? ORDER BY found_at DESC, id DESC LIMIT 1", userID, ms(since)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return h, err
}

// AddEvidence attaches ev to the hazard with the given number and records
// the 证据 event in the audit trail, in one transaction. ev.ID, HazardID and
// At are filled in.
func (s *Store) AddEvidence(ctx context.Context, number string, ev *safetybot.Evidence) error {
	if ev.Kind != safetybot.EvidenceImage && ev.Kind != safetybot.EvidenceLocation {
		return fmt.Errorf("evidence kind %q", ev.Kind)
	}
	now := s.now()
	return s.write(ctx, func(tx *sql.Tx) error { return addEvidenceTx(ctx, tx, now, number, ev) })
}

// addEvidenceTx reads the hazard's status in the transaction that inserts
// the evidence, so the refusal of a rejected or closed hazard and the insert
// are one decision: a 驳回 either commits first and refuses it, or after it.
func addEvidenceTx(ctx context.Context, tx *sql.Tx, now time.Time, number string, ev *safetybot.Evidence) error {
	h, err := hazardByNumber(ctx, tx, number)
	if err != nil {
		return err
	}
	if err := h.EvidenceRefusal(ev.Kind); err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, `INSERT INTO hazard_evidence (hazard_id, kind, content_type, data, lat, lng,
		label, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		h.ID, ev.Kind, ev.ContentType, ev.Data, ev.Lat, ev.Lng, ev.Label, ev.Actor, ms(now)).Scan(&ev.ID); err != nil {
		return err
	}
	ev.HazardID, ev.At, ev.Size = h.ID, now, len(ev.Data)
	if _, err := tx.ExecContext(ctx, "UPDATE hazards SET updated_at = ? WHERE id = ?", ms(now), h.ID); err != nil {
		return err
	}
	return insertEvent(ctx, tx, h.ID, ev.Actor, now, safetybot.HazardEvent{
		Action: "证据", Note: ev.Describe(), FromStatus: h.Status, ToStatus: h.Status}, "")
}

// Evidence lists the evidence of a hazard, oldest first, without image bytes
// (Size says how large each is; EvidencePhoto returns them).
func (s *Store) Evidence(ctx context.Context, hazardNumber string) ([]safetybot.Evidence, error) {
	h, err := hazardByNumber(ctx, s.q, hazardNumber)
	if err != nil {
		return nil, err
	}
	return list(ctx, s.q, `SELECT id, kind, content_type, COALESCE(length(data), 0), lat, lng, label, actor, at
		FROM hazard_evidence WHERE hazard_id = ? ORDER BY id`, func(r scanner) (ev safetybot.Evidence, err error) {
		ev.HazardID = h.ID
		err = r.Scan(&ev.ID, &ev.Kind, &ev.ContentType, &ev.Size, &ev.Lat, &ev.Lng, &ev.Label, &ev.Actor, (*msTime)(&ev.At))
		return ev, err
	}, h.ID)
}

// EvidencePhoto returns one photo's bytes and content type, by evidence id
// (for the dashboard). A location or an unknown id is ENOTFOUND.
func (s *Store) EvidencePhoto(ctx context.Context, id int64) (data []byte, contentType string, err error) {
	err = s.q.QueryRowContext(ctx, "SELECT data, content_type FROM hazard_evidence WHERE id = ? AND kind = 'image'", id).
		Scan(&data, &contentType)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", safetybot.Errorf(safetybot.ENOTFOUND, "没有编号为 %d 的照片。", id)
	}
	return data, contentType, err
}

// PhotoCounts returns the number of photos attached to each hazard, by
// hazard number (for the ledger's 整改前后照片 column).
func (s *Store) PhotoCounts(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	err := s.each(ctx, `SELECT h.number, count(*) FROM hazard_evidence e JOIN hazards h ON h.id = e.hazard_id
		WHERE e.kind = ? GROUP BY h.number`, func(r scanner) error {
		var number string
		var n int
		err := r.Scan(&number, &n)
		out[number] = n
		return err
	}, safetybot.EvidenceImage)
	return out, err
}
