package prometheus

import "time"

// DefaultScrapeInterval is assumed when a connection does not say its own.
const DefaultScrapeInterval = 15 * time.Second

// ScrapeInterval is how often the connection's targets are scraped (the
// connection's scrapeInterval setting).
func (c *Client) ScrapeInterval() time.Duration {
	if d, err := time.ParseDuration(c.conn.ScrapeInterval); err == nil && d > 0 {
		return d
	}
	return DefaultScrapeInterval
}
