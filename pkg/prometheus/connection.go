// Package prometheus is the Prometheus source: connections to any
// Prometheus-compatible HTTP API (Prometheus, Thanos, Mimir, VictoriaMetrics), the
// translation of catalog KPIs into PromQL, and range and instant queries.
package prometheus

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	"github.com/prometheus/client_golang/api"
	v1 "github.com/prometheus/client_golang/api/prometheus/v1"

	"github.com/northstar/kpi/pkg/source"
)

// Connection is one named Prometheus-compatible endpoint from the datasource settings.
type Connection struct {
	// ID keys the connection's secrets in secureJsonData ("<id>.<secret>"), so
	// that renaming the connection keeps them. Empty means the name: connections
	// saved or provisioned before ids existed (docs/connections.md).
	ID            string `json:"id"`
	Name          string `json:"name"`
	Type          string `json:"type"`
	URL           string `json:"url"`
	Auth          string `json:"auth"` // none, basic or bearer
	BasicAuthUser string `json:"basicAuthUser"`
	TLSSkipVerify bool   `json:"tlsSkipVerify"`
	// TLSAuthWithCACert and TLSAuth switch the CA certificate and the client
	// certificate on and off, as Grafana's own datasources do: off, a saved
	// certificate is not used. Absent (connections saved before the switches)
	// means on whenever the secret is set.
	TLSAuthWithCACert *bool `json:"tlsAuthWithCACert,omitempty"`
	TLSAuth           *bool `json:"tlsAuth,omitempty"`
	// Headers are sent with every request to the endpoint, e.g. X-Scope-OrgID
	// for a multi-tenant Mimir, Cortex or Loki-style gateway. Only the names are
	// here: the values are secrets, secureJsonData "<id>.header.<name>".
	Headers        []Header `json:"headers,omitempty"`
	TimeoutSeconds int      `json:"timeoutSeconds"`
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

// Header is a custom HTTP header of a connection; its value is a secret.
type Header struct {
	Name string `json:"name"`
}

// MaxHeaders bounds the custom headers of one connection.
const MaxHeaders = 20

// reservedHeaders are set by the client itself, or change how a request is
// framed or routed: a custom header may not replace them.
var reservedHeaders = map[string]bool{
	"Accept-Encoding": true, "Connection": true, "Content-Length": true, "Content-Type": true,
	"Host": true, "Keep-Alive": true, "Proxy-Authorization": true, "Proxy-Connection": true,
	"Te": true, "Trailer": true, "Transfer-Encoding": true, "Upgrade": true,
}

// Secrets are a connection's values from secureJsonData.
type Secrets struct {
	BasicAuthPassword, BearerToken, TLSCACert, TLSClientCert, TLSClientKey string
	// Headers are the values of the connection's custom headers, by the name
	// the header has in the connection's settings.
	Headers map[string]string
}

// HeaderSecret is the secret, after "<id>.", that holds the value of a custom header.
func HeaderSecret(name string) string { return "header." + name }

// SecretsFor picks a connection's secrets out of the decrypted secureJsonData,
// where they are keyed "<prefix>.<secret>". Of several prefixes the first that
// holds a secret wins, so that a connection given an id still reads what was
// saved under its name; without prefixes, the connection's id (or name) is used.
func SecretsFor(c Connection, secure map[string]string, prefixes ...string) Secrets {
	if len(prefixes) == 0 {
		prefixes = []string{c.secretID()}
	}
	get := func(secret string) string {
		for _, p := range prefixes {
			if v, ok := secure[p+"."+secret]; ok {
				return v
			}
		}
		return ""
	}
	s := Secrets{
		BasicAuthPassword: get("basicAuthPassword"),
		BearerToken:       get("bearerToken"),
		TLSCACert:         get("tlsCACert"),
		TLSClientCert:     get("tlsClientCert"),
		TLSClientKey:      get("tlsClientKey"),
		Headers:           map[string]string{},
	}
	for _, h := range c.Headers {
		if v := get(HeaderSecret(h.Name)); v != "" {
			s.Headers[h.Name] = v
		}
	}
	return s
}

// secretID is what the connection's secrets are keyed by: its id, or its name.
func (c Connection) secretID() string {
	if c.ID != "" {
		return c.ID
	}
	return c.Name
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
	return c.validateHeaders()
}

// validateHeaders checks the names of the custom headers (their values are
// checked with the secrets, in httpOptions).
func (c Connection) validateHeaders() error {
	if len(c.Headers) > MaxHeaders {
		return fmt.Errorf("connection %q: at most %d custom headers", c.Name, MaxHeaders)
	}
	seen := map[string]bool{}
	for _, h := range c.Headers {
		canonical := http.CanonicalHeaderKey(h.Name)
		switch {
		case !isToken(h.Name):
			return fmt.Errorf("connection %q: %q is not a valid HTTP header name (letters, digits and !#$%%&'*+-.^_`|~ only)", c.Name, h.Name)
		case seen[canonical]:
			return fmt.Errorf("connection %q: the header %q is set twice (header names are case-insensitive)", c.Name, h.Name)
		case reservedHeaders[canonical]:
			return fmt.Errorf("connection %q: the header %q is set by the client itself and cannot be replaced", c.Name, h.Name)
		case canonical == "Authorization" && c.Auth != "" && c.Auth != "none":
			return fmt.Errorf("connection %q: with %s authentication the Authorization header comes from it; remove the custom Authorization header or set auth to none", c.Name, c.Auth)
		}
		seen[canonical] = true
	}
	return nil
}

// isToken tells an HTTP header name (an RFC 9110 token).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if !('a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", b) >= 0) {
			return false
		}
	}
	return true
}

// validHeaderValue refuses line breaks and other control characters (a tab aside).
func validHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if b := v[i]; b != '\t' && (b < 0x20 || b == 0x7f) {
			return false
		}
	}
	return true
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

// switchedOn reads a TLS switch: absent means on when the secret is set.
func switchedOn(flag *bool, secret string) bool {
	if flag == nil {
		return secret != ""
	}
	return *flag
}

// httpOptions are the options of the connection's client, so that the proxy,
// TLS, timeouts and authentication behave as in Grafana's own datasources.
//
// base is what Grafana gives the datasource instance (HTTPClientOptions of its
// settings): of it, the connection keeps what is the instance's, not the
// connection's — the secure socks proxy (jsonData enableSecureSocksProxy, for
// every connection of the instance), the TLS versions Grafana enforces, the
// labels of the SDK's metrics and its custom options. Timeouts, authentication,
// TLS material and headers are the connection's own; the instance-level
// basicAuth, tlsAuth and httpHeaderName<n> settings of Grafana's generic HTTP
// form are not used (docs/connections.md).
func (c Connection) httpOptions(s Secrets, base *httpclient.Options) (httpclient.Options, error) {
	opts := httpclient.Options{
		Timeouts: &httpclient.TimeoutOptions{
			Timeout: c.timeout(), DialTimeout: 10 * time.Second, KeepAlive: 30 * time.Second,
			TLSHandshakeTimeout: 10 * time.Second, MaxIdleConns: 100, MaxIdleConnsPerHost: 20,
			IdleConnTimeout: 90 * time.Second,
		},
		Header: http.Header{},
	}
	var minTLS, maxTLS uint16
	if base != nil {
		if base.ProxyOptions != nil {
			// A copy: the SDK fills in defaults when it dials.
			proxyOpts := *base.ProxyOptions
			opts.ProxyOptions = &proxyOpts
		}
		opts.Labels = maps.Clone(base.Labels)
		opts.CustomOptions = maps.Clone(base.CustomOptions)
		opts.ForwardHTTPHeaders = base.ForwardHTTPHeaders
		if base.TLS != nil {
			minTLS, maxTLS = base.TLS.MinVersion, base.TLS.MaxVersion
		}
	}
	for _, h := range c.Headers {
		v := s.Headers[h.Name]
		switch {
		case v == "":
			return opts, fmt.Errorf("connection %q: the header %q has no value; set it in the connection's settings (secureJsonData %q)", c.Name, h.Name, c.secretID()+"."+HeaderSecret(h.Name))
		case !validHeaderValue(v):
			return opts, fmt.Errorf("connection %q: the value of the header %q has a line break or another control character", c.Name, h.Name)
		}
		opts.Header.Set(h.Name, v)
	}
	switch c.Auth {
	case "basic":
		opts.BasicAuth = &httpclient.BasicAuthOptions{User: c.BasicAuthUser, Password: s.BasicAuthPassword}
	case "bearer":
		opts.Header.Set("Authorization", "Bearer "+s.BearerToken)
	}
	withCA := switchedOn(c.TLSAuthWithCACert, s.TLSCACert)
	withClientCert := switchedOn(c.TLSAuth, s.TLSClientCert)
	if withCA && s.TLSCACert == "" {
		return opts, fmt.Errorf("connection %q: the CA certificate is switched on but not set", c.Name)
	}
	if withClientCert && (s.TLSClientCert == "" || s.TLSClientKey == "") {
		return opts, fmt.Errorf("connection %q: TLS client authentication is switched on but the client certificate or key is not set", c.Name)
	}
	if c.TLSSkipVerify || withCA || withClientCert || minTLS != 0 || maxTLS != 0 {
		opts.TLS = &httpclient.TLSOptions{InsecureSkipVerify: c.TLSSkipVerify, MinVersion: minTLS, MaxVersion: maxTLS}
		if withCA {
			opts.TLS.CACertificate = s.TLSCACert
		}
		if withClientCert {
			opts.TLS.ClientCertificate, opts.TLS.ClientKey = s.TLSClientCert, s.TLSClientKey
		}
	}
	return opts, nil
}

// Client queries one connection. One Client serves every request on its
// connection for the life of the datasource instance, so it is where identical
// calls of concurrent requests meet (shared.go).
type Client struct {
	conn   Connection
	api    v1.API
	shared shared
	// redact takes the connection's secrets out of anything the upstream
	// says before it is shown or logged.
	redact *source.Redactor
}

// NewClient opens a client for a connection, outside Grafana (tools, tests):
// NewClientWith without Grafana's options.
func NewClient(c Connection, s Secrets) (*Client, error) {
	return NewClientWith(c, s, nil)
}

// NewClientWith opens a client for a connection on top of the HTTP client
// options Grafana gives the datasource instance (see httpOptions).
func NewClientWith(c Connection, s Secrets, base *httpclient.Options) (*Client, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	opts, err := c.httpOptions(s, base)
	if err != nil {
		return nil, err
	}
	hc, err := httpclient.New(opts)
	if err != nil {
		return nil, fmt.Errorf("connection %q: %w", c.Name, err)
	}
	hc.Transport = &limitedTransport{next: hc.Transport, limit: c.responseLimit()}
	ac, err := api.NewClient(api.Config{Address: c.URL, Client: hc})
	if err != nil {
		return nil, fmt.Errorf("connection %q: %w", c.Name, err)
	}
	return &Client{conn: c, api: v1.NewAPI(ac), redact: s.redactor(c)}, nil
}

// redactor knows every secret of the connection, in the forms it travels in.
func (s Secrets) redactor(c Connection) *source.Redactor {
	secrets := []string{s.BasicAuthPassword, s.BearerToken, s.TLSClientKey}
	for _, v := range s.Headers {
		secrets = append(secrets, v)
	}
	return source.NewRedactor(secrets, [2]string{c.BasicAuthUser, s.BasicAuthPassword})
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
