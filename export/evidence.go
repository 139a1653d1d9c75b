package export

import (
	"context"

	"safetybot"
)

// evidenceCounts returns the number of photos kept for each hazard.
func evidenceCounts(ctx context.Context, s safetybot.Store) (map[string]int, error) {
	return s.PhotoCounts(ctx)
}
