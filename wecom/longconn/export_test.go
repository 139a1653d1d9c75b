package longconn

// Connected reports whether a subscribed connection is up, for the tests
// that wait for one (serve reads Status).
func (c *Client) Connected() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cur != nil
}
