package sender

// Hooks for the external tests (package sender_test), which import
// wecomtest and so cannot live inside package sender without risking an
// import cycle if wecom ever imports this package.

func (s *Sender) CachedToken() any { return s.cache.Get(s.TokenCacheKey()) }
func (s *Sender) DropCachedToken() { s.cache.Delete(s.TokenCacheKey()) }

var (
	RegisterBase  = registerBase
	RouteTokenURL = routeTokenURL
)
