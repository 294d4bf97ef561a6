package datasource

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sort"
	"sync"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
	"github.com/grafana/grafana-plugin-sdk-go/backend/proxy"
	"github.com/grafana/grafana-plugin-sdk-go/backend/resource/httpadapter"

	"github.com/northstar/kpi/pkg/catalog"
	"github.com/northstar/kpi/pkg/prometheus"
	"github.com/northstar/kpi/pkg/source"
	"github.com/northstar/kpi/pkg/sqlsource"
)

// Datasource is one configured instance of the datasource.
type Datasource struct {
	uid      string
	settings Settings
	store    *catalog.Store
	clients  map[string]*prometheus.Client
	sql      map[string]*sqlsource.Client
	// connErrs are connections whose settings are unusable, reported by the health check.
	connErrs map[string]error
	// state is what is kept on disk across restarts (persist.go).
	state *persisted
	backend.CallResourceHandler
}

// lastValid keeps each datasource's last valid catalog across settings changes:
// Grafana replaces the instance when settings change, and a new catalog that fails
// to load must not take the old one out of service.
var lastValid sync.Map

// New creates an instance from Grafana's settings.
func New(ctx context.Context, s backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
	state := loadState(s.UID)
	settings, err := parseSettings(s)
	if err != nil {
		// Unreadable settings must not take the datasource out of service:
		// serve with the last settings that could be read, and say so.
		if settings, err = state.fallbackSettings(s, err); err != nil {
			return nil, err
		}
		s.JSONData = state.saved.Settings
	}
	d := &Datasource{uid: s.UID, settings: settings, clients: map[string]*prometheus.Client{},
		sql: map[string]*sqlsource.Client{}, connErrs: map[string]error{}, state: state}
	base, baseErr := grafanaHTTPOptions(ctx, s)
	dial, dialErr := socksDialer(base)
	if baseErr == nil {
		baseErr = dialErr
	}
	for i, c := range settings.Connections {
		err := settings.idProblem(i)
		if err == nil {
			err = d.connect(c, s.DecryptedSecureJSONData, settings.secretPrefixes(i), grafanaOptions{base, dial, baseErr})
		}
		if err != nil {
			d.connErrs[c.Name] = err
		}
	}
	d.store = catalog.NewStore(catalog.Sources{Inline: settings.Catalog, Path: settings.CatalogPath}, settings.recheck())
	if prev, ok := lastValid.Load(s.UID); ok {
		d.store.Seed(prev.(*catalog.Catalog))
	} else if d.state.saved.Catalog != nil {
		d.store.Seed(d.state.saved.Catalog)
	}
	d.state.jsonData = s.JSONData
	d.remember(d.store.Current())
	d.CallResourceHandler = httpadapter.New(d.routes())
	return d, nil
}

// grafanaHTTPOptions are the HTTP client options Grafana gives the instance:
// the secure socks proxy when jsonData enableSecureSocksProxy is on (for every
// connection of the instance), the TLS versions Grafana enforces, the labels of
// the SDK's metrics. The SDK reads them from the instance's settings
// and from the Grafana configuration in ctx.
func grafanaHTTPOptions(ctx context.Context, s backend.DataSourceInstanceSettings) (opts *httpclient.Options, err error) {
	defer func() {
		// The SDK asserts the types of Grafana's generic HTTP settings in jsonData.
		if r := recover(); r != nil {
			opts, err = nil, fmt.Errorf("%v", r)
		}
	}()
	o, err := s.HTTPClientOptions(ctx)
	if err != nil {
		return nil, err
	}
	return &o, nil
}

// dialFunc opens network connections (to SQL servers).
type dialFunc = func(ctx context.Context, network, addr string) (net.Conn, error)

// socksDialer is the dialer of Grafana's secure socks proxy for the SQL
// connections, nil when the proxy is off for the instance.
func socksDialer(base *httpclient.Options) (dialFunc, error) {
	if base == nil || base.ProxyOptions == nil {
		return nil, nil
	}
	opts := *base.ProxyOptions
	p := proxy.New(&opts)
	if !p.SecureSocksProxyEnabled() {
		return nil, nil
	}
	dialer, err := p.NewSecureSocksProxyContextDialer()
	if err != nil {
		return nil, err
	}
	cd, ok := dialer.(interface {
		DialContext(ctx context.Context, network, addr string) (net.Conn, error)
	})
	if !ok {
		return nil, errors.New("the secure socks proxy dialer cannot dial with a context")
	}
	return cd.DialContext, nil
}

// grafanaOptions are what Grafana gives every connection of the instance: the
// HTTP client options (Prometheus), the secure socks proxy's dialer (SQL), or
// why they are not usable.
type grafanaOptions struct {
	http *httpclient.Options
	dial dialFunc
	err  error
}

// connect makes the client of one connection; its secrets are looked up under
// prefixes (Settings.secretPrefixes).
func (d *Datasource) connect(c ConnectionSettings, secure map[string]string, prefixes []string, g grafanaOptions) error {
	if sqlsource.IsSQLType(c.Type) {
		conn, err := c.SQL()
		if err != nil {
			return fmt.Errorf("connection %q: %v", c.Name, err)
		}
		if g.err != nil {
			return fmt.Errorf("connection %q: Grafana's settings for the data source's connections (secure socks proxy) are not usable: %v", c.Name, g.err)
		}
		conn.Dial = g.dial
		client, err := sqlsource.NewClient(conn, sqlsource.SecretsFor(secure, prefixes...))
		if err != nil {
			return err
		}
		d.sql[c.Name] = client
		return nil
	}
	conn, err := c.Prometheus()
	if err != nil {
		return fmt.Errorf("connection %q: %v", c.Name, err)
	}
	if g.err != nil {
		return fmt.Errorf("connection %q: Grafana's HTTP client settings for the data source (secure socks proxy, TLS) are not usable: %v", c.Name, g.err)
	}
	client, err := prometheus.NewClientWith(conn, prometheus.SecretsFor(conn, secure, prefixes...), g.http)
	if err != nil {
		return err
	}
	d.clients[c.Name] = client
	return nil
}

// Dispose remembers the catalog being served for the instance that replaces
// this one, and closes the SQL pools.
func (d *Datasource) Dispose() {
	if cat := d.store.Current(); cat != nil {
		lastValid.Store(d.uid, cat)
	}
	for _, c := range d.sql {
		_ = c.Close()
	}
}

// catalog returns the catalog being served, or an error that says why there is none.
func (d *Datasource) catalog() (*catalog.Catalog, error) {
	cat := d.store.Current()
	if cat != nil {
		lastValid.Store(d.uid, cat)
		d.remember(cat)
		return cat, nil
	}
	if st := d.store.Status(); st.LastError != nil {
		return nil, fmt.Errorf("no valid catalog is loaded: %w", st.LastError)
	}
	return nil, fmt.Errorf("no valid catalog is loaded")
}

// connectionLanguages maps each connection to the language it answers.
func (d *Datasource) connectionLanguages() map[string]string {
	out := map[string]string{}
	for _, c := range d.settings.Connections {
		out[c.Name] = c.Language()
	}
	return out
}

// connectionNames lists the configured connections.
func (d *Datasource) connectionNames() []string {
	names := make([]string, 0, len(d.settings.Connections))
	for _, c := range d.settings.Connections {
		names = append(names, c.Name)
	}
	sort.Strings(names)
	return names
}

// sources hands out one source per connection for one request, so identical
// upstream calls across the request's queries are made once.
type sources struct {
	d     *Datasource
	mu    sync.Mutex
	m     map[string]source.Source
	slots map[string]chan struct{}
}

func (d *Datasource) newSources() *sources {
	return &sources{d: d, m: map[string]source.Source{}, slots: map[string]chan struct{}{}}
}

// slots is the request's pool of query slots on one connection: every connection
// has MaxConcurrentQueries of its own, so queries stuck on a slow or hung
// connection never hold the slots that queries on other connections need.
func (s *sources) slotsOf(conn string) chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	pool, ok := s.slots[conn]
	if !ok {
		pool = make(chan struct{}, s.d.settings.MaxConcurrentQueries)
		s.slots[conn] = pool
	}
	return pool
}

func (s *sources) get(k *catalog.KPI) (source.Source, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if lang, ok := s.d.connectionLanguages()[k.Source]; ok && lang != k.Query.Language() {
		return nil, source.BadInput("KPI %q has a %s query, but its source %q is a %s connection", k.ID, k.Query.Language(), k.Source, lang)
	}
	if src, ok := s.m[k.Source]; ok {
		return src, nil
	}
	if client, ok := s.d.sql[k.Source]; ok {
		src := sqlsource.NewSource(client)
		s.m[k.Source] = src
		return src, nil
	}
	client, ok := s.d.clients[k.Source]
	if !ok {
		if err, bad := s.d.connErrs[k.Source]; bad {
			return nil, fmt.Errorf("KPI %q uses connection %q, whose settings are invalid: %v", k.ID, k.Source, err)
		}
		return nil, fmt.Errorf("KPI %q uses source %q, which is not a connection of this datasource (connections: %v)", k.ID, k.Source, s.d.connectionNames())
	}
	src := prometheus.NewSource(client)
	s.m[k.Source] = src
	return src, nil
}

// calls is the number of upstream calls the request made.
func (s *sources) calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, src := range s.m {
		n += src.Calls()
	}
	return n
}
