package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"math/big"

	"safetybot"
)

// Photos of anonymous reports (tip_photos): cleaned JPEGs, numbered in the
// order they came, with nothing else about them (no time, no name).

// TipPhotos returns the photos of report id, in the order they came, and
// audits the reading (safetybot.TipService).
func (s *Store) TipPhotos(ctx context.Context, id int64, actor string) ([][]byte, error) {
	var out [][]byte
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tipWhere(ctx, tx, "id = ?", id, noTip(id)); err != nil {
			return err
		}
		var err error
		if out, err = list(ctx, tx, "SELECT data FROM tip_photos WHERE tip_id = ? ORDER BY seq", scanValue[[]byte], id); err != nil {
			return err
		}
		return s.audit(ctx, tx, id, actor, safetybot.TipPhotosViewed)
	})
	return out, err
}

// noTip is the answer for a report id no report has.
func noTip(id int64) error {
	return safetybot.Errorf(safetybot.ENOTFOUND, "没有编号为 %s 的举报。发送「受理」查看举报列表。", safetybot.TipRef(id))
}

// addTipPhotos stores photos after the has report t holds, refusing the
// lot (ErrTipPhotosFull) when they would take it past MaxTipPhotos.
func addTipPhotos(ctx context.Context, tx *sql.Tx, t *safetybot.Tip, photos [][]byte) error {
	if len(photos) == 0 {
		return nil
	}
	if t.Photos+len(photos) > safetybot.MaxTipPhotos {
		return safetybot.ErrTipPhotosFull(t.Photos)
	}
	for _, p := range photos {
		// A random row id, as for messages: sequential ids would order one
		// report's photos against another's.
		n, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
		if _, err := tx.ExecContext(ctx, "INSERT INTO tip_photos (id, tip_id, seq, data) VALUES (?, ?, ?, ?)",
			n.Int64()+1, t.ID, t.Photos+1, p); err != nil {
			return err
		}
		t.Photos++
	}
	return nil
}
