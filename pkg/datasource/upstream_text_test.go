package datasource

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// echoing is an upstream that fails every call with status and a body made from
// the request's Authorization header, as a misconfigured proxy or a verbose
// gateway does.
func echoing(status int, body func(auth string) string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = fmt.Fprint(w, body(r.Header.Get("Authorization")))
	}))
}

// TestUpstreamErrorTextIsShownWithoutSecrets: the upstream's own words reach
// the query error and the health check (a 503's "too many concurrent
// queries", not just "server error: 503"), and any configured secret they
// echo, plain or base64, is redacted first.
func TestUpstreamErrorTextIsShownWithoutSecrets(t *testing.T) {
	const token, user, password = "tok-9f8e7d6c5b4a", "grafana", "pa55-w0rd-xyz"
	basic := base64.StdEncoding.EncodeToString([]byte(user + ":" + password))
	jsonErr := func(msg string) string {
		b, _ := json.Marshal(map[string]string{"status": "error", "errorType": "bad_data", "error": msg})
		return string(b)
	}
	cases := []struct {
		name   string
		status int
		body   func(auth string) string
		conn   map[string]any
		secure map[string]string
		want   string // the upstream's words that must be shown
	}{
		{"503 with a Prometheus body", http.StatusServiceUnavailable, func(string) string { return jsonErr("too many concurrent queries, try again later") },
			map[string]any{"auth": "none"}, nil, "too many concurrent queries, try again later"},
		{"400 echoing a bearer token", http.StatusBadRequest, func(a string) string { return jsonErr("invalid header " + a) },
			map[string]any{"auth": "bearer"}, map[string]string{"prom.bearerToken": token}, "invalid header Bearer [redacted]"},
		{"422 echoing basic auth", http.StatusUnprocessableEntity, func(a string) string { return jsonErr("rejected " + a + " for " + password) },
			map[string]any{"auth": "basic", "basicAuthUser": user}, map[string]string{"prom.basicAuthPassword": password}, "rejected Basic [redacted] for [redacted]"},
		{"502 plain text echoing a header", http.StatusBadGateway, func(a string) string { return "upstream said: " + a },
			map[string]any{"auth": "bearer"}, map[string]string{"prom.bearerToken": token}, "upstream said: Bearer [redacted]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := echoing(c.status, c.body)
			defer srv.Close()
			conn := map[string]any{"name": "prom", "type": "prometheus", "url": srv.URL, "timeoutSeconds": 5}
			for k, v := range c.conn {
				conn[k] = v
			}
			jsonData, _ := json.Marshal(map[string]any{"catalog": testCatalog, "connections": []any{conn}})
			inst, err := New(context.Background(), backend.DataSourceInstanceSettings{UID: t.Name(), JSONData: jsonData, DecryptedSecureJSONData: c.secure})
			if err != nil {
				t.Fatal(err)
			}
			ds := inst.(*Datasource)
			to := time.Unix(1795132800, 0)
			r := run(t, ds, query("A", to.Add(-time.Hour), to, time.Minute, map[string]any{"kpi": "orders", "measures": []string{"value"}})).Responses["A"]
			health, _ := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
			for what, text := range map[string]string{"query error": fmt.Sprint(r.Error), "health check": healthText(t, health)} {
				if !strings.Contains(text, c.want) {
					t.Errorf("%s does not say %q:\n%s", what, c.want, text)
				}
				for _, secret := range []string{token, password, basic} {
					if strings.Contains(text, secret) {
						t.Errorf("%s shows a secret:\n%s", what, text)
					}
				}
			}
		})
	}
}
