// Package prometheus is the Prometheus source: connections to any
// Prometheus-compatible HTTP API (Prometheus, Thanos, Mimir, VictoriaMetrics), the
// translation of catalog KPIs into PromQL, and range and instant queries.
package prometheus

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	"github.com/prometheus/client_golang/api"
	v1 "github.com/prometheus/client_golang/api/prometheus/v1"
)

// Connection is one named Prometheus-compatible endpoint from the datasource settings.
type Connection struct {
	Name           string `json:"name"`
	Type           string `json:"type"`
	URL            string `json:"url"`
	Auth           string `json:"auth"` // none, basic or bearer
	BasicAuthUser  string `json:"basicAuthUser"`
	TLSSkipVerify  bool   `json:"tlsSkipVerify"`
	TimeoutSeconds int    `json:"timeoutSeconds"`
	// ScrapeInterval sets the shortest rate window (four scrape intervals).
	ScrapeInterval string `json:"scrapeInterval"`
	// ResponseLimitBytes bounds the body of one upstream answer (docs/limits.md);
	// 0 means DefaultResponseLimit. There is no unlimited setting.
	ResponseLimitBytes int64 `json:"responseLimitBytes"`
	// MaxSeries and MaxPoints bound the series and the points (over all series)
	// of one upstream answer; 0 means DefaultMaxSeries and DefaultMaxPoints.
	MaxSeries int `json:"maxSeries"`
	MaxPoints int `json:"maxPoints"`
	// CacheSeconds is how long a successful answer is shared with identical
	// calls of later requests (shared.go, docs/limits.md): 0 means
	// DefaultCacheTTL, a negative number turns the cache off (identical calls in
	// flight are still shared), and at most MaxCacheSeconds, so that the cache
	// stays a way to absorb bursts of viewers, never a source of stale data.
	CacheSeconds int `json:"cacheSeconds"`
}

// Secrets are a connection's values from secureJsonData.
type Secrets struct {
	BasicAuthPassword, BearerToken, TLSCACert, TLSClientCert, TLSClientKey string
}

// SecretsFor picks a connection's secrets out of the decrypted secureJsonData,
// where they are keyed "<connection name>.<secret>".
func SecretsFor(name string, secure map[string]string) Secrets {
	return Secrets{
		BasicAuthPassword: secure[name+".basicAuthPassword"],
		BearerToken:       secure[name+".bearerToken"],
		TLSCACert:         secure[name+".tlsCACert"],
		TLSClientCert:     secure[name+".tlsClientCert"],
		TLSClientKey:      secure[name+".tlsClientKey"],
	}
}

// DefaultTimeout bounds one upstream call when the connection sets none.
const DefaultTimeout = 30 * time.Second

// Default bounds of one upstream answer (docs/limits.md).
const (
	DefaultResponseLimit = 32 << 20
	DefaultMaxSeries     = 10000
	DefaultMaxPoints     = 2000000
)

// Validate reports what is wrong with a connection's settings.
func (c Connection) Validate() error {
	if c.Name == "" {
		return errors.New("a connection needs a name")
	}
	if c.Type != "" && c.Type != "prometheus" {
		return fmt.Errorf("connection %q: unsupported type %q", c.Name, c.Type)
	}
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("connection %q: the URL must be http(s)://host[:port][/path]", c.Name)
	}
	switch c.Auth {
	case "", "none", "basic", "bearer":
	default:
		return fmt.Errorf("connection %q: auth must be none, basic or bearer", c.Name)
	}
	if c.ResponseLimitBytes < 0 {
		return fmt.Errorf("connection %q: responseLimitBytes must be 0 (the default, %d bytes) or a positive number of bytes; answers cannot be unlimited", c.Name, DefaultResponseLimit)
	}
	if c.MaxSeries < 0 || c.MaxPoints < 0 {
		return fmt.Errorf("connection %q: maxSeries and maxPoints must be 0 (the defaults, %d and %d) or positive", c.Name, DefaultMaxSeries, DefaultMaxPoints)
	}
	if c.CacheSeconds > MaxCacheSeconds {
		return fmt.Errorf("connection %q: cacheSeconds must be at most %d (0 means the default, %d s; a negative number turns the cache off)", c.Name, MaxCacheSeconds, int(DefaultCacheTTL/time.Second))
	}
	return nil
}

// cacheTTL is how long answers are cached; 0 means not at all.
func (c Connection) cacheTTL() time.Duration {
	switch {
	case c.CacheSeconds < 0:
		return 0
	case c.CacheSeconds == 0:
		return DefaultCacheTTL
	default:
		return time.Duration(c.CacheSeconds) * time.Second
	}
}

func (c Connection) responseLimit() int64 {
	if c.ResponseLimitBytes > 0 {
		return c.ResponseLimitBytes
	}
	return DefaultResponseLimit
}

func (c Connection) maxSeries() int {
	if c.MaxSeries > 0 {
		return c.MaxSeries
	}
	return DefaultMaxSeries
}

func (c Connection) maxPoints() int {
	if c.MaxPoints > 0 {
		return c.MaxPoints
	}
	return DefaultMaxPoints
}

func (c Connection) timeout() time.Duration {
	if c.TimeoutSeconds > 0 {
		return time.Duration(c.TimeoutSeconds) * time.Second
	}
	return DefaultTimeout
}

// httpClient builds the connection's client with the SDK's options, so that TLS,
// timeouts and authentication behave as in Grafana's own datasources.
func (c Connection) httpClient(s Secrets) (*http.Client, error) {
	opts := httpclient.Options{
		Timeouts: &httpclient.TimeoutOptions{
			Timeout: c.timeout(), DialTimeout: 10 * time.Second, KeepAlive: 30 * time.Second,
			TLSHandshakeTimeout: 10 * time.Second, MaxIdleConns: 100, MaxIdleConnsPerHost: 20,
			IdleConnTimeout: 90 * time.Second,
		},
		Header: http.Header{},
	}
	switch c.Auth {
	case "basic":
		opts.BasicAuth = &httpclient.BasicAuthOptions{User: c.BasicAuthUser, Password: s.BasicAuthPassword}
	case "bearer":
		opts.Header.Set("Authorization", "Bearer "+s.BearerToken)
	}
	if c.TLSSkipVerify || s.TLSCACert != "" || s.TLSClientCert != "" {
		opts.TLS = &httpclient.TLSOptions{
			InsecureSkipVerify: c.TLSSkipVerify, CACertificate: s.TLSCACert,
			ClientCertificate: s.TLSClientCert, ClientKey: s.TLSClientKey,
		}
	}
	return httpclient.New(opts)
}

// Client queries one connection. One Client serves every request on its
// connection for the life of the datasource instance, so it is where identical
// calls of concurrent requests meet (shared.go).
type Client struct {
	conn   Connection
	api    v1.API
	shared shared
}

// NewClient opens a client for a connection.
func NewClient(c Connection, s Secrets) (*Client, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	hc, err := c.httpClient(s)
	if err != nil {
		return nil, fmt.Errorf("connection %q: %w", c.Name, err)
	}
	hc.Transport = &limitedTransport{next: hc.Transport, limit: c.responseLimit()}
	ac, err := api.NewClient(api.Config{Address: c.URL, Client: hc})
	if err != nil {
		return nil, fmt.Errorf("connection %q: %w", c.Name, err)
	}
	return &Client{conn: c, api: v1.NewAPI(ac)}, nil
}

// Name is the connection's name.
func (c *Client) Name() string { return c.conn.Name }

// MinWindow is the shortest rate window that still holds several samples.
func (c *Client) MinWindow() time.Duration {
	return 4 * c.ScrapeInterval()
}

// Ping checks that the endpoint answers PromQL, with a message a user can act on.
func (c *Client) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, c.conn.timeout())
	defer cancel()
	_, _, _, err := c.api.Query(ctx, "1", time.Now())
	if err != nil {
		return c.explain(err)
	}
	return nil
}
