package export

import (
	"context"

	"safetybot/store"
)

// evidenceCounts returns the number of photos kept for each hazard.
func evidenceCounts(ctx context.Context, s *store.Store) (map[string]int, error) {
	return s.PhotoCounts(ctx)
}
