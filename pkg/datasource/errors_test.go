package datasource

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/northstar/kpi/pkg/catalog"
)

// upstream fakes the answers a real Prometheus cannot be made to give: errors,
// malformed and truncated bodies, and silence.
func upstream(t *testing.T, handler http.HandlerFunc) string {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	return srv.URL
}

func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

func TestUpstreamFailuresAreThatQuerysErrorOnly(t *testing.T) {
	cases := []struct {
		name    string
		url     func(t *testing.T) string
		timeout int
		want    string
	}{
		{"unreachable", closedPort, 5, "cannot reach connection"},
		{"slow", func(t *testing.T) string {
			return upstream(t, func(w http.ResponseWriter, r *http.Request) {
				select {
				case <-time.After(3 * time.Second):
				case <-r.Context().Done():
				}
			})
		}, 1, "did not answer within the time limit"},
		{"error response", func(t *testing.T) string {
			return upstream(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(422)
				_, _ = w.Write([]byte(`{"status":"error","errorType":"execution","error":"query processing would load too many samples"}`))
			})
		}, 5, "too many samples"},
		{"malformed answer", func(t *testing.T) string {
			return upstream(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(`{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[["x","y"]]}]}}`))
			})
		}, 5, "malformed or truncated answer"},
		{"truncated answer", func(t *testing.T) string {
			return upstream(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(`{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"region":"eu"},"values":[[1700000000,"0.5"],[17000`))
			})
		}, 5, "malformed or truncated answer"},
		{"html instead of json", func(t *testing.T) string {
			return upstream(t, func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(502)
				_, _ = w.Write([]byte(`<html>bad gateway</html>`))
			})
		}, 5, "server error"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// "good" reads the real Prometheus; "broken" reads the failing one.
			jsonData, _ := json.Marshal(map[string]any{
				"catalog": strings.ReplaceAll(testCatalog, "source: prom\n    timezone", "source: broken\n    timezone"),
				"connections": []map[string]any{
					{"name": "prom", "url": promURL},
					{"name": "broken", "url": tc.url(t), "timeoutSeconds": tc.timeout},
				},
			})
			ds := newDS(t, jsonData)
			to := dataset.End
			from := to.Add(-time.Hour)
			resp := run(t, ds,
				query("good", from, to, time.Minute, map[string]any{"kpi": "checkout_success"}),
				query("broken", from, to, time.Minute, map[string]any{"kpi": "api_fast"}),
			)
			if err := resp.Responses["good"].Error; err != nil || len(resp.Responses["good"].Frames) == 0 {
				t.Errorf("the healthy query must still be answered: %v", err)
			}
			broken := resp.Responses["broken"]
			if broken.Error == nil || !strings.Contains(broken.Error.Error(), tc.want) {
				t.Fatalf("want an error containing %q, got %v", tc.want, broken.Error)
			}
			if broken.Status != backend.StatusBadGateway {
				t.Errorf("status: got %v", broken.Status)
			}
		})
	}
}

func TestBadQueriesGetSpecificErrors(t *testing.T) {
	ds := newDS(t, settingsJSON(t, testCatalog, promURL, nil))
	to := dataset.End
	from := to.Add(-time.Hour)
	bad := backend.DataQuery{RefID: "json", JSON: []byte(`{"kpi": 42`), TimeRange: backend.TimeRange{From: from, To: to}}
	resp := run(t, ds,
		query("ok", from, to, time.Minute, map[string]any{"kpi": "orders", "measures": []string{"value"}}),
		query("unknown", from, to, time.Minute, map[string]any{"kpi": "no_such_kpi"}),
		query("none", from, to, time.Minute, map[string]any{}),
		query("measure", from, to, time.Minute, map[string]any{"kpi": "orders", "measures": []string{"p99"}}),
		query("range", to, from, time.Minute, map[string]any{"kpi": "orders"}),
		bad,
	)
	if r := resp.Responses["ok"]; r.Error != nil || len(r.Frames) != 2 {
		t.Errorf("ok: %v, %d frames", r.Error, len(r.Frames))
	}
	want := map[string]string{
		"unknown": `unknown KPI "no_such_kpi"`,
		"none":    "names no KPI",
		"measure": `unknown measure "p99"`,
		"range":   "time range is empty",
		"json":    "not valid JSON",
	}
	for ref, msg := range want {
		r := resp.Responses[ref]
		if r.Error == nil || !strings.Contains(r.Error.Error(), msg) || r.Status != backend.StatusBadRequest {
			t.Errorf("%s: want a bad-request error containing %q, got %v %v", ref, msg, r.Status, r.Error)
		}
	}
}

func TestKPIOnUnknownConnection(t *testing.T) {
	cat := strings.Replace(testCatalog, "source: prom\n    dimensions: [region]\n    query:\n      ratio", "source: elsewhere\n    dimensions: [region]\n    query:\n      ratio", 1)
	ds := newDS(t, settingsJSON(t, cat, promURL, nil))
	resp := run(t, ds, query("A", dataset.End.Add(-time.Hour), dataset.End, time.Minute, map[string]any{"kpi": "checkout_success"}))
	if err := resp.Responses["A"].Error; err == nil || !strings.Contains(err.Error(), `source "elsewhere", which is not a connection`) {
		t.Errorf("got %v", err)
	}
}

func TestSecretsNeverAppearInErrorsOrFrames(t *testing.T) {
	const secret = "s3cr3t-token-value"
	jsonData, _ := json.Marshal(map[string]any{
		"catalog":     testCatalog,
		"connections": []map[string]any{{"name": "prom", "url": closedPort(t), "auth": "bearer"}},
	})
	inst, err := New(context.Background(), backend.DataSourceInstanceSettings{UID: t.Name(), JSONData: jsonData,
		DecryptedSecureJSONData: map[string]string{"prom.bearerToken": secret}})
	if err != nil {
		t.Fatal(err)
	}
	ds := inst.(*Datasource)
	resp := run(t, ds, query("A", dataset.End.Add(-time.Hour), dataset.End, time.Minute, map[string]any{"kpi": "orders"}))
	health, _ := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	out, _ := json.Marshal(resp)
	if strings.Contains(string(out), secret) || strings.Contains(resp.Responses["A"].Error.Error(), secret) || strings.Contains(healthText(t, health), secret) {
		t.Fatal("the bearer token leaked")
	}
}

func TestBearerTokenIsSent(t *testing.T) {
	got := make(chan string, 4)
	url := upstream(t, func(w http.ResponseWriter, r *http.Request) {
		got <- r.Header.Get("Authorization")
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"success","data":{"resultType":"scalar","result":[1700000000,"1"]}}`))
	})
	jsonData, _ := json.Marshal(map[string]any{"catalog": testCatalog, "connections": []map[string]any{{"name": "prom", "url": url, "auth": "bearer"}}})
	inst, _ := New(context.Background(), backend.DataSourceInstanceSettings{UID: t.Name(), JSONData: jsonData,
		DecryptedSecureJSONData: map[string]string{"prom.bearerToken": "tok"}})
	res, _ := inst.(*Datasource).CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if h := <-got; h != "Bearer tok" {
		t.Errorf("Authorization header %q (health: %s)", h, res.Message)
	}
}

func TestHealthCheck(t *testing.T) {
	jsonData, _ := json.Marshal(map[string]any{
		"catalog": testCatalog,
		"connections": []map[string]any{
			{"name": "prom", "url": promURL},
			{"name": "down", "url": closedPort(t)},
			{"name": "odd", "url": "ftp://x"},
		},
	})
	ds := newDS(t, jsonData)
	res, err := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Catalog: OK, 3 KPIs loaded.", `Connection "prom": OK`, `Connection "down": cannot reach`, `Connection "odd": invalid settings`} {
		if !strings.Contains(healthText(t, res), want) {
			t.Errorf("health message lacks %q:\n%s", want, healthText(t, res))
		}
	}
	if res.Status != backend.HealthStatusError {
		t.Errorf("status %v", res.Status)
	}
	good := newDS(t, settingsJSON(t, testCatalog, promURL, nil))
	if res, _ := good.CheckHealth(context.Background(), &backend.CheckHealthRequest{}); res.Status != backend.HealthStatusOk {
		t.Errorf("healthy datasource: %v %s", res.Status, res.Message)
	}
}

func TestInvalidCatalogFileKeepsServingTheLastValidOne(t *testing.T) {
	path := filepath.Join(t.TempDir(), "catalog.yaml")
	if err := os.WriteFile(path, []byte(testCatalog), 0o600); err != nil {
		t.Fatal(err)
	}
	ds := newDS(t, settingsJSON(t, "", promURL, map[string]any{"catalogPath": path}))
	// Check the file on every use instead of every few seconds.
	ds.store = catalog.NewStore(catalog.Sources{Path: path}, 0)
	broken := strings.Replace(testCatalog, "id: orders", "id: Orders!", 1)
	wantWhere := fmt.Sprintf("kpis[2].id (line %d)", strings.Count(broken[:strings.Index(broken, "Orders!")], "\n")+1)
	if err := os.WriteFile(path, []byte(broken+"\n# changed\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	resp := run(t, ds, query("A", dataset.End.Add(-time.Hour), dataset.End, time.Minute, map[string]any{"kpi": "orders", "measures": []string{"value"}}))
	if err := resp.Responses["A"].Error; err != nil {
		t.Fatalf("the last valid catalog must keep serving: %v", err)
	}
	res, _ := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if res.Status != backend.HealthStatusError || !strings.Contains(healthText(t, res), "still serving the last valid one (3 KPIs)") || !strings.Contains(healthText(t, res), wantWhere) {
		t.Errorf("health must report the broken file:\n%s", healthText(t, res))
	}
	// A settings change that breaks the inline catalog keeps the old one too.
	ds.Dispose()
	inst, err := New(context.Background(), backend.DataSourceInstanceSettings{UID: ds.uid, JSONData: settingsJSON(t, "apiVersion: nope", promURL, nil)})
	if err != nil {
		t.Fatal(err)
	}
	next := inst.(*Datasource)
	resp = run(t, next, query("A", dataset.End.Add(-time.Hour), dataset.End, time.Minute, map[string]any{"kpi": "orders", "measures": []string{"value"}}))
	if err := resp.Responses["A"].Error; err != nil {
		t.Fatalf("after a bad settings change: %v", err)
	}
}
