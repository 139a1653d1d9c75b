package export

import (
	"context"

	"safetybot/store"
)

// evidenceCounts returns the number of photos kept for each hazard. The
// store does not keep evidence yet (the inbound WeCom work adds it), so the
// 整改前后照片 column stays empty until then.
func evidenceCounts(ctx context.Context, s *store.Store) (map[string]int, error) {
	return nil, nil
}
