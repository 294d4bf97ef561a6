package datasource

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"gopkg.in/yaml.v3"

	"github.com/northstar/kpi/pkg/catalog"
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
	if body["valid"] != false || len(problems) != 2 {
		t.Fatalf("want the PromQL problem, then the unknown source (checked even when parsing fails): %v", body)
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

// paymentsSLO adds an SLO KPI (the payments scenario of internal/seed) to testCatalog.
const paymentsSLO = `  - id: payments
    name: Payments success
    owner: team-payments
    direction: higher
    version: "1"
    source: prom
    dimensions: [region]
    query:
      ratio:
        bad: payments_requests_total{job="payments", code="500"}
        total: payments_requests_total{job="payments"}
    slo:
      objective: 0.999
      window: {rolling: 28d}
`

func callResourceRaw(t *testing.T, ds *Datasource, url string) (int, string, []byte) {
	t.Helper()
	var c capture
	path := strings.SplitN(url, "?", 2)[0]
	err := ds.CallResource(context.Background(), &backend.CallResourceRequest{Method: "GET", Path: path, URL: url}, &c)
	if err != nil {
		t.Fatal(err)
	}
	ctype := ""
	if v := c.resp.Headers["Content-Type"]; len(v) > 0 {
		ctype = v[0]
	}
	return c.resp.Status, ctype, c.resp.Body
}

func TestRulesResources(t *testing.T) {
	ds := newDS(t, settingsJSON(t, testCatalog+paymentsSLO, promURL, nil))
	// The SLO's default pairs, and their distinct windows (one burn rate each).
	pairs := catalog.DefaultPairs(28 * 24 * time.Hour)
	windows := map[catalog.Duration]bool{}
	for _, p := range pairs {
		windows[p.Long], windows[p.Short] = true, true
	}

	status, ctype, body := callResourceRaw(t, ds, "rules/prometheus")
	var prom struct {
		Groups []struct {
			Name  string `yaml:"name"`
			Rules []struct {
				Record string            `yaml:"record"`
				Alert  string            `yaml:"alert"`
				Labels map[string]string `yaml:"labels"`
			} `yaml:"rules"`
		} `yaml:"groups"`
	}
	if err := yaml.Unmarshal(body, &prom); status != 200 || ctype != "application/yaml" || err != nil {
		t.Fatalf("rules/prometheus: status %d, %s, %v: %s", status, ctype, err, body)
	}
	if len(prom.Groups) != 1 || prom.Groups[0].Name != "northstar-slo-payments-99.9-28d" || len(prom.Groups[0].Rules) != 4+len(windows)+len(pairs) {
		t.Errorf("rules/prometheus: want one group with 4 window rules, %d burn rates and %d alerts: %s", len(windows), len(pairs), body)
	}

	for url, wantUID := range map[string]string{"rules/grafana": t.Name(), "rules/grafana?datasourceUid=prod-kpi": "prod-kpi"} {
		status, ctype, body = callResourceRaw(t, ds, url)
		var graf struct {
			Groups []struct {
				Rules []struct {
					Data []struct {
						DatasourceUID string         `yaml:"datasourceUid"`
						Model         map[string]any `yaml:"model"`
					} `yaml:"data"`
				} `yaml:"rules"`
			} `yaml:"groups"`
		}
		if err := yaml.Unmarshal(body, &graf); status != 200 || ctype != "application/yaml" || err != nil {
			t.Fatalf("%s: status %d, %s, %v: %s", url, status, ctype, err, body)
		}
		if len(graf.Groups) != 1 || len(graf.Groups[0].Rules) != len(pairs) {
			t.Fatalf("%s: want one group with one rule per pair: %s", url, body)
		}
		a := graf.Groups[0].Rules[0].Data[0]
		if a.DatasourceUID != wantUID || a.Model["kpi"] != "payments" || a.Model["slo"] != "99.9-28d" {
			t.Errorf("%s: query %+v, want datasource %s", url, a, wantUID)
		}
	}

	t.Run("no valid catalog", func(t *testing.T) {
		broken := newDS(t, settingsJSON(t, "apiVersion: nope", promURL, nil))
		if status, _, _ := callResourceRaw(t, broken, "rules/prometheus"); status != 503 {
			t.Errorf("status %d, want 503", status)
		}
	})
}
