package datasource

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

type capture struct{ resp *backend.CallResourceResponse }

func (c *capture) Send(r *backend.CallResourceResponse) error {
	c.resp = r
	return nil
}

func callResource(t *testing.T, ds *Datasource, method, url, body string) (int, map[string]any) {
	t.Helper()
	var c capture
	path := strings.SplitN(url, "?", 2)[0]
	err := ds.CallResource(context.Background(), &backend.CallResourceRequest{Method: method, Path: path, URL: url, Body: []byte(body)}, &c)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(c.resp.Body, &out); err != nil {
		t.Fatalf("%s %s: %v: %s", method, url, err, c.resp.Body)
	}
	return c.resp.Status, out
}

func TestListKPIsFilters(t *testing.T) {
	ds := newDS(t, settingsJSON(t, testCatalog, promURL, nil))
	cases := map[string]int{"kpis": 3, "kpis?category=commerce": 2, "kpis?owner=team-api": 1, "kpis?tag=checkout": 1, "kpis?tag=nope": 0}
	for url, want := range cases {
		status, body := callResource(t, ds, "GET", url, "")
		if status != 200 || len(body["kpis"].([]any)) != want {
			t.Errorf("%s: status %d, %v", url, status, body)
		}
	}
}

func TestKPIPreviewShowsGeneratedPromQL(t *testing.T) {
	ds := newDS(t, settingsJSON(t, testCatalog, promURL, nil))
	// One day ending 2026-11-20, hourly steps.
	status, body := callResource(t, ds, "GET", "kpis/checkout_success?from=1795478400000&to=1795564800000&step=3600000", "")
	if status != 200 {
		t.Fatalf("status %d: %v", status, body)
	}
	promql := body["promql"].(map[string]any)
	wantSeries := `1 - ((sum by (region) (rate(http_requests_total{code=~"5..",job="checkout"}[1h])) or 0 * sum by (region) (rate(http_requests_total{job="checkout"}[1h]))) / sum by (region) (rate(http_requests_total{job="checkout"}[1h])))`
	if promql["series"] != wantSeries {
		t.Errorf("series:\n got %s\nwant %s", promql["series"], wantSeries)
	}
	if !strings.Contains(promql["value"].(string), "[1d]") || !strings.Contains(promql["previous"].(string), "[1d]") {
		t.Errorf("value/previous should cover the whole day: %v", promql)
	}
	if status, _ := callResource(t, ds, "GET", "kpis/nope", ""); status != 404 {
		t.Errorf("unknown KPI: status %d", status)
	}
	if status, _ := callResource(t, ds, "GET", "kpis/orders?from=abc", ""); status != 400 {
		t.Errorf("bad from: status %d", status)
	}
}

func TestValidateResource(t *testing.T) {
	ds := newDS(t, settingsJSON(t, testCatalog, promURL, nil))
	status, body := callResource(t, ds, "POST", "validate", testCatalog)
	if status != 200 || body["valid"] != true {
		t.Errorf("valid catalog: %v", body)
	}
	broken := strings.Replace(testCatalog, "source: prom\n    dimensions: [region]\n    aggregation", "source: other\n    dimensions: [region]\n    aggregation", 1)
	broken = strings.Replace(broken, `total: http_requests_total{job="checkout"}`, `total: http_requests_total{job="checkout"`, 1)
	_, body = callResource(t, ds, "POST", "validate", broken)
	problems := body["problems"].([]any)
	if body["valid"] != false || len(problems) != 1 {
		t.Fatalf("want exactly the PromQL problem (sources are checked once parsing succeeds): %v", body)
	}
	p := problems[0].(map[string]any)
	if p["path"] != "kpis[0].query.ratio.total" || p["line"].(float64) < 1 {
		t.Errorf("problem: %v", p)
	}
	_, body = callResource(t, ds, "POST", "validate", strings.Replace(testCatalog, "source: prom\n    dimensions: [region]\n    aggregation", "source: other\n    dimensions: [region]\n    aggregation", 1))
	if body["valid"] != false || !strings.Contains(body["problems"].([]any)[0].(map[string]any)["message"].(string), `"other" is not a connection`) {
		t.Errorf("unknown source: %v", body)
	}
}
