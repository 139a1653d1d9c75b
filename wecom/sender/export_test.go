package sender

// Hooks for the external tests (package sender_test), which import
// wecomtest and so cannot live inside package sender without risking an
// import cycle if wecom ever imports this package.

// CachedToken is the app's cached access token, nil when there is none.
func (s *Sender) CachedToken() any {
	if tok := s.api.CachedToken(); tok != "" {
		return tok
	}
	return nil
}

// DropCachedToken forgets the cached token.
func (s *Sender) DropCachedToken() { s.api.DropToken() }

// TokenCacheKey names the cache in test messages.
func (s *Sender) TokenCacheKey() string { return "the wecomapi client of " + s.cfg.CorpID }
