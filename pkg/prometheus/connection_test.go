package prometheus

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	"github.com/grafana/grafana-plugin-sdk-go/backend/proxy"
)

// recordingUpstream answers every PromQL query with 1 and keeps the headers of
// the requests it was sent.
func recordingUpstream(t *testing.T) (string, func() []http.Header) {
	t.Helper()
	var mu sync.Mutex
	var seen []http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Clone())
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"success","data":{"resultType":"scalar","result":[1700000000,"1"]}}`))
	}))
	t.Cleanup(srv.Close)
	return srv.URL, func() []http.Header {
		mu.Lock()
		defer mu.Unlock()
		return append([]http.Header(nil), seen...)
	}
}

func TestCustomHeadersReachTheUpstream(t *testing.T) {
	cases := []struct {
		name    string
		auth    string
		headers []Header
		secure  map[string]string
		want    map[string]string
	}{
		{
			name:    "Mimir tenant",
			headers: []Header{{Name: "X-Scope-OrgID"}},
			secure:  map[string]string{"c1.header.X-Scope-OrgID": "tenant-a"},
			want:    map[string]string{"X-Scope-Orgid": "tenant-a"},
		},
		{
			name:    "tenant next to a bearer token",
			auth:    "bearer",
			headers: []Header{{Name: "X-Scope-OrgID"}},
			secure:  map[string]string{"c1.header.X-Scope-OrgID": "tenant-a|tenant-b", "c1.bearerToken": "tok"},
			want:    map[string]string{"X-Scope-OrgID": "tenant-a|tenant-b", "Authorization": "Bearer tok"},
		},
		{
			name:    "several headers, names as written",
			headers: []Header{{Name: "x-scope-orgid"}, {Name: "X-Api-Key"}},
			secure:  map[string]string{"c1.header.x-scope-orgid": "t1", "c1.header.X-Api-Key": "k"},
			want:    map[string]string{"X-Scope-OrgID": "t1", "X-Api-Key": "k"},
		},
		{
			name:    "a custom Authorization scheme without auth",
			auth:    "none",
			headers: []Header{{Name: "Authorization"}},
			secure:  map[string]string{"c1.header.Authorization": "Token abc"},
			want:    map[string]string{"Authorization": "Token abc"},
		},
		{
			name:    "legacy secrets under the name",
			headers: []Header{{Name: "X-Scope-OrgID"}},
			secure:  map[string]string{"prom.header.X-Scope-OrgID": "old"},
			want:    map[string]string{"X-Scope-OrgID": "old"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			url, seen := recordingUpstream(t)
			conn := Connection{ID: "c1", Name: "prom", URL: url, Auth: tc.auth, Headers: tc.headers, TimeoutSeconds: 5}
			c, err := NewClient(conn, SecretsFor(conn, tc.secure, "c1", "prom"))
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Ping(context.Background()); err != nil {
				t.Fatal(err)
			}
			got := seen()
			if len(got) != 1 {
				t.Fatalf("%d requests", len(got))
			}
			for name, want := range tc.want {
				if v := got[0].Values(name); len(v) != 1 || v[0] != want {
					t.Errorf("%s: got %q, want %q", name, v, want)
				}
			}
		})
	}
}

func TestHeaderNamesAreChecked(t *testing.T) {
	many := make([]Header, MaxHeaders+1)
	for i := range many {
		many[i] = Header{Name: fmt.Sprintf("X-H%d", i)}
	}
	cases := []struct {
		name    string
		auth    string
		headers []Header
		want    string // "" means valid
	}{
		{"tenant", "", []Header{{Name: "X-Scope-OrgID"}}, ""},
		{"Authorization without auth", "none", []Header{{Name: "Authorization"}}, ""},
		{"space", "", []Header{{Name: "X Scope"}}, `"X Scope" is not a valid HTTP header name`},
		{"colon", "", []Header{{Name: "X-Tenant:"}}, "not a valid HTTP header name"},
		{"empty", "", []Header{{Name: ""}}, `"" is not a valid HTTP header name`},
		{"twice", "", []Header{{Name: "X-Scope-OrgID"}, {Name: "x-scope-orgid"}}, "set twice"},
		{"Host", "", []Header{{Name: "host"}}, `"host" is set by the client itself`},
		{"Content-Length", "", []Header{{Name: "Content-Length"}}, "set by the client itself"},
		{"Authorization with bearer", "bearer", []Header{{Name: "Authorization"}}, "with bearer authentication the Authorization header comes from it"},
		{"Authorization with basic", "basic", []Header{{Name: "authorization"}}, "with basic authentication"},
		{"too many", "", many, fmt.Sprintf("at most %d custom headers", MaxHeaders)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := Connection{Name: "prom", URL: "http://prom:9090", Auth: tc.auth, Headers: tc.headers}.Validate()
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func TestHeaderValuesMissingOrUnsafeAreRefusedWithoutShowingThem(t *testing.T) {
	const value = "tenant-secret\r\nX-Injected: 1"
	conn := Connection{ID: "c1", Name: "prom", URL: "http://prom:9090", Headers: []Header{{Name: "X-Scope-OrgID"}}}
	cases := []struct {
		name   string
		secure map[string]string
		want   string
	}{
		{"no value", map[string]string{}, `the header "X-Scope-OrgID" has no value; set it in the connection's settings (secureJsonData "c1.header.X-Scope-OrgID")`},
		{"reset value", map[string]string{"c1.header.X-Scope-OrgID": ""}, "has no value"},
		{"line break", map[string]string{"c1.header.X-Scope-OrgID": value}, "has a line break or another control character"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewClient(conn, SecretsFor(conn, tc.secure))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "tenant-secret") {
				t.Errorf("the header value leaked: %v", err)
			}
		})
	}
}

func TestSecretsForReadsTheIDThenTheName(t *testing.T) {
	conn := Connection{ID: "c1", Name: "prom", Headers: []Header{{Name: "X-Scope-OrgID"}}}
	secure := map[string]string{
		"c1.bearerToken":            "by-id",
		"prom.bearerToken":          "by-name",
		"prom.basicAuthPassword":    "old-password",
		"c1.tlsCACert":              "", // reset under the id: the old one under the name stays unused
		"prom.tlsCACert":            "old-ca",
		"prom.header.X-Scope-OrgID": "old-tenant",
		"other.tlsClientKey":        "not this connection's",
	}
	got := SecretsFor(conn, secure, "c1", "prom")
	want := Secrets{BearerToken: "by-id", BasicAuthPassword: "old-password", Headers: map[string]string{"X-Scope-OrgID": "old-tenant"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	// Without prefixes: the id, or the name of a connection without one.
	if got := SecretsFor(conn, secure); got.BearerToken != "by-id" || got.BasicAuthPassword != "" {
		t.Errorf("by id only: %+v", got)
	}
	if got := SecretsFor(Connection{Name: "prom"}, secure); got.BearerToken != "by-name" {
		t.Errorf("by name: %+v", got)
	}
}

func TestHTTPOptionsKeepGrafanasProxyAndTLSVersionsAndAddTheConnections(t *testing.T) {
	socks := &proxy.Options{
		Enabled: true, DatasourceName: "Northstar KPI", DatasourceType: "northstar-kpi-datasource",
		Auth:      &proxy.AuthOptions{Username: "ds-uid", Password: "pdc"},
		ClientCfg: &proxy.ClientCfg{ProxyAddress: "127.0.0.1:1080", AllowInsecure: true},
	}
	base := &httpclient.Options{
		ProxyOptions: socks,
		Labels:       map[string]string{"datasource_uid": "ds-uid", "datasource_type": "northstar-kpi-datasource"},
		TLS:          &httpclient.TLSOptions{MinVersion: tls.VersionTLS13, MaxVersion: tls.VersionTLS13},
		// Grafana's generic HTTP form at the instance level: not this datasource's.
		BasicAuth: &httpclient.BasicAuthOptions{User: "instance", Password: "instance"},
		Header:    http.Header{"X-Instance": {"1"}},
		Timeouts:  &httpclient.TimeoutOptions{Timeout: time.Hour},
	}
	conn := Connection{ID: "c1", Name: "mimir", URL: "https://mimir:8080/prometheus", Auth: "bearer", TimeoutSeconds: 7,
		Headers: []Header{{Name: "X-Scope-OrgID"}}}
	s := Secrets{BearerToken: "tok", TLSCACert: "-----BEGIN CERTIFICATE-----", Headers: map[string]string{"X-Scope-OrgID": "tenant-a"}}

	opts, err := conn.httpOptions(s, base)
	if err != nil {
		t.Fatal(err)
	}
	if opts.ProxyOptions == nil || !reflect.DeepEqual(*opts.ProxyOptions, *socks) {
		t.Errorf("proxy options %+v, want %+v", opts.ProxyOptions, socks)
	}
	if opts.ProxyOptions == socks {
		t.Error("the proxy options are shared with the instance's, not copied")
	}
	if !reflect.DeepEqual(opts.Labels, base.Labels) {
		t.Errorf("labels %v", opts.Labels)
	}
	if opts.TLS == nil || opts.TLS.MinVersion != tls.VersionTLS13 || opts.TLS.MaxVersion != tls.VersionTLS13 || opts.TLS.CACertificate != s.TLSCACert {
		t.Errorf("TLS %+v", opts.TLS)
	}
	if opts.BasicAuth != nil || opts.Header.Get("X-Instance") != "" {
		t.Errorf("the instance's generic HTTP settings were used: %+v %v", opts.BasicAuth, opts.Header)
	}
	if opts.Timeouts.Timeout != 7*time.Second {
		t.Errorf("timeout %v", opts.Timeouts.Timeout)
	}
	if opts.Header.Get("Authorization") != "Bearer tok" || opts.Header.Get("X-Scope-OrgID") != "tenant-a" {
		t.Errorf("headers %v", opts.Header)
	}

	// Without Grafana's options (tools, tests): no proxy.
	plain, err := conn.httpOptions(s, nil)
	if err != nil || plain.ProxyOptions != nil || plain.TLS.MinVersion != 0 {
		t.Errorf("without a base: %+v %v", plain, err)
	}
}

func TestTLSSwitches(t *testing.T) {
	on, off := true, false
	const ca, cert, key = "CA", "CERT", "KEY"
	cases := []struct {
		name           string
		withCA, client *bool
		skip           bool
		s              Secrets
		wantTLS        *httpclient.TLSOptions
		wantErr        string
	}{
		{name: "nothing", wantTLS: nil},
		{name: "skip verify only", skip: true, wantTLS: &httpclient.TLSOptions{InsecureSkipVerify: true}},
		{name: "before the switches: a saved CA is used", s: Secrets{TLSCACert: ca}, wantTLS: &httpclient.TLSOptions{CACertificate: ca}},
		{name: "CA switched off: the saved CA is not used", withCA: &off, s: Secrets{TLSCACert: ca}, wantTLS: nil},
		{name: "CA switched on", withCA: &on, s: Secrets{TLSCACert: ca}, wantTLS: &httpclient.TLSOptions{CACertificate: ca}},
		{name: "CA switched on but not set", withCA: &on, wantErr: "the CA certificate is switched on but not set"},
		{name: "client auth on", client: &on, s: Secrets{TLSClientCert: cert, TLSClientKey: key}, wantTLS: &httpclient.TLSOptions{ClientCertificate: cert, ClientKey: key}},
		{name: "client auth off", client: &off, s: Secrets{TLSClientCert: cert, TLSClientKey: key}, wantTLS: nil},
		{name: "client auth without a key", client: &on, s: Secrets{TLSClientCert: cert}, wantErr: "client certificate or key is not set"},
		{name: "before the switches: a certificate without its key", s: Secrets{TLSClientCert: cert}, wantErr: "client certificate or key is not set"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			conn := Connection{Name: "prom", URL: "https://prom:9090", TLSSkipVerify: tc.skip, TLSAuthWithCACert: tc.withCA, TLSAuth: tc.client}
			opts, err := conn.httpOptions(tc.s, nil)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(opts.TLS, tc.wantTLS) {
				t.Errorf("TLS %+v, want %+v", opts.TLS, tc.wantTLS)
			}
		})
	}
}
