package datasource

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/proxy"
)

// testMariaDB is the local MariaDB (root, no password, database test).
const testMariaDB = "127.0.0.1:3306"

// headerUpstream answers PromQL with 1 and sends the headers of every request
// it is sent to got.
func headerUpstream(t *testing.T, got chan<- http.Header) string {
	return upstream(t, func(w http.ResponseWriter, r *http.Request) {
		got <- r.Header.Clone()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"success","data":{"resultType":"scalar","result":[1700000000,"1"]}}`))
	})
}

func connectionsDS(t *testing.T, ctx context.Context, connections []map[string]any, secure map[string]string, extra map[string]any) *Datasource {
	t.Helper()
	settings := map[string]any{"catalog": testCatalog, "connections": connections}
	for k, v := range extra {
		settings[k] = v
	}
	jsonData, err := json.Marshal(settings)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := New(ctx, backend.DataSourceInstanceSettings{UID: "kpi-uid", Name: "Northstar KPI", Type: "northstar-kpi-datasource",
		JSONData: jsonData, DecryptedSecureJSONData: secure})
	if err != nil {
		t.Fatal(err)
	}
	return inst.(*Datasource)
}

// TestConnectionSecretsFollowTheID: secrets are keyed by the connection's id,
// so renaming a connection keeps them; connections without an id, and secrets
// saved under the name before the connection got its id, still work.
func TestConnectionSecretsFollowTheID(t *testing.T) {
	cases := []struct {
		name   string
		conn   map[string]any
		secure map[string]string
		want   http.Header
	}{
		{
			name:   "renamed: the secrets stay under the id",
			conn:   map[string]any{"id": "c7f3k2", "name": "renamed", "auth": "bearer", "headers": []map[string]any{{"name": "X-Scope-OrgID"}}},
			secure: map[string]string{"c7f3k2.bearerToken": "tok", "c7f3k2.header.X-Scope-OrgID": "tenant-a"},
			want:   http.Header{"Authorization": {"Bearer tok"}, "X-Scope-Orgid": {"tenant-a"}},
		},
		{
			name:   "no id (provisioned before ids): keyed by the name",
			conn:   map[string]any{"name": "prom", "auth": "bearer", "headers": []map[string]any{{"name": "X-Scope-OrgID"}}},
			secure: map[string]string{"prom.bearerToken": "tok", "prom.header.X-Scope-OrgID": "tenant-a"},
			want:   http.Header{"Authorization": {"Bearer tok"}, "X-Scope-Orgid": {"tenant-a"}},
		},
		{
			name:   "given an id later: the secrets saved under the name are still read",
			conn:   map[string]any{"id": "c7f3k2", "name": "prom", "auth": "basic", "basicAuthUser": "kpi"},
			secure: map[string]string{"prom.basicAuthPassword": "pw"},
			want:   http.Header{"Authorization": {"Basic a3BpOnB3"}},
		},
		{
			name:   "the id wins over the name",
			conn:   map[string]any{"id": "c7f3k2", "name": "prom", "auth": "bearer"},
			secure: map[string]string{"prom.bearerToken": "old", "c7f3k2.bearerToken": "new"},
			want:   http.Header{"Authorization": {"Bearer new"}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := make(chan http.Header, 4)
			tc.conn["url"] = headerUpstream(t, got)
			ds := connectionsDS(t, context.Background(), []map[string]any{tc.conn}, tc.secure, nil)
			res, _ := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
			if len(got) == 0 {
				t.Fatalf("no request reached the upstream: %s", healthText(t, res))
			}
			h := <-got
			for name, want := range tc.want {
				if !reflect.DeepEqual(h.Values(name), want) {
					t.Errorf("%s: %q, want %q", name, h.Values(name), want)
				}
			}
		})
	}
}

// A secret saved under a name that is now another connection's id is that
// connection's: it is not read as a fallback.
func TestNameFallbackNeverReadsAnotherConnectionsSecrets(t *testing.T) {
	got := make(chan http.Header, 8)
	url := headerUpstream(t, got)
	ds := connectionsDS(t, context.Background(), []map[string]any{
		// "prom" renamed "main" in the editor: its id stayed "prom".
		{"id": "prom", "name": "main", "url": url, "auth": "bearer"},
		// A new connection named "prom", whose token is not set yet.
		{"id": "n3w1d", "name": "prom", "url": url, "auth": "bearer"},
	}, map[string]string{"prom.bearerToken": "main's token"}, nil)
	ctx := context.Background()
	if err := ds.clients["prom"].Ping(ctx); err != nil {
		t.Fatal(err)
	}
	if h := <-got; strings.Contains(h.Get("Authorization"), "main") {
		t.Errorf("the new connection sent the other's token: %q", h.Get("Authorization"))
	}
	if err := ds.clients["main"].Ping(ctx); err != nil {
		t.Fatal(err)
	}
	if h := <-got; h.Get("Authorization") != "Bearer main's token" {
		t.Errorf("the renamed connection sent %q", h.Get("Authorization"))
	}
}

func TestConnectionIDsAreCheckedAndUnique(t *testing.T) {
	ds := connectionsDS(t, context.Background(), []map[string]any{
		{"name": "prom", "url": "http://127.0.0.1:1"},
		{"id": "prom", "name": "other", "url": "http://127.0.0.1:1"},
		{"id": "a.b", "name": "dotted", "url": "http://127.0.0.1:1"},
		{"id": "w1", "name": "warehouse", "type": "postgres", "host": "db", "database": "kpis"},
		{"id": "w1", "name": "shop", "type": "postgres", "host": "db", "database": "shop"},
	}, nil, nil)
	want := map[string]string{
		"other":  `its id "prom" is already that of connection "prom"`,
		"dotted": `the id "a.b" must be 1 to 64 letters, digits, "-" and "_"`,
		"shop":   `its id "w1" is already that of connection "warehouse"`,
	}
	for name, msg := range want {
		if err := ds.connErrs[name]; err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%s: %v, want %q", name, err, msg)
		}
	}
	for _, name := range []string{"prom", "warehouse"} {
		if err := ds.connErrs[name]; err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// SQL connections read their secrets by id too. An unusable CA certificate
// shows which secret was read: the client refuses it when it is built.
func TestSQLSecretsFollowTheID(t *testing.T) {
	pg := func(id, name string) map[string]any {
		c := map[string]any{"name": name, "type": "postgres", "host": "db.example.com", "database": "kpis", "tlsMode": "verify-ca"}
		if id != "" {
			c["id"] = id
		}
		return c
	}
	cases := []struct {
		name    string
		conn    map[string]any
		secure  map[string]string
		wantBad bool
	}{
		{"renamed, keyed by the id", pg("w1", "dwh"), map[string]string{"w1.tlsCACert": "not PEM"}, true},
		{"no id, keyed by the name", pg("", "warehouse"), map[string]string{"warehouse.tlsCACert": "not PEM"}, true},
		{"given an id later, under the name", pg("w1", "warehouse"), map[string]string{"warehouse.tlsCACert": "not PEM"}, true},
		{"another connection's secret", pg("w1", "dwh"), map[string]string{"warehouse.tlsCACert": "not PEM"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ds := connectionsDS(t, context.Background(), []map[string]any{tc.conn}, tc.secure, nil)
			err := ds.connErrs[tc.conn["name"].(string)]
			if bad := err != nil && strings.Contains(err.Error(), "the TLS CA certificate is not valid PEM"); bad != tc.wantBad {
				t.Errorf("read the CA: %v, want %v (%v)", bad, tc.wantBad, err)
			}
		})
	}
}

func TestHeaderProblemsShowInTheHealthCheckWithoutValues(t *testing.T) {
	ds := connectionsDS(t, context.Background(), []map[string]any{
		{"id": "c1", "name": "missing", "url": "http://127.0.0.1:1", "headers": []map[string]any{{"name": "X-Scope-OrgID"}}},
		{"id": "c2", "name": "unsafe", "url": "http://127.0.0.1:1", "headers": []map[string]any{{"name": "X-Scope-OrgID"}}},
		{"id": "c3", "name": "clash", "url": "http://127.0.0.1:1", "auth": "bearer", "headers": []map[string]any{{"name": "Authorization"}}},
	}, map[string]string{"c2.header.X-Scope-OrgID": "tenant-secret\nX-Evil: 1", "c3.header.Authorization": "tenant-secret"}, nil)
	res, _ := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	text := healthText(t, res)
	for _, want := range []string{
		`Connection "missing": invalid settings: connection "missing": the header "X-Scope-OrgID" has no value; set it in the connection's settings (secureJsonData "c1.header.X-Scope-OrgID")`,
		`Connection "unsafe": invalid settings: connection "unsafe": the value of the header "X-Scope-OrgID" has a line break`,
		`Connection "clash": invalid settings: connection "clash": with bearer authentication the Authorization header comes from it`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("health lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "tenant-secret") {
		t.Errorf("a header value leaked:\n%s", text)
	}
}

// socksServer is a SOCKS5 proxy (username/password authentication, CONNECT
// only) that records who connected where, as Grafana's secure socks proxy sees it.
type socksServer struct {
	addr  string
	mu    sync.Mutex
	users []string
	dests []string
}

func newSocksServer(t *testing.T) *socksServer {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	s := &socksServer{addr: l.Addr().String()}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *socksServer) serve(c net.Conn) {
	defer c.Close()
	read := func(n int) []byte {
		b := make([]byte, n)
		if _, err := io.ReadFull(c, b); err != nil {
			return nil
		}
		return b
	}
	hello := read(2)
	if hello == nil || hello[0] != 5 || read(int(hello[1])) == nil {
		return
	}
	_, _ = c.Write([]byte{5, 2}) // username/password
	auth := read(2)
	if auth == nil {
		return
	}
	user := read(int(auth[1]))
	plen := read(1)
	if user == nil || plen == nil || read(int(plen[0])) == nil {
		return
	}
	_, _ = c.Write([]byte{1, 0})
	req := read(4)
	if req == nil || req[1] != 1 {
		return
	}
	var host string
	switch req[3] {
	case 1:
		host = net.IP(read(4)).String()
	case 3:
		n := read(1)
		host = string(read(int(n[0])))
	case 4:
		host = net.IP(read(16)).String()
	}
	port := binary.BigEndian.Uint16(read(2))
	dest := net.JoinHostPort(host, strconv.Itoa(int(port)))
	s.mu.Lock()
	s.users, s.dests = append(s.users, string(user)), append(s.dests, dest)
	s.mu.Unlock()
	up, err := net.Dial("tcp", dest)
	if err != nil {
		_, _ = c.Write([]byte{5, 5, 0, 1, 0, 0, 0, 0, 0, 0})
		return
	}
	defer up.Close()
	_, _ = c.Write([]byte{5, 0, 0, 1, 0, 0, 0, 0, 0, 0})
	go func() { _, _ = io.Copy(up, c) }()
	_, _ = io.Copy(c, up)
}

func (s *socksServer) seen() (users, dests []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.users...), append([]string(nil), s.dests...)
}

// grafanaWithSocks is the context Grafana gives the plugin when its secure
// socks proxy is on (plain SOCKS here: allow_insecure).
func grafanaWithSocks(addr string) context.Context {
	return backend.WithGrafanaConfig(context.Background(), backend.NewGrafanaCfg(map[string]string{
		proxy.PluginSecureSocksProxyEnabled:       "true",
		proxy.PluginSecureSocksProxyProxyAddress:  addr,
		proxy.PluginSecureSocksProxyAllowInsecure: "true",
	}))
}

func TestGrafanaHTTPOptionsCarryTheSecureSocksProxy(t *testing.T) {
	settings := func(jsonData string) backend.DataSourceInstanceSettings {
		return backend.DataSourceInstanceSettings{UID: "kpi-uid", Name: "Northstar KPI", Type: "northstar-kpi-datasource",
			JSONData: json.RawMessage(jsonData), DecryptedSecureJSONData: map[string]string{"secureSocksProxyPassword": "pdc"}}
	}
	opts, err := grafanaHTTPOptions(grafanaWithSocks("127.0.0.1:1080"), settings(`{"enableSecureSocksProxy": true}`))
	if err != nil {
		t.Fatal(err)
	}
	p := opts.ProxyOptions
	if p == nil || !p.Enabled || p.ClientCfg == nil || p.ClientCfg.ProxyAddress != "127.0.0.1:1080" ||
		p.Auth == nil || p.Auth.Username != "kpi-uid" || p.Auth.Password != "pdc" || p.DatasourceName != "Northstar KPI" {
		t.Errorf("proxy options %+v", p)
	}
	if opts.Labels["datasource_uid"] != "kpi-uid" {
		t.Errorf("labels %v", opts.Labels)
	}
	for _, off := range []string{`{}`, `{"enableSecureSocksProxy": false}`} {
		if opts, err := grafanaHTTPOptions(grafanaWithSocks("127.0.0.1:1080"), settings(off)); err != nil || opts.ProxyOptions != nil {
			t.Errorf("%s: proxy options %+v %v", off, opts.ProxyOptions, err)
		}
	}
	// Grafana's generic HTTP settings of the wrong type make the SDK panic: an error instead.
	if _, err := grafanaHTTPOptions(context.Background(), settings(`{"url": 5}`)); err == nil {
		t.Error("no error for a malformed url")
	}
}

// With enableSecureSocksProxy on, every connection of the instance, Prometheus
// and SQL, goes through Grafana's secure socks proxy as the datasource's user.
func TestSecureSocksProxyCarriesEveryConnection(t *testing.T) {
	for _, enabled := range []bool{true, false} {
		t.Run("enableSecureSocksProxy="+strconv.FormatBool(enabled), func(t *testing.T) {
			socks := newSocksServer(t)
			got := make(chan http.Header, 8)
			a, b := headerUpstream(t, got), headerUpstream(t, got)
			ds := connectionsDS(t, grafanaWithSocks(socks.addr), []map[string]any{
				{"id": "a1", "name": "a", "url": a}, {"id": "b1", "name": "b", "url": b},
				{"id": "p1", "name": "pg", "type": "postgres", "host": testPostgres, "database": "test", "user": "postgres"},
				{"id": "m1", "name": "maria", "type": "mysql", "host": testMariaDB, "database": "test", "user": "root"},
			}, nil, map[string]any{"enableSecureSocksProxy": enabled})
			res, _ := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
			for _, want := range []string{`Connection "a": OK, answers PromQL.`, `Connection "b": OK, answers PromQL.`, `Connection "pg": OK, connected`, `Connection "maria": OK, connected`} {
				if !strings.Contains(healthText(t, res), want) {
					t.Errorf("health lacks %q:\n%s", want, healthText(t, res))
				}
			}
			users, dests := socks.seen()
			if !enabled {
				if len(dests) != 0 {
					t.Errorf("the proxy was used: %v", dests)
				}
				return
			}
			want := []string{strings.TrimPrefix(a, "http://"), strings.TrimPrefix(b, "http://"), testPostgres, testMariaDB}
			sort.Strings(want)
			sort.Strings(dests)
			if !reflect.DeepEqual(dests, want) {
				t.Errorf("through the proxy: %v, want %v", dests, want)
			}
			for _, u := range users {
				if u != "kpi-uid" {
					t.Errorf("proxy user %q, want the datasource's uid", u)
				}
			}
		})
	}
}
